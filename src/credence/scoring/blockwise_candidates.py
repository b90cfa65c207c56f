"""A store's candidate pairs, a chunk of claims at a time, from its stored postings.

The in-memory stage (:func:`credence.scoring.matching.candidate_arrays`) builds the TF-IDF
matrix of every claim, then the candidates of a chunk of rows at a time. At 50,000 articles
(~1 M claims) that matrix and the claim rows it comes with are gigabytes. A store keeps the
postings (term, claim, count) and each term's document frequency, indexed both ways; so the
candidates of a chunk of claims need only:

* the postings of the chunk's claims (``postings(claim)`` index);
* the posting lists of the chunk's rare terms (2 to ``max_postings`` claims: the blocks),
  which name the partners;
* the postings of those partners, for their TF-IDF rows and full cosine.

The weights are computed from the stored counts and the global document frequencies exactly
as :class:`~credence.scoring.claim_vectorizer.ClaimVectorizer` computes them (sublinear tf,
smoothed idf, l2 rows, float32), over every stored claim; then the very function of the
in-memory path, :func:`~credence.scoring.matching.candidate_rows`, ranks them (rare-term
overlap pre-ranks ``4 * top_k``, the full cosine keeps the ``top_k``). The copies of
repeated paragraphs (:mod:`~credence.scoring.blockwise_copies`) count in no document
frequency and have no row, and each row's terms are in the order the in-memory matrix
leaves them, so the candidates are the in-memory ones, ties included.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from credence.scoring.matching import candidate_rows

__all__ = [
    "IN_MEMORY_TOP_K",
    "ChunkBlocking",
    "CandidateCounts",
    "ChunkCandidates",
    "StoredVocabulary",
]

#: The in-memory stage's candidates per claim (the ``top_k`` default of
#: :func:`credence.scoring.corroboration.prepare_scoring`; a test keeps the two equal). The
#: chunked stage's default: a cap below it is an option, reported where it drops a pair.
IN_MEMORY_TOP_K = 10

#: Values per ``IN (...)`` list (SQLite's default limit on host parameters is 32,766).
_IN_BATCH = 900


@dataclass(frozen=True)
class ChunkBlocking:
    """The blocking of the chunked stage (:func:`credence.scoring.matching.candidate_arrays`).

    Attributes
    ----------
    top_k : int
        Candidates kept per claim, by full cosine (a pair is kept when either side keeps it).
    min_similarity : float
        Minimum cosine of a candidate pair.
    max_postings : int
        Terms in more stored claims than this generate no candidates (capped blocks).
    date_window_days : int or None
        Pairs dated further apart are dropped.
    """

    top_k: int = IN_MEMORY_TOP_K
    min_similarity: float = 0.05
    max_postings: int = 200
    date_window_days: int | None = 365

    def __post_init__(self) -> None:
        if self.top_k < 1:
            raise ValueError(f"The 'top_k' parameter must be >= 1. Got {self.top_k} instead.")
        if self.max_postings < 2:
            raise ValueError(
                f"The 'max_postings' parameter must be >= 2. Got {self.max_postings} instead."
            )


@dataclass
class CandidateCounts:
    """What the blocking kept and dropped, summed over the chunks.

    Attributes
    ----------
    claims : int
        Claims whose candidates were found.
    partners : int
        (claim, other claim) pairs sharing a rare term, before the date window, the
        sentence blocks, the pre-rank and the top-k.
    kept : int
        Candidate pairs kept (each side's top-k by cosine, before the pairs are made unique).
    capped_terms : set of int
        Terms met by the chunks' claims that are in more than ``max_postings`` claims: they
        generate no candidate (their blocks are capped).
    """

    claims: int = 0
    partners: int = 0
    kept: int = 0
    capped_terms: set[int] | None = None
    #: Candidate pairs at the default top-k that a lower cap dropped, and their claims.
    capped: tuple[int, int] = (0, 0)

    def dropped(self) -> int:
        """Pairs sharing a rare term that are not candidates (windows, blocks, caps)."""
        return self.partners - self.kept


class StoredVocabulary:
    """The stored terms' smoothed idf, as the claim vectoriser computes it over every claim
    that is not a copy (``copies``: their ``seq``, sorted;
    :mod:`~credence.scoring.blockwise_copies`).

    Parameters
    ----------
    conn : sqlite3.Connection
        An open claim store.
    copies : ndarray, optional
        The claims folded as copies: left out of the claim count and document frequencies.
    """

    def __init__(self, conn: sqlite3.Connection, copies: np.ndarray | None = None) -> None:
        copies = np.zeros(0, np.int64) if copies is None else copies
        (n_claims,) = conn.execute("SELECT count(*) FROM claims").fetchone()
        self.n_claims = n_claims - len(copies)
        (top,) = conn.execute("SELECT coalesce(max(id), 0) FROM terms").fetchone()
        # Columns in the order of the terms' text, as the claim vectoriser numbers them:
        # the float32 sums of the blocking and the cosines then add in the same order, and
        # tied candidates are broken as in memory. ``column[id]`` is a term's column and
        # ``ids[column]`` its id (ids of no stored term get the last columns).
        named = conn.execute("SELECT id, term FROM terms").fetchall()
        named.sort(key=lambda pair: pair[1])
        self.ids = np.array([i for i, _ in named], dtype=np.int64)
        unused = np.setdiff1d(np.arange(top + 1, dtype=np.int64), self.ids)
        self.ids = np.concatenate([self.ids, unused])
        self.column = np.empty(top + 1, dtype=np.int64)
        self.column[self.ids] = np.arange(top + 1, dtype=np.int64)
        self.df = np.zeros(top + 1, dtype=np.int64)
        for ids, dfs in _column_batches(conn.execute("SELECT id, df FROM terms"), 2):
            self.df[self.column[ids]] = dfs
        for lo in range(0, len(copies), _IN_BATCH):
            batch = copies[lo : lo + _IN_BATCH].tolist()
            query = (
                "SELECT term, count(*) FROM postings WHERE claim IN "
                f"({','.join('?' * len(batch))}) GROUP BY term"
            )
            for term, count in conn.execute(query, batch):
                self.df[self.column[term]] -= count
        # ClaimVectorizer: idf = ln((n + 1) / (df + 1)) + 1, in float32.
        idf = np.full(top + 1, self.n_claims + 1, dtype=np.float32)
        idf /= (self.df + 1).astype(np.float32)
        np.log(idf, out=idf)
        idf += 1.0
        self.idf = idf

    def rare(self, terms: np.ndarray, max_postings: int) -> np.ndarray:
        """Which of ``terms`` make blocks: in 2 to ``max_postings`` stored claims."""
        df = self.df[terms]
        return (df >= 2) & (df <= max_postings)


def _column_batches(cursor: Iterable[tuple], width: int, size: int = 200_000):
    """The rows of ``cursor`` as ``width`` int64 arrays, ``size`` rows at a time."""
    while True:
        chunk = cursor.fetchmany(size)  # type: ignore[attr-defined]
        if not chunk:
            return
        yield tuple(np.array(col, dtype=np.int64) for col in zip(*chunk, strict=True))


class ChunkCandidates:
    """Finds the candidates of chunks of stored claims (claim ``seq`` ranges).

    The postings are read once, in one scan of the ``postings`` table (its primary-key
    order), into compact arrays: the l2-normalised TF-IDF rows of every claim (float32
    weights and int32 terms, 8 B a posting: ~85 MB at 50,000 articles, 10.4 M postings) and
    the rare-term columns of them by term. A chunk's candidates are then computed from them
    alone; the rows of the claims (2.3 kB a claim) are never read here. Looking the
    postings up per chunk from the store's indexes instead cost 150 s per 5,000 claims at
    50,000 articles (random reads of the partners' postings), ~8 h for the store.

    Parameters
    ----------
    conn : sqlite3.Connection
        An open claim store.
    blocking : ChunkBlocking
        The blocking settings.
    copies : ndarray, optional
        Claims folded as copies (``seq``, sorted): they have no row and no candidate.
    """

    def __init__(
        self, conn: sqlite3.Connection, blocking: ChunkBlocking, copies: np.ndarray | None = None
    ) -> None:
        self.conn = conn
        self.blocking = blocking
        self.copies = np.zeros(0, np.int64) if copies is None else copies
        self.vocabulary = StoredVocabulary(conn, self.copies)
        (top,) = conn.execute("SELECT coalesce(max(seq), 0) FROM claims").fetchone()
        self.size = top + 1
        self.counts = CandidateCounts(capped_terms=set())
        self.X, self.B = self._matrices()
        self.BT = self.B.T.tocsr()
        self.codes, self.ordinal = self._codes()

    def _postings(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        (total,) = self.conn.execute("SELECT count(*) FROM postings").fetchone()
        claims = np.zeros(total, dtype=np.int32)
        terms = np.zeros(total, dtype=np.int32)
        counts = np.zeros(total, dtype=np.float32)
        at = 0
        cursor = self.conn.execute("SELECT term, claim, count FROM postings")
        while chunk := cursor.fetchmany(200_000):
            block = np.array(chunk, dtype=np.int64)
            end = at + len(block)
            terms[at:end], claims[at:end], counts[at:end] = block[:, 0], block[:, 1], block[:, 2]
            at = end
        kept = ~np.isin(claims[:at], self.copies)
        return claims[:at][kept], terms[:at][kept], counts[:at][kept]

    def _sighting(self, claims: np.ndarray, ids: np.ndarray) -> np.ndarray:
        """Each term id's rank in the order the claim vectoriser first sees the terms,
        scanning the claims in order: by the first claim holding it, then by id (a claim's
        new terms get their ids in the order of its words, ``ClaimStore._add_postings``; a
        term first stored by a copy, or kept after its articles were dropped, can be out of
        that order among the terms new at its first claim).
        """
        top = len(self.vocabulary.column)
        first = np.full(top, np.iinfo(np.int64).max, dtype=np.int64)
        np.minimum.at(first, ids, claims.astype(np.int64))
        rank = np.empty(top, dtype=np.int64)
        rank[np.lexsort((np.arange(top), first))] = np.arange(top)
        return rank

    def _matrices(self):
        """The l2-normalised TF-IDF rows (float32) of every stored claim, by claim ``seq``,
        and the same rows with only the rare terms' columns (the blocking matrix).
        """
        import scipy.sparse as sp

        claims, ids, data = self._postings()
        # Each row's terms in the order the claim vectoriser leaves them: by first sighting
        # (its columns are numbered so, sorted in each row, then renumbered in term order
        # without re-sorting); the sparse products then add in the in-memory order.
        order = np.lexsort((self._sighting(claims, ids)[ids], claims))
        claims, data = claims[order], data[order]
        terms = self.vocabulary.column[ids[order]].astype(np.int32)
        del order, ids
        # ClaimVectorizer: sublinear tf times idf in float32, the l2 norm summed in double.
        np.log(data, out=data)
        data += 1.0
        data *= self.vocabulary.idf[terms]
        indptr = np.zeros(self.size + 1, dtype=np.int64)
        np.cumsum(np.bincount(claims, minlength=self.size), out=indptr[1:])
        del claims
        squares = data.astype(np.float64) ** 2
        starts = indptr[:-1][np.diff(indptr) > 0]
        norms = np.zeros(self.size)
        if data.size:
            norms[np.diff(indptr) > 0] = np.sqrt(np.add.reduceat(squares, starts))
        del squares
        divisor = np.repeat(norms, np.diff(indptr))
        data = (data.astype(np.float64) / np.where(divisor == 0, 1.0, divisor)).astype(np.float32)
        del divisor
        shape = (self.size, len(self.vocabulary.df))
        X = sp.csr_matrix((data, terms, indptr), shape=shape)
        keep = self.vocabulary.rare(terms, self.blocking.max_postings)
        # Each row's start among the kept entries: the running count of kept ones.
        rare_indptr = np.concatenate([[0], np.cumsum(keep, dtype=np.int64)])[indptr]
        # The in-memory blocking matrix is a sparse product (X times a diagonal), which
        # leaves each row's entries in reverse order: so are these.
        row = np.repeat(np.arange(self.size), np.diff(rare_indptr))
        reverse = np.lexsort((-np.arange(row.size), row))
        B = sp.csr_matrix((data[keep][reverse], terms[keep][reverse], rare_indptr), shape=shape)
        return X, B

    def _codes(self) -> tuple[np.ndarray, np.ndarray]:
        """Sentence-block codes (a hash of the key) and day ordinals (-1: none), by ``seq``."""
        codes = np.full(self.size, -1, dtype=np.int64)
        ordinal = np.full(self.size, -1, dtype=np.int64)
        cursor = self.conn.execute("SELECT seq, sentence_key, day FROM claims")
        while chunk := cursor.fetchmany(100_000):
            seqs = np.array([c[0] for c in chunk], dtype=np.int64)
            codes[seqs] = [hash(c[1]) for c in chunk]
            ordinal[seqs] = [-1 if c[2] is None else c[2] for c in chunk]
        return codes, ordinal

    def _ranked(self, lo: int, hi: int, top_k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """:func:`~credence.scoring.matching.candidate_rows` of the claims ``lo <= seq < hi``
        at ``top_k`` (empty arrays when none).
        """
        found = candidate_rows(
            self.B[lo:hi],
            lo,
            self.BT,
            self.X,
            codes=self.codes,
            ordinal=self.ordinal,
            date_window_days=self.blocking.date_window_days,
            top_k=top_k,
            min_similarity=self.blocking.min_similarity,
        )
        return found if found is not None else (np.zeros(0, np.int64),) * 2 + (np.zeros(0),)

    def uncapped(self, lo: int, hi: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The candidates :meth:`find` would give at :data:`IN_MEMORY_TOP_K` (not counted):
        what a lower cap is compared with.
        """
        return self._ranked(lo, hi, max(IN_MEMORY_TOP_K, self.blocking.top_k))

    def find(self, lo: int, hi: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The candidates of the claims with ``lo <= seq < hi``: ``(first, second,
        similarity)`` with ``first < second`` (claim ``seq``), before the pairs found from
        both sides are made unique.
        """
        B_rows = self.B[lo:hi]
        X_rows = self.X[lo:hi]
        terms = np.unique(X_rows.indices)
        self.counts.capped_terms.update(
            self.vocabulary.ids[
                terms[self.vocabulary.df[terms] > self.blocking.max_postings]
            ].tolist()
        )
        self.counts.claims += int((np.diff(X_rows.indptr) > 0).sum())
        shared = (B_rows @ self.BT).tocsr()
        self_pairs = shared[np.arange(hi - lo), np.arange(lo, hi)]
        self.counts.partners += int(shared.nnz - np.count_nonzero(self_pairs))
        found = self._ranked(lo, hi, self.blocking.top_k)
        self.counts.kept += int(found[0].size)
        return found
