"""Claim matching: candidate blocking, then linking with the stance model.

Comparing every pair of claims is quadratic; instead each claim gets at most ``top_k``
candidates, found by sparse dot products of TF-IDF vectors restricted to *rare* terms
(an inverted index whose posting lists are capped at ``max_postings`` claims). A term shared
by more claims than that ("said", "year") cannot make two claims candidates, though it still
counts in their cosine similarity. The candidate product then costs at most
``max_postings`` operations per stored term, so blocking grows linearly with the number of
claims. Pairs of articles published more than ``date_window_days`` apart are dropped.

Each candidate pair is then read by the stance model in both directions; the two
probability rows are averaged (a claim pair has no headline/body asymmetry).

Examples
--------
>>> texts = ["North Korea sent 1,000 troops to Kursk.", "Kursk got 1,000 North Korean troops.",
...          "The central bank raised interest rates."]
>>> X, _ = claim_vectors(texts)
>>> [(p.first, p.second) for p in candidate_pairs(X, top_k=2, min_similarity=0.1)]
[(0, 1)]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from credence.features.lexicon import words
from credence.scoring.claim_vectorizer import ClaimVectorizer
from credence.scoring.pair_batches import TextReadings
from credence.scoring.parallel import current_workers, map_batches

if TYPE_CHECKING:  # scipy.sparse (~0.1 s to import) only where claims are compared
    import scipy.sparse as sp

__all__ = [
    "STANCE_CLASSES",
    "CandidatePair",
    "BlockingStats",
    "blocking_stats",
    "block_codes",
    "claim_vectors",
    "candidate_pairs",
    "candidate_arrays",
    "stance_probabilities",
    "related_probability",
]

#: Stance classes, in the column order every probability row uses here.
STANCE_CLASSES: tuple[str, ...] = ("agree", "disagree", "discuss", "unrelated")


@dataclass(frozen=True, slots=True)
class CandidatePair:
    """Two claims (indices into the claim table, ``first < second``) and their cosine."""

    first: int
    second: int
    similarity: float


#: Words of the attribution frame ("the agency said", "according to officials"): two claims
#: sharing only these do not speak of the same thing, so they never make a candidate pair.
REPORTING_WORDS = frozenset(
    """said says say saying told tells according reported reports reporting reportedly
    cited cites citing claims claimed claiming added adds noted notes stated states statement
    statements spokesperson spokesman spokeswoman official officials source sources agency
    ministry government newspaper media also""".split()
)


#: Bytes one posting ``(term int64, claim int64, weight float32)`` takes in the shuffle.
POSTING_BYTES = 20


@dataclass(frozen=True)
class BlockingStats:
    """What candidate blocking kept, capped and (on a cluster) shuffled.

    A blocking key is a rare term: claims sharing one are compared. A term held by more
    than ``max_postings`` claims is *capped*: it makes no candidates (it still counts in the
    cosine of pairs found through rarer terms). A common word is capped by design; a story
    told by thousands of articles is capped too, and its claims are then matched through
    their rarer words only: the report says so (``blocking`` in ``--format json``).

    Attributes
    ----------
    claims : int
        Claims blocked.
    max_postings : int
        The cap.
    blocks : int
        Blocking keys held by 2 to ``max_postings`` claims.
    capped_blocks : int
        Terms held by more than ``max_postings`` claims.
    largest_block : int
        Claims in the largest block kept.
    largest_capped : int
        Claims holding the most common capped term (0 when none was capped).
    capped_terms : tuple of (str, int)
        The most common capped terms and their claim counts, most common first.
    postings : int
        Postings of the kept blocks (one per claim and rare term it holds).
    shuffle_bytes : int
        ``postings * POSTING_BYTES``: what a cluster's shuffle moves.
    """

    claims: int
    max_postings: int
    blocks: int
    capped_blocks: int
    largest_block: int
    largest_capped: int
    capped_terms: tuple[tuple[str, int], ...]
    postings: int
    shuffle_bytes: int

    def to_dict(self) -> dict[str, Any]:
        """What the report shows (the ``blocking`` object of ``--format json``)."""
        return {
            "claims": self.claims,
            "max_postings": self.max_postings,
            "blocks": self.blocks,
            "largest_block": self.largest_block,
            "blocks_capped": self.capped_blocks,
            "largest_capped": self.largest_capped,
            "capped_terms": [{"term": t, "claims": c} for t, c in self.capped_terms],
        }


def blocking_stats(
    X: sp.csr_matrix,
    max_postings: int,
    vocabulary: Sequence[str] | None = None,
    show: int = 10,
) -> BlockingStats:
    """The :class:`BlockingStats` of the claims ``X`` (TF-IDF rows).

    ``vocabulary`` names the columns of ``X``, for the ``show`` most common capped terms.
    """
    if isinstance(X, np.ndarray):  # a dense one-claim set (claim_vectors(dense=True))
        df = np.count_nonzero(X, axis=0)
    else:
        import scipy.sparse as sp

        df = np.diff(sp.csc_matrix(X).indptr) if X.shape[0] else np.zeros(0, dtype=np.int64)
    kept = (df >= 2) & (df <= max_postings)
    capped = np.flatnonzero(df > max_postings)
    # Most common first; ties by term, so the report does not depend on column order.
    names = list(vocabulary) if vocabulary is not None else [str(k) for k in range(df.size)]
    top = sorted(((names[k], int(df[k])) for k in capped), key=lambda tc: (-tc[1], tc[0]))
    postings = int(df[kept].sum())
    return BlockingStats(
        claims=int(X.shape[0]),
        max_postings=max_postings,
        blocks=int(kept.sum()),
        capped_blocks=int(capped.size),
        largest_block=int(df[kept].max()) if kept.any() else 0,
        largest_capped=int(df[capped].max()) if capped.size else 0,
        capped_terms=tuple(top[:show]),
        postings=postings,
        shuffle_bytes=postings * POSTING_BYTES,
    )


def claim_vectors(
    texts: Sequence[str], vectorizer: ClaimVectorizer | None = None, *, dense: bool = False
) -> tuple[sp.csr_matrix | np.ndarray, ClaimVectorizer]:
    """L2-normalised TF-IDF rows of ``texts`` (fits ``vectorizer`` when not fitted yet).

    ``dense=True`` (with no ``vectorizer``) returns the same values as a dense float32 array,
    without importing scipy.sparse: for a set of fewer than two claims, which has no pair to
    compare, the cold start of a one-sentence ``credence score`` is spared that import.
    """
    if vectorizer is None:
        # scikit-learn's TfidfVectorizer with these settings, without importing it.
        vectorizer = ClaimVectorizer(
            stop_words=words("english_stop_words") | REPORTING_WORDS,
            token_pattern=r"(?u)\b[^\W\d_][\w'-]*[^\W_]\b",  # words, not bare numbers
        )
        if dense:
            if not len(texts):
                return np.zeros((0, 0), dtype=np.float32), vectorizer
            return vectorizer.fit_transform_dense(texts), vectorizer
        import scipy.sparse as sp

        X = vectorizer.fit_transform(texts) if len(texts) else sp.csr_matrix((0, 0))
    else:
        import scipy.sparse as sp

        X = vectorizer.transform(texts)
    return sp.csr_matrix(X, dtype=np.float32), vectorizer


def _blocking_matrix(X: sp.csr_matrix, max_postings: int) -> sp.csr_matrix:
    # Keep only the columns (terms) with at most ``max_postings`` claims: the rare terms.
    import scipy.sparse as sp

    df = np.diff(X.tocsc().indptr)
    keep = (df >= 2) & (df <= max_postings)
    return sp.csr_matrix(X @ sp.diags(keep.astype(np.float32)))


def candidate_pairs(
    X: sp.csr_matrix,
    *,
    top_k: int = 10,
    min_similarity: float = 0.05,
    max_postings: int = 200,
    block: Sequence[Hashable] | None = None,
    dates: Sequence[dt.date | None] | None = None,
    date_window_days: int | None = 365,
    chunk_size: int = 2048,
) -> list[CandidatePair]:
    """Blocked candidate pairs: each claim's ``top_k`` most similar claims.

    Parameters
    ----------
    X : sparse matrix
        L2-normalised TF-IDF rows, one a claim.
    top_k : int
        Candidates kept per claim (a pair is kept when either side keeps it).
    min_similarity : float
        Minimum cosine similarity (over all terms) of a candidate pair.
    max_postings : int
        Terms in more claims than this do not generate candidates.
    block : sequence, optional
        A key per claim; claims with the same key are never paired (same sentence, same
        paragraph-duplicate group).
    dates : sequence of date or None, optional
        Publication date per claim, for the date window.
    date_window_days : int, optional
        Pairs dated further apart than this are dropped (``None`` keeps every pair).
    chunk_size : int
        Rows multiplied at once (bounds peak memory).

    Returns
    -------
    list of CandidatePair
        Sorted by ``(first, second)``, each pair once.
    """
    first, second, similarity = candidate_arrays(
        X,
        top_k=top_k,
        min_similarity=min_similarity,
        max_postings=max_postings,
        block=block,
        dates=dates,
        date_window_days=date_window_days,
        chunk_size=chunk_size,
    )
    return [
        CandidatePair(a, b, z)
        for a, b, z in zip(first.tolist(), second.tolist(), similarity.tolist(), strict=True)
    ]


def _top_k_by_similarity(
    X: sp.csr_matrix, left: np.ndarray, right: np.ndarray, min_similarity: float, top_k: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Of the pre-ranked pairs ``(left, right)``, each claim's ``top_k`` most similar ones
    at ``min_similarity`` or more, as ``(first, second, similarity)`` (None if none).
    """
    if left.size == 0:
        return None
    sims = np.asarray(X[left].multiply(X[right]).sum(axis=1)).ravel()
    keep = sims >= min_similarity
    left, right, sims = left[keep], right[keep], sims[keep]
    # Top-k per claim: sort by (claim, -similarity) and keep each claim's first k.
    order = np.lexsort((-sims, left))
    left, right, sims = left[order], right[order], sims[order]
    starts = np.searchsorted(left, left, side="left")
    rank = np.arange(left.size) - starts
    keep = rank < top_k
    return np.minimum(left[keep], right[keep]), np.maximum(left[keep], right[keep]), sims[keep]


