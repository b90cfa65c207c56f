"""The agreement model's trees read in C: the same probabilities, bit for bit, as
scikit-learn's predictor, and scikit-learn's path where the compiled core is absent
(issue 13 item 6: the trees were the largest part of the pair model's time)."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from sklearn.calibration import CalibratedClassifierCV
from sklearn.ensemble import HistGradientBoostingClassifier

from credence.models import boosted_trees
from credence.models.agreement import AgreementModel
from credence.models.agreement_features import FEATURE_NAMES
from credence.scoring.evidence import bundled_agreement_model


def _features(rows: int, seed: int = 0) -> np.ndarray:
    # Values in the ranges the features take (shares, counts, log lengths), exact ties with
    # round numbers included (a split threshold met exactly goes left), and a NaN column.
    rng = np.random.default_rng(seed)
    X = rng.random((rows, len(FEATURE_NAMES)))
    X[:, 9:12] = rng.integers(0, 6, size=(rows, 3))
    X[: rows // 4, 2:8] = np.round(X[: rows // 4, 2:8], 1)
    X[::17, 5] = np.nan
    return X


@pytest.fixture(scope="module")
def bundled():
    model = bundled_agreement_model()
    if model is None:
        pytest.skip("credence ships no agreement model in this checkout")
    model = model.as_stance().model  # the loaded AgreementModel behind the lazy wrapper
    if boosted_trees.leaf_tables(model.calibrated_) is None:
        pytest.skip("the optional compiled core (_boosted_trees) is not built")
    return model


def test_workers_boosted_trees_raw_predictions_equal_scikit_learns(bundled):
    X = _features(3000)
    for fold in bundled.calibrated_.calibrated_classifiers_:
        table = boosted_trees.LeafTables.of(fold.estimator)
        assert (
            table.raw_predictions(X).tobytes()
            == np.ascontiguousarray(fold.estimator.decision_function(X)).tobytes()
        )


def test_workers_boosted_trees_probabilities_equal_scikit_learns(bundled):
    X = _features(3000, seed=1)
    expected = bundled.calibrated_.predict_proba(X)
    got = boosted_trees.calibrated_proba(
        bundled.calibrated_, X, boosted_trees.leaf_tables(bundled.calibrated_)
    )
    assert got.tobytes() == expected.tobytes()
    assert bundled._proba_of(X)[:, bundled.calibrated_.classes_].tobytes() == expected.tobytes()


def _small_model() -> AgreementModel:
    first = ["Troops were sent to Kursk.", "Rates rose in March.", "Troops went to Kursk."]
    second = ["Kursk got troops.", "Troops were sent to Kursk.", "No troops went to Kursk."]
    return AgreementModel(max_iter=5, calibration_folds=2).fit(
        first * 4,
        second * 4,
        ["agree", "unrelated", "contradict"] * 4,
        groups=[f"g{k}" for k in range(12)],
    )


def test_workers_boosted_trees_without_the_core_scikit_learn_predicts(monkeypatch):
    model = _small_model()
    X = _features(200, seed=2)
    with_core = model._proba_of(X)
    monkeypatch.setattr(boosted_trees, "_COMPILED", None)
    model.__dict__.pop("_leaf_tables", None)
    assert model._proba_of(X).tobytes() == with_core.tobytes()
    assert model._leaf_tables is None  # scikit-learn's own predictor was used


def test_workers_boosted_trees_tables_are_not_saved():
    model = _small_model()
    model._proba_of(_features(5))
    assert "_leaf_tables" not in pickle.loads(pickle.dumps(model)).__dict__


def test_workers_boosted_trees_categorical_splits_are_left_to_scikit_learn():
    rng = np.random.default_rng(3)
    X = np.column_stack([rng.integers(0, 4, 300), rng.random(300)])
    y = (X[:, 0] == 2).astype(int)
    booster = HistGradientBoostingClassifier(max_iter=5, categorical_features=[0]).fit(X, y)
    assert boosted_trees.LeafTables.of(booster) is None
    calibrated = CalibratedClassifierCV(booster, cv=2).fit(X, y)
    assert boosted_trees.leaf_tables(calibrated) is None
