"""Topics of claim/evidence pairs, and cross-validation folds that hold out whole topics.

A topic is a connected component of the graph that joins a claim to an evidence when their
pair is related. Holding out whole topics keeps every claim and every evidence of a test fold
unseen in training, as tomorrow's stories are; grouping by evidence alone would let a claim
sit on both sides.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from sklearn.model_selection import GroupKFold

from credence.models.stance_data import STANCE_LABELS

__all__ = ["topic_components", "topic_folds"]


def topic_components(
    claims: Sequence[str], evidence_groups: Sequence[Any], labels: Sequence[str]
) -> np.ndarray:
    """Topic of each pair's claim and of its evidence: connected components of the graph
    joining a claim to an evidence when their pair is related.

    Parameters
    ----------
    claims : sequence of str
        Claim texts (one node per distinct text).
    evidence_groups : sequence
        Evidence id of each pair (one node per distinct id).
    labels : sequence of str
        Stances; pairs labelled ``unrelated`` join nothing.

    Returns
    -------
    ndarray of int, shape (2, n)
        Row 0: the component of each pair's claim; row 1: that of its evidence. A related
        pair has the same number in both rows.

    Examples
    --------
    >>> topic_components(["a", "a", "b"], [1, 2, 2], ["agree", "unrelated", "discuss"]).tolist()
    [[0, 0, 1], [0, 1, 1]]
    """
    parent: dict[tuple[str, Any], tuple[str, Any]] = {}

    def find(node: tuple[str, Any]) -> tuple[str, Any]:
        root = node
        while parent.setdefault(root, root) != root:
            root = parent[root]
        while parent[node] != root:  # path compression
            parent[node], node = root, parent[node]
        return root

    pairs = [(("c", c), ("e", e)) for c, e in zip(claims, evidence_groups, strict=True)]
    for (claim, evidence), label in zip(pairs, labels, strict=True):
        a, b = find(claim), find(evidence)
        if label != "unrelated" and a != b:
            parent[a] = b
    numbers: dict[tuple[str, Any], int] = {}
    rows = [[numbers.setdefault(find(node), len(numbers)) for node in pair] for pair in pairs]
    return np.asarray(rows, dtype=np.int64).T.reshape(2, len(pairs))


def topic_folds(
    claims: list[str], groups: list[Any], labels: list[str], n_folds: int, random_state: int
) -> list[tuple[np.ndarray, np.ndarray]] | None:
    """``(train, test)`` indices holding out whole topics, or None when they cannot serve
    (fewer topics than folds, or a training side missing a stance).
    """
    claim_topic, evidence_topic = topic_components(claims, groups, labels)
    if len(set(claim_topic.tolist())) < n_folds:
        return None
    splitter = GroupKFold(n_splits=n_folds, shuffle=True, random_state=random_state)
    folds = []
    y = np.asarray(labels)
    for _, test in splitter.split(claims, labels, claim_topic):
        held = np.unique(claim_topic[test])
        in_test = np.isin(claim_topic, held) & np.isin(evidence_topic, held)
        in_train = ~np.isin(claim_topic, held) & ~np.isin(evidence_topic, held)
        if not in_test.any() or set(y[in_train].tolist()) != set(STANCE_LABELS):
            return None
        folds.append((np.flatnonzero(in_train), np.flatnonzero(in_test)))
    return folds
