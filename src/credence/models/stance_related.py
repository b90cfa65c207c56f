"""How a related evidence text leans: the stance model's reader of related pairs only.

The stance model's second stage (agree / disagree / discuss among related pairs) is fitted
with balanced class weights and then calibrated with the relatedness stage, for the FNC
score. Read across the bodies of one story, its leans rank stories poorly: on FNC-1 topic-train
stories, out of fold, the mean of its P(agree) - P(disagree) has a Spearman of 0.47 with the
stories' share of agreeing minus disagreeing bodies. :class:`RelatedStanceReader` is a
separate stage fitted on related pairs only, on the stance model's *held-out* readings
(the preliminary fits of its calibration folds, each without the topics it reads), taking
the pair features and the stance model's own related-class log-probabilities as inputs: it
learns where the stance model is over- or under-confident on new stories, and which
polarity, hedge, contrast and passage features tell agreement from discussion. On
topic-train (3 topic-grouped folds of the held-out readings) it raises the related-class
macro-F1 from 0.488 to 0.557 and the story Spearman from 0.469 to 0.535 (docs/scores.md §8).

:meth:`StanceModel.predict_proba_related <credence.models.stance.StanceModel.predict_proba_related>`
combines it with the model's P(related); ``predict_proba`` is unchanged.
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.utils.validation import check_is_fitted

__all__ = ["RELATED_LABELS", "RelatedStanceReader", "related_inputs"]

#: The classes the reader tells apart, in its column order (those of the stance model).
RELATED_LABELS: tuple[str, ...] = ("agree", "disagree", "discuss")


def related_inputs(features: np.ndarray, stance_proba: np.ndarray) -> np.ndarray:
    """The reader's inputs: pair features beside the log of P(stance | related).

    Parameters
    ----------
    features : ndarray, shape (n, f)
        The stance model's pair features.
    stance_proba : ndarray, shape (n, 4)
        The stance model's calibrated probabilities (agree, disagree, discuss, unrelated).

    Returns
    -------
    ndarray, shape (n, f + 3)
    """
    related = np.asarray(stance_proba, dtype=float)[:, : len(RELATED_LABELS)]
    conditional = related / np.maximum(related.sum(axis=1, keepdims=True), 1e-12)
    return np.hstack([np.asarray(features, dtype=float), np.log(np.clip(conditional, 1e-6, 1.0))])


class RelatedStanceReader(ClassifierMixin, BaseEstimator):
    """Agree / disagree / discuss of related claim-evidence pairs, read from the stance
    model's features and held-out probabilities (see the module docstring).

    Parameters
    ----------
    max_iter, learning_rate, max_leaf_nodes, min_samples_leaf, l2_regularization
        Gradient boosting settings: small, strongly penalised trees, so that the few
        ``disagree`` pairs of one story do not dictate a leaf.
    class_weight : {"balanced", None}
        ``"balanced"`` (chosen on topic-grouped CV: macro-F1 0.557 against 0.518 unweighted,
        story Spearman 0.535 against 0.538): ``disagree`` is 6 % of related FNC-1 pairs.
    random_state : int
        Seed of the boosting.

    Attributes
    ----------
    classes_ : ndarray
        Indices 0, 1, 2 of :data:`RELATED_LABELS`.
    booster_ : HistGradientBoostingClassifier
        The fitted model.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> features = rng.normal(size=(90, 4))
    >>> proba = rng.dirichlet(np.ones(4), size=90)
    >>> y = np.arange(90) % 3
    >>> reader = RelatedStanceReader(max_iter=5).fit(features, proba, y)
    >>> reader.predict_proba(features[:2], proba[:2]).shape
    (2, 3)
    """

    def __init__(
        self,
        max_iter: int = 150,
        learning_rate: float = 0.1,
        max_leaf_nodes: int = 15,
        min_samples_leaf: int = 50,
        l2_regularization: float = 10.0,
        class_weight: str | None = "balanced",
        random_state: int = 0,
    ) -> None:
        self.max_iter = max_iter
        self.learning_rate = learning_rate
        self.max_leaf_nodes = max_leaf_nodes
        self.min_samples_leaf = min_samples_leaf
        self.l2_regularization = l2_regularization
        self.class_weight = class_weight
        self.random_state = random_state

    def fit(
        self, features: np.ndarray, stance_proba: np.ndarray, y: np.ndarray
    ) -> RelatedStanceReader:
        """Fit on related pairs.

        Parameters
        ----------
        features, stance_proba : ndarray
            See :func:`related_inputs`; the probabilities should be held out (read by a
            model that never saw the pair's topic), as they will be on new stories.
        y : ndarray of int
            Indices into :data:`RELATED_LABELS`; all three must occur.
        """
        y = np.asarray(y)
        present = sorted(set(y.tolist()))
        if present != list(range(len(RELATED_LABELS))):
            raise ValueError(
                f"y must hold every class index of {list(RELATED_LABELS)} (0, 1, 2). "
                f"Got {present} instead."
            )
        self.booster_ = HistGradientBoostingClassifier(
            max_iter=self.max_iter,
            learning_rate=self.learning_rate,
            max_leaf_nodes=self.max_leaf_nodes,
            min_samples_leaf=min(self.min_samples_leaf, max(1, len(y) // 10)),
            l2_regularization=self.l2_regularization,
            class_weight=self.class_weight,
            random_state=self.random_state,
        ).fit(related_inputs(features, stance_proba), y)
        self.classes_ = self.booster_.classes_
        return self

    def predict_proba(self, features: np.ndarray, stance_proba: np.ndarray) -> np.ndarray:
        """P(agree), P(disagree), P(discuss) given that the pair is related, shape (n, 3)."""
        check_is_fitted(self, "booster_")
        if len(features) == 0:
            return np.zeros((0, len(RELATED_LABELS)))
        return self.booster_.predict_proba(related_inputs(features, stance_proba))
