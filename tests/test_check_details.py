"""Details a claim asserts and no article states (:func:`credence.scoring.evidence.attested_share`).

Our own sentences. A whole article read by the stance model tells whether it is on the story;
it cannot vouch for a place, an actor or a number of the claim that it never states: the
variant that moves the story elsewhere scores below the true claim.
"""

from __future__ import annotations

import pytest

from credence.document import Article
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
