"""`credence train` and `credence evaluate` as plain library functions.

Both model kinds read JSONL (documented schemas) or their native corpus formats:

- stance: JSONL rows ``{"claim", "evidence", "label"}`` (label agree/disagree/discuss/unrelated,
  optional ``evidence_id``, ``claim_id`` and any other field), or the FNC-1 CSV pair,
  optionally narrowed to one part of a topic split file;
- uncertainty: JSONL rows ``{"text", "label"}`` (label certain/uncertain, optional ``doc_id``),
  or Szeged XML (a file or a directory of them).

Cross-validation folds are grouped by topic (stance) or document (sentences), never by row
and never by evidence alone. Both commands return one report layout for every kind,
described in ``docs/training.md``.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np

from credence.errors import CredenceError, DataError, OutputError
from credence.models.grouping import Grouping, topic_groups
from credence.models.persistence import (
    TEXT_PREFIX_HEX,
    read_training_texts,
    sha256_file,
    staged_model_dir,
    write_training_texts,
)
from credence.models.rows import SkippedRow, check_data_file
from credence.models.text_hash import text_key

__all__ = [
    "REPORT_SCHEMA_VERSION",
    "OVERLAP_WARNING_SHARE",
    "LabelledData",
    "TrainingResult",
    "load_labelled_data",
    "group_rows",
    "train",
    "evaluate",
]

Kind = Literal["stance", "uncertainty"]
KINDS: tuple[str, ...] = ("stance", "uncertainty")
#: Version of the report layout (``docs/training.md``); bumped when a key changes meaning.
REPORT_SCHEMA_VERSION = 1
#: Share of evaluated claims or evidence texts seen in training above which evaluate warns.
OVERLAP_WARNING_SHARE = 0.05
# How many skipped rows a report lists (the count is always complete).
_SKIPPED_SHOWN = 5


@dataclass(frozen=True)
class LabelledData:
    """Labelled rows read for training or evaluation, and what was left out.

    ``claims`` holds the stance claims, or the sentences of the uncertainty kind;
    ``evidences`` the stance evidence texts (``None`` for sentences). ``fields`` gives each
    row's scalar fields (the names ``--group-by`` accepts) and ``lines`` its line number.
    """

    kind: str
    source: str
    claims: list[str]
    evidences: list[str] | None
    labels: list[str]
    fields: list[dict[str, str]]
    lines: list[int | None]
    files: dict[str, str]
    skipped: list[SkippedRow] = field(default_factory=list)
    split: dict[str, Any] | None = None

    def __len__(self) -> int:
        return len(self.labels)

    def describe(self) -> dict[str, Any]:
        """The ``data`` block of a report."""
        return {
            "source": self.source,
            "files_sha256": dict(self.files),
            "rows": len(self.labels),
            "class_counts": dict(sorted(Counter(self.labels).items())),
            "skipped_rows": len(self.skipped),
            "skipped_examples": [str(s) for s in self.skipped[:_SKIPPED_SHOWN]],
            "split": self.split,
        }


@dataclass(frozen=True)
class TrainingResult:
    """What :func:`train` did: where the model went and its report (``docs/training.md``)."""

    model_dir: Path
    report: dict[str, Any]

    @property
    def skipped(self) -> int:
        """Number of bad rows (or files) left out under ``skip_errors``."""
        return int(self.report["data"]["skipped_rows"])


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise CredenceError(
            f"The model kind must be 'stance' or 'uncertainty'. Got {kind!r} instead."
        )


def _scalar_fields(record: dict[str, Any]) -> dict[str, str]:
    return {
        str(k): str(v)
        for k, v in record.items()
        if isinstance(v, (str, int, float)) and not isinstance(v, bool) and str(v) != ""
    }


# --- reading ------------------------------------------------------------------------------


def _read_stance_jsonl(path: str, skip_errors: bool) -> LabelledData:
    from credence.models.stance_data import read_stance_rows

    rows, skipped = read_stance_rows(path, skip_errors=skip_errors)
    return LabelledData(
        kind="stance",
        source=path,
        claims=[p.claim for _, _, p in rows],
        evidences=[p.evidence for _, _, p in rows],
        labels=[p.label for _, _, p in rows],
        fields=[_scalar_fields(record) for _, record, _ in rows],
        lines=[line for line, _, _ in rows],
        files={Path(path).name: sha256_file(path)},
        skipped=skipped,
    )


def _read_fnc(bodies: str, stances: str) -> LabelledData:
    from credence.models.fnc import load_fnc

    pairs = load_fnc(check_data_file(bodies, "CSV file"), check_data_file(stances, "CSV file"))
    return LabelledData(
        kind="stance",
        source=stances,
        claims=[p.claim for p in pairs],
        evidences=[p.evidence for p in pairs],
        labels=[p.label for p in pairs],
        fields=[{"evidence_id": str(p.evidence_id), "label": p.label} for p in pairs],
        # load_fnc does not keep row numbers; the header is line 1 and a row may span lines.
        lines=[None] * len(pairs),
        files={Path(bodies).name: sha256_file(bodies), Path(stances).name: sha256_file(stances)},
    )


def _read_sentences(path: str, skip_errors: bool) -> LabelledData:
    p = Path(path)
    if not p.exists():
        raise DataError(path, "no such file or directory")
    if p.is_dir() or p.suffix.lower() == ".xml":
        from credence.models.szeged import read_szeged

        sentences, files, bad = read_szeged(p, skip_errors=skip_errors)
        return LabelledData(
            kind="uncertainty",
            source=path,
            claims=[s.text for s in sentences],
            evidences=None,
            labels=[s.label for s in sentences],
            fields=[{"doc_id": s.group, "corpus": s.corpus, "label": s.label} for s in sentences],
            lines=[None] * len(sentences),
            files={f.name: sha256_file(f) for f in files},
            skipped=[SkippedRow(e.path, e.line, e.reason) for e in bad],
        )
    from credence.models.sentence_data import read_sentence_rows

    rows, skipped = read_sentence_rows(path, skip_errors=skip_errors)
    return LabelledData(
        kind="uncertainty",
        source=path,
        claims=[s.text for _, _, s in rows],
        evidences=None,
        labels=[s.label for _, _, s in rows],
        fields=[_scalar_fields(record) for _, record, _ in rows],
        lines=[line for line, _, _ in rows],
        files={p.name: sha256_file(path)},
        skipped=skipped,
    )


def _apply_topic_split(data: LabelledData, split_file: str, split: str) -> LabelledData:
    from credence.models.stance_data import TOPIC_SPLITS, read_topic_split

    if split not in TOPIC_SPLITS:
        raise CredenceError(
            f"--split must be one of {', '.join(TOPIC_SPLITS)}. Got {split!r} instead."
        )
    assigned = read_topic_split(split_file)
    keep: list[int] = []
    unlisted = 0
    for i, (claim, row) in enumerate(zip(data.claims, data.fields, strict=True)):
        body = row.get("evidence_id", "")
        body = str(int(body)) if body.isdigit() else body
        name = assigned.get((claim, body))
        if name is None:
            unlisted += 1
        elif name == split:
            keep.append(i)
    if unlisted == len(data):
        raise DataError(
            split_file,
            f"lists none of the {len(data)} (headline, Body ID) pairs of {data.source}",
        )

    def pick(values: list[Any]) -> list[Any]:
        return [values[i] for i in keep]

    return LabelledData(
        kind=data.kind,
        source=data.source,
        claims=pick(data.claims),
        evidences=pick(data.evidences) if data.evidences is not None else None,
        labels=pick(data.labels),
        fields=pick(data.fields),
        lines=pick(data.lines),
        files={**data.files, Path(split_file).name: sha256_file(split_file)},
        skipped=data.skipped,
        split={
            "file": Path(split_file).name,
            "name": split,
            "rows_in_other_splits": len(data) - len(keep) - unlisted,
            "rows_not_listed": unlisted,
        },
    )


def load_labelled_data(
    kind: Kind,
    data: str | None,
    *,
    bodies: str | None = None,
    stances: str | None = None,
    split_file: str | None = None,
    split: str | None = None,
    skip_errors: bool = False,
) -> LabelledData:
    """Read labelled rows of ``kind`` from JSONL, FNC-1 CSVs or Szeged XML.

    Parameters
    ----------
    kind : {"stance", "uncertainty"}
    data : str or None
        A JSONL file (either kind), or a Szeged XML file or directory (uncertainty).
    bodies, stances : str, optional
        The FNC-1 CSV pair (stance), instead of ``data``.
    split_file, split : str, optional
        A topic split CSV (``Headline, Body ID, split``) and the part to keep (``train``,
        ``dev`` or ``drop``); pairs are matched on headline and body id.
    skip_errors : bool
        Leave bad rows (bad Szeged files) out and list them instead of failing.

    Raises
    ------
    DataError
        Naming the file (and line) of any unreadable input, or ``FILE: no rows`` when
        nothing usable is left.
    CredenceError
        On inconsistent options.
    """
    _check_kind(kind)
    if (split_file is None) != (split is None):
        raise CredenceError("--split-file and --split go together: give both or neither.")
    if kind == "stance" and (bodies or stances):
        if not (bodies and stances):
            raise CredenceError("FNC-1 input needs both --bodies and --stances.")
        if data is not None:
            raise CredenceError("Give a JSONL data file or --bodies and --stances, not both.")
        loaded = _read_fnc(bodies, stances)
    elif kind == "stance":
        if data is None:
            raise CredenceError("Give a JSONL data file, or --bodies and --stances for FNC-1.")
        loaded = _read_stance_jsonl(data, skip_errors)
    else:
        if bodies or stances:
            raise CredenceError("--bodies and --stances are FNC-1 stance data, not sentences.")
        if data is None:
            raise CredenceError("Give a JSONL file or Szeged XML (a file or a directory).")
        loaded = _read_sentences(data, skip_errors)
    if not len(loaded):
        skipped = f" ({len(loaded.skipped)} bad rows skipped)" if loaded.skipped else ""
        raise DataError(loaded.source, f"no rows{skipped}")
    if split_file is not None and split is not None:
        if kind != "stance":
            raise CredenceError("--split-file applies to stance data (FNC-1 topic splits).")
        loaded = _apply_topic_split(loaded, split_file, split)
        if not len(loaded):
            raise DataError(loaded.source, f"no rows in split {split!r} of {split_file}")
    return loaded


# --- grouping -----------------------------------------------------------------------------


def _field_grouping(data: LabelledData, name: str) -> Grouping:
    if name == "label":
        raise DataError(
            data.source, "--group-by 'label': folds would each hold one class; name another field"
        )
    missing = [i for i, row in enumerate(data.fields) if name not in row]
    if len(missing) == len(data):
        available = sorted({k for row in data.fields for k in row} - {"label"})
        extra = ["topic"] if data.kind == "stance" else []
        raise DataError(
            data.source,
            f"--group-by {name!r}: no such field; available: {', '.join(available + extra)}",
        )
    if missing:
        first = data.lines[missing[0]]
        where = f" (first at line {first})" if first is not None else ""
        raise DataError(
            data.source,
            f"--group-by {name!r}: missing from {len(missing)} of {len(data)} rows{where}",
        )
    groups = [row[name] for row in data.fields]
    return Grouping(name, f"rows sharing a value of the field '{name}'", groups)


def _topic_grouping(data: LabelledData) -> Grouping:
    assert data.evidences is not None
    claim_keys = [
        row.get("claim_id") or text_key(c) for row, c in zip(data.fields, data.claims, strict=True)
    ]
    evidence_keys = [
        row.get("evidence_id") or text_key(e)
        for row, e in zip(data.fields, data.evidences, strict=True)
    ]
    groups = topic_groups(claim_keys, evidence_keys, data.labels)
    return Grouping(
        "topic",
        "connected claims and evidence: claims (claim_id or text) and evidence (evidence_id "
        "or text) linked by related pairs; an unrelated pair goes with its claim",
        groups,
    )


def _document_grouping(data: LabelledData) -> Grouping:
    with_doc = sum(1 for row in data.fields if row.get("doc_id"))
    groups = [
        row.get("doc_id") or f"text:{text_key(t)}"
        for row, t in zip(data.fields, data.claims, strict=True)
    ]
    if with_doc == len(data):
        return Grouping("document", "sentences of one document (doc_id)", groups)
    if with_doc == 0:
        return Grouping(
            "text",
            "identical sentences only: the data has no doc_id, so sentences of one document "
            "may sit on both sides of a split and the scores may be optimistic",
            groups,
        )
    return Grouping(
        "document",
        f"sentences of one document (doc_id); {len(data) - with_doc} rows without doc_id "
        "are grouped by their text",
        groups,
    )


def group_rows(data: LabelledData, group_by: str | None = None) -> Grouping:
    """The cross-validation group of every row.

    Parameters
    ----------
    data : LabelledData
    group_by : str, optional
        A field present in every row. Without it, stance pairs are grouped by topic
        (:func:`credence.models.grouping.topic_groups`) and sentences by document.
        ``"topic"`` (stance) names that default when no field of that name exists.

    Raises
    ------
    DataError
        When ``group_by`` is no field of the data (the available ones are listed) or is
        missing from some rows (the first such line is named).
    """
    if group_by is not None and (
        group_by != "topic" or data.kind != "stance" or any("topic" in r for r in data.fields)
    ):
        return _field_grouping(data, group_by)
    return _topic_grouping(data) if data.kind == "stance" else _document_grouping(data)


# --- fitting and predicting, the same way for every kind ----------------------------------


@dataclass(frozen=True)
class _KindOps:
    labels: tuple[str, ...]
    fit: Callable[[LabelledData, Sequence[int], Sequence[str], int], Any]
    predict: Callable[[Any, LabelledData, Sequence[int]], tuple[list[str], np.ndarray]]
    save: Callable[[Any, Path, dict[str, str], dict[str, Any]], Any]
    load: Callable[[str | os.PathLike[str]], Any]
    fnc: bool


def _stance_ops() -> _KindOps:
    from credence.models.stance import StanceModel, load_stance, save_stance
    from credence.models.stance_data import STANCE_LABELS

    def fit(data: LabelledData, idx: Sequence[int], groups: Sequence[str], seed: int) -> Any:
        assert data.evidences is not None
        return StanceModel(random_state=seed).fit(
            [data.claims[i] for i in idx],
            [data.evidences[i] for i in idx],
            [data.labels[i] for i in idx],
            groups=[groups[i] for i in idx],
        )

    def predict(model: Any, data: LabelledData, idx: Sequence[int]) -> tuple[list[str], Any]:
        assert data.evidences is not None
        proba = model.predict_proba([data.claims[i] for i in idx], [data.evidences[i] for i in idx])
        # The same decision rule as StanceModel.predict, without computing features twice.
        weights = getattr(model, "decision_weights_", np.ones(proba.shape[1]))
        predicted = [str(c) for c in np.asarray(model.classes_)[(proba * weights).argmax(axis=1)]]
        order = [list(model.classes_).index(label) for label in STANCE_LABELS]
        return predicted, proba[:, order]

    def save(model: Any, out: Path, files: dict[str, str], metrics: dict[str, Any]) -> Any:
        return save_stance(model, out, training_data=files, metrics=metrics)

    return _KindOps(STANCE_LABELS, fit, predict, save, load_stance, fnc=True)


def _uncertainty_ops() -> _KindOps:
    from credence.models.sentence_data import SENTENCE_LABELS
    from credence.models.uncertainty import UncertaintyModel, train_uncertainty

    def fit(data: LabelledData, idx: Sequence[int], groups: Sequence[str], seed: int) -> Any:
        model, _ = train_uncertainty(
            [data.claims[i] for i in idx],
            [data.labels[i] for i in idx],
            groups=None,
            cv_folds=0,
            random_state=seed,
        )
        return model

    def predict(model: Any, data: LabelledData, idx: Sequence[int]) -> tuple[list[str], Any]:
        positive = np.asarray(model.predict_proba([data.claims[i] for i in idx]), dtype=float)
        predicted = [SENTENCE_LABELS[1] if p >= 0.5 else SENTENCE_LABELS[0] for p in positive]
        return predicted, np.column_stack([1.0 - positive, positive])

    def save(model: Any, out: Path, files: dict[str, str], metrics: dict[str, Any]) -> Any:
        return model.save(out, training_data=files, metrics=metrics)

    return _KindOps(SENTENCE_LABELS, fit, predict, save, UncertaintyModel.load, fnc=False)


def _ops(kind: str) -> _KindOps:
    return _stance_ops() if kind == "stance" else _uncertainty_ops()


def _baseline(
    ops: _KindOps, gold: Sequence[str], majority: Sequence[str], strategy: str
) -> dict[str, Any]:
    from credence.models.metrics import evaluation_metrics

    block = evaluation_metrics(gold, majority, None, ops.labels, fnc=ops.fnc)
    return {
        "strategy": strategy,
        "accuracy": block["accuracy"],
        "macro_f1": block["macro_f1"],
        "fnc_relative": block["fnc"]["relative"] if block["fnc"] else None,
    }


def _cross_validate(
    ops: _KindOps,
    data: LabelledData,
    grouping: Grouping,
    folds: int,
    seed: int,
    progress: Callable[[str], None],
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Out-of-fold predictions over grouped folds; return (metrics, baseline, cv blocks)."""
    from sklearn.model_selection import GroupKFold

    from credence.models.metrics import evaluation_metrics

    n = len(data)
    predicted: list[str] = [""] * n
    majority: list[str] = [""] * n
    proba = np.zeros((n, len(ops.labels)))
    per_fold: list[dict[str, Any]] = []
    splitter = GroupKFold(n_splits=folds, shuffle=True, random_state=seed)
    splits = splitter.split(np.zeros(n), data.labels, grouping.groups)
    for number, (train_idx, test_idx) in enumerate(splits, start=1):
        progress(
            f"fold {number}/{folds}: fitting on {len(train_idx)} rows, testing on {len(test_idx)}"
        )
        try:
            model = ops.fit(data, train_idx, grouping.groups, seed)
        except ValueError as exc:  # e.g. a class missing from a fold of a tiny data set
            raise DataError(
                data.source, f"cannot train on a cross-validation fold: {exc}"
            ) from None
        fold_pred, fold_proba = ops.predict(model, data, test_idx)
        common = Counter(data.labels[i] for i in train_idx).most_common(1)[0][0]
        for j, i in enumerate(test_idx):
            predicted[i], majority[i] = fold_pred[j], common
        proba[test_idx] = fold_proba
        gold = [data.labels[i] for i in test_idx]
        fold_block = evaluation_metrics(gold, fold_pred, None, ops.labels, fnc=ops.fnc)
        per_fold.append(
            {
                "n": len(test_idx),
                "groups": len({grouping.groups[i] for i in test_idx}),
                "accuracy": fold_block["accuracy"],
                "macro_f1": fold_block["macro_f1"],
            }
        )
    metrics = evaluation_metrics(data.labels, predicted, proba, ops.labels, fnc=ops.fnc)
    baseline = _baseline(ops, data.labels, majority, "majority class of each training fold")
    return metrics, baseline, {"folds": folds, "per_fold": per_fold}


