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


Resolution = tuple[dt.date | None, dt.date | None, str, bool, str, int]
Resolver = Callable[[re.Match[str], dt.date | None], "Resolution | None"]


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
    year = ref.year if (month, day) <= (ref.month, ref.day) else ref.year - 1
    d = _safe_date(year, month, day)
    rule = "day and month: most recent one not after the reference date"
    return (d, d, "day", True, rule, start) if d else None


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
        lo = _minus(ref, 1, unit)
        return lo, ref, "period", True, f"rolling {unit} ending on the reference date", start
    lo, hi = _calendar_period(ref, unit, {"this": 0, "last": -1, "next": 1}[word])
    rule = f"'{word} {unit}': calendar {unit} (weeks run Monday–Sunday)"
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
    back = _minus(ref, n, unit)
    if unit == "day":
        lo = hi = back
    else:
        lo, hi = _calendar_period(back, unit, 0)
    return lo, hi, unit, True, f"{n} {unit}(s) before the reference date, whole {unit}", start


#: The reader of each branch of the date pattern, by the branch's group name.
_RESOLVERS: dict[str, Resolver] = {
    "iso": _iso,
    "slash": _slash,
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
    return _RESOLVERS[m.lastgroup](m, ref)  # type: ignore[index]


Reading = tuple[int, str, dt.date | None, dt.date | None, bool, str, bool, str]


def read_date_match(m: re.Match[str], ref: dt.date | None) -> Reading | None:
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
