"""The tables of a claim store (SQLite) and how a store file is opened.

One SQLite file holds everything a later run needs so that no article is analysed twice
and no claim pair is read twice by the pair model:

``articles``
    One row an article: its id, a hash of its content, outlet, date, and its analysis
    (segmentation, extractor spans, claims) as a compressed pickle. ``seq`` is the order
    the articles entered the store, the order the cross-article stage reads them in.
``claims``
    One row a claim (every copy of a repeated paragraph included) with its offsets, text, a
    hash of the text, its blocking keys (``sentence_key``, ``day``) and its spans as JSON
    (zlib-compressed).
``terms`` / ``postings``
    The blocking terms: each claim's words as the claim vectoriser tokenises them
    (:func:`credence.scoring.matching.claim_vectors`), indexed by term, with the document
    frequency of each term kept up to date by triggers.
``readings``
    What the pair model said of a (claim text, evidence text) reading, by text hashes:
    ``p0`` … ``p3`` in the order of the model's ``classes_`` (agree, disagree, discuss,
    unrelated). The view ``pair_readings`` names the claims: (claim id, evidence claim id,
    probabilities), one row per pair of stored claims with those texts.
``uncertainty``
    P(uncertain) of a text by the uncertainty model, by text hash.
``sentence_outputs``
    Both outputs of the uncertainty model for a claim text, by text hash: P(uncertain),
    P(nonfactual) and the cues that moved it (JSON), as ``predict_outputs`` gives them
    (NULL without the factuality head). Added without a version bump: a store of the
    same version gains the empty table when opened.
``article_rows``
    Each article's claim rows as far as the article alone tells them, and its paragraph
    texts (zlib-compressed pickles, :mod:`credence.scoring.stored_rows`), made when the
    article is added: a run builds its claim rows from them, not from the analyses. Keyed
    by the digest of the code that makes them (``meta`` ``rows_version``); a store made
    before the table, or by other code, has them made from its analyses, streamed. Added
    without a version bump, as ``sentence_outputs``.
``scores``
    The last scores of each claim, its JSON (as ``--format json`` has it, zlib-compressed)
    and the run that wrote them.
``runs``
    One row a ``credence score --store`` run: when, and what it added.
``meta``
    The schema version and the fingerprint of the models and lexicons the store was built
    with (a store is only ever extended with the same ones).

Deleting an article deletes its claims, postings and scores (foreign keys cascade); the
readings and uncertainty caches are keyed by text and are dropped by ``gc`` when no stored
claim has the text any more.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from credence.errors import DataError

__all__ = ["SCHEMA_VERSION", "connect"]

#: Bumped when the tables change; a store of another version is refused, not migrated.
SCHEMA_VERSION = "2"

_TABLES = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs(
    id INTEGER PRIMARY KEY,
    started TEXT NOT NULL,
    finished TEXT,
    articles_given INTEGER NOT NULL DEFAULT 0,
    articles_new INTEGER NOT NULL DEFAULT 0,
    readings_new INTEGER NOT NULL DEFAULT 0,
    claims_scored INTEGER NOT NULL DEFAULT 0,
    claims_changed INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS articles(
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    content_hash TEXT NOT NULL,
    outlet TEXT,
    published TEXT,
    source TEXT,
    run INTEGER NOT NULL,
    analysis BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_published ON articles(published);
CREATE INDEX IF NOT EXISTS articles_content ON articles(content_hash);
CREATE TABLE IF NOT EXISTS claims(
    seq INTEGER PRIMARY KEY,
    article INTEGER NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
    id TEXT NOT NULL UNIQUE,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL,
    text_hash BLOB NOT NULL,
    read_hash BLOB NOT NULL,
    sentence_key TEXT NOT NULL,
    day INTEGER,
    spans BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS claims_article ON claims(article);
CREATE INDEX IF NOT EXISTS claims_text ON claims(text_hash);
CREATE INDEX IF NOT EXISTS claims_read ON claims(read_hash);
CREATE INDEX IF NOT EXISTS claims_sentence ON claims(sentence_key);
CREATE INDEX IF NOT EXISTS claims_day ON claims(day);
CREATE TABLE IF NOT EXISTS terms(
    id INTEGER PRIMARY KEY,
    term TEXT NOT NULL UNIQUE,
    df INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS postings(
    term INTEGER NOT NULL REFERENCES terms(id),
    claim INTEGER NOT NULL REFERENCES claims(seq) ON DELETE CASCADE,
    count INTEGER NOT NULL,
    PRIMARY KEY(term, claim)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS postings_claim ON postings(claim);
CREATE TRIGGER IF NOT EXISTS postings_df_up AFTER INSERT ON postings
    BEGIN UPDATE terms SET df = df + 1 WHERE id = NEW.term; END;
CREATE TRIGGER IF NOT EXISTS postings_df_down AFTER DELETE ON postings
    BEGIN UPDATE terms SET df = df - 1 WHERE id = OLD.term; END;
CREATE TABLE IF NOT EXISTS readings(
    claim_hash BLOB NOT NULL,
    evidence_hash BLOB NOT NULL,
    p0 REAL NOT NULL, p1 REAL NOT NULL, p2 REAL NOT NULL, p3 REAL NOT NULL,
    PRIMARY KEY(claim_hash, evidence_hash)
) WITHOUT ROWID;
CREATE VIEW IF NOT EXISTS pair_readings AS
    SELECT a.id AS claim, b.id AS evidence, r.p0, r.p1, r.p2, r.p3
    FROM readings r
    JOIN claims a ON a.read_hash = r.claim_hash
    JOIN claims b ON b.read_hash = r.evidence_hash;
CREATE TABLE IF NOT EXISTS uncertainty(
    text_hash BLOB PRIMARY KEY,
    probability REAL NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS sentence_outputs(
    text_hash BLOB PRIMARY KEY,
    uncertainty REAL NOT NULL,
    nonfactual REAL,
    reasons TEXT
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS article_rows(
    article INTEGER PRIMARY KEY REFERENCES articles(seq) ON DELETE CASCADE,
    paragraphs BLOB NOT NULL,
    rows BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS scores(
    claim INTEGER PRIMARY KEY REFERENCES claims(seq) ON DELETE CASCADE,
    corroboration REAL NOT NULL,
    uncertainty REAL NOT NULL,
    run INTEGER NOT NULL,
    scored BLOB NOT NULL
);
"""


