"""The results of attribution: a source mention and an attribution relation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from credence.document import Span

__all__ = ["SOURCE_KINDS", "HEARSAY_CUE_TYPES", "SourceMention", "Attribution"]

#: The kinds a source may have.
SOURCE_KINDS: tuple[str, ...] = ("outlet", "official", "person", "role", "anonymous")
#: Cue types that pass on what others said rather than the speaker's own words.
HEARSAY_CUE_TYPES: frozenset[str] = frozenset({"report", "according", "citing", "via", "interview"})


@dataclass(frozen=True, slots=True)
class SourceMention:
    """A source as written in the text and the entity it stands for.

    Parameters
    ----------
    start, end : int
        Offsets of the noun phrase in the article text.
    text : str
        ``text[start:end]``.
    canonical : str
        Canonical name (from the alias table, coreference, or the cleaned surface form).
    kind : str
        One of :data:`SOURCE_KINDS`.
    """

    start: int
    end: int
    text: str
    canonical: str
    kind: str

    @property
    def explanation(self) -> str:
        return f"source '{self.text}' = {self.canonical} ({self.kind})"

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "canonical": self.canonical,
            "kind": self.kind,
        }


@dataclass(frozen=True, slots=True)
class Attribution:
    """One attribution relation: ``source`` says (``cue``) ``content``.

    ``start``/``end`` cover the whole relation and ``text`` is ``article[start:end]``;
    ``cue_type`` is the lexicon role of the cue (``speech``, ``report``, ``according``, …).

    Examples
    --------
    >>> ex = AttributionExtractor()
    >>> [a.source.canonical for a in ex.extract("Reuters reported that talks had stalled.")]
    ['Reuters']
    """

    source: SourceMention
    cue: Span
    content: Span
    text: str = ""
    cue_type: str = "speech"

    @property
    def start(self) -> int:
        """Offset where the attribution begins (the earliest of its spans)."""
        return min(self.source.start, self.cue.start, self.content.start)

    @property
    def end(self) -> int:
        """Offset where the attribution ends (the latest of its spans)."""
        return max(self.source.end, self.cue.end, self.content.end)

    @property
    def explanation(self) -> str:
        """One human-readable line saying what this is and why."""
        content = self.content.text
        if len(content) > 60:
            content = content[:57] + "..."
        return f"'{self.source.text}' ({self.source.kind}) {self.cue.text}: {content}"

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (the schema documented in the README)."""
        return {
            "source": self.source.to_dict(),
            "cue": self.cue.to_dict(),
            "content": self.content.to_dict(),
        }
