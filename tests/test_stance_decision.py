"""The decision rule of ``StanceModel.predict``: largest weighted expected FNC score."""

import itertools

import numpy as np
import pytest

from credence.models.metrics import fnc_score
from credence.models.stance import StanceModel
from credence.models.stance_calibration import decide, expected_fnc_scores
from credence.models.stance_data import STANCE_LABELS


def brute_force_expected_score(proba_row, predicted):
    """Expected FNC score of one prediction, summing the scorer over the gold labels."""
    total = 0.0
    for gold, p in zip(STANCE_LABELS, proba_row, strict=True):
        score, _ = fnc_score([gold], [predicted])
        total += p * score
    return total


@pytest.mark.parametrize(
    "proba",
    [
        [0.3, 0.0, 0.3, 0.4],
        [0.1, 0.2, 0.3, 0.4],
        [0.0, 0.0, 0.0, 1.0],
        [0.7, 0.1, 0.15, 0.05],
    ],
)
def test_stance_expected_fnc_scores_match_the_scorer(proba):
    expected = expected_fnc_scores(np.array([proba]))[0]
    brute = [brute_force_expected_score(proba, label) for label in STANCE_LABELS]
    assert expected == pytest.approx(brute)


def test_stance_decide_prefers_related_when_the_stance_is_split():
    # Unrelated has the largest probability, but "related" is 0.6: a related label earns
    # more in expectation (0.25 * 0.6 + 0.75 * 0.3 = 0.375 against 0.25 * 0.4 = 0.1).
    proba = np.array([[0.3, 0.0, 0.3, 0.4]])
    assert STANCE_LABELS[int(decide(proba, np.ones(4))[0])] in {"agree", "discuss"}
    assert STANCE_LABELS[int(proba.argmax())] == "unrelated"


def test_stance_decide_weights_can_promote_a_rare_class():
    proba = np.array([[0.30, 0.25, 0.35, 0.10]])
    assert STANCE_LABELS[int(decide(proba, np.ones(4))[0])] == "discuss"
    assert STANCE_LABELS[int(decide(proba, np.array([1.0, 1.6, 1.0, 1.0]))[0])] == "disagree"


def test_stance_decide_is_monotone_in_each_class_probability():
    rng = np.random.default_rng(0)
    proba = rng.dirichlet(np.ones(4), size=200)
    for k, row in itertools.product(range(4), range(len(proba))):
        chosen = int(decide(proba[row : row + 1], np.ones(4))[0])
        if chosen != k:
            continue
        boosted = proba[row].copy()
        boosted[k] += 0.1
        boosted /= boosted.sum()
        assert int(decide(boosted[None, :], np.ones(4))[0]) == k


@pytest.fixture(scope="module")
def synthetic_model():
    claims, evidences, labels, groups = [], [], [], []
    stance_sentences = {
        "agree": "Officials confirmed that it happened.",
        "disagree": "Officials denied it and called the report false.",
        "discuss": "Reports claim it may have happened, unverified.",
    }
    for topic in range(12):
        claim = f"Event number {topic} happened in town {topic}"
        for stance, sentence in stance_sentences.items():
            claims.append(claim)
            evidences.append(f"Event number {topic} in town {topic}. {sentence}")
            labels.append(stance)
            groups.append(f"{topic}-{stance}")
        claims.append(claim)
        evidences.append(f"Weather report {topic}: sunny skies and mild winds all week.")
        labels.append("unrelated")
        groups.append(f"{topic}-unrelated")
    return StanceModel(max_iter=20, extractors=()).fit(claims, evidences, labels, groups=groups)


def test_stance_model_predict_uses_the_expected_score_rule(synthetic_model):
    claims = ["The mayor resigned on Monday.", "Scientists found water on the moon."]
    evidences = ["The mayor did not resign, officials said.", "A cat video went viral."]
    proba = synthetic_model.predict_proba(claims, evidences)
    predicted = synthetic_model.predict(claims, evidences)
    chosen = decide(proba, synthetic_model.decision_weights_)
    assert list(predicted) == [STANCE_LABELS[k] for k in chosen]
    assert synthetic_model.decision_rule_ == "expected_fnc"


def test_stance_model_without_rule_keeps_probability_weights(synthetic_model):
    # A model pickled before the expected-score rule was tuned for weighted probabilities.
    old = StanceModel()
    old.__dict__.update(synthetic_model.__dict__)
    del old.decision_rule_
    old.decision_weights_ = np.array([1.0, 1.0, 1.0, 1.0])
    proba = np.array([[0.3, 0.0, 0.3, 0.4]])
    assert STANCE_LABELS[int(old.decide(proba)[0])] == "unrelated"
