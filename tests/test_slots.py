"""Slot conflicts (:func:`credence.scoring.evidence.slot_conflicts`): a text that fills the
place of a claim's detail (a name or a number) with another value (issue 14 item 5).

One scanner (:mod:`credence.scoring.slots`) answers both :func:`slot_conflicts` and
:func:`contested_details` (what ``uncontested_share`` reads); the rows marked "was" are
those where the two former scanners disagreed.

Sentences are our own.
"""

from __future__ import annotations

import pytest

from credence.scoring.evidence import slot_conflicts
from credence.scoring.slots import contested_details

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
    # Was missed: the filler three words from the anchor ("sent at least 1,000"), and the
    # anchor after the detail tried when the one before it matches nothing.
    (
        "The army of Ostland sent 20,000 more troops",
        "The army of Ostland sent at least 1,000 more troops.",
        [("20,000", "1,000", "sent")],
    ),
    # Was missed: anchors meet by their stem ("Kills" / "killed"); in a title-case headline
    # its numbers are details.
    ("Storm Kills 12 In Tolbury", "The storm killed 3 people in Tolbury.", [("12", "3", "Kills")]),
    # A sentence-opening country is a detail.
    (
        "France sent two ships to the gulf",
        "On Monday, Britain sent two ships to the gulf.",
        [("France", "Britain", "sent")],
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
    # Was a conflict: an acronym (articles spell it out: "NY" / "New York").
    ("The NY police closed the bridge", "The New York police closed the bridge."),
    # Was a conflict: a capitalised sentence opener is no name ("Rare storms").
    ("Rare storms returned to the coast", "Forecasters said Atlantic storms returned."),
    # A nationality word and its country are one value.
    ("The American crew was rescued", "The crew of the United States ship was rescued."),
    # A sentence barrier ends a slot: "Nevada" opens the next sentence.
    ("Tesla will build its Gigafactory in Texas", "Tesla has a Gigafactory. Nevada won."),
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


@pytest.mark.parametrize(("claim", "text"), [(c, t) for c, t, _ in CONFLICTS] + NO_CONFLICT)
def test_slots_one_scanner_for_one_text_and_many(claim, text):
    # What contested_details finds against one text is what slot_conflicts reports.
    keys = {
        c.mine.replace(",", "") if c.mine[:1].isdigit() else None
        for c in slot_conflicts(claim, text)
    }
    found = contested_details(claim, [text])
    assert len(found) == len(slot_conflicts(claim, text))
    assert {k for k in found if k[:1].isdigit()} == {k for k in keys if k}
