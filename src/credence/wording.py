"""How values are named in error messages: ``a list``, ``'a shortened text...'``.

Readers of articles and of training data describe bad values the same way, in words a user
understands rather than as Python reprs.
"""

from __future__ import annotations

from typing import Any

__all__ = ["json_kind", "quoted"]


def json_kind(value: Any) -> str:
    """What a JSON value is, in words: ``a list``, ``a number``, ``null``…"""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return f"a {type(value).__name__}"


def quoted(text: str, limit: int = 60) -> str:
    """``'text'`` for a message: control characters escaped, long text shortened."""
    shown = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
    if len(shown) > limit:
        shown = shown[: limit - 3] + "..."
    return f"'{shown}'"
