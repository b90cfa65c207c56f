"""The trained uncertainty model: P(a sentence is hedged / uncertain).

Features are word 1–2-gram TF-IDF, character 2–5-gram TF-IDF (``char_wb``) and the
:class:`~credence.features.hedges.HedgeExtractor` counts (max-abs scaled, so a missing cue
stays 0), joined by a ``FeatureUnion`` and fed to a class-balanced logistic regression that is
calibrated with ``CalibratedClassifierCV`` (sigmoid, 3 folds, ``ensemble=False``).

Calibration wraps the classifier step rather than the whole pipeline: the text is featurised
once instead of four times, and the saved model holds one copy of the vocabularies (the model
stays a few MB). The TF-IDF vocabularies are unsupervised, so fitting them on the calibration
folds leaks no labels.

Labels are ``"certain"`` and ``"uncertain"``. Cross-validation is grouped by document
(:class:`~sklearn.model_selection.GroupKFold`), never by row: sentences of one document share
wording and would inflate the scores.

**News stage (stacking).** Szeged (Wikipedia + biomedical) never annotates hearsay, and
its base model misses much of how news hedges ("I think", "so-called", "accusing"). An
optional second stage, :class:`UncertaintyStack`, is a sign-constrained logistic regression
fitted on *news* annotations whose inputs are the logit of the base model's P(uncertain), the
hedge extractor's per-category counts and the presence of an attribution cue. The default
model fits it on credence's own Szeged-style cue annotation of news sentences (the dev part and
the round-1 blind part, :data:`DEFAULT_STACK_ANNOTATIONS`: standoff over PolNeAR training
articles; see :func:`news_stacking_data`); the round-2 blind part
(``tests/fixtures/uncertainty_news_blind2.tsv``) is kept for evaluation. The base model never saw
those sentences, so its predictions on them are honest inputs. The signs are constrained (a
hedge cue never lowers P(uncertain), see :func:`_stack_bounds`); an attribution cue is free,
and news data teaches it that reporting alone is not uncertainty. With a stack,
:meth:`UncertaintyModel.predict_proba` returns the stacked probability and
:meth:`UncertaintyModel.predict_proba_base` the Szeged-only one.
"""

from __future__ import annotations

import os
import re
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import minimize
from scipy.stats import spearmanr
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import GroupKFold
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import MaxAbsScaler

from credence.errors import DataError, ModelError
from credence.features.hedges import CATEGORIES, HedgeExtractor
from credence.models.persistence import (
    load_model,
    save_model,
    sha256_files,
    write_training_texts,
)
from credence.models.text_features import ngram_vectorizers

__all__ = [
    "LABELS",
    "UncertaintyModel",
    "UncertaintyStack",
    "SignConstrainedLogit",
    "STACK_FEATURES",
    "FACTUALITY_THRESHOLDS",
    "fit_uncertainty_stack",
    "factuality_stacking_data",
    "news_stacking_data",
    "DEFAULT_STACK_ANNOTATIONS",
    "cue_contributions",
    "moving_cues",
    "CUE_TOLERANCE",
    "stack_inputs",
    "build_uncertainty_model",
    "train_uncertainty",
    "evaluate_uncertainty",
    "load_uncertainty_jsonl",
    "load_labelled_tsv",
    "factuality_correlation",
    "train_default_uncertainty",
]

#: Class labels, negative first; ``predict_proba`` returns P(``LABELS[1]``).
LABELS: tuple[str, str] = ("certain", "uncertain")
_POSITIVE = LABELS[1]
_KIND = "uncertainty"
# Caps that keep the saved model well under 8 MB (vocabularies dominate its size).
_WORD_FEATURES = 40_000
_CHAR_FEATURES = 60_000
# The base probability is clipped before its logit so a saturated 0/1 stays finite.
_LOGIT_EPS = 1e-6
# Hedge counts beyond this add nothing in the stack: a sentence with five "some" is not five
# times as uncertain, and an uncapped count would let one long list dominate the logit.
_COUNT_CAP = 3.0
# Attribution cues: the reporting verbs and phrases news uses to put a claim in someone's
# mouth. Presence only; who said it is the attribution extractor's job.
_ATTRIBUTION_RE = re.compile(
    r"\b(?:said|says|say|saying|told|tells|tell|according\s+to|stated|states|claimed|claims|"
    r"announced|reported|reports|added|alleged|alleges|insisted|insists|denied|denies|"
    r"warned|warns|acknowledged|admitted|confirmed|quoted)\b",
    re.IGNORECASE,
)
#: Stack input columns, in order: the base logit, one capped count per hedge category
#: (asserted boosters only in ``n_booster``), negated boosters, attribution-cue presence.
STACK_FEATURES: tuple[str, ...] = (
    "base_logit",
    *(f"n_{category}" for category in CATEGORIES),
    "n_negated_booster",
    "attribution_cue",
)
#: Candidate targets for the UW stack: a sentence is "not fully factual" when its least
#: factual event is below the threshold (factuality runs from −3 to +3).
FACTUALITY_THRESHOLDS: tuple[float, ...] = (3.0, 2.5, 2.0)
# UW CoNLL files carry no document ids; consecutive sentences come from one article, so
# blocks of this many consecutive sentences keep (most of) an article inside one CV group.
_UW_BLOCK = 40


