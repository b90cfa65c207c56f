"""The lean reader (credence.models.lean): its inputs, its model, and check reading with it."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import TRAM_STORY_BODIES

from credence.document import Article
from credence.errors import ModelError
from credence.models.lean import LEAN_LABELS, LeanArticleReader, LeanReader
from credence.models.lean_features import LEAN_INPUT_NAMES, best_sentences, cue_inputs
from credence.models.lean_training import CrossFitted, story_spearman
from credence.scoring import check as check_module
from credence.scoring.check_settings import CheckSettings

_CUES = [name for name in LEAN_INPUT_NAMES if name.startswith(("refuting", "discussing"))]


def _cue(claim: str, top: list[str], body: list[str], name: str) -> float:
    from credence.models.lean_features import _CUE_NAMES

    return cue_inputs(claim, top, body)[_CUE_NAMES.index(name)]


@pytest.mark.parametrize(
    ("claim", "top", "name", "expected"),
    [
        ("The singer died", ["The report of his death is a hoax."], "refuting_top", True),
        ("The singer died", ["The singer died on Sunday, his agent said."], "refuting_top", False),
        ("The plant will open", ["The plant reportedly may open."], "discussing_top", True),
        ("The plant will open", ["The plant opened on Monday."], "discussing_top", False),
        ("The mayor resigned", ["The mayor did not resign."], "negation_contrast", True),
        ("The mayor did not resign", ["The mayor did not resign."], "negation_contrast", False),
        ("Is the mayor leaving?", ["The mayor stays."], "claim_question", True),
        ("Police arrested 12 people", ["Police arrested 40 people."], "numbers_other_only", True),
        ("Police arrested 12 people", ["Police arrested 12 people."], "numbers_other_only", False),
    ],
)
def test_lean_cue_inputs_read_the_best_sentences(claim, top, name, expected):
    assert (_cue(claim, top, top, name) > 0) is expected


def test_lean_numbers_stated_counts_the_claims_numbers_the_body_states():
    body = ["About 2,000 troops arrived.", "Another 500 followed."]
    assert _cue("2,000 troops and 300 tanks arrived", body[:1], body, "numbers_stated") == 0.5


def test_lean_best_sentences_rank_by_similarity_to_the_claim():
    sentences = ["It rained all day.", "The council approved the tram line.", "Tram fares rise."]
    assert best_sentences("Council approves tram line", sentences, k=2)[0] == 1


def _table(n: int = 90) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    y = np.arange(n) % 3
    X = rng.normal(size=(n, len(LEAN_INPUT_NAMES)))
    X[:, LEAN_INPUT_NAMES.index("agree_max")] += np.where(y == 0, 2.0, 0.0)
    X[:, LEAN_INPUT_NAMES.index("refuting_top")] += np.where(y == 1, 2.0, 0.0)
    return X, y


@pytest.mark.parametrize("estimator", ["logistic", "boosting"])
def test_lean_reader_learns_which_inputs_tell_the_classes(estimator):
    X, y = _table(300)
    reader = LeanReader(estimator=estimator).fit(X, y)
    proba = reader.predict_proba(X)
    assert proba.shape == (300, len(LEAN_LABELS))
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    assert (proba.argmax(axis=1) == y).mean() > 0.6
    lean = reader.lean(X)
    assert lean[y == 0].mean() > 0.2 > -0.2 > lean[y == 1].mean()


def test_lean_reader_refuses_inputs_of_another_width():
    with pytest.raises(ValueError, match=f"X must have {len(LEAN_INPUT_NAMES)} columns"):
        LeanReader().fit(np.zeros((6, 3)), np.arange(6) % 3)


def test_lean_reader_refuses_an_unknown_estimator():
    X, y = _table()
    with pytest.raises(ValueError, match="'estimator' parameter of LeanReader must be one of"):
        LeanReader(estimator="forest").fit(X, y)


def test_lean_reader_round_trips_and_refuses_other_inputs(tmp_path):
    import json

    X, y = _table()
    reader = LeanReader().fit(X, y)
    reader.save(tmp_path / "lean")
    np.testing.assert_allclose(
        LeanReader.load(tmp_path / "lean").predict_proba(X), reader.predict_proba(X)
    )
    meta_path = tmp_path / "lean" / "meta.json"
    meta = json.loads(meta_path.read_text())
    meta["inputs"] = meta["inputs"][:-1]
    meta_path.write_text(json.dumps(meta))
    with pytest.raises(ModelError, match="fitted on other inputs"):
        LeanReader.load(tmp_path / "lean")


def test_lean_story_spearman_ranks_stories_by_their_mean_lean():
    # Three stories of two bodies: all agree, mixed, all disagree; a story of one body is
    # left out.
    y = np.array([0, 0, 0, 1, 1, 1, 0])
    story = np.array([0, 0, 1, 1, 2, 2, 3])
    assert story_spearman(np.array([0.9, 0.8, 0.1, 0.0, -0.5, -0.7, -1.0]), y, story) == 1.0
    assert story_spearman(np.array([-0.9, -0.8, 0.1, 0.0, 0.5, 0.7, 1.0]), y, story) == -1.0


def test_lean_cross_fitted_readings_round_trip(tmp_path):
    X, y = _table(6)
    table = CrossFitted(X, y, np.array(list("aabbcc")), np.arange(6), np.zeros(6, dtype=int))
    table.save(tmp_path / "r.npz")
    again = CrossFitted.load(tmp_path / "r.npz")
    np.testing.assert_array_equal(again.topic, table.topic)
    np.testing.assert_allclose(again.X, table.X)


class _Related:
    """A stance model that reads every pair as related (P(unrelated) 0.1) and discussed."""

    def read_pairs(self, claims, bodies):
        n = len(claims)
        return np.tile([0.2, 0.1, 0.6, 0.1], (n, 1)), np.tile([0.25, 0.1, 0.65], (n, 1))


class _Pairs:
    def predict_proba(self, first, second):
        return np.tile([0.25, 0.25, 0.25, 0.25], (len(first), 1))


class _Constant(LeanReader):
    """A reader whose lean is fixed (the check test below asks only that check reads it)."""

    def __init__(self, lean: str = "agree") -> None:
        super().__init__()
        self.lean_label = lean

    def predict_proba(self, X):
        out = np.full((len(X), 3), 0.05)
        out[:, LEAN_LABELS.index(self.lean_label)] = 0.9
        return out


def test_lean_article_reader_keeps_the_stance_models_p_unrelated():
    reader = LeanArticleReader(_Constant("disagree"), _Related(), _Pairs())
    proba = reader.predict_proba(["The mayor resigned."], ["The mayor resigned. He left."])
    np.testing.assert_allclose(proba, [[0.045, 0.81, 0.045, 0.1]])


BODIES = TRAM_STORY_BODIES


def test_lean_check_reads_articles_with_the_lean_reader(scorer):
    from credence.scoring.evidence import pair_reader

    analyses = scorer.analyze(
        [Article(id=f"t{k}", text=t, outlet=f"paper-{k}") for k, t in enumerate(BODIES)]
    )

    def corroboration(lean: str) -> float:
        return check_module.check_claim(
            "The regional council approved a tram line to Westport",
            analyses,
            stance_model=pair_reader(scorer.stance_model, scorer.agreement_model),
            uncertainty_model=scorer.uncertainty_model,
            extractors=scorer.extractors,
            article_model=_Related(),
            lean_model=_Constant(lean),
            settings=CheckSettings(article_reader="lean"),
        ).corroboration

    assert corroboration("agree") > corroboration("discuss") + 0.2
    assert corroboration("disagree") < corroboration("discuss") - 0.1


def test_lean_is_an_article_reader_setting():
    assert CheckSettings(article_reader="lean").article_reader == "lean"
    with pytest.raises(ValueError, match="'article_reader' setting must be one of lean"):
        CheckSettings(article_reader="leaning")


class _Counting(_Related):
    def __init__(self) -> None:
        self.pairs_read = 0

    def read_pairs(self, claims, bodies):
        self.pairs_read += len(claims)
        return super().read_pairs(claims, bodies)


def test_lean_article_reader_reads_each_pair_once():
    stance = _Counting()
    reader = LeanArticleReader(_Constant("agree"), stance, _Pairs())
    claims, bodies = ["The mayor resigned."] * 2, ["He resigned. He left.", "He stays. He is here."]
    first = reader.predict_proba(claims, bodies)
    again = reader.predict_proba(claims[:1], bodies[:1])
    assert stance.pairs_read == 2
    np.testing.assert_allclose(again, first[:1])


def test_lean_stance_read_pairs_give_both_readings_of_one_pass(scorer):
    claims = ["The council approved the tram line", "The singer died on Sunday"]
    bodies = [BODIES[0], "Reports that the singer died are a hoax, his agent said. He is well."]
    proba, related = scorer.stance_model.read_pairs(claims, bodies)
    np.testing.assert_allclose(proba, scorer.stance_model.predict_proba(claims, bodies))
    with_reader = scorer.stance_model.predict_proba_related(claims, bodies)
    np.testing.assert_allclose(with_reader[:, :3], related * (1.0 - proba[:, 3:]), atol=1e-9)
