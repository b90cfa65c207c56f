"""Date expressions, absolute and relative, read as day intervals ``[low, high]``.

Relative expressions resolve against a reference date: the article's publication date (the
context's ``published``), else the extractor's ``reference_date``. Without either, a
relative expression is kept but unresolved (``low``/``high`` None, ``resolved`` False).

Reading rules:

- full dates: ``February 27, 2025``, ``27 February 2025``, ``Feb. 27``, ``2025-02-27``,
  ``2/27/2025`` (month/day/year unless the first number is above 12) → one day.
- months: ``January 2024`` → the month; a month without a year (``in January``,
  ``early August``) → the most recent such month not after the reference date (its own month
  counts). ``Feb. 27`` without a year likewise takes the most recent 27 February not after it.
- parts: ``early``/``mid``/``late`` *month* → days 1–10 / 11–20 / 21–end; ``early``/``mid``/``late``
  *year* → January–April / May–August / September–December; ``the end of`` *year* → October–
  December, ``the start``/``beginning of`` *year* → January–March.
  ``last January`` → the most recent January strictly before the reference month.
- seasons (meteorological, northern hemisphere): spring = March–May, summer = June–August,
  autumn/fall = September–November, winter *Y* = December *Y* – February *Y+1*; a season needs
  a year or ``this``/``last``/``next``: ``this summer`` is the current one while it lasts,
  otherwise the coming one; ``last summer`` is the one before that.
- years ``2022``, ``in 2022``; decades ``the 1990s``. A bare four-digit number 1800–2100 is a year
  unless it counts something ("2000 troops", "about 1500 people"); numbers with separators
  ("2,000") never are.
- relative: ``today``, ``yesterday``, ``tomorrow``, ``tonight``; ``this``/``last``/``next``
  ``week`` (Monday–Sunday weeks), ``month``, ``year`` (calendar periods); ``the past week``/
  ``month``/``year`` and ``the past two weeks`` → the rolling period ending on the reference
  date; ``earlier this year`` → from the period's start to the reference date; ``later this
  year`` → from the reference date to the period's end; ``two years ago`` → the calendar day /
  week / month / year that many units back; weekdays (``on Thursday``, ``earlier on Thursday``)
  → the most recent such day on or before the reference date, ``last Thursday`` → strictly
  before, ``next Thursday`` → strictly after.
- skipped: vague words with no interval ("recently", "in the coming weeks", "soon", "now").

All patterns start at a word boundary and contain no nested quantifiers over overlapping
classes, so matching is linear in the length of the text.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from credence.features.base import SpanExtractor, register
from credence.features.context import Context, context_for
from credence.features.number_words import (
    number_anchor_words,
    number_lexicon,
    trie_branches,
    unit_lemma,
)

__all__ = [
    "DateExpression",
    "DateExtractor",
    "DateScan",
    "date_spans_and_quantity_anchors",
    "scan_dates",
    "dates_conflict",
    "find_date_spans",
]

_MONTH_NUMBERS = {
    name.lower(): i
    for i in range(1, 13)
    for name in (calendar.month_name[i], calendar.month_abbr[i])
}
_MONTH_NUMBERS["sept"] = 9
_WEEKDAYS = {calendar.day_name[i].lower(): i for i in range(7)}
_SMALL_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "a couple of": 2,
    "couple of": 2,
}
_SEASON_MONTHS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
# Words before a bare year that make it a date even when a plural noun follows ("in 2022 troops").
_YEAR_PREPOSITIONS = frozenset(
    "in since by until till during from before after of through between and to the its "
    "early late mid circa year around".split()
)


# --------------------------------------------------------------------------- result


@dataclass(frozen=True, slots=True)
class DateExpression:
    """A date expression and the interval of days it denotes.

    Attributes
    ----------
    start, end : int
        Offsets into the text; ``text[start:end] == self.text``.
    text : str
        The covered text ("late 2022", "last week").
    low, high : datetime.date or None
        First and last day of the interval (inclusive); None when unresolved.
    resolved : bool
        Whether ``low``/``high`` are known.
    granularity : str
        "day", "week", "month", "month_part", "season", "year", "year_part", "decade" or
        "period" (a rolling span such as "the past two weeks").
    relative : bool
        True when the expression needs a reference date ("last year", "in January").
    explanation : str
        Why the span was read this way.

    Examples
    --------
    >>> d = DateExtractor().extract("late 2022")[0]
    >>> d.low.isoformat(), d.high.isoformat()
    ('2022-09-01', '2022-12-31')
    """

    start: int
    end: int
    text: str
    low: dt.date | None
    high: dt.date | None
    resolved: bool
    granularity: str
    relative: bool = False
    explanation: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON form with ISO dates (null when unresolved)."""
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "low": self.low.isoformat() if self.low else None,
            "high": self.high.isoformat() if self.high else None,
            "resolved": self.resolved,
            "granularity": self.granularity,
            "explanation": self.explanation,
        }


def dates_conflict(a: DateExpression, b: DateExpression) -> bool:
    """True when both expressions are resolved and their day intervals are disjoint.

    Examples
    --------
    >>> ex = DateExtractor()
    >>> late_2022 = ex.extract("late 2022")[0]
    >>> from credence.features.context import Context
    >>> on_27_feb_2025 = Context("last year", published=dt.date(2025, 2, 27))
    >>> last_year = ex.extract("last year", context=on_27_feb_2025)[0]
    >>> dates_conflict(late_2022, last_year)
    True
    """
    if not (a.resolved and b.resolved):
        return False
    assert a.low and a.high and b.low and b.high
    return a.high < b.low or b.high < a.low


# --------------------------------------------------------------------------- calendar helpers


