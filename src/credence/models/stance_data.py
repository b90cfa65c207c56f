"""Claim–evidence stance pairs and their JSONL loader.

One JSON object a line::

    {"claim": "...", "evidence": "...", "label": "agree", "group": "optional", ...}

``label`` is one of ``agree``, ``disagree``, ``discuss``, ``unrelated``. Optional ``group``,
``evidence_id`` and ``claim_id`` identify what must not be split across cross-validation
folds; without them, pairs are grouped by their evidence text.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass
from typing import Any

from credence.errors import DataError

__all__ = ["STANCE_LABELS", "StancePair", "load_stance_jsonl", "parse_stance_label"]

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


def _parse_line(raw: str) -> StancePair:
    """Parse one JSONL line; raise ``ValueError`` with the reason (no location)."""
    try:
        record = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ValueError(f"invalid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(record, dict):
        raise ValueError(f"expected a JSON object, got {type(record).__name__}")
    for name in ("claim", "evidence", "label"):
        if name not in record:
            raise ValueError(f"missing field '{name}'")
    for name in ("claim", "evidence"):
        if not isinstance(record[name], str) or not record[name].strip():
            raise ValueError(f"field '{name}' must be a non-empty string")
    label = parse_stance_label(record["label"])
    if label is None:
        raise ValueError(f"unknown label {record['label']!r} (expected {', '.join(STANCE_LABELS)})")
    ids = {}
    for name in ("group", "evidence_id", "claim_id"):
        value = record.get(name)
        if value is not None and not isinstance(value, (str, int)):
            raise ValueError(f"field '{name}' must be a string or an integer")
        ids[name] = None if value is None else str(value)
    group = ids["group"] or ids["evidence_id"] or _text_group(record["evidence"])
    return StancePair(
        claim=record["claim"],
        evidence=record["evidence"],
        label=label,
        group=group,
        evidence_id=ids["evidence_id"],
        claim_id=ids["claim_id"],
    )


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
        unrelated)``; or when the file cannot be read.
    """
    where = os.fspath(path)
    pairs: list[StancePair] = []
    skipped = 0
    try:
        with open(path, encoding="utf-8") as fh:
            for number, raw in enumerate(fh, start=1):
                if not raw.strip():
                    continue
                try:
                    pairs.append(_parse_line(raw))
                except ValueError as exc:
                    if not skip_errors:
                        raise DataError(where, str(exc), line=number) from None
                    skipped += 1
    except OSError as exc:
        raise DataError(where, f"cannot be read ({exc.strerror or exc})") from None
    except UnicodeDecodeError as exc:
        raise DataError(where, f"not UTF-8 text ({exc.reason})") from None
    return pairs, skipped
