import json

import pytest
from sklearn.linear_model import LogisticRegression

from credence.errors import ModelError
from credence.models.persistence import META_FILE, MODEL_FILE, load_model, save_model


@pytest.fixture()
def fitted():
    return LogisticRegression().fit([[0.0], [1.0], [2.0], [3.0]], [0, 0, 1, 1])


def test_persistence_round_trip_predicts_identically(tmp_path, fitted):
    out = save_model(fitted, tmp_path / "m", kind="toy", metrics={"acc": 1.0})
    model, meta = load_model(out, kind="toy")
    assert (model.predict_proba([[1.5]]) == fitted.predict_proba([[1.5]])).all()
    for key in ("credence_version", "sklearn_version", "numpy_version", "model_sha256", "created"):
        assert key in meta
    assert meta["metrics"] == {"acc": 1.0}


def test_persistence_tampered_model_is_refused(tmp_path, fitted):
    out = save_model(fitted, tmp_path / "m", kind="toy")
    with open(out / MODEL_FILE, "ab") as fh:
        fh.write(b"x")
    with pytest.raises(ModelError, match="sha256 does not match"):
        load_model(out)


def test_persistence_truncated_model_is_refused(tmp_path, fitted):
    out = save_model(fitted, tmp_path / "m", kind="toy")
    data = (out / MODEL_FILE).read_bytes()
    (out / MODEL_FILE).write_bytes(data[: len(data) // 2])
    with pytest.raises(ModelError, match="tampered with or truncated"):
        load_model(out)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("sklearn_version", "0.24.2", "scikit-learn|sklearn 0.24.2"),
        ("credence_version", "9.0.0", "credence 9.0.0"),
        ("numpy_version", "1.0.0", "numpy 1.0.0"),
    ],
)
def test_persistence_incompatible_versions_are_refused(tmp_path, fitted, field, value, message):
    out = save_model(fitted, tmp_path / "m", kind="toy")
    meta = json.loads((out / META_FILE).read_text())
    meta[field] = value
    (out / META_FILE).write_text(json.dumps(meta))
    with pytest.raises(ModelError, match=message):
        load_model(out)


def test_persistence_wrong_kind_is_refused(tmp_path, fitted):
    out = save_model(fitted, tmp_path / "m", kind="toy")
    with pytest.raises(ModelError, match="'toy' model was given where a 'stance' model"):
        load_model(out, kind="stance")


def test_persistence_missing_directory_is_a_model_error(tmp_path):
    with pytest.raises(ModelError, match="no such model directory"):
        load_model(tmp_path / "nope")
    with pytest.raises(ModelError, match="not a credence model directory"):
        load_model(tmp_path)


def test_persistence_failed_save_keeps_earlier_model(tmp_path, fitted):
    out = save_model(fitted, tmp_path / "m", kind="toy")
    before = (out / MODEL_FILE).read_bytes()

    class Unpicklable:
        def __reduce__(self):
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        save_model(Unpicklable(), tmp_path / "m", kind="toy")
    assert (out / MODEL_FILE).read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["m"]


def test_persistence_model_file_is_a_plain_zlib_pickle_that_joblib_reads_too(tmp_path, fitted):
    import joblib

    out = save_model(fitted, tmp_path / "m", kind="toy")
    meta = json.loads((out / META_FILE).read_text())
    assert meta["serialization"] == "pickle-5/zlib"
    via_joblib = joblib.load(out / MODEL_FILE)
    assert (via_joblib.predict_proba([[1.5]]) == fitted.predict_proba([[1.5]])).all()


def test_persistence_directory_written_by_joblib_dump_still_loads(tmp_path, fitted):
    import joblib

    from credence.models.persistence import sha256_file

    # A model directory as credence wrote it before the pickle-5/zlib format: joblib.dump and
    # no "serialization" key in meta.json.
    out = save_model(fitted, tmp_path / "m", kind="toy")
    joblib.dump(fitted, out / MODEL_FILE, compress=3)
    meta = json.loads((out / META_FILE).read_text())
    del meta["serialization"]
    meta["model_sha256"] = sha256_file(out / MODEL_FILE)
    (out / META_FILE).write_text(json.dumps(meta))
    model, _ = load_model(out, kind="toy")
    assert (model.predict_proba([[1.5]]) == fitted.predict_proba([[1.5]])).all()


