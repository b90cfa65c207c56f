"""Numeric quantities: cardinals, percentages, ranges and approximations as intervals.

Every quantity becomes a closed interval ``[low, high]`` so that two reports of the same thing
can be compared ("about 10,000 troops" agrees with "10,500 troops", "10,000" conflicts with
"12,000").

Reading rules (the number words, approximators and unit families live in
``lexicons/numbers.tsv``):

- plain numbers, in digits (``1,000``, ``1,000.5``, ``1.2 million``, ``10k``, ``$2bn``) or words
  (``two million``, ``twenty-five``, ``a hundred``), are points: ``low == high == value``.
  A lone ``one`` is skipped (it is mostly a pronoun: "one of the ...").
- percentages (``64%``, ``64 percent``) and fractions (``a third of`` → 33.3, ``half of`` → 50)
  have the unit ``"%"`` or ``"% of <noun>"`` ("64% of Kursk territory" → ``"% of territory"``).
- ranges ``1,000 to 3,000``, ``between 1,000 and 3,000``, ``1,000-3,000``, ``1,000–3,000``,
  ``two or three`` give ``[low, high]``, ``value`` None, ``approx "range"``. ``from X to Y`` is
  read as a change, not a range, and gives two quantities.
- vague amounts ("dozens of" → [24, 99], "hundreds of" → [200, 999], "a few" → [2, 5], ...)
  give ``value`` None and ``approx "vague"``.
- approximators before the number (or after it, "or more") turn the point ``x`` into:
  ``at least x`` → ``[x, inf)``; ``more than``/``over x`` → ``[x, inf)`` (the strictness is kept in
  ``approx`` only); ``up to x``/``fewer than x`` → ``[0, x]``; ``about``/``some``/``estimated x``
  → ``[x(1-τ), x(1+τ)]``; ``nearly``/``almost x`` → ``[x(1-τ), x]``; ``just over x`` →
  ``[x, x(1+τ)]``, with the tolerance ``τ`` = :data:`APPROX_TOLERANCE` (10%).
- excluded: numbers inside date expressions (found by :mod:`credence.features.dates`: years,
  day numbers, "two years ago"), times (``10:30``, ``9 a.m.``), ordinals (``3rd``), identifiers
  (``F-16``, ``COVID-19``, ``No. 5``, ``Resolution 2231``), phone numbers, version numbers and
  digit runs longer than 24 characters.

The counted thing (``unit``) is the lemma of the head noun after the number ("troops" →
``"troop"``); capitalised words between the number and the noun, or a possessive before the
number, give the ``owner`` ("1,000 North Korean troops", "Russia's 600,000 soldiers"). A bare
number with no noun ("the number is higher, at 12,000") carries over the unit of the closest
earlier quantity in the same paragraph, within 300 characters (``unit_inferred`` is then True).
:func:`unit_family` maps unit synonyms to one family ("troop", "soldier", "force" →
``"military personnel"``; "killed", "dead", "death" → ``"deaths"``).

All patterns are linear: matching starts only at a word or number boundary, context is read in
bounded windows around each match, and no pattern nests quantifiers over overlapping classes.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from credence.features.base import SpanExtractor, register
from credence.features.context import Context, context_for
from credence.features.date_scan import shared_date_scan
from credence.features.lexicon import PACKAGE_DATA
from credence.features.number_words import number_lexicon, unit_lemma
from credence.features.quantity_context import (
    NounPhraseMemo,
    noun_phrase,
    read_prefix,
    unit_family,
    words_before,
)
from credence.features.quantity_intervals import (
    APPROX_TOLERANCE,
    intervals_disjoint,
    shaped_interval,
)
from credence.features.quantity_tokens import (
    CURRENCY_UNIT,
    RawNumber,
    number_patterns,
    parse_digits,
    raw_numbers,
)

__all__ = [
    "APPROX_TOLERANCE",
    "Quantity",
    "QuantityExtractor",
    "unit_family",
    "unit_lemma",
    "intervals_agree",
    "intervals_conflict",
]

#: How far back a bare number looks for the unit it talks about (same paragraph only).
_UNIT_CARRY_DISTANCE = 300


# --------------------------------------------------------------------------- result


@dataclass(frozen=True, slots=True)
class Quantity:
    """A numeric quantity found in a text, read as an interval.

    Attributes
    ----------
    start, end : int
        Offsets into the text; ``text[start:end] == self.text``.
    text : str
        The covered text, approximator included ("at least 1,000").
    value : float or None
        The point value; None for ranges and vague amounts.
    low, high : float
        The interval; ``high`` may be ``math.inf`` ("at least 1,000").
    unit : str or None
        Lemma of the counted thing ("troop", "% of territory"), None when unknown.
    approx : str or None
        The approximation ("at least", "more than", "up to", "fewer than", "about", "nearly",
        "just over", "range", "vague"), None for a plain number.
    owner : str or None
        Whose quantity, when the text says it ("North Korean", "Russia").
    unit_inferred : bool
        True when ``unit`` was carried over from an earlier quantity.
    explanation : str
        Why the span was read this way (built on demand from the fields).

    Examples
    --------
    >>> q = QuantityExtractor().extract("at least 1,000 North Korean troops")[0]
    >>> (q.low, q.high, q.unit, q.owner, q.approx)
    (1000.0, inf, 'troop', 'North Korean', 'at least')
    """

    start: int
    end: int
    text: str
    value: float | None
    low: float
    high: float
    unit: str | None = None
    approx: str | None = None
    owner: str | None = None
    unit_inferred: bool = False

    @property
    def explanation(self) -> str:
        """Why the span was read this way, e.g. "quantity 'at least 1,000' → [1,000, inf] ..."."""
        parts = [f"quantity '{self.text}' → [{_format(self.low)}, {_format(self.high)}]"]
        if self.approx is not None:
            parts.append(f"({self.approx})")
        if self.unit is not None:
            fam = unit_family(self.unit)
            parts.append(f"unit {self.unit!r}" + (f" ({fam})" if fam != self.unit else ""))
            if self.unit_inferred:
                parts.append("carried over from an earlier quantity")
        if self.owner is not None:
            parts.append(f"owner {self.owner!r}")
        return " ".join(parts)

    @property
    def family(self) -> str | None:
        """:func:`unit_family` of :attr:`unit`."""
        return unit_family(self.unit)

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON form; an infinite ``high`` is written as None (null)."""
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "value": self.value,
            "low": self.low,
            "high": None if math.isinf(self.high) else self.high,
            "unit": self.unit,
            "approx": self.approx,
            "owner": self.owner,
            "explanation": self.explanation,
        }


