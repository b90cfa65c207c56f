"""A model's batches recorded by a dry run, computed ahead by the workers beside other work,
then answered in the same order: the same results, without a pool of their own.

``credence score`` asks the uncertainty model about every claim (both of its outputs, in
batches of 512 texts, :func:`credence.scoring.corroboration.sentence_outputs`) and about each
claim without each of its hedge cues (:func:`credence.scoring.explanations.hedge_cue_reasons`,
batches of 2,048). Each of the two forked a pool of workers of its own, at the end of the
stage. Both depend on the claim rows alone, so their batches can be read by the workers of an
earlier pool (:func:`credence.scoring.evidence_batches.evidence_items`), where they also even
out the two long runs of that pool.

:class:`CallsAhead` records the batches by running the caller's own code on a stand-in
(:meth:`CallsAhead.record`: each call answered with placeholders, in this process), so no
batching rule is written twice; :meth:`CallsAhead.task` computes one batch with the real
model (in a worker); :meth:`CallsAhead.answered` is a stand-in that gives the caller's code,
run again, each batch's real result. The batches are the same, so the results are the same
to the bit as the model's own calls.

Examples
--------
>>> class Lengths:
...     def predict_proba(self, texts):
...         return [len(t) for t in texts]
>>> def read(model):
...     return [p for lo in (0, 2) for p in model.predict_proba(["a", "bb", "ccc"][lo : lo + 2])]
>>> ahead = CallsAhead(Lengths())
>>> ahead.record(read)
>>> results = [ahead.task(k) for k in range(len(ahead.calls))]
>>> read(ahead.answered(results))
[1, 2, 3]
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from credence.scoring.parallel import using_workers

__all__ = ["CallsAhead"]

#: The methods of a model whose calls are recorded and answered (texts in, one row a text).
_METHODS = ("predict_proba", "predict_outputs")


class _Stand:
    """Has the model's batch methods (only those the model has), each ``answer(method, texts)``."""

    def __init__(self, model: Any, answer: Callable[[str, list[str]], Any]) -> None:
        for method in _METHODS:
            if hasattr(model, method):
                setattr(self, method, _bound(answer, method))


def _bound(answer: Callable[[str, list[str]], Any], method: str) -> Callable[[Sequence[str]], Any]:
    def call(texts: Sequence[str]) -> Any:
        return answer(method, list(texts))

    return call


def _placeholder(method: str, texts: list[str]) -> Any:
    zeros = np.zeros(len(texts), dtype=np.float64)
    if method == "predict_outputs":
        from credence.models.uncertainty_outputs import SentenceOutputs

        return SentenceOutputs(zeros, zeros.copy(), tuple(() for _ in texts))
    return zeros


class CallsAhead:
    """The batches some code asks ``model`` about, recorded, computed ahead, answered.

    Parameters
    ----------
    model : object
        Has ``predict_proba(texts)`` and/or ``predict_outputs(texts)``, each text's result
        its own (what the stand-ins return for a batch is what the model returned for it).

    Attributes
    ----------
    calls : list of (str, list of str)
        The recorded calls, ``(method, texts)``, in the order they were made.
    """

    def __init__(self, model: Any) -> None:
        self.model = model
        self.calls: list[tuple[str, list[str]]] = []

    def record(self, run: Callable[[Any], Any]) -> None:
        """Run ``run(stand_in)`` here, the batches it asks about recorded and answered with
        zeros (its result is dropped). It runs with one worker: a stand-in is no work to
        spread.
        """

        def answer(method: str, texts: list[str]) -> Any:
            self.calls.append((method, texts))
            return _placeholder(method, texts)

        with using_workers(1):
            run(_Stand(self.model, answer))

    def task(self, index: int) -> Any:
        """The model's result for recorded call ``index`` (run where the work is spread)."""
        method, texts = self.calls[index]
        return getattr(self.model, method)(texts)

    def answered(self, results: Sequence[Any]) -> Any:
        """A stand-in for the model answering each recorded call with its result.

        ``results[k]`` is :meth:`task` of call ``k``. A call that was not recorded (the code
        asked about other texts) is computed by the model itself. Call the code under
        :func:`~credence.scoring.parallel.using_workers` ``(1)``: no pool to answer it.
        """
        waiting: dict[tuple[str, tuple[str, ...]], deque[Any]] = defaultdict(deque)
        for (method, texts), result in zip(self.calls, results, strict=True):
            waiting[method, tuple(texts)].append(result)

        def answer(method: str, texts: list[str]) -> Any:
            found = waiting.get((method, tuple(texts)))
            if found:
                return found.popleft()
            return getattr(self.model, method)(texts)

        return _Stand(self.model, answer)
