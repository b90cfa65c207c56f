"""The scoring formula: evidence grouped by independent origin, then noisy-OR scores.

:func:`build_tables` groups each claim's evidence items by independent origin
(:func:`credence.scoring.independence.independent_groups`) into flat arrays;
:func:`score_arrays` computes corroboration, support and contradiction of every claim from
them in one vectorised pass, in the reliability loop of
:func:`credence.scoring.corroboration.corroborate` and for a single checked claim alike;
:func:`uncertainty_of` combines a claim's causes of uncertainty. The formulas and priors
are in ``docs/scores.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from credence.scoring.claim_rows import QUERY_ORIGIN, ClaimRow
from credence.scoring.evidence import EvidenceItems
from credence.scoring.independence import independent_groups, shingles
from credence.scoring.priors import ScoringPriors

__all__ = [
    "ScoreTables",
    "ItemsByClaim",
    "build_tables",
    "claim_labels",
    "Labeller",
    "score_arrays",
    "origin_strengths",
    "expected_origins",
    "uncertainty_of",
]


@dataclass
class ScoreTables:
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


def score_arrays(
    tables: ScoreTables, reliability: np.ndarray, priors: ScoringPriors, own_reliability: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Corroboration, support S and contradiction D of every claim of ``tables``.

    The one implementation of the formula (docs/scores.md), for one claim and for many:
    within an independence group the strongest item counts, groups combine by noisy-OR
    (S, D), and ``corroboration = (1 - D) * (1 - (1 - lambda * r_own) * (1 - S))``.

    Parameters
    ----------
    tables : ScoreTables
        The evidence items, their groups and sources (:func:`build_tables`).
    reliability : ndarray
        Reliability of every source, by source index.
    priors : ScoringPriors
        The priors (``lone_claim_weight`` is lambda).
    own_reliability : ndarray
        Reliability of each claim's own origin.

    Returns
    -------
    corroboration, S, D : ndarray
        One value per claim.
    """
    n = tables.n_claims
    group_support, group_contra = origin_strengths(tables, reliability)
    log_no_support = np.zeros(n)
    log_no_contra = np.zeros(n)
    np.add.at(log_no_support, tables.group_claim, np.log1p(-np.minimum(group_support, 1 - 1e-12)))
    np.add.at(log_no_contra, tables.group_claim, np.log1p(-np.minimum(group_contra, 1 - 1e-12)))
    S = 1.0 - np.exp(log_no_support)
    D = 1.0 - np.exp(log_no_contra)
    base = priors.lone_claim_weight * own_reliability
    corroboration = (1.0 - D) * (1.0 - (1.0 - base) * (1.0 - S))
    return corroboration, S, D


