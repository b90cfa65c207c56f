"""credence: find the checkable claims in news articles and score their corroboration,
uncertainty and sources.

The result types an app meets are exported here: a :class:`Report` holds
:class:`ScoredClaim` objects (with their :class:`Evidence`, :class:`Contribution`,
:class:`Conflict`, :class:`Hedge` and :class:`ClaimCopy` parts), :class:`SourceScore` ratings,
:class:`Story` groups and one :class:`ArticleAnalysis` an article (its :class:`Attribution`,
:class:`Chain`, :class:`Quantity` and :class:`DateExpression` spans).

Which extractors run is an :class:`Extractors` (registry names, plug-ins included; see
docs/extractors.md); :func:`using_workers` lets the analysis and the claim comparisons use
several processes.

Examples
--------
>>> from credence import Article, Scorer
>>> scorer = Scorer.load()                                  # doctest: +SKIP
>>> report = scorer.score([Article(id="a", text="...")])     # doctest: +SKIP
"""

from __future__ import annotations

__version__ = "0.1.0"

from typing import TYPE_CHECKING, Any

from credence.document import Article, Claim, Paragraph, Sentence, Span
from credence.errors import CredenceError, DataError, InputError, ModelError, OutputError

if TYPE_CHECKING:
    from credence.features.attribution import Attribution
    from credence.features.chains import Chain
    from credence.features.dates import DateExpression
    from credence.features.hedges import Hedge
    from credence.features.quantities import Quantity
    from credence.scoring.analysis import ArticleAnalysis
    from credence.scoring.conflicts import Conflict
    from credence.scoring.corroboration import (
        ClaimCopy,
        Contribution,
        Evidence,
        ScoredClaim,
        Story,
    )
    from credence.scoring.engine import Extractors
    from credence.scoring.parallel import using_workers
    from credence.scoring.report import Report
    from credence.scoring.scorer import Scorer
    from credence.scoring.sources import SourceScore

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
    "Extractors",
    "using_workers",
    "Report",
    "ArticleAnalysis",
    "ScoredClaim",
    "ClaimCopy",
    "Evidence",
    "Contribution",
    "Conflict",
    "Story",
    "SourceScore",
    "Hedge",
    "Attribution",
    "Chain",
    "Quantity",
    "DateExpression",
]

# Scorer and the result types pull in scikit-learn, numpy and the models: import them only
# when asked for, so that `credence --help` and `credence extract` start fast.
_LAZY = {
    "Scorer": "credence.scoring.scorer",
    "Extractors": "credence.scoring.engine",
    "using_workers": "credence.scoring.parallel",
    "Report": "credence.scoring.report",
    "ArticleAnalysis": "credence.scoring.analysis",
    "ScoredClaim": "credence.scoring.corroboration",
    "ClaimCopy": "credence.scoring.corroboration",
    "Evidence": "credence.scoring.corroboration",
    "Contribution": "credence.scoring.corroboration",
    "Story": "credence.scoring.corroboration",
    "Conflict": "credence.scoring.conflicts",
    "SourceScore": "credence.scoring.sources",
    "Hedge": "credence.features.hedges",
    "Attribution": "credence.features.attribution",
    "Chain": "credence.features.chains",
    "Quantity": "credence.features.quantities",
    "DateExpression": "credence.features.dates",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'credence' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
