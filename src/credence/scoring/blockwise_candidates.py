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
overlap pre-ranks ``4 * top_k``, the full cosine keeps the ``top_k``). What differs from
the in-memory path, by design: the document frequencies count every stored claim (the
in-memory path counts the claims left once the copies of a repeated paragraph are folded).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from credence.scoring.matching import candidate_rows

__all__ = ["ChunkBlocking", "CandidateCounts", "ChunkCandidates", "StoredVocabulary"]

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

    top_k: int = 10
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

    def dropped(self) -> int:
        """Pairs sharing a rare term that are not candidates (windows, blocks, caps)."""
        return self.partners - self.kept


class StoredVocabulary:
    """The stored terms' smoothed idf, as the claim vectoriser computes it over every claim.

    Parameters
    ----------
    conn : sqlite3.Connection
        An open claim store.
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        (self.n_claims,) = conn.execute("SELECT count(*) FROM claims").fetchone()
        (top,) = conn.execute("SELECT coalesce(max(id), 0) FROM terms").fetchone()
        self.df = np.zeros(top + 1, dtype=np.int64)
        for ids, dfs in _column_batches(conn.execute("SELECT id, df FROM terms"), 2):
            self.df[ids] = dfs
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


def _fetch(
    conn: sqlite3.Connection, query: str, params: Sequence[object], width: int
) -> tuple[np.ndarray, ...]:
    """``query`` as ``width`` int64 columns."""
    parts = list(_column_batches(conn.execute(query, params), width))
    if not parts:
        return tuple(np.zeros(0, dtype=np.int64) for _ in range(width))
    return tuple(np.concatenate([p[k] for p in parts]) for k in range(width))


def _fetch_in(
    conn: sqlite3.Connection, query: str, values: Sequence[int], width: int
) -> tuple[np.ndarray, ...]:
    """``query`` (with one ``{}`` for an ``IN`` list) over ``values``, as int64 columns."""
    parts: list[tuple[np.ndarray, ...]] = []
    values = [int(v) for v in values]
    for lo in range(0, len(values), _IN_BATCH):
        batch = values[lo : lo + _IN_BATCH]
        sql = query.format(",".join("?" * len(batch)))
        parts.extend(_column_batches(conn.execute(sql, batch), width))
    if not parts:
        return tuple(np.zeros(0, dtype=np.int64) for _ in range(width))
    return tuple(np.concatenate([p[k] for p in parts]) for k in range(width))


class ChunkCandidates:
    """Finds the candidates of chunks of stored claims (claim ``seq`` ranges).

    Parameters
    ----------
    conn : sqlite3.Connection
        An open claim store.
    blocking : ChunkBlocking
        The blocking settings.
    """

    def __init__(self, conn: sqlite3.Connection, blocking: ChunkBlocking) -> None:
        self.conn = conn
        self.blocking = blocking
        self.vocabulary = StoredVocabulary(conn)
        (top,) = conn.execute("SELECT coalesce(max(seq), 0) FROM claims").fetchone()
        self.size = top + 1
        self.counts = CandidateCounts(capped_terms=set())

    def _matrix(self, claims: np.ndarray, terms: np.ndarray, counts: np.ndarray, rare: bool):
        """The l2-normalised TF-IDF rows (float32) of the postings, by claim ``seq``; with
        ``rare``, only the rare terms' columns kept after normalising (the blocking matrix).
        """
        import scipy.sparse as sp

        order = np.lexsort((terms, claims))
        claims, terms = claims[order], terms[order]
        data = counts[order].astype(np.float32)
        np.log(data, out=data)
        data += 1.0
        data *= self.vocabulary.idf[terms]
        squares = (data.astype(np.float64)) ** 2
        starts = np.flatnonzero(np.r_[True, claims[1:] != claims[:-1]])
        norms = np.sqrt(np.add.reduceat(squares, starts)) if claims.size else np.zeros(0)
        divisor = np.repeat(norms, np.diff(np.r_[starts, claims.size]))
        scaled = (data.astype(np.float64) / np.where(divisor == 0, 1.0, divisor)).astype(np.float32)
        shape = (self.size, len(self.vocabulary.df))
        X = sp.csr_matrix((scaled, (claims, terms)), shape=shape, dtype=np.float32)
        if not rare:
            return X
        keep = self.vocabulary.rare(terms, self.blocking.max_postings)
        return sp.csr_matrix(
            (scaled[keep], (claims[keep], terms[keep])), shape=shape, dtype=np.float32
        )

    def _codes(self, claims: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Sentence-block codes and day ordinals (-1: none) of ``claims``, by ``seq``."""
        codes = np.full(self.size, -1, dtype=np.int64)
        ordinal = np.full(self.size, -1, dtype=np.int64)
        lookup: dict[str, int] = {}
        rows = []
        for lo in range(0, len(claims), _IN_BATCH):
            batch = [int(c) for c in claims[lo : lo + _IN_BATCH]]
            rows.extend(
                self.conn.execute(
                    "SELECT seq, sentence_key, day FROM claims WHERE seq IN "
                    f"({','.join('?' * len(batch))})",
                    batch,
                )
            )
        for seq, key, day in rows:
            codes[seq] = lookup.setdefault(key, len(lookup))
            ordinal[seq] = -1 if day is None else day
        return codes, ordinal

    def find(self, lo: int, hi: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The candidates of the claims with ``lo <= seq < hi``: ``(first, second,
        similarity)`` with ``first < second`` (claim ``seq``), before the pairs found from
        both sides are made unique.
        """
        own_claims, own_terms, own_counts = _fetch(
            self.conn,
            "SELECT claim, term, count FROM postings WHERE claim >= ? AND claim < ?",
            (lo, hi),
            3,
        )
        terms = np.unique(own_terms)
        rare = terms[self.vocabulary.rare(terms, self.blocking.max_postings)]
        self.counts.capped_terms.update(
            terms[self.vocabulary.df[terms] > self.blocking.max_postings].tolist()
        )
        (partners,) = _fetch_in(
            self.conn, "SELECT DISTINCT claim FROM postings WHERE term IN ({})", rare, 1
        )
        others = np.setdiff1d(np.unique(partners), np.unique(own_claims))
        claims, terms_, counts = _fetch_in(
            self.conn, "SELECT claim, term, count FROM postings WHERE claim IN ({})", others, 3
        )
        claims = np.concatenate([own_claims, claims])
        terms_ = np.concatenate([own_terms, terms_])
        counts = np.concatenate([own_counts, counts])
        X = self._matrix(claims, terms_, counts, rare=False)
        B = self._matrix(claims, terms_, counts, rare=True)
        codes, ordinal = self._codes(np.unique(claims))
        B_rows = B[lo:hi]
        BT = B.T.tocsr()
        self.counts.claims += int(np.unique(own_claims).size)
        shared = (B_rows @ BT).tocsr()
        self.counts.partners += int(shared.nnz - (shared.diagonal(lo) != 0).sum())
        found = candidate_rows(
            B_rows,
            lo,
            BT,
            X,
            codes=codes,
            ordinal=ordinal,
            date_window_days=self.blocking.date_window_days,
            top_k=self.blocking.top_k,
            min_similarity=self.blocking.min_similarity,
        )
        if found is None:
            return (np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0))
        self.counts.kept += int(found[0].size)
        return found
