"""The numpy-only models (credence.models.light) give scikit-learn's probabilities."""

from __future__ import annotations

import csv
import json
import re

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from credence.errors import ModelError
from credence.models.checkworthiness import CheckworthinessModel
from credence.models.light import LIGHT_FILE, LightModel, add_light, load_light
from credence.models.light_text import TfidfBlock
from credence.models.persistence import META_FILE, default_model_dir, read_meta
from credence.models.uncertainty import UncertaintyModel

#: Texts written for these tests: odd whitespace, case, accents, ligatures, digits, quotes.
OWN_TEXTS = [
    "",
    " ",
    "a",
    "It may   rain\ttoday,  reportedly.",
    "ÉTÉ in İstanbul: Straße ﬁne, naïve café.",
    "12,000 people died?! Officials said so on Monday.",
    "The minister could  not confirm whether 3.5 million dollars were paid.",
    "\u2028Line\u2029break\x1cand\u00a0no-break space words.",
    "We think the so-called report is probably wrong, aren't you sure?",
    "I said: 'THE TROOPS WITHDREW', according to sources close to the army.",
    "x" * 40,
    "Twenty-five percent of voters reportedly backed the plan in 2015",
]


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]


@pytest.fixture(scope="module")
def news_texts(shared_data) -> list[str]:
    """About 3,000 sentences of real news (FNC-1 bodies), read at test time."""
    csv.field_size_limit(1 << 30)
    texts: list[str] = []
    with open(shared_data / "fnc1" / "train_bodies.csv", newline="", encoding="utf-8") as fh:
        for number, row in enumerate(csv.DictReader(fh)):
            texts.extend(_sentences(row["articleBody"]))
            if number >= 150:
                break
    return texts


@pytest.fixture(scope="module")
def bundled():
    return {
        "claims": CheckworthinessModel.load(default_model_dir("claims")),
        "uncertainty": UncertaintyModel.load(default_model_dir("uncertainty")),
    }


@pytest.mark.parametrize("kind", ["claims", "uncertainty"])
def test_light_bundled_model_has_light_arrays(kind):
    meta = read_meta(default_model_dir(kind))
    assert meta["light"]["source_sha256"] == meta["model_sha256"]
    assert isinstance(load_light(kind, default_model_dir(kind)), LightModel)


@pytest.mark.parametrize("kind", ["claims", "uncertainty"])
def test_light_equals_sklearn_on_own_texts(kind, bundled):
    light = load_light(kind, default_model_dir(kind))
    expected = bundled[kind].predict_proba(OWN_TEXTS)
    np.testing.assert_allclose(light.predict_proba(OWN_TEXTS), expected, rtol=0, atol=1e-12)


@pytest.mark.parametrize("kind", ["claims", "uncertainty"])
def test_light_equals_sklearn_on_news(kind, bundled, news_texts):
    light = load_light(kind, default_model_dir(kind))
    expected = bundled[kind].predict_proba(news_texts)
    got = light.predict_proba(news_texts)
    assert len(got) == len(news_texts) > 1000
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-12)


def test_light_uncertainty_base_equals_sklearn(bundled, news_texts):
    light = load_light("uncertainty", default_model_dir("uncertainty"))
    texts = news_texts[:500] + OWN_TEXTS
    np.testing.assert_allclose(
        light.predict_proba_base(texts),
        bundled["uncertainty"].predict_proba_base(texts),
        rtol=0,
        atol=1e-12,
    )


def test_light_claims_threshold_is_read_without_the_pickle(bundled):
    light = load_light("claims", default_model_dir("claims"))
    assert light.threshold_ == bundled["claims"].threshold_
    assert not light.full.loaded


def test_light_hands_other_attributes_to_the_full_model():
    light = load_light("uncertainty", default_model_dir("uncertainty"))
    assert not light.full.loaded
    explained = light.explain("Troops were reportedly sent.")
    assert light.full.loaded
    assert any("reportedly" in name for name, _ in explained)


