"""Cross-article corroboration: the pipeline from analysed articles to scored claims.

:func:`corroborate` runs the parts, each in its own module, in the order the data flows:

1. :mod:`~credence.scoring.claim_rows`: one row per claim, copies of repeated paragraphs
   folded into the claim they repeat;
2. :mod:`~credence.scoring.evidence`: the claim pairs to read (blocked candidates,
   :mod:`credence.scoring.matching`, and pairs of numbers or dates with one signature),
   their probabilities, the evidence items (numeric and temporal conflicts,
   :mod:`credence.scoring.conflicts`; polarity contradictions, :mod:`credence.features.polarity`);
3. :mod:`~credence.scoring.formula`: evidence grouped by independent origin
   (:mod:`credence.scoring.independence`) and the scores, fitted jointly with source
   reliability (:mod:`credence.scoring.sources`);
4. :mod:`~credence.scoring.explanations`, :mod:`~credence.scoring.stories` and
   :mod:`~credence.scoring.source_statistics`: what is reported, in the types of
   :mod:`~credence.scoring.results`.

The formulas and every prior are in ``docs/scores.md``; :class:`ScoringPriors` holds the
priors. :func:`check_claim` (:mod:`credence.scoring.check`, re-exported here) scores one claim
typed by a person against a set of articles.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from credence.errors import ModelError
from credence.scoring.analysis import ArticleAnalysis
from credence.scoring.article_header import headers
from credence.scoring.attributes import attribute_conflicts
from credence.scoring.check import check_claim
from credence.scoring.claim_rows import (
    ClaimRow,
    SpansWithin,
    build_rows,
    fold_copies,
)
from credence.scoring.conflicts import Conflict
from credence.scoring.distributed_context import current_cluster
from credence.scoring.evidence import (
    EvidenceItems,
    bundled_agreement_model,
    claim_pairs,
    pair_probabilities,
    pair_reader,
    signature_pairs,
    within_article_pairs,
)
from credence.scoring.evidence_batches import items_and_model_readings
from credence.scoring.explanations import hedge_cue_reasons, scored_claim
from credence.scoring.formula import ItemsByClaim, ScoreTables, build_tables, score_arrays
from credence.scoring.matching import (
    blocking_stats,
    candidate_arrays,
    claim_vectors,
    related_probability,
)
from credence.scoring.pair_batches import TextReadings
from credence.scoring.parallel import RowsInWorkers, map_batches
from credence.scoring.priors import ScoringPriors
from credence.scoring.results import (
    ClaimCopy,
    Contribution,
    CorroborationResult,
    Evidence,
    ScoredClaim,
    Story,
)
from credence.scoring.source_statistics import SourceTally
from credence.scoring.sources import ReliabilityFit, SourceScore, truth_discovery
from credence.scoring.stories import build_stories, story_articles
from credence.scoring.table_batches import labeller

if TYPE_CHECKING:
    import scipy.sparse as sp

__all__ = [
    "ScoringPriors",
    "Evidence",
    "Contribution",
    "ClaimCopy",
    "ScoredClaim",
    "Story",
    "CorroborationResult",
    "corroborate",
    "prepare_scoring",
    "ScoringStage",
    "check_claim",
]

#: Kept importable under its old private name (tests of long inputs use it).
_SpansWithin = SpansWithin


def load_default_models(stance_model: Any, uncertainty_model: Any) -> tuple[Any, Any]:
    """The given models, the bundled defaults for those omitted; checked for ``predict_proba``.

    The model that reads claim pairs defaults to the bundled agreement model (seen as a
    stance model, :func:`~credence.scoring.evidence.pair_reader`), or the bundled stance
    model when credence ships no agreement model.

    Raises
    ------
    ModelError
        When a model lacks ``predict_proba``.
    """
    if stance_model is None and (agreement := bundled_agreement_model()) is not None:
        stance_model = pair_reader(None, agreement)
    if stance_model is None:
        from credence.models.persistence import default_model_dir
        from credence.models.stance import load_stance

        stance_model = load_stance(default_model_dir("stance"))
    if uncertainty_model is None:
        from credence.models.persistence import default_model_dir
        from credence.models.uncertainty import UncertaintyModel

        uncertainty_model = UncertaintyModel.load(default_model_dir("uncertainty"))
    if not hasattr(stance_model, "predict_proba"):
        raise ModelError("The stance model must have predict_proba(claims, evidences).")
    if not hasattr(uncertainty_model, "predict_proba"):
        raise ModelError("The uncertainty model must have predict_proba(texts).")
    return stance_model, uncertainty_model


def uncertainty_probabilities(
    uncertainty_model: Any, texts: Sequence[str], batch_size: int = 2048
) -> np.ndarray:
    """P(uncertain) of every text, by the uncertainty model, in batches."""
    # In batches: the model's feature matrices for every claim at once would be the peak of
    # a large set (each text's probability is computed alone, so batching changes nothing).
    # The batches are read by the workers (``--workers``), as the claim pairs are.
    return RowsInWorkers(uncertainty_model, batch_size).predict_proba(texts)


def sentence_outputs(uncertainty_model: Any, texts: Sequence[str], batch_size: int = 512) -> Any:
    """Both outputs of the uncertainty model for every text (P(uncertain) and P(nonfactual)
    with its cues, :class:`~credence.models.uncertainty_outputs.SentenceOutputs`), in batches
    read by the workers; P(uncertain) alone for a model without ``predict_outputs``.

    A batch's features are the transient peak of the step (measured: +57 MB of RSS for
    2,048 claims, +14 MB for 512; each text is read alone, so the size changes no figure).
    """
    from credence.models.uncertainty_outputs import SentenceOutputs

    if not hasattr(uncertainty_model, "predict_outputs"):
        return SentenceOutputs(uncertainty_probabilities(uncertainty_model, texts, batch_size))
    texts = list(texts)
    batches = [texts[lo : lo + batch_size] for lo in range(0, len(texts), batch_size)]
    return SentenceOutputs.joined(map_batches(uncertainty_model.predict_outputs, batches))


def _reader_of(rows: Sequence[ClaimRow], texts: Sequence[str]) -> Any:
    """``read(model)``: both outputs of the uncertainty model and the hedge cue reasons."""

    def read(model: Any) -> tuple[Any, list[list[tuple[Any, float]]]]:
        outputs = sentence_outputs(model, texts)
        return outputs, hedge_cue_reasons(model, rows, outputs.uncertainty)

    return read


def _items_and_readings(
    rows: Sequence[ClaimRow],
    read: _ReadPairs,
    priors: ScoringPriors,
    uncertainty_model: Any,
    texts: Sequence[str],
) -> tuple[EvidenceItems, Any]:
    """The evidence items (only the pair rows they read), and ``readings()``: the
    uncertainty model's outputs and hedge cue reasons, their batches read in the same pool.
    """
    items, readings = items_and_model_readings(
        rows, read.pairs, read.proba, priors, uncertainty_model, _reader_of(rows, texts)
    )
    return _only_read_rows(items), readings


@dataclass(frozen=True)
class _Blocking:
    """Candidate blocking (:func:`credence.scoring.matching.candidate_arrays`)."""

    top_k: int
    min_similarity: float
    max_postings: int
    date_window_days: int | None


@dataclass
class _ReadPairs:
    """The pairs read by the model, their probabilities and the linked ones."""

    pairs: np.ndarray
    proba: np.ndarray
    linked: np.ndarray


def _read_pairs(
    rows: Sequence[ClaimRow],
    texts: Sequence[str],
    X: sp.csr_matrix,
    stance_model: Any,
    priors: ScoringPriors,
    blocking: _Blocking,
) -> _ReadPairs:
    cluster = current_cluster()
    # With a cluster (credence.scoring.distributed) blocking and pair reading run there.
    find = candidate_arrays if cluster is None else cluster.candidate_arrays
    # The second pass (signature pairs) reuses the texts the first one prepared.
    read = (
        functools.partial(pair_probabilities, readings=TextReadings())
        if cluster is None
        else cluster.pair_probabilities
    )
    if len(rows) > 1 and X.shape[1]:
        first, second, _ = find(
            X,
            top_k=blocking.top_k,
            min_similarity=blocking.min_similarity,
            max_postings=blocking.max_postings,
            block=[r.sentence_key for r in rows],
            dates=[r.analysis.article.published for r in rows],
            date_window_days=blocking.date_window_days,
        )
    else:
        first = second = np.zeros(0, dtype=np.int64)
    pairs = claim_pairs(rows, first, second, within_article_pairs(rows))
    del first, second
    proba = read(stance_model, texts, pairs)
    linked = pairs[related_probability(proba) >= priors.link_threshold]
    # Numbers and dates of the same counted thing in one story are compared even when the
    # claims share no words ("the number is higher, at 12,000" vs "the original 11,000").
    extra = signature_pairs(rows, linked.tolist(), pairs)
    if extra:
        extra_array = np.asarray(extra, dtype=np.int64).reshape(-1, 2)
        pairs = np.vstack([pairs, extra_array])
        proba = np.vstack([proba, read(stance_model, texts, extra_array)])
    return _ReadPairs(pairs, proba, linked)


def _fit_reliability(
    rows: Sequence[ClaimRow],
    items: EvidenceItems,
    tables: ScoreTables,
    names: Mapping[str, int],
    priors: ScoringPriors,
    tol: float,
    max_iter: int,
) -> ReliabilityFit:
    outlet_source = np.array(
        [names[r.outlet] if r.outlet != r.origin.name else -1 for r in rows], dtype=np.int64
    )
    # A claim is informative when it has an item from another origin or a rule-based one;
    # a repeated paragraph's claim is not a second claim of its source.
    speaking = ~tables.item_own | items.with_rule()
    informative = np.bincount(items.claim[speaking], minlength=len(rows)) > 0
    informative &= ~np.array([r.duplicate for r in rows], dtype=bool)

    if (cluster := current_cluster()) is not None:
        return cluster.truth_discovery(
            tables,
            priors,
            [tables.claim_source, outlet_source],
            informative,
            len(names),
            tol=tol,
            max_iter=max_iter,
        )

    def score(reliability: np.ndarray) -> np.ndarray:
        return score_arrays(tables, reliability, priors, reliability[tables.claim_source])[0]

    return truth_discovery(
        score,
        [tables.claim_source, outlet_source],
        informative,
        len(names),
        alpha=priors.reliability_alpha,
        beta=priors.reliability_beta,
        tol=tol,
        max_iter=max_iter,
    )


def _stories(
    rows: Sequence[ClaimRow],
    analyses: Sequence[Any],
    linked: np.ndarray,
    X: sp.csr_matrix,
    vocabulary: Sequence[str],
) -> tuple[tuple[Story, ...], list[list[int]]]:
    """The stories and the article groups they are made of (the attribute slips read them).

    The linked pairs as Python lists (~130 B a pair) live only while the stories are made.
    """
    pairs = linked.tolist()
    groups = story_articles(rows, len(analyses), pairs)
    # The stories read each article's id only: a store's give them from its columns.
    articles = analyses.headers() if hasattr(analyses, "headers") else analyses
    return build_stories(rows, articles, pairs, X, vocabulary, components=groups), groups


def _only_read_rows(items: EvidenceItems) -> EvidenceItems:
    """``items`` with only the pair probabilities its items read (the same values).

    Most candidate pairs are neither linked nor in conflict and make no item; their
    probabilities (five floats a pair) would otherwise be held to the end of the stage.
    """
    used, row = np.unique(items.row, return_inverse=True)
    items.proba = items.proba[used]
    items.related = items.related[used]
    items.row = row.reshape(-1).astype(np.int64)
    return items


def _source_index(rows: Sequence[ClaimRow]) -> dict[str, int]:
    # Every origin and outlet of the set, numbered in order of first appearance.
    names: dict[str, int] = {}
    for r in rows:
        names.setdefault(r.origin.name, len(names))
        names.setdefault(r.outlet, len(names))
    return names


def _spanless(analysis: Any) -> Any:
    """The analysis without its extractor spans (the rest shared, not copied).

    Once the claim rows are built, the later stages read of an analysis only its article,
    paragraphs, sentences, claims and limits: the spans (most of an analysis's memory) go.
    """
    if isinstance(analysis, ArticleAnalysis) and analysis.spans:
        return replace(analysis, spans={})
    return analysis


def _rows_without_spans(
    analyses: Sequence[Any], priors: ScoringPriors, hand_over: bool = False
) -> tuple[list[ClaimRow], list[Any]]:
    """The claim rows, and the analyses without spans that they and the later stages keep.

    ``analyses`` is read in passes (it may be a store's, unpickled one at a time as read,
    :class:`~credence.scoring.store.StoredAnalyses`): no pass keeps an analysis whole. A
    sequence with a ``without_spans()`` method (a store's) is kept as that, read again by the
    later stages, and its rows keep an :class:`~credence.scoring.article_header.ArticleHeader`.
    Article ids are unique (a store's are).
    """
    if hand_over and isinstance(analyses, list):
        return _rows_handing_over(analyses, priors), analyses
    if (reread := getattr(analyses, "without_spans", None)) is not None:
        # A sequence that reads its analyses again on request (a store's): the rows keep
        # only their article's header, and the later stages read the articles they need
        # from it; no stage holds every article's text, paragraphs and sentences.
        if (stored := getattr(analyses, "claim_rows", None)) is not None:
            # The rows kept when the articles were stored: no analysis unpickled for them.
            return stored(priors), reread()
        return build_rows(analyses, priors, row_analysis=headers()), reread()
    slim = [_spanless(a) for a in analyses]
    by_id = {a.article.id: a for a in slim}
    rows = build_rows(analyses, priors, row_analysis=lambda a: by_id[a.article.id])
    return rows, slim


def _rows_handing_over(analyses: list[Any], priors: ScoringPriors) -> list[ClaimRow]:
    """The claim rows of analyses held in memory, the list's items then replaced, in place,
    by their analyses without spans: the caller hands its analyses over, and no reference to
    the spans is left once the rows are built (the spans are most of an analysis's memory).
    """
    # By identity: the analyses stay alive through build_rows, and ids need not be unique.
    slim_of: dict[int, Any] = {}

    def row_analysis(analysis: Any) -> Any:
        key = id(analysis)
        if key not in slim_of:
            slim_of[key] = _spanless(analysis)
        return slim_of[key]

    rows = build_rows(analyses, priors, row_analysis=row_analysis)
    analyses[:] = [row_analysis(a) for a in analyses]
    return rows


def _claim_rows(
    analyses: Sequence[Any], priors: ScoringPriors, shed_spans: bool, hand_over: bool
) -> tuple[list[ClaimRow], Sequence[Any]]:
    """The claim rows, and the analyses the later stages read (without spans if shed)."""
    if shed_spans:
        return _rows_without_spans(analyses, priors, hand_over)
    return build_rows(analyses, priors), analyses


@dataclass
class ScoringStage:
    """A set's cross-article results, ready to make its scored claims one at a time.

    Built by :func:`prepare_scoring`. :meth:`scored_claims` yields each claim's
    :class:`ScoredClaim` in input order and counts it for the sources table as it goes
    (:class:`~credence.scoring.source_statistics.SourceTally`), so a caller that writes each
    claim and drops it never holds them all; :meth:`result` is the whole
    :class:`CorroborationResult` once they are made.
    """

    rows: list[ClaimRow]
    analyses: Sequence[Any]
    items: EvidenceItems
    by_claim: ItemsByClaim
    labels: Sequence[Sequence[int]]
    scores: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]
    reliability: dict[str, float]
    cue_reasons: Sequence[Sequence[tuple[Any, float]]]
    slips: Mapping[int, Sequence[Conflict]]
    copies: Mapping[int, Sequence[ClaimCopy]]
    stories: tuple[Story, ...]
    fit: ReliabilityFit
    counts: tuple[int, int]
    blocking: Any
    priors: ScoringPriors
    tally: SourceTally | None = None
    #: Per claim, P(nonfactual) and the cues that moved it (None: the model has no such output).
    nonfactual: tuple[np.ndarray, Sequence[Sequence[tuple[str, float]]]] | None = None
    #: The ``share_limit`` of :meth:`scored_claims` for callers that write each claim and
    #: drop it: the contributions of the last few thousand claims are shared, not all.
    streamed_share_limit: ClassVar[int] = 4096

    def scored_claims(self, *, share_limit: int | None = None) -> Iterator[ScoredClaim]:
        """Each claim scored, in input order (once: the sources table counts them).

        Parameters
        ----------
        share_limit : int, optional
            Forget the shared contributions once this many are kept: for a caller that
            drops each claim once written (nothing to share with), the dict would otherwise
            grow with every claim (~2 kB a claim). The values are the same either way.

        Raises
        ------
        ModelError
            When called a second time on one stage.
        """
        tally = self.start_tally()
        hedging = self.scores[3]
        # Most claims of a large set have equal contributions: shared through one dict.
        shared: dict[Any, Any] = {}
        for c, row in enumerate(self.rows):
            if share_limit is not None and len(shared) > share_limit:
                shared.clear()
            claim = self.scored_claim(c, shared)
            tally.add(row, claim, hedging[c])
            yield claim

    def start_tally(self) -> SourceTally:
        """The sources table's counts, to which each claim is added once as it is made.

        Raises
        ------
        ModelError
            When the claims were made already.
        """
        if self.tally is not None:
            raise ModelError("ScoringStage.scored_claims: the claims were made already")
        self.tally = SourceTally(self.analyses, self.reliability)
        return self.tally

    def scored_claim(self, c: int, shared: dict[Any, Any]) -> ScoredClaim:
        """The :class:`ScoredClaim` of claim row ``c`` (not counted for the sources table).

        ``shared`` holds contributions equal between claims, made once (any dict, kept
        between the calls of one run).
        """
        corroboration, S, D, hedging = self.scores
        claim = scored_claim(
            self.rows[c],
            [self.items[k] for k in self.by_claim[c]],
            self.labels[c],
            self.rows,
            self.reliability,
            corroboration[c],
            S[c],
            D[c],
            float(hedging[c]),
            self.priors,
            shared,
            self.cue_reasons[c],
            self.slips.get(c, ()),
            nonfactual=None
            if self.nonfactual is None
            else (float(self.nonfactual[0][c]), self.nonfactual[1][c]),
        )
        if c in self.copies:
            claim = replace(claim, copies=tuple(self.copies[c]))
        return claim

    def sources(self) -> tuple[SourceScore, ...]:
        """The sources table, once :meth:`scored_claims` has made every claim."""
        if self.tally is None:
            raise ModelError("ScoringStage.sources: make the scored claims first")
        return self.tally.sources()

    def result(self, claims: Sequence[ScoredClaim]) -> CorroborationResult:
        """The :class:`CorroborationResult` of the claims :meth:`scored_claims` made."""
        return CorroborationResult(
            claims=tuple(claims),
            sources=self.sources(),
            stories=self.stories,
            iterations=self.fit.iterations,
            converged=self.fit.converged,
            candidate_pairs=self.counts[0],
            linked_pairs=self.counts[1],
            blocking=self.blocking,
        )


def prepare_scoring(
    analyses: Sequence[Any],
    *,
    stance_model: Any = None,
    uncertainty_model: Any = None,
    priors: ScoringPriors | None = None,
    top_k: int = 10,
    min_similarity: float = 0.05,
    max_postings: int = 200,
    date_window_days: int | None = 365,
    tol: float = 1e-4,
    max_iter: int = 50,
    shed_spans: bool = False,
    hand_over: bool = False,
    rows: list[ClaimRow] | None = None,
) -> ScoringStage:
    """Every cross-article stage of :func:`corroborate` but the scored claims themselves.

    Each stage drops what the next ones do not read (the TF-IDF matrix once the stories and
    blocking figures are made, the candidate pairs once the evidence items hold them).
    Parameters as :func:`corroborate`; ``shed_spans`` also drops the analyses' spans once
    the claim rows are built, reading ``analyses`` in passes that keep no analysis whole (a
    store's). With ``hand_over``, a ``list`` is given up by its caller: its items are
    replaced in place by the analyses without spans. ``rows``: the claim rows of
    ``analyses``, made already (:mod:`~credence.scoring.article_batches`: by the workers).
    """
    priors = priors or ScoringPriors()
    stance_model, uncertainty_model = load_default_models(stance_model, uncertainty_model)
    if rows is None:
        rows, analyses = _claim_rows(analyses, priors, shed_spans, hand_over)
    rows, copies = fold_copies(rows, priors)
    texts = [r.claim.text for r in rows]
    # Fewer than two claims have no pair to compare: their rows stay dense, sparing a cold
    # one-sentence score the import of scipy.sparse (same values, same stories and figures).
    X, vectorizer = (
        claim_vectors(texts, dense=len(rows) < 2) if rows else (np.zeros((0, 0), np.float32), None)
    )
    vocabulary = list(vectorizer.get_feature_names_out()) if vectorizer is not None else []
    del vectorizer
    blocking = _Blocking(top_k, min_similarity, max_postings, date_window_days)
    # Pairs are read on what each origin asserts; blocking and hedging on the whole claim.
    asserted = [r.asserted or r.claim.text for r in rows]
    read = _read_pairs(rows, asserted, X, stance_model, priors, blocking)
    del asserted
    stories, groups = _stories(rows, analyses, read.linked, X, vocabulary)
    blocking_figures = blocking_stats(X, max_postings, vocabulary)
    del X, vocabulary
    # The uncertainty model's batches are read by the same pool's workers.
    items, claim_readings = _items_and_readings(rows, read, priors, uncertainty_model, texts)
    counts = (len(read.pairs), len(read.linked))
    del read
    names = _source_index(rows)
    tables, by_claim, labels = build_tables(
        rows, items, names, priors, labeller(rows, items.evidence, priors)
    )
    fit = _fit_reliability(rows, items, tables, names, priors, tol, max_iter)
    corroboration, S, D = score_arrays(
        tables, fit.reliability, priors, fit.reliability[tables.claim_source]
    )
    del tables
    outputs, cue_reasons = claim_readings()  # P(uncertain), P(nonfactual); hedge cues
    del texts, claim_readings
    return ScoringStage(
        rows=rows,
        analyses=analyses,
        items=items,
        by_claim=by_claim,
        labels=labels,
        scores=(corroboration, S, D, outputs.uncertainty),
        reliability={name: float(fit.reliability[k]) for name, k in names.items()},
        cue_reasons=cue_reasons,
        slips=attribute_conflicts(rows, analyses, groups),
        copies=copies,
        stories=stories,
        fit=fit,
        counts=counts,
        blocking=blocking_figures,
        priors=priors,
        nonfactual=outputs.second(),
    )


def corroborate(
    analyses: Sequence[Any],
    *,
    stance_model: Any = None,
    uncertainty_model: Any = None,
    priors: ScoringPriors | None = None,
    top_k: int = 10,
    min_similarity: float = 0.05,
    max_postings: int = 200,
    date_window_days: int | None = 365,
    tol: float = 1e-4,
    max_iter: int = 50,
    shed_spans: bool = False,
    hand_over: bool = False,
) -> CorroborationResult:
    """Corroboration, uncertainty, evidence and source reliability for a set of articles.

    Parameters
    ----------
    analyses : sequence of ArticleAnalysis
        Analysed articles (:func:`credence.scoring.engine.analyze`).
    stance_model : StanceModel, optional
        Reads the claim pairs (``predict_proba(claims, evidences)``, stance columns; an
        agreement model through :func:`~credence.scoring.evidence.pair_reader`); the bundled
        agreement model when omitted.
    uncertainty_model : UncertaintyModel, optional
        ``predict_proba(texts) -> P(uncertain)``; the bundled default when omitted.
    priors : ScoringPriors, optional
        The documented priors of the scores.
    top_k, min_similarity, max_postings, date_window_days
        Candidate blocking (:func:`credence.scoring.matching.candidate_pairs`).
    tol, max_iter
        Convergence of the reliability iteration (:func:`credence.scoring.sources.truth_discovery`).
    shed_spans, hand_over : bool
        Drop the extractor spans once the claim rows are built (the scores and the JSON
        report do not read them); with ``hand_over``, a list of analyses is given up, its
        items replaced in place by the analyses without spans (:func:`prepare_scoring`).
        For large sets.

    Returns
    -------
    CorroborationResult
        Claims in input order, sources by number of claims, stories by size.
    """
    stage = prepare_scoring(
        analyses,
        stance_model=stance_model,
        uncertainty_model=uncertainty_model,
        priors=priors,
        top_k=top_k,
        min_similarity=min_similarity,
        max_postings=max_postings,
        date_window_days=date_window_days,
        tol=tol,
        max_iter=max_iter,
        shed_spans=shed_spans,
        hand_over=hand_over,
    )
    return stage.result(list(stage.scored_claims()))
