"""credence.collector: finished objects leave the collector's walk and come back after."""

from __future__ import annotations

import gc
import weakref

import pytest

from credence.collector import frozen_as_made
from credence.document import Article
from credence.scoring import engine


class _Node:
    """A weak-referenceable object that can sit in a reference cycle."""

    def __init__(self) -> None:
        self.other: _Node | None = None


def test_collector_settled_objects_are_frozen_then_handed_back() -> None:
    assert gc.get_freeze_count() == 0
    with frozen_as_made() as settle:
        kept = [[] for _ in range(100)]
        settle()
        assert gc.get_freeze_count() >= 100
    assert gc.get_freeze_count() == 0
    assert len(kept) == 100


def test_collector_cycle_left_in_the_block_is_collected_after_it() -> None:
    with frozen_as_made() as settle:
        first, second = _Node(), _Node()
        first.other, second.other = second, first
        watch = weakref.ref(first)
        del first, second
        settle()  # the cycle is garbage, but frozen: no collection can free it now
        gc.collect()
        assert watch() is not None
    gc.collect()
    assert watch() is None


def test_collector_heap_frozen_by_the_caller_stays_frozen() -> None:
    # A forked worker: its parent froze the heap; the worker must not unfreeze it.
    gc.freeze()
    try:
        before = gc.get_freeze_count()
        with frozen_as_made() as settle:
            settle()
            assert gc.get_freeze_count() == before
        assert gc.get_freeze_count() == before
    finally:
        gc.unfreeze()


def test_collector_engine_hands_the_heap_back_even_on_error() -> None:
    def fail(*_: object, **__: object) -> None:
        raise RuntimeError("extractor failed")

    extractors = engine.Extractors(names=("dates",))
    extractors.instances["dates"].extract = fail  # type: ignore[method-assign]
    articles = [Article(id=str(n), text="Troops arrived on Monday.") for n in range(3)]
    with pytest.raises(RuntimeError, match="extractor failed"):
        engine.analyze_all(articles, extractors=extractors, workers=1)
    assert gc.get_freeze_count() == 0
