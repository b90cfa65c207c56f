"""The engine: segment once, run every extractor once, link chains, detect claims.

Presidio-style: shared preprocessing (segmentation) happens once per article and its
artifacts are handed to every extractor, so no extractor re-splits the text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from credence.document import Article
from credence.features.attribution import AttributionExtractor
from credence.features.chains import build_chains
from credence.features.dates import DateExtractor
from credence.features.hedges import HedgeExtractor
from credence.features.quantities import QuantityExtractor
from credence.features.segment import limit_segmentation, segment
from credence.scoring.analysis import ArticleAnalysis
from credence.scoring.claims import extract_claims

__all__ = ["Extractors", "analyze", "analyze_all"]


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
    ex = extractors or Extractors()
    # A very long article is read up to MAX_SENTENCES_PER_ARTICLE sentences (of at most
    # MAX_SENTENCE_CHARS characters) within MAX_ARTICLE_CHARS, so that its cost is bounded;
    # the caps applied are reported. Offsets stay those of the article.
    limited = limit_segmentation(article.text, *segment(article.text))
    paragraphs, sentences = limited.paragraphs, limited.sentences
    text = article.text[: limited.end] if limited.end < len(article.text) else article.text
    attributions = ex.attribution.extract(text, sentences=sentences)
    chains = build_chains(text, attributions, sentences)
    claims = extract_claims(article, paragraphs, sentences, model=claim_model)
    return ArticleAnalysis(
        article=article,
        paragraphs=tuple(paragraphs),
        sentences=tuple(sentences),
        hedges=tuple(ex.hedges.extract(text)),
        attributions=tuple(attributions),
        chains=tuple(chains),
        quantities=tuple(ex.quantities.extract(text)),
        dates=tuple(ex.dates.extract(text, published=article.published)),
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
    """Analyse several articles; ``progress`` is an optional callable ticked once per article."""
    ex = extractors or Extractors()
    out = []
    for article in articles:
        out.append(analyze(article, extractors=ex, claim_model=claim_model))
        if progress is not None:
            progress()
    return out
