"""Evidence items of claim pairs split across two chunks: computed once, looked up once.

The chunked stage (:mod:`credence.scoring.blockwise`) reads, for each chunk, the candidate
pairs that touch its claims. A pair whose two claims fall in two chunks touched both; until
session 11 it was read (pair model and rules) by each, ~1.8x the rule work on a large store.
Now a pair is read by the chunk of its first claim (the lower ``seq``; chunks run in store
order): the items of the claims of that chunk are used there, and the item of the later
claim (claim = the pair's second, evidence = its first) is kept in the
``blockwise_pair_items`` table, as the few numbers the score tables read of it (support,
contradiction, whether a rule made it). The later chunk looks those up instead of reading
the pair again, deletes them, and orders its items as the pair order would
(:func:`item_order`): the items are grouped by independent origin and summed in the order
reading the pair there would give.

What can differ from reading the pair in the later chunk: the rows of one chunk are joined
over the articles it reads (:mod:`~credence.scoring.blockwise_rows`), and of a partner's
article only the paragraphs of the claims read. The item is made in the first claim's
chunk, where the later claim's article is read in part (before: in the later chunk, where
the first claim's article was): a paragraph that repeats an earlier one of its article is
a duplicate only if both are read. Both ways depend on the chunk size: on 300 FNC-1 and
PolNeAR articles in 300-claim chunks, 58,843 items here against 58,854 reading pairs twice
(58,834 in one chunk), and the mean distance to the in-memory path's corroboration 0.01096
against 0.01097 (0.01081 in one chunk). On the examples the scores do not depend on the
chunk size (tested to 1e-12).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

import numpy as np

from credence.scoring.evidence import EvidenceItems
from credence.scoring.priors import ScoringPriors

__all__ = ["PAIR_ITEMS_SCHEMA", "ItemColumns", "item_order"]

PAIR_ITEMS_SCHEMA = """
DROP TABLE IF EXISTS blockwise_pair_items;
CREATE TABLE blockwise_pair_items(
    claim INTEGER NOT NULL,
    evidence INTEGER NOT NULL,
    support REAL NOT NULL,
    contradiction REAL NOT NULL,
    rule INTEGER NOT NULL,
    signature INTEGER NOT NULL,
    PRIMARY KEY(claim, evidence)
) WITHOUT ROWID;
"""


@dataclass
class ItemColumns:
    """Evidence items as the score tables read them, in columns.

    Used twice: the items kept for the claims of later chunks (``seq`` numbers; saved,
    loaded and forgotten here), and a chunk's joined items (:meth:`joined`: local claim
    indices), which have what :func:`~credence.scoring.formula.build_tables` and the
    chunk's informative flags read of an :class:`~credence.scoring.evidence.EvidenceItems`
    (``claim``, ``evidence``, ``support()``, ``contradiction()``, ``with_rule()``, ``len``).

    Attributes
    ----------
    claim, evidence : ndarray of int64
        The item's claim and its evidence.
    support_values, contradiction_values : ndarray of float64
        The item's values in the score tables (:meth:`EvidenceItems.support`,
        :meth:`EvidenceItems.contradiction` with the run's priors).
    rule : ndarray of bool
        Made by a rule (:meth:`EvidenceItems.with_rule`): the claim speaks of its sources.
    signature : ndarray of bool
        Made of a signature pair (:mod:`~credence.scoring.blockwise_stories`): read after
        the candidate pairs, as the in-memory path reads them.
    """

    claim: np.ndarray
    evidence: np.ndarray
    support_values: np.ndarray
    contradiction_values: np.ndarray
    rule: np.ndarray
    signature: np.ndarray

    _COLUMNS = (
        "claim",
        "evidence",
        "support_values",
        "contradiction_values",
        "rule",
        "signature",
    )

    def __len__(self) -> int:
        return len(self.claim)

    def support(self) -> np.ndarray:
        """Each item's support."""
        return self.support_values

    def contradiction(self, conflict_weight: float, polarity_weight: float = 0.0) -> np.ndarray:
        """Each item's contradiction (computed with the run's priors already)."""
        del conflict_weight, polarity_weight
        return self.contradiction_values

    def with_rule(self) -> np.ndarray:
        """Items made by a rule."""
        return self.rule

    @classmethod
    def of(cls, items: EvidenceItems, priors: ScoringPriors, signature: np.ndarray) -> ItemColumns:
        """The columns of ``items`` (local indices); ``signature``: which items are of
        signature pairs.
        """
        return cls(
            items.claim,
            items.evidence,
            items.support(),
            items.contradiction(priors.conflict_weight, priors.polarity_weight),
            items.with_rule(),
            np.asarray(signature, dtype=bool),
        )

    def take(self, which: np.ndarray, seqs: np.ndarray | None = None) -> ItemColumns:
        """The items ``which`` (a mask or indices), claim and evidence mapped through
        ``seqs`` when given (local index to ``seq``).
        """
        claim, evidence = self.claim[which], self.evidence[which]
        if seqs is not None:
            claim, evidence = seqs[claim], seqs[evidence]
        return ItemColumns(
            claim,
            evidence,
            self.support_values[which],
            self.contradiction_values[which],
            self.rule[which],
            self.signature[which],
        )

    def joined(self, other: ItemColumns, order: np.ndarray) -> ItemColumns:
        """These items then ``other``'s, taken in ``order`` (:func:`item_order`)."""
        columns = [
            np.concatenate([getattr(self, name), getattr(other, name)])[order]
            for name in self._COLUMNS
        ]
        return ItemColumns(*columns)

    def save(self, conn: sqlite3.Connection) -> None:
        """Keep them for the later chunks, by ``seq`` (inside the caller's transaction)."""
        conn.executemany(
            "INSERT OR REPLACE INTO blockwise_pair_items VALUES (?, ?, ?, ?, ?, ?)",
            zip(
                self.claim.tolist(),
                self.evidence.tolist(),
                self.support_values.tolist(),
                self.contradiction_values.tolist(),
                self.rule.astype(np.int64).tolist(),
                self.signature.astype(np.int64).tolist(),
                strict=True,
            ),
        )

    @classmethod
    def load(cls, conn: sqlite3.Connection, lo: int, hi: int) -> ItemColumns:
        """The kept items of the claims ``lo <= seq < hi``, by (claim, evidence)."""
        found = conn.execute(
            "SELECT claim, evidence, support, contradiction, rule, signature "
            "FROM blockwise_pair_items "
            "WHERE claim >= ? AND claim < ? ORDER BY claim, evidence",
            (lo, hi),
        ).fetchall()
        columns = list(zip(*found, strict=True)) if found else [()] * 6
        kinds = (np.int64, np.int64, np.float64, np.float64, bool, bool)
        return cls(*(np.array(c, dtype=k) for c, k in zip(columns, kinds, strict=True)))

    @staticmethod
    def forget(conn: sqlite3.Connection, lo: int, hi: int) -> None:
        """Drop the items of the claims ``lo <= seq < hi`` once their chunk is written."""
        conn.execute("DELETE FROM blockwise_pair_items WHERE claim >= ? AND claim < ?", (lo, hi))


def item_order(
    read_first: np.ndarray,
    read_second: np.ndarray,
    read_is_second: np.ndarray,
    read_signature: np.ndarray,
    later: ItemColumns,
) -> np.ndarray:
    """The order in which reading every pair in one chunk would make the items.

    :func:`~credence.scoring.evidence.evidence_items` walks the pairs in the order the
    in-memory path reads them: the candidate and within-article pairs sorted by (first,
    second) ``seq``, then the signature pairs sorted the same way; of a pair, the first
    claim's item before the second's. ``read_*`` are the kept read items' pair (first,
    second ``seq``), side (1: the item is the second claim's) and whether the pair is a
    signature pair; a looked-up item is its pair's second claim's (pair ``(evidence,
    claim)``). Returns the permutation of ``read + looked up`` into that order.
    """
    first = np.concatenate([read_first, later.evidence])
    second = np.concatenate([read_second, later.claim])
    side = np.concatenate([read_is_second.astype(np.int64), np.ones(len(later), np.int64)])
    signature = np.concatenate([read_signature, later.signature]).astype(np.int64)
    return np.lexsort((side, second, first, signature))
