"""What the engine computed once about an article, handed to every extractor.

An extractor never re-splits or re-reads what another step has already produced: the
engine segments the article once, then runs the registered extractors in dependency order,
and each one finds in its :class:`Context` the paragraphs, the sentences, the publication
date, the user's alias table and the spans of the extractors that ran before it.

Called on its own (``extractor.extract(text)``), an extractor builds the context itself with
:meth:`Context.of`, so a quick call and an engine run read the text the same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from credence.document import Paragraph, Sentence

__all__ = ["Context", "context_for"]

_T = TypeVar("_T")


@dataclass
class Context:
    """One article's shared artifacts, as the engine computed them.

    Parameters
    ----------
    text : str
        The text the extractors read; every span offset points into it.
    paragraphs, sentences : tuple
        The article's segmentation (:func:`credence.features.segment.segment`).
    published : datetime.date, optional
        The article's publication date: the anchor of relative dates.
    source_aliases : str, optional
        The user's alias table (TSV path) merged with the built-in one.
    spans : dict
        ``{registry name: spans}`` of the extractors that have already run on ``text``.
    """

    text: str
    paragraphs: tuple[Paragraph, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    published: dt.date | None = None
    source_aliases: str | None = None
    spans: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    # Intermediate results two steps share for this one text (see ``shared``): per-context,
    # so nothing outlives the article.
    _shared: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def of(
        cls,
        text: str,
        *,
        published: dt.date | None = None,
        source_aliases: str | None = None,
        spans: Mapping[str, tuple[Any, ...]] | None = None,
    ) -> Context:
        """Segment ``text`` and build its context, as the engine would for one article."""
        from credence.features.segment import segment

        paragraphs, sentences = segment(text)
        return cls(
            text=text,
            paragraphs=tuple(paragraphs),
            sentences=tuple(sentences),
            published=published,
            source_aliases=source_aliases,
            spans=dict(spans or {}),
        )

    def shared(self, key: str, compute: Callable[[], _T]) -> _T:
        """``compute()`` once per context under ``key``, then the same result again.

        For work two extractors both need on the same text (the date scan that dates and
        quantities read), so that it is done once without a module-level cache.
        """
        if key not in self._shared:
            self._shared[key] = compute()
        return self._shared[key]

    def spans_of(self, name: str) -> tuple[Any, ...]:
        """The spans the extractor registered as ``name`` found (it must have run before)."""
        try:
            return self.spans[name]
        except KeyError:
            raise KeyError(
                f"No spans of {name!r} in this context: the extractor reading them must list "
                f"{name!r} in its 'requires', so that the engine runs it first."
            ) from None


def context_for(text: str, context: Context | None, **defaults: Any) -> Context:
    """``context`` when the engine gave one for ``text``, else a fresh one (``Context.of``)."""
    if context is not None:
        if context.text is not text and context.text != text:
            raise ValueError("The context was built for another text than the one extracted.")
        return context
    return Context.of(text, **defaults)
