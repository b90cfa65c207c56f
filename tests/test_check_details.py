"""Details a claim asserts and no article states (:func:`credence.scoring.evidence.attested_share`).

Our own sentences. A whole article read by the stance model tells whether it is on the story;
it cannot vouch for a place, an actor or a number of the claim that it never states: the
variant that moves the story elsewhere scores below the true claim.
"""

from __future__ import annotations

import pytest
from conftest import corroboration_of

from credence.document import Article
from credence.scoring.check import CheckSettings, check_claim, uncontested_share
from credence.scoring.check_details import (
    framed_attested_share,
    framed_opposite,
    slot_attested_share,
)
from credence.scoring.evidence import attested_share, claim_details, pair_reader

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


# --- the details the articles vouch for, as the slot scanner reads them (details_rule="slots")

SLOT_SHARES = [
    # A name and a place the articles state, and one they do not.
    ("A bridge collapsed near Tolbury", ["Tolbury lost its bridge."], 1.0),
    ("The Marren bridge collapsed near Hexley", ["The Marren bridge at Tolbury fell."], 0.5),
    # A title-case headline: capitals mark no names there, its words are no details...
    ("Rare Storm Batters Tolbury Harbour After Warning", ["The harbour was hit hard."], 1.0),
    # ... but its numbers and nationality words are.
    ("Storm Kills 12 In Tolbury Harbour", ["The storm killed 3 people."], 0.0),
    ("Norwegian Crew Rescued Off Tolbury", ["The crew from Norway was rescued."], 1.0),
    # A capitalised word an article writes in lower case is a common word.
    ("Rare storms returned to the coast", ["The rare storms came back."], 1.0),
    # Numbers: commas aside; no prefix of a longer number.
    ("Tolbury counted 1,000 cars", ["Officials counted 1000 cars."], 1.0),
    ("Officials at Tolbury counted 100 cars", ["Officials counted 1000 cars at Tolbury."], 0.5),
    ("A bridge collapsed", ["Nothing happened."], 1.0),
]  # fmt: skip


@pytest.mark.parametrize(("claim", "texts", "expected"), SLOT_SHARES)
def test_check_details_slot_attested_share(claim, texts, expected):
    assert slot_attested_share(claim, texts) == pytest.approx(expected)


OPPOSITES = [
    # The passage that speaks to the claim states the opposite, no text the claim's word.
    ("The council toughens its parking rules",
     ["Rain fell all day. The council relaxed its parking rules on Monday."],
     ["The council relaxed its parking rules on Monday."], "toughens"),
    # The opposite word stands elsewhere in the article, not where it speaks to the claim.
    ("The singer is dead at 57",
     ["The singer died at 57, his label said. He was living in Tolbury with his family."],
     ["The singer died at 57, his label said."], None),
    # The claim's word is stated somewhere: the articles use it too.
    ("The council toughens its parking rules",
     ["The council relaxed its parking rules. Critics wanted it to toughen them."],
     ["The council relaxed its parking rules."], None),
]  # fmt: skip


@pytest.mark.parametrize(("claim", "texts", "passages", "expected"), OPPOSITES)
def test_check_details_framed_opposite(claim, texts, passages, expected):
    assert framed_opposite(claim, texts, passages) == expected
    share = slot_attested_share(claim, texts, passages)
    assert share == (0.0 if expected else pytest.approx(1.0))


STORM = [
    Article(id="s1", outlet="p", text=(
        "A storm flooded the harbour at Tolbury overnight. Fishing boats were torn from their "
        "moorings. The coastguard said nobody was hurt.")),
    Article(id="s2", outlet="q", text=(
        "The harbour at Tolbury was flooded when the storm came ashore. Boats broke loose and "
        "drifted. Nobody was hurt, the coastguard said.")),
    Article(id="s3", outlet="r", text=(
        "Tolbury harbour flooded in the night's storm. Several boats were lost. The coastguard "
        "reported no injuries.")),
]  # fmt: skip


def test_check_details_a_title_case_headline_is_not_punished_for_its_wording(scorer):
    # The defect: under "attested" every capitalised word of a title-case headline was a
    # detail ("Wild", "Night", "Sweeps"), so articles telling the same story in their own
    # words cut its support (FNC-1 topic-train stories: 23 % hit, Spearman 0.53 -> 0.37).
    headline = "Wild Night As Storm Sweeps Boats From Tolbury Harbour"
    analyses = scorer.analyze(STORM)

    def corroboration(settings=None):
        return check_claim(
            headline,
            analyses,
            stance_model=pair_reader(scorer.stance_model, scorer.agreement_model),
            uncertainty_model=scorer.uncertainty_model,
            extractors=scorer.extractors,
            article_model=scorer.stance_model,
            settings=settings,
        ).corroboration

    assert attested_share(headline, [a.text for a in STORM]) < 1.0
    slots = corroboration(CheckSettings(details_rule="slots"))
    assert slots == pytest.approx(corroboration(CheckSettings(details_rule="off")))
    assert slots > corroboration(CheckSettings(details_rule="attested")) + 0.05


HANK = [
    Article(id="h1", outlet="p", text=(
        "The rapper Hank Dorval died at 57, his label said on Tuesday. He had been ill for "
        "months. His first record came out in 1984. It sold a million copies. Critics called "
        "it a landmark of the genre. In recent years he was living quietly in Tolbury.")),
    Article(id="h2", outlet="q", text=(
        "Hank Dorval, the rapper, has died at the age of 57. Fans gathered outside his studio. "
        "His label asked for privacy. A memorial concert is planned for June. Tickets will go "
        "on sale next week. Proceeds will go to a music school.")),
    Article(id="h3", outlet="r", text=(
        "Rapper Hank Dorval died at 57 after a long illness, his family said. He released four "
        "albums. Two of them topped the charts. He toured Europe twice. His band will meet "
        "next month. Tributes poured in from living legends of the stage.")),
]  # fmt: skip


def test_check_details_an_opposite_word_in_passing_does_not_void_the_articles(scorer):
    # The defect: "attested" read opposite words anywhere in an article, so "living" in the
    # last sentence of an obituary voided its support for "… is dead" (FNC-1 topic-train
    # stories: the opposite test fired on 14 of 400 headlines, whose bodies mostly agree).
    claim = "The rapper Hank Dorval is dead at 57"
    texts = [a.text for a in HANK]
    assert attested_share(claim, texts) == 0.0
    assert framed_attested_share(claim, texts, [t.split(". ")[0] for t in texts]) == 1.0
    corroboration = corroboration_of(scorer, scorer.analyze(HANK))
    framed = corroboration(claim, "framed")
    assert framed == pytest.approx(corroboration(claim, "off"))
    assert framed > corroboration(claim, "attested") + 0.05
