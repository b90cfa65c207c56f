"""A trained model is a directory: ``model.joblib`` beside ``meta.json``.

``meta.json`` records the credence, scikit-learn and numpy versions, the extractor names and
versions, the sha256 of the training data and of ``model.joblib``, the metrics and the
creation time. :func:`load_model` checks the hash and the versions before unpickling.

``model.joblib`` is a zlib-compressed pickle of protocol 5 (``meta.json`` says
``"serialization": "pickle-5/zlib"``), which ``joblib.load`` reads too. It is not written by
``joblib.dump``: joblib unpickles through the pure-Python unpickler, which took about 2 s of
every ``credence`` run to load the three default models, against 0.3 s for the C one
(``benchmarks/bench_startup.py``). Model directories written by ``joblib.dump`` (no
``serialization`` key) still load.

.. warning::
   ``model.joblib`` is a pickle: loading it can run arbitrary code. Only load models you
   trust (the bundled default, or ones you trained yourself).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import pickle
import shutil
import tempfile
import zlib
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import sklearn

from credence import __version__
from credence.errors import ModelError

__all__ = [
    "MODEL_FILE",
    "META_FILE",
    "SERIALIZATION",
    "sha256_file",
    "sha256_files",
    "save_model",
    "load_model",
    "read_meta",
    "MODEL_KINDS",
    "default_model_dir",
    "find_model_dirs",
]

#: The kinds of model a :class:`~credence.Scorer` uses, as ``meta.json`` names them.
MODEL_KINDS = ("stance", "uncertainty", "claims")
MODEL_FILE = "model.joblib"
META_FILE = "meta.json"
SERIALIZATION = "pickle-5/zlib"
# joblib's own default level: the same file sizes as before, and decompressing is cheap.
_ZLIB_LEVEL = 3


class _ZlibWriter:
    """A write-only file that zlib-compresses what the pickler streams into it.

    Compressing as the pickler writes means the whole uncompressed pickle is never held in
    memory beside its compressed bytes.
    """

    def __init__(self, fh: Any) -> None:
        self._fh = fh
        self._compressor = zlib.compressobj(_ZLIB_LEVEL)

    def write(self, data: Any) -> int:
        # Protocol 5 hands over large numpy buffers as ``pickle.PickleBuffer``, which has no
        # len() but is a buffer: zlib reads it, and memoryview gives its size.
        self._fh.write(self._compressor.compress(data))
        return memoryview(data).nbytes

    def finish(self) -> None:
        self._fh.write(self._compressor.flush())


def sha256_file(path: str | os.PathLike[str]) -> str:
    """Return the hex sha256 of one file, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def sha256_files(paths: Iterable[str | os.PathLike[str]]) -> dict[str, str]:
    """Return ``{file name: sha256}`` for each path (the training-data manifest)."""
    return {Path(p).name: sha256_file(p) for p in paths}


def _major_minor(version: str) -> tuple[str, ...]:
    return tuple(version.split(".")[:2])


def default_model_dir(kind: str) -> Path:
    """Directory of the bundled default model of ``kind`` (inside the installed package)."""
    return Path(str(resources.files("credence.models").joinpath("default", kind)))


def find_model_dirs(
    model_dir: str | os.PathLike[str] | None = None,
    *,
    stance: str | os.PathLike[str] | None = None,
    uncertainty: str | os.PathLike[str] | None = None,
    claims: str | os.PathLike[str] | None = None,
) -> dict[str, Path]:
    """The directory of each model kind: what was given, the bundled default otherwise.

    Parameters
    ----------
    model_dir : path, optional
        Either one model directory, as ``credence train … --out DIR`` writes it (its kind is
        read from its ``meta.json``; the other kinds stay the defaults), or a model set: a
        directory holding ``stance/``, ``uncertainty/`` and/or ``claims/`` model directories
        (as ``python -m credence.models.build_default`` writes; a kind it lacks is the
        default).
    stance, uncertainty, claims : path, optional
        One model directory of that kind; takes precedence over ``model_dir``.

    Returns
    -------
    dict
        ``{kind: directory}`` for each of :data:`MODEL_KINDS`. Nothing is loaded or checked
        beyond ``meta.json`` of ``model_dir``: the loaders check each model's kind and hash.

    Raises
    ------
    ModelError
        When ``model_dir`` does not exist, names an unknown kind in its ``meta.json``, or is
        neither a model directory nor a model set (the message says what it lacks).
    """
    found = {kind: default_model_dir(kind) for kind in MODEL_KINDS}
    if model_dir is not None:
        base = Path(model_dir)
        if base.is_file():
            raise ModelError(f"{base}: is a file, not a model directory.")
        if not base.is_dir():
            raise ModelError(f"{base}: no such model directory.")
        if (base / META_FILE).is_file():
            kind = read_meta(base).get("kind")
            if kind not in MODEL_KINDS:
                raise ModelError(
                    f"{base / META_FILE}: unknown model kind {kind!r} (expected one of "
                    f"{', '.join(MODEL_KINDS)})."
                )
            found[kind] = base
        else:
            kinds = [kind for kind in MODEL_KINDS if (base / kind).is_dir()]
            if not kinds:
                raise ModelError(
                    f"{base}: not a model directory (no {META_FILE}) nor a model set (no "
                    f"{'/, '.join(MODEL_KINDS)}/ inside); give a directory written by "
                    "`credence train`, or one holding stance/ uncertainty/ claims/."
                )
            found.update({kind: base / kind for kind in kinds})
    for kind, given in (("stance", stance), ("uncertainty", uncertainty), ("claims", claims)):
        if given is not None:
            found[kind] = Path(given)
    return found


