# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""Compiled decoding of a linear-chain CRF from per-token label scores (optional extension).

:func:`tag_scores` gives the labels CRFsuite's ``Tagger.tag`` gives for the same scores, then
applies :class:`~credence.models.attribution_model.CrfTagger`'s ``min_outside`` rule with the
marginals CRFsuite's ``Tagger.marginal`` gives. The arithmetic is CRFsuite's, operation for
operation and in the same order (``crf1d_context.c``: Viterbi with strict ``<`` so the first
best label wins, scaled forward-backward with libm ``exp``), so the results are the same to
the last bit; ``tests/test_attribution_core.py`` checks it against CRFsuite. It spares building
one dict per token and CRFsuite's lookup of every key, which cost more than the decoding.

Build flags (``setup.py``): no ``-ffast-math`` and ``-ffp-contract=off``, since a fused
multiply-add or a reordered sum would round differently from CRFsuite.
"""

from libc.float cimport DBL_MAX
from libc.math cimport exp
from libc.stdlib cimport free, malloc


def tag_scores(
    const double[:, ::1] state,
    const double[:, ::1] trans,
    double min_outside,
    Py_ssize_t outside,
    tuple names,
    const Py_ssize_t[::1] span_order,
):
    """Labels (from ``names``) of one sequence of ``state[t, y]`` label scores.

    Parameters
    ----------
    state : (T, L) float64, C-contiguous
        Score of label ``y`` at token ``t``.
    trans : (L, L) float64, C-contiguous
        Transition weights from label ``i`` to label ``j``.
    min_outside : float
        A token the best path labels ``outside`` whose marginal of ``outside`` is below this
        takes the label of ``span_order`` with the highest marginal (the first on ties);
        1.0 or more keeps the best path.
    outside : int
        Index of the outside label.
    names : tuple of str
        The label names, by index.
    span_order : (K,) intp
        The span labels, in the order ties are broken.
    """
    cdef Py_ssize_t T = state.shape[0]
    cdef Py_ssize_t t
    if T == 0:
        return []
    if len(names) != state.shape[1]:
        raise ValueError(f"label scores of {state.shape[1]} labels, {len(names)} names")
    cdef Py_ssize_t *labels = <Py_ssize_t *> malloc(T * sizeof(Py_ssize_t))
    if labels == NULL:
        raise MemoryError()
    try:
        _decode(state, trans, min_outside, outside, span_order, labels)
        return [names[labels[t]] for t in range(T)]
    finally:
        free(labels)


def tag_spans(
    const double[:, ::1] state,
    const double[:, ::1] trans,
    double min_outside,
    Py_ssize_t outside,
    const Py_ssize_t[::1] span_order,
    const Py_ssize_t[::1] kind_of,
    const unsigned char[::1] opens,
    Py_ssize_t n_kinds,
):
    """The labelled spans of one sequence: what ``label_spans`` reads in the labels
    :func:`tag_scores` gives, without a label string per token.

    Parameters
    ----------
    state, trans, min_outside, outside, span_order
        As in :func:`tag_scores`.
    kind_of : (L,) intp
        Per label: the index of its span kind (``CUE`` for ``B-CUE`` and ``I-CUE``), -1 for
        the outside label.
    opens : (L,) uint8
        Per label: 1 for a ``B-`` label, which opens a span even after one of its kind.
    n_kinds : int
        Number of span kinds.

    Returns
    -------
    list of list of (int, int)
        Per kind, its token ranges ``[a, b)`` in text order: a ``B-`` label opens a span, an
        ``I-`` label extends the span of its kind that ends just before it, or opens one.
    """
    return _spans(state, trans, min_outside, outside, span_order, kind_of, opens, n_kinds)


cdef list _spans(
    const double[:, ::1] state,
    const double[:, ::1] trans,
    double min_outside,
    Py_ssize_t outside,
    const Py_ssize_t[::1] span_order,
    const Py_ssize_t[::1] kind_of,
    const unsigned char[::1] opens,
    Py_ssize_t n_kinds,
):
    """The body of :func:`tag_spans`."""
    cdef Py_ssize_t T = state.shape[0]
    cdef Py_ssize_t L = state.shape[1]
    cdef Py_ssize_t t, y, kind, current = -1, start = 0, end = -1
    if kind_of.shape[0] != L or opens.shape[0] != L:
        raise ValueError(f"label scores of {L} labels, {kind_of.shape[0]} label kinds")
    cdef list spans = [[] for _ in range(n_kinds)]
    if T == 0:
        return spans
    cdef Py_ssize_t *labels = <Py_ssize_t *> malloc(T * sizeof(Py_ssize_t))
    if labels == NULL:
        raise MemoryError()
    try:
        _decode(state, trans, min_outside, outside, span_order, labels)
        for t in range(T):
            y = labels[t]
            kind = kind_of[y]
            if kind < 0:
                continue
            if not opens[y] and kind == current and t == end:
                end = t + 1
                continue
            if current >= 0:
                spans[current].append((start, end))
            current, start, end = kind, t, t + 1
        if current >= 0:
            spans[current].append((start, end))
        return spans
    finally:
        free(labels)


cdef class SpanDecoder:
    """:func:`tag_spans` for one model and one tuple of span kinds, its arrays read once.

    Calling :meth:`spans` costs one buffer read (the scores) instead of six: on news, with a
    dozen paragraphs an article, the arguments cost as much as the decoding.
    """

    cdef const double[:, ::1] trans
    cdef double min_outside
    cdef Py_ssize_t outside
    cdef const Py_ssize_t[::1] span_order
    cdef const Py_ssize_t[::1] kind_of
    cdef const unsigned char[::1] opens
    cdef tuple kinds

    def __init__(
        self,
        const double[:, ::1] trans,
        double min_outside,
        Py_ssize_t outside,
        const Py_ssize_t[::1] span_order,
        const Py_ssize_t[::1] kind_of,
        const unsigned char[::1] opens,
        tuple kinds,
    ):
        if kind_of.shape[0] != trans.shape[0] or opens.shape[0] != trans.shape[0]:
            raise ValueError(f"{trans.shape[0]} labels, {kind_of.shape[0]} label kinds")
        self.trans = trans
        self.min_outside = min_outside
        self.outside = outside
        self.span_order = span_order
        self.kind_of = kind_of
        self.opens = opens
        self.kinds = kinds

    def spans(self, const double[:, ::1] state):
        """``{kind: [(a, b), …]}`` of one sequence's label scores, as :func:`tag_spans`."""
        return self._spans_of(state)

    cdef dict _spans_of(self, const double[:, ::1] state):
        found = _spans(
            state,
            self.trans,
            self.min_outside,
            self.outside,
            self.span_order,
            self.kind_of,
            self.opens,
            len(self.kinds),
        )
        return dict(zip(self.kinds, found))

    def spans_of_sequences(self, const double[:, ::1] state, const Py_ssize_t[::1] bounds):
        """:meth:`spans` of every sequence of an article whose label scores are stacked in
        ``state``: sequence ``k`` is rows ``bounds[k]`` to ``bounds[k + 1]``.

        One call for an article's paragraphs: each row slice is read in C, where one
        :meth:`spans` call a paragraph cost a buffer request and a Python call each, as much
        as decoding a short paragraph.
        """
        cdef Py_ssize_t k, n = bounds.shape[0] - 1
        if n > 0 and (bounds[0] < 0 or bounds[n] > state.shape[0]):
            raise ValueError(
                f"sequence bounds {bounds[0]} to {bounds[n]} outside {state.shape[0]} rows"
            )
        out = []
        for k in range(n):
            if bounds[k + 1] < bounds[k]:
                raise ValueError(f"sequence {k} ends before it starts")
            out.append(self._spans_of(state[bounds[k] : bounds[k + 1]]))
        return out


