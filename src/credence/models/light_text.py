"""TF-IDF features computed with numpy only, entry for entry as scikit-learn computes them.

:class:`TfidfBlock` holds what a fitted ``TfidfVectorizer`` learned (vocabulary, idf, the
analyser's settings) as plain values and reproduces its ``transform``: the same analysers
(word n-grams from ``token_pattern``, ``char_wb`` n-grams), the same dtype at every step
(sublinear tf, idf, then the l2 norm summed in double precision row by row, as
scikit-learn's Cython kernel does), so that a model read through it gives the same
probabilities as the pickled pipeline (``tests/test_light.py`` compares them on real texts).

It lets the scorer read the check-worthiness and uncertainty models without importing
scikit-learn or scipy, which cost more than a second of every cold ``credence score``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["TfidfBlock", "SparseRows", "word_ngrams", "char_wb_ngrams", "sequential_row_sums"]

# What scikit-learn's char_wb analyser collapses before it splits a text into words.
_WHITE_SPACES = re.compile(r"\s\s+")
#: Separates the terms of a vocabulary when it is stored as one string: no term holds a
#: newline (word n-grams join ``\w`` tokens with spaces, char_wb n-grams never span whitespace).
TERM_SEPARATOR = "\n"


def term_count_rows(
    rows: Iterable[Iterable[str]], vocabulary: dict[str, int], *, grow: bool = False
) -> tuple[list[int], list[int], list[int]]:
    """Count the terms of each row into CSR parts ``(columns, counts, indptr)``.

    Columns are sorted within each row, as scikit-learn's ``CountVectorizer`` leaves them
    after ``sort_indices``. Terms outside ``vocabulary`` are skipped, or, with ``grow``,
    given the next free column (fitting a vocabulary in first-seen order).
    """
    columns: list[int] = []
    counts: list[int] = []
    indptr = [0]
    for terms in rows:
        found: dict[int, int] = {}
        for term in terms:
            column = vocabulary.get(term)
            if column is None:
                if not grow:
                    continue
                column = vocabulary[term] = len(vocabulary)
            found[column] = found.get(column, 0) + 1
        for column in sorted(found):
            columns.append(column)
            counts.append(found[column])
        indptr.append(len(columns))
    return columns, counts, indptr


@dataclass(frozen=True)
class SparseRows:
    """Rows of a sparse matrix as CSR parts: ``data[indptr[i]:indptr[i+1]]`` is row ``i``."""

    data: np.ndarray
    columns: np.ndarray
    indptr: np.ndarray


def word_ngrams(text: str, token_pattern: re.Pattern[str], ngram_range: tuple[int, int]) -> list:
    """The word n-grams scikit-learn's ``analyzer="word"`` yields (no stop words)."""
    tokens = token_pattern.findall(text)
    min_n, max_n = ngram_range
    if max_n == 1:
        return tokens
    original = tokens
    if min_n == 1:
        tokens = list(original)
        min_n += 1
    else:
        tokens = []
    count = len(original)
    for n in range(min_n, min(max_n + 1, count + 1)):
        for i in range(count - n + 1):
            tokens.append(" ".join(original[i : i + n]))
    return tokens


def char_wb_ngrams(text: str, ngram_range: tuple[int, int]) -> list[str]:
    """The character n-grams inside word boundaries of scikit-learn's ``analyzer="char_wb"``."""
    text = _WHITE_SPACES.sub(" ", text)
    min_n, max_n = ngram_range
    ngrams: list[str] = []
    append = ngrams.append
    for word in text.split():
        padded = " " + word + " "
        length = len(padded)
        for n in range(min_n, max_n + 1):
            offset = 0
            append(padded[offset : offset + n])
            while offset + n < length:
                offset += 1
                append(padded[offset : offset + n])
            if offset == 0:  # a word shorter than n is counted once
                break
    return ngrams


