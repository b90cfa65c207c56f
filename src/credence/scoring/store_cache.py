"""Model readings kept in the claim store, so that no text or pair is read by a model twice.

The pair model (agreement or stance, :func:`credence.scoring.evidence.pair_reader`) and the
uncertainty model compute each row from its own texts alone (the batching and the order
change nothing), so a row read once can be looked up instead of read again: the result is
the same number, stored as an 8-byte REAL (exact). :class:`CachedPairModel` and
:class:`CachedUncertaintyModel` wrap the models with that lookup; the rows they had to
compute are written to the store by :meth:`CachedPairModel.save` (in the transaction that
saves the run's scores).

The wrappers keep the new rows in this process: the cross-article stage that uses them
runs in one process (:func:`credence.scoring.parallel.using_workers` ``(1)``), as forked
workers would compute rows their parent never sees. The pair readings a run computes (a
first run of 1,000 articles computes 300,000) wait in a temporary SQLite table on disk, not
in a dictionary (about 400 bytes a reading in Python objects).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np

from credence.scoring.evidence import pair_reader
from credence.scoring.matching import STANCE_CLASSES

__all__ = ["text_hash", "CachedPairModel", "CachedUncertaintyModel"]

#: Keys looked up in one query (SQLite's bound-parameter limit is far above this).
_LOOKUP_CHUNK = 20_000


def text_hash(text: str) -> bytes:
    """The 16-byte BLAKE2b digest of ``text`` (UTF-8): the key of a text in the store."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


@contextmanager
def _one_transaction(conn: sqlite3.Connection) -> Iterator[None]:
    # The temporary table's inserts in one transaction: one by one (autocommit) they cost
    # a journal write each, ten times the lookup itself.
    began = not conn.in_transaction
    if began:
        conn.execute("BEGIN")
    try:
        yield
    finally:
        if began:
            conn.execute("COMMIT")


def _stored_pairs(
    conn: sqlite3.Connection, keys: Sequence[tuple[bytes, bytes]]
) -> tuple[np.ndarray, np.ndarray]:
    with _one_transaction(conn):
        return _lookup_pairs(conn, keys)


#: The readings computed by the current run, saved into ``readings`` with its scores.
_PENDING_READINGS = (
    "CREATE TEMP TABLE IF NOT EXISTS pending_readings(claim_hash BLOB NOT NULL, "
    "evidence_hash BLOB NOT NULL, p0 REAL NOT NULL, p1 REAL NOT NULL, p2 REAL NOT NULL, "
    "p3 REAL NOT NULL, PRIMARY KEY(claim_hash, evidence_hash)) WITHOUT ROWID"
)


def _lookup_pairs(
    conn: sqlite3.Connection, keys: Sequence[tuple[bytes, bytes]]
) -> tuple[np.ndarray, np.ndarray]:
    """Which of the distinct ``keys`` are stored (or computed by this run), and their rows.

    Through a temporary table joined on the primary key, one query per chunk of keys, each
    key with its position: the rows go straight into one array (a dictionary of tuples
    cost ~200 bytes a reading, ~45 MB for a chunk's pairs read in one call).
    """
    found = np.zeros(len(keys), dtype=bool)
    proba = np.zeros((len(keys), 4), dtype=np.float64)
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS wanted_readings(k INTEGER, a BLOB, b BLOB)")
    conn.execute(_PENDING_READINGS)
    for lo in range(0, len(keys), _LOOKUP_CHUNK):
        conn.execute("DELETE FROM wanted_readings")
        conn.executemany(
            "INSERT INTO wanted_readings VALUES (?, ?, ?)",
            ((lo + j, a, b) for j, (a, b) in enumerate(keys[lo : lo + _LOOKUP_CHUNK])),
        )
        for k, *row in conn.execute(
            "SELECT w.k, r.p0, r.p1, r.p2, r.p3 FROM wanted_readings w JOIN readings r "
            "ON r.claim_hash = w.a AND r.evidence_hash = w.b UNION ALL "
            "SELECT w.k, r.p0, r.p1, r.p2, r.p3 FROM wanted_readings w "
            "JOIN temp.pending_readings r ON r.claim_hash = w.a AND r.evidence_hash = w.b"
        ):
            found[k] = True
            proba[k] = row
    return found, proba


def _stored_texts(conn: sqlite3.Connection, keys: Sequence[bytes]) -> dict[bytes, float]:
    with _one_transaction(conn):
        return _lookup_texts(conn, keys)


