"""Explanations: a scored claim's evidence sorted by stance, and the text of its factors.

:func:`scored_claim` turns one claim's evidence items and scores into a
:class:`~credence.scoring.results.ScoredClaim`: the linked claims sorted into support,
contradictions and discussion, its numeric and temporal conflicts, its independent origins,
and one :class:`~credence.scoring.results.Contribution` per factor of its scores, each with
a sentence saying where it came from. :func:`hedge_cue_reasons` finds the hedge cues that
moved a claim's P(uncertain).
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from credence.scoring.claim_rows import QUERY_ORIGIN, ClaimRow
from credence.scoring.conflicts import Conflict
from credence.scoring.evidence import DISAGREE, DISCUSS, EvidenceItem
from credence.scoring.formula import uncertainty_of
from credence.scoring.parallel import RowsInWorkers
from credence.scoring.priors import ScoringPriors
from credence.scoring.results import Contribution, Evidence, ScoredClaim

__all__ = ["hedge_cue_reasons", "scored_claim"]


def _evidence(
    row: ClaimRow,
    proba_value: float,
    stance: str,
    claim_id: str | None = None,
    detail: str = "",
    agreement: float = 0.0,
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
        agreement=float(agreement),
    )


def _stance_of(item: EvidenceItem, priors: ScoringPriors) -> tuple[str, float]:
    if item.polarity is not None:
        # A polarity contradiction decides the stance, whatever the model's largest class.
        return "disagree", max(float(item.proba[DISAGREE]), priors.polarity_weight)
    if item.substitution is not None:
        # So does another name in the same words ("in Texas" / "in Nevada").
        return "disagree", max(float(item.proba[DISAGREE]), priors.conflict_weight)
    values = {
        "agree": item.support,
        "disagree": float(item.proba[DISAGREE]),
        "discuss": float(item.proba[DISCUSS]),
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
            else Contribution(
                contribution.factor, contribution.value, detail, contribution.evidence
            )
        )
        shared[contribution] = found
    return found


def _substitution_conflict(row: ClaimRow, other: ClaimRow, found: Any) -> Conflict:
    # Offsets of the two names in their articles (the rule read the asserted texts).
    spans = []
    for r, name in ((row, found.mine), (other, found.theirs)):
        at = max(r.claim.text.find(name), 0)
        start = r.claim.start + at
        spans.append((r.claim.article_id, start, start + len(name), name))
    return Conflict(
        kind="attribute",
        with_claim=other.claim.id,
        values=(found.mine, found.theirs),
        article_id=other.claim.article_id,
        spans=tuple(spans),
        attribute=found.attribute,
        attribute_values=(found.mine, found.theirs),
    )


@dataclass
class _SortedEvidence:
    """One claim's linked claims by stance, its conflicts and its independent origins."""

    support: list[Evidence] = field(default_factory=list)
    contradictions: list[Evidence] = field(default_factory=list)
    discussion: list[Evidence] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    polarity_details: list[str] = field(default_factory=list)
    origins: tuple[str, ...] = ()


def _sort_evidence(
    row: ClaimRow,
    claim_items: Sequence[EvidenceItem],
    labels: Sequence[int],
    rows: Sequence[ClaimRow],
    priors: ScoringPriors,
) -> _SortedEvidence:
    # ``labels[0]`` is the claim's own independence group, ``labels[1:]`` its items' groups.
    found = _SortedEvidence()
    support_labels = {labels[0]} if labels else set()
    names_by_label: dict[int, str] = {labels[0]: row.origin.name} if labels else {}
    for item, label in zip(claim_items, labels[1:], strict=True):
        other = rows[item.evidence]
        for mine, theirs in item.conflicts:
            found.conflicts.append(
                Conflict(
                    kind=mine.kind,
                    with_claim=other.claim.id,
                    values=(mine.span.text, theirs.span.text),
                    article_id=other.claim.article_id,
                    event=mine.signature.event,
                )
            )
        if item.substitution is not None:
            found.conflicts.append(_substitution_conflict(row, other, item.substitution))
        if item.related < priors.link_threshold:
            continue
        stance, p = _stance_of(item, priors)
        detail = item.polarity.explanation if item.polarity is not None else ""
        evidence = _evidence(other, p, stance, detail=detail, agreement=item.support)
        if detail:
            found.polarity_details.append(f"{detail} ({other.claim.id})")
        if stance == "agree":
            found.support.append(evidence)
            support_labels.add(label)
            names_by_label.setdefault(label, other.origin.name)
        elif stance == "disagree":
            found.contradictions.append(evidence)
        else:
            found.discussion.append(evidence)
    if not labels:
        support_labels = {0}
        names_by_label = {0: row.origin.name}
    origins = tuple(names_by_label[label] for label in sorted(support_labels))
    if row.origin.kind == QUERY_ORIGIN:
        # The person asking is no origin of evidence: count only the set's origins.
        origins = tuple(name for name in origins if name != QUERY_ORIGIN)
    found.origins = origins
    return found


def _by_probability(evidence: Sequence[Evidence]) -> tuple[Evidence, ...]:
    return tuple(sorted(evidence, key=lambda e: -e.probability))


