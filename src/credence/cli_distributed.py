"""The ``--scheduler`` option of ``credence score``: scoring on a dask.distributed cluster.

Kept apart from :mod:`credence.cli` so that the command module only wires the option in;
the work is :class:`credence.scoring.distributed.ClusterScorer`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Annotated, Any

import typer

__all__ = ["SchedulerOpt", "scoring_on"]

SchedulerOpt = Annotated[
    str | None,
    typer.Option(
        "--scheduler",
        envvar="CREDENCE_SCHEDULER",
        show_default=False,
        help=(
            "Score on a dask.distributed cluster: tcp://HOST:8786 (a running scheduler) or "
            "local:N (a LocalCluster of N worker processes). Needs credence[dask]. The "
            "output is the same as without it."
        ),
    ),
]


@contextlib.contextmanager
def scoring_on(scheduler: str | None, scorer: Any) -> Iterator[Any]:
    """``scorer`` itself without a scheduler; otherwise a
    :class:`~credence.scoring.distributed.ClusterScorer` on it, for the ``with`` block.

    Raises
    ------
    InputError
        When dask is not installed, or the scheduler is malformed or unreachable.
    """
    if scheduler is None:
        yield scorer
        return
    from credence.scoring.distributed import ClusterScorer, cluster_client

    with cluster_client(scheduler) as client:
        yield ClusterScorer(scorer, client)
