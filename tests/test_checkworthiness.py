from __future__ import annotations

import numpy as np
import pytest

from credence.errors import DataError, ModelError
from credence.models.checkworthiness import (
    CheckworthinessModel,
    LinguisticCues,
    evaluate,
    flatten_debates,
    read_clef_dir,
    read_clef_file,
    split_debates,
)
from credence.models.persistence import MODEL_FILE, read_meta

# A few dozen sentences written for these tests: debate-style check-worthy facts and chatter.
WORTHY = [
    "Unemployment fell to 4.9 percent last year.",
    "We lost 70,000 manufacturing jobs in this state since 2010.",
    "The deficit doubled under the last administration.",
    "Crime went up 17 percent in the city last year.",
    "She voted for the war in Iraq in 2002.",
    "Our trade deficit with China was 350 billion dollars.",
    "Taxes on the middle class rose by 3 percent.",
    "He cut the education budget by 20 percent as governor.",
    "Twelve million people gained health coverage under the law.",
    "The murder rate doubled in two years.",
    "Wages have been flat for fifteen years.",
    "We spent six trillion dollars in the Middle East.",
    "Exports dropped by 8 percent in the first quarter.",
    "The plant closed in 2015 and 2,000 workers lost their jobs.",
    "Premiums went up 25 percent this year.",
    "He supported the trade deal 45 times.",
]
CHATTER = [
    "Thank you very much.",
    "Good evening, everyone.",
    "Let me respond to that.",
    "I want to thank the moderators.",
    "What would you do about it?",
    "That is a great question.",
    "Please, let her finish.",
    "We will make this country great again.",
    "I think you know what I mean.",
    "Okay, let's move on.",
    "You are going to hear a lot about that tonight.",
    "That's not true, and you know it.",
    "I appreciate that.",
    "Folks, believe me.",
    "Go ahead, senator.",
    "We need to come together as a nation.",
]
TEXTS = WORTHY + CHATTER
LABELS = [1] * len(WORTHY) + [0] * len(CHATTER)


@pytest.fixture(scope="module")
def tiny_model() -> CheckworthinessModel:
    return CheckworthinessModel(max_word_features=500, max_char_features=2000).fit(TEXTS, LABELS)


@pytest.mark.parametrize(
    ("text", "cue", "expected"),
    [
        ("Exports fell 8 percent.", "has_number", 1.0),
        ("Exports fell sharply.", "has_number", 0.0),
        ("The deal with Mexico failed.", "has_name", 1.0),
        ("the deal failed.", "has_name", 0.0),
        ("Prices rose after the vote.", "has_past_verb", 1.0),
        ("Prices rise after every vote.", "has_past_verb", 0.0),
        ("We cut taxes.", "first_person", 1.0),
        ("You cut taxes.", "second_person", 1.0),
        ("Did taxes go up?", "question_mark", 1.0),
        ("Taxes may go up.", "modal", 1.0),
        ("Taxes went up.", "modal", 0.0),
    ],
)
def test_checkworthiness_cues_table(text: str, cue: str, expected: float) -> None:
    cues = LinguisticCues().fit([text])
    row = cues.transform([text])[0]
    assert row[LinguisticCues.cue_names.index(cue)] == expected


def test_checkworthiness_ranks_facts_above_chatter(tiny_model: CheckworthinessModel) -> None:
    proba = tiny_model.predict_proba(
        ["Inflation rose 9 percent in 2022.", "Thank you, and good evening."]
    )
    assert proba.shape == (2,)
    assert np.all((proba >= 0) & (proba <= 1))
    assert proba[0] > proba[1]


def test_checkworthiness_empty_input(tiny_model: CheckworthinessModel) -> None:
    assert tiny_model.predict_proba([]).shape == (0,)


