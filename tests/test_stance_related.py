"""The related-pairs reader of the stance model (models/stance_related.py)."""

import numpy as np
import pytest
from test_stance import synthetic_pairs

from credence.models.stance import StanceModel
from credence.models.stance_data import STANCE_LABELS
from credence.models.stance_related import RELATED_LABELS, RelatedStanceReader, related_inputs


@pytest.fixture(scope="module")
def fitted():
    rows = synthetic_pairs()
    claims, evidences, labels, groups = map(list, zip(*rows, strict=True))
    model = StanceModel(max_iter=30, extractors=())
    return model.fit(claims, evidences, labels, groups=groups), rows


def test_stance_related_inputs_are_features_and_conditional_log_probabilities():
    features = np.array([[1.0, 2.0]])
    proba = np.array([[0.2, 0.1, 0.1, 0.6]])
    inputs = related_inputs(features, proba)
    assert inputs.shape == (1, 5)
    np.testing.assert_allclose(np.exp(inputs[0, 2:]), [0.5, 0.25, 0.25])


def test_stance_related_reader_learns_from_the_stance_probabilities():
    # The lean is in the stance probabilities only: the features are noise.
    rng = np.random.default_rng(0)
    y = np.arange(300) % 3
    proba = np.full((300, 4), 0.05)
    proba[np.arange(300), y] = 0.85
    features = rng.normal(size=(300, 3))
    reader = RelatedStanceReader(max_iter=20).fit(features, proba, y)
    assert (reader.predict_proba(features, proba).argmax(axis=1) == y).mean() > 0.95


def test_stance_related_reader_rejects_a_missing_class():
    with pytest.raises(ValueError, match="every class index"):
        RelatedStanceReader().fit(np.zeros((4, 2)), np.full((4, 4), 0.25), np.array([0, 0, 2, 2]))


def test_stance_model_fits_its_related_reader_on_held_out_readings(fitted):
    model, _ = fitted
    assert isinstance(model.related_reader_, RelatedStanceReader)
    assert list(RELATED_LABELS) == list(STANCE_LABELS[:3])


def test_stance_predict_proba_related_keeps_relatedness_and_sums_to_one(fitted):
    model, rows = fitted
    claims, evidences = [r[0] for r in rows[:12]], [r[1] for r in rows[:12]]
    plain = model.predict_proba(claims, evidences)
    read = model.predict_proba_related(claims, evidences)
    np.testing.assert_allclose(read.sum(axis=1), 1.0)
    np.testing.assert_allclose(read[:, 3], plain[:, 3])
    # The reader reads the synthetic stance sentences (related rows: even indices).
    gold = [STANCE_LABELS.index(r[2]) for r in rows[:12]]
    related = [k for k in range(12) if gold[k] != 3]
    assert np.mean([read[k, :3].argmax() == gold[k] for k in related]) >= 0.75


def test_stance_predict_proba_related_without_a_reader_is_predict_proba(fitted):
    model, rows = fitted
    claims, evidences = [r[0] for r in rows[:4]], [r[1] for r in rows[:4]]
    reader = model.__dict__.pop("related_reader_")
    try:
        np.testing.assert_array_equal(
            model.predict_proba_related(claims, evidences), model.predict_proba(claims, evidences)
        )
    finally:
        model.related_reader_ = reader
