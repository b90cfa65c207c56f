"""A model directory that is checked now and unpickled on first use.

The stance model is the largest of the bundled models and imports scikit-learn's gradient
boosting, yet it is only used when two claims are compared: scoring a single sentence never
needs it. Its registry entry (:mod:`credence.models.kinds`) says ``lazy=True``.
:class:`LazyModel` checks the directory at once (the file is there and its sha256
matches ``meta.json``: a tampered file is still refused when the scorer loads), and calls the
loader, which checks everything again and unpickles, the first time the model is used.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from credence.errors import ModelError
from credence.models.persistence import MODEL_FILE, check_kind, read_meta, sha256_file

__all__ = ["LazyModel", "lazy_agreement", "lazy_model", "lazy_stance"]


class LazyModel:
    """Stands in for the model in ``directory`` until it is used; then loads it once.

    ``predict_proba`` and every other attribute come from the loaded model. ``hasattr(lazy,
    "predict_proba")`` is answered without loading it.

    Parameters
    ----------
    loader : callable
        ``loader(directory)`` returns the model (e.g. :func:`credence.models.stance.load_stance`).
    directory : path
        The model directory.
    kind : str, optional
        The kind ``meta.json`` must name (checked at once), as for
        :func:`credence.models.persistence.load_model`.

    Raises
    ------
    ModelError
        At once, when ``meta.json`` or the model file is missing, the model is of another
        kind, or its sha256 does not match.

    Examples
    --------
    >>> from credence.models.persistence import default_model_dir
    >>> from credence.models.stance import load_stance
    >>> stance = LazyModel(load_stance, default_model_dir("stance"))
    >>> stance.loaded
    False
    """

    def __init__(
        self,
        loader: Callable[[Path], Any],
        directory: str | os.PathLike[str],
        kind: str | None = None,
    ) -> None:
        self.directory = Path(directory)
        meta = read_meta(self.directory)
        model_path = self.directory / MODEL_FILE
        if not model_path.is_file():
            raise ModelError(f"{self.directory}: {MODEL_FILE} is missing.")
        check_kind(self.directory, meta, kind)
        if sha256_file(model_path) != meta.get("model_sha256"):
            raise ModelError(
                f"{model_path}: sha256 does not match meta.json (file tampered with or truncated)."
            )
        self._loader = loader
        self._model: Any = None
        # Scorers may be shared by threads: the first users wait for one load.
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        """Whether the model has been unpickled yet."""
        return self._model is not None

    def model(self) -> Any:
        """The loaded model (loading it now if need be)."""
        if self._model is None:
            with self._lock:
                if self._model is None:
                    self._model = self._loader(self.directory)
        return self._model

    def predict_proba(self, *args: Any, **kwargs: Any) -> Any:
        """The loaded model's ``predict_proba``."""
        return self.model().predict_proba(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        # Only called for attributes LazyModel lacks; private names (pickle, copy probes)
        # must not trigger a load.
        if name.startswith("__") or name in ("_model", "_loader", "_lock", "directory"):
            raise AttributeError(name)
        return getattr(self.model(), name)

    def __getstate__(self) -> dict[str, Any]:
        # Pickled to the workers of a cluster (credence.scoring.distributed): a lock cannot
        # travel, and each copy guards its own load.
        return {k: v for k, v in self.__dict__.items() if k != "_lock"}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        state = "loaded" if self.loaded else "not loaded yet"
        return f"LazyModel({str(self.directory)!r}, {state})"


def _load_kind(kind: str, directory: Path) -> Any:
    from credence.models.kinds import get_kind

    return get_kind(kind).load(directory)


def lazy_model(kind: str, directory: str | os.PathLike[str]) -> LazyModel:
    """The model of the registered ``kind`` in ``directory``, loaded on first use with its
    class's ``load``; importing the model's module (and scikit-learn) waits until then too.
    """
    return LazyModel(functools.partial(_load_kind, kind), directory, kind=kind)


def lazy_stance(directory: str | os.PathLike[str]) -> LazyModel:
    """The stance model in ``directory`` (see :func:`credence.models.stance.load_stance`),
    loaded on first use; importing :mod:`credence.models.stance` waits until then too.
    """
    return lazy_model("stance", directory)


def _load_agreement(directory: Path) -> Any:
    from credence.models.agreement import load_agreement

    return load_agreement(directory)


def lazy_agreement(directory: str | os.PathLike[str]) -> LazyModel:
    """The agreement model in ``directory``, loaded on first use.

    See :func:`credence.models.agreement.load_agreement`.
    """
    return LazyModel(_load_agreement, directory, kind="agreement")
