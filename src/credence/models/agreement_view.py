"""The agreement model seen as a stance model: one small class, importable without sklearn.

Corroboration wraps the (lazily loaded) agreement model in :class:`StanceView` for every
``credence score``; kept apart from :mod:`credence.models.agreement`, whose import pulls in
scikit-learn's gradient boosting, so that scoring an article without claim pairs never
imports it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

__all__ = ["StanceView"]

_PREPARED_READING = ("prepare_texts", "prepare_part", "predict_proba_prepared", "join_prepared")


class StanceView:
    """An :class:`~credence.models.agreement.AgreementModel` under the stance model's
    column names.

    Corroboration reads claim pairs through ``predict_proba(claims, evidences)`` and
    ``classes_`` in the stance names; the agreement columns mean the same there: agree,
    contradict (= disagree), related (= discuss), unrelated.
    """

    classes_: tuple[str, ...] = ("agree", "disagree", "discuss", "unrelated")

    def __init__(self, model: Any) -> None:
        self.model = model

    def predict_proba(self, claims: Sequence[str], evidences: Sequence[str]) -> np.ndarray:
        """:meth:`AgreementModel.predict_proba`, columns in :attr:`classes_` order."""
        return self.model.predict_proba(claims, evidences)

    def __getattr__(self, name: str) -> Any:
        # prepare_texts / predict_proba_prepared / join_prepared (each text read once for
        # all its pairs, credence.scoring.pair_batches) are the model's when it has them.
        model = self.__dict__.get("model")
        if model is not None and name in _PREPARED_READING:
            return getattr(model, name)
        raise AttributeError(name)
