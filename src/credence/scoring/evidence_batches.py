"""The evidence items of the claim pairs read, made by the workers.

:func:`evidence_items` makes the items of consecutive runs of the pairs in the worker
processes (``--workers``): :func:`credence.scoring.evidence.evidence_items` on each run (the
conflict, polarity and substitution rules read one pair at a time, and were the largest
serial part of ``credence score`` once the pairs were read by the workers), the runs joined
in pair order. The items are the same, in the same order, as one call's.

Other batches of work that need only what the workers inherit may ride in the same pool
(``also``: the uncertainty model's batches, :class:`credence.scoring.calls_ahead.CallsAhead`):
handed out after the long runs of pairs, they keep the worker that finishes its run first
busy, and spare a pool of their own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np

from credence.scoring.calls_ahead import CallsAhead
from credence.scoring.evidence import EvidenceItems
from credence.scoring.evidence import evidence_items as items_of_pairs
from credence.scoring.matching import related_probability
from credence.scoring.parallel import current_workers, map_batches, using_workers

if TYPE_CHECKING:
    from credence.scoring.claim_rows import ClaimRow
    from credence.scoring.priors import ScoringPriors

__all__ = ["evidence_items", "evidence_items_and", "items_and_model_readings"]

_T = TypeVar("_T")

# One run a worker: the rules read each claim once a run (its words, names, predicates), so
# more runs read the claims more often (1,000 FNC-1 bodies: 7.2 s of CPU in one run, 8.9 in
# two); fewer pairs than _MIN_PAIRS_PER_RUN in a run cost more to send back than they save.
_RUNS_PER_WORKER = 1
_MIN_PAIRS_PER_RUN = 2048


def _runs(total: int, workers: int, smallest: int) -> list[tuple[int, int]]:
    """``[lo, hi)`` runs of ``range(total)``, a few a worker, none under ``smallest``."""
    count = min(workers * _RUNS_PER_WORKER, total // smallest) if workers > 1 else 1
    size = -(-total // max(count, 1))
    return [(lo, min(lo + size, total)) for lo in range(0, total, max(size, 1))]


def evidence_items(
    rows: Sequence[ClaimRow],
    pairs: np.ndarray,
    proba: np.ndarray,
    priors: ScoringPriors,
    *,
    workers: int | None = None,
) -> EvidenceItems:
    """:func:`credence.scoring.evidence.evidence_items` of every pair, runs of the pairs made
    by the workers (forked: they inherit the rows) and joined in order.

    Parameters
    ----------
    rows : sequence of ClaimRow
    pairs : ndarray of shape (m, 2)
        The pairs read, rows of ``proba``.
    proba : ndarray of shape (m, 4)
    priors : ScoringPriors
    workers : int, optional
        Default :func:`credence.scoring.parallel.current_workers`.

    Returns
    -------
    EvidenceItems
        The same items, in the same order, as one call.
    """
    pairs = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    count = current_workers() if workers is None else workers
    runs = _runs(len(pairs), count, _MIN_PAIRS_PER_RUN)
    if len(runs) <= 1:
        return items_of_pairs(rows, pairs, proba, priors)

    def run_items(run: tuple[int, int]) -> dict[str, Any]:
        lo, hi = run
        return _columns(items_of_pairs(rows, pairs[lo:hi], proba[lo:hi], priors))

    return _joined(proba, runs, map_batches(run_items, runs, workers=count))


def evidence_items_and(
    rows: Sequence[ClaimRow],
    pairs: np.ndarray,
    proba: np.ndarray,
    priors: ScoringPriors,
    also: Callable[[int], Any],
    count: int,
    *,
    workers: int | None = None,
) -> tuple[EvidenceItems, list[Any]]:
    """:func:`evidence_items`, and ``[also(k) for k in range(count)]`` in the same pool.

    Parameters
    ----------
    rows, pairs, proba, priors, workers
        As :func:`evidence_items`.
    also : callable
        ``also(k)``: the ``k``-th other batch's result (it must not depend on the process
        that runs it: workers are forked, after the runs of pairs are handed out).
    count : int
        How many other batches.

    Returns
    -------
    (EvidenceItems, list)
        The same items as :func:`evidence_items`, and the other batches' results in order.
    """
    pairs = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    workers = current_workers() if workers is None else workers
    runs = _runs(len(pairs), workers, _MIN_PAIRS_PER_RUN)

    def run_task(task: tuple[str, Any]) -> Any:
        kind, value = task
        if kind == "also":
            return also(value)
        lo, hi = value
        return _columns(items_of_pairs(rows, pairs[lo:hi], proba[lo:hi], priors))

    if len(runs) <= 1:  # too few pairs to split: read here, as evidence_items does
        items = items_of_pairs(rows, pairs, proba, priors)
        return items, map_batches(also, range(count), workers=workers)
    # The long runs first: the short batches fill in behind them.
    tasks = [*(("pairs", run) for run in runs), *(("also", k) for k in range(count))]
    done = map_batches(run_task, tasks, workers=workers)
    return _joined(proba, runs, done[: len(runs)]), done[len(runs) :]


def _columns(items: EvidenceItems) -> dict[str, Any]:
    # What a run's items are, without the run's probabilities (the parent has them all).
    return {
        "claim": items.claim,
        "evidence": items.evidence,
        "row": items.row,
        "agreeing_numbers": items.agreeing_numbers,
        "unconfirmed": items.unconfirmed,
        "other_actors": items.other_actors,
        "conflicts": items.conflicts,
        "polarity": items.polarity,
        "substitutions": items.substitutions,
    }


def _joined(
    proba: np.ndarray, runs: Sequence[tuple[int, int]], parts: Sequence[dict[str, Any]]
) -> EvidenceItems:
    items = EvidenceItems(proba, related_probability(proba))
    first = 0  # the first item of each part, in the joined columns
    for (lo, _), part in zip(runs, parts, strict=True):
        part["row"] = part["row"] + lo
        for name in ("conflicts", "polarity", "substitutions"):
            getattr(items, name).update((first + k, v) for k, v in part[name].items())
        first += len(part["claim"])
    for name in ("claim", "evidence", "row", "agreeing_numbers", "unconfirmed", "other_actors"):
        setattr(items, name, np.concatenate([part[name] for part in parts]))
    return items


def items_and_model_readings(
    rows: Sequence[ClaimRow],
    pairs: np.ndarray,
    proba: np.ndarray,
    priors: ScoringPriors,
    model: Any,
    read: Callable[[Any], _T],
    *,
    workers: int | None = None,
) -> tuple[EvidenceItems, Callable[[], _T]]:
    """:func:`evidence_items`, with the batches ``read(model)`` asks ``model`` about read by
    the same pool's workers.

    Parameters
    ----------
    rows, pairs, proba, priors, workers
        As :func:`evidence_items`.
    model : object
        The uncertainty model (``predict_proba`` / ``predict_outputs`` of texts).
    read : callable
        ``read(model)``: what the caller makes of the model (it must need only the rows:
        it is run once here as a dry run, :class:`~credence.scoring.calls_ahead.CallsAhead`).

    Returns
    -------
    (EvidenceItems, callable)
        The items, and ``readings()``: ``read(model)``, its batches answered with what the
        workers computed (with one worker: ``read(model)`` itself, run when called).
    """
    workers = current_workers() if workers is None else workers
    if workers <= 1:
        return evidence_items(rows, pairs, proba, priors, workers=1), lambda: read(model)
    ahead = CallsAhead(model)
    ahead.record(read)
    items, results = evidence_items_and(
        rows, pairs, proba, priors, ahead.task, len(ahead.calls), workers=workers
    )
    answered = ahead.answered(results)
    del results

    def readings() -> _T:
        with using_workers(1):
            return read(answered)

    return items, readings
