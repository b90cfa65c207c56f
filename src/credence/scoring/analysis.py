"""What the engine knows about one article after running every extractor once."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from credence.document import Article, Claim, Paragraph, Sentence

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
    hedges: tuple[Any, ...] = ()
    attributions: tuple[Any, ...] = ()
    chains: tuple[Any, ...] = ()
    quantities: tuple[Any, ...] = ()
    dates: tuple[Any, ...] = ()
    claims: tuple[Claim, ...] = field(default=())
    #: Caps applied to a very long article (:func:`credence.features.segment.limit_segmentation`).
    limits: tuple[Any, ...] = ()

    def spans_in(self, kind: str, start: int, end: int) -> list[Any]:
        """Spans of ``kind`` (``"hedges"``, ``"quantities"``, ...) inside ``[start, end)``."""
        return [s for s in getattr(self, kind) if s.start >= start and s.end <= end]
