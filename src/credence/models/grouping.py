"""Cross-validation groups that keep whole stories on one side of every split.

A score measured on folds that share a story with training says little about new stories.
Stance pairs are grouped by *topic*: the connected components of the graph whose nodes are
claims and evidence texts and whose edges are the related (not ``unrelated``) pairs, so no
claim and no evidence of a topic appears in two folds through a related pair. An unrelated
pair joins its claim's topic (unrelated pairs link random stories, and following them would
merge almost everything into one component). Sentences are grouped by document.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Grouping", "topic_groups"]


@dataclass(frozen=True)
class Grouping:
    """How rows were grouped for cross-validation.

    Parameters
    ----------
    by : str
        ``"topic"``, ``"document"``, ``"text"`` or the data field given to ``--group-by``.
    description : str
        One sentence saying what a group is, for the report.
    groups : sequence of str
        The group of each row.
    """

    by: str
    description: str
    groups: Sequence[str]

    @property
    def n_groups(self) -> int:
        """Number of distinct groups."""
        return len(set(self.groups))

    def to_dict(self) -> dict[str, object]:
        return {"by": self.by, "description": self.description, "groups": self.n_groups}


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, node: str) -> str:
        root = self.parent.setdefault(node, node)
        while root != self.parent[root]:
            root = self.parent[root]
        while node != root:  # path compression keeps later finds short
            self.parent[node], node = root, self.parent[node]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # The smaller key becomes the root so the result does not depend on pair order.
            small, large = sorted((ra, rb))
            self.parent[large] = small


def topic_groups(
    claim_keys: Sequence[str], evidence_keys: Sequence[str], labels: Sequence[str]
) -> list[str]:
    """The topic of each stance pair: its claim's connected component over related pairs.

    Parameters
    ----------
    claim_keys, evidence_keys : sequence of str
        An identifier of each pair's claim and evidence (an id, or
        :func:`credence.models.text_hash.text_key`).
    labels : sequence of str
        Stances; every label other than ``"unrelated"`` links claim and evidence.

    Returns
    -------
    list of str
        A topic identifier per pair (the smallest node key of the component).

    Examples
    --------
    >>> topic_groups(["c1", "c2", "c3"], ["e1", "e1", "e2"], ["agree", "discuss", "unrelated"])
    ['claim:c1', 'claim:c1', 'claim:c3']
    """
    if not len(claim_keys) == len(evidence_keys) == len(labels):
        raise ValueError(
            "claim_keys, evidence_keys and labels must have the same length. Got "
            f"{len(claim_keys)}, {len(evidence_keys)} and {len(labels)} instead."
        )
    components = _UnionFind()
    claims = [f"claim:{k}" for k in claim_keys]
    for claim, evidence, label in zip(claims, evidence_keys, labels, strict=True):
        components.find(claim)
        if label != "unrelated":
            components.union(claim, f"evidence:{evidence}")
    return [components.find(claim) for claim in claims]