def _lookup_texts(conn: sqlite3.Connection, keys: Sequence[bytes]) -> dict[bytes, float]:
    found: dict[bytes, float] = {}
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS wanted_texts(a BLOB)")
    for lo in range(0, len(keys), _LOOKUP_CHUNK):
        conn.execute("DELETE FROM wanted_texts")
        conn.executemany(
            "INSERT INTO wanted_texts VALUES (?)", [(k,) for k in keys[lo : lo + _LOOKUP_CHUNK]]
        )
        for a, probability in conn.execute(
            "SELECT w.a, u.probability FROM wanted_texts w JOIN uncertainty u ON u.text_hash = w.a"
        ):
            found[a] = probability
    return found


#: Both uncertainty outputs computed by the current run, saved with its scores.
_PENDING_OUTPUTS = (
    "CREATE TEMP TABLE IF NOT EXISTS pending_outputs(text_hash BLOB PRIMARY KEY, "
    "uncertainty REAL NOT NULL, nonfactual REAL, reasons TEXT) WITHOUT ROWID"
)

#: A text's stored outputs: P(uncertain), P(nonfactual) or None, the reasons' JSON or None.
_Outputs = tuple[float, float | None, str | None]


def _stored_outputs(conn: sqlite3.Connection, keys: Sequence[bytes]) -> dict[bytes, _Outputs]:
    found: dict[bytes, _Outputs] = {}
    with _one_transaction(conn):
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS wanted_texts(a BLOB)")
        conn.execute(_PENDING_OUTPUTS)
        for lo in range(0, len(keys), _LOOKUP_CHUNK):
            conn.execute("DELETE FROM wanted_texts")
            conn.executemany(
                "INSERT INTO wanted_texts VALUES (?)", [(k,) for k in keys[lo : lo + _LOOKUP_CHUNK]]
            )
            for a, *outputs in conn.execute(
                "SELECT w.a, o.uncertainty, o.nonfactual, o.reasons FROM wanted_texts w "
                "JOIN sentence_outputs o ON o.text_hash = w.a UNION ALL "
                "SELECT w.a, o.uncertainty, o.nonfactual, o.reasons FROM wanted_texts w "
                "JOIN temp.pending_outputs o ON o.text_hash = w.a"
            ):
                found[a] = (outputs[0], outputs[1], outputs[2])
    return found


def _output_rows(keys: Sequence[bytes], fresh: Any) -> list[tuple[bytes, float, Any, Any]]:
    """The rows of :class:`SentenceOutputs` ``fresh`` for the texts of ``keys``."""
    rows = []
    for j, key in enumerate(keys):
        nonfactual = None if fresh.nonfactual is None else float(fresh.nonfactual[j])
        # JSON keeps a float exactly (shortest repr round-trips): the cues read back equal.
        reasons = None if fresh.reasons is None else json.dumps(fresh.reasons[j])
        rows.append((key, float(fresh.uncertainty[j]), nonfactual, reasons))
    return rows


#: Readings whose features are computed at once (bounds the feature matrix, ~2.4 kB a
#: reading, as :func:`credence.scoring.matching.stance_probabilities` bounds it).
_PREDICT_BATCH = 8192

#: Distinct texts prepared at once (~7 kB a text prepared by the agreement model): the
#: readings of one call are read in runs that need at most this many texts each.
_PREPARED_TEXTS = 16_384


def _text_runs(claims: Sequence[str], evidences: Sequence[str], limit: int) -> Iterator[range]:
    """Consecutive runs of the readings ``(claims[k], evidences[k])``, each needing at most
    ``limit`` distinct texts (a single reading is a run whatever ``limit``).
    """
    start, used = 0, set()
    for k, (claim, evidence) in enumerate(zip(claims, evidences, strict=True)):
        new = (claim not in used) + (evidence not in used and evidence != claim)
        if used and len(used) + new > limit:
            yield range(start, k)
            start, used = k, set()
        used.update((claim, evidence))
    if start < len(claims):
        yield range(start, len(claims))