def test_checkworthiness_save_load_identical(tiny_model, tmp_path) -> None:
    probe = ["Jobs fell by 3 percent in 2019.", "What do you think?", "Thank you all."]
    target = tiny_model.save(tmp_path / "claims", metrics={"note": "tiny"})
    loaded = CheckworthinessModel.load(target)
    np.testing.assert_array_equal(loaded.predict_proba(probe), tiny_model.predict_proba(probe))
    assert loaded.threshold_ == tiny_model.threshold_
    meta = read_meta(target)
    assert meta["kind"] == "claims"
    assert meta["metrics"] == {"note": "tiny"}


def test_checkworthiness_load_rejects_tampered_file(tiny_model, tmp_path) -> None:
    target = tiny_model.save(tmp_path / "claims")
    with open(target / MODEL_FILE, "ab") as fh:
        fh.write(b"tampered")
    with pytest.raises(ModelError, match="sha256"):
        CheckworthinessModel.load(target)


def test_checkworthiness_fit_rejects_bad_labels() -> None:
    with pytest.raises(ValueError, match="must have 3 entries"):
        CheckworthinessModel().fit(["a", "b", "c"], [0, 1])
    with pytest.raises(ValueError, match="both 0 and 1"):
        CheckworthinessModel().fit(["a", "b", "c"], [0, 0, 0])


@pytest.mark.parametrize(
    ("content", "match"),
    [
        ("1\tA\tTaxes went up.\t2\n", "label must be 0 or 1"),
        ("1\tA\tTaxes went up.\n", "expected 4 tab-separated fields"),
    ],
)
def test_checkworthiness_read_clef_rejects_bad_rows(tmp_path, content: str, match: str) -> None:
    path = tmp_path / "debate.tsv"
    path.write_text("1\tA\tGood evening.\t0\n" + content)
    with pytest.raises(DataError, match=match) as info:
        read_clef_file(path)
    assert info.value.line == 2


def test_checkworthiness_read_clef_file(tmp_path) -> None:
    path = tmp_path / "debate.tsv"
    path.write_text("1\tHOST\tGood evening.\t0\n2\tX\tTaxes rose 5 percent.\t1\n")
    assert read_clef_file(path) == (["Good evening.", "Taxes rose 5 percent."], [0, 1])


def test_checkworthiness_split_debates_is_fixed_and_disjoint() -> None:
    names = [f"d{i:02d}.tsv" for i in range(19)]
    train, held = split_debates(names)
    assert (train, held) == split_debates(list(reversed(names)))
    assert not set(train) & set(held)
    assert sorted(train + held) == names
    assert len(held) == 5


@pytest.mark.slow
def test_checkworthiness_clef_subset_beats_base_rate(shared_data) -> None:
    # Train on two debates, judge on a fourth: average precision well above the base rate.
    debates = read_clef_dir(shared_data / "checkworthiness" / "clef2019" / "training")
    names = ["20160209_msnbc_dem.tsv", "20161005_vice_pres.tsv"]
    texts, labels, groups = flatten_debates(debates, names)
    model = CheckworthinessModel(max_word_features=5000, max_char_features=5000).fit(
        texts, labels, groups=groups
    )
    held_texts, held_labels = debates["20161019_3pres.tsv"]
    metrics = evaluate(model, held_texts, held_labels)
    base_rate = sum(held_labels) / len(held_labels)
    assert metrics["average_precision"] > 2 * base_rate


def test_checkworthiness_without_char_ngrams_counts_none() -> None:
    model = CheckworthinessModel(max_word_features=500, char_ngrams=False).fit(TEXTS, LABELS)
    for calibrated in model.estimator_.calibrated_classifiers_:
        steps = dict(calibrated.estimator.named_steps["features"].transformer_list)
        assert set(steps) == {"word", "cues"}
    proba = model.predict_proba(
        ["Inflation rose 9 percent in 2022.", "Thank you, and good evening."]
    )
    assert proba[0] > proba[1]


def test_checkworthiness_models_saved_before_the_option_count_char_ngrams(tiny_model) -> None:
    state = dict(tiny_model.__dict__)
    del state["char_ngrams"]  # as pickled before the option existed
    restored = CheckworthinessModel.__new__(CheckworthinessModel)
    restored.__setstate__(state)
    assert restored.get_params()["char_ngrams"] is True
