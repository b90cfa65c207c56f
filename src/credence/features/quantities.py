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
from functools import lru_cache
from typing import Any

from credence.features.base import SpanExtractor, register
from credence.features.context import Context, context_for
from credence.features.dates import DateScan, scan_dates, shared_date_scan
from credence.features.number_words import (
    number_anchor_words,
    number_lexicon,
    trie,
    unit_lemma,
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

#: Relative half-width of the interval given to "about x" (and to "nearly x" below x).
APPROX_TOLERANCE = 0.10
#: How far back a bare number looks for the unit it talks about (same paragraph only).
_UNIT_CARRY_DISTANCE = 300
#: Digit runs longer than this are identifiers or noise, never amounts.
_MAX_DIGITS_LEN = 24


# --------------------------------------------------------------------------- lexicon


def _alternation(phrases: Sequence[str]) -> str:
    # Longest first so that "hundreds of thousands of" wins over "hundreds of".
    ordered = sorted(phrases, key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"[ \t]+") for p in ordered)


# --------------------------------------------------------------------------- units


def unit_family(unit: str | None) -> str | None:
    """The family a unit belongs to, so that synonyms compare equal.

    The table (``family`` rows of ``lexicons/numbers.tsv``) groups, for example,
    troop/soldier/force/personnel/fighter → ``"military personnel"``, killed/dead/death/fatality
    → ``"deaths"``, wounded/injured → ``"injuries"``, person/civilian/resident → ``"people"``,
    town/village/city → ``"settlements"``, dollar/$ → ``"usd"``. ``"% of X"`` belongs to the family
    ``"% of <family of X>"``. A unit outside the table is its own family; None stays None.

    Examples
    --------
    >>> unit_family("soldier") == unit_family("troop") == "military personnel"
    True
    >>> unit_family("% of territory")
    '% of territory'
    """
    if unit is None:
        return None
    families = number_lexicon().families
    if unit.startswith("% of "):
        inner = unit[5:]
        return "% of " + families.get(inner, inner)
    return families.get(unit, unit)


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


# Approximations whose interval already includes the reporting slack (τ or a vague span).
_ALREADY_WIDE = frozenset(("about", "nearly", "just over", "vague"))


def _widen(q: Quantity, tolerance: float) -> tuple[float, float]:
    if q.approx in _ALREADY_WIDE:
        return q.low, q.high
    return q.low * (1.0 - tolerance), q.high * (1.0 + tolerance)


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
    if not _comparable(a, b):
        return False
    a_lo, a_hi = _widen(a, tolerance)
    b_lo, b_hi = _widen(b, tolerance)
    return a_hi < b_lo or b_hi < a_lo


def intervals_agree(a: Quantity, b: Quantity, *, tolerance: float = 0.05) -> bool:
    """True when two quantities of the same unit family overlap after widening by ``tolerance``.

    "at least 1,000" agrees with "1,000 to 3,000"; "about 10,000" agrees with "10,500".
    """
    if tolerance < 0:
        raise ValueError(f"The 'tolerance' parameter must be >= 0. Got {tolerance!r} instead.")
    return _comparable(a, b) and not intervals_conflict(a, b, tolerance=tolerance)


# --------------------------------------------------------------------------- patterns


def _numerators() -> list[str]:
    """Words that can count fractions ("a third", "two thirds")."""
    return ["a", *[w for w, v in number_lexicon().cardinals.items() if 1 <= v <= 19]]


