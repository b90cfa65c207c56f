"""What the story as a whole leaves unsaid of a checked claim's words
(``CheckSettings.story_terms_power``, issue 14 items 3 and 5). All texts are our own."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import TRAM_STORY_BODIES, corroboration_of

from credence.document import Article
from credence.scoring.check_settings import CheckSettings
from credence.scoring.check_terms import coverage, story_coverage

TRUE_CLAIM = "The regional council approved the tram line to Westport"

# The claim in other words than any one article, each of its words stated by some article.
REWORDED = (
    "Councillors approved the Westport tram line in a narrow vote; construction starts in "
    "spring, and opponents argued about the cost"
)


@pytest.mark.parametrize(
    ("claim", "low", "high"),
    [
        (TRUE_CLAIM, 1.0, 1.0),
        # Every word stated, but no article states them all: the story says it all.
        (REWORDED, 1.0, 1.0),
        # An actor, a place, a thing swapped in that no article mentions.
        ("The regional council approved the tram line to Eastbury", 0.0, 0.85),
        ("The national government approved the tram line to Westport", 0.0, 0.8),
        ("The regional council approved the ferry line to Westport", 0.0, 0.85),
    ],
)
def test_story_coverage_reads_what_no_article_states(claim, low, high):
    assert low <= story_coverage(claim, TRAM_STORY_BODIES) <= high


def test_story_coverage_is_kinder_than_any_one_articles_coverage_to_a_reworded_claim():
    # Each article words the story its own way: graded one by one, the reworded claim
    # loses in every article; the story as a whole states all its words.
    assert coverage(REWORDED, TRAM_STORY_BODIES).max() < 0.8
    assert story_coverage(REWORDED, TRAM_STORY_BODIES) == 1.0


def test_story_coverage_counts_a_word_one_article_states():
    # "harbour" is stated by one article of three, "Eastbury" by none.
    one = story_coverage("The tram line to Westport will run along the harbour", TRAM_STORY_BODIES)
    none = story_coverage("The tram line to Westport will run along Eastbury", TRAM_STORY_BODIES)
    assert one == 1.0
    assert none < 0.85


def test_story_coverage_of_nothing_is_one():
    assert story_coverage("", TRAM_STORY_BODIES) == 1.0
    assert story_coverage(TRUE_CLAIM, []) == 1.0


def test_story_terms_power_must_not_be_negative():
    with pytest.raises(ValueError, match="story_terms_power"):
        CheckSettings(story_terms_power=-0.5)


@pytest.fixture(scope="module")
def tram_check(scorer):
    articles = [
        Article(id=f"t{k}", text=text, outlet=f"outlet-{k}")
        for k, text in enumerate(TRAM_STORY_BODIES)
    ]
    return corroboration_of(scorer, scorer.analyze(articles), default_rule="off")


# The whole articles one voice per origin, each by its source alone (no article term factor).
ORIGINS = {"article_rule": "origins", "article_terms": False}


def test_story_terms_leave_a_reworded_true_claim_its_support(tram_check):
    plain = tram_check(REWORDED, **ORIGINS)
    assert tram_check(REWORDED, **ORIGINS, story_terms_power=0.5) == pytest.approx(plain)


@pytest.mark.parametrize(
    "variant",
    [
        "The regional council approved the tram line to Eastbury",
        "The national government approved the tram line to Westport",
    ],
)
def test_story_terms_lower_a_swapped_actor_or_place(tram_check, variant):
    plain = tram_check(variant, **ORIGINS)
    graded = tram_check(variant, **ORIGINS, story_terms_power=0.5)
    assert graded < plain
    assert tram_check(TRUE_CLAIM, **ORIGINS, story_terms_power=0.5) > graded


def test_tuning_swaps_put_a_word_no_body_states_in_place_of_a_key_word():
    # benchmarks/eval_truth.py --swaps: the false variants of the tuning stories.
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from eval_truth import swapped_variants

    stories = {
        "Council approves tram line to Westport": TRAM_STORY_BODIES,
        "Ferry crews strike over pay in Harwick": [
            "Ferry crews in Harwick walked out over pay on Monday.",
            "The strike by ferry crews left Harwick cut off; the crews want better pay.",
        ],
    }
    variants = swapped_variants(stories)
    assert set(variants) == set(stories)
    for headline, variant in variants.items():
        new = set(variant.split()) - set(headline.split())
        assert len(new) == 1 and len(set(headline.split()) - set(variant.split())) == 1
        # The word swapped in is another headline's, stated by none of this story's bodies.
        (word,) = new
        assert not any(word.lower() in body.lower() for body in stories[headline])
    assert swapped_variants(stories) == variants  # deterministic
