"""The attribution tagger: training on tiny sequences, saving, loading with checks, fallback."""

from __future__ import annotations

import json

import pytest
from conftest import tagger_fitted_on_rules

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


# -- features: the cached featurizer writes what the first, uncached implementation wrote --

FEATURE_TEXTS = [
    '"We will respond," the ministry said in a statement. Officials declined to comment.',
    "According to a statement from the National Water Authority, levels fell 12%.\n\n"
    'Ms. Carla Ruiz, a spokeswoman, told reporters: "The dam holds." She added that the '
    "Pentagon's review was over.",
    "It rained. “I love cats!” insists Burton. “I absolutely do.” Sen. Tom Hale (D) agreed.",
    "Short.",
]


def _reference_features(table, para, lex, sentence_starts, rules, mentions):
    """The uncached features as first written (the reference the featurizer must match)."""
    import bisect

    from credence.features.attribution.cue_features import WordCueFeatures
    from credence.features.attribution.lexicon import _PRONOUNS, _TITLES
    from credence.features.attribution.open_features import paragraph_open_features
    from credence.features.attribution.tagging import (
        _bucket,
        _mention_marks,
        _rule_marks,
        _shape,
    )

    lo, hi = para.lo, para.hi
    lows, words, starts = table.lows[lo:hi], table.words[lo:hi], table.starts[lo:hi]
    rule_marks = _rule_marks(table, lo, hi, rules)
    alias_marks = _mention_marks(table, lo, hi, mentions)
    cue_at = [k for k, low in enumerate(lows) if low in lex.cues]
    own, inside = [], False
    for k, (word, low) in enumerate(zip(words, lows, strict=True)):
        shape = _shape(word)
        feats = [f"w={low}", f"s3={low[-3:]}", f"sh={shape}"]
        if shape == "quote" and word != "'":
            feats.append("qo" if not inside else "qc")
            inside = not inside
        elif inside:
            feats.append("inq")
        if low in lex.cues:
            feats.append(f"rv={lex.cues[low]}")
        for kind in ("anon-head", "role-head", "official-head", "outlet-head", "modifier"):
            if low in lex.words[kind]:
                feats.append(f"hd={kind}")
        if low in _PRONOUNS:
            feats.append("pron")
        if low.rstrip(".") in _TITLES:
            feats.append("title")
        feats.extend(WordCueFeatures()(word, low))  # the cue stem and class of the word alone
        if lo + k in rule_marks:
            feats.append(f"rule={rule_marks[lo + k]}")
        if lo + k in alias_marks:
            feats.append(f"alias={alias_marks[lo + k]}")
        left = [k - j for j in cue_at if j < k]
        right = [j - k for j in cue_at if j > k]
        feats.append(f"vl={_bucket(min(left))}" if left else "vl=none")
        feats.append(f"vr={_bucket(min(right))}" if right else "vr=none")
        s = bisect.bisect_right(sentence_starts, starts[k]) - 1
        if s >= 0 and (k == 0 or starts[k - 1] < sentence_starts[s]):
            feats.append("sent_start")
        own.append(feats)
    keep = ("rv=", "hd=", "alias=", "rule=", "sh=", "pron", "title", "sent_start")
    out = []
    for k in range(len(own)):
        feats = list(own[k])
        for offset in (-2, -1, 1, 2):
            j = k + offset
            if 0 <= j < len(own):
                feats.append(f"{offset}:w={lows[j]}")
                if offset in (-1, 1):
                    feats.extend(f"{offset}:{f}" for f in own[j] if f.startswith(keep))
            else:
                feats.append(f"{offset}:edge")
        if 0 < k < len(own) - 1:
            feats.append(f"bi={lows[k - 1]}|{lows[k]}")
        out.append(feats)
    # The open features come last (their own table tests: test_attribution_{source,cue}_features).
    for k, names in paragraph_open_features(table, lo, hi, lex).items():
        out[k].extend(names)
    return out


@pytest.mark.parametrize("text", FEATURE_TEXTS)
def test_attribution_model_featurizer_matches_reference(text):
    from credence.features.attribution.learned import article_sequences
    from credence.features.attribution.lexicon import load_lexicon
    from credence.features.attribution.tagging import TokenFeaturizer
    from credence.features.context import Context

    lex = load_lexicon()
    featurizer = TokenFeaturizer(lex)
    for _ in range(2):  # the second pass reads every word from the cache
        seqs = article_sequences(text, Context.of(text), lex, featurizer)
        for para, features in zip(seqs.paragraphs, seqs.features, strict=True):
            rules = [a for a in seqs.rules if para.start <= a.cue.start < para.end]
            mentions = [m for m in seqs.mentions if para.start <= m.start < para.end]
            expected = _reference_features(
                seqs.table, para, lex, seqs.sentence_starts, rules, mentions
            )
            assert features == expected
    # A model's known features: the same lists with the unknown names left out.
    known = {"w=said", "-1:w=the", "vl=none", "sent_start", "1:rv=speech"}
    filtered = TokenFeaturizer(lex, known)
    seqs = article_sequences(text, Context.of(text), lex, filtered)
    full = article_sequences(text, Context.of(text), lex, featurizer)
    for kept, every in zip(seqs.features, full.features, strict=True):
        assert kept == [[f for f in feats if f in known] for feats in every]


