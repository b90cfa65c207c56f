"""Reading a date match: the interval of days it denotes, and the rule that says so.

One concept: resolution. A match of the date pattern (:mod:`credence.features.date_patterns`)
becomes ``(low, high, granularity, relative, rule, start)`` against a reference date (the
article's publication date). Pure functions of the match and the reference date.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from typing import NamedTuple

from credence.features.date_holidays import holiday_on, nearest_holiday
from credence.features.date_patterns import MONTH_NUMBERS, SEASON_MONTHS, SMALL_NUMBERS, WEEKDAYS

__all__ = ["Reading", "read_date_match"]

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


# --------------------------------------------------------------------------- resolution


def _most_recent_month(month: int, ref: dt.date) -> int:
    return ref.year if month <= ref.month else ref.year - 1


def _small_number(word: str) -> int:
    w = re.sub(r"[ \t]+", " ", word.lower())
    return int(w) if w.isdigit() else SMALL_NUMBERS[w]


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


class Resolution(NamedTuple):
    """What a match denotes: the interval, how it was read and how sure the reading is."""

    low: dt.date | None
    high: dt.date | None
    granularity: str
    relative: bool
    rule: str
    start: int
    #: 1.0 for a date the text states; lower where a year or a weekday had to be chosen.
    confidence: float = 1.0


Resolver = Callable[[re.Match[str], dt.date | None], "tuple | None"]


def _iso(m: re.Match[str], ref: dt.date | None) -> Resolution | None:
    g = m.group
    d = _safe_date(int(g("iso_y")), int(g("iso_m")), int(g("iso_d")))
    return (d, d, "day", False, "ISO date", m.start()) if d else None


def _slash(m: re.Match[str], ref: dt.date | None) -> Resolution | None:
    g = m.group
    a, b, y = int(g("sl_a")), int(g("sl_b")), int(g("sl_y"))
    y = y + 2000 if y < 100 else y
    month, day = (b, a) if a > 12 else (a, b)
    d = _safe_date(y, month, day)
    return (d, d, "day", False, "numeric date (month/day/year)", m.start()) if d else None


def _day_month(m: re.Match[str], ref: dt.date | None) -> Resolution | None:
    kind = m.lastgroup
    g = m.group
    start = m.start()
    month = MONTH_NUMBERS[g(f"{kind}_m").rstrip(".").lower()]
    day = int(re.match(r"\d+", g(f"{kind}_d")).group(0))  # type: ignore[union-attr]
    year_text = g(f"{kind}_y")
    if year_text:
        d = _safe_date(int(year_text), month, day)
        return (d, d, "day", False, "full date", start) if d else None
    if ref is None:
        return None, None, "day", True, "day and month without a year", start
    d = _nearest_day(month, day, ref, weekday=None)
    rule = "day and month without a year: the nearest one to the reference date"
    return (d, d, "day", True, rule, start, 0.7) if d else None


def _nearest_day(month: int, day: int, ref: dt.date, weekday: int | None) -> dt.date | None:
    """The ``month``/``day`` nearest to ``ref`` (a year either side), on ``weekday`` if given."""
    found = [_safe_date(year, month, day) for year in (ref.year - 1, ref.year, ref.year + 1)]
    days = [d for d in found if d is not None and (weekday is None or d.weekday() == weekday)]
    # The nearest; on a tie the earlier one (news reports more than it announces).
    return min(days, key=lambda d: (abs((d - ref).days), d)) if days else None


def _weekday_day_month(m: re.Match[str], ref: dt.date | None) -> Resolution | None:
    g = m.group
    start = m.start()
    weekday = WEEKDAYS[g("wdmd_wd").lower()]
    month = MONTH_NUMBERS[(g("wdmd_m") or g("wdmd_m2")).rstrip(".").lower()]
    day = int(re.match(r"\d+", g("wdmd_d") or g("wdmd_d2")).group(0))  # type: ignore[union-attr]
    if g("wdmd_y"):
        d = _safe_date(int(g("wdmd_y")), month, day)
        if d is None:
            return None
        agrees = d.weekday() == weekday
        rule = "full date with its weekday" + ("" if agrees else " (the weekday disagrees)")
        return d, d, "day", False, rule, start, 1.0 if agrees else 0.5
    if ref is None:
        return None, None, "day", True, "weekday, day and month without a year", start
    d = _nearest_day(month, day, ref, weekday)
    if d is not None and abs((d - ref).days) <= 366:
        rule = "weekday, day and month: the nearest such date that falls on that weekday"
        return d, d, "day", True, rule, start, 0.95
    d = _nearest_day(month, day, ref, None)
    rule = "weekday, day and month: no year near the reference date agrees; the nearest date"
    return (d, d, "day", True, rule, start, 0.4) if d else None


def _lower_month_date(m: re.Match[str], ref: dt.date | None) -> Resolution | None:
    g = m.group
    month = MONTH_NUMBERS[g("mdyl_m").rstrip(".").lower()]
    day = int(re.match(r"\d+", g("mdyl_d")).group(0))  # type: ignore[union-attr]
    d = _safe_date(int(g("mdyl_y")), month, day)
    return (d, d, "day", False, "full date", m.start()) if d else None


def _part_of_month(m: re.Match[str], ref: dt.date | None) -> Resolution | None:
    g = m.group
    start = m.start()
    month = MONTH_NUMBERS[g("pm_m").rstrip(".").lower()]
    part = re.sub(r"[ \t]+", " ", g("pm_part").lower())
    if g("pm_y"):
        lo, hi = _month_part(part, int(g("pm_y")), month)
        return lo, hi, "month_part", False, f"{part} month (days 1–10/11–20/21–end)", start
    if ref is None:
        return None, None, "month_part", True, "part of a month without a year", start
    lo, hi = _month_part(part, _most_recent_month(month, ref), month)
    rule = f"{part} month, most recent one not after the reference date"
    return lo, hi, "month_part", True, rule, start


def _month_year(m: re.Match[str], ref: dt.date | None) -> Resolution | None:
    month = MONTH_NUMBERS[m.group("my_m").rstrip(".").lower()]
    lo, hi = _month_range(int(m.group("my_y")), month)
    return lo, hi, "month", False, "month and year", m.start()


def _part_of_year(m: re.Match[str], ref: dt.date | None) -> Resolution | None:
    g = m.group
    lo, hi = _year_part(g("py_part"), int(g("py_y")))
    return lo, hi, "year_part", False, f"{g('py_part').lower()} year", m.start()


def _decade(m: re.Match[str], ref: dt.date | None) -> Resolution | None:
    y = int(m.group("dec_y"))
    return dt.date(y, 1, 1), dt.date(y + 9, 12, 31), "decade", False, "decade", m.start()


def _year(m: re.Match[str], ref: dt.date | None) -> Resolution | None:
    y = int(m.group("year_y"))
    return dt.date(y, 1, 1), dt.date(y, 12, 31), "year", False, "year", m.start()


def _month_name(m: re.Match[str], ref: dt.date | None) -> Resolution | None:
    kind = m.lastgroup
    g = m.group
    start = m.start()
    name = g("bm_m") or g("lm_m")
    month = MONTH_NUMBERS[name.rstrip(".").lower()]
    ctx = (g("bm_ctx") or "").lower()
    if kind == "bm" and ctx in ("last", "this", "next"):
        if ref is None:
            return None, None, "month", True, f"{ctx} + month name", start
        year = {"this": ref.year, "next": ref.year + (month <= ref.month)}.get(ctx)
        if year is None:  # "last January": the most recent one strictly before this month
            year = ref.year if month < ref.month else ref.year - 1
        lo, hi = _month_range(year, month)
        return lo, hi, "month", True, f"{ctx} + month name", start
    month_start = m.start("bm_m") if kind == "bm" else start
    if ref is None:
        return None, None, "month", True, "month without a year", month_start
    lo, hi = _month_range(_most_recent_month(month, ref), month)
    rule = "month without a year: most recent one not after the reference date"
    return lo, hi, "month", True, rule, month_start


def _season(m: re.Match[str], ref: dt.date | None) -> Resolution | None:
    g = m.group
    name = g("se_name").lower()
    rel = (g("se_rel") or "").lower()
    first_month = SEASON_MONTHS[name]
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


def _day_word(m: re.Match[str], ref: dt.date | None) -> Resolution | None:
    word = m.group("word").lower()
    if ref is None:
        return None, None, "day", True, f"'{word}' needs the article date", m.start()
    offset = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[word]
    d = ref + dt.timedelta(days=offset)
    return d, d, "day", True, f"'{word}' relative to the reference date", m.start()


def _weekday(m: re.Match[str], ref: dt.date | None) -> Resolution | None:
    g = m.group
    start = m.start()
    rel = (g("wd_rel") or "").lower()
    target = WEEKDAYS[g("wd_name").lower()]
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


def _calendar_period(ref: dt.date, unit: str, delta: int) -> tuple[dt.date, dt.date]:
    """The calendar week (Monday–Sunday), month or year ``delta`` periods from ``ref``'s."""
    if unit == "week":
        return _week_range(ref + dt.timedelta(weeks=delta))
    if unit == "month":
        return _month_range(*_shift_month(ref.year, ref.month, delta))
    if unit == "decade":
        first = ref.year // 10 * 10 + 10 * delta
        return dt.date(first, 1, 1), dt.date(first + 9, 12, 31)
    return dt.date(ref.year + delta, 1, 1), dt.date(ref.year + delta, 12, 31)


