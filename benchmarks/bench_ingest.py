"""Throughput of ingestion, segmentation and (when available) claim extraction on FNC-1 bodies.

Usage::

    python benchmarks/bench_ingest.py [--data ../shared/data] [--runs 3]

Reads the 1,683 FNC-1 training bodies (``fnc1/train_bodies.csv``), builds articles with
:func:`credence.ingest.parse_text_article`, segments them with
:func:`credence.features.segment.segment` and, if ``credence.scoring.claims.extract_claims``
is importable, extracts claims. Everything runs in one process on one core. Timings are the
median of ``--runs`` runs; peak memory is the process's maximum resident set size
(``resource.getrusage``) and the Python heap peak of one extra traced run (``tracemalloc``).
"""

from __future__ import annotations

import argparse
import csv
import platform
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from credence.document import Article
from credence.features.segment import segment
from credence.ingest import parse_text_article

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def load_bodies(data: Path) -> list[tuple[str, str]]:
    path = data / "fnc1" / "train_bodies.csv"
    if not path.is_file():
        sys.exit(f"Error: {path} not found (pass --data pointing at shared/data)")
    csv.field_size_limit(10_000_000)
    with path.open(encoding="utf-8", newline="") as handle:
        return [(row["Body ID"], row["articleBody"]) for row in csv.DictReader(handle)]


def find_claim_extractor() -> tuple[Callable[..., Any] | None, str]:
    try:
        from credence.scoring.claims import extract_claims
    except Exception as exc:  # any import failure means the stage is not available
        return None, f"skipped (credence.scoring.claims.extract_claims not importable: {exc})"
    return extract_claims, "ran (credence.scoring.claims.extract_claims)"


def _clock() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def _record(timings: dict[str, float], stage: str, started: tuple[float, float]) -> None:
    wall, cpu = _clock()
    timings[stage] = cpu - started[1]
    timings[f"{stage}_wall"] = wall - started[0]


def run_once(
    bodies: list[tuple[str, str]], extract_claims: Callable[..., Any] | None
) -> dict[str, float]:
    timings: dict[str, float] = {}
    started = _clock()
    articles: list[Article] = [
        parse_text_article(body, id=f"fnc1:{body_id}", source="train_bodies.csv")
        for body_id, body in bodies
    ]
    _record(timings, "ingest", started)

    started = _clock()
    segmented = [segment(article.text) for article in articles]
    _record(timings, "segment", started)
    timings["paragraphs"] = sum(len(p) for p, _ in segmented)
    timings["sentences"] = sum(len(s) for _, s in segmented)

    if extract_claims is not None:
        started = _clock()
        claims = 0
        for article, (paragraphs, sentences) in zip(articles, segmented, strict=True):
            claims += len(extract_claims(article, paragraphs, sentences))
        _record(timings, "claims", started)
        timings["claim_count"] = claims
    return timings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared/data folder")
    parser.add_argument("--runs", type=int, default=3, help="timed runs (median is reported)")
    args = parser.parse_args(argv)

    bodies = load_bodies(args.data)
    megabytes = sum(len(body.encode("utf-8")) for _, body in bodies) / 1e6
    extract_claims, claims_status = find_claim_extractor()

    print(f"python {platform.python_version()} on {platform.machine()}, single process")
    print(f"data: {len(bodies)} FNC-1 bodies, {megabytes:.2f} MB UTF-8")
    print("stages: ingest (parse_text_article) ran; segment (segment) ran; ", end="")
    print(f"claims {claims_status}")

    runs = [run_once(bodies, extract_claims) for _ in range(args.runs)]
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux

    tracemalloc.start()
    run_once(bodies, extract_claims)
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    def median(key: str) -> float:
        return statistics.median(run[key] for run in runs)

    articles = len(bodies)
    sentences = int(runs[0]["sentences"])
    print(f"paragraphs: {int(runs[0]['paragraphs'])}, sentences: {sentences}", end="")
    print(f", claims: {int(runs[0]['claim_count'])}" if "claims" in runs[0] else "")
    print(f"median of {args.runs} runs (rates per CPU second of this single process):")
    print(
        f"  {'stage':<10}{'cpu s':>8}{'wall s':>8}{'articles/s':>12}{'MB/s/core':>11}"
        f"{'sentences/s':>13}"
    )
    stages = ["ingest", "segment"] + (["claims"] if "claims" in runs[0] else [])
    rows = [(stage, median(stage), median(f"{stage}_wall")) for stage in stages]
    rows.append(
        (
            "total",
            statistics.median(sum(run[s] for s in stages) for run in runs),
            statistics.median(sum(run[f"{s}_wall"] for s in stages) for run in runs),
        )
    )
    for stage, seconds, wall in rows:
        print(
            f"  {stage:<10}{seconds:>8.3f}{wall:>8.3f}{articles / seconds:>12.0f}"
            f"{megabytes / seconds:>11.2f}{sentences / seconds:>13.0f}"
        )
    print(f"peak memory: {rss_mb:.0f} MB max RSS; {traced_peak / 1e6:.1f} MB Python heap peak")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
