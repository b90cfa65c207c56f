"""Contrast features: cues read where the claim is restated, not anywhere in the body."""

from __future__ import annotations

import numpy as np
import pytest

from credence.models.stance_contrast import contrast_feature_names, contrast_features
from credence.models.stance_text import CUE_NAMES, cue_counts, tokens

# Written for these tests: a body whose denial sits in the sentence that restates the claim,
# and one whose denial is about something else, far from it.
CLAIM = "Mayor bought a golden yacht with city funds"
DENIED_HERE = [
    "The story that the mayor bought a golden yacht with city funds is a hoax.",
    "The harbour was busy on Sunday.",
    "Tourists visited the old lighthouse.",
]
DENIED_ELSEWHERE = [
    "The mayor bought a golden yacht with city funds, the council confirmed.",
    "The harbour was busy on Sunday.",
    "A rumour about the lighthouse closing was denied as false.",
]


def _similarities(sentences: list[str], claim: str) -> np.ndarray:
    claim_words = set(tokens(claim))
    return np.asarray([[len(claim_words & set(tokens(s))) / len(claim_words)] for s in sentences])


def _features(sentences: list[str], claim: str = CLAIM) -> dict[str, float]:
    sims = _similarities(sentences, claim)
    sent_cues = np.vstack([cue_counts(tokens(s)) for s in sentences])
    row = contrast_features(sims, sent_cues, cue_counts(tokens(claim))[None, :])[0]
    return dict(zip(contrast_feature_names(CUE_NAMES), row.tolist(), strict=True))


def test_stance_contrast_names_match_columns():
    sims = np.random.default_rng(0).random((5, 3))
    cues = np.zeros((5, len(CUE_NAMES)))
    out = contrast_features(sims, cues, np.zeros((3, len(CUE_NAMES))))
    assert out.shape == (3, len(contrast_feature_names(CUE_NAMES)))


def test_stance_contrast_denial_at_the_restated_claim():
    here = _features(DENIED_HERE)
    elsewhere = _features(DENIED_ELSEWHERE)
    # The refuting sentence is the best match in one body, a weak match in the other.
    assert here["contrast_refute_best_cued_relative"] == pytest.approx(1.0)
    assert elsewhere["contrast_refute_best_cued_relative"] < 0.5
    assert here["contrast_refute_simweighted"] > elsewhere["contrast_refute_simweighted"]
    assert here["contrast_refute_first_cued_position"] == 0.0
    assert elsewhere["contrast_refute_first_cued_position"] == 1.0
    # The body that confirms at the restated claim carries the confirmation there.
    assert elsewhere["contrast_confirm_best_cued_relative"] == pytest.approx(1.0)
    assert here["contrast_confirm_best_cued_sim"] == 0.0


def test_stance_contrast_hedged_claim_meets_refutation():
    hedged = "Reports claim the mayor bought a golden yacht with city funds"
    assert _features(DENIED_HERE, hedged)["contrast_claim_hedged_evidence_refutes"] == 1.0
    assert _features(DENIED_HERE)["contrast_claim_hedged_evidence_refutes"] == 0.0


def test_stance_contrast_refuting_claim_meets_silence():
    refuting = "Golden yacht bought by the mayor with city funds is a hoax"
    silent = ["The mayor bought a golden yacht with city funds.", "It is moored downtown."]
    assert _features(silent, refuting)["contrast_claim_refutes_evidence_silent"] == 1.0
    assert _features(DENIED_HERE, refuting)["contrast_claim_refutes_evidence_silent"] == 0.0


def test_stance_contrast_negation_parity_against_best_sentences():
    claim = "The mayor did not buy a golden yacht"
    flat = ["The mayor bought a golden yacht.", "The yacht is golden."]
    negated = ["The mayor did not buy a golden yacht.", "No yacht was golden, not ever."]
    assert _features(flat, claim)["contrast_negation_parity_top3"] == 1.0
    assert _features(negated, claim)["contrast_negation_parity_top3"] < 1.0


def test_stance_contrast_empty_cues_are_neutral():
    out = contrast_features(np.zeros((2, 1)), np.zeros((2, len(CUE_NAMES))), np.zeros((1, 4)))
    assert np.isfinite(out).all()
