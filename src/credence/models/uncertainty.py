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
fitted on *news* annotations whose inputs are the logit of the base model's P(uncertain) (in
one of two columns: whether the hedge extractor found a cue of a kind Szeged annotates or
not), the hedge extractor's per-category counts and the presence of an attribution cue. The
default model fits it on credence's own Szeged-style cue annotation of news sentences (the dev
part, the round-1 blind part and the round-3 training set, :data:`DEFAULT_STACK_ANNOTATIONS`:
standoff over PolNeAR training articles; see :func:`news_stacking_data`); the blind parts of
rounds 2 and 3 (``tests/fixtures/uncertainty_news_blind2.tsv``, ``..._blind3.tsv``) are kept
for evaluation. The base model never saw those sentences, so its predictions on them are
honest inputs. The signs are constrained (a hedge cue never lowers P(uncertain), see
:mod:`~credence.models.uncertainty_stack`); an attribution cue is free, and news data
teaches it that reporting alone is not uncertainty.
With a stack,
:meth:`UncertaintyModel.predict_proba` returns the stacked probability and
:meth:`UncertaintyModel.predict_proba_base` the Szeged-only one.

This module holds :class:`UncertaintyModel`; the rest lives by concept in
:mod:`~credence.models.uncertainty_data` (labels, readers, news annotations),
:mod:`~credence.models.uncertainty_evaluation`, :mod:`~credence.models.uncertainty_stack`,
:mod:`~credence.models.uncertainty_cues` (which cues explain a score) and
:mod:`~credence.models.uncertainty_training`, all re-exported here.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

from credence.errors import ModelError
from credence.features.hedges import HedgeExtractor
from credence.models.persistence import load_model, save_model
from credence.models.uncertainty_cues import (
    CUE_TOLERANCE,
    cue_contributions,
    moving_cues,
    ranked,
    spans_of_feature,
)
from credence.models.uncertainty_data import (
    DEFAULT_STACK_ANNOTATIONS,
    LABELS,
    POSITIVE,
    factuality_stacking_data,
    load_labelled_tsv,
    load_uncertainty_jsonl,
    news_stacking_data,
)
from credence.models.uncertainty_evaluation import evaluate_uncertainty, factuality_correlation
from credence.models.uncertainty_events import EVENT_FEATURES, FactualityHead, event_inputs
from credence.models.uncertainty_outputs import SentenceOutputs, read_outputs
from credence.models.uncertainty_stack import (
    ATTRIBUTION_CUE,
    BASE_COLUMNS,
    FACTUALITY_THRESHOLDS,
    STACK_FEATURES,
    SignConstrainedLogit,
    UncertaintyStack,
    fit_uncertainty_stack,
    has_szeged_cue,
    stack_inputs,
)

if TYPE_CHECKING:
    from credence.models.uncertainty_training import (
        build_uncertainty_model,
        train_default_uncertainty,
        train_uncertainty,
    )

