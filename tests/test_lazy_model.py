"""The stance model waits until two claims are compared; its file is still checked at once."""

from __future__ import annotations

import shutil

import pytest

from credence import Article, ModelError, Scorer
from credence.models.lazy import LazyModel, lazy_stance
from credence.models.persistence import MODEL_FILE, default_model_dir


class Recorder:
    def __init__(self) -> None:
        self.loads = 0

    def __call__(self, directory):
        self.loads += 1
        return Model()


class Model:
    classes_ = ("agree", "disagree")

    def predict_proba(self, claims, evidences):
        return [[0.5, 0.5] for _ in claims]


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer.load()


def test_lazy_model_loads_on_first_use_only_once():
    loader = Recorder()
    lazy = LazyModel(loader, default_model_dir("stance"))
    assert hasattr(lazy, "predict_proba") and not lazy.loaded and loader.loads == 0
    assert lazy.predict_proba(["a"], ["b"]) == [[0.5, 0.5]]
    assert lazy.classes_ == ("agree", "disagree")
    assert lazy.loaded and loader.loads == 1


def test_lazy_model_refuses_a_tampered_file_at_once(tmp_path):
    copy = tmp_path / "stance"
    shutil.copytree(default_model_dir("stance"), copy)
    with open(copy / MODEL_FILE, "r+b") as fh:
        fh.seek(100)
        fh.write(b"\x00\x01\x02")
    with pytest.raises(ModelError, match="sha256 does not match"):
        lazy_stance(copy)


def test_lazy_model_refuses_a_missing_file_at_once(tmp_path):
    copy = tmp_path / "stance"
    shutil.copytree(default_model_dir("stance"), copy)
    (copy / MODEL_FILE).unlink()
    with pytest.raises(ModelError, match="is missing"):
        lazy_stance(copy)


def test_scorer_scores_one_sentence_without_the_stance_model(scorer):
    article = Article(id="a", text="The ministry said at least 40 people were killed on Monday.")
    one = Scorer(
        lazy_stance(default_model_dir("stance")),
        scorer.uncertainty_model,
        scorer.claim_model,
    )
    report = one.score([article])
    assert len(report.claims) == 1
    assert not one.stance_model.loaded
    assert isinstance(scorer.stance_model, LazyModel)


def test_scorer_loads_the_stance_model_when_claims_are_compared(scorer):
    stance = lazy_stance(default_model_dir("stance"))
    text = "Floods killed 12 people on Monday, officials said."
    articles = [Article(id="a", text=text), Article(id="b", text=text.replace("12", "14"))]
    Scorer(stance, scorer.uncertainty_model, scorer.claim_model).score(articles)
    assert stance.loaded
