"""``check`` with ``details_rule="contested"`` (issue 14 item 5): articles that fill one of the
claim's slots with another value cut its support; words they only leave out cost nothing.

The articles are the river-spill story written for the variant rows
(``tests/fixtures/variants_stories/river-spill``, our own sentences).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import corroboration_of

from credence.ingest import read_articles

STORY = Path(__file__).parent / "fixtures" / "variants_stories" / "river-spill"
TRUE = "About 4,000 litres of diesel leaked into the Lenne river on Monday."


@pytest.fixture(scope="module")
def checked(scorer):
    analyses = scorer.analyze(read_articles([str(STORY)]).articles)
    return corroboration_of(scorer, analyses, default_rule="contested")


@pytest.mark.parametrize(
    "variant",
    [
        TRUE.replace("diesel", "sulphuric acid"),  # a common noun
        TRUE.replace("Monday", "Friday"),  # a day
        TRUE.replace("4,000", "40,000"),  # a number
        "Water samples downstream of the Calvex plant showed diesel levels below the legal limit.",
    ],
)
def test_contested_check_a_contested_variant_scores_below_the_truth(checked, variant):
    assert checked(variant) < checked(TRUE)


def test_contested_check_an_absent_word_costs_nothing(checked):
    # "night": no article says when on Monday; none says otherwise either.
    claim = "About 4,000 litres of diesel leaked into the Lenne river on Monday night."
    assert checked(claim) == pytest.approx(checked(claim, "off"))