def _comparable(a: Quantity, b: Quantity) -> bool:
    fa, fb = a.family, b.family
    return fa is not None and fa == fb


def intervals_conflict(a: Quantity, b: Quantity, *, tolerance: float = 0.05) -> bool:
    """True when two quantities of the same unit family cannot both be right.

    Each interval with exact bounds (plain numbers, ranges, "at least", "up to", ...) is widened
    by ``tolerance`` (relative: ``[low(1-t), high(1+t)]``), to allow for rounding; intervals that
    are approximate already ("about", "nearly", "just over", vague amounts) carry their own
    slack and are not widened again. The two conflict when the intervals do not overlap:
    "10,000" vs "12,000" conflict, and so do "some 10,000" ([9,000, 11,000]) vs "12,000".
    Quantities whose unit families differ (or are unknown) are not comparable: they neither
    conflict nor agree.

    Examples
    --------
    >>> ex = QuantityExtractor()
    >>> a, b = ex.extract("10,000 troops"), ex.extract("12,000 soldiers")
    >>> intervals_conflict(a[0], b[0])
    True
    """
    if tolerance < 0:
        raise ValueError(f"The 'tolerance' parameter must be >= 0. Got {tolerance!r} instead.")
    # The interval rule itself is the one of credence.features.quantity_intervals.
    return _comparable(a, b) and intervals_disjoint(a, b, tolerance=tolerance)