def _brier(y_true: np.ndarray, proba: np.ndarray) -> float:
    return float(np.mean((proba - y_true) ** 2))


def _ece(y_true: np.ndarray, proba: np.ndarray, n_bins: int = 10) -> float:
    index = np.minimum((proba * n_bins).astype(int), n_bins - 1)
    total = 0.0
    for b in range(n_bins):
        mask = index == b
        if mask.any():
            total += mask.sum() * abs(y_true[mask].mean() - proba[mask].mean())
    return float(total / len(proba)) if len(proba) else 0.0


def _summary(labels: Sequence[str], proba: np.ndarray, threshold: float = 0.5) -> dict[str, Any]:
    """n, accuracy, macro-F1, F1 per class, confusion, Brier and ECE of P(uncertain)."""
    predicted = [_POSITIVE if p >= threshold else LABELS[0] for p in proba]
    try:
        from credence.models.metrics import classification_summary
    except ImportError:  # pragma: no cover - only while the shared metrics module is absent
        classification_summary = None
    if classification_summary is not None:
        return classification_summary(
            list(labels), predicted, proba, labels=list(LABELS), n_bins=10
        )
    y = np.asarray([label == _POSITIVE for label in labels], dtype=np.float64)
    per_class = f1_score(
        list(labels), predicted, labels=list(LABELS), average=None, zero_division=0
    )
    from sklearn.metrics import confusion_matrix

    return {
        "n": len(labels),
        "accuracy": float(np.mean([a == b for a, b in zip(labels, predicted, strict=True)])),
        "macro_f1": float(np.mean(per_class)),
        "f1_per_class": dict(zip(LABELS, map(float, per_class), strict=True)),
        "confusion": confusion_matrix(list(labels), predicted, labels=list(LABELS)).tolist(),
        "labels": list(LABELS),
        "brier": _brier(y, proba),
        "ece": _ece(y, proba),
    }


def _check_labels(texts: Sequence[str], labels: Sequence[str], where: str = "labels") -> None:
    if len(texts) != len(labels):
        raise ValueError(
            f"texts and labels must have the same length. Got {len(texts)} and {len(labels)}."
        )
    unknown = sorted({label for label in labels if label not in LABELS})
    if unknown:
        raise ValueError(f"The {where} must be 'certain' or 'uncertain'. Got {unknown[:3]}.")


def build_uncertainty_model(random_state: int = 0) -> Pipeline:
    """Return the unfitted pipeline ``features`` → calibrated logistic regression.

    Examples
    --------
    >>> pipe = build_uncertainty_model()
    >>> [name for name, _ in pipe.named_steps["features"].transformer_list]
    ['word', 'char', 'hedges']
    """
    features = FeatureUnion(
        [
            *ngram_vectorizers(_WORD_FEATURES, _CHAR_FEATURES, dtype=np.float32),
            ("hedges", Pipeline([("extract", HedgeExtractor()), ("scale", MaxAbsScaler())])),
        ]
    )
    classifier = CalibratedClassifierCV(
        LogisticRegression(
            C=4.0, class_weight="balanced", max_iter=2000, solver="liblinear", dual=True,
            random_state=random_state,
        ),
        method="sigmoid",
        cv=3,
        ensemble=False,
    )  # fmt: skip
    # dual liblinear: far fewer rows than features, so the dual problem solves ~5x faster.
    return Pipeline([("features", features), ("classifier", classifier)])


def _logit(proba: np.ndarray) -> np.ndarray:
    clipped = np.clip(np.asarray(proba, dtype=np.float64), _LOGIT_EPS, 1.0 - _LOGIT_EPS)
    return np.log(clipped / (1.0 - clipped))


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
    attribution = 1.0 if _ATTRIBUTION_RE.search(text) else 0.0
    return [*capped, min(negated_boosters, _COUNT_CAP), attribution]


def stack_inputs(base_proba: np.ndarray, texts: Sequence[str]) -> np.ndarray:
    """The stack's input matrix (columns :data:`STACK_FEATURES`) for ``texts``."""
    extractor = HedgeExtractor()
    rows = [_hedge_row(extractor.extract(text), text) for text in texts]
    hedge_block = np.asarray(rows, dtype=np.float64).reshape(len(rows), len(STACK_FEATURES) - 1)
    return np.hstack([_logit(base_proba)[:, None], hedge_block])


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

    def weights(self) -> dict[str, float]:
        """``{stack feature: coefficient}`` (positive pushes towards "uncertain")."""
        coef = self.classifier.coef_[0]
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


