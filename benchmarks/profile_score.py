"""Where the time of ``credence score`` goes: CPU of the parent and of its workers, per stage.

Runs what ``credence score DIR --format json`` runs (read, analyse, every cross-article
stage, the JSON written to a file) on the first ``--bodies`` FNC-1 bodies, with counters
around each stage: the parent's CPU (``time.process_time``), the CPU of the worker processes
that ended within the stage (``RUSAGE_CHILDREN``: every pool is joined inside its stage) and
the wall-clock time. With ``--workers 1`` everything is the parent's; with ``--workers 2``
the parent's column is the serial part (Amdahl: for 1.7x on two cores it must stay under
about 15 % of the one-worker CPU). Indented stages are parts of the stage above them,
timed in the parent only (not added to the total). ``--profile FILE`` also writes a
cProfile of the parent (its times are wall-clock: idle waits on the workers included).

Usage::

    OMP_NUM_THREADS=1 nice python benchmarks/profile_score.py [--bodies 1000] [--workers 1]
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
    ("credence.models.agreement", "AgreementModel._proba_of"): "  boosted trees, calibration",
    ("credence.scoring.corroboration", "signature_pairs"): "signature pairs",
    ("credence.scoring.corroboration", "build_stories"): "stories",
    ("credence.scoring.corroboration", "blocking_stats"): "blocking figures",
    ("credence.scoring.corroboration", "items_in_workers"): "evidence items (conflicts, polarity)",
    ("credence.scoring.evidence", "compare_measures"): "  numbers and dates compared",
    ("credence.scoring.evidence", "_PairRules.polarity"): "  polarity",
    ("credence.scoring.evidence", "_PairRules.substitution"): "  substituted names",
    ("credence.scoring.evidence", "_PairRules.other_actors"): "  other actors",
    ("credence.scoring.evidence", "shared_frame"): "  shared frames",
    ("credence.scoring.corroboration", "build_tables"): "score tables",
    ("credence.scoring.corroboration", "_fit_reliability"): "source reliability",
    ("credence.scoring.corroboration", "uncertainty_probabilities"): "uncertainty model",
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, default=DEFAULT_CSV)
    parser.add_argument("--bodies", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--profile", type=Path, help="also write a cProfile here")
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
