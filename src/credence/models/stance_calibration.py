"""Calibration of the stance probabilities and the decision weights of ``predict``.

Both are fitted on the held-out predictions of a preliminary fit (whole topics held out):
a temperature and per-class bias (vector scaling) that minimise the held-out log loss, so that
``predict_proba`` is calibrated; and per-class multipliers of the calibrated probabilities
that maximise held-out macro-F1 plus the FNC score, so that ``predict`` serves the rare
classes without misreading the common ones.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import minimize
from scipy.special import log_softmax, softmax
from sklearn.metrics import f1_score

from credence.models.metrics import fnc_score
from credence.models.stance_data import STANCE_LABELS

__all__ = ["apply_vector_scaling", "fit_decision_weights", "fit_vector_scaling"]


def fit_vector_scaling(logp: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Temperature and per-class bias minimising held-out log loss.

    Parameters
    ----------
    logp : ndarray, shape (n, k)
        Log-probabilities of held-out pairs.
    y : ndarray of int, shape (n,)
        Their true class indices.

    Returns
    -------
    ndarray, shape (k + 1,)
        ``[temperature, bias_1 … bias_k]``; the identity when fitting does not help.
    """
    k = logp.shape[1]

    def loss(params: np.ndarray) -> float:
        z = logp * params[0] + params[1:]
        return float(-log_softmax(z, axis=1)[np.arange(len(y)), y].mean())

    start = np.concatenate([[1.0], np.zeros(k)])
    result = minimize(loss, start, method="L-BFGS-B", bounds=[(0.05, 20.0)] + [(-5, 5)] * k)
    return result.x if loss(result.x) < loss(start) else start


def apply_vector_scaling(calibration: np.ndarray, logp: np.ndarray) -> np.ndarray:
    """Calibrated probabilities of the log-probabilities ``logp``."""
    return softmax(logp * calibration[0] + calibration[1:], axis=1)


def fit_decision_weights(proba: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Per-class multipliers of the probabilities that maximise held-out macro-F1 plus the
    relative FNC score.

    Macro-F1 alone buys rare-class recall (``disagree``) with many related pairs misread,
    which the FNC score, weighing every related pair, punishes; the sum serves both. The
    last class (``unrelated``) keeps the weight 1; the others are searched by two sweeps of
    coordinate ascent over a log grid from 0.5 to 4.

    Parameters
    ----------
    proba : ndarray, shape (n, 4)
        Calibrated held-out probabilities, columns in ``STANCE_LABELS`` order.
    y : ndarray of int, shape (n,)
        True class indices.
    """
    weights = np.ones(proba.shape[1])
    grid = np.exp(np.linspace(np.log(0.5), np.log(4.0), 15))
    gold = [STANCE_LABELS[k] for k in y]

    def objective(w: np.ndarray) -> float:
        pred = (proba * w).argmax(axis=1)
        macro = f1_score(y, pred, labels=range(proba.shape[1]), average="macro", zero_division=0)
        score, best = fnc_score(gold, [STANCE_LABELS[k] for k in pred])
        return float(macro) + (score / best if best else 0.0)

    best = objective(weights)
    for _ in range(2):  # coordinate ascent, two sweeps (unrelated stays at 1)
        for k in range(proba.shape[1] - 1):
            for value in grid:
                trial = weights.copy()
                trial[k] = value
                score = objective(trial)
                if score > best + 1e-6:
                    best, weights = score, trial
    return weights
