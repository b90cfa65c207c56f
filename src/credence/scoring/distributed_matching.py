"""Candidate blocking on a dask cluster: a shuffle of the postings by blocking key.

The in-process blocking (:func:`credence.scoring.matching.candidate_arrays`) multiplies the
claims' rare-term rows by the whole inverted index. On a cluster the index is never built in
one place:

1. **map** over claim partitions: each emits its postings ``(term, claim, weight)``, routed
   to a reducer by ``term % reducers`` (the blocking key is the rare term: a TF-IDF term
   held by 2 to ``max_postings`` claims);
2. **shuffle and group**: each reducer sorts its postings by ``(term, claim)``: one block
   (posting list) per term;
3. **join back**: each claim partition receives, from every reducer, the blocks of the
   terms its own claims hold, and finds its claims' candidates there with the in-process
   function (:func:`credence.scoring.matching.candidate_rows`), so the pairs are the same;
4. **dedupe**: the client merges the partitions' pairs
   (:func:`credence.scoring.matching.unique_pairs`).

Terms held by more than ``max_postings`` claims ("said", or a story's name in a 10,000-article
story) are capped, as in-process: they never make a block.
:class:`~credence.scoring.matching.BlockingStats` counts them and the largest block; the
report says so (``blocking`` in ``--format json``).

The TF-IDF rows, sentence-block codes and dates of all claims are broadcast (each worker
holds one copy): ``docs/scale.md`` says what that costs and when it stops being possible.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Hashable, Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp

from credence.scoring.matching import (
    POSTING_BYTES,
    BlockingStats,
    _blocking_matrix,
    block_codes,
    blocking_stats,
    candidate_rows,
    unique_pairs,
)

__all__ = ["BlockingStats", "POSTING_BYTES", "blocking_stats", "shuffled_candidate_arrays"]


def _emit_postings(
    B_part: sp.csr_matrix, first_claim: int, reducers: int
) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Map: the postings of one claim partition, one ``(terms, claims, weights)`` per reducer."""
    coo = B_part.tocoo()
    terms = coo.col.astype(np.int64)
    claims = coo.row.astype(np.int64) + first_claim
    weights = coo.data.astype(np.float32)
    route = terms % reducers
    return [(terms[route == r], claims[route == r], weights[route == r]) for r in range(reducers)]


