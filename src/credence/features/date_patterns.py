"""The date pattern: one regex alternative per kind of date expression, and its fast variants.

One concept: what a date expression looks like. :attr:`DatePatterns.full` is the whole
alternation (the more specific branches first); :attr:`DatePatterns.by_start` gives, for the
first two characters at a start, the same pattern with the branches that cannot start there
switched off. :mod:`credence.features.date_scan` finds where to try them; :mod:`credence.features.
date_resolution` reads the matches.

The compiled patterns are built from the fixed branch list below, each on its first use, and
kept by the :class:`DatePatterns` object that compiled them (a loaded resource, like the
lexicons): no entry depends on any text read.
"""

from __future__ import annotations

import calendar
import re
from typing import NamedTuple

__all__ = [
    "MONTH_NUMBERS",
    "SEASON_MONTHS",
    "SMALL_NUMBERS",
    "WEEKDAYS",
    "DatePatterns",
]

MONTH_NUMBERS = {
    name.lower(): i
    for i in range(1, 13)
    for name in (calendar.month_name[i], calendar.month_abbr[i])
}
MONTH_NUMBERS["sept"] = 9
WEEKDAYS = {calendar.day_name[i].lower(): i for i in range(7)}
SMALL_NUMBERS = {
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
SEASON_MONTHS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}


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
_LONE_MONTH_WORDS = tuple(m for m in _MONTH_WORDS[:12] if m != "May")  # "May I ...": a verb
# Month names in lower case ("15 february", "march 3 2015"): "may" and "mar" only with a year.
_LOWER_MONTH = (
    r"(?:(?:january|february|march|april|june|july|august|september|october|november|"
    r"december)\b|(?:jan|feb|apr|jun|jul|aug|sept|sep|oct|nov|dec)\b\.?)"
)
_LOWER_MONTH_WITH_YEAR = r"(?:(?:may|mar)\b\.?|" + _LOWER_MONTH[3:]
_ORDINAL_WORDS = ("first", "second", "third", "fourth", "last", "final")
_HOLIDAY_WORDS = tuple(
    "Christmas Thanksgiving New Halloween Valentine Valentine's Easter Independence".split()
)
_QUARTER_WORDS = ("Q1", "Q2", "Q3", "Q4")
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
    return _calendar_branches() + _named_and_relative_branches() + _day_and_month_branches()


def _calendar_branches() -> list[tuple[_Start, str]]:
    """Dates written with a month or a year: "2025-02-27", "Feb. 27", "late 2022"."""
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
            _Start(words=tuple(m.lower() for m in _MONTH_WORDS) + ("may", "mar")),
            rf"(?P<mdyl>\b(?P<mdyl_m>{_LOWER_MONTH_WITH_YEAR})[ \t]+(?P<mdyl_d>{_DAY}),?[ \t]+"
            rf"(?P<mdyl_y>{_YEAR})\b)",
        ),
        (
            _Start(digits=_DIGITS),
            rf"(?P<dmy>\b(?P<dmy_d>{_DAY})[ \t]+(?:of[ \t]+)?(?P<dmy_m>{_MONTH}|{_LOWER_MONTH})"
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
            _Start(digits="1234", words=("the", *_ORDINAL_WORDS)),
            rf"(?P<qtr>\b(?:{i}the)[ \t]+)?(?P<qtr_n>{i}first|second|third|fourth|1st|2nd|3rd|"
            rf"4th))[ \t-]+{i}quarter)(?:[ \t]+(?:{i}of)[ \t]+)?(?P<qtr_y>{_YEAR})\b)?)",
        ),
        (
            _Start(cased_words=_QUARTER_WORDS),
            rf"(?P<qn>\bQ(?P<qn_n>[1-4])(?:[ \t]+(?P<qn_y>{_YEAR}))?\b)",
        ),
        (
            _Start(cased_words=_HOLIDAY_WORDS),
            r"(?P<hol>\b(?P<hol_name>Christmas(?:[ \t]+(?:Day|Eve))?|Thanksgiving(?:[ \t]+Day)?|"
            r"New[ \t]+Year['’]s(?:[ \t]+(?:Day|Eve))?|Halloween|Valentine['’]s[ \t]+Day|"
            r"Easter(?:[ \t]+(?:Sunday|Monday))?|Independence[ \t]+Day)"
            rf"(?:,?[ \t]+(?P<hol_y>{_YEAR})\b)?)",
        ),
    ]


def _named_and_relative_branches() -> list[tuple[_Start, str]]:
    """Seasons, decades, offsets and named days or months: "last week", "two years ago"."""
    i = "(?i:"  # scoped case-insensitivity: month and weekday names must be capitalised
    return [
        (
            _Start(words=(*_SEASON_RELATIONS, *SEASON_MONTHS)),
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
            rf"(?P<ago>\b(?P<ago_n>{i}{_NUMBER}))[ \t]+(?P<ago_u>{i}{_UNIT}|decade))s?[ \t]+"
            rf"{i}ago)\b)",
        ),
        (
            _Start(digits=_DIGITS, words=_NUMBER_WORDS),
            rf"(?P<ofs>\b(?P<ofs_n>{i}{_NUMBER}))[ \t]+(?P<ofs_u>{i}{_UNIT}|decade))s?[ \t]+"
            rf"(?P<ofs_rel>{i}from[ \t]+(?:now|today)|later|earlier|hence))\b)",
        ),
        (
            _Start(words=("in", "within")),
            rf"(?P<fin>\b{i}in|within)[ \t]+(?P<fin_n>{i}{_NUMBER}))[ \t]+"
            rf"(?P<fin_u>{i}{_UNIT}|decade))s?\b(?![ \t]+(?i:ago|later|earlier)\b))",
        ),
        (
            _Start(words=("the",)),
            rf"(?P<dby>\b{i}the[ \t]+day[ \t]+(?P<dby_w>before[ \t]+yesterday|after[ \t]+"
            r"tomorrow))\b)",
        ),
        (
            _Start(words=("the", *_ORDINAL_WORDS)),
            rf"(?P<wom>\b(?:{i}the)[ \t]+)?(?P<wom_w>{i}first|second|third|fourth|last|final))"
            rf"[ \t]+{i}week)[ \t]+{i}of)[ \t]+(?P<wom_m>{_MONTH})"
            rf"(?:,?[ \t]+(?P<wom_y>{_YEAR})\b)?)",
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
            rf"(?P<rel_u>{i}week|month|year|decade))\b)",
        ),
        (
            _Start(words=("yesterday", "today", "tonight", "tomorrow")),
            rf"(?P<word>\b{i}yesterday|today|tonight|tomorrow)\b)",
        ),
    ]


