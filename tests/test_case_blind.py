"""Case-insensitive searches run on lower-cased text give the regex engine's own answers."""

from __future__ import annotations

import re
import string
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from credence.features import case_blind
from credence.features.case_blind import CaseBlind, lowered_text, word_runs
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


# The claim rules' word lists as written (claims.py builds its searches from these) and
# shapes the word-run split must leave to the regex engine or gate correctly.
_WORD_LIST_PATTERNS = [
    claims._ATTRIBUTION_IN.pattern,
    claims._QUANTITY_WORDS_IN.pattern,
    claims._EVALUATIVE_IN.pattern,
    claims._SPECULATION_IN.pattern,
    claims._FIRST_PERSON_OPINION_IN.pattern,
    re.compile(r"\d|\b(?:one|no one|x(?:a|b)|needs? to|it's time)\b", re.I),
    re.compile(r"(?=[ab])(?:\b(?:a|b)\b)", re.I),
    re.compile(r"\b(?:a)\b(?:b)\b|\bthe\b", re.I),
    re.compile(r"^\s*(?:said|says)\b|\b(?:says?)\b", re.I),
]
_RUN_WORDS = [*_WORDS, "no one", "needs to", "need  to", "it's time", "xa", "a", "ab", "the"]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(_RUN_WORDS),
            st.text(max_size=6),
            st.sampled_from(["_", "’", "'", "-", "\n", "é", "2"]),
        ),
        max_size=10,
    ).map(lambda words: " ".join(words) if len(words) % 2 else "".join(words))
)
def test_case_blind_word_runs_same_answer_as_ignorecase(text: str) -> None:
    lowered = lowered_text(text)
    runs = None if lowered is None else word_runs(lowered)
    for pattern in _WORD_LIST_PATTERNS:
        expected = bool(pattern.search(text))
        assert CaseBlind(pattern).found(text, lowered, runs) == expected, pattern.pattern


def test_case_blind_word_lists_leave_little_to_the_regex_engine() -> None:
    # The speed-up is real only if the long lists became sets: what stays a regex is short
    # and, where it can be, tried only when its first word is a word of the text.
    attribution = claims._ATTRIBUTION_IN
    assert {"said", "according"} <= attribution.words | {"according"}
    assert "said" in attribution.words and "according" not in attribution.words
    assert [sorted(r.leads or ()) for r in attribution.rest] == [["according"]]
    speculation = claims._SPECULATION_IN
    assert {"appear", "appears", "seem", "seems"} <= speculation.words
    assert [r.find.__name__ for r in speculation.rest] == ["match"]  # "^\s*if\b" anchored
    opinion = claims._FIRST_PERSON_OPINION_IN
    assert [sorted(r.leads or ()) for r in opinion.rest] == [["i", "we"], ["in"]]


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
