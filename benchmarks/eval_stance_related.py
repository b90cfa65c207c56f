"""The stance model's related-pairs reader on topic-train, out of fold (issue 14 item 3).

Run (from the repository root, about 5 minutes on a quiet machine)::

    OMP_NUM_THREADS=1 nice .venv/bin/python benchmarks/eval_stance_related.py
        [--data ../shared/data/fnc1] [--folds 3]

Only the ``train`` part of ``splits/topic_split.csv`` is read (dev stays untouched):

1. Its topics (connected headlines and bodies) are cut in two halves (the halves of
   ``eval_truth.py --fnc-split train``); a stance model fitted on one half reads the related
   pairs of the other, so every related pair gets features and probabilities from a model
   that never saw its topic, as the reader's inputs are made inside ``StanceModel.fit``.
2. The reader (:class:`credence.models.stance_related.RelatedStanceReader`) is
   cross-validated on those readings over ``--folds`` folds grouped by topic.

Printed, for the stance model's own P(stance | related) and for the reader out of fold:
agree / disagree / discuss macro-F1 and per-class F1 (argmax), and the Spearman, over the
headlines with at least two related bodies, of the mean P(agree) - P(disagree) with the
story's (agree - disagree) / related.
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
from scipy.stats import spearmanr
from sklearn.metrics import f1_score
from sklearn.model_selection import GroupKFold

from credence.models.fnc import FNC_FILES, load_fnc, split_by_topic
from credence.models.grouping import topic_groups
from credence.models.stance import StanceModel
from credence.models.stance_related import RELATED_LABELS, RelatedStanceReader

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "fnc1"


def held_out_readings(folder: Path) -> dict[str, list]:
    """Features and probabilities of every topic-train related pair, read out of fold."""
    pairs = load_fnc(folder / FNC_FILES["bodies"], folder / FNC_FILES["stances"])
    train = split_by_topic(pairs, folder / FNC_FILES["topic_split"])["train"]
    topics = topic_groups(
        [p.claim for p in train], [str(p.evidence_id) for p in train], [p.label for p in train]
    )
    related_topics = sorted(
        {t for p, t in zip(train, topics, strict=True) if p.label != "unrelated"}
    )
    rng = np.random.default_rng(0)
    half = set(rng.choice(related_topics, size=len(related_topics) // 2, replace=False).tolist())
    out: dict[str, list] = defaultdict(list)
    for side in (True, False):
        started = time.perf_counter()
        fit = [p for p, t in zip(train, topics, strict=True) if (t in half) != side]
        read = [
            (p, t)
            for p, t in zip(train, topics, strict=True)
            if (t in half) == side and p.label != "unrelated"
        ]
        model = StanceModel(random_state=0).fit(
            [p.claim for p in fit],
            [p.evidence for p in fit],
            [p.label for p in fit],
            groups=[p.group for p in fit],
        )
        features = model._full_features([p.claim for p, _ in read], [p.evidence for p, _ in read])
        out["features"] += list(features)
        out["proba"] += list(model._proba_from_features(features))
        out["label"] += [RELATED_LABELS.index(p.label) for p, _ in read]
        out["topic"] += [t for _, t in read]
        out["claim"] += [p.claim for p, _ in read]
        print(f"  half read: {len(read)} related pairs ({time.perf_counter() - started:.0f} s)")
    return out


def story_spearman(claims: list[str], lean: np.ndarray, y: np.ndarray) -> tuple[float, int]:
    """Spearman of the mean lean per headline with (agree - disagree) / related."""
    by_claim: dict[str, list[int]] = defaultdict(list)
    for k, claim in enumerate(claims):
        by_claim[claim].append(k)
    stories = [rows for rows in by_claim.values() if len(rows) >= 2]
    ours = [float(np.mean(lean[rows])) for rows in stories]
    target = [float(np.mean((y[rows] == 0).astype(float) - (y[rows] == 1))) for rows in stories]
    return float(spearmanr(ours, target).statistic), len(stories)


def _line(name: str, proba: np.ndarray, y: np.ndarray, claims: list[str]) -> str:
    predicted = proba.argmax(axis=1)
    per_class = f1_score(y, predicted, average=None, labels=[0, 1, 2])
    rho, n = story_spearman(claims, proba[:, 0] - proba[:, 1], y)
    return (
        f"  {name:<30} macro-F1 {f1_score(y, predicted, average='macro'):.3f}   "
        f"agree/disagree/discuss F1 {'/'.join(f'{v:.3f}' for v in per_class)}   "
        f"story Spearman {rho:.3f} ({n} stories)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--folds", type=int, default=3)
    args = parser.parse_args()
    if not (args.data / FNC_FILES["topic_split"]).is_file():
        raise SystemExit(f"Error: {args.data}: FNC-1 data with its topic split not found")
    readings = held_out_readings(args.data)
    features, proba = np.array(readings["features"]), np.array(readings["proba"])
    y, topic, claims = np.array(readings["label"]), np.array(readings["topic"]), readings["claim"]
    stance = proba[:, :3] / proba[:, :3].sum(axis=1, keepdims=True)
    reader = np.zeros_like(stance)
    for train, test in GroupKFold(n_splits=args.folds).split(features, y, topic):
        fitted = RelatedStanceReader().fit(features[train], proba[train], y[train])
        reader[test] = fitted.predict_proba(features[test], proba[test])
    print(
        f"FNC-1 topic-train related pairs ({len(y)}), read out of fold; reader CV over "
        f"{args.folds} topic-grouped folds"
    )
    print(_line("stance model P(. | related)", stance, y, claims))
    print(_line("related reader", reader, y, claims))


if __name__ == "__main__":
    main()