class UncertaintyModel:
    """A fitted uncertainty pipeline with probability, explanation and persistence.

    Parameters
    ----------
    pipeline : sklearn.pipeline.Pipeline
        A fitted pipeline from :func:`build_uncertainty_model`.
    meta : dict, optional
        The manifest it was loaded with (metrics, data hashes, versions).

    Examples
    --------
    >>> texts = ["It may rain.", "It rained.", "Troops were reportedly sent.", "Troops left.",
    ...          "This could be true.", "This is true."] * 3
    >>> labels = ["uncertain", "certain"] * 9
    >>> model, _ = train_uncertainty(texts, labels, cv_folds=0)
    >>> bool(model.predict_proba(["It may snow."])[0] > model.predict_proba(["It snowed."])[0])
    True
    """

    def __init__(
        self,
        pipeline: Pipeline,
        meta: dict[str, Any] | None = None,
        stack: UncertaintyStack | None = None,
    ) -> None:
        self.pipeline = pipeline
        self.meta = dict(meta or {})
        self.stack = stack
        self._feature_names: np.ndarray | None = None

    @property
    def classes_(self) -> np.ndarray:
        return np.asarray(self.pipeline.classes_)

    def predict_proba_base(self, texts: Sequence[str]) -> np.ndarray:
        """P(uncertain) of the base (Szeged-trained) pipeline alone, shape ``(n,)``."""
        texts = [texts] if isinstance(texts, str) else list(texts)
        if not texts:
            return np.zeros(0)
        proba = self.pipeline.predict_proba(texts)
        return proba[:, list(self.pipeline.classes_).index(_POSITIVE)]

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """P(uncertain) for each text, shape ``(n,)``: stacked when a stack is fitted."""
        texts = [texts] if isinstance(texts, str) else list(texts)
        base = self.predict_proba_base(texts)
        if self.stack is None or not texts:
            return base
        return self.stack.predict_proba(stack_inputs(base, texts))

    def predict(self, texts: Sequence[str], threshold: float = 0.5) -> list[str]:
        """``"uncertain"`` where P(uncertain) ≥ ``threshold``, else ``"certain"``."""
        return [_POSITIVE if p >= threshold else LABELS[0] for p in self.predict_proba(texts)]

    def _linear(self) -> LogisticRegression:
        calibrated = self.pipeline.named_steps["classifier"]
        return calibrated.calibrated_classifiers_[0].estimator

    def _base_logit_slope(self) -> float:
        """Slope of logit(P_base) in the linear decision: the sigmoid calibrator's ``-a``."""
        calibrated = self.pipeline.named_steps["classifier"].calibrated_classifiers_[0]
        calibrator = calibrated.calibrators[0]
        # sklearn's sigmoid calibration is P = 1 / (1 + exp(a·f + b)), so logit(P) = −a·f − b.
        return float(-calibrator.a_) if hasattr(calibrator, "a_") else 1.0

    def explain_base(
        self, text: str, top_k: int = 8, *, include_char: bool = False
    ) -> list[tuple[str, float]]:
        """The base-model features of ``text`` that move its (uncalibrated) logit most.

        A weight is the feature value times the logistic-regression coefficient (positive
        pushes towards "uncertain"). Hedge-count features are attributed to the hedge spans
        behind them (each span gets its share of the count). Character n-grams are left out
        unless ``include_char`` (they are many and hard to read).
        """
        features: FeatureUnion = self.pipeline.named_steps["features"]
        if self._feature_names is None:
            self._feature_names = features.get_feature_names_out()
        row = features.transform([text]).tocsr()
        coef = self._linear().coef_[0]
        sign = 1.0 if self._linear().classes_[1] == _POSITIVE else -1.0
        hedges = HedgeExtractor().extract(text)
        contributions: list[tuple[str, float]] = []
        for index, value in zip(row.indices, row.data, strict=True):
            weight = float(sign * value * coef[index])
            if weight == 0.0:
                continue
            block, _, name = str(self._feature_names[index]).partition("__")
            if block == "word":
                contributions.append((f"word '{name}'", weight))
            elif block == "char":
                if include_char:
                    contributions.append((f"char '{name}'", weight))
            else:
                feature = name.rsplit("__", 1)[-1]
                spans = _spans_of_feature(feature, hedges)
                if spans:
                    for span in spans:
                        contributions.append((span.explanation, weight / len(spans)))
                else:
                    contributions.append((f"hedge feature '{feature}'", weight))
        return _ranked(contributions, top_k)

    def explain(
        self, text: str, top_k: int = 8, *, include_char: bool = False
    ) -> list[tuple[str, float]]:
        """The features of ``text`` that move its logit most, as ``(description, weight)``.

        Without a stack this is :meth:`explain_base`. With a stack, weights are on the
        *stacked* logit: each hedge span carries its category's learned stack coefficient
        (``"... [news stack]"``; counts above the cap share it), the attribution cue its
        coefficient, and the base model's n-grams and hedge features their base weight times
        the stack's weight on the base logit (times the calibration slope), so they are
        comparable with the stack terms. Positive pushes towards "uncertain".

        Examples
        --------
        >>> model, _ = train_uncertainty(["It may rain.", "It rained."] * 5,
        ...                              ["uncertain", "certain"] * 5, cv_folds=0)
        >>> weights = dict(model.explain("It may rain.", top_k=50))
        >>> weights["word 'may'"] > 0, weights["hedge cue 'may' (epistemic)"] > 0
        (True, True)
        """
        base_terms = self.explain_base(text, top_k=10_000, include_char=include_char)
        if self.stack is None:
            return base_terms[:top_k]
        weights = self.stack.weights()
        scale = weights["base_logit"] * self._base_logit_slope()
        contributions = [(f"{name} [base]", w * scale) for name, w in base_terms]
        hedges = HedgeExtractor().extract(text)
        inputs = stack_inputs(np.zeros(1) + 0.5, [text])[0]
        for column, feature in enumerate(STACK_FEATURES[1:], start=1):
            if inputs[column] == 0.0:
                continue
            total = float(inputs[column] * weights[feature])
            if feature == "attribution_cue":
                match = _ATTRIBUTION_RE.search(text)
                cue = match.group(0) if match else "?"
                contributions.append((f"attribution cue '{cue}' [news stack]", total))
                continue
            spans = _spans_of_feature(feature, hedges)
            for span in spans:
                contributions.append((f"{span.explanation} [news stack]", total / len(spans)))
        return _ranked(contributions, top_k)

    def save(
        self,
        directory: str | os.PathLike[str],
        *,
        training_data: dict[str, str] | None = None,
        metrics: dict[str, Any] | None = None,
    ) -> Path:
        """Write the model directory (``model.joblib`` + ``meta.json``) atomically."""
        extra: dict[str, Any] = {"labels": list(LABELS), "positive_label": _POSITIVE}
        if self.stack is not None:
            extra["stack"] = {
                "target": self.stack.target,
                "features": list(STACK_FEATURES),
                "weights": self.stack.weights(),
                "intercept": self.stack.intercept,
            }
        return save_model(
            {"base": self.pipeline, "stack": self.stack},
            directory,
            kind=_KIND,
            training_data=training_data,
            metrics=metrics if metrics is not None else self.meta.get("metrics"),
            extractors={HedgeExtractor.name: HedgeExtractor.version},
            extra=extra,
        )

    @classmethod
    def load(cls, directory: str | os.PathLike[str]) -> UncertaintyModel:
        """Load a saved model after checking hash, versions and extractor versions.

        .. warning:: ``model.joblib`` is a pickle; load only models you trust.
        """
        saved, meta = load_model(directory, kind=_KIND)
        recorded = meta.get("extractors", {}).get(HedgeExtractor.name)
        if recorded is not None and recorded != HedgeExtractor.version:
            raise ModelError(
                f"{directory}: trained with hedges extractor v{recorded}, installed is "
                f"v{HedgeExtractor.version}; retrain it with `credence train`."
            )
        # Models saved before the news stage hold the bare pipeline.
        pipeline, stack = (
            (saved.get("base"), saved.get("stack")) if isinstance(saved, dict) else (saved, None)
        )
        if not isinstance(pipeline, Pipeline) or "features" not in pipeline.named_steps:
            raise ModelError(f"{directory}: model.joblib does not hold an uncertainty pipeline.")
        if stack is not None and not isinstance(stack, UncertaintyStack):
            raise ModelError(f"{directory}: model.joblib holds an unknown second stage.")
        return cls(pipeline, meta, stack)


