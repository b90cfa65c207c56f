"""The hedge matcher's token scan: the compiled one (``_hedge_tokens.scan_tokens``) finds
exactly the tokens of ``hedge_tokens._TOKEN_RE.finditer`` on any slice of a text, and
:class:`Tokens` built with it equals :class:`Tokens` built from the pattern (the fallback).

The characters the pattern distinguishes: word characters in and out of ASCII, "_", decimal
digits of other scripts and other numerals ("²", "½", which ``\\d`` refuses and ``\\w``
takes), every kind of space, the quotes of "n't", the number marks, NUL, characters outside
the BMP.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from credence.features import hedge_tokens
from credence.features.hedge_tokens import _TOKEN_RE, Tokens

compiled = pytest.importorskip(
    "credence.features._hedge_tokens",
    reason="the optional compiled core is not built (no C compiler)",
)

_ALPHABET = "nNtT'’ax_9٣²½.,-?\" \t\n\xa0\u2009\x00Σé\U0001d7d8\U0001f600"

#: Written for these tests: contractions, numbers, quotes and marks at the edges.
TEXTS = [
    "It couldn't be confirmed, and officials won’t say; 10,000.5 or 3.5 or 1,2,3 people.",
    "n't nn't don'tx can't_ n’t, 10n't _n't Σn't ",
    '"Perhaps" — reportedly 40%… ٣٤,٥ troops \U0001d7d8\U0001d7d9 arrived.\x00done',
    "",
    "   \t\n",
]


def _reference(text: str, start: int, stop: int) -> tuple[list[int], list[int], list[str]]:
    matches = list(_TOKEN_RE.finditer(text[start:stop]))
    return (
        [start + m.end() for m in matches],
        [m.end() - m.start() for m in matches],
        [m.group() for m in matches],
    )


def _python_tokens(text: str, start: int, end: int | None) -> Tokens:
    # The fallback: Tokens without the compiled scan (put back at once, whatever happens).
    scan, hedge_tokens._SCAN = hedge_tokens._SCAN, None
    try:
        return Tokens(text, start, end)
    finally:
        hedge_tokens._SCAN = scan


def _same_tokens(first: Tokens, second: Tokens) -> bool:
    return (first.ends, first.lengths, first.lows) == (second.ends, second.lengths, second.lows)


@given(
    text=st.text(alphabet=_ALPHABET, max_size=60),
    cut=st.tuples(st.integers(0, 65), st.integers(0, 65)),
)
@settings(max_examples=1000, deadline=None)
def test_hedge_tokens_compiled_scan_matches_the_pattern(text, cut):
    lo, hi = sorted(cut)
    hi = min(hi, len(text))
    lo = min(lo, hi)
    for start, stop in ((0, len(text)), (lo, hi)):
        assert compiled.scan_tokens(text, start, stop) == _reference(text, start, stop)


@given(text=st.text(max_size=40), start=st.integers(0, 10))
@settings(max_examples=400, deadline=None)
def test_hedge_tokens_compiled_and_python_tokens_are_equal(text, start):
    start = min(start, len(text))
    for end in (None, len(text), max(start, len(text) - 3)):
        assert _same_tokens(Tokens(text, start, end), _python_tokens(text, start, end))


@pytest.mark.parametrize("block", range(0, 0x300, 0x40))
def test_hedge_tokens_every_code_point_below_0x300_reads_as_the_pattern(block):
    # The compiled word test answers ASCII from its own table (the Unicode database only
    # above 127): each character alone, inside a word, a number and before "n't".
    for code in range(block, block + 0x40):
        char = chr(code)
        for text in (char, f"a{char}b", f"1{char}2", f"do{char}n't", f"{char}n’t {char}"):
            assert compiled.scan_tokens(text, 0, len(text)) == _reference(text, 0, len(text))


@pytest.mark.parametrize("text", TEXTS)
def test_hedge_tokens_written_examples(text):
    assert compiled.scan_tokens(text, 0, len(text)) == _reference(text, 0, len(text))
    assert _same_tokens(Tokens(text), _python_tokens(text, 0, None))
    if text.startswith("It couldn't"):
        assert Tokens(text).lows[1:4] == ["could", "n't", "be"]
        assert "10,000.5" in Tokens(text).lows


def test_hedge_tokens_compiled_scan_is_in_use():
    assert hedge_tokens._SCAN is compiled.scan_tokens


def test_hedge_tokens_extractor_without_the_core_finds_the_same_hedges():
    from credence.features.hedges import HedgeExtractor

    extractor = HedgeExtractor()
    text = (
        "Officials reportedly couldn't confirm it; it may not be true, sources suggest. "
        "Perhaps 10,000 people, roughly 3.5 percent, were allegedly moved. It doesn't seem so."
    )
    with_core = extractor.extract(text)
    scan, hedge_tokens._SCAN = hedge_tokens._SCAN, None
    try:
        without = HedgeExtractor().extract(text)
    finally:
        hedge_tokens._SCAN = scan
    assert with_core == without
    assert len(with_core) >= 5
