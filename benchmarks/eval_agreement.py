"""The agreement model on held-out claims and topics, beside a cosine baseline (issue 14 item 1).

Prints, for claim/topic-grouped 5-fold cross-validation over Emergent pairs and FNC-1 train
topics (no text on both sides of a fold), macro-F1, per-class F1 and top-label ECE per data
source, for the model and for the baseline (multinomial logistic regression on the word
TF-IDF cosine alone, i.e. learned cosine thresholds, same folds); then the model fitted on
Emergent + FNC-1 train topics and measured on the FNC-1 topic dev split (new stories); and
the predict speed in pairs per second (target >= 2,000).

``--no-dev`` skips the FNC-1 topic dev part (for tuning, which must not read dev);
``--detail-swaps``, ``--detail-swap-label``, ``--detail-swap-weight``, ``--detail-alignment``
and ``--seed`` set the
model's parameters of those names (default: the bundled model's, ``DEFAULT_PARAMS``), to
compare options and measure the refit noise.

    python benchmarks/eval_agreement.py [--data ../shared/data] [--folds 5] [--no-cv] [--no-dev]
                                        [--detail-swaps SHARE] [--detail-alignment true|false]
                                        [--detail-swap-label related|contradict]
                                        [--detail-swap-weight W] [--seed N]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

from credence.models.agreement import (
    DEFAULT_PARAMS,
    _by_source,
    _cosine_baseline,
    cross_validate,
    fit_pairs,
)
from credence.models.agreement_data import emergent_pairs, fnc_pairs, read_emergent

ROOT = Path(__file__).resolve().parents[1]


def _row(name: str, metrics: dict[str, Any]) -> str:
    f1 = " ".join(f"{label} {value:.2f}" for label, value in metrics["f1"].items())
    return (
        f"  {name:<22} n {metrics['n']:>6}  macro-F1 {metrics['macro_f1']:.3f}  "
        f"ECE {metrics['ece']:.3f}  F1: {f1}"
    )


def _print_side_by_side(model: dict[str, Any], baseline: dict[str, Any]) -> None:
    for source in model:
        print(_row(f"{source}", model[source]))
        print(_row("  cosine baseline", baseline[source]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument(
        "--no-cv", action="store_true", help="Skip the CV (its figures are in meta.json)."
    )
    parser.add_argument("--no-dev", action="store_true", help="Skip the FNC-1 topic dev part.")
    parser.add_argument(
        "--detail-swaps",
        type=float,
        default=DEFAULT_PARAMS.get("detail_swaps", 0.0),
        help="AgreementModel.detail_swaps (default: the bundled model's).",
    )
    parser.add_argument(
        "--detail-alignment",
        choices=("true", "false"),
        default=str(DEFAULT_PARAMS.get("detail_alignment", False)).lower(),
        help="AgreementModel.detail_alignment (default: the bundled model's).",
    )
    parser.add_argument(
        "--detail-swap-label",
        choices=("related", "contradict"),
        default=DEFAULT_PARAMS.get("detail_swap_label", "related"),
        help="AgreementModel.detail_swap_label (default: the bundled model's).",
    )
    parser.add_argument(
        "--detail-swap-weight",
        type=float,
        default=DEFAULT_PARAMS.get("detail_swap_weight", 1.0),
        help="AgreementModel.detail_swap_weight (default: the bundled model's).",
    )
    parser.add_argument("--seed", type=int, default=0, help="AgreementModel.random_state.")
    args = parser.parse_args()
    params = {
        "detail_swaps": args.detail_swaps,
        "detail_alignment": args.detail_alignment == "true",
        "detail_swap_label": args.detail_swap_label,
        "detail_swap_weight": args.detail_swap_weight,
        "random_state": args.seed,
    }
    emergent_file = args.data / "claims" / "emergent" / "train.jsonl"
    if not emergent_file.is_file():
        raise SystemExit(f"Error: {args.data}: labelled data not found (expected ../shared/data)")
    emergent = emergent_pairs(read_emergent(emergent_file))
    train = emergent + fnc_pairs(args.data / "fnc1", split="train")

    if not args.no_cv:
        started = time.perf_counter()
        cv = cross_validate(train, n_splits=args.folds, **params)
        print(
            f"Grouped {args.folds}-fold CV ({cv['grouping']}), {len(train)} pairs, {params}, "
            f"{time.perf_counter() - started:.0f} s"
        )
        _print_side_by_side(cv["model"], cv["baseline"])

    if args.no_dev:
        return
    dev = fnc_pairs(args.data / "fnc1", split="dev")
    model = fit_pairs(train, **params)
    proba = model.predict_proba([p.first for p in dev], [p.second for p in dev])
    print(f"FNC-1 topic dev (fit on Emergent + FNC-1 train topics), {len(dev)} pairs")
    _print_side_by_side(_by_source(dev, proba), _by_source(dev, _cosine_baseline(train, dev)))

    firsts, seconds = [p.first for p in dev], [p.second for p in dev]
    timings = []
    for _ in range(3):
        start = time.perf_counter()
        model.predict_proba(firsts, seconds)
        timings.append(time.perf_counter() - start)
    timings.sort()
    print(f"predict speed: {len(dev) / timings[1]:.0f} pairs/s (median of 3, {len(dev)} pairs)")


if __name__ == "__main__":
    main()
