import json
import random

import numpy as np
import pytest

import credence.models.stance as stance_module
from credence.errors import DataError, ModelError
from credence.features.segment import segment
from credence.models.fnc import load_fnc, split_by_ids, split_by_topic
from credence.models.stance import (
    StanceModel,
    evaluate_cosine_baseline,
    evaluate_stance,
    load_stance,
    save_stance,
    sentence_spans,
    topic_components,
    train_stance,
)
from credence.models.stance_data import STANCE_LABELS, StancePair, load_stance_jsonl

# --- a small synthetic corpus written for these tests ----------------------------------

TOPICS = {
    "bridge": "The river bridge in Lowtown collapsed after the storm, engineers inspected cables.",
    "mayor": "The mayor of Eastfield resigned over the budget scandal and the missing funds.",
    "whale": "A blue whale swam into the harbour of Portvale and fishermen filmed it.",
    "vaccine": "The new flu vaccine trial enrolled volunteers in three northern clinics.",
    "comet": "Astronomers spotted a bright comet passing near Jupiter this spring.",
    "factory": "The shoe factory in Millbrook closed and hundreds of workers lost jobs.",
}
STANCE_SENTENCE = {
    "agree": "Officials confirmed it and the report was verified by inspectors.",
    "disagree": "This is a hoax: the story is fake and officials denied it entirely.",
    "discuss": "It was reportedly seen, according to unverified claims, sources said.",
}
FILLER = "Weather was mild. Traffic moved slowly downtown. Shops opened at nine."


def synthetic_pairs(seed=0, copies=6):
    rng = random.Random(seed)
    rows = []
    names = sorted(TOPICS)
    for copy in range(copies):
        for topic in names:
            for stance in ("agree", "disagree", "discuss"):
                evidence = f"{FILLER} {TOPICS[topic]} {STANCE_SENTENCE[stance]} Copy {copy}."
                group = f"{topic}-{stance}-{copy}"
                rows.append((TOPICS[topic].split(",")[0], evidence, stance, group))
                other = rng.choice([n for n in names if n != topic])
                rows.append((TOPICS[other].split(",")[0], evidence, "unrelated", group))
    return rows


@pytest.fixture(scope="module")
def synthetic_model():
    rows = synthetic_pairs()
    claims, evidences, labels, groups = map(list, zip(*rows, strict=True))
    model = StanceModel(max_iter=30, extractors=())
    return model.fit(claims, evidences, labels, groups=groups), rows


def test_stance_predict_proba_shape_and_sums(synthetic_model):
    model, rows = synthetic_model
    proba = model.predict_proba([r[0] for r in rows[:10]], [r[1] for r in rows[:10]])
    assert proba.shape == (10, 4)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    assert list(model.classes_) == list(STANCE_LABELS)


def test_stance_learns_synthetic_stances(synthetic_model):
    model, _ = synthetic_model
    fresh = synthetic_pairs(seed=1, copies=1)
    predicted = model.predict([r[0] for r in fresh], [r[1] for r in fresh])
    accuracy = np.mean([p == r[2] for p, r in zip(predicted, fresh, strict=True)])
    assert accuracy >= 0.75


def test_stance_fit_is_deterministic(synthetic_model):
    model, rows = synthetic_model
    claims, evidences, labels, groups = map(list, zip(*rows, strict=True))
    again = StanceModel(max_iter=30, extractors=())
    again.fit(claims, evidences, labels, groups=groups)
    np.testing.assert_array_equal(
        model.predict_proba(claims, evidences), again.predict_proba(claims, evidences)
    )


def test_stance_best_passage_offsets(synthetic_model):
    model, _ = synthetic_model
    evidence = f"{FILLER} {TOPICS['whale']} {STANCE_SENTENCE['agree']}"
    start, end, score = model.best_passage("A blue whale swam into the harbour", evidence)
    assert evidence[start:end] == TOPICS["whale"]
    assert 0 < score <= 1


