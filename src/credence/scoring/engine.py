"""The engine: segment once, run every extractor once, link chains, detect claims.

Presidio-style: shared preprocessing (segmentation) happens once per article and its
artifacts are handed to every extractor, so no extractor re-splits the text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from credence.document import Article, Paragraph, Sentence
from credence.features.attribution import AttributionExtractor
from credence.features.chains import build_chains
from credence.features.dates import DateExtractor, scan_dates
from credence.features.hedges import HedgeExtractor
from credence.features.quantities import QuantityExtractor
from credence.features.segment import LimitedSegmentation, limit_segmentation, segment
from credence.scoring.analysis import ArticleAnalysis
from credence.scoring.claims import ClaimDetector, extract_claims

__all__ = ["Extractors", "analyze", "analyze_all"]

_CLAUSES_PER_BATCH = 4096


@dataclass
class Extractors:
    """The extractor instances the engine runs, with optional user lexicons.

    Parameters
    ----------
    hedge_lexicon : str, optional
        Extra hedge lexicon (TSV) merged with the built-in one.
    source_aliases : str, optional
        Extra source alias table (TSV) merged with the built-in one.
    """

    hedge_lexicon: str | None = None
    source_aliases: str | None = None
    hedges: HedgeExtractor = field(init=False)
    attribution: AttributionExtractor = field(init=False)
    quantities: QuantityExtractor = field(init=False)
    dates: DateExtractor = field(init=False)

    def __post_init__(self) -> None:
        self.hedges = HedgeExtractor(lexicon=self.hedge_lexicon)
        self.attribution = AttributionExtractor(aliases=self.source_aliases)
        self.quantities = QuantityExtractor()
        self.dates = DateExtractor()

    def versions(self) -> dict[str, str]:
        """``{registry name: version}`` of the extractors in use."""
        return {
            e.name: e.version for e in (self.hedges, self.attribution, self.quantities, self.dates)
        }


def analyze(
    article: Article,
    *,
    extractors: Extractors | None = None,
    claim_model: Any = None,
) -> ArticleAnalysis:
    """Run segmentation, every extractor, chain linking and claim detection on one article."""
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
    attributions = ex.attribution.extract(text, sentences=sentences)
    chains = build_chains(text, attributions, sentences, aliases=ex.source_aliases)
    claims = extract_claims(article, paragraphs, sentences, model=claim_model)
    date_scan = scan_dates(text)  # one scan for both the quantities and the dates
    return ArticleAnalysis(
        article=article,
        paragraphs=tuple(paragraphs),
        sentences=tuple(sentences),
        hedges=tuple(ex.hedges.extract(text)),
        attributions=tuple(attributions),
        chains=tuple(chains),
        quantities=tuple(ex.quantities.extract(text, date_scan=date_scan)),
        dates=tuple(ex.dates.extract(text, published=article.published, date_scan=date_scan)),
        claims=tuple(claims),
        limits=tuple(limited.limits),
    )


def analyze_all(
    articles: Sequence[Article],
    *,
    extractors: Extractors | None = None,
    claim_model: Any = None,
    progress: Any = None,
) -> list[ArticleAnalysis]:
    """Analyse several articles; ``progress`` is an optional callable ticked once per article.

    With a ``claim_model``, the clauses of all the articles are scored in a few large calls
    (each distinct clause once) before the articles are analysed: the model's featurisation
    costs far less per clause in bulk than in one call per article.
    """
    ex = extractors or Extractors()
    segmentations: list[LimitedSegmentation] | None = None
    if claim_model is not None:
        segmentations = [_segment_within_limits(article.text) for article in articles]
        claim_model = _score_clauses_together(
            articles, [(s.paragraphs, s.sentences) for s in segmentations], claim_model
        )
    out = []
    for i, article in enumerate(articles):
        limited = (
            _segment_within_limits(article.text) if segmentations is None else segmentations[i]
        )
        out.append(_analyze_segmented(article, limited, ex, claim_model))
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