def test_attribution_model_attributes_read_from_model_file(tiny_tagger):
    from credence.models.attribution_model import model_attributes

    names = model_attributes(tiny_tagger.model_bytes_)
    assert names == {name for name, _ in tiny_tagger._tagger.info().state_features}
    assert "w=said" in names
    assert model_attributes(b"not a model") is None
    assert model_attributes(tiny_tagger.model_bytes_[:60]) is None


def test_attribution_model_featurizer_is_kept_per_lexicon(tiny_tagger):
    from credence.features.attribution.lexicon import load_lexicon

    lex = load_lexicon()
    # The first text of a process without numpy takes the string path, later ones the
    # array path (CrfTagger.featurizer): whichever path, its featurizer is built once.
    tiny_tagger.featurizer(lex)
    first = tiny_tagger.featurizer(lex)
    assert tiny_tagger.featurizer(lex) is first
    assert first.known == {name for name, _ in tiny_tagger._tagger.info().state_features}


@pytest.fixture(scope="module")
def text_tagger():
    """A small tagger trained on real features of FEATURE_TEXTS, labelled from the rules, so
    that every kind of feature (quotes, distances, marks, edges, bigrams) carries weight."""
    return tagger_fitted_on_rules(FEATURE_TEXTS)


@pytest.mark.parametrize("text", [*FEATURE_TEXTS, FEATURE_TEXTS[0] + " " + FEATURE_TEXTS[2]])
def test_attribution_model_label_scores_match_feature_strings(text_tagger, text):
    import numpy as np

    from credence.features.attribution.emissions import Emissions, EmissionScorer
    from credence.features.attribution.learned import article_sequences
    from credence.features.attribution.lexicon import load_lexicon
    from credence.features.attribution.tagging import TokenFeaturizer
    from credence.features.context import Context

    lex = load_lexicon()
    scorer = text_tagger.featurizer(lex)
    assert isinstance(scorer, EmissionScorer)
    context = Context.of(text)
    strings = article_sequences(text, context, lex, TokenFeaturizer(lex))
    scores = article_sequences(text, context, lex, scorer)
    for named, scored in zip(strings.features, scores.features, strict=True):
        assert isinstance(scored, Emissions) and len(scored) == len(named)
        # The scores are the sums of the weights of the feature strings, relative to O.
        index, weights = scorer.index, scorer.weights
        total = np.array([weights[[index.get(f, scorer._none) for f in t]].sum(0) for t in named])
        expected = total[:, scorer._kept] - total[:, [scorer.outside]]
        got = np.array([[token[k] for k in scorer._keys] for token in scored.items()])
        assert np.allclose(got, expected, rtol=0, atol=1e-9)
        # And CRFsuite decodes them to the labels (and marginals) of the strings.
        assert text_tagger.tag(scored) == text_tagger.tag(named)
        assert any(label != "O" for label in text_tagger.tag(named)) or len(named) < 3


def test_attribution_model_featurizer_falls_back_to_strings(text_tagger, monkeypatch):
    import credence.models.attribution_model as attribution_model
    from credence.features.attribution.emissions import EmissionScorer
    from credence.features.attribution.lexicon import AttributionLexicon, load_lexicon

    monkeypatch.setattr(attribution_model, "model_weights", lambda _: None)
    lex = load_lexicon()
    other = AttributionLexicon(dict(lex.aliases), dict(lex.cues), dict(lex.words))
    featurizer = text_tagger.featurizer(other)
    assert not isinstance(featurizer, EmissionScorer)
    assert featurizer.known == {n for n, _ in text_tagger._tagger.info().state_features}


def _span(start, end, text=""):
    from types import SimpleNamespace

    return SimpleNamespace(start=start, end=end, text=text)