def test_stance_explain_is_computed(synthetic_model):
    model, _ = synthetic_model
    evidence = f"{FILLER} {TOPICS['comet']} {STANCE_SENTENCE['disagree']}"
    contributions = model.explain("Astronomers spotted a bright comet", evidence)
    assert contributions and all(isinstance(v, float) for _, v in contributions)
    names = {name for name, _ in contributions}
    groups = {stance_module._feature_group(n) for n in model.feature_names_}
    assert names <= groups
    # Columns that move together are explained as one group.
    assert {"cue_refute", "char_similarity"} <= groups
    assert "char_cos_best_sentence" not in groups
    assert max(abs(v) for _, v in contributions) > 0


def test_stance_save_load_identical_predictions(synthetic_model, tmp_path):
    model, rows = synthetic_model
    out = save_stance(model, tmp_path / "stance", training_data={"x": "0"}, metrics={"m": 1})
    loaded = load_stance(out)
    claims, evidences = [r[0] for r in rows], [r[1] for r in rows]
    np.testing.assert_array_equal(
        model.predict_proba(claims, evidences), loaded.predict_proba(claims, evidences)
    )
    meta = json.loads((out / "meta.json").read_text())
    assert meta["kind"] == "stance" and meta["labels"] == list(STANCE_LABELS)


def test_stance_tampered_model_raises(synthetic_model, tmp_path):
    model, _ = synthetic_model
    out = save_stance(model, tmp_path / "stance")
    with open(out / "model.joblib", "ab") as fh:
        fh.write(b"tampered")
    with pytest.raises(ModelError, match="sha256 does not match"):
        load_stance(out)


def test_stance_train_stance_cross_validates_by_group():
    rows = synthetic_pairs(copies=4)
    claims, evidences, labels, groups = map(list, zip(*rows, strict=True))
    model, report = train_stance(
        claims,
        evidences,
        labels,
        groups=groups,
        cv_folds=2,
        max_iter=20,
        extractors=(),
    )
    assert len(report["cv"]) == 2
    # Folds hold out whole topics: the unrelated pairs crossing two folds are never tested.
    assert report["cv_grouping"] == "topic"
    assert len(rows) / 3 < sum(fold["n"] for fold in report["cv"]) < len(rows)
    assert set(report["cv_mean"]) >= {"macro_f1", "brier", "ece", "fnc_relative"}
    assert report["n_groups"] == len(set(groups))
    assert model.predict_proba(claims[:2], evidences[:2]).shape == (2, 4)


def test_stance_fit_rejects_unknown_label():
    with pytest.raises(ValueError, match="labels must be among"):
        StanceModel().fit(["a", "b"], ["c", "d"], ["agree", "maybe"], groups=[1, 2])


@pytest.mark.parametrize(
    "text",
    [
        "One sentence. Two sentences! Three?",
        "  Leading space.\n\nNew paragraph here.  ",
        "No terminal punctuation",
        '"Quoted." Then more.',
    ],
)
def test_stance_sentence_spans_are_offsets(text):
    spans = sentence_spans(text)
    assert spans
    for start, end in spans:
        piece = text[start:end]
        assert piece and piece == piece.strip()


def test_stance_sentence_spans_are_the_engine_segmentation():
    # The old stance splitter cut after "Gen." and "U.S."; the engine's segmentation does not.
    text = "Gen. Smith met U.S. officials at 9 a.m. on Monday. Nobody denied it.\n\nA new part."
    _, sentences = segment(text)
    assert sentence_spans(text) == [(s.start, s.end) for s in sentences]
    assert [text[s:e] for s, e in sentence_spans(text)][0] == (
        "Gen. Smith met U.S. officials at 9 a.m. on Monday."
    )


# --- JSONL loader -------------------------------------------------------------------------


def write_lines(path, lines):
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


GOOD = json.dumps({"claim": "c", "evidence": "e", "label": "agree"})


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        (
            json.dumps({"claim": "c", "evidence": "e", "label": "maybe"}),
            "unknown label 'maybe' (expected agree, disagree, discuss, unrelated)",
        ),
        (json.dumps({"claim": "c", "label": "agree"}), "the field 'evidence' is missing"),
        (
            json.dumps({"claim": "", "evidence": "e", "label": "agree"}),
            "the field 'claim' is empty",
        ),
        ("[1, 2]", "expected a JSON object, got a list"),
        (
            "{not json",
            "invalid JSON (Expecting property name enclosed in double quotes at column 2)",
        ),
    ],
)
def test_stance_jsonl_error_names_line(tmp_path, bad_line, message):
    path = write_lines(tmp_path / "data.jsonl", [GOOD, "", bad_line])
    with pytest.raises(DataError) as info:
        load_stance_jsonl(path)
    assert str(info.value) == f"{path}, line 3: {message}"


