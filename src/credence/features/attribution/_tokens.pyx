# cython: language_level=3, boundscheck=False, wraparound=False
"""Compiled scan of an article's tokens (optional extension, see ``setup.py``).

:func:`scan_tokens` finds the tokens ``tokens._TOKEN_RE.finditer`` finds, with the same
character classes as Python's ``re`` module (``\\w``: ``Py_UNICODE_ISALNUM`` or ``_``;
``\\s``: ``Py_UNICODE_ISSPACE``), in one pass over the text's code points: no match object
and no regex engine per token. ``tests/test_attribution_tokens.py`` compares it with the
pattern and with the pure-Python scan of :class:`credence.features.attribution.tokens._TokenTable`.
"""

from cpython.list cimport PyList_GET_ITEM


cdef extern from "Python.h":
    int PyUnicode_READY(object text) except -1
    object PyUnicode_New(Py_ssize_t size, Py_UCS4 maxchar)
    unsigned char *PyUnicode_1BYTE_DATA(object text)
    int PyUnicode_KIND(object text)
    void *PyUnicode_DATA(object text)
    Py_UCS4 PyUnicode_READ(int kind, void *data, Py_ssize_t index)
    object PyUnicode_Substring(object text, Py_ssize_t start, Py_ssize_t end)
    bint Py_UNICODE_ISALNUM(Py_UCS4 ch)
    bint Py_UNICODE_ISSPACE(Py_UCS4 ch)
    bint Py_UNICODE_ISUPPER(Py_UCS4 ch)


cdef inline bint is_word(Py_UCS4 ch):
    if ch < 128:
        return (u'0' <= ch <= u'9') or (u'a' <= ch <= u'z') or (u'A' <= ch <= u'Z') or ch == u'_'
    return Py_UNICODE_ISALNUM(ch)


cdef inline bint is_joiner(Py_UCS4 ch):
    # [’'\-.&]: what joins two runs of word characters into one token
    return ch == 0x2019 or ch == u"'" or ch == u'-' or ch == u'.' or ch == u'&'


cdef inline Py_ssize_t _word_end(int kind, void *data, Py_ssize_t i, Py_ssize_t stop):
    """End of the token whose first word character is at ``i - 1``: the rest of
    ``\\w+(?:[’'\\-.&]\\w+)*(?:[’']s?)?``, each optional part taken as soon as it matches."""
    cdef Py_UCS4 ch
    while i < stop and is_word(PyUnicode_READ(kind, data, i)):
        i += 1
    # (?:[’'\-.&]\w+)*
    while (
        i + 1 < stop
        and is_joiner(PyUnicode_READ(kind, data, i))
        and is_word(PyUnicode_READ(kind, data, i + 1))
    ):
        i += 2
        while i < stop and is_word(PyUnicode_READ(kind, data, i)):
            i += 1
    # (?:[’']s?)?
    if i < stop:
        ch = PyUnicode_READ(kind, data, i)
        if ch == 0x2019 or ch == u"'":
            i += 1
            if i < stop and PyUnicode_READ(kind, data, i) == u's':
                i += 1
    return i


def scan_tokens(str text, Py_ssize_t start, Py_ssize_t stop):
    """``(starts, ends, words, is_word, is_cap)`` of the tokens of ``text[start:stop]``
    (offsets into ``text``; whether each token's first character is a letter or digit, as
    ``str.isalnum`` says, and upper case, as ``str.isupper`` says).

    A token is ``\\w+(?:[’'\\-.&]\\w+)*(?:[’']s?)?`` or one character that is neither a word
    character nor a space; every part after the first run of word characters is optional
    and greedy, so taking each part as soon as it matches finds the pattern's match.
    """
    # One loop for both scans: the tokens are what scan_tokens_lows finds, less their lows.
    starts, ends, words, _, is_alnum, is_cap = scan_tokens_lows(text, start, stop)
    return starts, ends, words, is_alnum, is_cap


cdef object _ascii_lower(object word, int kind, void *data, Py_ssize_t first, Py_ssize_t end):
    """``word`` (``text[first:end]``, all ASCII, with an upper-case letter) in lower case."""
    cdef Py_ssize_t k
    cdef Py_UCS4 ch
    low = PyUnicode_New(end - first, 127)  # a compact ASCII string: one byte a character
    cdef unsigned char *out = PyUnicode_1BYTE_DATA(low)
    for k in range(first, end):
        ch = PyUnicode_READ(kind, data, k)
        if u'A' <= ch <= u'Z':
            ch = <Py_UCS4> (<unsigned int> ch + 32)
        out[k - first] = <unsigned char> ch
    return low


