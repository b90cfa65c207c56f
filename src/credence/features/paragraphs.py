"""Paragraph splitting with offsets into the original text.

Paragraphs are separated by blank lines. A single line break also separates paragraphs when
the text is not hard-wrapped (one paragraph a line, as pasted web articles often are) or when
the line looks like a heading or a list item. Repeats of an earlier paragraph are marked with
``duplicate_of`` (see :mod:`credence.features.duplicates`).
"""

from __future__ import annotations

import itertools
import operator
import re

from credence.document import Paragraph
from credence.features.duplicates import find_duplicates, paragraph_words
from credence.features.punctuation import CLOSERS, TERMINATORS
from credence.features.segment_objects import new_paragraph

__all__ = ["split_paragraphs"]

# Separators that always end a paragraph, even without a blank line (of the line breaks that
# str.splitlines() knows, so that no exotic separator hides inside a line).
_HARD_BREAKS = frozenset("\x0c\x1c\x1d\x1e\u2029")
# A line ending in one of these most likely ends a sentence (or introduces a list).
_LINE_FINAL = frozenset(TERMINATORS) | CLOSERS | frozenset(":")
_LIST_MARKER = re.compile(r"(?:[-*+\u2022\u25aa\u25cf\u2013\u2014]|\d{1,3}[.)])\s")


def _strip_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _first_word_length(text: str, start: int, end: int) -> int:
    stop = start
    while stop < end and not text[stop].isspace():
        stop += 1
    return stop - start


def _fills_line(text: str, line: tuple[int, int], following: tuple[int, int], width: int) -> bool:
    """Whether the next line's first word would not have fitted on ``line`` (a wrap point)."""
    room = _first_word_length(text, following[0], following[1]) + 1
    return (line[1] - line[0]) + room > 0.95 * width


def _wrap_width(blocks: list[list[tuple[int, int]]], text: str) -> int:
    """The wrap width of hard-wrapped text, or 0 when single line breaks end paragraphs.

    Hard-wrapped prose has lines of a modest width, most of which stop mid-sentence where the
    next word would not have fitted. One-paragraph-a-line text has long lines of any length.
    """
    lengths = sorted(end - start for block in blocks for start, end in block)
    if not lengths:
        return 0
    width = lengths[int(0.9 * (len(lengths) - 1))]
    if not 40 <= width <= 120:
        return 0
    inner_lines = 0
    wrapped_lines = 0
    for block in blocks:
        for line, following in zip(block, block[1:], strict=False):
            inner_lines += 1
            if text[line[1] - 1] not in _LINE_FINAL and _fills_line(text, line, following, width):
                wrapped_lines += 1
    return width if wrapped_lines >= 2 and wrapped_lines >= 0.5 * inner_lines else 0


def _breaks_between(
    text: str, previous: tuple[int, int], following: tuple[int, int], width: int
) -> bool:
    """Whether a single line break between two non-blank lines ends a paragraph."""
    last = text[previous[1] - 1]
    first = text[following[0]]
    if _LIST_MARKER.match(text, following[0], min(following[1] + 1, len(text))):
        return True
    if not width:
        # One paragraph a line, unless the line was clearly broken mid-sentence.
        return last in _LINE_FINAL or not first.islower()
    if last in _LINE_FINAL:
        # A sentence ending where the next word would still have fitted ends the paragraph.
        return not _fills_line(text, previous, following, width)
    # A short line without final punctuation followed by a capital is a heading.
    return previous[1] - previous[0] < 0.6 * width and (first.isupper() or first.isdigit())


def split_paragraphs(text: str) -> list[Paragraph]:
    r"""Split ``text`` into paragraphs, marking verbatim and near-verbatim repeats.

    Parameters
    ----------
    text : str
        The article text. Offsets of the result point into it.

    Returns
    -------
    list of Paragraph
        Paragraphs in text order, stripped of surrounding whitespace; ``duplicate_of`` is the
        index of the first earlier paragraph with the same wording, or None.

    Examples
    --------
    >>> [p.text for p in split_paragraphs("First line.\nSecond line.\n\nThird.")]
    ['First line.', 'Second line.', 'Third.']
    """
    # Lines and their stripped bounds, with C-level maps: splitlines() breaks where the line
    # breaks are, and a stripped line starts where its left-stripped form does.
    raw_lines = text.splitlines(keepends=True)
    left_stripped = list(map(str.lstrip, raw_lines))
    stripped = list(map(str.rstrip, left_stripped))
    line_ends = itertools.accumulate(map(len, raw_lines))
    starts = list(map(operator.sub, line_ends, map(len, left_stripped)))
    ends = list(map(operator.add, starts, map(len, stripped)))
    non_blank = list(map(bool, stripped))
    if not any(map(operator.and_, non_blank, non_blank[1:])):
        # No two non-blank lines in a row: each is a block of its own, hence a paragraph.
        return _paragraphs(
            text, list(itertools.compress(zip(starts, ends, strict=True), non_blank))
        )

    blocks: list[list[tuple[int, int]]] = [[]]
    for raw_line, start, end in zip(raw_lines, starts, ends, strict=True):
        if start == end:
            if blocks[-1]:
                blocks.append([])
            continue
        blocks[-1].append((start, end))
        if raw_line[-1] in _HARD_BREAKS:
            blocks.append([])
    blocks = [block for block in blocks if block]
    width = _wrap_width(blocks, text)

    spans: list[tuple[int, int]] = []
    for block in blocks:
        paragraph_start = block[0][0]
        for previous, following in zip(block, block[1:], strict=False):
            if _breaks_between(text, previous, following, width):
                spans.append((paragraph_start, previous[1]))
                paragraph_start = following[0]
        spans.append((paragraph_start, block[-1][1]))
    return _paragraphs(text, spans)


def _paragraphs(text: str, spans: list[tuple[int, int]]) -> list[Paragraph]:
    """Paragraphs of the given (stripped) spans, with their repeats marked."""
    if len(spans) < 2:
        duplicates: list[int | None] = [None] * len(spans)  # nothing to repeat
    else:
        duplicates = find_duplicates(paragraph_words(text, spans))
    return [
        new_paragraph(index, start, end, text[start:end], duplicates[index])
        for index, (start, end) in enumerate(spans)
    ]