def _day_and_month_branches() -> list[tuple[_Start, str]]:
    """Named days and months: "Wednesday of next week", "Monday, Feb 18", "in March", "2014"."""
    i = "(?i:"  # scoped case-insensitivity: month and weekday names must be capitalised
    return [
        (
            _Start(cased_words=_WEEKDAY_WORDS),
            rf"(?P<wdw>\b(?P<wdw_name>{_WEEKDAY})[ \t]+{i}of)[ \t]+(?P<wdw_rel>{i}next|last|this))"
            rf"[ \t]+{i}week)\b)",
        ),
        (
            _Start(cased_words=_WEEKDAY_WORDS),
            rf"(?P<wdmd>\b(?P<wdmd_wd>{_WEEKDAY}),?[ \t]+(?:(?P<wdmd_m>{_MONTH})[ \t]+"
            rf"(?P<wdmd_d>{_DAY})|(?P<wdmd_d2>{_DAY})[ \t]+(?:of[ \t]+)?(?P<wdmd_m2>{_MONTH}))"
            rf"(?:,?[ \t]+(?P<wdmd_y>{_YEAR})\b)?)",
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
            r"(?P<lm>\b(?P<lm_m>January|February|March|April|June|July|August|September|October|"
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


def _compile_branches(
    branches: tuple[tuple[_Start, str], ...], enabled: tuple[bool, ...]
) -> re.Pattern[str]:
    alternatives = [
        b if on else _switched_off(b) for on, (_, b) in zip(enabled, branches, strict=True)
    ]
    # A cheap first-character guard lets the scanner skip most positions at once.
    return re.compile(r"\b(?=[\dA-Za-z])(?:" + "|".join(alternatives) + ")")


_ASCII_ALNUM = frozenset(_DIGITS + "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


class _PatternByStart(dict[str, "re.Pattern[str] | None"]):
    """The date pattern to try at a start, by the start's first two characters.

    When they are ASCII and the first is a letter or digit, only the branches that can start
    with them (:meth:`_Start.allows`) are switched on: at such a start the pattern matches
    exactly as the full pattern does (a switched-off branch could not have matched there, and
    the others keep their order) but fails faster; when no branch can start with them, the
    value is None (the full pattern cannot match there either). Other starts get the full
    pattern (case folding could then let more words match). Filled on first use of each pair
    (a dict lookup in the scan's inner loop, hence a dict with ``__missing__``).
    """

    def __init__(self, patterns: DatePatterns) -> None:
        super().__init__()
        self._patterns = patterns

    def __missing__(self, start: str) -> re.Pattern[str] | None:
        patterns = self._patterns
        if start[:1] not in _ASCII_ALNUM or not start.isascii():
            pattern = patterns.full
        else:
            pattern = patterns.with_switches(
                tuple(how.allows(start) for how, _ in patterns.branches)
            )
        self[start] = pattern
        return pattern


class DatePatterns:
    """The compiled date patterns: the full alternation and its variants by start.

    A loaded lexicon: every pattern is built from the fixed branch list above (no entry
    depends on a text read) and compiled on its first use, then kept by this object. The
    variants by start are about 36 patterns of a few milliseconds each; a short text needs a
    handful of them (compiling them all up front was 0.1 s of a one-sentence ``credence
    score``). :func:`credence.features.date_scan.date_scanner` holds the loaded one.

    Attributes
    ----------
    branches : tuple of (_Start, str)
        The alternatives of the date pattern, in order, each with how it can start.
    by_start : dict
        The pattern to try at a start, by its first two characters (None: no branch can
        start there); filled on first use of each pair.

    Examples
    --------
    >>> patterns = DatePatterns()
    >>> patterns.by_start["la"].match("last week").lastgroup
    'rel'
    >>> patterns.by_start["zz"] is None
    True
    """

    def __init__(self) -> None:
        self.branches: tuple[tuple[_Start, str], ...] = tuple(_branches())
        self._full: re.Pattern[str] | None = None
        self._by_switches: dict[tuple[bool, ...], re.Pattern[str]] = {}
        self.by_start: dict[str, re.Pattern[str] | None] = _PatternByStart(self)

    @property
    def full(self) -> re.Pattern[str]:
        """The whole alternation (tried in order at each start: the specific branches first)."""
        if self._full is None:
            self._full = _compile_branches(self.branches, (True,) * len(self.branches))
        return self._full

    def with_switches(self, enabled: tuple[bool, ...]) -> re.Pattern[str] | None:
        """The pattern with the branches not ``enabled`` switched off (None: none enabled)."""
        if not any(enabled):
            return None  # no branch can start there ("days", "ago"): nothing to try
        pattern = self._by_switches.get(enabled)
        if pattern is None:
            pattern = self._by_switches[enabled] = _compile_branches(self.branches, enabled)
        return pattern
