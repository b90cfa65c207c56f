"""credence: find the checkable claims in news articles and score their corroboration,
uncertainty and sources.

Examples
--------
>>> from credence import Article, Scorer
>>> scorer = Scorer.load()                                  # doctest: +SKIP
>>> report = scorer.score([Article(id="a", text="...")])     # doctest: +SKIP
"""

from __future__ import annotations

__version__ = "0.1.0"

from credence.document import Article, Claim, Paragraph, Sentence, Span
from credence.errors import CredenceError, DataError, InputError, ModelError, OutputError

__all__ = [
    "__version__",
    "Article",
    "Claim",
    "Paragraph",
    "Sentence",
    "Span",
    "CredenceError",
    "DataError",
    "InputError",
    "ModelError",
    "OutputError",
    "Scorer",
    "Report",
]


def __getattr__(name: str):
    # Scorer pulls in scikit-learn and the models; import it only when asked for.
    if name in ("Scorer", "Report"):
        from credence.scoring import scorer

        return getattr(scorer, name)
    raise AttributeError(name)
