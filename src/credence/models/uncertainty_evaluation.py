"""Measuring an uncertainty model: the label summary (F1, Brier, ECE of P(uncertain)) on
labelled sentences, and the correlation of P(uncertain) with graded event factuality.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from scipy.stats import spearmanr

from credence.models.metrics import classification_summary
from credence.models.uncertainty_data import LABELS, POSITIVE

if TYPE_CHECKING:
    from credence.models.uncertainty import UncertaintyModel

__all__ = [
    "CLEAR_MARGIN",
    "F1Difference",
    "brier",
    "check_labels",
    "ece",
    "evaluate_uncertainty",
    "factuality_correlation",
    "paired_bootstrap_f1",
    "summary",
]

#: A margin over a baseline is *clear* when the 95 % paired-bootstrap interval of the F1
#: difference excludes 0 and the difference itself is at least this large.
CLEAR_MARGIN = 0.05


@dataclass(frozen=True, slots=True)
class F1Difference:
    """F1(uncertain) of a model minus that of a baseline, with a paired bootstrap interval.

    ``difference`` is measured on the whole set; ``low``/``high`` bound its ``confidence``
    interval (percentiles of ``resamples`` resamples of ``groups`` groups).
    """

    model_f1: float
    baseline_f1: float
    difference: float
    low: float
    high: float
    confidence: float
    resamples: int
    groups: int

    @property
    def clear(self) -> bool:
        """True when the interval excludes 0 and the difference is ≥ :data:`CLEAR_MARGIN`."""
        return self.low > 0.0 and self.difference >= CLEAR_MARGIN


def _f1_from_counts(tp: np.ndarray, fp: np.ndarray, fn: np.ndarray) -> np.ndarray:
    denominator = 2 * tp + fp + fn
    return np.divide(2 * tp, denominator, out=np.zeros_like(tp, dtype=np.float64),
                     where=denominator > 0)  # fmt: skip


def _group_counts(
    gold: np.ndarray, predicted: np.ndarray, group_index: np.ndarray, n_groups: int
) -> np.ndarray:
    """Per group: true positives, false positives, false negatives (shape ``(3, n_groups)``)."""
    kinds = (predicted & gold, predicted & ~gold, ~predicted & gold)
    return np.stack([np.bincount(group_index, k, minlength=n_groups) for k in kinds])


def _check_bootstrap_input(
    y: np.ndarray, a: np.ndarray, b: np.ndarray, groups: Sequence[str] | None, confidence: float
) -> None:
    if not (len(y) == len(a) == len(b)) or (groups is not None and len(groups) != len(y)):
        raise ValueError(
            f"gold, predictions and groups must have one entry per sentence. Got {len(y)}, "
            f"{len(a)}, {len(b)} and {len(groups) if groups is not None else len(y)}."
        )
    if not len(y):
        raise ValueError("The paired bootstrap needs at least one sentence. Got none.")
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must be in (0, 1). Got {confidence} instead.")


def paired_bootstrap_f1(
    gold: Sequence[bool],
    model_predicted: Sequence[bool],
    baseline_predicted: Sequence[bool],
    groups: Sequence[str] | None = None,
    *,
    resamples: int = 2000,
    confidence: float = 0.95,
    seed: int = 0,
) -> F1Difference:
    """Paired bootstrap of F1(model) − F1(baseline) on the uncertain class.

    Both systems are scored on the same resample each time (paired), and the resampling unit
    is the group (a document, where sentences of one article share wording and topic and are
    not independent) or, without ``groups``, the sentence.

    Parameters
    ----------
    gold, model_predicted, baseline_predicted : sequence of bool
        True = uncertain, one per sentence.
    groups : sequence of str, optional
        The document of each sentence (resampled whole).
    resamples : int
        Number of bootstrap resamples.
    confidence : float
        Coverage of the percentile interval (0.95: the 2.5th and 97.5th percentiles).
    seed : int
        Seed of the resampling (the result is deterministic).

    Returns
    -------
    F1Difference

    Raises
    ------
    ValueError
        When the sequences differ in length, are empty, or ``confidence`` is not in (0, 1).

    Examples
    --------
    >>> gold = [True, False] * 50
    >>> result = paired_bootstrap_f1(gold, gold, [True] * 100, resamples=200)
    >>> round(result.difference, 3), result.low > 0, result.clear
    (0.333, True, True)
    """
    y = np.asarray(gold, dtype=bool)
    a = np.asarray(model_predicted, dtype=bool)
    b = np.asarray(baseline_predicted, dtype=bool)
    _check_bootstrap_input(y, a, b, groups, confidence)
    keys = list(groups) if groups is not None else list(range(len(y)))
    _, group_index = np.unique(np.asarray(keys, dtype=object).astype(str), return_inverse=True)
    n_groups = int(group_index.max()) + 1
    model_counts = _group_counts(y, a, group_index, n_groups)
    baseline_counts = _group_counts(y, b, group_index, n_groups)
    rng = np.random.default_rng(seed)
    drawn = rng.integers(0, n_groups, size=(resamples, n_groups))
    # How often each group is drawn in each resample, times its counts: (resamples, 3).
    multiplicity = np.stack([np.bincount(row, minlength=n_groups) for row in drawn])
    model_f1 = _f1_from_counts(*(multiplicity @ model_counts.T).T)
    baseline_f1 = _f1_from_counts(*(multiplicity @ baseline_counts.T).T)
    tail = (1.0 - confidence) / 2.0
    low, high = np.quantile(model_f1 - baseline_f1, [tail, 1.0 - tail])
    full_model = float(_f1_from_counts(*model_counts.sum(axis=1)))
    full_baseline = float(_f1_from_counts(*baseline_counts.sum(axis=1)))
    return F1Difference(
        model_f1=full_model,
        baseline_f1=full_baseline,
        difference=full_model - full_baseline,
        low=float(low),
        high=float(high),
        confidence=confidence,
        resamples=resamples,
        groups=n_groups,
    )


def brier(y_true: np.ndarray, proba: np.ndarray) -> float:
    return float(np.mean((proba - y_true) ** 2))


def ece(y_true: np.ndarray, proba: np.ndarray, n_bins: int = 10) -> float:
    index = np.minimum((proba * n_bins).astype(int), n_bins - 1)
    total = 0.0
    for b in range(n_bins):
        mask = index == b
        if mask.any():
            total += mask.sum() * abs(y_true[mask].mean() - proba[mask].mean())
    return float(total / len(proba)) if len(proba) else 0.0


def summary(labels: Sequence[str], proba: np.ndarray, threshold: float = 0.5) -> dict[str, Any]:
    """n, accuracy, macro-F1, F1 per class, confusion, Brier and ECE of P(uncertain)."""
    predicted = [POSITIVE if p >= threshold else LABELS[0] for p in proba]
    return classification_summary(list(labels), predicted, proba, labels=list(LABELS), n_bins=10)


def check_labels(texts: Sequence[str], labels: Sequence[str], where: str = "labels") -> None:
    if len(texts) != len(labels):
        raise ValueError(
            f"texts and labels must have the same length. Got {len(texts)} and {len(labels)}."
        )
    unknown = sorted({label for label in labels if label not in LABELS})
    if unknown:
        raise ValueError(f"The {where} must be 'certain' or 'uncertain'. Got {unknown[:3]}.")


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
    check_labels(texts, labels)
    return summary(labels, model.predict_proba(texts))


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
