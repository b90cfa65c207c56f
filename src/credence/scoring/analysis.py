"""What the engine knows about one article after running every extractor once."""

from __future__ import annotations

from collections.abc import Mapping
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
    shared by claim detection, corroboration and source reliability. ``spans`` holds each
    extractor's spans under its registry name (plug-ins included); the built-in ones are
    also attributes (``hedges``, ``attributions``, ``chains``, ``quantities``, ``dates``).
    """

    article: Article
    paragraphs: tuple[Paragraph, ...]
    sentences: tuple[Sentence, ...]
    spans: Mapping[str, tuple[Any, ...]] = field(default_factory=dict)
    claims: tuple[Claim, ...] = field(default=())
    #: Caps applied to a very long article (:func:`credence.features.segment.limit_segmentation`).
    limits: tuple[Any, ...] = ()

    @property
    def hedges(self) -> tuple[Hedge, ...]:
        """Hedge and booster cues (registry name ``hedges``)."""
        return self.spans.get("hedges", ())

    @property
    def attributions(self) -> tuple[Attribution, ...]:
        """Attributions (registry name ``attribution``)."""
        return self.spans.get("attribution", ())

    @property
    def chains(self) -> tuple[Chain, ...]:
        """Attribution chains (registry name ``chains``)."""
        return self.spans.get("chains", ())

    @property
    def quantities(self) -> tuple[Quantity, ...]:
        """Quantities (registry name ``quantities``)."""
        return self.spans.get("quantities", ())

    @property
    def dates(self) -> tuple[DateExpression, ...]:
        """Date expressions (registry name ``dates``)."""
        return self.spans.get("dates", ())

    def spans_in(self, kind: str, start: int, end: int) -> list[Any]:
        """Spans of ``kind`` (``"hedges"``, ``"quantities"``, ...) inside ``[start, end)``."""
        return [s for s in getattr(self, kind) if s.start >= start and s.end <= end]
