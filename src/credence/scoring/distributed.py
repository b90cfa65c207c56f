"""Scoring on a dask.distributed cluster: the same report as in-process, computed by workers.

:func:`cluster_client` connects to a scheduler (``tcp://HOST:8786``) or starts a
``LocalCluster`` (``local:N``); :class:`ClusterScorer` scores with it:

1. **per-article analysis** is a map over article partitions
   (:func:`credence.scoring.engine.analyze_all` on each); the extractors and models travel
   to each worker once (scattered) and stay loaded there;
2. **candidate blocking** is a shuffle by blocking key
   (:mod:`credence.scoring.distributed_matching`);
3. **pair reading** by the agreement model is a map over pair partitions;
4. **per-claim scores and source reliability** are a map and a per-source reduction each
   round, the reliability vector broadcast (:mod:`credence.scoring.distributed_reliability`).

The rest of corroboration (claim rows, evidence items, explanations, stories) runs in the
client process, as in-process: :func:`credence.scoring.corroboration.corroborate` calls the
:class:`ClusterBackend` for the three distributed steps when one is set
(:func:`credence.scoring.distributed_context.using_cluster`). Every step computes exactly what the
in-process step does, so ``--format json`` is byte-identical (``tests/test_distributed.py``).

Workers need the same credence version; models given as paths are read on the client and
sent to the workers, but a lazily loaded model (the bundled stance and agreement models)
is read from its directory by each worker: the same installation path on every host.

Examples
--------
>>> from credence import Article
>>> from credence.scoring.scorer import Scorer
>>> with cluster_client("local:2") as client:                      # doctest: +SKIP
...     report = ClusterScorer(Scorer.load(), client).score([Article(id="a", text="...")])
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import logging
import pickle
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from credence.errors import InputError
from credence.scoring.analysis import ArticleAnalysis
from credence.scoring.distributed_context import using_cluster
from credence.scoring.distributed_matching import shuffled_candidate_arrays
from credence.scoring.distributed_reliability import cluster_truth_discovery
from credence.scoring.engine import analyze_all
from credence.scoring.evidence import pair_probabilities
from credence.scoring.scorer import Scorer

__all__ = ["ClusterBackend", "ClusterScorer", "cluster_client", "parse_scheduler"]

#: Partitions per worker thread: a few, so that a slow partition does not idle the rest.
PARTITIONS_PER_WORKER = 2
#: Seconds to wait for a remote scheduler before saying it is unreachable.
CONNECT_TIMEOUT_S = 10


def parse_scheduler(scheduler: str) -> tuple[str, int | str]:
    """``("local", N)`` for ``local:N``, ``("remote", address)`` for ``tcp://HOST:PORT``.

    Raises
    ------
    InputError
        When ``scheduler`` is neither.
    """
    text = scheduler.strip()
    if text.startswith("local:"):
        count = text.removeprefix("local:")
        if not count.isdigit() or int(count) < 1:
            raise InputError(
                "--scheduler", f"local:N needs a number of workers N >= 1, got {scheduler!r}"
            )
        return "local", int(count)
    if "://" in text and text.split("://", 1)[1]:
        return "remote", text
    raise InputError(
        "--scheduler",
        f"expected tcp://HOST:PORT or local:N (a LocalCluster of N workers), got {scheduler!r}",
    )


def _distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise InputError(
            "--scheduler", "needs dask.distributed: pip install 'credence[dask]'"
        ) from None
    return distributed


@contextlib.contextmanager
def cluster_client(scheduler: str) -> Iterator[Any]:
    """A ``distributed.Client`` of ``scheduler`` (``tcp://HOST:PORT`` or ``local:N``), closed
    (and a LocalCluster stopped) on leaving the block.

    Raises
    ------
    InputError
        When dask.distributed is not installed, the address is malformed or the scheduler
        cannot be reached within :data:`CONNECT_TIMEOUT_S` seconds.
    """
    kind, where = parse_scheduler(scheduler)
    distributed = _distributed()
    if kind == "local":
        with (
            distributed.LocalCluster(
                n_workers=int(where),
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0",
                silence_logs=logging.ERROR,
            ) as cluster,
            distributed.Client(cluster) as client,
        ):
            yield client
        return
    try:
        client = distributed.Client(str(where), timeout=CONNECT_TIMEOUT_S)
    except (OSError, TimeoutError) as exc:
        raise InputError(
            "--scheduler", f"cannot reach the dask scheduler at {where}: {exc}"
        ) from None
    with client:
        yield client


def _analyze_partition(models: tuple[Any, Any], articles: Sequence[Any]) -> list[ArticleAnalysis]:
    extractors, claim_model = models
    return analyze_all(list(articles), extractors=extractors, claim_model=claim_model, workers=1)


def _read_partition(model: Any, texts: Sequence[str], pairs: np.ndarray) -> np.ndarray:
    return pair_probabilities(model, texts, pairs)


class ClusterBackend:
    """The distributed steps of corroboration, on one dask client.

    :func:`credence.scoring.corroboration.corroborate` calls these in place of the
    in-process functions of the same names inside
    :func:`~credence.scoring.distributed_context.using_cluster`.

    Parameters
    ----------
    client : distributed.Client
        The cluster.
    partitions : int, optional
        Partitions of each map (claims, pairs); default :data:`PARTITIONS_PER_WORKER` per
        worker thread.
    """

    def __init__(self, client: Any, partitions: int | None = None) -> None:
        self.client = client
        self.partitions = partitions
        self._scattered: dict[str, Any] = {}

    def partition_count(self) -> int:
        """The number of partitions of each map."""
        if self.partitions is not None:
            return max(1, self.partitions)
        threads = sum(self.client.nthreads().values()) or 1
        return PARTITIONS_PER_WORKER * threads

    def broadcast(self, value: Any) -> Any:
        """``value`` on every worker once (a future), kept while this backend lives.

        Keyed by content: a scorer builds a new pair reader for every ``score`` call, and
        the workers keep the copy whose model they have loaded already.
        """
        blob = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        key = hashlib.sha256(blob).hexdigest()
        if key not in self._scattered:
            self._scattered[key] = self.client.scatter(value, broadcast=True, hash=False)
        return self._scattered[key]

    def candidate_arrays(self, X: Any, **blocking: Any) -> tuple[np.ndarray, ...]:
        """:func:`~credence.scoring.matching.candidate_arrays` by a shuffle of the postings."""
        return shuffled_candidate_arrays(
            self.client, X, partitions=self.partition_count(), **blocking
        )

    def pair_probabilities(self, model: Any, texts: Sequence[str], pairs: Any) -> np.ndarray:
        """:func:`~credence.scoring.evidence.pair_probabilities`, a map over pair partitions.

        Each partition carries the texts of its own pairs only.
        """
        index = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
        if index.shape[0] == 0:
            return pair_probabilities(model, texts, index)
        model_f = self.broadcast(model)
        futures = []
        for chunk in np.array_split(index, min(self.partition_count(), index.shape[0])):
            used, local = np.unique(chunk, return_inverse=True)
            local_texts = [texts[k] for k in used.tolist()]
            futures.append(
                self.client.submit(
                    _read_partition, model_f, local_texts, local.reshape(-1, 2), pure=False
                )
            )
        return np.vstack(self.client.gather(futures))

    def truth_discovery(self, tables: Any, priors: Any, *args: Any, **kwargs: Any) -> Any:
        """:func:`~credence.scoring.distributed_reliability.cluster_truth_discovery`."""
        return cluster_truth_discovery(
            self.client, tables, priors, *args, partitions=self.partition_count(), **kwargs
        )


class ClusterScorer(Scorer):
    """A :class:`~credence.scoring.scorer.Scorer` whose work runs on a dask cluster.

    The same models and extractors as ``scorer``, the same report as ``scorer.score``.

    Parameters
    ----------
    scorer : Scorer
        The loaded scorer (models, extractors, user lexicons).
    client : distributed.Client
        The cluster (:func:`cluster_client`).
    partitions : int, optional
        Partitions of each map; default two per worker thread.
    """

    def __init__(self, scorer: Scorer, client: Any, partitions: int | None = None) -> None:
        super().__init__(
            scorer.stance_model,
            scorer.uncertainty_model,
            scorer.claim_model,
            extractors=scorer.extractors,
            model_info=scorer.model_info,
            agreement_model=scorer.agreement_model,
        )
        self.backend = ClusterBackend(client, partitions)
        self._analysis_models = (self.extractors, self.claim_model)

    def analyze(
        self, articles: Any, progress: Callable[[], None] | None = None
    ) -> list[ArticleAnalysis]:
        """:meth:`Scorer.analyze` as a map over article partitions on the cluster."""
        articles = list(articles)
        if not articles:
            return []
        client = self.backend.client
        models = self.backend.broadcast(self._analysis_models)
        count = min(self.backend.partition_count(), len(articles))
        size = -(-len(articles) // count)
        chunks = [articles[lo : lo + size] for lo in range(0, len(articles), size)]
        futures = [client.submit(_analyze_partition, models, c, pure=False) for c in chunks]
        if progress is not None:
            sizes = {f.key: len(c) for f, c in zip(futures, chunks, strict=True)}
            for done in _distributed().as_completed(futures):
                for _ in range(sizes[done.key]):
                    progress()
        analysed = client.gather(futures)
        # The analyses crossed a process boundary: point them at the caller's own articles.
        return [
            replace(analysis, article=article)
            for analysis, article in zip(
                itertools.chain.from_iterable(analysed), articles, strict=True
            )
        ]

    def score_stream(self, articles: Any, **kwargs: Any) -> Any:
        """:meth:`Scorer.score_stream` (and so :meth:`Scorer.score`) with blocking, pair
        reading and reliability on the cluster; the claims are made in this process.
        """
        with using_cluster(self.backend):
            return super().score_stream(articles, **kwargs)
