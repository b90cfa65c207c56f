"""A trained model is a directory: ``model.joblib`` beside ``meta.json``.

``meta.json`` records the credence, scikit-learn and numpy versions, the extractor names and
versions, the sha256 of the training data and of ``model.joblib``, the metrics and the
creation time. :func:`load_model` checks the hash and the versions before unpickling.
A directory written by ``credence train`` also holds ``training_texts.json``, fingerprints of
its training texts (:func:`write_training_texts`), whose sha256 ``meta.json`` records;
directories without it load as before.

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

import contextlib
import datetime as dt
import hashlib
import importlib.metadata
import json
import os
import pickle
import shutil
import tempfile
import zlib
from collections.abc import Iterable, Iterator, Mapping
from importlib import resources
from pathlib import Path
from typing import Any, ClassVar, Self

from credence import __version__
from credence.errors import ModelError
from credence.models.kinds import scorer_kind_names

__all__ = [
    "MODEL_FILE",
    "META_FILE",
    "SERIALIZATION",
    "sha256_file",
    "sha256_files",
    "save_model",
    "load_model",
    "ModelDirectory",
    "read_meta",
    "MODEL_KINDS",
    "default_model_dir",
    "check_kind",
    "find_model_dirs",
    "staged_model_dir",
    "write_training_texts",
    "check_versions",
    "record_light",
    "read_training_texts",
    "TRAINING_TEXTS_FILE",
    "TEXT_PREFIX_HEX",
]

#: The kinds of model a :class:`~credence.Scorer` uses, as ``meta.json`` names them (from the
#: registry, :mod:`credence.models.kinds`).
MODEL_KINDS = scorer_kind_names()
MODEL_FILE = "model.joblib"
META_FILE = "meta.json"
SERIALIZATION = "pickle-5/zlib"
TRAINING_TEXTS_FILE = "training_texts.json"
#: Hex digits kept of each training text's sha256: 64 bits, so among 10^5 training texts a
#: new text matches one by chance with probability about 10^-14.
TEXT_PREFIX_HEX = 16
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


def _a(kind: Any) -> str:
    """``'stance'`` -> "a 'stance'", ``'uncertainty'`` -> "an 'uncertainty'"."""
    word = repr(kind)
    return f"{'an' if str(kind)[:1].lower() in 'aeiou' and kind else 'a'} {word}"


def _installed_version(distribution: str) -> str:
    # From the installed package's metadata, not ``sklearn.__version__``: importing
    # scikit-learn costs about a second, and a lazily loaded model (or one that turns out
    # to be tampered with) must not pay it before it is unpickled.
    return importlib.metadata.version(distribution)


def _major_minor(version: str) -> tuple[str, ...]:
    return tuple(version.split(".")[:2])


def check_kind(
    directory: str | os.PathLike[str], meta: Mapping[str, Any], kind: str | None
) -> None:
    """Raise a ModelError when ``meta`` (of ``directory``) is not a model of ``kind``.

    ``kind=None`` accepts any kind.
    """
    if kind is not None and meta.get("kind") != kind:
        raise ModelError(
            f"{directory}: {_a(meta.get('kind'))} model was given where {_a(kind)} model is needed."
        )


def default_model_dir(kind: str) -> Path:
    """Directory of the bundled default model of ``kind`` (inside the installed package)."""
    return Path(str(resources.files("credence.models").joinpath("default", kind)))


def find_model_dirs(
    model_dir: str | os.PathLike[str] | None = None,
    **given: str | os.PathLike[str] | None,
) -> dict[str, Path]:
    """The directory of each model kind: what was given, the bundled default otherwise.

    Parameters
    ----------
    model_dir : path, optional
        Either one model directory, as ``credence train … --out DIR`` writes it (its kind is
        read from its ``meta.json``; the other kinds stay the defaults), or a model set: a
        directory holding one model directory per kind, named after the kind (``stance/``,
        ``uncertainty/``, ``claims/``, as ``python -m credence.models.build_default``
        writes; a kind it lacks is the default).
    **given : path, optional
        ``KIND=directory``: one model directory of a registered kind
        (:mod:`credence.models.kinds`), e.g. ``stance=...``; takes precedence over
        ``model_dir``. ``None`` values are ignored.

    Returns
    -------
    dict
        ``{kind: directory}`` for each kind the scorer uses (:data:`MODEL_KINDS`), in
        registry order, plus any other kind that was given. Nothing is loaded or checked
        beyond ``meta.json`` of ``model_dir``: the loaders check each model's kind and hash.

    Raises
    ------
    ModelError
        When ``model_dir`` does not exist, names an unknown kind in its ``meta.json``, or is
        neither a model directory nor a model set (the message says what it lacks).
    CredenceError
        When a keyword is no registered kind.
    """
    from credence.models.kinds import REGISTRY, get_kind

    found = {kind: default_model_dir(kind) for kind in MODEL_KINDS}
    if model_dir is not None:
        found.update(_given_model_dir(Path(model_dir), tuple(REGISTRY)))
    for kind, directory in given.items():
        get_kind(kind)
        if directory is not None:
            found[kind] = Path(directory)
    return found


def _given_model_dir(base: Path, kinds: tuple[str, ...]) -> dict[str, Path]:
    """``{kind: directory}`` of one model directory or of a model set."""
    if base.is_file():
        raise ModelError(f"{base}: is a file, not a model directory.")
    if not base.is_dir():
        raise ModelError(f"{base}: no such model directory.")
    if (base / META_FILE).is_file():
        kind = read_meta(base).get("kind")
        if kind not in kinds:
            raise ModelError(
                f"{base / META_FILE}: unknown model kind {kind!r} (expected one of "
                f"{', '.join(kinds)})."
            )
        return {kind: base}
    inside = {kind: base / kind for kind in kinds if (base / kind).is_dir()}
    if not inside:
        raise ModelError(
            f"{base}: not a model directory (no {META_FILE}) nor a model set (no "
            f"{'/, '.join(kinds)}/ inside); give a directory written by "
            f"`credence train`, or one holding {' '.join(k + '/' for k in kinds)}."
        )
    return inside


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
    shown = Path(directory)
    target = _link_target(shown)
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
            "sklearn_version": _installed_version("scikit-learn"),
            "numpy_version": _installed_version("numpy"),
            "extractors": dict(extractors or {}),
            "training_data_sha256": dict(training_data or {}),
            "metrics": dict(metrics or {}),
            "created": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
            "model_sha256": sha256_file(model_path),
            **dict(extra or {}),
        }
        (tmp / META_FILE).write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n")
        _add_light(tmp, kind, estimator)
        _swap_into_place(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return shown


def _add_light(directory: Path, kind: str, estimator: Any) -> None:
    # The numpy-only copy of the sentence models the scorer reads on every run (it need not
    # import scikit-learn to use them); other kinds and unknown model shapes get none.
    from credence.models.light import export_light

    exported = export_light(kind, estimator)
    if exported is not None:
        record_light(directory, *exported)


def _link_target(path: Path) -> Path:
    """``path``, or where it points when it is a symbolic link: the model replaces the link's
    target and the link stays (renaming the link away left it behind as ``.NAME.old-PID``).
    """
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def _swap_into_place(ready: Path, target: Path) -> None:
    """Rename the finished directory ``ready`` to ``target``, replacing any earlier model."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        target.rename(old)
    ready.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


