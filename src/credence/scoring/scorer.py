"""The public entry point: :class:`Scorer` loads the models once and scores articles."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from credence.document import Article
from credence.errors import InputError, ModelError
from credence.language import language_warning
from credence.models.checkworthiness import CheckworthinessModel
from credence.models.persistence import default_model_dir, read_meta
from credence.models.stance import StanceModel, load_stance
from credence.models.uncertainty import UncertaintyModel
from credence.scoring.analysis import ArticleAnalysis
from credence.scoring.corroboration import check_claim, corroborate
from credence.scoring.engine import Extractors, analyze_all
from credence.scoring.report import Report

__all__ = ["Scorer", "Report"]


def _article_list(articles: Any, method: str) -> list[Article]:
    """``articles`` as a list, or an InputError naming what was passed instead."""
    where = f"Scorer.{method}"
    if isinstance(articles, Article):
        raise InputError(
            where, "expected a list of Article objects, got one Article; pass [article]"
        )
    if isinstance(articles, str | bytes) or not isinstance(articles, Iterable):
        raise InputError(
            where,
            f"expected a list of Article objects, got {type(articles).__name__} "
            f"{_short(articles)}; wrap text as Article(id=..., text=...)",
        )
    items = list(articles)
    for number, item in enumerate(items, 1):
        if not isinstance(item, Article):
            raise InputError(
                where,
                f"item {number} is a {type(item).__name__} {_short(item)}, not an Article; "
                "wrap text as Article(id=..., text=...)",
            )
    return items


def _short(value: Any) -> str:
    shown = repr(value)
    return shown if len(shown) <= 40 else shown[:37] + "..."


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
        stance = load_stance(base / "stance")
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
        """Score ``articles`` together and return a :class:`Report`.

        ``Report.warnings`` names the articles that do not look like English (credence
        reads English only; see :mod:`credence.language`).

        Raises
        ------
        InputError
            When ``articles`` is not an iterable of :class:`~credence.document.Article`
            (a string, one Article, or a list holding something else).
        """
        articles = _article_list(articles, "score")
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
            warnings=tuple(filter(None, map(language_warning, articles))),
        )

    def check(self, claim: str, articles: Iterable[Article]) -> Any:
        """Score one claim a person typed against ``articles``: a ``ScoredClaim``.

        Raises
        ------
        InputError
            When ``claim`` is not a non-empty string or ``articles`` not Articles.
        """
        if not isinstance(claim, str) or not claim.strip():
            raise InputError(
                "Scorer.check", f"the claim must be a non-empty string, got {_short(claim)}"
            )
        analyses = self.analyze(_article_list(articles, "check"))
        return check_claim(
            claim,
            analyses,
            stance_model=self.stance_model,
            uncertainty_model=self.uncertainty_model,
        )
