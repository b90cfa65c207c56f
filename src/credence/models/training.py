"""`credence train` and `credence evaluate` as plain library functions.

Both model kinds read JSONL (documented schemas) or their native corpus formats:

- stance: JSONL rows ``{"claim", "evidence", "label"}`` (label agree/disagree/discuss/unrelated,
  optional ``evidence_id``, ``claim_id``, ``outlet``), or the FNC-1 CSV pair;
- uncertainty: JSONL rows ``{"text", "label"}`` (label certain/uncertain, optional ``doc_id``),
  or Szeged XML (a file or a directory of them).

Cross-validation folds are grouped by a field (evidence id by default), never by row.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from credence.errors import CredenceError, DataError
from credence.models.persistence import sha256_file

__all__ = ["TrainingResult", "train", "evaluate", "load_stance_data", "load_uncertainty_data"]

Kind = Literal["stance", "uncertainty"]


@dataclass(frozen=True)
class TrainingResult:
    """What ``train`` did: where the model went, its cross-validated metrics, skipped rows."""

    model_dir: Path
    metrics: dict[str, Any]
    n_rows: int
    skipped: int


def _text_id(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def _check_exists(path: str | os.PathLike[str]) -> Path:
    p = Path(path)
    if not p.exists():
        raise DataError(str(path), "no such file or directory")
    return p


def load_stance_data(
    data: str | None,
    *,
    bodies: str | None = None,
    stances: str | None = None,
    group_by: str = "evidence_id",
    skip_errors: bool = False,
) -> tuple[list[str], list[str], list[str], list[str], int, dict[str, str]]:
    """Return claims, evidences, labels, groups, skipped-row count and data hashes."""
    if bodies or stances:
        if not (bodies and stances):
            raise CredenceError("FNC-1 input needs both --bodies and --stances.")
        from credence.models.fnc import load_fnc

        pairs = load_fnc(_check_exists(bodies), _check_exists(stances))
        skipped = 0
        hashes = {Path(bodies).name: sha256_file(bodies), Path(stances).name: sha256_file(stances)}
        rows = [
            {"claim": p.claim, "evidence": p.evidence, "label": p.label, "evidence_id": p.body_id}
            for p in pairs
        ]
    else:
        if data is None:
            raise CredenceError("Give a JSONL data file, or --bodies and --stances for FNC-1.")
        from credence.models.stance_data import load_stance_jsonl

        pairs, skipped = load_stance_jsonl(_check_exists(data), skip_errors=skip_errors)
        hashes = {Path(data).name: sha256_file(data)}
        rows = [p.to_dict() if hasattr(p, "to_dict") else dict(p.__dict__) for p in pairs]
    claims = [r["claim"] for r in rows]
    evidences = [r["evidence"] for r in rows]
    labels = [r["label"] for r in rows]
    groups = [
        str(r.get(group_by)) if r.get(group_by) not in (None, "") else _text_id(r["evidence"])
        for r in rows
    ]
    return claims, evidences, labels, groups, skipped, hashes


def load_uncertainty_data(
    data: str, *, group_by: str = "doc_id", skip_errors: bool = False
) -> tuple[list[str], list[str], list[str], int, dict[str, str]]:
    """Return texts, labels, groups, skipped-row count and data hashes."""
    path = _check_exists(data)
    if path.is_dir() or path.suffix.lower() == ".xml":
        from credence.models.szeged import load_szeged

        sentences = load_szeged(path)
        files = sorted(path.glob("*.xml")) if path.is_dir() else [path]
        hashes = {f.name: sha256_file(f) for f in files}
        texts = [s.text for s in sentences]
        labels = ["uncertain" if s.cues else "certain" for s in sentences]
        groups = [f"{s.corpus}:{s.doc_id}" for s in sentences]
        return texts, labels, groups, 0, hashes
    from credence.models.uncertainty import load_uncertainty_jsonl

    rows, skipped = load_uncertainty_jsonl(path, skip_errors=skip_errors)
    texts = [r["text"] for r in rows]
    labels = [r["label"] for r in rows]
    groups = [
        str(r.get(group_by)) if r.get(group_by) not in (None, "") else _text_id(r["text"])
        for r in rows
    ]
    return texts, labels, groups, skipped, {path.name: sha256_file(path)}


def train(
    kind: Kind,
    data: str | None,
    out: str | os.PathLike[str],
    *,
    bodies: str | None = None,
    stances: str | None = None,
    group_by: str | None = None,
    folds: int = 3,
    skip_errors: bool = False,
    random_state: int = 0,
) -> TrainingResult:
    """Train a ``kind`` model on ``data``, cross-validate by group, save atomically to ``out``."""
    if kind == "stance":
        from credence.models.stance import save_stance, train_stance

        claims, evidences, labels, groups, skipped, hashes = load_stance_data(
            data,
            bodies=bodies,
            stances=stances,
            group_by=group_by or "evidence_id",
            skip_errors=skip_errors,
        )
        _check_groups(groups, folds, data or stances)
        try:
            model, metrics = train_stance(
                claims, evidences, labels, groups=groups, cv_folds=folds, random_state=random_state
            )
        except ValueError as exc:  # e.g. a class missing from every fold of a tiny data set
            raise DataError(str(data or stances), f"cannot train on this data: {exc}") from None
        metrics = {**metrics, "group_by": group_by or "evidence_id", "skipped_rows": skipped}
        save_stance(model, out, training_data=hashes, metrics=metrics)
        return TrainingResult(Path(out), metrics, len(labels), skipped)
    if kind == "uncertainty":
        from credence.models.uncertainty import train_uncertainty

        texts, labels, groups, skipped, hashes = load_uncertainty_data(
            data or "", group_by=group_by or "doc_id", skip_errors=skip_errors
        )
        _check_groups(groups, folds, data)
        try:
            model, metrics = train_uncertainty(
                texts, labels, groups=groups, cv_folds=folds, random_state=random_state
            )
        except ValueError as exc:
            raise DataError(str(data), f"cannot train on this data: {exc}") from None
        metrics = {**metrics, "group_by": group_by or "doc_id", "skipped_rows": skipped}
        model.save(out, training_data=hashes, metrics=metrics)
        return TrainingResult(Path(out), metrics, len(labels), skipped)
    raise CredenceError(f"The model kind must be 'stance' or 'uncertainty'. Got {kind!r} instead.")


def _check_groups(groups: list[str], folds: int, where: Any) -> None:
    n = len(set(groups))
    if n < folds:
        raise DataError(
            str(where),
            f"{n} distinct groups, fewer than the {folds} cross-validation folds "
            "(use more data, fewer --folds, or another --group-by)",
        )


def evaluate(
    kind: Kind,
    data: str | None,
    model_dir: str | os.PathLike[str],
    *,
    bodies: str | None = None,
    stances: str | None = None,
    skip_errors: bool = False,
    plot: str | None = None,
) -> dict[str, Any]:
    """Evaluate a saved model on labelled data; optionally write a reliability diagram."""
    from credence.models.metrics import plot_reliability

    if kind == "stance":
        from credence.models.stance import evaluate_stance, load_stance

        model = load_stance(model_dir)
        claims, evidences, labels, _, skipped, _ = load_stance_data(
            data, bodies=bodies, stances=stances, skip_errors=skip_errors
        )
        metrics = evaluate_stance(model, claims, evidences, labels)
        if plot:
            proba = model.predict_proba(claims, evidences)
            plot_reliability(labels, proba, list(model.classes_), plot)
    elif kind == "uncertainty":
        from credence.models.uncertainty import UncertaintyModel, evaluate_uncertainty

        model = UncertaintyModel.load(model_dir)
        texts, labels, _, skipped, _ = load_uncertainty_data(data or "", skip_errors=skip_errors)
        metrics = evaluate_uncertainty(model, texts, labels)
        if plot:
            proba = model.predict_proba(texts)
            plot_reliability(labels, proba, ["certain", "uncertain"], plot)
    else:
        raise CredenceError(
            f"The model kind must be 'stance' or 'uncertainty'. Got {kind!r} instead."
        )
    return {**metrics, "skipped_rows": skipped}
