"""The public entry point: :class:`Scorer` loads the models once and scores articles."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from credence.document import Article
from credence.errors import ModelError
from credence.models.checkworthiness import CheckworthinessModel
from credence.models.lazy import lazy_stance
from credence.models.persistence import default_model_dir, read_meta
from credence.models.uncertainty import UncertaintyModel
from credence.scoring.analysis import ArticleAnalysis
from credence.scoring.corroboration import check_claim, corroborate
from credence.scoring.engine import Extractors, analyze_all
from credence.scoring.report import Report

if TYPE_CHECKING:
    from credence.models.stance import StanceModel

__all__ = ["Scorer", "Report"]


class Scorer:
    """Score news articles: claims, corroboration, uncertainty, sources.

    Load once with :meth:`load` (no network: the default models ship inside the package),
    then call :meth:`score` as often as needed. A loaded scorer holds only read-only state,
    so it may be shared by several threads.

    Parameters
    ----------
    stance_model, uncertainty_model, claim_model
        Fitted models (see :mod:`credence.models`).
    extractors : Extractors, optional
        Extractor instances, e.g. with user lexicons.

    Examples
    --------
    >>> from credence import Article, Scorer
    >>> scorer = Scorer.load()
    >>> article = Article(id="a", text="At least 1,000 troops were sent, officials said.")
    >>> report = scorer.score([article])
    >>> [round(c.uncertainty, 2) >= 0 for c in report.claims]
    [True]
    """

    def __init__(
        self,
        stance_model: StanceModel,
        uncertainty_model: UncertaintyModel,
        claim_model: CheckworthinessModel | None = None,
        *,
        extractors: Extractors | None = None,
        model_info: dict[str, Any] | None = None,
    ) -> None:
        self.stance_model = stance_model
        self.uncertainty_model = uncertainty_model
        self.claim_model = claim_model
        self.extractors = extractors or Extractors()
        self.model_info = dict(model_info or {})

    @classmethod
    def load(
        cls,
        model_dir: str | os.PathLike[str] | None = None,
        *,
        hedge_lexicon: str | None = None,
        source_aliases: str | None = None,
    ) -> Scorer:
        """Load the bundled default models, or those under ``model_dir``.

        ``model_dir`` holds ``stance/``, ``uncertainty/`` and ``claims/`` model directories
        (the layout ``python -m credence.models.build_default`` writes).

        Raises
        ------
        ModelError
            When a model is missing, tampered with or incompatible.
        """
        base = Path(model_dir) if model_dir else default_model_dir("stance").parent
        if not (base / "stance").is_dir():
            raise ModelError(
                f"{base}: no stance model; build the default models with "
                "`python -m credence.models.build_default`."
            )
        # Unpickled on first use: only comparing two claims needs it (hash checked now).
        stance = lazy_stance(base / "stance")
        uncertainty = UncertaintyModel.load(base / "uncertainty")
        claims = CheckworthinessModel.load(base / "claims") if (base / "claims").is_dir() else None
        info = {
            kind: {
                k: read_meta(base / kind).get(k)
                for k in ("created", "model_sha256", "credence_version")
            }
            for kind in ("stance", "uncertainty", "claims")
            if (base / kind).is_dir()
        }
        return cls(
            stance,
            uncertainty,
            claims,
            extractors=Extractors(hedge_lexicon=hedge_lexicon, source_aliases=source_aliases),
            model_info=info,
        )

    def analyze(
        self, articles: Iterable[Article], progress: Callable[[], None] | None = None
    ) -> list[ArticleAnalysis]:
        """Segment and extract spans and claims of each article (no cross-article scoring)."""
        return analyze_all(
            list(articles),
            extractors=self.extractors,
            claim_model=self.claim_model,
            progress=progress,
        )

    def score(
        self,
        articles: Iterable[Article],
        *,
        progress: Callable[[], None] | None = None,
        errors: Iterable[Any] = (),
    ) -> Report:
        """Score ``articles`` together and return a :class:`Report`."""
        analyses = self.analyze(articles, progress)
        result = corroborate(
            analyses,
            stance_model=self.stance_model,
            uncertainty_model=self.uncertainty_model,
        )
        return Report(
            analyses=tuple(analyses),
            claims=tuple(result.claims),
            sources=tuple(result.sources),
            stories=tuple(result.stories),
            errors=tuple(errors),
            models=self.model_info,
        )

    def check(self, claim: str, articles: Iterable[Article]) -> Any:
        """Score one claim a person typed against ``articles``: a ``ScoredClaim``."""
        analyses = self.analyze(articles)
        return check_claim(
            claim,
            analyses,
            stance_model=self.stance_model,
            uncertainty_model=self.uncertainty_model,
        )
