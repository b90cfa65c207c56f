import datetime as dt
from types import SimpleNamespace as NS

import pytest

from credence.features.dates import DateExtractor
from credence.features.quantities import QuantityExtractor
from credence.features.segment import segment
from credence.scoring.conflicts import (
    Signature,
    compare_measures,
    compatible,
    measure_analysis,
    quantities_conflict,
)


def _measures(text, published=None):
    _, sentences = segment(text)
    analysis = NS(
        article=NS(text=text),
        sentences=sentences,
        quantities=QuantityExtractor().extract(text),
        dates=DateExtractor(reference_date=published).extract(text),
    )
    quantities, dates = measure_analysis(analysis)
    return quantities + dates


def _signature(text, span_text, published=None):
    for m in _measures(text, published):
        if m.span.text == span_text:
            return m.signature
    raise AssertionError(f"{span_text!r} not found in {[m.span.text for m in _measures(text)]}")


@pytest.mark.parametrize(
    ("text", "span", "event", "qualifier"),
    [
        ("Some 10,000 troops were deployed to the region.", "Some 10,000", "deployment", None),
        (
            "At least 1,000 more soldiers were sent this week.",
            "At least 1,000",
            "deployment",
            "additional",
        ),
        ("About 1,000 of the original 11,000 troops were killed.", "About 1,000", "casualty", None),
        (
            "After the first deployment, 1,000 of the original 11,000 troops were killed.",
            "11,000",
            "deployment",
            "initial",
        ),
        ("Officials said 500 prisoners were captured.", "500", "capture", None),
        ("Troops were deployed last year.", "last year", "deployment", None),
        ("On Monday the paper reported that 2,000 troops were deployed.", "Monday", None, None),
    ],
)
def test_conflicts_signature(text, span, event, qualifier):
    signature = _signature(text, span, dt.date(2025, 2, 27))
    assert (signature.event, signature.qualifier) == (event, qualifier)


def test_conflicts_anaphoric_number_takes_previous_signature():
    text = "Some 10,000 troops were deployed in autumn. Others say the number is higher, at 12,000."
    assert _signature(text, "12,000").event == "deployment"


@pytest.mark.parametrize(
    ("first", "second", "conflict", "agree"),
    [
        ("10,000 troops were deployed.", "12,000 troops were deployed.", True, False),
        (
            "At least 1,000 more troops were sent.",
            "1,000 to 3,000 additional troops were sent.",
            False,
            True,
        ),
        ("10,000 troops were deployed.", "1,000 additional troops were deployed.", False, False),
        (
            "1,000 of the original 11,000 troops were killed.",
            "10,000 troops were deployed.",
            False,
            False,
        ),
        (
            "1,000 of the original 11,000 troops were killed.",
            "4,000 troops were killed.",
            True,
            False,
        ),
        (
            "Kyiv said 300 civilians were killed.",
            "Kyiv said 900 civilians were killed.",
            True,
            False,
        ),
    ],
)
def test_conflicts_numeric_same_counted_thing(first, second, conflict, agree):
    conflicts, agreements = compare_measures(
        [m for m in _measures(first) if m.kind == "numeric"],
        [m for m in _measures(second) if m.kind == "numeric"],
        tolerance=0.02,
    )
    assert bool(conflicts) is conflict
    assert bool(agreements) is agree


def test_conflicts_temporal_late_2022_vs_last_year():
    published = dt.date(2025, 2, 27)
    a = [m for m in _measures("Their initial deployment came in late 2022.", published)]
    b = [m for m in _measures("Troops were deployed there last year.", published)]
    conflicts, _ = compare_measures(a, b)
    assert [(x.span.text, y.span.text) for x, y in conflicts] == [("late 2022", "last year")]


def test_conflicts_different_events_do_not_conflict():
    published = dt.date(2025, 2, 27)
    a = _measures("The troops withdrew in January.", published)
    b = _measures("The troops were redeployed in early February.", published)
    assert compare_measures(a, b) == ([], [])


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (
            Signature("people", "deployment", None),
            Signature("people", "deployment", "initial"),
            True,
        ),
        (
            Signature("people", "deployment", "additional"),
            Signature("people", "deployment", None),
            False,
        ),
        (
            Signature("people", "deployment", None, "russia"),
            Signature("people", "deployment", None, "north korea"),
            False,
        ),
        (Signature(None, "deployment", None), Signature(None, "deployment", None), False),
    ],
)
def test_conflicts_compatible(a, b, expected):
    assert compatible(a, b) is expected


def test_conflicts_rejects_negative_tolerance():
    with pytest.raises(ValueError, match="tolerance"):
        quantities_conflict(NS(low=1, high=1), NS(low=2, high=2), tolerance=-1)
