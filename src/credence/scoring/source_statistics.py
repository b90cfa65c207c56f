"""Source statistics: per outlet and cited origin, what share of its claims is corroborated,
contradicted, hedged or anonymous, with its internal conflicts and repeated paragraphs.

The columns of the sources table and of ``sources`` in the JSON report (docs/scores.md);
the reliability beside them is fitted by :func:`credence.scoring.sources.truth_discovery`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from credence.scoring.claim_rows import ClaimRow, is_uncertainty_cue
from credence.scoring.independence import OUTLET_KIND
from credence.scoring.results import ScoredClaim
from credence.scoring.sources import SourceScore

__all__ = ["claim_facts", "corroborated", "SourceTally", "source_statistics"]


def corroborated(claim: ScoredClaim) -> bool:
    """Whether a claim of another independent origin more likely than not agrees with ``claim``.

    Read from its support: a supporting claim whose origin is one of the claim's independent
    ``origins`` other than its own, with agreement probability at least 0.5. Relays of its
    own origin and copies of its text do not corroborate it.
    """
    others = set(claim.origins) - {claim.origin}
    return any(e.origin in others and e.agreement >= 0.5 for e in claim.support)


def claim_facts(claim: ScoredClaim) -> tuple[bool, bool, int]:
    """What the sources table counts of a scored claim: (corroborated, contradicted, number
    of its conflicts with a claim of its own article).
    """
    internal = sum(1 for c in claim.conflicts if c.article_id == claim.article_id)
    return corroborated(claim), bool(claim.contradictions or claim.conflicts), internal


class SourceTally:
    """Per-source counts, added one scored claim at a time (sums per source, not claims).

    :func:`source_statistics` over a whole set equals a tally fed the same claims in the same
    order; a streaming run feeds each claim as it is scored and keeps no scored claim.

    Parameters
    ----------
    analyses : sequence of ArticleAnalysis
        The articles of the set (their outlets and repeated paragraphs are counted first).
    reliability : mapping
        Reliability by source name, as fitted.
    """

    def __init__(self, analyses: Sequence[Any], reliability: Mapping[str, float]) -> None:
        self.reliability = reliability
        self.stats: dict[str, dict[str, Any]] = {}
        for analysis in analyses:
            outlet = analysis.article.outlet or analysis.article.id
            e = self._entry(outlet, OUTLET_KIND)
            e["duplicates"] += sum(1 for p in analysis.paragraphs if p.duplicate_of is not None)

    def _entry(self, name: str, kind: str) -> dict[str, Any]:
        stats = self.stats
        if name not in stats:
            stats[name] = {
                "kind": kind, "claims": 0, "corroborated": 0, "contradicted": 0, "hedged": 0,
                "anonymous": 0, "conflicts": 0, "duplicates": 0,
            }  # fmt: skip
        elif kind == OUTLET_KIND:
            stats[name]["kind"] = OUTLET_KIND
        return stats[name]

    def add(self, row: ClaimRow, claim: ScoredClaim, hedging: float) -> None:
        """Count one scored claim (``hedging``: its P(uncertain)) for its outlet and origin."""
        self.add_facts(row, claim_facts(claim), hedging)

    def add_facts(self, row: ClaimRow, facts: tuple[bool, bool, int], hedging: float) -> None:
        """:meth:`add` of a claim made elsewhere (a worker), by its :func:`claim_facts`."""
        is_corroborated, contradicted, internal = facts
        targets = [self._entry(row.outlet, OUTLET_KIND)]
        if row.origin.name != row.outlet:
            targets.append(self._entry(row.origin.name, row.origin.kind))
        hedged = bool(any(is_uncertainty_cue(x) for x in row.hedges) or hedging >= 0.5)
        for e in targets:
            e["claims"] += 1
            e["corroborated"] += is_corroborated
            e["contradicted"] += contradicted
            e["hedged"] += hedged
            e["anonymous"] += row.anonymous
        # Each internal conflict is seen from both of its claims: count it once.
        targets[0]["conflicts"] += internal

    def sources(self) -> tuple[SourceScore, ...]:
        """One :class:`SourceScore` per outlet and cited origin, most claims first."""
        out = []
        for name, e in self.stats.items():
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
                    reliability=float(self.reliability.get(name, 0.5)),
                )
            )
        return tuple(sorted(out, key=lambda s: (-s.claims, s.name)))


def source_statistics(
    rows: Sequence[ClaimRow],
    analyses: Sequence[Any],
    scored: Sequence[ScoredClaim],
    reliability: Mapping[str, float],
    hedging: np.ndarray,
) -> tuple[SourceScore, ...]:
    """One :class:`SourceScore` per outlet and per cited origin, most claims first.

    A claim counts for its origin and for the outlet that published it. It is *hedged* when
    it has an uncertainty cue or its P(uncertain) (``hedging``) is at least 0.5,
    *corroborated* when a claim of another independent origin more likely than not agrees
    with it (:func:`corroborated`), *contradicted* when it has a
    contradicting claim or a conflict.
    """
    tally = SourceTally(analyses, reliability)
    for row, claim, h in zip(rows, scored, hedging, strict=True):
        tally.add(row, claim, h)
    return tally.sources()
