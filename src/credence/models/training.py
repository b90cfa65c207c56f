"""`credence train` and `credence evaluate` as plain library functions, for every model kind.

Each kind's registry entry (:mod:`credence.models.kinds`) says how its data is read
(:mod:`credence.models.labelled`), how folds are grouped (:mod:`credence.models.grouping`) and
how it is fitted and scored (:mod:`credence.models.adapters`); nothing here names a kind.
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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from credence.errors import CredenceError, DataError, OutputError
from credence.models.grouping import Grouping, group_rows
from credence.models.kinds import ModelKind, get_kind
from credence.models.labelled import LabelledData, load_labelled_data
from credence.models.persistence import (
    TEXT_PREFIX_HEX,
    read_training_texts,
    staged_model_dir,
    write_training_texts,
)
from credence.models.text_hash import text_key

# LabelledData, load_labelled_data and group_rows live in labelled.py and grouping.py; they
# stay importable from here, where callers found them first.
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

#: Version of the report layout (``docs/training.md``); bumped when a key changes meaning.
REPORT_SCHEMA_VERSION = 1
#: Share of evaluated claims or evidence texts seen in training above which evaluate warns.
OVERLAP_WARNING_SHARE = 0.05


@dataclass(frozen=True)
class TrainingResult:
    """What :func:`train` did: where the model went and its report (``docs/training.md``)."""

    model_dir: Path
    report: dict[str, Any]

    @property
    def skipped(self) -> int:
        """Number of bad rows (or files) left out under ``skip_errors``."""
        return int(self.report["data"]["skipped_rows"])


@dataclass(frozen=True)
class _KindOps:
    """A registry entry with its label tuple and functions resolved (modules imported)."""

    kind: ModelKind
    labels: tuple[str, ...]
    fit: Callable[[LabelledData, Sequence[int], Sequence[str], int], Any]
    predict: Callable[[Any, LabelledData, Sequence[int]], tuple[list[str], np.ndarray]]

    @property
    def fnc(self) -> bool:
        return self.kind.fnc


def _ops(name: str) -> _KindOps:
    kind = get_kind(name)
    return _KindOps(kind, kind.label_names(), kind.function("fit"), kind.function("predict"))


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
    kind: str,
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
    get_kind(kind)  # an unknown kind fails before anything is read
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
    grouping = _trainable_grouping(labelled, group_by, folds)
    model, metrics, baseline, cv = _fit_with_cv(
        _ops(kind), labelled, grouping, folds, random_state, progress or (lambda message: None)
    )
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
    _save_trained(model, out, out_path, labelled, report)
    return TrainingResult(Path(out), report)


def _fit_with_cv(
    ops: _KindOps,
    labelled: LabelledData,
    grouping: Grouping,
    folds: int,
    seed: int,
    say: Callable[[str], None],
) -> tuple[Any, dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Cross-validate over the grouped folds, then fit on every row: (model, metrics,
    baseline, cv blocks).
    """
    say(
        f"{len(labelled)} rows from {labelled.source}, {grouping.n_groups} {grouping.by} groups, "
        f"{folds} folds"
    )
    metrics, baseline, cv = _cross_validate(ops, labelled, grouping, folds, seed, say)
    say(f"fitting on all {len(labelled)} rows")
    try:
        model = ops.fit(labelled, range(len(labelled)), grouping.groups, seed)
    except ValueError as exc:
        raise DataError(labelled.source, f"cannot train on this data: {exc}") from None
    return model, metrics, baseline, cv


def _trainable_grouping(labelled: LabelledData, group_by: str | None, folds: int) -> Grouping:
    """The rows' grouping, once the data is known to hold two classes and enough groups."""
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
    return grouping


def _save_trained(
    model: Any,
    out: str | os.PathLike[str],
    out_path: Path,
    labelled: LabelledData,
    report: dict[str, Any],
) -> None:
    """Save the model with the class's own ``save``, then its training-text fingerprints,
    into a staged directory that replaces ``out`` only once both are written.
    """
    try:
        with staged_model_dir(out_path) as staged:
            saved_metrics = {k: v for k, v in report.items() if k != "model_dir"}
            model.save(staged, training_data=labelled.files, metrics=saved_metrics)
            write_training_texts(staged, _training_texts(labelled))
    except OSError as exc:  # read-only place, a file where a directory should be, disk full
        raise DataError(
            str(out), f"cannot write the model directory ({exc.strerror or exc})"
        ) from None


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
    kind: str,
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
    get_kind(kind)  # an unknown kind fails before anything is read
    started = time.perf_counter()
    ops = _ops(kind)
    model = ops.kind.load(model_dir)
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