def _read_prepared(model: Any, claims: Sequence[str], evidences: Sequence[str]) -> np.ndarray:
    """The model's rows for the readings, each text prepared once, the features computed
    :data:`_PREDICT_BATCH` readings at a time.
    """
    used = sorted(set(claims) | set(evidences))
    row_of = {text: k for k, text in enumerate(used)}
    prepared = model.prepare_texts(used)
    first = np.array([row_of[t] for t in claims], dtype=np.int64)
    second = np.array([row_of[t] for t in evidences], dtype=np.int64)
    return np.concatenate(
        [
            np.asarray(
                model.predict_proba_prepared(
                    prepared, first[lo : lo + _PREDICT_BATCH], second[lo : lo + _PREDICT_BATCH]
                ),
                dtype=np.float64,
            )
            for lo in range(0, len(first), _PREDICT_BATCH)
        ]
    )


def _read_pairs(model: Any, claims: Sequence[str], evidences: Sequence[str]) -> np.ndarray:
    """The model's rows for the readings, through ``prepare_texts`` when it has one (as
    :func:`credence.scoring.matching.stance_probabilities` reads them): in runs of at most
    :data:`_PREPARED_TEXTS` distinct texts, each text prepared once a run (a row depends on
    its own two texts only, so the rows are those of one call).
    """
    if not len(claims):
        return np.zeros((0, 4))
    if hasattr(model, "prepare_texts") and hasattr(model, "predict_proba_prepared"):
        return np.concatenate(
            [
                _read_prepared(model, claims[run.start : run.stop], evidences[run.start : run.stop])
                for run in _text_runs(claims, evidences, _PREPARED_TEXTS)
            ]
        )
    return np.asarray(model.predict_proba(list(claims), list(evidences)), dtype=np.float64)


class CachedPairModel:
    """The pair model, its readings looked up in the store before being computed.

    Parameters
    ----------
    model : object
        The model that reads claim pairs (``predict_proba(claims, evidences)``, ``classes_``).
    conn : sqlite3.Connection
        The open claim store (:func:`credence.scoring.store_schema.connect`).

    Attributes
    ----------
    looked_up : int
        Distinct readings found in the store (or computed earlier by this instance).
    computed : int
        Distinct readings computed in this run (kept in a temporary table until
        :meth:`save`).
    """

    def __init__(self, model: Any, conn: sqlite3.Connection) -> None:
        self.model = model
        self.classes_ = tuple(str(c) for c in getattr(model, "classes_", STANCE_CLASSES))
        self.looked_up = 0
        self.computed = 0
        self._conn = conn
        # On disk: a first run's readings are most of what it computes.
        conn.execute("PRAGMA temp_store = FILE")
        conn.execute(_PENDING_READINGS)
        conn.execute("DELETE FROM temp.pending_readings")  # an earlier run that did not end

    def predict_proba(self, claims: Sequence[str], evidences: Sequence[str]) -> np.ndarray:
        """The model's rows for ``(claims[k], evidences[k])``, stored ones looked up."""
        hashes: dict[str, bytes] = {}  # a text met in many readings hashed once

        def hashed(text: str) -> bytes:
            found = hashes.get(text)
            if found is None:
                found = hashes[text] = text_hash(text)
            return found

        keys = [(hashed(c), hashed(e)) for c, e in zip(claims, evidences, strict=True)]
        position: dict[tuple[bytes, bytes], int] = {}  # each distinct reading looked up once
        distinct_of = np.fromiter(
            (position.setdefault(key, len(position)) for key in keys), np.int64, len(keys)
        )
        distinct = list(position)
        del position
        found, proba = _stored_pairs(self._conn, distinct)
        self.looked_up += int(found.sum())
        missing = np.flatnonzero(~found)
        if len(missing):  # each missing reading computed once, from one of its positions
            where = np.zeros(len(distinct), dtype=np.int64)
            where[distinct_of] = np.arange(len(keys))
            at = where[missing].tolist()
            proba[missing] = _read_pairs(
                self.model, [claims[i] for i in at], [evidences[i] for i in at]
            )
            with _one_transaction(self._conn):
                self._conn.executemany(
                    "INSERT OR IGNORE INTO temp.pending_readings VALUES (?, ?, ?, ?, ?, ?)",
                    ((*distinct[d], *proba[d].tolist()) for d in missing.tolist()),
                )
            self.computed += len(missing)
        return proba[distinct_of]

    def save(self, conn: sqlite3.Connection) -> int:
        """Write the readings computed in this run (inside the caller's transaction)."""
        conn.execute("INSERT OR IGNORE INTO readings SELECT * FROM temp.pending_readings")
        conn.execute("DELETE FROM temp.pending_readings")
        return self.computed


