"""Training, evaluation and persistence of the stance model.

:func:`train_stance` cross-validates on held-out topics and fits on everything;
:func:`evaluate_stance` and :func:`evaluate_cosine_baseline` (the simple baseline every
figure is reported beside) measure a model on labelled pairs; :func:`save_stance` and
:func:`load_stance` write and read a credence model directory;
:func:`train_default_stance` builds the shipped model from FNC-1.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.model_selection import GroupKFold
from sklearn.utils.validation import check_is_fitted

from credence.errors import ModelError
from credence.models.metrics import classification_summary, fnc_score
from credence.models.stance import StanceModel
from credence.models.stance_data import STANCE_LABELS
from credence.models.stance_topics import topic_folds

__all__ = [
    "evaluate_cosine_baseline",
    "evaluate_stance",
    "load_stance",
    "save_stance",
    "train_default_stance",
    "train_stance",
]


def evaluate_stance(
    model: StanceModel,
    claims: Sequence[str],
    evidences: Sequence[str],
    labels: Sequence[str],
) -> dict[str, Any]:
    """Evaluate a fitted model on labelled pairs.

    Returns
    -------
    dict
        ``n``, ``accuracy``, ``macro_f1``, ``f1_per_class``, ``confusion`` (rows gold,
        columns predicted, in ``labels`` order), ``labels``, ``brier``, ``ece``,
        ``fnc_score``, ``fnc_max``, ``fnc_relative`` (score / max) and ``related_f1``
        (related vs unrelated).
    """
    proba = model.predict_proba(claims, evidences)
    predicted = model.classes_[model.decide(proba)]
    gold = [str(y) for y in labels]
    summary = classification_summary(gold, list(predicted), proba, labels=list(STANCE_LABELS))
    score, best = fnc_score(gold, list(predicted))
    summary.update(fnc_score=score, fnc_max=best, fnc_relative=score / best if best else 0.0)
    summary["related_f1"] = _related_f1(gold, list(predicted))
    return summary


def evaluate_cosine_baseline(
    train: Sequence[Any], test: Sequence[Any], *, random_state: int = 0
) -> dict[str, Any]:
    """The simple baseline beside which stance figures are reported: TF-IDF cosine +
    logistic regression.

    A 5,000-term TF-IDF is fitted on the training texts (claims and evidences); each pair's
    only feature is the cosine of its claim and evidence vectors (with its square, so that
    the four-class logistic regression can carve a middle band). It knows relatedness and
    nothing of agreement.

    Parameters
    ----------
    train, test : sequence of StancePair
        Pairs with ``claim``, ``evidence`` and ``label``.

    Returns
    -------
    dict
        The metrics of :func:`evaluate_stance` on ``test``.
    """
    from sklearn.linear_model import LogisticRegression

    texts = list(dict.fromkeys([p.claim for p in train] + [p.evidence for p in train]))
    vectorizer = TfidfVectorizer(max_features=5_000, stop_words="english", sublinear_tf=True)
    vectorizer.fit(texts)

    def cosines(pairs: Sequence[Any]) -> np.ndarray:
        claims = vectorizer.transform([p.claim for p in pairs])
        evidences = vectorizer.transform([p.evidence for p in pairs])
        cos = np.asarray(claims.multiply(evidences).sum(axis=1)).reshape(-1)
        return np.column_stack([cos, cos**2])

    y = [STANCE_LABELS.index(p.label) for p in train]
    model = LogisticRegression(C=10.0, max_iter=1_000, random_state=random_state)
    model.fit(cosines(train), y)
    proba = np.zeros((len(test), len(STANCE_LABELS)))
    proba[:, model.classes_] = model.predict_proba(cosines(test))
    predicted = [STANCE_LABELS[k] for k in proba.argmax(axis=1)]
    gold = [p.label for p in test]
    summary = classification_summary(gold, predicted, proba, labels=list(STANCE_LABELS))
    score, best = fnc_score(gold, predicted)
    summary.update(fnc_score=score, fnc_max=best, fnc_relative=score / best if best else 0.0)
    summary["related_f1"] = _related_f1(gold, predicted)
    return summary


def _related_f1(gold: Sequence[str], predicted: Sequence[str]) -> float:
    """F1 of the class *related* (any stance but ``unrelated``) against ``unrelated``."""
    g = np.asarray(gold) != "unrelated"
    p = np.asarray(predicted) != "unrelated"
    hits = float((g & p).sum())
    return 2 * hits / float(g.sum() + p.sum()) if g.any() or p.any() else 0.0


def _mean_metrics(folds: list[dict[str, Any]]) -> dict[str, Any]:
    keys = ("accuracy", "macro_f1", "brier", "ece", "fnc_relative")
    mean = {k: float(np.mean([f[k] for f in folds])) for k in keys}
    mean["f1_per_class"] = {
        label: float(np.mean([f["f1_per_class"][label] for f in folds])) for label in STANCE_LABELS
    }
    return mean


def train_stance(
    claims: Sequence[str],
    evidences: Sequence[str],
    labels: Sequence[str],
    *,
    groups: Sequence[Any],
    cv_folds: int = 3,
    random_state: int = 0,
    **params: Any,
) -> tuple[StanceModel, dict[str, Any]]:
    """Cross-validate on held-out topics, then fit on everything.

    Each fold holds out whole topics (:func:`topic_components`) and tests only the pairs
    whose claim and evidence both lie in them; pairs crossing the fold boundary are used on
    neither side, so no claim and no evidence is seen on both sides, as with new stories.
    When the topics are too few for ``cv_folds`` folds (``report["cv_grouping"]`` then says
    ``"evidence"``), folds group by evidence instead.

    Parameters
    ----------
    groups : sequence
        Evidence id of each pair (FNC-1 body id).
    cv_folds : int
        Number of ``GroupKFold`` folds; ``0`` skips the cross-validation.
    **params
        Passed to :class:`StanceModel`.

    Returns
    -------
    (model, report) : tuple
        The model fitted on all pairs; ``report`` has ``cv`` (per-fold metrics), ``cv_mean``,
        ``cv_grouping`` (``"topic"`` or ``"evidence"``), ``n_pairs``, ``n_groups`` and
        ``fit_seconds``.
    """
    claims, evidences, labels, groups = list(claims), list(evidences), list(labels), list(groups)
    report: dict[str, Any] = {"n_pairs": len(claims), "n_groups": len(set(groups)), "cv": []}
    if cv_folds:
        folds = topic_folds(claims, groups, labels, cv_folds, random_state)
        report["cv_grouping"] = "topic"
        if folds is None:
            report["cv_grouping"] = "evidence"
            splitter = GroupKFold(n_splits=cv_folds, shuffle=True, random_state=random_state)
            folds = list(splitter.split(claims, labels, groups))
        for train, test in folds:
            model = StanceModel(random_state=random_state, **params).fit(
                [claims[i] for i in train],
                [evidences[i] for i in train],
                [labels[i] for i in train],
                groups=[groups[i] for i in train],
            )
            report["cv"].append(
                evaluate_stance(
                    model,
                    [claims[i] for i in test],
                    [evidences[i] for i in test],
                    [labels[i] for i in test],
                )
            )
        report["cv_mean"] = _mean_metrics(report["cv"])
    start = time.perf_counter()
    model = StanceModel(random_state=random_state, **params).fit(
        claims, evidences, labels, groups=groups
    )
    report["fit_seconds"] = time.perf_counter() - start
    return model, report


def save_stance(
    model: StanceModel,
    out_dir: str | Path,
    *,
    training_data: dict[str, str] | None = None,
    metrics: dict[str, Any] | None = None,
) -> Path:
    """Save a fitted model as a credence model directory (``kind="stance"``)."""
    from credence.models.persistence import save_model

    check_is_fitted(model, "stages_")
    return save_model(
        model,
        out_dir,
        kind="stance",
        training_data=training_data,
        metrics=metrics,
        extractors=model.extractors_used_,
        extra={
            "labels": list(STANCE_LABELS),
            "params": model.get_params(),
            "decision_weights": [float(w) for w in model.decision_weights_],
        },
    )


def load_stance(directory: str | Path) -> StanceModel:
    """Load a stance model directory, checking hash, versions and extractors.

    Raises
    ------
    ModelError
        Tampered/incompatible files (see :func:`credence.models.persistence.load_model`), an
        object that is not a :class:`StanceModel`, or an extractor the model was trained with
        that is now missing or of another version.
    """
    from credence.models.persistence import load_model

    model, meta = load_model(directory, kind="stance")
    if not isinstance(model, StanceModel):
        raise ModelError(f"{directory}: holds a {type(model).__name__}, not a StanceModel.")
    needed = dict(meta.get("extractors", {}))
    if needed:
        from credence.features import registered

        have = {name: str(getattr(cls, "version", "?")) for name, cls in registered().items()}
        for name, version in needed.items():
            if have.get(name) != version:
                raise ModelError(
                    f"{directory}: trained with extractor {name!r} version {version}, but "
                    f"{'version ' + have[name] if name in have else 'none'} is installed; "
                    "retrain it with `credence train`."
                )
    return model


def train_default_stance(data_dir: str | Path, out_dir: str | Path) -> dict[str, Any]:
    """Train the default stance model on FNC-1, report it on new topics, and save it.

    The model is first fitted on the ``train`` part of ``splits/topic_split.csv`` and
    evaluated on its ``dev`` part, whose headlines and bodies belong to topics never seen
    in training (as tomorrow's stories are), beside :func:`evaluate_cosine_baseline` on the
    same split. The shipped model is then refitted on every pair; the directory records the
    dev figures of the first fit.

    Parameters
    ----------
    data_dir : path
        The FNC-1 folder (``train_bodies.csv``, ``train_stances.csv``, ``splits/``).
    out_dir : path
        Model directory to write.

    Returns
    -------
    dict
        ``split``, ``dev`` and ``baseline_dev`` metrics, ``n_train``, ``n_dev``,
        ``n_fit`` (pairs of the shipped model), ``fit_seconds`` (of the shipped model).
    """
    from credence.models.fnc import FNC_FILES, load_fnc, split_by_topic
    from credence.models.persistence import sha256_files, write_training_texts

    data_dir = Path(data_dir)
    files = {key: data_dir / FNC_FILES[key] for key in ("bodies", "stances", "topic_split")}
    pairs = load_fnc(files["bodies"], files["stances"])
    splits = split_by_topic(pairs, files["topic_split"])
    train, dev = splits["train"], splits["dev"]

    def fit(fit_pairs: Sequence[Any]) -> StanceModel:
        return StanceModel(random_state=0).fit(
            [p.claim for p in fit_pairs],
            [p.evidence for p in fit_pairs],
            [p.label for p in fit_pairs],
            groups=[p.group for p in fit_pairs],
        )

    dev_metrics = evaluate_stance(
        fit(train), [p.claim for p in dev], [p.evidence for p in dev], [p.label for p in dev]
    )
    start = time.perf_counter()
    model = fit(pairs)
    fit_seconds = time.perf_counter() - start
    result = {
        "split": "FNC-1 topic split: fit on train, measured on dev (splits/topic_split.csv)",
        "dev": dev_metrics,
        "baseline": "TF-IDF cosine + logistic regression, same split",
        "baseline_dev": evaluate_cosine_baseline(train, dev),
        "n_train": len(train),
        "n_dev": len(dev),
        "n_fit": len(pairs),
        "fit_seconds": fit_seconds,
    }
    saved = save_stance(model, out_dir, training_data=sha256_files(files.values()), metrics=result)
    # Fingerprints of the headlines and bodies it learned from (no text is stored), so that
    # `credence evaluate` can say how much of an evaluation set the model saw.
    write_training_texts(
        saved, {"claims": [p.claim for p in pairs], "evidence": [p.evidence for p in pairs]}
    )
    return result
