"""Number words and unit nouns shared by the dates and quantities extractors.

One concept: the words of ``lexicons/numbers.tsv`` (cardinals, scales, vague amounts,
fractions, approximators, unit families and lemmas) and the regex tries built from word lists.
:mod:`credence.features.quantities` reads amounts with them; :mod:`credence.features.dates`
uses them to tell a bare year from a count ("2000 troops") and to find the quantity anchors in
its shared scan. Both import this module; it imports neither.

The lexicon file is read once and held by :data:`credence.features.lexicon.PACKAGE_DATA` (the
one owner of loaded package data, like a model); nothing computed from a text is kept.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.resources import files
from typing import Any

from credence.features.lexicon import PACKAGE_DATA

__all__ = [
    "NumberLexicon",
    "number_anchor_words",
    "number_lexicon",
    "trie",
    "trie_branches",
    "unit_lemma",
]


# --------------------------------------------------------------------------- lexicon


@dataclass(frozen=True)
class NumberLexicon:
    """The rows of ``lexicons/numbers.tsv`` by kind (see :func:`number_lexicon`)."""

    cardinals: dict[str, int]
    scales: dict[str, int]
    vague: dict[str, tuple[float, float]]
    fractions: dict[str, int]
    approx: dict[str, tuple[str, str]]
    suffix: dict[str, tuple[str, str]]
    families: dict[str, str]
    lemmas: dict[str, str]


def number_lexicon() -> NumberLexicon:
    """The number lexicon, read once from ``lexicons/numbers.tsv`` (immutable thereafter)."""
    return PACKAGE_DATA.load("number lexicon", _read_number_lexicon)


def _read_number_lexicon() -> NumberLexicon:
    cardinals: dict[str, int] = {}
    scales: dict[str, int] = {}
    vague: dict[str, tuple[float, float]] = {}
    fractions: dict[str, int] = {}
    approx: dict[str, tuple[str, str]] = {}
    suffix: dict[str, tuple[str, str]] = {}
    families: dict[str, str] = {}
    lemmas: dict[str, str] = {}
    text = files("credence.features").joinpath("lexicons/numbers.tsv").read_text("utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, phrase, *values = line.split("\t")
        if kind == "cardinal":
            cardinals[phrase] = int(values[0])
        elif kind == "scale":
            scales[phrase] = int(values[0])
        elif kind == "vague":
            vague[phrase] = (float(values[0]), float(values[1]))
        elif kind == "fraction":
            fractions[phrase] = int(values[0])
        elif kind == "approx":
            approx[phrase] = (values[0], values[1])
        elif kind == "suffix":
            suffix[phrase] = (values[0], values[1])
        elif kind == "family":
            families[phrase] = values[0]
        elif kind == "lemma":
            lemmas[phrase] = values[0]
        else:  # pragma: no cover - guards hand edits of the lexicon
            raise ValueError(f"Unknown kind {kind!r} in lexicons/numbers.tsv.")
    return NumberLexicon(cardinals, scales, vague, fractions, approx, suffix, families, lemmas)


# --------------------------------------------------------------------------- tries


# Letters by how often English words start with them (in news text), most frequent first.
_WORD_START_ORDER = "tasowihcbfpmrdTlAnSIegBMCWuHvPNDFyRJOkKjLGEUVYqQZXzx"


def _trie_order(ch: str) -> tuple[int, str]:
    position = _WORD_START_ORDER.find(ch)
    return (position if position >= 0 else len(_WORD_START_ORDER), ch)


def trie(words: Sequence[str]) -> str:
    """A regex matching any of ``words``, factored as a trie so each position tries one branch.

    The branches of a node start with different characters, so at most one of them can go on
    and their order changes no match; the regex engine turns a branch away with one test of
    its first character, so the branches of the letters words start with most often come
    first.
    """
    return _trie_node(_trie_root(words))


def trie_branches(words: Sequence[str], tail: str) -> list[str]:
    """The first-level branches of :func:`trie` (no word may be empty), each with ``tail``.

    Joined by "|" among other alternatives, each starts with its literal first character,
    which the regex engine tests before it enters a branch (a group around the trie would be
    entered at every position).
    """
    root = _trie_root(words)
    if "" in root:
        raise ValueError("An empty word cannot start a branch.")
    return [re.escape(ch) + _trie_node(sub) + tail for ch, sub in _trie_children(root)]


def _trie_root(words: Sequence[str]) -> dict[str, Any]:
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return root


def _trie_children(node: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(ch, sub) for ch, sub in sorted(node.items(), key=lambda i: _trie_order(i[0])) if ch]


def _trie_node(node: dict[str, Any]) -> str:
    alts = [re.escape(ch) + _trie_node(sub) for ch, sub in _trie_children(node)]
    if not alts:
        return ""
    body = alts[0] if len(alts) == 1 and "" not in node else "(?:" + "|".join(alts) + ")"
    return body + "?" if "" in node else body


# --------------------------------------------------------------------------- units


_PLURAL_ES = re.compile(r"(?:ches|shes|sses|xes|zes|oes)$")


def unit_lemma(word: str) -> str:
    """Lower-case, singular form of a unit noun ("Troops" → "troop", "casualties" → "casualty")."""
    w = word.lower().strip(".'’")
    lex = number_lexicon()
    if w in lex.lemmas:
        return lex.lemmas[w]
    if w in lex.families or len(w) <= 3:
        return w
    if w.endswith("ies"):
        return w[:-3] + "y"
    if _PLURAL_ES.search(w):
        return w[:-2]
    if w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


# --------------------------------------------------------------------------- anchors


def number_anchor_words() -> list[str]:
    """The words a quantity in words starts with or holds (besides "a"), also capitalised.

    The quantities extractor anchors its scan on them; the dates extractor's shared scan
    finds them beside its own anchors.
    """
    lex = number_lexicon()
    words = [
        *lex.cardinals,
        *lex.scales,
        *lex.fractions,
        *{p.split()[0] for p in lex.vague if p.split()[0] != "a"},
        *{p.split()[1] for p in lex.vague if p.split()[0] == "a"},
        "point",  # a decimal said in words with no whole part: "point 77"
    ]
    return words + [w.capitalize() for w in words]
