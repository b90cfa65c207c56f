"""What keeps the attribution extractor's time linear in the text: the cyclic garbage collector
is paused while an article is read (``credence.collector``)."""

from __future__ import annotations

import gc

import pytest

import credence.features.attribution.extractor as extractor_module
from credence.collector import collector_paused
from credence.features.attribution import AttributionExtractor

TEXT = '"The bridge will reopen in May," the transport ministry said on Tuesday.'


@pytest.fixture
def collector_enabled():
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def _record_collector(monkeypatch, name):
    seen = []
    inner = getattr(extractor_module, name)

    def recording(*args, **kwargs):
        seen.append(gc.isenabled())
        return inner(*args, **kwargs)

    monkeypatch.setattr(extractor_module, name, recording)
    return seen


@pytest.mark.parametrize(
    ("model", "path"), [("default", "learned_attributions"), (None, "rule_attributions")]
)
def test_attribution_speed_collector_paused_during_extraction(
    collector_enabled, monkeypatch, model, path
):
    seen = _record_collector(monkeypatch, path)
    found = AttributionExtractor(model=model).extract(TEXT)
    if path == "learned_attributions" and not seen:
        pytest.skip("no trained attribution model bundled: the rules path ran")
    assert seen == [False]
    assert gc.isenabled()
    assert [a.cue.text for a in found] == ["said"]


def test_attribution_speed_collector_left_disabled_when_caller_disabled_it(collector_enabled):
    gc.disable()
    AttributionExtractor(model=None).extract(TEXT)
    assert not gc.isenabled()


def test_attribution_speed_collector_restored_after_an_error(collector_enabled):
    with pytest.raises(RuntimeError, match="boom"), collector_paused():
        assert not gc.isenabled()
        raise RuntimeError("boom")
    assert gc.isenabled()


@pytest.mark.parametrize(
    "text",
    [
        "",
        "no marks at all",
        '"Open," he said. “Curly” and ”reversed“ marks, "a lone one',
        '“”""”“',
        '\u00e9t\u00e9 "\U0001f600" “x”',
    ],
)
def test_attribution_speed_quote_positions_match_the_pattern(text):
    from credence.features.attribution.tokens import _QUOTE_RE, quote_positions

    assert quote_positions(text) == [m.start() for m in _QUOTE_RE.finditer(text)]


@pytest.mark.parametrize("labels", [[], ["O"], ["O"] * 40, ["O", "B-CUE", "O"], ["I-CON"] * 3])
def test_attribution_speed_label_spans_of_unlabelled_and_short_sequences(labels):
    from credence.features.attribution.tagging import label_spans

    expected = {"CUE": [], "SRC": [], "CON": []}
    if "B-CUE" in labels:
        expected["CUE"] = [(1, 2)]
    if "I-CON" in labels:
        expected["CON"] = [(0, 3)]
    assert label_spans(labels) == expected


def test_attribution_speed_compiled_bigram_rows_match_numpy():
    np = pytest.importorskip("numpy")
    pytest.importorskip("credence.features.attribution._window", reason="not built")
    from credence.features.attribution.emissions import EmissionScorer
    from credence.features.attribution.lexicon import load_lexicon
    from credence.features.attribution.tokens import _TokenTable
    from credence.models.attribution_model import default_tagger

    tagger = default_tagger()
    if tagger is None:
        pytest.skip("no trained attribution model bundled")
    scorer = tagger.featurizer(load_lexicon())
    assert isinstance(scorer, EmissionScorer) and scorer._window is not None
    # Known bigrams of news ("officials said", "according to") among unknown and new words.
    text = (
        "Officials said on Monday, according to a statement, that the ministry said it "
        "would respond; zyxq officials told reporters the police said so. " * 3
    )
    table = _TokenTable(text)
    from credence.features.attribution.tagging import ParagraphTokens

    ids = scorer._word_ids(table, [ParagraphTokens(0, len(table.words), 0, len(text))])
    compiled = scorer._bigram_rows(ids)
    reference = scorer._numpy_bigram_rows(ids)
    assert compiled.dtype == reference.dtype
    assert np.array_equal(compiled, reference)
    assert (compiled != scorer._none).sum() > 0  # some pairs are the model's bigrams
    rng = np.random.default_rng(7)
    shuffled = rng.permutation(ids)
    assert np.array_equal(scorer._bigram_rows(shuffled), scorer._numpy_bigram_rows(shuffled))
    assert np.array_equal(scorer._bigram_rows(ids[:1]), scorer._numpy_bigram_rows(ids[:1]))