def block_codes(
    block: Sequence[Hashable] | None,
    dates: Sequence[Any] | None,
    date_window_days: int | None,
) -> tuple[np.ndarray | None, np.ndarray | None]:
    """Integer codes of the claims' blocks and day ordinals of their dates (-1: no date).

    Either is None when blocking does not use it (no blocks; no dates or no window).
    """
    codes = None
    if block is not None:
        lookup: dict[Hashable, int] = {}
        codes = np.array([lookup.setdefault(k, len(lookup)) for k in block], dtype=np.int64)
    ordinal = None
    if dates is not None and date_window_days is not None:
        ordinal = np.array([d.toordinal() if d else -1 for d in dates], dtype=np.int64)
    return codes, ordinal


def candidate_arrays(
    X: sp.csr_matrix,
    *,
    top_k: int = 10,
    min_similarity: float = 0.05,
    max_postings: int = 200,
    block: Sequence[Hashable] | None = None,
    dates: Sequence[dt.date | None] | None = None,
    date_window_days: int | None = 365,
    chunk_size: int = 2048,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`candidate_pairs` as three arrays ``(first, second, similarity)``.

    The same pairs in the same order, without one object per pair (for large sets).
    """
    if top_k < 1:
        raise ValueError(f"The 'top_k' parameter must be >= 1. Got {top_k} instead.")
    empty = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0))
    n = X.shape[0]
    if n < 2:
        return empty
    import scipy.sparse as sp

    B = _blocking_matrix(X, max_postings)
    BT = sp.csr_matrix(B.T)
    codes, ordinal = block_codes(block, dates, date_window_days)

    def rows_from(lo: int) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
        return candidate_rows(
            B[lo : min(n, lo + chunk_size)],
            lo,
            BT,
            X,
            codes=codes,
            ordinal=ordinal,
            date_window_days=date_window_days,
            top_k=top_k,
            min_similarity=min_similarity,
        )

    # Each chunk's candidates depend on its own rows: the chunks go to the workers
    # (``--workers``), the results come back in order.
    found = map_batches(rows_from, range(0, n, chunk_size))
    return unique_pairs([f for f in found if f is not None])


def candidate_rows(
    B_rows: sp.csr_matrix,
    first_row: int,
    BT: sp.csr_matrix,
    X: sp.csr_matrix,
    *,
    codes: np.ndarray | None,
    ordinal: np.ndarray | None,
    date_window_days: int | None,
    top_k: int,
    min_similarity: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """The candidates of the claims ``first_row ...`` whose blocking rows are ``B_rows``.

    Each claim's candidates depend on its own row, the postings (rows of ``BT``) of its own
    terms and the TF-IDF rows of the claims in them only: the distributed run
    (:mod:`credence.scoring.distributed_matching`) calls this with ``BT`` holding only the
    postings a partition's claims use and gets the same pairs.
    """
    # Rare-term overlap pre-ranks the candidates; the full cosine is computed for the best
    # ``prerank`` of them only, which bounds the work per claim.
    prerank = 4 * top_k
    shared = (B_rows @ BT).tocsr()
    rows_i: list[np.ndarray] = []
    rows_j: list[np.ndarray] = []
    for r in range(B_rows.shape[0]):
        i = first_row + r
        sl = slice(shared.indptr[r], shared.indptr[r + 1])
        cols, overlap = shared.indices[sl], shared.data[sl]
        ok = (cols != i) & (overlap > 0)
        if codes is not None:
            ok &= codes[cols] != codes[i]
        if ordinal is not None and ordinal[i] >= 0:
            od = ordinal[cols]
            ok &= (od < 0) | (np.abs(od - ordinal[i]) <= date_window_days)
        cols, overlap = cols[ok], overlap[ok]
        if cols.size > prerank:
            cols = cols[np.argpartition(-overlap, prerank - 1)[:prerank]]
        rows_i.append(np.full(cols.size, i, dtype=np.int64))
        rows_j.append(cols.astype(np.int64))
    if not rows_i:
        return None
    return _top_k_by_similarity(
        X, np.concatenate(rows_i), np.concatenate(rows_j), min_similarity, top_k
    )


def unique_pairs(
    found: Sequence[tuple[np.ndarray, np.ndarray, np.ndarray]],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The pairs of :func:`candidate_rows` results, each once with its largest similarity,
    sorted by ``(first, second)``.
    """
    if not found:
        return (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0))
    a = np.concatenate([f[0] for f in found])
    b = np.concatenate([f[1] for f in found])
    s = np.concatenate([f[2] for f in found])
    # In arrays (a dict of tuples would cost ~150 bytes a pair).
    order = np.lexsort((-s, b, a))
    a, b, s = a[order], b[order], s[order]
    first = np.ones(a.size, dtype=bool)
    first[1:] = (a[1:] != a[:-1]) | (b[1:] != b[:-1])
    return a[first], b[first], s[first]


