"""A store's claim rows, made once when an article is added, not from its analysis each run.

The cross-article stage starts from one :class:`~credence.scoring.claim_rows.ClaimRow` per
claim. What a row knows from its own article alone
(:func:`~credence.scoring.claim_rows.article_rows`: the claim, its origin, outlet, numbers and
dates, hedges, the asserted text, the article's own repeated paragraphs) is fixed once the
article is analysed, so the store keeps it in the ``article_rows`` table, beside each article's
paragraph texts (which the near-duplicate groups read), when the article is added
(:func:`article_row_blobs`). A run then builds its rows from these two small blobs
(:func:`stored_claim_rows`: the set-wide parts, repeated paragraphs across articles and one
person's names, by the same :func:`~credence.scoring.claim_rows.join_rows`) and unpickles no
analysis for them.

Why: building the rows from the analyses unpickled every stored analysis twice each run, and
the rows' small objects, allocated among each analysis's, kept much of the analyses' memory
from being returned (the rows' 1.6 kB of objects a claim held 2.7 kB of RSS, session 8).

The rows depend on the code that makes them, not only on the models: the table is keyed by
:data:`ROWS_VERSION` (a digest of that code), and a store whose rows were made by other code
has them made again, from the stored analyses, a batch at a time (:func:`ensure_rows`; also
the migration of a store made before the table existed).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import pickle
import sqlite3
import zlib
from collections.abc import Iterator, Sequence
from importlib import import_module
from pathlib import Path
from typing import Any, NamedTuple

from credence import __version__
from credence.scoring.article_header import ArticleFields, ArticleHeader
from credence.scoring.claim_rows import ClaimRow, article_rows, join_rows, paragraph_heads
from credence.scoring.priors import ScoringPriors

__all__ = [
    "ROWS_VERSION",
    "StoredParagraph",
    "article_row_blobs",
    "ensure_rows",
    "forget_stale_rows",
    "stamp_rows_version",
    "make_article_rows",
    "stored_claim_rows",
]

#: The modules whose code makes an article's rows (``article_rows`` and what it calls;
#: the extractors' own versions are in the store's fingerprint).
_ROW_MODULES = (
    "credence.scoring.claim_rows",
    "credence.scoring.conflicts",
    "credence.scoring.independence",
    "credence.features.quantity_intervals",
    "credence.features.quantities",
    "credence.features.chains",
    "credence.features.attribution.names",
)


def _rows_version() -> str:
    digest = hashlib.sha256(__version__.encode())
    for name in _ROW_MODULES:
        origin = import_module(name).__file__
        digest.update(Path(origin).read_bytes() if origin else name.encode())
    # The word lists the rows read (units, relay hedges, ...): one digest over all of them.
    words = Path(import_module("credence.features.lexicon").__file__ or "").parent
    for path in sorted((words / "lexicons" / "words").glob("*.tsv")):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:32]


#: Digest of the code that makes the stored rows: rows made by other code are made again.
ROWS_VERSION = _rows_version()

#: Articles whose rows a migration makes per transaction.
_MIGRATION_BATCH = 100


class StoredParagraph(NamedTuple):
    """What the near-duplicate groups read of a paragraph: its index and text."""

    index: int
    text: str


def article_row_blobs(analysis: Any) -> tuple[bytes, bytes, list[ClaimRow]]:
    """The stored forms of an analysed article's rows and paragraphs.

    Returns
    -------
    (bytes, bytes, list of ClaimRow)
        The paragraphs (index, text) and the rows of :func:`article_rows` without their
        analysis, each pickled and zlib-compressed; and the rows themselves (the caller
        reads their asserted texts).
    """
    rows = article_rows(analysis, 0)
    paragraphs = [StoredParagraph(p.index, p.text) for p in analysis.paragraphs]
    detached = [dataclasses.replace(row, analysis=None) for row in rows]
    return _packed(paragraphs), _packed(detached), rows


def _packed(value: Any) -> bytes:
    return zlib.compress(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), 6)


def _unpacked(blob: bytes) -> Any:
    return pickle.loads(zlib.decompress(blob))  # noqa: S301 - the store's own rows


def _load_analysis(blob: bytes) -> Any:
    return pickle.loads(zlib.decompress(blob))  # noqa: S301 - the store's own analyses


def forget_stale_rows(conn: sqlite3.Connection) -> None:
    """Drop every stored row made by other code than this (``meta.rows_version``), so
    that they are made again (:func:`ensure_rows`, or article by article as read:
    :func:`make_article_rows`).
    """
    row = conn.execute("SELECT value FROM meta WHERE key = 'rows_version'").fetchone()
    if row is None or row[0] != ROWS_VERSION:
        conn.execute("BEGIN IMMEDIATE")
        try:
            stamp_rows_version(conn)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")


def stamp_rows_version(conn: sqlite3.Connection) -> None:
    """Mark the stored rows as this code's (inside the caller's write transaction), first
    dropping those of other code, or of a store that says nothing of its rows.

    Called before rows are written (:meth:`~credence.scoring.store.ClaimStore.add`): a
    store built by ``add`` alone said nothing of its rows, so the first chunked run took
    them for another code's and made every article's rows again (22 ms an article: ~18
    minutes at 50,000 articles).
    """
    row = conn.execute("SELECT value FROM meta WHERE key = 'rows_version'").fetchone()
    if row is not None and row[0] == ROWS_VERSION:
        return
    conn.execute("DELETE FROM article_rows")
    conn.execute(
        "INSERT OR REPLACE INTO meta(key, value) VALUES ('rows_version', ?)", (ROWS_VERSION,)
    )


def make_article_rows(conn: sqlite3.Connection, article: int) -> tuple[bytes, bytes]:
    """Make and store the rows of one stored article that has none (the migration, article
    by article: a chunked run makes the rows of the articles it reads as it reads them).

    Call inside a write transaction, after :func:`forget_stale_rows`. Returns the stored
    forms (paragraphs, rows) as :func:`article_row_blobs` makes them.
    """
    (blob,) = conn.execute("SELECT analysis FROM articles WHERE seq = ?", (article,)).fetchone()
    paragraphs, rows, _ = article_row_blobs(_load_analysis(blob))
    conn.execute(
        "INSERT OR REPLACE INTO article_rows(article, paragraphs, rows) VALUES (?, ?, ?)",
        (article, paragraphs, rows),
    )
    return paragraphs, rows


def ensure_rows(conn: sqlite3.Connection, batch: int = _MIGRATION_BATCH) -> int:
    """Make the stored rows of every article that has none, or rows of other code.

    Streamed: a batch of analyses is unpickled, its rows made and written in one
    transaction, then dropped. Returns the number of articles whose rows were made.
    """
    forget_stale_rows(conn)
    made = 0
    missing = (
        "SELECT a.seq, a.analysis FROM articles a WHERE NOT EXISTS "
        "(SELECT 1 FROM article_rows r WHERE r.article = a.seq) ORDER BY a.seq LIMIT ?"
    )
    while chunk := conn.execute(missing, (batch,)).fetchall():
        conn.execute("BEGIN IMMEDIATE")
        try:
            for seq, blob in chunk:
                paragraphs, rows, _ = article_row_blobs(_load_analysis(blob))
                conn.execute(
                    "INSERT INTO article_rows(article, paragraphs, rows) VALUES (?, ?, ?)",
                    (seq, paragraphs, rows),
                )
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        made += len(chunk)
    return made


_PARAGRAPHS = (
    "SELECT r.paragraphs FROM articles a JOIN article_rows r ON r.article = a.seq ORDER BY a.seq"
)
_ROWS = (
    "SELECT a.id, a.outlet, a.published, r.rows FROM articles a "
    "JOIN article_rows r ON r.article = a.seq ORDER BY a.seq"
)


def _article_rows(conn: sqlite3.Connection) -> Iterator[list[ClaimRow]]:
    for ai, (id_, outlet, day, blob) in enumerate(conn.execute(_ROWS)):
        header = ArticleHeader(
            ArticleFields(id_, outlet, dt.date.fromisoformat(day) if day else None)
        )
        rows: list[ClaimRow] = _unpacked(blob)
        for row in rows:
            row.analysis = header
            row.article_index = ai
            row.sentence_key = (ai, row.claim.sentence)
        yield rows


def stored_claim_rows(conn: sqlite3.Connection, priors: ScoringPriors) -> list[ClaimRow]:
    """Every stored claim's row, in store order, as :func:`~credence.scoring.claim_rows.build_rows`
    makes them from the stored analyses (each row's ``analysis`` an
    :class:`~credence.scoring.article_header.ArticleHeader`), from the ``article_rows``
    table: two passes over it, no analysis unpickled. Call :func:`ensure_rows` first.
    """
    paragraphs: list[Sequence[StoredParagraph]] = [
        _unpacked(b) for (b,) in conn.execute(_PARAGRAPHS)
    ]
    heads = paragraph_heads(paragraphs, priors)
    indices = [[p.index for p in ps] for ps in paragraphs]
    del paragraphs
    return join_rows(_article_rows(conn), indices, heads)
