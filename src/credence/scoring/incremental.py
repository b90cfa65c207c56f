"""Score articles into a claim store: analyse only the new ones, score against everything.

A run (:func:`score_into_store`) does, in order:

1. **Dedupe.** Articles whose id and content hash are stored already are not analysed
   again; an id stored with other content is re-analysed and replaces the old version.
2. **Analyse and store**, a batch of whole articles a transaction
   (:meth:`credence.scoring.store.ClaimStore.add`): a run killed here leaves the store with
   the batches committed so far, each article whole.
3. **Score everything stored**, in store order, with
   :func:`credence.scoring.corroboration.corroborate`
   itself, its pair and uncertainty models wrapped so that a (claim, evidence) reading or
   a text read by an earlier run is looked up in the store, not computed
   (:mod:`credence.scoring.store_cache`). The global parts (the TF-IDF weights of the claim
   vectors, the candidate pairs, the source reliability iteration, the stories) are
   recomputed from the stored claims each run.
4. **Save** the scores and the new readings in one transaction.

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
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from credence import __version__
from credence.document import Article
from credence.errors import InputError
from credence.language import language_warning
from credence.scoring.corroboration import corroborate
from credence.scoring.evidence import pair_reader
from credence.scoring.parallel import using_workers
from credence.scoring.report import Report
from credence.scoring.store import ClaimStore
from credence.scoring.store_cache import CachedPairModel, CachedUncertaintyModel

__all__ = ["StoreRun", "score_into_store", "fingerprint"]

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


def _batches(items: Sequence[Article], size: int) -> Iterator[Sequence[Article]]:
    for lo in range(0, len(items), size):
        yield items[lo : lo + size]


def _report(
    result: Any,
    analyses: Sequence[Any],
    articles: Sequence[Article],
    scorer: Any,
    errors: Sequence[InputError],
    everything: bool,
) -> Report:
    """The report of the run's articles (or of every stored one), in store order."""
    wanted = None if everything else {a.id for a in articles}

    def mine(article_id: str) -> bool:
        return wanted is None or article_id in wanted

    return Report(
        analyses=tuple(a for a in analyses if mine(a.article.id)),
        claims=tuple(c for c in result.claims if mine(c.article_id)),
        sources=tuple(result.sources),
        stories=tuple(s for s in result.stories if any(map(mine, s.article_ids))),
        errors=tuple(errors),
        models=scorer.model_info,
        warnings=tuple(filter(None, map(language_warning, articles))),
        # Blocking ran over every stored claim: what it kept and capped is the store's.
        blocking=result.blocking.to_dict() if result.blocking is not None else None,
    )


def _check_ids(articles: Sequence[Article]) -> None:
    seen: dict[str, int] = {}
    for number, article in enumerate(articles, 1):
        if seen.setdefault(article.id, number) != number:
            # Claim ids are "<article id>:cN": two articles with one id would mix their claims.
            raise InputError(
                "score_into_store",
                f"items {seen[article.id]} and {number} have the same id {article.id!r}",
            )


def _score_stored(scorer: Any, store: ClaimStore, analyses: Sequence[Any]) -> tuple[Any, Any]:
    """``corroborate`` over the stored analyses, the models behind store lookups; the result
    and the two cached models (holding what they computed).
    """
    pairs = CachedPairModel(pair_reader(scorer.stance_model, scorer.agreement_model), store.conn)
    uncertainty = CachedUncertaintyModel(scorer.uncertainty_model, store.conn)
    # One process: the caches collect what the models compute (see store_cache).
    with using_workers(1):
        result = corroborate(analyses, stance_model=pairs, uncertainty_model=uncertainty)
    return result, (pairs, uncertainty)


def score_into_store(
    scorer: Any,
    articles: Sequence[Article],
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
    articles : sequence of Article
        This run's articles (ids unique among them).
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
    _check_ids(articles)
    store.check_fingerprint(fingerprint(scorer))
    seconds: dict[str, float] = {}
    run = store.begin_run(len(articles))
    new = store.unseen(articles)
    started = time.perf_counter()
    for batch in _batches(new, batch_articles):
        store.add(scorer.analyze(batch, progress), run)
    seconds["analyse"] = time.perf_counter() - started
    started = time.perf_counter()
    analyses = list(store.analyses())
    seconds["load"] = time.perf_counter() - started
    started = time.perf_counter()
    result, caches = _score_stored(scorer, store, analyses)
    seconds["score"] = time.perf_counter() - started
    started = time.perf_counter()
    changed, added = store.save_scores(result.claims, run, caches)
    counts = {
        "articles_given": len(articles),
        "articles_new": len(new),
        "articles_stored": len(analyses),
        "claims_scored": len(result.claims),
        "claims_changed": changed,
        "claims_reached": store.reached_by(run),
        "readings_new": added,
        "readings_looked_up": caches[0].looked_up,
    }
    store.finish_run(
        run,
        {k: counts[k] for k in ("articles_new", "claims_scored", "claims_changed", "readings_new")},
    )
    seconds["save"] = time.perf_counter() - started
    report = _report(result, analyses, articles, scorer, errors, report_all)
    return StoreRun(report=report, counts=counts, seconds=seconds)
