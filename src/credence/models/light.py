"""Numpy-only inference for the sentence models the scorer reads on every run.

A cold ``credence score`` of one sentence used to spend more than a second importing
scikit-learn and scipy to unpickle the check-worthiness and uncertainty models, though
scoring with them is a few sparse dot products. So when such a model is saved
(:func:`credence.models.persistence.save_model`), its fitted parameters are also written as
plain arrays beside the pickle: ``light.npz`` (vocabularies, idf, coefficients, calibration,
the news stack's weights, the event-factuality head's weights) with a JSON spec in
``meta.json`` (``"light"``), and :class:`LightModel` computes the same probabilities from
them with numpy only
(:mod:`credence.models.light_text` reproduces the TF-IDF analysers step by step).

The pickled model stays the reference and the training path: :class:`LightModel` answers
``predict_proba`` itself and hands every other attribute (``explain``, ``pipeline`` ...) to
the full model, unpickled on first use. A model made of parts this module does not know
(a new feature step, another classifier) gets no ``light.npz`` and loads as before.

Model directories saved before ``light.npz`` existed get one with::

    python -m credence.models.light DIR [DIR ...]

which unpickles the model, derives the arrays from the fitted object and records them in
``meta.json`` (the pickle is not touched).
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from credence.errors import ModelError
from credence.models.light_text import TERM_SEPARATOR, SparseRows, TfidfBlock, sequential_row_sums

__all__ = [
    "LIGHT_FILE",
    "LIGHT_FORMAT",
    "LightModel",
    "LinearText",
    "export_light",
    "light_bytes",
    "load_light",
    "add_light",
]

LIGHT_FILE = "light.npz"
#: Bumped when the arrays or the spec change meaning; other formats load the pickle instead.
LIGHT_FORMAT = 1


def _expit(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


class _CueBlock:
    """The check-worthiness model's :class:`LinguisticCues` (dense float64)."""

    width = 9

    def transform(self, texts: Sequence[str]) -> np.ndarray:
        from credence.models.checkworthiness import cue_matrix

        return cue_matrix(texts)


class _HedgeBlock:
    """``Pipeline([HedgeExtractor(), MaxAbsScaler()])`` (dense float64)."""

    def __init__(self, scale: np.ndarray) -> None:
        self.scale = scale
        self.width = len(scale)

    def transform(self, texts: Sequence[str]) -> np.ndarray:
        from credence.features.hedges import HedgeExtractor

        extractor = HedgeExtractor()
        rows = [extractor.span_features(extractor.extract(text), text) for text in texts]
        values = np.asarray(rows, dtype=np.float64).reshape(len(rows), self.width)
        return values / self.scale


def _dense_as_rows(values: np.ndarray) -> SparseRows:
    """A dense block as the nonzero entries a sparse ``hstack`` keeps, row by row."""
    rows, columns = np.nonzero(values)
    indptr = np.zeros(len(values) + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=len(values)), out=indptr[1:])
    return SparseRows(values[rows, columns], columns.astype(np.int64), indptr)


class LinearText:
    """Feature blocks side by side, a linear decision and a sigmoid calibration.

    What ``CalibratedClassifierCV(Pipeline([FeatureUnion(blocks), LogisticRegression]),
    method="sigmoid", ensemble=False)`` computes: the decision adds each row's nonzero
    features times their coefficients in column order (as scipy's sparse product does), and
    P(positive) is ``1 / (1 + exp(a·decision + b))``.
    """

    def __init__(
        self, blocks: list[Any], coef: np.ndarray, intercept: float, a: float, b: float
    ) -> None:
        self.blocks = blocks
        self.coef = coef
        self.intercept = intercept
        self.a = a
        self.b = b
        offsets = np.cumsum([0, *(block.width for block in blocks)])
        self.offsets = [int(o) for o in offsets[:-1]]
        if int(offsets[-1]) != len(coef):
            raise ModelError(
                f"light model: its feature blocks have {int(offsets[-1])} columns, its "
                f"coefficients {len(coef)}."
            )

    def decision(self, texts: Sequence[str]) -> np.ndarray:
        """The uncalibrated logit of each text."""
        parts = []
        for block, offset in zip(self.blocks, self.offsets, strict=True):
            rows = block.transform(texts)
            if not isinstance(rows, SparseRows):
                rows = _dense_as_rows(rows)
            products = rows.data.astype(np.float64) * self.coef[rows.columns + offset]
            parts.append((products, rows.indptr))
        if len(parts) == 1:
            values, indptr = parts[0]
        else:
            values, indptr = _rows_side_by_side(parts)
        return sequential_row_sums(values, indptr) + self.intercept

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """P(positive) of each text, shape ``(n,)``."""
        return _expit(-(self.a * self.decision(texts) + self.b))


