"""Tokens of an article and of one sentence, as parallel lists read by index."""

from __future__ import annotations

import bisect
import itertools
import operator
import re
from collections.abc import Callable, Sequence
from typing import Any

__all__ = [
    "quote_positions",
    "has_whole_word",
    "sentences_to_read",
    "trigger_hits",
    "capitalised_hits",
]


# Tokens: words (with inner apostrophes, hyphens, dots: "Korea's", "Lopez-Cantera", "U.S")
# or a single non-space character. Each repetition consumes input, so matching is linear.
_TOKEN_RE = re.compile(r"\w+(?:[’'\-.&]\w+)*(?:[’']s?)?|[^\w\s]")
# The same tokens with the whitespace before each (see _TokenTable). Possessive quantifiers:
# every part after the first word characters is optional, so the greedy match never gives
# characters back, and not recording backtracking points makes the scan faster.
_SPACED_TOKEN_RE = re.compile(r"\s*+(?:\w++(?:[’'\-.&]\w++)*+(?:[’']s?)?+|[^\w\s])")
# Marks that end a space-separated piece "word<mark>" as a token of their own (see _TokenTable).
_CLOSING_MARKS = frozenset(',.;:!?)"”')
_QUOTE_CHARS = frozenset('"“”')
_QUOTE_RE = re.compile('["“”]')


_Scan = tuple[list[int], list[int], list[str], list[bool], list[bool]]


def quote_positions(text: str) -> list[int]:
    """Offsets of the quotation marks (``"``, ``“``, ``”``) of ``text``, sorted: the starts of
    ``_QUOTE_RE.finditer(text)``.

    ``str.find`` per mark skips the text between marks at memory-scan speed, several times
    faster than the regular expression, which tries its character class at every offset.
    """
    found: list[int] = []
    for mark in _QUOTE_CHARS:
        at = text.find(mark)
        while at >= 0:
            found.append(at)
            at = text.find(mark, at + 1)
    found.sort()
    return found


def _is_word_char(char: str) -> bool:
    r"""Whether ``char`` is a word character of ``re``'s ``\w`` (str patterns)."""
    return char.isalnum() or char == "_"


def has_whole_word(text: str, word: str, start: int, end: int) -> bool:
    r"""Whether ``word`` occurs in ``text[start:end]`` between word boundaries: what
    ``re.compile(rf"\b{re.escape(word)}\b").search(text, start, end)`` says.

    As the pattern does, the boundary before a hit reads the character before it even when
    that character is before ``start``, and the text is taken to end at ``end``. ``str.find``
    skips to each occurrence at memory-scan speed, where the pattern tries every offset: an
    order of magnitude faster on the windows of thousands of characters the resolver reads.

    Examples
    --------
    >>> has_whole_word("Pictures show the pictures.", "pictures", 0, 27)
    True
    >>> has_whole_word("the picturesque town", "pictures", 0, 20)
    False
    """
    if not word:  # only boundaries to find: the pattern itself
        return re.compile(r"\b\b").search(text, start, end) is not None
    # As the pattern reads endpos: a negative end is 0, not counted from the end.
    end = max(0, min(end, len(text)))
    opens, closes = _is_word_char(word[0]), _is_word_char(word[-1])
    size = len(word)
    at = text.find(word, start, end)
    while at >= 0:
        before = at > 0 and _is_word_char(text[at - 1])
        after = at + size < end and _is_word_char(text[at + size])
        if before != opens and after != closes:
            return True
        at = text.find(word, at + 1, end)
    return False


def _scan_tokens(text: str, start: int, stop: int) -> _Scan:
    """``(starts, ends, words, is_word, is_cap)`` of the tokens of ``text[start:stop]``, as
    ``_TOKEN_RE.finditer`` finds them, with whether each token's first character is a letter
    or digit and upper case (the pure-Python scan; see :class:`_TokenTable`).

    Every non-space character starts a token, so a ``findall`` of the tokens with the
    whitespace before each finds the same tokens, and a running sum of the chunk lengths gives
    every offset: several times cheaper than one match object per token. Plain words between
    spaces skip even that.
    """
    starts: list[int] = []
    ends: list[int] = []
    words: list[str] = []
    # No token contains a space, so the space-separated pieces tokenise independently; a
    # piece that is all letters and digits is exactly one token (``str.isalnum`` is the
    # regex's ``\w`` minus "_"), which spares the regex engine most of the text. Other
    # pieces ("said,", "U.S.-led", lines joined by a newline) go through the regex.
    pieces = text[start:stop].split(" ") if stop > start else []
    pos = start
    for piece, simple in zip(pieces, map(str.isalnum, pieces), strict=True):
        if simple:
            starts.append(pos)
            words.append(piece)
            pos += len(piece)
            ends.append(pos)
        elif piece[-1:] in _CLOSING_MARKS and piece[:-1].isalnum():
            # "said," / "war.": a word, then a mark that neither joins a word nor is a
            # possessive apostrophe, so the regex would find exactly these two tokens.
            starts.append(pos)
            words.append(piece[:-1])
            pos += len(piece) - 1
            ends.append(pos)
            starts.append(pos)
            words.append(piece[-1])
            pos += 1
            ends.append(pos)
        elif piece:
            chunk_end = pos
            for chunk in _SPACED_TOKEN_RE.findall(piece):
                word = chunk.lstrip()
                chunk_end += len(chunk)
                starts.append(chunk_end - len(word))
                ends.append(chunk_end)
                words.append(word)
            pos += len(piece)
        pos += 1  # the space
    firsts = list(map(operator.itemgetter(0), words))
    return starts, ends, words, list(map(str.isalnum, firsts)), list(map(str.isupper, firsts))


