"""The article's token scan: the compiled one (``_tokens.scan_tokens``) and the pure-Python one
(``tokens._scan_tokens``) both find exactly the tokens of ``_TOKEN_RE.finditer``.

The compiled scan reads code points and Python's own character classes; these tests hold it
to the pattern on every kind of character the pattern distinguishes (word characters in and
out of ASCII, "_", digits of other scripts, every kind of space, the joiners ’'-.&, the
possessive "s", characters outside the BMP, NUL) and on any slice of a text.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from credence.features.attribution.tokens import _TOKEN_RE, _scan_tokens

compiled = pytest.importorskip(
    "credence.features.attribution._tokens",
    reason="the optional compiled core is not built (no C compiler)",
)

_SPACES = " \n\t\r\x0b\x0c\x1c\xa0\u2009\u3000\u2028"
_MARKS = "’'-.&,;:!?\"“”()|/\x00"
_LETTERS = "asS_9éİΣßǅᾼ٣²½\u0301\U0001d400😀"
_ALPHABET = _SPACES + _MARKS + _LETTERS

#: Texts written for these tests: possessives, initials, hyphenated names, quotes, numbers.
TEXTS = [
    "The minister's aide said: \"We won't comment.\" U.S.-led talks (Geneva) resumed.",
    "Lopez-Cantera’s office — reached Tuesday — said 1,200.5 troops & 3 ships'd left.",
    "AT&T and O'Neill's lawyers' fees rose; e-mail_address x.y.z ’s ’ 's '",
    "Çağlar İnce said ΣΑΣ ٣٤ times\u2009“no”\u00a0to the plan.\n\nSecond paragraph.",
]


def _reference(text: str, start: int, stop: int) -> list[tuple[int, int, str, bool, bool]]:
    return [
        (m.start(), m.end(), m.group(), m.group()[0].isalnum(), m.group()[0].isupper())
        for m in _TOKEN_RE.finditer(text, start, stop)
    ]


def _tokens(scan, text: str, start: int, stop: int) -> list[tuple[int, int, str, bool, bool]]:
    return list(zip(*scan(text, start, stop), strict=True))


@given(
    text=st.text(alphabet=_ALPHABET, max_size=60),
    cut=st.tuples(st.integers(0, 65), st.integers(0, 65)),
)
@settings(max_examples=600, deadline=None)
def test_attribution_tokens_compiled_and_python_scans_match_the_pattern(text, cut):
    lo, hi = sorted(cut)
    hi = min(hi, len(text))
    lo = min(lo, hi)
    for start, stop in ((0, len(text)), (lo, hi)):
        expected = _reference(text, start, stop)
        assert _tokens(compiled.scan_tokens, text, start, stop) == expected
        assert _tokens(_scan_tokens, text, start, stop) == expected


@pytest.mark.parametrize("text", TEXTS)
def test_attribution_tokens_written_examples(text):
    expected = _reference(text, 0, len(text))
    assert _tokens(compiled.scan_tokens, text, 0, len(text)) == expected
    assert _tokens(_scan_tokens, text, 0, len(text)) == expected
    # A possessive stays one token; a joiner between word characters joins them.
    if text.startswith("The minister's"):
        assert [t[2] for t in expected][:2] == ["The", "minister's"]
        assert "U.S" in [t[2] for t in expected]


def test_attribution_tokens_long_text_of_one_width_and_wider():
    # 1-, 2- and 4-byte strings are read through their own kind: the same tokens either way.
    base = " ".join(TEXTS) * 50
    for text in (base.encode("ascii", "ignore").decode(), base, base + "😀"):
        assert _tokens(compiled.scan_tokens, text, 0, len(text)) == _reference(text, 0, len(text))


def test_attribution_tokens_table_uses_the_compiled_scan():
    from credence.features.attribution import tokens

    assert tokens._SCAN is compiled.scan_tokens


@given(
    tokens=st.lists(st.integers(0, 300), max_size=40, unique=True).map(sorted),
    sentences=st.lists(st.integers(0, 300), max_size=12, unique=True).map(sorted),
)
@settings(max_examples=400, deadline=None)
def test_attribution_tokens_sentence_indices_match_a_bisection_per_token(tokens, sentences):
    import bisect

    from credence.features.attribution.tokens import sentence_indices

    expected = [bisect.bisect_right(sentences, start) - 1 for start in tokens]
    assert sentence_indices(tokens, sentences) == expected


@given(
    tokens=st.lists(st.integers(0, 300), max_size=40).map(sorted),
    sentences=st.lists(st.integers(0, 300), max_size=12).map(sorted),
)
@settings(max_examples=400, deadline=None)
def test_attribution_tokens_sentence_indices_compiled_and_python_agree(tokens, sentences):
    # Repeated offsets too (two sentences starting at one token): the last one is taken.
    import bisect

    from credence.features.attribution.tokens import _python_sentence_indices

    expected = [bisect.bisect_right(sentences, start) - 1 for start in tokens]
    assert compiled.sentence_indices(tokens, sentences) == expected
    assert _python_sentence_indices(tokens, sentences) == expected


def test_attribution_tokens_sentence_indices_uses_the_compiled_merge():
    from credence.features.attribution import tokens

    assert tokens._SENTENCE_INDICES is compiled.sentence_indices
    assert tokens.sentence_indices((0, 4), (1,)) == [-1, 0]  # not lists: the Python runs
