"""Articles analysed and turned into claim rows by the worker processes, in one step.

``credence score`` reads each article once (segmentation, every extractor, the claims) and
then makes its claims' rows (:func:`credence.scoring.claim_rows.article_rows`: numbers and
dates with their signatures, origins, hedges, what an attributed claim asserts) and the
shingles of its paragraphs (:func:`credence.scoring.independence.sign_texts`). Both need
the article alone, so :func:`analysed_rows` makes them where the article is analysed: each
worker (``--workers``) returns its chunk's analyses *without their extractor spans* (no
later stage reads them, and they were most of the bytes pickled back), the rows and the
paragraph signatures. This process then only joins them
(:func:`~credence.scoring.claim_rows.join_rows`: near-duplicate paragraphs across articles,
one person's names across articles). The rows are the same, in the same order, as
:func:`~credence.scoring.claim_rows.build_rows` of the analyses in one process.

Before the workers are forked, this process reads one short article of its own
(:data:`WARM_UP_TEXT`) with the same extractors and models: what they build on first use
(compiled patterns, lexicons, the tagger's tables) is then built once, here, and inherited
by every pool's workers, instead of once in each worker of each pool that needs it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from credence.document import Article
from credence.scoring.analysis import ArticleAnalysis
from credence.scoring.claim_rows import ClaimRow, article_rows, join_rows, paragraph_heads
from credence.scoring.engine import Extractors, analyze_all
from credence.scoring.independence import SignedTexts, sign_texts
from credence.scoring.parallel import current_workers, map_batches
from credence.scoring.priors import ScoringPriors

__all__ = ["WARM_UP_TEXT", "AnalysedRows", "analysed_rows", "warm_up"]

# Chunks a worker (a few even out a slow one, and let the parent take results as they
# come) and the fewest articles a chunk: a chunk costs a round trip to a worker.
_CHUNKS_PER_WORKER = 4
_MIN_ARTICLES_PER_CHUNK = 4

#: What :func:`warm_up` reads: our own sentences with what every extractor and model looks
#: for (a hedge, a quotation and its source, numbers with units, dates, a named place).
WARM_UP_TEXT = (
    "The regional governor said on Monday, 5 May 2014, that about 3,000 people had "
    "reportedly been evacuated from the valley of Kaly since last week.\n\n"
    '"We will not leave before the river falls," a resident told the agency. Officials '
    "may lift the order by Friday, according to two people familiar with the plan, and "
    "the cost could reach $12 million (9 million euros), up 40% from 2013."
)


@dataclass
class AnalysedRows:
    """The analyses of a set without their spans, and their claims' rows.

    Attributes
    ----------
    analyses : list of ArticleAnalysis
        In input order, ``spans`` empty, each holding the caller's own article.
    rows : list of ClaimRow
        :func:`~credence.scoring.claim_rows.build_rows` of the analyses, each row's
        ``analysis`` one of ``analyses``.
    """

    analyses: list[ArticleAnalysis]
    rows: list[ClaimRow]


@dataclass
class _Chunk:
    """What a worker returns for a chunk of articles (their texts stay in the parent)."""

    analyses: list[ArticleAnalysis]
    rows: list[list[ClaimRow]]
    signed: SignedTexts


def _chunks(count: int, workers: int) -> list[tuple[int, int]]:
    """``[first, last)`` runs of ``range(count)``, a few a worker, none tiny."""
    if workers <= 1 or count < 2 * _MIN_ARTICLES_PER_CHUNK:
        return [(0, count)]
    chunks = min(workers * _CHUNKS_PER_WORKER, count // _MIN_ARTICLES_PER_CHUNK)
    size = -(-count // chunks)
    return [(first, min(first + size, count)) for first in range(0, count, size)]


def _analyse_chunk(
    run: tuple[int, int],
    articles: Sequence[Article],
    extractors: Extractors,
    claim_model: Any,
    progress: Callable[[], None] | None = None,
) -> _Chunk:
    first, last = run
    analyses = analyze_all(
        articles[first:last],
        extractors=extractors,
        claim_model=claim_model,
        progress=progress,
        workers=1,
    )
    rows = [article_rows(a, ai) for ai, a in enumerate(analyses, first)]
    signed = sign_texts([p.text for a in analyses for p in a.paragraphs])
    # The spans are read: without them, and without the article (the parent has it), an
    # analysis is a small part of what it was to pickle back.
    slim = [replace(a, article=None, spans={}) for a in analyses]  # type: ignore[arg-type]
    slim_of = {id(a): s for a, s in zip(analyses, slim, strict=True)}
    for article in rows:
        for row in article:
            row.analysis = slim_of[id(row.analysis)]
    return _Chunk(slim, rows, signed)


def analysed_rows(
    articles: Sequence[Article],
    *,
    extractors: Extractors | None = None,
    claim_model: Any = None,
    priors: ScoringPriors | None = None,
    progress: Callable[[], None] | None = None,
    workers: int | None = None,
    meanwhile: Callable[[], None] | None = None,
) -> AnalysedRows:
    """Analyse ``articles`` and make their claims' rows, chunks of them in the workers.

    Parameters
    ----------
    articles : sequence of Article
    extractors : Extractors, optional
    claim_model : object, optional
        The check-worthiness model (:func:`credence.scoring.engine.analyze_all`).
    priors : ScoringPriors, optional
        Read for the near-duplicate threshold.
    progress : callable, optional
        Ticked once an article (as its chunk comes back).
    workers : int, optional
        Default :func:`credence.scoring.parallel.current_workers`.
    meanwhile : callable, optional
        Work for this process while the workers analyse (e.g. unpickling a model the later
        stages read); not called when the articles are analysed here.

    Returns
    -------
    AnalysedRows
        The same analyses (without spans) and rows whatever the number of workers.
    """
    priors = priors or ScoringPriors()
    extractors = extractors or Extractors()
    count = current_workers() if workers is None else workers
    runs = _chunks(len(articles), count)
    if len(runs) == 1:
        chunks = [_analyse_chunk(runs[0], articles, extractors, claim_model, progress)]
    else:
        warm_up(extractors, claim_model)

        def tick(_: int, chunk: _Chunk) -> None:
            for _ in chunk.analyses:
                progress()  # type: ignore[misc]

        chunks = map_batches(
            functools.partial(
                _analyse_chunk, articles=articles, extractors=extractors, claim_model=claim_model
            ),
            runs,
            workers=count,
            on_result=tick if progress is not None else None,
            meanwhile=meanwhile,
        )
    return _joined(articles, chunks, priors)


def warm_up(extractors: Extractors, claim_model: Any = None) -> None:
    """Read :data:`WARM_UP_TEXT` in this process, the result dropped, so that what the
    extractors and the claims model build on first use is built before workers are forked.

    Parameters
    ----------
    extractors : Extractors
    claim_model : object, optional
        The check-worthiness model (:func:`credence.scoring.engine.analyze_all`).
    """
    article = Article(id="credence-warm-up", text=WARM_UP_TEXT)
    _analyse_chunk((0, 1), [article], extractors, claim_model)


def _joined(
    articles: Sequence[Article], chunks: Sequence[_Chunk], priors: ScoringPriors
) -> AnalysedRows:
    # The analyses crossed a process boundary (or lost their article): the caller's own
    # articles go back in, and each row points at its article's analysis.
    analyses: list[ArticleAnalysis] = []
    own: dict[int, ArticleAnalysis] = {}
    for chunk in chunks:
        for slim in chunk.analyses:
            analysis = replace(slim, article=articles[len(analyses)])
            own[id(slim)] = analysis
            analyses.append(analysis)
    heads = paragraph_heads((), priors, SignedTexts.joined([c.signed for c in chunks]))
    indices = [[p.index for p in a.paragraphs] for a in analyses]
    per_article = (article for chunk in chunks for article in chunk.rows)
    rows = join_rows(per_article, indices, heads, row_analysis=lambda slim: own[id(slim)])
    return AnalysedRows(analyses, rows)
