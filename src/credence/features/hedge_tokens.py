"""Tokens of a text as hedge matching reads them, and its letter mask.

Words; a "n't" contraction split off ("couldn't" -> "could", "n't"); numbers with their
thousands separators and decimals ("10,000", "3.5"); any other non-space character one
token. Tokenisation is linear (see the patterns). Where the optional compiled core is built
(``_hedge_tokens``, see ``setup.py``) a C scan finds the same tokens, in about half the time
(``tests/test_hedge_tokens_core.py``).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

__all__ = ["Tokens", "letter_mask", "tokenize"]

# Words: a "n't" contraction is split off ("couldn't" -> "could", "n't"); numbers keep their
# thousands separators and decimals ("10,000", "3.5"); any other non-space char is one token.
# Each alternative consumes at least one character and the only backtracking is the bounded
# "n't" lookahead, so tokenisation is linear.
_TOKEN_RE = re.compile(
    r"\w+?(?=n['’]t\b)|n['’]t\b|\d+(?:[.,]\d+)*|\w+|[^\w\s]",
    re.UNICODE,
)
# The same tokens with the whitespace before each, so that one C-level findall gives every
# offset by a running sum (much cheaper than one match object per token). Two alternatives
# are spelt for speed, with the same matches:
# - a word starting with a letter (or "_") and not followed by a quote is one token (no "n't"
#   can split it, and no number starts it): the first alternative takes it in one scan;
# - "\w+?(?=n't\b)" tries the lookahead after every character, but it can only succeed where
#   the run of word characters (which a quote ends) is two or more long and ends in "n" before
#   "'t": a possessive scan checks that once, then "\w+(?=n't\b)" gives the single match.
_SPACED_TOKEN_RE = re.compile(
    r"\s*(?:[^\W\d]\w*+(?!['’])"
    r"|(?=\w\w++(?<=n)['’]t\b)\w+(?=n['’]t\b)|n['’]t\b|\d+(?:[.,]\d+)*|\w+|[^\w\s])"
)
# Lowercase ASCII letters stay, every other byte becomes a space (see letter_mask).
_LETTERS_ONLY = bytes(c if 97 <= c <= 122 else c + 32 if 65 <= c <= 90 else 32 for c in range(256))


def _compiled_scan() -> Callable[[str, int, int], tuple[list[int], list[int], list[str]]] | None:
    """The compiled token scan (``_hedge_tokens``, same tokens) where the core is built."""
    try:
        from credence.features._hedge_tokens import scan_tokens
    except ImportError:  # not built (no C compiler): the pattern gives the same tokens
        return None
    return scan_tokens  # type: ignore[no-any-return]


_SCAN = _compiled_scan()


def tokenize(text: str) -> list[tuple[int, int, str]]:
    """Return ``(start, end, lowercase token)`` for every token of ``text``."""
    return list(Tokens(text))


class Tokens:
    """The tokens of ``text[start:end]`` as ``(start, end, lowercase token)``, in parallel lists.

    Every non-space character starts a token, so one C-level ``findall`` of the tokens with
    the whitespace before each finds exactly the tokens of ``_TOKEN_RE.finditer``, and a
    running sum of the chunk lengths gives the offsets: much cheaper than one match object
    per token. Tuples are only built for the few tokens the context rules read. ``start`` and
    ``end`` must lie where the tokens of the whole text start and stop (see _tokens_around).
    """

    __slots__ = ("ends", "lengths", "lows")

    def __init__(self, text: str, start: int = 0, end: int | None = None) -> None:
        # Without ``end`` the whole text is read and ``start`` only shifts the offsets.
        stop = len(text) if end is None else end
        if _SCAN is not None and 0 <= start <= stop <= len(text) and (end or not start):
            self.ends, self.lengths, words = _SCAN(text, start, stop)
        else:
            # A slice: the regex engine is faster on text of one byte a character, and a
            # stretch of a text is often plain ASCII when the whole is not.
            chunks = _SPACED_TOKEN_RE.findall(text if end is None else text[start:end])
            # A token never starts with whitespace, so stripping the chunk leaves the token.
            words = list(map(str.lstrip, chunks))
            self.ends = list(itertools.accumulate(map(len, chunks), initial=start))[1:]
            self.lengths = list(map(len, words))
        # A NUL neither is nor ignores case: lowering the joined tokens lowers each alone.
        self.lows = "\x00".join(words).lower().split("\x00") if words else []
        if len(self.lows) != len(words):  # a NUL token: the separator does not work
            self.lows = [w.lower() for w in words]

    def __len__(self) -> int:
        return len(self.ends)

    def extended(self, after: Tokens) -> Tokens:
        """These tokens followed by ``after`` (the tokens of the text right after them)."""
        tokens = object.__new__(Tokens)
        tokens.ends = self.ends + after.ends
        tokens.lengths = self.lengths + after.lengths
        tokens.lows = self.lows + after.lows
        return tokens

    def __getitem__(self, k: int) -> tuple[int, int, str]:
        end = self.ends[k]
        return end - self.lengths[k], end, self.lows[k]


def letter_mask(text: str) -> bytes:
    """``text`` lowercased, each character but an ASCII letter made a space, after a space.

    Offsets shift by one: the cue finder's match at ``k`` is a cue start at ``k`` in ``text``.
    """
    return b" " + text.encode("ascii", "replace").translate(_LETTERS_ONLY)
