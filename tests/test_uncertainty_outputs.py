"""The uncertainty model's second output, ``nonfactual``, as the product reports it.

P(some event of a claim is not presented as having certainly happened) is computed by the
event-factuality head (fitted on UW train) beside P(uncertain), exported in ``light.npz`` so
the numpy-only scorer computes it, and shown per claim by ``credence score`` (JSON, CSV,
table) with the cues that moved it.
"""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pytest
from typer.testing import CliRunner

from credence import Article
from credence.cli import app
from credence.models.light import LightModel, load_light
from credence.models.persistence import default_model_dir, read_meta
from credence.models.uncertainty import UncertaintyModel
from credence.models.uncertainty_cues import CUE_TOLERANCE
from credence.models.uncertainty_outputs import (
    HEAD_FEATURES,
    SentenceOutputs,
    describe_cue,
    read_outputs,
)
from credence.scoring.corroboration import sentence_outputs

#: Sentences written for these tests, each (text, the cue expected among its reasons).
CUED = [
    ("The ministry will close the border crossing on Friday.", "modal 'will'"),
    ("Residents should leave the valley before the storm.", "modal 'should'"),
    ("The company did not pay the fine.", "negation 'not'"),
    ("Did the army withdraw from the town?", "question"),
    ("If the dam breaks, the village floods.", "hedge 'If' (condition)"),
]
PLAIN = [
    "The ministry closed the border crossing on Friday.",
    "Residents left the valley before the storm.",
    "The company paid the fine.",
    "The army withdrew from the town.",
    "The dam broke and the village flooded.",
]


@pytest.fixture(scope="module")
def full() -> UncertaintyModel:
    return UncertaintyModel.load(default_model_dir("uncertainty"))


@pytest.fixture(scope="module")
def light() -> LightModel:
    model = load_light("uncertainty", default_model_dir("uncertainty"))
    assert isinstance(model, LightModel)
    return model


def test_uncertainty_outputs_bundled_light_arrays_hold_the_head():
    entry = read_meta(default_model_dir("uncertainty"))["light"]
    assert tuple(entry["factuality"]["features"]) == HEAD_FEATURES


def test_uncertainty_outputs_light_equals_full_model(full, light):
    texts = [t for t, _ in CUED] + PLAIN + ["", "It may rain, reportedly.", "x" * 30]
    from_light, from_full = light.predict_outputs(texts), full.predict_outputs(texts)
    # The hedging output is the one the scorer always gave: same figures, bit for bit.
    assert np.array_equal(from_light.uncertainty, light.predict_proba(texts))
    np.testing.assert_allclose(from_full.uncertainty, full.predict_proba(texts), rtol=0, atol=0)
    expected = full.predict_proba_factuality(texts)
    np.testing.assert_allclose(from_light.nonfactual, expected, rtol=0, atol=1e-12)
    np.testing.assert_allclose(from_full.nonfactual, expected, rtol=0, atol=1e-12)
    assert from_light.reasons == from_full.reasons


def test_uncertainty_outputs_cues_raise_nonfactual_over_plain_past(light):
    read = light.predict_outputs([t for t, _ in CUED] + PLAIN)
    cued, plain = read.nonfactual[: len(CUED)], read.nonfactual[len(CUED) :]
    assert np.all(cued > plain), (cued, plain)


@pytest.mark.parametrize(("text", "cue"), CUED)
def test_uncertainty_outputs_reasons_name_the_cue_with_its_change(light, text, cue):
    read = light.predict_outputs([text])
    reasons = dict(read.reasons[0])
    assert cue in reasons, read.reasons[0]
    assert reasons[cue] >= CUE_TOLERANCE
    # Each change is what removing that cue's input does to the probability.
    assert all(abs(change) < read.nonfactual[0] for change in reasons.values())


def test_uncertainty_outputs_no_cue_no_reason(light):
    assert light.predict_outputs(["The army withdrew from the town."]).reasons == ((),)


def test_uncertainty_outputs_a_cue_with_zero_weight_is_never_a_reason(light):
    # 'shall' has a learned weight of 0 in the bundled head (too rare in UW train).
    weights = dict(zip(HEAD_FEATURES, light.head[0], strict=True))
    assert weights["modal_shall"] == 0.0
    reasons = light.predict_outputs(["The committee shall meet on Monday."]).reasons[0]
    assert not any("shall" in cue for cue, _ in reasons)


def test_uncertainty_outputs_reason_is_the_exact_change_of_a_linear_head():
    coef = np.zeros(len(HEAD_FEATURES))
    coef[HEAD_FEATURES.index("modal_will")] = 2.0
    read = read_outputs(np.array([0.5, 0.5]), ["They will go.", "They went."], None, (coef, -1.0))
    expected = 1 / (1 + np.exp(-1.0)) - 1 / (1 + np.exp(1.0))
    assert read.reasons[0] == ((describe_cue("modal_will", "", []), pytest.approx(expected)),)
    assert read.reasons[1] == ()
    np.testing.assert_allclose(read.nonfactual, [1 / (1 + np.exp(-1.0)), 1 / (1 + np.exp(1.0))])


