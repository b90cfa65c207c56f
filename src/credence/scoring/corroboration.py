"""Cross-article corroboration: evidence, independence, scores and source reliability.

:func:`corroborate` links the claims of a set of analysed articles (blocked candidates read
by the stance model, see :mod:`credence.scoring.matching`), finds numeric and temporal
conflicts (:mod:`credence.scoring.conflicts`), groups evidence by independent origin
(:mod:`credence.scoring.independence`), and estimates claim corroboration jointly with source
reliability (:mod:`credence.scoring.sources`). The formulas and every prior are in
``docs/scores.md``; :class:`ScoringPriors` holds the priors.

:func:`check_claim` scores one claim typed by a person against a set of articles.
"""

from __future__ import annotations

import bisect
from array import array
from collections import defaultdict
from collections.abc import Hashable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np
import scipy.sparse as sp

from credence.errors import ModelError
from credence.scoring.conflicts import Conflict, Measure, compare_measures, measure_analysis
from credence.scoring.independence import (
    OUTLET_KIND,
    Origin,
    UnionFind,
    claim_origin,
    independent_groups,
    jaccard,
    near_duplicate_groups,
    shingles,
)
from credence.scoring.matching import (
    STANCE_CLASSES,
    candidate_arrays,
    claim_vectors,
    related_probability,
    stance_probabilities,
)
from credence.scoring.polarity import (
    PolarityContradiction,
    asserted_predicates,
    negated_predicates,
    polarity_contradiction,
)
from credence.scoring.sources import SourceScore, truth_discovery

if TYPE_CHECKING:
    from credence.features.hedges import Hedge
    from credence.scoring.engine import Extractors

__all__ = [
    "ScoringPriors",
    "Evidence",
    "Contribution",
    "ClaimCopy",
    "ScoredClaim",
    "Story",
    "CorroborationResult",
    "corroborate",
    "check_claim",
]

_AGREE, _DISAGREE, _DISCUSS, _UNRELATED = range(4)
_QUERY_ORIGIN = "query"


@dataclass(frozen=True)
class ScoringPriors:
    """The free parameters of the scores, stated as priors (not fitted; see docs/scores.md).

    Attributes
    ----------
    link_threshold : float
        A candidate pair is linked (speaks of the same thing) when the stance model's
        P(related) = 1 - P(unrelated) reaches this (the Bayes decision for a calibrated model).
    lone_claim_weight : float
        lambda: a claim with no independent evidence gets corroboration
        ``lambda * reliability(own origin)``.
    conflict_weight : float
        kappa: the contradiction strength of a numeric or temporal conflict (the chance that
        a value mismatch between same-signature numbers is a genuine disagreement).
    polarity_weight : float
        kappa_polarity: the contradiction strength of a linked pair where one claim negates
        or denies the predicate the other asserts ("no doses were recalled" / "recalled";
        :mod:`credence.scoring.polarity`).
    thin_evidence_weight : float
        tau: the uncertainty a claim gets from having no independent support at all.
    disclaimer_weight : float
        nu: the uncertainty an article's "cannot be independently verified" adds to the
        attributed claims it covers.
    reliability_alpha, reliability_beta : float
        Beta prior of source reliability (prior mean alpha / (alpha + beta)).
    near_duplicate_threshold : float
        Word 4-shingle Jaccard similarity from which two paragraphs or claims are copies.
    numeric_tolerance : float
        Relative widening of number intervals before they are said to conflict.
    """

    link_threshold: float = 0.5
    lone_claim_weight: float = 0.5
    conflict_weight: float = 0.8
    polarity_weight: float = 0.8
    thin_evidence_weight: float = 0.5
    disclaimer_weight: float = 0.5
    reliability_alpha: float = 2.0
    reliability_beta: float = 2.0
    near_duplicate_threshold: float = 0.5
    numeric_tolerance: float = 0.02

    def __post_init__(self) -> None:
        for name in (
            "link_threshold",
            "lone_claim_weight",
            "conflict_weight",
            "polarity_weight",
            "thin_evidence_weight",
            "disclaimer_weight",
            "near_duplicate_threshold",
        ):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"The '{name}' prior must be in [0, 1]. Got {value!r} instead.")

    @property
    def prior_reliability(self) -> float:
        """Prior mean of a source's reliability: alpha / (alpha + beta)."""
        return self.reliability_alpha / (self.reliability_alpha + self.reliability_beta)

    def to_dict(self) -> dict[str, float]:
        """Every prior by name."""
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass(frozen=True, slots=True)
class Evidence:
    """Another claim that supports, contradicts or discusses a claim."""

    claim_id: str
    article_id: str
    start: int
    end: int
    text: str
    stance: str
    probability: float
    origin: str
    #: Why the stance was set by rule, e.g. "polarity: 'no doses … were recalled' negates
    #: 'recalled'" (empty when the stance model decided; not part of ``to_dict``).
    detail: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (the schema documented in the README)."""
        return {
            "claim_id": self.claim_id,
            "article_id": self.article_id,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "stance": self.stance,
            "probability": round(self.probability, 4),
            "origin": self.origin,
        }

    @property
    def explanation(self) -> str:
        """One human-readable line saying what this is and why."""
        text = f"{self.stance} (p={self.probability:.2f}) from {self.origin} in {self.article_id}"
        return f"{text}; {self.detail}" if self.detail else text


@dataclass(frozen=True, slots=True)
class Contribution:
    """One factor of a score: its name, its value and a sentence saying where it came from."""

    factor: str
    value: float
    detail: str

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (the schema documented in the README)."""
        return {"factor": self.factor, "value": round(float(self.value), 4), "detail": self.detail}


@dataclass(frozen=True, slots=True)
class ClaimCopy:
    """Where a claim is repeated: the same claim in a repeated paragraph of its article.

    A copy is not scored on its own and counts nowhere: its claim is scored once, and lists
    its copies in :attr:`ScoredClaim.copies`.
    """

    id: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (the schema documented in the README)."""
        return {"id": self.id, "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class ScoredClaim:
    """A claim with its corroboration, uncertainty, evidence and explanation.

    ``copies`` lists the repeats of the claim in repeated paragraphs of its article (ids and
    offsets): one claim, one score, counted once in every output.
    """

    id: str
    article_id: str
    start: int
    end: int
    text: str
    corroboration: float
    uncertainty: float
    independent_origins: int
    origins: tuple[str, ...]
    support: tuple[Evidence, ...] = ()
    contradictions: tuple[Evidence, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    hedges: tuple[Hedge, ...] = ()
    chain: tuple[str, ...] = ()
    explanation: tuple[Contribution, ...] = ()
    #: Claims that discuss this one without taking a side (not part of ``to_dict``).
    discussion: tuple[Evidence, ...] = ()
    copies: tuple[ClaimCopy, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (the schema documented in the README)."""
        return {
            "id": self.id,
            "article_id": self.article_id,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "corroboration": round(self.corroboration, 4),
            "uncertainty": round(self.uncertainty, 4),
            "independent_origins": self.independent_origins,
            "origins": list(self.origins),
            "support": [e.to_dict() for e in self.support],
            "contradictions": [e.to_dict() for e in self.contradictions],
            "conflicts": [c.to_dict() for c in self.conflicts],
            "hedges": [h.to_dict() for h in self.hedges],
            "chain": list(self.chain),
            "explanation": [c.to_dict() for c in self.explanation],
            "copies": [c.to_dict() for c in self.copies],
        }


