"""Simulate the blocking shuffle on a skewed synthetic news day: is the largest block handled?

Real news is skewed: a few stories are told by thousands of articles, most by a handful.
This script draws story sizes from a Zipf law whose largest story has ``--largest``
articles (10,000 by default), writes claims for each article (the story's name, words of
the story's own vocabulary, common words of a Zipf-distributed global vocabulary), and
runs credence's blocking on them: the terms are the blocking keys.

It prints the block size distribution (claims per blocking key), the pairs each block would
make if compared whole, the pairs the capped blocking makes instead (each claim keeps its
``top_k`` candidates; keys held by more than ``max_postings`` claims are capped: the report
says so in ``blocking``), the shuffle volume and the time; with ``--cluster local:N`` it
also runs the shuffle on a LocalCluster and checks it finds the same pairs.

    nice python benchmarks/simulate_shuffle.py                    # ~160k claims
    nice python benchmarks/simulate_shuffle.py --largest 2000 --cluster local:2
"""

from __future__ import annotations

import argparse
import random
import time

import numpy as np

from credence.scoring.matching import blocking_stats, candidate_arrays, claim_vectors


def _story_sizes(stories: int, largest: int, exponent: float) -> list[int]:
    return [max(1, int(largest / (rank**exponent))) for rank in range(1, stories + 1)]


def _letters(number: int) -> str:
    # Words, not numbers: the TF-IDF token pattern skips digits-only tokens.
    out = ""
    while True:
        number, digit = divmod(number, 26)
        out += chr(ord("a") + digit)
        if number == 0:
            return out


def synthetic_claims(
    sizes: list[int], claims_per_article: int, seed: int
) -> tuple[list[str], list[int]]:
    """Claim texts and the article of each claim."""
    rng = random.Random(seed)
    common = [f"c{_letters(k)}" for k in range(5000)]
    common_weights = [1.0 / (k + 1) for k in range(5000)]
    texts: list[str] = []
    article_of: list[int] = []
    article = 0
    for story, size in enumerate(sizes):
        name = f"story{_letters(story)}"
        vocabulary = [
            f"s{_letters(story)}w{_letters(j)}" for j in range(20 + 2 * size.bit_length())
        ]
        for _ in range(size):
            for _ in range(claims_per_article):
                words = rng.sample(vocabulary, 2) + rng.choices(common, common_weights, k=3)
                if rng.random() < 0.7:
                    words.append(name)
                rng.shuffle(words)
                texts.append(" ".join(words))
                article_of.append(article)
            article += 1
    return texts, article_of


def _distribution(df: np.ndarray, max_postings: int) -> None:
    edges = [2, 10, 100, max_postings + 1, 1000, 10_000, 10**9]
    print("\n| claims per block | blocks | pairs if compared whole | kept? |")
    print("|---|---|---|---|")
    for lo, hi in zip(edges, edges[1:], strict=False):
        inside = df[(df >= lo) & (df < hi)].astype(np.float64)
        whole = float((inside * (inside - 1) / 2).sum())
        kept = "yes" if hi <= max_postings + 1 else "capped"
        print(f"| {lo:,}-{hi - 1:,} | {inside.size:,} | {whole:,.0f} | {kept} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stories", type=int, default=3000)
    parser.add_argument("--largest", type=int, default=10_000, help="articles of the top story")
    parser.add_argument("--exponent", type=float, default=1.0, help="Zipf exponent of sizes")
    parser.add_argument("--claims-per-article", type=int, default=2)
    parser.add_argument("--max-postings", type=int, default=200)
    parser.add_argument("--top-k", type=int, default=10)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--cluster", default=None, help="e.g. local:2: run the shuffle too")
    args = parser.parse_args()

    sizes = _story_sizes(args.stories, args.largest, args.exponent)
    start = time.perf_counter()
    texts, article_of = synthetic_claims(sizes, args.claims_per_article, args.seed)
    X, vectorizer = claim_vectors(texts)
    made = time.perf_counter() - start
    print(
        f"{len(sizes):,} stories, {sum(sizes):,} articles (largest story {sizes[0]:,}, "
        f"median {int(np.median(sizes))}), {len(texts):,} claims; generated and vectorised "
        f"in {made:.1f} s"
    )
    stats = blocking_stats(X, args.max_postings, list(vectorizer.get_feature_names_out()))
    df = np.diff(X.tocsc().indptr)
    _distribution(df, args.max_postings)
    print(
        f"\nkept blocks {stats.blocks:,} (largest {stats.largest_block:,} claims); "
        f"capped {stats.capped_blocks:,} (largest {stats.largest_capped:,} claims): "
        + ", ".join(f"{t} ({c:,})" for t, c in stats.capped_terms[:5])
    )
    kept = df[(df >= 2) & (df <= args.max_postings)].astype(np.float64)
    print(
        f"pairs within kept blocks {float((kept * (kept - 1) / 2).sum()):,.0f}; "
        f"shuffle {stats.postings:,} postings = {stats.shuffle_bytes / 1e6:.1f} MB"
    )
    start = time.perf_counter()
    first, second, _ = candidate_arrays(
        X, top_k=args.top_k, max_postings=args.max_postings, block=article_of, dates=None
    )
    blocked = time.perf_counter() - start
    print(
        f"candidate pairs {first.size:,} ({first.size / len(texts):.1f} a claim, at most "
        f"top_k={args.top_k} kept by each side) in {blocked:.1f} s in-process "
        f"({len(texts) / blocked:,.0f} claims/s)"
    )
    # The largest story: its claims still find candidates, through the story's own words.
    top_story = np.flatnonzero(np.asarray(article_of) < sizes[0])
    in_top = np.isin(first, top_story) & np.isin(second, top_story)
    print(
        f"largest story: {top_story.size:,} claims, {int(in_top.sum()):,} candidate pairs "
        f"among them (compared whole: {top_story.size * (top_story.size - 1) // 2:,})"
    )
    if args.cluster:
        from credence.scoring.distributed import ClusterBackend, cluster_client

        with cluster_client(args.cluster) as client:
            backend = ClusterBackend(client)
            start = time.perf_counter()
            found = backend.candidate_arrays(
                X, top_k=args.top_k, max_postings=args.max_postings, block=article_of, dates=None
            )
            shuffled = time.perf_counter() - start
        same = np.array_equal(found[0], first) and np.array_equal(found[1], second)
        print(f"shuffle on {args.cluster}: {shuffled:.1f} s, same pairs as in-process: {same}")


if __name__ == "__main__":
    main()
