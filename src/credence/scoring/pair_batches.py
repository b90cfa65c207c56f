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

A set's pairs are read in two passes (the blocked candidates, then the pairs of numbers or
dates with one signature, :func:`credence.scoring.evidence.signature_pairs`) over one table
of texts. :class:`TextReadings` keeps the first pass's prepared texts for the second, which
reads again only texts the first did not (usually none): a second reading of every claim of
the stories was 1.4 ms an article, in a pool of its own.

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

import numpy as np

from credence.scoring.parallel import current_workers, map_batches

__all__ = ["TextReadings", "prepare_texts"]

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


class TextReadings:
    """The texts of one table prepared by a pair model, kept for the next pairs read on it.

    :meth:`prepared` returns the model's prepared rows of the texts asked for and the row of
    each text: the first call prepares them (:func:`prepare_texts`, by the workers); a later
    call on the same model and the same table (the same list object) prepares only the texts
    not read yet and joins their rows after the others. A text's rows do not depend on the
    texts read with it, so the probabilities of a pair are the same as from a fresh reading.

    One instance serves one table of texts for the life of one scoring run (it holds the
    prepared rows until it is dropped).

    Examples
    --------
    >>> import numpy as np
    >>> class Lengths:
    ...     def prepare_texts(self, texts):
    ...         return [len(t) for t in texts]
    ...     def join_prepared(self, parts):
    ...         return [n for part in parts for n in part]
    >>> readings, texts = TextReadings(), ["a", "bb", "ccc"]
    >>> prepared, row_of = readings.prepared(Lengths(), texts, np.array([0, 2]))
    >>> prepared, row_of.tolist()
    ([1, 3], [0, -1, 1])
    >>> prepared, row_of = readings.prepared(Lengths(), texts, np.array([1, 2]))
    >>> prepared, row_of.tolist()
    ([1, 3, 2], [0, 2, 1])
    """

    def __init__(self) -> None:
        self._model: Any = None
        self._texts: Sequence[str] | None = None
        self._prepared: Any = None
        self._row_of: np.ndarray | None = None

    def prepared(
        self, model: Any, texts: Sequence[str], used: np.ndarray
    ) -> tuple[Any, np.ndarray]:
        """The prepared rows holding ``texts[used]`` and, per text, its row (-1: not read).

        Parameters
        ----------
        model : object
            Has ``prepare_texts(texts)``; ``join_prepared(parts)`` lets a later call add
            texts (without it, a call asking for new texts prepares all it asks for anew).
        texts : sequence of str
            The table of texts (the same object on every call that is to reuse the rows).
        used : ndarray of int
            Distinct indices into ``texts``, increasing.
        """
        used = np.asarray(used, dtype=np.int64)
        if self._row_of is None or model is not self._model or texts is not self._texts:
            return self._fresh(model, texts, used)
        missing = used[self._row_of[used] < 0]
        if not missing.size:
            return self._prepared, self._row_of
        if not hasattr(model, "join_prepared"):
            return self._fresh(model, texts, used)
        # Few texts, read here; by prepare_part where the model has it, so that the joined
        # rows keep their profile arrays (agreement model) and none is rebuilt for all.
        read = getattr(model, "prepare_part", model.prepare_texts)
        extra = read([texts[k] for k in missing.tolist()])
        first = int(self._row_of.max()) + 1
        self._prepared = model.join_prepared([self._prepared, extra])
        self._row_of[missing] = first + np.arange(missing.size)
        return self._prepared, self._row_of

    def _fresh(self, model: Any, texts: Sequence[str], used: np.ndarray) -> tuple[Any, np.ndarray]:
        row_of = np.full(len(texts), -1, dtype=np.int64)
        row_of[used] = np.arange(used.size)
        self._model, self._texts, self._row_of = model, texts, row_of
        self._prepared = prepare_texts(model, [texts[k] for k in used.tolist()])
        return self._prepared, row_of