# What may follow a number in digits: a time ("10:30", "9 a.m."), a scale word or abbreviation
# ("1.2 million", "10k", "$2bn") and a percent sign or word.
_TIME_POST = r"(?::\d|[ \t]*(?:a\.m\.|p\.m\.|am\b|pm\b|gmt\b|utc\b|hrs\b|h\b|o['’]clock\b))"
_SCALE = (
    r"(?:[ \t]*-?[ \t]*(?P<word>hundred|thousand|million|billion|trillion)\b"
    r"|(?P<abbr>k|bn|mn|tn|m|b)\b)"
)
_PERCENT = r"[ \t]*%|[ \t]+(?:percent|per[ \t]+cent)\b|-percent\b"


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    lex = number_lexicon()
    words = _alternation([*lex.cardinals, *lex.scales])
    vague = _alternation(list(lex.vague))
    fraction_den = _alternation(list(lex.fractions))
    numerators = _alternation(_numerators())
    word_number = (
        rf"(?P<words>(?:a[ \t]+(?=(?:hundred|thousand|million|billion|dozen)\b))?"
        rf"(?:{words})\b(?:(?:[ \t]+|-)(?:and[ \t]+)?(?:{words})\b)*)"
    )
    # Anchors: digit runs and number words, each right after a non-letter. Starting every
    # pattern with a character class (the non-letter) lets the regex engine skip ahead in C and
    # try the word trie only at word starts; the full readings below run at anchors only. The
    # lookahead on the first character turns most other words away in one set test.
    anchor_words = number_anchor_words()
    first_chars = "".join(sorted({w[0] for w in anchor_words}))
    anchor = rf"[^A-Za-z0-9_](?=[0-9{first_chars}])([0-9][0-9,.]*|{trie(anchor_words)}(?![A-Za-z]))"
    suffixes = [s for s in lex.suffix if s != "+"]
    np_token = r"[ \t]*(?:-[ \t]*)?([A-Za-z$€£][A-Za-z0-9'’.-]*)"
    # Up to five tokens in a row, each after the first optional: T(?:T(?:T(?:T(?:T)?)?)?)?
    np_tokens = ""
    for _ in range(4):
        np_tokens = f"(?:{np_token}{np_tokens})?"
    np_tokens = np_token + np_tokens
    return {
        "anchor": re.compile(anchor),
        "vague": re.compile(rf"(?:{vague})\b", re.IGNORECASE),
        "frac": re.compile(
            rf"(?:(?P<fnum>{numerators})[ \t-]+)?(?P<fden>{fraction_den})\b", re.IGNORECASE
        ),
        "words": re.compile(word_number, re.IGNORECASE),
        "digits": re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"),
        "scale": re.compile(_SCALE, re.IGNORECASE),
        "percent": re.compile(_PERCENT, re.I),
        "suffix": re.compile(rf"(?:[ \t]*\+|[ \t]*-?[ \t]*(?:{_alternation(suffixes)})\b)", re.I),
        "range_gap": re.compile(r"[ \t]*(?:to|and|or|-|–|—)[ \t]*\Z|[ \t]*(?:-|–|—)[ \t]*", re.I),
        "time_post": re.compile(_TIME_POST, re.IGNORECASE),
        "phone": re.compile(
            r"(?<![\w+])(?:\+\d{1,3}[ .-]?)?\(?\d{3}\)?[ .-]\d{3}[ .-]\d{4}(?!\d)"
            r"|(?<![\w-])\d{3}-\d{4}(?![\w-])"
        ),
        "of_pre_noun": re.compile(
            r"[ \t]+of[ \t]+(?:(?:the|its|their|his|her|our|these|those)[ \t]+)?"
        ),
        "partitive": re.compile(
            r"[ \t]+of[ \t]+(?:the|its|their|these|those|his|her|our)?[ \t]*"
            r"(?:\w+[ \t]+){0,2}?(?=\d)"
        ),
        "np_token": re.compile(np_token),
        "np_tokens": re.compile(np_tokens),
        "after_digits": re.compile(
            rf"(?P<time>{_TIME_POST})|(?:{_SCALE})?(?P<percent>{_PERCENT})?", re.IGNORECASE
        ),
    }


# Words that end a noun phrase after a number: verbs, prepositions, conjunctions.
_NP_STOP = frozenset(
    """
    a an the in to of and or but that which who whom whose from with by on at for as than into
    onto upon since after before during while was were is are be been being has have had do did
    does will would could should may might can must said says say reportedly also still now then
    there here this these those it its their his her our your my per each every were not no
    nor so if when where how why what because according against across among between within
    without over under about around up down out off through toward towards near though
    although however yet whereas unless until
    """.split()
)
# Modifiers skipped between the number and the counted noun ("1,000 more troops").
_NP_SKIP = frozenset(
    "more additional extra new other further fresh original remaining total estimated "
    "some odd roughly approximately".split()
)
_MONTHS_AND_DAYS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday "
    "friday saturday sunday".split()
)


