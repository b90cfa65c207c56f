"""End-to-end speed of the CLI on the FNC-1 article bodies: ``credence extract`` (MB/s per
core), ``credence score`` (articles/s with ``--workers 1`` and ``--workers 2`` side by side),
and the cold start (``credence --version``, ``credence score`` of one sentence).

Usage::

    python benchmarks/bench_end_to_end.py                           # extract, this tree, 3 rounds
    python benchmarks/bench_end_to_end.py --baseline /tmp/old/src   # side by side
    python benchmarks/bench_end_to_end.py --bodies 400              # the first 400 bodies
    python benchmarks/bench_end_to_end.py --analyze                 # with the claims model
    python benchmarks/bench_end_to_end.py --score                   # score, 1 vs 2 workers
    python benchmarks/bench_end_to_end.py --startup                 # --version, one sentence
    python benchmarks/bench_end_to_end.py --extractors hedges,dates  # extract, these only
    python benchmarks/bench_end_to_end.py --all                     # the three of them
    python benchmarks/bench_end_to_end.py --stages                  # CPU per stage of extract

Extract runs in one process (``CREDENCE_WORKERS=1``, which a baseline without workers
ignores); its CPU seconds are those of the command, start-up included.

``--score`` runs ``credence score DIR --format json`` on the first ``--score-bodies`` bodies
(default 1,000) with ``--workers 1`` and ``--workers 2`` in alternation (with ``--baseline``,
the baseline tree's too, in the same rounds), and prints the
articles per wall-clock second of each (what a user waits; it needs two *free* cores to show
the speed-up: ``nice`` the other jobs), the CPU seconds of all their processes, the ratio of
the wall medians, and whether the two outputs are byte-identical. Targets: 40 articles/s
with 2 workers, 1.7x over 1 worker.

``--startup`` times ``credence --version`` and ``credence score`` of a one-sentence article
in fresh processes (wall and CPU medians), side by side with ``--baseline`` when given.
Targets: 0.2 s and 1 s.

``--extractors NAMES`` passes ``--extractors NAMES`` to ``credence extract`` (both trees), e.g.
without ``attribution`` to see the share of segmentation, claim detection and JSON output.

``--stages`` runs what ``credence extract`` runs, in one fresh process per tree and round, with
a CPU counter (``time.process_time``) around each stage: the interpreter's own start, imports,
reading the files, building the extractors, segmentation, each extractor by registry name,
claim detection, the extract dicts (``report.extraction_dict``) and the indented JSON; it
prints the median seconds and MB/s of each, side by side with ``--baseline``. Package data
(patterns, lexicons, models) is built on first use, inside the first stage that needs it, as
in a real run. "GC (in stages)" is the CPU of the cyclic collector's collections, already
counted inside the stages it interrupted; "rest" is what no stage holds (the engine's own
per-article work: contexts, analyses). ``total`` is the process's CPU, to set beside the
CLI's (the default mode), which also writes its output.

The bodies of ``../shared/data/fnc1/train_bodies.csv`` (or ``--csv``) are written as one
``.txt`` file each into a temporary directory (deleted afterwards; the data is never copied
into the repository), then every round runs ``credence extract DIR`` in a fresh process,
output to a pipe that is read and hashed. Throughput is MB of UTF-8 article text per second:
per CPU second of the child process (user + system, i.e. MB/s per core, the figure the target
is stated in) and per wall-clock second (which a shared machine inflates). The median of
``--rounds`` rounds is printed.

``--analyze`` times, instead, what ``credence score`` does before it compares claims: read
the files, ``Scorer.load()`` and ``Scorer.analyze`` (segmentation, every extractor, claim
detection *with* the check-worthiness model), in a fresh process; its output is a hash of
the claims found and their check-worthiness.

``--baseline SRC`` runs another checkout's ``src`` directory (e.g. ``git worktree add
/tmp/old main`` then ``--baseline /tmp/old/src``) in alternation with this one, in the same
rounds, prints both medians and their ratio, and says whether the two outputs are
byte-identical.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CSV = ROOT.parent / "shared" / "data" / "fnc1" / "train_bodies.csv"
TARGET_MB_PER_CPU_S = 2.0
TARGET_ARTICLES_PER_S = 40.0
TARGET_SPEED_UP = 1.7
TARGET_VERSION_S = 0.2
TARGET_ONE_SENTENCE_S = 1.0
_CLI = "import sys; from credence.cli import main; sys.argv[0] = 'credence'; main()"
_ANALYZE = """
import sys
from credence.ingest import read_articles
from credence.scoring.scorer import Scorer
articles = read_articles([sys.argv[1]]).articles
for analysis in Scorer.load().analyze(articles):
    for c in analysis.claims:
        print(c.id, c.start, c.end, c.checkworthiness, c.reasons)
