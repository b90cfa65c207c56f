"""The agreement model as a registered kind: ``credence train|evaluate agreement DATA``.

Reads claim pairs the way :func:`credence.models.agreement_data.read_agreement_data` does (an
Emergent-format JSONL file, or a labelled-data folder holding ``claims/emergent`` and the
FNC-1 topic split) into the :class:`~credence.models.labelled.LabelledData` every kind shares;
each pair's cross-validation group (an Emergent claim, an FNC-1 topic) is its ``doc_id``, so
the folds of ``credence train`` keep one claim's pairs on one side.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from credence.errors import CredenceError
from credence.models.labelled import DataRequest, LabelledData
from credence.models.persistence import sha256_file

__all__ = ["fit_agreement", "predict_agreement", "read_agreement_labelled"]


def read_agreement_labelled(request: DataRequest) -> LabelledData:
    """Agreement pairs of ``request.data`` (a JSONL file or a labelled-data folder)."""
    from credence.models.agreement_data import read_agreement_data

    if request.data is None or request.bodies or request.stances or request.split_file:
        raise CredenceError(
            "Give the agreement data as one path: an Emergent-format JSONL file, or a folder "
            "holding claims/emergent/train.jsonl and fnc1/ (its topic split's train part)."
        )
    pairs = read_agreement_data(request.data)
    path = Path(request.data)
    files = (
        [path]
        if path.is_file()
        else sorted(p for p in path.rglob("*.jsonl") if "emergent" in str(p))
    )
    return LabelledData(
        kind="agreement",
        source=str(request.data),
        claims=[p.first for p in pairs],
        evidences=[p.second for p in pairs],
        labels=[p.label for p in pairs],
        fields=[{"doc_id": p.group, "source": p.source, "label": p.label} for p in pairs],
        lines=[None] * len(pairs),
        files={f.name: sha256_file(f) for f in files},
    )


def fit_agreement(data: LabelledData, rows: Sequence[int], groups: Sequence[str], seed: int) -> Any:
    """An :class:`~credence.models.agreement.AgreementModel` fitted on the pairs ``rows``."""
    from credence.models.agreement import DEFAULT_PARAMS, AgreementModel

    assert data.evidences is not None
    pick = list(rows)
    return AgreementModel(random_state=seed, **DEFAULT_PARAMS).fit(
        [data.claims[i] for i in pick],
        [data.evidences[i] for i in pick],
        [data.labels[i] for i in pick],
        groups=[groups[i] for i in pick],
    )


def predict_agreement(
    model: Any, data: LabelledData, rows: Sequence[int]
) -> tuple[list[str], np.ndarray]:
    """The most probable relation of the pairs ``rows`` and the probabilities, label order."""
    from credence.models.agreement_data import AGREEMENT_LABELS

    assert data.evidences is not None
    pick = list(rows)
    proba = np.asarray(
        model.predict_proba([data.claims[i] for i in pick], [data.evidences[i] for i in pick])
    )
    order = [list(model.classes_).index(label) for label in AGREEMENT_LABELS]
    proba = proba[:, order]
    return [AGREEMENT_LABELS[k] for k in proba.argmax(axis=1)], proba
