"""The claim store: analysed articles, their claims and blocking keys, kept in SQLite.

:class:`ClaimStore` writes whole articles (analysis, claims, spans, term postings) in one
transaction per batch, reads the analyses back in the order they were stored, and saves
the scores of a run with the model readings that run computed. The tables are described
in :mod:`credence.scoring.store_schema`; maintenance (``stats``, ``export``, ``gc``) is in
:mod:`credence.scoring.store_maintenance`; a run (analyse the new, score everything) in
:mod:`credence.scoring.incremental`.

The analyses are stored as pickles (zlib-compressed): open only stores you made yourself,
as you would a model file (a pickle can run code when loaded).

Examples
--------
>>> import tempfile, os
>>> from credence import Article, Scorer
>>> scorer = Scorer.load()
>>> path = os.path.join(tempfile.mkdtemp(), "claims.db")
>>> with ClaimStore(path) as store:
...     new = store.unseen([Article(id="a", text="Floods killed 12 people on Monday.")])
...     store.add(scorer.analyze(new), store.begin_run(1))
...     [a.article.id for a in store.analyses()]
['a']
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import pickle
import sqlite3
import zlib
from array import array
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from types import TracebackType
from typing import Any, overload

from credence.document import Article
from credence.errors import DataError
from credence.scoring.analysis import ArticleAnalysis
from credence.scoring.article_header import ArticleFields, ArticleHeader
from credence.scoring.matching import claim_vectors
from credence.scoring.priors import ScoringPriors
from credence.scoring.store_cache import text_hash
from credence.scoring.store_schema import connect
from credence.scoring.stored_rows import (
    article_row_blobs,
    ensure_rows,
    stamp_rows_version,
    stored_claim_rows,
)

__all__ = ["ClaimStore", "ScoreWriter", "StoredAnalyses", "article_hash", "stored_analysis"]

#: The fields of an article that make its content (``source``, where it was read from, not).
_CONTENT_FIELDS = ("id", "text", "title", "outlet", "url", "published", "author")


def article_hash(article: Article) -> str:
    """SHA-256 (hex) of an article's content: its id, text and metadata."""
    content = {
        name: (value.isoformat() if isinstance(value, dt.date) else value)
        for name in _CONTENT_FIELDS
        if (value := getattr(article, name)) is not None
    }
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode("utf-8")).hexdigest()


def _claim_terms() -> Callable[[str], list[str]]:
    # The tokeniser of the claim vectors (the same stop words and token pattern), taken from a
    # vectoriser fitted on two words: building it needs no data, only its settings.
    return claim_vectors(["claim", "words"])[1].build_analyzer()


def _spans_json(analysis: ArticleAnalysis, start: int, end: int) -> bytes:
    """The spans of every extractor inside ``[start, end)``, as the ``extract`` JSON has them
    (zlib-compressed: as plain JSON they were over half the store).
    """
    inside = {
        name: [span.to_dict() for span in spans if span.start >= start and span.end <= end]
        for name, spans in analysis.spans.items()
    }
    document = json.dumps(
        {name: found for name, found in inside.items() if found}, ensure_ascii=False
    )
    return zlib.compress(document.encode("utf-8"), 6)


_SEQS = "SELECT seq FROM articles ORDER BY seq"


def _load_analysis(blob: bytes) -> ArticleAnalysis:
    analysis = pickle.loads(zlib.decompress(blob))  # noqa: S301 - the store's own pickles
    if not isinstance(analysis, ArticleAnalysis):
        raise DataError("claim store", f"an article row holds a {type(analysis).__name__}")
    return analysis


def stored_analysis(conn: sqlite3.Connection, seq: int) -> ArticleAnalysis:
    """The stored analysis of article ``seq``, without its extractor spans."""
    (blob,) = conn.execute("SELECT analysis FROM articles WHERE seq = ?", (seq,)).fetchone()
    analysis = _load_analysis(blob)
    return replace(analysis, spans={}) if analysis.spans else analysis


