"""The copies of repeated paragraphs, folded in the chunked stage as in memory.

The in-memory stage folds a claim of a repeated paragraph that repeats a claim of the
original paragraph into that claim (:func:`~credence.scoring.claim_rows.fold_copies`)
before anything else: a copy has no TF-IDF row, counts in no document frequency, is paired
with nothing and is listed in its claim's ``copies``. The chunked stage
(:mod:`credence.scoring.blockwise`) does the same from a ``blockwise_copies`` table, made
by a first pass over the chunks: each chunk's own articles are whole in it, and a copy is a
copy within its article, so :func:`fold_copies` over a chunk's rows finds what it finds
over every row. The later passes leave the copies out of the postings, the document
frequencies (:class:`~credence.scoring.blockwise_candidates.StoredVocabulary`) and the rows
they read.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

import numpy as np

from credence.scoring.claim_rows import ClaimRow, fold_copies
from credence.scoring.priors import ScoringPriors
from credence.scoring.results import ClaimCopy

__all__ = ["COPIES_SCHEMA", "chunk_copies", "write_copies", "copy_seqs", "copies_of"]

COPIES_SCHEMA = """
CREATE TABLE IF NOT EXISTS blockwise_copies(
    claim INTEGER PRIMARY KEY,
    original INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS blockwise_copies_original ON blockwise_copies(original);
"""


def chunk_copies(
    rows: Sequence[ClaimRow], seqs: np.ndarray, priors: ScoringPriors
) -> list[tuple[int, int]]:
    """The (copy ``seq``, original ``seq``) of a chunk's rows (its articles whole), by
    :func:`~credence.scoring.claim_rows.fold_copies`.
    """
    kept, copies = fold_copies(rows, priors)
    seq_of_row = {id(row): int(seq) for row, seq in zip(rows, seqs.tolist(), strict=True)}
    seq_of_claim = {row.claim.id: seq_of_row[id(row)] for row in rows}
    return [
        (seq_of_claim[copy.id], seq_of_row[id(kept[original])])
        for original, found in copies.items()
        for copy in found
    ]


def write_copies(conn: sqlite3.Connection, found: Sequence[tuple[int, int]]) -> None:
    """Keep a chunk's :func:`chunk_copies` (inside the caller's transaction)."""
    conn.executemany("INSERT OR REPLACE INTO blockwise_copies VALUES (?, ?)", found)


def copy_seqs(conn: sqlite3.Connection) -> np.ndarray:
    """Every copy's claim ``seq``, sorted (a few per cent of the claims)."""
    found = [s for (s,) in conn.execute("SELECT claim FROM blockwise_copies ORDER BY claim")]
    return np.array(found, dtype=np.int64)


def copies_of(conn: sqlite3.Connection, lo: int, hi: int) -> dict[int, list[ClaimCopy]]:
    """The copies (id and offsets) of each original ``lo <= seq < hi``, in store order."""
    out: dict[int, list[ClaimCopy]] = {}
    query = (
        "SELECT k.original, c.id, c.start, c.end FROM blockwise_copies k "
        "JOIN claims c ON c.seq = k.claim "
        "WHERE k.original >= ? AND k.original < ? ORDER BY k.claim"
    )
    for original, claim_id, start, end in conn.execute(query, (lo, hi)):
        out.setdefault(original, []).append(ClaimCopy(claim_id, start, end))
    return out
