"""Training the uncertainty model: the base pipeline on Szeged sentences (grouped
cross-validation by document), the news stack on top, and the default model's build.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import GroupKFold
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import MaxAbsScaler

from credence.features.hedges import HedgeExtractor
from credence.models.persistence import sha256_files, write_training_texts
from credence.models.text_features import ngram_vectorizers
from credence.models.uncertainty import UncertaintyModel
from credence.models.uncertainty_data import (
    DEFAULT_STACK_ANNOTATIONS,
    FIXTURES,
    LABELS,
    POSITIVE,
    default_news_path,
    load_labelled_tsv,
    news_stacking_data,
)
from credence.models.uncertainty_evaluation import (
    check_labels,
    evaluate_uncertainty,
    factuality_correlation,
    summary,
)
from credence.models.uncertainty_stack import fit_uncertainty_stack

__all__ = ["build_uncertainty_model", "train_default_uncertainty", "train_uncertainty"]

# Caps that keep the saved model well under 8 MB (vocabularies dominate its size).
_WORD_FEATURES = 40_000
_CHAR_FEATURES = 60_000


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


def _fit_pipeline(texts: Sequence[str], labels: Sequence[str], random_state: int) -> Pipeline:
    pipeline = build_uncertainty_model(random_state=random_state)
    pipeline.fit(list(texts), list(labels))
    return pipeline


def _grouped_cv(
    texts: list[str], labels: list[str], groups: list[str], cv_folds: int, random_state: int
) -> dict[str, Any]:
    """Pooled out-of-fold summary of the base pipeline, folds grouped by document."""
    if len(groups) != len(texts):
        raise ValueError(
            f"groups must have one entry per text. Got {len(groups)} for {len(texts)} texts."
        )
    if len(set(groups)) < cv_folds:
        raise ValueError(
            f"cv_folds={cv_folds} needs at least as many distinct groups. Got {len(set(groups))}."
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
        predicted = [POSITIVE if p >= 0.5 else LABELS[0] for p in proba]
        fold_f1.append(float(f1_score(gold, predicted, pos_label=POSITIVE, zero_division=0)))
    pooled = summary(labels, out_of_fold)
    return {
        "folds": cv_folds,
        "grouped": True,
        "f1_uncertain": pooled["f1_per_class"][POSITIVE],
        "f1_uncertain_per_fold": fold_f1,
        **pooled,
    }


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
    check_labels(texts, labels)
    if len(set(labels)) < 2:
        raise ValueError("Training needs both 'certain' and 'uncertain' examples.")
    started = time.perf_counter()
    metrics: dict[str, Any] = {
        "n": len(texts),
        "class_counts": dict(sorted(Counter(labels).items())),
        "cv": None,
    }
    if groups is not None and cv_folds >= 2:
        metrics["cv"] = _grouped_cv(texts, labels, list(groups), cv_folds, random_state)
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


def _szeged_dev_metrics(model: UncertaintyModel, dev: Sequence[Any]) -> dict[str, Any]:
    """Summaries of the base stage on Szeged dev, overall and per domain (wiki, bio)."""
    # Szeged dev is the base model's own register: it is scored by the base stage.
    dev_proba = model.predict_proba_base([s.text for s in dev])
    metrics = {"overall": summary([s.label for s in dev], dev_proba)}
    for domain in ("wiki", "bio"):
        keep = [i for i, s in enumerate(dev) if s.domain == domain]
        if keep:  # a Szeged directory may hold one domain only
            metrics[domain] = summary([dev[i].label for i in keep], dev_proba[keep])
    return metrics


def _annotation_paths(stack_annotations: Path | Sequence[Path] | None) -> list[Path]:
    """The news annotation files of the stack (by default those of the source tree)."""
    if stack_annotations is None:
        annotations = [FIXTURES / name for name in DEFAULT_STACK_ANNOTATIONS]
        return [path for path in annotations if path.is_file()]
    if isinstance(stack_annotations, (str, os.PathLike)):
        return [Path(stack_annotations)]
    return [Path(path) for path in stack_annotations]


def _factuality_metrics(
    model: UncertaintyModel, data_dir: Path
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Spearman of P(uncertain) with factuality on UW and MEANTIME dev: stacked, base."""
    stacked: dict[str, Any] = {}
    base: dict[str, Any] = {}
    for name in ("uw", "meantime"):
        path = Path(data_dir) / "factuality" / name / "dev.conll"
        if path.is_file():
            stacked[name] = factuality_correlation(model, path)
            base[name] = factuality_correlation(model, path, base=True)
    return stacked, base


