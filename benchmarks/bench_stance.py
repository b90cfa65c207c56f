"""Stance model on new stories: the FNC-1 topic-split dev table and the timings.

Run (from the repository root)::

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/bench_stance.py [--data ../shared/data/fnc1]
        [--before main] [--skip-all] [--repeats 3] [--train-cv 3]

Every model is fitted on the ``train`` part of ``splits/topic_split.csv`` and measured on
its ``dev`` part (topics no training pair touches; 38 % unrelated against 72 % in the FNC-1
competition test, hence the per-class F1). Rows of the dev table:

- ``after``: the stance model of this checkout;
- ``before``: the stance model of the git revision ``--before`` (default ``main``), run
  from a ``git archive`` of its ``src/`` in a subprocess (``--before ''`` skips it);
- ``baseline``: TF-IDF cosine + logistic regression (``evaluate_cosine_baseline``).

``--train-cv N`` prints instead the cross-validation on topic-train alone (and nothing else):
N folds of whole topics (``topic_folds``, as ``train_stance`` makes them), each model fitted
with its own vocabulary on the other folds and measured on its held-out topics, dev
untouched; tune on these figures, not on dev.

Then the timings: fit on all 49,972 pairs (target <= 120 s), and ``predict_proba`` on
25,000 pairs (dev pairs repeated, cold per-text cache; target <= 20 s), medians of
``--repeats`` runs, with the ratio to ``before`` when it ran.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

from credence.models.fnc import FNC_FILES, load_fnc, split_by_topic
from credence.models.stance import StanceModel, evaluate_cosine_baseline, evaluate_stance
from credence.models.stance_topics import topic_folds

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "fnc1"
LABELS = ("agree", "disagree", "discuss", "unrelated")

# Run inside the ``before`` revision: fit on topic-train, measure dev and 25,000 pairs.
_BEFORE_SCRIPT = r"""
import csv, json, sys, time
from credence.models.fnc import load_fnc
from credence.models.stance import StanceModel, evaluate_stance
folder = sys.argv[1]
pairs = load_fnc(folder + "/train_bodies.csv", folder + "/train_stances.csv")
split = {}
with open(folder + "/splits/topic_split.csv", newline="", encoding="utf-8") as fh:
    rows = csv.reader(fh)
    next(rows)
    for headline, body, name in rows:
        split[(headline, str(int(body)))] = name
train = [p for p in pairs if split[(p.claim, p.evidence_id)] == "train"]
dev = [p for p in pairs if split[(p.claim, p.evidence_id)] == "dev"]
model = StanceModel(random_state=0).fit(
    [p.claim for p in train], [p.evidence for p in train], [p.label for p in train],
    groups=[p.group for p in train],
)
metrics = evaluate_stance(model, [p.claim for p in dev], [p.evidence for p in dev],
                          [p.label for p in dev])
claims = ([p.claim for p in dev] * 6)[:25_000]
evidences = ([p.evidence for p in dev] * 6)[:25_000]
model.clear_cache()
start = time.perf_counter()
model.predict_proba(claims, evidences)
metrics["predict_25000_seconds"] = time.perf_counter() - start
print(json.dumps(metrics))
"""


def timed(fn, repeats=1):
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def fit(pairs):
    return StanceModel(random_state=0).fit(
        [p.claim for p in pairs],
        [p.evidence for p in pairs],
        [p.label for p in pairs],
        groups=[p.group for p in pairs],
    )


def related_f1(metrics):
    """Related-vs-unrelated F1; from the confusion matrix when a revision does not report it."""
    if "related_f1" in metrics:
        return metrics["related_f1"]
    confusion = metrics["confusion"]  # rows gold, columns predicted, LABELS order
    unrelated = LABELS.index("unrelated")
    related = [k for k in range(len(LABELS)) if k != unrelated]
    hits = sum(confusion[g][p] for g in related for p in related)
    gold = sum(confusion[g][p] for g in related for p in range(len(LABELS)))
    predicted = sum(confusion[g][p] for g in range(len(LABELS)) for p in related)
    return 2 * hits / (gold + predicted) if gold + predicted else 0.0


def run_before(ref: str, data: Path) -> dict | None:
    """Metrics of the stance model of git revision ``ref``, or None when it cannot run."""
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "src.tar"
        try:
            subprocess.run(
                ["git", "-C", str(ROOT), "archive", "-o", str(archive), ref, "src"],
                check=True,
                capture_output=True,
            )
        except subprocess.CalledProcessError as exc:
            print(f"before: git archive {ref} failed ({exc.stderr.decode().strip()})")
            return None
        with tarfile.open(archive) as tar:
            tar.extractall(tmp, filter="data")
        env = dict(os.environ, PYTHONPATH=str(Path(tmp) / "src"))
        done = subprocess.run(
            [sys.executable, "-c", _BEFORE_SCRIPT, str(data)],
            env=env,
            capture_output=True,
            text=True,
        )
    if done.returncode != 0:
        print(f"before: {ref} failed: {done.stderr.strip().splitlines()[-1:]}")
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def table(rows: dict[str, dict]) -> None:
    head = ["model", "FNC % max", "macro-F1", "rel-vs-unrel F1", "ECE", *LABELS]
    print(" | ".join(f"{h:>15}" for h in head))
    for name, m in rows.items():
        cells = [
            name,
            f"{100 * m['fnc_relative']:.1f}",
            f"{m['macro_f1']:.3f}",
            f"{related_f1(m):.3f}",
            f"{m['ece']:.3f}",
            *(f"{m['f1_per_class'][label]:.3f}" for label in LABELS),
        ]
        print(" | ".join(f"{c:>15}" for c in cells))


def per_class_table(rows: dict[str, dict]) -> None:
    """Precision, recall and F1 of every class, from each row's confusion matrix."""
    print("per class (P / R / F1):")
    print(" | ".join(f"{h:>20}" for h in ["model", *LABELS]))
    for name, m in rows.items():
        confusion = m["confusion"]  # rows gold, columns predicted, LABELS order
        cells = [name]
        for k in range(len(LABELS)):
            hits = confusion[k][k]
            predicted = sum(row[k] for row in confusion)
            gold = sum(confusion[k])
            precision = hits / predicted if predicted else 0.0
            recall = hits / gold if gold else 0.0
            f1 = 2 * hits / (predicted + gold) if predicted + gold else 0.0
            cells.append(f"{precision:.3f}/{recall:.3f}/{f1:.3f}")
        print(" | ".join(f"{c:>20}" for c in cells))