def _reorder(proba: np.ndarray, classes: Sequence[str]) -> np.ndarray:
    index = {str(c): k for k, c in enumerate(classes)}
    missing = [c for c in STANCE_CLASSES if c not in index]
    if missing:
        raise ValueError(
            f"The stance model's classes_ must include {list(STANCE_CLASSES)}. "
            f"Got {list(classes)} instead."
        )
    return proba[:, [index[c] for c in STANCE_CLASSES]]


def _batch_predictor(
    stance_model: Any,
    texts: Sequence[str],
    claim_side: np.ndarray,
    evidence_side: np.ndarray,
    readings: TextReadings | None = None,
) -> Callable[[np.ndarray, np.ndarray], np.ndarray]:
    """``predict(claim indices, evidence indices) -> probabilities`` for batches of readings.

    A model with ``prepare_texts`` analyses the texts in use once, into compact arrays that
    live for this call only (memory a few hundred bytes per text), or as long as
    ``readings`` keeps them for the next call on the same texts; any other model gets the
    texts of each batch.
    """
    if hasattr(stance_model, "prepare_texts") and hasattr(stance_model, "predict_proba_prepared"):
        used = np.unique(np.concatenate([claim_side, evidence_side]))
        prepared, row_of = (readings or TextReadings()).prepared(stance_model, texts, used)

        def predict_prepared(claims: np.ndarray, evidences: np.ndarray) -> np.ndarray:
            return stance_model.predict_proba_prepared(prepared, row_of[claims], row_of[evidences])

        return predict_prepared

    def predict_texts(claims: np.ndarray, evidences: np.ndarray) -> np.ndarray:
        return stance_model.predict_proba(
            [texts[k] for k in claims.tolist()], [texts[k] for k in evidences.tolist()]
        )

    return predict_texts