def _rows_side_by_side(parts: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, ...]:
    """Row ``i`` of the result is row ``i`` of each part, one after the other."""
    lengths = np.stack([np.diff(indptr) for _, indptr in parts], axis=1)
    indptr = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths.sum(axis=1), out=indptr[1:])
    values = np.empty(int(indptr[-1]), dtype=np.float64)
    # Where each part's entries of a row start in the joined row.
    starts = indptr[:-1, None] + np.cumsum(lengths, axis=1) - lengths
    for k, (part, part_indptr) in enumerate(parts):
        within = np.arange(len(part)) - np.repeat(part_indptr[:-1], lengths[:, k])
        values[np.repeat(starts[:, k], lengths[:, k]) + within] = part
    return values, indptr


class LightModel:
    """A saved check-worthiness or uncertainty model, read with numpy only.

    ``predict_proba(texts)`` gives P(check-worthy) or P(uncertain) as the pickled model
    does; ``predict_proba_base`` the uncertainty model's Szeged-only probability. Any other
    attribute comes from the full model, unpickled (with scikit-learn) on first use.

    Parameters
    ----------
    kind : str
        ``"claims"`` or ``"uncertainty"``.
    linear : LinearText
        The base model.
    stack : tuple, optional
        ``(coefficients, intercept)`` of the uncertainty model's news stack.
    attributes : dict
        Fitted values read without the full model (``threshold_`` of the claims model).
    full : object
        The full model or a :class:`~credence.models.lazy.LazyModel` of it.
    head : tuple, optional
        ``(coefficients, intercept)`` of the uncertainty model's event-factuality head
        (inputs :data:`~credence.models.uncertainty_outputs.HEAD_FEATURES`).
    """

    def __init__(
        self,
        kind: str,
        linear: LinearText,
        stack: tuple[np.ndarray, float] | None,
        attributes: dict[str, Any],
        full: Any,
        head: tuple[np.ndarray, float] | None = None,
    ) -> None:
        self.kind = kind
        self.linear = linear
        self.stack = stack
        self.attributes = dict(attributes)
        self.full = full
        self.head = head

    def predict_proba_base(self, texts: Sequence[str]) -> np.ndarray:
        """P(positive) of the base model alone (before any news stack)."""
        texts = [texts] if isinstance(texts, str) else [str(t) for t in texts]
        if not texts:
            return np.zeros(0, dtype=np.float64)
        return self.linear.predict_proba(texts)

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """P(positive) of each text, shape ``(n,)``: stacked when the model has a stack."""
        texts = [texts] if isinstance(texts, str) else [str(t) for t in texts]
        base = self.predict_proba_base(texts)
        if self.stack is None or not texts:
            return base
        from credence.models.uncertainty_stack import stack_inputs

        coef, intercept = self.stack
        decision = np.asarray(stack_inputs(base, texts), dtype=np.float64) @ coef + intercept
        return _expit(decision)

    def _stack_proba(self, inputs: np.ndarray) -> np.ndarray:
        # As predict_proba computes it (same operations, same figures).
        assert self.stack is not None
        coef, intercept = self.stack
        return _expit(np.asarray(inputs, dtype=np.float64) @ coef + intercept)

    def predict_outputs(self, texts: Sequence[str]) -> Any:
        """Both outputs of the uncertainty model, as
        :meth:`~credence.models.uncertainty.UncertaintyModel.predict_outputs` gives them.
        """
        from credence.models.uncertainty_outputs import read_outputs

        texts = [texts] if isinstance(texts, str) else [str(t) for t in texts]
        stack = None if self.stack is None else self._stack_proba
        return read_outputs(self.predict_proba_base(texts), texts, stack, self.head)

    def predict_proba_factuality(self, texts: Sequence[str]) -> np.ndarray:
        """The event-factuality output (the full model's when ``light.npz`` lacks the head)."""
        if self.head is None:
            return self.full.predict_proba_factuality(texts)
        outputs = self.predict_outputs(texts)
        assert outputs.nonfactual is not None
        return outputs.nonfactual

    def __getattr__(self, name: str) -> Any:
        # Only called for attributes this class lacks; pickle and copy probe dunder names
        # before __init__ has run.
        if name.startswith("__") or name in ("attributes", "full"):
            raise AttributeError(name)
        if name in self.attributes:
            return self.attributes[name]
        return getattr(self.full, name)

    def __repr__(self) -> str:
        return f"LightModel({self.kind!r}, {self.full!r})"


