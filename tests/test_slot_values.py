"""Slot values: numbers read as values over the slot scanner's tokens, and a claim's frame.

Our own sentences (:mod:`credence.scoring.slot_values`).
"""

from __future__ import annotations

import pytest

from credence.scoring.slot_values import frame_neighbours, frame_stems, slot_numbers
from credence.scoring.slots import SlotText


def _numbers(text):
    read = SlotText.read(text)
    return [
        (" ".join(read.tokens[n.first : n.last + 1]), n.low, n.high, n.percent, n.ordinal)
        for n in slot_numbers(text, read)
    ]


# (text, numbers as (tokens, low, high, percent, ordinal))
NUMBERS = [
    ("Two and a half million people fled.",
     [("Two and a half million", 2.5e6, 2.5e6, False, False)]),
    ("About 2.5M people fled.", [("2.5 M", 2.5e6, 2.5e6, False, False)]),
    ("The strike will last two weeks.", [("two", 2.0, 2.0, False, False)]),
    ("A quarter of the harvest was lost.", [("A quarter", 25.0, 25.0, True, False)]),
    ("Hundreds of homes were flooded.", [("Hundreds of", 200.0, 999.0, False, False)]),
    ("The fifth convoy left in 2015.",
     [("fifth", 5.0, 5.0, False, True), ("2015", 2015.0, 2015.0, False, False)]),
    # "one" is mostly a pronoun: no number.
    ("One of the ferries stayed in port.", []),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), NUMBERS)
def test_slot_numbers_reads_values_in_digits_and_words(text, expected):
    assert _numbers(text) == expected


def test_slot_numbers_same_and_disjoint():
    (words,) = slot_numbers("two and a half million", SlotText.read("two and a half million"))
    (digits,) = slot_numbers("2,500,000", SlotText.read("2,500,000"))
    (vague,) = slot_numbers("hundreds of", SlotText.read("hundreds of"))
    (three,) = slot_numbers("300", SlotText.read("300"))
    (first,) = slot_numbers("the first", SlotText.read("the first"))
    (one,) = slot_numbers("1", SlotText.read("1"))
    assert words.same(digits) and not words.disjoint(digits)
    assert not vague.same(three) and not vague.disjoint(three)
    assert three.disjoint(digits)
    # An ordinal is compared with ordinals only.
    assert not first.same(one) and not first.disjoint(three)


def test_frame_stems_leave_out_details_names_and_stop_words():
    claim = SlotText.read("Governor Piet Arlen closed the bridge on Monday")
    assert frame_stems(claim, skip={7}) == {"clos", "bridge"}
    # In a title-case headline every word that is no detail is a frame word.
    headline = SlotText.read("Council Closes Ferris Bridge On Monday")
    assert "bridge" in frame_stems(headline, skip={5})


def test_frame_neighbours_skip_names_numbers_and_stop_words_within_a_sentence():
    read = SlotText.read("Engineers said. Governor Piet Arlen will visit 3 towns")
    arlen = read.tokens.index("Arlen")
    # Left: "Piet", "Governor" are name words, then the sentence ends; right: "visit".
    assert [read.tokens[k] for k in frame_neighbours(read, arlen, arlen)] == ["visit"]
