"""The scored claims of a set made, and written as text, by the worker processes.

Once the cross-article stage is done (:class:`~credence.scoring.corroboration.ScoringStage`),
each claim's score, evidence and explanation depend on that stage only, not on the other
claims: making them and their JSON is the last serial part of ``credence score`` that grows
with the set (a sixth of its CPU on 1,000 FNC-1 bodies). :func:`claim_texts` hands runs of
claims to the workers (``--workers``; forked, they inherit the stage), one pool for every
run, at most a window of claims ahead of the writer, so that the parent holds one window's
text, not the report's, and the workers make the next runs while it writes; each worker
returns the text of its claims and what the sources table counts of them, and the parent
counts them in input order. The text is the same, byte for byte, as one process's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from credence.scoring.parallel import current_workers, imap_batches
from credence.scoring.source_statistics import claim_facts

if TYPE_CHECKING:
    from credence.scoring.corroboration import ScoringStage

__all__ = ["claim_texts"]

# Claims a window (the text the parent holds at once: ~4 KB a claim) and the fewest claims
# a run: a smaller run costs more in pickling than it saves.
_WINDOW = 4096
_MIN_CLAIMS_PER_RUN = 128
_RUNS_PER_WORKER = 2
# The most claims a run: the claims go to the workers a run at a time, _WINDOW ahead.
_RUN = 512


def claim_texts(
    stage: ScoringStage,
    render: Callable[[dict[str, Any]], str],
    *,
    workers: int | None = None,
) -> Iterator[str]:
    """``render(claim.to_dict())`` of every claim of ``stage``, in input order.

    Counts each claim for the sources table as :meth:`ScoringStage.scored_claims` does (the
    claims are made once a stage).

    Parameters
    ----------
    stage : ScoringStage
    render : callable
        Turns a claim's dict into its text (run in the workers: forked, it need not pickle).
    workers : int, optional
        Default :func:`credence.scoring.parallel.current_workers`.

    Raises
    ------
    ModelError
        When the stage's claims were made already.
    """
    count = current_workers() if workers is None else workers
    total = len(stage.rows)
    if count <= 1 or total < 2 * _MIN_CLAIMS_PER_RUN:
        # Rendered and dropped: no claim is kept to share contributions with.
        for claim in stage.scored_claims(share_limit=stage.streamed_share_limit):
            yield render(claim.to_dict())
        return
    tally = stage.start_tally()
    hedging = stage.scores[3]

    def make(run: tuple[int, int]) -> list[tuple[str, tuple[bool, bool, int]]]:
        shared: dict[Any, Any] = {}
        out = []
        for c in range(*run):
            claim = stage.scored_claim(c, shared)
            out.append((render(claim.to_dict()), claim_facts(claim)))
        return out

    # One pool for every run, read in order as they come: the workers make the next runs
    # while this process writes (no barrier a window); at most a window's text waits here.
    runs = _runs(0, total, count)
    ahead = max(1, _WINDOW // max(1, runs[0][1] - runs[0][0]))
    made_runs = imap_batches(make, runs, workers=count, ahead=ahead)
    for (lo, _), made in zip(runs, made_runs, strict=True):
        for c, (text, facts) in enumerate(made, lo):
            tally.add_facts(stage.rows[c], facts, hedging[c])
            yield text


def _runs(first: int, last: int, workers: int) -> list[tuple[int, int]]:
    # [lo, hi) runs of at most _RUN claims (a few a worker for a small set), none under
    # _MIN_CLAIMS_PER_RUN.
    total = last - first
    count = max(1, min(workers * _RUNS_PER_WORKER, total // _MIN_CLAIMS_PER_RUN))
    size = min(_RUN, -(-total // count))
    return [(lo, min(lo + size, last)) for lo in range(first, last, size)]