# Family words that are participles: a head only when no noun follows ("two wounded POWs").
_PARTICIPLES = frozenset("killed dead wounded injured displaced missing".split())
# Units that are heads even when singular and alone ("10 km", "5 kg").
_SHORT_UNITS = frozenset(
    "km kg m cm mm mi ft lb lbs mph kmh km/h mw gw kw kwh t ha sq acre acres tonne ton "
    "metre meter mile kilometre kilometer percent".split()
)


def _is_plural_like(word: str) -> bool:
    w = word.lower()
    if w in number_lexicon().lemmas:
        return True
    return len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is", "'s", "’s"))


def _noun_phrase(
    text: str, pos: int, *, lenient: bool = False
) -> tuple[str | None, str | None, int]:
    """Read the counted noun (and owner) right after ``pos``; returns (unit, owner, end).

    Up to five words are read until a function word or punctuation. The head is, in order of
    preference: a two-word unit of the family table ("square kilometers"), the first noun of the
    family table ("troops"), the first plural-looking word, a participle of the family table
    ("killed", "wounded"), or a lone short unit ("km"); with ``lenient`` (after "% of") the first
    common noun. Capitalised words before the head give the owner ("North Korean").
    """
    # One match reads up to five tokens, as five successive ``np_token`` matches would: every
    # token after the first is optional, so no greedy token ever gives characters back.
    m = _patterns()["np_tokens"].match(text, pos, min(len(text), pos + 80))
    if m is None:
        return None, None, pos
    # The reading depends on the matched text only (the pattern has no lookaround, so its
    # groups follow from the matched text), and the same few phrases ("troops", "people")
    # follow numbers in every text: the readings are kept, with the end relative to ``pos``.
    key = (m.group(), lenient)
    reading = _noun_phrase_readings.get(key)
    if reading is None:
        reading = _read_noun_phrase(m, lenient)
        if len(_noun_phrase_readings) >= _MAX_NOUN_PHRASE_READINGS:
            _noun_phrase_readings.clear()  # bounded; a rare clear costs only re-reading
        _noun_phrase_readings[key] = reading
    unit, owner, offset = reading
    return unit, owner, pos + offset


_noun_phrase_readings: dict[tuple[str, bool], tuple[str | None, str | None, int]] = {}
_MAX_NOUN_PHRASE_READINGS = 8192


def _read_noun_phrase(m: re.Match[str], lenient: bool) -> tuple[str | None, str | None, int]:
    """(unit, owner, end - start) read from an ``np_tokens`` match (see :func:`_noun_phrase`)."""
    pos = m.start()
    words: list[str] = []
    ends: list[int] = []
    for group, token in enumerate(m.groups(), start=1):
        if token is None:
            break
        word = token.rstrip(".")
        low = word.lower()
        if not word or low in _NP_STOP or low in _MONTHS_AND_DAYS:
            break
        words.append(word)
        ends.append(m.start(group) + len(word))
        if token.endswith("."):
            break
    head = _noun_phrase_head(tuple(words), lenient)
    if head is None:
        return None, None, 0
    index, unit, owner = head
    return unit, owner, ends[index] - pos


# The same few word sequences ("troops", "people", "North Korean troops") follow numbers in
# every text; the choice of head depends on the words only. Bounded, and lru_cache is
# thread-safe.
@lru_cache(maxsize=8192)
def _noun_phrase_head(words: tuple[str, ...], lenient: bool) -> tuple[int, str, str | None] | None:
    """(index in ``words`` of the head, unit, owner) of the words after a number, or None."""
    families = number_lexicon().families
    # (index in words, word, lemma, is_capitalised_name)
    items: list[tuple[int, str, str, bool]] = []
    for index, word in enumerate(words):
        low = word.lower()
        if low in _NP_SKIP:
            continue
        lemma = unit_lemma(low)  # unit_lemma lowers its argument: the same for word and low
        is_name = word[0].isupper() and low not in families and lemma not in families
        items.append((index, word, lemma, is_name))
    # (index in items, word, lemma)
    candidates = [(i, w, lemma) for i, (_, w, lemma, name) in enumerate(items) if not name]
    choice: tuple[int, str] | None = None
    for k, (i, _word, lemma) in enumerate(candidates):
        if k + 1 < len(candidates) and candidates[k + 1][0] == i + 1:
            nxt = candidates[k + 1]
            pair = f"{lemma} {nxt[2]}"
            if pair in families:
                choice = (nxt[0], pair)
                break
        if lemma in families and lemma not in _PARTICIPLES:
            choice = (i, lemma)
            break
    if choice is None:
        for i, word, lemma in candidates:
            if _is_plural_like(word) and not word.lower().endswith("ly"):
                choice = (i, lemma)
                break
    if choice is None:
        for i, _word, lemma in candidates:
            if lemma in _PARTICIPLES:
                choice = (i, lemma)
                break
    if choice is None and candidates and (lenient or candidates[0][0] == 0):
        word = candidates[0][1].lower()
        if lenient or word in _SHORT_UNITS:
            choice = (candidates[0][0], unit_lemma(word))
    if choice is None:
        return None
    head_item, head = choice
    owner_words = [w for _, w, _, name in items[:head_item] if name]
    return items[head_item][0], head, " ".join(owner_words) if owner_words else None


