"""Date expressions, absolute and relative, read as day intervals ``[low, high]``.

Relative expressions resolve against a reference date: the article's publication date (the
context's ``published``), else the extractor's ``reference_date``. Without either, a
relative expression is kept but unresolved (``low``/``high`` None, ``resolved`` False).

Reading rules:

- full dates: ``February 27, 2025``, ``27 February 2025``, ``Feb. 27``, ``2025-02-27``,
  ``2/27/2025`` (month/day/year unless the first number is above 12) → one day.
- months: ``January 2024`` → the month; a month without a year (``in January``,
  ``early August``, ``March``) → the most recent such month not after the reference date (its
  own month counts).
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
- news forms (issue 16): ``in three weeks`` / ``5 weeks from now`` / ``a year from now`` → the
  calendar unit that many units after the reference date (``within two weeks`` → from the
  reference date to then; ``the first time in two years`` → the two years up to it); ``two years
  later`` / ``a week earlier`` count from the last absolute date stated before them in the text
  (else the reference date); ``the day before yesterday`` / ``after tomorrow`` → two days off;
  decades (``last decade`` → the 2010s, ``the past decade`` → the rolling ten years, ``a
  decade ago``); quarters (``Q3 2024``, ``the third quarter of 2024``; without a year, the
  latest one begun by the reference date); holidays (Christmas, Thanksgiving, Easter, New
  Year's, ...; without a year, the nearest one); ``the last week of September 2014`` (its last
  seven days); ``Wednesday of next week``; ``the next month`` (the rolling month from the
  reference date); month names in lower case with a day (``15 february``, ``march 3 2015``).
- a day and month without a year (``Feb. 27``, ``Monday, Feb 18``) take the year nearest the
  reference date, on the stated weekday when there is one; ``confidence`` says how sure.
- skipped: vague words with no interval ("recently", "in the coming weeks", "soon", "now").

All patterns start at a word boundary and contain no nested quantifiers over overlapping
classes, so matching is linear in the length of the text.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from credence.features.base import SpanExtractor, register
from credence.features.context import Context, context_for
from credence.features.date_resolution import Reading, read_date_match
from credence.features.date_scan import (
    DateScan,
    date_matches,
    date_spans_and_quantity_anchors,
    find_date_spans,
    scan_dates,
    shared_date_scan,
)

__all__ = [
    "DateExpression",
    "DateExtractor",
    "DateScan",
    "date_spans_and_quantity_anchors",
    "scan_dates",
    "dates_conflict",
    "find_date_spans",
    "shared_date_scan",
]
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
    anchor : datetime.date or None
        The date a relative expression was counted from (None for an absolute one, or when
        there was none to count from).
    anchor_source : str or None
        Where the anchor came from: "publication" (the article's date), "reference" (the
        extractor's ``reference_date``) or "text" (the last absolute date stated before it).
    rule : str
        The reading rule used ("quarter 3", "day and month without a year: the nearest one to
        the reference date", ...); for an unresolved expression, what it needs.
    confidence : float
        1.0 for a date the text states; lower where a year or weekday had to be chosen (0.95
        for a weekday that picks the year, 0.7-0.8 for the nearest year, 0.4-0.5 where the
        weekday disagrees); 0.0 when unresolved.

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
    anchor: dt.date | None = None
    anchor_source: str | None = None
    rule: str = ""
    confidence: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON form with ISO dates (null when unresolved); see docs/extract.md."""
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "low": self.low.isoformat() if self.low else None,
            "high": self.high.isoformat() if self.high else None,
            "resolved": self.resolved,
            "granularity": self.granularity,
            "explanation": self.explanation,
            "anchor": self.anchor.isoformat() if self.anchor else None,
            "anchor_source": self.anchor_source,
            "rule": self.rule,
            "confidence": self.confidence,
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


# --------------------------------------------------------------------------- extractor


def _expressions(
    matches: Sequence[re.Match[str]], ref: dt.date | None, ref_source: str
) -> list[DateExpression]:
    """The date expressions of ``matches``, each resolved against its anchor.

    A relative date's anchor is ``ref`` (the publication date, ``ref_source``), except for
    "two years later" / "a week earlier", which count from the last absolute date stated
    before them in the text ("in 2010 ... two years later" → 2012), when there is one.
    """
    out: list[DateExpression] = []
    # The same dates ("2014", "last week") recur within an article; a reading depends on the
    # branch, the matched text and the anchor only, so it is kept for this call (nothing
    # outlives it).
    readings: dict[tuple[str | None, str, dt.date | None], Reading | None] = {}
    text_anchor: dt.date | None = None
    for m in matches:
        anchor, source = ref, ref_source
        if m.lastgroup == "ofs" and text_anchor is not None and _counts_from_text(m):
            anchor, source = text_anchor, "text"
        key = (m.lastgroup, m.group(), anchor)
        if key not in readings:
            readings[key] = read_date_match(m, anchor)
        reading = readings[key]
        if reading is None:
            continue
        if not reading.relative and reading.low is not None:
            text_anchor = reading.low
        out.append(
            DateExpression(
                m.start() + reading.offset,
                m.end(),
                reading.covered,
                reading.low,
                reading.high,
                reading.resolved,
                reading.granularity,
                reading.relative,
                reading.explanation,
                anchor if reading.relative and anchor is not None else None,
                source if reading.relative and anchor is not None else None,
                reading.rule,
                reading.confidence,
            )
        )
    return out


def _counts_from_text(m: re.Match[str]) -> bool:
    """Whether an offset counts from a date in the text ("later"), not from now ("from now")."""
    return m.group("ofs_rel").lower() in ("later", "earlier")


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
        matches = date_matches(text) if context is None else shared_date_scan(context).matches
        return _expressions(matches, ref, "publication" if published is not None else "reference")

    def span_features(self, spans: Sequence[DateExpression], text: str) -> list[float]:
        """Counts, and log days covered (sum of intervals) and spanned (first to last day)."""
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