def _compiled(name: str, fallback: Any) -> Any:
    """The compiled twin ``name`` of :mod:`._tokens` when it is built, else ``fallback``.

    Not built (no C compiler), or built before it had the function: the fallback gives the
    same result (tested against the compiled one where both exist).
    """
    try:
        from credence.features.attribution import _tokens
    except ImportError:
        return fallback
    return getattr(_tokens, name, fallback)


_SCAN: Callable[[str, int, int], _Scan] = _compiled("scan_tokens", _scan_tokens)
#: The compiled scan that lowers the tokens too, or ``None``.
_SCAN_LOWS: Callable[[str, int, int], tuple] | None = _compiled("scan_tokens_lows", None)


def _lower(words: list[str], text: str) -> list[str]:
    """``[w.lower().replace("’", "'") for w in words]``, lowering them joined when it can."""
    if "\x00" in text:  # the separator below must not occur in a token
        return [w.lower().replace("’", "'") for w in words]
    if not words:
        return []
    # A NUL neither is nor ignores case: lowering the joined tokens lowers each alone.
    return "\x00".join(words).lower().replace("’", "'").split("\x00")


class _TokenTable:
    """Tokens of ``text[start:end]`` as parallel lists, as ``_TOKEN_RE.finditer`` finds them.

    The scan is compiled where the optional core is built (:mod:`._tokens`), else
    :func:`_scan_tokens`. Only the sentences that hold a cue take their slice of the lists
    (:class:`_Sentence`); ``tests/test_attribution_tokens.py`` checks both scans against
    ``_TOKEN_RE.finditer``.
    """

    __slots__ = ("starts", "ends", "words", "lows", "is_word", "is_cap")

    def __init__(self, text: str, start: int = 0, end: int | None = None) -> None:
        start = max(start, 0)
        stop = len(text) if end is None else min(end, len(text))
        # Word and capital flags come from each token's first character.
        if _SCAN_LOWS is not None:  # one compiled pass; a lower-case token is its own low
            scan = _SCAN_LOWS(text, start, stop)
            self.starts, self.ends, self.words, self.lows, self.is_word, self.is_cap = scan
            return
        self.starts, self.ends, words, self.is_word, self.is_cap = _SCAN(text, start, stop)
        self.words = words
        self.lows = _lower(words, text)

    def bounds(self, start: int, end: int) -> tuple[int, int] | None:
        """Token range of ``text[start:end]``, or ``None`` when a token straddles a bound.

        Tokenising the slice on its own gives the same tokens unless a token of the whole
        text straddles one of its bounds (the pattern has no look-behind, and every
        non-space character starts a token).
        """
        starts, ends = self.starts, self.ends
        lo = bisect.bisect_left(starts, start)
        hi = bisect.bisect_left(starts, end)
        if (lo > 0 and ends[lo - 1] > start) or (hi > 0 and ends[hi - 1] > end):
            return None
        return lo, hi


class _Sentence:
    """Tokens of one sentence as parallel lists (indexed from 0), plus the quote positions of
    its paragraph.

    The rules read these lists by index: no per-token object is built, and an index costs
    less than an attribute read through a property.
    """

    __slots__ = (
        "text", "start", "end", "quotes", "para_end",
        "starts", "ends", "words", "lows", "is_word", "is_cap", "n",
    )  # fmt: skip

    def __init__(
        self,
        text: str,
        start: int,
        end: int,
        quotes: list[int],
        para_end: int,
        table: _TokenTable | None = None,
        lo: int = 0,
        hi: int | None = None,
    ):
        """Tokens ``lo`` to ``hi`` of ``table`` (default: the tokens of ``text[start:end]``)."""
        self.text = text
        self.start = start
        self.end = end
        self.quotes = quotes
        self.para_end = para_end
        if table is None:
            table, lo, hi = _TokenTable(text, start, end), 0, None
        self.starts = table.starts[lo:hi]
        self.ends = table.ends[lo:hi]
        self.words = words = table.words[lo:hi]
        self.lows = table.lows[lo:hi]
        self.is_word = table.is_word[lo:hi]
        self.is_cap = table.is_cap[lo:hi]
        self.n = len(words)

    def quotes_before(self, pos: int) -> int:
        return bisect.bisect_left(self.quotes, pos)


