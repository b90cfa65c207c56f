"""Tests of the dates extractor: fixture table, seeds, resolution rules, linear time."""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from pathlib import Path

import pytest
from conftest import tsv_rows
from sklearn.base import clone

from credence.features import registered
from credence.features.dates import DateExpression, DateExtractor, dates_conflict, find_date_spans

FIXTURE = Path(__file__).parent / "fixtures" / "dates.tsv"
REF = dt.date(2025, 2, 27)  # a Thursday


ROWS = tsv_rows(FIXTURE)


def _date(field: str) -> dt.date | None:
    return None if field == "-" else dt.date.fromisoformat(field)


def _read_seed(path: Path) -> tuple[str, dt.date | None]:
    """Seed body and date; the date is a leading ``date YYYY-MM-DD`` when present."""
    raw = path.read_text(encoding="utf-8")
    m = re.match(r"\s*date\s+(\d{4}-\d{2}-\d{2})\s*", raw)
    if m is None:
        return raw, None
    return raw[m.end() :], dt.date.fromisoformat(m.group(1))


@pytest.fixture(scope="module")
def extractor() -> DateExtractor:
    return DateExtractor()


def test_dates_fixture_is_large_enough():
    assert len(ROWS) >= 80


@pytest.mark.parametrize(("text", "reference", "span", "low", "high", "granularity"), ROWS)
def test_dates_fixture_table(extractor, text, reference, span, low, high, granularity):
    found = extractor.extract(text, published=_date(reference))
    for d in found:
        assert text[d.start : d.end] == d.text
        assert d.explanation
    if span == "-":
        assert found == [], [d.text for d in found]
        return
    matches = [d for d in found if d.text == span]
    assert matches, f"{span!r} not in {[d.text for d in found]}"
    d = matches[0]
    assert (d.low, d.high) == (_date(low), _date(high))
    assert d.resolved is (low != "-")
    assert d.granularity == granularity


def test_dates_reference_date_and_published_override():
    text = "Troops were deployed last year."
    assert DateExtractor(reference_date=REF).extract(text)[0].low == dt.date(2024, 1, 1)
    later = DateExtractor(reference_date=REF).extract(text, published=dt.date(2020, 6, 1))
    assert later[0].low == dt.date(2019, 1, 1)
    unresolved = DateExtractor().extract(text)[0]
    assert not unresolved.resolved and unresolved.low is None and unresolved.high is None


def test_dates_rejects_bad_reference():
    with pytest.raises(TypeError, match="reference date must be a datetime.date"):
        DateExtractor().extract("last year", published="2025-02-27")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="'text' parameter must be a str"):
        DateExtractor().extract(None)  # type: ignore[arg-type]


def test_dates_datetime_reference_is_reduced_to_its_day(extractor):
    d = extractor.extract("today", published=dt.datetime(2025, 2, 27, 23, 5))[0]
    assert d.low == d.high == REF


@pytest.mark.parametrize(
    ("a", "a_ref", "b", "b_ref", "conflict"),
    [
        ("late 2022", None, "last year", REF, True),
        ("late 2022", None, "in 2022", None, False),
        ("early August", REF, "last year", REF, False),
        ("last week", REF, "this week", REF, True),
        ("on Thursday", REF, "today", REF, False),
        ("last year", None, "late 2022", None, False),  # unresolved: no conflict claimed
    ],
)
def test_dates_conflict(extractor, a, a_ref, b, b_ref, conflict):
    da = extractor.extract(a, published=a_ref)[0]
    db = extractor.extract(b, published=b_ref)[0]
    assert dates_conflict(da, db) is conflict
    assert dates_conflict(db, da) is conflict


def test_dates_to_dict_uses_iso_strings_and_null(extractor):
    resolved = extractor.extract("late 2022")[0].to_dict()
    assert resolved["low"] == "2022-09-01" and resolved["high"] == "2022-12-31"
    assert {"start", "end", "text", "low", "high"} <= set(resolved)
    unresolved = extractor.extract("yesterday")[0].to_dict()
    assert unresolved["low"] is None and unresolved["high"] is None
    json.dumps(resolved)


def test_dates_result_is_frozen(extractor):
    d = extractor.extract("2022")[0]
    assert isinstance(d, DateExpression)
    with pytest.raises(AttributeError):
        d.low = None  # type: ignore[misc]


def test_dates_years_do_not_swallow_quantities():
    text = "In 2022, 2,000 troops and some 1500 soldiers arrived; 2000 troops left in 2023."
    spans = [text[s:e] for s, e in find_date_spans(text)]
    assert spans == ["2022", "2023"]


def test_dates_registered_and_sklearn_compatible():
    assert registered()["dates"] is DateExtractor
    ex = clone(DateExtractor(reference_date=REF))
    assert ex.get_params() == {"reference_date": REF}
    ex.fit(["x"])
    X = ex.transform(["late 2022 and last year", "no dates"])
    assert X.shape == (2, len(DateExtractor.feature_names))
    assert X[0, 0] == 2 and X[0, 1] == 2 and X[1].sum() == 0


def test_dates_seed_expressions(extractor, seeds_dir):
    by_text: dict[str, DateExpression] = {}
    for path in sorted(seeds_dir.glob("*.txt")):
        body, published = _read_seed(path)
        for d in extractor.extract(body, published=published):
            by_text.setdefault(d.text.lower(), d)
    late = by_text["late 2022"]
    assert (late.low, late.high) == (dt.date(2022, 9, 1), dt.date(2022, 12, 31))
    august = by_text["early august"]
    assert (august.low, august.high) == (dt.date(2024, 8, 1), dt.date(2024, 8, 10))
    last_year = by_text["last year"]
    assert (last_year.low, last_year.high) == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert dates_conflict(late, last_year)
    assert "recently" not in by_text


ADVERSARIAL = {
    "digits": "7" * 1_000_000,
    "years": "2022 " * 200_000,
    "dashes": "2022-" * 200_000,
    "slashes": "1/" * 500_000,
    "months": "January " * 125_000,
    "relative": "the past two " * 77_000 + "weeks",
    "capitalised": "Thursday Monday " * 62_500,
    "brackets": "[(" * 500_000,
    "quotes": "'\"" * 500_000,
}


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_dates_adversarial_megabyte_inputs_finish(name):
    text = ADVERSARIAL[name]
    t0 = time.process_time()
    spans = DateExtractor(reference_date=REF).extract(text)
    elapsed = time.process_time() - t0
    assert elapsed < 30, f"{name}: {elapsed:.1f}s"
    for d in spans[:50]:
        assert text[d.start : d.end] == d.text