def scan_tokens_lows(str text, Py_ssize_t start, Py_ssize_t stop):
    """:func:`scan_tokens` plus the lower-cased form of every token, with "’" as "'" (what
    ``word.lower().replace("’", "'")`` gives), as ``(starts, ends, words, lows, is_word,
    is_cap)``.

    A token of ASCII characters is lowered here (only A-Z change case), and one with no
    upper-case letter is its own lower case (the same string object, nothing built); other
    tokens go through ``str.lower``, whose Unicode rules this does not repeat.
    """
    cdef list starts = []
    cdef list ends = []
    cdef list words = []
    cdef list lows = []
    cdef list is_alnum = []
    cdef list is_cap = []
    cdef Py_ssize_t i = start, first, k
    cdef Py_UCS4 ch, widest
    cdef bint upper
    PyUnicode_READY(text)
    cdef int kind = PyUnicode_KIND(text)
    cdef void *data = PyUnicode_DATA(text)
    while i < stop:
        ch = PyUnicode_READ(kind, data, i)
        if ch == u' ' or Py_UNICODE_ISSPACE(ch):
            i += 1
            continue
        first = i
        i += 1
        is_alnum.append(Py_UNICODE_ISALNUM(ch))
        is_cap.append(Py_UNICODE_ISUPPER(ch))
        if is_word(ch):
            i = _word_end(kind, data, i, stop)
        starts.append(first)
        ends.append(i)
        word = PyUnicode_Substring(text, first, i)
        words.append(word)
        widest = 0
        upper = False
        for k in range(first, i):
            ch = PyUnicode_READ(kind, data, k)
            if ch > widest:
                widest = ch
            if u'A' <= ch <= u'Z':
                upper = True
        if widest >= 128:
            lows.append(word.lower().replace("’", "'"))
        elif upper:
            lows.append(_ascii_lower(word, kind, data, first, i))
        else:
            lows.append(word)
    return starts, ends, words, lows, is_alnum, is_cap


cdef inline Py_ssize_t _item(list items, Py_ssize_t index):
    """``items[index]``, an int of a list of ints (borrowed: no reference is taken)."""
    return <Py_ssize_t> (<object> PyList_GET_ITEM(items, index))


cdef inline Py_ssize_t _at_or_after(list items, Py_ssize_t x, Py_ssize_t lo, Py_ssize_t hi):
    """``bisect.bisect_left(items, x, lo, hi)`` for a sorted list of ints."""
    cdef Py_ssize_t mid
    while lo < hi:
        mid = (lo + hi) >> 1
        if _item(items, mid) < x:
            lo = mid + 1
        else:
            hi = mid
    return lo


def sentences_to_read(list starts, list ends, sentences, list hits):
    """The sentences the rules read, as
    :func:`credence.features.attribution.tokens.sentences_to_read` finds them in Python:
    ``(index, lo, hi, first hit, end of hits)`` of each sentence holding a trigger token, and
    ``(index, -1, -1, 0, 0)`` of each sentence a token of the whole text straddles.
    """
    cdef Py_ssize_t i = 0, lo, hi, h, s_start, s_end
    cdef Py_ssize_t n = len(starts), n_hits = len(hits)
    cdef list out = []
    for sentence in sentences:
        s_start = sentence.start
        s_end = sentence.end
        lo = _at_or_after(starts, s_start, 0, n)
        hi = _at_or_after(starts, s_end, 0, n)
        if (lo > 0 and _item(ends, lo - 1) > s_start) or (hi > 0 and _item(ends, hi - 1) > s_end):
            out.append((i, -1, -1, 0, 0))
        else:
            h = _at_or_after(hits, lo, 0, n_hits)
            if h < n_hits and _item(hits, h) < hi:
                out.append((i, lo, hi, h, _at_or_after(hits, hi, h, n_hits)))
        i += 1
    return out


def trigger_hits(list lows, frozenset opening, tuple frames):
    """The indices of the tokens that may open a relation, as
    :func:`credence.features.attribution.tokens.trigger_hits` finds them in Python: every
    token whose lower-cased form is in ``opening``, but an "in" only where the three tokens
    after it are one of ``frames`` ("in an interview with").
    """
    cdef Py_ssize_t k, n = len(lows)
    cdef list out = []
    for k in range(n):
        low = <object> PyList_GET_ITEM(lows, k)
        if low in opening and (low != "in" or lows[k + 1 : k + 4] in frames):
            out.append(k)
    return out


def capitalised_hits(list lows, frozenset words, list is_word, list is_cap):
    """The indices of the tokens that may open an alias mention, as
    :func:`credence.features.attribution.tokens.capitalised_hits` finds them in Python: every
    token whose lower-cased form (``lows``) is in ``words`` and whose first character is a
    letter or digit (``is_word``) in upper case (``is_cap``).
    """
    cdef Py_ssize_t k, n = len(lows)
    cdef list out = []
    for k in range(n):
        if (
            <object> PyList_GET_ITEM(lows, k) in words
            and <object> PyList_GET_ITEM(is_cap, k)
            and <object> PyList_GET_ITEM(is_word, k)
        ):
            out.append(k)
    return out


def sentence_indices(list token_starts, list sentence_starts):
    """The sentence of each token, as
    :func:`credence.features.attribution.tokens.sentence_indices` finds it in Python: the
    index of the last sentence starting at or before the token (-1 before the first), for
    sorted lists of ints, in one merge of the two lists.
    """
    cdef Py_ssize_t n = len(token_starts), n_sentences = len(sentence_starts)
    cdef Py_ssize_t k, s = -1
    cdef list out = []
    for k in range(n):
        # bisect_right(sentence_starts, start) - 1: the sentences starting at or before it.
        while s + 1 < n_sentences and _item(sentence_starts, s + 1) <= _item(token_starts, k):
            s += 1
        out.append(s)
    return out
