"""Fitting and measuring the lean reader (:mod:`credence.models.lean`) on out-of-topic readings.

The stance model, its related-pairs reader and the agreement model are all fitted on FNC-1
topic-train: their readings of train bodies are in-sample and over-confident, and a reader
fitted on them would learn to trust them too much. :func:`cross_fitted_inputs` splits the
train topics into ``folds`` topic-grouped folds; for each, it refits the stance model on
the other folds' pairs and the agreement model on Emergent and the other folds' FNC-1 pairs,
and computes the lean inputs of the fold's related pairs with them. Every row is thus read
by models that never saw its topic, as a new story is read by the shipped models.

:func:`cross_validate_lean` measures the reader on those rows with topic-grouped folds,
beside the stance model's own related-class reading and its related-pairs reader: macro-F1
over agree / disagree / discuss, the Spearman of the lean per body, and the Spearman of the
stories' mean lean with their (agree - disagree) / related share.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy.stats import spearmanr
from sklearn.metrics import f1_score
from sklearn.model_selection import GroupKFold

from credence.models.lean import LEAN_LABELS, LeanReader
from credence.models.lean_features import LEAN_INPUT_NAMES, lean_inputs

__all__ = [
    "CrossFitted",
    "cross_fitted_inputs",
    "cross_validate_lean",
    "story_spearman",
    "train_default_lean",
]

#: Topic-grouped folds of the cross-fitting (each refits the stance and agreement models).
CROSS_FIT_FOLDS = 3


@dataclass(frozen=True)
class CrossFitted:
    """Lean inputs of FNC-1 topic-train related pairs, each read by models fitted without
    its topic.

    Attributes
    ----------
    X : ndarray, shape (n, len(LEAN_INPUT_NAMES))
    y : ndarray of int
        Index in :data:`LEAN_LABELS`.
    topic : ndarray of str
        The pair's topic (:func:`credence.models.grouping.topic_groups` over topic-train).
    story : ndarray of int
        Index of the pair's headline (a story is a headline with its related bodies).
    fold : ndarray of int
        The cross-fitting fold that read the pair.
    """

    X: np.ndarray
    y: np.ndarray
    topic: np.ndarray
    story: np.ndarray
    fold: np.ndarray

    def save(self, path: str | Path) -> None:
        """Write the arrays to an ``.npz`` file (numbers and topic ids only, no text)."""
        np.savez_compressed(path, **{k: getattr(self, k) for k in self.__dataclass_fields__})

    @classmethod
    def load(cls, path: str | Path) -> CrossFitted:
        """Read what :meth:`save` wrote."""
        with np.load(path, allow_pickle=False) as data:
            return cls(**{k: data[k] for k in cls.__dataclass_fields__})


def _train_pairs(data_dir: Path) -> tuple[list[Any], list[str]]:
    from credence.models.fnc import FNC_FILES, load_fnc, split_by_topic
    from credence.models.grouping import topic_groups

    folder = data_dir / "fnc1"
    pairs = load_fnc(folder / FNC_FILES["bodies"], folder / FNC_FILES["stances"])
    train = split_by_topic(pairs, folder / FNC_FILES["topic_split"])["train"]
    topics = topic_groups(
        [p.claim for p in train], [str(p.evidence_id) for p in train], [p.label for p in train]
    )
    return train, topics


def _fold_models(data_dir: Path, fit_pairs_: list[Any], agreement_pairs: list[Any]) -> Any:
    from credence.models.agreement import fit_pairs
    from credence.models.stance import StanceModel

    stance = StanceModel(random_state=0).fit(
        [p.claim for p in fit_pairs_],
        [p.evidence for p in fit_pairs_],
        [p.label for p in fit_pairs_],
        groups=[p.group for p in fit_pairs_],
    )
    return stance, fit_pairs(agreement_pairs).as_stance()


def cross_fitted_inputs(
    data_dir: str | Path, folds: int = CROSS_FIT_FOLDS, seed: int = 0
) -> CrossFitted:
    """Lean inputs of every related FNC-1 topic-train pair, read out of topic (see above).

    Takes ``folds`` stance fits and agreement fits (about 3 minutes each on one core).
    """
    from credence.models.agreement_data import emergent_pairs, fnc_pairs, read_emergent

    data_dir = Path(data_dir)
    train, topics = _train_pairs(data_dir)
    topic_arr = np.asarray(topics)
    emergent = emergent_pairs(read_emergent(data_dir / "claims/emergent/train.jsonl"))
    fnc_agreement = fnc_pairs(data_dir / "fnc1", split="train")
    headline_index: dict[str, int] = {}
    splitter = GroupKFold(n_splits=folds, shuffle=True, random_state=seed)
    parts: list[tuple[np.ndarray, ...]] = []
    started = time.perf_counter()
    for fold, (fit_rows, read_rows) in enumerate(splitter.split(topic_arr, groups=topic_arr)):
        held = set(topic_arr[read_rows].tolist())
        agreement = emergent + [p for p in fnc_agreement if p.group.split(":", 1)[1] not in held]
        stance, pair_model = _fold_models(data_dir, [train[k] for k in fit_rows], agreement)
        related = [k for k in read_rows.tolist() if train[k].label != "unrelated"]
        X = lean_inputs(
            [train[k].claim for k in related],
            [train[k].evidence for k in related],
            stance,
            pair_model,
        )
        stories = [headline_index.setdefault(train[k].claim, len(headline_index)) for k in related]
        parts.append(
            (
                X,
                np.array([LEAN_LABELS.index(train[k].label) for k in related]),
                topic_arr[related],
                np.array(stories),
                np.full(len(related), fold),
            )
        )
        elapsed = time.perf_counter() - started
        print(f"  lean cross-fit fold {fold + 1}/{folds} ({elapsed:.0f} s)", file=sys.stderr)
    return CrossFitted(*(np.concatenate(column) for column in zip(*parts, strict=True)))


def story_spearman(lean: np.ndarray, y: np.ndarray, story: np.ndarray, least: int = 2) -> float:
    """Spearman of the stories' mean lean with their (agree - disagree) / related share.

    Stories (headlines) with fewer than ``least`` related bodies are left out, as in
    ``benchmarks/eval_truth.py``.
    """
    target = np.where(y == 0, 1.0, np.where(y == 1, -1.0, 0.0))
    ids, inverse, counts = np.unique(story, return_inverse=True, return_counts=True)
    mean_lean = np.bincount(inverse, lean) / counts
    mean_target = np.bincount(inverse, target) / counts
    keep = counts >= least
    return float(spearmanr(mean_lean[keep], mean_target[keep]).statistic)


def _readings(table: CrossFitted, name: str) -> np.ndarray:
    columns = [LEAN_INPUT_NAMES.index(f"{name}_{label}") for label in LEAN_LABELS]
    proba = table.X[:, columns]
    return proba / np.maximum(proba.sum(axis=1, keepdims=True), 1e-12)


def _scores(proba: np.ndarray, table: CrossFitted, rows: np.ndarray) -> dict[str, float]:
    y = table.y[rows]
    lean = proba[:, 0] - proba[:, 1]
    target = np.where(y == 0, 1.0, np.where(y == 1, -1.0, 0.0))
    return {
        "macro_f1": float(f1_score(y, proba.argmax(axis=1), average="macro")),
        "body_lean_spearman": float(spearmanr(lean, target).statistic),
        "story_spearman": story_spearman(lean, y, table.story[rows]),
    }


def out_of_fold_proba(
    table: CrossFitted, folds: int = 5, rows: np.ndarray | None = None, **params: Any
) -> np.ndarray:
    """The reader's P(agree, disagree, discuss) of ``rows`` (default all), each from a
    reader fitted on the other topics (topic-grouped folds).
    """
    rows = np.arange(len(table.y)) if rows is None else rows
    out = np.zeros((len(rows), len(LEAN_LABELS)))
    topics = table.topic[rows]
    for fit, read in GroupKFold(n_splits=folds).split(rows, groups=topics):
        reader = LeanReader(**params).fit(table.X[rows[fit]], table.y[rows[fit]])
        out[read] = reader.predict_proba(table.X[rows[read]])
    return out


def cross_validate_lean(table: CrossFitted, folds: int = 5, **params: Any) -> dict[str, Any]:
    """The reader on topic-grouped folds, beside the stance model and its related reader.

    Returns
    -------
    dict
        ``{"lean_reader" | "stance_model" | "related_reader": {"macro_f1",
        "body_lean_spearman", "story_spearman"}, "n_pairs", "n_stories"}``.
    """
    rows = np.arange(len(table.y))
    return {
        "lean_reader": _scores(out_of_fold_proba(table, folds, **params), table, rows),
        "stance_model": _scores(_readings(table, "stance"), table, rows),
        "related_reader": _scores(_readings(table, "related"), table, rows),
        "n_pairs": int(len(rows)),
        "n_stories": int(len(np.unique(table.story))),
        "folds": f"{folds} topic-grouped folds of FNC-1 topic-train related pairs",
    }


def train_default_lean(
    data_dir: str | Path, out_dir: str | Path, readings: str | Path | None = None
) -> dict[str, Any]:
    """Cross-fit the readings, measure the reader on topic-grouped folds, fit and save it.

    Parameters
    ----------
    data_dir : path
        The labelled-data root (``fnc1/``, ``claims/emergent/train.jsonl``).
    out_dir : path
        Model directory to write.
    readings : path, optional
        An ``.npz`` of :class:`CrossFitted` readings: read when it exists, else computed and
        written there (the cross-fitting takes most of the build time).
    """
    from credence.models.fnc import FNC_FILES
    from credence.models.persistence import sha256_files

    data_dir = Path(data_dir)
    started = time.perf_counter()
    if readings is not None and Path(readings).is_file():
        table = CrossFitted.load(readings)
    else:
        table = cross_fitted_inputs(data_dir)
        if readings is not None:
            table.save(readings)
    metrics = cross_validate_lean(table)
    reader = LeanReader().fit(table.X, table.y)
    metrics["build_seconds"] = round(time.perf_counter() - started, 1)
    files = [data_dir / "claims" / "emergent" / "train.jsonl"] + [
        data_dir / "fnc1" / FNC_FILES[key] for key in ("bodies", "stances", "topic_split")
    ]
    reader.save(out_dir, training_data=sha256_files(files), metrics=metrics)
    return metrics