def stance_probabilities(
    stance_model: object,
    texts: Sequence[str],
    pairs: Sequence[tuple[int, int]],
    *,
    batch_size: int = 8192,
    symmetric: bool = True,
    readings: TextReadings | None = None,
) -> np.ndarray:
    """Stance probabilities of claim pairs, columns in :data:`STANCE_CLASSES` order.

    Every reading (a pair in one direction) is sent to the model sorted by its evidence
    text, so that a batch holds each evidence text's readings together: the stance model
    analyses an evidence once per batch and computes its pair features in one block. The
    probabilities do not depend on the order or the batching (each row is computed alone).

    Parameters
    ----------
    stance_model : object
        Has ``predict_proba(claims, evidences) -> (n, 4)`` and ``classes_``.
    texts : sequence of str
        Claim texts.
    pairs : sequence of (int, int)
        Index pairs into ``texts``: ``(claim, evidence)``.
    batch_size : int
        Readings sent to the model at once (bounds the feature matrix in memory).
    symmetric : bool
        Average the two reading directions (claim/evidence swapped).
    readings : TextReadings, optional
        Keeps the texts a model prepared for a later call on the same ``texts``
        (:class:`credence.scoring.pair_batches.TextReadings`); same probabilities.

    Returns
    -------
    ndarray of shape (len(pairs), 4)
    """
    if batch_size < 1:
        raise ValueError(f"The 'batch_size' parameter must be >= 1. Got {batch_size} instead.")
    classes = getattr(stance_model, "classes_", STANCE_CLASSES)
    n_pairs = len(pairs)
    out = np.zeros((n_pairs, len(STANCE_CLASSES)), dtype=np.float64)
    if n_pairs == 0:
        return out
    index = np.asarray(pairs, dtype=np.int64).reshape(n_pairs, 2)
    claim_side, evidence_side = index[:, 0], index[:, 1]
    if symmetric:
        claim_side = np.concatenate([claim_side, index[:, 1]])
        evidence_side = np.concatenate([evidence_side, index[:, 0]])
    # Identical texts read alike: each distinct (claim text, evidence text) reading goes to
    # the model once (a sentence repeated all over an article made one reading per copy).
    first_of: dict[str, int] = {}
    canonical = np.fromiter(
        (first_of.setdefault(t, k) for k, t in enumerate(texts)), dtype=np.int64, count=len(texts)
    )
    width = max(len(texts), 1)
    distinct, reading_of = np.unique(
        canonical[claim_side] * width + canonical[evidence_side], return_inverse=True
    )
    claim_side, evidence_side = distinct // width, distinct % width
    distinct_proba = np.zeros((distinct.size, len(STANCE_CLASSES)), dtype=np.float64)
    # Readings ordered by evidence (then claim): one evidence text's readings share a batch.
    order = np.lexsort((claim_side, evidence_side))
    predict = _batch_predictor(stance_model, texts, claim_side, evidence_side, readings)
    # With several workers (credence.scoring.parallel.using_workers) the batches are read
    # in parallel, each worker getting one at least; a few readings stay in this process.
    size = min(batch_size, max(1024, -(-order.size // current_workers())))
    chunks = [order[lo : lo + size] for lo in range(0, order.size, size)]
    read = map_batches(
        lambda chunk: np.asarray(predict(claim_side[chunk], evidence_side[chunk])), chunks
    )
    for chunk, proba in zip(chunks, read, strict=True):
        distinct_proba[chunk] = _reorder(proba, classes)
    # Reading r < n_pairs is pair r read forwards; n_pairs + r is pair r read backwards.
    np.add.at(out, np.arange(reading_of.size) % n_pairs, distinct_proba[reading_of.reshape(-1)])
    if symmetric:
        out /= 2.0
    return out


def related_probability(proba: np.ndarray) -> np.ndarray:
    """P(related) = 1 - P(unrelated) for rows in :data:`STANCE_CLASSES` order."""
    return 1.0 - proba[..., STANCE_CLASSES.index("unrelated")]
