import datetime as dt

import numpy as np
import pytest

from credence.scoring.matching import (
    STANCE_CLASSES,
    blocking_stats,
    candidate_arrays,
    candidate_pairs,
    claim_vectors,
    related_probability,
    stance_probabilities,
)

TEXTS = [
    "Pyongyang dispatched 1,000 soldiers to Kursk, the spy agency said.",
    "The spy agency said Pyongyang dispatched soldiers to Kursk.",
    "The central bank raised interest rates by half a point.",
    "Interest rates were raised by the central bank on Tuesday.",
    "A volcano erupted near the coastal village overnight.",
]


def _pairs(**kwargs):
    X, _ = claim_vectors(TEXTS)
    return {(p.first, p.second) for p in candidate_pairs(X, **kwargs)}


def test_matching_blocking_links_similar_claims_only():
    assert _pairs(top_k=3, min_similarity=0.1) == {(0, 1), (2, 3)}


@pytest.mark.parametrize(
    ("kwargs", "excluded"),
    [
        ({"block": ["a", "a", "b", "c", "d"]}, (0, 1)),
        ({"dates": [dt.date(2020, 1, 1), dt.date(2024, 1, 1), None, None, None]}, (0, 1)),
        ({"max_postings": 1}, (2, 3)),
    ],
)
def test_matching_blocking_filters(kwargs, excluded):
    assert excluded not in _pairs(top_k=3, min_similarity=0.1, **kwargs)


def test_matching_top_k_bounds_candidates_per_claim():
    texts = ["troops sent to Kursk region " + w for w in "alpha beta gamma delta epsilon".split()]
    X, _ = claim_vectors(texts)
    pairs = candidate_pairs(X, top_k=1, min_similarity=0.0, max_postings=100)
    # Each claim keeps one candidate: at most n pairs in all, and every claim is in one.
    assert 0 < len(pairs) <= len(texts)
    assert {p.first for p in pairs} | {p.second for p in pairs} == set(range(len(texts)))


def test_matching_rejects_bad_top_k():
    X, _ = claim_vectors(TEXTS)
    with pytest.raises(ValueError, match="top_k"):
        candidate_pairs(X, top_k=0)


class _Reversed:
    classes_ = ["unrelated", "discuss", "disagree", "agree"]

    def predict_proba(self, claims, evidences):
        # Direction-dependent on purpose: agree when the claim is the shorter text.
        return np.array(
            [
                [0.1, 0.1, 0.1, 0.7] if len(c) < len(e) else [0.7, 0.1, 0.1, 0.1]
                for c, e in zip(claims, evidences, strict=True)
            ]
        )


def test_matching_stance_reorders_classes_and_averages_directions():
    proba = stance_probabilities(_Reversed(), ["short", "a longer text"], [(0, 1)])
    assert proba.shape == (1, len(STANCE_CLASSES))
    assert proba[0, 0] == pytest.approx(0.4) and proba[0, 3] == pytest.approx(0.4)
    assert related_probability(proba)[0] == pytest.approx(0.6)


def test_matching_stance_requires_known_classes():
    class Bad:
        classes_ = ["yes", "no"]

        def predict_proba(self, a, b):
            return np.ones((len(a), 2)) / 2

    with pytest.raises(ValueError, match="classes_"):
        stance_probabilities(Bad(), ["a", "b"], [(0, 1)])


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # Only the attribution frame in common.
        ("The agency said the batch was stored badly.", "Troops moved north, the agency said."),
        # Only a thousands group in common ("2,000" and "40,000" share "000").
        ("At least 2,000 soldiers arrived.", "Pharmacies removed 40,000 doses."),
    ],
)
def test_matching_frame_words_and_numbers_make_no_candidates(first, second):
    from credence.scoring.matching import candidate_pairs, claim_vectors

    X, _ = claim_vectors([first, second])
    assert candidate_pairs(X, top_k=1, min_similarity=0.0) == []


def test_matching_shared_content_words_make_a_candidate():
    from credence.scoring.matching import candidate_pairs, claim_vectors

    X, _ = claim_vectors(["The port of Varna was closed.", "Varna port closed after a spill."])
    assert [(p.first, p.second) for p in candidate_pairs(X, top_k=1)] == [(0, 1)]


@pytest.mark.parametrize("kwargs", [{}, {"top_k": 1}, {"top_k": 3, "min_similarity": 0.1}])
def test_matching_candidate_arrays_match_candidate_pairs(kwargs):
    X, _ = claim_vectors(TEXTS * 3)
    first, second, similarity = candidate_arrays(X, **kwargs)
    pairs = candidate_pairs(X, **kwargs)
    assert [(p.first, p.second, p.similarity) for p in pairs] == list(
        zip(first.tolist(), second.tolist(), similarity.tolist(), strict=True)
    )
    assert pairs and all(p.first < p.second for p in pairs)


class _CountingPrepared(_Reversed):
    """A model with the prepared-text path: each text is prepared once per call."""

    def __init__(self):
        self.prepared_calls = []

    def prepare_texts(self, texts):
        self.prepared_calls.append(list(texts))
        return list(texts)

    def predict_proba_prepared(self, prepared, claim_rows, evidence_rows):
        return self.predict_proba(
            [prepared[i] for i in claim_rows], [prepared[i] for i in evidence_rows]
        )


def test_matching_stance_prepares_used_texts_once():
    texts = ["short", "unused text", "a longer text", "mid text"]
    model = _CountingPrepared()
    proba = stance_probabilities(model, texts, [(0, 2), (2, 3)], batch_size=1)
    expected = stance_probabilities(_Reversed(), texts, [(0, 2), (2, 3)], batch_size=1)
    assert np.array_equal(proba, expected)
    assert model.prepared_calls == [["short", "a longer text", "mid text"]]


def test_matching_blocking_stats_of_dense_rows_equal_the_sparse_ones():
    texts = ["Troops crossed the border.", "Border troops fired.", "Rates rose."]
    sparse, vectorizer = claim_vectors(texts)
    dense, _ = claim_vectors(texts, dense=True)
    names = list(vectorizer.get_feature_names_out())
    assert blocking_stats(dense, 1, names) == blocking_stats(sparse, 1, names)
    assert blocking_stats(dense, 1, names).capped_terms  # "border" and "troops" are capped
