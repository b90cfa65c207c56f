"""Details a claim asserts that the articles give another value (``details_rule="competing"``).

Our own sentences. The rule counts a claim's number, day, nationality or name against it only
when no article states it and a passage that speaks to the claim puts a competing value of the
same kind in its slot. Wording is free: a title-case headline's capitals, a sentence-initial
word, or a detail the articles only leave out cost nothing.
"""

from __future__ import annotations

import pytest
from conftest import corroboration_of

from credence.document import Article
from credence.scoring.check import CheckSettings
from credence.scoring.check_details import competing_details, competing_share

# (claim, the articles' passages speaking to it, contested details)
ALARMS = [
    # A number replaced beside its anchor.
    ("The storm destroyed 40 homes in Lisk", ["The storm destroyed 25 homes in Lisk."], ("40",)),
    # A day replaced beside its anchor.
    ("The Orvik dam burst on Tuesday", ["The Orvik dam burst on Monday night."], ("Tuesday",)),
    # A month replaced.
    ("Voting will open in March", ["Voting will open in June, the board said."], ("March",)),
    # A nationality replaced.
    ("A French climber was rescued from the glacier",
     ["A German climber was rescued from the glacier."], ("French",)),
    # A name replaced inside a sentence.
    ("The board said Ilse Brandt will lead the port",
     ["The board said Marten Voss will lead the port."], ("Ilse", "Brandt")),
    # A title-case headline whose place the passage replaces word for word.
    ("Ferry Company Moves Its Depot To Hexley",
     ["The ferry company moves its depot to Tolbury, officials said."], ("Hexley",)),
]  # fmt: skip

NO_ALARMS = [
    # A title-case headline told in other words: its capitals mark no names.
    ("Report: Harbour Board Approves Westport Tram After Long Row",
     ["The harbour board approved the tram line to Westport after months of argument."]),
    # A sentence-initial word and a headline label.
    ("Exclusive: Westport Tram Approved", ["The Westport tram was approved on Tuesday."]),
    # The detail left out, not replaced.
    ("The storm destroyed 40 homes in Lisk", ["The storm destroyed homes across Lisk."]),
    # A different number beside a different anchor: another thing measured.
    ("The storm destroyed 40 homes in Lisk",
     ["The storm destroyed homes in Lisk; 25 schools shut."]),
    # A different day of another event.
    ("The Orvik dam burst on Tuesday", ["The Orvik dam burst. Repairs began on Friday."]),
    # A different nationality in another slot.
    ("A French climber was rescued from the glacier",
     ["A climber was rescued from the glacier by a Swiss pilot."]),
    # The modal "may" is no month.
    ("The bridge may reopen in June", ["The bridge should reopen in June."]),
]  # fmt: skip


@pytest.mark.parametrize(("claim", "passages", "expected"), ALARMS)
def test_competing_details_finds_a_replaced_detail(claim, passages, expected):
    contested, details = competing_details(claim, passages, passages)
    assert contested == expected
    assert details >= len(expected)
    assert competing_share(claim, passages, passages) == pytest.approx(0.5 ** len(expected))


@pytest.mark.parametrize(("claim", "passages"), NO_ALARMS)
def test_competing_details_does_not_fire_on_wording(claim, passages):
    assert competing_details(claim, passages, passages)[0] == ()
    assert competing_share(claim, passages, passages) == 1.0


def test_competing_details_a_detail_stated_in_any_article_is_not_contested():
    # The passage says 25, but another article states the claim's 40: the story holds both.
    passages = ["The storm destroyed 25 homes in Lisk."]
    texts = [*passages, "Officials later counted 40 damaged homes."]
    assert competing_details("The storm destroyed 40 homes in Lisk", texts, passages)[0] == ()


def test_competing_details_reads_competing_values_only_in_the_passages():
    # The competing day stands in an article, not in a passage that speaks to the claim.
    texts = ["The Orvik dam burst on Monday night."]
    assert competing_details("The Orvik dam burst on Tuesday", texts, [])[0] == ()


def test_competing_share_is_void_for_an_opposite_word_in_the_passages():
    passages = ["The council relaxed its parking rules on Monday."]
    assert competing_share("The council toughens its parking rules", passages, passages) == 0.0


def test_competing_is_a_details_rule():
    assert CheckSettings(details_rule="competing").details_rule == "competing"


DAM = [
    Article(id="d1", outlet="p", text=(
        "The dam above Orvik burst on Monday night after days of rain. Water flooded the lower "
        "town and 300 people were moved to the school. The regional water board said the "
        "spillway had been blocked by debris.")),
    Article(id="d2", outlet="q", text=(
        "Residents of Orvik spent the night in the school after the dam burst on Monday. The "
        "water board blamed a blocked spillway. Engineers began to drain the reservoir.")),
    Article(id="d3", outlet="r", text=(
        "Floodwater reached the main square of Orvik when the dam burst on Monday. About 300 "
        "residents were evacuated. The board promised an inquiry into the spillway.")),
]  # fmt: skip


def _checked(scorer, claim, articles, rule):
    corroboration = corroboration_of(scorer, scorer.analyze(articles))
    return corroboration(claim, rule, article_rule="origins", article_terms=False)


