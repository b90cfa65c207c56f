"""Source reliability on a dask cluster: per-claim scores by partition, per-source reductions.

:func:`credence.scoring.sources.truth_discovery` alternates two steps until the
reliabilities settle; here each runs where its data is:

* **per-claim aggregation** (a map): the evidence tables
  (:class:`~credence.scoring.formula.ScoreTables`) are cut into claim partitions once and
  stay on the workers; each round the reliability vector (one float per source: small) is
  broadcast and every partition scores its claims with
  :func:`~credence.scoring.formula.score_arrays`;
* **per-source reduction**: each partition routes its claims' contributions to a reducer by
  ``source % reducers``; a reducer adds its sources' contributions in claim order, the
  order the in-process loop adds them in, so the sums, and the whole JSON, are the same to
  the last bit (a tree of partial sums would be cheaper by a constant but round
  differently).
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from typing import Any

import numpy as np

from credence.scoring.formula import ScoreTables, score_arrays
from credence.scoring.priors import ScoringPriors
from credence.scoring.sources import ReliabilityFit

__all__ = ["partition_tables", "cluster_truth_discovery"]

#: Sources one reducer sums (one float each a round).
SOURCES_PER_REDUCER = 1_000_000


def partition_tables(tables: ScoreTables, lo: int, hi: int) -> ScoreTables:
    """The evidence of the claims ``lo .. hi - 1`` only, claims and groups renumbered from 0.

    Items and groups keep their order, so each claim's groups are combined in the same
    order as in the whole table (:func:`score_arrays` of the part equals its slice of the
    whole).
    """
    items = (tables.item_claim >= lo) & (tables.item_claim < hi)
    groups = (tables.group_claim >= lo) & (tables.group_claim < hi)
    renumber = np.cumsum(groups) - 1
    return ScoreTables(
        n_claims=hi - lo,
        item_claim=tables.item_claim[items] - lo,
        item_group=renumber[tables.item_group[items]],
        item_source=tables.item_source[items],
        item_support=tables.item_support[items],
        item_contradiction=tables.item_contradiction[items],
        item_own=tables.item_own[items],
        group_claim=tables.group_claim[groups] - lo,
        claim_source=tables.claim_source[lo:hi],
    )


def _score_partition(
    part: tuple[ScoreTables, np.ndarray, list[np.ndarray]],
    reliability: np.ndarray,
    priors: ScoringPriors,
    reducers: int,
) -> tuple[np.ndarray, list[list[tuple[np.ndarray, np.ndarray]]]]:
    """Map: the corroboration of a partition's claims and their contributions by reducer.

    ``contributions[r][a]`` holds ``(sources, values)`` of source array ``a`` (origin,
    outlet) for reducer ``r``, in claim order.
    """
    tables, weight, claim_sources = part
    corroboration = score_arrays(tables, reliability, priors, reliability[tables.claim_source])[0]
    routed: list[list[tuple[np.ndarray, np.ndarray]]] = [[] for _ in range(reducers)]
    for sources in claim_sources:
        ok = sources >= 0
        source, value = sources[ok], (corroboration * weight)[ok]
        route = source % reducers
        for r in range(reducers):
            routed[r].append((source[route == r], value[route == r]))
    return corroboration, routed


def _sum_by_source(*routed: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    """Reduce: one reducer's per-source totals, ``(sources, totals)``.

    ``routed[p][a]`` comes from partition ``p`` for source array ``a``: added array by array,
    partition by partition, as :func:`~credence.scoring.sources.truth_discovery` adds them.
    """
    ordered = [piece for a in range(len(routed[0])) for piece in (p[a] for p in routed)]
    sources = np.concatenate([s for s, _ in ordered] or [np.zeros(0, dtype=np.int64)])
    values = np.concatenate([v for _, v in ordered] or [np.zeros(0)])
    unique, local = np.unique(sources, return_inverse=True)
    totals = np.zeros(unique.size)
    np.add.at(totals, local, values)
    return unique, totals


def _reduce_all(
    *mapped: tuple[np.ndarray, list[list[tuple[np.ndarray, np.ndarray]]]],
) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray]]:
    """Reduce with one reducer: every claim's corroboration and every source's total."""
    corroboration = np.concatenate([m[0] for m in mapped])
    return corroboration, _sum_by_source(*[m[1][0] for m in mapped])


def _round(
    client: Any,
    parts: Sequence[Any],
    reliability: np.ndarray,
    priors: Any,
    reducers: int,
    n_sources: int,
) -> tuple[np.ndarray, np.ndarray]:
    """One round: every claim's corroboration under ``reliability`` and each source's total
    of its informative claims' corroboration.
    """
    shared = client.scatter(reliability, broadcast=True, hash=False)
    mapped = [
        client.submit(_score_partition, part, shared, priors, reducers, pure=False)
        for part in parts
    ]
    totals = np.zeros(n_sources)
    if reducers == 1:
        corroboration, (sources, sums) = client.submit(_reduce_all, *mapped, pure=False).result()
        totals[sources] = sums
        return corroboration, totals
    routed = [client.submit(operator.getitem, m, 1, pure=False) for m in mapped]
    reduced = [
        client.submit(
            _sum_by_source,
            *[client.submit(operator.getitem, x, r, pure=False) for x in routed],
            pure=False,
        )
        for r in range(reducers)
    ]
    corroboration = np.concatenate(
        client.gather([client.submit(operator.getitem, m, 0, pure=False) for m in mapped])
    )
    for sources, sums in client.gather(reduced):
        totals[sources] = sums
    return corroboration, totals


def cluster_truth_discovery(
    client: Any,
    tables: ScoreTables,
    priors: ScoringPriors,
    claim_sources: Sequence[np.ndarray],
    informative: np.ndarray,
    n_sources: int,
    *,
    partitions: int,
    tol: float = 1e-4,
    max_iter: int = 50,
) -> ReliabilityFit:
    """:func:`credence.scoring.sources.truth_discovery` of the claims scored by
    :func:`score_arrays` (the reliability loop of corroboration), on the dask ``client``.

    Parameters
    ----------
    client : distributed.Client
        The cluster.
    tables : ScoreTables
        The evidence of every claim.
    priors : ScoringPriors
        ``reliability_alpha`` and ``reliability_beta`` are the Beta prior.
    claim_sources, informative, n_sources, tol, max_iter
        As for :func:`~credence.scoring.sources.truth_discovery`.
    partitions : int
        Claim partitions (as many reducers).

    Returns
    -------
    ReliabilityFit
        The same fit as in-process, to the bit.
    """
    alpha, beta = priors.reliability_alpha, priors.reliability_beta
    if alpha <= 0 or beta <= 0:
        raise ValueError(f"The Beta prior must be positive. Got alpha={alpha}, beta={beta}.")
    if max_iter < 1:
        raise ValueError(f"The 'max_iter' parameter must be >= 1. Got {max_iter} instead.")
    n = tables.n_claims
    weight = informative.astype(np.float64)
    counts = np.zeros(n_sources)
    for sources in claim_sources:
        ok = sources >= 0
        np.add.at(counts, sources[ok], weight[ok])
    size = -(-max(n, 1) // max(1, min(partitions, max(n, 1))))
    bounds = [(lo, min(n, lo + size)) for lo in range(0, max(n, 1), size)]
    # Sources are few (outlets and cited origins): one reducer holds them all until they
    # number in the millions; each reducer is one more task per round.
    reducers = max(1, min(len(bounds), n_sources // SOURCES_PER_REDUCER))
    parts = client.scatter(
        [
            (partition_tables(tables, lo, hi), weight[lo:hi], [s[lo:hi] for s in claim_sources])
            for lo, hi in bounds
        ],
        hash=False,
    )
    priors_f = client.scatter(priors, broadcast=True)

    reliability = np.full(n_sources, alpha / (alpha + beta), dtype=np.float64)
    corroboration, totals = _round(client, parts, reliability, priors_f, reducers, n_sources)
    change = np.inf
    iterations = 0
    for iterations in range(1, max_iter + 1):
        updated = (alpha + totals) / (alpha + beta + counts)
        change = float(np.max(np.abs(updated - reliability))) if n_sources else 0.0
        reliability = updated
        corroboration, totals = _round(client, parts, reliability, priors_f, reducers, n_sources)
        if change < tol:
            return ReliabilityFit(reliability, corroboration[:n], iterations, True, change)
    return ReliabilityFit(reliability, corroboration[:n], iterations, False, change)
