"""How each model kind is fitted on, and scores, rows of :class:`LabelledData`.

The registry (:mod:`credence.models.kinds`) names one ``fit`` and one ``predict`` function per
kind; ``credence train`` and ``credence evaluate`` call them the same way for every kind:

- ``fit(data, rows, groups, seed) -> model``: a model fitted on the rows ``rows``; ``groups``
  (the cross-validation group of every row of ``data``) keeps a model's own inner folds
  grouped too;
- ``predict(model, data, rows) -> (labels, probabilities)``: the predicted label of each row
  and the probability of each label, in the order of the kind's labels.

The model modules are imported inside the functions: they import scikit-learn.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

    from credence.models.labelled import LabelledData

__all__ = [
    "fit_stance",
    "predict_stance",
    "fit_uncertainty",
    "predict_uncertainty",
    "fit_checkworthiness",
    "predict_checkworthiness",
]


def _pick(values: Sequence[Any], rows: Sequence[int]) -> list[Any]:
    return [values[i] for i in rows]


def fit_stance(data: LabelledData, rows: Sequence[int], groups: Sequence[str], seed: int) -> Any:
    """A :class:`~credence.models.stance.StanceModel` fitted on the pairs ``rows``."""
    from credence.models.stance import StanceModel

    assert data.evidences is not None
    return StanceModel(random_state=seed).fit(
        _pick(data.claims, rows),
        _pick(data.evidences, rows),
        _pick(data.labels, rows),
        groups=_pick(groups, rows),
    )


def predict_stance(
    model: Any, data: LabelledData, rows: Sequence[int]
) -> tuple[list[str], np.ndarray]:
    """The stance of the pairs ``rows`` and the probabilities in ``STANCE_LABELS`` order."""
    import numpy as np

    from credence.models.stance_data import STANCE_LABELS

    assert data.evidences is not None
    proba = model.predict_proba(_pick(data.claims, rows), _pick(data.evidences, rows))
    # The same decision rule as StanceModel.predict, without computing features twice.
    predicted = [str(c) for c in np.asarray(model.classes_)[model.decide(proba)]]
    order = [list(model.classes_).index(label) for label in STANCE_LABELS]
    return predicted, proba[:, order]


def fit_uncertainty(
    data: LabelledData, rows: Sequence[int], groups: Sequence[str], seed: int
) -> Any:
    """An :class:`~credence.models.uncertainty.UncertaintyModel` fitted on ``rows``."""
    from credence.models.uncertainty import train_uncertainty

    model, _ = train_uncertainty(
        _pick(data.claims, rows),
        _pick(data.labels, rows),
        groups=None,
        cv_folds=0,
        random_state=seed,
    )
    return model


def _binary(positive: Any, labels: Sequence[str], threshold: float) -> tuple[list[str], Any]:
    """Labels at ``threshold`` and the two-column probabilities of a P(positive) vector."""
    import numpy as np

    positive = np.asarray(positive, dtype=float)
    predicted = [labels[1] if p >= threshold else labels[0] for p in positive]
    return predicted, np.column_stack([1.0 - positive, positive])


def predict_uncertainty(
    model: Any, data: LabelledData, rows: Sequence[int]
) -> tuple[list[str], np.ndarray]:
    """``certain``/``uncertain`` at P = 0.5, and both probabilities."""
    from credence.models.sentence_data import SENTENCE_LABELS

    return _binary(model.predict_proba(_pick(data.claims, rows)), SENTENCE_LABELS, 0.5)


def fit_checkworthiness(
    data: LabelledData, rows: Sequence[int], groups: Sequence[str], seed: int
) -> Any:
    """A :class:`~credence.models.checkworthiness.CheckworthinessModel` fitted on ``rows``;
    its calibration folds keep the groups (debates) apart.
    """
    from credence.models.checkworthiness import LABELS, CheckworthinessModel

    positive = LABELS[1]
    return CheckworthinessModel(seed=seed).fit(
        _pick(data.claims, rows),
        [int(label == positive) for label in _pick(data.labels, rows)],
        groups=_pick(groups, rows),
    )


def predict_checkworthiness(
    model: Any, data: LabelledData, rows: Sequence[int]
) -> tuple[list[str], np.ndarray]:
    """Check-worthy at the model's own threshold (chosen on out-of-fold predictions)."""
    from credence.models.checkworthiness import LABELS

    positive = model.predict_proba(_pick(data.claims, rows))
    return _binary(positive, LABELS, float(model.threshold_))
