"""What a set of articles vouches for of a claim (issue 14 item 5):
:func:`credence.scoring.details.story_attestation` and what ``check`` makes of it.

A false variant that moves the story to another day or puts another actor in a common noun
("the navy" where every outlet writes "the coast guard") asserts something no source
states; the pair and article readings judge the story and missed it. Our own sentences.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from credence.document import Article
from credence.scoring.corroboration import check_claim
from credence.scoring.details import (
    calendar_details,
    stated_word_share,
    story_attestation,
)
from credence.scoring.evidence import pair_reader

CALENDAR = [
    ("The port reopened on Thursday", {"thursday"}),
    ("Repairs will last until October 1", {"october"}),
    ("The studio wants a summer release", {"summer"}),
    # The modal "may" and the verb "march" are no dates; a capitalised month is.
    ("Officials may march to the capital in May", {"may"}),
    ("The bridge was built in 1962", set()),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), CALENDAR)
def test_story_attestation_calendar_details(text, expected):
    assert calendar_details(text) == expected


STORY_TEXTS = [
    "The coast guard rescued 52 passengers after a ferry ran aground off Skerra on Saturday.",
    "A ferry ran aground off Skerra island; all 52 passengers were rescued, officials said.",
]

ATTESTATION = [
    # (claim, expected share), against STORY_TEXTS
    ("The coast guard rescued 52 passengers off Skerra on Saturday", 1.0),
    # Another day: one of its three details (52, Skerra, Saturday) is not stated.
    ("The coast guard rescued 52 passengers off Skerra on Wednesday", 2 / 3),
    # Another number: 52 is stated, 25 is not.
    ("The coast guard rescued 25 passengers off Skerra on Saturday", 2 / 3),
    # Another actor in a common noun: "navy" is stated by no text.
    ("The navy rescued 52 passengers off Skerra on Saturday", 0.75),
]  # fmt: skip


@pytest.mark.parametrize(("claim", "expected"), ATTESTATION)
def test_story_attestation_share(claim, expected):
    assert story_attestation(claim, STORY_TEXTS) == pytest.approx(expected)


def test_story_attestation_words_meet_by_stem_and_ignore_stop_words():
    assert (
        stated_word_share(
            "The ferry operators were rescuing them", ["A ferry operator rescued people."]
        )
        == 1.0
    )
    assert stated_word_share("It was there", ["Nothing here."]) == 1.0


def test_story_attestation_opposite_word_is_not_vouched_for():
    texts = ["The city relaxed its parking rules on Monday."]
    assert story_attestation("The city toughens its parking rules", texts) == 0.0
    assert story_attestation("The city relaxes its parking rules", texts) == 1.0


STORY = [
    Article(id="a", outlet="Isle Post", text=(
        "A ferry ran aground off Skerra island on Saturday night, the coast guard said. "
        "The coast guard rescued all 52 passengers and four crew. "
        "The ferry operator said the ship had lost power in a storm.")),
    Article(id="b", outlet="Harbour Radio", text=(
        "The coast guard brought 52 passengers ashore after their ferry ran aground off "
        "Skerra on Saturday. Nobody was hurt, a spokesman said. "
        "Divers will inspect the hull this week.")),
    Article(id="c", outlet="North Sound News", text=(
        "Passengers of the ferry that ran aground off Skerra described a night of waiting. "
        "Rescue boats of the coast guard reached them after two hours. "
        "The island's mayor thanked the crews on Sunday.")),
]  # fmt: skip


@pytest.fixture(scope="module")
def analyses():
    from credence.scoring.scorer import Scorer

    scorer = Scorer.load()
    return scorer, list(scorer.analyze(STORY))


@pytest.mark.parametrize(
    "variant",
    [
        "The navy rescued 52 passengers after a ferry ran aground off Skerra on Saturday",
        "The coast guard rescued 52 passengers after a ferry ran aground off Skerra on Tuesday",
        "The coast guard rescued 52 passengers after a bus crashed off Skerra on Saturday",
    ],
)
def test_story_attestation_check_ranks_the_truth_above_its_variant(analyses, variant):
    scorer, read = analyses
    reader = pair_reader(scorer.stance_model, scorer.agreement_model)

    def corroboration(text):
        return check_claim(
            text,
            read,
            stance_model=reader,
            uncertainty_model=scorer.uncertainty_model,
            extractors=scorer.extractors,
        ).corroboration

    truth = (
        "The coast guard rescued 52 passengers after a ferry ran aground off Skerra on Saturday."
    )
    assert corroboration(truth) > corroboration(variant)


def test_story_attestation_check_does_not_let_articles_vouch_for_a_swapped_actor():
    # examples/port-closure: every outlet names the harbour master; none names a navy. The
    # whole-article reading judged the story and ranked "the city's navy said ..." above
    # the truth (0.378 > 0.372); with details_rule="story" the articles' support is bound
    # to what they state.
    from credence.ingest import read_articles
    from credence.scoring.check import CheckSettings
    from credence.scoring.scorer import Scorer

    root = Path(__file__).resolve().parents[1]
    scorer = Scorer.load()
    articles = read_articles([str(root / "examples" / "port-closure")]).articles
    read = list(scorer.analyze(articles))
    reader = pair_reader(scorer.stance_model, scorer.agreement_model)

    def corroboration(text):
        return check_claim(
            text,
            read,
            stance_model=reader,
            uncertainty_model=scorer.uncertainty_model,
            extractors=scorer.extractors,
            settings=CheckSettings(details_rule="story"),
        ).corroboration

    claim = "The city's {} said a chemical spill forced the closure of the port of Varna."
    assert corroboration(claim.format("harbour master")) > corroboration(claim.format("navy"))