_PRE_WORD = re.compile(r"[A-Za-z][A-Za-z.'’-]*")
# Filler words allowed between an approximator and its number ("at least an additional 1,000").
_FILLERS = frozenset("additional extra further other more".split())
_ARTICLES = frozenset(("a", "an", "the"))
# Words after which a number is a label, not an amount ("No. 5", "Resolution 2231").
_LABELS = frozenset(
    """
    no nos number page p pp chapter article section flight route resolution room episode vol
    volume version level phase grade category model item rule amendment line bus tier act code
    id ref platform gate highway interstate paragraph clause table figure fig
    """.split()
)


def _last_word(text: str, pos: int) -> str:
    """The word right before ``pos`` (spaces between allowed, a trailing dot dropped)."""
    segment = text[max(0, pos - 16) : pos]
    stripped = segment.rstrip(" \t")
    if len(stripped) == len(segment):
        return ""
    parts = stripped.rsplit(None, 1)
    word = parts[-1] if parts else ""
    return word.rstrip(".").lstrip("\"'“‘([")


# The characters of a word as ``_PRE_WORD`` reads it, and those of them that cannot start one.
_WORD_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.'’-"
_WORD_PUNCT = ".'’-"


def _words_before(
    text: str, pos: int, limit: int = 60, max_words: int = 64
) -> list[tuple[str, int]]:
    """The words right before ``pos``, separated by spaces only, as (word, start) in order.

    A word is what ``_PRE_WORD`` finds scanning the window ``text[pos - limit:pos]`` (a run of
    letters and ``.'’-`` from its first letter on), read here from the end with string methods:
    the run before each gap of spaces or tabs, less its leading ``.'’-``. Leading punctuation
    (or any other character) before a word ends the walk, as it would sit in the next gap. At
    most the last ``max_words`` words are read.
    """
    if pos == 0 or text[pos - 1] not in " \t":
        return []  # the gap after the last word must be spaces or tabs only
    base = max(0, pos - limit)
    window = text[base:pos]
    out: list[tuple[str, int]] = []
    cursor = len(window)
    while len(out) < max_words:
        before = window[:cursor].rstrip(" \t")
        if len(before) == cursor:
            break  # no gap (or the window's start): the walk ends
        run = before[len(before.rstrip(_WORD_CHARS)) :]
        word = run.lstrip(_WORD_PUNCT)
        if not word:
            break  # not a word before the gap
        cursor = len(before) - len(word)
        out.append((word, base + cursor))
    out.reverse()
    return out


def _last_word_before(text: str, pos: int, limit: int = 60) -> str | None:
    """The last word of ``_words_before(text, pos, limit)``, or None when there is none."""
    if pos == 0 or text[pos - 1] not in " \t":
        return None
    before = text[max(0, pos - limit) : pos].rstrip(" \t")
    return before[len(before.rstrip(_WORD_CHARS)) :].lstrip(_WORD_PUNCT) or None


@lru_cache(maxsize=1)
def _approx_last_words() -> frozenset[str]:
    """Words that can end an approximator phrase ("least" of "at least")."""
    return frozenset(p.rsplit(" ", 1)[-1] for p in number_lexicon().approx)


