"""The engine: segment once, run the configured extractors in dependency order, detect claims.

Presidio-style: shared preprocessing (segmentation) happens once per article and its
artifacts travel in a :class:`~credence.features.context.Context` to every extractor, with
the spans of the extractors that ran before, so no extractor re-splits the text and none
reaches into another's module. Which extractors run is a list of registry names
(:func:`credence.features.registered`); each names what it ``requires``.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from credence.collector import frozen_as_made
from credence.document import Article, Paragraph, Sentence
from credence.features.base import SpanExtractor, create_extractor, get_extractor
from credence.features.context import Context
from credence.features.segment import LimitedSegmentation, limit_segmentation, segment
from credence.scoring.analysis import ArticleAnalysis
from credence.scoring.claims import ClaimDetector, extract_claims
from credence.scoring.parallel import current_workers, map_batches

__all__ = ["DEFAULT_EXTRACTORS", "Extractors", "analyze", "analyze_all", "run_order"]

_CLAUSES_PER_BATCH = 4096
# Articles go to the workers in chunks: at least this many articles a chunk (fewer than
# twice as many are analysed in-process), and about this many chunks a worker.
_MIN_ARTICLES_PER_CHUNK = 4
_CHUNKS_PER_WORKER = 4

#: The registry names the engine runs by default, in the order their spans are reported.
DEFAULT_EXTRACTORS: tuple[str, ...] = ("hedges", "attribution", "chains", "quantities", "dates")


def run_order(names: Iterable[str]) -> list[str]:
    """``names`` and what they require, each after everything it requires.

    Raises ``ValueError`` on an unknown name or a cycle of requirements.
    """
    order: list[str] = []
    visiting: list[str] = []

    def visit(name: str) -> None:
        if name in order:
            return
        if name in visiting:
            cycle = " -> ".join([*visiting[visiting.index(name) :], name])
            raise ValueError(f"The extractors' requirements form a cycle: {cycle}.")
        visiting.append(name)
        for required in get_extractor(name).requires:
            visit(required)
        visiting.pop()
        order.append(name)

    for name in names:
        visit(name)
    return order


@dataclass
class Extractors:
    """The extractors the engine runs, by registry name, with the user's lexicons.

    Parameters
    ----------
    hedge_lexicon : str, optional
        Extra hedge lexicon (TSV) merged with the built-in one.
    source_aliases : str, optional
        Extra source alias table (TSV) merged with the built-in one; attribution and chain
        linking both read it.
    names : sequence of str
        Registry names to run (plug-ins included); what they require is added.
    params : mapping, optional
        ``{registry name: constructor parameters}`` for any extractor.
    """

    hedge_lexicon: str | None = None
    source_aliases: str | None = None
    names: Sequence[str] = DEFAULT_EXTRACTORS
    params: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    instances: dict[str, SpanExtractor] = field(init=False)

    def __post_init__(self) -> None:
        self.names = tuple(self.names)
        user = {
            "hedges": {"lexicon": self.hedge_lexicon},
            "attribution": {"aliases": self.source_aliases},
        }
        self.instances = {
            name: create_extractor(name, **{**user.get(name, {}), **self.params.get(name, {})})
            for name in run_order(self.names)
        }

    def __getitem__(self, name: str) -> SpanExtractor:
        return self.instances[name]

    def versions(self) -> dict[str, str]:
        """``{registry name: version}`` of the extractors in use."""
        return {name: extractor.version for name, extractor in self.instances.items()}

    def run(self, context: Context) -> dict[str, tuple[Any, ...]]:
        """Run every extractor on ``context.text`` in dependency order; spans by name.

        The result lists the configured names first, in their order, then what was run only
        because something required it.
        """
        for name, extractor in self.instances.items():
            context.spans[name] = tuple(extractor.extract(context.text, context=context))
        ordered = [*self.names, *(n for n in self.instances if n not in self.names)]
        return {name: context.spans[name] for name in ordered}


def analyze(
    article: Article,
    *,
    extractors: Extractors | None = None,
    claim_model: Any = None,
) -> ArticleAnalysis:
    """Run segmentation, every extractor and claim detection on one article."""
    return _analyze_segmented(
        article, _segment_within_limits(article.text), extractors or Extractors(), claim_model
    )


def _segment_within_limits(text: str) -> LimitedSegmentation:
    # A very long article is read up to MAX_SENTENCES_PER_ARTICLE sentences (of at most
    # MAX_SENTENCE_CHARS characters) within MAX_ARTICLE_CHARS, so that its cost is bounded;
    # the caps applied are reported. Offsets stay those of the article.
    return limit_segmentation(text, *segment(text))


def _analyze_segmented(
    article: Article,
    limited: LimitedSegmentation,
    ex: Extractors,
    claim_model: Any,
) -> ArticleAnalysis:
    paragraphs, sentences = limited.paragraphs, limited.sentences
    text = article.text[: limited.end] if limited.end < len(article.text) else article.text
    context = Context(
        text=text,
        paragraphs=tuple(paragraphs),
        sentences=tuple(sentences),
        published=article.published,
        source_aliases=ex.source_aliases,
    )
    spans = ex.run(context)
    claims = extract_claims(article, paragraphs, sentences, model=claim_model)
    return ArticleAnalysis(
        article=article,
        paragraphs=tuple(paragraphs),
        sentences=tuple(sentences),
        spans=spans,
        claims=tuple(claims),
        limits=tuple(limited.limits),
    )


def analyze_all(
    articles: Sequence[Article],
    *,
    extractors: Extractors | None = None,
    claim_model: Any = None,
    progress: Any = None,
    workers: int | None = None,
) -> list[ArticleAnalysis]:
    """Analyse several articles; ``progress`` is an optional callable ticked once per article.

    With a ``claim_model``, the clauses of all the articles are scored in a few large calls
    (each distinct clause once) before the articles are analysed: the model's featurisation
    costs far less per clause in bulk than in one call per article.

    ``workers`` processes (default: :func:`credence.scoring.parallel.current_workers`) each
    analyse chunks of the articles with the same extractors and model; the analyses come
    back in input order and are the same as in one process. A handful of articles is
    analysed in this process (starting workers would cost more than it saves).
    """
    ex = extractors or Extractors()
    chunks = _chunks(articles, current_workers() if workers is None else workers)
    if len(chunks) <= 1:
        return _analyze_chunk(articles, ex, claim_model, progress)

    def tick(_: int, chunk: list[ArticleAnalysis]) -> None:
        for _ in chunk:
            progress()

    analysed = map_batches(
        functools.partial(_analyze_chunk_in_worker, extractors=ex, claim_model=claim_model),
        chunks,
        workers=workers,
        on_result=tick if progress is not None else None,
    )
    # The analyses crossed a process boundary: point them at the caller's own articles.
    return [
        replace(analysis, article=article)
        for analysis, article in zip(itertools.chain.from_iterable(analysed), articles, strict=True)
    ]


def _chunks(articles: Sequence[Article], workers: int) -> list[Sequence[Article]]:
    """``articles`` in consecutive chunks: a few per worker, so that a slow chunk does not
    leave the other workers idle, and none so small that shipping it costs more than it saves.
    """
    if workers <= 1 or len(articles) < 2 * _MIN_ARTICLES_PER_CHUNK:
        return [articles]
    count = min(workers * _CHUNKS_PER_WORKER, len(articles) // _MIN_ARTICLES_PER_CHUNK)
    size = -(-len(articles) // count)
    return [articles[first : first + size] for first in range(0, len(articles), size)]


def _analyze_chunk_in_worker(
    articles: Sequence[Article], extractors: Extractors, claim_model: Any
) -> list[ArticleAnalysis]:
    # The analyses are pickled back to the parent, which puts its own articles back in
    # (analyze_all): sending each article's text back too cost a sixth of the bytes.
    return [
        replace(analysis, article=None)  # type: ignore[arg-type]
        for analysis in _analyze_chunk(articles, extractors, claim_model)
    ]


def _analyze_chunk(
    articles: Sequence[Article],
    extractors: Extractors,
    claim_model: Any,
    progress: Any = None,
) -> list[ArticleAnalysis]:
    segmentations: list[LimitedSegmentation] | None = None
    if claim_model is not None:
        segmentations = [_segment_within_limits(article.text) for article in articles]
        claim_model = _score_clauses_together(
            articles, [(s.paragraphs, s.sentences) for s in segmentations], claim_model
        )
    out = []
    # The finished analyses stay alive until the caller writes them out: frozen as they are
    # made, the collector stops walking them again and again (credence.collector).
    with frozen_as_made() as settle:
        for i, article in enumerate(articles):
            limited = (
                _segment_within_limits(article.text) if segmentations is None else segmentations[i]
            )
            out.append(_analyze_segmented(article, limited, extractors, claim_model))
            settle()
            if progress is not None:
                progress()
    return out


class _ScoredClauses:
    """Stands in for a check-worthiness model whose answers for the clauses are known.

    Every other attribute (``threshold_`` ...) is the model's own.
    """

    def __init__(self, model: Any, probabilities: dict[str, float]) -> None:
        self._model = model
        self._probabilities = probabilities

    def predict_proba(self, texts: Sequence[str]) -> list[float]:
        return [self._probabilities[text] for text in texts]

    def __getattr__(self, name: str) -> Any:
        # Only called for attributes this class lacks; copy and pickle probe dunder names
        # before __init__ has run, when looking up self._model would recurse.
        if name.startswith("__") or name in ("_model", "_probabilities"):
            raise AttributeError(name)
        return getattr(self._model, name)


def _score_clauses_together(
    articles: Sequence[Article],
    segmentations: Sequence[tuple[Sequence[Paragraph], Sequence[Sentence]]],
    model: Any,
) -> _ScoredClauses:
    detector = ClaimDetector(model=model)
    distinct: dict[str, None] = {}
    for article, (_, sentences) in zip(articles, segmentations, strict=True):
        for _, start, end in detector.candidates(article, sentences):
            distinct[article.text[start:end]] = None
    texts = list(distinct)
    probabilities: dict[str, float] = {}
    # Batches bound the memory of the sparse feature matrices on large inputs.
    for first in range(0, len(texts), _CLAUSES_PER_BATCH):
        batch = texts[first : first + _CLAUSES_PER_BATCH]
        probabilities.update(zip(batch, model.predict_proba(batch), strict=True))
    return _ScoredClauses(model, probabilities)
