"""One interval-conflict rule (issue 13 item 2): the extractor and the claim comparison agree.

``credence.features.quantities.intervals_conflict`` (gated on the unit family) and
``credence.scoring.conflicts.quantities_conflict`` (gated by the caller on the claim
signature) both call ``quantity_intervals.intervals_disjoint``. The rule: exact intervals are
widened by the tolerance (5 %) for rounding; approximate ones ("about", "nearly", "just over",
vague amounts) carry their own slack and are not widened twice, so "about 10,000" (9,000 to
11,000) conflicts with 11,600 and 12,000.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from credence.features.quantities import QuantityExtractor, intervals_agree, intervals_conflict
from credence.features.quantity_intervals import intervals_disjoint, shaped_interval, widened
from credence.scoring.conflicts import quantities_agree, quantities_conflict

# (first report, second report, conflict?)
PAIRS = [
    ("10,000 troops", "12,000 troops", True),
    ("10,000 troops", "10,400 troops", False),
    ("10,000 troops", "11,000 troops", False),  # 5 % each way for rounding: they touch
    ("11,000 troops", "12,000 troops", False),
    ("about 10,000 troops", "11,500 troops", False),
    ("about 10,000 troops", "11,600 troops", True),  # the two old rules disagreed here
    ("about 10,000 troops", "12,000 troops", True),  # ... and here
    ("some 10,000 troops", "12,000 troops", True),
    ("at least 1,000 troops", "1,000 to 3,000 troops", False),
    ("at least 5,000 troops", "3,000 troops", True),
    ("up to 2,000 troops", "3,000 troops", True),
    ("up to 2,000 troops", "1,500 troops", False),
    ("nearly 10,000 troops", "10,000 troops", False),
    ("nearly 10,000 troops", "10,800 troops", True),
    ("just over 10,000 troops", "9,000 troops", True),
    ("dozens of troops", "50 troops", False),
    ("dozens of troops", "500 troops", True),
    ("hundreds of troops", "150 troops", True),
    ("between 1,000 and 3,000 troops", "4,000 troops", True),
    ("between 1,000 and 3,000 troops", "2,500 troops", False),
    ("more than 1,000 troops", "800 troops", True),
    ("50% of the territory", "64% of the territory", True),
]


def _first(text: str):
    found = QuantityExtractor().extract(text)
    assert found, text
    return found[0]


@pytest.mark.parametrize(("first", "second", "conflict"), PAIRS)
def test_quantity_intervals_one_rule_table(first, second, conflict):
    a, b = _first(first), _first(second)
    assert intervals_conflict(a, b) is conflict
    assert intervals_conflict(b, a) is conflict
    assert quantities_conflict(a, b) is conflict
    assert quantities_conflict(b, a) is conflict
    assert intervals_agree(a, b) is not conflict
    assert quantities_agree(a, b) is not conflict


def test_quantity_intervals_approximate_amounts_are_not_widened_twice():
    about = SimpleNamespace(low=9000.0, high=11000.0, approx="about")
    exact = SimpleNamespace(low=10000.0, high=10000.0, approx=None)
    assert widened(about, 0.05) == (9000.0, 11000.0)
    assert widened(exact, 0.05) == (9500.0, 10500.0)


def test_quantity_intervals_unit_families_gate_only_the_extractor_rule():
    troops, people = _first("10,000 troops"), _first("12,000 people")
    assert not intervals_conflict(troops, people)  # not comparable
    assert quantities_conflict(troops, people)  # the caller matched them already


def test_quantity_intervals_shapes():
    assert shaped_interval(100.0, "lower") == (100.0, float("inf"))
    assert shaped_interval(100.0, "upper") == (0.0, 100.0)
    assert shaped_interval(100.0, "nearly") == pytest.approx((90.0, 100.0))
    assert shaped_interval(100.0, "above") == pytest.approx((100.0, 110.0))
    assert shaped_interval(100.0, "about") == pytest.approx((90.0, 110.0))


def test_quantity_intervals_negative_tolerance_is_refused():
    q = SimpleNamespace(low=1.0, high=1.0)
    with pytest.raises(ValueError, match="'tolerance' parameter must be >= 0. Got -0.1"):
        intervals_disjoint(q, q, tolerance=-0.1)
