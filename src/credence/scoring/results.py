"""The results of corroboration: scored claims, their evidence and explanation, stories.

Every type here is immutable and has ``to_dict()`` giving the JSON schema documented in the
README.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from credence.scoring.conflicts import Conflict
from credence.scoring.sources import SourceScore

if TYPE_CHECKING:
    from credence.features.hedges import Hedge

__all__ = [
    "EVIDENCE_FACTORS",
    "Evidence",
    "Contribution",
    "ClaimCopy",
    "ScoredClaim",
    "Story",
    "CorroborationResult",
    "strongest",
]


@dataclass(frozen=True, slots=True)
class Evidence:
    """Another claim that supports, contradicts or discusses a claim.

    ``probability`` is the probability of its ``stance``; ``agreement`` the probability that
    the two claims agree (today the stance model's P(agree), raised to P(related) when their
    numbers agree), so that a reader can weigh it beside the passage (``text``).
    """

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
    #: P(the two claims agree).
    agreement: float = 0.0

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
            "agreement": round(self.agreement, 4),
            "origin": self.origin,
        }

    def reference(self) -> dict[str, Any]:
        """What a reader needs to check it: claim, article, origin, agreement, passage."""
        return {
            "claim_id": self.claim_id,
            "article_id": self.article_id,
            "origin": self.origin,
            "agreement": round(self.agreement, 4),
            "passage": self.text,
        }

    @property
    def explanation(self) -> str:
        """One human-readable line saying what this is and why."""
        text = f"{self.stance} (p={self.probability:.2f}) from {self.origin} in {self.article_id}"
        return f"{text}; {self.detail}" if self.detail else text


@dataclass(frozen=True, slots=True)
class Contribution:
    """One factor of a score: its name, its value and a sentence saying where it came from.

    The ``support`` and ``contradictions`` factors also name their ``evidence``: each
    supporting (contradicting) claim with its article, origin, agreement and passage.
    """

    factor: str
    value: float
    detail: str
    evidence: tuple[Evidence, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (the schema documented in the README)."""
        out: dict[str, Any] = {
            "factor": self.factor,
            "value": round(float(self.value), 4),
            "detail": self.detail,
        }
        if self.factor in EVIDENCE_FACTORS:
            out["evidence"] = [e.reference() for e in self.evidence]
        return out


#: The factors of an explanation that list their evidence.
EVIDENCE_FACTORS = ("support", "contradictions")


def strongest(evidence: Sequence[Evidence], own_origin: str) -> Evidence | None:
    """The strongest of ``evidence``: the most probable from another origin, else the most
    probable (``None`` when there is none).
    """
    if not evidence:
        return None
    return max(evidence, key=lambda e: (e.origin != own_origin, e.probability))


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
    #: The name of its own origin (not part of ``to_dict``; see ``chain``).
    origin: str = ""
    #: P(some event of the claim is not presented as having certainly happened), by the
    #: uncertainty model's event-factuality output; None when the model has none.
    nonfactual: float | None = None

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
            "nonfactual": None if self.nonfactual is None else round(self.nonfactual, 4),
            "independent_origins": self.independent_origins,
            "origins": list(self.origins),
            "support": [e.to_dict() for e in self.support],
            "contradictions": [e.to_dict() for e in self.contradictions],
            "conflicts": [c.to_dict() for c in self.conflicts],
            "hedges": [h.to_dict() for h in self.hedges],
            "chain": list(self.chain),
            "explanation": [c.to_dict() for c in self.explanation],
            "copies": [c.to_dict() for c in self.copies],
            "strongest_support": _or_none(self.strongest_support),
            "strongest_contradiction": _or_none(self.strongest_contradiction),
        }

    @property
    def strongest_support(self) -> Evidence | None:
        """The supporting claim that weighs most: the most probable from another origin."""
        return strongest(self.support, self.origin)

    @property
    def strongest_contradiction(self) -> Evidence | None:
        """The contradicting claim that weighs most: the most probable from another origin."""
        return strongest(self.contradictions, self.origin)


def _or_none(evidence: Evidence | None) -> dict[str, Any] | None:
    return evidence.to_dict() if evidence is not None else None


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
    #: What candidate blocking kept and capped (credence.scoring.matching.BlockingStats).
    blocking: Any = None

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
            "blocking": self.blocking.to_dict() if self.blocking is not None else None,
        }

    def reliability(self) -> dict[str, float]:
        """``{source name: reliability}``."""
        return {s.name: s.reliability for s in self.sources}
