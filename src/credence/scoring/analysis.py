"""What the engine knows about one article after running every extractor once."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from credence.document import Article, Claim, Paragraph, Sentence

if TYPE_CHECKING:  # types only: the extractors import this layer's neighbours
    from credence.features.attribution import Attribution
    from credence.features.chains import Chain
    from credence.features.dates import DateExpression
    from credence.features.hedges import Hedge
    from credence.features.quantities import Quantity

__all__ = ["ArticleAnalysis"]


@dataclass(frozen=True)
class ArticleAnalysis:
    """Segmentation, extractor spans and claims of one article.

    Built once per article by the engine (:func:`credence.scoring.engine.analyze`) and
    shared by claim detection, corroboration and source reliability.
    """

    article: Article
    paragraphs: tuple[Paragraph, ...]
    sentences: tuple[Sentence, ...]
    hedges: tuple[Hedge, ...] = ()
    attributions: tuple[Attribution, ...] = ()
    chains: tuple[Chain, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    dates: tuple[DateExpression, ...] = ()
    claims: tuple[Claim, ...] = field(default=())
    #: Caps applied to a very long article (:func:`credence.features.segment.limit_segmentation`).
    limits: tuple[Any, ...] = ()

    def spans_in(self, kind: str, start: int, end: int) -> list[Any]:
        """Spans of ``kind`` (``"hedges"``, ``"quantities"``, ...) inside ``[start, end)``."""
        return [s for s in getattr(self, kind) if s.start >= start and s.end <= end]
