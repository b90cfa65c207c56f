"""The tagger's cue features (credence.features.attribution.cue_features) and the hook that
adds the open features to a model that reads them (credence.features.attribution.open_features).

Each case is a sentence written for credence, a token and the features it must (or must not)
carry: the shape of a reporting clause whatever its verb.
"""

from __future__ import annotations

import pytest

from credence.features.attribution.cue_features import WordCueFeatures, cue_features, stem
from credence.features.attribution.lexicon import load_lexicon
from credence.features.attribution.open_features import OpenFeatures, paragraph_open_features
from credence.features.attribution.tokens import _TokenTable


def _features(text: str) -> dict[str, list[str]]:
    """``{token: features}`` of a one-paragraph text, the word's own cue features
    (:class:`WordCueFeatures`) first (a repeated token keeps its last).
    """
    table = _TokenTable(text)
    found = paragraph_open_features(table, 0, len(table.words), load_lexicon())
    word_cues = WordCueFeatures()
    return {
        word: [*word_cues(word, low), *found.get(k, [])]
        for k, (word, low) in enumerate(zip(table.words, table.lows, strict=True))
    }


CASES = [
    # (text, token, must have, must not have)
    ("Ms Varga endorsed the harbour plan.", "endorsed", ["cf:stem=endors", "cf:subj|ed"], []),
    ("She declined to comment on the leak.", "declined", ["cf:to", "cf:subj", "cf:subj|ed"], []),
    (
        "The mayor told reporters that the bridge was safe.",
        "told",
        ["cf:that", "cf:subj"],
        ["cf:to"],
    ),
    ("Union officials want a new vote.", "want", ["cf:subj", "cf:subj|other"], []),
    ("Okafor's warning came too late.", "warning", ["cf:poss", "cf:stem=warn"], ["cf:subj"]),
    ("Her claim that the fund was empty spread fast.", "claim", ["cf:poss", "cf:that"], []),
    # A clause mark ends the complement: "that" after a comma belongs to another clause.
    ("He paused, and that was all.", "paused", ["cf:subj"], ["cf:that"]),
    # The stance-word classes (lexicons/words/stance_cue_words.tsv), by stem, with the frame.
    (
        "She vows to strike in May if the ferry fares rise.",
        "vows",
        ["cf:cls=speech", "cf:frame=speech|to", "cf:frame=speech|subj"],
        [],
    ),
    ("Growers are backing the canal levy.", "backing", ["cf:cls=attitude", "cf:aux"], []),
    ("Her endorsement surprised the board.", "endorsement", ["cf:cls=noun", "cf:poss"], []),
    ("The tide rose after midnight.", "rose", [], ["cf:cls=speech", "cf:cls=attitude"]),
    # Irregular forms are listed beside their base form.
    ("The warden told us that the gate was shut.", "told", ["cf:frame=speech|that"], []),
    # A direct quotation opens after the word: a colon, a quotation mark, a comma and one.
    ('The pilot radioed: "We are low on fuel."', "radioed", ["cf:quote"], ["cf:that"]),
    ('The pilot shouted, "Brace!"', "shouted", ["cf:quote", "cf:frame=speech|quote"], []),
    ("The pilot shouted twice.", "shouted", [], ["cf:quote", "cf:aux"]),
    ("The plan is expected to pass.", "expected", ["cf:aux", "cf:frame=cognition|to"], []),
    # Function words and capitalised words carry no cue feature.
    ("The council said that it would act.", "The", [], ["cf:stem=the"]),
    ("The council said that it would act.", "would", [], ["cf:stem=would", "cf:subj"]),
]


@pytest.mark.parametrize(("text", "token", "present", "absent"), CASES)
def test_attribution_cue_features_table(text, token, present, absent):
    feats = _features(text).get(token, [])
    for name in present:
        assert name in feats, (text, token, feats)
    for name in absent:
        assert name not in feats, (text, token, feats)


@pytest.mark.parametrize(
    ("forms", "expected"),
    [
        (("warned", "warns", "warning", "warn"), "warn"),
        (("argued", "argues", "arguing", "argue"), "argu"),
        (("denied", "denies"), "deny"),
        (("planned", "plans"), "plan"),
    ],
)
def test_attribution_cue_features_stem_joins_forms(forms, expected):
    assert {stem(form) for form in forms} == {expected}


def test_attribution_cue_features_stance_classes_join_forms():
    from credence.features.attribution.cue_features import stance_classes

    classes = stance_classes()
    for forms, cls in (
        (("predicts", "predicted", "predicting", "predict"), "speech"),
        (("endorses", "endorsed", "endorsing"), "attitude"),
        (("believes", "believed"), "cognition"),
    ):
        assert {classes.get(stem(form)) for form in forms} == {cls}, forms
    assert stem("harbour") not in classes


def test_attribution_cue_features_one_pass_over_the_paragraph():
    words = "Officials insisted , and critics scoffed".split()
    lows = [w.lower() for w in words]
    feats = cue_features(words, lows, [w[0].isupper() for w in words], {"critics"})
    assert "cf:subj" in feats[1] and "cf:subj" in feats[5]
    assert 2 not in feats and 3 not in feats  # a comma and a function word


def test_attribution_open_features_keep_only_known():
    table = _TokenTable("Ms Varga endorsed the plan.")
    open_features = OpenFeatures(load_lexicon(), known=frozenset(["cf:subj"]))
    assert not open_features.source and open_features.cue
    assert open_features(table, 0, len(table.words)) == {2: ["cf:subj"]}


def test_attribution_open_features_none_for_a_model_without_them():
    open_features = OpenFeatures(load_lexicon(), known=frozenset(["w=said"]))
    assert not open_features.any


def test_attribution_open_features_known_is_a_subset_of_all():
    # The per-word cache keeps only the model's features: the same as filtering them after.
    text = (
        "Officials at the Quarry Workers Union said that wages fell, and Ms Varga's warning "
        "that the mine would close went unheeded. She declined to comment; critics scoffed."
    )
    table = _TokenTable(text)
    every = OpenFeatures(load_lexicon())(table, 0, len(table.words))
    known = frozenset(f for names in every.values() for f in names[::2])
    kept = OpenFeatures(load_lexicon(), known)
    for _ in range(2):  # the second call reads the cache
        assert kept(table, 0, len(table.words)) == {
            k: [f for f in names if f in known]
            for k, names in every.items()
            if any(f in known for f in names)
        }
