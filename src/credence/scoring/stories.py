"""Stories: articles connected by linked claims, labelled by their claims' top terms."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from credence.scoring.claim_rows import ClaimRow
from credence.scoring.independence import UnionFind
from credence.scoring.results import Story

if TYPE_CHECKING:
    import scipy.sparse as sp

__all__ = ["build_stories", "story_articles"]


def story_articles(
    rows: Sequence[ClaimRow], n_articles: int, linked: Sequence[tuple[int, int]]
) -> list[list[int]]:
    """The articles of each story (indices), largest story first.

    A story is a connected component of the articles joined by linked claim pairs
    (``linked``: indices into ``rows``); an article with no linked claim is one of its own.
    """
    uf = UnionFind()
    for ai in range(n_articles):
        uf.find(ai)
    for a, b in linked:
        uf.union(rows[a].article_index, rows[b].article_index)
    members: dict[Hashable, list[int]] = defaultdict(list)
    for ai in range(n_articles):
        members[uf.find(ai)].append(ai)
    return sorted(members.values(), key=lambda m: (-len(m), m[0]))


def build_stories(
    rows: Sequence[ClaimRow],
    analyses: Sequence[Any],
    linked: Sequence[tuple[int, int]],
    X: sp.csr_matrix,
    vocabulary: Sequence[str],
    components: Sequence[Sequence[int]] | None = None,
) -> tuple[Story, ...]:
    """The stories of a set, largest first: components of articles joined by linked claims.

    Parameters
    ----------
    rows : sequence of ClaimRow
        The scored claims.
    analyses : sequence of ArticleAnalysis
        The articles (an article with no linked claim is a story of its own).
    linked : sequence of (int, int)
        Linked claim pairs, indices into ``rows``.
    X : scipy.sparse matrix
        TF-IDF rows of the claims (the label is the top four terms of a story's claims).
    vocabulary : sequence of str
        The terms of ``X``'s columns.
    components : sequence of sequences of int, optional
        :func:`story_articles` of ``rows`` and ``linked`` when the caller made them already.
    """
    claims_of: dict[int, list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        claims_of[row.article_index].append(i)
    if components is None:
        components = story_articles(rows, len(analyses), linked)
    stories = []
    for number, articles in enumerate(components, start=1):
        claim_rows = [i for ai in articles for i in claims_of[ai]]
        label = ""
        if claim_rows and X.shape[1]:
            weights = np.asarray(X[claim_rows].sum(axis=0)).ravel()
            top = [vocabulary[k] for k in np.argsort(-weights)[:4] if weights[k] > 0]
            label = " ".join(top)
        stories.append(
            Story(
                id=f"story-{number}",
                label=label or analyses[articles[0]].article.id,
                article_ids=tuple(analyses[ai].article.id for ai in articles),
                claim_ids=tuple(rows[i].claim.id for i in claim_rows),
            )
        )
    return tuple(stories)
