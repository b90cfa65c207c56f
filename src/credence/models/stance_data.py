"""Claim–evidence stance pairs and their JSONL loader.

One JSON object a line::

    {"claim": "...", "evidence": "...", "label": "agree", "group": "optional", ...}

``label`` is one of ``agree``, ``disagree``, ``discuss``, ``unrelated``. Optional ``group``,
``evidence_id`` and ``claim_id`` identify what must not be split across cross-validation
folds; without them, pairs are grouped by their evidence text.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import asdict, dataclass
from typing import Any

from credence.errors import DataError
from credence.models.rows import (
    SkippedRow,
    check_data_file,
    id_field,
    read_csv_rows,
    read_jsonl_objects,
    text_field,
)
from credence.wording import quoted

__all__ = [
    "STANCE_LABELS",
    "TOPIC_SPLITS",
    "StancePair",
    "load_stance_jsonl",
    "parse_stance_label",
    "read_stance_rows",
    "read_topic_split",
]

#: The stance classes, in the column order of every stance probability matrix.
STANCE_LABELS: tuple[str, ...] = ("agree", "disagree", "discuss", "unrelated")


@dataclass(frozen=True, slots=True)
class StancePair:
    """A claim, a piece of evidence and the evidence's stance towards the claim.

    ``group`` is the cross-validation group (pairs of one group stay in one fold): the FNC-1
    body id, the JSONL ``group``/``evidence_id``, or a hash of the evidence text.
    """

    claim: str
    evidence: str
    label: str
    group: str
    evidence_id: str | None = None
    claim_id: str | None = None

    @property
    def body_id(self) -> str | None:
        """The evidence (FNC-1 article body) identifier, when known."""
        return self.evidence_id

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def parse_stance_label(value: Any) -> str | None:
    """Return the canonical stance for ``value`` (case and spaces ignored), else ``None``."""
    if not isinstance(value, str):
        return None
    label = value.strip().lower()
    return label if label in STANCE_LABELS else None


def _text_group(text: str) -> str:
    return "text:" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def _parse_record(record: dict[str, Any]) -> StancePair:
    """Turn one JSON object into a pair; raise ``ValueError`` with the reason (no location)."""
    claim, evidence = text_field(record, "claim"), text_field(record, "evidence")
    raw_label = text_field(record, "label")
    label = parse_stance_label(raw_label)
    if label is None:
        raise ValueError(f"unknown label {quoted(raw_label)} (expected {', '.join(STANCE_LABELS)})")
    ids = {name: id_field(record, name) for name in ("group", "evidence_id", "claim_id")}
    group = ids["group"] or ids["evidence_id"] or _text_group(evidence)
    return StancePair(
        claim=claim,
        evidence=evidence,
        label=label,
        group=group,
        evidence_id=ids["evidence_id"],
        claim_id=ids["claim_id"],
    )


def read_stance_rows(
    path: str | os.PathLike[str], *, skip_errors: bool = False
) -> tuple[list[tuple[int, dict[str, Any], StancePair]], list[SkippedRow]]:
    """Read stance pairs from a JSONL file, keeping each row's line and JSON object.

    The JSON objects let callers group by any field of the data (``--group-by``).

    Returns
    -------
    (rows, skipped)
        ``rows``: ``(line, JSON object, StancePair)`` in file order; ``skipped``: the bad lines
        left out under ``skip_errors``.

    Raises
    ------
    DataError
        See :func:`load_stance_jsonl`.
    """
    return read_jsonl_objects(path, _parse_record, skip_errors=skip_errors)


def load_stance_jsonl(
    path: str | os.PathLike[str], *, skip_errors: bool = False
) -> tuple[list[StancePair], int]:
    """Read stance pairs from a JSONL file.

    Parameters
    ----------
    path : path
        The file; blank lines are ignored.
    skip_errors : bool
        Skip malformed lines (and count them) instead of raising.

    Returns
    -------
    (pairs, skipped) : tuple of list of StancePair and int

    Raises
    ------
    DataError
        On the first malformed line (unless ``skip_errors``), naming the file and line:
        ``data.jsonl, line 3: unknown label 'maybe' (expected agree, disagree, discuss,
        unrelated)``; a line that is not UTF-8 is one such line. Also when the file is
        missing, a directory or cannot be read.
    """
    rows, skipped = read_stance_rows(path, skip_errors=skip_errors)
    return [pair for _, _, pair in rows], len(skipped)


#: The values of the ``split`` column of a topic split file.
TOPIC_SPLITS: tuple[str, ...] = ("train", "dev", "drop")
_TOPIC_SPLIT_HEADER = ("Headline", "Body ID", "split")


def read_topic_split(path: str | os.PathLike[str]) -> dict[tuple[str, str], str]:
    r"""Read an FNC-1 topic split file: ``Headline, Body ID, split`` (train / dev / drop).

    Whole topics (headlines and bodies connected by related pairs) sit on one side, so a
    dev pair joins a headline and a body that no train pair uses.

    Parameters
    ----------
    path : path
        The CSV file (``../shared/data/fnc1/splits/topic_split.csv``).

    Returns
    -------
    dict
        ``{(headline, body id as a canonical integer string): split}``.

    Raises
    ------
    DataError
        Naming the file (and line): missing, a directory, not text (the line of the bad
        byte), an unterminated quote (the line where it opened), empty, another header,
        a row of the wrong width, a Body ID that is not an integer, an unknown split, or one
        pair listed in two splits.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "split.csv"
    >>> _ = p.write_text("Headline,Body ID,split\nA dam burst,7,dev\n")
    >>> read_topic_split(p)
    {('A dam burst', '7'): 'dev'}
    """
    where = os.fspath(path)
    check_data_file(path, "topic split CSV file")
    split: dict[tuple[str, str], str] = {}
    rows = read_csv_rows(path)
    first = next(rows, None)
    if first is None:
        raise DataError(where, "no rows (expected the header Headline, Body ID, split)")
    header = first[1]
    if tuple(c.strip().lstrip("\ufeff") for c in header) != _TOPIC_SPLIT_HEADER:
        raise DataError(
            where,
            f"expected the header {', '.join(_TOPIC_SPLIT_HEADER)}; got {', '.join(header)}",
            line=1,
        )
    for line, row in rows:
        if row:
            _add_split_row(split, row, where, line)
    return split


def _add_split_row(
    split: dict[tuple[str, str], str], row: list[str], where: str, line: int
) -> None:
    if len(row) != 3:
        raise DataError(where, f"expected 3 columns, got {len(row)}", line=line)
    headline, raw_id, name = row
    body_id = raw_id.strip()
    if not body_id.isdigit():
        raise DataError(where, f"Body ID must be an integer, got {quoted(raw_id)}", line=line)
    name = name.strip().lower()
    if name not in TOPIC_SPLITS:
        raise DataError(
            where, f"unknown split {quoted(row[2])} (expected {', '.join(TOPIC_SPLITS)})", line=line
        )
    key = (headline, str(int(body_id)))
    if split.setdefault(key, name) != name:
        raise DataError(
            where,
            f"the pair (headline {quoted(headline)}, Body ID {body_id}) is in both "
            f"{split[key]} and {name}",
            line=line,
        )