@contextlib.contextmanager
def staged_model_dir(directory: str | os.PathLike[str]) -> Iterator[Path]:
    """Build a model directory under a temporary name; move it to ``directory`` on success.

    Lets a caller save a model and then add files to it (such as the training-text
    fingerprints) while ``directory`` keeps its earlier model until everything is written.
    On an exception the staged directory is removed and ``directory`` is untouched.

    Yields
    ------
    Path
        A path that does not exist yet, beside ``directory``: save the model there.
    """
    target = _link_target(Path(directory))
    target.parent.mkdir(parents=True, exist_ok=True)
    holder = Path(tempfile.mkdtemp(prefix=f".{target.name}.stage.", dir=target.parent))
    try:
        staged = holder / target.name
        yield staged
        if not (staged / META_FILE).is_file():
            raise ModelError(f"{target}: nothing was saved in the staged model directory.")
        _swap_into_place(staged, target)
    finally:
        shutil.rmtree(holder, ignore_errors=True)


def write_training_texts(
    directory: str | os.PathLike[str], texts: Mapping[str, Iterable[str]]
) -> Path:
    """Record fingerprints of the training texts in a saved model directory.

    Writes ``training_texts.json``: for each role (``"claims"``, ``"evidence"``) the sorted,
    distinct first :data:`TEXT_PREFIX_HEX` hex digits of the sha256 of each normalised text
    (:func:`credence.models.text_hash.text_key`); no text is stored. Its sha256 goes into
    ``meta.json`` (``training_texts``), which :func:`read_training_texts` checks. Call it on a
    directory nobody loads yet (see :func:`staged_model_dir`).

    Parameters
    ----------
    directory : path
        A model directory written by :func:`save_model`.
    texts : mapping
        ``{role: texts}``.
    """
    from credence.models.text_hash import NORMALISATION, text_key

    directory = Path(directory)
    meta = read_meta(directory)
    roles = {
        role: sorted({text_key(t)[:TEXT_PREFIX_HEX] for t in items})
        for role, items in sorted(texts.items())
    }
    payload = {"normalisation": NORMALISATION, "prefix_hex": TEXT_PREFIX_HEX, "roles": roles}
    path = directory / TRAINING_TEXTS_FILE
    path.write_text(json.dumps(payload, separators=(",", ":")) + "\n")
    meta["training_texts"] = {
        "file": TRAINING_TEXTS_FILE,
        "sha256": sha256_file(path),
        "counts": {role: len(keys) for role, keys in roles.items()},
    }
    meta_tmp = directory / f".{META_FILE}.tmp"
    meta_tmp.write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n")
    os.replace(meta_tmp, directory / META_FILE)
    return path