def _fit_event_head(
    model: UncertaintyModel, data_dir: Path
) -> tuple[list[str], list[Path], dict[str, Any]]:
    """Fit the event-factuality head on UW train when present.

    Returns the sentences it learned from, the data files read and its metrics, with its
    held-out figure (``heldout``: F1 of "not certainly factual" on UW dev+test, never fitted
    on).
    """
    from credence.models.szeged import load_factuality_conll
    from credence.models.uncertainty_events import fit_factuality_head, uw_event_training_data
    from credence.models.uncertainty_factuality import uw_uncertain

    uw_dir = Path(data_dir) / "factuality" / "uw"
    if not (uw_dir / "train.conll").is_file():
        return [], [], {}
    texts, targets, groups = uw_event_training_data(uw_dir / "train.conll")
    model.factuality, head_metrics = fit_factuality_head(
        model,
        texts,
        targets,
        groups=groups,
        target="UW: some predication has |factuality| < 2.5 (train.conll)",
    )
    held_out = [
        (s.text, label)
        for split in ("dev", "test")
        if (uw_dir / f"{split}.conll").is_file()
        for s in load_factuality_conll(uw_dir / f"{split}.conll")
        if (label := uw_uncertain(s)) is not None
    ]
    if held_out:
        proba = model.predict_proba_factuality([text for text, _ in held_out])
        gold = [label for _, label in held_out]
        head_metrics["heldout"] = {
            "set": "UW dev+test",
            "n": len(gold),
            "f1": float(f1_score(gold, proba >= 0.5, zero_division=0)),
        }
    return texts, [uw_dir / "train.conll"], head_metrics


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
    figures grouped by article. Without them only the base stage is saved. The second
    output, the event-factuality head (:mod:`~credence.models.uncertainty_events`), is fitted
    on ``factuality/uw/train.conll`` when present.

    Returns the metrics recorded in ``meta.json``: ``train`` (base grouped CV), ``dev``
    (Szeged dev summary, overall and per wiki/bio) and ``dev_f1_uncertain``, ``stack``
    (weights, out-of-fold F1 and calibration on the news annotations), ``factuality``
    (Spearman with factuality on UW dev and MEANTIME dev, stacked) and ``factuality_base``,
    and, with ``news_path`` (a ``label<TAB>text`` file; by default the source tree's written
    news fixture when present), ``news`` (stacked) and ``news_base``; with UW,
    ``factuality_head`` (weights, out-of-fold F1 on UW train, F1 on UW dev+test).
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
    metrics["dev"] = _szeged_dev_metrics(model, dev)
    metrics["dev_f1_uncertain"] = metrics["dev"]["overall"]["f1_per_class"][POSITIVE]
    data_files = sorted(szeged_dir.glob("*.xml"))
    annotations = _annotation_paths(stack_annotations)
    texts: list[str] = []
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
    event_texts, event_files, head_metrics = _fit_event_head(model, data_dir)
    if event_texts:
        metrics["factuality_head"] = head_metrics
        data_files += event_files
    metrics["factuality"], metrics["factuality_base"] = _factuality_metrics(model, data_dir)
    news_path = news_path if news_path is not None else default_news_path()
    if news_path is not None:
        news_texts, news_labels = load_labelled_tsv(news_path)
        metrics["news"] = evaluate_uncertainty(model, news_texts, news_labels)
        metrics["news_base"] = summary(news_labels, model.predict_proba_base(news_texts))
    model.save(out_dir, training_data=sha256_files(data_files), metrics=metrics)
    # Fingerprints of every sentence the model learned from, so that `credence evaluate` can
    # say how much of an evaluation set it saw (no text is stored).
    trained_on = [s.text for s in sentences] + list(texts) + event_texts
    write_training_texts(out_dir, {"claims": trained_on})
    return metrics
