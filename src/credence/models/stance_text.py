"""What the stance model reads in one text, before any pairing: tokens, content words,
five-letter stems, bigrams, numbers and cue counts, gathered per claim and per evidence
(per sentence for an evidence) in the frozen records the pair features consume.

The cue lists are credence's word lists (:mod:`credence.features.lexicon`): ``refuting``,
``negators`` with ``negative_pronouns``, ``discussing`` and ``confirming``.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from credence.features.lexicon import words
from credence.features.segment import segment

__all__ = [
    "CUE_NAMES",
    "ClaimInfo",
    "EvidenceInfo",
    "PreparedTexts",
    "bigrams",
    "content_words",
    "cue_counts",
    "numbers",
    "sentence_spans",
    "stack_rows",
    "stems",
    "text_key",
    "tokens",
]

#: Negation cues: a claim and its evidence differing in negation hints at disagreement.
NEGATION_WORDS = words("negators") | words("negative_pronouns")
_CUE_SETS: tuple[tuple[str, frozenset[str]], ...] = (
    ("refute", words("refuting")),
    ("negation", NEGATION_WORDS),
    ("discuss", words("discussing")),
    ("confirm", words("confirming")),
)
#: Names of the cue counts, in the column order of :func:`cue_counts`.
CUE_NAMES = tuple(name for name, _ in _CUE_SETS)

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# Negators carry meaning here, so they are kept among the content words.
_STOP = frozenset(ENGLISH_STOP_WORDS) - NEGATION_WORDS
_STEM_LENGTH = 5


def _normalise(text: str) -> str:
    return text.replace("’", "'").replace("‘", "'").lower()


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens of ``text`` (typographic apostrophes folded)."""
    return _TOKEN.findall(_normalise(text))


def content_words(text_tokens: Iterable[str]) -> frozenset[str]:
    """The tokens that are not English stop words (negators are kept)."""
    return frozenset(t for t in text_tokens if t not in _STOP)


def cue_counts(text_tokens: Sequence[str]) -> np.ndarray:
    """How many refuting, negation, discussing and confirming cues ``text_tokens`` hold."""
    counts = np.zeros(len(_CUE_SETS), dtype=np.float64)
    for token in text_tokens:
        for k, (_, cue_words) in enumerate(_CUE_SETS):
            if token in cue_words:
                counts[k] += 1
        if token.endswith("n't"):
            counts[1] += 1
    return counts


def numbers(text: str) -> set[str]:
    """The numerals of ``text``, thousands separators removed."""
    return {m.group().replace(",", "") for m in _NUMBER.finditer(text)}


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` offsets of the sentences of ``text``, as the engine segments it.

    The sentences are those of :func:`credence.features.segment.segment`, the one sentence
    splitter of credence (abbreviations, quotations and paragraph breaks included), so that
    the best-matching passage the stance model shows is a sentence the rest of credence
    knows. A blank text is one empty span.
    """
    _, sentences = segment(text)
    return [(s.start, s.end) for s in sentences] or [(0, len(text))]


def text_key(text: str) -> str:
    """The cache key of a text (a hash: the cache holds no text)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def stems(text_tokens: Iterable[str]) -> frozenset[str]:
    """Five-letter prefixes of ``text_tokens``."""
    # A five-letter prefix conflates inflections ("denies", "denied") without a stemmer or
    # a vocabulary learnt from training topics, so it reads new stories' words as well.
    return frozenset(t[:_STEM_LENGTH] for t in text_tokens)


def bigrams(text_tokens: Sequence[str]) -> frozenset[tuple[str, str]]:
    """Adjacent token pairs of ``text_tokens``."""
    return frozenset(zip(text_tokens, text_tokens[1:], strict=False))


def stack_rows(rows: Sequence[sp.csr_matrix]) -> sp.csr_matrix:
    """Stack one-row CSR matrices (the same matrix as ``sp.vstack``, without its overhead)."""
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum([r.nnz for r in rows], out=indptr[1:])
    data = np.concatenate([r.data for r in rows])
    indices = np.concatenate([r.indices for r in rows])
    return sp.csr_matrix((data, indices, indptr), shape=(len(rows), rows[0].shape[1]))


@dataclass(frozen=True)
class ClaimInfo:
    """What the pair features read in a claim."""

    vec: sp.csr_matrix | None  # 1 x V word TF-IDF (L2-normalised); None in a prepared batch
    content: frozenset[str]
    stems: frozenset[str]
    idf: dict[str, float]  # content token -> IDF (unseen terms get the largest IDF)
    bigrams: frozenset[tuple[str, str]]
    cues: np.ndarray
    numbers: frozenset[str]
    n_tokens: int
    question: float
    extractor_features: np.ndarray
    quantities: tuple[Any, ...]
    # (stance_passage.ClaimPassage, 1 x C character n-gram row or None in a prepared batch);
    # None for models fitted before the passage features.
    passage: Any = None


@dataclass(frozen=True)
class EvidenceInfo:
    """What the pair features read in an evidence text, whole and sentence by sentence."""

    spans: tuple[tuple[int, int], ...]
    sent_vecs: sp.csr_matrix  # n_s x V
    vec: sp.csr_matrix  # 1 x V
    sent_content: tuple[frozenset[str], ...]
    sent_stems: tuple[frozenset[str], ...]
    sent_cues: np.ndarray  # n_s x n_cues
    content: frozenset[str]
    stems: frozenset[str]
    lead_content: frozenset[str]
    bigrams: frozenset[tuple[str, str]]
    term_counts: Counter
    n_tokens: int
    numbers: frozenset[str]
    extractor_features: np.ndarray
    sent_quantities: tuple[tuple[Any, ...], ...]
    # stance_passage.EvidencePassage; None for models fitted before the passage features.
    passage: Any = None


@dataclass(frozen=True)
class PreparedTexts:
    """The per-text data of one prediction call, as compact arrays (see
    :meth:`StanceModel.prepare_texts`).

    Holds what is costly to compute or small to keep: the word TF-IDF rows, the
    extractor features and the quantities of every text. What is cheap to recompute and
    bulky to keep (token sets, bigrams, sentence splits) is rebuilt per batch, so memory
    grows by a few hundred bytes per text instead of ~10 kB per cached analysis.
    """

    texts: tuple[str, ...]
    word: sp.csr_matrix  # n x V word TF-IDF, float32
    extractor_features: np.ndarray  # n x F
    quantities: dict[int, tuple[Any, ...]]  # texts with at least one quantity
    char: sp.csr_matrix | None = None  # n x C character n-gram TF-IDF, when the model reads it

    def __len__(self) -> int:
        return len(self.texts)
