"""The claim texts of a pair reading, prepared once and by the workers.

The pair model (the agreement model behind :func:`credence.scoring.evidence.pair_reader`)
reads each text of a set once, into per-text rows (:meth:`prepare_texts`), and then every
pair from those rows (:meth:`predict_proba_prepared`). :func:`prepare_texts` spreads that
first reading over the worker processes (``--workers``) when the model can join the rows of
texts read apart (``join_prepared``): reading the claims is per text and was, before the
pairs, the largest serial part of ``credence score``. A text's rows do not depend on the
texts read with it, so the rows, and the probabilities, are the same with any number of
workers.

The evidence items of the pairs read are made in the workers too
(:mod:`credence.scoring.evidence_batches`).

Examples
--------
>>> class Lengths:
...     def prepare_texts(self, texts):
...         return [len(t) for t in texts]
...     def join_prepared(self, parts):
...         return [n for part in parts for n in part]
>>> prepare_texts(Lengths(), ["ab", "abc"], workers=1)
[2, 3]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from credence.scoring.parallel import current_workers, map_batches

__all__ = ["prepare_texts"]

# Texts a worker's share is cut into: a few shares a worker even out a slow one; fewer
# texts than this in a share cost more to send back than they save.
_SHARES_PER_WORKER = 2
_MIN_TEXTS_PER_SHARE = 256


def prepare_texts(model: Any, texts: Sequence[str], *, workers: int | None = None) -> Any:
    """``model.prepare_texts(texts)``, consecutive runs of the texts read by the workers.

    Parameters
    ----------
    model : object
        Has ``prepare_texts(texts)``; with ``join_prepared(parts)`` (the prepared runs
        joined in order) the runs go to the workers, else the texts are read here.
    texts : sequence of str
    workers : int, optional
        Default :func:`credence.scoring.parallel.current_workers`.

    Returns
    -------
    object
        What ``model.prepare_texts(texts)`` returns, the same whatever ``workers``.
    """
    texts = list(texts)
    count = current_workers() if workers is None else workers
    shares = min(count * _SHARES_PER_WORKER, len(texts) // _MIN_TEXTS_PER_SHARE)
    if count <= 1 or shares <= 1 or not hasattr(model, "join_prepared"):
        return model.prepare_texts(texts)
    size = -(-len(texts) // shares)
    runs = [texts[lo : lo + size] for lo in range(0, len(texts), size)]
    # A model that can make more of a run where it is read (the agreement model: its
    # profile arrays) does so in the workers, once, rather than in each reader of pairs.
    prepare = getattr(model, "prepare_part", model.prepare_texts)
    return model.join_prepared(map_batches(prepare, runs, workers=count))
