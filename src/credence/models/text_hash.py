"""Fingerprints of texts: equal after light normalisation means the same text.

Used to tell whether an evaluated claim or evidence text was in a model's training data, and
to group stance pairs by the text of their claim or evidence when the data gives no ids.
"""

from __future__ import annotations

import hashlib
import unicodedata

__all__ = ["NORMALISATION", "normalise_text", "text_key"]

#: How texts are normalised before hashing (recorded in model directories).
NORMALISATION = "NFKC, case-folded, whitespace collapsed; sha256 of the UTF-8 bytes"


def normalise_text(text: str) -> str:
    r"""NFKC, case-folded, whitespace collapsed: copies differing only in case or spacing match.

    Examples
    --------
    >>> normalise_text("  The  PORT\nclosed ")
    'the port closed'
    """
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def text_key(text: str) -> str:
    """The sha256 hex digest of :func:`normalise_text` of ``text``."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()
