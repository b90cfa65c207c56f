"""The scikit-learn estimator API, without importing scikit-learn until it is used.

Importing :mod:`sklearn.base` imports scipy.stats: about a second of every ``credence`` run,
although segmenting, extracting spans and detecting claims need neither. The extractors and
the check-worthiness model therefore take the estimator API from :class:`Estimator` and
:class:`Transformer` here instead of inheriting scikit-learn's ``BaseEstimator`` and
``TransformerMixin``. scikit-learn recognises estimators by their methods, so ``clone``,
``Pipeline``, ``FeatureUnion``, ``check_is_fitted`` and the estimator tags work the same;
only ``isinstance(obj, sklearn.base.BaseEstimator)`` is False.

What is provided mirrors scikit-learn's own behaviour: ``get_params`` reads the ``__init__``
arguments (which ``__init__`` only stores), ``set_params`` also reaches nested estimators
through ``name__param``, the repr lists the arguments that differ from their defaults, and
objects pickled while they still inherited ``BaseEstimator`` (the bundled models) load.

Examples
--------
>>> class Scale(Transformer, Estimator):
...     def __init__(self, factor=2.0):
...         self.factor = factor
...     def fit(self, X, y=None):
...         return self
...     def transform(self, X):
...         return [x * self.factor for x in X]
>>> Scale(factor=3.0)
Scale(factor=3.0)
>>> Scale().set_params(factor=5.0).fit_transform([1.0])
[5.0]
"""

from __future__ import annotations

import inspect
from typing import Any

__all__ = ["Estimator", "Transformer"]

#: The key scikit-learn's ``BaseEstimator.__getstate__`` adds to every pickled estimator.
_SKLEARN_VERSION_KEY = "_sklearn_version"


class Estimator:
    """``get_params``, ``set_params``, repr and tags, as ``sklearn.base.BaseEstimator`` has them.

    Subclasses follow scikit-learn's rules: ``__init__`` takes explicit keyword arguments
    and stores each one unchanged under its own name.
    """

    @classmethod
    def _get_param_names(cls) -> list[str]:
        init = cls.__init__
        if init is object.__init__:
            return []
        parameters = inspect.signature(init).parameters.values()
        names = []
        for p in parameters:
            if p.name == "self" or p.kind == p.VAR_KEYWORD:
                continue
            if p.kind == p.VAR_POSITIONAL:
                raise RuntimeError(
                    f"{cls.__name__}.__init__ must take explicit arguments (no *args), as "
                    "scikit-learn estimators do."
                )
            names.append(p.name)
        return sorted(names)

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """Return the ``__init__`` arguments (and, when ``deep``, those of nested estimators)."""
        out: dict[str, Any] = {}
        for key in self._get_param_names():
            value = getattr(self, key)
            if deep and hasattr(value, "get_params") and not isinstance(value, type):
                out.update((f"{key}__{k}", v) for k, v in value.get_params().items())
            out[key] = value
        return out

    def set_params(self, **params: Any) -> Estimator:
        """Set ``__init__`` arguments (``name__param`` reaches a nested estimator)."""
        valid = self._get_param_names()
        nested: dict[str, dict[str, Any]] = {}
        for key, value in params.items():
            name, _, sub = key.partition("__")
            if name not in valid:
                raise ValueError(
                    f"Invalid parameter {name!r} for estimator {self}. Valid parameters are: "
                    f"{valid!r}."
                )
            if sub:
                nested.setdefault(name, {})[sub] = value
            else:
                setattr(self, name, value)
        for name, sub_params in nested.items():
            getattr(self, name).set_params(**sub_params)
        return self

    def __repr__(self) -> str:
        defaults = {
            p.name: p.default
            for p in inspect.signature(type(self).__init__).parameters.values()
            if p.default is not p.empty
        }
        changed = []
        for key in self._get_param_names():
            value = getattr(self, key, None)
            if key in defaults and _same(value, defaults[key]):
                continue
            changed.append(f"{key}={value!r}")
        return f"{type(self).__name__}({', '.join(changed)})"

    def __sklearn_tags__(self) -> Any:
        # Only scikit-learn calls this, so scikit-learn is already imported by then.
        from sklearn.utils import Tags, TargetTags

        return Tags(estimator_type=None, target_tags=TargetTags(required=False))

    def __setstate__(self, state: dict[str, Any]) -> None:
        # Objects pickled while they inherited BaseEstimator carry its version stamp; the
        # model directory's meta.json already records (and load_model checks) the version.
        state = dict(state)
        state.pop(_SKLEARN_VERSION_KEY, None)
        self.__dict__.update(state)


class Transformer:
    """``fit_transform`` and the transformer tag, as ``sklearn.base.TransformerMixin`` has them.

    Put it before :class:`Estimator` in the bases, as scikit-learn puts its mixins.
    """

    def fit_transform(self, X: Any, y: Any = None, **fit_params: Any) -> Any:
        """``fit(X, y, **fit_params)`` then ``transform(X)``."""
        return self.fit(X, y, **fit_params).transform(X)  # type: ignore[attr-defined]

    def __sklearn_tags__(self) -> Any:
        from sklearn.utils import TransformerTags

        tags = super().__sklearn_tags__()  # type: ignore[misc]
        tags.transformer_tags = TransformerTags()
        return tags


def _same(value: Any, default: Any) -> bool:
    if value is default:
        return True
    if type(value) is not type(default):
        return False
    try:
        return bool(value == default)
    except (TypeError, ValueError):  # arrays and other values without a plain truth value
        return False
