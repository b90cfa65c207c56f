"""The lean reader: how a body related to a claim leans on it (agree, disagree, discuss).

``credence check`` weighs how the articles of a story lean on the checked claim. The stance
model reads a headline against a whole body, fitted for the FNC-1 score; read across the
bodies of one story its leans rank stories no better than their plain mean (FNC-1 topic-dev
story Spearman 0.578). :class:`LeanReader` is a small model fitted on top of it, on
*out-of-topic* readings: for every related pair of FNC-1 topic-train, the stance model, its
related-pairs reader and the claim-pair (agreement) model were refitted without that pair's
topic (topic-grouped cross-fitting, :mod:`credence.models.lean_training`), so the reader
learns how far to trust them on stories they never saw. Its inputs
(:mod:`credence.models.lean_features`) add what the whole-body readings miss: the agreement
model's reading of the body's sentences that best match the claim, the refuting, discussing
and reporting cues in and around them, the negation contrast and the claim's numbers.

:class:`LeanArticleReader` joins a fitted reader to a stance model and a claim-pair model and
reads (claim, body) pairs like a stance model: ``P(stance) = P(related) * P_lean(stance |
related)``, P(related) the stance model's. ``credence check`` reads articles with it under
``CheckSettings(article_reader="lean")`` (:mod:`credence.scoring.check_settings`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.validation import check_is_fitted

from credence.errors import ModelError
from credence.models.lean_features import LEAN_INPUT_NAMES, TOP_SENTENCES, lean_inputs
from credence.models.persistence import ModelDirectory

__all__ = ["KIND", "LEAN_LABELS", "LeanReader", "LeanArticleReader", "load_lean"]

KIND = "lean"
_VERSION = 1

#: The classes the reader tells apart, in its column order (the stance model's related ones).
LEAN_LABELS: tuple[str, ...] = ("agree", "disagree", "discuss")

#: The reader's estimators (``LeanReader.estimator``).
ESTIMATORS = ("logistic", "boosting")


class LeanReader(ModelDirectory, ClassifierMixin, BaseEstimator):
    """Agree / disagree / discuss of a related (claim, body) pair from its lean inputs.

    Parameters
    ----------
    estimator : {"logistic", "boosting"}
        A multinomial logistic regression on standardised inputs, or small gradient-boosted
        trees (chosen on topic-grouped CV, :mod:`credence.models.lean_training`).
    C : float
        Inverse regularisation of the logistic regression.
    class_weight : {"balanced", None}
        Class weights (``disagree`` is 8 % of the related FNC-1 pairs).
    random_state : int
        Seed of the boosting.

    Attributes
    ----------
    classes_ : ndarray
        0, 1, 2: the indices of :data:`LEAN_LABELS`.
    model_ : estimator
        The fitted model.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(60, len(LEAN_INPUT_NAMES)))
    >>> y = np.arange(60) % 3
    >>> LeanReader().fit(X, y).predict_proba(X[:2]).shape
    (2, 3)
    """

    model_kind = KIND
    fitted_attribute = "model_"

    def __init__(
        self,
        estimator: str = "boosting",
        C: float = 0.1,
        class_weight: str | None = None,
        random_state: int = 0,
    ) -> None:
        self.estimator = estimator
        self.C = C
        self.class_weight = class_weight
        self.random_state = random_state

    def _new_model(self) -> Any:
        if self.estimator == "logistic":
            return make_pipeline(
                StandardScaler(),
                LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=2000),
            )
        if self.estimator == "boosting":
            return HistGradientBoostingClassifier(
                max_iter=200,
                learning_rate=0.05,
                max_leaf_nodes=15,
                min_samples_leaf=40,
                l2_regularization=10.0,
                class_weight=self.class_weight,
                random_state=self.random_state,
            )
        raise ValueError(
            f"The 'estimator' parameter of LeanReader must be one of {', '.join(ESTIMATORS)}. "
            f"Got {self.estimator!r} instead."
        )

    def fit(self, X: np.ndarray, y: Sequence[int]) -> LeanReader:
        """Fit on lean inputs ``X`` (:func:`lean_inputs`) and class indices ``y``."""
        X, y = np.asarray(X, dtype=float), np.asarray(y)
        if X.ndim != 2 or X.shape[1] != len(LEAN_INPUT_NAMES):
            raise ValueError(
                f"X must have {len(LEAN_INPUT_NAMES)} columns (lean_inputs). Got shape "
                f"{X.shape} instead."
            )
        missing = sorted(set(range(len(LEAN_LABELS))) - set(y.tolist()))
        if missing:
            raise ValueError(f"y must hold every class 0, 1, 2. Missing {missing}.")
        self.classes_ = np.arange(len(LEAN_LABELS))
        self.model_ = self._new_model().fit(X, y)
        return self

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        """P(agree, disagree, discuss | related), shape ``(n, 3)``."""
        check_is_fitted(self, "model_")
        X = np.asarray(X, dtype=float)
        if not len(X):
            return np.zeros((0, len(LEAN_LABELS)))
        return np.asarray(self.model_.predict_proba(X))

    def lean(self, X: np.ndarray) -> np.ndarray:
        """The calibrated lean P(agree) - P(disagree) of each pair, in [-1, 1]."""
        proba = self.predict_proba(X)
        return proba[:, 0] - proba[:, 1]

    def meta_extra(self) -> dict[str, Any]:
        """Labels, inputs, parameters and version, for ``meta.json``."""
        return {
            "labels": list(LEAN_LABELS),
            "inputs": list(LEAN_INPUT_NAMES),
            "top_sentences": TOP_SENTENCES,
            "params": self.get_params(),
            "version": _VERSION,
        }

    @classmethod
    def check_meta(cls, directory: str | Path, meta: Mapping[str, Any]) -> None:
        """Refuse a reader fitted on other inputs than this credence computes."""
        if list(meta.get("inputs", [])) != list(LEAN_INPUT_NAMES):
            raise ModelError(
                f"{directory}: the reader was fitted on other inputs than this credence "
                "computes; rebuild it (python -m credence.models.build_default --only lean)."
            )


def load_lean(directory: str | Path) -> LeanReader:
    """:meth:`LeanReader.load` as a function."""
    return LeanReader.load(directory)


class LeanArticleReader:
    """Reads (claim, body) pairs like a stance model, with the lean of a related body read by
    a :class:`LeanReader`.

    Parameters
    ----------
    reader : LeanReader
        The fitted lean reader.
    stance_model : StanceModel
        Gives P(related) and the whole-body readings.
    pair_model : object
        The claim-pair reader (agreement model or its stance view).

    Attributes
    ----------
    classes_ : tuple of str
        ``("agree", "disagree", "discuss", "unrelated")``, the stance model's columns.
    """

    classes_: tuple[str, ...] = ("agree", "disagree", "discuss", "unrelated")

    #: Most (claim, body) inputs kept, so that one claim checked under several settings, or
    #: a body read for several claims of a session, is read once.
    MEMORY = 4096

    def __init__(self, reader: LeanReader, stance_model: Any, pair_model: Any) -> None:
        self.reader = reader
        self.stance_model = stance_model
        self.pair_model = pair_model
        self._inputs: dict[tuple[str, str], np.ndarray] = {}

    def inputs(self, claims: Sequence[str], bodies: Sequence[str]) -> np.ndarray:
        """The lean inputs of each pair (:func:`lean_inputs`), each pair computed once."""
        pairs = list(zip(claims, bodies, strict=True))
        new = list(dict.fromkeys(p for p in pairs if p not in self._inputs))
        if new:
            if len(self._inputs) + len(new) > self.MEMORY:
                self._inputs.clear()
            X = lean_inputs(
                [c for c, _ in new], [b for _, b in new], self.stance_model, self.pair_model
            )
            self._inputs.update(zip(new, X, strict=True))
        if not pairs:
            return np.zeros((0, len(LEAN_INPUT_NAMES)))
        return np.vstack([self._inputs[p] for p in pairs])

    def predict_proba(self, claims: Sequence[str], bodies: Sequence[str]) -> np.ndarray:
        """``P(related) * P_lean(stance | related)`` and P(unrelated), shape ``(n, 4)``."""
        X = self.inputs(claims, bodies)
        if not len(X):
            return np.zeros((0, len(self.classes_)))
        unrelated = X[:, LEAN_INPUT_NAMES.index("stance_unrelated")]
        out = np.empty((len(X), len(self.classes_)))
        out[:, :3] = self.reader.predict_proba(X) * (1.0 - unrelated)[:, None]
        out[:, 3] = unrelated
        return out
