"""Tests of the dates extractor: fixture table, seeds, resolution rules, linear time."""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from pathlib import Path

import pytest
from conftest import tsv_rows
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sklearn.base import clone

from credence.features import date_patterns, date_scan, registered
from credence.features.context import Context
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


def dated(text, published):
    """The context the engine gives a text of an article published on ``published``."""
    return Context(text=text, published=published)


@pytest.fixture(scope="module")
def extractor() -> DateExtractor:
    return DateExtractor()


def test_dates_fixture_is_large_enough():
    assert len(ROWS) >= 80


@pytest.mark.parametrize(("text", "reference", "span", "low", "high", "granularity"), ROWS)
def test_dates_fixture_table(extractor, text, reference, span, low, high, granularity):
    found = extractor.extract(text, context=dated(text, _date(reference)))
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
    later = DateExtractor(reference_date=REF).extract(
        text, context=dated(text, dt.date(2020, 6, 1))
    )
    assert later[0].low == dt.date(2019, 1, 1)
    unresolved = DateExtractor().extract(text)[0]
    assert not unresolved.resolved and unresolved.low is None and unresolved.high is None


def test_dates_rejects_bad_reference():
    with pytest.raises(TypeError, match="reference date must be a datetime.date"):
        DateExtractor().extract("last year", context=dated("last year", "2025-02-27"))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="'text' parameter must be a str"):
        DateExtractor().extract(None)  # type: ignore[arg-type]


def test_dates_datetime_reference_is_reduced_to_its_day(extractor):
    d = extractor.extract("today", context=dated("today", dt.datetime(2025, 2, 27, 23, 5)))[0]
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
    da = extractor.extract(a, context=dated(a, a_ref))[0]
    db = extractor.extract(b, context=dated(b, b_ref))[0]
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
        for d in extractor.extract(body, context=dated(body, published)):
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


# --------------------------------------------------------------------------- fast paths
# The scanner skips digit runs that no date can hold, tries at each start only the branches
# that can start with its character, and reuses readings; a straightforward reading (every
# digit run and anchor word, the full pattern at each start, no reuse) must find the same.

_DATEISH_WORDS = (
    "2014 1990s 1800 2100 90 5 05 31 123 12345 1,000 2,014 5.2014 15th 3rd 2nd 1st ٣ 20٢٣ 1٢ "
    "12/03/2014 3/4/14 2014-02-27 January Jan Jan. Sept Sep May March june Monday Mondays "
    "Thursday today Yesterday tonight tomorrow week weeks Week month months year years day days "
    "ago decade spring Fall summer winter the The in last Last next this past previous coming "
    "early mid late end start beginning middle of a an two couple twelve earlier later on to "
    "and between since troops people some about more US$ $ % x springtime Mays thiſ sınce "
    "Todays at Decembers"
).split() + [
    "15th January",
    "3rd of May",
    "the past 2 weeks",
    "5 days ago",
    "early 2014",
    "the end of May",
    "the beginning of 2014",
    "mid-March",
    "a couple of days ago",
    "an hour",
]
_SEPARATORS = [
    " ",
    " ",
    " ",
    "  ",
    "\t",
    "-",
    " - ",
    ", ",
    ". ",
    ".",
    ",",
    "\n",
    "/",
    "(",
    "'",
    "’",
    "",
]
_dateish_texts = st.lists(
    st.tuples(st.sampled_from(_DATEISH_WORDS), st.sampled_from(_SEPARATORS)), max_size=25
).map(lambda parts: "".join(word + sep for word, sep in parts))


def _reference_starts_before(text: str, pos: int) -> list[int]:
    starts = [pos]
    cursor = pos
    for _ in range(date_scan._MAX_WORDS_BEFORE):
        segment = text[max(0, cursor - 14) : cursor]
        stripped = segment.rstrip(" \t-")
        if len(stripped) == len(segment):
            break
        parts = stripped.rsplit(None, 1)
        if not parts or parts[-1].lower() not in date_scan._LEAD_WORDS:
            break
        cursor = max(0, cursor - 14) + len(stripped) - len(parts[-1])
        starts.insert(0, cursor)
    return starts


