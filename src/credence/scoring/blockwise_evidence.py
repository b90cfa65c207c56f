"""One chunk's evidence in the chunked stage (:mod:`credence.scoring.blockwise`).

:class:`EvidencePass` reads a chunk of stored claims with the in-memory path's functions:
its copies (:func:`~credence.scoring.claim_rows.fold_copies`), its linked pairs and
signatures (:mod:`~credence.scoring.blockwise_stories`), then its pairs, signature pairs
after them, and evidence items (:func:`~credence.scoring.evidence.evidence_items`), grouped
by independent origin into the chunk's :class:`ChunkScores`. A pair is read by the chunk of
its first claim; the item of the later claim is kept for its chunk
(:mod:`~credence.scoring.blockwise_pairs`).
"""

from __future__ import annotations

import dataclasses
import io
import sqlite3
from dataclasses import dataclass
from typing import Any

import numpy as np

from credence.scoring.blockwise_copies import chunk_copies
from credence.scoring.blockwise_pairs import ItemColumns, item_order
from credence.scoring.blockwise_rows import ChunkRows, StoredRowReader
from credence.scoring.blockwise_stories import signature_partners, signature_rows
from credence.scoring.evidence import (
    claim_pairs,
    evidence_items,
    pair_probabilities,
    signature_pair_compared,
    within_article_pairs,
)
from credence.scoring.formula import ScoreTables, build_tables, score_arrays
from credence.scoring.matching import related_probability
from credence.scoring.priors import ScoringPriors

__all__ = ["ChunkScores", "EvidencePass"]