def train_cv(train, n_folds: int) -> None:
    """Topic-disjoint cross-validation on topic-train only (the figures to tune on)."""
    folds = topic_folds(
        [p.claim for p in train],
        [p.group for p in train],
        [p.label for p in train],
        n_folds,
        0,
    )
    if folds is None:
        raise SystemExit(f"topic-train has too few topics for {n_folds} folds")
    results = []
    for k, (fit_rows, test_rows) in enumerate(folds):
        model = fit([train[i] for i in fit_rows])
        test = [train[i] for i in test_rows]
        metrics = evaluate_stance(
            model, [p.claim for p in test], [p.evidence for p in test], [p.label for p in test]
        )
        results.append(metrics)
        print(f"fold {k}: {len(fit_rows):,} fit, {len(test_rows):,} held out", flush=True)
    table({f"CV mean ({n_folds})": _mean(results)})


def _mean(results: list[dict]) -> dict:
    mean = {
        k: statistics.fmean(r[k] for r in results)
        for k in ("fnc_relative", "macro_f1", "related_f1", "ece")
    }
    mean["f1_per_class"] = {
        label: statistics.fmean(r["f1_per_class"][label] for r in results) for label in LABELS
    }
    return mean


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--before", default="main", help="git revision to compare ('' = none)")
    parser.add_argument("--skip-all", action="store_true", help="skip the 49,972-pair fit")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--train-cv", type=int, default=0, help="folds of topics on topic-train (0 = none)"
    )
    args = parser.parse_args()
    files = {k: args.data / v for k, v in FNC_FILES.items()}
    pairs = load_fnc(files["bodies"], files["stances"])
    splits = split_by_topic(pairs, files["topic_split"])
    train, dev = splits["train"], splits["dev"]
    claims, evidences = [p.claim for p in dev], [p.evidence for p in dev]
    labels = [p.label for p in dev]
    if args.train_cv:
        train_cv(train, args.train_cv)
        return

    fit_train, model = timed(lambda: fit(train))
    rows = {"after": evaluate_stance(model, claims, evidences, labels)}
    before = run_before(args.before, args.data) if args.before else None
    if before is not None:
        rows["before"] = before
    rows["baseline"] = evaluate_cosine_baseline(train, dev)
    print(f"FNC-1 topic split: fit on train ({len(train):,} pairs), dev ({len(dev):,} pairs)")
    table(rows)
    per_class_table(rows)
    print(f"fit, topic-train ({len(train):,} pairs): {fit_train:.1f} s")
    if not args.skip_all:
        fit_all, _ = timed(lambda: fit(pairs))
        print(f"fit, all pairs ({len(pairs):,}): {fit_all:.1f} s (target <= 120 s)")

    big_claims = (claims * 6)[:25_000]
    big_evidences = (evidences * 6)[:25_000]

    def cold_predict():
        model.clear_cache()
        return model.predict_proba(big_claims, big_evidences)

    big_s, _ = timed(cold_predict, args.repeats)
    line = f"predict_proba, 25,000 pairs (dev repeated, cold cache): {big_s:.2f} s (target <= 20 s)"
    if before is not None:
        line += f"; before {before['predict_25000_seconds']:.2f} s (one run, same machine)"
    print(line)


if __name__ == "__main__":
    main()
