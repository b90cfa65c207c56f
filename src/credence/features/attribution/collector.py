"""Python's cyclic garbage collector, paused while one article's attributions are found.

Why: the extraction of a long article keeps tens of thousands of small container objects
alive at once (tokens' marks, mentions, candidate spans, relations). Each of them counts
towards the collector's allocation thresholds, so a 1 MB article triggers hundreds of young
and a few full collections, and a full collection walks every object of the process (loaded
models and lexicons included), while a 10 KB article frees its objects before any collection
runs. Measured on the same 1 MB of FNC-1 text (``benchmarks/profile_attribution.py --sizes``):
about a fifth of the extraction time of a 1 MB text went to the collector, almost nothing of
100 texts of 10 KB. The extraction makes no reference cycle that outlives it in any number
(its objects are freed by reference counting when it returns), and whatever cycles it does
make are collected by the first collection after it.

The pause is process-wide, as the collector is: a thread that disables the collector itself
while another thread is inside an extraction may find it enabled again when that extraction
ends.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Disable the cyclic garbage collector for the ``with`` block, then restore it.

    Left disabled when it was disabled on entry (by the caller or by an enclosing pause).

    Examples
    --------
    >>> import gc
    >>> with collector_paused():
    ...     gc.isenabled()
    False
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