@dataclass(frozen=True)
class Story:
    """Articles connected by linked claims, with a label from their top terms."""

    id: str
    label: str
    article_ids: tuple[str, ...]
    claim_ids: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (the schema documented in the README)."""
        return {
            "id": self.id,
            "label": self.label,
            "article_ids": list(self.article_ids),
            "claim_ids": list(self.claim_ids),
        }


@dataclass(frozen=True)
class CorroborationResult:
    """Scored claims, source reliability and stories of one article set."""

    claims: tuple[ScoredClaim, ...]
    sources: tuple[SourceScore, ...]
    stories: tuple[Story, ...]
    iterations: int = 0
    converged: bool = True
    candidate_pairs: int = 0
    linked_pairs: int = 0

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (the schema documented in the README)."""
        return {
            "claims": [c.to_dict() for c in self.claims],
            "sources": [s.to_dict() for s in self.sources],
            "stories": [s.to_dict() for s in self.stories],
            "iterations": self.iterations,
            "converged": self.converged,
            "candidate_pairs": self.candidate_pairs,
            "linked_pairs": self.linked_pairs,
        }

    def reliability(self) -> dict[str, float]:
        """``{source name: reliability}``."""
        return {s.name: s.reliability for s in self.sources}


# --------------------------------------------------------------------------- claim table


@dataclass(slots=True)
class _Row:
    """Everything known about one claim while scoring (internal)."""

    claim: Any
    analysis: Any
    article_index: int
    sentence_key: tuple[int, int]
    paragraph: int
    canonical_paragraph: int
    duplicate: bool
    copy_keys: tuple[Hashable, ...]
    origin: Origin
    outlet: str
    measures: tuple[Measure, ...]
    hedges: tuple[Any, ...]
    disclaimed: bool
    anonymous: bool


def _paragraph_of(analysis: Any, claim: Any) -> int:
    for s in analysis.sentences:
        if s.index == claim.sentence or (s.start <= claim.start < s.end):
            return s.paragraph
    for p in analysis.paragraphs:
        if p.start <= claim.start < p.end:
            return p.index
    return -1


def _canonical_paragraph(analysis: Any, index: int) -> int:
    by_index = {p.index: p for p in analysis.paragraphs}
    seen = set()
    while index in by_index and by_index[index].duplicate_of is not None and index not in seen:
        seen.add(index)
        index = by_index[index].duplicate_of
    return index


def _is_uncertainty_cue(hedge: Any) -> bool:
    return not getattr(hedge, "is_booster", False)


def _is_unverifiable(hedge: Any) -> bool:
    return getattr(hedge, "category", "") == "unverifiable"


class _SpansWithin:
    """The spans lying inside ``[start, end)``, in their original order (internal).

    Bisection over the span starts: each claim reads the spans that start inside it rather
    than every span of its article, which made a long article's rows quadratic.
    """

    def __init__(self, spans: Sequence[Any]) -> None:
        self.spans = tuple(spans)
        self.order = sorted(range(len(self.spans)), key=lambda i: self.spans[i].start)
        self.starts = [self.spans[i].start for i in self.order]

    def __call__(self, start: int, end: int) -> tuple[Any, ...]:
        lo = bisect.bisect_left(self.starts, start)
        hi = bisect.bisect_right(self.starts, end)
        inside = sorted(i for i in self.order[lo:hi] if self.spans[i].end <= end)
        return tuple(self.spans[i] for i in inside)


def _build_rows(analyses: Sequence[Any], priors: ScoringPriors) -> list[_Row]:
    # Near-duplicate paragraphs across the whole set (syndication, copied paragraphs, repeats).
    paragraph_ids: list[tuple[int, int]] = []
    paragraph_texts: list[str] = []
    for ai, analysis in enumerate(analyses):
        for p in analysis.paragraphs:
            paragraph_ids.append((ai, p.index))
            paragraph_texts.append(p.text)
    heads = near_duplicate_groups(paragraph_texts, threshold=priors.near_duplicate_threshold)
    group_articles: dict[int, set[int]] = defaultdict(set)
    for (ai, _), head in zip(paragraph_ids, heads, strict=True):
        group_articles[head].add(ai)
    head_of = dict(zip(paragraph_ids, heads, strict=True))
    first_in_article: dict[tuple[int, int], int] = {}
    for (ai, pi), head in zip(paragraph_ids, heads, strict=True):
        first_in_article.setdefault((ai, head), pi)

    rows: list[_Row] = []
    for ai, analysis in enumerate(analyses):
        article = analysis.article
        outlet = article.outlet or article.id
        quantities, dates = measure_analysis(analysis)
        measures = quantities + dates
        any_unverifiable = any(_is_unverifiable(h) for h in analysis.hedges)
        hedges_within = _SpansWithin(analysis.hedges)
        measures_within = _SpansWithin(measures)
        for claim in analysis.claims:
            paragraph = _paragraph_of(analysis, claim)
            canonical = _canonical_paragraph(analysis, paragraph)
            head = head_of.get((ai, paragraph))
            near_dup_first = (
                first_in_article.get((ai, head), paragraph) if head is not None else paragraph
            )
            duplicate = canonical != paragraph or near_dup_first != paragraph
            if duplicate and canonical == paragraph:
                canonical = near_dup_first
            copy_keys: tuple[Hashable, ...] = ()
            if head is not None and len(group_articles[head]) > 1:
                copy_keys = (("paragraph", head),)
            origin = claim_origin(analysis, claim.start, claim.end)
            hedges = hedges_within(claim.start, claim.end)
            own_unverifiable = any(_is_unverifiable(h) for h in hedges)
            disclaimed = own_unverifiable or (any_unverifiable and origin.kind != OUTLET_KIND)
            rows.append(
                _Row(
                    claim=claim,
                    analysis=analysis,
                    article_index=ai,
                    sentence_key=(ai, claim.sentence),
                    paragraph=paragraph,
                    canonical_paragraph=canonical,
                    duplicate=duplicate,
                    copy_keys=copy_keys,
                    origin=origin,
                    outlet=outlet,
                    measures=measures_within(claim.start, claim.end),
                    hedges=hedges,
                    disclaimed=disclaimed,
                    anonymous=origin.kind == "anonymous",
                )
            )
    return rows


def _same_duplicate_group(a: _Row, b: _Row) -> bool:
    return (
        a.article_index == b.article_index
        and a.canonical_paragraph == b.canonical_paragraph
        and a.paragraph != b.paragraph
    )


