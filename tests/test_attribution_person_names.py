"""People named in a text are found alike whether the lexicon has read other texts or not.

Speed path of issue 15 item 6 (session 13): what a name-like run of capitalised words names
depends on the run as written and the lexicon alone, so :func:`person_mentions` reads each run
once per lexicon (``AttributionLexicon.person_names``). Every text here is written for these
tests.
"""

from __future__ import annotations

import dataclasses

import pytest

from credence.features.attribution import names
from credence.features.attribution.lexicon import load_lexicon
from credence.features.attribution.names import person_mentions

TEXTS = [
    "Senator Ada Quill spoke first. But Ada Quill's aide, Tomas Brel, left. "
    "The Harbour Office said nothing.",
    "Governor Mark J. Dunne met Ilse Dunmore and Mr. Pavel Ostrik on Monday.\n"
    "Reuters reported that Ada Quill would run; Tomas Brel's office agreed.",
    "However Mira Ostrik said So Yeon Park and Ada Quill disagreed. "
    "Pictures Show Nothing, the headline read.",
]


def _plain(text, lex):
    """The mentions with nothing kept from any other text."""
    lex.person_names.clear()
    return person_mentions(text, lex)


@pytest.mark.parametrize("order", [TEXTS, TEXTS[::-1], TEXTS + TEXTS])
def test_person_names_kept_across_texts_change_no_mention(order):
    lex = dataclasses.replace(load_lexicon())
    expected = {text: _plain(text, lex) for text in TEXTS}
    lex.person_names.clear()
    for text in order:
        assert person_mentions(text, lex) == expected[text]
    assert ("Ada Quill", "person") in {(m.canonical, m.kind) for m in expected[TEXTS[0]]}
    assert all(TEXTS[0][m.start : m.end] == m.text for m in expected[TEXTS[0]])
    assert lex.person_names  # the runs were kept


def test_person_names_drop_titles_openers_and_possessives():
    lex = dataclasses.replace(load_lexicon())
    text = TEXTS[0]
    found = [(m.text, m.canonical) for m in person_mentions(text, lex)]
    assert ("Ada Quill", "Ada Quill") in found  # "Senator" dropped
    assert ("Ada Quill", "Ada Quill") in found[1:]  # "But" dropped, "'s" dropped
    assert ("Tomas Brel", "Tomas Brel") in found


def test_person_names_are_emptied_past_their_bound(monkeypatch):
    lex = dataclasses.replace(load_lexicon())
    monkeypatch.setattr(names, "MAX_KEPT_RESOLUTIONS", 1)
    person_mentions(TEXTS[1], lex)
    assert len(lex.person_names) > 1
    person_mentions("No names here.", lex)
    assert lex.person_names == {}