def _read_prefix(
    text: str, pos: int, *, want_approx: bool
) -> tuple[tuple[str, str] | None, str | None, int]:
    """Approximator (label, shape), possessive owner and new start, read before ``pos``."""
    lex = number_lexicon()
    last = _last_word_before(text, pos)
    if last is None:
        return None, None, pos
    # Fast path: the reading below finds an approximator only in phrases ending with the last
    # word, or, when the last word is a filler or an article, with a word before it; and an
    # owner only when the last word is a capitalised possessive.
    possessive = last[:1].isupper() and last.endswith(("'s", "’s")) and len(last) > 2
    last_lower = last.lower()
    may_be_approx = want_approx and (
        last_lower in _approx_last_words() or last_lower in _FILLERS or last_lower in _ARTICLES
    )
    if not may_be_approx and not possessive:
        return None, None, pos
    # Only the last ten words can matter: an approximator ends at most two words (a filler
    # and an article) before ``pos`` and has at most four words; an owner has at most four
    # more before it.
    words = _words_before(text, pos, max_words=10)
    lows = [w.lower() for w, _ in words]
    approx: tuple[str, str] | None = None
    new_start = pos
    end = len(words)
    if want_approx:
        last_words = _approx_last_words()
        i = end
        if i and lows[i - 1] in _FILLERS:
            i -= 1
        if i and lows[i - 1] in _ARTICLES:
            i -= 1
        # With and without the skipped fillers; a phrase ending with a word that ends no
        # approximator cannot be one.
        ends = [j for j in dict.fromkeys((i, end)) if j and lows[j - 1] in last_words]
        for k in (4, 3, 2, 1):
            for j in ends:
                if j - k < 0:
                    continue
                phrase = " ".join(lows[j - k : j])
                if phrase in lex.approx and (j == end or k > 1 or phrase not in _ARTICLES):
                    approx = lex.approx[phrase]
                    new_start = words[j - k][1]
                    end = j - k
                    break
            if approx is not None:
                break
    owner: str | None = None
    if end:
        last = words[end - 1][0]
        if last[:1].isupper() and last.endswith(("'s", "’s")) and len(last) > 2:
            names = [last[:-2]]
            for w, _ in reversed(words[max(0, end - 4) : end - 1]):
                if not w[:1].isupper() or w.lower() in _MONTHS_AND_DAYS:
                    break
                names.insert(0, w)
            if names[-1].lower() not in _MONTHS_AND_DAYS:
                owner = " ".join(names)
    return approx, owner, new_start


# --------------------------------------------------------------------------- number parsing


_LETTERS = re.compile(r"[A-Za-z]+")
_SPACES = re.compile(r"[ \t]+")
_OF = re.compile(r"[ \t]+of\b")


def _parse_words(phrase: str) -> tuple[float, int] | None:
    """Value of a number-word phrase and how many characters of it were used."""
    lex = number_lexicon()
    total = 0.0
    current = 0.0
    used = 0
    seen_any = False
    last_kind = ""
    for m in _LETTERS.finditer(phrase):
        w = m.group(0).lower()
        if w == "and":
            continue
        if w == "a" and not seen_any:
            current, seen_any, last_kind = 1.0, True, "card"
            used = m.end()
            continue
        if w in lex.cardinals:
            v = lex.cardinals[w]
            # "twenty five" composes; "five six" or "twenty thirty" does not.
            if last_kind == "card" and not (current % 100 >= 20 and current % 10 == 0 and v < 10):
                break
            current += v
            last_kind = "card"
        elif w in lex.scales:
            s = lex.scales[w]
            if s == 100 or s == 12:
                current = (current or 1.0) * s
            else:
                total += (current or 1.0) * s
                current = 0.0
            last_kind = "scale"
        else:
            break
        seen_any = True
        used = m.end()
    if not seen_any:
        return None
    return total + current, used


def _parse_digits(token: str) -> float:
    return float(token.replace(",", ""))


def _format(x: float) -> str:
    if math.isinf(x):
        return "inf"
    return f"{x:,.0f}" if x == int(x) and abs(x) < 1e15 else f"{x:,.4g}"


# --------------------------------------------------------------------------- raw tokens


@dataclass(slots=True)
class _Raw:
    start: int
    end: int
    low: float
    high: float
    value: float | None
    percent: bool
    scaled: bool
    kind: str  # "digits" | "words" | "vague" | "fraction"
    currency: str | None = None