# --- export: fitted scikit-learn objects -> arrays and a spec -------------------------


def _one_sigmoid(calibrated: Any) -> tuple[Any, Any] | None:
    """``(estimator, sigmoid calibrator)`` of a one-fold binary sigmoid calibration."""
    if type(calibrated).__name__ != "CalibratedClassifierCV" or calibrated.method != "sigmoid":
        return None
    folds = getattr(calibrated, "calibrated_classifiers_", ())
    if calibrated.ensemble is not False or len(folds) != 1 or len(calibrated.classes_) != 2:
        return None
    if len(folds[0].calibrators) != 1:
        return None
    calibrator = folds[0].calibrators[0]
    if type(calibrator).__name__ != "_SigmoidCalibration":
        return None
    return folds[0].estimator, calibrator


def _export_step(name: str, step: Any, arrays: dict[str, np.ndarray]) -> dict | None:
    """The spec of one FeatureUnion step (its arrays added to ``arrays``), or None."""
    kind = type(step).__name__
    if kind == "CharNgramCounter":
        step, kind = step.vectorizer, type(step.vectorizer).__name__
    if kind == "TfidfVectorizer":
        settings = TfidfBlock.settings_of(step)
        if settings is None:
            return None
        terms = sorted(step.vocabulary_, key=step.vocabulary_.__getitem__)
        if any(TERM_SEPARATOR in term for term in terms):
            return None
        arrays[f"{name}.terms"] = np.frombuffer(
            TERM_SEPARATOR.join(terms).encode("utf-8"), dtype=np.uint8
        )
        arrays[f"{name}.idf"] = np.asarray(step.idf_)
        return {"name": name, "type": "tfidf", **settings}
    if kind == "LinguisticCues":
        return {"name": name, "type": "cues"}
    if kind == "Pipeline" and [type(s).__name__ for _, s in step.steps] == [
        "HedgeExtractor",
        "MaxAbsScaler",
    ]:
        extractor, scaler = step.steps[0][1], step.steps[1][1]
        if extractor.get_params() != {"lexicon": None} or scaler.clip:
            return None
        arrays[f"{name}.scale"] = np.asarray(scaler.scale_, dtype=np.float64)
        return {"name": name, "type": "hedges", "version": extractor.version}
    return None


def _export_linear(
    union: Any, classifier: Any, calibrator: Any, arrays: dict[str, np.ndarray]
) -> dict | None:
    """The spec of ``FeatureUnion`` → ``LogisticRegression`` → sigmoid, or None."""
    if type(union).__name__ != "FeatureUnion" or union.transformer_weights is not None:
        return None
    if type(classifier).__name__ != "LogisticRegression" or classifier.coef_.shape[0] != 1:
        return None
    steps = [_export_step(name, step, arrays) for name, step in union.transformer_list]
    if any(step is None for step in steps):
        return None
    arrays["coef"] = np.asarray(classifier.coef_[0], dtype=np.float64)
    return {
        "blocks": steps,
        "intercept": float(classifier.intercept_[0]),
        "a": float(calibrator.a_),
        "b": float(calibrator.b_),
    }