def _ranked(contributions: Sequence[tuple[str, float]], top_k: int) -> list[tuple[str, float]]:
    merged: dict[str, float] = {}
    for description, weight in contributions:  # one line per span or n-gram
        merged[description] = merged.get(description, 0.0) + weight
    # A term that adds nothing to the logit (a cue whose learned weight is 0) is no reason.
    moving = [(name, weight) for name, weight in merged.items() if weight != 0.0]
    return sorted(moving, key=lambda item: -abs(item[1]))[:top_k]


#: Smallest change in P(uncertain) for which a cue counts as a reason (0.5 percentage points).
CUE_TOLERANCE = 0.005


def _without(text: str, start: int, end: int) -> str:
    """``text`` with ``text[start:end]`` cut out, the words around it joined by one space."""
    left, right = text[:start].rstrip(), text[end:].lstrip()
    if not left or not right or not right[0].isalnum():
        return left + right
    return f"{left} {right}"


def cue_contributions(
    model: Any,
    texts: Sequence[str],
    cue_spans: Sequence[Sequence[tuple[int, int]]],
    proba: Sequence[float] | None = None,
    *,
    batch_size: int = 2048,
) -> list[list[float]]:
    """How much each cue moves P(uncertain): ``P(text) − P(text without the cue)``.

    Parameters
    ----------
    model : object
        Anything with ``predict_proba(texts) -> P(uncertain)`` (an :class:`UncertaintyModel`).
    texts : sequence of str
        The texts scored.
    cue_spans : sequence of sequences of (start, end)
        Per text, the character offsets (into that text) of its cues.
    proba : sequence of float, optional
        ``model.predict_proba(texts)`` when already computed (saves a pass).

    Returns
    -------
    list of list of float
        Per text, one change per cue, in the order given: positive when the cue made the text
        more uncertain. It is measured on the whole model (n-grams, hedge counts and stack
        alike), so a cue whose learned weights are all 0 gets exactly 0.

    Examples
    --------
    >>> class Toy:
    ...     def predict_proba(self, texts):
    ...         return [0.9 if "may" in t else 0.1 for t in texts]
    >>> cue_contributions(Toy(), ["It may rain, they claim."], [[(3, 6), (17, 22)]])
    [[0.8, 0.0]]
    """
    texts = list(texts)
    if len(cue_spans) != len(texts):
        raise ValueError(
            f"cue_spans must have one entry per text. Got {len(cue_spans)} for {len(texts)}."
        )
    ablated = [
        _without(t, a, b) for t, spans in zip(texts, cue_spans, strict=True) for a, b in spans
    ]
    if proba is None:
        proba = _batched_proba(model, texts, batch_size)
    without = _batched_proba(model, ablated, batch_size)
    out: list[list[float]] = []
    k = 0
    for p, spans in zip(proba, cue_spans, strict=True):
        out.append([round(float(p) - float(without[k + i]), 6) for i in range(len(spans))])
        k += len(spans)
    return out


