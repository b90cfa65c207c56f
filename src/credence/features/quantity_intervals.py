"""Quantities as intervals: the approximation shapes and the one interval-conflict rule.

One concept: when two reported amounts can both be right. Every quantity is a closed interval
``[low, high]``; an approximator gives it a shape (:func:`shaped_interval`), and
:func:`intervals_disjoint` is the only rule deciding whether two intervals conflict. The
quantities extractor (:func:`credence.features.quantities.intervals_conflict`, gated on the unit
family) and the claim comparison (:func:`credence.scoring.conflicts.quantities_conflict`,
gated on the claim signature) both call it.
"""

from __future__ import annotations

import math
from typing import Any

__all__ = ["APPROX_TOLERANCE", "ALREADY_WIDE", "intervals_disjoint", "shaped_interval", "widened"]

#: Relative half-width of the interval given to "about x" (and to "nearly x" below x).
APPROX_TOLERANCE = 0.10

#: Approximations whose interval already includes the reporting slack (τ or a vague span).
ALREADY_WIDE = frozenset(("about", "nearly", "just over", "vague"))


def shaped_interval(x: float, shape: str) -> tuple[float, float]:
    """The interval an approximator of ``shape`` gives the point ``x``.

    ``lower`` (at least x) → ``[x, inf)``; ``upper`` (up to x) → ``[0, x]``; ``nearly`` →
    ``[x(1-τ), x]``; ``above`` (just over x) → ``[x, x(1+τ)]``; any other (about x) →
    ``[x(1-τ), x(1+τ)]``, with τ = :data:`APPROX_TOLERANCE`.
    """
    t = APPROX_TOLERANCE
    if shape == "lower":
        return x, math.inf
    if shape == "upper":
        return 0.0, x
    if shape == "nearly":
        return x * (1 - t), x
    if shape == "above":
        return x, x * (1 + t)
    return x * (1 - t), x * (1 + t)


def _bounds(q: Any) -> tuple[float, float]:
    low = getattr(q, "low", None)
    high = getattr(q, "high", None)
    value = getattr(q, "value", None)
    low = value if low is None else low
    high = value if high is None else high
    return float(low), float(high)


def widened(q: Any, tolerance: float) -> tuple[float, float]:
    """``q``'s interval allowing for rounding: ``[low(1-t), high(1+t)]``.

    An interval that is approximate already (``approx`` in :data:`ALREADY_WIDE`) carries its
    own slack and is not widened again. ``q`` is any object with ``low``/``high`` (or
    ``value``) and optionally ``approx``.
    """
    low, high = _bounds(q)
    if getattr(q, "approx", None) in ALREADY_WIDE:
        return low, high
    # By the magnitude, so that a negative amount ("-504") widens outwards too.
    return low - abs(low) * tolerance, high + abs(high) * tolerance


def intervals_disjoint(a: Any, b: Any, *, tolerance: float = 0.05) -> bool:
    """True when the two amounts' intervals do not overlap once widened by ``tolerance``.

    The one interval-conflict rule of credence: exact intervals (plain numbers, ranges, "at
    least", "up to") are widened by ``tolerance`` for rounding; approximate ones ("about",
    "nearly", "just over", vague amounts) already carry their slack (:func:`widened`). The
    counted things are not compared here: the callers gate on them.

    Examples
    --------
    >>> from types import SimpleNamespace as Q
    >>> intervals_disjoint(Q(low=10000, high=10000), Q(low=12000, high=12000))
    True
    >>> intervals_disjoint(Q(low=1000, high=float("inf")), Q(low=1000, high=3000))
    False
    """
    if tolerance < 0:
        raise ValueError(f"The 'tolerance' parameter must be >= 0. Got {tolerance!r} instead.")
    a_lo, a_hi = widened(a, tolerance)
    b_lo, b_hi = widened(b, tolerance)
    return a_hi < b_lo or b_hi < a_lo