def intervals_agree(a: Quantity, b: Quantity, *, tolerance: float = 0.05) -> bool:
    """True when two quantities of the same unit family overlap after widening by ``tolerance``.

    "at least 1,000" agrees with "1,000 to 3,000"; "about 10,000" agrees with "10,500".
    """
    if tolerance < 0:
        raise ValueError(f"The 'tolerance' parameter must be >= 0. Got {tolerance!r} instead.")
    return _comparable(a, b) and not intervals_conflict(a, b, tolerance=tolerance)


_SPACES = re.compile(r"[ \t]+")
_OF = re.compile(r"[ \t]+of\b")


def _format(x: float) -> str:
    if math.isinf(x):
        return "inf"
    return f"{x:,.0f}" if x == int(x) and abs(x) < 1e15 else f"{x:,.4g}"


# --------------------------------------------------------------------------- assembly


def _merge_ranges(
    text: str, raws: list[RawNumber]
) -> list[tuple[RawNumber, RawNumber | None, int]]:
    """Pair tokens joined by "to"/"-"/"and" (after "between")/"or"; returns (a, b, start)."""
    p = number_patterns()
    out: list[tuple[RawNumber, RawNumber | None, int]] = []
    i = 0
    while i < len(raws):
        a = raws[i]
        start = a.start
        if i + 1 < len(raws) and a.kind in ("digits", "words"):
            b = raws[i + 1]
            gap = text[a.end : b.start]
            gm = p["range_gap"].fullmatch(gap) if len(gap) <= 6 else None
            if gm is not None and b.kind in ("digits", "words"):
                joiner = gap.strip().lower()
                previous = words_before(text, a.start, 12, max_words=1)
                last_word = previous[-1][0].lower() if previous else ""
                between = previous[-1][1] if last_word == "between" else None
                ok = last_word != "from"
                if joiner == "and":
                    ok = between is not None
                elif joiner == "or":
                    ok = a.kind == "words" and b.kind == "words"
                lo, hi = a.low, b.high
                if ok and b.scaled and not a.scaled and lo <= 1000 and lo < b.low:
                    factor = b.low / _unscaled(text, b)
                    lo = lo * factor
                if ok and lo < hi and a.percent in (b.percent, False):
                    if between is not None:
                        start = between
                    a2 = RawNumber(
                        a.start, a.end, lo, lo, lo, a.percent or b.percent, a.scaled, a.kind
                    )
                    out.append((a2, b, start))
                    i += 2
                    continue
        out.append((a, None, start))
        i += 1
    return out


# Compiled once here: re.match(pattern, ...) looks its pattern up in re's cache per call.
_LEADING_AMOUNT = re.compile(r"[$€£]?(\d[\d,]*(?:\.\d+)?)")


def _unscaled(text: str, raw: RawNumber) -> float:
    m = _LEADING_AMOUNT.match(text[raw.start : raw.end])
    if m is None:
        return 1.0
    v = parse_digits(m.group(1))
    return v or 1.0


