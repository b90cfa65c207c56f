"""The news stage of the uncertainty model: a sign-constrained logistic regression over the
base model's logit, the hedge extractor's per-category counts and an attribution cue.

Szeged (Wikipedia + biomedical) never annotates hearsay, and its base model misses much of how
news hedges; :class:`UncertaintyStack` is fitted on news annotations the base model never saw.
Its signs are constrained (:func:`_stack_bounds`): a hedge cue never lowers P(uncertain).

The base logit enters twice, as two columns of which one is 0: once for sentences holding a
cue of a kind the Szeged guidelines annotate (:data:`SZEGED_CUE_CATEGORIES`), once for the
others. The base model plays two roles: where the lexicon found such a cue it only weighs
that cue's sense ("could" of ability or of possibility); where it found none, the base model is
the only reader of the cues the lexicon lacks. One shared weight served neither: fitted on the
news annotations (dev, round-1 blind and round-3 training sets, out-of-fold by article) the
split raised F1(uncertain) from 0.868 to 0.907 on the training set and 0.915 to 0.944 on dev.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from credence.features.hedges import CATEGORIES, UNCERTAINTY_CATEGORIES, HedgeExtractor

# scipy, scikit-learn and the evaluation helpers are imported by the functions that fit:
# the scorer computes stack inputs (numpy only) on every run, and must not pay for them.

if TYPE_CHECKING:
    from credence.models.uncertainty import UncertaintyModel

__all__ = [
    "ATTRIBUTION_CUE",
    "BASE_COLUMNS",
    "SZEGED_CUE_CATEGORIES",
    "FACTUALITY_THRESHOLDS",
    "LOGIT_EPS",
    "STACK_FEATURES",
    "SignConstrainedLogit",
    "UncertaintyStack",
    "fit_uncertainty_stack",
    "has_szeged_cue",
    "stack_inputs",
]

# The base probability is clipped before its logit so a saturated 0/1 stays finite.
LOGIT_EPS = 1e-6
# Hedge counts beyond this add nothing in the stack: a sentence with five "some" is not five
# times as uncertain, and an uncapped count would let one long list dominate the logit.
_COUNT_CAP = 3.0
# Attribution cues: the reporting verbs and phrases news uses to put a claim in someone's
# mouth. Presence only; who said it is the attribution extractor's job.
ATTRIBUTION_CUE = re.compile(
    r"\b(?:said|says|say|saying|told|tells|tell|according\s+to|stated|states|claimed|claims|"
    r"announced|reported|reports|added|alleged|alleges|insisted|insists|denied|denies|"
    r"warned|warns|acknowledged|admitted|confirmed|quoted)\b",
    re.IGNORECASE,
)
#: The hedge categories the Szeged guidelines annotate as cues: approximations ("about
#: 1,000") and vague quantifiers ("some say") are left out, as Szeged leaves them out.
SZEGED_CUE_CATEGORIES: frozenset[str] = UNCERTAINTY_CATEGORIES - {"estimation", "vague"}
#: The two base-logit columns: the logit where the sentence holds a Szeged-kind cue (or a
#: negated booster), and where it holds none (the other column is 0).
BASE_COLUMNS: tuple[str, str] = ("base_logit_with_cue", "base_logit_without_cue")
#: Stack input columns, in order: the base logit (two columns, see :data:`BASE_COLUMNS`), one
#: capped count per hedge category (asserted boosters only in ``n_booster``), negated
#: boosters, attribution-cue presence.
STACK_FEATURES: tuple[str, ...] = (
    *BASE_COLUMNS,
    *(f"n_{category}" for category in CATEGORIES),
    "n_negated_booster",
    "attribution_cue",
)
#: Candidate targets for the UW stack: a sentence is "not fully factual" when its least
#: factual event is below the threshold (factuality runs from −3 to +3).
FACTUALITY_THRESHOLDS: tuple[float, ...] = (3.0, 2.5, 2.0)


def _logit(proba: np.ndarray) -> np.ndarray:
    clipped = np.clip(np.asarray(proba, dtype=np.float64), LOGIT_EPS, 1.0 - LOGIT_EPS)
    return np.log(clipped / (1.0 - clipped))


def has_szeged_cue(hedges: Sequence[Any]) -> bool:
    """True when ``hedges`` hold a cue of :data:`SZEGED_CUE_CATEGORIES` or a negated booster."""
    return any(
        span.category in SZEGED_CUE_CATEGORIES or (span.category == "booster" and span.negated)
        for span in hedges
    )


def _hedge_row(hedges: Sequence[Any], text: str) -> list[float]:
    """Capped category counts, capped negated-booster count, attribution-cue presence."""
    counts = dict.fromkeys(CATEGORIES, 0.0)
    negated_boosters = 0.0
    for span in hedges:
        if span.category == "booster" and span.negated:
            negated_boosters += 1
        else:
            counts[span.category] += 1
    capped = [min(counts[c], _COUNT_CAP) for c in CATEGORIES]
    attribution = 1.0 if ATTRIBUTION_CUE.search(text) else 0.0
    return [*capped, min(negated_boosters, _COUNT_CAP), attribution]


def stack_inputs(
    base_proba: np.ndarray,
    texts: Sequence[str],
    hedges: Sequence[Sequence[Any]] | None = None,
) -> np.ndarray:
    """The stack's input matrix (columns :data:`STACK_FEATURES`) for ``texts``.

    ``hedges``, when given, are the :class:`~credence.features.hedges.HedgeExtractor` spans of
    each text (so that a caller who needs them too extracts them once).
    """
    if hedges is None:
        extractor = HedgeExtractor()
        spans: Sequence[Sequence[Any]] = [extractor.extract(text) for text in texts]
    else:
        spans = hedges
    rows = [_hedge_row(hedges, text) for hedges, text in zip(spans, texts, strict=True)]
    width = len(STACK_FEATURES) - len(BASE_COLUMNS)
    hedge_block = np.asarray(rows, dtype=np.float64).reshape(len(rows), width)
    with_cue = np.asarray([has_szeged_cue(hedges) for hedges in spans], dtype=bool)
    logit = _logit(base_proba)
    base_block = np.column_stack([np.where(with_cue, logit, 0.0), np.where(with_cue, 0.0, logit)])
    return np.hstack([base_block.reshape(len(rows), 2), hedge_block])


class UncertaintyStack:
    """Second stage: a logistic regression over the base logit and hedge-category counts.

    Parameters
    ----------
    classifier : SignConstrainedLogit
        Fitted on :func:`stack_inputs` rows (columns :data:`STACK_FEATURES`).
    target : str
        What the positive class means (e.g. ``"UW min event factuality < 2.5"``).

    Notes
    -----
    The regression is its own calibration: it is fitted by log-loss on the stacking data
    (a Platt fit with extra inputs), and the out-of-fold Brier score and ECE recorded by
    :func:`fit_uncertainty_stack` check it. Keeping a single linear layer keeps the weights
    readable: :meth:`weights` is what :meth:`UncertaintyModel.explain` reports.
    """

    def __init__(self, classifier: SignConstrainedLogit, target: str) -> None:
        self.classifier = classifier
        self.target = target

    def weights_array(self) -> np.ndarray:
        """The coefficients in :data:`STACK_FEATURES` order (as many as it was fitted with)."""
        return np.asarray(self.classifier.coef_[0], dtype=np.float64)

    def weights(self) -> dict[str, float]:
        """``{stack feature: coefficient}`` (positive pushes towards "uncertain")."""
        coef = self.weights_array()
        return {name: float(w) for name, w in zip(STACK_FEATURES, coef, strict=True)}

    @property
    def intercept(self) -> float:
        return float(self.classifier.intercept_[0])

    def decision(self, inputs: np.ndarray) -> np.ndarray:
        """The stacked logit for rows of :func:`stack_inputs`."""
        return self.classifier.decision_function(inputs)

    def predict_proba(self, inputs: np.ndarray) -> np.ndarray:
        """P(uncertain) for rows of :func:`stack_inputs`."""
        return self.classifier.predict_proba(inputs)[:, 1]


class SignConstrainedLogit:
    """L2-regularised logistic regression whose coefficients may be sign-constrained.

    Fitted by L-BFGS-B on the mean log-loss plus ``||w||² / (2·C·n)`` (the intercept is not
    penalised), from zeros, so it is deterministic. ``lower``/``upper`` bound each coefficient
    (``None`` = free). Exposes ``coef_``, ``intercept_``, ``decision_function`` and
    ``predict_proba`` like :class:`~sklearn.linear_model.LogisticRegression`.
    """

    def __init__(
        self,
        lower: Sequence[float | None],
        upper: Sequence[float | None],
        C: float = 1.0,  # noqa: N803 - sklearn's name for the inverse regularisation
    ) -> None:
        self.lower = list(lower)
        self.upper = list(upper)
        self.C = C

    def fit(self, inputs: np.ndarray, targets: np.ndarray) -> SignConstrainedLogit:
        from scipy.optimize import minimize

        x = np.asarray(inputs, dtype=np.float64)
        y = np.asarray(targets, dtype=np.float64)
        n, d = x.shape
        penalty = 1.0 / (self.C * n)

        def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
            z = x @ w[:d] + w[d]
            p = 1.0 / (1.0 + np.exp(-z))
            value = float(np.mean(np.logaddexp(0.0, z) - y * z)) + 0.5 * penalty * w[:d] @ w[:d]
            grad = np.append(x.T @ (p - y) / n + penalty * w[:d], np.mean(p - y))
            return value, grad

        bounds = [*zip(self.lower, self.upper, strict=True), (None, None)]
        result = minimize(loss, np.zeros(d + 1), jac=True, method="L-BFGS-B", bounds=bounds)
        self.coef_ = result.x[:d][None, :]
        self.intercept_ = result.x[d:]
        self.classes_ = np.array([False, True])
        return self

    def decision_function(self, inputs: np.ndarray) -> np.ndarray:
        return np.asarray(inputs, dtype=np.float64) @ self.coef_[0] + self.intercept_[0]

    def predict_proba(self, inputs: np.ndarray) -> np.ndarray:
        positive = 1.0 / (1.0 + np.exp(-self.decision_function(inputs)))
        return np.column_stack([1.0 - positive, positive])


def _stack_bounds() -> tuple[list[float | None], list[float | None]]:
    """Sign constraints of the stack: the domain prior, not something the data decides.

    An uncertainty cue (every hedge category, a negated booster) can never make a sentence
    *more* certain, and an asserted booster never less; the base logit (both columns) can
    only agree with the stack. Without them UW, whose target counts any non-factual event
    (negation, future, many-event sentences), learns negative weights for estimation, hearsay and
    unverifiability given the base logit: it annotates the event, not the hedging of the
    claim ("more than 5,500 people were injured" is factual there). The attribution cue is
    free.
    """
    lower: list[float | None] = []
    upper: list[float | None] = []
    for name in STACK_FEATURES:
        if name == "attribution_cue":
            lower.append(None)
            upper.append(None)
        elif name == "n_booster":
            lower.append(None)
            upper.append(0.0)
        else:
            lower.append(0.0)
            upper.append(None)
    return lower, upper


def _fit_stack_classifier(inputs: np.ndarray, targets: np.ndarray) -> SignConstrainedLogit:
    # Mild L2 (C=1): a dozen inputs and thousands of rows.
    lower, upper = _stack_bounds()
    return SignConstrainedLogit(lower, upper, C=1.0).fit(inputs, targets)


def _stack_out_of_fold(
    inputs: np.ndarray, targets: np.ndarray, groups: np.ndarray, folds: int
) -> np.ndarray:
    from sklearn.model_selection import GroupKFold

    out_of_fold = np.zeros(len(targets))
    for train_idx, test_idx in GroupKFold(n_splits=folds).split(inputs, targets, groups):
        classifier = _fit_stack_classifier(inputs[train_idx], targets[train_idx])
        out_of_fold[test_idx] = classifier.predict_proba(inputs[test_idx])[:, 1]
    return out_of_fold


def fit_uncertainty_stack(
    model: UncertaintyModel,
    texts: Sequence[str],
    targets: Sequence[bool],
    *,
    groups: Sequence[str] | None = None,
    cv_folds: int = 5,
    target: str = "uncertain",
    random_state: int = 0,
    base_proba: np.ndarray | None = None,
) -> tuple[UncertaintyStack, dict[str, Any]]:
    """Fit the second stage on ``texts`` (not seen by the base model) and their targets.

    Parameters
    ----------
    model : UncertaintyModel
        The fitted base model (its own stack, if any, is ignored).
    texts : sequence of str
        Stacking sentences, e.g. news.
    targets : sequence of bool
        True where the sentence is uncertain / not fully factual.
    groups : sequence of str, optional
        Document id per text: with ``cv_folds >= 2`` grouped out-of-fold metrics are added.
    target : str
        Description of the positive class, recorded with the stack.
    random_state : int
        Unused by the deterministic lbfgs solver; kept for a uniform training signature.
    base_proba : numpy.ndarray, optional
        Precomputed base P(uncertain) of ``texts`` (saves a pass when fitting several stacks).

    Returns
    -------
    (UncertaintyStack, dict)
        The stack fitted on all rows, and ``n``, ``positive_rate``, ``weights``,
        ``intercept`` and, with groups, ``cv`` (out-of-fold Brier, ECE, log-loss and F1 of
        the uncertain class at 0.5).
    """
    from sklearn.metrics import f1_score

    from credence.models.uncertainty_evaluation import brier, ece

    del random_state
    texts = list(texts)
    y = np.asarray([bool(t) for t in targets])
    if len(y) != len(texts):
        raise ValueError(f"texts and targets must match. Got {len(texts)} and {len(y)}.")
    if len(set(y.tolist())) < 2:
        raise ValueError("Stacking needs both uncertain and certain examples.")
    if base_proba is None:
        base_proba = model.predict_proba_base(texts)
    inputs = stack_inputs(base_proba, texts)
    stack = UncertaintyStack(_fit_stack_classifier(inputs, y), target)
    metrics: dict[str, Any] = {
        "n": len(texts),
        "target": target,
        "positive_rate": float(y.mean()),
        "weights": stack.weights(),
        "intercept": stack.intercept,
        "cv": None,
    }
    if groups is not None and cv_folds >= 2:
        out_of_fold = _stack_out_of_fold(inputs, y, np.asarray(list(groups)), cv_folds)
        clipped = np.clip(out_of_fold, LOGIT_EPS, 1 - LOGIT_EPS)
        metrics["cv"] = {
            "folds": cv_folds,
            "brier": brier(y.astype(float), out_of_fold),
            "ece": ece(y.astype(float), out_of_fold),
            "log_loss": float(-np.mean(y * np.log(clipped) + (~y) * np.log(1 - clipped))),
            "f1_uncertain": float(f1_score(y, out_of_fold >= 0.5, zero_division=0)),
        }
    return stack, metrics


def _choose_threshold(
    base_proba: np.ndarray,
    texts: Sequence[str],
    factuality: np.ndarray,
    groups: Sequence[str],
    cv_folds: int,
) -> tuple[float, dict[str, float]]:
    """The candidate threshold whose out-of-fold stack correlates best with factuality.

    The criterion (Spearman of the out-of-fold P(uncertain) with min factuality, most
    negative wins) does not depend on the threshold, so candidates are comparable.
    """
    from scipy.stats import spearmanr

    inputs = stack_inputs(base_proba, texts)
    group_array = np.asarray(list(groups))
    scores: dict[str, float] = {}
    for threshold in FACTUALITY_THRESHOLDS:
        y = factuality < threshold
        out_of_fold = _stack_out_of_fold(inputs, y, group_array, cv_folds)
        scores[str(threshold)] = float(spearmanr(out_of_fold, factuality)[0])
    best = min(FACTUALITY_THRESHOLDS, key=lambda t: scores[str(t)])
    return best, scores