def test_attribution_model_nested_relays_match_pairwise_definition():
    # The bisection over sorted intervals keeps the pairwise definition: a rule relation is
    # added when its cue lies inside a quoted tagged content and overlaps no tagged cue.
    import random
    from types import SimpleNamespace

    from credence.features.attribution.learned import _with_nested_rules

    rng = random.Random(7)
    for _ in range(200):
        found = []
        for _ in range(rng.randrange(0, 6)):
            a, b = sorted(rng.sample(range(200), 2))
            c = rng.randrange(0, 190)
            content = _span(a, b, rng.choice(['"quoted', "plain"]))
            found.append(SimpleNamespace(content=content, cue=_span(c, c + rng.randrange(1, 9))))
        rules = []
        for _ in range(rng.randrange(0, 6)):
            c = rng.randrange(0, 195)
            rules.append(
                SimpleNamespace(
                    cue=_span(c, c + rng.randrange(1, 6)),
                    cue_type=rng.choice(["report", "speech"]),
                    source=SimpleNamespace(kind=rng.choice(["outlet", "person"])),
                )
            )
        contents = [(a.content.start, a.content.end) for a in found if a.content.text[:1] == '"']
        cues = [(a.cue.start, a.cue.end) for a in found]
        expected = [
            r
            for r in rules
            if (r.cue_type == "report" or r.source.kind == "outlet")
            and any(s <= r.cue.start and r.cue.end <= e for s, e in contents)
            and not any(s < r.cue.end and r.cue.start < e for s, e in cues)
        ]
        assert _with_nested_rules(found, rules) == [*found, *expected]


def test_attribution_model_rules_split_by_paragraph():
    from types import SimpleNamespace

    from credence.features.attribution.learned import _rules_by_paragraph
    from credence.features.attribution.tagging import ParagraphTokens

    paragraphs = [ParagraphTokens(0, 3, 0, 20), ParagraphTokens(3, 5, 22, 40)]
    rules = [SimpleNamespace(cue=_span(c, c + 2)) for c in (5, 19, 20, 22, 39, 41)]
    assert _rules_by_paragraph(rules, paragraphs) == [rules[:2], rules[3:5]]


def test_attribution_model_strings_without_numpy_loaded(text_tagger, monkeypatch):
    # A one-text extraction must not import numpy: without it loaded, the feature strings.
    import sys

    from credence.features.attribution.emissions import EmissionScorer
    from credence.features.attribution.lexicon import AttributionLexicon, load_lexicon

    lex = load_lexicon()
    other = AttributionLexicon(dict(lex.aliases), dict(lex.cues), dict(lex.words))
    monkeypatch.delitem(sys.modules, "numpy")
    monkeypatch.setattr(text_tagger, "_texts", 0)  # the first text this tagger extracts
    assert not isinstance(text_tagger.featurizer(other), EmissionScorer)
    monkeypatch.undo()
    assert isinstance(text_tagger.featurizer(other), EmissionScorer)


def test_attribution_model_weights_read_as_arrays_equal_the_struct_reading(tiny_tagger):
    # model_weights reads the dictionaries and features with numpy (a faster cold start);
    # the values must be those of the plain struct reading of the file.
    from credence.models import attribution_model

    model = tiny_tagger.model_bytes_
    features_at, labels_at, attributes_at = attribution_model._header(model)
    labels, attributes, features = attribution_model.model_weights(model)
    assert labels == attribution_model._dictionary(model, labels_at)
    assert attributes == attribution_model._dictionary(model, attributes_at)
    assert len(attributes) > 3 and "B-SRC" in labels
    expected = attribution_model._features(model, features_at)
    assert [tuple(row) for row in features.tolist()] == expected


def test_attribution_model_weights_of_a_truncated_file_are_none(tiny_tagger):
    from credence.models import attribution_model

    model = tiny_tagger.model_bytes_
    assert attribution_model.model_weights(model[: len(model) // 2]) is None


def test_attribution_model_span_decoder_follows_a_changed_min_outside(text_tagger):
    # The build tunes min_outside on one fitted tagger by setting the attribute: the compiled
    # span decoder, which holds the threshold, must follow it (it kept the first one, so every
    # threshold tried scored the same).
    import numpy  # noqa: F401  (the featurizer takes the array path once numpy is loaded)

    from credence.features.attribution.learned import article_sequences
    from credence.features.attribution.lexicon import load_lexicon
    from credence.features.attribution.tagging import LABELS, label_spans
    from credence.features.context import Context

    lex = load_lexicon()
    text = " ".join(FEATURE_TEXTS)
    scored = article_sequences(text, Context.of(text), lex, text_tagger.featurizer(lex))
    thresholds = (1.0, 0.9999, 0.5)
    seen = set()
    for threshold in thresholds:
        text_tagger.min_outside = threshold
        for para in scored.features:
            spans = text_tagger.tag_spans(para, LABELS)
            if spans is None:
                pytest.skip("compiled span decoder not built")
            assert spans == label_spans(text_tagger.tag(para)), threshold
        # The article-wide decoder (what learned_attributions reads) follows it too.
        article = text_tagger.tag_spans_of_sequences(scored.features, LABELS)
        assert article == [label_spans(text_tagger.tag(p)) for p in scored.features], threshold
        seen.add(str([text_tagger.tag_spans(p, LABELS) for p in scored.features]))
    text_tagger.min_outside = 0.9  # the fixture's
    assert len(seen) > 1
