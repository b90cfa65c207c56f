"""Holidays news dates by name ("Christmas", "Thanksgiving"), as days of a given year.

One concept: the holiday calendar. Fixed-date holidays, the US Thanksgiving (the fourth
Thursday of November) and Easter (the Gregorian computus) are computed; nothing is looked up.
"""

from __future__ import annotations

import datetime as dt
import re

__all__ = ["holiday_on", "nearest_holiday"]

# Holidays on the same day every year: (month, day).
_FIXED = {
    "christmas": (12, 25),
    "christmas day": (12, 25),
    "christmas eve": (12, 24),
    "new year's day": (1, 1),
    "new year's": (1, 1),
    "new year's eve": (12, 31),
    "halloween": (10, 31),
    "valentine's day": (2, 14),
    "independence day": (7, 4),
}


def _easter(year: int) -> dt.date:
    """Easter Sunday of ``year`` (Gregorian; the anonymous computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month = (h + leap - 7 * m + 114) // 31
    day = (h + leap - 7 * m + 114) % 31 + 1
    return dt.date(year, month, day)


def _normal(name: str) -> str:
    return re.sub(r"[ \t]+", " ", name.lower().replace("’", "'"))


def holiday_on(name: str, year: int) -> dt.date:
    """The day of the holiday ``name`` in ``year``.

    Examples
    --------
    >>> holiday_on("Thanksgiving", 2024).isoformat(), holiday_on("Easter", 2025).isoformat()
    ('2024-11-28', '2025-04-20')
    """
    key = _normal(name)
    if key in _FIXED:
        return dt.date(year, *_FIXED[key])
    if key.startswith("thanksgiving"):
        first = dt.date(year, 11, 1)
        first_thursday = first + dt.timedelta(days=(3 - first.weekday()) % 7)
        return first_thursday + dt.timedelta(weeks=3)
    if key.startswith("easter"):
        return _easter(year) + dt.timedelta(days=1 if key == "easter monday" else 0)
    raise ValueError(f"The holiday must be one credence knows. Got {name!r} instead.")


def nearest_holiday(name: str, ref: dt.date) -> dt.date:
    """The holiday ``name`` nearest to ``ref`` (the earlier one on a tie)."""
    days = [holiday_on(name, year) for year in (ref.year - 1, ref.year, ref.year + 1)]
    return min(days, key=lambda d: (abs((d - ref).days), d))