__all__ = [
    "LABELS",
    "UncertaintyModel",
    "UncertaintyStack",
    "FactualityHead",
    "SentenceOutputs",
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

# Training lives in uncertainty_training, which imports this module; its functions are
# re-exported here on first access (their import path since 0.1).
_TRAINING_NAMES = frozenset(
    {"build_uncertainty_model", "train_uncertainty", "train_default_uncertainty"}
)
_KIND = "uncertainty"


def __getattr__(name: str) -> Any:
    if name in _TRAINING_NAMES:
        from credence.models import uncertainty_training

        return getattr(uncertainty_training, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
        factuality: FactualityHead | None = None,
    ) -> None:
        self.pipeline = pipeline
        self.meta = dict(meta or {})
        self.stack = stack
        self.factuality = factuality
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
        return proba[:, list(self.pipeline.classes_).index(POSITIVE)]

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """P(uncertain) for each text, shape ``(n,)``: stacked when a stack is fitted."""
        texts = [texts] if isinstance(texts, str) else list(texts)
        base = self.predict_proba_base(texts)
        if self.stack is None or not texts:
            return base
        return self.stack.predict_proba(stack_inputs(base, texts))

    def predict_proba_factuality(self, texts: Sequence[str]) -> np.ndarray:
        """The second output: P(some event of each text is not presented as certain fact).

        UW event factuality read at the sentence level (a predication whose factuality is
        below 2.5 on −3…+3, see :mod:`~credence.models.uncertainty_events`): future, ability
        and obligation modals, disputed negations and questions count, as hedges do; it is
        not the Szeged-style P(uncertain) of :meth:`predict_proba`.

        Raises
        ------
        ModelError
            When the model was saved without the factuality head.
        """
        if self.factuality is None:
            raise ModelError(
                "This uncertainty model has no event-factuality output; rebuild it with "
                "`python -m credence.models.build_default --only uncertainty`."
            )
        texts = [texts] if isinstance(texts, str) else list(texts)
        if not texts:
            return np.zeros(0)
        return self.factuality.predict_proba(event_inputs(self.predict_proba_base(texts), texts))

    def predict_outputs(self, texts: Sequence[str]) -> SentenceOutputs:
        """Both outputs of ``texts`` in one pass, with the cues that moved the second.

        ``uncertainty`` is :meth:`predict_proba`, ``nonfactual`` is
        :meth:`predict_proba_factuality` (None without the head), ``reasons`` the cues that
        moved it (:mod:`~credence.models.uncertainty_outputs`). What ``credence score``
        reads.

        Examples
        --------
        >>> from credence.models.persistence import default_model_dir
        >>> model = UncertaintyModel.load(default_model_dir("uncertainty"))
        >>> out = model.predict_outputs(["The minister will resign.", "The minister resigned."])
        >>> bool(out.nonfactual[0] > out.nonfactual[1]), out.reasons[0][0][0]
        (True, "modal 'will'")
        """
        texts = [texts] if isinstance(texts, str) else list(texts)
        head = None
        if self.factuality is not None:
            head = (np.asarray(self.factuality.classifier.coef_[0]), self.factuality.intercept)
        stack = None if self.stack is None else self.stack.predict_proba
        return read_outputs(self.predict_proba_base(texts), texts, stack, head)

    def predict(self, texts: Sequence[str], threshold: float = 0.5) -> list[str]:
        """``"uncertain"`` where P(uncertain) ≥ ``threshold``, else ``"certain"``."""
        return [POSITIVE if p >= threshold else LABELS[0] for p in self.predict_proba(texts)]

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
        sign = 1.0 if self._linear().classes_[1] == POSITIVE else -1.0
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
                spans = spans_of_feature(feature, hedges)
                if spans:
                    for span in spans:
                        contributions.append((span.explanation, weight / len(spans)))
                else:
                    contributions.append((f"hedge feature '{feature}'", weight))
        return ranked(contributions, top_k)

    def explain(
        self, text: str, top_k: int = 8, *, include_char: bool = False
    ) -> list[tuple[str, float]]:
        """The features of ``text`` that move its logit most, as ``(description, weight)``.

        Without a stack this is :meth:`explain_base`. With a stack, weights are on the
        *stacked* logit: each hedge span carries its category's learned stack coefficient
        (``"... [news stack]"``; counts above the cap share it), the attribution cue its
        coefficient, and the base model's n-grams and hedge features their base weight times
        the stack's weight on the base logit (times the calibration slope), so they are
        comparable with the stack terms (the stack weighs the base logit by whether the text
        holds a Szeged-kind cue, see :data:`BASE_COLUMNS`). Positive pushes towards
        "uncertain".

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
        hedges = HedgeExtractor().extract(text)
        base_column = BASE_COLUMNS[0] if has_szeged_cue(hedges) else BASE_COLUMNS[1]
        scale = weights[base_column] * self._base_logit_slope()
        contributions = [(f"{name} [base]", w * scale) for name, w in base_terms]
        inputs = stack_inputs(np.zeros(1) + 0.5, [text])[0]
        first = len(BASE_COLUMNS)
        for column, feature in enumerate(STACK_FEATURES[first:], start=first):
            if inputs[column] == 0.0:
                continue
            total = float(inputs[column] * weights[feature])
            if feature == "attribution_cue":
                match = ATTRIBUTION_CUE.search(text)
                cue = match.group(0) if match else "?"
                contributions.append((f"attribution cue '{cue}' [news stack]", total))
                continue
            spans = spans_of_feature(feature, hedges)
            for span in spans:
                contributions.append((f"{span.explanation} [news stack]", total / len(spans)))
        return ranked(contributions, top_k)

    def save(
        self,
        directory: str | os.PathLike[str],
        *,
        training_data: dict[str, str] | None = None,
        metrics: dict[str, Any] | None = None,
    ) -> Path:
        """Write the model directory (``model.joblib`` + ``meta.json``) atomically."""
        extra: dict[str, Any] = {"labels": list(LABELS), "positive_label": POSITIVE}
        if self.stack is not None:
            extra["stack"] = {
                "target": self.stack.target,
                "features": list(STACK_FEATURES),
                "weights": self.stack.weights(),
                "intercept": self.stack.intercept,
            }
        if self.factuality is not None:
            extra["factuality"] = {
                "target": self.factuality.target,
                "features": list(self.factuality.features),
                "weights": self.factuality.weights(),
                "intercept": self.factuality.intercept,
            }
        saved: dict[str, Any] = {"base": self.pipeline, "stack": self.stack}
        if self.factuality is not None:
            saved["factuality"] = self.factuality
        return save_model(
            saved,
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
        parts = saved if isinstance(saved, dict) else {"base": saved}
        pipeline, stack, factuality = (parts.get(k) for k in ("base", "stack", "factuality"))
        if not isinstance(pipeline, Pipeline) or "features" not in pipeline.named_steps:
            raise ModelError(f"{directory}: model.joblib does not hold an uncertainty pipeline.")
        if stack is not None and not isinstance(stack, UncertaintyStack):
            raise ModelError(f"{directory}: model.joblib holds an unknown second stage.")
        if stack is not None and len(stack.weights_array()) != len(STACK_FEATURES):
            raise ModelError(
                f"{directory}: its news stack has {len(stack.weights_array())} inputs, this "
                f"version expects {len(STACK_FEATURES)}; retrain it with `credence train`."
            )
        expected = len(STACK_FEATURES) + len(EVENT_FEATURES)
        if factuality is not None and (
            not isinstance(factuality, FactualityHead) or factuality.n_inputs != expected
        ):
            raise ModelError(
                f"{directory}: its event-factuality head does not match this version "
                f"({expected} inputs expected); retrain it with `credence train`."
            )
        return cls(pipeline, meta, stack, factuality)
