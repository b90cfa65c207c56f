"""Looking after a claim store: what it holds (``stats``), all of it as JSONL (``export``),
and dropping old articles with everything hanging off them (``gc``).

None of these unpickles an analysis: they read the plain columns only.
"""

from __future__ import annotations

import datetime as dt
import json
import zlib
from collections.abc import Iterator
from typing import Any

from credence.scoring.store import ClaimStore

__all__ = ["store_stats", "export_lines", "collect_garbage"]

_COUNTED = (
    "articles",
    "claims",
    "terms",
    "postings",
    "readings",
    "uncertainty",
    "sentence_outputs",
    "scores",
    "runs",
)


def store_stats(store: ClaimStore) -> dict[str, Any]:
    """Row counts, bytes on disk per table (when SQLite has ``dbstat``), file size, last run:
    read in one snapshot, as one commit left the store.
    """
    with store.snapshot():
        return _stats(store)


def _stats(store: ClaimStore) -> dict[str, Any]:
    conn = store.conn
    counts = {
        table: int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])  # noqa: S608
        for table in _COUNTED
    }
    page_size = int(conn.execute("PRAGMA page_size").fetchone()[0])
    pages = int(conn.execute("PRAGMA page_count").fetchone()[0])
    try:
        table_bytes = {
            name: int(size)
            for name, size in conn.execute(
                "SELECT name, SUM(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC"
            )
        }
    except Exception:  # noqa: BLE001 - dbstat is a compile-time option of SQLite
        table_bytes = {}
    last = conn.execute(
        "SELECT id, started, finished, articles_given, articles_new, readings_new, "
        "claims_scored, claims_changed FROM runs ORDER BY id DESC LIMIT 1"
    ).fetchone()
    dates = conn.execute("SELECT MIN(published), MAX(published) FROM articles").fetchone()
    return {
        "path": str(store.path),
        "counts": counts,
        "bytes": page_size * pages,
        "table_bytes": table_bytes,
        "published": {"first": dates[0], "last": dates[1]},
        "last_run": None
        if last is None
        else dict(
            zip(
                (
                    "id",
                    "started",
                    "finished",
                    "articles_given",
                    "articles_new",
                    "readings_new",
                    "claims_scored",
                    "claims_changed",
                ),
                last,
                strict=True,
            )
        ),
    }


def export_lines(store: ClaimStore) -> Iterator[str]:
    """One JSON line an article, in store order: its metadata and its claims, each with its
    spans and its last scores (``null`` before the first scoring). Read in one snapshot:
    a run writing meanwhile is not seen half-way.
    """
    with store.snapshot():
        yield from _export(store)


def _export(store: ClaimStore) -> Iterator[str]:
    conn = store.conn
    articles = conn.execute(
        "SELECT seq, id, content_hash, outlet, published, source, run FROM articles ORDER BY seq"
    )
    for seq, article_id, content_hash, outlet, published, source, run in articles.fetchall():
        claims = [
            {
                "id": claim_id,
                "start": start,
                "end": end,
                "text": text,
                "spans": json.loads(zlib.decompress(spans)),
                "scores": None if scored is None else json.loads(zlib.decompress(scored)),
            }
            for claim_id, start, end, text, spans, scored in conn.execute(
                "SELECT c.id, c.start, c.end, c.text, c.spans, s.scored FROM claims c "
                "LEFT JOIN scores s ON s.claim = c.seq WHERE c.article = ? ORDER BY c.seq",
                (seq,),
            )
        ]
        record = {
            "id": article_id,
            "content_hash": content_hash,
            "outlet": outlet,
            "published": published,
            "source": source,
            "run": run,
            "claims": claims,
        }
        yield json.dumps(record, ensure_ascii=False) + "\n"


def collect_garbage(store: ClaimStore, before: dt.date, *, vacuum: bool = False) -> dict[str, int]:
    """Drop the articles published before ``before`` and everything hanging off them.

    An article without a date is judged by the day the run that stored it started. Its
    claims, postings and scores go with it (foreign keys); then the terms no claim has any
    more, and the cached readings and probabilities of texts no stored claim has. The
    scores of the claims that stay are those of the last run, which counted the dropped
    articles' evidence: the next ``credence score --store`` re-scores them without it.

    Returns
    -------
    dict
        Rows deleted per table (``articles``, ``terms``, ``readings``, ``uncertainty``,
        ``sentence_outputs``).
    """
    conn = store.conn
    cutoff = before.isoformat()
    with store.transaction():
        dropped = {
            "articles": conn.execute(
                "DELETE FROM articles WHERE published < ? OR (published IS NULL AND run IN "
                "(SELECT id FROM runs WHERE substr(started, 1, 10) < ?))",
                (cutoff, cutoff),
            ).rowcount,
            "terms": conn.execute("DELETE FROM terms WHERE df <= 0").rowcount,
            "readings": conn.execute(
                "DELETE FROM readings WHERE claim_hash NOT IN (SELECT read_hash FROM claims) "
                "OR evidence_hash NOT IN (SELECT read_hash FROM claims)"
            ).rowcount,
            "uncertainty": conn.execute(
                "DELETE FROM uncertainty WHERE text_hash NOT IN (SELECT text_hash FROM claims)"
            ).rowcount,
            "sentence_outputs": conn.execute(
                "DELETE FROM sentence_outputs WHERE text_hash NOT IN (SELECT text_hash FROM claims)"
            ).rowcount,
        }
    if vacuum:
        conn.execute("VACUUM")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return dropped
