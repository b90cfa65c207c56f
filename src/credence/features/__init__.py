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

# The built-in extractors register themselves on import.
from credence.features import attribution, chains, dates, hedges, quantities  # noqa: E402, F401