def test_persistence_unknown_serialization_is_refused(tmp_path, fitted):
    out = save_model(fitted, tmp_path / "m", kind="toy")
    meta = json.loads((out / META_FILE).read_text())
    meta["serialization"] = "onnx"
    (out / META_FILE).write_text(json.dumps(meta))
    with pytest.raises(ModelError, match="saved as 'onnx', which this credence cannot read"):
        load_model(out)


def test_persistence_streams_large_arrays_and_restores_them_exactly(tmp_path):
    import numpy as np

    # Above pickle's 64 KB frame size, protocol 5 hands the array's buffer straight to the
    # file object's write() as a PickleBuffer: the compressing writer must take it.
    weights = np.random.default_rng(0).standard_normal(200_000)
    out = save_model({"weights": weights}, tmp_path / "m", kind="toy")
    model, _ = load_model(out, kind="toy")
    assert np.array_equal(model["weights"], weights)
    assert (out / MODEL_FILE).stat().st_size < weights.nbytes * 1.1  # written once, not twice


def test_persistence_kind_mismatch_uses_the_right_article(tmp_path, fitted):
    out = save_model(fitted, tmp_path / "m", kind="stance")
    with pytest.raises(ModelError) as info:
        load_model(out, kind="uncertainty")
    assert str(info.value) == (
        f"{out}: a 'stance' model was given where an 'uncertainty' model is needed."
    )


def test_persistence_training_texts_round_trip_and_are_hashed(tmp_path, fitted):
    from credence.models.persistence import (
        TEXT_PREFIX_HEX,
        TRAINING_TEXTS_FILE,
        read_training_texts,
        write_training_texts,
    )
    from credence.models.text_hash import text_key

    out = save_model(fitted, tmp_path / "m", kind="toy")
    assert read_training_texts(out) is None  # a directory without fingerprints: unknown
    write_training_texts(out, {"claims": ["The dam opened.", "the  DAM opened."], "evidence": []})
    seen = read_training_texts(out)
    assert seen == {"claims": frozenset({text_key("The dam opened.")[:TEXT_PREFIX_HEX]}),
                    "evidence": frozenset()}  # fmt: skip
    stored = (out / TRAINING_TEXTS_FILE).read_text()
    assert "dam" not in stored  # fingerprints only, never the texts
    meta = json.loads((out / META_FILE).read_text())
    assert meta["training_texts"]["counts"] == {"claims": 1, "evidence": 0}
    load_model(out, kind="toy")  # the model itself is untouched
    (out / TRAINING_TEXTS_FILE).write_text(stored.replace('"claims"', '"claimz"'))
    with pytest.raises(ModelError, match="sha256 does not match meta.json"):
        read_training_texts(out)
    (out / TRAINING_TEXTS_FILE).unlink()
    with pytest.raises(ModelError, match="missing"):
        read_training_texts(out)


def test_persistence_staged_directory_replaces_only_on_success(tmp_path, fitted):
    from credence.models.persistence import staged_model_dir

    out = save_model(fitted, tmp_path / "m", kind="toy")
    before = (out / MODEL_FILE).read_bytes()
    with pytest.raises(RuntimeError), staged_model_dir(out) as staged:
        save_model(fitted, staged, kind="other")
        raise RuntimeError("interrupted after the save")
    assert (out / MODEL_FILE).read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["m"]
    with staged_model_dir(out) as staged:
        save_model(fitted, staged, kind="other")
    assert json.loads((out / META_FILE).read_text())["kind"] == "other"
    assert [p.name for p in tmp_path.iterdir()] == ["m"]
