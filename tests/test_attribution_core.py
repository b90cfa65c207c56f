"""The compiled decoder (``credence.models._crf1d``) gives CRFsuite's labels, bit for bit.

Both paths are run here: the compiled one and the CRFsuite one it stands in for (taken when
the extension is not built), on random label scores with ties and extreme values, and on
the bundled model's scores of real sentences.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import credence.models.attribution_model as attribution_model
from credence.features.attribution import AttributionExtractor
from credence.features.attribution.emissions import Emissions

core = pytest.importorskip(
    "credence.models._crf1d", reason="the optional compiled core is not built (no C compiler)"
)

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
    assert model._decoder is not None
    return model


def _both(tagger, emissions, monkeypatch):
    compiled = tagger.tag(emissions)
    with monkeypatch.context() as patch:
        patch.setattr(attribution_model, "_crf1d", None)
        through_crfsuite = tagger.tag(emissions)
    return compiled, through_crfsuite


def _emissions(tagger, state):
    labels = tagger._decoder[2]
    outside = labels.index("O")
    state = np.ascontiguousarray(state - state[:, [outside]])
    kept = [y for y in range(len(labels)) if y != outside]
    return Emissions(state, [f"e{y}" for y in kept], kept)


@pytest.mark.parametrize("seed", range(40))
def test_attribution_core_random_scores_match_crfsuite(tagger, monkeypatch, seed):
    rng = np.random.default_rng(seed)
    n_labels = len(tagger._decoder[2])
    length = int(rng.integers(1, 60))
    # Wide, narrow and tied scores: the narrow ones put marginals near the min_outside bound,
    # the rounded ones make Viterbi ties that must break towards the first label.
    scale = [0.3, 3.0, 30.0][seed % 3]
    state = rng.normal(0, scale, (length, n_labels))
    if seed % 4 == 0:
        state = np.round(state)
    compiled, through_crfsuite = _both(tagger, _emissions(tagger, state), monkeypatch)
    assert compiled == through_crfsuite
    assert len(compiled) == length


def test_attribution_core_all_equal_scores_match_crfsuite(tagger, monkeypatch):
    state = np.zeros((12, len(tagger._decoder[2])))
    compiled, through_crfsuite = _both(tagger, _emissions(tagger, state), monkeypatch)
    assert compiled == through_crfsuite


def test_attribution_core_empty_sequence(tagger):
    assert tagger.tag(_emissions(tagger, np.zeros((0, len(tagger._decoder[2]))))) == []


@pytest.mark.parametrize("text", TEXTS)
def test_attribution_core_real_sentences_match_crfsuite(tagger, monkeypatch, text):
    from credence.features.attribution.learned import article_sequences
    from credence.features.attribution.lexicon import load_lexicon
    from credence.features.context import Context

    lex = load_lexicon()
    seqs = article_sequences(text, Context.of(text), lex, tagger.featurizer(lex))
    found_span = False
    for emissions in seqs.features:
        compiled, through_crfsuite = _both(tagger, emissions, monkeypatch)
        assert compiled == through_crfsuite
        found_span |= any(label != "O" for label in compiled)
    assert found_span


@pytest.mark.parametrize("text", TEXTS)
def test_attribution_core_extractor_output_unchanged_without_core(monkeypatch, text):
    compiled = AttributionExtractor().extract(text)
    with monkeypatch.context() as patch:
        patch.setattr(attribution_model, "_crf1d", None)
        fallback = AttributionExtractor().extract(text)
    assert compiled == fallback


def test_attribution_core_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match="label scores of 3 labels"):
        core.tag_scores(
            np.zeros((2, 3)),
            np.zeros((4, 4)),
            1.0,
            0,
            ("O", "A", "B"),
            np.array([1, 2], dtype=np.intp),
        )


def _label_spans_reference(labels):
    """label_spans as first written: every token visited (the reference for the fast one)."""
    spans = {label: [] for label in ("CUE", "SRC", "CON")}
    current, start = "", 0
    for k, tag in enumerate((*labels, "O")):
        kind = tag[2:] if tag != "O" else ""
        if current and (tag == "O" or tag.startswith("B-") or kind != current):
            spans[current].append((start, k))
            current = ""
        if kind and not current:
            current, start = kind, k
    return spans


@pytest.mark.parametrize("seed", range(30))
def test_attribution_core_label_spans_match_reference(seed):
    from credence.features.attribution.tagging import label_spans

    rng = np.random.default_rng(seed)
    tags = ["O", "B-SRC", "I-SRC", "B-CUE", "I-CUE", "B-CON", "I-CON"]
    # Mostly O, as in news, with runs and every kind of boundary.
    weights = np.array([8, 1, 2, 1, 1, 1, 4], dtype=float)
    labels = list(rng.choice(tags, size=int(rng.integers(0, 80)), p=weights / weights.sum()))
    assert label_spans(labels) == _label_spans_reference(labels)


# -- the compiled window sums: the same label scores as the numpy path, bit for bit ---------

WINDOW_TEXTS = [
    *TEXTS,
    # Quotes that open and close across sentences and paragraphs, an unclosed quote, a
    # paragraph of one token, reporting verbs at the edges, a "|" inside tokens (bigrams).
    '"It is over," he said. "Done."\n\nSaid.\n\n"Unclosed quote, says the a|b team',
    "Reports say | officials said | nothing.\n\nx\n\n" + "word " * 40 + "said",
]


@pytest.mark.parametrize("text", WINDOW_TEXTS)
def test_attribution_core_window_scores_match_numpy(tagger, text):
    from credence.features.attribution.emissions import EmissionScorer
    from credence.features.attribution.learned import article_sequences
    from credence.features.attribution.lexicon import load_lexicon
    from credence.features.context import Context

    pytest.importorskip("credence.features.attribution._window", reason="not built")
    lex = load_lexicon()
    scorer = tagger.featurizer(lex)
    assert isinstance(scorer, EmissionScorer) and scorer._window is not None
    context = Context.of(text)
    compiled = article_sequences(text, context, lex, scorer).features
    window = scorer._window
    try:
        scorer._window = None
        numpy_path = article_sequences(text, context, lex, scorer).features
    finally:
        scorer._window = window
    assert len(compiled) == len(numpy_path) > 0
    for a, b in zip(compiled, numpy_path, strict=True):
        assert a.state.shape == b.state.shape
        assert np.array_equal(a.state, b.state)  # bit for bit, not merely close


def test_attribution_core_bigram_rows_match_feature_names(tagger):
    # The bigram of two tokens is found by word ids in arrays: the row must be that of the
    # feature named f"bi={a}|{b}" (words holding "|" included), the zero row otherwise.
    from credence.features.attribution.lexicon import load_lexicon
    from credence.features.attribution.tagging import paragraph_tokens
    from credence.features.attribution.tokens import _TokenTable

    scorer = tagger.featurizer(load_lexicon())
    text = "the minister said that the | said | in a statement , according to a|b the"
    table = _TokenTable(text)
    ids = scorer._word_ids(table, paragraph_tokens(table, [(0, len(text))]))
    rows = scorer._bigram_rows(ids).tolist()
    lows = table.lows
    expected = [scorer._none] + [
        scorer.index.get(f"bi={a}|{b}", scorer._none) for a, b in itertools.pairwise(lows)
    ]
    assert rows == expected
    assert any(row != scorer._none for row in rows)
    assert scorer._bigram_rows(ids[:1]).tolist() == [scorer._none]


def test_attribution_core_array_path_from_the_second_text():
    # One text: no numpy import (tests/test_estimator.py). Many texts (`credence extract DIR`
    # loads no numpy by itself any more): the array path from the second text on.
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from credence.features.attribution import AttributionExtractor\n"
        "ex = AttributionExtractor()\n"
        "ex.extract('\"Talks stalled,\" the Pentagon said.')\n"
        "print('numpy' in sys.modules)\n"
        "ex.extract('The minister said the talks had stalled.')\n"
        "print('numpy' in sys.modules)\n"
        "print(type(ex._tagger().featurizer(ex.lexicon)).__name__)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "True", "EmissionScorer"]


def test_attribution_core_add_word_rows_equals_add_at():
    # The per-word sums of new words: one compiled loop over (word, slot) cells must add the
    # same rows in the same order as numpy.add.at over the spelled-out targets (bit for bit).
    window = pytest.importorskip("credence.features.attribution._window", reason="not built")
    rng = np.random.default_rng(7)
    weights = rng.normal(size=(50, 7)) * 10.0 ** rng.integers(-8, 8, size=(50, 1))
    counts = rng.integers(0, 4, size=6 * 5).tolist()
    features = rng.integers(0, 50, size=sum(counts)).tolist()
    compiled = rng.normal(size=(10, 5, 7))
    reference = compiled.copy()
    window.add_word_rows(compiled, 3, counts, features, weights)
    cells = np.repeat(np.arange(len(counts)), counts)
    np.add.at(reference, (3 + cells // 5, cells % 5), weights[features])
    assert np.array_equal(compiled, reference)
    with pytest.raises(ValueError, match="feature row 50"):
        window.add_word_rows(compiled, 0, [1], [50], weights)
    with pytest.raises(ValueError, match="beyond 10 words"):
        window.add_word_rows(compiled, 9, [0] * 10, [], weights)
    with pytest.raises(ValueError, match="2 rows, 1 left"):
        window.add_word_rows(compiled, 0, [2], [1], weights)


def test_attribution_core_lexicon_words_hold_every_lexical_feature():
    # The scorer skips lexical_features for words outside lexicon_words (titles apart): every
    # word that has a lexical feature must be in the set, or be a title.
    from credence.features.attribution.lexicon import _PRONOUNS, _TITLES, load_lexicon
    from credence.features.attribution.tagging import lexical_features, lexicon_words

    lex = load_lexicon()
    words = lexicon_words(lex)
    vocabulary = {*lex.cues, *_PRONOUNS, *_TITLES, *(t + "." for t in _TITLES), "zebra", "the"}
    vocabulary.update(w for kind in lex.words.values() for w in kind)
    for low in vocabulary:
        if lexical_features(low, lex):
            assert low in words or low.rstrip(".") in _TITLES, low
    assert "said" in words and "zebra" not in words and not lexical_features("zebra", lex)


@pytest.mark.parametrize("seed", range(5))
def test_attribution_core_bigram_hash_finds_what_the_search_finds(seed):
    # The hash table of the bigram keys gives every token the row the binary search gives,
    # duplicates (the first in sorted order wins), misses and words in no bigram included.
    window = pytest.importorskip("credence.features.attribution._window", reason="not built")
    rng = np.random.default_rng(seed)
    width = 40
    keys = np.sort(rng.integers(0, width * width, size=300)).astype(np.int64)
    values = rng.permutation(len(keys)).astype(np.intp)
    bigram_word = rng.integers(-1, width, size=60).astype(np.int64)
    ids = rng.integers(0, 60, size=2000).astype(np.intp)
    searched = window.bigram_rows(ids, bigram_word, keys, values, width, 999)
    slot_keys, slot_rows = window.bigram_hash(keys, values)
    hashed = window.bigram_rows_hashed(ids, bigram_word, slot_keys, slot_rows, width, 999)
    assert np.array_equal(searched, hashed)
    assert (hashed != 999).sum() > 50 and (hashed == 999).sum() > 50
    with pytest.raises(ValueError, match="word row 60"):
        window.bigram_rows_hashed(np.array([0, 60]), bigram_word, slot_keys, slot_rows, width, 9)
