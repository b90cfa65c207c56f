"""The uncertainty model's second output: event factuality, P(the sentence presents some event
as not certainly having happened).

The first output (P(uncertain), :meth:`UncertaintyModel.predict_proba`) answers the Szeged
question: does a cue present a proposition as possible, probable, believed or hearsay? News
factuality corpora (UW, MEANTIME) ask another one of every event: did the author present it
as having happened? Future and ability modals ("will reach", "can stop"), obligations
("should help"), negations raters disagree on and questions all lower it, and Szeged
annotates none of them. Measured on UW (``benchmarks/eval_uncertainty.py``), one output
cannot serve both: fitting the news stack on UW training sentences as well moved UW dev+test
by less than 0.01 F1 and cost 0.02–0.05 on the Szeged-style news sets. So the model keeps
the hedging output as it is and adds this head, fitted on UW *training* sentences only.

The head is a logistic regression (signs free: a negation or a "will" is evidence here, not
a hedge) over the news stack's inputs (:func:`~credence.models.uncertainty_stack.stack_inputs`:
base logit, hedge counts, attribution cue) and the event cues of :data:`EVENT_FEATURES`: one
count per modal verb (``modals`` word list), negators (``negators`` word list) and whether
the sentence is a question. Its target is the UW mapping of
:func:`~credence.models.uncertainty_factuality.uw_uncertain` (a predication with
``|factuality| < 2.5``); training folds are blocks of 40 consecutive sentences, which keep an
article together (the UW files carry no document ids).
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from credence.features.lexicon import rows
from credence.models.uncertainty_stack import (
    STACK_FEATURES,
    SignConstrainedLogit,
    stack_inputs,
)

if TYPE_CHECKING:
    from credence.models.uncertainty import UncertaintyModel

__all__ = [
    "EVENT_BLOCK",
    "EVENT_FEATURES",
    "FactualityHead",
    "event_cue_rows",
    "event_inputs",
    "fit_factuality_head",
    "negators_in",
    "uw_event_training_data",
]

#: Consecutive UW sentences per cross-validation group (an article stays in one fold).
EVENT_BLOCK = 40
# Counts beyond this add nothing: as in the news stack, one long list must not dominate.
_COUNT_CAP = 3.0
# Words, with "n't" split off its verb ("don't" -> "do", "n't"; "can't" -> "ca", "n't").
_TOKEN = re.compile(r"[a-z]+(?=n[’']t\b)|n[’']t\b|[a-z]+")


@lru_cache(maxsize=1)
def _modals() -> tuple[str, ...]:
    return tuple(sorted(row[0].lower() for row in rows("modals")))


@lru_cache(maxsize=1)
def _negators() -> frozenset[str]:
    return frozenset(row[0].lower() for row in rows("negators"))


def _event_feature_names() -> tuple[str, ...]:
    return (*(f"modal_{word}" for word in _modals()), "n_negator", "question")


#: Columns of the head beyond :data:`STACK_FEATURES`: one capped count per modal verb, the
#: capped count of negators, and 1 when the sentence ends with a question mark.
EVENT_FEATURES: tuple[str, ...] = _event_feature_names()


def event_cue_rows(texts: Sequence[str]) -> np.ndarray:
    """The event-cue columns (:data:`EVENT_FEATURES`) of ``texts``, shape ``(n, k)``.

    Examples
    --------
    >>> row = dict(zip(EVENT_FEATURES, event_cue_rows(["Won't they go? They will."])[0]))
    >>> [float(row[name]) for name in ("modal_will", "n_negator", "question")]
    [1.0, 1.0, 0.0]
    """
    modals = _modals()
    negators = _negators()
    out = np.zeros((len(texts), len(EVENT_FEATURES)), dtype=np.float64)
    for i, text in enumerate(texts):
        tokens = _TOKEN.findall(text.lower().replace("’", "'"))
        for j, word in enumerate(modals):
            out[i, j] = min(tokens.count(word), _COUNT_CAP)
        out[i, -2] = min(sum(1 for t in tokens if t in negators), _COUNT_CAP)
        out[i, -1] = 1.0 if text.rstrip(" \"'”’)").endswith("?") else 0.0
    return out


def negators_in(text: str) -> list[str]:
    """The negators of ``text`` (``negators`` word list), in order, as the head counts them.

    Examples
    --------
    >>> negators_in("They don't know and never did.")
    ["n't", 'never']
    """
    negators = _negators()
    return [t for t in _TOKEN.findall(text.lower().replace("’", "'")) if t in negators]


def event_inputs(base_proba: np.ndarray, texts: Sequence[str]) -> np.ndarray:
    """The head's input matrix: :func:`stack_inputs` columns, then :data:`EVENT_FEATURES`."""
    texts = list(texts)
    return np.hstack([stack_inputs(base_proba, texts), event_cue_rows(texts)])


