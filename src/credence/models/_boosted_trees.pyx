# cython: boundscheck=False, wraparound=False, initializedcheck=False, language_level=3
"""The leaf values of a gradient-boosted model's trees, added up a row at a time, in C.

The compiled half of :mod:`credence.models.boosted_trees` (fallback: scikit-learn's own
predictor, which walks one tree over every row, then the next: this walks every tree for one
row while the row is in the cache). The sums are made in the same order as scikit-learn's
(tree by tree in boosting order), so they are the same floats.
"""

from libc.math cimport isnan


def add_leaf_values(
    const double[:, ::1] X,
    const long long[:] feature,
    const double[:] threshold,
    const unsigned char[:] missing_left,
    const int[:] left,
    const int[:] right,
    const unsigned char[:] is_leaf,
    const double[:] value,
    const long long[:] roots,
    const long long[:] columns,
    double[:, ::1] out,
):
    """``out[row, columns[t]] += value`` of the leaf tree ``t`` sends ``X[row]`` to, for every
    row and every tree in order (nodes of all trees in one table, ``roots[t]`` the first
    node of tree ``t``; a node goes left when its feature is at most its threshold, or is NaN
    and missing values go left, as scikit-learn's numeric splits do).
    """
    cdef Py_ssize_t n = X.shape[0], trees = roots.shape[0], row, t
    cdef long long node
    cdef double x
    with nogil:
        for row in range(n):
            for t in range(trees):
                node = roots[t]
                while not is_leaf[node]:
                    x = X[row, feature[node]]
                    if isnan(x):
                        node = left[node] if missing_left[node] else right[node]
                    elif x <= threshold[node]:
                        node = left[node]
                    else:
                        node = right[node]
                out[row, columns[t]] += value[node]
