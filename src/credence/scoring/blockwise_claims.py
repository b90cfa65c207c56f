"""The scored claims of the chunked stage, with their evidence and explanations.

The output pass of :mod:`credence.scoring.blockwise` scores each chunk from its stored
tables. For the claims themselves as ``credence score --format json`` gives them (the
strongest supporting and contradicting claims with their article, origin, agreement
probability and passage; the explanation's contributions; hedge cues; copies), a chunk's
evidence items are made again from every pair that touches its claims
(:meth:`~credence.scoring.blockwise_evidence.EvidencePass.every_pair`: the readings are
looked up in the store, not computed), grouped by independent origin as the in-memory path
groups them, and each claim is made by the in-memory path's own function,
:func:`~credence.scoring.explanations.scored_claim`, with the scores of the stored tables
and the fitted reliabilities.

In one chunk the claims are the in-memory ones, attribute slips included (a story's
articles read whole, :mod:`~credence.scoring.blockwise_slips`). Across chunks, a pair
read by an earlier chunk is read again here, where the earlier claim's article is read in
part: its item can differ from the one the scores used
(:mod:`~credence.scoring.blockwise_pairs`; 12 of 223,321 items at 1,000 articles), so an
explanation can differ from its scores by as much.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import numpy as np

from credence.errors import DataError
from credence.scoring.blockwise_evidence import ChunkScores, EvidencePass
from credence.scoring.conflicts import Conflict
from credence.scoring.explanations import hedge_cue_reasons, scored_claim
from credence.scoring.formula import build_tables
from credence.scoring.priors import ScoringPriors
from credence.scoring.results import ClaimCopy, ScoredClaim
from credence.scoring.table_batches import labeller

__all__ = ["chunk_claims"]


def chunk_claims(
    evidence: EvidencePass,
    chunk: ChunkScores,
    scores: tuple[np.ndarray, np.ndarray, np.ndarray],
    reliability: Mapping[str, float],
    uncertainty_model: Any,
    copies: Mapping[int, Sequence[ClaimCopy]],
    shared: dict[Any, Any],
    slips: Mapping[int, Sequence[Conflict]] | None = None,
) -> Iterator[ScoredClaim]:
    """Each claim of ``chunk`` as a :class:`~credence.scoring.results.ScoredClaim`, in order.

    Parameters
    ----------
    evidence : EvidencePass
        Reads the chunk's rows and pairs (its copies set).
    chunk : ChunkScores
        The chunk's stored tables.
    scores : (corroboration, S, D)
        The chunk's scores with the fitted reliabilities (:meth:`ChunkScores.score`).
    reliability : mapping
        Reliability by source name.
    uncertainty_model : object
        The uncertainty model (the store's cached one): P(uncertain), P(nonfactual) and
        the hedge cues that moved them.
    copies : mapping
        The copies of each claim ``seq`` (:func:`~credence.scoring.blockwise_copies.copies_of`).
    shared : dict
        Equal contributions shared between claims (as ``ScoringStage.scored_claims``).
    slips : mapping, optional
        The attribute slips of each claim ``seq``
        (:class:`~credence.scoring.blockwise_slips.StorySlips`).

    Raises
    ------
    DataError
        When the stored claims changed since the tables were made.
    """
    from credence.scoring.corroboration import sentence_outputs

    priors: ScoringPriors = evidence.priors
    lo, hi = int(chunk.seqs.min()), int(chunk.seqs.max()) + 1
    read, mine, items = evidence.every_pair(lo, hi)
    if not np.array_equal(read.seqs[mine], chunk.seqs):
        raise DataError("blockwise", "the stored claims changed while the run read them")
    rows = read.rows
    names: dict[str, int] = {}
    for r in rows:  # the tables' source indices are not read here: the labels are
        names.setdefault(r.origin.name, len(names))
        names.setdefault(r.outlet, len(names))
    _, by_claim, labels = build_tables(
        rows, items, names, priors, labeller(rows, items.evidence, priors)
    )
    own = np.flatnonzero(mine).tolist()
    outputs = sentence_outputs(uncertainty_model, [rows[i].claim.text for i in own])
    cues = hedge_cue_reasons(uncertainty_model, [rows[i] for i in own], outputs.uncertainty)
    nonfactual = outputs.second()
    corroboration, S, D = scores
    for k, i in enumerate(own):
        seq = int(chunk.seqs[k])
        claim = scored_claim(
            rows[i],
            [items[j] for j in by_claim[i]],
            labels[i],
            rows,
            reliability,
            corroboration[k],
            S[k],
            D[k],
            float(outputs.uncertainty[k]),
            priors,
            shared,
            cues[k],
            (slips or {}).get(seq, ()),
            nonfactual=None if nonfactual is None else (float(nonfactual[0][k]), nonfactual[1][k]),
        )
        if seq in copies:
            claim = dataclasses.replace(claim, copies=tuple(copies[seq]))
        yield claim
