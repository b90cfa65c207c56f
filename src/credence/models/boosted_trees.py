"""Calibrated probabilities of scikit-learn's histogram gradient boosting, trees read in C.

The agreement model (:class:`~credence.models.agreement.AgreementModel`) is a
``CalibratedClassifierCV`` over ``HistGradientBoostingClassifier`` folds: 3 folds x 80
rounds x 4 classes = 960 trees for each of the hundreds of thousands of claim pairs a set
reads, which was the largest part of the pair model's time. :class:`LeafTables` lays a
booster's trees out as one node table and adds up their leaf values a row at a time in C
(``_boosted_trees``, built by setup.py), in scikit-learn's order, so the raw predictions
are the same floats; :func:`calibrated_proba` then hands them to scikit-learn's own
calibration code, so the probabilities are too. Without the compiled core, or for a
booster with categorical splits, scikit-learn predicts as before.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin

__all__ = ["LeafTables", "calibrated_proba", "leaf_tables"]


def _compiled() -> Any:
    # The tree walk in C where the optional core is built (``_boosted_trees``, setup.py).
    try:
        from credence.models import _boosted_trees
    except ImportError:
        return None
    return _boosted_trees


_COMPILED = _compiled()


@dataclass(frozen=True)
class LeafTables:
    """One booster's trees as one node table (see ``_boosted_trees.add_leaf_values``).

    Attributes
    ----------
    nodes : tuple of ndarray
        feature, threshold, missing-go-left, left, right, is-leaf, value, one entry a node,
        child indices into the whole table.
    roots, columns : ndarray of int64
        Each tree's first node and the column (class) its leaves add to, in boosting order.
    baseline : ndarray of shape (1, classes)
        The booster's baseline prediction, the start of every row's sums.
    """

    nodes: tuple[np.ndarray, ...]
    roots: np.ndarray
    columns: np.ndarray
    baseline: np.ndarray

    @classmethod
    def of(cls, booster: Any) -> LeafTables | None:
        """The tables of a fitted ``HistGradientBoostingClassifier``; None when it has
        categorical splits (scikit-learn reads those) or is not shaped as expected.
        """
        try:
            trees = [(k, p.nodes) for rounds in booster._predictors for k, p in enumerate(rounds)]
            baseline = np.asarray(booster._baseline_prediction, dtype=np.float64)
        except AttributeError:
            return None
        if not trees or any(nodes["is_categorical"].any() for _, nodes in trees):
            return None
        sizes = np.array([len(nodes) for _, nodes in trees], dtype=np.int64)
        starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])

        def joined(field: str, dtype: Any, shift: bool = False) -> np.ndarray:
            parts = [
                nodes[field].astype(np.int64) + start if shift else nodes[field]
                for (_, nodes), start in zip(trees, starts.tolist(), strict=True)
            ]
            return np.ascontiguousarray(np.concatenate(parts), dtype=dtype)

        nodes = (
            joined("feature_idx", np.int64),
            joined("num_threshold", np.float64),
            joined("missing_go_to_left", np.uint8),
            joined("left", np.int32, shift=True),
            joined("right", np.int32, shift=True),
            joined("is_leaf", np.uint8),
            joined("value", np.float64),
        )
        columns = np.array([k for k, _ in trees], dtype=np.int64)
        return cls(nodes, starts.astype(np.int64), columns, baseline)

    def raw_predictions(self, X: np.ndarray) -> np.ndarray:
        """The booster's ``decision_function(X)``: baseline plus every tree's leaf value."""
        X = np.ascontiguousarray(X, dtype=np.float64)
        out = np.zeros((len(X), self.baseline.shape[1]), dtype=np.float64)
        out += self.baseline
        _COMPILED.add_leaf_values(X, *self.nodes, self.roots, self.columns, out)
        return out


class _Decided(ClassifierMixin, BaseEstimator):
    """A classifier whose decision function is already computed (handed to scikit-learn's
    calibration in place of the booster, which it only asks for that).
    """

    def __init__(self, classes: Any = None, decision: Any = None) -> None:
        self.classes = classes
        self.decision = decision

    @property
    def classes_(self) -> Any:
        return self.classes

    def decision_function(self, X: Any) -> np.ndarray:
        return self.decision


def leaf_tables(calibrated: Any) -> list[LeafTables] | None:
    """The :class:`LeafTables` of each fold's booster of a ``CalibratedClassifierCV``;
    None when the compiled core is not built or a booster cannot be laid out.
    """
    if _COMPILED is None:
        return None
    tables = [LeafTables.of(c.estimator) for c in calibrated.calibrated_classifiers_]
    return None if any(t is None for t in tables) else tables


def calibrated_proba(calibrated: Any, X: np.ndarray, tables: Sequence[LeafTables]) -> np.ndarray:
    """``calibrated.predict_proba(X)`` with each fold's raw predictions from ``tables``.

    The rest is scikit-learn's own arithmetic: each fold's calibration of its raw
    predictions, and their mean in fold order (``CalibratedClassifierCV.predict_proba``).
    """
    folds = calibrated.calibrated_classifiers_
    mean = np.zeros((len(X), len(calibrated.classes_)))
    for fold, table in zip(folds, tables, strict=True):
        decided = copy.copy(fold)
        decided.estimator = _Decided(fold.estimator.classes_, table.raw_predictions(X))
        mean += decided.predict_proba(X)
    mean /= len(folds)
    return mean
