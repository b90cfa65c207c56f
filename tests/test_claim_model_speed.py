"""Check-worthiness featurisation by word, and clauses scored across articles in one go."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from credence.document import Article
from credence.models.checkworthiness import CharNgramCounter, CheckworthinessModel
from credence.models.persistence import default_model_dir
from credence.scoring.engine import analyze, analyze_all

SENTENCES = [
    "Unemployment fell to 4 percent in 2015, the ministry said.",
    "Thank you very much, and good night.",
    "Officials reportedly sent at least 1,000 more troops on Monday.",
    "The  dam   burst;\trescuers found 12 survivors\nby dawn.",
    "ΣΟΦΟΣ Über naïve café, résumé — déjà vu.",
    "",
    "   ",
    "a",
]
UNSEEN = ["Taxes rose by 12 percent in 2014.", "Zyxw qqq", "ÉTÉ", "word word word word"]


@pytest.fixture(scope="module")
def char_vectorizer() -> TfidfVectorizer:
    vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)
    return vec.fit(SENTENCES * 2)


@pytest.mark.parametrize("texts", [SENTENCES, UNSEEN, SENTENCES + UNSEEN + SENTENCES, [""]])
def test_char_counter_gives_the_vectorizer_matrix_entry_for_entry(char_vectorizer, texts):
    expected = char_vectorizer.transform(texts)
    counter = CharNgramCounter(char_vectorizer)
    for _ in range(2):  # the second call answers from the word cache
        got = counter.transform(texts)
        assert got.shape == expected.shape
        np.testing.assert_array_equal(got.indptr, expected.indptr)
        np.testing.assert_array_equal(got.indices, expected.indices)
        np.testing.assert_array_equal(got.data, expected.data)  # bit for bit, not approx


def test_char_counter_pickles_without_its_cache(char_vectorizer):
    counter = CharNgramCounter(char_vectorizer)
    counter.transform(SENTENCES)
    copy = pickle.loads(pickle.dumps(counter))
    assert "_word_counts" not in vars(copy)
    np.testing.assert_array_equal(
        copy.transform(UNSEEN).toarray(), char_vectorizer.transform(UNSEEN).toarray()
    )


def test_char_counter_fits_as_the_vectorizer_does():
    alone = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 3))
    expected = alone.fit_transform(SENTENCES)
    wrapped = CharNgramCounter(TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 3)))
    matrix = wrapped.fit_transform(SENTENCES)
    assert wrapped.vectorizer.vocabulary_ == alone.vocabulary_
    np.testing.assert_array_equal(matrix.toarray(), expected.toarray())
    assert wrapped.fit(SENTENCES) is wrapped


def test_bundled_claims_model_counts_no_char_ngrams():
    # Character n-grams were most of its cost per sentence and added nothing on CLEF-2019
    # (benchmarks/eval_claims.py --compare-features): the bundled model does without.
    model = CheckworthinessModel.load(default_model_dir("claims"))
    assert model.char_ngrams is False
    (calibrated,) = model.estimator_.calibrated_classifiers_
    steps = dict(calibrated.estimator.named_steps["features"].transformer_list)
    assert set(steps) == {"word", "cues"}


def test_claims_model_with_char_ngrams_counts_them_by_word():
    texts = ["Taxes rose 4 percent in 2019.", "Thank you all.", "Jobs fell by 2 percent."] * 6
    model = CheckworthinessModel(char_ngrams=True, calibration_folds=2).fit(texts, [1, 0, 1] * 6)
    for calibrated in model.estimator_.calibrated_classifiers_:
        steps = dict(calibrated.estimator.named_steps["features"].transformer_list)
        assert isinstance(steps["char"], CharNgramCounter)


class CountingModel:
    """A check-worthiness stand-in: P = share of digits, and a count of calls."""

    threshold_ = 0.05

    def __init__(self) -> None:
        self.calls: list[int] = []

    def predict_proba(self, texts):
        self.calls.append(len(texts))
        return np.asarray([sum(c.isdigit() for c in t) / max(len(t), 1) for t in texts])


ARTICLES = [
    Article(id="a", text="Floods killed 12 people on Monday. Rescuers are still searching."),
    Article(id="b", text="Floods killed 12 people on Monday. The mayor visited on Tuesday."),
    Article(id="c", text="Nothing here."),
]


def test_analyze_all_scores_the_clauses_of_all_articles_in_one_call():
    model = CountingModel()
    together = analyze_all(ARTICLES, claim_model=model)
    assert len(model.calls) == 1
    # Five clauses, the one the first two articles share scored once.
    assert model.calls == [4]
    one_by_one = [analyze(a, claim_model=CountingModel()) for a in ARTICLES]
    assert together == one_by_one
    assert any(c.checkworthiness for a in together for c in a.claims)


def test_analyze_all_ticks_progress_once_per_article():
    ticks = []
    analyze_all(ARTICLES, claim_model=CountingModel(), progress=lambda: ticks.append(1))
    assert len(ticks) == len(ARTICLES)


def test_scored_clauses_stand_in_copies_and_reads_the_model_threshold():
    import copy

    from credence.scoring.engine import _ScoredClauses

    stand_in = _ScoredClauses(CountingModel(), {"a": 0.5})
    assert copy.copy(stand_in).threshold_ == CountingModel.threshold_
    assert stand_in.predict_proba(["a", "a"]) == [0.5, 0.5]
