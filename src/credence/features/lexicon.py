"""The word lists every rule reads, loaded from the TSV lexicons shipped with credence.

One definition of each list: reporting verbs, negators, irregular past forms and the like
live in ``credence/features/lexicons/words/<name>.tsv`` (first column a word or phrase,
optional further columns, ``#`` comments), and every module that needs one asks
:func:`words` (or :func:`rows` for the other columns) instead of keeping its own copy.
The larger structured lexicons (hedges, attribution cues, sources, numbers) sit beside them
in ``lexicons/`` and are read with :func:`read_rows` too.

A list is read once per process: it is package data, as fixed as a loaded model. Everything
built from package data (these lists, the number lexicon and its patterns, the compiled hedge
lexicon, the date scanner) is held by one owner, :data:`PACKAGE_DATA`, and by nothing else:
see :class:`PackageData`.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from importlib import resources
from typing import Any, TypeVar

__all__ = ["PACKAGE_DATA", "PackageData", "available", "read_rows", "rows", "words"]

_PACKAGE = "credence.features"
_T = TypeVar("_T")


class PackageData:
    """The data credence loads from its package (and the user tables merged with it), each
    item built once, on first use, and then shared, like a loaded model.

    The rules read their word lists, number lexicon, compiled hedge trie and date patterns
    through :data:`PACKAGE_DATA` instead of each keeping a ``functools`` cache: one owner,
    one place to see what a process holds, and :meth:`clear` to drop it all (tests, or a
    long-lived app that edits a user lexicon). Nothing in it depends on a text read: per
    article results travel in :class:`~credence.features.context.Context` instead.

    Parameters
    ----------
    max_items : int
        The most items held; past it the oldest is dropped (and rebuilt if asked for again,
        identically). Package data is about a dozen items; the rest are user tables, keyed
        by path and modification time, so an edited table is read anew.

    Examples
    --------
    >>> data = PackageData()
    >>> data.load("squares", lambda: [n * n for n in range(4)])
    [0, 1, 4, 9]
    >>> data.load("squares", lambda: None)  # built once: the same object again
    [0, 1, 4, 9]
    """

    def __init__(self, max_items: int = 64) -> None:
        self.max_items = max_items
        self._items: dict[Hashable, Any] = {}

    def load(self, key: Hashable, build: Callable[[], _T]) -> _T:
        """The item ``key``, built by ``build()`` the first time it is asked for."""
        try:
            return self._items[key]  # type: ignore[no-any-return]
        except KeyError:
            pass
        value = build()
        if len(self._items) >= self.max_items:
            del self._items[next(iter(self._items))]
        self._items[key] = value
        return value

    def keys(self) -> list[Hashable]:
        """The keys of the items loaded so far, oldest first."""
        return list(self._items)

    def clear(self) -> None:
        """Drop every loaded item (each is rebuilt on its next use)."""
        self._items.clear()


#: The one owner of loaded package data in a process (see :class:`PackageData`).
PACKAGE_DATA = PackageData()


def read_rows(text: str) -> list[tuple[str, ...]]:
    """The rows of a TSV lexicon: tab-separated cells, blank and ``#`` lines skipped."""
    out = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        out.append(tuple(cell.strip() for cell in line.split("\t")))
    return out


def rows(name: str) -> tuple[tuple[str, ...], ...]:
    """The rows of the word list ``name`` (``lexicons/words/<name>.tsv``), read once.

    Raises
    ------
    ValueError
        When no such list ships with credence (the message lists those that do).
    """
    return PACKAGE_DATA.load(("word list", name), lambda: _read_word_list(name))


def _read_word_list(name: str) -> tuple[tuple[str, ...], ...]:
    resource = resources.files(_PACKAGE).joinpath("lexicons", "words", f"{name}.tsv")
    if not resource.is_file():
        raise ValueError(f"The word list must be one of {available()}. Got {name!r} instead.")
    return tuple(read_rows(resource.read_text(encoding="utf-8")))


def words(name: str) -> frozenset[str]:
    """The first column of the word list ``name``, lower-cased, as a set."""
    return frozenset(row[0].lower() for row in rows(name))


def available() -> list[str]:
    """The names of the word lists that ship with credence."""
    folder = resources.files(_PACKAGE).joinpath("lexicons", "words")
    return sorted(p.name.removesuffix(".tsv") for p in folder.iterdir() if p.name.endswith(".tsv"))
