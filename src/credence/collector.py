"""When Python's cyclic garbage collector walks what credence builds: one place for all three.

- :func:`frozen_as_made`: finished analyses of a long batch left out of later collections.
- :func:`frozen_heap`: the parent's objects left out while a forked pool's workers run.
- :func:`collector_paused`: no collection while one long article's attributions are found.


Analysing a directory of articles keeps every finished analysis alive until the output is
written: hundreds of thousands of small containers. CPython's collector walks all of them
at each full collection, so the collections cost more as the batch grows: a ninth of the
CPU of ``credence extract`` on the 1,683 FNC-1 bodies went to them, although analysing
those articles leaves no cyclic garbage at all (``gc.collect()`` finds 0 unreachable
objects after the batch). :func:`frozen_as_made` moves what is finished out of the
collector's sight (``gc.freeze``) as the batch goes, and hands it back at the end; objects
themselves are not touched, reference counting still frees them as usual.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager

__all__ = ["collector_paused", "frozen_as_made", "frozen_heap"]


def _leave_as_is() -> None:
    """Settle nothing (the heap was frozen by someone else; see :func:`frozen_as_made`)."""


@contextmanager
def frozen_as_made() -> Iterator[Callable[[], None]]:
    """Yield ``settle()``: each call leaves what exists now out of later collections.

    On exit every object frozen this way goes back under the collector, in its oldest
    generation, so a reference cycle left behind during the block is still collected
    afterwards (it is only collected later than it would have been).

    When the heap is already frozen on entry (a forked worker whose parent froze its
    objects, :mod:`credence.scoring.parallel`), ``settle`` does nothing: unfreezing on exit
    would hand the parent's objects to the worker's collector too.

    Examples
    --------
    >>> import gc
    >>> with frozen_as_made() as settle:
    ...     made = [[] for _ in range(3)]
    ...     settle()
    ...     gc.get_freeze_count() > 0
    True
    >>> gc.get_freeze_count()
    0
    """
    if gc.get_freeze_count() > 0:
        yield _leave_as_is
        return
    try:
        yield gc.freeze
    finally:
        gc.unfreeze()


@contextmanager
def frozen_heap() -> Iterator[None]:
    """The objects alive now left out of the cyclic collector while a pool's workers run.

    A forked worker inherits the parent's objects (analyses, claim rows, evidence columns:
    millions of them on a large set). Each full collection in the worker would walk them
    all, writing to their headers, which also copies their pages out of the memory shared
    with the parent; frozen (``gc.freeze``) before the fork, neither the workers nor the
    parent walk them until the pool is done. The objects are not changed.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Disable the cyclic garbage collector for the ``with`` block, then restore it.

    Why: the extraction of a long article keeps tens of thousands of small containers
    alive at once (tokens' marks, mentions, candidate spans, relations); they count towards
    the collector's allocation thresholds, so a 1 MB article set off hundreds of young and a
    few full collections, each walking every object of the process: about a fifth of the
    extraction time of a 1 MB text (``benchmarks/profile_attribution.py --sizes``), almost
    nothing of 100 texts of 10 KB. The extraction makes no cycle that outlives it in any
    number, and whatever cycles it makes are collected by the first collection after it.

    Left disabled when it was disabled on entry (by the caller or an enclosing pause). The
    pause is process-wide, as the collector is.

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
