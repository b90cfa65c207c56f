"""The attribution rules' faster scans find what the plain scans found, match for match.

Speed paths of issue 15 item 6: the dash-credit pattern tried only at closing quotation marks
against ``finditer`` over the whole paragraph, on generated texts and written cases; the
quotation sides of a paragraph's tokens, written run by run, against the token loop; the
quotation marks between two offsets counted by bisection, against the pattern; the sides
found from the text's quotation-mark offsets, against the look at every token.
"""

from __future__ import annotations

from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from credence.features.attribution.credits import (
    _DASH_CREDIT_RE,
    _dash_credits,
    _dash_matches,
    _positions,
)
from credence.features.attribution.learned import _marks_between
from credence.features.attribution.quote_sides import paragraph_quote_sides, quote_sides
from credence.features.attribution.relations import _side_of
from credence.features.attribution.tokens import (
    _QUOTE_CHARS,
    _QUOTE_RE,
    _Sentence,
    _TokenTable,
    quote_positions,
)

#: Characters that make dash credits and near misses: marks, dashes, capitals, line ends.
_ALPHABET = 'ab A“”"―—–-. ,\nQD'


def _closing(text: str) -> list[int]:
    return sorted([*_positions(text, "”"), *_positions(text, '"')])


def _spans(matches) -> list[tuple[int, int]]:
    return [m.span() for m in matches]


@settings(max_examples=500, deadline=None)
@given(
    text=st.text(alphabet=_ALPHABET, max_size=60),
    start=st.integers(0, 60),
    length=st.integers(0, 60),
)
def test_rule_scans_dash_matches_equal_finditer(text, start, length):
    end = min(len(text), start + length)
    expected = _spans(_DASH_CREDIT_RE.finditer(text, start, end))
    assert _spans(_dash_matches(text, _closing(text), start, end)) == expected


CASES = [
    '“Nothing is settled.” ― Dana Ortiz\n\n"We stay." — Lee Chan, a farmer',
    '"A" - B "C" -- Dee Ray.\n"E"—Fox',
    "He said “no” — then left. “Yes” – Ann Bo",
    "no quotation here - Dana Ortiz",
]


def test_rule_scans_dash_credits_of_written_cases():
    found = 0
    for text in CASES:
        paragraphs = [(0, len(text))]
        expected = [m.span() for m in _DASH_CREDIT_RE.finditer(text, 0, len(text))]
        got = [m.span() for m in _dash_matches(text, _closing(text), 0, len(text))]
        assert got == expected
        found += len(_dash_credits(text, paragraphs))
    assert found >= 4


def _quote_sides_reference(words: list[str]) -> list[int]:
    """The token-by-token loop ``quote_sides`` was (``relations._quote_sides`` before)."""
    sides = []
    marks = 0
    for word in words:
        if word in _QUOTE_CHARS:
            marks += 1
            sides.append(-1)
        else:
            sides.append(marks & 1)
    return sides


@settings(max_examples=300, deadline=None)
@given(words=st.lists(st.sampled_from(['"', "“", "”", "'", "a", "said", ","]), max_size=30))
def test_rule_scans_quote_sides_equal_the_token_loop(words):
    sent = SimpleNamespace(words=words)
    assert quote_sides(sent) == _quote_sides_reference(words)


@settings(max_examples=400, deadline=None)
@given(
    text=st.text(alphabet="ab \"“”'’.,-\n", max_size=50),
    cut=st.tuples(st.integers(0, 60), st.integers(0, 60)),
)
def test_rule_scans_sides_from_quote_offsets_equal_the_token_look(text, cut):
    """Any run of a text's tokens (a paragraph), with the text's quotation-mark offsets."""
    table = _TokenTable(text)
    lo, hi = sorted(min(c, len(table.words)) for c in cut)
    start = table.starts[lo] if lo < hi else 0
    end = table.ends[hi - 1] if lo < hi else 0
    sent = _Sentence(text, start, end, quote_positions(text), end, table, lo, hi)
    sides = paragraph_quote_sides(sent)
    assert sides == quote_sides(sent)
    for a in range(len(sides)):
        for b in range(a + 1, min(a + 4, len(sides)) + 1):
            expected = next((sides[k] for k in range(a, b) if sides[k] >= 0), -1)
            assert _side_of((a, b), sides) == expected


def test_rule_scans_sides_from_quote_offsets_of_a_paragraph():
    """A paragraph after a quotation of the text: its own marks only (written case)."""
    text = '"Yes," she said. He left.\n\nThe chief added: "We will stay" for now.'
    table = _TokenTable(text)
    lo = table.words.index("The")
    sent = _Sentence(text, table.starts[lo], len(text), quote_positions(text), len(text), table, lo)
    sides = paragraph_quote_sides(sent)
    inside = [w for w, side in zip(sent.words, sides, strict=True) if side == 1]
    assert inside == ["We", "will", "stay"]
    assert sides == quote_sides(sent)


@settings(max_examples=400, deadline=None)
@given(
    text=st.text(alphabet='ab "“”\n', max_size=40),
    start=st.integers(0, 45),
    end=st.integers(0, 45),
)
def test_rule_scans_marks_between_counts_what_the_pattern_finds(text, start, end):
    expected = len(_QUOTE_RE.findall(text, start, end))
    assert _marks_between(quote_positions(text), start, end) == expected
    assert bool(_marks_between(quote_positions(text), start, end)) == bool(
        _QUOTE_RE.search(text, start, end)
    )


