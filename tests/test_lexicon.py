"""The word lists: one loader, clear errors, and each list shipped as package data."""

import pytest

from credence.features import lexicon


def test_lexicon_lists_ship_and_load():
    names = lexicon.available()
    assert "negators" in names
    for name in names:
        assert lexicon.words(name), name
        assert all(word == word.lower() for word in lexicon.words(name))


def test_lexicon_negators_read_both_apostrophes():
    assert {"not", "n't", "n’t", "never"} <= lexicon.words("negators")


def test_lexicon_unknown_list_is_a_clear_error():
    with pytest.raises(ValueError, match="The word list must be one of .*negators.*'nope'"):
        lexicon.words("nope")


def test_lexicon_rows_skip_comments_and_blank_lines():
    rows = lexicon.read_rows("# a comment\n\nsaid\tspeech\n  \nsays\n")
    assert rows == [("said", "speech"), ("says",)]
