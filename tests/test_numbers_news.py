"""Numbers as news writes them (issue 16): fractions, signs, abbreviations, decimals, lakh/crore.

The table is ``tests/fixtures/numbers_news.tsv`` (written for credence); the library comparison
``benchmarks/compare_libraries.py`` reads the same table.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from conftest import tsv_rows

from credence.features.quantities import QuantityExtractor, intervals_conflict

TABLE = Path(__file__).parent / "fixtures" / "numbers_news.tsv"
ROWS = tsv_rows(TABLE)


def test_numbers_news_table_covers_every_kind():
    kinds = {kind for _, _, kind in ROWS}
    assert {"mixed", "fraction", "sign", "abbreviation", "decimal", "zero"} <= kinds
    assert {"plural_scale", "lakh_crore", "negative"} <= kinds
    assert len(ROWS) >= 90


@pytest.mark.parametrize(("text", "expected", "kind"), ROWS, ids=[r[0] for r in ROWS])
def test_numbers_news_reading(text, expected, kind):
    found = QuantityExtractor().extract(text)
    if expected == "-":
        assert found == [], [q.text for q in found]
        return
    assert found, f"nothing read in {text!r}"
    q = found[0]
    assert text[q.start : q.end] == q.text
    if ".." in expected:
        low, high = (float(x) for x in expected.split(".."))
        assert (q.low, q.high) == (pytest.approx(low), pytest.approx(high))
    else:
        value = float(expected)
        assert q.low == pytest.approx(value, rel=1e-6, abs=1e-4)
        assert q.high == pytest.approx(value, rel=1e-6, abs=1e-4)


def test_numbers_news_a_fraction_of_a_million_conflicts_with_another():
    ex = QuantityExtractor()
    (a,) = ex.extract("two and a half million people were displaced")
    (b,) = ex.extract("4 million people were displaced")
    (c,) = ex.extract("2.5M people were displaced")
    assert intervals_conflict(a, b)
    assert not intervals_conflict(a, c)


def test_numbers_news_a_negative_amount_is_widened_outwards():
    ex = QuantityExtractor()
    (a,) = ex.extract("a loss of -504 points")
    (b,) = ex.extract("a loss of -510 points")
    (c,) = ex.extract("a loss of 504 points")
    assert not intervals_conflict(a, b)
    assert intervals_conflict(a, c)


def test_numbers_news_features_of_negative_amounts_are_by_magnitude():
    ex = QuantityExtractor()
    text = "The index fell to -504 points and minus 1,200,000 were lost."
    features = ex.span_features(ex.extract(text), text)
    assert features[-1] == pytest.approx(math.log10(1.0 + 1_200_000))
