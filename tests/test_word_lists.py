"""One definition of each word list: the lists that hedges, polarity, claims and the
past-tense test read from lexicons/words/, and the rules built on them."""

from __future__ import annotations

import pytest

from credence.features import lexicon, polarity, verbs
from credence.scoring import claims

NEW_LISTS = [
    "negative_quantifiers",
    "irregular_past",
    "not_past_ed",
    "present_verbs",
    "opinion_verbs",
    "denial_verbs",
    "rejection_verbs",
    "modals",
    "abbreviations",
    "sentence_openers",
    "time_words",
    "top_level_domains",
    "not_as_complement",
    "month_prepositions",
    "modal_noun_sense_before",
    "negating_before_to",
    "quantity_prefixes",
    "approximated_quantity_words",
]


@pytest.mark.parametrize("name", NEW_LISTS)
def test_word_lists_ship(name: str) -> None:
    assert name in lexicon.available()
    assert lexicon.words(name)


def test_word_lists_negators_tell_adverbs_from_quantifiers() -> None:
    kinds = {row[0]: row[1] for row in lexicon.rows("negators")}
    assert {w for w, kind in kinds.items() if kind == "adverb"} == {"not", "n't", "n’t", "never"}
    assert polarity._NEGATORS == {"not", "n't", "n’t", "never"}
    assert polarity._NEGATIVE_QUANTIFIERS == lexicon.words("negative_quantifiers")


def test_word_lists_irregular_past_has_a_lemma_and_a_tense_per_form() -> None:
    for row in lexicon.rows("irregular_past"):
        assert len(row) == 3 and row[2] in {"past", "participle"}, row
    assert verbs.irregular_lemma("Withdrew") == "withdraw"
    assert verbs.irregular_lemma("walked") is None
    assert "taken" in verbs.IRREGULAR_PARTICIPLES and "taken" not in verbs.IRREGULAR_PAST


@pytest.mark.parametrize(
    ("word", "participles", "expected"),
    [
        ("deployed", False, True),
        ("Sent", False, True),
        ("taken", False, False),
        ("taken", True, True),
        ("hundred", False, False),
        ("united", False, False),
        ("need", False, False),
        ("send", False, False),
        ("red", False, False),
    ],
)
def test_word_lists_past_tense_test(word: str, participles: bool, expected: bool) -> None:
    assert verbs.is_past_tense(word, participles=participles) is expected


def test_word_lists_claims_read_the_shared_lists() -> None:
    assert claims._PRESENT_VERBS == lexicon.words("present_verbs")
    assert claims._OPINION_VERBS == lexicon.words("opinion_verbs")
    assert lexicon.words("modals") <= claims._COPULA_AUX
    assert verbs.IRREGULAR_PAST <= claims._FINITE_WORDS
    # The "-ed" test is the shared one: "hundred" is no verb, "deployed" is.
    assert claims.finite_verbs("Troops deployed a hundred tanks") == ["deployed"]