class ClaimStore:
    """A claim store file (SQLite, WAL mode): one writer and any number of readers.

    Parameters
    ----------
    path : path
        The SQLite file, created when missing (unless ``readonly``).
    readonly : bool
        Open for reading only.

    Raises
    ------
    DataError
        When ``path`` is not a claim store of this version (or, read-only, does not exist).
    """

    def __init__(self, path: str | Path, *, readonly: bool = False) -> None:
        self.path = Path(path)
        self.conn = connect(path, readonly=readonly)
        # Built on the first article added, then kept: no module-level cache (issue 13).
        self._terms: Callable[[str], list[str]] | None = None

    def __enter__(self) -> ClaimStore:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection (a transaction still open is rolled back by SQLite)."""
        self.conn.close()

    def transaction(self) -> _Transaction:
        """A write transaction: commits at the end of the block, rolls back if it raises."""
        return _Transaction(self.conn)

    def snapshot(self) -> _Transaction:
        """A read transaction: every query in the block sees the store as one commit left it
        (WAL: a writer committing meanwhile is not seen, and is not blocked).
        """
        return _Transaction(self.conn, "BEGIN")

    def check_fingerprint(self, fingerprint: Mapping[str, Any]) -> None:
        """Record the models and lexicons of the first run; refuse other ones later.

        Raises
        ------
        DataError
            When the store was built with other models, lexicons or credence version
            (naming what differs): its analyses and readings would not be theirs.
        """
        wanted = json.dumps(fingerprint, sort_keys=True)
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
        if row is None:
            with self.transaction():
                self.conn.execute("INSERT INTO meta VALUES ('fingerprint', ?)", (wanted,))
            return
        stored = json.loads(row[0])
        differ = sorted(k for k in {*stored, *fingerprint} if stored.get(k) != fingerprint.get(k))
        if differ:
            raise DataError(
                str(self.path),
                f"claim store built with other {', '.join(differ)} than this run's; score "
                "into a new store (or use the models and lexicons it was built with)",
            )

    def begin_run(self, articles_given: int) -> int:
        """Record the start of a run; its id."""
        with self.transaction():
            cursor = self.conn.execute(
                "INSERT INTO runs(started, articles_given) VALUES (?, ?)",
                (_now(), articles_given),
            )
        return int(cursor.lastrowid or 0)

    def finish_run(self, run: int, counts: Mapping[str, int]) -> None:
        """Record the end of a run and what it did (``articles_new``, ``readings_new``, ...)."""
        columns = ", ".join(f"{name} = ?" for name in counts)
        with self.transaction():
            self.conn.execute(
                f"UPDATE runs SET finished = ?, {columns} WHERE id = ?",  # noqa: S608 - our names
                (_now(), *counts.values(), run),
            )

    def unseen(self, articles: Sequence[Article]) -> list[Article]:
        """The articles not stored yet, or stored with other content (to be re-analysed)."""
        stored: dict[str, str] = {}
        ids = [a.id for a in articles]
        for lo in range(0, len(ids), 500):
            chunk = ids[lo : lo + 500]
            marks = ",".join("?" * len(chunk))
            stored.update(
                self.conn.execute(
                    f"SELECT id, content_hash FROM articles WHERE id IN ({marks})",  # noqa: S608
                    chunk,
                ).fetchall()
            )
        return [a for a in articles if stored.get(a.id) != article_hash(a)]

    def add(self, analyses: Sequence[ArticleAnalysis], run: int) -> None:
        """Store whole articles in one transaction: analysis, claims, spans, term postings.

        An article stored before under the same id (with other content) is replaced: its
        claims, postings and scores go with it, and it moves to the end of the store order.
        """
        with self.transaction():
            stamp_rows_version(self.conn)  # the rows written here are this code's
            for analysis in analyses:
                self._add_one(analysis, run)

    def _add_one(self, analysis: ArticleAnalysis, run: int) -> None:
        article = analysis.article
        self.conn.execute("DELETE FROM articles WHERE id = ?", (article.id,))
        blob = zlib.compress(pickle.dumps(analysis, protocol=pickle.HIGHEST_PROTOCOL), 6)
        cursor = self.conn.execute(
            "INSERT INTO articles(id, content_hash, outlet, published, source, run, analysis) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                article.id,
                article_hash(article),
                article.outlet,
                article.published.isoformat() if article.published else None,
                article.source,
                run,
                blob,
            ),
        )
        seq = cursor.lastrowid
        day = article.published.toordinal() if article.published else None
        if self._terms is None:
            self._terms = _claim_terms()
        terms = self._terms
        # The article's claim rows are kept for the runs (no run makes them from the
        # analysis again). The pair model reads an attributed claim on what its origin
        # asserts (:func:`credence.scoring.claim_rows.asserted_text`): its readings are
        # keyed by that text.
        paragraphs, stored_rows, rows = article_row_blobs(analysis)
        self.conn.execute(
            "INSERT INTO article_rows(article, paragraphs, rows) VALUES (?, ?, ?)",
            (seq, paragraphs, stored_rows),
        )
        read = {row.claim.id: row.asserted or row.claim.text for row in rows}
        for claim in analysis.claims:
            claim_seq = self.conn.execute(
                "INSERT INTO claims(article, id, start, end, text, text_hash, read_hash, "
                "sentence_key, day, spans) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    seq,
                    claim.id,
                    claim.start,
                    claim.end,
                    claim.text,
                    text_hash(claim.text),
                    text_hash(read.get(claim.id, claim.text)),
                    f"{article.id}#{claim.sentence}",
                    day,
                    _spans_json(analysis, claim.start, claim.end),
                ),
            ).lastrowid
            self._add_postings(int(claim_seq or 0), Counter(terms(claim.text)))

    def _add_postings(self, claim_seq: int, counts: Mapping[str, int]) -> None:
        if not counts:
            return
        self.conn.executemany(
            "INSERT OR IGNORE INTO terms(term) VALUES (?)", [(t,) for t in counts]
        )
        marks = ",".join("?" * len(counts))
        ids = dict(
            self.conn.execute(
                f"SELECT term, id FROM terms WHERE term IN ({marks})",  # noqa: S608
                list(counts),
            ).fetchall()
        )
        self.conn.executemany(
            "INSERT INTO postings(term, claim, count) VALUES (?, ?, ?)",
            [(ids[t], claim_seq, n) for t, n in counts.items()],
        )

    def reached_by(self, run: int, *, max_postings: int = 200, window_days: int = 365) -> int:
        """Stored claims of earlier runs that a claim stored by ``run`` reaches through the
        blocking keys: a shared rare term (in 2 to ``max_postings`` claims, as
        :func:`credence.scoring.matching.candidate_arrays` blocks), published at most
        ``window_days`` apart, not in the same sentence. These may get new evidence; any
        stored score may still move through source reliability or term weights.
        """
        query = """
            WITH fresh AS (
                SELECT c.seq, c.day, c.sentence_key FROM claims c
                JOIN articles a ON a.seq = c.article WHERE a.run = :run
            )
            SELECT COUNT(DISTINCT old.seq) FROM fresh
            JOIN postings mine ON mine.claim = fresh.seq
            JOIN terms t ON t.id = mine.term AND t.df BETWEEN 2 AND :cap
            JOIN postings theirs ON theirs.term = mine.term
            JOIN claims old ON old.seq = theirs.claim
            JOIN articles oa ON oa.seq = old.article AND oa.run != :run
            WHERE old.sentence_key != fresh.sentence_key
              AND (fresh.day IS NULL OR old.day IS NULL OR abs(fresh.day - old.day) <= :window)
        """
        earlier = self.conn.execute("SELECT 1 FROM articles WHERE run != ? LIMIT 1", (run,))
        if earlier.fetchone() is None:
            # Nothing stored before this run: the join below would enumerate every pair of
            # this run's claims sharing a term only to keep none (110 s at 19,000 claims).
            return 0
        found = self.conn.execute(query, {"run": run, "cap": max_postings, "window": window_days})
        return int(found.fetchone()[0])

    def article_count(self) -> int:
        """The number of stored articles."""
        return int(self.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    def stored_analyses(self) -> StoredAnalyses:
        """Every stored analysis in store order, read (unpickled) as a pass reaches it."""
        return StoredAnalyses(self)

    def analyses(self) -> Iterator[ArticleAnalysis]:
        """Every stored analysis, in the order the articles entered the store."""
        for (blob,) in self.conn.execute("SELECT analysis FROM articles ORDER BY seq"):
            yield _load_analysis(blob)

    def score_writer(self, run: int) -> ScoreWriter:
        """A writer of this run's scores, a claim at a time (see :class:`ScoreWriter`)."""
        return ScoreWriter(self, run)

    def save_scores(
        self, claims: Sequence[Any], run: int, caches: Sequence[Any] = ()
    ) -> tuple[int, int]:
        """Save the scored claims and the readings ``caches`` computed, in one transaction.

        Returns
        -------
        (int, int)
            Claims whose score changed at the 4 decimals of the output (or that had none),
            and rows the caches added.
        """
        writer = self.score_writer(run)
        for scored in claims:
            writer.add(scored)
        return writer.commit(caches)


