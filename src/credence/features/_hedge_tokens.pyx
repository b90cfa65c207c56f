# cython: language_level=3, boundscheck=False, wraparound=False
"""The hedge matcher's tokens, in C (optional; see :class:`credence.features.hedge_tokens.Tokens`).

Finds exactly the tokens of ``hedge_tokens._TOKEN_RE.finditer(text[start:stop])``, reading
code points with the regex engine's character classes (``\\w`` is ``Py_UNICODE_ISALNUM`` or
"_", ``\\d`` is ``Py_UNICODE_ISDECIMAL``, ``\\s`` is ``Py_UNICODE_ISSPACE``), tried in the
pattern's order at each token start:

1. ``\\w+?(?=n['’]t\\b)``: the run of word characters ends in "n" right before "'t" or "’t"
   that a word boundary follows (a quote ends the run, so only its end can qualify), the
   token is the run less that "n" (at least one character);
2. ``n['’]t\\b``;
3. ``\\d+(?:[.,]\\d+)*``;
4. ``\\w+``;
5. ``[^\\w\\s]``: one character.

``tests/test_hedge_tokens_core.py`` holds it to the pattern.
"""

from cpython.unicode cimport Py_UNICODE_ISALNUM, Py_UNICODE_ISDECIMAL, Py_UNICODE_ISSPACE


cdef inline bint _word_char(Py_UCS4 c) noexcept:
    # ASCII first: Py_UNICODE_ISALNUM is four look-ups in the Unicode database a character,
    # and news text is nearly all ASCII. Below 128, ``\w`` is exactly [0-9A-Za-z_].
    if c < 128:
        return (48 <= c <= 57) or (65 <= c <= 90) or (97 <= c <= 122) or c == 95
    return Py_UNICODE_ISALNUM(c)


cdef inline bint _quote(Py_UCS4 c) noexcept:
    return c == 39 or c == 0x2019  # ' ’


cdef inline bint _nt_at(str text, Py_ssize_t i, Py_ssize_t stop):
    """Whether ``n['’]t\\b`` matches at ``i`` (``stop`` is the end of the string)."""
    if i + 2 >= stop:
        return False
    if text[i] != u"n" or not _quote(text[i + 1]) or text[i + 2] != u"t":
        return False
    return i + 3 == stop or not _word_char(text[i + 3])


def scan_tokens(str text, Py_ssize_t start, Py_ssize_t stop):
    """``(ends, lengths, words)`` of the tokens of ``text[start:stop]``; ends are offsets in
    ``text``."""
    cdef Py_ssize_t i = start, run_end, token_end
    cdef Py_UCS4 c
    ends = []
    lengths = []
    words = []
    while i < stop:
        c = text[i]
        if Py_UNICODE_ISSPACE(c):
            i += 1
            continue
        if _word_char(c):
            run_end = i + 1
            while run_end < stop and _word_char(text[run_end]):
                run_end += 1
            if run_end - i >= 2 and text[run_end - 1] == u"n" and _nt_at(text, run_end - 1, stop):
                token_end = run_end - 1  # 1: the run before its "n't"
            elif _nt_at(text, i, stop):
                token_end = i + 3  # 2
            elif Py_UNICODE_ISDECIMAL(c):  # 3
                token_end = i + 1
                while token_end < stop and Py_UNICODE_ISDECIMAL(text[token_end]):
                    token_end += 1
                while (
                    token_end + 1 < stop
                    and (text[token_end] == u"." or text[token_end] == u",")
                    and Py_UNICODE_ISDECIMAL(text[token_end + 1])
                ):
                    token_end += 2
                    while token_end < stop and Py_UNICODE_ISDECIMAL(text[token_end]):
                        token_end += 1
            else:
                token_end = run_end  # 4
        else:
            token_end = i + 1  # 5
        ends.append(token_end)
        lengths.append(token_end - i)
        words.append(text[i:token_end])
        i = token_end
    return ends, lengths, words
