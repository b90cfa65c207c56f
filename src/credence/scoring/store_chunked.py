"""``credence score … --store claims.db --format jsonl`` on the chunked stage.

:class:`~credence.scoring.incremental.StreamedRun` runs the in-memory cross-article stage
over every stored claim (~3 kB a claim held: ~3 GB at 50,000 articles). The streamed format
does not need the whole report, so :class:`ChunkedRun` runs the bounded one instead:

1. the new articles are deduplicated, analysed and stored as any store run stores them
   (:func:`~credence.scoring.incremental.store_given`);
2. the chunked stage scores every stored claim a chunk at a time
   (:func:`~credence.scoring.blockwise.score_blockwise`), through the store's readings;
3. each claim is made as ``credence score`` makes it
   (:meth:`~credence.scoring.blockwise.BlockwiseRun.scored_claims`), its row kept for the
   ``scores`` table, and its line handed over when its article is reported; once the last
   is made the scores and new readings are saved in one transaction and the run recorded,
   as :class:`StreamedRun` does.

In one chunk a line is the in-memory run's line byte for byte (attribute slips included:
:mod:`~credence.scoring.blockwise_slips`). Incremental equals batch holds as for the
chunked stage: each run scores the store as it is.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from credence.document import Article
from credence.errors import InputError
from credence.scoring.analysis import ArticleAnalysis
from credence.scoring.blockwise import BlockwiseRun, score_blockwise
from credence.scoring.incremental import BATCH_ARTICLES, ScoredRunBase, store_given
from credence.scoring.parallel import using_workers
from credence.scoring.report import Report
from credence.scoring.store import ClaimStore, stored_analysis
from credence.scoring.store_cache import CachedPairModel, CachedUncertaintyModel, store_models

__all__ = ["ChunkedRun"]

#: Claims a chunk of the user-facing run (``score_blockwise``'s default).
CHUNK_CLAIMS = 2000


class ChunkedRun(ScoredRunBase):
    """A store run on the chunked stage whose claims are made, saved and handed over one at
    a time (built by :meth:`start`; :meth:`lines` once).

    Attributes
    ----------
    counts, seconds : dict
        As :class:`~credence.scoring.incremental.StoreRun` has them (complete once every
        line is made), and the chunked stage's counts under ``chunked``.
    """

    def __init__(
        self,
        scorer: Any,
        store: ClaimStore,
        blockwise: BlockwiseRun,
        caches: tuple[CachedPairModel, CachedUncertaintyModel],
        run: int,
        wanted: Any,
        warnings: Sequence[str],
    ) -> None:
        super().__init__(scorer, store, caches, run, wanted, warnings)
        self.blockwise = blockwise

    @classmethod
    def start(
        cls,
        scorer: Any,
        articles: Iterable[Article],
        store: ClaimStore,
        *,
        progress: Callable[[], None] | None = None,
        report_all: bool = False,
        batch_articles: int = BATCH_ARTICLES,
        chunk_claims: int = CHUNK_CLAIMS,
        story_cap: int | None = None,
    ) -> ChunkedRun:
        """Analyse the new ``articles`` into ``store`` and run the chunked stage over it.

        Parameters as :func:`~credence.scoring.incremental.score_into_store`;
        ``chunk_claims``: claims a chunk (whole articles); ``story_cap``: articles of a
        story read at once for its attribute slips (default
        :data:`~credence.scoring.blockwise_slips.STORY_ARTICLES_CAP`).
        """
        started = time.perf_counter()
        given, run, new = store_given(scorer, articles, store, progress, batch_articles)
        analysed = time.perf_counter() - started
        started = time.perf_counter()
        pairs, uncertainty = store_models(scorer, store.conn)
        # One process: the caches collect what the models compute (see store_cache).
        with using_workers(1):
            blockwise = score_blockwise(
                store.conn, pairs, chunk_claims=chunk_claims, story_cap=story_cap
            )
        wanted = None if report_all else set(given.number)
        chunked = cls(scorer, store, blockwise, (pairs, uncertainty), run, wanted, given.warnings)
        chunked.seconds.update(analyse=analysed, load=0.0, score=time.perf_counter() - started)
        (stored,) = store.conn.execute("SELECT count(*) FROM articles").fetchone()
        chunked.counts.update(
            articles_given=len(given.number), articles_new=new, articles_stored=int(stored)
        )
        return chunked

    def lines(self) -> Iterator[str]:
        """The reported claims as JSON lines (``--format jsonl``), one at a time (once)."""
        started = time.perf_counter()
        writer = self.store.score_writer(self.run)
        scored = 0
        pairs, uncertainty = self.caches
        with using_workers(1):  # the caches collect what the models compute
            made = self.blockwise.scored_claims(uncertainty, pairs, save_outputs=False)
            for claim, fields in made:
                document = None
                if "slips_capped" in fields:  # said in the line, as the chunked stage says it
                    capped = {"slips_capped": fields["slips_capped"]}
                    document = json.dumps({**claim.to_dict(), **capped}, ensure_ascii=False)
                document = writer.add(claim, document)
                scored += 1
                if self.mine(claim.article_id):
                    yield document + "\n"
        self.seconds["score"] += time.perf_counter() - started
        self._save(writer, scored)
        self.counts["chunked"] = self.blockwise.counts

    def reported_analyses(self) -> Iterator[ArticleAnalysis]:
        """The reported articles' analyses without spans, read one at a time from the
        store (their limits are warned about; none is kept).
        """
        query = "SELECT seq, id FROM articles ORDER BY seq"
        for seq, article_id in self.store.conn.execute(query).fetchall():
            if self.mine(article_id):
                yield stored_analysis(self.store.conn, seq)

    def report(self, errors: Sequence[InputError] = ()) -> Report:
        """The run's report once its lines are made: no claims (they were streamed), its
        errors, models and warnings; the stories, sources and blocking figures of the
        in-memory report are not made (the blocking is said by :meth:`blocking_line`, the
        articles' limits by :meth:`reported_analyses`).
        """
        return Report(
            analyses=(),
            claims=(),
            sources=(),
            stories=(),
            errors=tuple(errors),
            models=self.scorer.model_info,
            warnings=self.warnings,
            blocking=None,
        )

    def blocking_line(self) -> str:
        """What the chunked stage's blocking kept and capped (stderr)."""
        return self.blockwise.blocking_line()

    def slips_line(self) -> str | None:
        """The stories whose attribute slips were read in pieces (stderr), once the lines
        are made; ``None`` when none was.
        """
        return self.blockwise.slips_line()