def _month_range(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _week_range(day: dt.date) -> tuple[dt.date, dt.date]:
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _minus(ref: dt.date, n: int, unit: str) -> dt.date:
    if unit == "day":
        return ref - dt.timedelta(days=n)
    if unit == "week":
        return ref - dt.timedelta(weeks=n)
    months = n * 12 if unit == "year" else n
    y, m = _shift_month(ref.year, ref.month, -months)
    return dt.date(y, m, min(ref.day, calendar.monthrange(y, m)[1]))


# --------------------------------------------------------------------------- patterns

_MONTH = (
    r"(?:(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)\b|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?)"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_YEAR = r"(?:1[89]\d\d|20\d\d|2100)"
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\d,]\d|\d)"
_NUMBER = (
    r"(?:\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"(?:a[ \t]+)?couple[ \t]+of)"
)
_UNIT = r"(?:day|week|month|year)"
_PART_MONTH = r"(?:early|mid|late|the[ \t]+(?:end|start|beginning|middle)[ \t]+of)"
_PART_YEAR = r"(?:early|mid|late|the[ \t]+(?:end|start|beginning|middle)[ \t]+of)"
_BARE_MONTH_CONTEXT = (
    r"(?:in|since|by|until|till|during|from|of|before|after|through|last|this|next|"
    r"on|to|and|between)"
)


_DIGITS = "0123456789"


class _Start(NamedTuple):
    """How a branch of the date pattern can start: with a digit, or with one of its first words.

    Read off the branch: its first digits, or the words of its first alternation (an optional
    leading word adds its own), ``words`` in any case (they sit in ``(?i:...)``) and
    ``cased_words`` as written. A match of the branch begins with one of them; only their first
    two letters are used, so a first word may go on into a longer one ("springtime").
    """

    digits: str = ""
    words: tuple[str, ...] = ()
    cased_words: tuple[str, ...] = ()

    def allows(self, start: str) -> bool:
        """Whether the branch can match at a start holding ``start`` (one or two ASCII
        characters, a letter or digit first; two unless the text ends after the first).

        A word of two letters or more must begin with them; the one-letter word "a" is always
        followed by a space or tab in the branch.
        """
        if start[0] in _DIGITS:
            return start[0] in self.digits
        lowered = start.lower()
        for word in self.words:
            if lowered[0] == word[0] and (
                word[1:2] == lowered[1:2] if len(word) > 1 else start[1:2] in (" ", "\t")
            ):
                return True
        return any(word.startswith(start) for word in self.cased_words)


