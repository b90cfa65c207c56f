"""Spans, source mentions and relations built fast, for the rules and relations that make
thousands of them per megabyte.

A frozen dataclass sets each field through a generic ``object.__setattr__`` call in a Python
``__init__``; setting its slots through their descriptors builds the same object in about
two thirds of the time (see :func:`credence.features.segment_objects.frozen_slot_setters`).
Only while ``__init__`` does nothing else (no ``__post_init__``, exactly these fields, slots);
else the constructors are used. ``tests/test_attribution_result_objects.py`` checks that
both give equal objects.
"""

from __future__ import annotations

from credence.document import Span
from credence.features.attribution.results import Attribution, SourceMention
from credence.features.segment_objects import frozen_slot_setters

__all__ = ["new_attribution", "new_source_mention", "span_of"]

_SPAN_SETTERS = frozen_slot_setters(Span, "start end text")
_MENTION_SETTERS = frozen_slot_setters(SourceMention, "start end text canonical kind")
_ATTRIBUTION_SETTERS = frozen_slot_setters(Attribution, "source cue content text cue_type")

if _SPAN_SETTERS and _MENTION_SETTERS and _ATTRIBUTION_SETTERS:
    _new_object = object.__new__
    _set_span_start, _set_span_end, _set_span_text = _SPAN_SETTERS
    _set_m_start, _set_m_end, _set_m_text, _set_m_canonical, _set_m_kind = _MENTION_SETTERS
    _set_a_source, _set_a_cue, _set_a_content, _set_a_text, _set_a_type = _ATTRIBUTION_SETTERS

    def span_of(text: str, start: int, end: int) -> Span:
        """``Span.from_text(text, start, end)``, without its generic __init__."""
        span = _new_object(Span)
        _set_span_start(span, start)
        _set_span_end(span, end)
        _set_span_text(span, text[start:end])
        return span

    def new_source_mention(
        start: int, end: int, text: str, canonical: str, kind: str
    ) -> SourceMention:
        """``SourceMention(start, end, text, canonical, kind)``, without its generic __init__."""
        mention = _new_object(SourceMention)
        _set_m_start(mention, start)
        _set_m_end(mention, end)
        _set_m_text(mention, text)
        _set_m_canonical(mention, canonical)
        _set_m_kind(mention, kind)
        return mention

    def new_attribution(
        source: SourceMention, cue: Span, content: Span, text: str, cue_type: str
    ) -> Attribution:
        """``Attribution(source, cue, content, text, cue_type)``, without its generic
        __init__.
        """
        relation = _new_object(Attribution)
        _set_a_source(relation, source)
        _set_a_cue(relation, cue)
        _set_a_content(relation, content)
        _set_a_text(relation, text)
        _set_a_type(relation, cue_type)
        return relation

else:  # the data model changed: build through the constructors

    def span_of(text: str, start: int, end: int) -> Span:
        """``Span.from_text(text, start, end)``."""
        return Span.from_text(text, start, end)

    new_source_mention = SourceMention  # type: ignore[assignment]
    new_attribution = Attribution  # type: ignore[assignment]