def _fold_copies(
    rows: Sequence[_Row], priors: ScoringPriors
) -> tuple[list[_Row], dict[int, list[ClaimCopy]]]:
    """Drop the claims of repeated paragraphs that repeat a claim of the original paragraph.

    Returns the rows to score and, by index into them, the copies of each kept claim. A
    copy is the claim of the original paragraph with the same text (whitespace aside), else
    the most similar one near the same position at or above ``near_duplicate_threshold``; a
    claim of a repeated paragraph that repeats none (text the repeat added) stays a claim of
    its own, still marked ``duplicate`` so that it adds no support. Scoring a copy apart gave
    one claim two scores (its evidence blocked differently) and counted it twice in every
    statistic.
    """
    kept: list[_Row] = []
    copies: dict[int, list[ClaimCopy]] = defaultdict(list)
    # Per original paragraph: its claims in order, and their texts for an exact lookup.
    originals: dict[tuple[int, int], list[int]] = defaultdict(list)
    by_text: dict[tuple[int, int], dict[str, int]] = defaultdict(dict)
    position: dict[tuple[int, int], int] = defaultdict(int)
    for row in rows:
        text = " ".join(row.claim.text.split())
        if not row.duplicate:
            key = (row.article_index, row.paragraph)
            by_text[key].setdefault(text, len(kept))
            originals[key].append(len(kept))
            kept.append(row)
            continue
        key = (row.article_index, row.canonical_paragraph)
        ordinal = position[(row.article_index, row.paragraph)]
        position[(row.article_index, row.paragraph)] += 1
        original = by_text[key].get(text) if key in by_text else None
        if original is None:
            original = _similar_original(row, kept, originals.get(key, []), ordinal, priors)
        if original is None:
            kept.append(row)
        else:
            copies[original].append(ClaimCopy(row.claim.id, row.claim.start, row.claim.end))
    return kept, copies


def _similar_original(
    row: _Row,
    kept: Sequence[_Row],
    candidates: Sequence[int],
    ordinal: int,
    priors: ScoringPriors,
    window: int = 3,
) -> int | None:
    """The kept claim a near-verbatim copy repeats, looked for near its own position.

    Only the ``window`` claims either side of the copy's position in its paragraph are
    compared, so that a long paragraph repeated many times costs linear time.
    """
    own = shingles(row.claim.text)
    best, found = priors.near_duplicate_threshold, None
    for k in candidates[max(0, ordinal - window) : ordinal + window + 1]:
        similarity = jaccard(own, shingles(kept[k].claim.text))
        if similarity > best or (found is None and similarity == best):
            best, found = similarity, k
    return found


# --------------------------------------------------------------------------- evidence


@dataclass(slots=True)
class _Item:
    """One piece of evidence for one claim (internal).

    Made on demand from :class:`_Items` while one claim is scored (a set keeps its items in
    columns, not as one of these each).
    """

    claim: int
    evidence: int
    proba: tuple[float, ...]
    related: float
    agreeing_numbers: bool
    conflicts: tuple[tuple[Measure, Measure], ...] = ()
    polarity: PolarityContradiction | None = None

    @property
    def support(self) -> float:
        # Agreeing numbers of the same counted thing make a related pair a supporting one.
        agree = self.proba[_AGREE]
        if self.agreeing_numbers:
            agree = max(agree, self.related)
        return float(agree)

    def contradiction(self, conflict_weight: float, polarity_weight: float = 0.0) -> float:
        value = float(self.proba[_DISAGREE])
        if self.conflicts:
            value = max(value, conflict_weight)
        if self.polarity is not None:
            value = max(value, polarity_weight)
        return value


def _load_default_models(stance_model: Any, uncertainty_model: Any) -> tuple[Any, Any]:
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


class _Items:
    """The evidence items of a set, in columns (internal).

    A large set has millions of items; each is four numbers in arrays here (the stance row
    is an index into the pair probabilities) plus, for the few that have them, its conflicts
    and polarity contradiction. ``items[k]`` makes the :class:`_Item` of one item when a
    claim is scored.
    """

    def __init__(self, proba: np.ndarray, related: np.ndarray) -> None:
        self.proba = proba
        self.related = related
        self._columns = {name: array("q") for name in ("claim", "evidence", "row", "agree")}
        self.conflicts: dict[int, tuple[tuple[Measure, Measure], ...]] = {}
        self.polarity: dict[int, PolarityContradiction] = {}
        self.claim = self.evidence = self.row = np.zeros(0, dtype=np.int64)
        self.agreeing_numbers = np.zeros(0, dtype=bool)

    def append(
        self,
        claim: int,
        evidence: int,
        row: int,
        agreeing_numbers: bool,
        conflicts: tuple[tuple[Measure, Measure], ...],
        polarity: PolarityContradiction | None,
    ) -> None:
        k = len(self._columns["claim"])
        for name, value in zip(
            ("claim", "evidence", "row", "agree"),
            (claim, evidence, row, agreeing_numbers),
            strict=True,
        ):
            self._columns[name].append(value)
        if conflicts:
            self.conflicts[k] = conflicts
        if polarity is not None:
            self.polarity[k] = polarity

    def freeze(self) -> _Items:
        """Turn the appended columns into arrays (call once, after the last append)."""
        self.claim = np.frombuffer(self._columns["claim"], dtype=np.int64).copy()
        self.evidence = np.frombuffer(self._columns["evidence"], dtype=np.int64).copy()
        self.row = np.frombuffer(self._columns["row"], dtype=np.int64).copy()
        self.agreeing_numbers = np.frombuffer(self._columns["agree"], dtype=np.int64) != 0
        self._columns = {}
        return self

    def __len__(self) -> int:
        return len(self.claim)

    def __getitem__(self, k: int) -> _Item:
        row = int(self.row[k])
        return _Item(
            int(self.claim[k]),
            int(self.evidence[k]),
            tuple(self.proba[row].tolist()),
            float(self.related[row]),
            bool(self.agreeing_numbers[k]),
            self.conflicts.get(k, ()),
            self.polarity.get(k),
        )

    def support(self) -> np.ndarray:
        """:attr:`_Item.support` of every item."""
        agree = self.proba[self.row, _AGREE]
        return np.where(self.agreeing_numbers, np.maximum(agree, self.related[self.row]), agree)

    def contradiction(self, conflict_weight: float, polarity_weight: float = 0.0) -> np.ndarray:
        """:meth:`_Item.contradiction` of every item."""
        value = self.proba[self.row, _DISAGREE].copy()
        for k in self.conflicts:
            value[k] = max(value[k], conflict_weight)
        for k in self.polarity:
            value[k] = max(value[k], polarity_weight)
        return value

    def with_rule(self) -> np.ndarray:
        """Items with a numeric/temporal conflict or a polarity contradiction."""
        flags = np.zeros(len(self), dtype=bool)
        flags[list(self.conflicts)] = True
        flags[list(self.polarity)] = True
        return flags


