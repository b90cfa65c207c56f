"""Where the CPU of ``credence score`` goes: seconds of CPU per stage, one process.

Runs what ``credence score DIR --format json`` runs (read, analyse, every cross-article
stage, the JSON written to a file) on the first ``--bodies`` FNC-1 bodies, with a CPU
counter (``time.process_time``, this process only) around each stage; with ``--workers 2``
the stages read by the workers show the parent's CPU only, so the split is meant for
``--workers 1`` (the default). ``--profile FILE`` also writes a cProfile of the run.

Usage::

    OMP_NUM_THREADS=1 nice python benchmarks/profile_score.py [--bodies 1000] [--workers 1]
"""

from __future__ import annotations

import argparse
import cProfile
import importlib
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_end_to_end import DEFAULT_CSV, write_bodies  # noqa: E402

# (module, function): stage name. Wrapped where their callers look them up.
_STAGES = {
    ("credence.scoring.scorer", "analyze_all"): "analysis (engine, extractors, claims)",
    ("credence.scoring.corroboration", "_rows_without_spans"): "claim rows",
    ("credence.scoring.corroboration", "claim_vectors"): "claim TF-IDF",
    ("credence.scoring.corroboration", "candidate_arrays"): "blocking",
    ("credence.scoring.corroboration", "pair_probabilities"): "pair model (agreement)",
    ("credence.scoring.corroboration", "signature_pairs"): "signature pairs",
    ("credence.scoring.corroboration", "build_stories"): "stories",
    ("credence.scoring.corroboration", "blocking_stats"): "blocking figures",
    ("credence.scoring.corroboration", "items_in_workers"): "evidence items (conflicts, polarity)",
    ("credence.scoring.corroboration", "build_tables"): "score tables",
    ("credence.scoring.corroboration", "_fit_reliability"): "source reliability",
    ("credence.scoring.corroboration", "uncertainty_probabilities"): "uncertainty model",
    ("credence.scoring.corroboration", "hedge_cue_reasons"): "hedge cue reasons",
    ("credence.scoring.corroboration", "attribute_conflicts"): "attribute conflicts",
}


def _timed(name: str, function, spent: dict[str, float]):
    def run(*args, **kwargs):
        started = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            spent[name] += time.process_time() - started

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

    spent: dict[str, float] = defaultdict(float)
    spent["start-up (imports)"] = time.process_time() - started
    for (module, name), stage in _STAGES.items():
        owner = importlib.import_module(module)
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
        run_started = time.process_time()
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
        total = time.process_time() - run_started
    staged = sum(v for k, v in spent.items() if not k.startswith("start-up"))
    spent["rest (reading, scored claims, JSON out)"] = total - staged
    print(
        f"CPU s of credence score, {args.bodies} bodies, --workers {args.workers} "
        f"(this process only)"
    )
    for name, seconds in spent.items():
        share = 100 * seconds / total if not name.startswith("start-up") else float("nan")
        print(f"  {name:<42}{seconds:8.2f}{share:7.1f} %")
    print(
        f"  {'total after start-up':<42}{total:8.2f}   ms an article: "
        f"{1000 * total / args.bodies:.1f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