@dataclass
class ChunkScores:
    """One chunk's evidence, as the reliability passes and the output read it.

    Attributes
    ----------
    seqs : ndarray
        The chunk's claims (``seq``), in order; the claim index of the tables.
    tables : ScoreTables
        Its items grouped by independent origin, with global source indices.
    outlet_source : ndarray
        Each claim's outlet (source index), -1 when the outlet is its origin.
    informative : ndarray of bool
        Claims whose corroboration speaks of their sources.
    items : ndarray
        Each claim's number of evidence items.
    """

    seqs: np.ndarray
    tables: ScoreTables
    outlet_source: np.ndarray
    informative: np.ndarray
    items: np.ndarray

    _FIELDS = (
        "item_claim",
        "item_group",
        "item_source",
        "item_support",
        "item_contradiction",
        "item_own",
        "group_claim",
        "claim_source",
    )

    def to_bytes(self) -> bytes:
        """The compressed arrays (``numpy.savez_compressed``; no pickle)."""
        buffer = io.BytesIO()
        arrays = {name: getattr(self.tables, name) for name in self._FIELDS}
        np.savez_compressed(
            buffer,
            seqs=self.seqs,
            outlet_source=self.outlet_source,
            informative=self.informative,
            items=self.items,
            **arrays,
        )
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, blob: bytes) -> ChunkScores:
        """The chunk :meth:`to_bytes` wrote."""
        with np.load(io.BytesIO(blob), allow_pickle=False) as data:
            tables = ScoreTables(
                n_claims=len(data["seqs"]), **{name: data[name] for name in cls._FIELDS}
            )
            return cls(
                data["seqs"], tables, data["outlet_source"], data["informative"], data["items"]
            )

    def score(
        self, reliability: np.ndarray, priors: ScoringPriors
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Corroboration, S and D of the chunk's claims (as :func:`score_arrays`)."""
        own = reliability[self.tables.claim_source]
        return score_arrays(self.tables, reliability, priors, own)


class EvidencePass:
    """Pass 2: a chunk's pairs read and its evidence written."""

    def __init__(self, conn: sqlite3.Connection, pair_model: Any, priors: ScoringPriors) -> None:
        self.conn = conn
        self.pair_model = pair_model
        self.priors = priors
        self.reader = StoredRowReader(conn, priors)
        #: The claims folded as copies (``seq``, sorted): no row, no pair.
        self.copies = np.zeros(0, np.int64)
        self.names: dict[str, int] = {}
        self.counts = {
            "pairs_read": 0,
            "signature_pairs": 0,
            "items_looked_up": 0,
            "evidence_items": 0,
        }

    def _probabilities(self, texts: list[str], pairs: np.ndarray) -> np.ndarray:
        """:func:`~credence.scoring.evidence.pair_probabilities` of ``pairs``, every reading
        given to the pair model at once: the store's model looks them up in one pass and
        prepares each text it computes once (in batches of 8,192 readings, a text was
        prepared again in each batch it met: 8.7 times a claim on a 1,000-article store).
        """
        return pair_probabilities(self.pair_model, texts, pairs, batch_size=max(1, 2 * len(pairs)))

    def _pairs(self, lo: int, hi: int) -> np.ndarray:
        query = (
            "SELECT first, second FROM blockwise_candidates WHERE first >= ?1 AND first < ?2 "
            "UNION SELECT first, second FROM blockwise_candidates "
            "WHERE second >= ?1 AND second < ?2"
        )
        found = np.array(self.conn.execute(query, (lo, hi)).fetchall(), dtype=np.int64)
        return found.reshape(-1, 2)

    def _read(
        self, lo: int, hi: int, partners: np.ndarray, since: int | None = None
    ) -> tuple[ChunkRows, np.ndarray, np.ndarray]:
        """The rows a chunk reads, which are its own (``mine``), and the candidate and
        within-article pairs it reads (local indices, sorted), as :func:`claim_pairs` makes
        them: those whose first claim is ``since`` (default ``lo``) or later.
        ``partners``: signature pairs (``seq``) whose rows are read too.
        """
        own = np.array(
            [
                s
                for (s,) in self.conn.execute(
                    "SELECT seq FROM claims WHERE seq >= ? AND seq < ?", (lo, hi)
                )
            ],
            dtype=np.int64,
        )
        own = np.setdiff1d(own, self.copies)
        found = self._pairs(lo, hi)
        # The rows of the earlier chunks' claims are still read: the independence labels
        # and the sources of the looked-up items read them.
        wanted = np.union1d(np.union1d(found.ravel(), own), partners.ravel())
        read = self.reader.read(wanted, own, self.copies)
        fresh = found[found[:, 0] >= (lo if since is None else since)]
        first, second = read.local(fresh[:, 0]), read.local(fresh[:, 1])
        mine = (read.seqs >= lo) & (read.seqs < hi)
        within = [(a, b) for a, b in within_article_pairs(read.rows) if mine[a] or mine[b]]
        return read, mine, claim_pairs(read.rows, first, second, within)

    def fold(self, lo: int, hi: int) -> list[tuple[int, int]]:
        """Pass 0: the copies of the chunk's claims (its articles whole), as (copy,
        original) ``seq`` (:func:`~credence.scoring.blockwise_copies.chunk_copies`).
        """
        own = np.arange(lo, hi, dtype=np.int64)
        read = self.reader.read(own, own)
        return chunk_copies(read.rows, read.seqs, self.priors)

    def links(self, lo: int, hi: int) -> tuple[np.ndarray, list[tuple[int, str]]]:
        """Pass 2a: the chunk's pairs read (the model's readings are kept in the store, so
        pass 2 looks them up), the linked ones (``seq``) and the signatures of the chunk's
        claims (:func:`~credence.scoring.blockwise_stories.signature_rows`).
        """
        read, mine, pairs = self._read(lo, hi, np.zeros((0, 2), np.int64))
        asserted = [r.asserted or r.claim.text for r in read.rows]
        proba = self._probabilities(asserted, pairs)
        linked = read.seqs[pairs[related_probability(proba) >= self.priors.link_threshold]]
        return linked, signature_rows(read.rows, read.seqs, mine)

    def _signature_pairs(
        self, read: ChunkRows, partners: np.ndarray, pairs: np.ndarray, since: int
    ) -> np.ndarray:
        """The signature pairs the chunk reads after its other pairs (local, sorted): those
        the in-memory rule compares and that are not read already
        (:func:`~credence.scoring.evidence.signature_pairs`).
        """
        rows = read.rows
        # A pair whose first claim is an earlier chunk's was read there (its item is
        # looked up): the chunk reads its own first claims' pairs.
        fresh = partners[partners[:, 0] >= since]
        local = read.local(fresh).reshape(-1, 2)
        kept = [(a, b) for a, b in local.tolist() if signature_pair_compared(rows[a], rows[b])]
        extra = np.asarray(kept, dtype=np.int64).reshape(-1, 2)
        width = max(len(rows), 1)
        known = pairs[:, 0] * width + pairs[:, 1]
        return extra[~np.isin(extra[:, 0] * width + extra[:, 1], known)]

    def every_pair(self, lo: int, hi: int) -> tuple[ChunkRows, np.ndarray, Any]:
        """The rows, own rows and evidence items of the chunk's claims from every pair
        that touches them, earlier chunks' included (each read again, its readings looked
        up): the items the in-memory path makes for these claims, in its order. For the
        explanations of the output pass (:mod:`~credence.scoring.blockwise_claims`).
        """
        partners = signature_partners(self.conn, lo, hi)
        read, mine, pairs = self._read(lo, hi, partners, since=0)
        asserted = [r.asserted or r.claim.text for r in read.rows]
        proba = self._probabilities(asserted, pairs)
        extra = self._signature_pairs(read, partners, pairs, 0)
        if len(extra):
            pairs = np.vstack([pairs, extra])
            proba = np.vstack([proba, self._probabilities(asserted, extra)])
        return read, mine, evidence_items(read.rows, pairs, proba, self.priors)

    def chunk(self, lo: int, hi: int) -> tuple[ChunkScores, ItemColumns]:
        """The chunk's evidence, and the items it made for claims of later chunks.

        A pair is read here when its first claim is the chunk's; a pair whose first claim is
        an earlier chunk's was read there, and its item for this chunk's claim is looked up
        (:mod:`~credence.scoring.blockwise_pairs`): each pair is read once. The signature
        pairs of the chunk's claims (:mod:`~credence.scoring.blockwise_stories`) are read
        after the others, as the in-memory path reads them.
        """
        partners = signature_partners(self.conn, lo, hi)
        read, mine, pairs = self._read(lo, hi, partners)
        rows = read.rows
        asserted = [r.asserted or r.claim.text for r in rows]
        proba = self._probabilities(asserted, pairs)
        extra = self._signature_pairs(read, partners, pairs, lo)
        regular = len(pairs)
        if len(extra):
            pairs = np.vstack([pairs, extra])
            proba = np.vstack([proba, self._probabilities(asserted, extra)])
        items = evidence_items(rows, pairs, proba, self.priors)
        for r in rows:
            self.names.setdefault(r.origin.name, len(self.names))
            self.names.setdefault(r.outlet, len(self.names))
        joined, later = self._joined(read, items, pairs, mine, (lo, hi), regular)
        tables, _, _ = build_tables(rows, joined, self.names, self.priors)
        self.counts["pairs_read"] += len(pairs)
        self.counts["signature_pairs"] += len(extra)
        return self._chunk_part(rows, read.seqs, mine, joined, tables), later

    def _joined(
        self, read, items, pairs, mine, span: tuple[int, int], regular: int
    ) -> tuple[ItemColumns, ItemColumns]:
        """The chunk's claims' items (read here, and looked up) in pair order, and the
        items read here for the claims of later chunks (by ``seq``).
        """
        lo, hi = span
        seqs = read.seqs
        pair_seqs = seqs[pairs[items.row]] if len(items) else np.zeros((0, 2), np.int64)
        columns = ItemColumns.of(items, self.priors, items.row >= regular)
        keep = mine[items.claim]
        looked_up = ItemColumns.load(self.conn, lo, hi)
        self.counts["items_looked_up"] += len(looked_up)
        order = item_order(
            pair_seqs[keep, 0],
            pair_seqs[keep, 1],
            seqs[items.claim[keep]] == pair_seqs[keep, 1],
            columns.signature[keep],
            looked_up,
        )
        local = dataclasses.replace(
            looked_up, claim=read.local(looked_up.claim), evidence=read.local(looked_up.evidence)
        )
        joined = columns.take(keep).joined(local, order)
        return joined, columns.take(~keep, seqs)

    def _chunk_part(self, rows, seqs, mine, items, tables) -> ChunkScores:
        # The chunk's own claims' items and groups, renumbered to the chunk.
        local = np.cumsum(mine) - 1
        keep_item = mine[tables.item_claim]
        keep_group = mine[tables.group_claim]
        group_local = np.cumsum(keep_group) - 1
        speaking = ~tables.item_own | items.with_rule()
        informative = np.bincount(items.claim[speaking], minlength=len(rows)) > 0
        informative &= ~np.array([r.duplicate for r in rows], dtype=bool)
        outlet_source = np.array(
            [self.names[r.outlet] if r.outlet != r.origin.name else -1 for r in rows],
            dtype=np.int64,
        )
        part = ScoreTables(
            n_claims=int(mine.sum()),
            item_claim=local[tables.item_claim[keep_item]],
            item_group=group_local[tables.item_group[keep_item]],
            item_source=tables.item_source[keep_item],
            item_support=tables.item_support[keep_item],
            item_contradiction=tables.item_contradiction[keep_item],
            item_own=tables.item_own[keep_item],
            group_claim=local[tables.group_claim[keep_group]],
            claim_source=tables.claim_source[mine],
        )
        self.counts["evidence_items"] += int(keep_item.sum())
        n_items = np.bincount(part.item_claim, minlength=part.n_claims)
        return ChunkScores(seqs[mine], part, outlet_source[mine], informative[mine], n_items)
