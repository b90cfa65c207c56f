"""The chain rule's number pattern opens with a digit and looks behind it; it finds what the
pattern written with the look-behind first finds (which the engine tried at every character).
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from credence.features import chains

#: The pattern as first written, look-behinds before the digits.
REFERENCE = re.compile(r"(?<![\w.])\d{1,3}(?:,\d{3})+(?![\w])|(?<![\w.,])\d+(?:\.\d+)?(?![\w,])")


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


@given(st.text(alphabet="0123456789,., a_x-٣²\n", max_size=40))
@settings(max_examples=1500, deadline=None)
def test_chains_numbers_pattern_finds_what_the_lookbehind_first_one_finds(text):
    assert _spans(chains._NUMBER_RE, text) == _spans(REFERENCE, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,000 to 3,000 troops", ["1,000", "3,000"]),
        ("x 12.5 y", ["12.5"]),
        ("1,00 and 12,3456 and v2 and .5 and 7", ["7"]),
        ("٣٤ soldiers, 40", ["٣٤", "40"]),
        # A number before a comma is refused unless its groups are of three ("2019,").
        ("2019, 2,500 and 10", ["2,500", "10"]),
    ],
)
def test_chains_numbers_written_examples(text, expected):
    assert [m.group() for m in chains._NUMBER_RE.finditer(text)] == expected
    assert [m.group() for m in REFERENCE.finditer(text)] == expected
