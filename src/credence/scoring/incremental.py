"""Score articles into a claim store: analyse only the new ones, score against everything.

A run (:func:`score_into_store`) does, in order:

1. **Dedupe.** Articles whose id and content hash are stored already are not analysed
   again; an id stored with other content is re-analysed and replaces the old version.
2. **Analyse and store**, a batch of whole articles a transaction
   (:meth:`credence.scoring.store.ClaimStore.add`): a run killed here leaves the store with
   the batches committed so far, each article whole.
3. **Score everything stored**, in store order, with the stages of
   :func:`credence.scoring.corroboration.corroborate` itself
   (:func:`~credence.scoring.corroboration.prepare_scoring`), its pair and uncertainty
   models wrapped so that a (claim, evidence) reading or a text read by an earlier run is
   looked up in the store, not computed (:mod:`credence.scoring.store_cache`). The global
   parts (the TF-IDF weights of the claim vectors, the candidate pairs, the source
   reliability iteration, the stories) are recomputed from the stored claims each run; the
   analyses lose their spans once the claim rows are built.
4. **Make, save and hand over each claim** (:class:`StreamedRun`): a scored claim at a
   time, its row kept on disk and its JSON line handed to the caller; the scores and the
   new readings are saved in one transaction once the last claim is made.

Incremental equals batch by construction: step 3 is the batch computation over the stored
articles in store order, and a looked-up reading is the number the model computed for the
same two texts (stored as an exact 8-byte REAL; the models read each row alone). Scoring
articles in three runs into one store gives the scores that one run of all of them gives
(tested to 1e-9, and equal to ``credence score`` without a store on the same articles in
the same order). What a later run can move is explained in ``docs/store.md``: a claim's
score moves when new evidence reaches it, when the reliability of one of its sources moves,
or when the document frequencies of its words change its candidate pairs.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from credence import __version__
from credence.document import Article
from credence.errors import InputError
from credence.language import language_warning
from credence.scoring.corroboration import ScoringStage, prepare_scoring
from credence.scoring.parallel import using_workers
from credence.scoring.report import Report
from credence.scoring.results import ScoredClaim
from credence.scoring.store import ClaimStore
from credence.scoring.store_cache import CachedPairModel, CachedUncertaintyModel, store_models

__all__ = [
    "StoreRun",
    "ScoredRunBase",
    "StreamedRun",
    "score_into_store",
    "fingerprint",
    "store_given",
]

#: Articles analysed and written per transaction.
BATCH_ARTICLES = 50


@dataclass(frozen=True)
class StoreRun:
    """What one run did, and its report.

    Attributes
    ----------
    report : Report
        The articles of this run (or every stored one), scored against the whole store.
    counts : dict
        ``articles_given``, ``articles_new`` (analysed this run), ``articles_stored``,
        ``claims_scored``, ``claims_changed`` (score differs from the stored one at the 4
        decimals shown, or new),
        ``claims_reached`` (stored claims of earlier runs that this run's new claims reach
        through the blocking keys, :meth:`~credence.scoring.store.ClaimStore.reached_by`),
        ``readings_new`` (rows the models computed), ``readings_looked_up``.
    seconds : dict
        Wall time per stage: ``analyse``, ``load``, ``score``, ``save``.
    """

    report: Report
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


def fingerprint(scorer: Any) -> dict[str, Any]:
    """What a store's analyses and readings depend on: models, lexicons, extractors, version."""
    extractors = scorer.extractors
    return {
        "credence_version": __version__,
        "models": {
            kind: (info or {}).get("model_sha256") for kind, info in scorer.model_info.items()
        },
        "extractors": dict(extractors.versions()),
        "lexicons": {
            "hedge_lexicon": _file_digest(getattr(extractors, "hedge_lexicon", None)),
            "source_aliases": _file_digest(getattr(extractors, "source_aliases", None)),
        },
    }