"""


_STAGES = """
import gc, json, sys, time
clock = time.process_time
started = clock()
from credence.indented_json import dumps_indented
from credence.ingest import read_articles
from credence.scoring import engine
from credence.scoring.report import extraction_dict
try:  # a tree without credence.collector walks its analyses at every full collection
    from credence.collector import frozen_as_made
except ImportError:
    import contextlib
    frozen_as_made = lambda: contextlib.nullcontext(lambda: None)
seconds = {"interpreter": started, "imports": clock() - started}
collecting = {"since": 0.0, "total": 0.0}
def count_collections(phase, info):
    if phase == "start":
        collecting["since"] = clock()
    else:
        collecting["total"] += clock() - collecting["since"]
gc.callbacks.append(count_collections)
def timed(name, function):
    def run(*args, **kwargs):
        before = clock()
        try:
            return function(*args, **kwargs)
        finally:
            seconds[name] = seconds.get(name, 0.0) + clock() - before
    return run
articles = timed("read", read_articles)([sys.argv[1]]).articles
names = sys.argv[2].split(",") if len(sys.argv) > 2 and sys.argv[2] else None
extractors = timed("extractors", engine.Extractors)(**({"names": names} if names else {}))
engine._segment_within_limits = timed("segment", engine._segment_within_limits)
engine.extract_claims = timed("claims", engine.extract_claims)
for name, extractor in extractors.instances.items():
    extractor.extract = timed(name, extractor.extract)
analyses = engine.analyze_all(articles, extractors=extractors, workers=1)
with frozen_as_made() as settle:  # as credence extract does
    settle()
    docs = timed("extract dicts", lambda: [extraction_dict(a) for a in analyses])()
    timed("JSON", dumps_indented)(docs, indent=2)
