"""Continuation quotes: a quotation right after a quoted attribution goes on in its speaker's voice.

``"I love cats!" insists Burton. "I absolutely do."`` has one cue and two quotations; the
second has no cue of its own, follows the first relation with nothing but punctuation between
them, and sits in the same paragraph, so it is Burton's too. Each such quotation becomes a
relation with the same source and cue, and may itself be continued.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import replace

from credence.document import Span
from credence.features.attribution.results import Attribution
from credence.features.attribution.tokens import _QUOTE_CHARS, quote_positions

__all__ = ["continuation_quotes", "first_person_in_quotes"]

#: What may stand between a relation and the quotation that continues it.
_BETWEEN = " \t.,;:—–-"
_MAX_QUOTE_CHARS = 3000


def _quote_pairs(text: str, paragraphs: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """``(open, close)`` offsets of the quotation marks, paired in order within each paragraph."""
    marks = quote_positions(text)
    pairs: list[tuple[int, int]] = []
    # Paragraphs are in text order: the marks are read once, and the paragraphs after the
    # last mark, or before the next one, cost a comparison each.
    lo, n = 0, len(marks)
    for start, end in paragraphs:
        if lo == n:
            break
        if marks[lo] >= end:
            continue
        lo = bisect.bisect_left(marks, start, lo)
        hi = bisect.bisect_left(marks, end, lo)
        for k in range(lo, hi - 1, 2):
            if marks[k + 1] - marks[k] <= _MAX_QUOTE_CHARS:
                pairs.append((marks[k], marks[k + 1]))
        lo = hi
    return pairs


def continuation_quotes(
    text: str, found: Sequence[Attribution], paragraphs: Sequence[tuple[int, int]]
) -> list[Attribution]:
    """``found`` plus one relation for each quotation that continues a quoted relation."""
    if not found:
        return list(found)
    by_end = sorted(found, key=lambda a: a.end)
    ends = [a.end for a in by_end]
    covered = sorted((a.content.start, a.content.end) for a in found)
    covered_starts = [c[0] for c in covered]
    added: list[Attribution] = []
    last_added: Attribution | None = None
    for open_at, close_at in _quote_pairs(text, paragraphs):
        c = bisect.bisect_right(covered_starts, open_at) - 1
        if c >= 0 and covered[c][0] <= open_at < covered[c][1]:
            continue  # already some relation's content
        if last_added is not None and not text[last_added.end : open_at].strip(_BETWEEN):
            prev = last_added
        else:
            k = bisect.bisect_right(ends, open_at) - 1
            if k < 0 or text[by_end[k].end : open_at].strip(_BETWEEN):
                continue
            prev = by_end[k]
        if text[prev.content.start] not in _QUOTE_CHARS or "\n" in text[prev.end : open_at]:
            continue
        content = Span(open_at, close_at + 1, text[open_at : close_at + 1])
        start = min(prev.source.start, prev.cue.start, content.start)
        end = max(prev.source.end, prev.cue.end, content.end)
        last_added = Attribution(prev.source, prev.cue, content, text[start:end], prev.cue_type)
        added.append(last_added)
    out = [*found, *added]
    out.sort(key=lambda a: (a.cue.start, a.source.start, a.content.start))
    return out


_FIRST_PERSON = frozenset(["i", "we", "me", "us"])


def first_person_in_quotes(found: Sequence[Attribution]) -> list[Attribution]:
    """``found`` with "I"/"we" sources inside a quotation resolved to its speaker.

    In ``"When the mayor told me 'it is safe,' I believed her," he said`` the "I" who
    believed is the one quoted: the nested relation is his, not an unknown "I"'s.
    """
    quoted = sorted(
        (a for a in found if a.content.text[:1] in _QUOTE_CHARS),
        key=lambda a: a.content.start,
    )
    if not quoted:
        return list(found)
    starts = [a.content.start for a in quoted]
    out = []
    for a in found:
        if a.source.text.lower() in _FIRST_PERSON:
            k = bisect.bisect_right(starts, a.source.start) - 1
            # The nearest quotation that opens before the source and still holds it.
            while k >= 0 and not quoted[k].content.start < a.source.start < quoted[k].content.end:
                k -= 1
            if k >= 0 and quoted[k] is not a:
                speaker = quoted[k].source
                source = replace(a.source, canonical=speaker.canonical, kind=speaker.kind)
                a = replace(a, source=source)
        out.append(a)
    return out
