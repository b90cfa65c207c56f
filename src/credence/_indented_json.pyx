# cython: language_level=3
"""Indented JSON in C (optional; see :mod:`credence.indented_json`, whose writer this mirrors).

Writes what ``json.dumps(obj, ensure_ascii=False, indent=N)`` writes for dicts, lists, tuples,
strings, numbers, booleans and None, with the standard library's own string escaper and
number texts; raises :class:`Unusual` for anything else (and past :data:`MAX_DEPTH` levels,
where json's recursion check must decide), and the caller then hands the object to
``json.dumps``. ``tests/test_indented_json.py`` holds it to ``json.dumps``.
"""

from json.encoder import encode_basestring

#: Deeper than this, the writer gives up (json.dumps then raises or writes, as it does).
MAX_DEPTH = 500

cdef object _encode = encode_basestring
cdef object _float_repr = float.__repr__
cdef object _int_repr = int.__repr__
cdef double _INF = float("inf")


class Unusual(Exception):
    """Raised for what the writer leaves to ``json.dumps``."""


cdef str _float_text(object value):
    # json's floatstr with allow_nan=True.
    cdef double number = value
    if number != number:
        return "NaN"
    if number == _INF:
        return "Infinity"
    if number == -_INF:
        return "-Infinity"
    return _float_repr(value)


cdef str _scalar_text(object value):
    """The JSON of a string, number, bool or None (json's order of tests); None otherwise."""
    if isinstance(value, str):
        return _encode(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return _int_repr(value)
    if isinstance(value, float):
        return _float_text(value)
    return None


cdef str _key_text(object key):
    if isinstance(key, str):
        return _encode(key)
    if isinstance(key, float):
        return _encode(_float_text(key))
    if key is True:
        return '"true"'
    if key is False:
        return '"false"'
    if key is None:
        return '"null"'
    if isinstance(key, int):
        return _encode(_int_repr(key))
    raise Unusual


cdef class _Writer:
    cdef list parts
    cdef str step
    cdef dict key_texts  # '"key": ' of each exact str key met in this call
    cdef list levels  # the punctuation of each depth, made once (see _level)

    def __init__(self, str step):
        self.parts = []
        self.step = step
        self.key_texts = {}
        self.levels = []

    cdef tuple _level(self, int depth):
        """``(open list, open dict, comma, close list, close dict)`` of a container at
        ``depth``: its items sit one step deeper, its closing bracket at its own depth."""
        cdef str outer, inner
        while len(self.levels) <= depth:
            outer = self.step * len(self.levels)
            inner = outer + self.step
            self.levels.append((
                "[\n" + inner, "{\n" + inner, ",\n" + inner, "\n" + outer + "]", "\n" + outer + "}"
            ))
        return <tuple>self.levels[depth]

    cdef void write(self, object value, int depth) except *:
        cdef str scalar = _scalar_text(value)
        if scalar is not None:
            self.parts.append(scalar)
        elif depth >= MAX_DEPTH:
            raise Unusual
        elif isinstance(value, (list, tuple)):
            self.write_list(value, depth)
        elif isinstance(value, dict):
            self.write_dict(value, depth)
        else:
            raise Unusual

    cdef void write_list(self, object items, int depth) except *:
        cdef list parts = self.parts
        cdef str separator, comma, scalar
        cdef tuple level
        if not items:
            parts.append("[]")
            return
        level = self._level(depth)
        separator = <str>level[0]
        comma = <str>level[2]
        for item in items:
            parts.append(separator)  # appended apart: join copies each piece once anyway
            scalar = _scalar_text(item)
            if scalar is not None:
                parts.append(scalar)
            else:
                self.write(item, depth + 1)
            separator = comma
        parts.append(<str>level[3])

    cdef void write_dict(self, object items, int depth) except *:
        cdef list parts = self.parts
        cdef dict key_texts = self.key_texts
        cdef str separator, comma, scalar, key_text
        cdef tuple level
        if not items:
            parts.append("{}")
            return
        level = self._level(depth)
        separator = <str>level[1]
        comma = <str>level[2]
        for key, item in items.items():
            if type(key) is str:
                key_text = key_texts.get(key)
                if key_text is None:
                    key_text = _encode(key) + ": "
                    key_texts[key] = key_text
            else:
                key_text = _key_text(key) + ": "
            parts.append(separator)
            parts.append(key_text)
            scalar = _scalar_text(item)
            if scalar is not None:
                parts.append(scalar)
            else:
                self.write(item, depth + 1)
            separator = comma
        parts.append(<str>level[4])


def dumps_indented(obj, int indent):
    """``json.dumps(obj, ensure_ascii=False, indent=indent)``, or :class:`Unusual`."""
    cdef _Writer writer = _Writer(" " * indent)
    writer.write(obj, 0)
    return "".join(writer.parts)
