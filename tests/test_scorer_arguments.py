"""``Scorer.score``/``check`` refuse wrong arguments with an InputError naming them.

The checks run before any model is used, so a scorer without models is enough here.
"""

import pytest

from credence import Article, InputError
from credence.scoring.scorer import Scorer

_SCORER = Scorer(stance_model=None, uncertainty_model=None)


@pytest.mark.parametrize(
    ("articles", "message"),
    [
        ("a string", "expected a list of Article objects, got str 'a string'"),
        (Article(id="a", text="x"), "got one Article; pass [article]"),
        (["text"], "item 1 is a str 'text', not an Article"),
        (None, "expected a list of Article objects, got NoneType"),
    ],
)
def test_scorer_score_bad_articles_is_an_input_error(articles, message):
    with pytest.raises(InputError, match="^Scorer.score: ") as caught:
        _SCORER.score(articles)
    assert message in str(caught.value)


@pytest.mark.parametrize("claim", ["", "   ", None, 42])
def test_scorer_check_bad_claim_is_an_input_error(claim):
    with pytest.raises(InputError, match="claim must be a non-empty string"):
        _SCORER.check(claim, [Article(id="a", text="x")])


def test_scorer_check_bad_articles_is_an_input_error():
    with pytest.raises(InputError, match="^Scorer.check: .*got str"):
        _SCORER.check("Troops arrived.", "a string")