def test_stance_jsonl_skip_errors_and_groups(tmp_path):
    lines = [
        json.dumps({"claim": "c1", "evidence": "e1", "label": "Agree", "group": 7}),
        json.dumps({"claim": "c2", "evidence": "e2", "label": "nope"}),
        json.dumps({"claim": "c3", "evidence": "e1", "label": "unrelated", "evidence_id": "b1"}),
        json.dumps({"claim": "c4", "evidence": "e9", "label": "discuss"}),
    ]
    pairs, skipped = load_stance_jsonl(write_lines(tmp_path / "d.jsonl", lines), skip_errors=True)
    assert skipped == 1
    assert [p.label for p in pairs] == ["agree", "unrelated", "discuss"]
    assert pairs[0].group == "7" and pairs[1].group == "b1" and pairs[1].body_id == "b1"
    assert pairs[2].group.startswith("text:")


# --- FNC-1 CSV loader ---------------------------------------------------------------------


def test_stance_fnc_loader_errors_name_line(tmp_path):
    bodies = tmp_path / "bodies.csv"
    bodies.write_text('Body ID,articleBody\n1,"First body.\nSecond line."\n2,Other body\n')
    stances = tmp_path / "stances.csv"
    stances.write_text(
        "Headline,Body ID,Stance\nH one,1,agree\nH two,2,unrelated\nH three,1,sure\n"
    )
    with pytest.raises(DataError) as info:
        load_fnc(bodies, stances)
    assert str(info.value) == (
        f"{stances}, line 4: unknown label 'sure' (expected agree, disagree, discuss, unrelated)"
    )
    stances.write_text("Headline,Body ID,Stance\nH one,1,agree\nH two,3,discuss\n")
    with pytest.raises(DataError, match=r"line 3: Body ID 3 is not in"):
        load_fnc(bodies, stances)
    stances.write_text("Headline,Body ID,Stance\nH one,1,agree\nH two,2,discuss\n")
    pairs = load_fnc(bodies, stances)
    assert [(p.claim, p.group, p.label) for p in pairs] == [
        ("H one", "1", "agree"),
        ("H two", "2", "discuss"),
    ]
    ids = tmp_path / "ids.txt"
    ids.write_text("2\n")
    assert [p.claim for p in split_by_ids(pairs, ids)] == ["H two"]
    ids.write_text("2\nx\n")
    with pytest.raises(DataError, match="line 2: Body ID must be an integer"):
        split_by_ids(pairs, ids)


# --- FNC-1 sample (skips without the shared data) ------------------------------------------


@pytest.fixture(scope="module")
def fnc_sample(shared_data):
    folder = shared_data / "fnc1"
    pairs = load_fnc(folder / "train_bodies.csv", folder / "train_stances.csv")
    splits = split_by_topic(pairs, folder / "splits" / "topic_split.csv")
    train, hold = splits["train"], splits["dev"]

    # Whole bodies (in id order) until ~3,000 training pairs and ~1,500 dev pairs: the dev
    # pairs are of topics that no training pair touches.
    def take(rows, limit):
        by_body = {}
        for p in rows:
            by_body.setdefault(int(p.group), []).append(p)
        chosen = []
        for body in sorted(by_body):
            if len(chosen) >= limit:
                break
            chosen += by_body[body]
        return chosen

    return take(train, 3000), take(hold, 1500)


@pytest.mark.slow
def test_stance_fnc_sample_beats_majority(fnc_sample):
    train, hold = fnc_sample
    model, report = train_stance(
        [p.claim for p in train],
        [p.evidence for p in train],
        [p.label for p in train],
        groups=[p.group for p in train],
        cv_folds=0,
        extractors=(),
    )
    metrics = evaluate_stance(
        model, [p.claim for p in hold], [p.evidence for p in hold], [p.label for p in hold]
    )
    majority = ["unrelated"] * len(hold)
    from credence.models.metrics import classification_summary, fnc_score

    baseline = classification_summary([p.label for p in hold], majority, labels=list(STANCE_LABELS))
    assert metrics["macro_f1"] > baseline["macro_f1"] + 0.2
    assert metrics["fnc_score"] > fnc_score([p.label for p in hold], majority)[0]
    # New topics: related pairs must not be lost to 'unrelated' (the old LSA features lost
    # 30 % of them), and the model must beat the cosine baseline on the same split.
    assert metrics["related_f1"] > 0.9
    cosine = evaluate_cosine_baseline(train, hold)
    assert metrics["macro_f1"] > cosine["macro_f1"] + 0.1
    assert metrics["fnc_relative"] > cosine["fnc_relative"]
    assert report["n_groups"] == len({p.group for p in train})


