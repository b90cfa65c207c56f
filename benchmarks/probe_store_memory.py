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
"""

from __future__ import annotations

import argparse
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("store", type=Path, help="A claim store file (not modified).")
    parser.add_argument(
        "--top", type=int, default=0, help="Print the K source lines keeping the most memory."
    )
    args = parser.parse_args()
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
