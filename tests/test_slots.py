"""Slot conflicts (:func:`credence.scoring.evidence.slot_conflicts`): a text that fills the
place of a claim's detail (a name or a number) with another value (issue 14 item 5).

Sentences are our own.
"""

from __future__ import annotations

import pytest

from credence.scoring.evidence import slot_conflicts

CONFLICTS = [
    # (claim, text, [(mine, theirs, anchor)])
    (
        "Tesla will build its Gigafactory in Texas",
        "The carmaker said its Gigafactory in Nevada will open in 2016.",
        [("Texas", "Nevada", "Gigafactory")],
    ),
    (
        "At least 2,000 more soldiers have been sent to the northern front this month.",
        "Some 20,000 soldiers were sent north, the agency said.",
        [("2,000", "20,000", "soldiers")],
    ),
    # A nationality in a title-case headline, against a body that puts another there.
    (
        "French Man Slaps People If They Sneeze In Public",
        "A man from Leeds slaps strangers. The British man, 38, is hunted by police.",
        [("French", "British", "Man")],
    ),
    # The slot after its detail when none stands before it.
    (
        "Ships waiting to enter Varna were diverted to Istanbul.",
        "Ships waiting to enter Varna were diverted to Burgas on Monday.",
        [("Istanbul", "Burgas", "diverted")],
    ),
]

NO_CONFLICT = [
    # The text states the claim's detail (also when it names another one elsewhere).
    ("Tesla will build its Gigafactory in Nevada", "Its Gigafactory in Nevada beat Texas."),
    ("British Man Slaps People If They Sneeze In Public", "The British man slaps people."),
    # A name is stated by its last word.
    ("Barack Obama won the vote", "Obama won the vote, said Ms. Clinton."),
    # Same value written another way: commas in numbers.
    ("The port handled 12,000 containers", "The port handled 12000 containers in May."),
    # A title-case headline's capitals are no names: "Slaps" is no detail to conflict.
    ("Man Slaps People If They Sneeze In Public", "A man hits people who sneeze."),
    # The text fills no slot of the claim's detail.
    ("The port of Varna was closed on Monday", "Fishermen stayed ashore in Sofia."),
    # Title-case words of the text next to the anchor that the claim also uses.
    ("Kim Jong-un broke his ankle on a tour", "Kim Jong-un broke his ankle, KCNA said."),
]


@pytest.mark.parametrize(("claim", "text", "expected"), CONFLICTS)
def test_slots_conflict(claim, text, expected):
    found = slot_conflicts(claim, text)
    assert [(c.mine, c.theirs, c.anchor) for c in found] == expected
    for c in found:
        assert claim[c.start : c.end] == c.mine
        assert text[c.other_start : c.other_end] == c.theirs
        assert c.mine in c.explanation and c.theirs in c.explanation


@pytest.mark.parametrize(("claim", "text"), NO_CONFLICT)
def test_slots_no_conflict(claim, text):
    assert slot_conflicts(claim, text) == []
