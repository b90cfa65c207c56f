"""Indented JSON text, as ``json.dumps(obj, ensure_ascii=False, indent=N)`` writes it, faster.

With ``indent`` set, the standard library encodes in pure Python through nested generators
(its C encoder only serves compact output); for ``credence score`` and ``credence extract``
that was a tenth of the run. :func:`dumps_indented` writes the same characters with a plain
recursive function and the C string escaper. Anything it does not know (a type ``json``
would reject, a non-string key of an unusual type) is handed to ``json.dumps`` itself, so the
result, or the error, is always the standard library's (``tests/test_indented_json.py``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from json.encoder import encode_basestring
from typing import Any

__all__ = ["dumps_indented"]

_INFINITY = float("inf")


class _Unusual(Exception):
    """Raised inside the writer for anything it leaves to ``json.dumps``."""


def _float_text(value: float) -> str:
    # json's floatstr with allow_nan=True.
    if value != value:
        return "NaN"
    if value == _INFINITY:
        return "Infinity"
    if value == -_INFINITY:
        return "-Infinity"
    return float.__repr__(value)


def _key_text(key: Any) -> str:
    if isinstance(key, str):
        return encode_basestring(key)
    if isinstance(key, float):
        return encode_basestring(_float_text(key))
    if key is True:
        return '"true"'
    if key is False:
        return '"false"'
    if key is None:
        return '"null"'
    if isinstance(key, int):
        return encode_basestring(int.__repr__(key))
    raise _Unusual


def _scalar_text(value: Any) -> str | None:
    """The JSON of a string, number, bool or None (json's order of tests); None otherwise."""
    if isinstance(value, str):
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _float_text(value)
    return None


def _true_or_false(value: bool) -> str:
    return "true" if value else "false"


def _null(_: None) -> str:
    return "null"


# The JSON of a value of exactly these types (subclasses take _scalar_text, which tests them
# in json's order): one dictionary look-up instead of a chain of isinstance tests.
_SCALAR_BY_TYPE: dict[type, Callable[[Any], str]] = {
    str: encode_basestring,
    int: int.__repr__,
    float: _float_text,
    bool: _true_or_false,
    type(None): _null,
}


def _writer(step: str, emit: Callable[[str], Any]) -> Callable[[Any, str], None]:
    scalar_by_type = _SCALAR_BY_TYPE
    # "key": of every str key met in this call, written once (only exact str keys: 1 and
    # True are the same dictionary key but not the same JSON).
    key_texts: dict[str, str] = {}

    def write(value: Any, indent: str) -> None:
        scalar = _scalar_text(value)
        if scalar is not None:
            emit(scalar)
        elif isinstance(value, list | tuple):
            write_list(value, indent)
        elif isinstance(value, dict):
            write_dict(value, indent)
        else:
            raise _Unusual

    def write_list(items: Any, indent: str) -> None:
        if not items:
            emit("[]")
            return
        inner = indent + step
        separator = "[\n" + inner
        for item in items:
            scalar = scalar_by_type.get(type(item))
            if scalar is not None:
                emit(separator + scalar(item))
            else:
                emit(separator)
                write(item, inner)
            separator = ",\n" + inner
        emit("\n" + indent + "]")

    def write_dict(items: dict[Any, Any], indent: str) -> None:
        if not items:
            emit("{}")
            return
        inner = indent + step
        separator = "{\n" + inner
        for key, item in items.items():
            if type(key) is str:
                key_text = key_texts.get(key)
                if key_text is None:
                    key_text = key_texts[key] = encode_basestring(key) + ": "
            else:
                key_text = _key_text(key) + ": "
            scalar = scalar_by_type.get(type(item))
            if scalar is not None:
                emit(separator + key_text + scalar(item))
            else:
                emit(separator + key_text)
                write(item, inner)
            separator = ",\n" + inner
        emit("\n" + indent + "}")

    return write


def _compiled_writer() -> Any:
    # The same writer in C where the optional core is built (``_indented_json``, setup.py).
    try:
        from credence import _indented_json
    except ImportError:
        return None
    return _indented_json


_COMPILED = _compiled_writer()


def dumps_indented(obj: Any, indent: int = 2) -> str:
    """``json.dumps(obj, ensure_ascii=False, indent=indent)``, character for character.

    Examples
    --------
    >>> print(dumps_indented({"a": [1, 2.5, None], "b": {}, "é": "x"}))
    {
      "a": [
        1,
        2.5,
        null
      ],
      "b": {},
      "é": "x"
    }
    """
    if _COMPILED is not None:
        try:
            return _COMPILED.dumps_indented(obj, indent)  # type: ignore[no-any-return]
        except _COMPILED.Unusual:
            return json.dumps(obj, ensure_ascii=False, indent=indent)
    parts: list[str] = []
    try:
        _writer(" " * indent, parts.append)(obj, "")
    except (_Unusual, RecursionError):
        return json.dumps(obj, ensure_ascii=False, indent=indent)
    return "".join(parts)
