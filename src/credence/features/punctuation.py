"""Sentence-final, closing and opening punctuation, as segmentation reads it.

Paragraph splitting (a line ending in a terminator most likely ends a sentence), sentence
splitting and address detection all read these character sets: they are defined here once.
"""

from __future__ import annotations

import re

__all__ = [
    "CLOSER_CHARS",
    "CLOSERS",
    "OPENERS",
    "SPACELESS_TERMINATORS",
    "TERMINATORS",
    "TERMINATOR_CONTEXT",
]

TERMINATORS = ".!?\u2026\u203c\u2047\u2048\u2049\u3002\uff01\uff1f\uff61\u0964\u061f\u06d4"
# Full stops of scripts written without spaces: a sentence ends right after them.
SPACELESS_TERMINATORS = frozenset("\u3002\uff01\uff1f\uff61")
CLOSER_CHARS = "\"'\u201d\u2019\u00bb\u203a)]}\u300d\u300f"
CLOSERS = frozenset(CLOSER_CHARS)
# A run of sentence-final punctuation and what follows it: closing quotes or brackets (group 2
# ends where the sentence would end), whitespace (group 3 ends where the next one would
# begin), then any closers left after the space. The run is spelt "[.][.]*" rather than
# "[.]+" so that the regex engine can skip to the next terminator with its fast character-set
# scan (it does not look inside a leading repeat).
TERMINATOR_CONTEXT = re.compile(
    "([{t}][{t}]*)([{c}]*)(\\s*)[{c}]*".format(t=re.escape(TERMINATORS), c=re.escape(CLOSER_CHARS))
)
OPENERS = "\"'\u201c\u2018\u00ab\u2039([{\u300c\u300e"
