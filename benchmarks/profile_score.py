"""Where the time of ``credence score`` goes: CPU of the parent and of its workers, per stage.

Runs what ``credence score DIR --format json`` runs (read, analyse, every cross-article
stage, the JSON written to a file) on the first ``--bodies`` FNC-1 bodies, with counters
around each stage: the parent's CPU (``time.process_time``), the CPU of the worker processes
that ended within the stage (``RUSAGE_CHILDREN``: every pool is joined inside its stage) and
the wall-clock time. With ``--workers 1`` everything is the parent's; with ``--workers 2``
the parent's column is the serial part (Amdahl: for 1.7x on two cores it must stay under
about 15 % of the one-worker CPU). Indented stages are parts of the stage above them,
timed in the parent only (not added to the total). ``--profile FILE`` also writes a
cProfile of the parent (its times are wall-clock: idle waits on the workers included; the
forked workers inherit the profiler, so do not read their CPU from such a run).

``--pools`` also prints one line per pool of workers (:mod:`credence.scoring.parallel`):
the function, its batches, the CPU spent inside the function in the workers, the workers'
whole CPU (the difference is forking, start-up, pickling and page copies), their minor page
faults, and the bytes pickled each way per article (measured by pickling again in each
process, which adds CPU: read the per-stage figures from a run without ``--pools``).

Usage::

    OMP_NUM_THREADS=1 nice python benchmarks/profile_score.py [--bodies 1000] [--workers 1]
    OMP_NUM_THREADS=1 nice python benchmarks/profile_score.py --workers 2 --pools
"""

from __future__ import annotations

import argparse
import cProfile
import importlib
import inspect
import resource
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_end_to_end import DEFAULT_CSV, write_bodies  # noqa: E402

# (module, function): stage name. Wrapped where their callers look them up. A name starting
# with two spaces is a part of the stage before it (parent CPU only, not in the total).
_STAGES = {
    ("credence.scoring.scorer", "analysed_rows"): "analysis and claim rows",
    ("credence.scoring.article_batches", "analyze_all"): "  analysis (engine, extractors, claims)",
    ("credence.scoring.article_batches", "article_rows"): "  claim rows of each article",
    ("credence.scoring.article_batches", "_joined"): "  claim rows joined (near copies, names)",
    ("credence.scoring.corroboration", "fold_copies"): "folded copies",
    ("credence.scoring.corroboration", "claim_vectors"): "claim TF-IDF",
    ("credence.scoring.corroboration", "candidate_arrays"): "blocking",
    ("credence.scoring.corroboration", "pair_probabilities"): "pair model (agreement)",
    (
        "credence.models.agreement_features",
        "PairFeaturizer.prepare",
    ): "  texts read (cores, profiles, TF-IDF)",
    ("credence.models.agreement_features", "PairFeaturizer.transform_prepared"): "  pair features",
    ("credence.models.agreement_pairs", "ProfileArrays.of"): "  profiles as arrays",
    ("credence.models.agreement", "AgreementModel._proba_of"): "  boosted trees, calibration",
    ("credence.scoring.corroboration", "signature_pairs"): "signature pairs",
    ("credence.scoring.corroboration", "build_stories"): "stories",
    ("credence.scoring.corroboration", "blocking_stats"): "blocking figures",
    (
        "credence.scoring.corroboration",
        "items_and_model_readings",
    ): "evidence items (+ uncertainty batches, 2 workers)",
    ("credence.scoring.evidence", "compare_measures"): "  numbers and dates compared",
    ("credence.scoring.evidence", "_PairRules.polarity"): "  polarity",
    ("credence.scoring.evidence", "_PairRules.substitution"): "  substituted names",
    ("credence.scoring.evidence", "_PairRules.other_actors"): "  other actors",
    ("credence.scoring.evidence", "shared_frame"): "  shared frames",
    ("credence.scoring.corroboration", "build_tables"): "score tables",
    ("credence.scoring.corroboration", "_fit_reliability"): "source reliability",
    ("credence.scoring.corroboration", "uncertainty_probabilities"): "uncertainty model",
    ("credence.scoring.corroboration", "sentence_outputs"): "uncertainty outputs",
    ("credence.scoring.corroboration", "hedge_cue_reasons"): "hedge cue reasons",
    ("credence.scoring.corroboration", "attribute_conflicts"): "attribute conflicts",
    ("credence.scoring.streamed_report", "claim_texts"): "scored claims and their JSON",
}


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _timed(name: str, function, spent: dict[str, list[float]]):
    def run(*args, **kwargs):
        started = (time.process_time(), _children_cpu(), time.perf_counter())
        try:
            result = function(*args, **kwargs)
            if inspect.isgenerator(result):  # the claims' text is made as it is written
                result = list(result)
            return result
        finally:
            ended = (time.process_time(), _children_cpu(), time.perf_counter())
            for k in range(3):
                spent[name][k] += ended[k] - started[k]

    return run