def _group_postings(
    *pieces: tuple[np.ndarray, np.ndarray, np.ndarray],
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Reduce: one reducer's postings as blocks ``(terms, bounds, claims, weights)``: the
    block of ``terms[k]`` is ``claims[bounds[k]:bounds[k + 1]]``, claims ascending.
    """
    terms = np.concatenate([p[0] for p in pieces])
    claims = np.concatenate([p[1] for p in pieces])
    weights = np.concatenate([p[2] for p in pieces])
    order = np.lexsort((claims, terms))
    terms, claims, weights = terms[order], claims[order], weights[order]
    unique_terms, starts = np.unique(terms, return_index=True)
    return (unique_terms, np.append(starts, terms.size), claims, weights)


def _select_blocks(blocks: Any, wanted: np.ndarray) -> Any:
    """Join: of one reducer's blocks, the ones of the ``wanted`` terms."""
    unique_terms, bounds, claims, weights = blocks
    at = np.searchsorted(unique_terms, wanted)
    at = at[at < unique_terms.size]
    at = at[np.isin(unique_terms[at], wanted)]
    sizes = bounds[at + 1] - bounds[at]
    take = (
        np.concatenate([np.arange(bounds[k], bounds[k + 1]) for k in at.tolist()])
        if at.size
        else np.zeros(0, dtype=np.int64)
    )
    return unique_terms[at], sizes, claims[take], weights[take]


def _partition_candidates(
    B_part: sp.csr_matrix,
    first_claim: int,
    X: sp.csr_matrix,
    codes: np.ndarray | None,
    ordinal: np.ndarray | None,
    options: dict[str, Any],
    *selected: Any,
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """The candidates of one claim partition from the blocks of its terms."""
    terms = np.concatenate([s[0] for s in selected])
    sizes = np.concatenate([s[1] for s in selected])
    claims = np.concatenate([s[2] for s in selected])
    weights = np.concatenate([s[3] for s in selected])
    # The selected blocks as the rows of a small index: the partition's terms renumbered
    # 0..t-1 in B_part too (a row's terms stay in their order: the products are the same).
    starts = np.concatenate([[0], np.cumsum(sizes)])
    order = np.argsort(terms, kind="stable")
    take = (
        np.concatenate([np.arange(starts[k], starts[k + 1]) for k in order.tolist()])
        if order.size
        else np.zeros(0, dtype=np.int64)
    )
    indptr = np.concatenate([[0], np.cumsum(sizes[order])])
    BT_local = sp.csr_matrix(
        (weights[take], claims[take], indptr), shape=(terms.size, X.shape[0]), dtype=np.float32
    )
    local_cols = np.searchsorted(terms[order], B_part.indices)
    B_local = sp.csr_matrix(
        (B_part.data, local_cols, B_part.indptr), shape=(B_part.shape[0], max(terms.size, 1))
    )
    if terms.size == 0:
        BT_local = sp.csr_matrix((1, X.shape[0]), dtype=np.float32)
    return candidate_rows(
        B_local, first_claim, BT_local, X, codes=codes, ordinal=ordinal, **options
    )


def shuffled_candidate_arrays(
    client: Any,
    X: sp.csr_matrix,
    *,
    partitions: int,
    top_k: int = 10,
    min_similarity: float = 0.05,
    max_postings: int = 200,
    block: Sequence[Hashable] | None = None,
    dates: Sequence[dt.date | None] | None = None,
    date_window_days: int | None = 365,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`credence.scoring.matching.candidate_arrays` computed on the dask ``client``.

    The same ``(first, second, similarity)`` arrays, found by a shuffle of the postings
    (module docstring). ``partitions`` claim partitions map and join; as many reducers group.
    """
    if top_k < 1:
        raise ValueError(f"The 'top_k' parameter must be >= 1. Got {top_k} instead.")
    n = X.shape[0]
    if n < 2:
        return unique_pairs([])
    B = _blocking_matrix(X, max_postings)
    codes, ordinal = block_codes(block, dates, date_window_days)
    X_f, codes_f, ordinal_f = (
        None if value is None else client.scatter(value, broadcast=True, hash=False)
        for value in (X, codes, ordinal)
    )
    options = {
        "date_window_days": date_window_days,
        "top_k": top_k,
        "min_similarity": min_similarity,
    }
    size = -(-n // max(1, min(partitions, n)))
    bounds = [(lo, min(n, lo + size)) for lo in range(0, n, size)]
    reducers = len(bounds)
    parts = client.scatter([B[lo:hi] for lo, hi in bounds], hash=False)
    emitted = [
        client.submit(_emit_postings, part, lo, reducers, pure=False)
        for part, (lo, _) in zip(parts, bounds, strict=True)
    ]
    grouped = [
        client.submit(
            _group_postings,
            *[client.submit(operator.getitem, e, r, pure=False) for e in emitted],
            pure=False,
        )
        for r in range(reducers)
    ]
    found = []
    for part, (lo, hi) in zip(parts, bounds, strict=True):
        wanted = np.unique(B[lo:hi].indices).astype(np.int64)
        selected = [
            client.submit(_select_blocks, g, wanted[wanted % reducers == r], pure=False)
            for r, g in enumerate(grouped)
        ]
        found.append(
            client.submit(
                _partition_candidates,
                part,
                lo,
                X_f,
                codes_f,
                ordinal_f,
                options,
                *selected,
                pure=False,
            )
        )
    return unique_pairs([f for f in client.gather(found) if f is not None])