def _this_last_next(m: re.Match[str], ref: dt.date | None) -> Resolution | None:
    g = m.group
    start = m.start()
    word = g("rel_w").lower()
    unit = g("rel_u").lower()
    rolling = g("rel_the") is not None or word == "past"
    if ref is None:
        return None, None, unit, True, f"'{word} {unit}' needs the article date", start
    if rolling:
        years, base = (10, "year") if unit == "decade" else (1, unit)
        if word == "next":  # "the next month": the rolling one starting on the reference date
            hi = _minus(ref, -years, base)
            return ref, hi, "period", True, f"rolling {unit} from the reference date", start
        lo = _minus(ref, years, base)
        return lo, ref, "period", True, f"rolling {unit} ending on the reference date", start
    lo, hi = _calendar_period(ref, unit, {"this": 0, "last": -1, "next": 1}[word])
    rule = f"'{word} {unit}': calendar {unit}" + (
        " (weeks run Monday–Sunday)" if unit == "week" else ""
    )
    return lo, hi, unit, True, rule, start


def _earlier_later(m: re.Match[str], ref: dt.date | None) -> Resolution | None:
    word = m.group("edge_w").lower()
    unit = m.group("edge_u").lower()
    start = m.start()
    if ref is None:
        return None, None, "period", True, f"'{word} this {unit}' needs the article date", start
    lo, hi = _calendar_period(ref, unit, 0)
    lo, hi = (lo, ref) if word == "earlier" else (ref, hi)
    return lo, hi, "period", True, f"'{word} this {unit}'", start


