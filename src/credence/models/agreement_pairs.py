"""The agreement model's relation features of many pairs at once, in arrays.

:func:`credence.models.agreement_features._pair_row` reads one pair of
:class:`~credence.models.agreement_features.TextProfile` at a time with Python set
operations; scoring a set reads hundreds of thousands of pairs, and that loop was a quarter
of the pair model's time. Here each text's word sets become one row of a binary sparse
matrix (:class:`ProfileArrays`, built once a process for all the texts of a
:class:`~credence.models.agreement_features.PreparedTexts`), and the set sizes every feature
needs, for a whole batch of pairs, are one elementwise product of two row selections and
one product with a small matrix of column kinds.

The features are the same floats, bit for bit, as the per-pair reading: every count is an
exact integer, every ratio the same IEEE division of the same two integers, and the IDF sums
(``math.fsum``, exactly rounded) are sums of IDF values that are all multiples of one power
of two, so their integer multiples add exactly in float64. Where that does not hold (a
vocabulary with other IDF values) and for the few pairs the array form does not cover
(negated words, or quantities or dates on both sides) the per-pair reading is used.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp

if TYPE_CHECKING:
    from credence.models.agreement_features import TextProfile

__all__ = ["ProfileArrays", "pair_features"]

# The word sets of a profile that pairs compare, one block of columns each; the last column
# of the kinds matrix weighs a shared content word by its IDF (as an exact integer).
_SETS = ("tokens", "content", "stems", "entities", "numbers")
_IDF_COLUMN = len(_SETS)
# IDF values are float32 read as float64: multiples of 2**-23 once at least 1, so each one
# times 2**23 is an exact integer, and sums of them stay exact in float64 below 2**53.
_IDF_SCALE = 2.0**23
_EXACT = 2.0**53
# The column of the first quantities-and-dates feature (FEATURE_NAMES "quantities_conflict").
_MEASURES_FROM = 19


@dataclass(frozen=True, slots=True)
class ProfileArrays:
    """What the pair features read of each text, as arrays (rows by text index).

    Attributes
    ----------
    sets : scipy.sparse.csr_matrix
        One row a text: a 1 in the column of each member of each of its word sets
        (tokens, content words, stems, entities, numbers: one block of columns a set).
    negated : scipy.sparse.csr_matrix
        The negated words of each text, in the columns of the content words.
    kinds : ndarray
        ``(columns, len(_SETS) + 1)``: which set a column belongs to, and in the last
        column the IDF of a content word times ``2**23`` (0 elsewhere).
    sizes : ndarray of shape (texts, len(_SETS))
        The size of each set.
    idf_total : ndarray
        Each text's content IDF sum times ``2**23`` (exact).
    scalars : dict of str to ndarray
        Per-text counts and flags (``tokens``: the token count with repeats, ``negators``,
        ``refutations``, ``hedges``, ``question``, ``log_length``, ``negated``,
        ``quantities``, ``dates``).
    exact : bool
        Whether every IDF sum is exact (else the per-pair reading is used for all pairs).
    columns : tuple of (int, str)
        What each column stands for: (set kind, word), so that arrays of texts read apart
        can be joined (:meth:`joined`).
    """

    sets: sp.csr_matrix
    negated: sp.csr_matrix
    kinds: np.ndarray
    sizes: np.ndarray
    idf_total: np.ndarray
    scalars: dict[str, np.ndarray]
    exact: bool
    columns: tuple[tuple[int, str], ...] = ()

    @classmethod
    def of(
        cls, profiles: Sequence[TextProfile], idf: dict[str, float], default_idf: float
    ) -> ProfileArrays:
        """Read ``profiles`` into arrays, with the featurizer's word IDF."""
        columns: dict[tuple[int, str], int] = {}
        indices: list[int] = []
        indptr = [0]
        negated: list[int] = []
        negated_indptr = [0]
        sizes = np.zeros((len(profiles), len(_SETS)), dtype=np.int64)
        for row, profile in enumerate(profiles):
            for kind, name in enumerate(_SETS):
                members = getattr(profile, name)
                if name == "tokens":
                    members = frozenset(members)
                sizes[row, kind] = len(members)
                indices.extend(columns.setdefault((kind, m), len(columns)) for m in members)
            indptr.append(len(indices))
            # Negated words are content words (columns made just above).
            negated.extend(columns[1, m] for m in profile.negated)
            negated_indptr.append(len(negated))
        sets = _binary_rows(indices, indptr, len(columns))
        negated_sets = _binary_rows(negated, negated_indptr, len(columns))
        kind_of = np.fromiter((kind for kind, _ in columns), dtype=np.int64, count=len(columns))
        weight = np.array(
            [
                idf.get(word, default_idf) * _IDF_SCALE if kind == 1 else 0.0
                for kind, word in columns
            ]
        )
        exact = bool(np.all(weight == np.floor(weight)))
        kinds = np.zeros((len(columns), len(_SETS) + 1))
        kinds[np.arange(len(columns)), kind_of] = 1.0
        kinds[:, _IDF_COLUMN] = weight
        idf_total = np.asarray(sets @ weight).ravel()
        exact = exact and bool(np.all(idf_total < _EXACT))
        return cls(
            sets, negated_sets, kinds, sizes, idf_total, _scalars(profiles), exact, tuple(columns)
        )

    @classmethod
    def joined(cls, parts: Sequence[ProfileArrays]) -> ProfileArrays:
        """The arrays of the texts of ``parts``, in order, as :meth:`of` reads them all at once.

        Each part's columns are renumbered into one set of columns (first met, first
        numbered). The columns come in another order than :meth:`of` of all the profiles
        would give them, which changes no feature: every product the features read sums
        exact integers (:func:`pair_features`), and a join of parts that are not all
        exact is not exact either (the per-pair reading is then used, as it would be).
        """
        numbers: dict[tuple[int, str], int] = {}
        renumbered = [
            np.fromiter(
                (numbers.setdefault(key, len(numbers)) for key in part.columns),
                dtype=np.int64,
                count=len(part.columns),
            )
            for part in parts
        ]
        width = len(numbers)
        kinds = np.zeros((width, len(_SETS) + 1))
        for part, new in zip(parts, renumbered, strict=True):
            kinds[new] = part.kinds

        def stacked(name: str) -> sp.csr_matrix:
            rows = [
                _renumbered(getattr(p, name), new, width)
                for p, new in zip(parts, renumbered, strict=True)
            ]
            return sp.vstack(rows, format="csr") if rows else _binary_rows([], [0], width)

        return cls(
            sets=stacked("sets"),
            negated=stacked("negated"),
            kinds=kinds,
            sizes=np.concatenate([p.sizes for p in parts]).reshape(-1, len(_SETS)),
            idf_total=np.concatenate([p.idf_total for p in parts]),
            scalars={
                name: np.concatenate([p.scalars[name] for p in parts])
                for name in (parts[0].scalars if parts else {})
            },
            exact=all(p.exact for p in parts),
            columns=tuple(numbers),
        )


