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
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from scipy.stats import spearmanr
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import GroupKFold
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import MaxAbsScaler

from credence.errors import DataError, ModelError
from credence.features.hedges import HedgeExtractor
from credence.models.persistence import load_model, save_model, sha256_files

__all__ = [
    "LABELS",
    "UncertaintyModel",
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
            (
                "word",
                TfidfVectorizer(
                    ngram_range=(1, 2),
                    min_df=2,
                    max_features=_WORD_FEATURES,
                    sublinear_tf=True,
                    dtype=np.float32,
                ),
            ),
            (
                "char",
                TfidfVectorizer(
                    analyzer="char_wb",
                    ngram_range=(2, 5),
                    min_df=3,
                    max_features=_CHAR_FEATURES,
                    sublinear_tf=True,
                    dtype=np.float32,
                ),
            ),
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

    def __init__(self, pipeline: Pipeline, meta: dict[str, Any] | None = None) -> None:
        self.pipeline = pipeline
        self.meta = dict(meta or {})
        self._feature_names: np.ndarray | None = None

    @property
    def classes_(self) -> np.ndarray:
        return np.asarray(self.pipeline.classes_)

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """P(uncertain) for each text, shape ``(n,)``."""
        texts = [texts] if isinstance(texts, str) else list(texts)
        if not texts:
            return np.zeros(0)
        proba = self.pipeline.predict_proba(texts)
        return proba[:, list(self.pipeline.classes_).index(_POSITIVE)]

    def predict(self, texts: Sequence[str], threshold: float = 0.5) -> list[str]:
        """``"uncertain"`` where P(uncertain) ≥ ``threshold``, else ``"certain"``."""
        return [_POSITIVE if p >= threshold else LABELS[0] for p in self.predict_proba(texts)]

    def _linear(self) -> LogisticRegression:
        calibrated = self.pipeline.named_steps["classifier"]
        return calibrated.calibrated_classifiers_[0].estimator

    def explain(
        self, text: str, top_k: int = 8, *, include_char: bool = False
    ) -> list[tuple[str, float]]:
        """The features of ``text`` that move its logit most, as ``(description, weight)``.

        A weight is the feature value times the logistic-regression coefficient (positive
        pushes towards "uncertain"). Hedge-count features are attributed to the hedge spans
        behind them (each span gets its share of the count). Character n-grams are left out
        unless ``include_char`` (they are many and hard to read).

        Examples
        --------
        >>> model, _ = train_uncertainty(["It may rain.", "It rained."] * 5,
        ...                              ["uncertain", "certain"] * 5, cv_folds=0)
        >>> weights = dict(model.explain("It may rain.", top_k=50))
        >>> weights["word 'may'"] > 0, weights["hedge cue 'may' (epistemic)"] > 0
        (True, True)
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
        merged: dict[str, float] = {}
        for description, weight in contributions:  # one line per span or n-gram
            merged[description] = merged.get(description, 0.0) + weight
        ranked = sorted(merged.items(), key=lambda item: -abs(item[1]))
        return ranked[:top_k]

    def save(
        self,
        directory: str | os.PathLike[str],
        *,
        training_data: dict[str, str] | None = None,
        metrics: dict[str, Any] | None = None,
    ) -> Path:
        """Write the model directory (``model.joblib`` + ``meta.json``) atomically."""
        return save_model(
            self.pipeline,
            directory,
            kind=_KIND,
            training_data=training_data,
            metrics=metrics if metrics is not None else self.meta.get("metrics"),
            extractors={HedgeExtractor.name: HedgeExtractor.version},
            extra={"labels": list(LABELS), "positive_label": _POSITIVE},
        )

    @classmethod
    def load(cls, directory: str | os.PathLike[str]) -> UncertaintyModel:
        """Load a saved model after checking hash, versions and extractor versions.

        .. warning:: ``model.joblib`` is a pickle; load only models you trust.
        """
        pipeline, meta = load_model(directory, kind=_KIND)
        recorded = meta.get("extractors", {}).get(HedgeExtractor.name)
        if recorded is not None and recorded != HedgeExtractor.version:
            raise ModelError(
                f"{directory}: trained with hedges extractor v{recorded}, installed is "
                f"v{HedgeExtractor.version}; retrain it with `credence train`."
            )
        if not isinstance(pipeline, Pipeline) or "features" not in pipeline.named_steps:
            raise ModelError(f"{directory}: model.joblib does not hold an uncertainty pipeline.")
        return cls(pipeline, meta)


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
) -> tuple[UncertaintyModel, dict[str, Any]]:
    """Fit the uncertainty model; cross-validate by ``groups`` first when given.

    Parameters
    ----------
    texts, labels : sequence of str
        Sentences and their ``"certain"``/``"uncertain"`` labels.
    groups : sequence of str, optional
        Document id of each sentence. Cross-validation folds never split a group; without
        groups no cross-validation is run (a row split would overstate the scores).
    cv_folds : int
        Number of ``GroupKFold`` folds (``0`` or ``1`` skips cross-validation).

    Returns
    -------
    (UncertaintyModel, dict)
        The model fitted on all rows, and metrics: ``n``, ``class_counts``, ``seconds`` and,
        with groups, ``cv`` (pooled out-of-fold summary with ``f1_uncertain`` and the
        per-fold F1 of the uncertain class).
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
    metrics["seconds"] = round(time.perf_counter() - started, 1)
    return UncertaintyModel(pipeline, {"metrics": metrics}), metrics


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
        counted in ``skipped`` and left out.
    """
    where = os.fspath(path)
    try:
        handle = open(path, encoding="utf-8")
    except OSError as exc:
        raise DataError(where, f"cannot read ({exc.strerror})") from None
    rows: list[dict[str, Any]] = []
    skipped = 0
    with handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                rows.append(_parse_row(line, where, number))
            except DataError:
                if not skip_errors:
                    raise
                skipped += 1
    return rows, skipped


def _parse_row(line: str, where: str, number: int) -> dict[str, Any]:
    try:
        row = json.loads(line)
    except ValueError as exc:
        raise DataError(where, f"not valid JSON ({exc.msg})", line=number) from None
    if not isinstance(row, dict):
        raise DataError(where, "a row must be a JSON object", line=number)
    text, label = row.get("text"), row.get("label")
    if not isinstance(text, str) or not text.strip():
        raise DataError(where, "missing or empty 'text'", line=number)
    if label not in LABELS:
        raise DataError(
            where, f"'label' must be 'certain' or 'uncertain'. Got {label!r}", line=number
        )
    return row


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


def factuality_correlation(model: UncertaintyModel, path: str | os.PathLike[str]) -> dict[str, Any]:
    """Spearman correlation of P(uncertain) with sentence factuality (UW/MEANTIME CoNLL).

    Sentences without an annotated event are left out. Two aggregations of the events'
    factuality (−3…+3) are reported: ``min`` (the least factual event; the primary one, since
    one hedged event makes the sentence uncertain) and ``mean``. The expected sign is
    negative: more uncertain ↔ less factual.
    """
    from credence.models.szeged import load_factuality_conll

    sentences = [s for s in load_factuality_conll(path) if s.event_values]
    proba = model.predict_proba([s.text for s in sentences])
    result: dict[str, Any] = {"n": len(sentences)}
    for name in ("min", "mean"):
        values = [getattr(s, f"{name}_factuality") for s in sentences]
        rho, p_value = spearmanr(proba, values)
        result[f"spearman_{name}"] = float(rho)
        result[f"p_value_{name}"] = float(p_value)
    return result


def train_default_uncertainty(
    data_dir: Path, out_dir: Path, *, news_path: Path | None = None, cv_folds: int = 3
) -> dict[str, Any]:
    """Train the default model on the Szeged train split and save it to ``out_dir``.

    Uses :func:`~credence.models.szeged.document_split` (dev fraction 0.2, seed 0) and fixed
    seeds. Returns the metrics recorded in ``meta.json``: grouped cross-validation on train,
    the dev-split summary (overall and per wiki/bio), Spearman correlations of P(uncertain)
    with factuality on UW dev and MEANTIME dev, and, with ``news_path`` (a
    ``label<TAB>text`` file), the summary on that news-register set.
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
    dev_summary = evaluate_uncertainty(model, [s.text for s in dev], [s.label for s in dev])
    metrics["dev"] = {"overall": dev_summary}
    for domain in ("wiki", "bio"):
        part = [s for s in dev if s.domain == domain]
        metrics["dev"][domain] = evaluate_uncertainty(
            model, [s.text for s in part], [s.label for s in part]
        )
    metrics["dev_f1_uncertain"] = dev_summary["f1_per_class"][_POSITIVE]
    factuality_dir = Path(data_dir) / "factuality"
    metrics["factuality"] = {
        name: factuality_correlation(model, factuality_dir / name / "dev.conll")
        for name in ("uw", "meantime")
        if (factuality_dir / name / "dev.conll").is_file()
    }
    if news_path is not None:
        news_texts, news_labels = load_labelled_tsv(news_path)
        metrics["news"] = evaluate_uncertainty(model, news_texts, news_labels)
    model.save(
        out_dir, training_data=sha256_files(sorted(szeged_dir.glob("*.xml"))), metrics=metrics
    )
    return metrics