def read_training_texts(directory: str | os.PathLike[str]) -> dict[str, frozenset[str]] | None:
    """The training-text fingerprints of a model directory, or ``None`` when it has none.

    Model directories saved before fingerprints were recorded (the bundled defaults until
    they are rebuilt) return ``None``: whether they saw a text is unknown.

    Returns
    -------
    dict or None
        ``{role: frozenset of hex prefixes}``; compare with ``text_key(t)[:TEXT_PREFIX_HEX]``.

    Raises
    ------
    ModelError
        When ``meta.json`` names a fingerprint file that is missing, does not match its
        recorded sha256, or is malformed.
    """
    directory = Path(directory)
    meta = read_meta(directory)
    entry = meta.get("training_texts")
    if not entry:
        return None
    path = directory / str(entry.get("file", TRAINING_TEXTS_FILE))
    if not path.is_file():
        raise ModelError(f"{path}: missing (meta.json records training-text fingerprints).")
    if sha256_file(path) != entry.get("sha256"):
        raise ModelError(
            f"{path}: sha256 does not match meta.json (file tampered with or truncated)."
        )
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
        prefix = int(payload["prefix_hex"])
        roles = {str(r): frozenset(str(k) for k in keys) for r, keys in payload["roles"].items()}
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ModelError(f"{path}: malformed training-text fingerprints ({exc}).") from None
    if prefix != TEXT_PREFIX_HEX:
        raise ModelError(
            f"{path}: fingerprints of {prefix} hex digits; this credence reads {TEXT_PREFIX_HEX}."
        )
    return roles


def read_meta(directory: str | os.PathLike[str]) -> dict[str, Any]:
    """Read and return ``meta.json`` of a model directory (no hash check)."""
    meta_path = Path(directory) / META_FILE
    if not meta_path.is_file():
        if Path(directory).is_file():
            raise ModelError(f"{directory}: is a file, not a model directory.")
        if not Path(directory).is_dir():
            raise ModelError(f"{directory}: no such model directory.")
        raise ModelError(f"{directory}: not a credence model directory (no {META_FILE}).")
    try:
        return json.loads(meta_path.read_text())
    except (OSError, ValueError) as exc:
        raise ModelError(f"{meta_path}: unreadable model manifest ({exc}).") from None


