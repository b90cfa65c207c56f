"""Which dask cluster, if any, the corroboration steps run on (set by ``ClusterScorer``).

A context variable, as :func:`credence.scoring.parallel.using_workers` is for processes: the
code between :meth:`credence.scoring.scorer.Scorer.score` and the distributed steps of
:func:`credence.scoring.corroboration.corroborate` does not pass the cluster along, and
this module imports nothing of dask, so corroboration does not either.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

__all__ = ["current_cluster", "using_cluster"]

_CLUSTER: ContextVar[Any] = ContextVar("credence_cluster", default=None)


def current_cluster() -> Any:
    """The :class:`~credence.scoring.distributed.ClusterBackend` in use, or None."""
    return _CLUSTER.get()


@contextmanager
def using_cluster(backend: Any) -> Iterator[None]:
    """Run blocking, pair reading and the reliability iteration on ``backend`` inside the
    ``with`` block (:class:`~credence.scoring.distributed.ClusterBackend`).
    """
    token = _CLUSTER.set(backend)
    try:
        yield
    finally:
        _CLUSTER.reset(token)
