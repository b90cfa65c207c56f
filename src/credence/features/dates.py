"""Date expressions, absolute and relative, read as day intervals ``[low, high]``.

Relative expressions resolve against a reference date: the article's publication date
(``extract(text, published=...)``), else the extractor's ``reference_date``. Without either, a
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
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from credence.features.base import SpanExtractor, register

__all__ = [
    "DateExpression",
    "DateExtractor",
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
    >>> last_year = ex.extract("last year", published=dt.date(2025, 2, 27))[0]
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


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    # Alternatives are tried in order at each start; the more specific ones come first.
    i = "(?i:"  # scoped case-insensitivity: month and weekday names must be capitalised
    branches = [
        rf"(?P<iso>(?<![\w-])(?P<iso_y>{_YEAR})-(?P<iso_m>0[1-9]|1[0-2])-"
        r"(?P<iso_d>[0-3]\d)(?![\w-]))",
        r"(?P<slash>(?<![\w/.])(?P<sl_a>\d{1,2})/(?P<sl_b>\d{1,2})/"
        r"(?P<sl_y>\d{4}|\d{2})(?![\w/]))",
        rf"(?P<mdy>\b(?P<mdy_m>{_MONTH})[ \t]+(?P<mdy_d>{_DAY})"
        rf"(?:,?[ \t]+(?P<mdy_y>{_YEAR})\b)?)",
        rf"(?P<dmy>\b(?P<dmy_d>{_DAY})[ \t]+(?:of[ \t]+)?(?P<dmy_m>{_MONTH})"
        rf"(?:,?[ \t]+(?P<dmy_y>{_YEAR})\b)?)",
        rf"(?P<pm>\b(?P<pm_part>{i}{_PART_MONTH}))[ \t-]+(?P<pm_m>{_MONTH})"
        rf"(?:,?[ \t]+(?P<pm_y>{_YEAR})\b)?)",
        rf"(?P<my>\b(?P<my_m>{_MONTH}),?[ \t]+(?P<my_y>{_YEAR})\b)",
        rf"(?P<py>\b(?P<py_part>{i}{_PART_YEAR}))[ \t-]+(?P<py_y>{_YEAR})\b)",
        rf"(?P<season>\b(?:(?P<se_rel>{i}last|this|next|early|late))[ \t]+)?"
        rf"(?P<se_name>{i}spring|summer|autumn|fall|winter))"
        rf"(?:[ \t]+(?:of[ \t]+)?(?P<se_y>{_YEAR})\b)?)",
        rf"(?P<decade>\b(?:{i}the)[ \t]+)?(?P<dec_y>1[89]\d0|20\d0)s\b)",
        rf"(?P<ago>\b(?P<ago_n>{i}{_NUMBER}))[ \t]+(?P<ago_u>{i}{_UNIT}))s?[ \t]+{i}ago)\b)",
        rf"(?P<past>\b{i}(?:the[ \t]+)?(?:past|last|previous|next|coming)[ \t]+"
        rf"(?P<past_n>{_NUMBER})[ \t]+(?P<past_u>{_UNIT})s)\b)",
        rf"(?P<edge>\b(?P<edge_w>{i}earlier|later))[ \t]+{i}this[ \t]+"
        rf"(?P<edge_u>week|month|year))\b)",
        rf"(?P<rel>\b(?P<rel_the>{i}the)[ \t]+)?(?P<rel_w>{i}this|last|next|past))[ \t]+"
        rf"(?P<rel_u>{i}week|month|year))\b)",
        rf"(?P<word>\b{i}yesterday|today|tonight|tomorrow)\b)",
        rf"(?P<wd>\b(?:(?P<wd_rel>{i}last|next|this))[ \t]+)?(?P<wd_name>{_WEEKDAY})(?!s\b|\w))",
        rf"(?P<bm>\b(?P<bm_ctx>{i}{_BARE_MONTH_CONTEXT}))[ \t]+(?P<bm_m>{_MONTH})"
        r"(?![.,]?[ \t]*\d))",
        r"(?P<lm>\b(?P<lm_m>January|February|April|June|July|August|September|October|"
        r"November|December)\b(?![.,]?[ \t]*\d))",
        rf"(?P<year>(?<![\w$€£.,'’/-])(?P<year_y>{_YEAR})(?![\w%/-]|[.,]\d))",
    ]
    # A cheap first-character guard lets the scanner skip most positions at once.
    return re.compile(r"\b(?=[\dA-Za-z])(?:" + "|".join(branches) + ")")


_YEAR_COUNT_NOUN = re.compile(r"[ \t]+(?:more[ \t]+|additional[ \t]+|new[ \t]+)?([A-Za-z]+)")
_PREV_WORD = re.compile(r"([A-Za-z]+)[ \t]*\Z")


def _bare_year_is_count(text: str, start: int, end: int) -> bool:
    """True when a bare 1800–2100 number counts something ("2000 troops", "some 1500 people")."""
    from credence.features.quantities import _lexicon, unit_lemma  # late: quantities imports us

    lex = _lexicon()
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


@lru_cache(maxsize=1)
def _anchor_pattern() -> re.Pattern[str]:
    from credence.features.quantities import _trie  # late: quantities imports us

    words = [*_ANCHOR_WORDS, *(w.capitalize() for w in _ANCHOR_WORDS)]
    words += [calendar.month_name[i] for i in range(1, 13)]
    words += [calendar.month_abbr[i] for i in range(1, 13)] + ["Sept"]
    words += [calendar.day_name[i] for i in range(7)]
    # Every date expression holds a digit, a month or weekday name, or one of the words above.
    # Starting with a character class (the non-letter before the anchor) lets the engine skip
    # ahead in C; the full pattern then runs only in a small window around each anchor.
    return re.compile(rf"[^A-Za-z0-9_](?:[0-9]+|{_trie(words)}(?![A-Za-z]))")


# A date expression starts at most this many words before its anchor word ("in the past two
# weeks") and ends within this many characters after the anchor's start ("September 30th, 2025").
_MAX_WORDS_BEFORE = 5
_WINDOW_AFTER = 40
# The last text scanned and its matches: the quantities extractor asks for the same text's
# date spans right before (or after) the dates extractor does.
# One tuple, replaced in a single assignment, so concurrent threads never see a mixed pair.
_last_scan: list[tuple[str, list[re.Match[str]]] | None] = [None]


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


def _date_matches(text: str) -> list[re.Match[str]]:
    last = _last_scan[0]
    if last is not None and last[0] is text:
        return last[1]
    full = _pattern()
    out: list[re.Match[str]] = []
    last_end = 0
    scan = " " + text  # one character before the text for the anchor's leading class
    for anchor in _anchor_pattern().finditer(scan):
        pos = anchor.start()  # start of the anchor word in ``text`` (``scan`` is shifted by 1)
        if pos < last_end:
            continue
        window_end = min(len(text), pos + _WINDOW_AFTER)
        for start in _starts_before(text, pos):
            if start < last_end:
                continue
            m = full.match(text, start, window_end)
            if m is None or m.end() <= pos:
                continue
            if m.lastgroup == "year" and _bare_year_is_count(text, m.start(), m.end()):
                break
            out.append(m)
            last_end = m.end()
            break
    _last_scan[0] = (text, out)
    return out


def find_date_spans(text: str) -> list[tuple[int, int]]:
    """Offsets ``(start, end)`` of every date expression in ``text`` (no resolution).

    Used by :mod:`credence.features.quantities` so that day numbers and years are not read as
    amounts.
    """
    return [(m.start(), m.end()) for m in _date_matches(text)]


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

    def extract(
        self, text: str, published: dt.date | None = None, **context: Any
    ) -> list[DateExpression]:
        """Return the date expressions in ``text`` in order of appearance.

        Parameters
        ----------
        text : str
            Any text; offsets of the results point into it.
        published : datetime.date, optional
            The article's date; overrides ``reference_date``.
        **context
            Ignored (the engine passes the same context to every extractor).
        """
        if not isinstance(text, str):
            raise TypeError(
                f"The 'text' parameter must be a str. Got {type(text).__name__} instead."
            )
        ref = published if published is not None else self.reference_date
        if ref is not None and not isinstance(ref, dt.date):
            raise TypeError(
                f"The reference date must be a datetime.date. Got {type(ref).__name__} instead."
            )
        if isinstance(ref, dt.datetime):
            ref = ref.date()
        out: list[DateExpression] = []
        for m in _date_matches(text):
            res = _resolve(m, ref)
            if res is None:
                continue
            low, high, granularity, relative, rule, start = res
            resolved = low is not None and high is not None
            covered = text[start : m.end()]
            if resolved:
                assert low is not None and high is not None
                interval = (
                    low.isoformat() if low == high else f"{low.isoformat()}..{high.isoformat()}"
                )
                explanation = f"date '{covered}' → {interval} ({rule})"
            else:
                explanation = f"date '{covered}' unresolved ({rule}; no reference date)"
            out.append(
                DateExpression(
                    start=start,
                    end=m.end(),
                    text=covered,
                    low=low,
                    high=high,
                    resolved=resolved,
                    granularity=granularity,
                    relative=relative,
                    explanation=explanation,
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