def _contributions(
    row: ClaimRow,
    found: _SortedEvidence,
    linked: int,
    scores: tuple[float, float, float, float, float],
    own_r: float,
    priors: ScoringPriors,
    cue_reasons: Sequence[tuple[Any, float]],
) -> tuple[Contribution, ...]:
    # ``scores``: support S, contradiction D, P(uncertain), disclaimer, thin evidence.
    S, D, hedging, disclaimer, thin = scores
    support, contradictions, conflicts = found.support, found.contradictions, found.conflicts
    origins, polarity_details = found.origins, found.polarity_details
    independent = [e for e in support if e.origin != row.origin.name]
    others = [name for name in origins if name != row.origin.name]
    return (
        Contribution(
            "support",
            S,
            f"{len(others)} other independent origin(s) agree"
            + (f": {', '.join(others)}" if others else "")
            + f"; noisy-OR of P(agree) x reliability over origins, soft evidence from all "
            f"{linked} linked claim(s) ({len(support)} mainly agreeing, "
            f"{len(independent)} of them from other origins)",
            _by_probability(support),
        ),
        Contribution(
            "contradictions",
            D,
            f"{len(contradictions)} mainly contradicting claim(s) and {len(conflicts)} "
            "conflict(s); noisy-OR of P(disagree) (or the conflict or polarity prior) x "
            f"reliability over origins, soft evidence from all {linked} linked claim(s)"
            + ("; " + "; ".join(polarity_details) if polarity_details else ""),
            _by_probability(contradictions),
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


def scored_claim(
    row: ClaimRow,
    claim_items: Sequence[EvidenceItem],
    labels: Sequence[int],
    rows: Sequence[ClaimRow],
    reliability: Mapping[str, float],
    corroboration: float,
    S: float,
    D: float,
    hedging: float,
    priors: ScoringPriors,
    shared: dict[Any, Any] | None = None,
    cue_reasons: Sequence[tuple[Any, float]] = (),
    attribute_conflicts: Sequence[Conflict] = (),
    *,
    nonfactual: tuple[float, Sequence[tuple[str, float]]] | None = None,
) -> ScoredClaim:
    """The scored claim of ``row``: its evidence by stance, its scores and their explanation.

    Parameters
    ----------
    row : ClaimRow
        The claim.
    claim_items, labels
        Its evidence items and their independence groups (``labels[0]`` is its own).
    rows : sequence of ClaimRow
        Every row (the items point into it).
    reliability : mapping
        Reliability by source name.
    corroboration, S, D : float
        Its scores (:func:`credence.scoring.formula.score_arrays`).
    hedging : float
        Its P(uncertain) by the uncertainty model.
    priors : ScoringPriors
        The priors.
    shared : dict, optional
        Equal contributions of many claims are shared through it (memory of large sets).
    cue_reasons : sequence of (Hedge, float)
        The hedge cues that moved P(uncertain) (:func:`hedge_cue_reasons`).
    attribute_conflicts : sequence of Conflict
        Its attribute slips (:func:`credence.scoring.attributes.attribute_conflicts`):
        reported with its conflicts; they do not change its scores.
    nonfactual : (float, sequence of (str, float)), optional
        Its P(nonfactual) by the uncertainty model's event-factuality output and the cues
        that moved it (:mod:`credence.models.uncertainty_outputs`): reported as
        ``nonfactual`` with a ``nonfactual`` contribution; it changes no other score.
    """
    found = _sort_evidence(row, claim_items, labels, rows, priors)
    found.conflicts.extend(attribute_conflicts)
    disclaimer = priors.disclaimer_weight if row.disclaimed else 0.0
    uncertainty, thin = uncertainty_of(hedging, disclaimer, D, S, priors)
    own_r = reliability.get(row.origin.name, priors.prior_reliability)
    explanation = _contributions(
        row, found, len(claim_items), (S, D, hedging, disclaimer, thin), own_r, priors, cue_reasons
    )
    if nonfactual is not None:
        explanation += (_nonfactual_contribution(*nonfactual),)
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
        nonfactual=None if nonfactual is None else float(nonfactual[0]),
        independent_origins=len(found.origins),
        origins=found.origins,
        support=_by_probability(found.support),
        contradictions=_by_probability(found.contradictions),
        conflicts=tuple(found.conflicts),
        hedges=row.hedges,
        chain=row.origin.chain,
        explanation=explanation,
        discussion=_by_probability(found.discussion),
        origin=row.origin.name,
    )


def hedge_cue_reasons(
    uncertainty_model: Any, rows: Sequence[ClaimRow], proba: np.ndarray | None = None
) -> list[list[tuple[Any, float]]]:
    """Per row, the hedge cues that moved its P(uncertain), with the change (see
    :func:`~credence.models.uncertainty.cue_contributions`); cues that did not are no reason.
    """
    from credence.models.uncertainty_cues import cue_contributions, moving_cues

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
        # One call for all the texts (and one for the texts without each cue), read in
        # batches by the workers (``--workers``).
        RowsInWorkers(uncertainty_model),
        [texts[i] for i in with_cues],
        [spans[i] for i in with_cues],
        None if proba is None else proba[with_cues],
        batch_size=sys.maxsize,
    )
    for i, change in zip(with_cues, changes, strict=True):
        reasons[i] = moving_cues(cues[i], change)
    return reasons


def _nonfactual_contribution(proba: float, reasons: Sequence[tuple[str, float]]) -> Contribution:
    text = (
        "P(some event of the claim is not presented as having certainly happened: future, "
        "modal, conditional, negated, questioned, reported or hedged) by the uncertainty "
        "model's event-factuality output"
    )
    if reasons:
        listed = ", ".join(f"{cue} {change:+.2f}" for cue, change in reasons)
        text += f"; cues that moved it (change in P when the cue is removed): {listed}"
    return Contribution("nonfactual", proba, text)


def _hedge_description(reasons: Sequence[tuple[Any, float]]) -> str:
    text = "P(uncertain) of the claim text by the uncertainty model"
    if not reasons:
        return text
    listed = ", ".join(
        f"{cue.text!r} ({'negated ' if cue.negated else ''}{cue.category}) {change:+.2f}"
        for cue, change in reasons
    )
    return f"{text}; cues that moved it (change in P when the cue is removed): {listed}"