def _batched_proba(model: Any, texts: Sequence[str], batch_size: int) -> np.ndarray:
    out = np.zeros(len(texts), dtype=np.float64)
    for lo in range(0, len(texts), batch_size):
        chunk = list(texts[lo : lo + batch_size])
        out[lo : lo + len(chunk)] = np.asarray(model.predict_proba(chunk)).reshape(-1)
    return out


def moving_cues(
    cues: Sequence[Any], changes: Sequence[float], tolerance: float = CUE_TOLERANCE
) -> list[tuple[Any, float]]:
    """The cues that are reasons: those that moved P(uncertain) the way their kind says.

    An uncertainty cue (hedge or negated booster) is kept when it raised P(uncertain) by at
    least ``tolerance``; an asserted booster when it lowered it by at least ``tolerance``.
    A cue the model gives no weight, or one that moved P the other way, is left out.
    Returns ``(cue, change)`` pairs, largest change first.
    """
    kept = [
        (cue, float(change))
        for cue, change in zip(cues, changes, strict=True)
        if (change <= -tolerance if getattr(cue, "is_booster", False) else change >= tolerance)
    ]
    return sorted(kept, key=lambda pair: -abs(pair[1]))


def _spans_of_feature(feature: str, hedges: Sequence[Any]) -> list[Any]:
    if feature == "n_negated_booster":
        return [h for h in hedges if h.category == "booster" and h.negated]
    if feature.startswith("n_"):
        category = feature[2:]
        return [
            h
            for h in hedges
            if h.category == category and not (h.category == "booster" and h.negated)
        ]
    if feature in ("any_hedge", "hedge_density"):
        return [h for h in hedges if h.is_uncertainty]
    return []


def _fit_pipeline(texts: Sequence[str], labels: Sequence[str], random_state: int) -> Pipeline:
    pipeline = build_uncertainty_model(random_state=random_state)
    pipeline.fit(list(texts), list(labels))
    return pipeline