# The date patterns the tests compare the scan with (compiled on first use, kept for the module).
_PATTERNS = date_patterns.DatePatterns()


def _reference_date_matches(text: str) -> list[tuple[int, int, str | None]]:
    words = sorted(date_scan._anchor_words(), key=len, reverse=True)
    anchor = re.compile(r"[^A-Za-z0-9_](?:[0-9]+|(?:" + "|".join(words) + r")(?![A-Za-z]))")
    full = _PATTERNS.full
    out: list[tuple[int, int, str | None]] = []
    last_end = 0
    for a in anchor.finditer(" " + text):
        pos = a.start()
        if pos < last_end:
            continue
        for start in _reference_starts_before(text, pos):
            if start < last_end:
                continue
            m = full.match(text, start, min(len(text), pos + date_scan._WINDOW_AFTER))
            if m is None or m.end() <= pos:
                continue
            if m.lastgroup == "year" and date_scan._bare_year_is_count(text, *m.span()):
                break
            out.append((m.start(), m.end(), m.lastgroup))
            last_end = m.end()
            break
    return out


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_dateish_texts)
def test_dates_matches_agree_with_straightforward_reading(text):
    fresh = (text + " ")[:-1]  # a new object (the scan keeps nothing between calls)
    found = [(m.start(), m.end(), m.lastgroup) for m in date_scan.date_matches(fresh)]
    assert found == _reference_date_matches(text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_dateish_texts)
def test_dates_start_patterns_match_as_the_full_pattern(text):
    full = _PATTERNS.full
    for start in range(len(text)):
        pattern = _PATTERNS.by_start[text[start : start + 2]]
        fast = None if pattern is None else pattern.match(text, start)  # None: nothing to try
        slow = full.match(text, start)
        assert (fast is None) == (slow is None), (text, start)
        if slow is not None:
            assert fast is not None
            assert (fast.span(), fast.lastgroup, fast.groupdict()) == (
                slow.span(),
                slow.lastgroup,
                slow.groupdict(),
            )


def test_dates_start_patterns_keep_every_group():
    full = _PATTERNS.full
    for start in ["0", "1 ", "2/", "a ", "an", "Ma", "th", "TH", "ye", "٣", "tſ"]:
        pattern = _PATTERNS.by_start[start]
        assert pattern.groupindex == full.groupindex and pattern.groups == full.groups
    for start in ["zz", "x", "da", "ag", "qq"]:  # no branch starts there: nothing to try
        assert _PATTERNS.by_start[start] is None


class _OtherDate(dt.date):
    """A date subclass: its readings must not be taken from a plain date's."""


@pytest.mark.parametrize("first", [dt.date, _OtherDate])
def test_dates_readings_do_not_outlive_a_call(first):
    text = "Yesterday, last week, in 2014 and on Thursday; early August; two years ago."
    other = _OtherDate if first is dt.date else dt.date
    fresh = {
        kind: DateExtractor().extract(text, context=dated(text, kind(2025, 2, 27)))
        for kind in (dt.date, _OtherDate)
    }
    DateExtractor().extract(text, context=dated(text, first(2025, 2, 27)))
    again = DateExtractor().extract(text, context=dated(text, other(2025, 2, 27)))
    assert again == fresh[other]
    assert [type(d.low) for d in again] == [type(d.low) for d in fresh[other]]
    assert DateExtractor().extract(text, context=dated(text, first(2025, 2, 27))) == fresh[first]


def test_dates_and_quantities_keep_no_module_level_readings():
    from credence.features import date_resolution, dates, quantities, quantity_context

    for module in (dates, date_resolution, quantities, quantity_context):
        assert not hasattr(module, "_readings")
        assert not hasattr(module, "_noun_phrase_readings")