@pytest.mark.parametrize(
    "settings",
    [
        {"analyzer": "word", "ngram_range": (1, 2)},
        {"analyzer": "char_wb", "ngram_range": (2, 5)},
        {"analyzer": "word", "ngram_range": (1, 1), "dtype": np.float32},
        {"analyzer": "char_wb", "ngram_range": (1, 3), "dtype": np.float32, "lowercase": False},
    ],
)
def test_light_tfidf_block_equals_tfidf_vectorizer(settings, news_texts):
    fit_on, texts = news_texts[:800], news_texts[800:1600] + OWN_TEXTS
    vectorizer = TfidfVectorizer(sublinear_tf=True, min_df=2, **settings).fit(fit_on)
    terms = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.__getitem__)
    block = TfidfBlock(terms, vectorizer.idf_, TfidfBlock.settings_of(vectorizer))
    expected = vectorizer.transform(texts)
    got = block.transform(texts)
    assert np.array_equal(got.indptr, expected.indptr)
    assert np.array_equal(got.columns, expected.indices)
    assert got.data.dtype == expected.dtype
    assert np.array_equal(got.data, expected.data)


def test_light_tfidf_block_refuses_settings_it_cannot_reproduce():
    vectorizer = TfidfVectorizer(stop_words="english").fit(["one text", "another text"])
    assert TfidfBlock.settings_of(vectorizer) is None


def _small_claims_model() -> CheckworthinessModel:
    texts = ["Unemployment fell to 4 percent in 2015.", "Thank you very much."] * 10
    return CheckworthinessModel(calibration_folds=2).fit(texts, [1, 0] * 10)


def test_light_save_writes_arrays_that_match_the_model(tmp_path):
    model = _small_claims_model()
    model.save(tmp_path / "claims")
    assert (tmp_path / "claims" / LIGHT_FILE).is_file()
    light = load_light("claims", tmp_path / "claims")
    np.testing.assert_allclose(
        light.predict_proba(OWN_TEXTS), model.predict_proba(OWN_TEXTS), rtol=0, atol=1e-12
    )


def test_light_tampered_arrays_are_refused(tmp_path):
    _small_claims_model().save(tmp_path / "claims")
    path = tmp_path / "claims" / LIGHT_FILE
    path.write_bytes(path.read_bytes()[:-10])
    with pytest.raises(ModelError, match="light.npz: sha256 does not match"):
        load_light("claims", tmp_path / "claims")


def test_light_model_without_arrays_loads_as_before(tmp_path):
    # A directory saved before light.npz existed: no arrays, the pickle is used.
    directory = _small_claims_model().save(tmp_path / "claims")
    meta = json.loads((directory / META_FILE).read_text())
    del meta["light"]
    (directory / META_FILE).write_text(json.dumps(meta))
    (directory / LIGHT_FILE).unlink()
    assert load_light("claims", directory) is None
    assert add_light(directory)
    assert isinstance(load_light("claims", directory), LightModel)


def test_light_unknown_feature_step_gets_no_arrays(tmp_path):
    from credence.models.light import export_light

    model = _small_claims_model()
    union = model.estimator_.calibrated_classifiers_[0].estimator.named_steps["features"]
    union.transformer_list.append(("extra", TfidfVectorizer(analyzer=str.split)))
    assert export_light("claims", model) is None


def test_light_model_pickles_without_its_word_cache(bundled):
    import pickle

    light = load_light("uncertainty", default_model_dir("uncertainty"))
    expected = light.predict_proba(OWN_TEXTS)  # fills the char n-gram cache
    char_block = light.linear.blocks[1]
    assert char_block._word_counts
    copy = pickle.loads(pickle.dumps(light))
    assert copy.linear.blocks[1]._word_counts == {}
    np.testing.assert_array_equal(copy.predict_proba(OWN_TEXTS), expected)