# The words of _MONTH, _WEEKDAY and the "lm" branch, as the patterns spell them.
_MONTH_WORDS = tuple(
    "January February March April May June July August September October November December "
    "Jan Feb Mar Apr Jun Jul Aug Sept Sep Oct Nov Dec".split()
)
_LONE_MONTH_WORDS = tuple(m for m in _MONTH_WORDS[:12] if m not in ("March", "May"))
_WEEKDAY_WORDS = tuple("Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split())
_PART_WORDS = ("early", "mid", "late", "the")
_SEASON_RELATIONS = ("last", "this", "next", "early", "late")
_BARE_MONTH_CONTEXT_WORDS = tuple(
    "in since by until till during from of before after through last this next on to and "
    "between".split()
)
_NUMBER_WORDS = tuple(
    "a an one two three four five six seven eight nine ten eleven twelve couple".split()
)


def _branches() -> list[tuple[_Start, str]]:
    """The alternatives of the date pattern, in order, each with how it can start."""
    i = "(?i:"  # scoped case-insensitivity: month and weekday names must be capitalised
    return [
        (
            _Start(digits="12"),
            rf"(?P<iso>(?<![\w-])(?P<iso_y>{_YEAR})-(?P<iso_m>0[1-9]|1[0-2])-"
            r"(?P<iso_d>[0-3]\d)(?![\w-]))",
        ),
        (
            _Start(digits=_DIGITS),
            r"(?P<slash>(?<![\w/.])(?P<sl_a>\d{1,2})/(?P<sl_b>\d{1,2})/"
            r"(?P<sl_y>\d{4}|\d{2})(?![\w/]))",
        ),
        (
            _Start(cased_words=_MONTH_WORDS),
            rf"(?P<mdy>\b(?P<mdy_m>{_MONTH})[ \t]+(?P<mdy_d>{_DAY})"
            rf"(?:,?[ \t]+(?P<mdy_y>{_YEAR})\b)?)",
        ),
        (
            _Start(digits=_DIGITS),
            rf"(?P<dmy>\b(?P<dmy_d>{_DAY})[ \t]+(?:of[ \t]+)?(?P<dmy_m>{_MONTH})"
            rf"(?:,?[ \t]+(?P<dmy_y>{_YEAR})\b)?)",
        ),
        (
            _Start(words=_PART_WORDS),
            rf"(?P<pm>\b(?P<pm_part>{i}{_PART_MONTH}))[ \t-]+(?P<pm_m>{_MONTH})"
            rf"(?:,?[ \t]+(?P<pm_y>{_YEAR})\b)?)",
        ),
        (
            _Start(cased_words=_MONTH_WORDS),
            rf"(?P<my>\b(?P<my_m>{_MONTH}),?[ \t]+(?P<my_y>{_YEAR})\b)",
        ),
        (
            _Start(words=_PART_WORDS),
            rf"(?P<py>\b(?P<py_part>{i}{_PART_YEAR}))[ \t-]+(?P<py_y>{_YEAR})\b)",
        ),
        (
            _Start(words=(*_SEASON_RELATIONS, *_SEASON_MONTHS)),
            rf"(?P<season>\b(?:(?P<se_rel>{i}last|this|next|early|late))[ \t]+)?"
            rf"(?P<se_name>{i}spring|summer|autumn|fall|winter))"
            rf"(?:[ \t]+(?:of[ \t]+)?(?P<se_y>{_YEAR})\b)?)",
        ),
        (
            _Start(digits="12", words=("the",)),
            rf"(?P<decade>\b(?:{i}the)[ \t]+)?(?P<dec_y>1[89]\d0|20\d0)s\b)",
        ),
        (
            _Start(digits=_DIGITS, words=_NUMBER_WORDS),
            rf"(?P<ago>\b(?P<ago_n>{i}{_NUMBER}))[ \t]+(?P<ago_u>{i}{_UNIT}))s?[ \t]+{i}ago)\b)",
        ),
        (
            _Start(words=("the", "past", "last", "previous", "next", "coming")),
            rf"(?P<past>\b{i}(?:the[ \t]+)?(?:past|last|previous|next|coming)[ \t]+"
            rf"(?P<past_n>{_NUMBER})[ \t]+(?P<past_u>{_UNIT})s)\b)",
        ),
        (
            _Start(words=("earlier", "later")),
            rf"(?P<edge>\b(?P<edge_w>{i}earlier|later))[ \t]+{i}this[ \t]+"
            rf"(?P<edge_u>week|month|year))\b)",
        ),
        (
            _Start(words=("the", "this", "last", "next", "past")),
            rf"(?P<rel>\b(?P<rel_the>{i}the)[ \t]+)?(?P<rel_w>{i}this|last|next|past))[ \t]+"
            rf"(?P<rel_u>{i}week|month|year))\b)",
        ),
        (
            _Start(words=("yesterday", "today", "tonight", "tomorrow")),
            rf"(?P<word>\b{i}yesterday|today|tonight|tomorrow)\b)",
        ),
        (
            _Start(words=("last", "next", "this"), cased_words=_WEEKDAY_WORDS),
            rf"(?P<wd>\b(?:(?P<wd_rel>{i}last|next|this))[ \t]+)?"
            rf"(?P<wd_name>{_WEEKDAY})(?!s\b|\w))",
        ),
        (
            _Start(words=_BARE_MONTH_CONTEXT_WORDS),
            rf"(?P<bm>\b(?P<bm_ctx>{i}{_BARE_MONTH_CONTEXT}))[ \t]+(?P<bm_m>{_MONTH})"
            r"(?![.,]?[ \t]*\d))",
        ),
        (
            _Start(cased_words=_LONE_MONTH_WORDS),
            r"(?P<lm>\b(?P<lm_m>January|February|April|June|July|August|September|October|"
            r"November|December)\b(?![.,]?[ \t]*\d))",
        ),
        (
            _Start(digits="12"),
            rf"(?P<year>(?<![\w$€£.,'’/-])(?P<year_y>{_YEAR})(?![\w%/-]|[.,]\d))",
        ),
    ]


def _switched_off(branch: str) -> str:
    # Fails on entry but keeps the branch's groups, in order, so that every pattern has the
    # same group names and numbers as the full one. It starts with a NUL character, which the
    # patterns built with it never see there: they only run at starts whose first character
    # is an ASCII letter or digit (see _PatternByStart), and the guard before the branches
    # checks it. The regex engine skips an alternative that starts with a literal character
    # other than the current one in a single test, where "(?!)" (never matches) would run a
    # lookahead for each switched-off branch at each start.
    return "\\x00" + "".join(f"(?P<{name}>)" for name in re.findall(r"\(\?P<(\w+)>", branch))


@lru_cache(maxsize=1)
def _branch_list() -> tuple[tuple[_Start, str], ...]:
    """:func:`_branches`, built once (it formats every branch's regex)."""
    return tuple(_branches())


def _compile_branches(enabled: tuple[bool, ...]) -> re.Pattern[str]:
    branches = [
        b if on else _switched_off(b) for on, (_, b) in zip(enabled, _branch_list(), strict=True)
    ]
    # A cheap first-character guard lets the scanner skip most positions at once.
    return re.compile(r"\b(?=[\dA-Za-z])(?:" + "|".join(branches) + ")")


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    # Alternatives are tried in order at each start; the more specific ones come first.
    return _compile_branches((True,) * len(_branch_list()))


@lru_cache(maxsize=64)
def _pattern_by_switches(enabled: tuple[bool, ...]) -> re.Pattern[str]:
    return _compile_branches(enabled)


_ASCII_ALNUM = frozenset(_DIGITS + "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _likely_starts() -> list[str]:
    """Two-character starts that between them give every set of switches that
    :meth:`_Start.allows` gives a two-character start.

    A branch allows a start with a digit by its first character alone, and a start with a
    letter only when the start begins a word of the branch (in any case for ``words``) or is
    "a" and a space or tab; any other start allows no branch ("zz" stands for them all).
    One-character starts (at the end of a text) are left to their first use.
    """
    starts = [d + "0" for d in _DIGITS] + ["zz", "a ", "A ", "a\t", "A\t"]
    for how, _ in _branch_list():
        for word in how.words:
            pair = word[:2]
            starts += {pair, pair.upper(), pair.capitalize(), pair[:1] + pair[1:].upper()}
        starts += [word[:2] for word in how.cased_words]
    return starts


class _PatternByStart(dict[str, re.Pattern[str] | None]):
    """The date pattern to try at a start, by the start's first two characters.

    When they are ASCII and the first is a letter or digit, only the branches that can start
    with them (:meth:`_Start.allows`) are switched on: at such a start the pattern matches
    exactly as :func:`_pattern` does (a switched-off branch could not have matched there, and
    the others keep their order) but fails faster; when no branch can start with them, the
    value is None (the full pattern cannot match there either). Other starts get the full
    pattern (case folding could then let more words match). Filled on first use of each
    pair; the patterns of :func:`_likely_starts` are compiled together on first use, so that
    no pattern is compiled (a few milliseconds each) in the middle of a run.
    """

    def __missing__(self, start: str) -> re.Pattern[str] | None:
        if start[:1] not in _ASCII_ALNUM or not start.isascii():
            return _pattern()
        if not self:
            for likely in _likely_starts():
                self[likely] = self._compiled(likely)
            if start in self:
                return self[start]
        pattern = self._compiled(start)
        self[start] = pattern
        return pattern

    @staticmethod
    def _compiled(start: str) -> re.Pattern[str] | None:
        switches = tuple(how.allows(start) for how, _ in _branch_list())
        # No branch can start there ("days", "ago"): nothing to try.
        return _pattern_by_switches(switches) if any(switches) else None


_pattern_by_start = _PatternByStart()


_YEAR_COUNT_NOUN = re.compile(r"[ \t]+(?:more[ \t]+|additional[ \t]+|new[ \t]+)?([A-Za-z]+)")
_PREV_WORD = re.compile(r"([A-Za-z]+)[ \t]*\Z")


def _bare_year_is_count(text: str, start: int, end: int) -> bool:
    """True when a bare 1800–2100 number counts something ("2000 troops", "some 1500 people")."""
    lex = number_lexicon()
    prev = _PREV_WORD.search(text, max(0, start - 20), start)
    prev_word = prev.group(1).lower() if prev else ""
    if prev_word and (prev_word in _YEAR_PREPOSITIONS or prev_word in _MONTH_NUMBERS):
        return False
    if prev_word and prev_word in lex.approx:
        return True
    nxt = _YEAR_COUNT_NOUN.match(text, end, min(len(text), end + 40))
    return nxt is not None and unit_lemma(nxt.group(1)) in lex.families


_ANCHOR_WORDS = (
    "yesterday today tonight tomorrow day days week weeks month months year years ago decade "
    "spring summer autumn fall winter".split()
)


def _anchor_words() -> list[str]:
    words = [*_ANCHOR_WORDS, *(w.capitalize() for w in _ANCHOR_WORDS)]
    words += [calendar.month_name[i] for i in range(1, 13)]
    words += [calendar.month_abbr[i] for i in range(1, 13)] + ["Sept"]
    words += [calendar.day_name[i] for i in range(7)]
    return words


@lru_cache(maxsize=1)
def _anchor_pattern() -> re.Pattern[str]:
    words = _anchor_words()
    # Every date expression holds a digit, a month or weekday name, or one of the words above.
    # Starting with a character class (the non-letter before the anchor) lets the engine skip
    # ahead in C; the full pattern then runs only in a small window around each anchor. The
    # lookahead on the first character turns most non-anchor words away in one set test; the
    # alternatives (digits, then the words by first letter) each start with a character the
    # engine tests before it enters them.
    first_chars = "".join(sorted({w[0] for w in words}))
    alternatives = "|".join([_ANCHOR_DIGITS, *trie_branches(words, "(?![A-Za-z])")])
    return re.compile(rf"[^A-Za-z0-9_](?=[0-9{first_chars}])(?:{alternatives})")


# The digit runs that can be part of a date expression tried from them; the others ("1,000",
# "350", "10%") cannot, and dropping them changes no result. Tried at the run itself, every
# branch that starts with digits needs a year (four digits, then no digit) or one or two digits
# followed by "/", a space or tab, or a day suffix ("5th"); tried from lead words before it
# (only lead words stand between the start and the run), a branch holds the run as a year
# ("early 2022", "the 1990s") or as a count followed by a space ("the past 2 weeks"). ``\d``
# in the pattern also takes non-ASCII digits, so a run followed by one is always kept. The
# first digit is matched on its own: an alternative starting with a character set is turned
# away at once at a letter, where the scanner tries the word trie.
_DATE_DIGITS_AFTER_FIRST = r"(?:[0-9]{3}(?![0-9])|[0-9]?(?=[/ \tsnrt])|[0-9]*(?![0-9])(?=\d))"
_ANCHOR_DIGITS = "[0-9]" + _DATE_DIGITS_AFTER_FIRST


# A date expression starts at most this many words before its anchor word ("in the past two
# weeks") and ends within this many characters after the anchor's start ("September 30th, 2025").
_MAX_WORDS_BEFORE = 5
_WINDOW_AFTER = 40


# Words that can stand before the anchor inside a date expression ("in the past two weeks",
# "the end of", "late", "last", "earlier this"). Walking back from the anchor stops at the
# first other word, so most anchors are tried at one or two starts only.
_LEAD_WORDS = frozenset(
    """
    the early mid late end of start beginning middle past last previous next coming this
    earlier later in since by until till during from before after through on to and between
    a an one two three four five six seven eight nine ten eleven twelve couple
    """.split()
)


def _starts_before(text: str, pos: int) -> list[int]:
    """Possible starts of a date expression holding the anchor at ``pos``, earliest first."""
    if pos == 0 or text[pos - 1] not in " \t-":
        return [pos]  # the walk below would stop at once: nothing to strip before ``pos``
    starts = [pos]
    cursor = pos
    for _ in range(_MAX_WORDS_BEFORE):
        segment = text[max(0, cursor - 14) : cursor]
        stripped = segment.rstrip(" \t-")
        if len(stripped) == len(segment):
            break  # no space or hyphen before: nothing to walk back to
        parts = stripped.rsplit(None, 1)
        if not parts:
            break
        word = parts[-1]
        if word.lower() not in _LEAD_WORDS:
            break
        cursor = max(0, cursor - 14) + len(stripped) - len(word)
        starts.insert(0, cursor)
    return starts


def _match_at_anchors(text: str, anchors: Iterable[int]) -> list[re.Match[str]]:
    """The date matches tried from the anchors at the given offsets (in order)."""
    by_start = _pattern_by_start
    out: list[re.Match[str]] = []
    last_end = 0
    text_len = len(text)
    for pos in anchors:
        if pos < last_end:
            continue
        window_end = min(text_len, pos + _WINDOW_AFTER)
        # After punctuation no lead word can stand before the anchor (see _starts_before).
        starts = (pos,) if pos == 0 or text[pos - 1] not in " \t-" else _starts_before(text, pos)
        for start in starts:
            if start < last_end:
                continue
            pattern = by_start[text[start : start + 2]]
            if pattern is None:
                continue
            m = pattern.match(text, start, window_end)
            if m is None or m.end() <= pos:
                continue
            if m.lastgroup == "year" and _bare_year_is_count(text, m.start(), m.end()):
                break
            out.append(m)
            last_end = m.end()
            break
    return out


def _date_matches(text: str) -> list[re.Match[str]]:
    """The date matches of ``text``, in order (a pure function of ``text``)."""
    # One character before the text for the anchor's leading class: an anchor's start in the
    # scanned string is its word's start in ``text``.
    return _match_at_anchors(text, [a.start() for a in _anchor_pattern().finditer(" " + text)])


def find_date_spans(text: str) -> list[tuple[int, int]]:
    """Offsets ``(start, end)`` of every date expression in ``text`` (no resolution).

    Used by :mod:`credence.features.quantities` so that day numbers and years are not read as
    amounts.
    """
    return [m.span() for m in _date_matches(text)]


# The quantities extractor's digit token ("1,000.5"), as its own anchor pattern reads it, and
# how much of it the shared scan reads ahead (longer tokens are read again, once each).
_QUANTITY_DIGITS = re.compile(r"[0-9][0-9,.]*")
_TOKEN_PEEK = 40


@lru_cache(maxsize=1)
def _shared_anchor_scan() -> tuple[re.Pattern[str], frozenset[str]] | None:
    """One scan for the anchors of both this extractor and the quantities extractor.

    Run alone, the quantities extractor needs both (the date spans, then its own anchors), and
    one pass over the text costs less than two. The words of both sit in one trie (each word
    start tries one branch, not one per extractor), whose first-level branches are
    alternatives of the pattern beside the digits (each starts with a character the engine
    tests before it enters it); the date words are returned beside the pattern to tell them
    apart. Groups: 1 the quantities extractor's digit token ("1,000.5") after its first digit,
    read ahead without consuming it (a date may start after the comma), at most
    ``_TOKEN_PEEK`` characters of it (the scan finds a digit run after each comma of a long
    token: reading each to its end would be quadratic), 2 (empty) set when the digit run is a
    date anchor. A match's ``lastindex`` is thus None for a word (the match less its first
    character), 2 for a date digit run and 1 for another digit run. None when a word anchors
    both (the scans then stay apart).
    """
    date_words, quantity_words = _anchor_words(), number_anchor_words()
    if set(date_words) & set(quantity_words):
        return None
    first_chars = "".join(sorted({w[0] for w in date_words + quantity_words}))
    digits = rf"[0-9](?=([0-9,.]{{0,{_TOKEN_PEEK}}}))(?:(?={_DATE_DIGITS_AFTER_FIRST})())?[0-9]*"
    words = trie_branches(date_words + quantity_words, "(?![A-Za-z])")
    pattern = re.compile(rf"[^A-Za-z0-9_](?=[0-9{first_chars}])(?:{'|'.join([*words, digits])})")
    return pattern, frozenset(date_words)


class DateScan(NamedTuple):
    """What one scan of ``text`` finds for both the dates and the quantities extractors.

    Returned by :func:`scan_dates`. A caller that runs both extractors on the same text (the
    engine) scans once and passes the result to both as ``date_scan=``; each extractor uses it
    only when its ``text`` is the very text scanned, and scans on its own otherwise.
    """

    text: str
    matches: tuple[re.Match[str], ...]
    quantity_anchors: tuple[tuple[int, int, str], ...] | None


def date_spans_and_quantity_anchors(
    text: str,
) -> tuple[list[tuple[int, int]], list[tuple[int, int, str]] | None]:
    """Date spans of ``text`` and, when one scan could find them too, the quantity anchors.

    See :func:`scan_dates`.
    """
    scan = scan_dates(text)
    anchors = None if scan.quantity_anchors is None else list(scan.quantity_anchors)
    return [m.span() for m in scan.matches], anchors


def scan_dates(text: str) -> DateScan:
    """The date matches of ``text`` and, when one scan could find them too, the quantity anchors.

    The anchors are ``(start, end, token)`` as the quantities extractor's own scan finds them.
    That scan consumes a whole token such as "1,000.5" and finds no anchor starting inside it;
    the shared scan consumes digit runs only (as the date scan does: a date may start after
    the comma), so the quantity anchors whose leading character falls inside the last kept
    token are dropped. Each kept token is read once, so the work stays linear. The anchors are
    None when a word anchors both extractors (no shared scan: the quantities extractor then
    scans for its anchors alone). A pure function of ``text``: nothing is kept between calls.
    """
    shared = _shared_anchor_scan()
    if shared is None:
        return DateScan(text, tuple(_date_matches(text)), None)
    pattern, date_words = shared
    # Offsets in the scanned string are shifted by 1 (as in _date_matches): a match's start,
    # its leading non-letter, is its anchor's start in ``text``.
    date_anchors: list[int] = []
    quantity_anchors: list[tuple[int, int, str]] = []
    resume = 0  # where the quantities extractor's scan would resume (in the scanned string)
    for a in pattern.finditer(" " + text):
        kind = a.lastindex
        start = a.start()
        if kind is None:
            word = a.group()[1:]
            if word in date_words:
                date_anchors.append(start)
            elif start >= resume:
                end = start + len(word)
                quantity_anchors.append((start, end, word))
                resume = end + 1
            continue
        if kind == 2:
            date_anchors.append(start)
        if start >= resume:
            token = a.string[start + 1 : a.end(1)]  # the first digit and group 1
            if len(token) > _TOKEN_PEEK:  # the token may go on: read it whole (once)
                token = _QUANTITY_DIGITS.match(a.string, start + 1).group()  # type: ignore[union-attr]
            end = start + len(token)
            quantity_anchors.append((start, end, token))
            resume = end + 1
    return DateScan(text, tuple(_match_at_anchors(text, date_anchors)), tuple(quantity_anchors))


def shared_date_scan(context: Context) -> DateScan:
    """The date scan of ``context.text``, made once per context for dates and quantities."""
    return context.shared("date_scan", lambda: scan_dates(context.text))


# --------------------------------------------------------------------------- resolution


def _most_recent_month(month: int, ref: dt.date) -> int:
    return ref.year if month <= ref.month else ref.year - 1


def _small_number(word: str) -> int:
    w = re.sub(r"[ \t]+", " ", word.lower())
    return int(w) if w.isdigit() else _SMALL_NUMBERS[w]


def _month_part(part: str, year: int, month: int) -> tuple[dt.date, dt.date]:
    first, last = _month_range(year, month)
    p = part.lower()
    if p == "early" or p.endswith(("start of", "beginning of")):
        return first, first.replace(day=10)
    if p == "mid" or p.endswith("middle of"):
        return first.replace(day=11), first.replace(day=20)
    return first.replace(day=21), last


def _year_part(part: str, year: int) -> tuple[dt.date, dt.date]:
    p = re.sub(r"[ \t]+", " ", part.lower())
    table = {
        "early": (1, 4),
        "mid": (5, 8),
        "late": (9, 12),
        "the end of": (10, 12),
        "the start of": (1, 3),
        "the beginning of": (1, 3),
        "the middle of": (5, 8),
    }
    m1, m2 = table[p]
    return dt.date(year, m1, 1), _month_range(year, m2)[1]


Resolution = tuple[dt.date | None, dt.date | None, str, bool, str, int]


def _resolve(m: re.Match[str], ref: dt.date | None) -> Resolution | None:
    """Return (low, high, granularity, relative, rule, start) or None to drop the match."""
    kind = m.lastgroup
    g = m.group
    start = m.start()
    if kind == "iso":
        d = _safe_date(int(g("iso_y")), int(g("iso_m")), int(g("iso_d")))
        return (d, d, "day", False, "ISO date", start) if d else None
    if kind == "slash":
        a, b, y = int(g("sl_a")), int(g("sl_b")), int(g("sl_y"))
        y = y + 2000 if y < 100 else y
        month, day = (b, a) if a > 12 else (a, b)
        d = _safe_date(y, month, day)
        return (d, d, "day", False, "numeric date (month/day/year)", start) if d else None
    if kind in ("mdy", "dmy"):
        month = _MONTH_NUMBERS[g(f"{kind}_m").rstrip(".").lower()]
        day = int(re.match(r"\d+", g(f"{kind}_d")).group(0))  # type: ignore[union-attr]
        year_text = g(f"{kind}_y")
        if year_text:
            d = _safe_date(int(year_text), month, day)
            return (d, d, "day", False, "full date", start) if d else None
        if ref is None:
            return None, None, "day", True, "day and month without a year", start
        year = ref.year if (month, day) <= (ref.month, ref.day) else ref.year - 1
        d = _safe_date(year, month, day)
        rule = "day and month: most recent one not after the reference date"
        return (d, d, "day", True, rule, start) if d else None
    if kind == "pm":
        month = _MONTH_NUMBERS[g("pm_m").rstrip(".").lower()]
        part = re.sub(r"[ \t]+", " ", g("pm_part").lower())
        if g("pm_y"):
            lo, hi = _month_part(part, int(g("pm_y")), month)
            return lo, hi, "month_part", False, f"{part} month (days 1–10/11–20/21–end)", start
        if ref is None:
            return None, None, "month_part", True, "part of a month without a year", start
        lo, hi = _month_part(part, _most_recent_month(month, ref), month)
        rule = f"{part} month, most recent one not after the reference date"
        return lo, hi, "month_part", True, rule, start
    if kind == "my":
        month = _MONTH_NUMBERS[g("my_m").rstrip(".").lower()]
        lo, hi = _month_range(int(g("my_y")), month)
        return lo, hi, "month", False, "month and year", start
    if kind == "py":
        lo, hi = _year_part(g("py_part"), int(g("py_y")))
        return lo, hi, "year_part", False, f"{g('py_part').lower()} year", start
    if kind == "season":
        return _resolve_season(m, ref)
    if kind == "decade":
        y = int(g("dec_y"))
        return dt.date(y, 1, 1), dt.date(y + 9, 12, 31), "decade", False, "decade", start
    if kind == "year":
        y = int(g("year_y"))
        return dt.date(y, 1, 1), dt.date(y, 12, 31), "year", False, "year", start
    if kind == "bm" or kind == "lm":
        name = g("bm_m") or g("lm_m")
        month = _MONTH_NUMBERS[name.rstrip(".").lower()]
        ctx = (g("bm_ctx") or "").lower()
        if kind == "bm" and ctx in ("last", "this", "next"):
            if ref is None:
                return None, None, "month", True, f"{ctx} + month name", start
            year = {"this": ref.year, "next": ref.year + (month <= ref.month)}.get(ctx)
            if year is None:  # "last January": the most recent one strictly before this month
                year = ref.year if month < ref.month else ref.year - 1
            lo, hi = _month_range(year, month)
            return lo, hi, "month", True, f"{ctx} + month name", start
        if kind == "bm" and ctx in ("early", "mid", "late"):
            return None  # handled by the "pm" branch; never reached
        month_start = m.start("bm_m") if kind == "bm" else start
        if ref is None:
            return None, None, "month", True, "month without a year", month_start
        lo, hi = _month_range(_most_recent_month(month, ref), month)
        rule = "month without a year: most recent one not after the reference date"
        return lo, hi, "month", True, rule, month_start
    return _resolve_relative(m, ref)


def _resolve_season(m: re.Match[str], ref: dt.date | None) -> Resolution | None:
    g = m.group
    name = g("se_name").lower()
    rel = (g("se_rel") or "").lower()
    first_month = _SEASON_MONTHS[name]
    if g("se_y"):
        year = int(g("se_y"))
        relative = False
    elif rel in ("last", "this", "next"):
        if ref is None:
            return None, None, "season", True, f"{rel} {name}", m.start()
        # The latest season of that name begun by the reference date is "this" one while it
        # lasts and "last" one once it is over (then "this" is the coming one).
        begun = ref.year if ref.month >= first_month else ref.year - 1
        end_y, end_m = _shift_month(begun, first_month, 2)
        ongoing = ref <= _month_range(end_y, end_m)[1]
        this_year = begun if ongoing else begun + 1
        year = {"this": this_year, "last": this_year - 1, "next": this_year + 1}[rel]
        relative = True
    else:
        return None  # a bare season ("in the fall") is too often not a date
    y2, m2 = _shift_month(year, first_month, 2)
    lo = dt.date(year, first_month, 1)
    hi = _month_range(y2, m2)[1]
    rule = f"{name} = {calendar.month_abbr[first_month]}–{calendar.month_abbr[m2]} (meteorological)"
    if rel in ("early", "late"):
        mid = lo + (hi - lo) // 2
        lo, hi = (lo, mid) if rel == "early" else (mid + dt.timedelta(days=1), hi)
        rule = f"{rel} {rule}"
    return lo, hi, "season", relative, rule, m.start()


def _resolve_relative(m: re.Match[str], ref: dt.date | None) -> Resolution | None:
    kind = m.lastgroup
    g = m.group
    start = m.start()
    if kind == "word":
        word = g("word").lower()
        if ref is None:
            return None, None, "day", True, f"'{word}' needs the article date", start
        offset = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[word]
        d = ref + dt.timedelta(days=offset)
        return d, d, "day", True, f"'{word}' relative to the reference date", start
    if kind == "wd":
        rel = (g("wd_rel") or "").lower()
        target = _WEEKDAYS[g("wd_name").lower()]
        if ref is None:
            return None, None, "day", True, "weekday needs the article date", start
        back = (ref.weekday() - target) % 7
        if rel == "next":
            d = ref + dt.timedelta(days=(target - ref.weekday()) % 7 or 7)
            rule = "next weekday: first one after the reference date"
        elif rel == "last":
            d = ref - dt.timedelta(days=back or 7)
            rule = "last weekday: most recent one before the reference date"
        elif rel == "this":
            d = _week_range(ref)[0] + dt.timedelta(days=target)
            rule = "this weekday: that day of the reference week"
        else:
            d = ref - dt.timedelta(days=back)
            rule = "weekday: most recent one on or before the reference date"
        return d, d, "day", True, rule, start
    if kind == "rel":
        word = g("rel_w").lower()
        unit = g("rel_u").lower()
        rolling = g("rel_the") is not None or word == "past"
        if ref is None:
            return None, None, unit, True, f"'{word} {unit}' needs the article date", start
        if rolling:
            lo = _minus(ref, 1, unit)
            return lo, ref, "period", True, f"rolling {unit} ending on the reference date", start
        delta = {"this": 0, "last": -1, "next": 1}[word]
        if unit == "week":
            lo, hi = _week_range(ref + dt.timedelta(weeks=delta))
        elif unit == "month":
            lo, hi = _month_range(*_shift_month(ref.year, ref.month, delta))
        else:
            lo, hi = dt.date(ref.year + delta, 1, 1), dt.date(ref.year + delta, 12, 31)
        return (
            lo,
            hi,
            unit,
            True,
            f"'{word} {unit}': calendar {unit} (weeks run Monday–Sunday)",
            start,
        )
    if kind == "edge":
        word = g("edge_w").lower()
        unit = g("edge_u").lower()
        if ref is None:
            return None, None, "period", True, f"'{word} this {unit}' needs the article date", start
        if unit == "week":
            lo, hi = _week_range(ref)
        elif unit == "month":
            lo, hi = _month_range(ref.year, ref.month)
        else:
            lo, hi = dt.date(ref.year, 1, 1), dt.date(ref.year, 12, 31)
        lo, hi = (lo, ref) if word == "earlier" else (ref, hi)
        return lo, hi, "period", True, f"'{word} this {unit}'", start
    if kind == "past":
        n = _small_number(g("past_n"))
        unit = g("past_u").lower()
        future = re.search(r"(?i)next|coming", m.group("past")) is not None
        if ref is None:
            return None, None, "period", True, "rolling period needs the article date", start
        if future:
            hi = ref + (ref - _minus(ref, n, unit))
            return ref, hi, "period", True, f"next {n} {unit}(s) from the reference date", start
        lo = _minus(ref, n, unit)
        return lo, ref, "period", True, f"past {n} {unit}(s) up to the reference date", start
    if kind == "ago":
        n = _small_number(g("ago_n"))
        unit = g("ago_u").lower()
        if ref is None:
            return None, None, unit, True, f"'{n} {unit}(s) ago' needs the article date", start
        back = _minus(ref, n, unit)
        if unit == "day":
            lo = hi = back
        elif unit == "week":
            lo, hi = _week_range(back)
        elif unit == "month":
            lo, hi = _month_range(back.year, back.month)
        else:
            lo, hi = dt.date(back.year, 1, 1), dt.date(back.year, 12, 31)
        return lo, hi, unit, True, f"{n} {unit}(s) before the reference date, whole {unit}", start
    return None  # pragma: no cover - every named branch is handled above


Reading = tuple[int, str, dt.date | None, dt.date | None, bool, str, bool, str]


def _read(m: re.Match[str], ref: dt.date | None) -> Reading | None:
    """Read a date match for the extractor, or None to drop it.

    Returns (start offset in the match, covered text, low, high, resolved, granularity,
    relative, explanation).
    """
    res = _resolve(m, ref)
    if res is None:
        return None
    low, high, granularity, relative, rule, start = res
    offset = start - m.start()
    resolved = low is not None and high is not None
    covered = m.group()[offset:]
    if resolved:
        assert low is not None and high is not None
        interval = low.isoformat() if low == high else f"{low.isoformat()}..{high.isoformat()}"
        explanation = f"date '{covered}' → {interval} ({rule})"
    else:
        explanation = f"date '{covered}' unresolved ({rule}; no reference date)"
    return offset, covered, low, high, resolved, granularity, relative, explanation


# Readings already made. A reading depends on the branch, the matched text and the reference
# date only (each branch of the pattern parses a given text in one way: its groups follow from
# the matched text), and the same dates ("2014", "last week") recur from text to text. The
# reference date's type is part of the key: a date subclass may compute differently.
_readings: dict[tuple[str | None, str, dt.date | None, type], Reading | None] = {}
_MAX_READINGS = 8192
_NOT_READ = object()


def _reading(m: re.Match[str], ref: dt.date | None) -> Reading | None:
    key = (m.lastgroup, m.group(), ref, type(ref))
    reading = _readings.get(key, _NOT_READ)
    if reading is _NOT_READ:
        reading = _read(m, ref)
        if len(_readings) >= _MAX_READINGS:
            _readings.clear()  # bounded; a rare clear costs only re-reading
        _readings[key] = reading
    return reading  # type: ignore[return-value]


# --------------------------------------------------------------------------- extractor


@register("dates")
class DateExtractor(SpanExtractor):
    """Find date expressions and resolve them to day intervals.

    Parameters
    ----------
    reference_date : datetime.date, optional
        Date that relative expressions ("last year") resolve against when ``extract`` gets no
        ``published`` date. None leaves relative expressions unresolved.

    Examples
    --------
    >>> import datetime as dt
    >>> ex = DateExtractor(reference_date=dt.date(2025, 2, 27))
    >>> [(d.text, d.low.isoformat(), d.high.isoformat()) for d in ex.extract("last week")]
    [('last week', '2025-02-17', '2025-02-23')]
    """

    version = "1"
    feature_names = (
        "count",
        "resolved_count",
        "relative_count",
        "log_covered_days",
        "log_span_days",
    )

    def __init__(self, reference_date: dt.date | None = None) -> None:
        self.reference_date = reference_date

    def extract(self, text: str, *, context: Context | None = None) -> list[DateExpression]:
        """Return the date expressions in ``text`` in order of appearance.

        Parameters
        ----------
        text : str
            Any text; offsets of the results point into it.
        context : Context, optional
            The engine's context for ``text``: its ``published`` date (which overrides
            ``reference_date``) anchors relative dates, and its shared date scan is reused.
        """
        if not isinstance(text, str):
            raise TypeError(
                f"The 'text' parameter must be a str. Got {type(text).__name__} instead."
            )
        if context is not None:
            context = context_for(text, context)
        published = context.published if context is not None else None
        ref = published if published is not None else self.reference_date
        if ref is not None and not isinstance(ref, dt.date):
            raise TypeError(
                f"The reference date must be a datetime.date. Got {type(ref).__name__} instead."
            )
        if isinstance(ref, dt.datetime):
            ref = ref.date()
        out: list[DateExpression] = []
        matches = _date_matches(text) if context is None else shared_date_scan(context).matches
        for m in matches:
            reading = _reading(m, ref)
            if reading is None:
                continue
            offset, covered, low, high, resolved, granularity, relative, explanation = reading
            out.append(
                DateExpression(
                    m.start() + offset,
                    m.end(),
                    covered,
                    low,
                    high,
                    resolved,
                    granularity,
                    relative,
                    explanation,
                )
            )
        return out

    def span_features(self, spans: Sequence[DateExpression], text: str) -> list[float]:
        """Counts, and log days covered (sum of intervals) and spanned (first to last day)."""
        import math

        resolved = [d for d in spans if d.resolved and d.low and d.high]
        covered = sum((d.high - d.low).days + 1 for d in resolved)  # type: ignore[operator]
        span = (
            (max(d.high for d in resolved) - min(d.low for d in resolved)).days + 1  # type: ignore[type-var,operator]
            if resolved
            else 0
        )
        return [
            float(len(spans)),
            float(len(resolved)),
            float(sum(d.relative for d in spans)),
            math.log1p(covered),
            math.log1p(span),
        ]
