"""The attribution tagger: training on tiny sequences, saving, loading with checks, fallback."""

from __future__ import annotations

import json

import pytest

from credence.errors import ModelError
from credence.features.attribution import AttributionExtractor
from credence.features.attribution.tagging import label_spans
from credence.models.attribution_model import (
    MODEL_FILE,
    CrfTagger,
    default_attribution_dir,
    default_tagger,
    gold_labels,
    load_tagger,
)

TINY_X = [
    [["w=he"], ["w=said"], ["w=it"], ["w=rained"]],
    [["w=she"], ["w=said"], ["w=it"], ["w=snowed"]],
    [["w=it"], ["w=rained"]],
]
TINY_Y = [
    ["B-SRC", "B-CUE", "B-CON", "I-CON"],
    ["B-SRC", "B-CUE", "B-CON", "I-CON"],
    ["O", "O"],
]


@pytest.fixture(scope="module")
def tiny_tagger() -> CrfTagger:
    return CrfTagger(max_iterations=30).fit(TINY_X, TINY_Y)


def test_attribution_model_learns_tiny_sequences(tiny_tagger):
    assert tiny_tagger.tag(TINY_X[0]) == TINY_Y[0]
    assert tiny_tagger.tag([]) == []


def test_attribution_model_save_load_round_trip(tiny_tagger, tmp_path):
    folder = tiny_tagger.save(tmp_path / "attribution", training_data={"a.txt": "00"})
    meta = json.loads((folder / "meta.json").read_text())
    assert meta["kind"] == "attribution" and meta["training_data_sha256"] == {"a.txt": "00"}
    assert load_tagger(folder).tag(TINY_X[1]) == TINY_Y[1]
    # Saving again replaces the folder whole.
    tiny_tagger.save(folder)
    assert load_tagger(folder).tag(TINY_X[1]) == TINY_Y[1]


def test_attribution_model_load_rejects_tampered_file(tiny_tagger, tmp_path):
    folder = tiny_tagger.save(tmp_path / "attribution")
    (folder / MODEL_FILE).write_bytes((folder / MODEL_FILE).read_bytes()[:-10])
    with pytest.raises(ModelError, match="sha256 does not match"):
        load_tagger(folder)


def test_attribution_model_load_rejects_other_kind_and_missing_files(tiny_tagger, tmp_path):
    folder = tiny_tagger.save(tmp_path / "attribution")
    meta = json.loads((folder / "meta.json").read_text())
    (folder / "meta.json").write_text(json.dumps({**meta, "kind": "stance"}))
    with pytest.raises(ModelError, match="not an 'attribution' model"):
        load_tagger(folder)
    with pytest.raises(ModelError, match="missing"):
        load_tagger(tmp_path / "nowhere")


def test_attribution_model_min_outside_recovers_spans(tiny_tagger):
    # At 1.0 the best path is kept; just above a token's probability of O, it becomes a span.
    assert tiny_tagger.tag(TINY_X[2]) == ["O", "O"]
    p_outside = max(tiny_tagger._tagger.marginal("O", t) for t in range(2))
    assert p_outside < 1.0
    tiny_tagger.min_outside = min(1.0 - 1e-12, p_outside + (1.0 - p_outside) / 2)
    try:
        assert "O" not in tiny_tagger.tag(TINY_X[2])
    finally:
        tiny_tagger.min_outside = 1.0


def test_attribution_model_gold_labels_and_spans():
    starts = [0, 3, 8, 11]
    labels = gold_labels(starts, {"SRC": [((0, 2),)], "CUE": [((3, 7),)], "CON": [((8, 20),)]})
    assert labels == ["B-SRC", "B-CUE", "B-CON", "I-CON"]
    assert label_spans(labels) == {"CUE": [(1, 2)], "SRC": [(0, 1)], "CON": [(2, 4)]}


def test_attribution_extractor_rules_alone_without_model():
    text = '"Talks stalled," the Pentagon said.'
    rules = AttributionExtractor(model=None).extract(text)
    assert [(a.source.canonical, a.content.text) for a in rules] == [
        ("US Department of Defense", '"Talks stalled,"')
    ]


def test_attribution_extractor_ships_a_trained_tagger():
    if not (default_attribution_dir() / MODEL_FILE).is_file():
        pytest.skip("no bundled attribution model (build it with build_default --only attribution)")
    assert default_tagger() is not None
    text = '"Talks stalled," the Pentagon said.'
    found = AttributionExtractor().extract(text)
    assert [(a.source.canonical, a.cue.text) for a in found] == [
        ("US Department of Defense", "said")
    ]


def test_attribution_extractor_pickles_after_use():
    import pickle

    text = "Reuters reported that talks had stalled."
    extractor = AttributionExtractor()
    before = extractor.extract(text)
    again = pickle.loads(pickle.dumps(extractor))
    assert again.extract(text) == before


def test_attribution_extractor_pickled_before_the_tagger_keeps_the_rules():
    # The shipped stance model holds an extractor pickled without ``model``.
    text = "Ms. Carla Ruiz and Mr. Tom Hale both attended. It rained."
    old = AttributionExtractor()
    del old.__dict__["model"]
    assert old.extract(text) == AttributionExtractor(model=None).extract(text)
