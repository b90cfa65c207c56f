"""Contrast features of the stance model: where an evidence text's cues sit relative to the
sentences that match its claim.

A body that disagrees with a claim usually says so *near* the passage that restates the
claim ("the report that X ... is a hoax", "officials denied that X"); a body that only
discusses it hedges there ("reportedly", "according to"); a body that merely mentions the
topic carries its cues elsewhere. Counting cues over the whole body or a fixed window misses
that: these features weigh each sentence's cue counts by its similarity to the claim, take the
claim similarity of the best sentence bearing each cue, and compare the claim's own
polarity and hedging with that of its best-matching sentences. They are relations between a
claim and one evidence only (no word identifies a story), so they hold on new topics.
"""

from __future__ import annotations

import numpy as np

__all__ = ["CONTRAST_FEATURES", "contrast_feature_names", "contrast_features"]

#: What is computed for each cue kind (see :func:`contrast_features`).
CONTRAST_FEATURES = ("simweighted", "best_cued_sim", "best_cued_relative", "first_cued_position")


def contrast_feature_names(cue_names: tuple[str, ...]) -> list[str]:
    """Column names of :func:`contrast_features`, for cues named ``cue_names``."""
    names = [f"contrast_{cue}_{what}" for cue in cue_names for what in CONTRAST_FEATURES]
    return names + [
        "contrast_negation_parity_top3",
        "contrast_refute_reported_simweighted",
        "contrast_claim_hedged_evidence_refutes",
        "contrast_claim_refutes_evidence_silent",
    ]


def contrast_features(
    sims: np.ndarray, sent_cues: np.ndarray, claim_cues: np.ndarray
) -> np.ndarray:
    """Contrast features of ``k`` claims against one evidence text of ``n`` sentences.

    Parameters
    ----------
    sims : ndarray, shape (n, k)
        TF-IDF cosine of each evidence sentence with each claim.
    sent_cues : ndarray, shape (n, c)
        Cue counts of each evidence sentence, columns in ``CUE_NAMES`` order (refute,
        negation, discuss, confirm).
    claim_cues : ndarray, shape (k, c)
        Cue counts of each claim.

    Returns
    -------
    ndarray, shape (k, 4 * c + 4)
        Per cue: the similarity-weighted mean cue count of the sentences; the highest claim
        similarity of a sentence bearing the cue (0 when none does), alone and relative to
        the best sentence's; the position (0 to 1) of the first sentence bearing it (1 when
        none does). Then: the share of the three best-matching sentences whose negation
        parity differs from the claim's; the similarity-weighted count of sentences both
        refuting and reporting ("officials denied …", a quoted denial); whether a hedged
        claim ("reports say X") meets refutation in its best-matching sentences; whether a
        refuting claim ("X is a hoax") meets none there.
    """
    n, k = sims.shape
    cued = sent_cues > 0  # n x c
    weights = np.clip(sims, 0.0, None)
    total = weights.sum(axis=0) + 1e-6  # k
    simweighted = (weights.T @ sent_cues) / total[:, None]  # k x c
    best_sim = weights.max(axis=0) + 1e-6  # k
    best_cued = (weights[:, :, None] * cued[:, None, :]).max(axis=0)  # k x c
    first = np.where(cued.any(axis=0), cued.argmax(axis=0) / max(n - 1, 1), 1.0)  # c
    per_cue = np.stack(
        [
            simweighted,
            best_cued,
            best_cued / best_sim[:, None],
            np.broadcast_to(first, simweighted.shape),
        ],
        axis=2,
    ).reshape(k, -1)

    top = min(3, n)
    top_idx = np.argsort(-sims, axis=0, kind="stable")[:top]  # top x k
    sentence_parity = sent_cues[:, 1] % 2
    claim_parity = claim_cues[:, 1] % 2
    parity_differs = (sentence_parity[top_idx] != claim_parity[None, :]).mean(axis=0)
    reported_refutation = (cued[:, 0] & cued[:, 2]).astype(np.float64)
    refute_reported = (weights.T @ reported_refutation) / total
    top_refutes = sent_cues[top_idx, 0].sum(axis=0) > 0  # k
    claim_hedged = claim_cues[:, 2] > 0
    claim_refutes = claim_cues[:, 0] > 0
    tail = np.column_stack(
        [
            parity_differs,
            refute_reported,
            claim_hedged & top_refutes,
            claim_refutes & ~top_refutes,
        ]
    )
    return np.hstack([per_cue, tail.astype(np.float64)])
