"""Speaker labels and dash credits (features/attribution/credits.py): quotations credited by
layout, with no reporting verb. Examples written for credence.
"""

from __future__ import annotations

import pytest

from credence.features.attribution import AttributionExtractor

TRANSCRIPT = (
    "Partial transcript of the interview:\n\n"
    '"HARLOW: Will the bridge reopen this year?\n\n'
    '"MENDEZ: Not before spring, I am afraid.\n\n'
    "UPDATE: The council met again on Friday."
)
VOX_POP = (
    "Readers wrote in about the new tolls.\n\n"
    "“The tolls are a scandal.” ― Priya Natarajan\n"
    "“Nobody asked the people who drive.” — Tom O’Neill, Leeds\n\n"
    "The council has not replied."
)
QA = "Q: Will you run again?\n\nA: No.\n\nDana Ortiz: It is settled, and I am at peace."


@pytest.fixture(scope="module", params=["default", None], ids=["tagger", "rules"])
def extractor(request) -> AttributionExtractor:
    return AttributionExtractor(model=request.param)


def _triples(extractor, text):
    # The tagger may leave the final stop out of a content; the rules keep it.
    return [
        (a.source.text, a.cue.text, a.content.text.rstrip(".")) for a in extractor.extract(text)
    ]


def test_attribution_credits_speaker_labels_of_a_transcript(extractor):
    got = _triples(extractor, TRANSCRIPT)
    assert ("HARLOW", ":", "Will the bridge reopen this year?") in got
    assert ("MENDEZ", ":", "Not before spring, I am afraid") in got
    # A heading before a colon is no speaker.
    assert not any(source.upper() == "UPDATE" for source, _, _ in got)


def test_attribution_credits_dash_credits_after_quotations(extractor):
    got = _triples(extractor, VOX_POP)
    assert ("Priya Natarajan", "―", "“The tolls are a scandal.”") in got
    assert ("Tom O’Neill", "—", "“Nobody asked the people who drive.”") in got


def test_attribution_credits_question_and_named_answer(extractor):
    got = _triples(extractor, QA)
    assert ("Q", ":", "Will you run again?") in got
    assert ("Dana Ortiz", ":", "It is settled, and I am at peace") in got
    assert not any(source == "A" for source, _, _ in got)


@pytest.mark.parametrize(
    "text",
    [
        "The score at 12:30 was 2-1. Here is why: prices rose.",
        "Note: this story has been updated.",
        "Editor’s Note: An earlier version misspelled a name.",
        "The slogan “Build Back Better” — a phrase from the campaign — stuck.",
        "WATCH: The full debate, in two minutes.",
    ],
)
def test_attribution_credits_no_credit_without_a_speaker(text):
    found = AttributionExtractor(model=None).extract(text)
    assert not [a for a in found if a.cue.text in (":", "—", "―")], found
