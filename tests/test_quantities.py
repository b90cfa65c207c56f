"""Tests of the quantities extractor: fixture table, seeds, interval logic, linear time."""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import time
from pathlib import Path

import pytest
from conftest import tsv_rows
from sklearn.base import clone

from credence.features import registered
from credence.features.quantities import (
    APPROX_TOLERANCE,
    Quantity,
    QuantityExtractor,
    intervals_agree,
    intervals_conflict,
    unit_family,
    unit_lemma,
)

FIXTURE = Path(__file__).parent / "fixtures" / "quantities.tsv"


def _none(field: str) -> str | None:
    return None if field == "-" else field


ROWS = tsv_rows(FIXTURE)


@pytest.fixture(scope="module")
def extractor() -> QuantityExtractor:
    return QuantityExtractor()


def _read_seed(path: Path) -> tuple[str, dt.date | None]:
    """Seed body and date; the date is a leading ``date YYYY-MM-DD`` when present."""
    raw = path.read_text(encoding="utf-8")
    m = re.match(r"\s*date\s+(\d{4}-\d{2}-\d{2})\s*", raw)
    if m is None:
        return raw, None
    return raw[m.end() :], dt.date.fromisoformat(m.group(1))


def test_quantities_fixture_is_large_enough():
    assert len(ROWS) >= 100


@pytest.mark.parametrize(("text", "span", "low", "high", "unit", "approx", "owner"), ROWS)
def test_quantities_fixture_table(extractor, text, span, low, high, unit, approx, owner):
    found = extractor.extract(text)
    for q in found:
        assert text[q.start : q.end] == q.text
        assert q.explanation
    if span == "-":
        assert found == [], [q.text for q in found]
        return
    matches = [q for q in found if q.text == span]
    assert matches, f"{span!r} not in {[q.text for q in found]}"
    q = matches[0]
    assert q.low == pytest.approx(float(low), rel=1e-4)
    assert q.high == (math.inf if high == "inf" else pytest.approx(float(high), rel=1e-4))
    assert q.unit == _none(unit)
    assert q.approx == _none(approx)
    assert q.owner == _none(owner)


@pytest.mark.parametrize(
    ("text", "value"),
    [("10,000 troops", 10000.0), ("1,000 to 3,000 troops", None), ("dozens of towns", None)],
)
def test_quantities_value_is_none_for_ranges_and_vague(extractor, text, value):
    assert extractor.extract(text)[0].value == value


@pytest.mark.parametrize(
    ("unit", "family"),
    [
        ("troop", "military personnel"),
        ("soldier", "military personnel"),
        ("force", "military personnel"),
        ("personnel", "military personnel"),
        ("killed", "deaths"),
        ("dead", "deaths"),
        ("death", "deaths"),
        ("town", "settlements"),
        ("village", "settlements"),
        ("% of troop", "% of military personnel"),
        ("widget", "widget"),
        (None, None),
    ],
)
def test_quantities_unit_family_table(unit, family):
    assert unit_family(unit) == family


@pytest.mark.parametrize(
    ("word", "lemma"),
    [("troops", "troop"), ("Casualties", "casualty"), ("people", "people"), ("boxes", "box")],
)
def test_quantities_unit_lemma(word, lemma):
    assert unit_lemma(word) == lemma


@pytest.mark.parametrize(
    ("a", "b", "conflict", "agree"),
    [
        ("10,000 troops", "12,000 soldiers", True, False),
        ("10,000 troops", "10,400 troops", False, True),
        ("at least 1,000 troops", "1,000 to 3,000 troops", False, True),
        ("about 10,000 troops", "10,500 troops", False, True),
        ("up to 500 troops", "2,000 troops", True, False),
        ("nearly 500 people", "520 people", False, True),
        ("fewer than 20 people", "1,000 people", True, False),
        ("dozens of towns", "300 villages", True, False),
        ("10,000 troops", "12,000 tanks", False, False),  # different families
        ("64% of the territory", "80% of the territory", True, False),
    ],
)
def test_quantities_intervals_conflict_and_agree(extractor, a, b, conflict, agree):
    qa, qb = extractor.extract(a)[0], extractor.extract(b)[0]
    assert intervals_conflict(qa, qb) is conflict
    assert intervals_conflict(qb, qa) is conflict
    assert intervals_agree(qa, qb) is agree


def test_quantities_tolerance_widens_intervals(extractor):
    qa, qb = extractor.extract("100 troops")[0], extractor.extract("110 troops")[0]
    assert intervals_conflict(qa, qb, tolerance=0.01)
    assert not intervals_conflict(qa, qb, tolerance=0.10)
    with pytest.raises(ValueError, match="tolerance"):
        intervals_conflict(qa, qb, tolerance=-1)