def test_check_competing_ranks_a_swapped_day_below_the_truth(scorer):
    truth = _checked(scorer, "The Orvik dam burst on Monday", DAM, "competing")
    variant = _checked(scorer, "The Orvik dam burst on Thursday", DAM, "competing")
    assert truth > variant + 0.05


def test_check_competing_leaves_a_title_case_headline_whole(scorer):
    # "attested" reads "Rains", "Lower", "Town" as unstated details; "competing" does not.
    headline = "Heavy Rains Burst Orvik Dam, Flood Lower Town"
    off = _checked(scorer, headline, DAM, "off")
    assert _checked(scorer, headline, DAM, "competing") == pytest.approx(off)
    assert _checked(scorer, headline, DAM, "attested") < off - 0.02


@pytest.mark.parametrize(
    "claim",
    [
        # A negated word: the claim says what the passage says.
        "The singer Hank Dorval is not dead",
        # A statement verb: which statement it denies the word alone does not tell.
        "The label was forced to deny that Hank Dorval is dead",
    ],
)
def test_competing_share_an_opposite_of_a_negated_or_statement_word_is_no_contest(claim):
    passages = ["The singer Hank Dorval is alive and well, his label confirmed."]
    assert competing_share(claim, passages, passages) == 1.0


def test_competing_share_an_opposite_in_passing_is_no_contest():
    # One obituary of three calls him "a living legend"; the others say he died.
    texts = [
        "Hank Dorval, a living legend of the stage, died at 57.",
        "The rapper Hank Dorval died at 57 after a long illness.",
        "Hank Dorval has died, his label said. He was 57.",
    ]
    assert competing_share("The rapper Hank Dorval is dead at 57", texts, texts) == 1.0
    # When most articles tell the story with the opposite word, it is contested.
    story = ["The council relaxed its parking rules.", "Parking rules were relaxed on Monday."]
    assert competing_share("The council toughens its parking rules", story, story) == 0.0


# Numbers by value, days and names in the claim's frame (session 13). Our own sentences.
# (claim, articles, passages speaking to the claim, contested details)
FRAME_ALARMS = [
    # A number written in words competes with digits beside the same anchor.
    ("The dock strike is set to last two weeks",
     ["The dock strike is set to last 48 hours, the union said."],
     ["The dock strike is set to last 48 hours, the union said."], ("two",)),
    # A scaled number: 25 million is not two and a half million.
    ("About 25 million people lost their homes in the delta",
     ["Two and a half million people lost their homes in the delta."],
     ["Two and a half million people lost their homes in the delta."], ("25 million",)),
    # An ordinal replaced beside its anchor.
    ("The fifth relief convoy will reach the delta",
     ["The first relief convoy will reach the delta."],
     ["The first relief convoy will reach the delta."], ("fifth",)),
    # The claim's day is stated, but for another event: it does not vouch for the closure.
    ("The council closed the Ferris Street bridge on Monday",
     ["The bridge was closed by the council on Thursday. Repairs will start on Monday."],
     ["The bridge was closed by the council on Thursday."], ("Monday",)),
    # The claim's speaker is named, but where he visits a town, not where the dam is judged.
    ("Piet Arlen said the Orvik dam was not at risk",
     ["Director Hanna Lisk said the Orvik dam was not at risk. Governor Piet Arlen will "
      "visit the town on Friday."],
     ["Director Hanna Lisk said the Orvik dam was not at risk."], ("Arlen",)),
]  # fmt: skip

FRAME_NO_ALARMS = [
    # Digits stated in words by one article, another number elsewhere beside the anchor.
    ("The storm destroyed 40 homes in Lisk",
     ["The storm destroyed forty homes in Lisk.", "The storm destroyed 25 homes, the mayor said."],
     ["The storm destroyed 25 homes, the mayor said."]),
    # One value in three spellings.
    ("About 2.5 million people lost their homes in the delta",
     ["About 2.5M people lost their homes.", "Four million people lost their homes, he said."],
     ["Four million people lost their homes, he said."]),
    # A vague amount that can be the claim's number.
    ("The storm destroyed 300 homes in Lisk", ["The storm destroyed hundreds of homes in Lisk."],
     ["The storm destroyed hundreds of homes in Lisk."]),
    # An ordinal and a count are not two values of one slot.
    ("The first relief convoy reached the delta", ["Three relief convoys reached the delta."],
     ["Three relief convoys reached the delta."]),
    # The claim's day stated in its frame, in other words; another event on another day.
    ("The council closed the bridge on Thursday",
     ["On Thursday the council closed the old bridge. Repairs will start on Monday."],
     ["Repairs will start on Monday, the council said."]),
    # The claim's speaker stated where he speaks, beside a named governor.
    ("Hanna Lisk said the Orvik dam was not at risk",
     ["Director Hanna Lisk said the Orvik dam was not at risk. Governor Piet Arlen said "
      "he would visit."],
     ["Governor Piet Arlen said he would visit."]),
]  # fmt: skip


@pytest.mark.parametrize(("claim", "texts", "passages", "expected"), FRAME_ALARMS)
def test_competing_details_reads_values_and_frames(claim, texts, passages, expected):
    assert competing_details(claim, texts, passages)[0] == expected


@pytest.mark.parametrize(("claim", "texts", "passages"), FRAME_NO_ALARMS)
def test_competing_details_clears_a_value_stated_in_the_frame(claim, texts, passages):
    assert competing_details(claim, texts, passages)[0] == ()
