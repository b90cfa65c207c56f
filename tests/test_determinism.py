"""Same data + same code = same model, bit for bit, whatever the process's string-hash seed.

Python randomises ``str`` hashes per process (``PYTHONHASHSEED``), so a set of words iterates
in a different order in each process. A floating-point sum taken in that order differs in its
last bits from one process to the next; those bits moved the stance model's tree splits, and
two identical fits in two processes gave different FNC-1 dev figures. These tests compute the
stance and agreement pair features, and fit a small stance model, in subprocesses with
different hash seeds and compare the bytes. (An in-process test cannot see this: one process
has one seed.)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

#: Hash seeds of the subprocesses; three make an order-dependent sum very likely to show.
HASH_SEEDS = ("1", "2", "3")

# Our own short news texts (invented events), each a topic: an evidence paragraph, then a
# claim it supports, one it refutes, one it discusses and one it leaves unrelated.
TOPICS = [
    (
        "The regional water authority confirmed on Tuesday that the Harlow reservoir dam "
        "passed its annual structural inspection. Engineers measured seepage of 14 litres "
        "per second, well below the safety threshold of 40 litres. The authority said repairs "
        "to the spillway gates would begin in spring and cost about 2.3 million euros. Local "
        "officials had reportedly feared closures of the lakeside road during the works.",
        [
            ("Harlow reservoir dam passes annual structural inspection", "agree"),
            ("Harlow dam fails inspection, seepage above safety threshold", "disagree"),
            ("Officials reportedly fear road closures near Harlow reservoir", "discuss"),
            ("Orchestra cancels winter concert series after funding cut", "unrelated"),
        ],
    ),
    (
        "Customs officers at the port of Veltmark seized 300 kilograms of counterfeit "
        "medicine hidden in a shipment of garden furniture, the finance ministry said. The "
        "pills, labelled as blood pressure tablets, contained no active ingredient according "
        "to laboratory tests. Two freight agents were arrested and later released on bail. "
        "The ministry denied reports that the shipment had been cleared by an inspector.",
        [
            ("Customs seize counterfeit medicine hidden in garden furniture at Veltmark", "agree"),
            ("Inspector cleared the counterfeit medicine shipment at Veltmark port", "disagree"),
            ("Freight agents arrested over Veltmark shipment, ministry says", "discuss"),
            ("Harlow reservoir spillway gates to be repaired in spring", "unrelated"),
        ],
    ),
    (
        "A fire at the Brenner textile mill destroyed two warehouses overnight but caused no "
        "injuries, the fire brigade said. Forty firefighters fought the blaze for six hours. "
        "The cause is not yet known; investigators said it was too early to rule out arson. "
        "The company said production would resume next week at its second plant in Osterfeld.",
        [
            ("Fire destroys two warehouses at Brenner textile mill, no injuries", "agree"),
            ("Several workers injured as fire destroys Brenner mill", "disagree"),
            ("Investigators say arson not ruled out in Brenner mill fire", "discuss"),
            ("Customs officers release freight agents on bail", "unrelated"),
        ],
    ),
    (
        "The city council of Marrow voted 23 to 8 to extend the tram line to the university "
        "campus, a project estimated at 118 million euros. Construction is planned to start "
        "in 2027 and to last three years. Opponents argued that buses would serve the campus "
        "at a fraction of the cost, and a petition against the extension gathered 4,000 "
        "signatures. The mayor said the vote settled the question.",
        [
            ("Marrow council votes to extend tram line to university campus", "agree"),
            ("Marrow council rejects tram extension to the campus", "disagree"),
            ("Petition against Marrow tram extension gathers signatures", "discuss"),
            ("Brenner mill production to resume at Osterfeld plant", "unrelated"),
        ],
    ),
]


def _rows() -> tuple[list[str], list[str], list[str], list[str]]:
    """Every claim against every evidence: its own topic's label, else ``unrelated``."""
    claims, evidences, labels, groups = [], [], [], []
    for e, (evidence, _) in enumerate(TOPICS):
        for t, (_, topic_claims) in enumerate(TOPICS):
            for claim, label in topic_claims:
                claims.append(claim)
                evidences.append(evidence)
                labels.append(label if t == e else "unrelated")
                groups.append(str(e))
    return claims, evidences, labels, groups


# Run in a fresh interpreter: prints the SHA-256 of each computed array's bytes.
_SCRIPT = """
import hashlib, json, sys
import numpy as np
from credence.models.agreement import load_agreement
from credence.models.persistence import default_model_dir
from credence.models.stance import StanceModel
from credence.models.stance_training import load_stance

claims, evidences, labels, groups = json.loads(sys.stdin.read())

def digest(array):
    return hashlib.sha256(np.ascontiguousarray(array, dtype=np.float64).tobytes()).hexdigest()

stance = load_stance(default_model_dir("stance"))
agreement = load_agreement(default_model_dir("agreement"))
small = StanceModel(max_iter=20, calibration_folds=2, extractors=())
small.fit(claims, evidences, labels, groups=groups)
print(json.dumps({
    "stance_features": digest(stance._features(claims, evidences)),
    "agreement_features": digest(agreement.featurizer_.transform(claims, evidences)),
    "small_stance_fit": digest(small.predict_proba(claims, evidences)),
}))
"""


@pytest.fixture(scope="module")
def digests_by_seed() -> dict[str, dict[str, str]]:
    payload = json.dumps(_rows())
    results = {}
    for seed in HASH_SEEDS:
        env = {**os.environ, "PYTHONHASHSEED": seed, "OMP_NUM_THREADS": "1"}
        done = subprocess.run(
            [sys.executable, "-c", _SCRIPT],
            input=payload,
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        results[seed] = json.loads(done.stdout.strip().splitlines()[-1])
    return results


@pytest.mark.parametrize("what", ["stance_features", "agreement_features", "small_stance_fit"])
def test_determinism_identical_bytes_across_hash_seeds(digests_by_seed, what):
    by_seed = {seed: digests[what] for seed, digests in digests_by_seed.items()}
    assert len(set(by_seed.values())) == 1, f"{what} depends on PYTHONHASHSEED: {by_seed}"
