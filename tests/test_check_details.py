"""Details a claim asserts and no article states (:func:`credence.scoring.evidence.attested_share`).

Our own sentences. A whole article read by the stance model tells whether it is on the story;
it cannot vouch for a place, an actor or a number of the claim that it never states: the
variant that moves the story elsewhere scores below the true claim.
"""

from __future__ import annotations

import pytest

from credence.document import Article
from credence.scoring.check import CheckSettings, uncontested_share
from credence.scoring.evidence import attested_share, claim_details

BRIDGE = [
    Article(id="a", outlet="x", text=(
        "A road bridge collapsed into the Marren river near Tolbury on Sunday night. Two cars "
        "fell into the water and both drivers were rescued. Engineers said floods had weakened "
        "the supports.")),
    Article(id="b", outlet="y", text=(
        "The old road bridge over the Marren at Tolbury collapsed late on Sunday. Rescue teams "
        "pulled two drivers from the river. The county council said the bridge had been "
        "inspected last year.")),
    Article(id="c", outlet="z", text=(
        "Tolbury residents woke to find their bridge gone after the collapse on Sunday. Police "
        "said two drivers were rescued from the Marren. Traffic is being diverted through "
        "Easton.")),
]  # fmt: skip

DETAILS = [
    ("France killed the militant leader in an airstrike", {"fran"}),
    ("There's an audio recording of the shooting", set()),
    ("It’s about to get harder to be arrested in Chicago", {"chic"}),
    ("The watch will cost 1,299 dollars in 2015", {"1299", "2015"}),
    ("The bridge collapsed on Sunday", set()),
]

SHARES = [
    # Every detail stated somewhere.
    ("A bridge collapsed near Tolbury", ["Tolbury lost its bridge."], 1.0),
    # The place stated nowhere.
    ("A bridge collapsed near Hexley", ["Tolbury lost its bridge."], 0.0),
    # One number of two; a number is not a prefix of a longer one.
    ("Tolbury counted 100 cars and 12 trucks", ["Tolbury counted 1000 cars and 12 trucks."], 2 / 3),
    # No detail to state.
    ("A bridge collapsed", ["Nothing happened."], 1.0),
]  # fmt: skip


UNCONTESTED = [
    # A place replaced in the same slot: before or after its anchor word.
    ("A bridge collapsed near Hexley on Sunday", ["It collapsed near Tolbury on Sunday."], 0.0),
    ("The plant will be built in Texas", ["The plant will be built in Nevada."], 0.0),
    # A number replaced beside its anchor ("1,000 more troops", "sent at least 1,000").
    ("The army of Ostland sent 20,000 more troops",
     ["The army of Ostland sent at least 1,000 more troops."], 0.5),
    ("The army of Ostland sent 20,000 more troops", ["The army sent troops to the border."], 1.0),
    # A country opening the claim is a name; another word opening it is not.
    ("France sent two ships to the gulf", ["On Monday, Britain sent two ships to the gulf."], 0.0),
    ("Rare storms returned to the coast", ["Forecasters said Atlantic storms returned."], 1.0),
    # An acronym (articles spell it out); a title-case headline's words (capitals there
    # mark no names), but its numbers are details.
    ("The NY police closed the bridge", ["The New York police closed the bridge."], 1.0),
    ("Rare Storm Hits Tolbury Harbour", ["A storm hit the Hexley harbour in Tolbury."], 1.0),
    ("Storm Kills 12 In Tolbury", ["The storm killed 3 people in Tolbury."], 0.0),
    # Absent, not replaced: the detail is only missing (no article fills its slot).
    ("A bridge collapsed near Hexley", ["Tolbury lost its bridge."], 1.0),
    ("The Norwegian crew was rescued", ["The crew of the ship was rescued at dawn."], 1.0),
    # A nationality word and its country are one value.
    ("The American crew was rescued", ["The crew from the United States was rescued."], 1.0),
    # Stated somewhere: not contested even where another text says otherwise.
    ("The plant will be built in Texas", ["Texas and Nevada competed.", "Built in Nevada."], 1.0),
    # A number of another kind in the slot (a name after the number's anchor) is no value.
    ("Police arrested 12 people", ["Police arrested Mr. Dorn at the station."], 1.0),
    ("A bridge collapsed", ["Nothing happened."], 1.0),
]  # fmt: skip


@pytest.mark.parametrize(("claim", "evidence", "expected"), UNCONTESTED)
def test_check_details_uncontested_share(claim, evidence, expected):
    assert uncontested_share(claim, evidence) == pytest.approx(expected)


def test_check_details_a_missing_name_costs_attested_but_not_uncontested():
    # The rule that bit FNC-1 stories: a detail the articles word otherwise or leave out.
    claim, evidence = "A bridge collapsed near Hexley", ["Tolbury lost its bridge."]
    assert attested_share(claim, evidence) == 0.0
    assert uncontested_share(claim, evidence) == 1.0


def test_check_details_rule_is_validated():
    with pytest.raises(ValueError, match="'details_rule' setting must be one of"):
        CheckSettings(details_rule="names")


@pytest.mark.parametrize(("text", "expected"), DETAILS)
def test_check_details_of_a_claim(text, expected):
    assert claim_details(text) == expected


@pytest.mark.parametrize(("claim", "evidence", "expected"), SHARES)
def test_check_details_attested_share(claim, evidence, expected):
    assert attested_share(claim, evidence) == pytest.approx(expected)


@pytest.mark.parametrize(
    "variant",
    [
        "A road bridge collapsed near Hexley on Sunday",
        "A road bridge collapsed into the Danube near Tolbury on Sunday",
    ],
)
def test_check_details_a_place_no_article_states_scores_below_the_truth(scorer, variant):
    true = scorer.check("A road bridge collapsed near Tolbury on Sunday", BRIDGE)
    moved = scorer.check(variant, BRIDGE)
    # Before whole-article readings were held to the stated details, the river no article
    # names cost the claim 15 % (0.56 against 0.66).
    assert moved.corroboration < 0.75 * true.corroboration
