"""Case-insensitive searches run on lower-cased text give the regex engine's own answers."""

from __future__ import annotations

import re
import string
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from credence.features import case_blind
from credence.features.case_blind import CaseBlind, lowered_text
from credence.scoring import claims

_EVERY_CHARACTER = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)


def test_case_blind_traps_are_every_character_lowering_cannot_stand_for() -> None:
    # Characters IGNORECASE equates with an ASCII letter besides its own two cases, or that
    # lower-case to an ASCII letter, or to more than one character.
    folded = set(re.findall("[a-z]", _EVERY_CHARACTER, re.IGNORECASE)) - set(string.ascii_letters)
    to_ascii = {c for c in _EVERY_CHARACTER if not c.isascii() and c.lower().isascii()}
    longer = {c for c in _EVERY_CHARACTER if len(c.lower()) != 1}
    traps = set(case_blind._CASE_TRAPS.pattern.strip("[]"))
    assert folded | to_ascii | longer == traps


def test_case_blind_lowering_keeps_word_characters() -> None:
    # \b and \w read the same positions in the lower-cased text.
    changed = [
        c
        for c in _EVERY_CHARACTER
        if len(c.lower()) == 1
        and (c.isalnum() != c.lower().isalnum() or c.isspace() != c.lower().isspace())
    ]
    assert changed == []


_PATTERNS = [
    claims._ATTRIBUTION,
    claims._QUANTITY,
    claims._EVALUATIVE,
    claims._SPECULATION,
    claims._FIRST_PERSON_OPINION,
]
_WORDS = [
    "said",
    "SAID",
    "Should",
    "thousand",
    "If",
    "I think",
    "Reuters",
    "İf",
    "ſaid",
    "\u212aey",
]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.one_of(st.sampled_from(_WORDS), st.text(max_size=6)),
        max_size=8,
    ).map(" ".join)
)
def test_case_blind_same_answer_as_ignorecase(text: str) -> None:
    for pattern in _PATTERNS:
        assert CaseBlind(pattern).found(text, lowered_text(text)) == bool(pattern.search(text))


@pytest.mark.parametrize("text", ["İf so", "ſaid", "\u212aids", "plain text"])
def test_case_blind_traps_fall_back(text: str) -> None:
    assert (lowered_text(text) is None) == (text != "plain text")


@pytest.mark.parametrize(
    "pattern",
    [
        re.compile("said"),
        re.compile(r"\N{EM DASH}", re.I),
        re.compile("(?P<Who>x)", re.I),
        re.compile("é", re.I),
    ],
)
def test_case_blind_rejects_patterns_lowering_could_change(pattern: re.Pattern[str]) -> None:
    with pytest.raises(ValueError, match="pattern"):
        CaseBlind(pattern)