class StoredAnalyses(Sequence[ArticleAnalysis]):
    """The stored analyses in store order, unpickled as they are read and not kept.

    A sequence a pass can read again (each pass reads the store again): the cross-article
    stage builds its claim rows from it without holding every analysis at once
    (:func:`credence.scoring.corroboration.prepare_scoring` with ``shed_spans``), and, read
    :meth:`without_spans`, the later stages (stories, attribute slips, the sources table, the
    report) fetch the articles they need from the store instead of keeping every one.

    Parameters
    ----------
    store : ClaimStore
        The open store; its articles must not change while the sequence is read.
    spans : bool
        Whether the analyses keep their extractor spans (the stages after the claim rows do
        not read them).
    cache : int
        Analyses kept after an index reads them (the last ones read): a story's articles are
        read together, often more than once.
    """

    def __init__(self, store: ClaimStore, *, spans: bool = True, cache: int = 256) -> None:
        self._store = store
        self._conn = store.conn
        self._spans = spans
        # Store order -> seq, 8 bytes an article: an index is one primary-key lookup.
        self._seqs = array("q", (seq for (seq,) in self._conn.execute(_SEQS)))
        self._cache: OrderedDict[int, ArticleAnalysis] = OrderedDict()
        self._cache_size = cache

    def claim_rows(self, priors: ScoringPriors) -> list[Any]:
        """Every stored claim's row, from the rows kept when the articles were added
        (:func:`credence.scoring.stored_rows.stored_claim_rows`; made first for articles
        stored without them): the rows :func:`~credence.scoring.claim_rows.build_rows`
        makes from these analyses, each with an
        :class:`~credence.scoring.article_header.ArticleHeader`, no analysis unpickled.
        """
        ensure_rows(self._conn)
        return stored_claim_rows(self._conn, priors)

    def headers(self) -> list[ArticleHeader]:
        """Every stored article's :class:`~credence.scoring.article_header.ArticleHeader`
        (id, outlet, date), in store order, from the table's columns: nothing is unpickled.
        """
        return [
            ArticleHeader(ArticleFields(id_, outlet, dt.date.fromisoformat(day) if day else None))
            for id_, outlet, day in self._conn.execute(
                "SELECT id, outlet, published FROM articles ORDER BY seq"
            )
        ]

    def without_spans(self) -> StoredAnalyses:
        """The same articles, read without their extractor spans."""
        return StoredAnalyses(self._store, spans=False, cache=self._cache_size)

    def forget(self) -> None:
        """Drop the analyses kept since an index read them (they are read again if asked)."""
        self._cache.clear()

    def __len__(self) -> int:
        return len(self._seqs)

    def _read(self, blob: bytes) -> ArticleAnalysis:
        analysis = _load_analysis(blob)
        return analysis if self._spans or not analysis.spans else replace(analysis, spans={})

    def __iter__(self) -> Iterator[ArticleAnalysis]:
        # The cursor steps a row at a time: one compressed analysis in memory, not the table.
        for (blob,) in self._conn.execute("SELECT analysis FROM articles ORDER BY seq"):
            yield self._read(blob)

    @overload
    def __getitem__(self, index: int) -> ArticleAnalysis: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[ArticleAnalysis]: ...

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return [self[i] for i in range(len(self))[index]]
        count = len(self._seqs)
        position = index + count if index < 0 else index
        if not 0 <= position < count:
            raise IndexError(index)
        cache = self._cache
        if position in cache:
            cache.move_to_end(position)
            return cache[position]
        row = self._conn.execute(
            "SELECT analysis FROM articles WHERE seq = ?", (self._seqs[position],)
        ).fetchone()
        analysis = self._read(row[0])
        cache[position] = analysis
        if len(cache) > self._cache_size:
            cache.popitem(last=False)
        return analysis


