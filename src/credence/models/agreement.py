"""The claim–claim agreement model: do two short claims assert the same thing?

For two claims, :class:`AgreementModel` gives calibrated probabilities of four relations, in
the column order of :data:`AGREEMENT_LABELS`: ``agree`` (the same assertion), ``contradict``,
``related`` (the same story, a different or unconfirmed assertion) and ``unrelated``. It is a
gradient-boosted classifier over relation features (:mod:`credence.models.agreement_features`),
calibrated by isotonic regression on grouped folds, trained on real labelled pairs
(:mod:`credence.models.agreement_data`: Emergent claim/headline stances, FNC-1 headlines
against their bodies' best sentences).

The stance model reads a headline against a whole article and judges whether they tell one
story; this one reads two sentences and judges whether they say one thing, which is what
corroboration counts.

Its columns line up with the stance model's (agree, disagree, discuss, unrelated), so it can
stand wherever a stance model reads claim pairs.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import GroupKFold
from sklearn.utils.validation import check_is_fitted
from threadpoolctl import threadpool_limits

from credence.models import agreement_swaps
from credence.models.agreement_data import (
    AGREEMENT_LABELS,
    AgreementPair,
    read_agreement_data,
)
from credence.models.agreement_features import PairFeaturizer, PreparedTexts
from credence.models.agreement_view import StanceView
from credence.models.boosted_trees import calibrated_proba, leaf_tables
from credence.models.metrics import expected_calibration_error
from credence.models.persistence import ModelDirectory

__all__ = [
    "AGREEMENT_LABELS",
    "AgreementModel",
    "StanceView",
    "read_agreement_data",
    "evaluate",
    "cross_validate",
    "load_agreement",
    "train_default_agreement",
]

KIND = "agreement"
_VERSION = 1
#: The parameters of the bundled model that differ from the class defaults: none. The
#: detail options (``detail_alignment``, ``detail_swaps`` and its label and weight) were
#: measured in session 12 and are not shipped: none moved the false-variant rows, and the
#: swaps cost agree F1 on the labelled pairs (Emergent's "for" headlines often state other
#: numbers or names than their claim, so the labelled data disagrees with the swaps).
DEFAULT_PARAMS: dict[str, Any] = {}


def _grouped_splits(groups: Sequence[str], n_splits: int) -> list[tuple[np.ndarray, np.ndarray]]:
    n_groups = len(set(groups))
    if n_groups < 2:
        raise ValueError(f"Grouped calibration needs at least 2 groups. Got {n_groups} instead.")
    splitter = GroupKFold(n_splits=min(n_splits, n_groups))
    return list(splitter.split(np.zeros(len(groups)), groups=groups))


def _one_thread() -> threadpool_limits:
    # The boosters' OpenMP threads spin-wait: on a shared machine with more busy processes
    # than cores one fit took 100 s with threads and 2.4 s without (benchmarks/eval_agreement).
    return threadpool_limits(limits=1, user_api="openmp")


class AgreementModel(ModelDirectory, ClassifierMixin, BaseEstimator):
    """P(agree), P(contradict), P(related), P(unrelated) of two claims, calibrated.

    Parameters
    ----------
    max_iter : int
        Boosting rounds of each gradient-boosted classifier.
    learning_rate : float
        Their learning rate.
    max_leaf_nodes : int
        Leaves of each tree.
    calibration_folds : int
        Grouped folds of the isotonic calibration (one booster is fitted per fold).
    random_state : int
        Seed of the boosters.
    predicate_polarity : bool
        Read the predicate-level negation features as well
        (:data:`~credence.models.agreement_features.PREDICATE_FEATURE_NAMES`; an option).
    detail_swaps : float
        Share of the agreeing training pairs that also give a swapped-detail pair
        (:func:`~credence.models.agreement_swaps.detail_swaps`: one detail of the first text
        replaced by a value of its kind from another group, in the pair's group, read both
        ways round). 0 fits on the labelled pairs alone.
    detail_swap_label : str
        The label of a swapped-detail pair: ``related`` (the same subject, another
        assertion, as Emergent's near-story pairs are labelled) or ``contradict``.
    detail_swap_weight : float
        A swapped-detail pair weighs this share of its source pair's weight (Emergent's
        "for" headlines often state other numbers than their claim, so the labelled data
        disagrees with the swaps in part: a share below 1 makes them a nudge).
    detail_alignment : bool
        Read the detail-alignment features as well
        (:data:`~credence.models.agreement_features.DETAIL_FEATURE_NAMES`: details one text
        states and the other does not, and of which kinds both do).

    Attributes
    ----------
    classes_ : tuple of str
        :data:`AGREEMENT_LABELS`, the column order of :meth:`predict_proba`.
    featurizer_ : PairFeaturizer
    calibrated_ : CalibratedClassifierCV

    Examples
    --------
    >>> first = ["Troops were sent to Kursk.", "Rates rose in March.", "Troops went to Kursk."]
    >>> second = ["Kursk got troops.", "Troops were sent to Kursk.", "No troops went to Kursk."]
    >>> model = AgreementModel(max_iter=5, calibration_folds=2).fit(
    ...     first * 4, second * 4, ["agree", "unrelated", "contradict"] * 4,
    ...     groups=[f"g{k}" for k in range(12)])
    >>> model.predict_proba(["Troops were sent to Kursk."], ["Kursk got troops."]).shape
    (1, 4)
    """

    model_kind = KIND
    fitted_attribute = "calibrated_"

    def __init__(
        self,
        max_iter: int = 80,
        learning_rate: float = 0.15,
        max_leaf_nodes: int = 15,
        calibration_folds: int = 3,
        random_state: int = 0,
        predicate_polarity: bool = False,
        detail_swaps: float = 0.0,
        detail_alignment: bool = False,
        detail_swap_label: str = "related",
        detail_swap_weight: float = 1.0,
    ) -> None:
        self.max_iter = max_iter
        self.learning_rate = learning_rate
        self.max_leaf_nodes = max_leaf_nodes
        self.calibration_folds = calibration_folds
        self.random_state = random_state
        self.predicate_polarity = predicate_polarity
        self.detail_swaps = detail_swaps
        self.detail_alignment = detail_alignment
        self.detail_swap_label = detail_swap_label
        self.detail_swap_weight = detail_swap_weight

    def fit(
        self,
        pairs_a: Sequence[str],
        pairs_b: Sequence[str],
        y: Sequence[str],
        groups: Sequence[str] | None = None,
        sample_weight: Sequence[float] | None = None,
    ) -> AgreementModel:
        """Fit on labelled pairs; ``groups`` keep a story in one calibration fold.

        Raises
        ------
        ValueError
            When the lengths differ or a label is not one of :data:`AGREEMENT_LABELS`.
        """
        if not len(pairs_a) == len(pairs_b) == len(y):
            raise ValueError(
                "pairs_a, pairs_b and y must have the same length. Got "
                f"{len(pairs_a)}, {len(pairs_b)} and {len(y)} instead."
            )
        unknown = sorted(set(y) - set(AGREEMENT_LABELS))
        if unknown:
            raise ValueError(
                f"The labels must be among {', '.join(AGREEMENT_LABELS)}. Got {unknown} instead."
            )
        groups = (
            list(groups)
            if groups is not None
            else [f"{a}\x00{b}" for a, b in zip(pairs_a, pairs_b, strict=True)]
        )
        pairs_a, pairs_b, y, groups, sample_weight = self._with_swaps(
            list(pairs_a), list(pairs_b), list(y), groups, sample_weight
        )
        self.featurizer_ = PairFeaturizer(
            predicate_polarity=self.predicate_polarity,
            detail_alignment=bool(getattr(self, "detail_alignment", False)),
        ).fit([*pairs_a, *pairs_b])
        features = self.featurizer_.transform(pairs_a, pairs_b)
        target = np.array([AGREEMENT_LABELS.index(label) for label in y])
        booster = HistGradientBoostingClassifier(
            max_iter=self.max_iter,
            learning_rate=self.learning_rate,
            max_leaf_nodes=self.max_leaf_nodes,
            early_stopping=False,
            random_state=self.random_state,
        )
        self.calibrated_ = CalibratedClassifierCV(
            booster, method="isotonic", cv=_grouped_splits(groups, self.calibration_folds)
        )
        weight = None if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
        self.__dict__.pop("_leaf_tables", None)  # of the boosters of an earlier fit
        with _one_thread():
            self.calibrated_.fit(features, target, sample_weight=weight)
        self.classes_ = AGREEMENT_LABELS
        self.n_features_in_ = len(self.featurizer_.feature_names())
        return self

    def _with_swaps(
        self,
        pairs_a: list[str],
        pairs_b: list[str],
        y: list[str],
        groups: list[str],
        sample_weight: Sequence[float] | None,
    ) -> tuple[list[str], list[str], list[str], list[str], Sequence[float] | None]:
        # The swapped-detail pairs join the fit's own data: values come from the other
        # groups of this training set only, and each new pair stays in its source's group
        # (and weighs what it does).
        if not self.detail_swaps:
            return pairs_a, pairs_b, y, groups, sample_weight
        swaps = agreement_swaps.detail_swaps(
            pairs_a, pairs_b, y, groups, share=self.detail_swaps, seed=self.random_state
        )
        # Both ways round: corroboration reads a pair of claims in both directions.
        sources = [k for k, _ in swaps] * 2
        swapped = [text for _, text in swaps]
        kept = [pairs_b[k] for k, _ in swaps]
        pairs_a = pairs_a + swapped + kept
        pairs_b = pairs_b + kept + swapped
        y = y + [self.detail_swap_label] * len(sources)
        groups = groups + [groups[k] for k in sources]
        weight = (
            np.ones(len(groups) - len(sources))
            if sample_weight is None
            else np.asarray(sample_weight, dtype=np.float64)
        )
        added = weight[sources] * self.detail_swap_weight
        return pairs_a, pairs_b, y, groups, np.concatenate([weight, added])

    def predict_proba(self, texts_a: Sequence[str], texts_b: Sequence[str]) -> np.ndarray:
        """``(n, 4)`` probabilities, columns in :data:`AGREEMENT_LABELS` order."""
        check_is_fitted(self, "calibrated_")
        return self._proba_of(self.featurizer_.transform(list(texts_a), list(texts_b)))

    def prepare_texts(self, texts: Sequence[str]) -> PreparedTexts:
        """Read ``texts`` once for :meth:`predict_proba_prepared` (a text met in many pairs
        is analysed once, not once a call).
        """
        check_is_fitted(self, "calibrated_")
        return self.featurizer_.prepare(texts)

    def prepare_part(self, texts: Sequence[str]) -> PreparedTexts:
        """:meth:`prepare_texts` of a run of texts that :meth:`join_prepared` will join with
        others (read by a worker process: the run's profile arrays are made there too).
        """
        check_is_fitted(self, "calibrated_")
        return self.featurizer_.prepare_part(texts)

    def join_prepared(self, parts: Sequence[PreparedTexts]) -> PreparedTexts:
        """The :meth:`prepare_texts` of consecutive runs of texts, joined in order."""
        return PreparedTexts.join(parts)

    def predict_proba_prepared(
        self, prepared: PreparedTexts, first: np.ndarray, second: np.ndarray
    ) -> np.ndarray:
        """:meth:`predict_proba` of the pairs ``(first[k], second[k])``, indices into the
        texts of ``prepared`` (:meth:`prepare_texts`): the same probabilities.
        """
        check_is_fitted(self, "calibrated_")
        return self._proba_of(self.featurizer_.transform_prepared(prepared, first, second))

    def _proba_of(self, features: np.ndarray) -> np.ndarray:
        out = np.zeros((len(features), len(AGREEMENT_LABELS)))
        if len(features):
            with _one_thread():
                proba = self._calibrated_proba(features)
            out[:, self.calibrated_.classes_] = proba
        return out

    def _calibrated_proba(self, features: np.ndarray) -> np.ndarray:
        # The boosters' trees read in C where the compiled core is built: the same floats
        # as calibrated_.predict_proba (credence.models.boosted_trees). Their tables are
        # laid out on first use, per process, and never saved (__getstate__).
        if "_leaf_tables" not in self.__dict__:
            self._leaf_tables = leaf_tables(self.calibrated_)
        if self._leaf_tables is None:
            return self.calibrated_.predict_proba(features)
        return calibrated_proba(self.calibrated_, features, self._leaf_tables)

    def __getstate__(self) -> dict[str, Any]:
        state = dict(super().__getstate__())
        state.pop("_leaf_tables", None)  # made from the boosters on use
        return state

    def predict(self, texts_a: Sequence[str], texts_b: Sequence[str]) -> np.ndarray:
        """The most probable relation of each pair (strings)."""
        proba = self.predict_proba(texts_a, texts_b)
        return np.array(AGREEMENT_LABELS)[proba.argmax(axis=1)]

    def as_stance(self) -> StanceView:
        """The model seen as a stance model, to read claim pairs wherever one does.

        Its ``classes_`` are named agree, disagree, discuss, unrelated.
        """
        check_is_fitted(self, "calibrated_")
        return StanceView(self)

    def meta_extra(self) -> dict[str, Any]:
        """Labels, features, parameters and version, for ``meta.json``."""
        return {
            "labels": list(AGREEMENT_LABELS),
            "features": list(self.featurizer_.feature_names()),
            "params": self.get_params(),
            "version": _VERSION,
        }


def load_agreement(directory: str | Path) -> AgreementModel:
    """:meth:`AgreementModel.load` as a function (the loader the model-kind registry names)."""
    return AgreementModel.load(directory)


# --------------------------------------------------------------------------- evaluation


def _metrics(labels: Sequence[str], proba: np.ndarray) -> dict[str, Any]:
    """Macro-F1, per-class F1, accuracy and top-label ECE of probabilities."""
    index = np.array([AGREEMENT_LABELS.index(label) for label in labels])
    predicted = proba.argmax(axis=1)
    present = sorted(set(index.tolist()))
    per_class = f1_score(index, predicted, labels=list(range(4)), average=None, zero_division=0)
    return {
        "n": len(labels),
        "macro_f1": float(f1_score(index, predicted, labels=present, average="macro")),
        "f1": {AGREEMENT_LABELS[k]: float(per_class[k]) for k in range(4) if k in present},
        "accuracy": float((predicted == index).mean()) if len(index) else 0.0,
        "ece": expected_calibration_error(index, proba, labels=list(range(4))),
    }


def evaluate(model: AgreementModel, data: Sequence[AgreementPair]) -> dict[str, Any]:
    """Macro-F1, per-class F1, accuracy and ECE of ``model`` on labelled pairs.

    Returns
    -------
    dict
        ``{"all": metrics, "<source>": metrics …}`` with one entry per data source
        (``emergent-claim``, ``emergent-headlines``, ``emergent-unrelated``, ``fnc``).
    """
    if not data:
        raise ValueError("evaluate needs at least one labelled pair. Got none instead.")
    proba = model.predict_proba([p.first for p in data], [p.second for p in data])
    return _by_source(data, proba)


def _by_source(data: Sequence[AgreementPair], proba: np.ndarray) -> dict[str, Any]:
    labels = [p.label for p in data]
    result = {"all": _metrics(labels, proba)}
    for source in sorted({p.source for p in data}):
        mask = np.array([p.source == source for p in data])
        result[source] = _metrics(
            [lab for lab, m in zip(labels, mask, strict=True) if m], proba[mask]
        )
    return result


def _source_weights(data: Sequence[AgreementPair], emergent_share: float = 0.5) -> np.ndarray:
    # Emergent pairs are few but are the task (short claims); give them ``emergent_share`` of
    # the total weight so FNC-1's 20,000 pairs do not drown them.
    emergent = np.array([p.source.startswith("emergent") for p in data])
    if emergent.all() or not emergent.any():
        return np.ones(len(data))
    weights = np.ones(len(data))
    weights[emergent] = emergent_share * (~emergent).sum() / ((1 - emergent_share) * emergent.sum())
    return weights


def fit_pairs(data: Sequence[AgreementPair], **params: Any) -> AgreementModel:
    """Fit an :class:`AgreementModel` on labelled pairs (grouped, source-weighted), with the
    bundled model's :data:`DEFAULT_PARAMS` unless ``params`` set them otherwise.
    """
    return AgreementModel(**{**DEFAULT_PARAMS, **params}).fit(
        [p.first for p in data],
        [p.second for p in data],
        [p.label for p in data],
        groups=[p.group for p in data],
        sample_weight=_source_weights(data),
    )


def _cosine_baseline(train: Sequence[AgreementPair], test: Sequence[AgreementPair]) -> np.ndarray:
    """Probabilities of a logistic regression on the word TF-IDF cosine alone.

    That is, thresholds on the cosine, learned on the same folds as the model.
    """
    featurizer = PairFeaturizer().fit([t for p in train for t in (p.first, p.second)])

    def cosine(pairs: Sequence[AgreementPair]) -> np.ndarray:
        X = featurizer.transform([p.first for p in pairs], [p.second for p in pairs])
        return X[:, :1]

    target = [AGREEMENT_LABELS.index(p.label) for p in train]
    lr = LogisticRegression(max_iter=1000).fit(cosine(train), target)
    out = np.zeros((len(test), 4))
    out[:, lr.classes_] = lr.predict_proba(cosine(test))
    return out


def _without_shared_texts(
    train: Sequence[AgreementPair], test: Sequence[AgreementPair]
) -> list[AgreementPair]:
    # FNC-1 was built from Emergent: a held-out headline may be an FNC-1 training headline.
    held_out = {t.strip().lower() for p in test for t in (p.first, p.second)}
    return [
        p
        for p in train
        if p.first.strip().lower() not in held_out and p.second.strip().lower() not in held_out
    ]


def cross_validate(
    data: Sequence[AgreementPair], n_splits: int = 5, **params: Any
) -> dict[str, Any]:
    """Grouped cross-validation of the model beside the cosine baseline, by data source.

    Folds are grouped by ``AgreementPair.group`` (an Emergent claim, an FNC-1 topic), and a
    fold's training part drops every pair that shares a text with its held-out part.

    Returns
    -------
    dict
        ``{"model": {source: metrics}, "baseline": {source: metrics}, "folds": n}``.
    """
    data = list(data)
    groups = [p.group for p in data]
    proba = np.zeros((len(data), 4))
    baseline = np.zeros((len(data), 4))
    for train_idx, test_idx in _grouped_splits(groups, n_splits):
        test = [data[k] for k in test_idx]
        train = _without_shared_texts([data[k] for k in train_idx], test)
        proba[test_idx] = fit_pairs(train, **params).predict_proba(
            [p.first for p in test], [p.second for p in test]
        )
        baseline[test_idx] = _cosine_baseline(train, test)
    return {
        "folds": n_splits,
        "grouping": "Emergent claim / FNC-1 topic; no text on both sides of a fold",
        "model": _by_source(data, proba),
        "baseline": _by_source(data, baseline),
    }


def train_default_agreement(data_dir: str | Path, out_dir: str | Path) -> dict[str, Any]:
    """Train the default agreement model on Emergent and FNC-1 (train topics) and save it.

    Before the shipped fit, the model is measured on claim/topic-grouped folds beside the
    cosine baseline (:func:`cross_validate`); the directory records those figures.

    Parameters
    ----------
    data_dir : path
        The labelled-data root (``claims/emergent/train.jsonl``, ``fnc1/``).
    out_dir : path
        Model directory to write.
    """
    from credence.models.fnc import FNC_FILES
    from credence.models.persistence import sha256_files

    data_dir = Path(data_dir)
    data = read_agreement_data(data_dir, fnc_split="train")
    metrics = cross_validate(data, n_splits=5)
    start = time.perf_counter()
    model = fit_pairs(data)
    metrics["fit_seconds"] = time.perf_counter() - start
    metrics["n_fit"] = len(data)
    files = [data_dir / "claims" / "emergent" / "train.jsonl"] + [
        data_dir / "fnc1" / FNC_FILES[key] for key in ("bodies", "stances", "topic_split")
    ]
    model.save(out_dir, training_data=sha256_files(files), metrics=metrics)
    return metrics