class FactualityHead:
    """The event-factuality output: P(some event of the sentence is not presented as certain).

    Parameters
    ----------
    classifier : SignConstrainedLogit
        Fitted on :func:`event_inputs` rows (columns :data:`STACK_FEATURES` then
        :data:`EVENT_FEATURES`), signs free.
    target : str
        What the positive class means.
    """

    def __init__(self, classifier: SignConstrainedLogit, target: str) -> None:
        self.classifier = classifier
        self.target = target

    @property
    def features(self) -> tuple[str, ...]:
        return (*STACK_FEATURES, *EVENT_FEATURES)

    def weights(self) -> dict[str, float]:
        """``{input: coefficient}`` (positive pushes towards "not certainly happened")."""
        coef = np.asarray(self.classifier.coef_[0], dtype=np.float64)
        return {name: float(w) for name, w in zip(self.features, coef, strict=True)}

    @property
    def intercept(self) -> float:
        return float(self.classifier.intercept_[0])

    @property
    def n_inputs(self) -> int:
        return int(np.asarray(self.classifier.coef_).shape[1])

    def predict_proba(self, inputs: np.ndarray) -> np.ndarray:
        """P(not certainly factual) for rows of :func:`event_inputs`."""
        return self.classifier.predict_proba(inputs)[:, 1]


def _fit_classifier(inputs: np.ndarray, targets: np.ndarray) -> SignConstrainedLogit:
    free: list[float | None] = [None] * inputs.shape[1]
    return SignConstrainedLogit(free, free, C=1.0).fit(inputs, targets)


def fit_factuality_head(
    model: UncertaintyModel,
    texts: Sequence[str],
    targets: Sequence[bool],
    *,
    groups: Sequence[str] | None = None,
    cv_folds: int = 5,
    target: str = "not certainly factual",
) -> tuple[FactualityHead, dict[str, Any]]:
    """Fit the event-factuality head on ``texts`` (never seen by the base model).

    Parameters
    ----------
    model : UncertaintyModel
        The fitted base model (its base logit is an input).
    texts, targets : sequence
        Sentences and True where some event is not presented as certainly factual.
    groups : sequence of str, optional
        Document (or block) of each sentence: with ``cv_folds >= 2`` grouped out-of-fold F1
        is recorded.
    target : str
        Description of the positive class, recorded with the head.

    Returns
    -------
    (FactualityHead, dict)
        The head fitted on all rows and ``n``, ``positive_rate``, ``weights``, ``intercept``
        and, with groups, ``cv`` (out-of-fold F1 of the positive class at 0.5).

    Raises
    ------
    ValueError
        When texts and targets differ in length or hold one class only.
    """
    from sklearn.metrics import f1_score
    from sklearn.model_selection import GroupKFold

    texts = list(texts)
    y = np.asarray([bool(t) for t in targets])
    if len(y) != len(texts):
        raise ValueError(f"texts and targets must match. Got {len(texts)} and {len(y)}.")
    if len(set(y.tolist())) < 2:
        raise ValueError("The factuality head needs both factual and non-factual examples.")
    inputs = event_inputs(model.predict_proba_base(texts), texts)
    head = FactualityHead(_fit_classifier(inputs, y), target)
    metrics: dict[str, Any] = {
        "n": len(texts),
        "target": target,
        "positive_rate": float(y.mean()),
        "weights": head.weights(),
        "intercept": head.intercept,
        "cv": None,
    }
    if groups is not None and cv_folds >= 2:
        out_of_fold = np.zeros(len(y))
        splitter = GroupKFold(n_splits=cv_folds)
        for train_idx, test_idx in splitter.split(inputs, y, np.asarray(list(groups))):
            fold = _fit_classifier(inputs[train_idx], y[train_idx])
            out_of_fold[test_idx] = fold.predict_proba(inputs[test_idx])[:, 1]
        metrics["cv"] = {
            "folds": cv_folds,
            "groups": f"blocks of {EVENT_BLOCK} consecutive sentences",
            "f1": float(f1_score(y, out_of_fold >= 0.5, zero_division=0)),
        }
    return head, metrics


def uw_event_training_data(
    path: str | os.PathLike[str],
) -> tuple[list[str], list[bool], list[str]]:
    """UW sentences with a predication, mapped by ``uw_uncertain``: (texts, targets, groups).

    ``path`` is a UW CoNLL file (credence trains on ``factuality/uw/train.conll`` only); the
    group of a sentence is its block of :data:`EVENT_BLOCK` consecutive sentences.
    """
    from credence.models.szeged import load_factuality_conll
    from credence.models.uncertainty_factuality import uw_uncertain

    texts: list[str] = []
    targets: list[bool] = []
    groups: list[str] = []
    name = Path(path).name
    for index, sentence in enumerate(load_factuality_conll(path)):
        label = uw_uncertain(sentence)
        if label is None:
            continue
        texts.append(sentence.text)
        targets.append(label)
        groups.append(f"{name}:{index // EVENT_BLOCK}")
    return texts, targets, groups
