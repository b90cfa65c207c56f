"""The public entry point: :class:`Scorer` loads the models once and scores articles."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from credence.document import Article
from credence.errors import InputError
from credence.features.attribution import load_lexicon as load_alias_lexicon
from credence.features.hedges import load_lexicon as load_hedge_lexicon
from credence.language import language_warning
from credence.models.kinds import REGISTRY, ModelKind
from credence.models.lazy import LazyModel, lazy_model
from credence.models.light import load_light
from credence.models.persistence import MODEL_KINDS, default_model_dir, find_model_dirs, read_meta
from credence.scoring.analysis import ArticleAnalysis
from credence.scoring.article_batches import analysed_rows
from credence.scoring.corroboration import ScoredClaim, check_claim, prepare_scoring
from credence.scoring.engine import Extractors, analyze_all
from credence.scoring.evidence import bundled_agreement_model, pair_reader
from credence.scoring.parallel import current_workers
from credence.scoring.report import Report
from credence.scoring.streamed_report import StreamedReport

if TYPE_CHECKING:
    from credence.models.checkworthiness import CheckworthinessModel
    from credence.models.stance import StanceModel
    from credence.models.uncertainty import UncertaintyModel

__all__ = ["Scorer", "Report", "ScoredClaim"]

_PathLike = str | os.PathLike[str]


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
    first: dict[str, int] = {}
    for number, item in enumerate(items, 1):
        if item.id in first:
            # Claim ids are "<article id>:cN": two articles with one id would mix their claims.
            raise InputError(
                where,
                f"items {first[item.id]} and {number} have the same id {item.id!r}; "
                "give each article its own id",
            )
        first[item.id] = number
    return items


def _load_for_scorer(kind: ModelKind, directory: Any) -> Any:
    """The model of ``kind`` in ``directory``: loaded now, or checked now and unpickled on
    first use when the registry marks the kind ``lazy``. A model saved with numpy-only
    arrays (:mod:`credence.models.light`) is read through them: no scikit-learn import.
    """
    if kind.lazy:
        return lazy_model(kind.name, directory)
    light = load_light(kind.name, directory)
    return light if light is not None else kind.load(directory)


def _language_warnings(articles: Sequence[Article]) -> tuple[str, ...]:
    """The warnings of the articles that do not look like English, in input order."""
    return tuple(filter(None, map(language_warning, articles)))


def _short(value: Any) -> str:
    shown = repr(value)
    return shown if len(shown) <= 40 else shown[:37] + "..."


def _with_bundled_agreement(dirs: dict[str, Any]) -> tuple[dict[str, Any], Any]:
    """``dirs`` and the bundled agreement model (lazy) when it is to read the claim pairs.

    It does when it ships and the stance model is the bundled one too: a stance model of
    the user's own reads the pairs itself, as before.
    """
    if dirs["stance"] != default_model_dir("stance"):
        return dirs, None
    agreement = bundled_agreement_model()
    if agreement is None:
        return dirs, None
    return {**dirs, "agreement": agreement.directory}, agreement


class Scorer:
    """Score news articles: claims, corroboration, uncertainty, sources.

    Load once with :meth:`load` (no network: the default models ship inside the package),
    then call :meth:`score` as often as needed. A loaded scorer holds only read-only state,
    so it may be shared by several threads.

    Parameters
    ----------
    stance_model, uncertainty_model, claim_model
        Fitted models (see :mod:`credence.models`).
    agreement_model : AgreementModel, optional
        Reads the claim pairs of corroboration instead of the stance model
        (:class:`credence.models.agreement.AgreementModel`).
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
        agreement_model: Any = None,
    ) -> None:
        self.stance_model = stance_model
        self.agreement_model = agreement_model
        self.uncertainty_model = uncertainty_model
        self.claim_model = claim_model
        self.extractors = extractors or Extractors()
        self.model_info = dict(model_info or {})

    @classmethod
    def load(
        cls,
        model_dir: _PathLike | None = None,
        *,
        stance_model: _PathLike | None = None,
        uncertainty_model: _PathLike | None = None,
        claim_model: _PathLike | None = None,
        hedge_lexicon: _PathLike | None = None,
        source_aliases: _PathLike | None = None,
    ) -> Scorer:
        """Load the bundled default models, or the ones given, and the extractors.

        Parameters
        ----------
        model_dir : path, optional
            One model directory as ``credence train … --out DIR`` writes it (its kind is read
            from its ``meta.json``; the other kinds stay the bundled defaults), or a model
            set holding ``stance/``, ``uncertainty/`` and ``claims/`` (a kind it lacks is the
            default). See :func:`credence.models.persistence.find_model_dirs`.
        stance_model, uncertainty_model, claim_model : path, optional
            One model directory of that kind; each takes precedence over ``model_dir``.
        hedge_lexicon, source_aliases : path, optional
            Extra hedge lexicon / source alias table (TSV) merged with the built-in ones;
            used by :meth:`score` and :meth:`check` alike.

        Raises
        ------
        InputError
            When an argument is not a path.
        DataError
            When a user lexicon is missing or malformed (the message names the file and line).
        ModelError
            When a directory is neither a model nor a model set, a model is of another kind
            than the one it is given as, or is tampered with or incompatible.
        """
        for name, value in (
            ("model_dir", model_dir),
            ("stance_model", stance_model),
            ("uncertainty_model", uncertainty_model),
            ("claim_model", claim_model),
            ("hedge_lexicon", hedge_lexicon),
            ("source_aliases", source_aliases),
        ):
            if value is not None and not isinstance(value, str | os.PathLike):
                raise InputError(
                    "Scorer.load",
                    f"{name} must be a path (str or os.PathLike), got "
                    f"{type(value).__name__} {_short(value)}",
                )
        # The user lexicons first, so a missing or malformed file fails here, not at score().
        if hedge_lexicon is not None:
            load_hedge_lexicon(str(hedge_lexicon))
        if source_aliases is not None:
            load_alias_lexicon(str(source_aliases))
        dirs = find_model_dirs(
            model_dir, stance=stance_model, uncertainty=uncertainty_model, claims=claim_model
        )
        models = {
            kind.scorer_argument: _load_for_scorer(kind, dirs[name])
            for name, kind in REGISTRY.items()
            if kind.scorer_argument is not None
        }
        dirs, agreement = _with_bundled_agreement(dirs)
        info = {
            kind: {
                k: read_meta(dirs[kind]).get(k)
                for k in ("created", "model_sha256", "credence_version")
            }
            for kind in (*MODEL_KINDS, *(["agreement"] if agreement is not None else []))
        }
        return cls(
            **models,
            agreement_model=agreement,
            extractors=Extractors(
                hedge_lexicon=str(hedge_lexicon) if hedge_lexicon is not None else None,
                source_aliases=str(source_aliases) if source_aliases is not None else None,
            ),
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
        errors: Iterable[InputError] = (),
        keep_spans: bool = True,
    ) -> Report:
        """Score ``articles`` together and return a :class:`Report`.

        ``Report.warnings`` names the articles that do not look like English (credence
        reads English only; see :mod:`credence.language`). ``keep_spans=False`` drops each
        analysis's extractor spans once its claim rows are built: ``Report.analyses`` then
        holds the analyses without spans, and a large set needs less memory (the scores and
        every output format are the same).

        Raises
        ------
        InputError
            When ``articles`` is not an iterable of :class:`~credence.document.Article`
            (a string, one Article, or a list holding something else), or two articles
            share an id.
        """
        return self.score_stream(
            articles, progress=progress, errors=errors, keep_spans=keep_spans
        ).collect()

    def score_stream(
        self,
        articles: Iterable[Article],
        *,
        progress: Callable[[], None] | None = None,
        errors: Iterable[InputError] = (),
        keep_spans: bool = False,
    ) -> StreamedReport:
        """Score ``articles`` together up to the claims, which are made as they are read.

        What ``credence score --format json|jsonl`` writes: every cross-article stage is
        run, then :attr:`StreamedReport.claims` makes each scored claim once, in input
        order, and :func:`credence.scoring.report_json.json_chunks` writes the report a
        claim at a time, holding none of them. Parameters and errors as :meth:`score`;
        the spans are dropped unless ``keep_spans``.
        """
        articles = _article_list(articles, "score")
        early: dict[str, Any] = {}  # what this process reads while the workers analyse

        def meanwhile() -> None:
            self._load_pair_model()
            early["warnings"] = _language_warnings(articles)

        rows = None
        # A subclass that analyses elsewhere (ClusterScorer: on a cluster) keeps its own
        # analyze; the rows are then made here, from its analyses.
        if keep_spans or type(self).analyze is not Scorer.analyze:
            analyses = self.analyze(articles, progress)
        else:
            # The claim rows are made where each article is analysed (the workers), which
            # then send back no spans.
            made = analysed_rows(
                articles,
                extractors=self.extractors,
                claim_model=self.claim_model,
                progress=progress,
                meanwhile=meanwhile,
            )
            analyses, rows = made.analyses, made.rows
            del made
        stage = prepare_scoring(
            analyses,
            stance_model=pair_reader(self.stance_model, self.agreement_model),
            uncertainty_model=self.uncertainty_model,
            shed_spans=not keep_spans,
            hand_over=not keep_spans,
            rows=rows,
        )
        del rows
        head = Report(
            analyses=tuple(analyses),
            claims=(),
            stories=tuple(stage.stories),
            errors=tuple(errors),
            models=self.model_info,
            warnings=early["warnings"] if early else _language_warnings(articles),
            blocking=stage.blocking.to_dict() if stage.blocking is not None else None,
        )
        return StreamedReport(head, stage, workers=current_workers())

    def _load_pair_model(self) -> None:
        """Unpickle the model that reads the claim pairs, when it is loaded on first use.

        Called while the workers analyse the articles (this process would only wait): the
        pairs are read right after, and the load (about a second) was serial work of the
        parent between two pools.
        """
        model = self.agreement_model if self.agreement_model is not None else self.stance_model
        if isinstance(model, LazyModel):
            model.model()

    def check(self, claim: str, articles: Iterable[Article]) -> ScoredClaim:
        """Score one claim a person typed against ``articles``.

        The claim's own hedges, numbers and dates are read with this scorer's extractors
        (user lexicons included), as the articles' are.

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
            stance_model=pair_reader(self.stance_model, self.agreement_model),
            uncertainty_model=self.uncertainty_model,
            extractors=self.extractors,
            article_model=self.stance_model,
        )