def sequential_row_sums(values: np.ndarray, indptr: np.ndarray) -> np.ndarray:
    """The sum of each row's values, added left to right in double precision.

    scikit-learn's l2 normalisation and scipy's sparse product add a row's entries in order;
    numpy's ``sum`` adds pairwise, which can differ in the last bit (enough to flip a float32
    rounding). ``np.add.accumulate`` adds in order.
    """
    out = np.zeros(len(indptr) - 1, dtype=np.float64)
    values = np.asarray(values, dtype=np.float64)
    bounds = indptr.tolist()
    for row, (start, end) in enumerate(zip(bounds[:-1], bounds[1:], strict=True)):
        if end > start:
            out[row] = np.add.accumulate(values[start:end])[-1]
    return out


class TfidfBlock:
    """A fitted ``TfidfVectorizer``'s ``transform``, with numpy only.

    Parameters
    ----------
    terms : sequence of str
        The vocabulary, in column order.
    idf : numpy.ndarray
        The idf of each column (its dtype is the vectorizer's).
    settings : dict
        ``analyzer`` (``"word"`` or ``"char_wb"``), ``ngram_range``, ``lowercase``,
        ``token_pattern``, ``sublinear_tf``, ``dtype`` (``"float32"``/``"float64"``).
    """

    #: Distinct words whose char_wb n-gram counts are kept between calls (a few MB at most).
    max_cached_words = 200_000

    def __init__(self, terms: Sequence[str], idf: np.ndarray, settings: dict[str, Any]) -> None:
        self.vocabulary = {term: column for column, term in enumerate(terms)}
        # char_wb n-grams never cross a space: a text's counts are the sums of its words',
        # so each distinct word is analysed once (and kept, as this model's own state).
        self._word_counts: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self.idf = idf
        self.settings = dict(settings)
        self.dtype = np.dtype(settings["dtype"])
        self.ngram_range = tuple(settings["ngram_range"])
        self._token_pattern = re.compile(settings["token_pattern"])

    def __getstate__(self) -> dict[str, Any]:
        # Sent to the workers of a cluster: the word counts are a cache, rebuilt there.
        return {**self.__dict__, "_word_counts": {}}

    @property
    def width(self) -> int:
        """The number of columns."""
        return len(self.vocabulary)

    @staticmethod
    def settings_of(vectorizer: Any) -> dict[str, Any] | None:
        """The settings of a fitted ``TfidfVectorizer``, or None when it is one this class
        cannot reproduce (custom analyser, tokenizer, preprocessor, stop words, accents,
        binary counts, a norm other than l2, no idf, bytes input).
        """
        params = vectorizer.get_params()
        supported = (
            params["analyzer"] in ("word", "char_wb")
            and params["input"] == "content"
            and params["preprocessor"] is None
            and params["tokenizer"] is None
            and params["stop_words"] is None
            and params["strip_accents"] is None
            and not params["binary"]
            and params["norm"] == "l2"
            and params["use_idf"]
            and np.dtype(params["dtype"]) in (np.float32, np.float64)
        )
        if not supported:
            return None
        return {
            "analyzer": params["analyzer"],
            "ngram_range": list(params["ngram_range"]),
            "lowercase": bool(params["lowercase"]),
            "token_pattern": params["token_pattern"],
            "sublinear_tf": bool(params["sublinear_tf"]),
            "dtype": np.dtype(params["dtype"]).name,
        }

    def _terms(self, text: str) -> list[str]:
        if self.settings["lowercase"]:
            text = text.lower()
        if self.settings["analyzer"] == "char_wb":
            return char_wb_ngrams(text, self.ngram_range)
        return word_ngrams(text, self._token_pattern, self.ngram_range)

    def transform(self, texts: Sequence[str]) -> SparseRows:
        """The TF-IDF rows of ``texts``, columns sorted within each row."""
        if self.settings["analyzer"] == "char_wb":
            counts, cols, bounds = self._char_wb_counts(texts)
        else:
            counts, cols, bounds = self._counts(texts)
        return self._tfidf(counts, cols, bounds)

    def _counts(self, texts: Sequence[str]) -> tuple[np.ndarray, ...]:
        columns, counts, indptr = term_count_rows(
            (self._terms(text) for text in texts), self.vocabulary
        )
        return (
            np.asarray(counts, dtype=self.dtype),
            np.asarray(columns, dtype=np.int64),
            np.asarray(indptr, dtype=np.int64),
        )

    def _word_entry(self, word: str) -> tuple[np.ndarray, np.ndarray]:
        """The vocabulary columns of one word's char_wb n-grams and their counts."""
        entry = self._word_counts.get(word)
        if entry is None:
            found: dict[int, int] = {}
            for gram in char_wb_ngrams(word, self.ngram_range):
                column = self.vocabulary.get(gram)
                if column is not None:
                    found[column] = found.get(column, 0) + 1
            entry = (
                np.fromiter(found.keys(), dtype=np.int64, count=len(found)),
                np.fromiter(found.values(), dtype=np.int64, count=len(found)),
            )
            if len(self._word_counts) < self.max_cached_words:
                self._word_counts[word] = entry
        return entry

    def _char_wb_counts(self, texts: Sequence[str]) -> tuple[np.ndarray, ...]:
        """What :meth:`_counts` gives for char_wb, summed from each distinct word's counts."""
        word_ids: dict[str, int] = {}
        occurrences: list[int] = []
        text_bounds = [0]
        for text in texts:
            if self.settings["lowercase"]:
                text = text.lower()
            words = _WHITE_SPACES.sub(" ", text).split()
            occurrences.extend(word_ids.setdefault(w, len(word_ids)) for w in words)
            text_bounds.append(len(occurrences))
        entries = [self._word_entry(word) for word in word_ids]  # in id order
        lengths = np.asarray([len(e[0]) for e in entries], dtype=np.int64)
        word_columns = np.concatenate([e[0] for e in entries]) if entries else np.zeros(0, int)
        word_counts = np.concatenate([e[1] for e in entries]) if entries else np.zeros(0, int)
        word_starts = np.cumsum(lengths) - lengths
        # One entry per (word occurrence, n-gram column), tagged with its text.
        occurrence = np.asarray(occurrences, dtype=np.int64)
        per_occurrence = lengths[occurrence]
        text_of = np.repeat(np.arange(len(texts)), np.diff(text_bounds))
        first = np.cumsum(per_occurrence) - per_occurrence
        positions = np.arange(int(per_occurrence.sum())) + np.repeat(
            word_starts[occurrence] - first, per_occurrence
        )
        width = max(1, len(self.vocabulary))
        keys = np.repeat(text_of, per_occurrence) * width + word_columns[positions]
        unique, inverse = np.unique(keys, return_inverse=True)
        summed = np.bincount(inverse, weights=word_counts[positions], minlength=len(unique))
        rows = unique // width
        bounds = np.zeros(len(texts) + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=len(texts)), out=bounds[1:])
        return summed.astype(self.dtype), unique % width, bounds

    def _tfidf(self, data: np.ndarray, cols: np.ndarray, bounds: np.ndarray) -> SparseRows:
        # The steps and dtypes of TfidfTransformer.transform, in place as it does them.
        if self.settings["sublinear_tf"]:
            np.log(data, data)
            data += 1.0
        data *= self.idf[cols]
        squares = (data * data).astype(np.float64)
        norms = np.sqrt(sequential_row_sums(squares, bounds))
        row_of = np.repeat(np.arange(len(bounds) - 1), np.diff(bounds))
        divisor = norms[row_of]
        nonzero = divisor != 0.0
        scaled = data.astype(np.float64)
        scaled[nonzero] /= divisor[nonzero]
        return SparseRows(scaled.astype(self.dtype), cols, bounds)
