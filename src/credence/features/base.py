"""The extractor contract and the registry of extractors by name.

Every extractor is a scikit-learn transformer *and* a span finder:

- ``extract(text, *, context=None)`` returns typed spans with offsets into ``text`` and an
  ``explanation`` each, so every later score can be traced back to the words behind it. The
  :class:`~credence.features.context.Context` carries what the engine computed once for the
  article (segmentation, publication date, user aliases, spans of earlier extractors); an
  extractor names the extractors whose spans it reads in ``requires``;
- ``transform(texts)`` turns a list of texts into a numeric feature matrix (one row a text)
  computed from those spans, so extractors drop into a ``Pipeline``/``FeatureUnion``.

Extractors register under a stable name with :func:`register`; other packages may add their
own through the ``credence.extractors`` entry-point group.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, TypeVar

from credence.estimator import Estimator, Transformer
from credence.features.context import Context, context_for

if TYPE_CHECKING:
    import numpy as np

__all__ = [
    "ExtractedSpan",
    "SpanExtractor",
    "register",
    "registered",
    "get_extractor",
    "create_extractor",
]


class ExtractedSpan(Protocol):
    """What every extractor returns: offsets, the covered text and a reason."""

    start: int
    end: int
    text: str

    @property
    def explanation(self) -> str: ...

    def to_dict(self) -> dict[str, Any]: ...


class SpanExtractor(Transformer, Estimator):
    """Base class of extractors: subclasses implement ``extract`` and ``span_features``.

    ``fit`` learns nothing beyond the feature names (stateless extractors), but keeps the
    scikit-learn contract so that ``clone``, ``Pipeline`` and ``check_is_fitted`` work. The
    estimator API comes from :mod:`credence.estimator`, so that extracting spans never
    imports scikit-learn, scipy or numpy (they load on the first ``fit``/``transform``).
    """

    #: Registry name (set by :func:`register`).
    name: ClassVar[str] = ""
    #: Bumped whenever the spans or features an extractor produces change.
    version: ClassVar[str] = "1"
    #: Names of the columns ``span_features`` returns, in order.
    feature_names: ClassVar[tuple[str, ...]] = ()
    #: Registry names of the extractors whose spans this one reads from its context; the
    #: engine runs them first.
    requires: ClassVar[tuple[str, ...]] = ()
    #: The key of this extractor's spans in ``credence extract`` output (default: ``name``).
    output_key: ClassVar[str] = ""

    def extract(self, text: str, *, context: Context | None = None) -> list[Any]:
        """Return the spans found in ``text`` (offsets into ``text``).

        ``context`` is the engine's for this text; without one the extractor reads ``text``
        as the engine would (:meth:`context_of`).
        """
        raise NotImplementedError

    def context_of(self, text: str, context: Context | None) -> Context:
        """``context``, or a fresh one for ``text``, holding the spans this extractor requires.

        Called on its own, an extractor segments ``text`` and runs the extractors it
        ``requires`` (with their default settings) itself.
        """
        context = context_for(text, context)
        for name in self.requires:
            if name not in context.spans:
                required = self._required_extractor(name)
                context.spans[name] = tuple(
                    required.extract(text, context=required.context_of(text, context))
                )
        return context

    def _required_extractor(self, name: str) -> SpanExtractor:
        # Built once per extractor, not per text: a required extractor may load a model
        # (attribution's tagger), and ``transform`` calls ``extract`` once a text.
        built = self.__dict__.setdefault("_required_extractors", {})
        if name not in built:
            built[name] = create_extractor(name)
        return built[name]

    @classmethod
    def key(cls) -> str:
        """The key of this extractor's spans in ``credence extract`` output."""
        return cls.output_key or cls.name

    def span_features(self, spans: Sequence[Any], text: str) -> Sequence[float]:
        """Summarise the spans of one text as ``len(feature_names)`` numbers."""
        raise NotImplementedError

    def fit(self, X: Iterable[str], y: Any = None) -> SpanExtractor:
        import numpy as np

        self.feature_names_out_ = np.asarray(
            [f"{self.name}__{n}" for n in self.feature_names], dtype=object
        )
        return self

    def transform(self, X: Iterable[str]) -> np.ndarray:
        import numpy as np
        from sklearn.utils.validation import check_is_fitted

        check_is_fitted(self, "feature_names_out_")
        rows = [self.span_features(self.extract(text), text) for text in X]
        return np.asarray(rows, dtype=np.float64).reshape(len(rows), len(self.feature_names))

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        from sklearn.utils.validation import check_is_fitted

        check_is_fitted(self, "feature_names_out_")
        return self.feature_names_out_


_REGISTRY: dict[str, type[SpanExtractor]] = {}
_E = TypeVar("_E", bound=type[SpanExtractor])


def register(name: str) -> Callable[[_E], _E]:
    """Class decorator: make an extractor available as ``name``."""

    def decorate(cls: _E) -> _E:
        if name in _REGISTRY and _REGISTRY[name] is not cls:
            raise ValueError(f"An extractor named {name!r} is already registered.")
        cls.name = name
        _REGISTRY[name] = cls
        return cls

    return decorate


_plugins_loaded = False


def _load_builtin_and_plugins() -> None:
    global _plugins_loaded
    # Importing the package registers the built-in extractors.
    import credence.features  # noqa: F401

    if _plugins_loaded:
        return  # scanning the installed distributions costs tens of ms: once a process
    for ep in entry_points(group="credence.extractors"):
        if ep.name not in _REGISTRY:
            ep.load()
    _plugins_loaded = True


def registered() -> dict[str, type[SpanExtractor]]:
    """Return the registry ``{name: class}``, built-ins and plug-ins, sorted by name."""
    _load_builtin_and_plugins()
    return dict(sorted(_REGISTRY.items()))


def get_extractor(name: str) -> type[SpanExtractor]:
    """Look up an extractor class by registry name."""
    # The registry itself, not registered()'s sorted copy: the report looks up every
    # extractor of every article here.
    _load_builtin_and_plugins()
    cls = _REGISTRY.get(name)
    if cls is None:
        raise ValueError(
            f"The extractor name must be one of {sorted(_REGISTRY)}. Got {name!r} instead."
        )
    return cls


def create_extractor(name: str, **params: Any) -> SpanExtractor:
    """Instantiate the extractor registered as ``name`` with ``params``."""
    return get_extractor(name)(**params)