def train_uncertainty(
    texts: Sequence[str],
    labels: Sequence[str],
    *,
    groups: Sequence[str] | None = None,
    cv_folds: int = 5,
    random_state: int = 0,
    stack_texts: Sequence[str] | None = None,
    stack_targets: Sequence[bool] | None = None,
    stack_groups: Sequence[str] | None = None,
) -> tuple[UncertaintyModel, dict[str, Any]]:
    """Fit the uncertainty model; cross-validate by ``groups`` first when given.

    Only the base stage is trained unless stacking data is passed: ``stack_texts`` with
    boolean ``stack_targets`` (True = uncertain in the target register, e.g. news) fit an
    :class:`UncertaintyStack` on top of the fitted base model (see
    :func:`fit_uncertainty_stack`). The stacking texts must not overlap the base training
    texts, or the base logit would look more reliable than it is.

    Parameters
    ----------
    texts, labels : sequence of str
        Sentences and their ``"certain"``/``"uncertain"`` labels.
    groups : sequence of str, optional
        Document id of each sentence. Cross-validation folds never split a group; without
        groups no cross-validation is run (a row split would overstate the scores).
    cv_folds : int
        Number of ``GroupKFold`` folds (``0`` or ``1`` skips cross-validation).
    stack_texts, stack_targets, stack_groups : sequence, optional
        Stacking data; ``stack_groups`` (document ids) enables the stack's grouped
        cross-validation.

    Returns
    -------
    (UncertaintyModel, dict)
        The model fitted on all rows, and metrics: ``n``, ``class_counts``, ``seconds`` and,
        with groups, ``cv`` (pooled out-of-fold summary with ``f1_uncertain`` and the
        per-fold F1 of the uncertain class); with stacking data, ``stack`` (see
        :func:`fit_uncertainty_stack`).
    """
    texts = list(texts)
    labels = list(labels)
    _check_labels(texts, labels)
    if len(set(labels)) < 2:
        raise ValueError("Training needs both 'certain' and 'uncertain' examples.")
    started = time.perf_counter()
    metrics: dict[str, Any] = {
        "n": len(texts),
        "class_counts": dict(sorted(Counter(labels).items())),
        "cv": None,
    }
    if groups is not None and cv_folds >= 2:
        groups = list(groups)
        if len(groups) != len(texts):
            raise ValueError(
                f"groups must have one entry per text. Got {len(groups)} for {len(texts)} texts."
            )
        if len(set(groups)) < cv_folds:
            raise ValueError(
                f"cv_folds={cv_folds} needs at least as many distinct groups. "
                f"Got {len(set(groups))}."
            )
        out_of_fold = np.zeros(len(texts))
        fold_f1: list[float] = []
        splitter = GroupKFold(n_splits=cv_folds, shuffle=True, random_state=random_state)
        for train_idx, test_idx in splitter.split(texts, labels, groups):
            fold = _fit_pipeline([texts[i] for i in train_idx], [labels[i] for i in train_idx],
                                 random_state)  # fmt: skip
            proba = UncertaintyModel(fold).predict_proba([texts[i] for i in test_idx])
            out_of_fold[test_idx] = proba
            gold = [labels[i] for i in test_idx]
            predicted = [_POSITIVE if p >= 0.5 else LABELS[0] for p in proba]
            fold_f1.append(float(f1_score(gold, predicted, pos_label=_POSITIVE, zero_division=0)))
        summary = _summary(labels, out_of_fold)
        metrics["cv"] = {
            "folds": cv_folds,
            "grouped": True,
            "f1_uncertain": summary["f1_per_class"][_POSITIVE],
            "f1_uncertain_per_fold": fold_f1,
            **summary,
        }
    pipeline = _fit_pipeline(texts, labels, random_state)
    model = UncertaintyModel(pipeline, {"metrics": metrics})
    if (stack_texts is None) != (stack_targets is None):
        raise ValueError("Pass both stack_texts and stack_targets, or neither.")
    if stack_texts is not None and stack_targets is not None:
        model.stack, metrics["stack"] = fit_uncertainty_stack(
            model, stack_texts, stack_targets, groups=stack_groups, random_state=random_state
        )
    metrics["seconds"] = round(time.perf_counter() - started, 1)
    return model, metrics


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
    *more* certain, and an asserted booster never less; the base logit can only agree with
    the stack. Without them UW, whose target counts any non-factual event (negation, future,
    many-event sentences), learns negative weights for estimation, hearsay and
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
        clipped = np.clip(out_of_fold, _LOGIT_EPS, 1 - _LOGIT_EPS)
        metrics["cv"] = {
            "folds": cv_folds,
            "brier": _brier(y.astype(float), out_of_fold),
            "ece": _ece(y.astype(float), out_of_fold),
            "log_loss": float(-np.mean(y * np.log(clipped) + (~y) * np.log(1 - clipped))),
            "f1_uncertain": float(f1_score(y, out_of_fold >= 0.5, zero_division=0)),
        }
    return stack, metrics


def factuality_stacking_data(
    path: str | os.PathLike[str],
) -> tuple[list[str], np.ndarray, list[str]]:
    """Sentences with events from a UW/MEANTIME CoNLL file: (texts, min factuality, groups).

    The files carry no document ids, and consecutive sentences come from one article, so the
    group of a sentence is its block of ``40`` consecutive sentences (counted over all
    sentences of the file): grouped folds then rarely split an article.
    """
    from credence.models.szeged import load_factuality_conll

    texts: list[str] = []
    values: list[float] = []
    groups: list[str] = []
    for index, sentence in enumerate(load_factuality_conll(path)):
        if sentence.min_factuality is None:
            continue
        texts.append(sentence.text)
        values.append(sentence.min_factuality)
        groups.append(f"block{index // _UW_BLOCK}")
    return texts, np.asarray(values), groups


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
    inputs = stack_inputs(base_proba, texts)
    group_array = np.asarray(list(groups))
    scores: dict[str, float] = {}
    for threshold in FACTUALITY_THRESHOLDS:
        y = factuality < threshold
        out_of_fold = _stack_out_of_fold(inputs, y, group_array, cv_folds)
        scores[str(threshold)] = float(spearmanr(out_of_fold, factuality)[0])
    best = min(FACTUALITY_THRESHOLDS, key=lambda t: scores[str(t)])
    return best, scores