def _training_texts(data: LabelledData) -> dict[str, list[str]]:
    texts = {"claims": data.claims}
    if data.evidences is not None:
        texts["evidence"] = data.evidences
    return texts


def _report(
    command: str, kind: str, model_dir: Path, data: LabelledData, **blocks: Any
) -> dict[str, Any]:
    report: dict[str, Any] = {
        "schema_version": REPORT_SCHEMA_VERSION,
        "command": command,
        "kind": kind,
        "model_dir": str(model_dir),
        "data": data.describe(),
        "grouping": None,
        "cv": None,
        "metrics": None,
        "baseline": None,
        "overlap": None,
        "seconds": None,
    }
    report.update(blocks)
    return report


def train(
    kind: Kind,
    data: str | None,
    out: str | os.PathLike[str],
    *,
    bodies: str | None = None,
    stances: str | None = None,
    split_file: str | None = None,
    split: str | None = None,
    group_by: str | None = None,
    folds: int = 3,
    skip_errors: bool = False,
    random_state: int = 0,
    progress: Callable[[str], None] | None = None,
) -> TrainingResult:
    """Cross-validate a ``kind`` model over grouped folds, fit it on all rows, save it.

    The model directory (written atomically to ``out``) also records fingerprints of the
    training claims and evidence texts, so that :func:`evaluate` can tell how much of an
    evaluation set the model has already seen.

    Parameters
    ----------
    kind, data, bodies, stances, split_file, split, skip_errors
        See :func:`load_labelled_data`.
    out : path
        Model directory to write (replaced if it exists).
    group_by : str, optional
        See :func:`group_rows` (default: topic for stance, document for sentences).
    folds : int
        Number of ``GroupKFold`` folds (at least 2).
    random_state : int
        Seed of the fold shuffle and the models.
    progress : callable, optional
        Called with a short line before each slow step (the CLI prints it on stderr).

    Returns
    -------
    TrainingResult
        ``report`` follows ``docs/training.md``: ``metrics`` are the pooled out-of-fold
        figures, ``baseline`` the majority class of each training fold.

    Raises
    ------
    DataError
        Unreadable data, ``FILE: no rows``, a bad ``group_by``, or fewer groups than folds.
    """
    _check_kind(kind)
    if folds < 2:
        raise CredenceError(f"--folds must be at least 2. Got {folds} instead.")
    out_path = Path(out).absolute()
    _check_out(out_path)
    started = time.perf_counter()
    labelled = load_labelled_data(
        kind,
        data,
        bodies=bodies,
        stances=stances,
        split_file=split_file,
        split=split,
        skip_errors=skip_errors,
    )
    if len(set(labelled.labels)) < 2:
        raise DataError(
            labelled.source, f"every row has the label {labelled.labels[0]!r}; need two classes"
        )
    grouping = group_rows(labelled, group_by)
    if grouping.n_groups < folds:
        raise DataError(
            labelled.source,
            f"{grouping.n_groups} distinct groups ({grouping.by}), fewer than the {folds} "
            "cross-validation folds (use more data, fewer --folds, or another --group-by)",
        )
    say = progress or (lambda message: None)
    say(
        f"{len(labelled)} rows from {labelled.source}, {grouping.n_groups} {grouping.by} groups, "
        f"{folds} folds"
    )
    ops = _ops(kind)
    metrics, baseline, cv = _cross_validate(ops, labelled, grouping, folds, random_state, say)
    say(f"fitting on all {len(labelled)} rows")
    try:
        model = ops.fit(labelled, range(len(labelled)), grouping.groups, random_state)
    except ValueError as exc:
        raise DataError(labelled.source, f"cannot train on this data: {exc}") from None
    report = _report(
        "train",
        kind,
        Path(out),
        labelled,
        grouping=grouping.to_dict(),
        cv=cv,
        metrics=metrics,
        baseline=baseline,
        seconds=round(time.perf_counter() - started, 2),
    )
    try:
        with staged_model_dir(out_path) as staged:
            saved_metrics = {k: v for k, v in report.items() if k != "model_dir"}
            ops.save(model, staged, labelled.files, saved_metrics)
            write_training_texts(staged, _training_texts(labelled))
    except OSError as exc:  # read-only place, a file where a directory should be, disk full
        raise DataError(
            str(out), f"cannot write the model directory ({exc.strerror or exc})"
        ) from None
    return TrainingResult(Path(out), report)


