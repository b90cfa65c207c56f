"""In-process scoring vs a dask LocalCluster on real articles: same JSON? how fast? how big?

Scores N real articles from ../shared/data (half FNC-1 bodies, half PolNeAR articles with
their publisher and date; the golden set's loaders) in-process (``--workers 1`` and ``2``)
and on ``local:W`` (W worker processes), checks the cluster's ``--format json`` is
byte-identical to the in-process one, and prints the figures docs/scale.md builds on:
per-article analysis MB/s, candidate pairs and pairs/s of the agreement model, the
reliability rounds, bytes per article / claim / pair and the shuffle volume per 1,000
articles.

    nice python benchmarks/bench_distributed.py --articles 1000 --cluster-workers 2

The machine is shared: run it niced, compare the columns side by side, read ratios more
than seconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import pickle
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import golden  # noqa: E402  (the golden set's article loaders)

from credence.document import Article  # noqa: E402
from credence.scoring import corroboration  # noqa: E402
from credence.scoring.matching import blocking_stats  # noqa: E402
from credence.scoring.parallel import using_workers  # noqa: E402
from credence.scoring.scorer import Scorer  # noqa: E402


def _articles(n: int) -> list[Article]:
    raw = golden._fnc_bodies(n - n // 2) + golden._polnear_articles(n // 2)
    out = []
    for a in raw:
        published = dt.date.fromisoformat(a["published"][:10]) if a.get("published") else None
        out.append(Article(id=a["id"], text=a["text"], outlet=a.get("outlet"), published=published))
    return out


class _Timers:
    """Wraps corroboration's steps to time them and count what they handle."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.counts: dict[str, int] = defaultdict(int)
        self.saved: dict[str, Any] = {}

    def wrap(self, name: str, count: Any) -> None:
        original = getattr(corroboration, name)
        self.saved[name] = original

        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            result = original(*args, **kwargs)
            self.seconds[name] += time.perf_counter() - start
            self.counts[name] += count(args, kwargs, result)
            return result

        setattr(corroboration, name, timed)

    def restore(self) -> None:
        for name, original in self.saved.items():
            setattr(corroboration, name, original)


