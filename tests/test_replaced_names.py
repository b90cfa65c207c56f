"""Names a claim puts in place of the story's own (``details_rule="replaced"``, issue 14 item 5).

A table of our own sentences: a swapped name in a title-case headline, whose bodies never
write the headline's frame, is read at the level of the story; a claim that keeps the
story's names, adds a source nobody mentions, or writes a story name in other case is not.
"""

from __future__ import annotations

import pytest
from conftest import corroboration_of

from credence.scoring.check_settings import CheckSettings
from credence.scoring.replaced_names import replaced_names, replaced_names_share

SINGER = [
    "Willie Nelson is alive and well, his publicist said on Tuesday.",
    "A fake news site claimed that Willie Nelson was dead.",
    "Nelson, 82, was on stage in Austin last night.",
]
STRIKE = [
    "Ferry crews in Port Valen walked out over pay on Monday.",
    "No ferry left Port Valen for Skarra after crews went on strike.",
    "Nordlink Ferries said the strike in Port Valen would end on Thursday.",
]
TEEN = [
    "A boy, 16, was arrested after the video spread at his school.",
    "Police said the 16 year old would appear in court on Friday.",
    "The school said the boy, 16, had been suspended.",
]
ENVOYS = [
    "French diplomats met the rebels in Tripoli.",
    "The French envoy said talks would go on.",
    "Officials in Paris confirmed the French mission.",
]


@pytest.mark.parametrize(
    ("claim", "evidence", "expected"),
    [
        # A title-case headline that swaps the story's name for one nobody mentions.
        ("Dolly Parton Dead?", SINGER, ("Dolly Parton",)),
        ("DOLLY PARTON DEAD AT 82", SINGER, ("DOLLY PARTON",)),
        # A place swapped in a sentence.
        ("Ferry crews in Eastport walked out over pay", STRIKE, ("Eastport",)),
        # A nationality swapped for a nationality.
        ("German diplomats met the rebels in Tripoli", ENVOYS, ("German",)),
        # A number swapped for one nobody states, where the story states its own.
        ("Boy, 19, arrested after video spread at his school", TEEN, ("19",)),
        ("Boy, 16, arrested after video spread at his school", TEEN, ()),
        # A number nobody states in a story that states none: nothing to replace.
        ("About 600 ferry crews in Port Valen walked out over pay", STRIKE, ()),
        # The truth, in any case.
        ("Willie Nelson Dead?", SINGER, ()),
        ("WILLIE NELSON DEAD AT 82", SINGER, ()),
        ("Ferry crews in Port Valen walked out over pay", STRIKE, ()),
        # The story's names kept, and a source nobody mentions added: nothing replaced.
        ("Ferry crews in Port Valen walked out, Reuters reported", STRIKE, ()),
        # A name the articles write is no replacement (the contested rule reads frames).
        ("Ferry crews in Skarra walked out over pay", STRIKE, ()),
        # An unmentioned nationality where the story's prominent name is no nationality:
        # a name of another type replaces nothing.
        ("Willie Nelson, the American singer, is dead", SINGER, ()),
        # A lone capitalised word of a title-case headline is as often a verb the articles
        # word otherwise: not read as a name ("Slams", "Report").
        ("Publicist Slams The Fake Report", SINGER, ()),
        # An acronym is spelt out by articles: no name of its own.
        ("Ferry crews in PV walked out over pay", STRIKE, ()),
        # One article is no story: nothing is prominent.
        ("Dolly Parton Dead?", SINGER[:1], ()),
    ],
)
def test_replaced_names_table(claim, evidence, expected):
    assert replaced_names(claim, evidence) == expected


def test_replaced_names_share_keeps_half_per_name():
    assert replaced_names_share("Dolly Parton Dead?", SINGER) == pytest.approx(0.5)
    assert replaced_names_share("Dolly Parton Dead?", SINGER, keep=0.0) == 0.0
    assert replaced_names_share("Willie Nelson Dead?", SINGER) == 1.0


def test_replaced_is_a_details_rule():
    assert CheckSettings(details_rule="replaced").details_rule == "replaced"


# --- check with the rule: the title-case headline that swaps the story's name -----------

SINGER_ARTICLES = [
    (
        "wire",
        "Willie Nelson has cancelled his spring tour after falling ill, his publicist said on "
        "Tuesday. The singer, 82, is resting at his ranch near Austin. Willie Nelson will "
        "return to the stage in the autumn, the publicist said.",
    ),
    (
        "daily",
        "Willie Nelson called off the rest of his spring tour on Tuesday. The singer fell ill "
        "last week, his publicist said. Fans who bought tickets will get their money back.",
    ),
    (
        "radio",
        "Country singer Willie Nelson cancelled his spring tour because of illness, his "
        "publicist said. Willie Nelson thanked his fans for their messages. He hopes to tour "
        "again in the autumn.",
    ),
]


@pytest.fixture(scope="module")
def singer_check(scorer):
    from credence.document import Article

    analyses = scorer.analyze(
        [Article(id=name, text=text, outlet=name) for name, text in SINGER_ARTICLES]
    )
    return corroboration_of(scorer, analyses)


def test_replaced_rule_ranks_the_swapped_headline_below_the_truth(singer_check):
    truth = "Willie Nelson Cancels Spring Tour After Falling Ill, Publicist Says"
    variant = truth.replace("Willie Nelson", "Dolly Parton")
    assert singer_check(variant, "replaced") < singer_check(variant, "contested")
    assert singer_check(truth, "replaced") == pytest.approx(singer_check(truth, "contested"))
    assert singer_check(variant, "replaced") < singer_check(truth, "replaced")
