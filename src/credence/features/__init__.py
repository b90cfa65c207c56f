"""Extractors: text in, spans (with offsets and explanations) and numbers out.

Importing this package registers the built-in extractors.
"""

from __future__ import annotations

from credence.features.base import (
    SpanExtractor,
    create_extractor,
    get_extractor,
    register,
    registered,
)

__all__ = ["SpanExtractor", "create_extractor", "get_extractor", "register", "registered"]

# Built-in extractors register themselves on import. Each module is optional while the
# package is being assembled; a missing one simply does not register.
import importlib as _importlib

for _module in ("hedges", "attribution", "quantities", "dates"):
    try:
        _importlib.import_module(f"credence.features.{_module}")
    except ModuleNotFoundError as _exc:  # pragma: no cover - only while a module is absent
        if _exc.name != f"credence.features.{_module}":
            raise
