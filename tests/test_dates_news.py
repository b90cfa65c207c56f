"""Dates as news writes them (issue 16): future offsets, decades, quarters, holidays, weekdays.

The table is ``tests/fixtures/dates_news.tsv`` (written for credence); the library comparison
``benchmarks/compare_libraries.py`` reads the same table. Every relative date keeps its anchor
and the rule that read it; an unresolvable one says so.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import tsv_rows

from credence.features.context import Context
from credence.features.dates import DateExtractor, dates_conflict

TABLE = Path(__file__).parent / "fixtures" / "dates_news.tsv"
ROWS = tsv_rows(TABLE)


def _extract(text: str, published: str):
    date = None if published == "-" else dt.date.fromisoformat(published)
    return DateExtractor().extract(text, context=Context(text=text, published=date))


def test_dates_news_table_covers_every_kind():
    kinds = {row[4] for row in ROWS}
    assert {"future", "later", "decade", "quarter", "holiday", "lowercase_month"} <= kinds
    assert {"bare_month", "two_days", "week_of_month", "weekday_of_week", "next_period"} <= kinds
    assert {"weekday_yearless", "yearless", "negative", "unresolved"} <= kinds
    assert len(ROWS) >= 110


@pytest.mark.parametrize(
    ("text", "published", "target", "expected", "kind"), ROWS, ids=[r[0] for r in ROWS]
)
def test_dates_news_reading(text, published, target, expected, kind):
    found = _extract(text, published)
    if expected == "-":
        assert found == [], [d.text for d in found]
        return
    chosen = [d for d in found if d.text == target]
    assert chosen, f"{target!r} not read; found {[d.text for d in found]}"
    d = chosen[0]
    assert text[d.start : d.end] == d.text
    if expected == "unresolved":
        assert not d.resolved and d.low is None and d.high is None
        assert d.rule and d.confidence == 0.0
        assert "unresolved" in d.explanation
        return
    low, high = expected.split("..")
    assert (d.low.isoformat(), d.high.isoformat()) == (low, high)
    assert d.rule
    if d.relative:
        assert d.anchor is not None and d.anchor_source in ("publication", "text")


def test_dates_news_later_counts_from_the_date_stated_before():
    text = "The war began in 2010. Two years later it ended."
    later = [d for d in _extract(text, "2025-02-27") if d.text == "Two years later"][0]
    assert later.anchor == dt.date(2010, 1, 1) and later.anchor_source == "text"
    alone = [d for d in _extract("Two years later it ended.", "2025-02-27")][0]
    assert alone.anchor == dt.date(2025, 2, 27) and alone.anchor_source == "publication"


def test_dates_news_weekday_picks_the_year_and_says_how_sure():
    (monday,) = _extract("Monday, Feb 18", "2013-02-12")
    (yearless,) = _extract("Feb 18", "2013-02-12")
    assert monday.confidence > yearless.confidence > 0
    (wrong,) = _extract("Sunday, Feb 27", "2025-02-27")  # no nearby Feb 27 is a Sunday
    assert wrong.confidence < yearless.confidence
    assert "no year" in wrong.rule


def test_dates_news_a_future_date_conflicts_with_a_past_one():
    (soon,) = _extract("in three weeks", "2025-02-27")
    (past,) = _extract("last week", "2025-02-27")
    (march,) = _extract("in March 2025", "2025-02-27")
    assert dates_conflict(soon, past)
    assert not dates_conflict(soon, march)


def test_dates_news_to_dict_documents_anchor_rule_and_confidence():
    (d,) = _extract("the day after tomorrow", "2025-02-27")
    row = d.to_dict()
    assert row["anchor"] == "2025-02-27" and row["anchor_source"] == "publication"
    assert row["rule"] and row["confidence"] == 1.0
    (absolute,) = _extract("March 3, 2015", "2025-02-27")
    assert absolute.to_dict()["anchor"] is None and absolute.to_dict()["anchor_source"] is None
