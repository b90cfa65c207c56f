"""Throughput of every registered extractor, alone and all together.

Usage::

    python benchmarks/bench_extractors.py            # FNC-1 bodies + 10 KB / 100 KB / 1 MB inputs
    python benchmarks/bench_extractors.py --quick    # a quarter of the bodies, 1 repeat

Throughput is MB of UTF-8 text per second of CPU time of this process (``time.process_time``),
i.e. MB/s per core, the median of ``--repeats`` runs; wall-clock figures are printed beside it
because the machine may be shared. The synthetic inputs are cut from the FNC-1 bodies joined by
blank lines; each size is run on distinct texts totalling about 1 MB (100 x 10 KB, 10 x 100 KB,
1 x 1 MB) so that time per MB is comparable, and every repeat runs the three sizes in turn so
that their ratio is measured side by side; every repeat runs on fresh copies of the texts so
that no per-text cache (none is kept today) could survive from one run to the next. "all
together" runs every extractor on the same text object. "engine path (segment + all
extractors)" is what ``credence.scoring.engine.analyze`` does minus chain linking and claim
detection: ``segment(text)`` once, then every extractor on the same text, the attribution
extractor reusing those sentences and the quantities and dates extractors one date scan, all
through one ``Context`` a text (``extract(text, context=context)``).

``--attribution`` times the attribution extractor with the trained tagger beside the
hand-written rules alone, in one process, alternating (segmentation included, as the engine
runs it): MB/s per core on the FNC-1 bodies and CPU seconds per MB on 10 KB and 1 MB texts.

``--baseline SRC`` compares the engine path side by side with another checkout's ``src``
directory (e.g. ``git worktree add /tmp/old <commit>`` then ``--baseline /tmp/old/src``): the
two run in alternating fresh processes on the same bodies, ``--repeats`` rounds, and the
medians and their ratio are printed (a shared machine slows both alike). ``--only NAME``
times that extractor alone (after segmentation); ``--against SRC`` times another ``src`` in
place of this checkout's, e.g. copies of both without their compiled ``*.so`` modules to
compare the pure-Python fallbacks.

The data is read from ``../shared/data/fnc1/train_bodies.csv`` beside the repository (or
``--bodies``); it is never copied.
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from credence.features import dates as dates_module
from credence.features import registered
from credence.features.segment import segment

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_BODIES = ROOT.parent / "shared" / "data" / "fnc1" / "train_bodies.csv"
SIZES = (10_000, 100_000, 1_000_000)
TARGET_MB_PER_S = 2.0
ENGINE_PATH = "engine path (segment + all extractors)"
# One scan of each text for the quantities and dates extractors, as the engine does (None in
# older checkouts run with --baseline, whose extractors take no ``date_scan``).
SCAN_DATES = getattr(dates_module, "scan_dates", None)
try:
    from credence.features.context import Context as CONTEXT
except ImportError:  # a --baseline checkout older than the Context contract
    CONTEXT = None


def load_bodies(path: Path) -> list[str]:
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8", newline="") as handle:
        return [row["articleBody"] for row in csv.DictReader(handle)]


def synthetic_texts(bodies: Sequence[str], size: int, total: int = 1_000_000) -> list[str]:
    """Distinct texts of ``size`` characters, about ``total`` characters in all."""
    corpus = "\n\n".join(bodies)
    count = max(1, total // size)
    if len(corpus) < size * count:
        corpus = (corpus + "\n\n") * (size * count // len(corpus) + 1)
    return [corpus[i * size : (i + 1) * size] for i in range(count)]


def fresh_copies(texts: Sequence[str]) -> list[str]:
    """New string objects with the same content, so no per-text cache survives a repeat."""
    return [(t + " ")[:-1] for t in texts]


def measure(
    texts: Sequence[str], extractors: dict[str, object], repeats: int
) -> dict[str, tuple[float, float]]:
    """Median CPU and wall seconds of each extractor, and of all of them together."""
    names = [*extractors, "all together"]
    cpu: dict[str, list[float]] = {n: [] for n in names}
    wall: dict[str, list[float]] = {n: [] for n in names}
    for _ in range(repeats):
        for name in names:
            batch = fresh_copies(texts)
            chosen = list(extractors.values()) if name == "all together" else [extractors[name]]
            c0, w0 = time.process_time(), time.perf_counter()
            for text in batch:
                for ex in chosen:
                    ex.extract(text)  # type: ignore[attr-defined]
            cpu[name].append(time.process_time() - c0)
            wall[name].append(time.perf_counter() - w0)
    return {n: (statistics.median(cpu[n]), statistics.median(wall[n])) for n in names}


def measure_sizes(
    bodies: Sequence[str], extractors: dict[str, object], repeats: int
) -> dict[str, dict[int, float]]:
    """Median CPU seconds per MB of each extractor at each of :data:`SIZES`.

    Every repeat runs all the sizes one after the other, so that the 1 MB / 10 KB ratio compares
    runs made side by side: drift on a shared machine then slows every size alike instead of
    whichever size happened to run last.
    """
    inputs = {size: synthetic_texts(bodies, size) for size in SIZES}
    size_mb = {s: sum(len(t.encode("utf-8")) for t in ts) / 1e6 for s, ts in inputs.items()}
    runs: dict[str, dict[int, list[float]]] = {}
    for _ in range(repeats):
        for size, texts in inputs.items():
            for name, (cpu, _) in measure(texts, extractors, 1).items():
                runs.setdefault(name, {}).setdefault(size, []).append(cpu / size_mb[size])
    return {
        name: {size: statistics.median(values) for size, values in by_size.items()}
        for name, by_size in runs.items()
    }


def run_engine_path(texts: Sequence[str], extractors: dict[str, object]) -> None:
    """Segment each text once, then run every extractor, sharing the sentences like the engine."""
    if CONTEXT is not None:  # one Context a text, handed to every extractor in turn
        for text in texts:
            paragraphs, sentences = segment(text)
            context = CONTEXT(text, tuple(paragraphs), tuple(sentences))
            for name, ex in extractors.items():
                context.spans[name] = tuple(ex.extract(text, context=context))  # type: ignore[attr-defined]
        return
    for text in texts:  # checkouts older than the Context contract (run with --baseline)
        _, sentences = segment(text)
        shared = {"date_scan": SCAN_DATES(text)} if SCAN_DATES is not None else {}
        for name, ex in extractors.items():
            if name == "attribution":
                ex.extract(text, sentences=sentences)  # type: ignore[attr-defined]
            elif name in ("dates", "quantities"):
                ex.extract(text, **shared)  # type: ignore[attr-defined]
            else:
                ex.extract(text)  # type: ignore[attr-defined]


def measure_engine_path(
    texts: Sequence[str], extractors: dict[str, object], repeats: int
) -> tuple[float, float]:
    """Median CPU and wall seconds of :func:`run_engine_path` on fresh copies of ``texts``."""
    cpu: list[float] = []
    wall: list[float] = []
    for _ in range(repeats):
        batch = fresh_copies(texts)
        c0, w0 = time.process_time(), time.perf_counter()
        run_engine_path(batch, extractors)
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - w0)
    return statistics.median(cpu), statistics.median(wall)


def engine_path_cpu_once(bodies_path: Path, only: Sequence[str] = ()) -> float:
    """CPU seconds of one engine-path run over every body (after a short warm-up)."""
    # `credence extract` and `score` load numpy (claims), which turns on the attribution
    # tagger's array path: without it both sides would time the feature-string path, which
    # only a bare one-text extraction takes.
    import numpy  # noqa: F401

    bodies = load_bodies(bodies_path)
    extractors = instantiate(only)
    run_engine_path(bodies[:20], extractors)  # lexicons and patterns compile outside the timing
    batch = fresh_copies(bodies)
    c0 = time.process_time()
    run_engine_path(batch, extractors)
    return time.process_time() - c0


def compare_with_baseline(
    bodies_path: Path,
    baseline_src: Path,
    rounds: int,
    only: Sequence[str] = (),
    against: Path | None = None,
) -> None:
    """Engine path of ``baseline_src`` and of this checkout, alternating fresh processes.

    ``only`` restricts both sides to those extractors (``--only attribution``: the attribution
    extractor alone, after segmentation, old and new side by side). ``against`` replaces this
    checkout's ``src`` (e.g. a copy without the compiled modules, to time the fallback).
    """
    selected = [arg for name in only for arg in ("--only", name)]
    ours = ROOT / "src" if against is None else against.resolve()
    checkouts = {"baseline": baseline_src.resolve(), "this checkout": ours}
    cpu: dict[str, list[float]] = {name: [] for name in checkouts}
    for _ in range(rounds):
        for name, src in checkouts.items():
            done = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--engine-once",
                    "--bodies",
                    str(bodies_path),
                    *selected,
                ],
                env={**os.environ, "PYTHONPATH": str(src)},
                check=True,
                capture_output=True,
                text=True,
            )
            imported, seconds = done.stdout.strip().splitlines()[-2:]
            if not Path(imported).is_relative_to(src):  # an installed copy would shadow it
                raise SystemExit(f"Error: {name} ran {imported}, not the code in {src}")
            cpu[name].append(float(seconds))
    mb = sum(len(b.encode("utf-8")) for b in load_bodies(bodies_path)) / 1e6
    what = f"extractors {', '.join(only)}" if only else "engine path"
    print(f"{what} side by side, {rounds} alternating rounds, {mb:.2f} MB (segmentation included)")
    for name, values in cpu.items():
        med = statistics.median(values)
        runs = ", ".join(f"{v:.2f}" for v in values)
        print(f"{name:<14} median {med:6.2f} s CPU  {mb / med:5.2f} MB/s per core  ({runs})")
    ratio = statistics.median(cpu["baseline"]) / statistics.median(cpu["this checkout"])
    print(f"speed-up of this checkout over the baseline: {ratio:.2f}x")


def compare_attribution(bodies: Sequence[str], repeats: int) -> None:
    """The trained tagger and the rules alone side by side, alternating in one process."""
    # `credence extract` and `score` load numpy (claims), which turns on the tagger's array
    # path; a bare extraction without numpy uses the feature strings (same labels, slower).
    import numpy  # noqa: F401

    from credence.features.attribution import AttributionExtractor

    variants = {
        "tagger": AttributionExtractor(),
        "rules": AttributionExtractor(model=None),
    }
    for extractor in variants.values():  # models and lexicons load outside the timing
        run_engine_path(bodies[:20], {"attribution": extractor})
    mb = sum(len(b.encode("utf-8")) for b in bodies) / 1e6
    cpu: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(repeats):
        for name, extractor in variants.items():
            cpu[name].append(measure_engine_path(bodies, {"attribution": extractor}, 1)[0])
    print(f"attribution alone, segmentation included: {len(bodies)} FNC-1 bodies, {mb:.2f} MB")
    for name, values in cpu.items():
        med = statistics.median(values)
        runs = ", ".join(f"{v:.2f}" for v in values)
        print(f"{name:<8} median {med:6.2f} s CPU  {mb / med:5.2f} MB/s per core  ({runs})")
    ratio = statistics.median(cpu["tagger"]) / statistics.median(cpu["rules"])
    print(f"tagger / rules CPU time: {ratio:.2f}x")
    per_size = measure_sizes(
        bodies, {f"attribution ({name})": ex for name, ex in variants.items()}, repeats
    )
    print("CPU seconds per MB" + "".join(f"{f'{s // 1000} KB':>10}" for s in SIZES) + "  1MB/10KB")
    for name in (f"attribution ({name})" for name in variants):
        values = [per_size[name][size] for size in SIZES]
        cells = "".join(f"{v:>10.3f}" for v in values)
        print(f"{name:<20}{cells}{values[-1] / values[0]:>10.2f}")


def instantiate(only: Sequence[str] = ()) -> dict[str, object]:
    extractors: dict[str, object] = {}
    for name, cls in registered().items():
        if only and name not in only:
            continue
        try:
            extractors[name] = cls()
        except Exception as exc:  # a plug-in that needs arguments is reported, not fatal
            print(f"skip {name}: cannot instantiate without arguments ({exc})", file=sys.stderr)
    return extractors


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bodies", type=Path, default=DEFAULT_BODIES)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="quarter of the bodies, 1 repeat")
    parser.add_argument(
        "--baseline", type=Path, help="another checkout's src/ to compare the engine path with"
    )
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        help="with --baseline: time only this extractor (repeatable), e.g. --only attribution",
    )
    parser.add_argument(
        "--attribution",
        action="store_true",
        help="the attribution tagger beside the rules alone, side by side in one run",
    )
    parser.add_argument(
        "--against",
        type=Path,
        help="with --baseline: time this src/ instead of this checkout's (e.g. a copy of it "
        "without the compiled *.so modules, for the pure-Python fallback)",
    )
    parser.add_argument("--engine-once", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if not args.bodies.is_file():
        print(f"Error: FNC-1 bodies not found at {args.bodies}", file=sys.stderr)
        return 1
    if args.engine_once:  # a child of --baseline: one timed run, the CPU seconds on stdout
        import credence

        print(credence.__file__)
        print(engine_path_cpu_once(args.bodies, args.only))
        return 0
    if args.attribution:
        bodies = load_bodies(args.bodies)
        compare_attribution(bodies[: len(bodies) // 4] if args.quick else bodies, args.repeats)
        return 0
    if args.baseline is not None:
        if not (args.baseline / "credence").is_dir():
            print(f"Error: {args.baseline}: no credence package in it", file=sys.stderr)
            return 1
        compare_with_baseline(args.bodies, args.baseline, args.repeats, args.only, args.against)
        return 0
    bodies = load_bodies(args.bodies)
    repeats = 1 if args.quick else args.repeats
    if args.quick:
        bodies = bodies[: len(bodies) // 4]
    extractors = instantiate()
    print(
        f"extractors: {', '.join(extractors)}; median of {repeats}; Python {sys.version.split()[0]}"
    )

    mb = sum(len(b.encode("utf-8")) for b in bodies) / 1e6
    print(f"\nFNC-1 training bodies: {len(bodies)} texts, {mb:.2f} MB")
    print(f"{'extractor':<16}{'MB/s per core':>15}{'MB/s wall':>11}{'CPU s':>8}")
    results: dict[str, float] = {}
    for name, (cpu, wall) in measure(bodies, extractors, repeats).items():
        results[name] = mb / cpu
        print(f"{name:<16}{mb / cpu:>15.2f}{mb / wall:>11.2f}{cpu:>8.2f}")
    engine_cpu, engine_wall = measure_engine_path(bodies, extractors, repeats)
    results[ENGINE_PATH] = mb / engine_cpu
    row = f"{mb / engine_cpu:>15.2f}{mb / engine_wall:>11.2f}{engine_cpu:>8.2f}"
    print(f"{'engine path':<16}{row}   (segment once + all extractors, shared sentences)")

    print("\nsynthetic news-like inputs (FNC-1 bodies joined), CPU seconds per MB")
    header = "".join(f"{f'{s // 1000} KB':>10}" for s in SIZES)
    print(f"{'extractor':<16}{header}{'1MB/10KB':>10}")
    per_size: dict[str, list[float]] = {}
    for name, seconds in measure_sizes(bodies, extractors, repeats).items():
        per_size[name] = [seconds[size] for size in SIZES]
    for name, values in per_size.items():
        cells = "".join(f"{v:>10.3f}" for v in values)
        print(f"{name:<16}{cells}{values[-1] / values[0]:>10.2f}")

    together = results["all together"]
    verdict = "meets" if together >= TARGET_MB_PER_S else "misses"
    target = f"{verdict} the {TARGET_MB_PER_S} MB/s target"
    print(f"\nall together: {together:.2f} MB/s per core ({target})")
    engine = results[ENGINE_PATH]
    verdict = "meets" if engine >= TARGET_MB_PER_S else "misses"
    print(f"{ENGINE_PATH}: {engine:.2f} MB/s per core ({verdict} the target)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
