"""The registered extractors whose span features the stance model adds to its pair features.

Each extractor is run through an :class:`ExtractorAdapter` that turns a text into its
``span_features`` vector; an extractor that is not registered, fails on a probe text or
returns a vector of the wrong length is left out with a warning, so that a broken plug-in
cannot stop stance training. A fitted model records the extractors (and versions) it used.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np

from credence.features.context import Context

__all__ = [
    "ExtractorAdapter",
    "available_extractors",
    "extractor_features",
    "has_interval_checks",
]

_PROBE = "Officials reportedly said on 3 May 2021 that 40 people were not hurt, police said."


class ExtractorAdapter:
    """Runs one registered extractor defensively: its ``extract`` + ``span_features``.

    Parameters
    ----------
    name : str
        Registry name of the extractor.
    cls : type
        The extractor class (constructed with its default settings).
    """

    def __init__(self, name: str, cls: type) -> None:
        self.name = name
        self.version = str(getattr(cls, "version", "?"))
        self.feature_names = tuple(getattr(cls, "feature_names", ()))
        self.extractor = cls()

    def features(self, text: str, context: Context | None = None) -> np.ndarray:
        """The extractor's ``span_features`` of ``text``, one value per feature name.

        With a ``context`` (the one :func:`extractor_features` shares between adapters), the
        extractor reads its segmentation and the spans of the extractors that ran before,
        and leaves its own spans there for those that follow.
        """
        spans = self.extractor.extract(text, context=context)
        if context is not None:
            context.spans[self.name] = tuple(spans)
        values = np.asarray(self.extractor.span_features(spans, text), dtype=np.float64)
        return values.reshape(-1)[: len(self.feature_names)]


def extractor_features(adapters: Sequence[ExtractorAdapter], text: str) -> np.ndarray:
    """The span features of every adapter for ``text``, concatenated in adapter order.

    The text is segmented once and each extractor's spans are shared with those that
    require them (chains read attribution), as in an engine run.
    """
    if not adapters:
        return np.zeros(0)
    context = Context.of(text)
    return np.concatenate([a.features(text, context) for a in adapters])


def available_extractors(names: Sequence[str]) -> list[ExtractorAdapter]:
    """Adapters for the named extractors that are registered and work on a probe text."""
    try:
        from credence.features import registered

        registry = registered()
    except Exception as exc:  # a broken plug-in must not stop stance training
        warnings.warn(f"extractor registry unavailable ({exc}); training without it", stacklevel=3)
        return []
    adapters = []
    for name in names:
        if name not in registry:
            continue
        try:
            adapter = ExtractorAdapter(name, registry[name])
            if not adapter.feature_names or len(adapter.features(_PROBE)) != len(
                adapter.feature_names
            ):
                raise ValueError("feature count differs from feature_names")
        except Exception as exc:  # skip an extractor that is not usable yet, and say so
            warnings.warn(f"extractor {name!r} skipped for stance features ({exc})", stacklevel=3)
            continue
        adapters.append(adapter)
    return adapters


def has_interval_checks(used: dict[str, str]) -> bool:
    """Whether the quantities extractor in use offers interval conflict/agreement tests."""
    if "quantities" not in used:
        return False
    from credence.features import quantities

    return callable(getattr(quantities, "intervals_conflict", None)) and callable(
        getattr(quantities, "intervals_agree", None)
    )
