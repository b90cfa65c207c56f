"""The attribution speed paths of session 12 give what the plain paths give.

- a phrase whose resolution reads nothing but its words is resolved once per lexicon, and
  the rules' and the tagger's resolvers of every text share those resolutions (``_Resolver``
  memo, :attr:`AttributionLexicon.resolutions`, session 13); a phrase
  whose resolution reads earlier mentions or the text around it (a surname, a pronoun, "the
  agency") is resolved where it stands, every time;
- the tagged sources a paragraph's cues can take are sorted by quotation side once per
  paragraph (``relations._SourceCandidates``), as ``_on_cue_side`` sorts them for each cue.

Every text here is written for these tests.
"""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from credence.features.attribution import AttributionExtractor, rules
from credence.features.attribution.lexicon import load_lexicon
from credence.features.attribution.relations import (
    _on_cue_side,
    _SourceCandidates,
    _without_trailing_commas,
)
from credence.features.attribution.rules import article_table, new_resolver
from credence.features.attribution.tokens import _Sentence
from credence.features.context import Context

TEXTS = [
    # The same surname before and after the full name: two resolutions.
    "Dunmore said the pier would close. Later, Ilse Dunmore, the harbour master, spoke. "
    "Dunmore said the ferry would run.",
    # A pronoun and a description each time after a different antecedent.
    "Pavel Ostrik arrived late. He said the road was flooded. Mira Ostrik came next. "
    "She said the bridge held.\n\nThe coastal survey agency said tides rose. "
    "The national grain agency stored less, the agency said.",
    # Names resolved twice in a text (the memo's hits), by the rules and the tagger.
    '"The dam is safe," the Water Board said. "The dam will hold," the Water Board said '
    "again on Friday.\n\nSenator Ada Quill told reporters the vote was close. "
    "Senator Ada Quill said she would abstain.",
    "According to the Water Board, rain fell. According to the Water Board, the river rose. "
    "Officials said the town was dry. Officials said it would rain.",
]


class _NoMemo(dict):
    """A memo that keeps nothing: every phrase is resolved where it stands."""

    def __setitem__(self, key, value) -> None:
        return None


def _context(text: str) -> Context:
    return Context.of(text)


def _attributions(extractor: AttributionExtractor, text: str, memo: bool) -> list[tuple]:
    context = _context(text)
    if not memo:
        lex = extractor.lexicon
        context.shared("attribution.resolutions", lambda: (lex, _NoMemo()))
    found = extractor.extract(text, context=context)
    return [
        (
            a.source.start,
            a.source.end,
            a.source.canonical,
            a.source.kind,
            a.cue.start,
            a.content.start,
        )
        for a in found
    ]


@pytest.fixture(scope="module", params=["default", None], ids=["tagger", "rules"])
def extractor(request):
    return AttributionExtractor(model=request.param)


@pytest.mark.parametrize("text", TEXTS)
def test_resolution_memo_changes_no_attribution(extractor, text):
    assert _attributions(extractor, text, memo=True) == _attributions(extractor, text, memo=False)


def test_resolution_memo_resolves_a_surname_where_it_stands(extractor):
    found = _attributions(extractor, TEXTS[0], memo=True)
    surnames = [
        canonical
        for start, _, canonical, *_ in found
        if TEXTS[0][start:].startswith("Dunmore said")
    ]
    assert surnames == ["Dunmore", "Ilse Dunmore"]


def test_resolution_memo_is_shared_by_the_resolvers_of_a_text():
    lex = load_lexicon()
    text = TEXTS[2]
    context = _context(text)
    table = article_table(context)
    first, second = new_resolver(context, table, lex), new_resolver(context, table, lex)
    assert first._memo is second._memo
    sentence = _Sentence(text, 0, len(text), [], len(text), table, 0, None)
    k = sentence.words.index("Water")
    mention = first.mention(text, sentence, k - 1, k + 2)
    assert first._memo["the Water Board"] == (mention.canonical, mention.kind)
    # Another text read with the same lexicon shares them; another lexicon keeps its own.
    assert new_resolver(_context(TEXTS[3]), table, lex)._memo is first._memo
    other = dataclasses.replace(lex)
    assert new_resolver(_context(TEXTS[3]), table, other)._memo is not first._memo


def test_resolution_memo_across_texts_changes_no_attribution(extractor):
    """Texts read one after another share the lexicon's resolutions: each gives what it
    gives with no memo at all, in either order."""
    alone = [_attributions(extractor, text, memo=False) for text in TEXTS]
    for order in (TEXTS, TEXTS[::-1]):
        extractor.lexicon.resolutions.clear()
        shared = {text: _attributions(extractor, text, memo=True) for text in order}
        assert [shared[text] for text in TEXTS] == alone
    assert extractor.lexicon.resolutions  # the names and descriptions were kept


def test_resolution_memo_is_emptied_past_its_bound(monkeypatch):
    lex = dataclasses.replace(load_lexicon())
    monkeypatch.setattr(rules, "MAX_KEPT_RESOLUTIONS", 2)
    lex.resolutions.update({"a": ("a", "anonymous"), "b": ("b", "anonymous")})
    context = _context(TEXTS[2])
    table = article_table(context)
    assert len(new_resolver(context, table, lex)._memo) == 2  # at the bound: kept
    lex.resolutions["c"] = ("c", "anonymous")
    assert new_resolver(_context(TEXTS[3]), table, lex)._memo == {}


def test_resolution_memo_keeps_no_phrase_that_read_earlier_mentions():
    lex = load_lexicon()
    text = TEXTS[1]
    context = _context(text)
    table = article_table(context)
    resolver = new_resolver(context, table, lex)
    sentence = _Sentence(text, 0, len(text), [], len(text), table, 0, None)
    k = sentence.lows.index("he")
    assert resolver.mention(text, sentence, k, k + 1).canonical == "Pavel Ostrik"
    assert "He" not in resolver._memo


_SIDE = st.sampled_from([-1, 0, 1])


@settings(max_examples=300, deadline=None)
@given(
    sides=st.lists(_SIDE, min_size=1, max_size=14),
    raw=st.lists(st.tuples(st.integers(0, 14), st.integers(0, 4)), max_size=5),
    cues=st.lists(st.tuples(st.integers(0, 14), st.integers(1, 3)), min_size=1, max_size=4),
    commas=st.lists(st.booleans(), min_size=14, max_size=14),
)
def test_source_candidates_match_on_cue_side_for_every_cue(sides, raw, cues, commas):
    n = len(sides)
    words = ["," if commas[k] else f"w{k}" for k in range(n)]
    text = " ".join(words)
    sentence = _Sentence(text, 0, len(text), [], len(text))
    assert sentence.n == n
    sources = [(a % n, min(n, a % n + width)) for a, width in raw]
    candidates = _SourceCandidates(sentence, sources, sides)
    for start, width in cues:
        cue = (start % n, min(n, start % n + width))
        expected = [
            _without_trailing_commas(sentence, s) for s in _on_cue_side(sources, cue, sides)
        ]
        assert candidates.for_cue(cue) == expected
