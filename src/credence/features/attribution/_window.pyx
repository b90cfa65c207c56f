# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""Compiled sum of the tagger's window features into label scores (optional extension).

:func:`window_scores` computes what the numpy code of
:meth:`credence.features.attribution.emissions.EmissionScorer.article` computes before the
for every token, its word's own weights, then what its neighbours at -2, -1, +1 and +2 show
(or the paragraph-edge weights), then the distance to the nearest reporting verb on each
side, the quotation feature, the bigram and the paragraph marks (the rules' reading, alias
mentions, sentence starts) of the token and of its neighbours. The additions are made in
that order, one label at a time, as numpy makes them (``scores += …``), so the result is the
same to the last bit; ``tests/test_attribution_core.py`` compares the two. It spares the
three dozen numpy calls an article costs, which on news-sized paragraphs weigh more than the
arithmetic.

Build flags (``setup.py``): no ``-ffast-math`` and ``-ffp-contract=off``.
"""

from cpython.dict cimport PyDict_GetItemWithError
from cpython.list cimport PyList_GET_ITEM
from cpython.object cimport PyObject, PyObject_Hash
from cpython.ref cimport Py_INCREF, Py_XDECREF
from libc.stdlib cimport free, malloc
from libc.string cimport memcmp, memcpy


cdef extern from "Python.h":
    bint PyUnicode_IS_COMPACT_ASCII(object text)
    Py_ssize_t PyUnicode_GET_LENGTH(object text)
    void *PyUnicode_DATA(object text)
    bint PyUnicode_CheckExact(object text)

import numpy as np


cdef extern from *:
    """
    #if defined(__GNUC__) || defined(__clang__)
    #define CREDENCE_PREFETCH(address) __builtin_prefetch(address)
    #else
    #define CREDENCE_PREFETCH(address) ((void) (address))
    #endif
    """
    # A hint to load a cache line ahead of use (no effect on any value read).
    void CREDENCE_PREFETCH(const void *address) nogil


def window_scores(
    const double[:, :, ::1] static,
    const Py_ssize_t[::1] ids,
    const Py_ssize_t[::1] sizes,
    const double[:, ::1] weights,
    const double[:, ::1] edges,
    const unsigned char[::1] cue_flags,
    const long[::1] toggle_flags,
    const Py_ssize_t[::1] vl_rows,
    const Py_ssize_t[::1] vr_rows,
    const Py_ssize_t[::1] quote_rows,
    const Py_ssize_t[::1] bigram_rows,
    const Py_ssize_t[:, ::1] marks,
    const Py_ssize_t[:, ::1] mark_rows,
    Py_ssize_t outside=-1,
):
    """Label scores ``(n_tokens, n_labels)`` of the tokens of consecutive paragraphs.

    Parameters
    ----------
    static : (n_words, 5, L) float64
        Per word: summed weights of its own features, and of what it shows at -2, -1, +1, +2.
    ids : (n,) intp
        Word row of every token, paragraph after paragraph.
    sizes : (P,) intp
        Tokens in each paragraph (they sum to ``n``).
    weights : (n_features + 1, L) float64
        Feature weights; the last row is zeros.
    edges : (4, L) float64
        Weights of ``-2:edge``, ``-1:edge``, ``1:edge``, ``2:edge``.
    cue_flags, toggle_flags : (n_words,)
        Per word: is a reporting verb; opens or closes a quotation.
    vl_rows, vr_rows : (top + 2,) intp
        Row of the left/right distance feature by distance bucket index (``top + 1``: none).
    quote_rows : (4,) intp
        Rows of the opening, closing, inside-a-quotation and no quote features.
    bigram_rows : (n,) intp
        Row of the bigram of each token and the one before it (read for tokens with a
        neighbour on each side in their paragraph; the zero row for the others).
    marks : (K, n) intp
        Mark code of every token for each of the K kinds of paragraph mark (0: none).
    mark_rows : (3, n_codes) intp
        By code: the row of the mark on its token, on the next token ("-1:…") and on the
        previous one ("1:…"); code 0 gives the zero row.
    outside : int, default -1
        When 0 or more, every token's scores are returned relative to this label's (its
        column becomes zero): ``scores - scores[:, outside:outside + 1]``, the same
        subtractions numpy makes, without a second array.
    """
    cdef Py_ssize_t n = ids.shape[0]
    cdef Py_ssize_t L = weights.shape[1]
    cdef Py_ssize_t K = marks.shape[0]
    cdef Py_ssize_t p, total = 0
    cdef const double **extra
    for p in range(sizes.shape[0]):
        if sizes[p] < 0:
            raise ValueError(f"paragraph {p}: {sizes[p]} tokens")
        total += sizes[p]
    if total != n or marks.shape[1] != n or bigram_rows.shape[0] != n:
        raise ValueError(f"{n} tokens, paragraphs of {total}, {marks.shape[1]} marks")
    if static.shape[2] != L or edges.shape[1] != L or quote_rows.shape[0] != 4:
        raise ValueError("static, edges or quote rows do not fit the weights")
    scores_array = np.empty((n, L))
    if n == 0:
        return scores_array
    cdef double[:, ::1] scores = scores_array
    after_array = np.empty(n, dtype=np.intp)
    cdef Py_ssize_t[::1] after = after_array  # the next reporting verb in the paragraph
    # The rows a token adds after its window, bigram and marks, in the order numpy adds them.
    extra = <const double **> malloc((1 + 3 * K) * sizeof(double *))
    if extra == NULL:
        raise MemoryError()
    try:
        _fused_scores(static, ids, sizes, weights, edges, cue_flags, toggle_flags, vl_rows,
                      vr_rows, quote_rows, bigram_rows, marks, mark_rows, outside, scores,
                      after, extra)
    finally:
        free(extra)
    return scores_array


cdef inline Py_ssize_t _extra_rows(
    const double *weights, Py_ssize_t L, Py_ssize_t bigram_row, Py_ssize_t none,
    const Py_ssize_t *marks, Py_ssize_t K, Py_ssize_t n, const Py_ssize_t *mark_rows,
    Py_ssize_t n_codes, Py_ssize_t t, Py_ssize_t first, Py_ssize_t last, const double **extra,
) noexcept nogil:
    """Put in ``extra`` the weight rows token ``t`` adds after its window: its bigram, then
    for each kind of mark the mark on it, on the token before and on the token after (within
    the paragraph ``first`` to ``last``); how many. ``marks`` is ``(K, n)`` and
    ``mark_rows`` ``(3, n_codes)``, C order. The zero row is skipped (numpy adds it: x + 0.0
    is x), as most tokens have no known bigram and no mark.
    """
    cdef Py_ssize_t c, row, count = 0
    if bigram_row != none:
        extra[count] = weights + bigram_row * L
        count += 1
    for c in range(K):
        row = mark_rows[marks[c * n + t]]
        if row != none:
            extra[count] = weights + row * L
            count += 1
        row = mark_rows[n_codes + (marks[c * n + t - 1] if t > first else 0)]
        if row != none:
            extra[count] = weights + row * L
            count += 1
        row = mark_rows[2 * n_codes + (marks[c * n + t + 1] if t < last else 0)]
        if row != none:
            extra[count] = weights + row * L
            count += 1
    return count


cdef inline void _sum_token(
    double *out, const double *own, const double **near, const double *vl, const double *vr,
    const double *quote, const double **extra, Py_ssize_t n_extra, Py_ssize_t L,
    Py_ssize_t outside,
) noexcept nogil:
    """One token's scores: the parts added label by label in the order of numpy's passes,
    then made relative to label ``outside`` (when 0 or more)."""
    cdef Py_ssize_t y, e
    cdef double acc, base
    for y in range(L):
        acc = own[y]
        acc = acc + near[0][y]
        acc = acc + near[1][y]
        acc = acc + near[2][y]
        acc = acc + near[3][y]
        acc = acc + (vl[y] + vr[y])
        acc = acc + quote[y]
        for e in range(n_extra):
            acc = acc + extra[e][y]
        out[y] = acc
    if 0 <= outside < L:
        base = out[outside]
        for y in range(L):
            out[y] = out[y] - base


cdef void _fused_scores(
    const double[:, :, ::1] static,
    const Py_ssize_t[::1] ids,
    const Py_ssize_t[::1] sizes,
    const double[:, ::1] weights,
    const double[:, ::1] edges,
    const unsigned char[::1] cue_flags,
    const long[::1] toggle_flags,
    const Py_ssize_t[::1] vl_rows,
    const Py_ssize_t[::1] vr_rows,
    const Py_ssize_t[::1] quote_rows,
    const Py_ssize_t[::1] bigram_rows,
    const Py_ssize_t[:, ::1] marks,
    const Py_ssize_t[:, ::1] mark_rows,
    Py_ssize_t outside,
    double[:, ::1] scores,
    Py_ssize_t[::1] after,
    const double **extra,
) noexcept nogil:
    """The body of :func:`window_scores` (arguments checked there)."""
    cdef Py_ssize_t L = weights.shape[1]
    cdef Py_ssize_t top = vl_rows.shape[0] - 2
    cdef Py_ssize_t K = marks.shape[0]
    cdef Py_ssize_t none = weights.shape[0] - 1
    cdef Py_ssize_t p, t, k, first, last, j, previous, following, row, left, right, n_extra
    cdef Py_ssize_t offsets[4]
    cdef bint inside
    cdef const double *own
    cdef const double *near[4]
    cdef const double *vl
    cdef const double *vr
    cdef const double *quote
    offsets[0] = -2
    offsets[1] = -1
    offsets[2] = 1
    offsets[3] = 2
    first = 0
    for p in range(sizes.shape[0]):
        last = first + sizes[p] - 1
        following = -1
        for t in range(last, first - 1, -1):
            after[t] = following
            if cue_flags[ids[t]]:
                following = t
        previous = -1
        inside = False
        for t in range(first, last + 1):
            # One token at a time, every part found first, then summed label by label in
            # the order of numpy's passes (own weights, the neighbours at -2, -1, +1, +2 or
            # the paragraph edge, the two distances as one sum, the quotation, the bigram,
            # each kind of mark on the token, from the previous and from the next token):
            # each score sees the same additions in the same order, so the same bits.
            # The word three tokens ahead is read next as the +2 neighbour, then by every
            # token after: its sums (one block of 5 x L doubles a word) start loading now.
            if t + 3 <= last:
                CREDENCE_PREFETCH(&static[ids[t + 3], 0, 0])
                CREDENCE_PREFETCH(&static[ids[t + 3], 2, 0])
                CREDENCE_PREFETCH(&static[ids[t + 3], 4, 0])
            own = &static[ids[t], 0, 0]
            for k in range(4):
                j = t + offsets[k]
                if first <= j <= last:
                    near[k] = &static[ids[j], k + 1, 0]
                else:
                    near[k] = &edges[k, 0]
            left = top + 1 if previous < 0 else min(t - previous, top)
            following = after[t]
            right = top + 1 if following < 0 else min(following - t, top)
            vl = &weights[vl_rows[left], 0]
            vr = &weights[vr_rows[right], 0]
            if cue_flags[ids[t]]:
                previous = t
            # Quotation: a quote mark toggles inside/outside from the paragraph's start.
            if toggle_flags[ids[t]]:
                row = quote_rows[1] if inside else quote_rows[0]
                inside = not inside
            else:
                row = quote_rows[2] if inside else quote_rows[3]
            quote = &weights[row, 0]
            n_extra = _extra_rows(
                &weights[0, 0], L, bigram_rows[t] if first < t < last else none, none,
                &marks[0, 0], K, marks.shape[1], &mark_rows[0, 0], mark_rows.shape[1],
                t, first, last, extra,
            )
            _sum_token(&scores[t, 0], own, near, vl, vr, quote, extra, n_extra, L, outside)
        first = last + 1


def add_word_rows(
    double[:, :, ::1] static,
    Py_ssize_t first,
    list counts,
    list features,
    const double[:, ::1] weights,
):
    """Add each new word's feature rows to its static sums, word after word and slot after
    slot: cell ``c`` (word ``first + c // S``, slot ``c % S``, ``S`` the slots a word has)
    takes the next ``counts[c]`` rows of ``features``, added in order.

    The same additions, in the same order, as :func:`add_rows` over the targets and slots
    numpy spells out with ``repeat`` (bit for bit), without building those arrays: a call
    costs the loop, not a dozen numpy calls, which weigh more than the sums for the few new
    words an article brings.
    """
    cdef Py_ssize_t slots = static.shape[1], L = weights.shape[1]
    cdef Py_ssize_t c, i, y, target, slot, row, count, at = 0
    cdef Py_ssize_t n_features = len(features), n_rows = weights.shape[0]
    if first < 0 or first + (len(counts) + slots - 1) // slots > static.shape[0]:
        raise ValueError(f"{len(counts)} cells from word {first}: beyond {static.shape[0]} words")
    for c in range(len(counts)):
        count = <Py_ssize_t> (<object> PyList_GET_ITEM(counts, c))
        if count < 0 or at + count > n_features:
            raise ValueError(f"cell {c}: {count} rows, {n_features - at} left")
        target = first + c // slots
        slot = c % slots
        for i in range(at, at + count):
            row = <Py_ssize_t> (<object> PyList_GET_ITEM(features, i))
            if not 0 <= row < n_rows:
                raise ValueError(f"feature row {row} outside 0..{n_rows - 1}")
            for y in range(L):
                static[target, slot, y] += weights[row, y]
        at += count


def bigram_rows(
    const Py_ssize_t[::1] ids,
    const long[::1] bigram_word,
    const long[::1] keys,
    const Py_ssize_t[::1] values,
    long width,
    Py_ssize_t none,
):
    """Row of the bigram feature of each token and the one before it, as
    :meth:`credence.features.attribution.emissions.EmissionScorer._bigram_rows` finds it with
    numpy (``none`` for the first token and for pairs the model does not know).

    Parameters
    ----------
    ids : (n,) intp
        Word row of every token.
    bigram_word : (n_words,) int64
        Per word row: the bigram id of its lower-cased form (-1: in no bigram feature).
    keys : (K,) int64
        ``first * width + second`` of every known bigram, sorted.
    values : (K,) intp
        The feature row of each key.
    width : int
        The number of bigram word ids.
    none : int
        The zero row.
    """
    cdef Py_ssize_t n = ids.shape[0]
    cdef Py_ssize_t m = keys.shape[0]
    cdef Py_ssize_t t, lo, hi, mid
    cdef long first, second, key
    rows_array = np.full(n, none, dtype=np.intp)
    cdef Py_ssize_t[::1] rows = rows_array
    if n < 2 or m == 0:
        return rows_array
    for t in range(1, n):
        first = bigram_word[ids[t - 1]]
        second = bigram_word[ids[t]]
        if first < 0 or second < 0:
            continue
        key = first * width + second
        # The first key not below ``key`` (numpy.searchsorted, side "left").
        lo = 0
        hi = m
        while lo < hi:
            mid = (lo + hi) >> 1
            if keys[mid] < key:
                lo = mid + 1
            else:
                hi = mid
        if lo < m and keys[lo] == key:
            rows[t] = values[lo]
    return rows_array


cdef inline Py_ssize_t _slot(long long key, Py_ssize_t mask) noexcept nogil:
    """The first slot of ``key`` in a table of ``mask + 1`` slots (Fibonacci hashing)."""
    return <Py_ssize_t> ((<unsigned long long> key * 11400714819323198485ULL) >> 32) & mask


def bigram_hash(const long[::1] keys, const Py_ssize_t[::1] values):
    """An open-addressing table of the bigram keys: ``(slot keys, slot rows)``, ``-1`` in
    the free slots, at least twice as many slots as keys (a power of two).

    :func:`bigram_rows_hashed` finds a pair in it in about one probe, where the binary search
    of :func:`bigram_rows` took some fourteen steps a token.
    """
    cdef Py_ssize_t m = keys.shape[0], size = 8, k, at
    if values.shape[0] != m:
        raise ValueError(f"{m} keys, {values.shape[0]} values")
    while size < 2 * m:
        size *= 2
    slot_keys_array = np.full(size, -1, dtype=np.int64)
    slot_rows_array = np.full(size, -1, dtype=np.intp)
    cdef long[::1] slot_keys = slot_keys_array
    cdef Py_ssize_t[::1] slot_rows = slot_rows_array
    for k in range(m):
        if keys[k] < 0:
            raise ValueError(f"bigram key {keys[k]} below 0")
        at = _slot(keys[k], size - 1)
        while slot_keys[at] != -1 and slot_keys[at] != keys[k]:
            at = (at + 1) & (size - 1)
        if slot_keys[at] == -1:  # the first of equal keys wins, as searchsorted finds it
            slot_keys[at] = keys[k]
            slot_rows[at] = values[k]
    return slot_keys_array, slot_rows_array


def bigram_rows_hashed(
    const Py_ssize_t[::1] ids,
    const long[::1] bigram_word,
    const long[::1] slot_keys,
    const Py_ssize_t[::1] slot_rows,
    long width,
    Py_ssize_t none,
):
    """:func:`bigram_rows`, the pairs found in the table of :func:`bigram_hash`."""
    cdef Py_ssize_t n = ids.shape[0], size = slot_keys.shape[0], t, at
    cdef long first, second, key
    if size == 0 or size & (size - 1) or slot_rows.shape[0] != size:
        raise ValueError(f"a table of {size} slots: not a power of two")
    rows_array = np.full(n, none, dtype=np.intp)
    cdef Py_ssize_t[::1] rows = rows_array
    cdef Py_ssize_t words = bigram_word.shape[0]
    for t in range(n):
        if not 0 <= ids[t] < words:
            raise ValueError(f"token {t}: word row {ids[t]} outside 0..{words - 1}")
    with nogil:
        for t in range(1, n):
            first = bigram_word[ids[t - 1]]
            second = bigram_word[ids[t]]
            if first < 0 or second < 0:
                continue
            key = first * width + second
            at = _slot(key, size - 1)
            while slot_keys[at] != -1:
                if slot_keys[at] == key:
                    rows[t] = slot_rows[at]
                    break
                at = (at + 1) & (size - 1)
    return rows_array


cdef inline Py_ssize_t _row_adding(dict rows, object word, list new, Py_ssize_t k) except -1:
    """``rows[word]``; a word not in ``rows`` is entered first with the next row
    (``len(rows)``) and its token index ``k`` noted in ``new``.
    """
    cdef PyObject *found = PyDict_GetItemWithError(rows, word)
    cdef Py_ssize_t row
    if found == NULL:
        row = len(rows)
        rows[word] = row
        new.append(k)
        return row
    return <object> found


def word_rows_adding(list words, dict rows, Py_ssize_t[::1] out):
    """``out[k] = rows[words[k]]`` for every token, a word not in ``rows`` entered first with
    the next row (``len(rows)``), as
    :func:`credence.features.attribution.feature_tables.word_rows_adding` does in Python; returns
    the token indices where a new word first occurs, in order.
    """
    cdef Py_ssize_t k, row, n = len(words)
    cdef PyObject *found
    cdef list new = []
    if out.shape[0] != n:
        raise ValueError(f"{n} words, {out.shape[0]} rows to fill")
    for k in range(n):
        word = <object> PyList_GET_ITEM(words, k)
        out[k] = _row_adding(rows, word, new, k)
    return new


cdef inline Py_ssize_t _first_at_or_after(list starts, Py_ssize_t x, Py_ssize_t lo, Py_ssize_t hi):
    """``bisect.bisect_left(starts, x, lo, hi)`` for a sorted list of ints."""
    cdef Py_ssize_t mid
    while lo < hi:
        mid = (lo + hi) >> 1
        if <Py_ssize_t> (<object> PyList_GET_ITEM(starts, mid)) < x:
            lo = mid + 1
        else:
            hi = mid
    return lo


def paint_marks(
    Py_ssize_t[:, ::1] marks,
    Py_ssize_t kind,
    list starts,
    const Py_ssize_t[::1] los,
    const Py_ssize_t[::1] his,
    const Py_ssize_t[::1] offsets,
    list spans,
):
    """Write each span's mark code on its tokens, in order (a later span over a token wins).

    Parameters
    ----------
    marks : (K, n) intp
        The mark codes of the article's tokens, paragraph after paragraph; row ``kind`` is
        written.
    starts : list of int
        Start offset of every token of the article (sorted).
    los, his, offsets : (P,) intp
        Per paragraph: its first token and the one after its last in the article's token
        table, and where its tokens start in ``marks``.
    spans : list of (int, int, int, int)
        ``(paragraph, start, end, code)``: the tokens of the paragraph starting in
        ``[start, end)`` take ``code``.
    """
    cdef Py_ssize_t p, start, end, code, lo, hi, a, b, k
    if len(starts) < (his[his.shape[0] - 1] if his.shape[0] else 0):
        raise ValueError("paragraph tokens beyond the token table")
    for span in spans:
        p, start, end, code = span
        lo = los[p]
        hi = his[p]
        a = _first_at_or_after(starts, start, lo, hi)
        b = _first_at_or_after(starts, end, lo, hi)
        for k in range(a, b):
            marks[kind, k + offsets[p] - lo] = code


def sentence_marks(
    Py_ssize_t[::1] into,
    list starts,
    const Py_ssize_t[::1] los,
    const Py_ssize_t[::1] his,
    const Py_ssize_t[::1] offsets,
    list sentence_starts,
    Py_ssize_t code,
):
    """Write ``code`` on the tokens that open a sentence, as
    :meth:`credence.features.attribution.emissions.EmissionScorer._sentence_marks` does: a
    paragraph's first token when a sentence starts at or before it, any other token of a
    paragraph when it is the first token at or after a sentence start.

    Parameters
    ----------
    into : (n,) intp
        The sentence-mark codes of the article's tokens, paragraph after paragraph.
    starts : list of int
        Start offset of every token of the article (sorted).
    los, his, offsets : (P,) intp
        Per paragraph (sorted by ``los``): its first token and the one after its last in the
        article's token table, and where its tokens start in ``into``.
    sentence_starts : list of int
        Start offsets of the sentences (the first one is the earliest).
    code : int
        The mark code of a sentence start.
    """
    cdef Py_ssize_t n_paragraphs = los.shape[0], n_tokens = len(starts)
    cdef Py_ssize_t p, k, lo, hi, mid, first_start, position
    if not sentence_starts:
        return
    if n_paragraphs and his[n_paragraphs - 1] > n_tokens:
        raise ValueError("paragraph tokens beyond the token table")
    first_start = sentence_starts[0]
    for p in range(n_paragraphs):
        if not 0 <= los[p] < his[p]:
            raise ValueError(f"paragraph {p}: no tokens ({los[p]} to {his[p]})")
        if first_start <= <Py_ssize_t> (<object> PyList_GET_ITEM(starts, los[p])):
            into[offsets[p]] = code
    for position_object in sentence_starts:
        position = position_object
        k = _first_at_or_after(starts, position, 0, n_tokens)
        # The last paragraph whose first token is at or before k (bisect_right - 1).
        lo = 0
        hi = n_paragraphs
        while lo < hi:
            mid = (lo + hi) >> 1
            if k < los[mid]:
                hi = mid
            else:
                lo = mid + 1
        p = lo - 1
        if p >= 0 and los[p] < k < his[p]:
            into[offsets[p] + k - los[p]] = code


cdef inline void _add_row(
    double[:, :, ::1] static, Py_ssize_t target, Py_ssize_t slot, const double[:, ::1] weights,
    Py_ssize_t row,
) except *:
    """``static[target, slot] += weights[row]``, label by label (the row checked first)."""
    cdef Py_ssize_t y
    if not 0 <= row < weights.shape[0]:
        raise ValueError(f"feature row {row} outside 0..{weights.shape[0] - 1}")
    for y in range(weights.shape[1]):
        static[target, slot, y] += weights[row, y]


cdef inline void _add_rows(
    double[:, :, ::1] static, Py_ssize_t target, Py_ssize_t slot, const double[:, ::1] weights,
    tuple rows,
) except *:
    """:func:`_add_row` of every row of ``rows``, in order."""
    for row in rows:
        _add_row(static, target, slot, weights, <Py_ssize_t> row)


cdef inline object _shape(str word):
    """``credence.features.attribution.tagging._shape(word)`` of a non-empty word."""
    cdef Py_UCS4 first = word[0]
    if first == u"'" or first == u'‘' or first == u'’' or (
        len(word) == 1 and (first == u'"' or first == u'“' or first == u'”')
    ):
        # A word opening with an apostrophe, or a double quotation mark alone.
        return "quote"
    if not first.isalnum():
        return "punct"
    if first.isdigit():
        return "digit"
    if len(word) > 1 and word.isupper():
        return "upper"
    return "cap" if first.isupper() else "low"


def sum_plain_words(
    double[:, :, ::1] static,
    Py_ssize_t first,
    list words,
    list lows,
    dict by_word,
    dict by_suffix,
    dict shape_rows,
    frozenset lexicon_words,
    frozenset titles,
    const double[:, ::1] weights,
    long[::1] bigram_word,
    dict bigram_ids,
):
    """Sum the features of the new words in no lexicon and no quotation mark (most of them)
    into their static rows, as
    :meth:`credence.features.attribution.emissions.EmissionScorer._rows_of_words` and
    :func:`add_word_rows` do; return the indices of the other words, left to the general path.

    Word ``k`` (lower-cased: ``lows[k]``) has row ``first + k``, whose static sums are zero.
    Its cells take, in order: own (the word's row, the suffix's, the shape's rows), then as
    seen from -2 (the word's row), -1 (the word's row, the shape's "-1:" rows), +1 (the
    word's row, the shape's "1:" rows), +2 (the word's row): the same additions in the same
    order, so the same bits. Every word's bigram id (``bigram_ids``, -1 when none) is written
    in ``bigram_word``.

    Parameters
    ----------
    by_word : dict
        ``{low: (row of "w=low", "-2:w=low", "-1:w=low", "1:w=low", "2:w=low")}``, ``None``
        where the model has none (``feature_tables._word_feature_table``).
    by_suffix : dict
        ``{suffix: row of "s3=suffix"}``.
    shape_rows : dict
        ``{shape: (rows of "sh=shape", of "-1:sh=shape", of "1:sh=shape")}`` (tuples) for
        the shapes of a plain word ("punct", "digit", "upper", "cap", "low").
    lexicon_words, titles : frozenset
        A word whose ``low`` is in ``lexicon_words`` or whose ``low.rstrip(".")`` is in
        ``titles`` has lexical features: it goes to the general path.
    """
    cdef Py_ssize_t k, n = len(words), target
    cdef str word, low
    cdef list general = []
    cdef tuple rows, shaped
    if len(lows) != n:
        raise ValueError(f"{n} words, {len(lows)} lower-cased")
    if first < 0 or first + n > static.shape[0] or first + n > bigram_word.shape[0]:
        raise ValueError(f"{n} words from row {first}: beyond {static.shape[0]} rows")
    if static.shape[1] != 5 or static.shape[2] != weights.shape[1]:
        raise ValueError("static sums do not fit five slots of the weights' labels")
    for k in range(n):
        word = <str> words[k]
        low = <str> lows[k]
        target = first + k
        bigram_word[target] = bigram_ids.get(low, -1)
        if not word:
            general.append(k)
            continue
        shape = _shape(word)
        if (
            shape == "quote"
            or low in lexicon_words
            or (low.rstrip(".") if low.endswith(".") else low) in titles
        ):
            general.append(k)
            continue
        shaped = <tuple> shape_rows[shape]
        found = by_word.get(low)
        suffix = by_suffix.get(low[-3:])
        if found is None:
            own = before = previous = following = after = None
        else:
            rows = <tuple> found
            own, before, previous, following, after = rows
        if own is not None:
            _add_row(static, target, 0, weights, own)
        if suffix is not None:
            _add_row(static, target, 0, weights, suffix)
        _add_rows(static, target, 0, weights, <tuple> shaped[0])
        if before is not None:
            _add_row(static, target, 1, weights, before)
        if previous is not None:
            _add_row(static, target, 2, weights, previous)
        _add_rows(static, target, 2, weights, <tuple> shaped[1])
        if following is not None:
            _add_row(static, target, 3, weights, following)
        _add_rows(static, target, 3, weights, <tuple> shaped[2])
        if after is not None:
            _add_row(static, target, 4, weights, after)
    return general


cdef enum:
    # Longest ASCII word a slot keeps inline (compared there, without reading the key).
    _INLINE = 16


cdef struct _WordSlot:
    Py_hash_t hash
    PyObject *key  # NULL: a free slot; else a strong reference
    Py_ssize_t row
    Py_ssize_t length  # of the inline ASCII copy of the key, -1 when not inline
    char text[_INLINE]


cdef void _clear_slots(_WordSlot *slots, Py_ssize_t size) noexcept nogil:
    """Mark ``size`` slots free."""
    cdef Py_ssize_t k
    for k in range(size):
        slots[k].key = NULL
        slots[k].hash = 0
        slots[k].row = -1
        slots[k].length = -1


cdef class WordRows:
    """The rows of the words a scorer has met, in a flat open-addressing table beside its
    ``{word: row}`` dict: :meth:`rows_adding` does what :func:`word_rows_adding` does.

    A lookup in the dict reads its index, its entry, the key string and the row's int object,
    four places in memory that a long article pushes out of the cache between two texts. A
    slot here holds the hash, the row and a copy of a short ASCII word (most words): one read,
    and the token's own string. The dict stays the record (the table is filled from it): a
    word not in the table is looked up there before it is entered as new, so the rows are
    the dict's whatever was added to it directly.
    """

    cdef _WordSlot *slots
    cdef Py_ssize_t mask
    cdef Py_ssize_t used

    def __cinit__(self):
        self.mask = 1023
        self.used = 0
        self.slots = <_WordSlot *> malloc((self.mask + 1) * sizeof(_WordSlot))
        if self.slots == NULL:
            raise MemoryError()
        _clear_slots(self.slots, self.mask + 1)

    def __dealloc__(self):
        cdef Py_ssize_t k
        if self.slots != NULL:
            for k in range(self.mask + 1):
                Py_XDECREF(self.slots[k].key)
            free(self.slots)

    def __reduce__(self):
        # A copy starts empty and fills from the dict it reads beside (see the class doc).
        return (WordRows, ())

    def __len__(self):
        return self.used

    cdef int _grow(self) except -1:
        """Double the slots (the hashes are kept: nothing is hashed again)."""
        cdef Py_ssize_t size = 2 * (self.mask + 1), k, at
        cdef _WordSlot *bigger = <_WordSlot *> malloc(size * sizeof(_WordSlot))
        if bigger == NULL:
            raise MemoryError()
        _clear_slots(bigger, size)
        for k in range(self.mask + 1):
            if self.slots[k].key != NULL:
                at = <Py_ssize_t> (<size_t> self.slots[k].hash & <size_t> (size - 1))
                while bigger[at].key != NULL:
                    at = (at + 1) & (size - 1)
                bigger[at] = self.slots[k]
        free(self.slots)
        self.slots = bigger
        self.mask = size - 1
        return 0

    cdef Py_ssize_t _find(self, object word, Py_hash_t hash, bint ascii) except -2:
        """The row of ``word`` (hash ``hash``; ``ascii``: a compact ASCII string), or -1."""
        cdef Py_ssize_t at = <Py_ssize_t> (<size_t> hash & <size_t> self.mask)
        cdef Py_ssize_t length
        cdef _WordSlot *slot
        while True:
            slot = &self.slots[at]
            if slot.key == NULL:
                return -1
            if slot.hash == hash:
                if slot.key == <PyObject *> word:
                    return slot.row
                if ascii and slot.length >= 0:
                    # Both are compact ASCII: equal exactly when their bytes are.
                    length = PyUnicode_GET_LENGTH(word)
                    if length == slot.length and memcmp(
                        slot.text, PyUnicode_DATA(word), length
                    ) == 0:
                        return slot.row
                elif word == <object> slot.key:
                    return slot.row
            at = (at + 1) & self.mask

    cdef int _enter(self, object word, Py_hash_t hash, bint ascii, Py_ssize_t row) except -1:
        """Enter ``word`` (not in the table) with ``row``."""
        cdef Py_ssize_t at, length
        if 2 * (self.used + 1) > self.mask + 1:
            self._grow()
        at = <Py_ssize_t> (<size_t> hash & <size_t> self.mask)
        while self.slots[at].key != NULL:
            at = (at + 1) & self.mask
        Py_INCREF(word)
        self.slots[at].key = <PyObject *> word
        self.slots[at].hash = hash
        self.slots[at].row = row
        self.slots[at].length = -1
        if ascii:
            length = PyUnicode_GET_LENGTH(word)
            if length <= _INLINE:
                memcpy(self.slots[at].text, PyUnicode_DATA(word), length)
                self.slots[at].length = length
        self.used += 1
        return 0

    def rows_adding(self, list words, dict rows, Py_ssize_t[::1] out):
        """``out[k] = rows[words[k]]`` for every token, a word not in ``rows`` entered first
        with the next row (``len(rows)``); the token indices where a new word first occurs,
        in order: :func:`word_rows_adding`, with the words found in this table first.
        """
        cdef Py_ssize_t n = len(words)
        cdef list new = []
        cdef Py_hash_t *hashes
        if out.shape[0] != n:
            raise ValueError(f"{n} words, {out.shape[0]} rows to fill")
        hashes = <Py_hash_t *> malloc((n + 1) * sizeof(Py_hash_t))
        if hashes == NULL:
            raise MemoryError()
        try:
            self._rows_of(words, rows, out, hashes, new)
        finally:
            free(hashes)
        return new

    cdef int _rows_of(
        self, list words, dict rows, Py_ssize_t[::1] out, Py_hash_t *hashes, list new
    ) except -1:
        """The body of :meth:`rows_adding`: every word hashed first, so that the slot of a
        word a few tokens ahead starts loading while this one is looked up.
        """
        cdef Py_ssize_t k, row, n = len(words)
        cdef Py_hash_t hash
        cdef PyObject *found
        cdef bint ascii
        for k in range(n):
            word = <object> PyList_GET_ITEM(words, k)
            hashes[k] = PyObject_Hash(word)
        for k in range(n):
            if k + 8 < n:
                CREDENCE_PREFETCH(&self.slots[<size_t> hashes[k + 8] & <size_t> self.mask])
            word = <object> PyList_GET_ITEM(words, k)
            if not PyUnicode_CheckExact(word):  # not a plain str: the dict alone decides
                out[k] = _row_adding(rows, word, new, k)
                continue
            hash = hashes[k]
            ascii = PyUnicode_IS_COMPACT_ASCII(word)
            row = self._find(word, hash, ascii)
            if row < 0:
                row = _row_adding(rows, word, new, k)
                self._enter(word, hash, ascii, row)
            out[k] = row
        return 0
