"""Both outputs of the uncertainty model for a batch of sentences, read in one pass, and the
cues that moved the second one.

``credence score`` gives every claim two sentence-level figures from the uncertainty model:

- ``uncertainty`` is built on P(uncertain), the hedging output
  (:meth:`~credence.models.uncertainty.UncertaintyModel.predict_proba`): does a cue present
  the claim as possible, probable, believed or hearsay (Szeged-style)?
- ``nonfactual`` is the event-factuality output
  (:meth:`~credence.models.uncertainty.UncertaintyModel.predict_proba_factuality`,
  :mod:`~credence.models.uncertainty_events`): P(some event of the claim is not presented as
  having certainly happened: future, modal, conditional, negated, questioned or hedged).

Both read the same base logit and the same hedge spans, so :func:`read_outputs` extracts
the hedges once and computes both; the scorer calls it through
``predict_outputs(texts)`` of the model it loaded (the pickled
:class:`~credence.models.uncertainty.UncertaintyModel` or the numpy-only
:class:`~credence.models.light.LightModel`, which give the same figures).

The factuality head is one logistic layer, so what a cue contributed is exact to compute: the
change in P when that cue's input is set to 0 and the other inputs are kept, the same "change
in P when the cue is removed" the hedging explanation reports. Only cues that moved P by at
least :data:`~credence.models.uncertainty_cues.CUE_TOLERANCE` are reasons. The base model's
logit (the wording as a whole) is an input but not a cue, and is not listed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from credence.features.hedges import HedgeExtractor
from credence.models.uncertainty_cues import CUE_TOLERANCE
from credence.models.uncertainty_events import EVENT_FEATURES, event_cue_rows, negators_in
from credence.models.uncertainty_stack import (
    ATTRIBUTION_CUE,
    BASE_COLUMNS,
    STACK_FEATURES,
    stack_inputs,
)

__all__ = [
    "HEAD_FEATURES",
    "Reason",
    "SentenceOutputs",
    "describe_cue",
    "nonfactual_reasons",
    "read_outputs",
]

#: Inputs of the event-factuality head, in order: the news stack's, then the event cues.
HEAD_FEATURES: tuple[str, ...] = (*STACK_FEATURES, *EVENT_FEATURES)

#: A cue that moved the nonfactual probability: ``(description, change in P)``.
Reason = tuple[str, float]


def _expit(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


@dataclass(frozen=True)
class SentenceOutputs:
    """The uncertainty model's outputs for ``n`` sentences.

    Attributes
    ----------
    uncertainty : numpy.ndarray
        P(uncertain) (hedging), shape ``(n,)``.
    nonfactual : numpy.ndarray or None
        P(some event is not presented as certainly having happened), shape ``(n,)``; None
        when the model has no event-factuality head.
    reasons : tuple or None
        Per sentence, the cues that moved ``nonfactual`` (:data:`Reason`), largest change
        first; None without a head.
    """

    uncertainty: np.ndarray
    nonfactual: np.ndarray | None = None
    reasons: tuple[tuple[Reason, ...], ...] | None = None

    def __len__(self) -> int:
        return len(self.uncertainty)

    def second(self) -> tuple[np.ndarray, tuple[tuple[Reason, ...], ...]] | None:
        """``(nonfactual, reasons)``, or None when there is no second output."""
        if self.nonfactual is None or self.reasons is None:
            return None
        return self.nonfactual, self.reasons

    @classmethod
    def joined(cls, parts: Sequence[SentenceOutputs]) -> SentenceOutputs:
        """The outputs of ``parts`` one after the other (batches read apart)."""
        if not parts:
            return cls(np.zeros(0, dtype=np.float64))
        uncertainty = np.concatenate([np.asarray(p.uncertainty, np.float64) for p in parts])
        if any(p.nonfactual is None or p.reasons is None for p in parts):
            return cls(uncertainty)
        nonfactual = np.concatenate([np.asarray(p.nonfactual, np.float64) for p in parts])
        reasons = tuple(r for p in parts for r in p.reasons or ())
        return cls(uncertainty, nonfactual, reasons)


def describe_cue(feature: str, text: str, hedges: Sequence[Any]) -> str:
    """A reader's name for the cue behind head input ``feature`` in ``text``.

    Examples
    --------
    >>> describe_cue("modal_will", "It will rain.", [])
    "modal 'will'"
    >>> describe_cue("n_negator", "It did not rain.", [])
    "negation 'not'"
    """
    if feature.startswith("modal_"):
        return f"modal '{feature.removeprefix('modal_')}'"
    if feature == "n_negator":
        return "negation " + ", ".join(f"'{word}'" for word in negators_in(text))
    if feature == "question":
        return "question"
    if feature == "attribution_cue":
        match = ATTRIBUTION_CUE.search(text)
        return f"reporting verb '{match.group(0) if match else '?'}'"
    if feature == "n_negated_booster":
        found = [h for h in hedges if h.category == "booster" and h.negated]
        return "negated booster " + ", ".join(f"'{h.text}'" for h in found)
    category = feature.removeprefix("n_")
    found = [
        h for h in hedges if h.category == category and not (category == "booster" and h.negated)
    ]
    words = ", ".join(f"'{h.text}'" for h in found)
    return f"{'booster' if category == 'booster' else 'hedge'} {words} ({category})"


def nonfactual_reasons(
    text: str, hedges: Sequence[Any], row: np.ndarray, coef: np.ndarray, decision: float
) -> tuple[Reason, ...]:
    """The cues of one sentence that moved the head's probability, largest change first.

    ``row`` is the sentence's head input (:data:`HEAD_FEATURES`), ``coef`` the head's
    coefficients and ``decision`` its logit; a cue's change is P minus P with that input set
    to 0. Cues whose change is under :data:`~credence.models.uncertainty_cues.CUE_TOLERANCE`
    are left out (a cue with a zero weight never is a reason).
    """
    first = len(BASE_COLUMNS)
    terms = row[first:] * coef[first:]
    proba = float(_expit(np.asarray(decision)))
    out: list[Reason] = []
    for j in np.flatnonzero(terms) + first:
        change = proba - float(_expit(np.asarray(decision - terms[j - first])))
        if abs(change) >= CUE_TOLERANCE:
            out.append((describe_cue(HEAD_FEATURES[j], text, hedges), change))
    out.sort(key=lambda reason: -abs(reason[1]))
    return tuple(out)


def read_outputs(
    base_proba: np.ndarray,
    texts: Sequence[str],
    stack_proba: Callable[[np.ndarray], np.ndarray] | None,
    head: tuple[np.ndarray, float] | None,
) -> SentenceOutputs:
    """Both outputs of ``texts`` from their base P(uncertain), the hedge spans read once.

    Parameters
    ----------
    base_proba : numpy.ndarray
        The base (Szeged) pipeline's P(uncertain) of each text.
    texts : sequence of str
    stack_proba : callable, optional
        The news stack: rows of :func:`~credence.models.uncertainty_stack.stack_inputs` to
        P(uncertain). Without it P(uncertain) is the base one.
    head : (numpy.ndarray, float), optional
        The event-factuality head's coefficients (:data:`HEAD_FEATURES` order) and intercept.
    """
    texts = list(texts)
    base_proba = np.asarray(base_proba, dtype=np.float64)
    if head is not None and len(head[0]) != len(HEAD_FEATURES):
        raise ValueError(
            f"The head must have {len(HEAD_FEATURES)} coefficients. Got {len(head[0])}."
        )
    if not texts:
        empty = np.zeros(0, dtype=np.float64)
        return SentenceOutputs(empty) if head is None else SentenceOutputs(empty, empty, ())
    if stack_proba is None and head is None:
        return SentenceOutputs(base_proba)
    extractor = HedgeExtractor()
    hedges = [extractor.extract(text) for text in texts]
    inputs = stack_inputs(base_proba, texts, hedges)
    uncertainty = base_proba if stack_proba is None else np.asarray(stack_proba(inputs))
    if head is None:
        return SentenceOutputs(uncertainty)
    coef, intercept = np.asarray(head[0], dtype=np.float64), float(head[1])
    rows = np.hstack([inputs, event_cue_rows(texts)])
    decision = rows @ coef + intercept
    reasons = tuple(
        nonfactual_reasons(text, spans, row, coef, float(z))
        for text, spans, row, z in zip(texts, hedges, rows, decision, strict=True)
    )
    return SentenceOutputs(uncertainty, _expit(decision), reasons)