def _watch_pools(log: Path):
    """Patch :mod:`credence.scoring.parallel` to log each batch (in its worker) and each
    pool (in the parent) to ``log``; returns the function that reads the log back."""
    import os
    import pickle

    import credence.scoring.parallel as parallel

    inherited = parallel._run_inherited

    def run_inherited(call: int, index: int):
        fn = parallel._INHERITED[call][0]
        started = time.process_time()
        result = inherited(call, index)
        spent = time.process_time() - started
        size = len(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
        with open(log, "a") as out:
            out.write(f"B\t{_name_of(fn)}\t{spent}\t{size}\t{os.getpid()}\n")
        return result

    # Found by name when the pool pickles the call: the patched function under the old name.
    run_inherited.__module__ = parallel.__name__
    run_inherited.__qualname__ = run_inherited.__name__ = "_run_inherited"
    parallel._run_inherited = run_inherited
    for name in ("_map_in_pool", "_imap_in_pool"):
        watched = _pool_watched(getattr(parallel, name), log, lazy=name == "_imap_in_pool")
        setattr(parallel, name, watched)


def _name_of(fn) -> str:
    fn = getattr(fn, "func", fn)  # functools.partial
    return getattr(fn, "__qualname__", type(fn).__name__).replace("<locals>.", "")


def _pool_watched(pool_call, log: Path, *, lazy: bool):
    def run(fn, batches, *args, **kwargs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        result = pool_call(fn, batches, *args, **kwargs)
        if lazy:  # a generator: the pool lives until it is read out
            result = list(result)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        faults = after.ru_minflt - before.ru_minflt
        with open(log, "a") as out:
            out.write(f"P\t{_name_of(fn)}\t{len(batches)}\t{cpu}\t{faults}\n")
        return iter(result) if lazy else result

    return run


def _print_pools(log: Path, bodies: int) -> None:
    inside: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    pools = []
    for line in log.read_text().splitlines():
        kind, name, *values = line.split("\t")
        if kind == "B":
            inside[name][0] += float(values[0])
            inside[name][1] += float(values[1])
        else:
            pools.append((name, int(values[0]), float(values[1]), int(values[2])))
    per = 1000 / bodies
    print("pools of workers: ms an article (CPU inside the function, whole workers' CPU),")
    print("minor page faults of the workers, bytes pickled back an article")
    print(f"  {'function':<44}{'batches':>8}{'inside':>8}{'whole':>8}{'faults':>9}{'bytes':>9}")
    seen: set[str] = set()
    for name, batches, cpu, faults in pools:
        # A function run in several pools: its batch totals are shown on its first pool.
        fn_cpu, size = inside[name] if name not in seen else (0.0, 0.0)
        seen.add(name)
        print(
            f"  {name[:44]:<44}{batches:8d}{fn_cpu * per:8.2f}{cpu * per:8.2f}"
            f"{faults:9d}{size / bodies:9.0f}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, default=DEFAULT_CSV)
    parser.add_argument("--bodies", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--profile", type=Path, help="also write a cProfile here")
    parser.add_argument("--pools", action="store_true", help="also print each pool's figures")
    args = parser.parse_args(argv)
    started = time.process_time()
    from credence.cli import main as cli_main

    spent: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    imports = time.process_time() - started
    for (module, name), stage in _STAGES.items():
        owner = importlib.import_module(module)
        *classes, name = name.split(".")  # "Class.method": wrapped on the class
        for class_name in classes:
            owner = getattr(owner, class_name)
        setattr(owner, name, _timed(stage, getattr(owner, name), spent))
    with tempfile.TemporaryDirectory(prefix="credence-profile-score-") as tmp:
        pool_log = Path(tmp) / "pools.tsv"
        if args.pools:
            _watch_pools(pool_log)
        bodies = Path(tmp) / "bodies"
        bodies.mkdir()
        write_bodies(args.csv, bodies, args.bodies)
        sys.argv = [
            "credence",
            "score",
            str(bodies),
            "--format",
            "json",
            "--workers",
            str(args.workers),
            "-o",
            str(Path(tmp) / "out.json"),
        ]
        profiler = cProfile.Profile() if args.profile else None
        run_started = (time.process_time(), _children_cpu(), time.perf_counter())
        if profiler is not None:
            profiler.enable()
        try:
            cli_main()
        except SystemExit as stop:
            if stop.code not in (0, None):
                raise
        finally:
            if profiler is not None:
                profiler.disable()
                profiler.dump_stats(args.profile)
        ended = (time.process_time(), _children_cpu(), time.perf_counter())
        total = [ended[k] - run_started[k] for k in range(3)]
        _print(spent, total, imports, args)
        if args.pools and pool_log.exists():
            _print_pools(pool_log, args.bodies)
    return 0


def _print(spent: dict[str, list[float]], total: list[float], imports: float, args) -> None:
    ordered = [name for name in _STAGES.values() if name in spent]
    top = [spent[name] for name in ordered if not name.startswith("  ")]
    rest = [total[k] - sum(t[k] for t in top) for k in range(3)]
    per = 1000 / args.bodies
    print(
        f"credence score, {args.bodies} bodies, --workers {args.workers}: ms an article "
        f"(parent CPU, workers' CPU, wall); start-up imports {1000 * imports:.0f} ms"
    )
    print(f"  {'stage':<44}{'parent':>8}{'workers':>9}{'wall':>8}{'parent %':>10}")
    for name in [*ordered, "rest (reading, models, pools, writing)"]:
        row = spent[name] if name in spent else rest
        share = f"{100 * row[0] / total[0]:9.1f}%" if not name.startswith("  ") else ""
        print(f"  {name:<44}{row[0] * per:8.2f}{row[1] * per:9.2f}{row[2] * per:8.2f}{share}")
    print(
        f"  {'total':<44}{total[0] * per:8.2f}{total[1] * per:9.2f}{total[2] * per:8.2f}"
        f"   CPU {(total[0] + total[1]) * per:.1f} ms an article, "
        f"{args.bodies / total[2]:.1f} articles/s"
    )


if __name__ == "__main__":
    raise SystemExit(main())
