"""The TF-IDF rows claims are matched on, computed without scikit-learn.

:class:`ClaimVectorizer` is scikit-learn's ``TfidfVectorizer`` as
:func:`credence.scoring.matching.claim_vectors` configures it (word unigrams of a token
pattern, a stop list, sublinear tf, smoothed idf, l2 rows, float32), reproduced entry for
entry: the same vocabulary (sorted terms), the same values computed in the same dtype, and
the same order of the entries inside each row (scikit-learn keeps them in the order the
terms were first seen, which the l2 sum and later products follow).
``tests/test_claim_vectorizer.py`` compares the matrices array for array.

Why: every ``credence score`` matches its claims, and importing scikit-learn for it cost
about a second of a cold one-sentence run (``benchmarks/bench_startup.py``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from credence.models.light_text import sequential_row_sums, term_count_rows

if TYPE_CHECKING:  # scipy.sparse (~0.1 s to import) only when a matrix is built
    import scipy.sparse as sp

__all__ = ["ClaimVectorizer"]


class ClaimVectorizer:
    r"""Word TF-IDF of claims: ``fit_transform``, ``transform``, ``get_feature_names_out`` and
    ``build_analyzer`` as ``TfidfVectorizer(lowercase=True, stop_words=..., token_pattern=...,
    sublinear_tf=True, dtype=np.float32)`` has them.

    Parameters
    ----------
    stop_words : iterable of str
        Tokens left out (compared after lower-casing).
    token_pattern : str
        What a token is (``re.findall`` on the lower-cased text).

    Examples
    --------
    >>> vectorizer = ClaimVectorizer(stop_words={"the"}, token_pattern=r"(?u)\b\w\w+\b")
    >>> X = vectorizer.fit_transform(["the fire spread", "fire crews"])
    >>> list(vectorizer.get_feature_names_out()), X.shape
    (['crews', 'fire', 'spread'], (2, 3))
    """

    def __init__(self, stop_words: Iterable[str], token_pattern: str) -> None:
        self.stop_words = frozenset(stop_words)
        self.token_pattern = token_pattern

    def build_analyzer(self) -> Callable[[str], list[str]]:
        """The function from a text to its tokens (lower-cased, stop words left out)."""
        findall = re.compile(self.token_pattern).findall
        stop = self.stop_words

        def analyze(text: str) -> list[str]:
            return [token for token in findall(text.lower()) if token not in stop]

        return analyze

    def fit_transform(self, texts: Sequence[str], y: Any = None) -> sp.csr_matrix:
        """Learn the vocabulary and idf of ``texts`` and return their TF-IDF rows.

        Raises
        ------
        ValueError
            When no text holds a token (scikit-learn's "empty vocabulary").
        """
        return self._tfidf(*self._fit(texts))

    def fit_transform_dense(self, texts: Sequence[str]) -> np.ndarray:
        """:meth:`fit_transform` as a dense float32 array, the same values without importing
        scipy.sparse (for the few rows of a one-claim set, where a sparse matrix buys nothing).

        Raises
        ------
        ValueError
            When no text holds a token (scikit-learn's "empty vocabulary").
        """
        columns, counts, indptr, width = self._fit(texts)
        values = self._tfidf_values(columns, counts, indptr)
        dense = np.zeros((len(indptr) - 1, width), dtype=np.float32)
        dense[np.repeat(np.arange(len(indptr) - 1), np.diff(indptr)), columns] = values
        return dense

    def _fit(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
        first_seen: dict[str, int] = {}
        columns, counts, indptr = self._count(texts, first_seen, grow=True)
        if not first_seen:
            raise ValueError("empty vocabulary; perhaps the documents only contain stop words")
        terms = sorted(first_seen)
        new_column = np.empty(len(terms), dtype=np.int64)
        for position, term in enumerate(terms):
            new_column[first_seen[term]] = position
        self.vocabulary_ = {term: position for position, term in enumerate(terms)}
        # Columns numbered by first sighting, sorted within each row, then renumbered in term
        # order without re-sorting: scikit-learn's _count_vocab and _sort_features.
        columns = new_column[columns]
        frequency = np.bincount(columns, minlength=len(terms)).astype(np.float32)
        frequency += 1.0
        idf = np.full_like(frequency, fill_value=len(texts) + 1, dtype=np.float32)
        idf /= frequency
        np.log(idf, out=idf)
        idf += 1.0
        self.idf_ = idf
        return columns, counts, indptr, len(terms)

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """The TF-IDF rows of ``texts`` over the fitted vocabulary."""
        columns, counts, indptr = self._count(texts, self.vocabulary_, grow=False)
        return self._tfidf(columns, counts, indptr, len(self.vocabulary_))

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """The terms, in column order."""
        return np.asarray(sorted(self.vocabulary_, key=self.vocabulary_.__getitem__), dtype=object)

    def _count(
        self, texts: Sequence[str], vocabulary: dict[str, int], *, grow: bool
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        analyze = self.build_analyzer()
        columns, counts, indptr = term_count_rows(
            (analyze(text) for text in texts), vocabulary, grow=grow
        )
        return (
            np.asarray(columns, dtype=np.int64),
            np.asarray(counts, dtype=np.float32),
            np.asarray(indptr, dtype=np.int64),
        )

    def _tfidf(
        self, columns: np.ndarray, counts: np.ndarray, indptr: np.ndarray, width: int
    ) -> sp.csr_matrix:
        import scipy.sparse as sp

        scaled = self._tfidf_values(columns, counts, indptr)
        index_dtype = np.int32 if len(columns) < np.iinfo(np.int32).max else np.int64
        return sp.csr_matrix(
            (scaled, columns.astype(index_dtype), indptr.astype(index_dtype)),
            shape=(len(indptr) - 1, width),
        )

    def _tfidf_values(
        self, columns: np.ndarray, counts: np.ndarray, indptr: np.ndarray
    ) -> np.ndarray:
        # TfidfTransformer.transform, step by step in float32, the l2 sum in double in order.
        data = counts
        np.log(data, data)
        data += 1.0
        data *= self.idf_[columns]
        norms = np.sqrt(sequential_row_sums((data * data).astype(np.float64), indptr))
        divisor = np.repeat(norms, np.diff(indptr))
        nonzero = divisor != 0.0
        scaled = data.astype(np.float64)
        scaled[nonzero] /= divisor[nonzero]
        return scaled.astype(np.float32)
