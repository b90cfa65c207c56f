"""An article's paragraphs read in one call give what one call a paragraph gives.

The speed paths of issue 15 item 6 read a whole article at once where the plain path reads
one paragraph at a time: the compiled span decoder over the stacked label scores
(``CrfTagger.tag_spans_of_sequences``) against ``tag_spans`` of each paragraph, and the
extractor's relations with the batched paths switched off.
"""

from __future__ import annotations

import bisect
import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from credence.features.attribution import AttributionExtractor
from credence.features.attribution.emissions import ArticleEmissions, Emissions
from credence.features.attribution.tagging import LABELS, article_spans, tagged_spans
from credence.features.attribution.tokens import sentence_indices

#: Written for these tests: quotes split around a cue, relays, pronouns, empty paragraphs.
TEXTS = [
    '"We will respond," the ministry said in a statement. "Not today," it added.\n\n'
    "According to the National Water Authority, 40 wells ran dry, officials said Sunday.",
    "Senator Ana Okafor told reporters she would vote no.\n\nOkafor added that the bill "
    '"goes too far". Her office did not answer.\n\nx\n\nThe Harbour Gazette reported that '
    "the port closed, citing a maritime official.",
    "NBC News and ABC News both reported Sunday that talks had stalled. Nobody else spoke.",
]


@pytest.fixture(scope="module")
def tagger():
    extractor = AttributionExtractor()
    model = extractor._tagger()
    if model is None:
        pytest.skip("no bundled attribution model")
    model.featurizer(extractor.lexicon)  # builds the scores model and the decoder
    return model


def _stacked(labels, sizes, rng, scale):
    """ArticleEmissions of random scores, one paragraph of each size in ``sizes``."""
    outside = labels.index("O")
    kept = [y for y in range(len(labels)) if y != outside]
    state = rng.normal(0, scale, (sum(sizes), len(labels)))
    state = np.ascontiguousarray(state - state[:, [outside]])
    bounds = np.array([0, *np.cumsum(sizes)], dtype=np.intp)
    paragraphs = [
        Emissions(state[a:b], [f"e{y}" for y in kept], kept) for a, b in itertools.pairwise(bounds)
    ]
    return ArticleEmissions(paragraphs, state, bounds)


@pytest.mark.parametrize("seed", range(30))
def test_batched_spans_of_sequences_match_one_call_a_paragraph(tagger, seed):
    if tagger._decoder is None:
        pytest.skip("no label-scores decoder (pycrfsuite model unreadable)")
    rng = np.random.default_rng(seed)
    sizes = [int(n) for n in rng.integers(1, 40, int(rng.integers(1, 8)))]
    article = _stacked(tagger._decoder[2], sizes, rng, [0.3, 3.0, 30.0][seed % 3])
    expected = [tagged_spans(tagger, paragraph) for paragraph in article]
    batched = tagger.tag_spans_of_sequences(article, LABELS)
    if batched is None:
        pytest.skip("the optional compiled decoder is not built")
    assert batched == expected
    assert article_spans(tagger, article) == expected


def test_batched_spans_decline_a_plain_list(tagger):
    # Feature strings (or a list without stacked scores) are read one paragraph at a time.
    assert tagger.tag_spans_of_sequences([[["w=said"]]], LABELS) is None


def test_batched_article_spans_of_a_tagger_without_the_batched_call():
    class Fixed:
        def tag(self, features):
            return ["B-SRC", "B-CUE", "O"][: len(features)]

    assert article_spans(Fixed(), [[["a"], ["b"]], [["c"]]]) == [
        {"CUE": [(1, 2)], "SRC": [(0, 1)], "CON": []},
        {"CUE": [], "SRC": [(0, 1)], "CON": []},
    ]


def test_batched_decoder_rejects_bounds_outside_the_scores(tagger):
    article = _stacked(tagger._decoder[2], [3, 2], np.random.default_rng(0), 1.0)
    article.bounds = np.array([0, 3, 9], dtype=np.intp)
    try:
        found = tagger.tag_spans_of_sequences(article, LABELS)
    except ValueError as error:
        assert "outside 5 rows" in str(error)
    else:
        assert found is None, "only the Python path (no compiled decoder) may decline"


def test_batched_extractor_relations_equal_the_paragraph_by_paragraph_path(monkeypatch):
    extractor = AttributionExtractor()
    if extractor._tagger() is None:
        pytest.skip("no bundled attribution model")
    import numpy  # noqa: F401  (the label-scores path)

    batched = [extractor.extract(text) for text in TEXTS]
    monkeypatch.delattr(type(extractor._tagger()), "tag_spans_of_sequences")
    plain = [extractor.extract(text) for text in TEXTS]
    assert batched == plain
    assert sum(len(found) for found in plain) >= 6


@settings(max_examples=300, deadline=None)
@given(
    tokens=st.lists(st.integers(0, 200), max_size=40),
    sentences=st.lists(st.integers(0, 200), max_size=10),
    cut=st.tuples(st.integers(0, 40), st.integers(0, 40)),
)
def test_batched_sentence_of_a_slice_is_the_slice_of_the_article(tokens, sentences, cut):
    # learned_attributions slices the article's token sentences for each paragraph.
    starts, sentence_starts = sorted(tokens), sorted(sentences)
    lo, hi = min(cut), min(max(cut), len(starts))
    lo = min(lo, hi)
    whole = sentence_indices(starts, sentence_starts)
    assert whole[lo:hi] == sentence_indices(starts[lo:hi], sentence_starts)
    assert whole == [bisect.bisect_right(sentence_starts, s) - 1 for s in starts]


@settings(max_examples=300, deadline=None)
@given(
    gaps=st.lists(st.integers(1, 9), min_size=1, max_size=40),
    cuts=st.lists(st.integers(0, 40), max_size=6),
    sentences=st.lists(st.integers(0, 300), max_size=12),
)
def test_batched_compiled_sentence_marks_match_python(tagger, gaps, cuts, sentences):
    from credence.features.attribution.lexicon import load_lexicon
    from credence.features.attribution.tagging import ParagraphTokens

    scorer = tagger.featurizer(load_lexicon())
    if getattr(scorer, "_window", None) is None:
        pytest.skip("the optional compiled core is not built")
    starts = list(itertools.accumulate(gaps))
    # Paragraphs: consecutive non-empty token ranges, with gaps of tokens between some.
    bounds = sorted({0, len(starts), *(min(c, len(starts)) for c in cuts)})
    paragraphs = [
        ParagraphTokens(lo, hi, starts[lo], starts[hi - 1] + 1)
        for k, (lo, hi) in enumerate(itertools.pairwise(bounds))
        if k % 3 != 1 or len(bounds) < 4  # leave some token ranges out of every paragraph
    ]
    sizes = [p.hi - p.lo for p in paragraphs]
    offsets = [sum(sizes[:k]) for k in range(len(sizes))]
    sentence_starts = sorted(sentences)
    compiled = np.zeros(sum(sizes), dtype=np.intp)
    scorer._sentence_marks(compiled, starts, paragraphs, offsets, sentence_starts)
    window = scorer._window
    try:
        scorer._window = None
        python = np.zeros(sum(sizes), dtype=np.intp)
        scorer._sentence_marks(python, starts, paragraphs, offsets, sentence_starts)
    finally:
        scorer._window = window
    assert compiled.tolist() == python.tolist()