def _in_process(scorer: Scorer, articles: list[Article], workers: int) -> tuple[str, dict]:
    timers = _Timers()
    timers.wrap("candidate_arrays", lambda a, k, r: int(r[0].size))
    timers.wrap("pair_probabilities", lambda a, k, r: int(r.shape[0]))
    timers.wrap("truth_discovery", lambda a, k, r: int(r.iterations))
    captured: dict[str, Any] = {}
    analyze = scorer.analyze

    def timed_analyze(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        captured["analyses"] = analyze(*args, **kwargs)
        captured["analysis_s"] = time.perf_counter() - start
        return captured["analyses"]

    scorer.analyze = timed_analyze  # type: ignore[method-assign]
    try:
        with using_workers(workers):
            start = time.perf_counter()
            report = scorer.score(articles).to_json()
            total = time.perf_counter() - start
    finally:
        timers.restore()
        del scorer.analyze
    return report, {**captured, "total_s": total, "timers": timers}


def _cluster(scorer: Scorer, articles: list[Article], workers: int) -> tuple[str, dict]:
    from credence.scoring.distributed import ClusterScorer, cluster_client

    start = time.perf_counter()
    with cluster_client(f"local:{workers}") as client:
        started = time.perf_counter() - start
        cluster_scorer = ClusterScorer(scorer, client)
        begin = time.perf_counter()
        report = cluster_scorer.score(articles).to_json()
        scored = time.perf_counter() - begin
        # A second run: the workers hold the models already (what a long-lived cluster does).
        begin = time.perf_counter()
        cluster_scorer.score(articles)
        warm = time.perf_counter() - begin
    return report, {"startup_s": started, "first_s": scored, "warm_s": warm}


def _sizes(articles: list[Article], facts: dict) -> dict[str, float]:
    analyses = facts["analyses"]
    from credence.scoring.claim_rows import build_rows, fold_copies
    from credence.scoring.matching import claim_vectors

    rows, _ = fold_copies(
        build_rows(analyses, corroboration.ScoringPriors()), corroboration.ScoringPriors()
    )
    X, _ = claim_vectors([r.claim.text for r in rows])
    stats = blocking_stats(X, 200)
    pairs = facts["timers"].counts["pair_probabilities"]
    return {
        "text_mb": sum(len(a.text.encode()) for a in articles) / 1e6,
        "analysis_bytes_per_article": len(pickle.dumps(analyses)) / len(articles),
        "rows": len(rows),
        "tfidf_bytes_per_claim": (X.data.nbytes + X.indices.nbytes + X.indptr.nbytes)
        / max(1, len(rows)),
        "pairs": pairs,
        "stats": stats,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--cluster-workers", type=int, default=2)
    args = parser.parse_args()
    if not golden.DATA.is_dir():
        sys.exit(f"labelled data not found at {golden.DATA}")
    articles = _articles(args.articles)
    scorer = Scorer.load()
    want, one = _in_process(scorer, articles, 1)
    _, two = _in_process(scorer, articles, 2)
    got, cluster = _cluster(scorer, articles, args.cluster_workers)
    sizes = _sizes(articles, one)
    t = one["timers"]
    stats = sizes["stats"]
    n = len(articles)
    w = args.cluster_workers
    lines = [
        f"articles {n}  text {sizes['text_mb']:.2f} MB  claim rows {sizes['rows']}",
        f"byte-identical --format json (local:{w} vs in-process): {got == want}",
        "",
        "| run | analysis s | total s |",
        "|---|---|---|",
        f"| in-process, 1 worker | {one['analysis_s']:.1f} | {one['total_s']:.1f} |",
        f"| in-process, 2 workers | {two['analysis_s']:.1f} | {two['total_s']:.1f} |",
        f"| local:{w}, first run (workers load models) | - | {cluster['first_s']:.1f} |",
        f"| local:{w}, second run | - | {cluster['warm_s']:.1f} |",
        f"cluster startup {cluster['startup_s']:.1f} s; second run / in-process 2 workers "
        f"= {cluster['warm_s'] / two['total_s']:.2f}",
        "",
        "per stage, in-process 1 worker:",
        f"  analysis {sizes['text_mb'] / one['analysis_s']:.3f} MB/s "
        f"({n / one['analysis_s']:.1f} articles/s)",
        f"  blocking {t.seconds['candidate_arrays']:.2f} s, "
        f"{t.counts['candidate_arrays']} candidates",
        f"  pair reading {t.counts['pair_probabilities']} pairs in "
        f"{t.seconds['pair_probabilities']:.2f} s = "
        f"{t.counts['pair_probabilities'] / max(t.seconds['pair_probabilities'], 1e-9):.0f} "
        "pairs/s",
        f"  reliability {t.counts['truth_discovery']} rounds in "
        f"{t.seconds['truth_discovery']:.2f} s",
        "",
        "sizes:",
        f"  analysis (pickled) {sizes['analysis_bytes_per_article'] / 1e3:.1f} kB/article",
        f"  claims {sizes['rows'] / n:.1f}/article; TF-IDF row "
        f"{sizes['tfidf_bytes_per_claim']:.0f} B/claim",
        f"  pairs {sizes['pairs'] / n:.1f}/article; 48 B/pair in arrays (2 int64 + 4 float64)",
        f"  blocks {stats.blocks}, largest {stats.largest_block}; capped "
        f"{stats.capped_blocks} (largest {stats.largest_capped} claims)",
        f"  shuffle per 1,000 articles: {stats.postings * 1000 / n:.0f} postings = "
        f"{stats.shuffle_bytes / n / 1e3:.2f} MB; TF-IDF broadcast "
        f"{sizes['tfidf_bytes_per_claim'] * sizes['rows'] / n / 1e3:.2f} MB a worker",
    ]
    print("\n".join(lines))
    if got != want:
        sys.exit(1)


if __name__ == "__main__":
    main()
