"""The lean reader on out-of-topic readings of FNC-1 topic-train (issue 14 item 3).

Cross-fits the readings (:func:`credence.models.lean_training.cross_fitted_inputs`: the
stance and agreement models refitted per topic fold, ~10 min on one core), or reads them
from ``--readings`` when that file exists, then prints, on topic-grouped folds of the
related pairs, the lean reader beside the stance model's related-class reading and its
related-pairs reader: macro-F1 (agree / disagree / discuss), Spearman of the lean per body
with +1 / -1 / 0, and Spearman of the stories' mean lean with (agree - disagree) / related
(headlines with >= 2 related bodies).

    nice python benchmarks/eval_lean_reader.py [--data ../shared/data]
        [--readings /tmp/lean_readings.npz] [--folds 5] [--params estimator=boosting ...]
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from credence.models.lean_training import CrossFitted, cross_fitted_inputs, cross_validate_lean

ROOT = Path(__file__).resolve().parents[1]


def _params(spec: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if spec == "default":
        return out
    for part in spec.split(","):
        name, _, value = part.partition("=")
        if value in ("None", "none"):
            out[name] = None
            continue
        try:
            out[name] = float(value)
        except ValueError:
            out[name] = value
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--readings", type=Path, default=None)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--params", nargs="+", default=["default"])
    args = parser.parse_args()
    if args.readings is not None and args.readings.is_file():
        table = CrossFitted.load(args.readings)
    else:
        table = cross_fitted_inputs(args.data)
        if args.readings is not None:
            table.save(args.readings)
    print(
        f"FNC-1 topic-train related pairs read out of topic: {len(table.y)} pairs, "
        f"{len(set(table.story.tolist()))} headlines; {args.folds} topic-grouped folds"
    )
    print(f"  {'reader':<40} macro-F1  body lean rho  story rho")
    for spec in args.params:
        result = cross_validate_lean(table, args.folds, **_params(spec))
        rows = [(f"lean reader ({spec})", result["lean_reader"])]
        if spec == args.params[0]:
            rows += [
                ("stance model P(.|related)", result["stance_model"]),
                ("related-pairs reader", result["related_reader"]),
            ]
        for name, m in rows:
            print(
                f"  {name:<40} {m['macro_f1']:.3f}     {m['body_lean_spearman']:.3f}"
                f"          {m['story_spearman']:.3f}"
            )


if __name__ == "__main__":
    main()