def _check_version(conn: sqlite3.Connection, shown: str) -> None:
    row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    if row is None:
        with conn:
            conn.execute(
                "INSERT INTO meta(key, value) VALUES ('schema_version', ?)", (SCHEMA_VERSION,)
            )
    elif row[0] != SCHEMA_VERSION:
        raise DataError(
            shown,
            f"claim store of schema version {row[0]}; this credence reads version "
            f"{SCHEMA_VERSION} (score into a new store)",
        )


def connect(path: str | Path, *, create: bool = True, readonly: bool = False) -> sqlite3.Connection:
    """Open (or create) the claim store at ``path``, tables made, schema version checked.

    The store is in WAL mode, so readers never block the one writer, nor it them; a
    writer waits up to 60 s for another writer's transaction instead of failing.

    Parameters
    ----------
    path : path
        The SQLite file.
    create : bool
        Create the file when it does not exist (otherwise a DataError).
    readonly : bool
        Open for reading only (``store stats`` and ``export``).

    Raises
    ------
    DataError
        When the file is missing (and ``create`` is false), is not a SQLite database, or
        is a store of another schema version.
    """
    shown = str(path)
    target = Path(path)
    if not target.exists() and (readonly or not create):
        raise DataError(shown, "no claim store there (create one with credence score --store)")
    try:
        if readonly:
            conn = sqlite3.connect(f"{target.resolve().as_uri()}?mode=ro", uri=True, timeout=60)
        else:
            conn = sqlite3.connect(target, timeout=60)
        # Transactions are explicit (BEGIN IMMEDIATE ... COMMIT in the store's methods).
        conn.isolation_level = None
        conn.execute("PRAGMA foreign_keys = ON")
        if not readonly:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.executescript(_TABLES)
        _check_version(conn, shown)
    except sqlite3.DatabaseError as exc:
        raise DataError(shown, f"not a claim store ({exc})") from exc
    return conn
