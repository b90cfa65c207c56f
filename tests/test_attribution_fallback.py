"""Without any compiled core the attribution extractor finds the same relations.

The optional compiled parts (the token scan ``_tokens``, the window sums ``_window`` with
their per-word sums ``add_rows``, the decoder ``_crf1d``) each stand in for a pure-Python or
numpy path that CI runs where no compiler is present. Here every one of them is switched off
at once and the whole extractor is compared with the compiled run, relation for relation, and
the per-word sums built from scratch both ways are compared bit for bit.
"""

from __future__ import annotations

import numpy as np
import pytest

import credence.features.attribution.emissions as emissions
import credence.features.attribution.tokens as tokens
import credence.models.attribution_model as attribution_model
from credence.features.attribution import AttributionExtractor

pytest.importorskip("credence.features.attribution._window", reason="compiled core not built")
pytest.importorskip("credence.features.attribution._tokens", reason="compiled core not built")

#: Written for these tests: relays, continuation quotes, credits, pronouns, marks at edges.
TEXTS = [
    '"We will respond," the ministry said in a statement. "Not today."\n\n'
    "According to the National Water Authority, 40 wells ran dry, officials said Sunday.",
    "Senator Ana Okafor told reporters she would vote no. Okafor added that the bill "
    '"goes too far". Her office did not answer.\n\nThe Harbour Gazette reported that the '
    "port closed, citing a maritime official. — Reporting by Lee Chan",
    "NBC News and ABC News both reported Sunday that talks had stalled.\n\n"
    '"I love cats!" insists Burton. "I absolutely do."\n\nx\n\nSaid.',
    "An official familiar with the matter said the report, which the agency published on "
    "Tuesday, found no evidence of fraud; the agency’s chief, Mr. Dale, declined to comment.",
]


def _without_core(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(emissions, "_compiled_window", lambda: None)
    monkeypatch.setattr(tokens, "_SCAN", tokens._scan_tokens)
    monkeypatch.setattr(tokens, "_SCAN_LOWS", None)
    monkeypatch.setattr(attribution_model, "_crf1d", None)


def test_attribution_fallback_extractor_finds_the_same_relations(monkeypatch):
    extractor = AttributionExtractor()
    if extractor._tagger() is None:
        pytest.skip("no bundled attribution model")
    compiled = [extractor.extract(text) for text in TEXTS]
    with monkeypatch.context() as patch:
        _without_core(patch)
        fresh = AttributionExtractor()  # its own tagger and scorer, built without the core
        fallback = [fresh.extract(text) for text in TEXTS]
        assert fresh._tagger().featurizer(fresh.lexicon)._window is None
    assert compiled == fallback
    assert sum(len(found) for found in compiled) >= 6


def test_attribution_fallback_word_sums_equal_bit_for_bit(monkeypatch):
    from credence.features.attribution.learned import article_sequences
    from credence.features.attribution.lexicon import load_lexicon
    from credence.features.context import Context

    lex = load_lexicon()
    tagger = AttributionExtractor()._tagger()
    if tagger is None:
        pytest.skip("no bundled attribution model")
    index, weights, outside = tagger._label_scores()
    scorers = []
    for compiled in (True, False):
        with monkeypatch.context() as patch:
            if not compiled:
                patch.setattr(emissions, "_compiled_window", lambda: None)
            scorer = emissions.EmissionScorer(lex, index, weights, outside)
            states = [
                [e.state for e in article_sequences(t, Context.of(t), lex, scorer).features]
                for t in TEXTS
            ]
        scorers.append((scorer, states))
    (a, states_a), (b, states_b) = scorers
    assert a._window is not None and b._window is None
    assert a._rows == b._rows
    assert np.array_equal(a._static, b._static)
    for one, other in zip(states_a, states_b, strict=True):
        assert all(np.array_equal(x, y) for x, y in zip(one, other, strict=True))
