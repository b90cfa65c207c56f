# cython: language_level=3, boundscheck=False, wraparound=False
"""The claim rules' tokens of one clause, in C (optional; see ``clause_tokens``).

Each function finds exactly what its pattern in :mod:`credence.features.clause_tokens` finds
with ``findall``, reading code points with the character classes of Python's regex engine
(``\\d`` is ``Py_UNICODE_ISDECIMAL``, ``\\w`` is ``Py_UNICODE_ISALNUM`` or ``_``);
``tests/test_clause_tokens.py`` holds both to the patterns.
"""

from cpython.unicode cimport (
    Py_UNICODE_ISALNUM,
    Py_UNICODE_ISDECIMAL,
    Py_UNICODE_ISUPPER,
    PyUnicode_DATA,
    PyUnicode_KIND,
    PyUnicode_READ,
)


cdef extern from "Python.h":
    # Makes sure a (legacy) string has its code points in its buffer before they are read.
    int PyUnicode_READY(object text) except -1


cdef inline bint _ascii_letter(Py_UCS4 c) noexcept:
    return (65 <= c <= 90) or (97 <= c <= 122)


cdef inline bint _word_char(Py_UCS4 c) noexcept:
    # ASCII first: Py_UNICODE_ISALNUM is four look-ups in the Unicode database a character,
    # and news text is nearly all ASCII. Below 128, ``\w`` is exactly [0-9A-Za-z_].
    if c < 128:
        return (48 <= c <= 57) or (65 <= c <= 90) or (97 <= c <= 122) or c == 95
    return Py_UNICODE_ISALNUM(c)


def clause_words(str text):
    """``tuple(WORD.findall(text))``: words ``[A-Za-z][A-Za-z'’-]*`` and numbers ``\\d[\\d,.]*%?``."""
    # Code points are read straight from the string's buffer (its kind says their width).
    PyUnicode_READY(text)
    cdef Py_ssize_t n = len(text), i = 0, start
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_UCS4 c
    out = []
    while i < n:
        c = PyUnicode_READ(kind, data, i)
        if _ascii_letter(c):
            start = i
            i += 1
            while i < n:
                c = PyUnicode_READ(kind, data, i)
                if _ascii_letter(c) or c == 39 or c == 0x2019 or c == 45:  # ' ’ -
                    i += 1
                else:
                    break
            out.append(text[start:i])
        elif Py_UNICODE_ISDECIMAL(c):
            start = i
            i += 1
            while i < n:
                c = PyUnicode_READ(kind, data, i)
                if Py_UNICODE_ISDECIMAL(c) or c == 44 or c == 46:  # , .
                    i += 1
                else:
                    break
            if i < n and PyUnicode_READ(kind, data, i) == 37:  # %
                i += 1
            out.append(text[start:i])
        else:
            i += 1
    return tuple(out)


def word_runs(str lowered):
    """``frozenset(WORD_RUN.findall(lowered))``: the maximal runs of ``\\w``."""
    PyUnicode_READY(lowered)
    cdef Py_ssize_t n = len(lowered), i = 0, start
    cdef int kind = PyUnicode_KIND(lowered)
    cdef void* data = PyUnicode_DATA(lowered)
    # Listed, then hashed into the frozenset once (a set would be copied into it).
    out = []
    while i < n:
        if _word_char(PyUnicode_READ(kind, data, i)):
            start = i
            i += 1
            while i < n and _word_char(PyUnicode_READ(kind, data, i)):
                i += 1
            out.append(lowered[start:i])
        else:
            i += 1
    return frozenset(out)


def finite_words(frozenset finite, frozenset determiners, is_past, words):
    """The words that look like finite verbs, as ``claims._python_finite_verbs_of`` picks them
    (the arguments in this order, so that the claim rules bind the word lists once).

    A word whose lower-case form is in ``finite``; or one ending in "ed" for which
    ``is_past(lower-case form)`` holds and that does not follow a word of ``determiners``.
    """
    cdef tuple ws = words if type(words) is tuple else tuple(words)
    cdef Py_ssize_t i, n = len(ws), size
    cdef str low
    if n == 0:
        return ()
    # As the Python rule does: lower-casing the words joined is one call for all of them.
    cdef list lows = " ".join(ws).lower().split(" ")
    out = []
    for i in range(n):
        low = <str>lows[i]
        if low in finite:
            out.append(ws[i])
            continue
        size = len(low)
        if size < 2 or low[size - 2] != u"e" or low[size - 1] != u"d":
            continue
        if is_past(low) and (i == 0 or lows[i - 1] not in determiners):
            out.append(ws[i])
    return tuple(out)


# The four characters that IGNORECASE equates with an ASCII letter but ``str.lower`` does not
# map onto it (see credence.features.case_blind._CASE_TRAPS).
cdef inline bint _case_trap(Py_UCS4 c) noexcept:
    return c == 0x130 or c == 0x131 or c == 0x17F or c == 0x212A


def clause_facts(str text):
    """``(clause_words(text), lowered, runs, has_digit, has_letter)`` in one call, as
    ``clause_tokens.python_clause_facts`` defines them.

    ``lowered`` is ``case_blind.lowered_text(text)`` (None when a case trap makes lower-cased
    searches inexact), ``runs`` its :func:`word_runs` (None with it), ``has_digit`` whether
    ``\\d`` matches somewhere and ``has_letter`` whether ``[A-Za-z]`` does.
    """
    PyUnicode_READY(text)
    cdef Py_ssize_t n = len(text), i
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_UCS4 c
    cdef bint digit = False, letter = False, trap = False
    for i in range(n):
        c = PyUnicode_READ(kind, data, i)
        if c < 128:
            if 48 <= c <= 57:
                digit = True
            elif (65 <= c <= 90) or (97 <= c <= 122):
                letter = True
        else:
            if not digit and Py_UNICODE_ISDECIMAL(c):
                digit = True
            if _case_trap(c):
                trap = True
    words = clause_words(text)
    if trap:
        return words, None, None, digit, letter
    lowered = text.lower()
    return words, lowered, word_runs(lowered), digit, letter


def capitalised_after_first(tuple words, frozenset ordinary):
    """How many words after the first open with an upper-case letter and are not in
    ``ordinary``: ``clause_tokens.python_capitalised_after_first``. The words are never empty.
    """
    cdef Py_ssize_t i, n = len(words), count = 0
    cdef str word
    for i in range(1, n):
        word = <str>words[i]
        if Py_UNICODE_ISUPPER(word[0]) and word not in ordinary:
            count += 1
    return count


def event_words(frozenset not_event, frozenset irregular_past, tuple verbs):
    """The verbs that report an event, as ``claims._python_event_verbs_of`` picks them (the
    arguments in this order, so that the claim rules bind the word lists once): those whose
    lower-case form is not in ``not_event`` and is in ``irregular_past`` or ends in "ed".
    """
    cdef Py_ssize_t i, n = len(verbs), size
    cdef str low
    if n == 0:
        return ()
    out = []
    for i in range(n):
        low = (<str>verbs[i]).lower()
        if low in not_event:
            continue
        size = len(low)
        if low in irregular_past or (size >= 2 and low[size - 2] == u"e" and low[size - 1] == u"d"):
            out.append(verbs[i])
    return tuple(out)
