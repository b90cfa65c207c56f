"""What keeps the attribution extractor's time linear in the text: the cyclic garbage collector
is paused while an article is read (``credence.features.attribution.collector``)."""

from __future__ import annotations

import gc

import pytest

import credence.features.attribution.extractor as extractor_module
from credence.features.attribution import AttributionExtractor
from credence.features.attribution.collector import collector_paused

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