def _python_sentences_to_read(
    starts: list[int], ends: list[int], sentences: Sequence[Any], hits: list[int]
) -> list[tuple[int, int, int, int, int]]:
    """:func:`sentences_to_read` in Python (the fallback, and the compiled twin's reference)."""
    out = []
    for i, sentence in enumerate(sentences):
        lo = bisect.bisect_left(starts, sentence.start)
        hi = bisect.bisect_left(starts, sentence.end)
        if (lo > 0 and ends[lo - 1] > sentence.start) or (hi > 0 and ends[hi - 1] > sentence.end):
            out.append((i, -1, -1, 0, 0))
            continue
        h = bisect.bisect_left(hits, lo)
        if h < len(hits) and hits[h] < hi:
            out.append((i, lo, hi, h, bisect.bisect_left(hits, hi, h)))
    return out


_SENTENCES_TO_READ = _compiled("sentences_to_read", _python_sentences_to_read)


def sentences_to_read(
    table: _TokenTable, sentences: Sequence[Any], hits: list[int]
) -> list[tuple[int, int, int, int, int]]:
    """The sentences that hold a trigger token, in one pass over the article's sentences.

    ``hits`` are the sorted indices in ``table`` of the trigger tokens. For each sentence
    (objects with ``start`` and ``end``) holding one, ``(index, lo, hi, h, h_end)``: its
    tokens are ``lo`` to ``hi`` (:meth:`_TokenTable.bounds`) and its trigger tokens
    ``hits[h:h_end]``. A sentence a token of the whole text straddles (``bounds`` is
    ``None``) gives ``(index, -1, -1, 0, 0)``: it must be tokenised alone, hits or not.
    Compiled where the core is built (same result, tested).
    """
    return _SENTENCES_TO_READ(table.starts, table.ends, sentences, hits)


def _python_trigger_hits(
    lows: list[str], opening: frozenset[str], frames: tuple[list[str], ...]
) -> list[int]:
    """:func:`trigger_hits` in Python (the fallback, and the compiled twin's reference)."""
    # compress/map keep the scan of every token in C; only the few hits are checked here.
    return [
        k
        for k in itertools.compress(range(len(lows)), map(opening.__contains__, lows))
        if lows[k] != "in" or lows[k + 1 : k + 4] in frames
    ]


_TRIGGER_HITS = _compiled("trigger_hits", _python_trigger_hits)


def trigger_hits(
    lows: list[str], opening: frozenset[str], frames: tuple[list[str], ...]
) -> list[int]:
    """The indices of the tokens that may open a relation: every token whose lower-cased
    form (``lows``) is in ``opening``, but an "in" only where the three tokens after it are
    one of ``frames`` ("in an interview with"). Compiled where the core is built (one loop
    of set lookups, same hits, tested).
    """
    return _TRIGGER_HITS(lows, opening, frames)


def _python_capitalised_hits(
    lows: list[str], words: frozenset[str], is_word: list[bool], is_cap: list[bool]
) -> list[int]:
    """:func:`capitalised_hits` in Python (the fallback, and the compiled twin's reference)."""
    return [
        k
        for k in itertools.compress(range(len(lows)), map(words.__contains__, lows))
        if is_cap[k] and is_word[k]
    ]


_CAPITALISED_HITS = _compiled("capitalised_hits", _python_capitalised_hits)


def capitalised_hits(
    lows: list[str], words: frozenset[str], is_word: list[bool], is_cap: list[bool]
) -> list[int]:
    """The indices of the tokens whose lower-cased form (``lows``) is in ``words`` and whose
    first character is a letter or digit (``is_word``) in upper case (``is_cap``): the
    capitalised tokens that may open an alias mention (:func:`.mentions._mentions_in`).
    Compiled where the core is built (one loop of set lookups, same hits, tested).
    """
    return _CAPITALISED_HITS(lows, words, is_word, is_cap)


def sentence_indices(token_starts: Sequence[int], sentence_starts: Sequence[int]) -> list[int]:
    """The sentence of each token: the index of the last sentence starting at or before it
    (-1 before the first), for sorted ``token_starts`` and ``sentence_starts``: what
    ``bisect_right(sentence_starts, start) - 1`` gives for every token. Compiled where the
    core is built and both are lists (one merge of the two lists, same result, tested).
    """
    if type(token_starts) is list and type(sentence_starts) is list:
        return _SENTENCE_INDICES(token_starts, sentence_starts)
    return _python_sentence_indices(token_starts, sentence_starts)


def _python_sentence_indices(
    token_starts: Sequence[int], sentence_starts: Sequence[int]
) -> list[int]:
    """:func:`sentence_indices` in Python, by runs: one bisection per sentence instead of one
    per token (the fallback, and the compiled twin's reference).
    """
    n = len(token_starts)
    if not n:
        return []
    first = bisect.bisect_right(sentence_starts, token_starts[0]) - 1
    last = bisect.bisect_right(sentence_starts, token_starts[-1]) - 1
    out: list[int] = []
    done = 0
    for s in range(first, last + 1):
        end = bisect.bisect_left(token_starts, sentence_starts[s + 1], done) if s < last else n
        out += [s] * (end - done)
        done = end
    return out


_SENTENCE_INDICES = _compiled("sentence_indices", _python_sentence_indices)
