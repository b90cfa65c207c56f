"""What a claim row of a store run keeps of its article: its header, not its text.

The cross-article stage reads, of a claim row's article, only its publication date (the
date window of the blocking); the claim itself, its origin, outlet, numbers and hedges are
in the row. In memory, a row points at its whole analysis (without spans), which the report
reads afterwards anyway. A store run reads the analyses back from the store where a later
stage needs them (:class:`credence.scoring.store.StoredAnalyses`), so its rows keep only an
:class:`ArticleHeader`: the article text, paragraphs and sentences of every stored article
(17 MB per 1,000 articles) are not held for the whole stage.

A header has no ``text``, ``paragraphs`` nor ``sentences``: a stage that starts reading them
from a row fails loudly (``AttributeError``) instead of reading an empty text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["ArticleFields", "ArticleHeader", "header_of", "headers"]


@dataclass(frozen=True, slots=True)
class ArticleFields:
    """An article's metadata, without its text.

    Attributes
    ----------
    id : str
        The article id.
    outlet : str or None
        The outlet, as :class:`credence.document.Article` resolved it.
    published : datetime.date or None
        Publication date (the blocking's date window reads it).
    """

    id: str
    outlet: str | None
    published: dt.date | None


@dataclass(frozen=True, slots=True)
class ArticleHeader:
    """The part of an :class:`~credence.scoring.analysis.ArticleAnalysis` a claim row keeps.

    Attributes
    ----------
    article : ArticleFields
        Id, outlet and date of the article.

    Examples
    --------
    >>> from credence.document import Article
    >>> from types import SimpleNamespace
    >>> analysis = SimpleNamespace(article=Article(id="a1", text="Troops arrived."))
    >>> header_of(analysis).article.id
    'a1'
    """

    article: ArticleFields


def header_of(analysis: Any) -> ArticleHeader:
    """The :class:`ArticleHeader` of an analysis."""
    article = analysis.article
    return ArticleHeader(ArticleFields(article.id, article.outlet, article.published))


def headers() -> Callable[[Any], ArticleHeader]:
    """A ``row_analysis`` for :func:`credence.scoring.claim_rows.build_rows`: one header per
    article, shared by its claims (the rows of one article are built one after another).
    """
    last: list[Any] = [None, None]

    def row_analysis(analysis: Any) -> ArticleHeader:
        if last[0] is not analysis:
            last[0], last[1] = analysis, header_of(analysis)
        return last[1]

    return row_analysis
