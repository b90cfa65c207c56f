"""The stance model's per-text cache: each text's analysis is built once and reused.

Evidence repeats across pairs (an FNC-1 body serves ~30 headlines) and claims recur across
the batches of a large prediction, so the model keeps, per role, a bounded least-recently-used
cache of analyses keyed by a hash of the text. The cache is a run-time artefact: it is not
pickled with the model, and :meth:`TextCache.clear_cache` empties it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

from credence.models.stance_text import text_key

__all__ = ["CACHE_LIMITS", "TextCache"]

_CACHE_SIZE = 50_000
#: Per-role bounds of the per-text cache (entries; an analysis takes about 9-12 kB).
CACHE_LIMITS = {"claim": _CACHE_SIZE, "evidence": 4_096}


class TextCache:
    """Mixin of :class:`~credence.models.stance.StanceModel`: the per-role text cache."""

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state.pop("_cache", None)
        state.pop("_cache_lock", None)
        return state

    def clear_cache(self) -> None:
        """Forget the cached per-text analyses (e.g. before timing a cold run)."""
        with self._lock():
            self._cache = {}

    def _lock(self) -> threading.Lock:
        # Created on first use (a lock cannot be pickled); setdefault is atomic.
        return self.__dict__.setdefault("_cache_lock", threading.Lock())

    def _infos(self, role: str, texts: Sequence[str], build: Any) -> list[Any]:
        """Per-text analyses of ``texts``, building the missing ones in one batch.

        Each role has its own least-recently-used cache, bounded by
        :data:`CACHE_LIMITS` entries (claims recur across the batches of a large
        prediction; an evidence's pairs are usually predicted together, so few evidence
        analyses are worth keeping). Building happens outside the lock; the analyses of
        this call are returned even when the cache evicts them at once.
        """
        keys = [text_key(t) for t in texts]
        found: dict[str, Any] = {}
        missing: dict[str, str] = {}
        with self._lock():
            caches = self.__dict__.setdefault("_cache", {})
            if not isinstance(caches, dict) or isinstance(caches, OrderedDict):
                caches = self._cache = {}  # a cache of an older layout
            cache = caches.setdefault(role, OrderedDict())
            for key, text in zip(keys, texts, strict=True):
                if key in found or key in missing:
                    continue
                info = cache.get(key)
                if info is None:
                    missing[key] = text
                else:
                    found[key] = info
        if missing:
            built = build(list(missing.values()))
            found.update(zip(missing, built, strict=True))
        with self._lock():
            cache = self._cache.setdefault(role, OrderedDict())
            for key in found:
                cache[key] = found[key]
                cache.move_to_end(key)
            limit = CACHE_LIMITS.get(role, _CACHE_SIZE)
            while len(cache) > limit:
                cache.popitem(last=False)
        return [found[key] for key in keys]

    def _cached_info(self, role: str, text: str) -> Any:
        """The cached analysis of ``text`` in ``role``, or None (the cache is left as is)."""
        with self._lock():
            return self.__dict__.get("_cache", {}).get(role, {}).get(text_key(text))