def evaluate_uncertainty(
    model: UncertaintyModel, texts: Sequence[str], labels: Sequence[str]
) -> dict[str, Any]:
    """Score ``model`` on labelled texts.

    Returns
    -------
    dict
        ``n``, ``accuracy``, ``macro_f1``, ``f1_per_class``, ``confusion`` (rows gold,
        columns predicted, order ``labels``), ``labels``, ``brier`` and ``ece`` of
        P(uncertain) (10 equal-width bins).
    """
    texts = list(texts)
    labels = list(labels)
    _check_labels(texts, labels)
    return _summary(labels, model.predict_proba(texts))


def load_uncertainty_jsonl(
    path: str | os.PathLike[str], *, skip_errors: bool = False
) -> tuple[list[dict[str, Any]], int]:
    """Read ``{"text": ..., "label": "certain"|"uncertain"}`` rows (other keys are kept).

    Returns
    -------
    (rows, skipped) : tuple of (list of dict, int)

    Raises
    ------
    DataError
        On the first bad row (its line is named), unless ``skip_errors``: then bad rows are
        counted in ``skipped`` and left out. Rows are read as by
        :func:`credence.models.sentence_data.read_sentence_rows` (same checks and messages).
    """
    from credence.models.sentence_data import read_sentence_rows

    rows, skipped = read_sentence_rows(path, skip_errors=skip_errors)
    return [record for _, record, _ in rows], len(skipped)


def load_labelled_tsv(path: str | os.PathLike[str]) -> tuple[list[str], list[str]]:
    """Read ``label<TAB>text`` rows (``#`` comments allowed) into (texts, labels)."""
    where = os.fspath(path)
    texts: list[str] = []
    labels: list[str] = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        label, sep, text = line.partition("\t")
        if not sep or label not in LABELS or not text.strip():
            raise DataError(where, "expected 'certain|uncertain<TAB>text'", line=number)
        texts.append(text.strip())
        labels.append(label)
    return texts, labels


def factuality_correlation(
    model: UncertaintyModel, path: str | os.PathLike[str], *, base: bool = False
) -> dict[str, Any]:
    """Spearman correlation of P(uncertain) with sentence factuality (UW/MEANTIME CoNLL).

    Sentences without an annotated event are left out. Two aggregations of the events'
    factuality (−3…+3) are reported: ``min`` (the least factual event; the primary one, since
    one hedged event makes the sentence uncertain) and ``mean``. The expected sign is
    negative: more uncertain ↔ less factual. ``base=True`` scores the base model alone.
    """
    from credence.models.szeged import load_factuality_conll

    sentences = [s for s in load_factuality_conll(path) if s.event_values]
    texts = [s.text for s in sentences]
    proba = model.predict_proba_base(texts) if base else model.predict_proba(texts)
    result: dict[str, Any] = {"n": len(sentences)}
    for name in ("min", "mean"):
        values = [getattr(s, f"{name}_factuality") for s in sentences]
        rho, p_value = spearmanr(proba, values)
        result[f"spearman_{name}"] = float(rho)
        result[f"p_value_{name}"] = float(p_value)
    return result


_FIXTURES = Path(__file__).resolve().parents[3] / "tests" / "fixtures"


def _default_news_path() -> Path | None:
    # The news fixture lives in the source tree's tests/ (evaluation only, never trained on);
    # an installed wheel has no tests/, and then no news figure is recorded.
    path = _FIXTURES / "uncertainty_news.tsv"
    return path if path.is_file() else None


def news_stacking_data(
    annotations: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    data_dir: str | os.PathLike[str],
) -> tuple[list[str], np.ndarray, list[str]]:
    """News sentences with Szeged-style cue labels: (texts, uncertain, article groups).

    Parameters
    ----------
    annotations : path or sequence of paths
        Standoff files read by :func:`~credence.models.szeged.load_cue_standoff` (credence's
        are ``tests/fixtures/uncertainty_news_dev.tsv`` and the round-1 blind part,
        ``uncertainty_news_blind.tsv``); their sentences are concatenated in order.
    data_dir : path
        The labelled-data directory (``../shared/data``); the articles are read from its
        ``attribution/`` folder.
    """
    from credence.models.szeged import load_cue_standoff

    paths = [annotations] if isinstance(annotations, (str, os.PathLike)) else list(annotations)
    sentences = [
        sentence
        for path in paths
        for sentence in load_cue_standoff(path, Path(data_dir) / "attribution")
    ]
    texts = [s.text for s in sentences]
    return texts, np.asarray([s.uncertain for s in sentences]), [s.doc_id for s in sentences]


#: The news cue annotations the default stack is fitted on (under ``tests/fixtures``): the
#: dev part and the round-1 blind part, which was looked at once scored. The round-2 blind
#: part, ``uncertainty_news_blind2.tsv``, is never fitted on.
DEFAULT_STACK_ANNOTATIONS: tuple[str, ...] = (
    "uncertainty_news_dev.tsv",
    "uncertainty_news_blind.tsv",
)


