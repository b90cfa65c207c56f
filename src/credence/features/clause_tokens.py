"""The tokens the claim rules read in one clause: its words and its runs of word characters.

Every sentence of every article goes through the claim rules, which read each clause twice:
as words and numbers (:func:`clause_words`, for verbs, names and headings) and, lower-cased,
as the set of its runs of word characters (:func:`word_runs`, which answers the rules' word
lists, see :mod:`credence.features.case_blind`). Both are defined here by their patterns,
:data:`WORD` and :data:`WORD_RUN`. Where the optional compiled core is built
(``_clause_tokens``, see ``setup.py``), the same tokens are found by a C loop over the code
points, about a third faster; else by the patterns themselves.
``tests/test_clause_tokens.py`` holds both to the patterns.
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = [
    "WORD",
    "WORD_RUN",
    "COMPILED",
    "capitalised_after_first",
    "clause_facts",
    "clause_words",
    "word_runs",
    "python_capitalised_after_first",
    "python_clause_facts",
    "python_clause_words",
    "python_word_runs",
]

#: A word (ASCII letters, inner apostrophes and hyphens) or a number ("1,200.5", "40%").
WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*|\d[\d,.]*%?")
#: A maximal run of word characters, as ``\b`` sees words.
WORD_RUN = re.compile(r"\w+")


def python_clause_words(text: str) -> tuple[str, ...]:
    """The words and numbers of ``text`` in order, ``tuple(WORD.findall(text))`` (the fallback).

    Examples
    --------
    >>> python_clause_words("Officials said 1,200 were hurt (40%).")
    ('Officials', 'said', '1,200', 'were', 'hurt', '40%')
    """
    return tuple(WORD.findall(text))


def python_word_runs(lowered: str) -> frozenset[str]:
    r"""The maximal runs of word characters (``\w+``) of a lower-cased text (the fallback).

    Examples
    --------
    >>> sorted(python_word_runs("it's a 2-day visit"))
    ['2', 'a', 'day', 'it', 's', 'visit']
    """
    return frozenset(WORD_RUN.findall(lowered))


#: What :func:`clause_facts` tells of a clause: its words, its lower-cased text (None when
#: lower-cased searches would be inexact), that text's word runs (None with it), whether it
#: holds a digit (``\d``) and whether it holds an ASCII letter.
ClauseFacts = tuple[tuple[str, ...], str | None, frozenset[str] | None, bool, bool]

_DIGIT = re.compile(r"\d")
_ASCII_LETTER = re.compile(r"[A-Za-z]")
# The characters IGNORECASE equates with an ASCII letter that ``str.lower`` does not map onto
# it (credence.features.case_blind explains why its lower-cased searches avoid them).
_CASE_TRAPS = re.compile("[\u0130\u0131\u017f\u212a]")


def python_clause_facts(text: str) -> ClauseFacts:
    """Everything the claim rules read of a clause before their own tests (the fallback).

    Returns ``(python_clause_words(text), lowered, runs, has_digit, has_letter)``: ``lowered``
    is ``text.lower()`` unless the text holds a case trap (then None, and ``runs`` too),
    ``runs`` is :func:`python_word_runs` of it.

    Examples
    --------
    >>> words, lowered, runs, digit, letter = python_clause_facts("Officials SAID 12.")
    >>> words, lowered, sorted(runs), digit, letter
    (('Officials', 'SAID', '12.'), 'officials said 12.', ['12', 'officials', 'said'], True, True)
    """
    words = python_clause_words(text)
    digit = _DIGIT.search(text) is not None
    letter = _ASCII_LETTER.search(text) is not None
    if not text.isascii() and _CASE_TRAPS.search(text) is not None:
        return words, None, None, digit, letter
    lowered = text.lower()
    return words, lowered, python_word_runs(lowered), digit, letter


def python_capitalised_after_first(words: tuple[str, ...], ordinary: frozenset[str]) -> int:
    """How many of ``words`` after the first open with an upper-case letter and are not in
    ``ordinary`` (the claim rules' stand-in for names; words are never empty).

    Examples
    --------
    >>> python_capitalised_after_first(("The", "UN", "and", "The", "Red", "Cross"), {"The"})
    3
    """
    return sum(1 for word in words[1:] if word[0].isupper() and word not in ordinary)


def _compiled() -> (
    tuple[
        Callable[[str], tuple[str, ...]],
        Callable[[str], frozenset[str]],
        Callable[[str], ClauseFacts],
        Callable[[tuple[str, ...], frozenset[str]], int],
    ]
    | None
):
    try:
        from credence.features import _clause_tokens
    except ImportError:  # not built (no C compiler): the patterns give the same tokens
        return None
    return (
        _clause_tokens.clause_words,
        _clause_tokens.word_runs,
        _clause_tokens.clause_facts,
        _clause_tokens.capitalised_after_first,
    )


_CORE = _compiled()
#: Whether the compiled scans are in use.
COMPILED = _CORE is not None
#: :func:`python_clause_words`, compiled where the core is built (bound directly: the claim
#: rules call it once a clause).
clause_words: Callable[[str], tuple[str, ...]]
#: :func:`python_word_runs`, compiled where the core is built.
word_runs: Callable[[str], frozenset[str]]
#: :func:`python_clause_facts`, compiled where the core is built.
clause_facts: Callable[[str], ClauseFacts]
#: :func:`python_capitalised_after_first`, compiled where the core is built.
capitalised_after_first: Callable[[tuple[str, ...], frozenset[str]], int]
clause_words, word_runs, clause_facts, capitalised_after_first = _CORE or (
    python_clause_words,
    python_word_runs,
    python_clause_facts,
    python_capitalised_after_first,
)
