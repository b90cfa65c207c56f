"""Word clusters learned from unlabelled text (credence.features.attribution.word_clusters)."""

from __future__ import annotations

import pytest
from conftest import tagger_fitted_on_rules

from credence.errors import ModelError
from credence.features.attribution.lexicon import load_lexicon
from credence.features.attribution.tagging import TokenFeaturizer, paragraph_tokens
from credence.features.attribution.tokens import _TokenTable
from credence.features.attribution.word_clusters import (
    ClusterFeatures,
    learn_word_clusters,
    load_word_clusters,
    save_word_clusters,
)
from credence.models.attribution_model import CrfTagger, load_tagger

_CLUSTERS = {"she": (1, 10), "said": (2, 20), "warned": (2, 21), "it": (1, 11)}


def _corpus() -> list[str]:
    # Written for this test: speakers and reporting verbs in the same places, nouns in others.
    speakers = ["she", "he", "officials", "the minister", "police", "the mayor", "they"]
    verbs = ["said", "warned", "claimed", "added", "stated", "argued", "insisted"]
    nouns = ["bridge", "river", "budget", "harbour", "school", "road", "market"]
    texts = []
    for k, speaker in enumerate(speakers * 6):
        verb = verbs[k % len(verbs)]
        noun = nouns[(k * 3) % len(nouns)]
        other = nouns[(k * 5 + 1) % len(nouns)]
        texts.append(f"{speaker} {verb} that the {noun} was near the {other} on day {k}.")
    return texts


def test_word_clusters_put_words_of_one_place_together():
    clusters = learn_word_clusters(
        _corpus(), min_count=3, n_contexts=50, n_components=8, sizes=(2, 4)
    )
    assert clusters["said"][0] == clusters["warned"][0]
    assert clusters["said"][0] != clusters["bridge"][0]


def test_word_clusters_too_few_words_is_a_model_error():
    with pytest.raises(ModelError, match="too few for 320 clusters"):
        learn_word_clusters(["a few words only"], min_count=1)


def test_word_clusters_round_trip_and_bad_line(tmp_path):
    path = tmp_path / "clusters.tsv"
    save_word_clusters(_CLUSTERS, path)
    assert load_word_clusters(path) == _CLUSTERS
    path.write_text("said\t2\t20\nwarned\ttwo\t21\n", encoding="utf-8")
    with pytest.raises(ModelError, match=r"clusters.tsv:2: expected"):
        load_word_clusters(path)


def test_word_clusters_features_of_a_word_and_its_neighbours():
    own, near = ClusterFeatures(_CLUSTERS).of_word("said")
    assert own == ("wc:c=2", "wc:f=20")
    assert near[-1] == ("wc:-1c=2", "wc:-1f=20") and near[2] == ("wc:+2c=2",)
    assert ClusterFeatures(_CLUSTERS).of_word("zzz")[0] == ()


def test_word_clusters_in_the_token_features():
    lex = load_lexicon()
    text = "She said it."
    table = _TokenTable(text)
    para = paragraph_tokens(table, [(0, len(text))])[0]
    feats = TokenFeaturizer(lex, clusters=_CLUSTERS)(table, para, [0])
    assert {"wc:c=2", "wc:f=20", "wc:-1c=1", "wc:-1f=10", "wc:+1c=1"} <= set(feats[1])
    assert "wc:+2c=1" in feats[0] and "wc:-2c=1" in feats[2]
    # A model that knows none of them is spared them.
    kept = TokenFeaturizer(lex, known={"w=said"}, clusters=_CLUSTERS)(table, para, [0])
    assert not any(f.startswith("wc:") for token in kept for f in token)


def test_word_clusters_reach_a_saved_tagger(tmp_path):
    tagger = CrfTagger(max_iterations=5).fit(
        [[["w=she", "wc:c=1"], ["w=said", "wc:c=2"], ["w=it"]]], [["B-SRC", "B-CUE", "B-CON"]]
    )
    tagger.word_clusters_ = _CLUSTERS
    tagger.save(tmp_path / "model")
    loaded = load_tagger(tmp_path / "model")
    assert loaded.word_clusters_ == _CLUSTERS
    (tmp_path / "model" / "word_clusters.tsv").write_text("said\t2\t99\n", encoding="utf-8")
    with pytest.raises(ModelError, match="not the file meta.json names"):
        load_tagger(tmp_path / "model")


_SCORED_TEXTS = [
    '"The bridge is safe," she said. It warned that the river was rising.',
    "Officials said the harbour would close, and she warned it would stay shut until May.",
]


@pytest.fixture(scope="module")
def cluster_tagger():
    """A small tagger fitted on real features with clusters, labelled from the rules."""
    featurizer = TokenFeaturizer(load_lexicon(), clusters=_CLUSTERS)
    tagger = tagger_fitted_on_rules(_SCORED_TEXTS, featurizer)
    tagger.word_clusters_ = _CLUSTERS
    return tagger


@pytest.mark.parametrize("text", _SCORED_TEXTS)
def test_word_clusters_array_path_sums_the_cluster_rows(cluster_tagger, text):
    # The array path (EmissionScorer) adds each word's wc: rows: its label scores are the
    # sums of the feature strings' weights, clusters included, and decode to their labels.
    import numpy as np

    from credence.features.attribution.emissions import EmissionScorer
    from credence.features.attribution.learned import article_sequences
    from credence.features.context import Context

    lex = load_lexicon()
    cluster_tagger._featurizers.clear()
    cluster_tagger._texts = 1  # the array path, whether numpy is loaded or not
    scorer = cluster_tagger.featurizer(lex)
    assert isinstance(scorer, EmissionScorer)
    context = Context.of(text)
    strings = article_sequences(text, context, lex, TokenFeaturizer(lex, clusters=_CLUSTERS))
    assert any(f.startswith("wc:") and f in scorer.index for t in strings.features[0] for f in t)
    scores = article_sequences(text, context, lex, scorer)
    index, weights = scorer.index, scorer.weights
    for named, scored in zip(strings.features, scores.features, strict=True):
        total = np.array([weights[[index.get(f, scorer._none) for f in t]].sum(0) for t in named])
        expected = total[:, scorer._kept] - total[:, [scorer.outside]]
        got = np.array([[token[k] for k in scorer._keys] for token in scored.items()])
        assert np.allclose(got, expected, rtol=0, atol=1e-9)
        assert cluster_tagger.tag(scored) == cluster_tagger.tag(named)