def _overlap(model_dir: str | os.PathLike[str], data: LabelledData) -> dict[str, Any]:
    seen = read_training_texts(model_dir)
    if seen is None:
        return {"known": False, "claims": None, "evidence": None, "warn": False}
    block: dict[str, Any] = {"known": True, "warn": False}
    for role, texts in _training_texts(data).items():
        keys = {text_key(t)[:TEXT_PREFIX_HEX] for t in texts}
        hits = len(keys & seen.get(role, frozenset()))
        share = hits / len(keys) if keys else 0.0
        block[role] = {"distinct": len(keys), "seen_in_training": hits, "share": share}
        block["warn"] = block["warn"] or share > OVERLAP_WARNING_SHARE
    block.setdefault("evidence", None)
    return block


def _check_plot_path(plot: str) -> None:
    from credence.output import check_output_path

    if Path(plot).is_dir():
        raise DataError(plot, "is a directory; --plot needs an image file name (.png, .svg)")
    try:
        check_output_path(plot)
    except OutputError as exc:
        raise DataError(plot, exc.reason) from None


def _write_plot(plot: str, labels: Sequence[str], proba: Any, classes: list[str]) -> None:
    """Draw the reliability diagram in a scratch directory, then write it to ``plot`` as
    ``-o`` writes: atomically over a file or a symbolic link's target, straight through to
    a device, FIFO or ``/dev/stdout`` (a rename would replace those with a file).
    """
    from credence.models.metrics import plot_reliability
    from credence.output import atomic_write_bytes

    with tempfile.TemporaryDirectory(prefix="credence-plot-") as scratch:
        # The same file name: its suffix chooses the image format (none: PNG).
        drawn = Path(scratch) / (Path(plot).name or "diagram")
        try:
            plot_reliability(labels, proba, classes, drawn)
        except ImportError as exc:
            raise CredenceError(f"--plot: {exc}") from None
        except (OSError, ValueError) as exc:  # unknown image format
            raise DataError(plot, f"cannot write the reliability diagram ({exc})") from None
        try:
            atomic_write_bytes(plot, drawn.read_bytes())
        except OutputError as exc:
            reason = exc.reason.replace("the output", "the reliability diagram")
            raise DataError(plot, reason) from None