def _export_claims(model: Any, arrays: dict[str, np.ndarray]) -> dict | None:
    # CalibratedClassifierCV(Pipeline([features, classifier])); P(class 1).
    found = _one_sigmoid(model.estimator_)
    if found is None or list(model.estimator_.classes_) != [0, 1]:
        return None
    pipeline, calibrator = found
    if type(pipeline).__name__ != "Pipeline" or len(pipeline.steps) != 2:
        return None
    (_, union), (_, classifier) = pipeline.steps
    spec = _export_linear(union, classifier, calibrator, arrays)
    if spec is not None:
        spec["attributes"] = {"threshold_": float(model.threshold_)}
    return spec


def _export_uncertainty(saved: dict, arrays: dict[str, np.ndarray]) -> dict | None:
    # Pipeline([features, CalibratedClassifierCV(classifier)]); P(uncertain), the second class.
    from credence.models.uncertainty_data import POSITIVE

    pipeline = saved["base"]
    if type(pipeline).__name__ != "Pipeline" or len(pipeline.steps) != 2:
        return None
    (_, union), (_, calibrated) = pipeline.steps
    found = _one_sigmoid(calibrated)
    if found is None or list(calibrated.classes_).index(POSITIVE) != 1:
        return None
    spec = _export_linear(union, *found, arrays)
    if spec is not None and saved.get("stack") is not None:
        stack = _export_stack(saved["stack"], arrays)
        if stack is None:
            return None
        spec["stack"] = stack
    if spec is not None and saved.get("factuality") is not None:
        head = _export_head(saved["factuality"], arrays)
        if head is None:
            return None
        spec["factuality"] = head
    return spec


def _export_head(head: Any, arrays: dict[str, np.ndarray]) -> dict | None:
    from credence.models.uncertainty_events import FactualityHead
    from credence.models.uncertainty_stack import SignConstrainedLogit

    if type(head) is not FactualityHead or type(head.classifier) is not SignConstrainedLogit:
        return None
    arrays["factuality.coef"] = np.asarray(head.classifier.coef_[0], dtype=np.float64)
    return {"intercept": head.intercept, "features": list(head.features)}


def _load_head(entry: dict, arrays: Any) -> tuple[np.ndarray, float]:
    from credence.models.uncertainty_outputs import HEAD_FEATURES

    if tuple(entry["features"]) != HEAD_FEATURES:
        raise ModelError(
            "light model: its event-factuality head was fitted on other inputs than this "
            "version reads; retrain it with `credence train`."
        )
    return arrays["factuality.coef"], float(entry["intercept"])


def _export_stack(stack: Any, arrays: dict[str, np.ndarray]) -> dict | None:
    from credence.models.uncertainty_stack import SignConstrainedLogit, UncertaintyStack

    if type(stack) is not UncertaintyStack or type(stack.classifier) is not SignConstrainedLogit:
        return None
    arrays["stack.coef"] = np.asarray(stack.classifier.coef_[0], dtype=np.float64)
    return {"intercept": float(stack.classifier.intercept_[0])}


def export_light(kind: str, estimator: Any) -> tuple[dict[str, np.ndarray], dict] | None:
    """The arrays and spec of a fitted model, or None when it has parts not supported here.

    Parameters
    ----------
    kind : str
        The model kind; only ``"claims"`` and ``"uncertainty"`` are exported.
    estimator : object
        What :func:`~credence.models.persistence.save_model` pickles: a
        ``CheckworthinessModel``, or the uncertainty model's ``{"base", "stack"}``.
    """
    arrays: dict[str, np.ndarray] = {}
    spec = None
    if kind == "claims" and type(estimator).__name__ == "CheckworthinessModel":
        spec = _export_claims(estimator, arrays)
    elif kind == "uncertainty" and isinstance(estimator, dict) and "base" in estimator:
        spec = _export_uncertainty(estimator, arrays)
    if spec is None:
        return None
    return arrays, {"format": LIGHT_FORMAT, "kind": kind, **spec}


