"""The uncertainty model's labelled data: label names, readers of labelled sentence files,
and the news and factuality sentences the news stack is fitted on.

Credence's own news annotations are standoff rows (file, start, end, label) over the PolNeAR
training articles (``tests/fixtures/uncertainty_news_*.tsv``); the article text is read from
``../shared/data`` at training time and never stored.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from credence.errors import DataError

__all__ = [
    "DEFAULT_STACK_ANNOTATIONS",
    "FIXTURES",
    "LABELS",
    "POSITIVE",
    "default_news_path",
    "factuality_stacking_data",
    "load_labelled_tsv",
    "load_uncertainty_jsonl",
    "news_stacking_data",
]

#: Class labels, negative first; ``predict_proba`` returns P(``LABELS[1]``).
LABELS: tuple[str, str] = ("certain", "uncertain")
#: The positive label.
POSITIVE = LABELS[1]
# UW CoNLL files carry no document ids; consecutive sentences come from one article, so
# blocks of this many consecutive sentences keep (most of) an article inside one CV group.
_UW_BLOCK = 40


def factuality_stacking_data(
    path: str | os.PathLike[str],
) -> tuple[list[str], np.ndarray, list[str]]:
    """Sentences with events from a UW/MEANTIME CoNLL file: (texts, min factuality, groups).

    The files carry no document ids, and consecutive sentences come from one article, so the
    group of a sentence is its block of ``40`` consecutive sentences (counted over all
    sentences of the file): grouped folds then rarely split an article.
    """
    from credence.models.szeged import load_factuality_conll

    texts: list[str] = []
    values: list[float] = []
    groups: list[str] = []
    for index, sentence in enumerate(load_factuality_conll(path)):
        if sentence.min_factuality is None:
            continue
        texts.append(sentence.text)
        values.append(sentence.min_factuality)
        groups.append(f"block{index // _UW_BLOCK}")
    return texts, np.asarray(values), groups


def load_uncertainty_jsonl(
    path: str | os.PathLike[str], *, skip_errors: bool = False
) -> tuple[list[dict[str, Any]], int]:
    """Read ``{"text": ..., "label": "certain"|"uncertain"}`` rows (other keys are kept).

    Returns
    -------
    (rows, skipped) : tuple of (list of dict, int)

    Raises
    ------
    DataError
        On the first bad row (its line is named), unless ``skip_errors``: then bad rows are
        counted in ``skipped`` and left out. Rows are read as by
        :func:`credence.models.sentence_data.read_sentence_rows` (same checks and messages).
    """
    from credence.models.sentence_data import read_sentence_rows

    rows, skipped = read_sentence_rows(path, skip_errors=skip_errors)
    return [record for _, record, _ in rows], len(skipped)


def load_labelled_tsv(path: str | os.PathLike[str]) -> tuple[list[str], list[str]]:
    """Read ``label<TAB>text`` rows (``#`` comments allowed) into (texts, labels)."""
    where = os.fspath(path)
    texts: list[str] = []
    labels: list[str] = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        label, sep, text = line.partition("\t")
        if not sep or label not in LABELS or not text.strip():
            raise DataError(where, "expected 'certain|uncertain<TAB>text'", line=number)
        texts.append(text.strip())
        labels.append(label)
    return texts, labels


FIXTURES = Path(__file__).resolve().parents[3] / "tests" / "fixtures"


def default_news_path() -> Path | None:
    # The news fixture lives in the source tree's tests/ (evaluation only, never trained on);
    # an installed wheel has no tests/, and then no news figure is recorded.
    path = FIXTURES / "uncertainty_news.tsv"
    return path if path.is_file() else None


def news_stacking_data(
    annotations: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    data_dir: str | os.PathLike[str],
) -> tuple[list[str], np.ndarray, list[str]]:
    """News sentences with Szeged-style cue labels: (texts, uncertain, article groups).

    Parameters
    ----------
    annotations : path or sequence of paths
        Standoff files read by :func:`~credence.models.szeged.load_cue_standoff` (credence's
        are ``tests/fixtures/uncertainty_news_dev.tsv`` and the round-1 blind part,
        ``uncertainty_news_blind.tsv``); their sentences are concatenated in order.
    data_dir : path
        The labelled-data directory (``../shared/data``); the articles are read from its
        ``attribution/`` folder.
    """
    from credence.models.szeged import load_cue_standoff

    paths = [annotations] if isinstance(annotations, (str, os.PathLike)) else list(annotations)
    sentences = [
        sentence
        for path in paths
        for sentence in load_cue_standoff(path, Path(data_dir) / "attribution")
    ]
    texts = [s.text for s in sentences]
    return texts, np.asarray([s.uncertain for s in sentences]), [s.doc_id for s in sentences]


#: The news cue annotations the default stack is fitted on (under ``tests/fixtures``): the
#: dev part, the round-1 blind part (looked at once scored) and the round-3 training set. The
#: blind parts of rounds 2 and 3, ``uncertainty_news_blind2.tsv`` and
#: ``uncertainty_news_blind3.tsv``, are never fitted on.
DEFAULT_STACK_ANNOTATIONS: tuple[str, ...] = (
    "uncertainty_news_dev.tsv",
    "uncertainty_news_blind.tsv",
    "uncertainty_news_train.tsv",
)