def save_model(
    estimator: Any,
    directory: str | os.PathLike[str],
    *,
    kind: str,
    training_data: Mapping[str, str] | None = None,
    metrics: Mapping[str, Any] | None = None,
    extractors: Mapping[str, str] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> Path:
    """Write ``estimator`` and its manifest to ``directory`` atomically.

    Everything is written to a temporary sibling directory first and renamed into place, so
    an interrupted save never leaves a half-written model (an earlier model stays intact).

    Parameters
    ----------
    estimator : object
        A fitted estimator (anything that pickles).
    directory : path
        Target model directory; replaced if it exists.
    kind : str
        What the model does (``"stance"``, ``"uncertainty"``, ``"claims"``); checked on load.
    training_data : mapping, optional
        ``{file name: sha256}`` of the data it was trained on.
    metrics : mapping, optional
        Evaluation figures to record.
    extractors : mapping, optional
        ``{extractor name: version}`` the model's features depend on.
    extra : mapping, optional
        Any other JSON-serialisable facts (hyper-parameters, seeds, label order).
    """
    target = Path(directory)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    tmp.chmod(0o755)  # mkdtemp makes it private; a model directory is ordinary package data
    try:
        model_path = tmp / MODEL_FILE
        with model_path.open("wb") as fh:
            writer = _ZlibWriter(fh)
            pickle.dump(estimator, writer, protocol=5)
            writer.finish()
        meta = {
            "kind": kind,
            "serialization": SERIALIZATION,
            "credence_version": __version__,
            "sklearn_version": sklearn.__version__,
            "numpy_version": np.__version__,
            "extractors": dict(extractors or {}),
            "training_data_sha256": dict(training_data or {}),
            "metrics": dict(metrics or {}),
            "created": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
            "model_sha256": sha256_file(model_path),
            **dict(extra or {}),
        }
        (tmp / META_FILE).write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n")
        old = None
        if target.exists():
            old = target.with_name(f".{target.name}.old-{os.getpid()}")
            target.rename(old)
        tmp.rename(target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return target


def read_meta(directory: str | os.PathLike[str]) -> dict[str, Any]:
    """Read and return ``meta.json`` of a model directory (no hash check)."""
    meta_path = Path(directory) / META_FILE
    if not meta_path.is_file():
        raise ModelError(f"{directory}: not a credence model directory (no {META_FILE}).")
    try:
        return json.loads(meta_path.read_text())
    except (OSError, ValueError) as exc:
        raise ModelError(f"{meta_path}: unreadable model manifest ({exc}).") from None


def load_model(
    directory: str | os.PathLike[str], *, kind: str | None = None
) -> tuple[Any, dict[str, Any]]:
    """Load a model directory after checking its hash and versions.

    Raises
    ------
    ModelError
        When the directory or a file is missing, ``model.joblib`` does not match the sha256
        in ``meta.json`` (tampered or truncated), the model is of another ``kind``, or it was
        made with an incompatible credence, scikit-learn or numpy version.
    """
    directory = Path(directory)
    meta = read_meta(directory)
    model_path = directory / MODEL_FILE
    if not model_path.is_file():
        raise ModelError(f"{directory}: {MODEL_FILE} is missing.")
    if kind is not None and meta.get("kind") != kind:
        raise ModelError(
            f"{directory}: a {meta.get('kind')!r} model was given where a {kind!r} model is needed."
        )
    if sha256_file(model_path) != meta.get("model_sha256"):
        raise ModelError(
            f"{model_path}: sha256 does not match meta.json (file tampered with or truncated)."
        )
    for name, have in (
        ("credence", __version__),
        ("sklearn", sklearn.__version__),
        ("numpy", np.__version__),
    ):
        made = str(meta.get(f"{name}_version", ""))
        width = 1 if name == "numpy" else 2
        if _major_minor(made)[:width] != _major_minor(have)[:width]:
            raise ModelError(
                f"{directory}: model made with {name} {made}, incompatible with installed "
                f"{have}; retrain it with `credence train`."
            )
    serialization = meta.get("serialization")
    if serialization not in (None, SERIALIZATION):
        raise ModelError(
            f"{directory}: model saved as {serialization!r}, which this credence cannot read "
            f"(it reads {SERIALIZATION!r}); upgrade credence or retrain with `credence train`."
        )
    try:
        if serialization == SERIALIZATION:
            estimator = pickle.loads(zlib.decompress(model_path.read_bytes()))
        else:  # a model directory written by joblib.dump (credence before this format)
            estimator = joblib.load(model_path)
    except Exception as exc:  # a pickle can fail in many ways; all mean "unusable model"
        raise ModelError(f"{model_path}: cannot be loaded ({type(exc).__name__}: {exc}).") from None
    return estimator, meta
