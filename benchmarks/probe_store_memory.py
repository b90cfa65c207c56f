"""What a store run's cross-article stage holds: live Python memory once it is built.

Copies a claim store (one that ``bench_stream.py --keep DIR`` left, for instance), starts a
run over it with no new article (``StreamedRun.start(scorer, [], store)``: every stored
claim is scored again, the model readings looked up) and prints, traced by tracemalloc, the
memory the stage keeps once built (what every later step, the output included, runs on top
of) and the peak while it was built (after scoring the bundled examples has loaded what loads
lazily), per stored article and per claim. Run it with
``PYTHONPATH`` on another ``src`` for the side-by-side figure of another version:

    python benchmarks/probe_store_memory.py /tmp/bench/claims.db
    PYTHONPATH=/work/baseline_s7/src python benchmarks/probe_store_memory.py /tmp/bench/claims.db

Tracing slows the run about threefold: the seconds printed are not throughput figures.
The store given is not written (the run is made on a copy, and its scores never saved).

``--stages`` traces nothing: it prints the process's RSS (now, and its peak, VmHWM) around
each step of the cross-article stage (claim rows, TF-IDF vectors, pair reading, stories,
evidence items, tables, reliability, uncertainty outputs, cue reasons, attribute slips)
and around the output (every claim made, its line written to a file, the scores saved),
so that the memory a step leaves behind (live or fragmented) is seen where it arises:

    python benchmarks/probe_store_memory.py /tmp/bench/claims.db --stages
"""

from __future__ import annotations

import argparse
import functools
import gc
import json
import resource
import shutil
import sqlite3
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _copy(store: Path, folder: Path) -> Path:
    # Through SQLite's backup: the copy holds the WAL's pages too.
    target = folder / "claims.db"
    source = sqlite3.connect(store)
    copy = sqlite3.connect(target)
    with copy:
        source.backup(copy)
    source.close()
    copy.close()
    return target


#: The steps of ``prepare_scoring`` that ``--stages`` measures, by their name in
#: :mod:`credence.scoring.corroboration`.
STEPS = (
    "_claim_rows",
    "fold_copies",
    "claim_vectors",
    "_read_pairs",
    "_stories",
    "items_and_model_readings",
    "build_tables",
    "_fit_reliability",
    "sentence_outputs",
    "hedge_cue_reasons",
    "attribute_conflicts",
)


def _rss_mb() -> tuple[float, float]:
    """This process's RSS now and its peak (VmRSS, VmHWM), in MB."""
    fields = {}
    with open("/proc/self/status") as status:
        for line in status:
            name, _, value = line.partition(":")
            fields[name] = value
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def _measured(function, name: str, log: list[dict]):
    @functools.wraps(function)
    def step(*args, **kwargs):
        before, _ = _rss_mb()
        started = time.perf_counter()
        out = function(*args, **kwargs)
        now, peak = _rss_mb()
        log.append(
            {
                "step": name,
                "seconds": round(time.perf_counter() - started, 1),
                "rss_before_mb": round(before),
                "rss_after_mb": round(now),
                "peak_mb": round(peak),
            }
        )
        print(log[-1], flush=True)
        return out

    return step


def stages(store_path: Path, any_models: bool = False) -> None:
    """RSS around each step of a store run over ``store_path`` (a copy), and its output.

    ``any_models``: probe a store built with other models too (its readings are looked up
    as if they were these models': the memory is the same, the scores are not).
    """
    from credence.scoring import corroboration
    from credence.scoring.incremental import StreamedRun
    from credence.scoring.scorer import Scorer
    from credence.scoring.store import ClaimStore

    log: list[dict] = []
    for name in STEPS:
        setattr(corroboration, name, _measured(getattr(corroboration, name), name, log))
    folder = Path(tempfile.mkdtemp(prefix="probe_store_"))
    try:
        scorer = Scorer.load()
        path = _copy(store_path, folder)
        with ClaimStore(path) as store:
            if any_models:
                store.check_fingerprint = lambda fingerprint: None
            run = _measured(StreamedRun.start, "stage built", log)(
                scorer, [], store, report_all=True
            )
            with open(folder / "out.jsonl", "w", encoding="utf-8") as out:
                _measured(out.writelines, "claims made, written, saved", log)(run.lines())
            print(json.dumps({"log": log, "counts": run.counts}))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("store", type=Path, help="A claim store file (not modified).")
    parser.add_argument(
        "--top", type=int, default=0, help="Print the K source lines keeping the most memory."
    )
    parser.add_argument(
        "--stages", action="store_true", help="RSS around each step instead of tracemalloc."
    )
    parser.add_argument(
        "--any-models",
        action="store_true",
        help="With --stages: probe a store built with other models (memory only).",
    )
    args = parser.parse_args()
    if args.stages:
        stages(args.store, args.any_models)
        return
    import credence
    from credence.ingest import read_articles
    from credence.scoring.incremental import StreamedRun
    from credence.scoring.scorer import Scorer
    from credence.scoring.store import ClaimStore

    folder = Path(tempfile.mkdtemp(prefix="probe_store_"))
    try:
        scorer = Scorer.load()
        # Scoring the bundled examples loads what the models and extractors load lazily:
        # the traced run below measures the stage, not the models.
        scorer.score(read_articles([str(ROOT / "examples")]).articles)
        path = _copy(args.store, folder)
        gc.collect()
        with ClaimStore(path) as store:
            tracemalloc.start()
            started = time.perf_counter()
            run = StreamedRun.start(scorer, [], store)
            seconds = time.perf_counter() - started
            gc.collect()
            kept, peak = tracemalloc.get_traced_memory()
            if args.top:
                for stat in tracemalloc.take_snapshot().statistics("lineno")[: args.top]:
                    print(f"{stat.size / 1e6:8.2f} MB {stat.count:9d} blocks  {stat.traceback}")
            tracemalloc.stop()
            articles, claims = run.counts["articles_stored"], len(run.stage.rows)
            figures = {
                "code": str(Path(credence.__file__).parents[1]),
                "articles": articles,
                "claim_rows": claims,
                "stage_kept_mb": kept / 1e6,
                "stage_peak_mb": peak / 1e6,
                "kept_kb_per_article": kept / 1e3 / max(articles, 1),
                "kept_bytes_per_claim": kept / max(claims, 1),
                "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "traced_seconds": seconds,
            }
            del run
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(
        f"{figures['articles']} articles, {figures['claim_rows']} claim rows: the stage keeps "
        f"{figures['stage_kept_mb']:.1f} MB ({figures['kept_kb_per_article']:.1f} kB an "
        f"article, {figures['kept_bytes_per_claim']:.0f} B a claim), peak while built "
        f"{figures['stage_peak_mb']:.1f} MB (traced); process peak RSS "
        f"{figures['peak_rss_mb']:.0f} MB"
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