def _rolling(m: re.Match[str], ref: dt.date | None) -> Resolution | None:
    n = _small_number(m.group("past_n"))
    unit = m.group("past_u").lower()
    start = m.start()
    future = re.search(r"(?i)next|coming", m.group("past")) is not None
    if ref is None:
        return None, None, "period", True, "rolling period needs the article date", start
    if future:
        hi = ref + (ref - _minus(ref, n, unit))
        return ref, hi, "period", True, f"next {n} {unit}(s) from the reference date", start
    lo = _minus(ref, n, unit)
    return lo, ref, "period", True, f"past {n} {unit}(s) up to the reference date", start


def _ago(m: re.Match[str], ref: dt.date | None) -> Resolution | None:
    n = _small_number(m.group("ago_n"))
    unit = m.group("ago_u").lower()
    start = m.start()
    if ref is None:
        return None, None, unit, True, f"'{n} {unit}(s) ago' needs the article date", start
    lo, hi, granularity = _shifted(ref, -n, unit)
    rule = f"{n} {unit}(s) before the reference date, whole {granularity}"
    return lo, hi, granularity, True, rule, start


_QUARTER_NUMBERS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2}
_QUARTER_NUMBERS |= {"3rd": 3, "4th": 4}


def _quarter(m: re.Match[str], ref: dt.date | None) -> Resolution | None:
    g = m.group
    start = m.start()
    if m.lastgroup == "qn":
        number, year_text = int(g("qn_n")), g("qn_y")
    else:
        number, year_text = _QUARTER_NUMBERS[g("qtr_n").lower()], g("qtr_y")
    first_month = 3 * (number - 1) + 1
    if year_text:
        year, relative, rule, confidence = int(year_text), False, f"quarter {number}", 1.0
    elif ref is None:
        return None, None, "quarter", True, "quarter without a year", start
    else:
        # The quarter of the reference year once it has begun, else the year before's.
        year = ref.year if (ref.month, ref.day) >= (first_month, 1) else ref.year - 1
        relative, confidence = True, 0.8
        rule = f"quarter {number} without a year: the latest one begun by the reference date"
    lo = dt.date(year, first_month, 1)
    hi = _month_range(year, first_month + 2)[1]
    return lo, hi, "quarter", relative, rule, start, confidence


