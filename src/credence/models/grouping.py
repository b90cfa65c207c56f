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
from typing import TYPE_CHECKING

from credence.errors import DataError
from credence.models.text_hash import text_key

if TYPE_CHECKING:
    from credence.models.labelled import LabelledData

__all__ = ["Grouping", "topic_groups", "group_rows"]


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


def _field_grouping(data: LabelledData, name: str) -> Grouping:
    if name == "label":
        raise DataError(
            data.source, "--group-by 'label': folds would each hold one class; name another field"
        )
    missing = [i for i, row in enumerate(data.fields) if name not in row]
    if len(missing) == len(data):
        available = sorted({k for row in data.fields for k in row} - {"label"})
        extra = ["topic"] if _default_grouping(data) == "topic" else []
        raise DataError(
            data.source,
            f"--group-by {name!r}: no such field; available: {', '.join(available + extra)}",
        )
    if missing:
        first = data.lines[missing[0]]
        where = f" (first at line {first})" if first is not None else ""
        raise DataError(
            data.source,
            f"--group-by {name!r}: missing from {len(missing)} of {len(data)} rows{where}",
        )
    groups = [row[name] for row in data.fields]
    return Grouping(name, f"rows sharing a value of the field '{name}'", groups)


def _topic_grouping(data: LabelledData) -> Grouping:
    assert data.evidences is not None
    claim_keys = [
        row.get("claim_id") or text_key(c) for row, c in zip(data.fields, data.claims, strict=True)
    ]
    evidence_keys = [
        row.get("evidence_id") or text_key(e)
        for row, e in zip(data.fields, data.evidences, strict=True)
    ]
    groups = topic_groups(claim_keys, evidence_keys, data.labels)
    return Grouping(
        "topic",
        "connected claims and evidence: claims (claim_id or text) and evidence (evidence_id "
        "or text) linked by related pairs; an unrelated pair goes with its claim",
        groups,
    )


def _document_grouping(data: LabelledData) -> Grouping:
    with_doc = sum(1 for row in data.fields if row.get("doc_id"))
    groups = [
        row.get("doc_id") or f"text:{text_key(t)}"
        for row, t in zip(data.fields, data.claims, strict=True)
    ]
    if with_doc == len(data):
        return Grouping("document", "sentences of one document (doc_id)", groups)
    if with_doc == 0:
        return Grouping(
            "text",
            "identical sentences only: the data has no doc_id, so sentences of one document "
            "may sit on both sides of a split and the scores may be optimistic",
            groups,
        )
    return Grouping(
        "document",
        f"sentences of one document (doc_id); {len(data) - with_doc} rows without doc_id "
        "are grouped by their text",
        groups,
    )


def group_rows(data: LabelledData, group_by: str | None = None) -> Grouping:
    """The cross-validation group of every row.

    Parameters
    ----------
    data : LabelledData
    group_by : str, optional
        A field present in every row. Without it, rows are grouped as the kind's registry
        entry says: stance pairs by topic (:func:`topic_groups`), sentences by document.
        ``"topic"`` (stance) names that default when no field of that name exists.

    Raises
    ------
    DataError
        When ``group_by`` is no field of the data (the available ones are listed) or is
        missing from some rows (the first such line is named).
    """
    default = _default_grouping(data)
    if group_by is not None and (
        group_by != default or default != "topic" or any("topic" in r for r in data.fields)
    ):
        return _field_grouping(data, group_by)
    return _GROUPINGS[default](data)


_GROUPINGS = {"topic": _topic_grouping, "document": _document_grouping}


def _default_grouping(data: LabelledData) -> str:
    from credence.models.kinds import get_kind

    return get_kind(data.kind).grouping
