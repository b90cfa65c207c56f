"""Stories and signature buckets of the chunked stage, kept as tables in the store.

The in-memory stage (:func:`credence.scoring.corroboration.prepare_scoring`) joins the
articles of linked claim pairs into stories (union-find), then compares the numbers and
dates of one story that share a signature even when their claims are not candidates
(:func:`~credence.scoring.evidence.signature_pairs`: "the number is higher, at 12,000"
against "the original 11,000"). The chunked stage (:mod:`credence.scoring.blockwise`) holds
one chunk at a time, so the same steps go through four tables:

* ``blockwise_links``: the linked pairs (claim ``seq``), written by the links pass, a chunk
  at a time, each pair by the chunk of its first claim;
* ``blockwise_signatures``: each claim's signatures (:func:`~credence.scoring.evidence.
  signature_keys`, JSON), its article and, once the stories are made, its story; indexed
  by (story, signature) so that a chunk finds its buckets' members by lookups;
* ``blockwise_stories``: each article's story (the lowest article ``seq`` of its
  component), by union-find over the links' articles;
* ``blockwise_buckets``: each (story, signature) bucket's size: a bucket of more than
  ``max_bucket`` claims is skipped, as the in-memory path skips it.

:func:`signature_partners` then gives a chunk the signature pairs whose first claim is its
own; the evidence pass filters them with the in-memory rule
(:func:`~credence.scoring.evidence.signature_pair_compared`) on the rows it reads, drops the
pairs it reads already, and reads the rest after them, as the in-memory path does.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence

import numpy as np

from credence.scoring.claim_rows import ClaimRow
from credence.scoring.evidence import signature_keys
from credence.scoring.independence import UnionFind

__all__ = [
    "STORIES_SCHEMA",
    "clear_story_tables",
    "write_links",
    "signature_rows",
    "write_signatures",
    "make_stories",
    "signature_partners",
    "story_of_articles",
    "story_ids",
    "claim_stories",
]

STORIES_SCHEMA = """
CREATE TABLE IF NOT EXISTS blockwise_links(
    first INTEGER NOT NULL,
    second INTEGER NOT NULL,
    PRIMARY KEY(first, second)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS blockwise_signatures(
    claim INTEGER NOT NULL,
    signature TEXT NOT NULL,
    article INTEGER NOT NULL,
    story INTEGER,
    PRIMARY KEY(claim, signature)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS blockwise_signatures_bucket
    ON blockwise_signatures(story, signature, claim);
CREATE TABLE IF NOT EXISTS blockwise_stories(
    article INTEGER PRIMARY KEY,
    story INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS blockwise_stories_story ON blockwise_stories(story, article);
CREATE TABLE IF NOT EXISTS blockwise_buckets(
    story INTEGER NOT NULL,
    signature TEXT NOT NULL,
    size INTEGER NOT NULL,
    PRIMARY KEY(story, signature)
) WITHOUT ROWID;
"""

_TABLES = ("blockwise_links", "blockwise_signatures", "blockwise_stories", "blockwise_buckets")


def clear_story_tables(conn: sqlite3.Connection) -> None:
    """Empty the tables (inside the caller's transaction): a run makes them again."""
    for table in _TABLES:
        conn.execute(f"DELETE FROM {table}")


def write_links(conn: sqlite3.Connection, linked: np.ndarray) -> None:
    """Keep the linked pairs, an ``(m, 2)`` array of claim ``seq`` (first < second)."""
    conn.executemany(
        "INSERT OR IGNORE INTO blockwise_links VALUES (?, ?)",
        (tuple(pair) for pair in np.asarray(linked, dtype=np.int64).reshape(-1, 2).tolist()),
    )


def signature_rows(
    rows: Sequence[ClaimRow], seqs: np.ndarray, mine: np.ndarray
) -> list[tuple[int, str]]:
    """The (claim ``seq``, signature) rows of the rows ``mine`` (a chunk's own claims)."""
    return [
        (int(seqs[k]), json.dumps(list(key)))
        for k in np.flatnonzero(mine).tolist()
        for key in sorted(signature_keys(rows[k]), key=repr)
    ]


def write_signatures(conn: sqlite3.Connection, found: Sequence[tuple[int, str]]) -> None:
    """Keep a chunk's :func:`signature_rows` (inside the caller's transaction), each with
    its claim's stored article.
    """
    conn.executemany(
        "INSERT OR IGNORE INTO blockwise_signatures(claim, signature, article) "
        "SELECT ?1, ?2, article FROM claims WHERE seq = ?1",
        found,
    )


def make_stories(conn: sqlite3.Connection) -> int:
    """Each stored article's story by union-find over the links (inside the caller's
    transaction), the signatures keyed by it and the buckets counted. Returns the number
    of stories (an article with no link is a story of its own).
    """
    uf = UnionFind()
    query = (
        "SELECT a.article, b.article FROM blockwise_links l "
        "JOIN claims a ON a.seq = l.first JOIN claims b ON b.seq = l.second"
    )
    for first, second in conn.execute(query):
        uf.union(first, second)
    lowest: dict[int, int] = {}
    articles = [a for (a,) in conn.execute("SELECT seq FROM articles ORDER BY seq")]
    for article in articles:
        root = uf.find(article)
        lowest.setdefault(root, article)  # articles in order: the first is the lowest
    conn.executemany(
        "INSERT INTO blockwise_stories VALUES (?, ?)",
        ((a, lowest[uf.find(a)]) for a in articles),
    )
    conn.execute(
        "UPDATE blockwise_signatures SET story = "
        "(SELECT story FROM blockwise_stories s WHERE s.article = blockwise_signatures.article)"
    )
    conn.execute(
        "INSERT INTO blockwise_buckets SELECT story, signature, count(*) "
        "FROM blockwise_signatures GROUP BY story, signature"
    )
    return len(lowest)


def signature_partners(
    conn: sqlite3.Connection, lo: int, hi: int, max_bucket: int = 64
) -> np.ndarray:
    """The signature pairs ``(first, second)`` (claim ``seq``, first < second, sorted) with
    a claim in ``lo <= seq < hi``: two claims of one story sharing a signature, in a bucket
    of 2 to ``max_bucket`` claims (:func:`~credence.scoring.evidence.signature_pairs`'s
    buckets). Not yet filtered by the rows (same sentence, copies) nor by the pairs read.
    """
    query = (
        "SELECT DISTINCT a.claim, b.claim FROM blockwise_signatures a "
        "JOIN blockwise_buckets z ON z.story = a.story AND z.signature = a.signature "
        "JOIN blockwise_signatures b ON b.story = a.story AND b.signature = a.signature "
        "AND b.claim != a.claim "
        "WHERE a.claim >= ? AND a.claim < ? AND z.size BETWEEN 2 AND ?"
    )
    found = np.array(conn.execute(query, (lo, hi, max_bucket)).fetchall(), dtype=np.int64)
    found = np.sort(found.reshape(-1, 2), axis=1)
    return np.unique(found, axis=0).reshape(-1, 2)


def story_ids(conn: sqlite3.Connection) -> dict[int, str]:
    """Each story's id as the in-memory report numbers them (``story-1`` the largest; ties
    by their first article), by story (its lowest article ``seq``).
    """
    query = "SELECT story FROM blockwise_stories GROUP BY story ORDER BY count(*) DESC, story"
    return {story: f"story-{n}" for n, (story,) in enumerate(conn.execute(query), start=1)}


def claim_stories(conn: sqlite3.Connection, lo: int, hi: int) -> dict[int, int]:
    """The story of each claim ``lo <= seq < hi`` (its article's)."""
    query = (
        "SELECT c.seq, s.story FROM claims c JOIN blockwise_stories s ON s.article = c.article "
        "WHERE c.seq >= ? AND c.seq < ?"
    )
    return dict(conn.execute(query, (lo, hi)).fetchall())


def story_of_articles(conn: sqlite3.Connection, articles: Sequence[int]) -> dict[int, int]:
    """The story (lowest article ``seq`` of its component) of each stored article ``seq``."""
    out: dict[int, int] = {}
    values = [int(a) for a in articles]
    for lo in range(0, len(values), 900):
        batch = values[lo : lo + 900]
        out.update(
            conn.execute(
                "SELECT article, story FROM blockwise_stories "
                f"WHERE article IN ({','.join('?' * len(batch))})",
                batch,
            ).fetchall()
        )
    return out
