"""attested_share(by_slot=True) reads slots (issue 14 item 5): a detail one text mentions
in passing, while the others put another value in its place, is not attested as fully as
the truth. The default (``check``'s reading) is unchanged.

Sentences are our own.
"""

from __future__ import annotations

import pytest

from credence.scoring.evidence import attested_share

STORY = [
    "A British man who slaps strangers when they sneeze is being hunted by police in Leeds.",
    "Police said the British man, 38, approached shoppers in the city centre.",
    "The slapper struck again on Friday, a French tourist among his victims.",
]


def test_details_slots_variant_mentioned_in_passing_is_attested_less():
    truth = attested_share("British Man Slaps People If They Sneeze", STORY, by_slot=True)
    variant = attested_share("French Man Slaps People If They Sneeze", STORY, by_slot=True)
    # Stated somewhere, "French" counts as fully as "British" without slots (the default).
    before = attested_share("French Man Slaps People If They Sneeze", STORY)
    assert before == pytest.approx(truth)
    # "French" is stated by one text; two put "British" before "man" without stating it.
    assert variant < truth


@pytest.mark.parametrize(
    ("claim", "evidence", "expected"),
    [
        # No text fills the slot otherwise: as before.
        ("Tesla will build its Gigafactory in Nevada", ["Tesla's Gigafactory in Nevada."], 1.0),
        # Stated by none: 0 for that detail, as before (Tesla and Gigafactory: 2 of 3).
        ("Tesla will build its Gigafactory in Texas", ["Tesla's Gigafactory in Nevada."], 2 / 3),
        # Stated by one text, its slot filled otherwise by one: half for that detail.
        (
            "Tesla will build its Gigafactory in Nevada",
            ["Tesla's Gigafactory in Nevada.", "Tesla's Gigafactory in Texas."],
            (1 + 1 + 0.5) / 3,
        ),
        # One text states the number, one puts another number before the same word.
        ("The spill covered 3 square kilometres", ["It covered 3 square kilometres."], 1.0),
        (
            "The spill covered 3 square kilometres",
            ["It covered 3 square kilometres.", "It covered 30 square kilometres."],
            0.5,
        ),
    ],
)
def test_details_slots_attested_share(claim, evidence, expected):
    assert attested_share(claim, evidence, by_slot=True) == pytest.approx(expected)
