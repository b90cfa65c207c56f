"""Evaluation metrics shared by every credence model: FNC-1 score, calibration, summaries.

All functions take plain sequences (labels as strings or integers, probabilities as arrays)
and return plain Python numbers or frozen dataclasses, so results serialise to JSON.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import confusion_matrix, f1_score

__all__ = [
    "FNC_LABELS",
    "FNC_RELATED",
    "ReliabilityBin",
    "fnc_score",
    "reliability_bins",
    "expected_calibration_error",
    "brier_score",
    "classification_summary",
    "evaluation_metrics",
    "plot_reliability",
]

#: Label order of the FNC-1 task (and of the official scorer).
FNC_LABELS: tuple[str, ...] = ("agree", "disagree", "discuss", "unrelated")
#: The three "related" stances.
FNC_RELATED: frozenset[str] = frozenset(FNC_LABELS[:3])


def _check_lengths(y_true: Sequence[Any], other: Sequence[Any], what: str) -> None:
    if len(y_true) != len(other):
        raise ValueError(
            f"y_true and {what} must have the same length. Got {len(y_true)} and "
            f"{len(other)} instead."
        )


def fnc_score(y_true: Sequence[str], y_pred: Sequence[str]) -> tuple[float, float]:
    """The official FNC-1 weighted score and its maximum.

    Exactly the competition scorer: for each pair, +0.25 when the prediction equals the gold
    label, a further +0.50 when that label is a related one (agree, disagree, discuss), and
    +0.25 whenever gold and prediction are both related (even if different stances). The
    maximum is the score of the gold labels against themselves.

    Parameters
    ----------
    y_true, y_pred : sequence of str
        Gold and predicted stances among ``FNC_LABELS``.

    Returns
    -------
    (score, max_score) : tuple of float

    Examples
    --------
    >>> fnc_score(["agree", "unrelated"], ["discuss", "unrelated"])
    (0.5, 1.25)
    """
    _check_lengths(y_true, y_pred, "y_pred")
    score = 0.0
    best = 0.0
    for gold, pred in zip(y_true, y_pred, strict=True):
        if gold == pred:
            score += 0.25
            if gold != "unrelated":
                score += 0.50
        if gold in FNC_RELATED and pred in FNC_RELATED:
            score += 0.25
        best += 1.0 if gold in FNC_RELATED else 0.25
    return score, best


@dataclass(frozen=True, slots=True)
class ReliabilityBin:
    """One non-empty confidence bin of a reliability diagram.

    ``accuracy`` is the observed frequency of being right (top-label) or of the positive
    class (binary); ``mean_confidence`` the mean predicted probability in the bin.
    """

    lower: float
    upper: float
    count: int
    mean_confidence: float
    accuracy: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _confidence_and_hits(
    y_true: Sequence[Any], proba: Any, labels: Sequence[Any] | None
) -> tuple[np.ndarray, np.ndarray]:
    """Return (confidence, hit) arrays: top-label for 2-D ``proba``, positive class for 1-D."""
    p = np.asarray(proba, dtype=np.float64)
    y = np.asarray(y_true)
    _check_lengths(y, p, "proba")
    if p.ndim == 1:
        if labels is not None:
            if len(labels) != 2:
                raise ValueError(
                    f"Binary proba needs exactly 2 labels (negative, positive). Got {len(labels)}."
                )
            hits = (y == np.asarray(labels[1])).astype(np.float64)
        else:
            hits = y.astype(np.float64)
            if not np.isin(hits, (0.0, 1.0)).all():
                raise ValueError("Binary y_true must be 0/1 (or pass labels=(negative, positive)).")
        return p, hits
    if p.ndim != 2:
        raise ValueError(f"proba must be 1-D or 2-D. Got {p.ndim} dimensions instead.")
    label_list = list(labels) if labels is not None else list(range(p.shape[1]))
    if len(label_list) != p.shape[1]:
        raise ValueError(
            f"labels must name the {p.shape[1]} proba columns. Got {len(label_list)} labels."
        )
    predicted = np.asarray(label_list, dtype=object)[p.argmax(axis=1)]
    hits = np.asarray([a == b for a, b in zip(predicted, y, strict=True)], dtype=np.float64)
    return p.max(axis=1), hits


def reliability_bins(
    y_true: Sequence[Any],
    proba: Any,
    n_bins: int = 15,
    labels: Sequence[Any] | None = None,
) -> list[ReliabilityBin]:
    """Equal-width confidence bins with their observed accuracy (non-empty bins only).

    Parameters
    ----------
    y_true : sequence
        Gold labels. With 1-D ``proba`` they are 0/1, or ``labels=(negative, positive)``.
    proba : array-like, shape (n,) or (n, k)
        Probability of the positive class, or of each of the ``k`` classes (in ``labels``
        order, default ``0..k-1``); multiclass uses the top-label confidence.
    n_bins : int
        Number of equal-width bins over [0, 1]; a confidence of 1.0 falls in the last bin.
    labels : sequence, optional
        Class of each proba column.
    """
    if n_bins < 1:
        raise ValueError(f"n_bins must be a positive integer. Got {n_bins} instead.")
    confidence, hits = _confidence_and_hits(y_true, proba, labels)
    index = np.minimum((confidence * n_bins).astype(int), n_bins - 1)
    bins = []
    for b in range(n_bins):
        mask = index == b
        count = int(mask.sum())
        if count:
            bins.append(
                ReliabilityBin(
                    lower=b / n_bins,
                    upper=(b + 1) / n_bins,
                    count=count,
                    mean_confidence=float(confidence[mask].mean()),
                    accuracy=float(hits[mask].mean()),
                )
            )
    return bins


def expected_calibration_error(
    y_true: Sequence[Any],
    proba: Any,
    n_bins: int = 15,
    labels: Sequence[Any] | None = None,
) -> float:
    """Expected calibration error: bin-weighted mean of |accuracy - confidence|.

    Top-label ECE for 2-D ``proba``; for 1-D ``proba`` the binary ECE of the positive-class
    probability. See :func:`reliability_bins` for the parameters.

    Examples
    --------
    >>> round(expected_calibration_error([1, 0], [0.9, 0.2], n_bins=10), 6)
    0.15
    """
    bins = reliability_bins(y_true, proba, n_bins=n_bins, labels=labels)
    n = sum(b.count for b in bins)
    if n == 0:
        return 0.0
    return float(sum(b.count * abs(b.accuracy - b.mean_confidence) for b in bins) / n)


def brier_score(y_true: Sequence[Any], proba: Any, labels: Sequence[Any] | None = None) -> float:
    """Mean over samples of the summed squared error between probabilities and the one-hot truth.

    Multiclass (2-D ``proba``): ``mean_i sum_k (p_ik - [y_i == labels_k])**2`` (range 0..2).
    Binary (1-D ``proba`` of the positive class): ``mean_i (p_i - y_i)**2``.
    """
    p = np.asarray(proba, dtype=np.float64)
    if p.ndim == 1:
        _, hits = _confidence_and_hits(y_true, p, labels)
        return float(np.mean((p - hits) ** 2))
    _check_lengths(y_true, p, "proba")
    label_list = list(labels) if labels is not None else list(range(p.shape[1]))
    if len(label_list) != p.shape[1]:
        raise ValueError(
            f"labels must name the {p.shape[1]} proba columns. Got {len(label_list)} labels."
        )
    column = {label: k for k, label in enumerate(label_list)}
    onehot = np.zeros_like(p)
    for i, label in enumerate(y_true):
        if label not in column:
            raise ValueError(f"y_true holds {label!r}, which is not among labels {label_list}.")
        onehot[i, column[label]] = 1.0
    return float(np.mean(np.sum((p - onehot) ** 2, axis=1)))


def classification_summary(
    y_true: Sequence[Any],
    y_pred: Sequence[Any],
    proba: Any = None,
    labels: Sequence[Any] | None = None,
    n_bins: int = 15,
) -> dict[str, Any]:
    """Standard figures of a classifier, JSON-ready.

    Returns
    -------
    dict
        ``n``, ``accuracy``, ``macro_f1``, ``f1_per_class`` ({label: F1}), ``confusion``
        (list of lists, rows = gold, columns = predicted, in ``labels`` order), ``labels``
        (that order), and ``brier`` and ``ece`` (``None`` when ``proba`` is not given).
    """
    _check_lengths(y_true, y_pred, "y_pred")
    if labels is None:
        labels = sorted(set(y_true) | set(y_pred))
    label_list = list(labels)
    y_true_arr = np.asarray(list(y_true))
    y_pred_arr = np.asarray(list(y_pred))
    n = len(y_true_arr)
    per_class = f1_score(y_true_arr, y_pred_arr, labels=label_list, average=None, zero_division=0)
    summary: dict[str, Any] = {
        "n": int(n),
        "accuracy": float(np.mean(y_true_arr == y_pred_arr)) if n else 0.0,
        "macro_f1": float(np.mean(per_class)),
        "f1_per_class": {str(k): float(v) for k, v in zip(label_list, per_class, strict=True)},
        "confusion": confusion_matrix(y_true_arr, y_pred_arr, labels=label_list).tolist(),
        "labels": [str(k) for k in label_list],
        "brier": None,
        "ece": None,
    }
    if proba is not None:
        summary["brier"] = brier_score(y_true_arr, proba, label_list)
        summary["ece"] = expected_calibration_error(
            y_true_arr, proba, n_bins=n_bins, labels=label_list
        )
    return summary


def evaluation_metrics(
    y_true: Sequence[str],
    y_pred: Sequence[str],
    proba: Any,
    labels: Sequence[str],
    *,
    fnc: bool = False,
    n_bins: int = 15,
) -> dict[str, Any]:
    """The ``metrics`` block of every ``credence train`` / ``evaluate`` report (any model kind).

    Parameters
    ----------
    y_true, y_pred : sequence of str
        Gold and predicted labels.
    proba : array-like of shape (n, k), or None
        Probability of each class, columns in ``labels`` order (``None``: no Brier, no ECE).
    labels : sequence of str
        The classes, in the order of the confusion matrix and of ``per_class``.
    fnc : bool
        Add the FNC-1 weighted score (stance models).

    Returns
    -------
    dict
        ``n``, ``accuracy``, ``macro_f1``; ``per_class`` ({label: {precision, recall, f1,
        support}}); ``confusion`` ({labels, matrix}: rows gold, columns predicted);
        ``brier`` and ``ece`` (top-label, ``n_bins`` equal-width bins), ``None`` without
        ``proba``; ``fnc`` ({score, max, relative}, or ``None``).

    Examples
    --------
    >>> m = evaluation_metrics(["a", "b", "b"], ["a", "b", "a"], None, ["a", "b"])
    >>> m["accuracy"], m["per_class"]["a"]["precision"], m["confusion"]["matrix"]
    (0.6666666666666666, 0.5, [[1, 0], [1, 1]])
    """
    _check_lengths(y_true, y_pred, "y_pred")
    label_list = [str(k) for k in labels]
    gold = np.asarray([str(y) for y in y_true], dtype=object)
    pred = np.asarray([str(y) for y in y_pred], dtype=object)
    matrix = (
        confusion_matrix(gold, pred, labels=label_list)
        if len(gold)
        else np.zeros((len(label_list), len(label_list)), dtype=int)
    )
    per_class: dict[str, dict[str, float | int]] = {}
    for k, label in enumerate(label_list):
        hits, support, predicted = int(matrix[k, k]), int(matrix[k].sum()), int(matrix[:, k].sum())
        precision = hits / predicted if predicted else 0.0
        recall = hits / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[label] = {"precision": precision, "recall": recall, "f1": f1, "support": support}
    n = len(gold)
    block: dict[str, Any] = {
        "n": n,
        "accuracy": float(np.trace(matrix) / n) if n else 0.0,
        "macro_f1": float(np.mean([c["f1"] for c in per_class.values()])) if per_class else 0.0,
        "per_class": per_class,
        "confusion": {"labels": label_list, "matrix": matrix.tolist()},
        "brier": None,
        "ece": None,
        "fnc": None,
    }
    if proba is not None and n:
        block["brier"] = brier_score(list(gold), proba, label_list)
        block["ece"] = expected_calibration_error(
            list(gold), proba, n_bins=n_bins, labels=label_list
        )
    if fnc:
        score, best = fnc_score(list(gold), list(pred))
        block["fnc"] = {"score": score, "max": best, "relative": score / best if best else 0.0}
    return block


def plot_reliability(
    y_true: Sequence[Any],
    proba: Any,
    labels: Sequence[Any] | None,
    path: str | Path,
    n_bins: int = 15,
    title: str = "Reliability",
) -> Path:
    """Draw a reliability diagram (accuracy vs confidence per bin) to ``path`` (PNG, SVG ...).

    Needs matplotlib (the ``plot`` extra: ``pip install 'credence[plot]'``).
    """
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise ImportError(
            "plot_reliability needs matplotlib; install it with: pip install 'credence[plot]'"
        ) from None
    bins = reliability_bins(y_true, proba, n_bins=n_bins, labels=labels)
    ece = expected_calibration_error(y_true, proba, n_bins=n_bins, labels=labels)
    fig, ax = plt.subplots(figsize=(4.5, 4.5))
    try:
        ax.plot([0, 1], [0, 1], linestyle="--", color="grey", label="perfect calibration")
        ax.bar(
            [b.lower for b in bins],
            [b.accuracy for b in bins],
            width=1.0 / n_bins,
            align="edge",
            edgecolor="black",
            alpha=0.7,
            label="observed",
        )
        ax.plot(
            [b.mean_confidence for b in bins],
            [b.accuracy for b in bins],
            marker="o",
            color="tab:red",
            label="accuracy at bin mean confidence",
        )
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        ax.set_xlabel("confidence")
        ax.set_ylabel("accuracy")
        ax.set_title(f"{title} (ECE {ece:.3f})")
        ax.legend(loc="upper left", fontsize="small")
        out = Path(path)
        # Written beside the target and renamed, so an earlier diagram survives a failure.
        tmp = out.with_name(f".{out.name}.tmp")
        try:
            fig.savefig(tmp, dpi=100, bbox_inches="tight", format=out.suffix[1:] or "png")
            os.replace(tmp, out)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    finally:
        plt.close(fig)
    return out