cdef int _decode(
    const double[:, ::1] state,
    const double[:, ::1] trans,
    double min_outside,
    Py_ssize_t outside,
    const Py_ssize_t[::1] span_order,
    Py_ssize_t *labels,
) except -1:
    """Fill ``labels`` (T entries) with the label indices :func:`tag_scores` names."""
    cdef Py_ssize_t T = state.shape[0]
    cdef Py_ssize_t L = state.shape[1]
    cdef Py_ssize_t t, i, j, k, best, argmax
    cdef double score, max_score, total, factor, value, best_value
    if T == 0:
        return 0
    if trans.shape[0] != L or trans.shape[1] != L:
        raise ValueError(f"label scores of {L} labels, transitions {trans.shape[0]}x{trans.shape[1]}")
    cdef double *cur = <double *> malloc(T * L * sizeof(double))
    cdef Py_ssize_t *back = <Py_ssize_t *> malloc(T * L * sizeof(Py_ssize_t))
    cdef double *exp_state = NULL
    cdef double *exp_trans = NULL
    cdef double *alpha = NULL
    cdef double *beta = NULL
    cdef double *scale = NULL
    cdef double *row = NULL
    cdef bint any_outside = False
    try:
        if cur == NULL or back == NULL:
            raise MemoryError()
        # Viterbi (crf1dc_viterbi).
        for j in range(L):
            cur[j] = state[0, j]
            back[j] = 0
        for t in range(1, T):
            for j in range(L):
                max_score = -DBL_MAX
                argmax = -1
                for i in range(L):
                    score = cur[(t - 1) * L + i] + trans[i, j]
                    if max_score < score:
                        max_score = score
                        argmax = i
                back[t * L + j] = argmax if argmax >= 0 else 0
                cur[t * L + j] = max_score + state[t, j]
        max_score = -DBL_MAX
        labels[T - 1] = 0
        for i in range(L):
            if max_score < cur[(T - 1) * L + i]:
                max_score = cur[(T - 1) * L + i]
                labels[T - 1] = i
        for t in range(T - 2, -1, -1):
            labels[t] = back[(t + 1) * L + labels[t + 1]]
        if min_outside < 1.0:
            for t in range(T):
                if labels[t] == outside:
                    any_outside = True
                    break
        if any_outside:
            exp_state = <double *> malloc(T * L * sizeof(double))
            exp_trans = <double *> malloc(L * L * sizeof(double))
            alpha = <double *> malloc(T * L * sizeof(double))
            beta = <double *> malloc(T * L * sizeof(double))
            scale = <double *> malloc(T * sizeof(double))
            row = <double *> malloc(L * sizeof(double))
            if (exp_state == NULL or exp_trans == NULL or alpha == NULL or beta == NULL
                    or scale == NULL or row == NULL):
                raise MemoryError()
            for t in range(T):
                for j in range(L):
                    exp_state[t * L + j] = exp(state[t, j])
            for i in range(L):
                for j in range(L):
                    exp_trans[i * L + j] = exp(trans[i, j])
            # Forward scores, scaled to sum to one at every token (crf1dc_alpha_score).
            total = 0.0
            for j in range(L):
                alpha[j] = exp_state[j]
                total += alpha[j]
            scale[0] = 1.0 / total if total != 0.0 else 1.0
            for j in range(L):
                alpha[j] *= scale[0]
            for t in range(1, T):
                for j in range(L):
                    alpha[t * L + j] = 0.0
                for i in range(L):
                    value = alpha[(t - 1) * L + i]
                    for j in range(L):
                        alpha[t * L + j] += value * exp_trans[i * L + j]
                total = 0.0
                for j in range(L):
                    alpha[t * L + j] *= exp_state[t * L + j]
                    total += alpha[t * L + j]
                scale[t] = 1.0 / total if total != 0.0 else 1.0
                for j in range(L):
                    alpha[t * L + j] *= scale[t]
            # Backward scores (crf1dc_beta_score).
            for j in range(L):
                beta[(T - 1) * L + j] = scale[T - 1]
            for t in range(T - 2, -1, -1):
                for j in range(L):
                    row[j] = beta[(t + 1) * L + j] * exp_state[(t + 1) * L + j]
                for i in range(L):
                    total = 0.0
                    for j in range(L):
                        total += exp_trans[i * L + j] * row[j]
                    beta[t * L + i] = total
                for i in range(L):
                    beta[t * L + i] *= scale[t]
            # Marginals (crf1dc_marginal_point): alpha * beta / scale.
            for t in range(T):
                if labels[t] != outside:
                    continue
                value = alpha[t * L + outside] * beta[t * L + outside] / scale[t]
                if value < min_outside:
                    best = span_order[0]
                    best_value = alpha[t * L + best] * beta[t * L + best] / scale[t]
                    for k in range(1, span_order.shape[0]):
                        j = span_order[k]
                        value = alpha[t * L + j] * beta[t * L + j] / scale[t]
                        if value > best_value:
                            best = j
                            best_value = value
                    labels[t] = best
        return 0
    finally:
        free(cur)
        free(back)
        free(exp_state)
        free(exp_trans)
        free(alpha)
        free(beta)
        free(scale)
        free(row)