class ScoreWriter:
    """A run's scores, written a claim at a time and saved in one transaction at the end.

    :meth:`add` turns a scored claim into its stored row (its JSON compressed) and keeps
    it in a temporary table (on disk, not in memory; no write lock on the store is taken),
    a chunk at a time; :meth:`commit` moves them into ``scores`` with the model readings
    of the run in one transaction. A run killed before :meth:`commit` leaves the scores of
    the previous run.

    Parameters
    ----------
    store : ClaimStore
        The open store.
    run : int
        The run writing the scores.
    chunk : int
        Claims kept in memory before they go to the temporary table.
    """

    def __init__(self, store: ClaimStore, run: int, chunk: int = 1000) -> None:
        self.store = store
        self.run = run
        self.chunk = chunk
        self.changed = 0
        self._pending: list[tuple[str, float, float, bytes]] = []
        conn = store.conn
        # The pending rows of a large run are most of its output: on disk, not in memory.
        conn.execute("PRAGMA temp_store = FILE")
        conn.execute(
            "CREATE TEMP TABLE IF NOT EXISTS pending_scores(claim INTEGER PRIMARY KEY, "
            "corroboration REAL NOT NULL, uncertainty REAL NOT NULL, run INTEGER NOT NULL, "
            "scored BLOB NOT NULL)"
        )
        conn.execute("DELETE FROM temp.pending_scores")

    def add(self, scored: Any, document: str | None = None) -> str:
        """Keep one scored claim's row; its JSON (``document`` when the caller made it)."""
        if document is None:
            document = json.dumps(scored.to_dict(), ensure_ascii=False)
        # The claim's JSON (evidence, explanation): compressed, it is a fifth of the size.
        blob = zlib.compress(document.encode("utf-8"), 6)
        self._pending.append(
            (scored.id, float(scored.corroboration), float(scored.uncertainty), blob)
        )
        if len(self._pending) >= self.chunk:
            self._flush()
        return document

    def _flush(self) -> None:
        pending, self._pending = self._pending, []
        if not pending:
            return
        conn = self.store.conn
        ids = [row[0] for row in pending]
        marks = ",".join("?" * len(ids))
        with _Transaction(conn, "BEGIN"):
            stored = {
                claim_id: (seq, None if c is None else (c, u))
                for claim_id, seq, c, u in conn.execute(
                    "SELECT c.id, c.seq, s.corroboration, s.uncertainty FROM claims c "  # noqa: S608
                    f"LEFT JOIN scores s ON s.claim = c.seq WHERE c.id IN ({marks})",
                    ids,
                )
            }
            rows = []
            for claim_id, corroboration, uncertainty, blob in pending:
                if claim_id not in stored:
                    raise DataError(str(self.store.path), f"claim {claim_id!r} is not stored")
                seq, before = stored[claim_id]
                # Changed as the output shows it (4 decimals): a moved source reliability
                # moves every claim of the source by a little, most of it below what is printed.
                self.changed += _shown(before) != _shown((corroboration, uncertainty))
                rows.append((seq, corroboration, uncertainty, self.run, blob))
            conn.executemany(
                "INSERT OR REPLACE INTO temp.pending_scores VALUES (?, ?, ?, ?, ?)", rows
            )

    def commit(self, caches: Sequence[Any] = ()) -> tuple[int, int]:
        """Save every kept row and the readings ``caches`` computed, in one transaction.

        Returns
        -------
        (int, int)
            Claims whose score changed at the 4 decimals of the output (or that had none),
            and rows the caches added.
        """
        self._flush()
        conn = self.store.conn
        with self.store.transaction():
            added = sum(cache.save(conn) for cache in caches)
            conn.execute("INSERT OR REPLACE INTO scores SELECT * FROM temp.pending_scores")
        conn.execute("DELETE FROM temp.pending_scores")
        return self.changed, added


class _Transaction:
    """``BEGIN`` … ``COMMIT``, or ``ROLLBACK`` when the block raises (Ctrl-C too)."""

    def __init__(self, conn: sqlite3.Connection, begin: str = "BEGIN IMMEDIATE") -> None:
        # IMMEDIATE for writes: take the write lock now, so two writers queue instead of
        # failing half-way; a plain BEGIN for a read snapshot.
        self.conn = conn
        self.begin = begin
        self.nested = False

    def __enter__(self) -> sqlite3.Connection:
        # Inside another transaction of this connection: part of it (the outer one ends it).
        self.nested = self.conn.in_transaction
        if not self.nested:
            self.conn.execute(self.begin)
        return self.conn

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if not self.nested:
            self.conn.execute("ROLLBACK" if kind is not None else "COMMIT")


def _shown(scores: tuple[float, float] | None) -> tuple[float, float] | None:
    return None if scores is None else (round(scores[0], 4), round(scores[1], 4))


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