def _holiday(m: re.Match[str], ref: dt.date | None) -> Resolution | None:
    name = m.group("hol_name")
    start = m.start()
    if m.group("hol_y"):
        d = holiday_on(name, int(m.group("hol_y")))
        return d, d, "day", False, f"holiday ({name})", start
    if ref is None:
        return None, None, "day", True, f"holiday ({name}) without a year", start
    d = nearest_holiday(name, ref)
    rule = f"holiday ({name}) without a year: the nearest one to the reference date"
    return d, d, "day", True, rule, start, 0.8


def _shifted(ref: dt.date, n: int, unit: str) -> tuple[dt.date, dt.date, str]:
    """The calendar ``unit`` (day, week, month, year; a decade counts 10 years) ``n`` units
    after ``ref`` (before it when ``n`` < 0), and the granularity.
    """
    if unit == "decade":
        n, unit = n * 10, "year"
    day = _minus(ref, -n, unit)
    if unit == "day":
        return day, day, "day"
    lo, hi = _calendar_period(day, unit, 0)
    return lo, hi, unit


def _offset(m: re.Match[str], ref: dt.date | None) -> Resolution | None:
    """'two years later', 'a year from now', '5 weeks earlier' (anchor: see the extractor)."""
    n = _small_number(m.group("ofs_n"))
    unit = m.group("ofs_u").lower()
    rel = re.sub(r"[ \t]+", " ", m.group("ofs_rel").lower())
    start = m.start()
    if ref is None:
        return None, None, unit, True, f"'{rel}' needs an anchor date", start
    sign = -1 if rel == "earlier" else 1
    lo, hi, granularity = _shifted(ref, sign * n, unit)
    return lo, hi, granularity, True, f"{n} {unit}(s) {rel}: whole {granularity}", start


# Words before "in two years" that make it a span up to now ("the first time in two years").
_SPAN_BEFORE = re.compile(
    r"(?i)\b(?:time|first|highest|lowest|best|worst|biggest|largest|most|least|once|twice)"
    r"[ \t]+\Z"
)


def _in_units(m: re.Match[str], ref: dt.date | None) -> Resolution | None:
    """'in three weeks' (that week), 'within two months' (from now to then)."""
    n = _small_number(m.group("fin_n"))
    unit = m.group("fin_u").lower()
    word = m.group()[:6].lower()
    start = m.start()
    if ref is None:
        return None, None, unit, True, f"'in {n} {unit}(s)' needs the article date", start
    years = n * 10 if unit == "decade" else n
    base = "year" if unit == "decade" else unit
    if _SPAN_BEFORE.search(m.string, max(0, start - 20), start):
        lo = _minus(ref, years, base)
        return lo, ref, "period", True, f"past {n} {unit}(s) up to the reference date", start
    if word.startswith("within"):
        hi = _minus(ref, -years, base)
        return ref, hi, "period", True, f"within {n} {unit}(s) from the reference date", start
    lo, hi, granularity = _shifted(ref, n, unit)
    return lo, hi, granularity, True, f"in {n} {unit}(s): whole {granularity}", start


def _two_days_off(m: re.Match[str], ref: dt.date | None) -> Resolution | None:
    words = re.sub(r"[ \t]+", " ", m.group("dby_w").lower())
    start = m.start()
    if ref is None:
        return None, None, "day", True, f"'the day {words}' needs the article date", start
    d = ref + dt.timedelta(days=-2 if words.startswith("before") else 2)
    return d, d, "day", True, f"'the day {words}': two days from the reference date", start


