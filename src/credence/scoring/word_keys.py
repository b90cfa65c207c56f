"""Word keys: how the pair rules compare a word of one text with a word of another.

One definition, read by :mod:`credence.scoring.details`, :mod:`~credence.scoring.slots`,
:mod:`~credence.scoring.substitution` and :mod:`~credence.scoring.contested`, so that a name
one rule finds stated is the name the others look for.

Examples
--------
>>> word_key("Russia's"), name_key("Kurdish"), detail_key("1,000."), detail_key("Canada")
('russia', 'kurd', '1000', 'cana')
>>> word_stem("building"), word_stem("castrated"), word_stem("castrates")
('build', 'castra', 'castra')
"""

from __future__ import annotations

import re

__all__ = ["detail_key", "name_key", "word_key", "word_stem"]

_POSSESSIVE_RE = re.compile(r"['’]s?$")
_SUFFIX_RE = re.compile(r"(?:ing|ed|es|s)$")


def word_key(word: str) -> str:
    """``word`` lower-cased, without a possessive ending ("Russia's" → "russia")."""
    return _POSSESSIVE_RE.sub("", word.lower())


def name_key(word: str) -> str:
    """The first four letters of :func:`word_key`.

    A name meets its adjective and plural ("Kurds" / "Kurdish", "Canada" / "Canadian").
    """
    return word_key(word)[:4]


def detail_key(token: str) -> str:
    """A number without its commas and final point, any other word by :func:`name_key`."""
    if token[:1].isdigit():
        return token.replace(",", "").rstrip(".")
    return name_key(token)


def word_stem(word: str) -> str:
    """:func:`word_key` without a plain inflection, cut to six letters.

    "building" / "build" and "castrated" / "castrates" meet: how an anchor word of one text
    is found in another (:mod:`credence.scoring.slots`) and how ``check`` counts a claim's
    terms.
    """
    word = word_key(word)
    if len(word) > 4:
        word = _SUFFIX_RE.sub("", word)
    return word[:6]
