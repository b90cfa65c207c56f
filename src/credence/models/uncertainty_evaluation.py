"""Measuring an uncertainty model: the label summary (F1, Brier, ECE of P(uncertain)) on
labelled sentences, and the correlation of P(uncertain) with graded event factuality.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from scipy.stats import spearmanr

from credence.models.metrics import classification_summary
from credence.models.uncertainty_data import LABELS, POSITIVE

if TYPE_CHECKING:
    from credence.models.uncertainty import UncertaintyModel

__all__ = [
    "brier",
    "check_labels",
    "ece",
    "evaluate_uncertainty",
    "factuality_correlation",
    "summary",
]


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