def check_versions(directory: str | os.PathLike[str], meta: Mapping[str, Any]) -> None:
    """Raise a ModelError when the model of ``meta`` was made with an incompatible credence,
    scikit-learn or numpy version (major.minor; numpy: major).
    """
    for name, have in (
        ("credence", __version__),
        ("sklearn", _installed_version("scikit-learn")),
        ("numpy", _installed_version("numpy")),
    ):
        made = str(meta.get(f"{name}_version", ""))
        width = 1 if name == "numpy" else 2
        if _major_minor(made)[:width] != _major_minor(have)[:width]:
            raise ModelError(
                f"{directory}: model made with {name} {made}, incompatible with installed "
                f"{have}; retrain it with `credence train`."
            )


def record_light(
    directory: str | os.PathLike[str], arrays: Mapping[str, Any], spec: Mapping[str, Any]
) -> None:
    """Write ``light.npz`` (see :mod:`credence.models.light`) into a saved model directory
    and record it, with its sha256 and that of the pickle it was derived from, in
    ``meta.json`` (replaced atomically).
    """
    from credence.models.light import LIGHT_FILE, light_bytes

    directory = Path(directory)
    meta = read_meta(directory)
    path = directory / LIGHT_FILE
    tmp = directory / f".{LIGHT_FILE}.tmp"
    tmp.write_bytes(light_bytes(dict(arrays)))
    os.replace(tmp, path)
    meta["light"] = {
        **dict(spec),
        "file": LIGHT_FILE,
        "sha256": sha256_file(path),
        "source_sha256": meta.get("model_sha256"),
    }
    meta_tmp = directory / f".{META_FILE}.tmp"
    meta_tmp.write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n")
    os.replace(meta_tmp, directory / META_FILE)


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
    check_kind(directory, meta, kind)
    if sha256_file(model_path) != meta.get("model_sha256"):
        raise ModelError(
            f"{model_path}: sha256 does not match meta.json (file tampered with or truncated)."
        )
    check_versions(directory, meta)
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
            import joblib

            estimator = joblib.load(model_path)
    except Exception as exc:  # a pickle can fail in many ways; all mean "unusable model"
        raise ModelError(f"{model_path}: cannot be loaded ({type(exc).__name__}: {exc}).") from None
    return estimator, meta


class ModelDirectory:
    """The save/load protocol of credence's fitted models, written once (a mixin).

    A model class sets ``model_kind`` (the kind written to ``meta.json`` and checked on load)
    and ``fitted_attribute`` (checked before saving), and may override :meth:`meta_extra`
    (what its ``meta.json`` records beside the hashes and versions) and :meth:`check_meta`
    (refusing a directory this credence cannot read).
    """

    model_kind: ClassVar[str]
    fitted_attribute: ClassVar[str]

    def meta_extra(self) -> dict[str, Any]:
        """The model's own entries of ``meta.json`` (labels, features, parameters …)."""
        return {}

    @classmethod
    def check_meta(cls, directory: str | os.PathLike[str], meta: Mapping[str, Any]) -> None:
        """Raise :class:`ModelError` when ``meta`` does not fit this credence (default: fits)."""

    def save(
        self,
        directory: str | os.PathLike[str],
        *,
        training_data: dict[str, str] | None = None,
        metrics: dict[str, Any] | None = None,
    ) -> Path:
        """Write the model directory (``model.joblib`` + ``meta.json``, of ``model_kind``)."""
        from sklearn.utils.validation import check_is_fitted

        check_is_fitted(self, self.fitted_attribute)
        return save_model(
            self,
            directory,
            kind=self.model_kind,
            training_data=training_data,
            metrics=metrics,
            extra=self.meta_extra(),
        )

    @classmethod
    def load(cls, directory: str | os.PathLike[str]) -> Self:
        """Load a model directory, checking its hash, versions and kind.

        Raises
        ------
        ModelError
            Tampered or incompatible files, another kind of model, an object of another
            class, or a ``meta.json`` :meth:`check_meta` refuses.
        """
        model, meta = load_model(directory, kind=cls.model_kind)
        if not isinstance(model, cls):
            name = cls.__name__
            article = "an" if name[0] in "AEIOU" else "a"
            raise ModelError(f"{directory}: holds a {type(model).__name__}, not {article} {name}.")
        cls.check_meta(directory, meta)
        return model
