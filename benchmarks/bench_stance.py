"""Stance model timings on FNC-1, side by side with the public FNC-1 baseline.

Run: /work/venv/bin/python benchmarks/bench_stance.py [--data ../shared/data/fnc1] [--skip-all]

Prints: fit time on the 40,350 training-split pairs and on all 49,972 pairs; prediction
throughput (cold per-text cache: a fresh cache for every run) on the 9,622 hold-out pairs
and on 25,000 pairs (hold-out pairs repeated); feature-extraction throughput; and ratios to
the reference figures of the public FNC-1 baseline (its feature extraction ~150 pairs/s,
339 s for the 49,972 training pairs). Medians of 3 runs where a run is cheap.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from credence.models.fnc import FNC_FILES, load_fnc, split_by_ids
from credence.models.stance import StanceModel, evaluate_stance

BASELINE_FEATURE_PAIRS_PER_S = 150.0
BASELINE_TRAIN_SECONDS_ALL = 339.0
DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "fnc1"


def timed(fn, repeats=1):
    times = []
    result = None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def fit(pairs, **params):
    return StanceModel(random_state=0, **params).fit(
        [p.claim for p in pairs],
        [p.evidence for p in pairs],
        [p.label for p in pairs],
        groups=[p.group for p in pairs],
    )


def cold(model, fn):
    def run():
        model.clear_cache()
        return fn()

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--skip-all", action="store_true", help="skip the 49,972-pair fit")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    files = {k: args.data / v for k, v in FNC_FILES.items()}
    pairs = load_fnc(files["bodies"], files["stances"])
    train = split_by_ids(pairs, files["training_ids"])
    hold = split_by_ids(pairs, files["hold_out_ids"])
    claims, evidences = [p.claim for p in hold], [p.evidence for p in hold]

    fit_train, model = timed(lambda: fit(train))
    print(f"fit, training split ({len(train):,} pairs): {fit_train:.1f} s")
    if not args.skip_all:
        fit_all, _ = timed(lambda: fit(pairs))
        print(
            f"fit, all pairs ({len(pairs):,}): {fit_all:.1f} s   baseline "
            f"{BASELINE_TRAIN_SECONDS_ALL:.0f} s -> "
            f"{BASELINE_TRAIN_SECONDS_ALL / fit_all:.1f}x faster"
        )

    n = len(hold)
    features_s, _ = timed(
        cold(model, lambda: model._full_features(claims, evidences)), args.repeats
    )
    rate = n / features_s
    print(
        f"feature extraction, hold-out ({n:,} pairs, cold cache): {rate:,.0f} pairs/s   "
        f"baseline {BASELINE_FEATURE_PAIRS_PER_S:.0f} pairs/s -> "
        f"{rate / BASELINE_FEATURE_PAIRS_PER_S:.1f}x"
    )
    predict_s, _ = timed(cold(model, lambda: model.predict_proba(claims, evidences)), args.repeats)
    print(
        f"predict_proba, hold-out ({n:,} pairs, cold cache): {predict_s:.2f} s = "
        f"{n / predict_s:,.0f} pairs/s"
    )

    reps = -(-25_000 // n)
    big_claims = (claims * reps)[:25_000]
    big_evidences = (evidences * reps)[:25_000]
    big_s, _ = timed(
        cold(model, lambda: model.predict_proba(big_claims, big_evidences)), args.repeats
    )
    print(
        f"predict_proba, 25,000 pairs (hold-out repeated, cold cache): {big_s:.2f} s = "
        f"{25_000 / big_s:,.0f} pairs/s (target <= 20 s)"
    )

    model.clear_cache()
    metrics = evaluate_stance(model, claims, evidences, [p.label for p in hold])
    print(
        f"hold-out: FNC {metrics['fnc_score']:.2f}/{metrics['fnc_max']:.2f} "
        f"({100 * metrics['fnc_relative']:.2f}%), macro-F1 {metrics['macro_f1']:.4f}, "
        f"accuracy {metrics['accuracy']:.4f}, Brier {metrics['brier']:.4f}, "
        f"ECE {metrics['ece']:.4f}"
    )
    print("F1 per class: " + ", ".join(f"{k} {v:.4f}" for k, v in metrics["f1_per_class"].items()))
    print(f"extractors used: {model.extractors_used_ or 'none'}")


if __name__ == "__main__":
    main()