def origin_strengths(tables: ScoreTables, reliability: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Support and contradiction of every independent origin (group) of ``tables``.

    Each is the strongest of the group's items, weighted by its source's reliability; an
    item of the claim's own origin supports nothing.

    Returns
    -------
    group_support, group_contradiction : ndarray
        One value per group (``tables.group_claim`` gives its claim).
    """
    groups = len(tables.group_claim)
    weight = reliability[tables.item_source] if len(tables.item_source) else np.zeros(0)
    support = np.where(tables.item_own, 0.0, weight * tables.item_support)
    contra = weight * tables.item_contradiction
    group_support = np.zeros(groups)
    group_contra = np.zeros(groups)
    np.maximum.at(group_support, tables.item_group, support)
    np.maximum.at(group_contra, tables.item_group, contra)
    return group_support, group_contra


def expected_origins(tables: ScoreTables, reliability: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Expected numbers of independent origins that assert and that contradict each claim.

    The sums over each claim's groups of :func:`origin_strengths`: an origin that agrees
    with probability 0.6 is 0.6 of an agreeing origin.

    Returns
    -------
    agreeing, contradicting : ndarray
        One value per claim.
    """
    group_support, group_contra = origin_strengths(tables, reliability)
    n = tables.n_claims
    return (
        np.bincount(tables.group_claim, group_support, minlength=n),
        np.bincount(tables.group_claim, group_contra, minlength=n),
    )


class ItemsByClaim:
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


def claim_labels(
    rows: Sequence[ClaimRow],
    evidence_of: np.ndarray,
    by_claim: ItemsByClaim,
    claims: Sequence[int],
    priors: ScoringPriors,
) -> list[list[int]]:
    """The independent-origin labels of each of ``claims``' evidence (internal).

    For a claim, :func:`~credence.scoring.independence.independent_groups` of its own origin
    then of each of its items (``by_claim[c]``, the item's evidence row ``evidence_of[k]``):
    equal labels are one origin. Each claim's labels depend on the rows alone, so runs of
    claims may be labelled apart (by the workers, :mod:`credence.scoring.table_batches`).
    """
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

    out: list[list[int]] = []
    for c in claims:
        row = rows[c]
        keys: list[tuple[str, tuple[Hashable, ...]]] = [
            (row.origin.name, row.copy_keys + (("claim", c),))
        ]
        own = frozenset(shingles_of(c).tolist()) if row.origin.kind != QUERY_ORIGIN else frozenset()
        own_voice = row.origin.name == row.outlet
        for evidence in evidence_of[by_claim[c]].tolist():
            e = rows[evidence]
            copies = e.copy_keys
            # A near-verbatim copy of the claim itself is the same text, not a new witness.
            if row.origin.kind != QUERY_ORIGIN and copied(own, shingles_of(evidence)):
                copies = copies + (("claim", c),)
            # An outlet's unattributed sentence and a sentence it attributes in the same
            # article are one account: the lede restates the sources the body cites.
            elif e.article_index == row.article_index and own_voice != (e.origin.name == e.outlet):
                copies = copies + (("claim", c),)
            keys.append((e.origin.name, copies))
        out.append(independent_groups(keys))
    return out


#: ``labels(by_claim, claims)``: :func:`claim_labels` of ``claims``, however computed.
Labeller = Callable[[ItemsByClaim, Sequence[int]], list[list[int]]]


def build_tables(
    rows: Sequence[ClaimRow],
    items: EvidenceItems,
    source_index: Mapping[str, int],
    priors: ScoringPriors,
    labeller: Labeller | None = None,
) -> tuple[ScoreTables, ItemsByClaim, list[list[int]]]:
    """The score tables of ``items``, each claim's items labelled by independent origin.

    ``labeller`` computes :func:`claim_labels` (default: in this process); the tables are
    the same whichever computes them.
    """
    by_claim = ItemsByClaim(items.claim, len(rows))
    item_group = np.zeros(len(items), dtype=np.int64)
    item_own = np.zeros(len(items), dtype=bool)
    group_claim: list[int] = []
    item_labels: list[list[int]] = [[] for _ in rows]
    claims = by_claim.claims.tolist()
    if labeller is None:
        labelled = claim_labels(rows, items.evidence, by_claim, claims, priors)
    else:
        labelled = labeller(by_claim, claims)
    for c, labels in zip(claims, labelled, strict=True):
        local: dict[int, int] = {}
        for label in labels:
            if label not in local:
                local[label] = len(group_claim)
                group_claim.append(c)
        for k, label in zip(by_claim[c], labels[1:], strict=True):
            item_group[k] = local[label]
            item_own[k] = label == labels[0]
        item_labels[c] = labels
    origin_source = np.array([source_index[r.origin.name] for r in rows], dtype=np.int64)
    tables = ScoreTables(
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


def uncertainty_of(
    hedging: float, disclaimer: float, contradiction: float, support: float, priors: ScoringPriors
) -> tuple[float, float]:
    """A claim's uncertainty (noisy-OR of its four causes) and its thin-evidence part."""
    thin = priors.thin_evidence_weight * (1.0 - support)
    value = 1.0 - (1.0 - hedging) * (1.0 - disclaimer) * (1.0 - contradiction) * (1.0 - thin)
    return value, thin