def light_bytes(arrays: dict[str, np.ndarray]) -> bytes:
    """``arrays`` as the bytes of a compressed ``.npz`` (no pickled objects)."""
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)
    return buffer.getvalue()


# --- load -----------------------------------------------------------------------------


def _block(spec: dict, arrays: Any) -> Any:
    name = spec["name"]
    if spec["type"] == "tfidf":
        terms = arrays[f"{name}.terms"].tobytes().decode("utf-8").split(TERM_SEPARATOR)
        return TfidfBlock(terms, arrays[f"{name}.idf"], spec)
    if spec["type"] == "cues":
        return _CueBlock()
    if spec["type"] == "hedges":
        from credence.features.hedges import HedgeExtractor

        if spec["version"] != HedgeExtractor.version:
            raise ModelError(
                f"light model: trained with hedges extractor v{spec['version']}, installed "
                f"is v{HedgeExtractor.version}"
            )
        return _HedgeBlock(arrays[f"{name}.scale"])
    raise ModelError(f"light model: unknown feature block {spec['type']!r}")


def load_light(kind: str, directory: str | os.PathLike[str]) -> LightModel | None:
    """The model in ``directory`` read through its ``light.npz``, or None when it has none.

    The directory is checked as :func:`~credence.models.persistence.load_model` checks it
    (kind, hash of ``model.joblib``, versions), and ``light.npz`` against the sha256 that
    ``meta.json`` records for it; the full model behind it is unpickled on first use.

    Raises
    ------
    ModelError
        When the directory fails those checks, or ``light.npz`` does not match its hash.
    """
    from credence.models.lazy import lazy_model
    from credence.models.persistence import check_versions, read_meta, sha256_file

    directory = Path(directory)
    meta = read_meta(directory)
    entry = meta.get("light")
    if not isinstance(entry, dict) or entry.get("format") != LIGHT_FORMAT:
        return None
    full = lazy_model(kind, directory)  # checks the kind and the pickle's hash now
    check_versions(directory, meta)
    path = directory / str(entry.get("file", LIGHT_FILE))
    if not path.is_file():
        raise ModelError(f"{path}: missing (meta.json records a light model).")
    if sha256_file(path) != entry.get("sha256") or entry.get("source_sha256") != meta.get(
        "model_sha256"
    ):
        raise ModelError(
            f"{path}: sha256 does not match meta.json (file tampered with or truncated)."
        )
    with np.load(path, allow_pickle=False) as arrays:
        blocks = [_block(spec, arrays) for spec in entry["blocks"]]
        linear = LinearText(blocks, arrays["coef"], entry["intercept"], entry["a"], entry["b"])
        stack = None
        if "stack" in entry:
            stack = (arrays["stack.coef"], float(entry["stack"]["intercept"]))
        head = _load_head(entry["factuality"], arrays) if "factuality" in entry else None
    return LightModel(kind, linear, stack, entry.get("attributes", {}), full, head)


def add_light(directory: str | os.PathLike[str]) -> bool:
    """Write ``light.npz`` into an existing model directory; False when the model has parts
    this module does not support (the directory is then left as it was).
    """
    from credence.models.persistence import load_model, record_light

    directory = Path(directory)
    estimator, meta = load_model(directory)
    exported = export_light(str(meta.get("kind")), estimator)
    if exported is None:
        return False
    record_light(directory, *exported)
    return True


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m credence.models.light DIR ...``: add ``light.npz`` to model directories."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args:
        print("usage: python -m credence.models.light MODEL_DIR [MODEL_DIR ...]", file=sys.stderr)
        return 2
    for directory in args:
        try:
            done = add_light(directory)
        except ModelError as error:
            print(f"Error: {error}", file=sys.stderr)
            return 1
        print(f"{directory}: {'light.npz written' if done else 'not supported, left as it was'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