def test_uncertainty_outputs_head_of_wrong_width_is_refused():
    with pytest.raises(ValueError, match=f"must have {len(HEAD_FEATURES)} coefficients"):
        read_outputs(np.array([0.5]), ["x"], None, (np.zeros(3), 0.0))


def test_uncertainty_outputs_empty_and_joined():
    empty = read_outputs(np.zeros(0), [], None, (np.zeros(len(HEAD_FEATURES)), 0.0))
    assert len(empty) == 0 and empty.reasons == ()
    a = SentenceOutputs(np.array([0.1]), np.array([0.2]), ((("x", 0.1),),))
    b = SentenceOutputs(np.array([0.3]), np.array([0.4]), ((),))
    joined = SentenceOutputs.joined([a, b])
    assert joined.uncertainty.tolist() == [0.1, 0.3]
    assert joined.nonfactual.tolist() == [0.2, 0.4]
    assert joined.reasons == ((("x", 0.1),), ())
    # One part without the second output: the joined outputs have none.
    assert SentenceOutputs.joined([a, SentenceOutputs(np.array([0.5]))]).nonfactual is None


class _HedgingOnly:
    """A user's uncertainty model with ``predict_proba`` only."""

    def predict_proba(self, texts):
        return np.full(len(texts), 0.25)


def test_uncertainty_outputs_model_without_second_output_gives_none():
    read = sentence_outputs(_HedgingOnly(), ["a", "b"])
    assert read.uncertainty.tolist() == [0.25, 0.25] and read.nonfactual is None


def test_uncertainty_outputs_batches_equal_one_call(light):
    texts = [t for t, _ in CUED] + PLAIN
    batched = sentence_outputs(light, texts, batch_size=3)
    whole = light.predict_outputs(texts)
    assert np.array_equal(batched.uncertainty, whole.uncertainty)
    assert np.array_equal(batched.nonfactual, whole.nonfactual)
    assert batched.reasons == whole.reasons


ARTICLES = [
    Article(
        id="port-a",
        text="The port authority said the harbour will reopen on Monday. "
        "Fishermen said the harbour reopened on Monday.",
        source="Coast Daily",
    ),
]


def test_uncertainty_outputs_score_reports_nonfactual_with_its_cues(scorer):
    claims = [c.to_dict() for c in scorer.score(ARTICLES).claims]
    by_text = {c["text"]: c for c in claims}
    future = next(c for t, c in by_text.items() if "will reopen" in t)
    past = next(c for t, c in by_text.items() if "reopened" in t)
    assert future["nonfactual"] > past["nonfactual"]
    contribution = next(e for e in future["explanation"] if e["factor"] == "nonfactual")
    assert contribution["value"] == future["nonfactual"]
    assert "modal 'will'" in contribution["detail"]
    # The hedging output is unchanged by the second one.
    assert "uncertainty" in future and list(future).index("nonfactual") == 1 + list(future).index(
        "uncertainty"
    )


def test_uncertainty_outputs_cli_json_csv_and_table(tmp_path):
    path = tmp_path / "port.txt"
    path.write_text(ARTICLES[0].text)
    runner = CliRunner()
    out = runner.invoke(app, ["score", str(path), "--format", "json"])
    assert out.exit_code == 0, out.output
    claims = json.loads(out.stdout)["claims"]
    assert all(0.0 <= c["nonfactual"] <= 1.0 for c in claims)
    out = runner.invoke(app, ["score", str(path), "--format", "csv"])
    assert out.exit_code == 0, out.output
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert [float(r["nonfactual"]) for r in rows] == [c["nonfactual"] for c in claims]
    out = runner.invoke(app, ["score", str(path)], env={"COLUMNS": "160"})
    assert out.exit_code == 0, out.output
    assert "n.f." in out.stdout


def test_uncertainty_outputs_check_reports_nonfactual(scorer):
    future = scorer.check("The harbour will reopen on Monday.", ARTICLES).to_dict()
    past = scorer.check("The harbour reopened on Monday.", ARTICLES).to_dict()
    assert future["nonfactual"] > past["nonfactual"]
    assert any(e["factor"] == "nonfactual" for e in future["explanation"])


def test_uncertainty_outputs_saved_model_exports_its_head(full, tmp_path):
    full.save(tmp_path / "unc")
    entry = read_meta(tmp_path / "unc")["light"]
    assert tuple(entry["factuality"]["features"]) == HEAD_FEATURES
    light = load_light("uncertainty", tmp_path / "unc")
    texts = [t for t, _ in CUED]
    np.testing.assert_allclose(
        light.predict_outputs(texts).nonfactual, full.predict_proba_factuality(texts), atol=1e-12
    )
