# cython: language_level=3
"""Indented JSON in C (optional; see :mod:`credence.indented_json`, whose writer this mirrors).

Writes what ``json.dumps(obj, ensure_ascii=False, indent=N)`` writes for dicts, lists, tuples,
strings, numbers, booleans and None, with the standard library's own string escaper and
number texts; raises :class:`Unusual` for anything else (and past :data:`MAX_DEPTH` levels,
where json's recursion check must decide), and the caller then hands the object to
``json.dumps``. ``tests/test_indented_json.py`` holds it to ``json.dumps``.
"""

from json.encoder import encode_basestring

from cpython.unicode cimport PyUnicode_DATA, PyUnicode_KIND, PyUnicode_READ


cdef extern from "Python.h":
    # CPython's string builder (what str.join and str.format write with): one growing buffer
    # instead of a list of millions of small parts joined at the end.
    ctypedef struct _PyUnicodeWriter:
        int overallocate
    void _PyUnicodeWriter_Init(_PyUnicodeWriter* writer)
    int _PyUnicodeWriter_WriteStr(_PyUnicodeWriter* writer, object text) except -1
    int _PyUnicodeWriter_WriteChar(_PyUnicodeWriter* writer, Py_UCS4 char) except -1
    int _PyUnicodeWriter_WriteASCIIString(
        _PyUnicodeWriter* writer, const char* ascii, Py_ssize_t length
    ) except -1
    object _PyUnicodeWriter_Finish(_PyUnicodeWriter* writer)
    void _PyUnicodeWriter_Dealloc(_PyUnicodeWriter* writer)
    int PyUnicode_READY(object text) except -1
    long long PyLong_AsLongLongAndOverflow(object number, int* overflow) except? -1

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


cdef bint _needs_no_escape(str text) noexcept:
    """Whether json's escaper (``ensure_ascii=False``) would only put quotes around ``text``:
    it escapes ``"``, ``\\`` and the characters below U+0020, nothing else."""
    cdef Py_ssize_t i, n = len(text)
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_UCS4 c
    for i in range(n):
        c = PyUnicode_READ(kind, data, i)
        if c < 0x20 or c == 0x22 or c == 0x5C:
            return False
    return True


cdef class _Writer:
    cdef _PyUnicodeWriter out
    cdef str step
    cdef dict key_texts  # '"key": ' of each exact str key met in this call
    cdef list levels  # the punctuation of each depth, made once (see _level)
    cdef char digits[24]  # an exact int's decimal text (at most 20 characters with its sign)

    def __cinit__(self):
        _PyUnicodeWriter_Init(&self.out)
        self.out.overallocate = 1

    def __dealloc__(self):
        _PyUnicodeWriter_Dealloc(&self.out)  # a no-op once finish() has taken the buffer

    def __init__(self, str step):
        self.step = step
        self.key_texts = {}
        self.levels = []

    cdef object finish(self):
        return _PyUnicodeWriter_Finish(&self.out)

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

    cdef void emit(self, str text) except *:
        _PyUnicodeWriter_WriteStr(&self.out, text)

    cdef bint write_plain_scalar(self, object value) except -1:
        """Write an exact ``str`` that needs no escape or an exact ``int`` of 64 bits, as json
        writes them, straight into the buffer; False (nothing written) for anything else."""
        cdef int overflow = 0
        cdef long long number
        cdef Py_ssize_t length
        if type(value) is str:
            PyUnicode_READY(value)
            if not _needs_no_escape(<str>value):
                return False
            _PyUnicodeWriter_WriteChar(&self.out, 0x22)
            _PyUnicodeWriter_WriteStr(&self.out, value)
            _PyUnicodeWriter_WriteChar(&self.out, 0x22)
            return True
        if type(value) is int:
            number = PyLong_AsLongLongAndOverflow(value, &overflow)
            if overflow:
                return False
            length = _decimal(number, self.digits)
            _PyUnicodeWriter_WriteASCIIString(&self.out, self.digits, length)
            return True
        return False

    cdef void write(self, object value, int depth) except *:
        if self.write_plain_scalar(value):
            return
        cdef str scalar = _scalar_text(value)
        if scalar is not None:
            self.emit(scalar)
        elif depth >= MAX_DEPTH:
            raise Unusual
        elif isinstance(value, (list, tuple)):
            self.write_list(value, depth)
        elif isinstance(value, dict):
            self.write_dict(value, depth)
        else:
            raise Unusual

    cdef void write_list(self, object items, int depth) except *:
        cdef str separator, comma
        cdef tuple level
        if not items:
            self.emit("[]")
            return
        level = self._level(depth)
        separator = <str>level[0]
        comma = <str>level[2]
        for item in items:
            self.emit(separator)
            self.write(item, depth + 1)
            separator = comma
        self.emit(<str>level[3])

    cdef void write_dict(self, object items, int depth) except *:
        cdef dict key_texts = self.key_texts
        cdef str separator, comma, key_text
        cdef tuple level
        if not items:
            self.emit("{}")
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
            self.emit(separator)
            self.emit(key_text)
            self.write(item, depth + 1)
            separator = comma
        self.emit(<str>level[4])


cdef Py_ssize_t _decimal(long long number, char* out) noexcept:
    """Write ``number`` in decimal (``int.__repr__``'s text) into ``out``; its length."""
    cdef char reversed_digits[24]
    cdef Py_ssize_t count = 0, length = 0
    # The magnitude as unsigned: the least long long has no positive long long.
    cdef unsigned long long rest = (
        <unsigned long long>(-(number + 1)) + 1 if number < 0 else <unsigned long long>number
    )
    while True:
        reversed_digits[count] = <char>(48 + rest % 10)
        count += 1
        rest //= 10
        if rest == 0:
            break
    if number < 0:
        out[length] = 45  # "-"
        length += 1
    while count:
        count -= 1
        out[length] = reversed_digits[count]
        length += 1
    return length


def dumps_indented(obj, int indent):
    """``json.dumps(obj, ensure_ascii=False, indent=indent)``, or :class:`Unusual`."""
    cdef _Writer writer = _Writer(" " * indent)
    writer.write(obj, 0)
    return writer.finish()