def _file_digest(path: str | None) -> str | None:
    if path is None:
        return None
    import hashlib

    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def _batches(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _check_ids(articles: Sequence[Article]) -> None:
    seen: dict[str, int] = {}
    for number, article in enumerate(articles, 1):
        if seen.setdefault(article.id, number) != number:
            # Claim ids are "<article id>:cN": two articles with one id would mix their claims.
            raise InputError(
                "score_into_store",
                f"items {seen[article.id]} and {number} have the same id {article.id!r}",
            )


class _GivenArticles:
    """What a run keeps of the articles it is given, read a batch at a time: their ids (the
    claims it reports) and language warnings, not the articles (a large input's texts).
    """

    def __init__(self) -> None:
        self.number: dict[str, int] = {}
        self.warnings: list[str] = []

    def take(self, batch: Sequence[Article]) -> None:
        """Note a batch; raises :class:`InputError` on an id given before in this run."""
        for article in batch:
            number = len(self.number) + 1
            if (first := self.number.setdefault(article.id, number)) != number:
                # Claim ids are "<article id>:cN": two articles with one id would mix claims.
                raise InputError(
                    "score_into_store",
                    f"items {first} and {number} have the same id {article.id!r}",
                )
            if (warning := language_warning(article)) is not None:
                self.warnings.append(warning)


def store_given(
    scorer: Any,
    articles: Iterable[Article],
    store: ClaimStore,
    progress: Callable[[], None] | None = None,
    batch_articles: int = BATCH_ARTICLES,
) -> tuple[_GivenArticles, int, int]:
    """Steps 1 and 2 of a run: the new ``articles`` deduplicated, analysed and stored, a
    batch of whole articles a transaction. Returns what the run keeps of the articles
    given (ids, language warnings), the run's number and how many articles were new.

    Raises
    ------
    InputError
        When two articles share an id (before anything is stored, for a sequence).
    DataError
        When the store was built with other models or lexicons.
    """
    if isinstance(articles, Sequence):
        _check_ids(articles)
    store.check_fingerprint(fingerprint(scorer))
    run = store.begin_run(len(articles) if isinstance(articles, Sequence) else 0)
    given = _GivenArticles()
    new = 0
    for batch in _batches(articles, batch_articles):
        given.take(batch)
        # Ids are unique within the run: an earlier batch cannot change this lookup.
        unseen = store.unseen(batch)
        if unseen:
            store.add(scorer.analyze(unseen, progress), run)
        new += len(unseen)
    return given, run, new


class ScoredRunBase:
    """What every store run that hands its claims over one at a time keeps, and how it
    ends: the scores and new readings saved in one transaction, the run recorded
    (:class:`StreamedRun` on the in-memory stage,
    :class:`~credence.scoring.store_chunked.ChunkedRun` on the chunked one).
    """

    def __init__(
        self,
        scorer: Any,
        store: ClaimStore,
        caches: tuple[CachedPairModel, CachedUncertaintyModel],
        run: int,
        wanted: Any,
        warnings: Sequence[str],
    ) -> None:
        self.scorer = scorer
        self.store = store
        self.caches = caches
        self.run = run
        self.wanted = wanted
        self.warnings = tuple(warnings)
        self.counts: dict[str, Any] = {}
        self.seconds: dict[str, float] = {}

    def mine(self, article_id: str) -> bool:
        """Whether the article's claims are reported by this run."""
        return self.wanted is None or article_id in self.wanted

    def _save(self, writer: Any, scored: int) -> None:
        """Commit the kept scores and the caches' readings, count and record the run."""
        started = time.perf_counter()
        changed, added = writer.commit(self.caches)
        self.counts.update(
            claims_scored=scored,
            claims_changed=changed,
            claims_reached=self.store.reached_by(self.run),
            readings_new=added,
            readings_looked_up=self.caches[0].looked_up,
        )
        recorded = (
            "articles_given",
            "articles_new",
            "claims_scored",
            "claims_changed",
            "readings_new",
        )
        self.store.finish_run(self.run, {k: self.counts[k] for k in recorded})
        self.seconds["save"] = time.perf_counter() - started


class StreamedRun(ScoredRunBase):
    """A store run whose claims are scored, saved and handed over one at a time.

    Built by :meth:`start` (dedupe, analyse and store the new articles, then every
    cross-article stage over the stored ones); :meth:`lines` or :meth:`claims` then make
    each stored claim's scores in store order, keep its row for the store
    (:class:`~credence.scoring.store.ScoreWriter`) and hand over the claims of this run's
    articles (every stored one with ``report_all``); once the last is made the scores and
    new model readings are saved in one transaction and the run is recorded. Nothing holds
    the scored claims: memory is the cross-article stage's (rows, evidence items, score
    arrays), not the output's.

    Attributes
    ----------
    counts, seconds : dict
        As :class:`StoreRun` has them; complete once every claim has been made.
    """

    def __init__(
        self,
        scorer: Any,
        given: _GivenArticles,
        store: ClaimStore,
        stage: ScoringStage,
        caches: tuple[CachedPairModel, CachedUncertaintyModel],
        run: int,
        report_all: bool,
    ) -> None:
        wanted = None if report_all else given.number.keys()
        super().__init__(scorer, store, caches, run, wanted, given.warnings)
        self.stage = stage

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
        on_stage: Callable[[str], None] | None = None,
    ) -> StreamedRun:
        """Analyse the new ``articles`` into ``store`` and run the cross-article stage.

        Parameters as :func:`score_into_store`; ``on_stage`` is called with ``"analyse"``,
        ``"load"`` and ``"score"`` as each stage ends (benchmarks read the peak RSS there).
        ``articles`` may be any iterable (a reader's generator): it is read, deduplicated,
        analysed and stored a batch at a time, and only the ids are kept. An id met twice
        is refused before anything is stored when ``articles`` is a sequence, at the batch
        it is met in otherwise (the batches before it stay stored, whole).
        """
        done = on_stage or (lambda name: None)
        started = time.perf_counter()
        given, run, new = store_given(scorer, articles, store, progress, batch_articles)
        analysed = time.perf_counter() - started
        done("analyse")
        started = time.perf_counter()
        # Read (unpickled) as the cross-article stage reaches each one, not all at once.
        stored = store.stored_analyses()
        loaded = time.perf_counter() - started
        done("load")
        started = time.perf_counter()
        stage, caches = _prepare_stored(scorer, store, stored)
        del stored  # the stage keeps them without their spans
        done("score")
        streamed = cls(scorer, given, store, stage, caches, run, report_all)
        streamed.seconds.update(analyse=analysed, load=loaded, score=time.perf_counter() - started)
        streamed.counts.update(
            articles_given=len(given.number), articles_new=new, articles_stored=len(stage.analyses)
        )
        return streamed

    def _scored(self, kept: bool) -> Iterator[tuple[ScoredClaim, str]]:
        started = time.perf_counter()
        writer = self.store.score_writer(self.run)
        scored = 0
        # Claims written and dropped share no contributions: the dict that shares them
        # between kept claims is bounded instead of growing with every claim.
        limit = None if kept else self.stage.streamed_share_limit
        for claim in self.stage.scored_claims(share_limit=limit):
            document = writer.add(claim)
            scored += 1
            if self.mine(claim.article_id):
                yield claim, document
        self.seconds["score"] += time.perf_counter() - started
        self._save(writer, scored)

    def claims(self) -> Iterator[ScoredClaim]:
        """The reported claims, scored and saved one at a time (once)."""
        for claim, _ in self._scored(kept=True):
            yield claim

    def lines(self) -> Iterator[str]:
        """The reported claims as JSON lines (``--format jsonl``), one at a time (once)."""
        for _, document in self._scored(kept=False):
            yield document + "\n"

    def report(
        self, claims: Sequence[ScoredClaim] = (), errors: Sequence[InputError] = ()
    ) -> Report:
        """The run's report, once its claims are made: ``claims`` the ones kept (none when
        they were streamed), the reported articles (without their spans), stories, sources.
        """
        stage = self.stage
        return Report(
            analyses=tuple(a for a in stage.analyses if self.mine(a.article.id)),
            claims=tuple(claims),
            sources=tuple(stage.sources()),
            stories=tuple(s for s in stage.stories if any(map(self.mine, s.article_ids))),
            errors=tuple(errors),
            models=self.scorer.model_info,
            warnings=self.warnings,
            # Blocking ran over every stored claim: what it kept and capped is the store's.
            blocking=stage.blocking.to_dict() if stage.blocking is not None else None,
        )


