"""Calibration of the stance probabilities and the decision rule of ``predict``.

Both are fitted on the held-out predictions of a preliminary fit (whole topics held out):
a temperature and per-class bias (vector scaling) that minimise the held-out log loss, so that
``predict_proba`` is calibrated; and the decision rule. ``predict`` chooses the label of
largest *expected FNC score* under the calibrated probabilities
(:func:`expected_fnc_scores`: a related label earns 0.25 when the pair is related at all and
0.75 more when its stance is right), each label's expectation multiplied by a per-class
weight that maximises held-out macro-F1 plus the FNC score, so that the rare ``disagree`` is
still predicted where the expectation alone would nearly never choose it.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import minimize
from scipy.special import log_softmax, softmax
from sklearn.metrics import f1_score

from credence.models.metrics import fnc_score
from credence.models.stance_data import STANCE_LABELS

__all__ = [
    "apply_vector_scaling",
    "decide",
    "expected_fnc_scores",
    "fit_decision_weights",
    "fit_vector_scaling",
]

_UNRELATED = STANCE_LABELS.index("unrelated")


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


def expected_fnc_scores(proba: np.ndarray) -> np.ndarray:
    """Expected FNC-1 score of predicting each label, under the probabilities ``proba``.

    The FNC-1 scorer gives 0.25 for ``unrelated`` when the pair is unrelated; for a related
    label, 0.25 when the pair is related (whatever its stance) and 0.75 more when the stance
    is right. So predicting ``discuss`` earns ``0.25 * P(related) + 0.75 * P(discuss)``.

    Parameters
    ----------
    proba : ndarray, shape (n, 4)
        Probabilities, columns in ``STANCE_LABELS`` order.

    Returns
    -------
    ndarray, shape (n, 4)
        The expected score of each label, same columns.

    Examples
    --------
    >>> expected_fnc_scores(np.array([[0.3, 0.0, 0.3, 0.4]])).round(3).tolist()
    [[0.375, 0.15, 0.375, 0.1]]
    """
    proba = np.asarray(proba, dtype=float)
    related = 1.0 - proba[:, _UNRELATED]
    scores = 0.25 * related[:, None] + 0.75 * proba
    scores[:, _UNRELATED] = 0.25 * proba[:, _UNRELATED]
    return scores


def decide(proba: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Class index of each row: the largest weighted expected FNC score
    (:func:`expected_fnc_scores` times ``weights``).
    """
    return (expected_fnc_scores(proba) * np.asarray(weights)).argmax(axis=1)


def fit_decision_weights(proba: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Per-class multipliers of the expected FNC scores that maximise held-out macro-F1 plus
    the relative FNC score.

    The expected score alone maximises the FNC score but nearly never predicts the rare
    ``disagree`` (its probability seldom leads), which macro-F1 punishes; the sum serves
    both. The last class (``unrelated``) keeps the weight 1; the others are searched by two
    sweeps of coordinate ascent over a log grid from 0.5 to 4.

    Parameters
    ----------
    proba : ndarray, shape (n, 4)
        Calibrated held-out probabilities, columns in ``STANCE_LABELS`` order.
    y : ndarray of int, shape (n,)
        True class indices.
    """
    scores = expected_fnc_scores(proba)
    weights = np.ones(proba.shape[1])
    grid = np.exp(np.linspace(np.log(0.5), np.log(4.0), 15))
    gold = [STANCE_LABELS[k] for k in y]

    def objective(w: np.ndarray) -> float:
        pred = (scores * w).argmax(axis=1)
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