def _build(
    text: str, a: RawNumber, b: RawNumber | None, start: int, memo: NounPhraseMemo
) -> tuple[Quantity, bool]:
    """Turn raw token(s) into a Quantity; the flag says whether a partitive "of" follows.

    ``memo`` keeps the noun-phrase readings of this text (see :func:`noun_phrase`).
    """
    p = number_patterns()
    lex = number_lexicon()
    end = b.end if b is not None else a.end
    percent = a.percent or (b is not None and b.percent)
    if b is not None:
        value, low, high, approx = None, a.low, b.high, "range"
    elif a.kind == "vague":
        value, low, high, approx = None, a.low, a.high, "vague"
    else:
        value, low, high, approx = a.value, a.low, a.high, None
    # Approximators before the number ("at least", "an estimated") and a possessive owner.
    owner: str | None = None
    approx_before, owner, new_start = read_prefix(text, start, want_approx=value is not None)
    if approx_before is not None and value is not None:
        label, shape = approx_before
        low, high = shaped_interval(value, shape)
        approx = label
        start = new_start
    elif value is not None and _may_start_suffix(text, end):
        sm = p["suffix"].match(text, end)
        if sm is not None:
            key = sm.group(0).strip().lower().lstrip("-").strip()
            key = _SPACES.sub(" ", key)
            if key in lex.suffix:
                label, shape = lex.suffix[key]
                low, high = shaped_interval(value, shape)
                approx, end = label, sm.end()
    # The counted thing.
    unit: str | None = None
    partitive = False
    tail = a if b is None else b
    currency = tail.currency or a.currency
    if percent:
        unit = "%"
        of = p["of_pre_noun"].match(text, end)
        if of is not None:
            head, np_owner, _ = noun_phrase(text, of.end(), lenient=True, memo=memo)
            if head is not None:
                unit = f"% of {head}"
                owner = owner or np_owner
    elif currency is not None:
        unit = CURRENCY_UNIT[currency.lower()]
    else:
        after = end
        if a.kind == "vague" and not text[a.start : a.end].lower().endswith("of"):
            of = _OF.match(text, after)
            after = of.end() if of is not None else after
        head, np_owner, _ = noun_phrase(text, after, memo=memo)
        if head is not None:
            unit = head
            owner = owner or np_owner
        elif p["partitive"].match(text, end) is not None:
            partitive = True
    q = Quantity(
        start=start,
        end=end,
        text=text[start:end],
        value=value,
        low=float(low),
        high=float(high),
        unit=unit,
        approx=approx,
        owner=owner,
    )
    return q, partitive


# How many characters after a number the check before the "suffix" pattern looks at.
_SUFFIX_WINDOW = 12


def _suffix_first_chars() -> frozenset[str]:
    """First characters of the approximators after a number ("or more", "plus", "+").

    In either case; :func:`_may_start_suffix` tests the character after the spaces, tabs and
    hyphen that the "suffix" pattern may skip.
    """
    return PACKAGE_DATA.load("number suffix first characters", _read_suffix_first_chars)


def _read_suffix_first_chars() -> frozenset[str]:
    firsts = {phrase[0] for phrase in number_lexicon().suffix}
    return frozenset(firsts | {c.upper() for c in firsts} | {c.lower() for c in firsts})


def _may_start_suffix(text: str, end: int) -> bool:
    """False when the "suffix" pattern cannot match at ``end``.

    What follows the spaces, tabs and hyphen the pattern may skip starts no suffix. Those
    skips are unbounded in the pattern, so a window of spaces only is left to the pattern.
    Case folding matches no other character with the first letters of the suffixes (checked
    by a test).
    """
    rest = text[end : end + _SUFFIX_WINDOW].lstrip(" \t")
    if rest[:1] == "-":
        rest = rest[1:].lstrip(" \t")
    if not rest:
        return True
    return rest[0] in _suffix_first_chars()


def _carry_units(text: str, quantities: list[Quantity], partitive: list[bool]) -> list[Quantity]:
    """Give bare numbers the unit of a joined or partitive follower, or of a close earlier one."""
    out = list(quantities)
    last_with_unit: Quantity | None = None  # closest earlier quantity with a (non-%) unit
    for i, q in enumerate(out):
        if q.unit is not None:
            if not q.unit.startswith("%"):
                last_with_unit = q
            continue
        source: Quantity | None = None
        following = out[i + 1] if i + 1 < len(out) else None
        joined = following is not None and text[q.end : following.start].strip().lower() in (
            "to",
            "and",
            "or",
            "-",
            "–",
        )
        if following is not None and following.unit is not None and (partitive[i] or joined):
            source = following  # "1,000 of the original 11,000 troops", "from 10,000 to 12,000"
        elif not partitive[i] and last_with_unit is not None:
            prev = last_with_unit
            near = q.start - prev.end <= _UNIT_CARRY_DISTANCE
            if near and text.find("\n\n", prev.end, q.start) == -1:
                source = prev
        if source is not None:
            out[i] = Quantity(
                q.start,
                q.end,
                q.text,
                q.value,
                q.low,
                q.high,
                source.unit,
                q.approx,
                q.owner or source.owner,
                True,
            )
    return out