gc.callbacks.remove(count_collections)
seconds["GC (in stages)"] = collecting["total"]
seconds["total"] = clock()
print(json.dumps(seconds))
"""


_NOT_STAGES = ("total", "rest", "GC (in stages)")


def run_stages(src: Path, directory: Path, extractors: str | None) -> dict[str, float]:
    """CPU seconds of each stage of ``credence extract`` in a fresh process (see ``--stages``)."""
    env = dict(os.environ, PYTHONPATH=str(src), CREDENCE_WORKERS="1")
    done = subprocess.run(
        [sys.executable, "-c", _STAGES, str(directory), extractors or ""],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def bench_stages(args: argparse.Namespace) -> None:
    """Print the median CPU seconds and MB/s of each stage, side by side with a baseline."""
    trees = {"this tree": ROOT / "src"}
    if args.baseline is not None:
        trees["baseline"] = args.baseline.resolve()
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in trees}
    with tempfile.TemporaryDirectory(prefix="credence-e2e-stages-") as tmp:
        mb = write_bodies(args.csv, Path(tmp), args.bodies)
        for _ in range(args.rounds):
            for name, src in trees.items():  # alternate, so both see the same machine load
                runs[name].append(run_stages(src, Path(tmp), args.extractors))
    for values in runs.values():
        for v in values:  # what no stage holds (the collections are inside the stages)
            v["rest"] = v["total"] - sum(t for k, t in v.items() if k not in _NOT_STAGES)
    stages = list(dict.fromkeys(stage for values in runs.values() for v in values for stage in v))
    print(f"CPU s per stage of credence extract, {mb:.2f} MB, median of {args.rounds} rounds")
    print(f"{'':<16}" + "".join(f"{name + ' s':>16}{'MB/s':>8}" for name in trees))
    for stage in stages:
        row = f"{stage:<16}"
        for name in trees:
            value = statistics.median(v.get(stage, 0.0) for v in runs[name])
            row += f"{value:>16.3f}{(mb / value if value else 0.0):>8.2f}"
        print(row)


def write_bodies(csv_path: Path, directory: Path, limit: int | None) -> float:
    """Write the bodies as ``<Body ID>.txt`` files; return their size in MB (UTF-8)."""
    csv.field_size_limit(sys.maxsize)
    total = 0
    with csv_path.open(encoding="utf-8", newline="") as handle:
        for n, row in enumerate(csv.DictReader(handle)):
            if limit is not None and n >= limit:
                break
            data = row["articleBody"].encode("utf-8")
            (directory / f"{int(row['Body ID']):05d}.txt").write_bytes(data)
            total += len(data)
    return total / 1e6


def run_extract(
    src: Path, directory: Path, analyze: bool = False, extractors: str | None = None
) -> tuple[float, float, str]:
    """Run ``credence extract directory`` (or the ``--analyze`` code) with ``src`` on the path.

    Returns (CPU seconds of the child, wall seconds, sha256 of its output).
    """
    # One process (a baseline without --workers ignores the variable).
    env = dict(os.environ, PYTHONPATH=str(src), CREDENCE_WORKERS="1")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _ANALYZE, str(directory)]
        if analyze
        else [
            sys.executable,
            "-c",
            _CLI,
            "extract",
            str(directory),
            *(["--extractors", extractors] if extractors else []),
        ],
        env=env,
        check=True,
        capture_output=True,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall, hashlib.sha256(done.stdout).hexdigest()


def run_cli(src: Path, arguments: list[str]) -> tuple[float, float, str]:
    """Run ``credence ARGUMENTS`` with ``src`` first on the path in a fresh process.

    Returns (CPU seconds of the child and its workers, wall seconds, sha256 of its output).
    """
    env = dict(os.environ, PYTHONPATH=str(src))
    env.pop("CREDENCE_WORKERS", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _CLI, *arguments], env=env, check=True, capture_output=True
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall, hashlib.sha256(done.stdout).hexdigest()


def bench_score(csv_path: Path, bodies: int, rounds: int, baseline: Path | None = None) -> None:
    """Print articles/s of ``credence score`` with 1 and 2 workers, side by side (and those of
    ``baseline``, another checkout's ``src``, in the same rounds).
    """
    trees = {"this tree": ROOT / "src"}
    if baseline is not None:
        trees["baseline"] = baseline.resolve()
    runs: dict[tuple[str, int], list[tuple[float, float, str]]] = {
        (name, workers): [] for name in trees for workers in (1, 2)
    }
    with tempfile.TemporaryDirectory(prefix="credence-e2e-score-") as tmp:
        write_bodies(csv_path, Path(tmp), bodies)
        n = len(list(Path(tmp).glob("*.txt")))
        for _ in range(rounds):
            for name, workers in runs:  # alternate, so all see the same machine load
                arguments = ["score", tmp, "--format", "json", "--workers", str(workers)]
                runs[name, workers].append(run_cli(trees[name], arguments))
    print(f"credence score, {n} FNC-1 bodies, median of {rounds} rounds")
    print(f"{'':<22}{'articles/s':>12}{'wall s':>9}{'CPU s':>9}")
    walls = {}
    for (name, workers), values in runs.items():
        wall = statistics.median(v[1] for v in values)
        cpu = statistics.median(v[0] for v in values)
        walls[name, workers] = wall
        label = f"{name} {workers} worker" + "s" * (workers > 1)
        print(f"{label:<22}{n / wall:>12.1f}{wall:>9.2f}{cpu:>9.2f}")
    for name in trees:
        ratio = walls[name, 1] / walls[name, 2]
        print(f"{name}: 2 workers / 1 worker, articles/s: {ratio:.2f}x")
    for name in trees:
        same = len({v[2] for (tree, _), values in runs.items() if tree == name for v in values})
        print(f"{name}: outputs byte-identical across runs: {'yes' if same == 1 else 'NO'}")
    if baseline is not None:
        digests = {v[2] for values in runs.values() for v in values}
        print(f"this tree and baseline byte-identical: {'yes' if len(digests) == 1 else 'NO'}")
    print(f"targets: {TARGET_ARTICLES_PER_S:.0f} articles/s with 2 workers, {TARGET_SPEED_UP}x")


def bench_startup(rounds: int, baseline: Path | None = None) -> None:
    """Print the cold ``credence --version`` and one-sentence ``credence score``."""
    trees = {"": ROOT / "src"}
    if baseline is not None:
        trees = {"this tree ": ROOT / "src", "baseline ": baseline.resolve()}
    with tempfile.TemporaryDirectory(prefix="credence-e2e-start-") as tmp:
        article = Path(tmp) / "one.txt"
        article.write_text("The ministry said at least 40 people were killed on Monday.\n")
        commands = {
            "--version": (["--version"], TARGET_VERSION_S),
            "score one sentence": (
                ["score", str(article), "--format", "json"],
                TARGET_ONE_SENTENCE_S,
            ),
        }
        runs: dict[str, list[tuple[float, float, str]]] = {
            tree + name: [] for tree in trees for name in commands
        }
        for _ in range(rounds):
            for name, (arguments, _) in commands.items():
                for tree, src in trees.items():  # alternate, as the machine's load varies
                    runs[tree + name].append(run_cli(src, arguments))
    print(f"cold start, median of {rounds} fresh processes")
    print(f"{'':<32}{'wall s':>9}{'CPU s':>9}{'target s':>10}")
    for name, (_, target) in commands.items():
        for tree in trees:
            values = runs[tree + name]
            wall = statistics.median(v[1] for v in values)
            cpu = statistics.median(v[0] for v in values)
            print(f"{tree + name:<32}{wall:>9.2f}{cpu:>9.2f}{target:>10.1f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--csv", type=Path, default=DEFAULT_CSV, help="FNC-1 train_bodies.csv")
    parser.add_argument("--bodies", type=int, default=None, help="use only the first N bodies")
    parser.add_argument("--baseline", type=Path, help="another checkout's src directory")
    parser.add_argument("--analyze", action="store_true", help="Scorer.analyze with the models")
    parser.add_argument("--score", action="store_true", help="credence score, 1 vs 2 workers")
    parser.add_argument("--score-bodies", type=int, default=1000, help="bodies --score reads")
    parser.add_argument("--startup", action="store_true", help="--version, one-sentence score")
    parser.add_argument("--all", action="store_true", help="extract, --score and --startup")
    parser.add_argument("--extractors", help="registry names credence extract runs (both trees)")
    parser.add_argument("--stages", action="store_true", help="CPU per stage of extract")
    args = parser.parse_args(argv)
    if not args.csv.is_file():
        print(f"Error: {args.csv}: no such file (the FNC-1 bodies)", file=sys.stderr)
        return 1
    if args.baseline is not None and not (args.baseline / "credence" / "cli.py").is_file():
        print(f"Error: {args.baseline}: not a credence src directory", file=sys.stderr)
        return 1
    if args.startup or args.all:
        bench_startup(max(args.rounds, 5), args.baseline)
    if args.score or args.all:
        bench_score(args.csv, args.score_bodies, args.rounds, args.baseline)
    if args.stages:
        bench_stages(args)
    if (args.startup or args.score or args.stages) and not args.all:
        return 0
    trees = {"this tree": ROOT / "src"}
    if args.baseline is not None:
        trees["baseline"] = args.baseline.resolve()
    cpu: dict[str, list[float]] = {name: [] for name in trees}
    wall: dict[str, list[float]] = {name: [] for name in trees}
    digests: dict[str, set[str]] = {name: set() for name in trees}
    with tempfile.TemporaryDirectory(prefix="credence-e2e-") as tmp:
        mb = write_bodies(args.csv, Path(tmp), args.bodies)
        for _ in range(args.rounds):
            for name, src in trees.items():  # alternate, so both see the same machine load
                c, w, digest = run_extract(src, Path(tmp), args.analyze, args.extractors)
                cpu[name].append(c)
                wall[name].append(w)
                digests[name].add(digest)
    n = "all" if args.bodies is None else args.bodies
    what = "Scorer.load + Scorer.analyze" if args.analyze else "credence extract"
    if args.extractors and not args.analyze:
        what += f" --extractors {args.extractors}"
    print(f"{what}, {n} FNC-1 bodies ({mb:.2f} MB), median of {args.rounds} rounds")
    print(f"{'':<12}{'MB/s per core':>15}{'CPU s':>9}{'MB/s wall':>12}{'wall s':>9}")
    medians = {}
    for name in trees:
        c, w = statistics.median(cpu[name]), statistics.median(wall[name])
        medians[name] = c
        print(f"{name:<12}{mb / c:>15.2f}{c:>9.2f}{mb / w:>12.2f}{w:>9.2f}")
    if not args.analyze:
        print(f"target: {TARGET_MB_PER_CPU_S:.1f} MB/s per core")
    if args.baseline is not None:
        ratio = medians["baseline"] / medians["this tree"]
        print(f"this tree / baseline, MB/s per core: {ratio:.2f}x")
        same = digests["this tree"] == digests["baseline"] and len(digests["baseline"]) == 1
        print(f"outputs byte-identical: {'yes' if same else 'NO'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