def _check_out(out: Path) -> None:
    """Refuse to replace anything but a model directory (or an empty one) with a model."""
    from credence.models.persistence import META_FILE

    if not out.exists():
        # Fail before hours of training, not at the save.
        parent = out.parent
        while not parent.exists():
            parent = parent.parent
        if not parent.is_dir():
            raise DataError(str(out), f"{parent} is not a directory; choose another --out")
        if not os.access(parent, os.W_OK | os.X_OK):
            raise DataError(str(out), f"cannot write in {parent}; choose another --out")
        return
    if not out.is_dir():
        raise DataError(str(out), "exists and is not a directory; choose another --out")
    if any(out.iterdir()) and not (out / META_FILE).is_file():
        raise DataError(
            str(out), "exists and is not a credence model directory; choose another --out"
        )


def evaluate(
    kind: Kind,
    data: str | None,
    model_dir: str | os.PathLike[str],
    *,
    bodies: str | None = None,
    stances: str | None = None,
    split_file: str | None = None,
    split: str | None = None,
    skip_errors: bool = False,
    plot: str | None = None,
) -> dict[str, Any]:
    """Evaluate a saved model on labelled data (report layout: ``docs/training.md``).

    ``overlap`` says how many distinct evaluated claims (sentences) and evidence texts the
    model saw in training (``known`` is false for model directories without fingerprints);
    ``baseline`` is the majority class of the evaluated data itself. With ``plot``, a
    reliability diagram is written there.
    """
    _check_kind(kind)
    started = time.perf_counter()
    ops = _ops(kind)
    model = ops.load(model_dir)
    labelled = load_labelled_data(
        kind,
        data,
        bodies=bodies,
        stances=stances,
        split_file=split_file,
        split=split,
        skip_errors=skip_errors,
    )
    from credence.models.metrics import evaluation_metrics

    predicted, proba = ops.predict(model, labelled, range(len(labelled)))
    metrics = evaluation_metrics(labelled.labels, predicted, proba, ops.labels, fnc=ops.fnc)
    common = Counter(labelled.labels).most_common(1)[0][0]
    baseline = _baseline(
        ops, labelled.labels, [common] * len(labelled), "majority class of this data"
    )
    if plot:
        _check_plot_path(plot)
        _write_plot(plot, labelled.labels, proba, list(ops.labels))
    return _report(
        "evaluate",
        kind,
        Path(model_dir),
        labelled,
        metrics=metrics,
        baseline=baseline,
        overlap=_overlap(model_dir, labelled),
        seconds=round(time.perf_counter() - started, 2),
    )
