"""Which cues explain an uncertainty score: the change in P(uncertain) when a cue is cut out
of the sentence, and the cues that moved it the way their kind says (issue 12 item 5).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

__all__ = ["CUE_TOLERANCE", "cue_contributions", "moving_cues", "ranked", "spans_of_feature"]


def ranked(contributions: Sequence[tuple[str, float]], top_k: int) -> list[tuple[str, float]]:
    merged: dict[str, float] = {}
    for description, weight in contributions:  # one line per span or n-gram
        merged[description] = merged.get(description, 0.0) + weight
    # A term that adds nothing to the logit (a cue whose learned weight is 0) is no reason.
    moving = [(name, weight) for name, weight in merged.items() if weight != 0.0]
    return sorted(moving, key=lambda item: -abs(item[1]))[:top_k]


#: Smallest change in P(uncertain) for which a cue counts as a reason (0.5 percentage points).
CUE_TOLERANCE = 0.005


def _without(text: str, start: int, end: int) -> str:
    """``text`` with ``text[start:end]`` cut out, the words around it joined by one space."""
    left, right = text[:start].rstrip(), text[end:].lstrip()
    if not left or not right or not right[0].isalnum():
        return left + right
    return f"{left} {right}"


def cue_contributions(
    model: Any,
    texts: Sequence[str],
    cue_spans: Sequence[Sequence[tuple[int, int]]],
    proba: Sequence[float] | None = None,
    *,
    batch_size: int = 2048,
) -> list[list[float]]:
    """How much each cue moves P(uncertain): ``P(text) − P(text without the cue)``.

    Parameters
    ----------
    model : object
        Anything with ``predict_proba(texts) -> P(uncertain)`` (an :class:`UncertaintyModel`).
    texts : sequence of str
        The texts scored.
    cue_spans : sequence of sequences of (start, end)
        Per text, the character offsets (into that text) of its cues.
    proba : sequence of float, optional
        ``model.predict_proba(texts)`` when already computed (saves a pass).

    Returns
    -------
    list of list of float
        Per text, one change per cue, in the order given: positive when the cue made the text
        more uncertain. It is measured on the whole model (n-grams, hedge counts and stack
        alike), so a cue whose learned weights are all 0 gets exactly 0.

    Examples
    --------
    >>> class Toy:
    ...     def predict_proba(self, texts):
    ...         return [0.9 if "may" in t else 0.1 for t in texts]
    >>> cue_contributions(Toy(), ["It may rain, they claim."], [[(3, 6), (17, 22)]])
    [[0.8, 0.0]]
    """
    texts = list(texts)
    if len(cue_spans) != len(texts):
        raise ValueError(
            f"cue_spans must have one entry per text. Got {len(cue_spans)} for {len(texts)}."
        )
    ablated = [
        _without(t, a, b) for t, spans in zip(texts, cue_spans, strict=True) for a, b in spans
    ]
    if proba is None:
        proba = _batched_proba(model, texts, batch_size)
    without = _batched_proba(model, ablated, batch_size)
    out: list[list[float]] = []
    k = 0
    for p, spans in zip(proba, cue_spans, strict=True):
        out.append([round(float(p) - float(without[k + i]), 6) for i in range(len(spans))])
        k += len(spans)
    return out


def _batched_proba(model: Any, texts: Sequence[str], batch_size: int) -> np.ndarray:
    out = np.zeros(len(texts), dtype=np.float64)
    for lo in range(0, len(texts), batch_size):
        chunk = list(texts[lo : lo + batch_size])
        out[lo : lo + len(chunk)] = np.asarray(model.predict_proba(chunk)).reshape(-1)
    return out


def moving_cues(
    cues: Sequence[Any], changes: Sequence[float], tolerance: float = CUE_TOLERANCE
) -> list[tuple[Any, float]]:
    """The cues that are reasons: those that moved P(uncertain) the way their kind says.

    An uncertainty cue (hedge or negated booster) is kept when it raised P(uncertain) by at
    least ``tolerance``; an asserted booster when it lowered it by at least ``tolerance``.
    A cue the model gives no weight, or one that moved P the other way, is left out.
    Returns ``(cue, change)`` pairs, largest change first.
    """
    kept = [
        (cue, float(change))
        for cue, change in zip(cues, changes, strict=True)
        if (change <= -tolerance if getattr(cue, "is_booster", False) else change >= tolerance)
    ]
    return sorted(kept, key=lambda pair: -abs(pair[1]))


def spans_of_feature(feature: str, hedges: Sequence[Any]) -> list[Any]:
    if feature == "n_negated_booster":
        return [h for h in hedges if h.category == "booster" and h.negated]
    if feature.startswith("n_"):
        category = feature[2:]
        return [
            h
            for h in hedges
            if h.category == category and not (h.category == "booster" and h.negated)
        ]
    if feature in ("any_hedge", "hedge_density"):
        return [h for h in hedges if h.is_uncertainty]
    return []
