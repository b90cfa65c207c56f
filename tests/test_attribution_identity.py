"""The attribution speed paths give what the plain paths give, bit for bit.

- ``CrfTagger.tag_spans`` (the compiled decoder reading spans without label strings) against
  ``label_spans(CrfTagger.tag(...))``, on random label scores and on real paragraphs;
- ``tokens.has_whole_word`` (``str.find`` with word boundaries) against the regular expression
  the resolver used, on generated texts and windows.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from credence.features.attribution import AttributionExtractor
from credence.features.attribution.emissions import Emissions
from credence.features.attribution.tagging import LABELS, label_spans, tagged_spans
from credence.features.attribution.tokens import has_whole_word

TEXTS = [
    '"We will respond," the ministry said in a statement. Officials declined to comment.',
    "According to a statement from the National Water Authority, 40 wells ran dry.\n\n"
    "Mark, the lead on the project, told Jacob he would resign. Nobody else spoke.",
    '"I love cats!" insists Burton. "I absolutely do." The clown said nothing at all.',
    "The report, which the agency published on Tuesday, found no evidence of fraud, "
    "an official familiar with the matter said Sunday.",
]


@pytest.fixture(scope="module")
def tagger():
    extractor = AttributionExtractor()
    model = extractor._tagger()
    if model is None:
        pytest.skip("no bundled attribution model")
    model.featurizer(extractor.lexicon)  # builds the scores model and the decoder
    if model._decoder is None or model.tag_spans(_zeros(model, 1), LABELS) is None:
        pytest.skip("the optional compiled core is not built (no C compiler)")
    return model


def _zeros(model, length):
    labels = model._decoder[2] if model._decoder else ("O",)
    return _emissions(labels, np.zeros((length, len(labels))))


def _emissions(labels, state):
    outside = labels.index("O")
    state = np.ascontiguousarray(state - state[:, [outside]])
    kept = [y for y in range(len(labels)) if y != outside]
    return Emissions(state, [f"e{y}" for y in kept], kept)


@pytest.mark.parametrize("seed", range(60))
def test_attribution_identity_tag_spans_match_label_spans_of_tags(tagger, seed):
    rng = np.random.default_rng(seed)
    labels = tagger._decoder[2]
    length = int(rng.integers(1, 80))
    # Wide scores give long runs of one label; narrow ones alternate B-/I- of several kinds
    # and bring marginals near the min_outside bound.
    scale = [0.3, 3.0, 30.0][seed % 3]
    state = rng.normal(0, scale, (length, len(labels)))
    emissions = _emissions(labels, state)
    expected = label_spans(tagger.tag(emissions))
    assert tagger.tag_spans(emissions, LABELS) == expected
    assert tagged_spans(tagger, emissions) == expected


def test_attribution_identity_tag_spans_of_an_empty_sequence(tagger):
    assert tagger.tag_spans(_zeros(tagger, 0), LABELS) == {label: [] for label in LABELS}


def test_attribution_identity_tag_spans_on_real_paragraphs(tagger):
    from credence.features.attribution.learned import article_sequences
    from credence.features.attribution.lexicon import load_lexicon
    from credence.features.context import Context

    lex = load_lexicon()
    labelled = 0
    for text in TEXTS:
        seqs = article_sequences(text, Context.of(text), lex, tagger.featurizer(lex))
        for emissions in seqs.features:
            expected = label_spans(tagger.tag(emissions))
            assert tagger.tag_spans(emissions, LABELS) == expected
            labelled += sum(map(len, expected.values()))
    assert labelled > 0


def test_attribution_identity_tag_spans_declines_feature_strings(tagger):
    # Feature strings (the path without numpy) are decoded by CRFsuite: no spans here.
    assert tagger.tag_spans([["w=said"]], LABELS) is None


def test_attribution_identity_tagged_spans_of_a_tagger_without_tag_spans():
    class Fixed:
        def tag(self, features):
            return ["B-SRC", "I-SRC", "B-CUE", "O", "I-CON", "I-CON"]

    assert tagged_spans(Fixed(), None) == {"CUE": [(2, 3)], "SRC": [(0, 2)], "CON": [(4, 6)]}


_ALPHABET = "ab_ 1é.'’-\nAB"


@settings(max_examples=400, deadline=None)
@given(
    text=st.text(alphabet=_ALPHABET, max_size=40),
    word=st.text(alphabet=_ALPHABET, min_size=0, max_size=4),
    start=st.integers(-2, 45),
    end=st.integers(-2, 50),
)
def test_attribution_identity_has_whole_word_matches_the_pattern(text, word, start, end):
    start = max(start, 0)  # the resolver's window starts at 0 or later
    pattern = re.compile(rf"\b{re.escape(word)}\b")
    assert has_whole_word(text, word, start, end) == (pattern.search(text, start, end) is not None)


@pytest.mark.parametrize(
    ("text", "word", "start", "end", "expected"),
    [
        ("Pictures show the pictures.", "pictures", 0, 27, True),
        ("the picturesque town", "pictures", 0, 20, False),
        ("xpictures", "pictures", 1, 9, False),  # the character before the window counts
        ("pictures_", "pictures", 0, 8, True),  # the window's end is the text's end
        ("pictures_", "pictures", 0, 9, False),
        ("o'brien said", "o'brien", 0, 12, True),
    ],
)
def test_attribution_identity_has_whole_word_cases(text, word, start, end, expected):
    assert has_whole_word(text, word, start, end) is expected


#: The name pattern as it was written first, look-behind first (the reference).
_NAME_REFERENCE = re.compile(
    r"(?<![\w.’'-])[A-Z][a-z’'-]+(?:\s+(?:[A-Z]\.\s+)?[A-Z][a-z’'-]+){1,4}"
)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="AKak_1é .'’-\n\tÉ", max_size=60))
def test_attribution_identity_name_pattern_matches_the_reference(text):
    from credence.features.attribution.names import _NAME_RE

    def found(pattern):
        return [(m.start(), m.end()) for m in pattern.finditer(text)]

    assert found(_NAME_RE) == found(_NAME_REFERENCE)


def test_attribution_identity_name_pattern_on_names():
    from credence.features.attribution.names import _NAME_RE

    text = "Cole Cosgrove met x-Men Ann Lee and J. R. Smith Jones.Mary Poppins"
    assert [m.group() for m in _NAME_RE.finditer(text)] == [
        m.group() for m in _NAME_REFERENCE.finditer(text)
    ]
    assert [m.group() for m in _NAME_RE.finditer(text)][0] == "Cole Cosgrove"


_TOKEN_ALPHABET = "aZé É’'-.&_ \n\t1ΣσςİK\x00\"“,"


@settings(max_examples=500, deadline=None)
@given(
    text=st.text(alphabet=_TOKEN_ALPHABET, max_size=60),
    cut=st.tuples(st.integers(0, 65), st.integers(0, 65)),
)
def test_attribution_identity_compiled_lows_match_str_lower(text, cut):
    tokens_core = pytest.importorskip(
        "credence.features.attribution._tokens", reason="the optional compiled core is not built"
    )
    from credence.features.attribution.tokens import _lower, _scan_tokens

    lo, hi = sorted(cut)
    hi = min(hi, len(text))
    for start, stop in ((0, len(text)), (min(lo, hi), hi)):
        starts, ends, words, lows, is_word, is_cap = tokens_core.scan_tokens_lows(text, start, stop)
        assert (starts, ends, words, is_word, is_cap) == _scan_tokens(text, start, stop)
        assert lows == [w.lower().replace("’", "'") for w in words]
        assert lows == _lower(words, text)


def test_attribution_identity_token_table_lows_with_and_without_the_core(monkeypatch):
    from credence.features.attribution import tokens

    text = "The Minister’s AIDE said: “ΟΔΟΣ İstanbul” — U.S.-led talks\x00 stalled."
    compiled = tokens._TokenTable(text)
    monkeypatch.setattr(tokens, "_SCAN_LOWS", None)
    monkeypatch.setattr(tokens, "_SCAN", tokens._scan_tokens)
    plain = tokens._TokenTable(text)
    for name in tokens._TokenTable.__slots__:
        assert getattr(compiled, name) == getattr(plain, name), name
    assert "minister's" in plain.lows and "aide" in plain.lows


@pytest.mark.parametrize("text", TEXTS)
def test_attribution_identity_painted_marks_match_the_python_marks(tagger, text):
    from credence.features.attribution.emissions import EmissionScorer
    from credence.features.attribution.lexicon import load_lexicon
    from credence.features.attribution.rules import article_names, article_table, rule_attributions
    from credence.features.attribution.tagging import paragraph_tokens
    from credence.features.context import Context

    lex = load_lexicon()
    scorer = tagger.featurizer(lex)
    assert isinstance(scorer, EmissionScorer) and scorer._window is not None
    context = Context.of(text)
    table = article_table(context)
    rules = rule_attributions(text, context, lex, table)
    mentions = article_names(context, table, lex)
    paragraphs = paragraph_tokens(table, [(p.start, p.end) for p in context.paragraphs])
    sizes = [p.hi - p.lo for p in paragraphs]
    offsets = [sum(sizes[:k]) for k in range(len(sizes))]
    starts = [s.start for s in context.sentences]
    args = (table, paragraphs, offsets, sum(sizes), starts, rules, mentions)
    compiled = scorer._marks(*args)
    window = scorer._window
    try:
        scorer._window = None
        python = scorer._marks(*args)
    finally:
        scorer._window = window
    assert np.array_equal(compiled, python)
    assert compiled[0].any()  # the rules' reading is painted


def test_attribution_identity_span_decoder_rejects_mismatched_labels():
    core = pytest.importorskip(
        "credence.models._crf1d", reason="the optional compiled core is not built"
    )
    with pytest.raises(ValueError, match="3 labels, 2 label kinds"):
        core.SpanDecoder(
            np.zeros((3, 3)),
            1.0,
            0,
            np.array([1, 2], dtype=np.intp),
            np.array([-1, 0], dtype=np.intp),
            np.zeros(3, dtype=np.uint8),
            ("CUE",),
        )


def test_attribution_identity_span_decoder_reads_like_label_spans():
    core = pytest.importorskip(
        "credence.models._crf1d", reason="the optional compiled core is not built"
    )
    names = ("O", "B-CUE", "I-CUE")
    # Scores that make the labels O B-CUE I-CUE I-CUE O B-CUE B-CUE whatever the transitions.
    wanted = [0, 1, 2, 2, 0, 1, 1]
    state = np.full((len(wanted), 3), -50.0)
    state[np.arange(len(wanted)), wanted] = 50.0
    decoder = core.SpanDecoder(
        np.zeros((3, 3)),
        1.0,
        0,
        np.array([1, 2], dtype=np.intp),
        np.array([-1, 0, 0], dtype=np.intp),
        np.array([0, 1, 0], dtype=np.uint8),
        ("CUE",),
    )
    expected = label_spans([names[y] for y in wanted])
    assert decoder.spans(state) == {"CUE": expected["CUE"]} == {"CUE": [(1, 4), (5, 6), (6, 7)]}


def _rows_by_names(scorer, word, low):
    """The per-slot rows of ``word`` found by the names ``TokenFeaturizer._parts_of`` writes
    (the reference the summing path must equal).
    """
    parts = scorer._parts_of(word, low)
    slots = (parts[0] + parts[1], *parts[3:7])
    return tuple([scorer.index[name] for name in names] for names in slots), parts[2], parts[7]


_WORD_CASES = (
    "said Said SAID says told according He he she It they Mr Mr. Dr. minister Minister "
    "spokesman officials official sources newspaper analysts “ ” \" ' ‘ ’ 's , . ; ( ) — "
    "2024 1,000 U.S. NIS CNBC Reuters reported claims insisted warned asked we I you "
    "the of in to Tuesday statement zzyzx Qatar’s İstanbul"
).split()


@pytest.mark.parametrize("by_table", [False, True])
def test_attribution_identity_word_feature_rows_match_the_feature_names(
    tagger, by_table, monkeypatch
):
    from credence.features.attribution import emissions
    from credence.features.attribution.lexicon import load_lexicon

    template = tagger.featurizer(load_lexicon())
    # by name (a scorer's first words), or from the word tables (after many words)
    monkeypatch.setattr(emissions, "_WORD_TABLE_AFTER", 0 if by_table else 10**9)
    scorer = emissions.EmissionScorer(
        template.lex, template.index, template.weights, template.outside
    )
    words = {*_WORD_CASES, *(w for text in TEXTS for w in re.findall(r"\w+|[^\w\s]", text))}
    lex_hits = 0
    for word in sorted(words):
        low = word.lower().replace("’", "'")
        expected = _rows_by_names(scorer, word, low)
        assert scorer._feature_rows_of(word, low) == expected, word
        lex_hits += len(expected[0][0]) > 3  # a lexical feature besides word, suffix, shape
    assert lex_hits >= 5  # the cases reach reporting verbs, head nouns, pronouns, titles
    assert (scorer._by_word is not None) == by_table


def test_attribution_identity_word_feature_table_holds_every_word_feature(tagger):
    from credence.features.attribution.feature_tables import (
        _WORD_PREFIXES,
        _word_feature_table,
    )
    from credence.features.attribution.lexicon import load_lexicon

    index = tagger.featurizer(load_lexicon()).index
    by_word, by_suffix = _word_feature_table(index)
    for low, rows in by_word.items():
        for prefix, row in zip(_WORD_PREFIXES, rows, strict=True):
            assert index.get(prefix + low) == row
    names = [n for n in index if n.startswith(_WORD_PREFIXES)]
    assert sum(r is not None for rows in by_word.values() for r in rows) == len(names)
    assert by_suffix == {n[3:]: r for n, r in index.items() if n.startswith("s3=")}


@pytest.mark.parametrize("by_table", [False, True])
def test_attribution_identity_new_words_sum_like_the_feature_names(tagger, by_table, monkeypatch):
    # Both ways a new word's rows are found (the general one, and the short one of a word in
    # no lexicon and no quotation mark), by name and from the word tables.
    from credence.features.attribution import emissions
    from credence.features.attribution.lexicon import load_lexicon

    monkeypatch.setattr(emissions, "_WORD_TABLE_AFTER", 0 if by_table else 10**9)
    template = tagger.featurizer(load_lexicon())
    scorer = emissions.EmissionScorer(
        template.lex, template.index, template.weights, template.outside
    )
    cases = {*_WORD_CASES, *(w for text in TEXTS for w in re.findall(r"\w+|[^\w\s]", text))}
    words = {w: w.lower().replace("’", "'") for w in sorted(cases)}
    scorer._add_words(words)
    expected = np.zeros_like(scorer._static)
    for word, low in words.items():
        at = scorer._rows[word]
        slots, toggles, is_cue = _rows_by_names(scorer, word, low)
        for slot, rows in enumerate(slots):
            for row in rows:  # in order, as CRFsuite adds a token's weights
                expected[at, slot] += scorer.weights[row]
        assert scorer._toggle_flags[at] == toggles and scorer._cue_flags[at] == is_cue
    assert np.array_equal(scorer._static, expected)  # bit for bit
    assert scorer._static[: len(words)].any()
    assert (scorer._by_word is not None) == by_table


def test_attribution_identity_word_rows_adding_compiled_and_python_agree():
    from credence.features.attribution.emissions import word_rows_adding

    window = pytest.importorskip(
        "credence.features.attribution._window", reason="the optional compiled core is not built"
    )
    words = ["The", "minister", "said", "’", "said", "the", "minister", "new", "The"]
    compiled_rows, python_rows = {"said": 0, "The": 1}, {"said": 0, "The": 1}
    out = np.empty(len(words), dtype=np.intp)
    new = window.word_rows_adding(words, compiled_rows, out)
    ids, python_new = word_rows_adding(words, python_rows)
    assert new == python_new == [1, 3, 5, 7]  # first occurrences of the unknown words
    assert out.tolist() == ids == [1, 2, 0, 3, 0, 4, 2, 5, 1]
    assert compiled_rows == python_rows
    assert list(compiled_rows) == ["said", "The", "minister", "’", "the", "new"]
    with pytest.raises(ValueError, match="9 words, 2 rows"):
        window.word_rows_adding(words, {}, np.empty(2, dtype=np.intp))


_SENTENCE_TEXTS = (
    *TEXTS,
    # A sentence bound inside a token ("U.S." split after "U."), sentences without triggers.
    "Officials in the U.S. said talks stalled. Nothing moved.\n\nRain fell all day.",
    "No trigger here. None here either.",
    "",
)


@pytest.mark.parametrize("text", _SENTENCE_TEXTS)
def test_attribution_identity_sentences_to_read_compiled_and_python_agree(text):
    from credence.document import Span
    from credence.features.attribution import tokens
    from credence.features.attribution.lexicon import load_lexicon
    from credence.features.context import Context

    tokens_core = pytest.importorskip(
        "credence.features.attribution._tokens", reason="the optional compiled core is not built"
    )
    context = Context.of(text)
    table = tokens._TokenTable(text)
    opening = load_lexicon().opening_words
    hits = [k for k, low in enumerate(table.lows) if low in opening]
    # The engine's sentences, then made-up ones cutting tokens (a straddle) and overlapping.
    cuts = [Span(s.start, s.end, s.text) for s in context.sentences]
    cuts += [Span(a, b, text[a:b]) for a, b in ((0, 3), (2, min(len(text), 40)), (5, 5))]
    for sentences in (context.sentences, cuts):
        expected = tokens._python_sentences_to_read(table.starts, table.ends, sentences, hits)
        compiled = tokens_core.sentences_to_read(table.starts, table.ends, sentences, hits)
        assert compiled == expected
        for index, lo, hi, h, h_end in expected:
            sentence = sentences[index]
            assert (lo, hi) == (table.bounds(sentence.start, sentence.end) or (-1, -1))
            assert lo < 0 or (hits[h:h_end] and all(lo <= k < hi for k in hits[h:h_end]))
    if len(text) > 40 and not text[:3].endswith(" "):
        assert any(lo < 0 for _, lo, *_ in expected)  # the straddled cuts were read


def test_attribution_identity_rules_with_the_python_sentence_reader(monkeypatch):
    from credence.features.attribution import tokens
    from credence.features.attribution.lexicon import load_lexicon
    from credence.features.attribution.rules import rule_attributions
    from credence.features.context import Context

    lex = load_lexicon()
    texts = _SENTENCE_TEXTS
    compiled = [rule_attributions(t, Context.of(t), lex) for t in texts]
    monkeypatch.setattr(tokens, "_SENTENCES_TO_READ", tokens._python_sentences_to_read)
    assert [rule_attributions(t, Context.of(t), lex) for t in texts] == compiled
    assert sum(map(len, compiled)) >= 5