def _prepare_stored(
    scorer: Any, store: ClaimStore, analyses: Sequence[Any]
) -> tuple[ScoringStage, tuple[CachedPairModel, CachedUncertaintyModel]]:
    """The cross-article stage over the stored analyses, the models behind store lookups;
    the stage (the analyses in it without their spans) and the two cached models.
    """
    pairs, uncertainty = store_models(scorer, store.conn)
    # One process: the caches collect what the models compute (see store_cache).
    with using_workers(1):
        stage = prepare_scoring(
            analyses, stance_model=pairs, uncertainty_model=uncertainty, shed_spans=True
        )
    if hasattr(stage.analyses, "forget"):
        # The stages that read articles by index (stories, attribute slips) are done: the
        # last articles they read (up to 256 analyses) need not stay for the output.
        stage.analyses.forget()
    return stage, (pairs, uncertainty)


def score_into_store(
    scorer: Any,
    articles: Iterable[Article],
    store: ClaimStore,
    *,
    progress: Callable[[], None] | None = None,
    errors: Sequence[InputError] = (),
    report_all: bool = False,
    batch_articles: int = BATCH_ARTICLES,
) -> StoreRun:
    """Analyse the new ``articles`` into ``store`` and score every stored claim.

    Parameters
    ----------
    scorer : Scorer
        Loaded models and extractors (:meth:`credence.Scorer.load`); the store records
        their fingerprint on its first run and refuses other ones afterwards.
    articles : iterable of Article
        This run's articles (ids unique among them); read a batch at a time, so a
        generator over a large input is never held whole.
    store : ClaimStore
        The open store.
    progress : callable, optional
        Called once per article analysed.
    errors : sequence of InputError
        Inputs skipped while reading, carried into the report.
    report_all : bool
        Report every stored article, not only this run's.
    batch_articles : int
        Articles analysed and committed per transaction.

    Returns
    -------
    StoreRun

    Raises
    ------
    InputError
        When two articles share an id.
    DataError
        When the store was built with other models or lexicons.
    """
    streamed = StreamedRun.start(
        scorer,
        articles,
        store,
        progress=progress,
        report_all=report_all,
        batch_articles=batch_articles,
    )
    claims = list(streamed.claims())
    report = streamed.report(claims, errors)
    return StoreRun(report=report, counts=streamed.counts, seconds=streamed.seconds)