def test_stance_prepared_texts_give_identical_probabilities(synthetic_model):
    model, rows = synthetic_model
    texts = sorted({r[0] for r in rows} | {r[1] for r in rows[:12]})
    texts.append(texts[0])  # a repeated text reads like its first copy
    rng = np.random.default_rng(0)
    claim_rows = rng.integers(0, len(texts), 60)
    evidence_rows = rng.integers(0, len(texts), 60)
    expected = model.predict_proba(
        [texts[i] for i in claim_rows], [texts[i] for i in evidence_rows]
    )
    model.clear_cache()
    prepared = model.prepare_texts(texts, chunk_size=7)
    assert len(prepared) == len(texts)
    got = model.predict_proba_prepared(prepared, claim_rows, evidence_rows)
    assert np.array_equal(got, expected)
    # The prepared path does not fill the per-text cache.
    assert not any(model.__dict__.get("_cache", {}).values())


def test_stance_prepared_rejects_mismatched_rows(synthetic_model):
    model, rows = synthetic_model
    prepared = model.prepare_texts([rows[0][0], rows[0][1]])
    assert model.predict_proba_prepared(prepared, [], []).shape == (0, 4)
    with pytest.raises(ValueError, match="same length"):
        model.predict_proba_prepared(prepared, [0, 1], [1])


# --- transfer to new stories ------------------------------------------------------------


def test_stance_topic_components_join_related_pairs_only():
    claims = ["storm hits", "storm hits", "bridge falls", "mayor quits", "mayor quits"]
    bodies = ["b1", "b2", "b2", "b3", "b1"]
    labels = ["agree", "discuss", "disagree", "agree", "unrelated"]
    claim_topic, evidence_topic = topic_components(claims, bodies, labels)
    # "storm hits" links b1 and b2, and b2 links "bridge falls": one topic.
    assert len(set(claim_topic[:3].tolist()) | set(evidence_topic[:3].tolist())) == 1
    # The unrelated pair crosses two topics and joins nothing.
    assert claim_topic[4] == claim_topic[3] != evidence_topic[4] == evidence_topic[0]


def test_stance_unseen_words_still_read_as_overlap(synthetic_model):
    """A new story's names are outside the training vocabulary: the TF-IDF cosine cannot
    see them, the IDF-weighted and stem overlaps must."""
    model, _ = synthetic_model
    claim = "Zorblax volcano eruption buries Quillington"
    evidence = f"{FILLER} The zorblax volcano erupted and ash buried quillington overnight."
    (row,) = model._full_features([claim], [evidence])
    value = dict(zip(model.feature_names_, row, strict=True))
    assert value["tfidf_cos_evidence"] == 0.0
    assert value["unseen_claim_idf_fraction"] > 0.9
    # zorblax, volcano, quillington are found as words; eruption and buries as stems.
    assert value["unseen_claim_terms_found"] == pytest.approx(3 / 5)
    assert value["idf_overlap_evidence"] == pytest.approx(3 / 5)
    assert value["stem_overlap_evidence"] == pytest.approx(1.0)
    assert value["stem_best_sentence_position"] == pytest.approx(1.0)


