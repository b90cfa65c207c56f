"""A toy extractor registered through the ``credence.extractors`` entry point.

It finds the *hedged exclamations*: sentences ending in ``!`` that hold a hedge cue. It
shows the three parts of the recipe in docs/extractors.md: a span type with offsets and an
explanation, an extractor class registered by name that reads the engine's
:class:`~credence.features.context.Context` (its sentences, and the spans of the ``hedges``
extractor it ``requires``), and a test (tests/test_plugin_extractor.py in credence).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from credence.features import SpanExtractor, register
from credence.features.context import Context

__all__ = ["HedgedExclamation", "HedgedExclamationExtractor"]


@dataclass(frozen=True, slots=True)
class HedgedExclamation:
    """A sentence ending in ``!`` with the hedge cues found in it."""

    start: int
    end: int
    text: str
    cues: tuple[str, ...]

    @property
    def explanation(self) -> str:
        return f"exclamation hedged by {', '.join(repr(c) for c in self.cues)}"

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "cues": list(self.cues)}


@register("toy")
class HedgedExclamationExtractor(SpanExtractor):
    """Sentences that end in ``!`` and hold at least one hedge cue."""

    version = "1"
    requires = ("hedges",)
    feature_names = ("n_hedged_exclamations",)
    output_key = "hedged_exclamations"

    def extract(self, text: str, *, context: Context | None = None) -> list[HedgedExclamation]:
        context = self.context_of(text, context)
        hedges = context.spans_of("hedges")
        found = []
        for sentence in context.sentences:
            if not text[sentence.start : sentence.end].rstrip().endswith("!"):
                continue
            cues = tuple(
                h.text for h in hedges if sentence.start <= h.start and h.end <= sentence.end
            )
            if cues:
                found.append(
                    HedgedExclamation(
                        sentence.start, sentence.end, text[sentence.start : sentence.end], cues
                    )
                )
        return found

    def span_features(self, spans: Sequence[HedgedExclamation], text: str) -> list[float]:
        return [float(len(spans))]
