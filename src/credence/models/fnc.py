"""The Fake News Challenge (FNC-1) data: CSV loading and its splits.

``train_bodies.csv`` has the columns ``Body ID, articleBody``; ``train_stances.csv`` has
``Headline, Body ID, Stance``.

``splits/topic_split.csv`` (``Headline, Body ID, split``) holds out whole topics (connected
headlines and bodies): a ``dev`` pair joins a dev headline to a dev body, both unseen in
``train``, as in the competition test; ``drop`` pairs cross the two sides. It is the split
that tells how a model does on new stories. The older body-id files
(``splits/training_ids.txt``, ``splits/hold_out_ids.txt``) share every hold-out headline
with training and overstate that; :func:`split_by_ids` still reads them.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from credence.encoding import decode_text
from credence.errors import DataError
from credence.models.rows import read_csv_rows
from credence.models.stance_data import STANCE_LABELS, StancePair, parse_stance_label
from credence.wording import quoted

__all__ = ["load_fnc", "read_body_ids", "split_by_ids", "split_by_topic", "FNC_FILES"]

#: File names of the FNC-1 data inside its folder, and of the split files.
FNC_FILES = {
    "bodies": "train_bodies.csv",
    "stances": "train_stances.csv",
    "training_ids": "splits/training_ids.txt",
    "hold_out_ids": "splits/hold_out_ids.txt",
    "topic_split": "splits/topic_split.csv",
}
#: The split names of ``topic_split.csv``.
TOPIC_SPLITS = ("train", "dev", "drop")

# FNC-1 bodies are long articles: lift the csv module's default 128 KiB field limit.
csv.field_size_limit(1 << 24)


def _rows(path: str | os.PathLike[str], header: Sequence[str]) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(line where the row starts, row)`` after checking the header."""
    where = os.fspath(path)
    rows = read_csv_rows(path)
    first = next(rows, None)
    if first is None:
        raise DataError(where, f"no rows (expected the header {', '.join(header)})")
    if [c.strip().lstrip("\ufeff") for c in first[1]] != list(header):
        raise DataError(
            where, f"expected the header {', '.join(header)}; got {', '.join(first[1])}", line=1
        )
    yield from rows


def _body_id(value: str, where: str, line: int) -> str:
    text = value.strip()
    if not text.isdigit():
        raise DataError(where, f"Body ID must be an integer, got {quoted(value)}", line=line)
    return str(int(text))


def load_fnc(
    bodies_csv: str | os.PathLike[str], stances_csv: str | os.PathLike[str]
) -> list[StancePair]:
    """Join the FNC-1 stances with their article bodies.

    Returns
    -------
    list of StancePair
        ``claim`` = headline, ``evidence`` = article body, ``label`` = stance,
        ``group`` = ``evidence_id`` = the body id (as a string), in file order.

    Raises
    ------
    DataError
        Naming the file and line of a bad row: wrong column count, non-integer body id,
        duplicate body, unknown stance, or a stance whose body is not in the bodies file.
    """
    bodies: dict[str, str] = {}
    where = os.fspath(bodies_csv)
    for line, row in _rows(bodies_csv, ("Body ID", "articleBody")):
        if len(row) != 2:
            raise DataError(where, f"expected 2 columns, got {len(row)}", line=line)
        body_id = _body_id(row[0], where, line)
        if body_id in bodies:
            raise DataError(where, f"duplicate Body ID {body_id}", line=line)
        bodies[body_id] = row[1]
    pairs: list[StancePair] = []
    where = os.fspath(stances_csv)
    for line, row in _rows(stances_csv, ("Headline", "Body ID", "Stance")):
        if len(row) != 3:
            raise DataError(where, f"expected 3 columns, got {len(row)}", line=line)
        headline, raw_id, raw_label = row
        body_id = _body_id(raw_id, where, line)
        label = parse_stance_label(raw_label)
        if label is None:
            raise DataError(
                where,
                f"unknown label {quoted(raw_label)} (expected {', '.join(STANCE_LABELS)})",
                line=line,
            )
        if body_id not in bodies:
            raise DataError(where, f"Body ID {body_id} is not in {bodies_csv}", line=line)
        if not headline.strip():
            raise DataError(where, "empty Headline", line=line)
        pairs.append(
            StancePair(
                claim=headline,
                evidence=bodies[body_id],
                label=label,
                group=body_id,
                evidence_id=body_id,
            )
        )
    return pairs


def read_body_ids(ids_file: str | os.PathLike[str]) -> set[str]:
    """Read a split file: one integer body id a line (blank lines ignored)."""
    where = os.fspath(ids_file)
    try:
        data = Path(ids_file).read_bytes()
    except OSError as exc:
        raise DataError(where, f"cannot be read ({exc.strerror or exc})") from None
    lines = decode_text(data, where, error=DataError).split("\n")
    ids: set[str] = set()
    for number, raw in enumerate(lines, start=1):
        if raw.strip():
            ids.add(_body_id(raw, where, number))
    return ids


def split_by_ids(pairs: Iterable[StancePair], ids_file: str | os.PathLike[str]) -> list[StancePair]:
    """Keep the pairs whose body id is listed in ``ids_file`` (order preserved)."""
    ids = read_body_ids(ids_file)
    return [p for p in pairs if p.evidence_id in ids]


def split_by_topic(
    pairs: Iterable[StancePair], split_csv: str | os.PathLike[str]
) -> dict[str, list[StancePair]]:
    """Divide pairs by ``topic_split.csv``: ``{"train": […], "dev": […], "drop": […]}``.

    Order is preserved within each split. Every pair must be listed.

    Raises
    ------
    DataError
        Naming the file and line of a bad row (column count, body id, unknown split name,
        a pair listed twice), or a pair the file does not list.
    """
    where = os.fspath(split_csv)
    split_of: dict[tuple[str, str], str] = {}
    for line, row in _rows(split_csv, ("Headline", "Body ID", "split")):
        if len(row) != 3:
            raise DataError(where, f"expected 3 columns, got {len(row)}", line=line)
        headline, raw_id, name = row
        if name not in TOPIC_SPLITS:
            raise DataError(
                where,
                f"unknown split {quoted(name)} (expected {', '.join(TOPIC_SPLITS)})",
                line=line,
            )
        key = (headline, _body_id(raw_id, where, line))
        if split_of.setdefault(key, name) != name:
            raise DataError(
                where,
                f"the pair (headline {quoted(headline)}, Body ID {key[1]}) is in two splits",
                line=line,
            )
    result: dict[str, list[StancePair]] = {name: [] for name in TOPIC_SPLITS}
    for pair in pairs:
        name = split_of.get((pair.claim, str(pair.evidence_id)))
        if name is None:
            raise DataError(
                where,
                f"does not list the pair (headline {quoted(pair.claim)}, "
                f"Body ID {pair.evidence_id})",
            )
        result[name].append(pair)
    return result
