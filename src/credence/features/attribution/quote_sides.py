"""Which side of a quotation each token of a paragraph is on.

The relations read it to keep a speaker on its cue's side of a quotation mark (``"The
budget," Kim Sato said``: "Kim Sato", not "The budget"; see :mod:`.relations`).
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable

from credence.features.attribution.tokens import _QUOTE_CHARS, _Sentence

__all__ = ["quote_sides", "paragraph_quote_sides"]


def quote_sides(sent: _Sentence) -> list[int]:
    """Per token of the paragraph: 1 inside a quotation, 0 outside, -1 for a quotation mark
    (the parity of the marks before it: a quotation left open runs to the paragraph's end).
    """
    words = sent.words
    marks = itertools.compress(range(len(words)), map(_QUOTE_CHARS.__contains__, words))
    return _sides_of_marks(marks, len(words))


def _sides_of_marks(marks: Iterable[int], n: int) -> list[int]:
    """:func:`quote_sides` of ``n`` tokens whose quotation marks are the tokens ``marks``
    (increasing).
    """
    # Only the marks are visited; the run of tokens between two marks is written at once.
    sides: list[int] = []
    inside = done = 0
    for k in marks:
        sides += [inside] * (k - done)
        sides.append(-1)
        inside ^= 1
        done = k + 1
    sides += [inside] * (n - done)
    return sides


def paragraph_quote_sides(sent: _Sentence) -> list[int]:
    """:func:`quote_sides`, found from ``sent.quotes`` instead of a look at every token;
    ``sent.quotes`` must hold the offset of every quotation mark of the paragraph, as
    :func:`.tokens.quote_positions` of the text does (:func:`.learned.learned_attributions`).

    A quotation mark is never part of a longer token, so each offset of ``sent.quotes``
    within the tokens' span is the start of a token that is that mark: one bisection per
    mark of the paragraph. When a token found that way is not a mark (``sent.quotes`` holds
    other offsets), every token is looked at instead.
    """
    starts, words, quotes = sent.starts, sent.words, sent.quotes
    n = len(starts)
    if not n:
        return []
    first = bisect.bisect_left(quotes, starts[0])
    last = bisect.bisect_right(quotes, starts[-1], first)
    marks = []
    lo = 0
    for at in itertools.islice(quotes, first, last):
        lo = bisect.bisect_left(starts, at, lo)
        if lo == n or starts[lo] != at or words[lo] not in _QUOTE_CHARS:
            return quote_sides(sent)
        marks.append(lo)
    return _sides_of_marks(marks, n)