def train_default_uncertainty(
    data_dir: Path,
    out_dir: Path,
    *,
    news_path: Path | None = None,
    stack_annotations: Path | Sequence[Path] | None = None,
    cv_folds: int = 3,
    stack_folds: int = 5,
) -> dict[str, Any]:
    """Train the default model (Szeged base, then the news stack) and save it to ``out_dir``.

    Stage 1 is trained on the Szeged train split of
    :func:`~credence.models.szeged.document_split` (dev fraction 0.2, seed 0), with fixed
    seeds. Stage 2 is fitted on the news cue annotations ``stack_annotations`` (by default
    the source tree's ``tests/fixtures/uncertainty_news_dev.tsv``, over the PolNeAR articles
    of ``data_dir``; the base model never saw them), with ``stack_folds``-fold out-of-fold
    figures grouped by article. Without them only the base stage is saved.

    Returns the metrics recorded in ``meta.json``: ``train`` (base grouped CV), ``dev``
    (Szeged dev summary, overall and per wiki/bio) and ``dev_f1_uncertain``, ``stack``
    (weights, out-of-fold F1 and calibration on the news annotations), ``factuality``
    (Spearman with factuality on UW dev and MEANTIME dev, stacked) and ``factuality_base``,
    and, with ``news_path`` (a ``label<TAB>text`` file; by default the source tree's written
    news fixture when present), ``news`` (stacked) and ``news_base``.
    """
    from credence.models.szeged import document_split, load_szeged

    szeged_dir = Path(data_dir) / "uncertainty" / "szeged"
    sentences = load_szeged(szeged_dir)
    train, dev = document_split(sentences, dev_fraction=0.2, seed=0)
    model, cv_metrics = train_uncertainty(
        [s.text for s in train],
        [s.label for s in train],
        groups=[s.group for s in train],
        cv_folds=cv_folds,
        random_state=0,
    )
    metrics: dict[str, Any] = {"train": cv_metrics, "split": {"dev_fraction": 0.2, "seed": 0}}
    # Szeged dev is the base model's own register: it is scored by the base stage.
    dev_texts = [s.text for s in dev]
    dev_proba = model.predict_proba_base(dev_texts)
    metrics["dev"] = {"overall": _summary([s.label for s in dev], dev_proba)}
    for domain in ("wiki", "bio"):
        keep = [i for i, s in enumerate(dev) if s.domain == domain]
        if keep:  # a Szeged directory may hold one domain only
            metrics["dev"][domain] = _summary([dev[i].label for i in keep], dev_proba[keep])
    metrics["dev_f1_uncertain"] = metrics["dev"]["overall"]["f1_per_class"][_POSITIVE]
    data_files = sorted(szeged_dir.glob("*.xml"))
    if stack_annotations is None:
        annotations = [_FIXTURES / name for name in DEFAULT_STACK_ANNOTATIONS]
        annotations = [path for path in annotations if path.is_file()]
    elif isinstance(stack_annotations, (str, os.PathLike)):
        annotations = [Path(stack_annotations)]
    else:
        annotations = [Path(path) for path in stack_annotations]
    if annotations and (Path(data_dir) / "attribution").is_dir():
        texts, targets, groups = news_stacking_data(annotations, data_dir)
        names = " + ".join(path.name for path in annotations)
        model.stack, stack_metrics = fit_uncertainty_stack(
            model,
            texts,
            targets,
            groups=groups,
            cv_folds=stack_folds,
            target=f"news sentence holds a Szeged-style cue ({names})",
        )
        metrics["stack"] = {"groups": "article", **stack_metrics}
        article_dir = Path(data_dir) / "attribution"
        data_files += [*annotations, *sorted({article_dir / g for g in groups})]
    factuality_dir = Path(data_dir) / "factuality"
    metrics["factuality"] = {}
    metrics["factuality_base"] = {}
    for name in ("uw", "meantime"):
        path = factuality_dir / name / "dev.conll"
        if path.is_file():
            metrics["factuality"][name] = factuality_correlation(model, path)
            metrics["factuality_base"][name] = factuality_correlation(model, path, base=True)
    news_path = news_path if news_path is not None else _default_news_path()
    if news_path is not None:
        news_texts, news_labels = load_labelled_tsv(news_path)
        metrics["news"] = evaluate_uncertainty(model, news_texts, news_labels)
        metrics["news_base"] = _summary(news_labels, model.predict_proba_base(news_texts))
    model.save(out_dir, training_data=sha256_files(data_files), metrics=metrics)
    # Fingerprints of every sentence the model learned from, so that `credence evaluate` can
    # say how much of an evaluation set it saw (no text is stored).
    trained_on = [s.text for s in sentences] + (list(texts) if annotations else [])
    write_training_texts(out_dir, {"claims": trained_on})
    return metrics
