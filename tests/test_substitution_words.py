"""Replaced common words (:func:`credence.scoring.substitution.substituted_word`) and what
``check`` makes of them (issue 14 item 5): a sentence that replaces one of a claim's words
in the same frame does not vouch for it; one that puts the opposite predicate there
contradicts it.

Our own sentences.
"""

from __future__ import annotations

import pytest

from credence.document import Article
from credence.scoring.corroboration import check_claim
from credence.scoring.evidence import pair_reader
from credence.scoring.substitution import opposite_words, substituted_word

REPLACED = [
    # (claim, evidence, (mine, theirs, attribute))
    ("A passenger train derailed near Lindholm on Tuesday",
     "A freight train derailed near Lindholm on Tuesday", ("passenger", "freight", "word")),
    ("The leak came from a pipeline carrying industrial solvent",
     "The leak came from a tanker carrying industrial solvent", ("pipeline", "tanker", "word")),
    ("The agency recalled the flu vaccine doses on Thursday",
     "The agency recalled the flu vaccine doses on Tuesday", ("Thursday", "Tuesday", "word")),
    # Opposite predicates, also where one is a reporting verb ("confirms" / "denies").
    ("The city relaxes its rules on street parking",
     "The city toughens its rules on street parking", ("relaxes", "toughens", "opposite")),
    ("The ministry confirms the report of a second outbreak",
     "The ministry denies the report of a second outbreak", ("confirms", "denies", "opposite")),
    ("Lab tests show the painting is authentic, the museum says",
     "Lab tests show the painting is fake, the museum says", ("authentic", "fake", "opposite")),
    ("The bug deletes saved documents after a reset",
     "The bug restores saved documents after a reset", ("deletes", "restores", "opposite")),
]  # fmt: skip

NOT_REPLACED = [
    # The same words, one more detail.
    ("A freight train derailed near Lindholm", "A freight train derailed near Lindholm today"),
    # Inflections meet.
    ("The city is relaxing its rules", "The city relaxed its rules"),
    # Two sources of one claim: a reporting verb's subject is a source.
    ("The agency said the port was closed", "The governor said the port was closed"),
    # Too few aligned words: two sentences of one story, not one claim reworded.
    ("Fishermen stayed ashore after the spill", "Clean-up crews worked through the night"),
    # A misspelling.
    ("The goverment closed the port", "The government closed the port"),
    # Numbers are the quantity rules' to compare.
    ("The agency recalled 40,000 doses", "The agency recalled 25,000 doses"),
]


@pytest.mark.parametrize(("claim", "evidence", "expected"), REPLACED)
def test_substitution_words_replaced(claim, evidence, expected):
    found = substituted_word(claim, evidence)
    assert found is not None
    assert (found.mine, found.theirs, found.attribute) == expected
    assert claim[found.start : found.end] == found.mine
    assert evidence[found.other_start : found.other_end] == found.theirs


@pytest.mark.parametrize(("claim", "evidence"), NOT_REPLACED)
def test_substitution_words_not_replaced(claim, evidence):
    assert substituted_word(claim, evidence) is None


def test_substitution_words_opposites_are_symmetric():
    opposites = opposite_words()
    assert opposites
    for word, others in opposites.items():
        for other in others:
            assert word in opposites[other]


STORY = [
    Article(id="a", outlet="Lake Post", text=(
        "The Tolbury council relaxes its rules on street parking, the mayor said. "
        "Residents welcomed the change. Fines stay the same.")),
    Article(id="b", outlet="Valley Radio", text=(
        "The Tolbury council relaxes its rules on street parking from May. "
        "Shop owners had asked for it for years.")),
]  # fmt: skip


@pytest.fixture(scope="module")
def analyses():
    from credence.scoring.scorer import Scorer

    scorer = Scorer.load()
    return scorer, list(scorer.analyze(STORY))


def test_substitution_words_check_reads_opposites_as_contradiction(analyses):
    scorer, read = analyses

    def corroboration(text):
        return check_claim(
            text,
            read,
            stance_model=pair_reader(scorer.stance_model, scorer.agreement_model),
            uncertainty_model=scorer.uncertainty_model,
            extractors=scorer.extractors,
        )

    truth = corroboration("The Tolbury council relaxes its rules on street parking.")
    variant = corroboration("The Tolbury council toughens its rules on street parking.")
    assert truth.corroboration > variant.corroboration
    assert not any("relaxes" in e.text for e in variant.support)
    assert any(c.attribute == "opposite" for c in variant.conflicts)