_CURRENCY_UNIT = {"$": "dollar", "us$": "dollar", "€": "euro", "£": "pound"}


def _date_spans_and_anchors(
    text: str, date_scan: DateScan | None = None
) -> tuple[list[tuple[int, int]], list[tuple[int, int, str]]]:
    """Date spans of ``text`` and the quantity anchors, as (start, end, token).

    One scan finds the anchors of both (see :func:`credence.features.dates.scan_dates`);
    ``date_scan`` is that scan when the caller has it already (used only if it is of ``text``).
    """
    scan = date_scan if date_scan is not None and date_scan.text is text else scan_dates(text)
    excluded = [m.span() for m in scan.matches]
    if scan.quantity_anchors is None:
        # the anchor needs one character before the text (offsets shift by 1)
        anchors = [
            (m.start(1) - 1, m.end(1) - 1, m.group(1))
            for m in _patterns()["anchor"].finditer(" " + text)
        ]
    else:
        anchors = list(scan.quantity_anchors)
    return excluded, anchors


def _in_phone_number(text: str, start: int, end: int) -> bool:
    # Only 3- or 4-digit groups (or a "+" country code) next to a separator can be part of a
    # phone number; look around those only.
    if end - start not in (3, 4) and text[start - 1 : start] not in ("+", "("):
        return False
    if not (text[end : end + 1] in (" ", "-", ".", ")") or text[start - 1 : start] in " -.(+"):
        return False
    window_start = max(0, start - 18)
    for m in _patterns()["phone"].finditer(text, window_start, min(len(text), end + 18)):
        if m.start() < end and start < m.end():
            return True
    return False


def _raw_tokens(text: str, date_scan: DateScan | None = None) -> list[_Raw]:
    excluded, anchors = _date_spans_and_anchors(text, date_scan)
    ex_i = 0
    out: list[_Raw] = []
    consumed = -1
    n_excluded = len(excluded)
    for start, end, token in anchors:
        if start < consumed:
            continue
        while ex_i < n_excluded and excluded[ex_i][1] <= start:
            ex_i += 1
        if ex_i < n_excluded and excluded[ex_i][0] < end and start < excluded[ex_i][1]:
            continue
        raw: _Raw | None = None
        if text[start].isdigit():
            raw = _digits_token(text, start, token)
        else:
            starts = [start]
            if (
                start >= 2
                and text[start - 2 : start] in ("a ", "A ")
                and (start == 2 or not text[start - 3].isalpha())
            ):
                starts.insert(0, start - 2)  # "a few", "a hundred", "a third of"
            for s0 in starts:
                raw = _word_token(text, s0, token if s0 == start else None)
                if raw is not None:
                    break
        if raw is not None:
            if ex_i < n_excluded and excluded[ex_i][0] < raw.end and raw.start < excluded[ex_i][1]:
                continue
            out.append(raw)
            consumed = raw.end
    return out


@lru_cache(maxsize=1)
def _readings_by_first_word() -> dict[str, tuple[bool, bool, bool]]:
    """For each word, whether a vague amount, a fraction, a number in words can start with it."""
    lex = number_lexicon()

    def first_words(phrases: Sequence[str]) -> set[str]:
        return {re.match(r"[a-z]*", phrase.lower()).group() for phrase in phrases}  # type: ignore[union-attr]

    vague = first_words(list(lex.vague))
    fraction = first_words([*_numerators(), *lex.fractions])
    words = first_words(["a", *lex.cardinals, *lex.scales])
    return {w: (w in vague, w in fraction, w in words) for w in vague | fraction | words}


