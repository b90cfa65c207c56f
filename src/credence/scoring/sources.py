"""Source reliability: per outlet and per cited origin, estimated jointly with corroboration.

Truth discovery in the style of TruthFinder / Sums: a source is reliable when its claims are
corroborated, and corroboration from reliable sources weighs more. Starting from the Beta
prior mean, the two are updated in turn until no reliability moves by more than ``tol``
(or ``max_iter`` rounds have run):

1. score every claim with the current reliabilities (``score(r) -> corroboration``);
2. for every source ``s``, ``r_s = (alpha + sum of corroboration of its informative claims)
   / (alpha + beta + number of its informative claims)``.

A claim is *informative* when it was matched with evidence from another independent origin
(support, contradiction or conflict): a claim nobody else speaks of says nothing about its
source, so sources whose claims are all unmatched keep the prior mean. A claim counts for its
origin (the cited source, or the outlet for unattributed text) and for the outlet that
published it.

Examples
--------
>>> import numpy as np
>>> score = lambda r: np.array([0.9, 0.9, 0.1])
>>> fit = truth_discovery(score, [np.array([0, 0, 1])], np.array([True, True, True]), 2)
>>> [round(float(x), 2) for x in fit.reliability], fit.converged
([0.63, 0.42], True)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["ReliabilityFit", "SourceScore", "truth_discovery"]


@dataclass(frozen=True)
class ReliabilityFit:
    """Result of :func:`truth_discovery`."""

    reliability: np.ndarray
    corroboration: np.ndarray
    iterations: int
    converged: bool
    change: float


def truth_discovery(
    score: Callable[[np.ndarray], np.ndarray],
    claim_sources: Sequence[np.ndarray],
    informative: np.ndarray,
    n_sources: int,
    *,
    alpha: float = 2.0,
    beta: float = 2.0,
    tol: float = 1e-4,
    max_iter: int = 50,
) -> ReliabilityFit:
    """Iterate source reliability and claim corroboration to a fixed point.

    Parameters
    ----------
    score : callable
        ``score(reliability) -> corroboration`` per claim (values in [0, 1]).
    claim_sources : sequence of int arrays
        Each array maps every claim to one source it counts for (origin, outlet); ``-1``
        means none (e.g. the outlet when it is also the origin).
    informative : bool array
        Claims whose corroboration speaks of their source.
    n_sources : int
        Number of sources.
    alpha, beta : float
        Beta prior of every source's reliability (prior mean ``alpha / (alpha + beta)``).
    tol : float
        Stop when the largest change of a reliability is below ``tol``.
    max_iter : int
        Upper bound on the rounds.

    Returns
    -------
    ReliabilityFit
    """
    if alpha <= 0 or beta <= 0:
        raise ValueError(f"The Beta prior must be positive. Got alpha={alpha}, beta={beta}.")
    if max_iter < 1:
        raise ValueError(f"The 'max_iter' parameter must be >= 1. Got {max_iter} instead.")
    reliability = np.full(n_sources, alpha / (alpha + beta), dtype=np.float64)
    weight = informative.astype(np.float64)
    counts = np.zeros(n_sources)
    for sources in claim_sources:
        ok = sources >= 0
        np.add.at(counts, sources[ok], weight[ok])
    corroboration = score(reliability)
    change = np.inf
    iterations = 0
    for iterations in range(1, max_iter + 1):
        totals = np.zeros(n_sources)
        for sources in claim_sources:
            ok = sources >= 0
            np.add.at(totals, sources[ok], (corroboration * weight)[ok])
        updated = (alpha + totals) / (alpha + beta + counts)
        change = float(np.max(np.abs(updated - reliability))) if n_sources else 0.0
        reliability = updated
        corroboration = score(reliability)
        if change < tol:
            return ReliabilityFit(reliability, corroboration, iterations, True, change)
    return ReliabilityFit(reliability, corroboration, iterations, False, change)


@dataclass(frozen=True)
class SourceScore:
    """Reliability and track record of one outlet or cited origin.

    Attributes
    ----------
    name : str
        Outlet name or canonical name of the cited origin.
    kind : str
        ``outlet`` or the mention kind of the origin (``official``, ``person``, ``role``,
        ``anonymous``).
    claims : int
        Claims it published (outlet) or that trace to it (origin).
    corroborated_share, contradicted_share : float
        Share of those claims with corroboration >= 0.5 / with a contradiction or conflict.
    hedging_rate : float
        Share of its claims carrying an uncertainty cue.
    anonymous_rate : float
        Share of its claims that rest on an anonymous source.
    internal_conflicts : int
        Numeric or temporal conflicts between claims of one of its articles (outlets only).
    duplicated_paragraphs : int
        Paragraphs repeated inside one of its articles (outlets only).
    reliability : float
        Truth-discovery reliability (Beta-smoothed share of corroboration).
    """

    name: str
    kind: str
    claims: int
    corroborated_share: float
    contradicted_share: float
    hedging_rate: float
    anonymous_rate: float
    internal_conflicts: int
    duplicated_paragraphs: int
    reliability: float

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (the schema documented in the README)."""
        return {
            "name": self.name,
            "kind": self.kind,
            "claims": self.claims,
            "corroborated_share": round(self.corroborated_share, 4),
            "contradicted_share": round(self.contradicted_share, 4),
            "hedging_rate": round(self.hedging_rate, 4),
            "anonymous_rate": round(self.anonymous_rate, 4),
            "internal_conflicts": self.internal_conflicts,
            "duplicated_paragraphs": self.duplicated_paragraphs,
            "reliability": round(self.reliability, 4),
        }

    @property
    def explanation(self) -> str:
        """One human-readable line saying what this is and why."""
        return (
            f"{self.name} ({self.kind}): {self.claims} claims, "
            f"{self.corroborated_share:.0%} corroborated, "
            f"{self.contradicted_share:.0%} contradicted, reliability {self.reliability:.2f}"
        )
