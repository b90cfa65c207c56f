"""The free parameters of the corroboration scores, stated as priors (docs/scores.md)."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ScoringPriors"]


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
        :mod:`credence.features.polarity`).
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