def _uncertainty_probabilities(
    uncertainty_model: Any, texts: Sequence[str], batch_size: int = 2048
) -> np.ndarray:
    # In batches: the model's feature matrices for every claim at once would be the peak of
    # a large set (each text's probability is computed alone, so batching changes nothing).
    out = np.zeros(len(texts), dtype=np.float64)
    for lo in range(0, len(texts), batch_size):
        chunk = list(texts[lo : lo + batch_size])
        out[lo : lo + len(chunk)] = np.asarray(
            uncertainty_model.predict_proba(chunk), dtype=np.float64
        ).reshape(-1)
    return out


def _cue_reasons(
    uncertainty_model: Any, rows: Sequence[_Row], proba: np.ndarray | None = None
) -> list[list[tuple[Any, float]]]:
    """Per row, the hedge cues that moved its P(uncertain), with the change (see
    :func:`~credence.models.uncertainty.cue_contributions`); cues that did not are no reason.
    """
    from credence.models.uncertainty import cue_contributions, moving_cues

    texts: list[str] = []
    spans: list[list[tuple[int, int]]] = []
    cues: list[list[Any]] = []
    for row in rows:
        text, offset = row.claim.text, row.claim.start
        # Only cues that sit where the claim text says they do (offsets into the article).
        mine = [h for h in row.hedges if text[h.start - offset : h.end - offset] == h.text]
        texts.append(text)
        cues.append(mine)
        spans.append([(h.start - offset, h.end - offset) for h in mine])
    with_cues = [i for i, s in enumerate(spans) if s]
    reasons: list[list[tuple[Any, float]]] = [[] for _ in rows]
    if not with_cues:
        return reasons
    changes = cue_contributions(
        uncertainty_model,
        [texts[i] for i in with_cues],
        [spans[i] for i in with_cues],
        None if proba is None else proba[with_cues],
    )
    for i, change in zip(with_cues, changes, strict=True):
        reasons[i] = moving_cues(cues[i], change)
    return reasons


def _hedge_description(reasons: Sequence[tuple[Any, float]]) -> str:
    text = "P(uncertain) of the claim text by the uncertainty model"
    if not reasons:
        return text
    listed = ", ".join(
        f"{cue.text!r} ({'negated ' if cue.negated else ''}{cue.category}) {change:+.2f}"
        for cue, change in reasons
    )
    return f"{text}; cues that moved it (change in P when the cue is removed): {listed}"


def _pair_rows(
    pairs: np.ndarray, related: np.ndarray, chunk: int = 65536
) -> Iterator[tuple[int, int, float]]:
    # Python values of each pair, made a chunk at a time (not one list for all pairs).
    for lo in range(0, len(pairs), chunk):
        hi = lo + chunk
        yield from zip(
            pairs[lo:hi, 0].tolist(),
            pairs[lo:hi, 1].tolist(),
            related[lo:hi].tolist(),
            strict=True,
        )


def _pair_items(
    rows: Sequence[_Row],
    pairs: Sequence[tuple[int, int]] | np.ndarray,
    proba: np.ndarray,
    priors: ScoringPriors,
    only_claim: int | None = None,
) -> _Items:
    # ``only_claim``: keep the items of this claim only (a checked claim's evidence).
    related = related_probability(proba)
    # A pair is a polarity contradiction only when one claim negates a predicate it does not
    # also assert and the other claim asserts it; each claim's negations and assertions are
    # read once here (not once per pair), and the full rule runs on the pairs that can match.
    lone_negations: dict[int, frozenset[str]] = {}
    asserted: dict[int, frozenset[str]] = {}

    def asserted_keys(i: int) -> frozenset[str]:
        if i not in asserted:
            asserted[i] = frozenset(asserted_predicates(rows[i].claim.text))
        return asserted[i]

    def negated_keys(i: int) -> frozenset[str]:
        if i not in lone_negations:
            keys = {n.key for n in negated_predicates(rows[i].claim.text)}
            lone_negations[i] = frozenset(keys - asserted_keys(i)) if keys else frozenset()
        return lone_negations[i]

    def may_contradict(a: int, b: int) -> bool:
        return bool(
            (negated_keys(a) and negated_keys(a) & asserted_keys(b))
            or (negated_keys(b) and negated_keys(b) & asserted_keys(a))
        )

    items = _Items(proba, related)
    pair_array = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    for row, (a, b, rel) in enumerate(_pair_rows(pair_array, related)):
        conflicts, agreements = compare_measures(
            rows[a].measures, rows[b].measures, tolerance=priors.numeric_tolerance
        )
        linked = rel >= priors.link_threshold
        if not (linked or conflicts):
            continue
        numbers_agree = bool(agreements) and linked and not conflicts
        # One claim negating what the other asserts is read by rule on linked pairs: the
        # stance model often calls a sentence-level denial "discuss".
        polarity = (
            polarity_contradiction(rows[a].claim.text, rows[b].claim.text)
            if linked and may_contradict(a, b)
            else None
        )
        if not rows[b].duplicate and only_claim in (None, a):
            items.append(a, b, row, numbers_agree, tuple(conflicts), polarity)
        if not rows[a].duplicate and only_claim in (None, b):
            flipped = tuple((y, x) for x, y in conflicts)
            items.append(b, a, row, numbers_agree, flipped, polarity)
    return items.freeze()


