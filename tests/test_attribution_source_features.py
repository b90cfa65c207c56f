"""The tagger's source features (credence.features.attribution.source_features).

Each case is a sentence written for credence, a token and the features it must (or must not)
carry: the clause position of a source whatever its words.
"""

from __future__ import annotations

import pytest

from credence.features.attribution.lexicon import load_lexicon
from credence.features.attribution.source_features import (
    organisation_words,
    paragraph_source_features,
    source_features,
)
from credence.features.attribution.tokens import _TokenTable


def _features(text: str) -> dict[str, list[str]]:
    """``{token: features}`` of a one-paragraph text (a repeated token keeps its last)."""
    table = _TokenTable(text)
    found = paragraph_source_features(table, 0, len(table.words), load_lexicon().cues)
    return {table.words[k]: names for k, names in found.items()}


CASES = [
    # (text, token, must have, must not have)
    (
        "The Quarry Workers Union said wages fell.",
        "Union",
        ["sf:cap=E", "sf:org", "sf:subj_last"],
        [],
    ),
    (
        "The Quarry Workers Union said wages fell.",
        "Quarry",
        ["sf:cap=B", "sf:caprun>2", "sf:subj"],
        [],
    ),
    (
        "A man who attended the rally told reporters it was calm.",
        "rally",
        ["sf:subj", "sf:to=told"],
        [],
    ),
    (
        '"We love cats!" reply Burton and Nick.',
        "Burton",
        ["sf:inv", "sf:from=reply", "sf:cap=S"],
        ["sf:subj"],
    ),
    ("Wages fell, said Dana Obi of the union.", "Obi", ["sf:inv", "sf:cap=E"], []),
    ("Elijah Rowe of Maryland agreed with the plan.", "of", ["sf:of_name"], ["sf:org"]),
    ("Mark, the lead on the project, told Jacob it was late.", "lead", ["sf:appos"], ["sf:subj"]),
    ("According to the river authority, the dam held.", "authority", ["sf:acc"], []),
    ("According to the river authority, the dam held.", "dam", [], ["sf:acc"]),
    # A clause mark ends the subject stretch: the content before it is not the subject.
    ("The dam held, officials said.", "dam", [], ["sf:subj"]),
    ("The dam held, officials said.", "officials", ["sf:subj", "sf:subj_last", "sf:to=said"], []),
    # A sentence-opening "The" alone is no name.
    ("The figures were revised on Monday.", "The", [], ["sf:cap=S"]),
]


@pytest.mark.parametrize(("text", "token", "present", "absent"), CASES)
def test_attribution_source_features_table(text, token, present, absent):
    names = _features(text).get(token, [])
    for feature in present:
        assert feature in names, (token, names)
    for feature in absent:
        assert feature not in names, (token, names)


def test_attribution_source_features_keep_only_known():
    text = "The Quarry Workers Union said wages fell."
    table = _TokenTable(text)
    cues = load_lexicon().cues
    every = paragraph_source_features(table, 0, len(table.words), cues)
    kept = paragraph_source_features(table, 0, len(table.words), cues, {"sf:org"})
    assert kept == {k: ["sf:org"] for k, names in every.items() if "sf:org" in names}
    assert paragraph_source_features(table, 0, len(table.words), cues, set()) == {}


def test_attribution_source_features_empty_and_lexicon():
    assert source_features([], [], [], {}, frozenset()) == {}
    assert {"ministry", "committee", "union"} <= organisation_words()
