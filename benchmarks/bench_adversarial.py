"""Time of the hedge extractor and the segmenter on adversarial inputs, and its growth.

Inputs built to trip regular expressions and scanners (one word repeated, negators and
modals back to back, digits joined by commas, dots without spaces…) are run at a tenth of
their size and at full size (1 MB for hedges, 100 KB for segmentation). Each line prints the
median seconds of ``--repeats`` runs at both sizes and ``x time``, the growth of the time for a
tenfold input: linear behaviour shows as ``x time`` near 10, a quadratic scan as near 100.
The unit tests run the same kind of inputs for correctness only (offsets, non-empty
sentences); timing them there would fail on a loaded machine and prove nothing.

Run::

    .venv/bin/python benchmarks/bench_adversarial.py [--repeats 3]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from credence.features import get_extractor
from credence.features.segment import segment

#: name -> (unit string, how many units make the full input)
HEDGE_INPUTS: dict[str, tuple[str, int]] = {
    "may-not": ("may not ", 130_000),
    "one-word": ("a", 1_000_000),
    "could": ("could ", 170_000),
    "nt": ("n't", 300_000),
    "about": ("about ", 170_000),
    "digits": ("1,", 500_000),
    "mixed": ("some 10,000 reportedly not confirmed. ", 27_000),
}
SEGMENT_INPUTS: dict[str, tuple[str, int]] = {
    "dots": ("a.", 50_000),
    "one-word": ("a", 100_000),
    "spaced-dots": (". ", 50_000),
    "dashes": ("-", 100_000),
    "dotted-token": ("a.a", 30_000),
    "lines": ("x\n", 50_000),
    "repeats": ("Word " * 50 + "\n\n", 2_000),
}


def _median_seconds(run: Callable[[str], object], text: str, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        run(text)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _table(title: str, inputs: dict[str, tuple[str, int]], run, repeats: int) -> None:
    # One warm-up call first: compiling patterns and loading lexicons is paid once per
    # process and would otherwise inflate the first small input and the growth figure.
    run("Warm up. " * 10)
    print(f"\n{title}")
    print(f"{'input':<14}{'size':>10}{'s (1/10)':>11}{'s (full)':>11}{'x time':>9}")
    for name, (unit, count) in inputs.items():
        small = _median_seconds(run, unit * (count // 10), repeats)
        full = _median_seconds(run, unit * count, repeats)
        growth = full / small if small > 0 else float("nan")
        size = len(unit) * count
        print(f"{name:<14}{size:>10,}{small:>11.3f}{full:>11.3f}{growth:>9.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    hedges = get_extractor("hedges")()
    _table("hedges (extract)", HEDGE_INPUTS, hedges.extract, args.repeats)
    _table("segmentation (segment)", SEGMENT_INPUTS, segment, args.repeats)


if __name__ == "__main__":
    main()