class CachedUncertaintyModel:
    """The uncertainty model, P(uncertain) of each text looked up in the store first.

    Every other attribute is the wrapped model's (the cue explanations read it).

    Parameters
    ----------
    model : object
        ``predict_proba(texts) -> P(uncertain)``.
    conn : sqlite3.Connection
        The open claim store.
    """

    def __init__(self, model: Any, conn: sqlite3.Connection) -> None:
        self.model = model
        self.computed: dict[bytes, float] = {}
        self.outputs_computed = 0
        self._conn = conn
        conn.execute("PRAGMA temp_store = FILE")
        conn.execute(_PENDING_OUTPUTS)
        conn.execute("DELETE FROM temp.pending_outputs")  # an earlier run that did not end

    def __getattr__(self, name: str) -> Any:
        # Only called for attributes this class lacks; copy and pickle probe dunder names
        # before __init__ has run, when looking up self.model would recurse.
        if name.startswith("__") or name in ("model", "computed", "outputs_computed", "_conn"):
            raise AttributeError(name)
        return getattr(self.model, name)

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """P(uncertain) of each text (a 1-D array), stored ones looked up."""
        keys = [text_hash(t) for t in texts]
        known = _stored_texts(self._conn, sorted(set(keys)))
        known.update((k, self.computed[k]) for k in keys if k in self.computed)
        first: dict[bytes, int] = {}  # each missing text read once
        for i, key in enumerate(keys):
            if key not in known:
                first.setdefault(key, i)
        if first:
            fresh = np.asarray(
                self.model.predict_proba([texts[i] for i in first.values()]), dtype=np.float64
            ).reshape(-1)
            for key, p in zip(first, fresh, strict=True):
                self.computed[key] = float(p)
        return np.array([known.get(k, self.computed.get(k)) for k in keys], dtype=np.float64)

    def predict_outputs(self, texts: Sequence[str]) -> Any:
        """Both outputs of each text (``SentenceOutputs``), stored ones looked up.

        A model without ``predict_outputs`` gives P(uncertain) alone, as
        :func:`credence.scoring.corroboration.sentence_outputs` reads it.
        """
        from credence.models.uncertainty_outputs import SentenceOutputs

        texts = list(texts)
        if not hasattr(self.model, "predict_outputs"):
            return SentenceOutputs(self.predict_proba(texts))
        keys = [text_hash(t) for t in texts]
        known = _stored_outputs(self._conn, sorted(set(keys)))
        first: dict[bytes, int] = {}  # each missing text read once
        for i, key in enumerate(keys):
            if key not in known:
                first.setdefault(key, i)
        if first:
            fresh = self.model.predict_outputs([texts[i] for i in first.values()])
            rows = _output_rows(list(first), fresh)
            with _one_transaction(self._conn):
                self._conn.executemany(
                    "INSERT OR IGNORE INTO temp.pending_outputs VALUES (?, ?, ?, ?)", rows
                )
            self.outputs_computed += len(rows)
            known.update((key, (u, nf, r)) for key, u, nf, r in rows)
        found = [known[k] for k in keys]
        uncertainty = np.array([u for u, _, _ in found], dtype=np.float64)
        if any(nf is None or r is None for _, nf, r in found):
            return SentenceOutputs(uncertainty)
        nonfactual = np.array([nf for _, nf, _ in found], dtype=np.float64)
        reasons = tuple(
            tuple((str(d), float(p)) for d, p in json.loads(r or "[]")) for _, _, r in found
        )
        return SentenceOutputs(uncertainty, nonfactual, reasons)

    def save(self, conn: sqlite3.Connection) -> int:
        """Write the outputs computed in this run (inside the caller's transaction)."""
        conn.executemany(
            "INSERT OR IGNORE INTO uncertainty VALUES (?, ?)", list(self.computed.items())
        )
        conn.execute(_PENDING_OUTPUTS)
        conn.execute("INSERT OR IGNORE INTO sentence_outputs SELECT * FROM temp.pending_outputs")
        conn.execute("DELETE FROM temp.pending_outputs")
        return len(self.computed) + self.outputs_computed


def store_models(
    scorer: Any, conn: sqlite3.Connection
) -> tuple[CachedPairModel, CachedUncertaintyModel]:
    """The scorer's pair reader (:func:`credence.scoring.evidence.pair_reader`) and
    uncertainty model, each behind the store's kept readings in ``conn``.
    """
    pairs = CachedPairModel(pair_reader(scorer.stance_model, scorer.agreement_model), conn)
    return pairs, CachedUncertaintyModel(scorer.uncertainty_model, conn)