def _word_token(text: str, pos: int, word: str | None = None) -> _Raw | None:
    """The vague amount, fraction or number in words at ``pos``; ``word`` is the word there.

    Each reading is a case-insensitive regex whose phrases start with a word followed by a
    non-letter; when ``word`` is followed by an ASCII character (no case folding can then
    extend it), a reading none of whose phrases starts with ``word`` cannot match and is
    skipped.
    """
    p = _patterns()
    try_vague = try_fraction = try_words = True
    if word is not None:
        end = pos + len(word)
        if end == len(text) or text[end] < "\x80":
            try_vague, try_fraction, try_words = _readings_by_first_word().get(
                word.lower(), (False, False, False)
            )
    m = p["vague"].match(text, pos) if try_vague else None
    if m is not None:
        lo, hi = number_lexicon().vague[_SPACES.sub(" ", m.group(0).lower())]
        end = m.end()
        sm = p["scale"].match(text, end)
        if hi < 12 and sm is not None and sm.group("word") is not None:
            factor = number_lexicon().scales[sm.group("word").lower()]  # "a few hundred"
            lo, hi, end = lo * factor, hi * factor, sm.end()
        return _Raw(m.start(), end, lo, hi, None, False, True, "vague")
    m = p["frac"].match(text, pos) if try_fraction else None
    if m is not None:
        raw = _fraction_token(text, m)
        if raw is not None:
            return raw
    m = p["words"].match(text, pos) if try_words else None
    return _words_token(text, m) if m is not None else None


def _digits_token(text: str, n_start: int, token: str) -> _Raw | None:
    p = _patterns()
    stripped = token.rstrip(".,")
    if len(stripped) > _MAX_DIGITS_LEN:
        return None
    if not stripped.isdigit() and p["digits"].fullmatch(stripped) is None:  # plain runs match
        return None
    if len(stripped) > 1 and stripped[0] == "0" and stripped[1] != ".":
        return None  # zero-padded: an identifier
    n_end = n_start + len(stripped)
    before = text[n_start - 1] if n_start > 0 else " "
    before2 = text[n_start - 2] if n_start > 1 else " "
    currency: str | None = None
    if before in "$€£":
        currency = "US$" if text[max(0, n_start - 3) : n_start] == "US$" else before
    if before in "-–" and before2.isalpha():
        return None  # F-16, COVID-19
    if before in ":/#" or (before == "." and before2.isalnum()):
        return None
    if before in "'’" and before2 in " \t\n":
        return None  # '90s
    if _last_word(text, n_start - len(currency or "")).lower() in _LABELS:
        return None  # "No. 5", "Resolution 2231", "page 3": a label, not an amount
    if _in_phone_number(text, n_start, n_end):
        return None
    # One match reads what follows the number: a time (the number is then no amount), else a
    # scale and a percent after it, as "time_post", then "scale", then "percent" at the end of
    # the scale would read them (the part after each can match empty, so the engine never
    # backtracks into the one before it).
    after = p["after_digits"].match(text, n_end)
    if after.group("time") is not None:  # type: ignore[union-attr]
        return None
    if n_end < len(text) and text[n_end] == "/" and text[n_end + 1 : n_end + 2].isdigit():
        return None
    value = _parse_digits(stripped)
    end = n_end
    scaled = False
    word, abbr, percent_sign = after.group("word", "abbr", "percent")  # type: ignore[union-attr]
    if word is not None:
        value *= number_lexicon().scales[word.lower()]
        end, scaled = after.end("word"), True  # type: ignore[union-attr]
    elif abbr is not None:
        a = abbr.lower()
        if a in ("k", "bn", "mn", "tn") or currency is not None:
            value *= {"k": 1e3, "m": 1e6, "mn": 1e6, "b": 1e9, "bn": 1e9, "tn": 1e12}[a]
            end, scaled = after.end("abbr"), True  # type: ignore[union-attr]
        else:
            # The abbreviation starts right at the number's end, with a letter: the check
            # below returns None (the percent read after it would not apply).
            end = n_end
    if end < len(text) and (text[end].isalpha() or text[end] == "_"):
        return None  # 5G, 3D, 1st: part of a name or an ordinal
    percent = False
    if percent_sign is not None:
        percent, end = True, after.end()  # type: ignore[union-attr]
    start = n_start - len(currency) if currency else n_start
    return _Raw(start, end, value, value, value, percent, scaled, "digits", currency)


def _fraction_token(text: str, m: re.Match[str]) -> _Raw | None:
    lex = number_lexicon()
    num_word = (m.group("fnum") or "").lower()
    den_word = m.group("fden").lower()
    after = text[m.end() : m.end() + 12].lower()
    follows_of = re.match(r"[ \t]+(?:of|the|its|their|his|her|our|a)\b", after) is not None
    if not num_word:
        if den_word not in ("half",) or not follows_of:
            return None
        numerator = 1
    elif num_word == "a":
        if not re.match(r"[ \t]+of\b", after):
            return None
        numerator = 1
    else:
        numerator = lex.cardinals[num_word]
    den = lex.fractions[den_word]
    value = round(100.0 * numerator / den, 4)
    if value > 100:
        return None
    return _Raw(m.start(), m.end(), value, value, value, True, False, "fraction")


