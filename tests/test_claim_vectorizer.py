"""ClaimVectorizer is scikit-learn's TfidfVectorizer as claim matching configures it."""

from __future__ import annotations

import csv
import re

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from credence.features.lexicon import words
from credence.scoring.matching import REPORTING_WORDS, claim_vectors

_TOKENS = r"(?u)\b[^\W\d_][\w'-]*[^\W_]\b"

OWN_TEXTS = [
    "Fire crews said the fire spread to 12 homes.",
    "FIRE fire Fire: the blaze spread, officials said.",
    "Ministers met in Paris on Monday; the talks failed.",
    "It's the so-called 'peace plan' they rejected.",
    "The the and of",
    "Straße ÉTÉ naïve café in İstanbul",
    "12 34 56",
    "Troops crossed the border; the army denied it.",
]


def _reference(texts):
    vectorizer = TfidfVectorizer(
        lowercase=True,
        stop_words=sorted(ENGLISH_STOP_WORDS | REPORTING_WORDS),
        token_pattern=_TOKENS,
        sublinear_tf=True,
        dtype=np.float32,
    )
    return sp.csr_matrix(vectorizer.fit_transform(texts), dtype=np.float32), vectorizer


def _assert_same(texts):
    expected, reference = _reference(texts)
    got, vectorizer = claim_vectors(texts)
    assert got.shape == expected.shape
    assert got.dtype == expected.dtype and got.indices.dtype == expected.indices.dtype
    # The same entries in the same order inside each row, not only the same matrix.
    assert np.array_equal(got.indptr, expected.indptr)
    assert np.array_equal(got.indices, expected.indices)
    assert np.array_equal(got.data, expected.data)
    assert list(vectorizer.get_feature_names_out()) == list(reference.get_feature_names_out())
    for text in texts[:50]:
        assert vectorizer.build_analyzer()(text) == reference.build_analyzer()(text)
    some = texts[: max(1, len(texts) // 3)]
    again, again_expected = vectorizer.transform(some), reference.transform(some)
    assert np.array_equal(again.indices, again_expected.indices)
    assert np.array_equal(again.data, again_expected.data)


def test_claim_vectorizer_stop_words_are_scikit_learns():
    assert words("english_stop_words") == ENGLISH_STOP_WORDS


@pytest.mark.parametrize("count", [1, 2, 3, len(OWN_TEXTS)])
def test_claim_vectorizer_equals_tfidf_vectorizer_on_own_texts(count):
    _assert_same(OWN_TEXTS[:count])


def test_claim_vectorizer_equals_tfidf_vectorizer_on_news(shared_data):
    csv.field_size_limit(1 << 30)
    texts: list[str] = []
    with open(shared_data / "fnc1" / "train_bodies.csv", newline="", encoding="utf-8") as fh:
        for number, row in enumerate(csv.DictReader(fh)):
            texts.extend(s for s in re.split(r"(?<=[.!?])\s+", row["articleBody"]) if s.strip())
            if number >= 200:
                break
    assert len(texts) > 2000
    _assert_same(texts)


def test_claim_vectorizer_empty_vocabulary_is_refused_as_before():
    with pytest.raises(ValueError, match="empty vocabulary"):
        claim_vectors(["the and of", "12"])
    with pytest.raises(ValueError, match="empty vocabulary"):
        _reference(["the and of", "12"])


@pytest.mark.parametrize("count", [1, 2, len(OWN_TEXTS)])
def test_claim_vectorizer_dense_rows_equal_the_sparse_ones(count):
    # The dense path (fewer than two claims in `credence score`) must give the same values.
    texts = OWN_TEXTS[:count]
    sparse, fitted = claim_vectors(texts)
    dense, dense_fitted = claim_vectors(texts, dense=True)
    assert isinstance(dense, np.ndarray) and dense.dtype == np.float32
    assert np.array_equal(dense, sparse.toarray())
    assert dense_fitted.vocabulary_ == fitted.vocabulary_


def test_claim_vectorizer_dense_refuses_an_empty_vocabulary_too():
    with pytest.raises(ValueError, match="empty vocabulary"):
        claim_vectors(["the and of"], dense=True)