# --------------------------------------------------------------------------- extractor


#: The non-ASCII letters that ``re.IGNORECASE`` matches with an ASCII letter whose lower case
#: differs from theirs (K, the Kelvin sign, lowers to k and needs nothing).
_REGEX_CASE_FOLD = str.maketrans({"ſ": "s", "ı": "i", "İ": "I"})


@register("quantities")
class QuantityExtractor(SpanExtractor):
    """Find numeric quantities and read each one as an interval with a unit.

    See the module docstring for the reading rules. Stateless: ``fit`` learns nothing.

    Examples
    --------
    >>> ex = QuantityExtractor()
    >>> [(q.text, q.low, q.high) for q in ex.extract("between 1,000 and 3,000 troops")]
    [('between 1,000 and 3,000', 1000.0, 3000.0)]
    >>> ex.extract("Control of 64% of the territory.")[0].unit
    '% of territory'
    """

    version = "1"
    feature_names = (
        "count",
        "approx_count",
        "range_count",
        "vague_count",
        "percent_count",
        "with_unit_count",
        "max_log10_value",
    )

    def extract(self, text: str, *, context: Context | None = None) -> list[Quantity]:
        """Return the quantities in ``text`` in order of appearance.

        Parameters
        ----------
        text : str
            Any text; offsets of the results point into it.
        context : Context, optional
            The engine's context for ``text``: the date scan it shares with the dates
            extractor is reused (dates are not read as quantities).
        """
        if not isinstance(text, str):
            raise TypeError(
                f"The 'text' parameter must be a str. Got {type(text).__name__} instead."
            )
        if "ſ" in text or "ı" in text or "İ" in text:
            # Case-insensitive regexes read these as s and i, so a phrase they match would miss
            # its lexicon entry; read a same-length copy with ASCII letters and cut every span
            # text from the original (offsets are unchanged).
            folded = text.translate(_REGEX_CASE_FOLD)
            return [replace(q, text=text[q.start : q.end]) for q in self.extract(folded)]
        if context is not None:
            context = context_for(text, context)
        raws = raw_numbers(text, None if context is None else shared_date_scan(context))
        quantities: list[Quantity] = []
        partitive: list[bool] = []
        last_end = -1
        # The same phrases ("troops", "people") follow the numbers of an article: their
        # readings are kept for this call only.
        memo: NounPhraseMemo = {}
        for a, b, start in _merge_ranges(text, raws):
            q, part = _build(text, a, b, start, memo)
            if q.start < last_end:  # an approximator may not reach into the previous span
                continue
            quantities.append(q)
            partitive.append(part)
            last_end = q.end
        return _carry_units(text, quantities, partitive)

    def span_features(self, spans: Sequence[Quantity], text: str) -> list[float]:
        """Counts of quantities by kind, and log10 of the largest finite bound."""
        finite = [q.high if not math.isinf(q.high) else q.low for q in spans]
        return [
            float(len(spans)),
            float(sum(q.approx not in (None, "range", "vague") for q in spans)),
            float(sum(q.approx == "range" for q in spans)),
            float(sum(q.approx == "vague" for q in spans)),
            float(sum(q.unit is not None and q.unit.startswith("%") for q in spans)),
            float(sum(q.unit is not None for q in spans)),
            # by magnitude: a negative amount ("-504") is as large as a positive one
            math.log10(1.0 + max(abs(x) for x in finite)) if finite else 0.0,
        ]
