"""The check-worthiness cues' case-insensitive searches (numbers, second person, modals) are
answered from a sentence's lower-cased word runs (``CaseBlind``): the same flags as the
patterns searched with ``IGNORECASE``, on written sentences and on any text, including those
holding the characters that fold oddly (``İ ı ſ K``), which take the patterns themselves.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from credence.models import checkworthiness

_PATTERNS = {
    0: checkworthiness._NUMBER,
    5: checkworthiness._SECOND_PERSON,
    7: checkworthiness._MODAL,
}

_WORDS = [
    "one",
    "Twenty",
    "DOZENS",
    "you",
    "You're",
    "yours",
    "will",
    "WILL",
    "may",
    "ought",
    "percent",
    "halfway",
    "youth",
    "willing",
    "7",
    "٣",
    "İ",
    "ı",
    "ſ",
    "K",
    "k",
]


def _flags_by_pattern(text: str) -> dict[int, float]:
    return {k: 1.0 if pattern.search(text) else 0.0 for k, pattern in _PATTERNS.items()}


def _assert_same_flags(text: str) -> None:
    flags, count = checkworthiness._cue_flags(text)
    expected = _flags_by_pattern(text)
    assert {k: flags[k] for k in _PATTERNS} == expected
    assert count == len(checkworthiness._TOKEN.findall(text))


@pytest.mark.parametrize(
    "text",
    [
        "You will pay twenty dollars?",
        "YOU'RE the one who may ought to know.",
        "Troops crossed the border on Monday.",
        "Willingly, the youth of the halfway house left.",
        "İt ſhould be K-9, ı think; 3 of them.",
        "",
    ],
)
def test_checkworthiness_cue_searches_written_sentences(text: str) -> None:
    _assert_same_flags(text)


@given(
    st.lists(
        st.one_of(st.sampled_from(_WORDS), st.text(alphabet="aeiouyw'’ -.,?!", max_size=5)),
        max_size=8,
    ).map(" ".join)
)
@settings(max_examples=600, deadline=None)
def test_checkworthiness_cue_searches_same_flags_as_the_patterns(text: str) -> None:
    _assert_same_flags(text)


@given(st.text(max_size=40))
@settings(max_examples=300, deadline=None)
def test_checkworthiness_cue_searches_on_any_text(text: str) -> None:
    _assert_same_flags(text)


def test_checkworthiness_cue_patterns_stay_case_insensitive() -> None:
    # CaseBlind needs IGNORECASE patterns; a pattern made case-sensitive would need a rethink.
    assert all(p.flags & re.IGNORECASE for p in _PATTERNS.values())