def _words_token(text: str, m: re.Match[str]) -> _Raw | None:
    phrase = m.group("words")
    parsed = _parse_words(phrase)
    if parsed is None:
        return None
    value, used = parsed
    phrase = phrase[:used].lower()
    if phrase in ("one", "a", "zero") or used == 0:
        return None
    start = m.start()
    end = start + used
    if end < len(text) and text[end] == "-" and text[end + 1 : end + 2].isalpha():
        # "two-thirds" is a fraction, "five-year" a compound adjective: not a count
        return None
    percent = False
    pm = _patterns()["percent"].match(text, end)
    if pm is not None:
        percent, end = True, pm.end()
    scaled = (
        "thousand" in phrase or "million" in phrase or "billion" in phrase or "trillion" in phrase
    )
    return _Raw(start, end, value, value, value, percent, scaled, "words")


# --------------------------------------------------------------------------- assembly


def _merge_ranges(text: str, raws: list[_Raw]) -> list[tuple[_Raw, _Raw | None, int]]:
    """Pair tokens joined by "to"/"-"/"and" (after "between")/"or"; returns (a, b, start)."""
    p = _patterns()
    out: list[tuple[_Raw, _Raw | None, int]] = []
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
                previous = _words_before(text, a.start, 12, max_words=1)
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
                    a2 = _Raw(a.start, a.end, lo, lo, lo, a.percent or b.percent, a.scaled, a.kind)
                    out.append((a2, b, start))
                    i += 2
                    continue
        out.append((a, None, start))
        i += 1
    return out


def _unscaled(text: str, raw: _Raw) -> float:
    m = re.match(r"[$€£]?(\d[\d,]*(?:\.\d+)?)", text[raw.start : raw.end])
    if m is None:
        return 1.0
    v = _parse_digits(m.group(1))
    return v or 1.0


def _build(text: str, a: _Raw, b: _Raw | None, start: int) -> tuple[Quantity, bool]:
    """Turn raw token(s) into a Quantity; the flag says whether a partitive "of" follows."""
    p = _patterns()
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
    approx_before, owner, new_start = _read_prefix(text, start, want_approx=value is not None)
    if approx_before is not None and value is not None:
        label, shape = approx_before
        low, high = _apply_shape(value, shape)
        approx = label
        start = new_start
    elif value is not None and _may_start_suffix(text, end):
        sm = p["suffix"].match(text, end)
        if sm is not None:
            key = sm.group(0).strip().lower().lstrip("-").strip()
            key = _SPACES.sub(" ", key)
            if key in lex.suffix:
                label, shape = lex.suffix[key]
                low, high = _apply_shape(value, shape)
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
            head, np_owner, _ = _noun_phrase(text, of.end(), lenient=True)
            if head is not None:
                unit = f"% of {head}"
                owner = owner or np_owner
    elif currency is not None:
        unit = _CURRENCY_UNIT[currency.lower()]
    else:
        after = end
        if a.kind == "vague" and not text[a.start : a.end].lower().endswith("of"):
            of = _OF.match(text, after)
            after = of.end() if of is not None else after
        head, np_owner, _ = _noun_phrase(text, after)
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


@lru_cache(maxsize=1)
def _suffix_first_chars() -> frozenset[str]:
    """First characters of the approximators after a number ("or more", "plus", "+").

    In either case; :func:`_may_start_suffix` tests the character after the spaces, tabs and
    hyphen that the "suffix" pattern may skip.
    """
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


def _apply_shape(x: float, shape: str) -> tuple[float, float]:
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
        raws = _raw_tokens(text, None if context is None else shared_date_scan(context))
        quantities: list[Quantity] = []
        partitive: list[bool] = []
        last_end = -1
        for a, b, start in _merge_ranges(text, raws):
            q, part = _build(text, a, b, start)
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
            math.log10(1.0 + max(finite)) if finite else 0.0,
        ]
