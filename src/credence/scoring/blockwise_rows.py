"""The claim rows of a chunk of stored claims and of their candidates, read from the store.

The chunked cross-article stage (:mod:`credence.scoring.blockwise`) never holds every
stored claim's row (2.3 kB a claim: ~2.3 GB at 50,000 articles). A chunk reads the rows of
its own claims and of the claims its candidate pairs reach, from the ``article_rows`` table
(one pickle per article, :mod:`credence.scoring.stored_rows`), joins them as the whole set's
rows are joined (:func:`~credence.scoring.claim_rows.join_rows`: repeated paragraphs, copy
keys, one person one origin) but over the articles the chunk reads only, and drops them.

What differs from the in-memory rows, by design: the set-wide parts of a row are computed
over the chunk's articles, not over every stored article, and of an article read for a
few of its claims (a candidate's) only those claims' paragraphs are grouped. A paragraph
repeated in an article the chunk does not read gives no copy key (the copy key only matters
between a claim and its evidence, and both are read); two spellings of one person are merged
when both are read.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
from collections import OrderedDict
from collections.abc import Sequence

import numpy as np

from credence.scoring.article_header import ArticleFields, ArticleHeader
from credence.scoring.claim_rows import ClaimRow, join_rows, paragraph_heads
from credence.scoring.independence import SignedTexts, sign_texts
from credence.scoring.priors import ScoringPriors
from credence.scoring.stored_rows import StoredParagraph, _unpacked, make_article_rows

__all__ = ["ChunkRows", "StoredRowReader"]

_IN_BATCH = 900


@dataclasses.dataclass
class _StoredArticle:
    header: ArticleHeader
    first_claim: int
    rows: list[ClaimRow]
    paragraphs: list[StoredParagraph]
    #: Each paragraph's shingles, signature and whether it has shingles (by position),
    #: made at the first read that groups it and kept with the article: every pass reads
    #: the same articles again, and signing their paragraphs each time was a third of a
    #: read. Signed one paragraph at a time, as needed: an article read for a few claims
    #: (a candidate's) groups only their paragraphs.
    signed: dict[int, tuple[np.ndarray, np.ndarray, bool]] = dataclasses.field(default_factory=dict)

    def signed_paragraphs(self, kept: Sequence[int]) -> SignedTexts:
        """The signed texts of the paragraphs at positions ``kept``."""
        missing = [k for k in kept if k not in self.signed]
        if missing:
            fresh = sign_texts([self.paragraphs[k].text for k in missing])
            for j, k in enumerate(missing):
                self.signed[k] = (fresh.compact[j], fresh.signatures[j], bool(fresh.nonempty[j]))
        if not kept:
            return sign_texts(())
        found = [self.signed[k] for k in kept]
        return SignedTexts(
            [compact for compact, _, _ in found],
            np.stack([signature for _, signature, _ in found]),
            np.array([nonempty for _, _, nonempty in found], dtype=bool),
        )


@dataclasses.dataclass
class ChunkRows:
    """The rows a chunk reads, joined, and the ``seq`` of each row's claim.

    Attributes
    ----------
    rows : list of ClaimRow
        In store order (article, then claim).
    seqs : ndarray
        The claim ``seq`` of each row.
    """

    rows: list[ClaimRow]
    seqs: np.ndarray

    def local(self, seqs: np.ndarray) -> np.ndarray:
        """The row index of each claim ``seq`` (all must be read)."""
        return np.searchsorted(self.seqs, seqs)


class StoredRowReader:
    """Reads stored claim rows by claim ``seq``, the last ``cache`` articles kept unpickled.

    Parameters
    ----------
    conn : sqlite3.Connection
        An open claim store whose rows are made (:func:`~credence.scoring.stored_rows.ensure_rows`).
    priors : ScoringPriors
        The priors (the near-duplicate threshold of the paragraph groups).
    cache : int
        Articles kept unpickled between chunks (a chunk's candidates come back to the same
        stories' articles).
    """

    def __init__(self, conn: sqlite3.Connection, priors: ScoringPriors, cache: int = 2000) -> None:
        self.conn = conn
        self.priors = priors
        self.capacity = cache
        self._cache: OrderedDict[int, _StoredArticle] = OrderedDict()
        self.unpickled = 0
        #: Articles whose rows this reader made (the migration of an older store).
        self.made = 0

    def _articles_of(self, seqs: np.ndarray) -> np.ndarray:
        found: list[int] = []
        values = [int(s) for s in seqs]
        for lo in range(0, len(values), _IN_BATCH):
            batch = values[lo : lo + _IN_BATCH]
            found.extend(
                a
                for (a,) in self.conn.execute(
                    "SELECT DISTINCT article FROM claims WHERE seq IN "
                    f"({','.join('?' * len(batch))})",
                    batch,
                )
            )
        return np.unique(np.array(found, dtype=np.int64))

    def _load(self, articles: Sequence[int]) -> dict[int, _StoredArticle]:
        out: dict[int, _StoredArticle] = {}
        missing = []
        for a in articles:
            if a in self._cache:
                self._cache.move_to_end(a)
                out[a] = self._cache[a]
            else:
                missing.append(a)
        unmade: list[tuple[int, ArticleHeader, int]] = []
        for lo in range(0, len(missing), _IN_BATCH):
            batch = missing[lo : lo + _IN_BATCH]
            query = (
                "SELECT a.seq, a.id, a.outlet, a.published, r.rows, r.paragraphs, "
                "(SELECT min(seq) FROM claims WHERE article = a.seq) "
                "FROM articles a LEFT JOIN article_rows r ON r.article = a.seq "
                f"WHERE a.seq IN ({','.join('?' * len(batch))})"
            )
            for seq, id_, outlet, day, rows, paragraphs, first in self.conn.execute(query, batch):
                header = ArticleHeader(
                    ArticleFields(id_, outlet, dt.date.fromisoformat(day) if day else None)
                )
                if rows is None:  # a store made before the rows, or by other code
                    unmade.append((seq, header, first))
                    continue
                out[seq] = self._keep(
                    seq, _StoredArticle(header, first, _unpacked(rows), _unpacked(paragraphs))
                )
        if unmade:
            self._make(unmade, out)
        while len(self._cache) > self.capacity:
            self._cache.popitem(last=False)
        return out

    def _keep(self, seq: int, stored: _StoredArticle) -> _StoredArticle:
        self.unpickled += 1
        self._cache[seq] = stored
        return stored

    def _make(
        self, unmade: Sequence[tuple[int, ArticleHeader, int]], out: dict[int, _StoredArticle]
    ) -> None:
        # The migration, article by article as the chunks reach them, in one transaction.
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            for seq, header, first in unmade:
                paragraphs, rows = make_article_rows(self.conn, seq)
                out[seq] = self._keep(
                    seq, _StoredArticle(header, first, _unpacked(rows), _unpacked(paragraphs))
                )
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")
        self.made += len(unmade)

    def read(
        self, seqs: np.ndarray, whole: np.ndarray, skip: np.ndarray | None = None
    ) -> ChunkRows:
        """The joined rows of the claims ``seqs`` and of every claim of the articles of the
        claims ``whole`` (a chunk's own articles: their within-article pairs are read),
        without the claims ``skip`` (sorted ``seq``: the copies, folded after the join as
        the in-memory path folds them).
        """
        articles = np.union1d(self._articles_of(seqs), self._articles_of(whole))
        loaded = self._load(articles.tolist())
        wanted = set(np.asarray(seqs).tolist())
        whole_articles = set(self._articles_of(whole).tolist())
        per_article: list[list[ClaimRow]] = []
        indices: list[list[int]] = []
        paragraphs: list[list[StoredParagraph]] = []
        signed: list[SignedTexts] = []
        seq_list: list[int] = []
        for ai, a in enumerate(articles.tolist()):
            stored = loaded[a]
            chosen = []
            for k, row in enumerate(stored.rows):
                seq = stored.first_claim + k
                if a in whole_articles or seq in wanted:
                    # A fresh copy: join_rows sets the set-wide fields in place.
                    fresh = dataclasses.replace(row, analysis=stored.header, article_index=ai)
                    fresh.sentence_key = (ai, row.claim.sentence)
                    chosen.append(fresh)
                    seq_list.append(seq)
            per_article.append(chosen)
            positions = list(range(len(stored.paragraphs)))
            if a not in whole_articles:
                # An article read for a few of its claims (a candidate's): only their
                # paragraphs are grouped. Grouping every paragraph of every article the
                # candidates reach cost most of a chunk's time at 50,000 articles.
                used = {r.paragraph for r in chosen} | {r.canonical_paragraph for r in chosen}
                positions = [k for k in positions if stored.paragraphs[k].index in used]
            kept = [stored.paragraphs[k] for k in positions]
            paragraphs.append(kept)
            indices.append([p.index for p in kept])
            signed.append(stored.signed_paragraphs(positions))
        # Each text is signed alone, so the kept signatures joined are those of one call.
        heads = paragraph_heads(paragraphs, self.priors, SignedTexts.joined(signed))
        rows = join_rows(per_article, indices, heads)
        read = np.array(seq_list, dtype=np.int64)
        if skip is None or not len(skip):
            return ChunkRows(rows, read)
        kept = ~np.isin(read, skip)
        return ChunkRows([r for r, k in zip(rows, kept.tolist(), strict=True) if k], read[kept])