def test_stance_features_carry_no_claim_coordinates(synthetic_model):
    """Only relations between claim and evidence: a pair of a new story reads like the same
    pair with every content word renamed consistently (outside the TF-IDF cosines, which
    need a vocabulary)."""
    model, _ = synthetic_model
    claim, evidence = TOPICS["whale"].split(",")[0], f"{FILLER} {TOPICS['whale']}"
    renamed = {"blue": "umber", "whale": "narwal", "swam": "glided", "harbour": "lagoon"}

    def rename(text):
        for old, new in renamed.items():
            text = text.replace(old, new)
        return text

    rows = model._full_features([claim, rename(claim)], [evidence, rename(evidence)])
    stable = [
        i
        for i, name in enumerate(model.feature_names_)
        if name.startswith(("overlap_", "stem_", "numbers_", "cue_"))
    ]
    assert len(stable) > 20
    np.testing.assert_allclose(rows[0, stable], rows[1, stable])
    assert not any("lsa" in name for name in model.feature_names_)


def test_stance_calibration_fold_holds_out_whole_topics(synthetic_model, monkeypatch):
    model, rows = synthetic_model
    claims, evidences, labels, groups = map(list, zip(*rows, strict=True))
    fitted, predicted = [], []
    fit_stages, stage_proba = StanceModel._fit_stages, StanceModel._stage_proba

    def spy(self, features, y):
        fitted.append(len(y))
        return fit_stages(self, features, y)

    def spy_proba(stages, features):
        predicted.append(len(features))
        return stage_proba(stages, features)

    monkeypatch.setattr(StanceModel, "_fit_stages", spy)
    monkeypatch.setattr(StanceModel, "_stage_proba", staticmethod(spy_proba))
    held = []
    vector_scaling = stance_module.fit_vector_scaling

    def spy_scaling(logp, y):
        held.append(len(y))
        return vector_scaling(logp, y)

    monkeypatch.setattr(stance_module, "fit_vector_scaling", spy_scaling)
    StanceModel(max_iter=5, extractors=(), calibration_folds=3).fit(
        claims, evidences, labels, groups=groups
    )
    *preliminary, final = fitted
    assert final == len(rows)
    # One preliminary fit per fold; the calibration sees every fold's held-out pairs pooled.
    assert len(preliminary) == 3 and held == [sum(predicted)]
    # Pairs crossing a fold's held-out topics and the rest are on neither side of that fold.
    for trained, tested in zip(preliminary, predicted, strict=True):
        assert trained + tested < len(rows)


def test_stance_split_by_topic_names_bad_rows(tmp_path):
    bodies = tmp_path / "bodies.csv"
    bodies.write_text("Body ID,articleBody\n1,First body.\n2,Other body\n")
    stances = tmp_path / "stances.csv"
    stances.write_text("Headline,Body ID,Stance\nH one,1,agree\nH two,2,unrelated\n")
    pairs = load_fnc(bodies, stances)
    split = tmp_path / "topic_split.csv"
    split.write_text("Headline,Body ID,split\nH one,1,train\nH two,2,dev\n")
    got = split_by_topic(pairs, split)
    assert [p.claim for p in got["train"]] == ["H one"]
    assert [p.claim for p in got["dev"]] == ["H two"] and got["drop"] == []
    split.write_text("Headline,Body ID,split\nH one,1,train\nH two,2,test\n")
    with pytest.raises(DataError) as info:
        split_by_topic(pairs, split)
    assert str(info.value) == f"{split}, line 3: unknown split 'test' (expected train, dev, drop)"
    split.write_text("Headline,Body ID,split\nH one,1,train\n")
    with pytest.raises(DataError, match=r"does not list the pair \(headline 'H two', Body ID 2\)"):
        split_by_topic(pairs, split)


def test_stance_cosine_baseline_reads_relatedness():
    rows = synthetic_pairs(copies=3)
    pairs = [StancePair(claim=c, evidence=e, label=y, group=g) for c, e, y, g in rows]
    metrics = evaluate_cosine_baseline(pairs, pairs)
    assert metrics["related_f1"] > 0.9
    assert metrics["n"] == len(pairs)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # refute, negation, discuss, confirm
        ("Officials denied it: the photo was a hoax.", (2, 0, 0, 0)),
        ("Nobody was hurt and police didn't arrest anyone.", (0, 2, 0, 0)),
        ("The mayor reportedly resigned, sources said.", (0, 0, 3, 0)),
        ("The ministry confirmed the figures officially.", (0, 0, 0, 2)),
    ],
)
def test_stance_cue_counts_read_the_shared_word_lists(text, expected):
    from credence.models.stance_text import cue_counts, tokens

    assert tuple(cue_counts(tokens(text)).astype(int)) == expected
