"""Word clusters learned from unlabelled text (credence.features.attribution.word_clusters)."""

from __future__ import annotations

import pytest

from credence.errors import ModelError
from credence.features.attribution.lexicon import load_lexicon
from credence.features.attribution.tagging import TokenFeaturizer
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


def test_word_clusters_features_of_a_token_and_its_neighbours():
    found = ClusterFeatures(_CLUSTERS)(["she", "said", "zzz", "it"])
    assert found[1] == [
        "wc:c=2",
        "wc:f=20",
        "wc:-1c=1",
        "wc:-1f=10",
        "wc:+2c=1",
    ]
    assert found[0] == ["wc:c=1", "wc:f=10", "wc:+1c=2", "wc:+1f=20", "wc:f=10|+1c=2"]
    # An unknown word reads only its neighbours.
    assert found[2] == ["wc:-2c=1", "wc:-1c=2", "wc:-1f=20", "wc:+1c=1", "wc:+1f=11"]
    kept = ClusterFeatures(_CLUSTERS)(["she", "said"], known={"wc:c=2"})
    assert kept == {1: ["wc:c=2"]}


def test_word_clusters_reach_a_saved_tagger(tmp_path):
    lex = load_lexicon()
    featurizer = TokenFeaturizer(lex, clusters=_CLUSTERS)
    assert featurizer.reads_open_features
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
