"""Capped blocking keys are said in the report (issue 17 item 4): a story too large to block on."""

from __future__ import annotations

import json

from credence.document import Article
from credence.scoring.corroboration import corroborate
from credence.scoring.matching import blocking_stats, claim_vectors
from credence.scoring.scorer import Scorer


def test_blocking_stats_counts_capped_terms_most_common_first():
    texts = ["alpha beta gamma"] * 5 + ["alpha beta delta"] * 3 + ["alpha epsilon zeta"] * 2
    X, vectorizer = claim_vectors(texts)
    stats = blocking_stats(X, 4, list(vectorizer.get_feature_names_out()))
    # alpha in 10 claims, beta in 8, gamma in 5: capped; delta in 3, epsilon and zeta in 2: kept.
    assert stats.capped_terms == (("alpha", 10), ("beta", 8), ("gamma", 5))
    assert (stats.capped_blocks, stats.largest_capped) == (3, 10)
    assert (stats.blocks, stats.largest_block, stats.postings) == (3, 3, 7)
    assert stats.shuffle_bytes == 7 * 20


def test_blocking_stats_of_no_claims_is_empty():
    from scipy import sparse

    stats = blocking_stats(sparse.csr_matrix((0, 0)), 200)
    assert (stats.claims, stats.blocks, stats.capped_blocks, stats.capped_terms) == (0, 0, 0, ())


def _story(n: int) -> list[Article]:
    # One story told by n outlets: every article names the same rare place.
    return [
        Article(
            id=f"a{k}",
            text=f"Floods in Quillabamba killed {10 + k} people on Monday, outlet {k} reported.",
            outlet=f"outlet{k}",
        )
        for k in range(n)
    ]


def test_corroborate_reports_the_capped_story_key():
    scorer = Scorer.load()
    analyses = scorer.analyze(_story(6))
    capped = corroborate(analyses, max_postings=3).blocking
    assert capped.capped_blocks >= 1
    assert ("quillabamba", 6) in capped.capped_terms
    kept = corroborate(analyses).blocking
    assert kept.capped_blocks == 0 and kept.largest_block == 6


def test_report_json_carries_the_blocking_summary():
    report = json.loads(Scorer.load().score(_story(3)).to_json())
    assert report["blocking"]["blocks_capped"] == 0
    assert report["blocking"]["max_postings"] == 200
    assert report["blocking"]["claims"] == 3
    assert report["blocking"]["largest_block"] == 3
