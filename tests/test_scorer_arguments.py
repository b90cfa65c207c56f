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


@pytest.mark.parametrize("method", ["score", "check"])
def test_scorer_articles_sharing_an_id_is_an_input_error(method):
    # Their claims would both be "a:c0": rows, copies and stories would mix the two.
    articles = [Article(id="a", text="Troops arrived."), Article(id="a", text="Rain fell.")]
    call = _SCORER.score if method == "score" else lambda a: _SCORER.check("Troops came.", a)
    with pytest.raises(InputError) as caught:
        call(articles)
    assert str(caught.value) == (
        f"Scorer.{method}: items 1 and 2 have the same id 'a'; give each article its own id"
    )


@pytest.mark.parametrize("option", ["hedge_lexicon", "source_aliases"])
def test_scorer_load_reads_the_user_lexicons_at_once(tmp_path, option):
    from credence import DataError

    missing = tmp_path / "nope.tsv"
    with pytest.raises(DataError, match=f"^{missing}: "):
        Scorer.load(**{option: missing})


@pytest.mark.parametrize("option", ["model_dir", "stance_model", "hedge_lexicon"])
def test_scorer_load_argument_that_is_not_a_path_is_an_input_error(option):
    with pytest.raises(InputError) as caught:
        Scorer.load(**{option: 123})
    assert str(caught.value) == (
        f"Scorer.load: {option} must be a path (str or os.PathLike), got int 123"
    )
