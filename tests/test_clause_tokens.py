"""The claim rules' clause tokens: the compiled scans (``_clause_tokens``) and the pure-Python
fallbacks (``clause_tokens.python_*``) both find exactly what the patterns ``WORD`` and
``WORD_RUN`` find with ``findall``.

The compiled scans read code points with the regex engine's character classes; these tests hold
them to the patterns on every kind of character the patterns distinguish: ASCII letters and
others, digits of other scripts and other numerals ("²", "½", which ``\\d`` refuses and ``\\w``
takes), "_", the joiners ' ’ -, the number marks , . %, combining marks, characters outside the
BMP and NUL, in strings of each width.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from credence.features import clause_tokens
from credence.features.clause_tokens import (
    WORD,
    WORD_RUN,
    python_clause_facts,
    python_clause_words,
    python_word_runs,
)

compiled = pytest.importorskip(
    "credence.features._clause_tokens",
    reason="the optional compiled core is not built (no C compiler)",
)

_ALPHABET = "aZz_9 ,.%'’-\"()\n\t\xa0éİıſKΣß٣²½\u0301\U0001d7d8\U0001f600\x00"

#: Written for these tests: possessives, hyphens, numbers with marks, other scripts.
TEXTS = [
    "Officials said 1,200.5 troops (40%) left; O'Neill’s well-known e-mail_list won't.",
    "The 3rd-quarter figures, 2,5,., rose 12%% from ٣٤ in 2019 — ½ of ² cases.",
    "İstanbul’s KELVIN ſign: ΣΑΣ said 'no' \U0001d7d8\U0001d7d9 times.\x00End",
    "",
    "   ",
    "-'’ 9, .5 a-b-c- x'",
]


def _assert_same(text: str) -> None:
    words = tuple(WORD.findall(text))
    assert compiled.clause_words(text) == words
    assert python_clause_words(text) == words
    lowered = text.lower()
    runs = frozenset(WORD_RUN.findall(lowered))
    assert compiled.word_runs(lowered) == runs
    assert python_word_runs(lowered) == runs
    # Raw text too: the scans never assume lower case.
    assert compiled.word_runs(text) == frozenset(WORD_RUN.findall(text))
    # The one-call scan of a clause, compiled and not, against its definition by the patterns.
    trapped = re.search("[\u0130\u0131\u017f\u212a]", text) is not None
    facts = (
        words,
        None if trapped else lowered,
        None if trapped else runs,
        re.search(r"\d", text) is not None,
        re.search("[A-Za-z]", text) is not None,
    )
    assert compiled.clause_facts(text) == facts
    assert python_clause_facts(text) == facts


@given(st.text(alphabet=_ALPHABET, max_size=80))
@settings(max_examples=800, deadline=None)
def test_clause_tokens_compiled_and_python_match_the_patterns(text):
    _assert_same(text)


@pytest.mark.parametrize("block", range(0, 0x300, 0x40))
def test_clause_tokens_every_code_point_below_0x300_reads_as_the_patterns(block):
    # The compiled word test answers ASCII from its own table (the Unicode database only
    # above 127): each character alone, between letters and between digits.
    for code in range(block, block + 0x40):
        char = chr(code)
        for text in (char, f"a{char}b", f"1{char}2", f"{char}{char}x"):
            _assert_same(text)


@given(st.text(max_size=60))
@settings(max_examples=400, deadline=None)
def test_clause_tokens_match_the_patterns_on_any_text(text):
    _assert_same(text)


@pytest.mark.parametrize("text", TEXTS)
def test_clause_tokens_written_examples(text):
    _assert_same(text)


def test_clause_tokens_written_example_tokens():
    assert compiled.clause_words(TEXTS[0])[:4] == ("Officials", "said", "1,200.5", "troops")
    assert "40%" in compiled.clause_words(TEXTS[0])
    assert "O'Neill’s" in compiled.clause_words(TEXTS[0])
    assert {"e", "mail_list", "won", "t"} <= compiled.word_runs(TEXTS[0].lower())


def test_clause_tokens_long_texts_of_each_width():
    base = " ".join(TEXTS) * 40
    for text in (base.encode("ascii", "ignore").decode(), base, base + "\U0001f600"):
        _assert_same(text)


def test_clause_tokens_compiled_core_is_the_one_in_use():
    assert clause_tokens.COMPILED
    assert clause_tokens.clause_words is compiled.clause_words
    assert clause_tokens.word_runs is compiled.word_runs
    assert clause_tokens.clause_facts is compiled.clause_facts
    assert clause_tokens.capitalised_after_first is compiled.capitalised_after_first


# Words that exercise every branch of the finite-verb rule: listed finite words in any case,
# "-ed" words of each length, "-ed" words listed as no verb, determiners before "-ed" words.
_VERB_WORDS = [
    "said",
    "Was",
    "IS",
    "has",
    "sent",
    "took",
    "deployed",
    "Deployed",
    "injured",
    "the",
    "The",
    "a",
    "their",
    "hundred",
    "united",
    "need",
    "bed",
    "ed",
    "Ed",
    "red",
    "seed",
    "killed",
    "crossed",
    "troops",
    "ran",
    "1,200",
    "40%",
    "O'Neill’s",
    "won't",
    "e",
    "",
]


@given(st.lists(st.one_of(st.sampled_from(_VERB_WORDS), st.text(max_size=8)), max_size=12))
@settings(max_examples=800, deadline=None)
def test_clause_tokens_compiled_finite_verbs_pick_the_rules_words(words):
    from credence.scoring import claims

    words = tuple(w for w in words if " " not in w)  # a clause word never holds a space
    expected = claims._python_finite_verbs_of(words)
    assert claims._finite_verbs_of(words) == expected
    assert claims._finite_verbs_of(list(words)) == expected


def test_clause_tokens_compiled_finite_verbs_in_use_and_written_examples():
    from credence.scoring import claims

    assert claims._finite_verbs_of is not claims._python_finite_verbs_of
    words = clause_tokens.clause_words("The injured were treated; officials said 12 drowned.")
    assert claims._finite_verbs_of(words) == ("were", "treated", "said", "drowned")
    assert claims._python_finite_verbs_of(words) == ("were", "treated", "said", "drowned")
    assert claims._finite_verbs_of(()) == ()


def test_clause_tokens_claims_without_the_core_are_the_same(monkeypatch):
    # The whole claim detector, once with the compiled core and once with every fallback.
    from credence.document import Article
    from credence.features.segment import segment
    from credence.scoring import claims

    text = "\n\n".join(
        [
            *TEXTS[:3],
            "I think it is a disgrace. The injured were treated.",
            "Aid arrived on Monday; officials said 12 died, but rescuers found 40 alive.",
        ]
    )
    article = Article(id="t", text=text)
    paragraphs, sentences = segment(text)
    compiled_claims = claims.extract_claims(article, paragraphs, sentences)
    monkeypatch.setattr(claims, "clause_facts", python_clause_facts)
    monkeypatch.setattr(
        claims, "capitalised_after_first", clause_tokens.python_capitalised_after_first
    )
    monkeypatch.setattr(claims, "_finite_verbs_of", claims._python_finite_verbs_of)
    monkeypatch.setattr(claims, "_event_verbs_of", claims._python_event_verbs_of)
    assert claims.extract_claims(article, paragraphs, sentences) == compiled_claims
    assert len(compiled_claims) >= 3


_CAPITALS = [
    "The",
    "UN",
    "Red",
    "Cross",
    "and",
    "Élysée",
    "ßeta",
    "ǅ",
    "1,200",
    "'s",
    "Σ",
    "a",
    "I",
]


@given(
    st.lists(st.one_of(st.sampled_from(_CAPITALS), st.text(min_size=1, max_size=4)), max_size=10),
    st.sets(st.sampled_from(_CAPITALS)),
)
@settings(max_examples=500, deadline=None)
def test_clause_tokens_compiled_capitals_count_as_the_fallback(words, ordinary):
    words, ordinary = tuple(words), frozenset(ordinary)
    expected = sum(1 for word in words[1:] if word[0].isupper() and word not in ordinary)
    assert compiled.capitalised_after_first(words, ordinary) == expected
    assert clause_tokens.python_capitalised_after_first(words, ordinary) == expected


def test_clause_tokens_capitals_written_example():
    words = clause_tokens.clause_words("The UN and the Red Cross said I was in Kyiv.")
    assert clause_tokens.capitalised_after_first(words, frozenset({"The", "I"})) == 4
    assert clause_tokens.capitalised_after_first(("Alone",), frozenset()) == 0


@given(st.lists(st.one_of(st.sampled_from(_VERB_WORDS), st.text(max_size=8)), max_size=8))
@settings(max_examples=600, deadline=None)
def test_clause_tokens_compiled_event_verbs_pick_the_rules_verbs(verbs):
    from credence.scoring import claims

    verbs = tuple(verbs)
    assert claims._event_verbs_of(verbs) == claims._python_event_verbs_of(verbs)


def test_clause_tokens_compiled_event_verbs_in_use_and_written_examples():
    from credence.scoring import claims

    assert claims._event_verbs_of is not claims._python_event_verbs_of
    verbs = ("were", "treated", "said", "drowned", "Sent", "is", "ed", "d", "")
    assert claims._event_verbs_of(verbs) == ("treated", "drowned", "Sent", "ed")
    assert claims._python_event_verbs_of(verbs) == ("treated", "drowned", "Sent", "ed")
