"""The score tables' independent-origin labels, computed by the worker processes.

:func:`credence.scoring.formula.build_tables` labels each claim's evidence items by
independent origin (:func:`~credence.scoring.formula.claim_labels`: the shingles of both
claims, copy keys, the origins): a Python loop over every item of the set, and the largest
serial part of the score tables. A claim's labels depend on the claim rows alone, so
:func:`labeller` hands runs of claims to the workers (``--workers``; forked, they inherit the
rows and the items) and this process only numbers the groups. The tables are the same as
one process's.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from credence.scoring.formula import ItemsByClaim, Labeller, claim_labels
from credence.scoring.parallel import current_workers, map_batches

if TYPE_CHECKING:
    from credence.scoring.claim_rows import ClaimRow
    from credence.scoring.priors import ScoringPriors

__all__ = ["labeller"]

# A few runs a worker even out a slow one; fewer items than this in a run cost more to
# fork and send back than they save.
_RUNS_PER_WORKER = 2
_MIN_ITEMS_PER_RUN = 4096


def _runs(by_claim: ItemsByClaim, claims: Sequence[int], workers: int) -> list[tuple[int, int]]:
    """``[lo, hi)`` runs of ``claims`` holding about as many items each."""
    sizes = np.diff(by_claim.bounds)[np.asarray(claims, dtype=np.int64)]
    total = int(sizes.sum())
    count = min(workers * _RUNS_PER_WORKER, total // _MIN_ITEMS_PER_RUN) if workers > 1 else 1
    if count <= 1:
        return [(0, len(claims))]
    # Cut where the running count of items crosses each share.
    ends = np.searchsorted(np.cumsum(sizes), [total * k / count for k in range(1, count)])
    cuts = sorted({0, *(int(e) + 1 for e in ends), len(claims)})
    return [(lo, hi) for lo, hi in zip(cuts, cuts[1:], strict=False) if lo < hi]


def labeller(
    rows: Sequence[ClaimRow],
    evidence_of: np.ndarray,
    priors: ScoringPriors,
    *,
    workers: int | None = None,
) -> Labeller:
    """A labeller for :func:`~credence.scoring.formula.build_tables` that spreads
    :func:`~credence.scoring.formula.claim_labels` over the workers.

    Parameters
    ----------
    rows : sequence of ClaimRow
    evidence_of : ndarray
        Each item's evidence row (``EvidenceItems.evidence``).
    priors : ScoringPriors
    workers : int, optional
        Default :func:`credence.scoring.parallel.current_workers` (at labelling time).

    Returns
    -------
    callable
        ``labels(by_claim, claims)``: the labels of ``claims``, in their order.
    """

    def labels(by_claim: ItemsByClaim, claims: Sequence[int]) -> list[list[int]]:
        count = current_workers() if workers is None else workers
        runs = _runs(by_claim, claims, count)
        if len(runs) <= 1:
            return claim_labels(rows, evidence_of, by_claim, claims, priors)

        def run_labels(run: tuple[int, int]) -> list[list[int]]:
            return claim_labels(rows, evidence_of, by_claim, claims[run[0] : run[1]], priors)

        parts = map_batches(run_labels, runs, workers=count)
        return [labels for part in parts for labels in part]

    return labels