#: Lower-cased tokens around the trigger scan's cases: cue verbs, "according", "in" opening
#: an interview frame or not, a frame cut by the end of the text.
_TRIGGER_TOKENS = ["said", "in", "an", "interview", "with", "a", "statement", "to", "the", ","]


@settings(max_examples=300, deadline=None)
@given(lows=st.lists(st.sampled_from(_TRIGGER_TOKENS), max_size=30))
def test_rule_scans_trigger_hits_compiled_and_python_agree(lows):
    import pytest

    from credence.features.attribution.lexicon import _IN_FRAMES, load_lexicon
    from credence.features.attribution.tokens import _python_trigger_hits

    tokens = pytest.importorskip(
        "credence.features.attribution._tokens", reason="the optional compiled core is not built"
    )
    if not hasattr(tokens, "trigger_hits"):
        pytest.skip("the compiled core was built before trigger_hits")
    opening = load_lexicon().opening_words
    assert tokens.trigger_hits(lows, opening, _IN_FRAMES) == _python_trigger_hits(
        lows, opening, _IN_FRAMES
    )


def test_rule_scans_trigger_hits_of_written_cases():
    from credence.features.attribution.lexicon import _IN_FRAMES, load_lexicon
    from credence.features.attribution.tokens import _python_trigger_hits, trigger_hits

    opening = load_lexicon().opening_words
    lows = "in a statement to the press , the harbour office said it would reopen in june".split()
    expected = [0, 10]
    for find in (trigger_hits, _python_trigger_hits):
        # "in a statement to" opens a frame; "said" is a cue; "in june" opens none.
        assert find(lows, opening, _IN_FRAMES) == expected
        assert find(["in", "an", "interview"], opening, _IN_FRAMES) == []  # the frame cut short
        assert find([], opening, _IN_FRAMES) == []


#: Words around the alias-mention scan: table words, other capitalised words, digits, marks.
_MENTION_WORDS = ["Reuters", "reuters", "The", "the", "Harbour", "Office", "2019", "“", "É", "x"]


@settings(max_examples=300, deadline=None)
@given(text=st.lists(st.sampled_from(_MENTION_WORDS), max_size=30).map(" ".join))
def test_rule_scans_capitalised_hits_compiled_and_python_agree(text):
    import pytest

    from credence.features.attribution.lexicon import load_lexicon
    from credence.features.attribution.tokens import _python_capitalised_hits

    tokens = pytest.importorskip(
        "credence.features.attribution._tokens", reason="the optional compiled core is not built"
    )
    if not hasattr(tokens, "capitalised_hits"):
        pytest.skip("the compiled core was built before capitalised_hits")
    table = _TokenTable(text)
    starters = load_lexicon().alias_starters | {"2019", "“", "é"}
    args = (table.lows, starters, table.is_word, table.is_cap)
    expected = [
        k
        for k, w in enumerate(table.words)
        if w.lower() in starters and w[0].isupper() and w[0].isalnum()
    ]
    assert tokens.capitalised_hits(*args) == _python_capitalised_hits(*args) == expected


def test_rule_scans_capitalised_hits_of_written_cases():
    from credence.features.attribution.lexicon import load_lexicon
    from credence.features.attribution.mentions import find_source_mentions
    from credence.features.attribution.tokens import _python_capitalised_hits, capitalised_hits

    text = "the Reuters report: “The Harbour Office” and reuters, 2019."
    table = _TokenTable(text)
    starters = load_lexicon().alias_starters
    # A lower-case "the"/"reuters", a mark and a number open nothing; "Reuters" does.
    for find in (capitalised_hits, _python_capitalised_hits):
        hits = find(table.lows, starters, table.is_word, table.is_cap)
        assert [table.words[k] for k in hits if table.words[k] == "Reuters"] == ["Reuters"]
        assert all(table.words[k][0].isupper() for k in hits)
    assert [m.canonical for m in find_source_mentions("Reuters said so; reuters did not.")] == [
        "Reuters"
    ]


def _quote_pairs_reference(text: str, paragraphs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The paragraph-by-paragraph slicing ``continuations._quote_pairs`` was."""
    import bisect

    from credence.features.attribution.continuations import _MAX_QUOTE_CHARS

    marks = quote_positions(text)
    pairs = []
    for start, end in paragraphs:
        inside = marks[bisect.bisect_left(marks, start) : bisect.bisect_left(marks, end)]
        for k in range(0, len(inside) - 1, 2):
            if inside[k + 1] - inside[k] <= _MAX_QUOTE_CHARS:
                pairs.append((inside[k], inside[k + 1]))
    return pairs


@settings(max_examples=400, deadline=None)
@given(
    text=st.text(alphabet='ab "“”\n', max_size=60),
    cuts=st.lists(st.integers(0, 60), max_size=8),
)
def test_rule_scans_quote_pairs_read_the_marks_once(text, cuts):
    from credence.features.attribution.continuations import _quote_pairs

    # Paragraphs in text order, disjoint, with gaps between some of them (as segmentation
    # leaves the blank lines out), some empty.
    bounds = sorted(min(c, len(text)) for c in cuts)
    paragraphs = [(bounds[k], bounds[k + 1]) for k in range(0, len(bounds) - 1, 2)]
    assert _quote_pairs(text, paragraphs) == _quote_pairs_reference(text, paragraphs)
