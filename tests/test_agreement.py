"""The claim–claim agreement model: relation features, data readers, fit/predict/save/load."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from credence.errors import DataError, ModelError
from credence.models.agreement import (
    AGREEMENT_LABELS,
    AgreementModel,
    cross_validate,
    evaluate,
    load_agreement,
)
from credence.models.agreement_data import (
    AgreementPair,
    emergent_pairs,
    fnc_pairs,
    read_agreement_data,
    read_emergent,
    states_denial,
)
from credence.models.agreement_features import FEATURE_NAMES, PairFeaturizer

# Our own sentences: (first, second, label, story).
PAIRS = [
    (
        "The city council approved the new stadium.",
        "Council members voted for the stadium plan.",
        "agree",
        "s1",
    ),
    (
        "The city council approved the new stadium.",
        "The council rejected the stadium, calling it a hoax.",
        "contradict",
        "s1",
    ),
    (
        "The city council approved the new stadium.",
        "Will the council approve a stadium?",
        "related",
        "s1",
    ),
    (
        "The city council approved the new stadium.",
        "A storm closed schools in the north.",
        "unrelated",
        "s1",
    ),
    (
        "The bank raised rates to 5 percent.",
        "Rates went up to 5 percent at the bank.",
        "agree",
        "s2",
    ),
    ("The bank raised rates to 5 percent.", "The bank did not raise rates.", "contradict", "s2"),
    (
        "The bank raised rates to 5 percent.",
        "Analysts discuss what the bank may do.",
        "related",
        "s2",
    ),
    ("The bank raised rates to 5 percent.", "A panda was born at the zoo.", "unrelated", "s2"),
    (
        "A singer cancelled her tour in Spain.",
        "The singer called off her Spanish tour.",
        "agree",
        "s3",
    ),
    (
        "A singer cancelled her tour in Spain.",
        "The singer denied cancelling any tour.",
        "contradict",
        "s3",
    ),
    (
        "A singer cancelled her tour in Spain.",
        "Fans wonder about the singer's tour plans.",
        "related",
        "s3",
    ),
    ("A singer cancelled her tour in Spain.", "Wheat prices fell in Kansas.", "unrelated", "s3"),
]


def _columns(pairs: list[tuple[str, str, str, str]], copies: int = 3):
    rows = [(a, b, y, f"{g}-{k}") for k in range(copies) for a, b, y, g in pairs]
    return [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows], [r[3] for r in rows]


@pytest.fixture(scope="module")
def small_model() -> AgreementModel:
    first, second, y, groups = _columns(PAIRS, copies=10)
    return AgreementModel(max_iter=10, calibration_folds=2).fit(first, second, y, groups=groups)


@pytest.fixture(scope="module")
def featurizer() -> PairFeaturizer:
    # With the predicate-level negation columns: the other columns are the default's.
    texts = [t for a, b, _, _ in PAIRS for t in (a, b)]
    return PairFeaturizer(predicate_polarity=True).fit(texts)


def _features(featurizer: PairFeaturizer, a: str, b: str) -> dict[str, float]:
    row = featurizer.transform([a], [b])[0]
    return dict(zip(featurizer.feature_names(), row.tolist(), strict=True))


@pytest.mark.parametrize(
    ("first", "second", "feature", "expected"),
    [
        ("10,000 troops were sent.", "12,000 troops were sent.", "quantities_conflict", 1.0),
        ("10,000 troops were sent.", "About 10,000 troops were sent.", "quantities_conflict", 0.0),
        ("10,000 troops were sent.", "About 10,000 troops were sent.", "quantities_agree", 1.0),
        (
            "The vote was held in March 2019.",
            "The vote was held in June 2019.",
            "dates_conflict",
            1.0,
        ),
        (
            "The vote was held in March 2019.",
            "In March 2019 the vote was held.",
            "dates_agree",
            1.0,
        ),
        ("The mayor resigned.", "The mayor did not resign.", "negation_contrast", 1.0),
        ("The mayor resigned.", "The mayor resigned today.", "negation_contrast", 0.0),
        ("The mayor resigned.", "The mayor denied he resigned.", "refutation_contrast", 1.0),
        ("The plant opened.", "The plant never opened.", "polarity_contrast", 1.0),
        (
            "Tesla will build a plant in Texas.",
            "Tesla will build a plant in Nevada.",
            "entities_missing_in_second",
            1.0,
        ),
        (
            "Tesla will build a plant in Texas.",
            "Tesla will build a plant in Texas.",
            "entities_missing_in_second",
            0.0,
        ),
        ("The mayor resigned.", "Did the mayor resign?", "question_second", 1.0),
        # Predicate-level polarity (credence.features.polarity): another form of the verb
        # ("sent" / "did not send") is the same predicate.
        (
            "The ministry sent 300 nurses to the border.",
            "The ministry did not send nurses to the border, officials said.",
            "predicate_polarity_contrast",
            1.0,
        ),
        (
            "The bakery was closed.",
            "Officials denied that the bakery closed.",
            "predicate_polarity_contrast",
            1.0,
        ),
        (
            "The bakery was not closed.",
            "Nobody closed the bakery.",
            "predicate_polarity_contrast",
            0.0,
        ),
        ("The bakery was not closed.", "Nobody closed the bakery.", "predicate_negated_both", 1.0),
        (
            "The bakery was closed.",
            "The bakery closed on Monday.",
            "predicate_polarity_contrast",
            0.0,
        ),
        # A negated reporting verb negates nothing checkable.
        (
            "The bakery was closed.",
            "The owner did not say why the bakery closed.",
            "predicate_polarity_contrast",
            0.0,
        ),
    ],
)
def test_agreement_features_relation(featurizer, first, second, feature, expected):
    assert _features(featurizer, first, second)[feature] == expected


def test_agreement_features_predicate_polarity_the_same_on_every_path(featurizer):
    # The array path (many pairs at once) and the per-pair reading give the same columns.
    first = ["The bakery was closed.", "The rates rose.", "The bakery was not closed."]
    second = ["The bakery was not closed.", "The rates rose again.", "Nobody closed the bakery."]
    together = featurizer.transform(first, second)
    one_by_one = np.vstack(
        [featurizer.transform([a], [b]) for a, b in zip(first, second, strict=True)]
    )
    np.testing.assert_array_equal(together, one_by_one)
    columns = [featurizer.feature_names().index("predicate_polarity_contrast")]
    assert together[:, columns].ravel().tolist() == [1.0, 0.0, 0.0]
    # Without the option: the default columns only, the same values.
    default = PairFeaturizer().fit([t for a, b, _, _ in PAIRS for t in (a, b)])
    assert default.feature_names() == FEATURE_NAMES
    np.testing.assert_array_equal(
        default.transform(first, second), together[:, : len(FEATURE_NAMES)]
    )


def test_agreement_features_identical_texts_have_full_overlap(featurizer):
    values = _features(featurizer, PAIRS[0][0], PAIRS[0][0])
    assert values["cosine_word"] == pytest.approx(1.0, abs=1e-5)
    assert values["jaccard_tokens"] == 1.0
    assert values["unshared_idf_first"] == 0.0


def test_agreement_features_no_identity_columns(featurizer):
    # A relation feature of a pair does not depend on which story the words come from.
    a = _features(featurizer, "The mayor resigned.", "The mayor did not resign.")
    b = _features(featurizer, "The coach resigned.", "The coach did not resign.")
    for name in FEATURE_NAMES:
        if not name.startswith(("cosine", "unshared")):
            assert a[name] == b[name], name


def test_agreement_features_length_mismatch(featurizer):
    with pytest.raises(ValueError, match="same length"):
        featurizer.transform(["a"], [])


def test_agreement_model_predict_proba_shape_and_classes(small_model):
    proba = small_model.predict_proba(["The bank raised rates."], ["Rates rose at the bank."])
    assert proba.shape == (1, 4)
    assert (
        small_model.classes_ == AGREEMENT_LABELS == ("agree", "contradict", "related", "unrelated")
    )
    assert np.allclose(proba.sum(axis=1), 1.0)
    assert small_model.predict_proba([], []).shape == (0, 4)


def test_agreement_model_learns_unrelated(small_model):
    proba = small_model.predict_proba(
        ["The council approved the stadium.", "The council approved the stadium."],
        ["Council members voted for the stadium.", "A panda was born at the zoo."],
    )
    unrelated = AGREEMENT_LABELS.index("unrelated")
    assert proba[1, unrelated] > proba[0, unrelated]


def test_agreement_model_rejects_unknown_label():
    with pytest.raises(ValueError, match="labels must be among"):
        AgreementModel().fit(["a"], ["b"], ["discuss"])


def test_agreement_model_save_load_roundtrip(small_model, tmp_path):
    small_model.save(tmp_path / "m", metrics={"macro_f1": 0.5})
    meta = json.loads((tmp_path / "m" / "meta.json").read_text())
    assert meta["kind"] == "agreement"
    assert meta["labels"] == list(AGREEMENT_LABELS)
    loaded = load_agreement(tmp_path / "m")
    texts = (["The bank raised rates."], ["The bank did not raise rates."])
    assert np.array_equal(loaded.predict_proba(*texts), small_model.predict_proba(*texts))


def test_agreement_model_load_other_kind_is_model_error(small_model, tmp_path):
    from credence.models.persistence import load_model

    small_model.save(tmp_path / "m")
    with pytest.raises(ModelError, match="'agreement' model was given where a 'stance' model"):
        load_model(tmp_path / "m", kind="stance")


def test_agreement_evaluate_reports_by_source(small_model):
    data = [AgreementPair(a, b, y, g, "emergent-claim") for a, b, y, g in PAIRS]
    result = evaluate(small_model, data)
    assert set(result) == {"all", "emergent-claim"}
    assert 0.0 <= result["all"]["macro_f1"] <= 1.0
    assert 0.0 <= result["all"]["ece"] <= 1.0
    assert result["all"]["n"] == len(PAIRS)


def test_agreement_cross_validate_keeps_groups_apart():
    data = [
        AgreementPair(f"{a} ({k})", f"{b} ({k})", y, f"{g}-{k}", "emergent-claim")
        for k in range(10)
        for a, b, y, g in PAIRS
    ]
    result = cross_validate(data, n_splits=3, max_iter=5, calibration_folds=2)
    assert result["model"]["all"]["n"] == len(data)
    assert set(result["baseline"]) == set(result["model"])


def _write_emergent(path: Path, claims: list[dict]) -> Path:
    path.write_text("\n".join(json.dumps(c) for c in claims) + "\n", encoding="utf-8")
    return path


CLAIMS = [
    {
        "claim_id": "c1",
        "claim": "A whale swam up the river.",
        "truth": "true",
        "articles": [
            {
                "id": "a1",
                "outlet": "x.com",
                "url": "",
                "headline": "Whale seen in river",
                "stance": "for",
            },
            {
                "id": "a2",
                "outlet": "y.com",
                "url": "",
                "headline": "River whale was a log",
                "stance": "against",
            },
            {
                "id": "a3",
                "outlet": "z.com",
                "url": "",
                "headline": "Was there a whale?",
                "stance": "observing",
            },
        ],
    },
    {
        "claim_id": "c2",
        "claim": "The mayor bought a tiger.",
        "truth": "false",
        "articles": [
            {
                "id": "b1",
                "outlet": "x.com",
                "url": "",
                "headline": "Mayor owns tiger",
                "stance": "for",
            },
        ],
    },
]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Reports that the ferry sailed at noon are false.", True),
        ("The ferry never sailed, the harbour office said.", True),
        ("Port officials called the story a hoax.", True),
        ("Officials said there is no evidence the ferry sailed.", True),
        ("The ferry sailed at noon on Friday, the harbour office said.", False),
        ("Claim: the ferry to Holm sailed at noon.", False),
    ],
)
def test_agreement_data_states_denial(sentence, expected):
    assert states_denial(sentence) is expected


def test_agreement_data_fnc_restatement_of_a_disputed_claim_is_related(tmp_path):
    # A disagreeing body restates the headline, then disputes it in another sentence: the
    # restatement does not contradict the headline. A body whose best sentence denies it does.
    folder = tmp_path / "fnc1"
    folder.mkdir()
    (folder / "train_bodies.csv").write_text(
        "Body ID,articleBody\n"
        '1,"The ferry to Holm sailed at noon on Friday. Port officials later said the story was '
        'made up."\n'
        '2,"Reports that the ferry to Holm sailed at noon on Friday are false. Rain fell."\n',
        encoding="utf-8",
    )
    (folder / "train_stances.csv").write_text(
        "Headline,Body ID,Stance\n"
        "Ferry to Holm sailed at noon on Friday,1,disagree\n"
        "Ferry to Holm sailed at noon on Friday,2,disagree\n",
        encoding="utf-8",
    )
    labels = [p.label for p in fnc_pairs(folder, split=None, denial_needed=True)]
    assert labels == ["related", "contradict"]
    # By default (the bundled model's data) the stance of the body is the pair's label.
    assert [p.label for p in fnc_pairs(folder, split=None)] == ["contradict", "contradict"]


def test_agreement_data_emergent_pairs(tmp_path):
    claims = read_emergent(_write_emergent(tmp_path / "e.jsonl", CLAIMS))
    assert [c.truth for c in claims] == ["true", "false"]
    pairs = emergent_pairs(claims)
    by_source = {}
    for p in pairs:
        by_source.setdefault(p.source, []).append(p)
    assert [p.label for p in by_source["emergent-claim"]] == [
        "agree",
        "contradict",
        "related",
        "agree",
    ]
    labels = {(p.first, p.second): p.label for p in by_source["emergent-headlines"]}
    assert labels[("Whale seen in river", "River whale was a log")] == "contradict"
    assert labels[("Whale seen in river", "Was there a whale?")] == "related"
    assert all(p.label == "unrelated" for p in by_source["emergent-unrelated"])
    # An unrelated pair joins a headline to another story's claim, in the headline's group.
    for p in by_source["emergent-unrelated"]:
        own = "c1" if p.second in {a["headline"] for a in CLAIMS[0]["articles"]} else "c2"
        assert p.group == f"emergent:{own}"
        assert p.first == CLAIMS[1 if own == "c1" else 0]["claim"]


def test_agreement_data_unknown_stance_names_line(tmp_path):
    bad = [CLAIMS[0], {**CLAIMS[1], "articles": [{**CLAIMS[1]["articles"][0], "stance": "maybe"}]}]
    path = _write_emergent(tmp_path / "bad.jsonl", bad)
    with pytest.raises(DataError, match=r"bad\.jsonl, line 2: unknown stance 'maybe'"):
        read_emergent(path)


def test_agreement_data_not_json_names_line(tmp_path):
    path = tmp_path / "broken.jsonl"
    path.write_text(json.dumps(CLAIMS[0]) + "\n{oops\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"broken\.jsonl, line 2: not JSON"):
        read_emergent(path)


def test_agreement_data_empty_folder_is_data_error(tmp_path):
    with pytest.raises(DataError, match="no agreement data"):
        read_agreement_data(tmp_path)


def test_agreement_data_reads_shared_fnc_dev(shared_data):
    from credence.models.agreement_data import fnc_pairs

    every = fnc_pairs(
        shared_data / "fnc1", split="dev", unrelated_fraction=0.0, restatement_cosine=0
    )
    assert every and {p.label for p in every} == {"agree", "contradict", "related"}
    assert all(p.group.startswith("fnc:") for p in every)
    # The second text is one sentence of the body, not the whole article.
    assert max(len(p.second) for p in every) < 2000
    # An agreeing body's nearest sentence that does not restate the headline is no
    # sentence-level agreement: such pairs are left out by default.
    kept = fnc_pairs(shared_data / "fnc1", split="dev", unrelated_fraction=0.0, denial_needed=False)
    count = {label: sum(p.label == label for p in kept) for label in ("agree", "related")}
    assert 0 < count["agree"] < sum(p.label == "agree" for p in every)
    assert count["related"] == sum(p.label == "related" for p in every)


def test_agreement_as_stance_names_columns_like_the_stance_model(small_model):
    from credence.scoring.matching import STANCE_CLASSES

    view = small_model.as_stance()
    assert tuple(view.classes_) == STANCE_CLASSES
    texts = (["The bank raised rates."], ["The bank did not raise rates."])
    assert np.array_equal(view.predict_proba(*texts), small_model.predict_proba(*texts))


@pytest.mark.parametrize(
    ("text", "core"),
    [
        ("The bridge was closed on Monday, officials said.", "The bridge was closed on Monday"),
        (
            "The bridge was closed on Monday, according to the Bulgarian Maritime Administration.",
            "The bridge was closed on Monday",
        ),
        ("The bridge was closed on Monday.", "The bridge was closed on Monday."),
    ],
)
def test_agreement_claim_core_drops_the_attribution_frame(text, core):
    from credence.features.attribution import AttributionExtractor
    from credence.models.agreement_features import claim_core

    assert claim_core(text, AttributionExtractor(model=None)) == core


def test_agreement_features_compare_claims_not_their_sources(featurizer):
    # One fact from two sources: the frames differ, the asserted content does not.
    values = _features(
        featurizer,
        "The bridge was closed on Monday, officials said.",
        "The bridge was closed on Monday, according to the Bulgarian Maritime Administration.",
    )
    assert values["jaccard_tokens"] == 1.0