_WEEK_OF_MONTH = {"first": 0, "second": 1, "third": 2, "fourth": 3}


def _week_of_month(m: re.Match[str], ref: dt.date | None) -> Resolution | None:
    g = m.group
    start = m.start()
    which = g("wom_w").lower()
    month = MONTH_NUMBERS[g("wom_m").rstrip(".").lower()]
    if g("wom_y"):
        year, relative = int(g("wom_y")), False
    elif ref is None:
        return None, None, "week", True, f"{which} week of a month without a year", start
    else:
        year, relative = _most_recent_month(month, ref), True
    first, last = _month_range(year, month)
    if which in _WEEK_OF_MONTH:
        lo = first + dt.timedelta(weeks=_WEEK_OF_MONTH[which])
        hi = lo + dt.timedelta(days=6)
    else:
        lo, hi = last - dt.timedelta(days=6), last
    return lo, hi, "week", relative, f"{which} week of the month (seven days)", start


def _weekday_of_week(m: re.Match[str], ref: dt.date | None) -> Resolution | None:
    g = m.group
    start = m.start()
    rel = g("wdw_rel").lower()
    if ref is None:
        return None, None, "day", True, f"weekday of {rel} week needs the article date", start
    monday = _calendar_period(ref, "week", {"this": 0, "last": -1, "next": 1}[rel])[0]
    d = monday + dt.timedelta(days=WEEKDAYS[g("wdw_name").lower()])
    return d, d, "day", True, f"that weekday of {rel} week (weeks run Monday–Sunday)", start


#: The reader of each branch of the date pattern, by the branch's group name.
_RESOLVERS: dict[str, Resolver] = {
    "iso": _iso,
    "slash": _slash,
    "mdyl": _lower_month_date,
    "qtr": _quarter,
    "qn": _quarter,
    "hol": _holiday,
    "ofs": _offset,
    "fin": _in_units,
    "dby": _two_days_off,
    "wom": _week_of_month,
    "wdw": _weekday_of_week,
    "wdmd": _weekday_day_month,
    "mdy": _day_month,
    "dmy": _day_month,
    "pm": _part_of_month,
    "my": _month_year,
    "py": _part_of_year,
    "season": _season,
    "decade": _decade,
    "ago": _ago,
    "past": _rolling,
    "edge": _earlier_later,
    "rel": _this_last_next,
    "word": _day_word,
    "wd": _weekday,
    "bm": _month_name,
    "lm": _month_name,
    "year": _year,
}


def _resolve(m: re.Match[str], ref: dt.date | None) -> Resolution | None:
    """Return (low, high, granularity, relative, rule, start) or None to drop the match."""
    found = _RESOLVERS[m.lastgroup](m, ref)  # type: ignore[index]
    return None if found is None else Resolution(*found)


class Reading(NamedTuple):
    """A date match as the extractor reports it (see ``credence.features.dates``)."""

    offset: int  # where the covered text starts in the match
    covered: str
    low: dt.date | None
    high: dt.date | None
    resolved: bool
    granularity: str
    relative: bool
    explanation: str
    rule: str
    confidence: float


def read_date_match(m: re.Match[str], ref: dt.date | None) -> Reading | None:
    """Read a date match against the reference date ``ref``; None drops it."""
    res = _resolve(m, ref)
    if res is None:
        return None
    offset = res.start - m.start()
    resolved = res.low is not None and res.high is not None
    covered = m.group()[offset:]
    if res.low is not None and res.high is not None:
        low, high = res.low.isoformat(), res.high.isoformat()
        interval = low if low == high else f"{low}..{high}"
        explanation = f"date '{covered}' → {interval} ({res.rule})"
    else:
        explanation = f"date '{covered}' unresolved ({res.rule}; no reference date)"
    confidence = res.confidence if resolved else 0.0
    return Reading(
        offset,
        covered,
        res.low,
        res.high,
        resolved,
        res.granularity,
        res.relative,
        explanation,
        res.rule,
        confidence,
    )