def test_quantities_about_uses_documented_tolerance(extractor):
    q = extractor.extract("about 1,000 people")[0]
    assert q.low == pytest.approx(1000 * (1 - APPROX_TOLERANCE))
    assert q.high == pytest.approx(1000 * (1 + APPROX_TOLERANCE))


def test_quantities_to_dict_writes_inf_as_null(extractor):
    q = extractor.extract("at least 1,000 North Korean troops")[0]
    d = q.to_dict()
    assert {"start", "end", "text", "value", "low", "high", "unit", "approx", "owner"} <= set(d)
    assert d["high"] is None and d["low"] == 1000.0 and d["owner"] == "North Korean"
    json.dumps(d)


def test_quantities_result_is_frozen(extractor):
    q = extractor.extract("10 troops")[0]
    with pytest.raises(AttributeError):
        q.low = 3  # type: ignore[misc]
    assert isinstance(q, Quantity)


def test_quantities_unit_carried_over_within_paragraph(extractor):
    text = "Some 10,000 troops were sent. Others say the number is higher, at 12,000."
    qs = extractor.extract(text)
    assert [q.unit for q in qs] == ["troop", "troop"]
    assert qs[1].unit_inferred and not qs[0].unit_inferred
    separate = "Some 10,000 troops were sent.\n\nThe index stood at 12,000."
    assert extractor.extract(separate)[1].unit is None


def test_quantities_offsets_are_exact_with_unicode(extractor):
    text = "🇷🇺 “Über 1,000” — about 2,000 troops… and 3 000? 45%"
    for q in extractor.extract(text):
        assert text[q.start : q.end] == q.text


def test_quantities_registered_and_sklearn_compatible():
    assert registered()["quantities"] is QuantityExtractor
    ex = clone(QuantityExtractor()).fit(["x"])
    X = ex.transform(["at least 1,000 troops and 64% of the land", "nothing here"])
    assert X.shape == (2, len(QuantityExtractor.feature_names))
    assert X[0, 0] == 2 and X[0, 1] == 1 and X[1].sum() == 0
    assert list(ex.get_feature_names_out())[0] == "quantities__count"


def test_quantities_rejects_non_text(extractor):
    with pytest.raises(TypeError, match="'text' parameter must be a str"):
        extractor.extract(123)  # type: ignore[arg-type]


def test_quantities_seed_troop_figures(extractor, seeds_dir):
    found: list[Quantity] = []
    for path in sorted(seeds_dir.glob("*.txt")):
        body, _ = _read_seed(path)
        found.extend(extractor.extract(body))
    troops = [q for q in found if q.family == "military personnel"]

    def has(low: float, high: float) -> bool:
        return any(q.low == pytest.approx(low) and q.high == high for q in troops)

    assert has(9000, 11000)  # some 10,000
    assert has(12000, 12000)  # at 12,000 (unit carried over)
    assert has(11000, 11000)  # the original 11,000
    assert has(1000, math.inf)  # at least 1,000
    assert has(3000, 3000)  # 3,000
    assert has(1000, 3000)  # 1,000 to 3,000
    ranged = [q for q in troops if q.approx == "range"]
    assert ranged and ranged[0].owner == "North Korean"
    percent = [q for q in found if q.unit == "% of territory"]
    assert percent and percent[0].value == 64.0
    ten, twelve = (next(q for q in troops if q.low == pytest.approx(v)) for v in (9000, 12000))
    assert intervals_conflict(ten, twelve)


ADVERSARIAL = {
    "digits": "9" * 1_000_000,
    "commas": "," * 1_000_000,
    "one_comma": "1," * 500_000,
    "dots": "1." * 500_000,
    "quotes": '"' * 500_000 + "'" * 500_000,
    "capitalised": "North Korean " * 80_000,
    "brackets": "(" * 500_000 + ")" * 500_000,
    "at_least": "at least " * 120_000 + "5 troops",
    "numbers": "1,000 to " * 110_000,
    "words": "two hundred and " * 65_000,
    "spaces": "about" + " " * 1_000_000 + "5",
    "dashes": "1-" * 500_000,
    "months": "February 1, " * 90_000,
}


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_quantities_adversarial_megabyte_inputs_finish(extractor, name):
    text = ADVERSARIAL[name]
    t0 = time.process_time()
    spans = extractor.extract(text)
    elapsed = time.process_time() - t0
    # Linear patterns do 1 MB in well under a second; a quadratic one would take minutes.
    assert elapsed < 30, f"{name}: {elapsed:.1f}s"
    for q in spans[:50]:
        assert text[q.start : q.end] == q.text
