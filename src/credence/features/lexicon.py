"""The word lists every rule reads, loaded from the TSV lexicons shipped with credence.

One definition of each list: reporting verbs, negators, irregular past forms and the like
live in ``credence/features/lexicons/words/<name>.tsv`` (first column a word or phrase,
optional further columns, ``#`` comments), and every module that needs one asks
:func:`words` (or :func:`rows` for the other columns) instead of keeping its own copy.
The larger structured lexicons (hedges, attribution cues, sources, numbers) sit beside them
in ``lexicons/`` and are read with :func:`read_rows` too.

A list is read once per process: it is package data, as fixed as a loaded model.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

__all__ = ["available", "read_rows", "rows", "words"]

_PACKAGE = "credence.features"


def read_rows(text: str) -> list[tuple[str, ...]]:
    """The rows of a TSV lexicon: tab-separated cells, blank and ``#`` lines skipped."""
    out = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        out.append(tuple(cell.strip() for cell in line.split("\t")))
    return out


@cache
def rows(name: str) -> tuple[tuple[str, ...], ...]:
    """The rows of the word list ``name`` (``lexicons/words/<name>.tsv``).

    Raises
    ------
    ValueError
        When no such list ships with credence (the message lists those that do).
    """
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