def _claim_pairs(
    rows: Sequence[_Row],
    first: np.ndarray,
    second: np.ndarray,
    within: Sequence[tuple[int, int]],
) -> np.ndarray:
    """The pairs to read, an ``(m, 2)`` array sorted by (first, second), each pair once.

    Blocked candidates (``first[k] < second[k]``) that are not two copies of one paragraph
    of one article, and the ``within``-article signature pairs.
    """
    article = np.array([r.article_index for r in rows], dtype=np.int64)
    canonical = np.array([r.canonical_paragraph for r in rows], dtype=np.int64)
    paragraph = np.array([r.paragraph for r in rows], dtype=np.int64)
    same_group = (
        (article[first] == article[second])
        & (canonical[first] == canonical[second])
        & (paragraph[first] != paragraph[second])
    )
    width = max(len(rows), 1)
    keys = first[~same_group] * width + second[~same_group]
    if within:
        extra = np.asarray(within, dtype=np.int64).reshape(-1, 2)
        keys = np.concatenate([keys, extra[:, 0] * width + extra[:, 1]])
    keys = np.unique(keys)
    return np.stack([keys // width, keys % width], axis=1)


def _within_article_pairs(rows: Sequence[_Row], window: int = 32) -> list[tuple[int, int]]:
    # Number- or date-bearing claims of one article that share a signature (kind, unit family,
    # event) are checked for conflicts. A normal article has a handful per signature, so all
    # pairs are read; in an article dense with them (a data dump), each claim meets only the
    # next ``window`` of its signature in text order, which keeps the cost linear.
    buckets: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        keys = {
            (row.article_index, m.kind, m.signature.family, m.signature.event)
            for m in row.measures
            if m.signature.event
        }
        for key in keys:
            buckets[key].append(i)
    out: set[tuple[int, int]] = set()
    for members in buckets.values():
        for x, a in enumerate(members):
            for b in members[x + 1 : x + 1 + window]:
                if rows[a].sentence_key != rows[b].sentence_key and not _same_duplicate_group(
                    rows[a], rows[b]
                ):
                    out.add((a, b))
    return sorted(out)


def _signature_pairs(
    rows: Sequence[_Row],
    linked: Sequence[tuple[int, int]],
    known: np.ndarray,
    max_bucket: int = 64,
) -> list[tuple[int, int]]:
    """Claim pairs of one story whose numbers or dates share a signature (conflict checks).

    Buckets are keyed by (story, kind, unit family, event class); a bucket larger than
    ``max_bucket`` claims (a very generic signature in a very large story) is skipped, which
    keeps the cost linear.
    """
    uf = UnionFind()
    for a, b in linked:
        uf.union(rows[a].article_index, rows[b].article_index)
    buckets: dict[Hashable, list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        if row.duplicate:
            continue
        keys = {
            (uf.find(row.article_index), m.kind, m.signature.family, m.signature.event)
            for m in row.measures
            if m.signature.event is not None
        }
        for key in keys:
            buckets[key].append(i)
    out: set[tuple[int, int]] = set()
    for members in buckets.values():
        if len(members) < 2 or len(members) > max_bucket:
            continue
        for k, a in enumerate(members):
            for b in members[k + 1 :]:
                if rows[a].sentence_key == rows[b].sentence_key:
                    continue
                if not _same_duplicate_group(rows[a], rows[b]):
                    out.add((a, b))
    # Pairs already read (``known``: an (m, 2) array of pairs) are left out.
    found = sorted(out)
    if not found or not len(known):
        return found
    width = len(rows)
    candidates = np.asarray(found, dtype=np.int64)
    known = np.asarray(known, dtype=np.int64).reshape(-1, 2)
    fresh = ~np.isin(candidates[:, 0] * width + candidates[:, 1], known[:, 0] * width + known[:, 1])
    return [pair for pair, keep in zip(found, fresh.tolist(), strict=True) if keep]


# --------------------------------------------------------------------------- scoring


@dataclass
class _Tables:
    """Flat arrays of the evidence, for vectorised scoring in the reliability loop."""

    n_claims: int
    item_claim: np.ndarray
    item_group: np.ndarray
    item_source: np.ndarray
    item_support: np.ndarray
    item_contradiction: np.ndarray
    item_own: np.ndarray
    group_claim: np.ndarray
    claim_source: np.ndarray


def _score_arrays(
    tables: _Tables, reliability: np.ndarray, priors: ScoringPriors, own_reliability: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n = tables.n_claims
    groups = len(tables.group_claim)
    weight = reliability[tables.item_source] if len(tables.item_source) else np.zeros(0)
    support = np.where(tables.item_own, 0.0, weight * tables.item_support)
    contra = weight * tables.item_contradiction
    group_support = np.zeros(groups)
    group_contra = np.zeros(groups)
    np.maximum.at(group_support, tables.item_group, support)
    np.maximum.at(group_contra, tables.item_group, contra)
    log_no_support = np.zeros(n)
    log_no_contra = np.zeros(n)
    np.add.at(log_no_support, tables.group_claim, np.log1p(-np.minimum(group_support, 1 - 1e-12)))
    np.add.at(log_no_contra, tables.group_claim, np.log1p(-np.minimum(group_contra, 1 - 1e-12)))
    S = 1.0 - np.exp(log_no_support)
    D = 1.0 - np.exp(log_no_contra)
    base = priors.lone_claim_weight * own_reliability
    corroboration = (1.0 - D) * (1.0 - (1.0 - base) * (1.0 - S))
    return corroboration, S, D


class _ByClaim:
    """The item indices of each claim, ascending (a CSR index over the item arrays)."""

    def __init__(self, item_claim: np.ndarray, n_claims: int) -> None:
        self.order = np.argsort(item_claim, kind="stable")
        self.bounds = np.zeros(n_claims + 1, dtype=np.int64)
        np.cumsum(np.bincount(item_claim, minlength=n_claims), out=self.bounds[1:])
        # Claims in the order of their first item (the order groups are numbered in).
        claims, first = np.unique(item_claim, return_index=True)
        self.claims = claims[np.argsort(first, kind="stable")]

    def __getitem__(self, claim: int) -> list[int]:
        return self.order[self.bounds[claim] : self.bounds[claim + 1]].tolist()


def _build_tables(
    rows: Sequence[_Row],
    items: _Items,
    source_index: Mapping[str, int],
    priors: ScoringPriors,
) -> tuple[_Tables, _ByClaim, list[list[int]]]:
    by_claim = _ByClaim(items.claim, len(rows))
    item_group = np.zeros(len(items), dtype=np.int64)
    item_own = np.zeros(len(items), dtype=bool)
    group_claim: list[int] = []
    item_labels: list[list[int]] = [[] for _ in rows]
    # Each claim's shingles are computed once, however many pairs it is evidence in, and kept
    # as a uint32 array (a set of Python ints would cost ~1.5 kB a claim).
    shingle_cache: dict[int, np.ndarray] = {}

    def shingles_of(i: int) -> np.ndarray:
        if i not in shingle_cache:
            found = shingles(rows[i].claim.text)
            shingle_cache[i] = np.fromiter(found, dtype=np.uint32, count=len(found))
        return shingle_cache[i]

    def copied(own: frozenset[int], other: np.ndarray) -> bool:
        # jaccard(own, shingles of other) >= threshold, the same arithmetic.
        if not own or not other.size:
            return 0.0 >= priors.near_duplicate_threshold
        inter = len(own.intersection(other.tolist()))
        return inter / (len(own) + other.size - inter) >= priors.near_duplicate_threshold

    evidence_of = items.evidence
    for c in by_claim.claims.tolist():
        members = by_claim[c]
        row = rows[c]
        keys: list[tuple[str, tuple[Hashable, ...]]] = [
            (row.origin.name, row.copy_keys + (("claim", c),))
        ]
        own = (
            frozenset(shingles_of(c).tolist()) if row.origin.kind != _QUERY_ORIGIN else frozenset()
        )
        for evidence in evidence_of[members].tolist():
            e = rows[evidence]
            copies = e.copy_keys
            # A near-verbatim copy of the claim itself is the same text, not a new witness.
            if row.origin.kind != _QUERY_ORIGIN and copied(own, shingles_of(evidence)):
                copies = copies + (("claim", c),)
            keys.append((e.origin.name, copies))
        labels = independent_groups(keys)
        local: dict[int, int] = {}
        for label in labels:
            if label not in local:
                local[label] = len(group_claim)
                group_claim.append(c)
        for k, label in zip(members, labels[1:], strict=True):
            item_group[k] = local[label]
            item_own[k] = label == labels[0]
        item_labels[c] = labels
    origin_source = np.array([source_index[r.origin.name] for r in rows], dtype=np.int64)
    tables = _Tables(
        n_claims=len(rows),
        item_claim=items.claim,
        item_group=item_group,
        item_source=origin_source[items.evidence],
        item_support=items.support(),
        item_contradiction=items.contradiction(priors.conflict_weight, priors.polarity_weight),
        item_own=item_own,
        group_claim=np.array(group_claim, dtype=np.int64),
        claim_source=origin_source,
    )
    return tables, by_claim, item_labels


def _uncertainty(
    hedging: float, disclaimer: float, contradiction: float, support: float, priors: ScoringPriors
) -> tuple[float, float]:
    thin = priors.thin_evidence_weight * (1.0 - support)
    value = 1.0 - (1.0 - hedging) * (1.0 - disclaimer) * (1.0 - contradiction) * (1.0 - thin)
    return value, thin


def _evidence(
    row: _Row, proba_value: float, stance: str, claim_id: str | None = None, detail: str = ""
) -> Evidence:
    claim = row.claim
    return Evidence(
        claim_id=claim_id or claim.id,
        article_id=claim.article_id,
        start=claim.start,
        end=claim.end,
        text=claim.text,
        stance=stance,
        probability=float(proba_value),
        origin=row.origin.name,
        detail=detail,
    )


def _stance_of(item: _Item, priors: ScoringPriors) -> tuple[str, float]:
    if item.polarity is not None:
        # A polarity contradiction decides the stance, whatever the model's largest class.
        return "disagree", max(float(item.proba[_DISAGREE]), priors.polarity_weight)
    values = {
        "agree": item.support,
        "disagree": float(item.proba[_DISAGREE]),
        "discuss": float(item.proba[_DISCUSS]),
    }
    label = max(values, key=values.__getitem__)
    return label, values[label]


def _share(contribution: Contribution, shared: dict[Any, Any]) -> Contribution:
    # Most claims of a large set have equal contributions ("no verification disclaimer
    # applies", the same attribution line): one frozen object (and one detail string) each.
    found = shared.get(contribution)
    if found is None:
        detail = shared.setdefault(("detail", contribution.detail), contribution.detail)
        found = (
            contribution
            if detail is contribution.detail
            else Contribution(contribution.factor, contribution.value, detail)
        )
        shared[contribution] = found
    return found


def _scored_claim(
    row: _Row,
    claim_items: Sequence[_Item],
    labels: Sequence[int],
    rows: Sequence[_Row],
    reliability: Mapping[str, float],
    corroboration: float,
    S: float,
    D: float,
    hedging: float,
    priors: ScoringPriors,
    shared: dict[Any, Any] | None = None,
    cue_reasons: Sequence[tuple[Any, float]] = (),
) -> ScoredClaim:
    support: list[Evidence] = []
    contradictions: list[Evidence] = []
    discussion: list[Evidence] = []
    conflicts: list[Conflict] = []
    polarity_details: list[str] = []
    support_labels = {labels[0]} if labels else set()
    names_by_label: dict[int, str] = {labels[0]: row.origin.name} if labels else {}
    for item, label in zip(claim_items, labels[1:], strict=True):
        other = rows[item.evidence]
        for mine, theirs in item.conflicts:
            conflicts.append(
                Conflict(
                    kind=mine.kind,
                    with_claim=other.claim.id,
                    values=(mine.span.text, theirs.span.text),
                    article_id=other.claim.article_id,
                    event=mine.signature.event,
                )
            )
        if item.related < priors.link_threshold:
            continue
        stance, p = _stance_of(item, priors)
        detail = item.polarity.explanation if item.polarity is not None else ""
        evidence = _evidence(other, p, stance, detail=detail)
        if detail:
            polarity_details.append(f"{detail} ({other.claim.id})")
        if stance == "agree":
            support.append(evidence)
            support_labels.add(label)
            names_by_label.setdefault(label, other.origin.name)
        elif stance == "disagree":
            contradictions.append(evidence)
        else:
            discussion.append(evidence)
    if not labels:
        support_labels = {0}
        names_by_label = {0: row.origin.name}
    origins = tuple(names_by_label[label] for label in sorted(support_labels))
    if row.origin.kind == _QUERY_ORIGIN:
        # The person asking is no origin of evidence: count only the set's origins.
        origins = tuple(name for name in origins if name != _QUERY_ORIGIN)
    disclaimer = priors.disclaimer_weight if row.disclaimed else 0.0
    uncertainty, thin = _uncertainty(hedging, disclaimer, D, S, priors)
    own_r = reliability.get(row.origin.name, priors.prior_reliability)
    independent = [e for e in support if e.origin != row.origin.name]
    others = [name for name in origins if name != row.origin.name]
    explanation = (
        Contribution(
            "support",
            S,
            f"{len(others)} other independent origin(s) agree"
            + (f": {', '.join(others)}" if others else "")
            + f"; noisy-OR of P(agree) x reliability over origins, soft evidence from all "
            f"{len(claim_items)} linked claim(s) ({len(support)} mainly agreeing, "
            f"{len(independent)} of them from other origins)",
        ),
        Contribution(
            "contradictions",
            D,
            f"{len(contradictions)} mainly contradicting claim(s) and {len(conflicts)} "
            "conflict(s); noisy-OR of P(disagree) (or the conflict or polarity prior) x "
            f"reliability over origins, soft evidence from all {len(claim_items)} linked claim(s)"
            + ("; " + "; ".join(polarity_details) if polarity_details else ""),
        ),
        Contribution(
            "origins",
            float(len(origins)),
            f"independent origins: {', '.join(origins)} (relays of one origin and copied text "
            "count once)",
        ),
        Contribution(
            "attribution",
            own_r,
            f"own origin {row.origin.name!r} ({row.origin.kind}), reliability {own_r:.2f}; "
            f"lone-claim base {priors.lone_claim_weight:g} x reliability",
        ),
        Contribution(
            "hedges",
            hedging,
            _hedge_description(cue_reasons),
        ),
        Contribution(
            "disclaimer",
            disclaimer,
            "its article says such statements cannot be verified"
            if row.disclaimed
            else "no verification disclaimer applies",
        ),
        Contribution(
            "conflicts",
            float(len(conflicts)),
            "; ".join(c.explanation for c in conflicts) or "no numeric or temporal conflict",
        ),
        Contribution(
            "thin_evidence",
            thin,
            f"tau {priors.thin_evidence_weight:g} x P(no independent support)",
        ),
    )
    if shared is not None:
        explanation = tuple(_share(c, shared) for c in explanation)
    claim = row.claim
    return ScoredClaim(
        id=claim.id,
        article_id=claim.article_id,
        start=claim.start,
        end=claim.end,
        text=claim.text,
        corroboration=float(corroboration),
        uncertainty=float(uncertainty),
        independent_origins=len(origins),
        origins=origins,
        support=tuple(sorted(support, key=lambda e: -e.probability)),
        contradictions=tuple(sorted(contradictions, key=lambda e: -e.probability)),
        conflicts=tuple(conflicts),
        hedges=row.hedges,
        chain=row.origin.chain,
        explanation=explanation,
        discussion=tuple(sorted(discussion, key=lambda e: -e.probability)),
    )


# --------------------------------------------------------------------------- stories


def _stories(
    rows: Sequence[_Row],
    analyses: Sequence[Any],
    linked: Sequence[tuple[int, int]],
    X: sp.csr_matrix,
    vocabulary: Sequence[str],
) -> tuple[Story, ...]:
    uf = UnionFind()
    for ai in range(len(analyses)):
        uf.find(ai)
    for a, b in linked:
        uf.union(rows[a].article_index, rows[b].article_index)
    members: dict[Hashable, list[int]] = defaultdict(list)
    for ai in range(len(analyses)):
        members[uf.find(ai)].append(ai)
    claims_of: dict[int, list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        claims_of[row.article_index].append(i)
    components = sorted(members.values(), key=lambda m: (-len(m), m[0]))
    stories = []
    for number, articles in enumerate(components, start=1):
        claim_rows = [i for ai in articles for i in claims_of[ai]]
        label = ""
        if claim_rows and X.shape[1]:
            weights = np.asarray(X[claim_rows].sum(axis=0)).ravel()
            top = [vocabulary[k] for k in np.argsort(-weights)[:4] if weights[k] > 0]
            label = " ".join(top)
        stories.append(
            Story(
                id=f"story-{number}",
                label=label or analyses[articles[0]].article.id,
                article_ids=tuple(analyses[ai].article.id for ai in articles),
                claim_ids=tuple(rows[i].claim.id for i in claim_rows),
            )
        )
    return tuple(stories)


# --------------------------------------------------------------------------- sources


def _source_scores(
    rows: Sequence[_Row],
    analyses: Sequence[Any],
    scored: Sequence[ScoredClaim],
    reliability: Mapping[str, float],
    hedging: np.ndarray,
) -> tuple[SourceScore, ...]:
    stats: dict[str, dict[str, Any]] = {}

    def entry(name: str, kind: str) -> dict[str, Any]:
        if name not in stats:
            stats[name] = {
                "kind": kind, "claims": 0, "corroborated": 0, "contradicted": 0, "hedged": 0,
                "anonymous": 0, "conflicts": 0, "duplicates": 0,
            }  # fmt: skip
        elif kind == OUTLET_KIND:
            stats[name]["kind"] = OUTLET_KIND
        return stats[name]

    for analysis in analyses:
        outlet = analysis.article.outlet or analysis.article.id
        e = entry(outlet, OUTLET_KIND)
        e["duplicates"] += sum(1 for p in analysis.paragraphs if p.duplicate_of is not None)
    for row, claim, h in zip(rows, scored, hedging, strict=True):
        targets = [entry(row.outlet, OUTLET_KIND)]
        if row.origin.name != row.outlet:
            targets.append(entry(row.origin.name, row.origin.kind))
        hedged = bool(any(_is_uncertainty_cue(x) for x in row.hedges) or h >= 0.5)
        internal = sum(1 for c in claim.conflicts if c.article_id == claim.article_id)
        for e in targets:
            e["claims"] += 1
            e["corroborated"] += bool(claim.corroboration >= 0.5)
            e["contradicted"] += bool(claim.contradictions or claim.conflicts)
            e["hedged"] += hedged
            e["anonymous"] += row.anonymous
        # Each internal conflict is seen from both of its claims: count it once.
        targets[0]["conflicts"] += internal
    out = []
    for name, e in stats.items():
        n = max(e["claims"], 1)
        out.append(
            SourceScore(
                name=name,
                kind=e["kind"],
                claims=e["claims"],
                corroborated_share=e["corroborated"] / n,
                contradicted_share=e["contradicted"] / n,
                hedging_rate=e["hedged"] / n,
                anonymous_rate=e["anonymous"] / n,
                internal_conflicts=e["conflicts"] // 2,
                duplicated_paragraphs=e["duplicates"],
                reliability=float(reliability.get(name, 0.5)),
            )
        )
    return tuple(sorted(out, key=lambda s: (-s.claims, s.name)))


# --------------------------------------------------------------------------- public API


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
) -> CorroborationResult:
    """Corroboration, uncertainty, evidence and source reliability for a set of articles.

    Parameters
    ----------
    analyses : sequence of ArticleAnalysis
        Analysed articles (:func:`credence.scoring.engine.analyze`).
    stance_model : StanceModel, optional
        Claim/evidence stance (``predict_proba(claims, evidences)``); the bundled default when
        omitted.
    uncertainty_model : UncertaintyModel, optional
        ``predict_proba(texts) -> P(uncertain)``; the bundled default when omitted.
    priors : ScoringPriors, optional
        The documented priors of the scores.
    top_k, min_similarity, max_postings, date_window_days
        Candidate blocking (:func:`credence.scoring.matching.candidate_pairs`).
    tol, max_iter
        Convergence of the reliability iteration (:func:`credence.scoring.sources.truth_discovery`).

    Returns
    -------
    CorroborationResult
        Claims in input order, sources by number of claims, stories by size.
    """
    priors = priors or ScoringPriors()
    stance_model, uncertainty_model = _load_default_models(stance_model, uncertainty_model)
    rows, copies = _fold_copies(_build_rows(analyses, priors), priors)
    n = len(rows)
    texts = [r.claim.text for r in rows]
    X, vectorizer = claim_vectors(texts) if n else (sp.csr_matrix((0, 0)), None)
    vocabulary = list(vectorizer.get_feature_names_out()) if vectorizer is not None else []
    if n > 1 and X.shape[1]:
        first, second, _ = candidate_arrays(
            X,
            top_k=top_k,
            min_similarity=min_similarity,
            max_postings=max_postings,
            block=[r.sentence_key for r in rows],
            dates=[r.analysis.article.published for r in rows],
            date_window_days=date_window_days,
        )
    else:
        first = second = np.zeros(0, dtype=np.int64)
    pairs = _claim_pairs(rows, first, second, _within_article_pairs(rows))
    del first, second
    proba = (
        stance_probabilities(stance_model, texts, pairs)
        if len(pairs)
        else np.zeros((0, len(STANCE_CLASSES)))
    )
    linked = pairs[related_probability(proba) >= priors.link_threshold]
    # Numbers and dates of the same counted thing in one story are compared even when the
    # claims share no words ("the number is higher, at 12,000" vs "the original 11,000").
    extra = _signature_pairs(rows, linked.tolist(), pairs)
    if extra:
        extra_array = np.asarray(extra, dtype=np.int64).reshape(-1, 2)
        pairs = np.vstack([pairs, extra_array])
        proba = np.vstack([proba, stance_probabilities(stance_model, texts, extra_array)])
    items = _pair_items(rows, pairs, proba, priors)

    names: dict[str, int] = {}
    for r in rows:
        names.setdefault(r.origin.name, len(names))
        names.setdefault(r.outlet, len(names))
    tables, items_by_claim, labels = _build_tables(rows, items, names, priors)
    outlet_source = np.array(
        [names[r.outlet] if r.outlet != r.origin.name else -1 for r in rows], dtype=np.int64
    )
    # A claim is informative when it has an item from another origin or a rule-based one;
    # a repeated paragraph's claim is not a second claim of its source.
    speaking = ~tables.item_own | items.with_rule()
    informative = np.bincount(items.claim[speaking], minlength=n) > 0
    informative &= ~np.array([r.duplicate for r in rows], dtype=bool)

    def score(reliability: np.ndarray) -> np.ndarray:
        return _score_arrays(tables, reliability, priors, reliability[tables.claim_source])[0]

    fit = truth_discovery(
        score,
        [tables.claim_source, outlet_source],
        informative,
        len(names),
        alpha=priors.reliability_alpha,
        beta=priors.reliability_beta,
        tol=tol,
        max_iter=max_iter,
    )
    corroboration, S, D = _score_arrays(
        tables, fit.reliability, priors, fit.reliability[tables.claim_source]
    )
    hedging = _uncertainty_probabilities(uncertainty_model, texts)
    cue_reasons = _cue_reasons(uncertainty_model, rows, hedging)
    reliability = {name: float(fit.reliability[k]) for name, k in names.items()}
    shared: dict[Any, Any] = {}
    scored = [
        _scored_claim(
            rows[c],
            [items[k] for k in items_by_claim[c]],
            labels[c],
            rows,
            reliability,
            corroboration[c],
            S[c],
            D[c],
            float(hedging[c]),
            priors,
            shared,
            cue_reasons[c],
        )
        for c in range(n)
    ]
    del shared
    for c, found in copies.items():
        scored[c] = replace(scored[c], copies=tuple(found))
    return CorroborationResult(
        claims=tuple(scored),
        sources=_source_scores(rows, analyses, scored, reliability, hedging),
        stories=_stories(rows, analyses, linked.tolist(), X, vocabulary),
        iterations=fit.iterations,
        converged=fit.converged,
        candidate_pairs=len(pairs),
        linked_pairs=len(linked),
    )


def check_claim(
    claim_text: str,
    analyses: Sequence[Any],
    *,
    stance_model: Any = None,
    uncertainty_model: Any = None,
    result: CorroborationResult | None = None,
    priors: ScoringPriors | None = None,
    top_k: int = 20,
    min_similarity: float = 0.05,
    extractors: Extractors | None = None,
) -> ScoredClaim:
    """Score one claim (typed by a person) against the claims of ``analyses``.

    The claim is matched with its ``top_k`` most similar claims (TF-IDF cosine; one sparse
    row product, linear in the set), read by the stance model, checked for numeric and
    temporal conflicts, and scored with the same formulas as :func:`corroborate`. Source
    reliabilities come from ``result`` when given (e.g. a previous :func:`corroborate` of the
    same set), otherwise every source has the prior mean. The claim's own origin is the
    person asking (``"query"``), which never counts as an independent origin of evidence.
    Its hedges, numbers and dates are read with ``extractors`` (give the ones that analysed
    the articles, with their user lexicons; the built-in ones when omitted).

    Raises
    ------
    InputError
        When ``claim_text`` is empty.
    """
    from credence.errors import InputError

    if not claim_text or not claim_text.strip():
        raise InputError("claim", "the claim to check is empty.")
    priors = priors or ScoringPriors()
    stance_model, uncertainty_model = _load_default_models(stance_model, uncertainty_model)
    rows, _ = _fold_copies(_build_rows(analyses, priors), priors)
    query = _query_row(claim_text, extractors)
    q = len(rows)
    all_rows = rows + [query]
    reliability = result.reliability() if result is not None else {}
    items = _Items(np.zeros((0, len(STANCE_CLASSES))), np.zeros(0)).freeze()
    if rows:
        all_texts = [r.claim.text for r in all_rows]
        X, _ = claim_vectors(all_texts)
        sims = (X[:q] @ X[q].T).toarray().ravel()
        order = [int(k) for k in np.argsort(-sims)[:top_k] if sims[k] >= min_similarity]
        pairs = [(q, k) for k in order if not rows[k].duplicate]
        proba = (
            stance_probabilities(stance_model, all_texts, pairs)
            if pairs
            else np.zeros((0, len(STANCE_CLASSES)))
        )
        items = _pair_items(all_rows, pairs, proba, priors, only_claim=q)
    names: dict[str, int] = {}
    for r in all_rows:
        names.setdefault(r.origin.name, len(names))
    tables, items_by_claim, labels = _build_tables(all_rows, items, names, priors)
    r_array = np.array(
        [reliability.get(name, priors.prior_reliability) for name in names], dtype=np.float64
    )
    own = np.full(len(all_rows), priors.prior_reliability)
    corroboration, S, D = _score_arrays(tables, r_array, priors, own)
    hedging = float(np.asarray(uncertainty_model.predict_proba([claim_text])).reshape(-1)[0])
    r_map = {name: float(r_array[k]) for name, k in names.items()}
    r_map.setdefault(_QUERY_ORIGIN, priors.prior_reliability)
    return _scored_claim(
        query,
        [items[k] for k in items_by_claim[q]],
        labels[q],
        all_rows,
        r_map,
        corroboration[q],
        S[q],
        D[q],
        hedging,
        priors,
        cue_reasons=_cue_reasons(uncertainty_model, [query])[0],
    )


@dataclass(frozen=True)
class _QueryClaim:
    id: str
    article_id: str
    sentence: int
    start: int
    end: int
    text: str


def _query_row(claim_text: str, extractors: Extractors | None = None) -> _Row:
    from types import SimpleNamespace

    from credence.features.segment import segment
    from credence.scoring.engine import Extractors

    ex = extractors if extractors is not None else Extractors()
    text = claim_text.strip()
    claim = _QueryClaim("query", _QUERY_ORIGIN, 0, 0, len(text), text)
    _, sentences = segment(text)
    typed = SimpleNamespace(
        article=SimpleNamespace(text=text),
        sentences=sentences,
        quantities=ex["quantities"].extract(text),
        dates=ex["dates"].extract(text),
    )
    quantities, dates = measure_analysis(typed)
    measures = quantities + dates
    hedges = tuple(ex["hedges"].extract(text))
    return _Row(
        claim=claim,
        analysis=None,
        article_index=-1,
        sentence_key=(-1, 0),
        paragraph=-1,
        canonical_paragraph=-1,
        duplicate=False,
        copy_keys=(),
        origin=Origin(_QUERY_ORIGIN, "query"),
        outlet=_QUERY_ORIGIN,
        measures=tuple(measures),
        hedges=hedges,
        disclaimed=False,
        anonymous=False,
    )