def _renumbered(rows: sp.csr_matrix, new: np.ndarray, width: int) -> sp.csr_matrix:
    # The same rows with column c moved to new[c], indices sorted again within each row.
    moved = sp.csr_matrix((rows.data, new[rows.indices], rows.indptr), shape=(rows.shape[0], width))
    moved.sort_indices()
    return moved


def _binary_rows(indices: list[int], indptr: list[int], width: int) -> sp.csr_matrix:
    rows = sp.csr_matrix(
        (np.ones(len(indices)), np.asarray(indices, dtype=np.int64), np.asarray(indptr)),
        shape=(len(indptr) - 1, width),
    )
    rows.sort_indices()
    return rows


def _overlaps(left: sp.csr_matrix, right: sp.csr_matrix) -> np.ndarray:
    # The number of columns each row pair of two row selections has in common.
    return np.asarray(left.multiply(right).sum(axis=1)).ravel()


def _polarity(arrays: ProfileArrays, first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Whether a word negated on one side only is a content word of both, per pair.

    The per-pair reading: ``(a.negated - b.negated) & shared`` or the same the other way,
    ``shared`` the content words of both. A side's negated words are among its content
    words, so the first is non-empty exactly when ``a.negated`` meets more of ``b``'s content
    words than of ``b``'s negated words (and likewise the other way).
    """
    out = np.zeros(len(first), dtype=bool)
    some = np.flatnonzero(arrays.scalars["negated"][first] | arrays.scalars["negated"][second])
    if not some.size:
        return out
    a, b = first[some], second[some]
    neg_a, neg_b = arrays.negated[a], arrays.negated[b]
    both_negated = _overlaps(neg_a, neg_b)
    out[some] = (_overlaps(neg_a, arrays.sets[b]) > both_negated) | (
        _overlaps(neg_b, arrays.sets[a]) > both_negated
    )
    return out


def _scalars(profiles: Sequence[TextProfile]) -> dict[str, np.ndarray]:
    def column(read: Callable[[TextProfile], float], dtype: type = np.int64) -> np.ndarray:
        return np.fromiter((read(p) for p in profiles), dtype=dtype, count=len(profiles))

    return {
        "tokens": column(lambda p: len(p.tokens)),
        "negators": column(lambda p: p.negators),
        "refutations": column(lambda p: p.refutations),
        "hedges": column(lambda p: p.hedges),
        "question": column(lambda p: p.question, bool),
        # math.log1p per text, as the per-pair reading computes it.
        "log_length": column(lambda p: math.log1p(len(p.tokens)), np.float64),
        "negated": column(lambda p: bool(p.negated), bool),
        "quantities": column(lambda p: bool(p.quantities), bool),
        "dates": column(lambda p: bool(p.dates), bool),
    }


def _ratio(part: np.ndarray, whole: np.ndarray) -> np.ndarray:
    # part / whole where whole > 0, else 0.0 (the per-pair reading's guard).
    out = np.zeros(len(part))
    np.divide(part, whole, out=out, where=whole > 0)
    return out


def _share_columns(shared: np.ndarray, size_a: np.ndarray, size_b: np.ndarray) -> list:
    # jaccard, then the share of each side the other has.
    return [
        _ratio(shared, size_a + size_b - shared),
        _ratio(shared, size_a),
        _ratio(shared, size_b),
    ]


def _unshared_mass(total: np.ndarray, shared: np.ndarray) -> np.ndarray:
    # (IDF of the words the other lacks) / (IDF of all its words), both exact sums.
    return _ratio((total - shared) / _IDF_SCALE, total / _IDF_SCALE)


def pair_features(
    arrays: ProfileArrays,
    first: np.ndarray,
    second: np.ndarray,
    out: np.ndarray,
    per_pair: Callable[[int, int], list],
    measure_relation: Callable[[int, int], tuple[float, float, float, float]],
) -> None:
    """Fill ``out[:, 2:]`` with the relation features of the pairs ``(first[k], second[k])``.

    Parameters
    ----------
    arrays : ProfileArrays
        Of the texts the indices point at.
    first, second : ndarray of int
    out : ndarray of shape (len(first), 2 + features)
        Columns 0 and 1 (the TF-IDF cosines) are left alone.
    per_pair : callable
        ``per_pair(a, b)``: the per-pair reading of one pair's features (from column 2),
        used for every pair when the IDF sums would not be exact.
    measure_relation : callable
        ``measure_relation(a, b)``: the quantities and dates features of one pair, read
        for the pairs with quantities, or dates, on both sides.
    """
    if not arrays.exact:
        for k, (a, b) in enumerate(zip(first.tolist(), second.tolist(), strict=True)):
            out[k, 2:] = per_pair(a, b)
        return
    both = arrays.sets[first].multiply(arrays.sets[second]).tocsr()
    shared = np.asarray(both @ arrays.kinds)
    size_a, size_b = arrays.sizes[first], arrays.sizes[second]
    one = {name: values[first] for name, values in arrays.scalars.items()}
    two = {name: values[second] for name, values in arrays.scalars.items()}
    entities = 3
    len_a, len_b = one["tokens"], two["tokens"]
    columns = [
        *_share_columns(shared[:, 0], size_a[:, 0], size_b[:, 0]),
        *_share_columns(shared[:, 1], size_a[:, 1], size_b[:, 1]),
        _share_columns(shared[:, 2], size_a[:, 2], size_b[:, 2])[0],
        _unshared_mass(arrays.idf_total[first], shared[:, _IDF_COLUMN]),
        _unshared_mass(arrays.idf_total[second], shared[:, _IDF_COLUMN]),
        size_a[:, entities],
        size_b[:, entities],
        *_share_columns(shared[:, entities], size_a[:, entities], size_b[:, entities])[1:],
        size_a[:, entities] - shared[:, entities],
        size_b[:, entities] - shared[:, entities],
        shared[:, 4],
        (size_a[:, 4] > 0) & (size_b[:, 4] > 0) & (shared[:, 4] == 0),
        *([np.zeros(len(first))] * 4),  # quantities and dates: read per pair below
        one["negators"],
        two["negators"],
        (one["negators"] > 0) != (two["negators"] > 0),
        one["refutations"],
        two["refutations"],
        (one["refutations"] > 0) != (two["refutations"] > 0),
        _polarity(arrays, first, second),
        one["hedges"],
        two["hedges"],
        one["hedges"] - two["hedges"],
        one["question"],
        two["question"],
        one["log_length"],
        two["log_length"],
        _ratio(np.minimum(len_a, len_b), np.maximum(np.maximum(len_a, len_b), 1)),
    ]
    for offset, values in enumerate(columns, 2):
        out[:, offset] = values
    # Quantities or dates on both sides are compared span by span (a few pairs).
    measured = (one["quantities"] & two["quantities"]) | (one["dates"] & two["dates"])
    measures = _MEASURES_FROM
    for k in np.flatnonzero(measured).tolist():
        out[k, measures : measures + 4] = measure_relation(int(first[k]), int(second[k]))
