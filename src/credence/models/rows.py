"""Reading labelled rows from JSONL files, one line at a time, with located errors.

Every reader of training and evaluation data goes through :func:`read_jsonl_objects`, so
each bad input becomes the same kind of message: ``FILE, line N: reason`` (a
:class:`~credence.errors.DataError`), or, with ``skip_errors``, a :class:`SkippedRow` that
the caller reports. Lines are decoded one by one, so a single non-UTF-8 line can be skipped
without losing the rest of the file.
"""

from __future__ import annotations

import csv
import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

from credence.encoding import BYTE_ORDER_MARKS, decode_text
from credence.errors import DataError
from credence.wording import json_kind

__all__ = [
    "SkippedRow",
    "check_data_file",
    "id_field",
    "read_csv_rows",
    "read_jsonl_objects",
    "text_field",
]

_T = TypeVar("_T")

# One line of a CSV file with its end (\r\n, \r or \n), as files opened with newline="" give.
_CSV_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")

# Bytes read to tell UTF-8 JSONL (decoded line by line) from UTF-16/32 or binary data.
_SNIFF_BYTES = 2000


@dataclass(frozen=True, slots=True)
class SkippedRow:
    """A row (or a whole file) left out under ``--skip-errors``, and why.

    Parameters
    ----------
    path : str
        The file, as the user named it.
    line : int or None
        1-based line of the row; ``None`` when the whole file was skipped.
    reason : str
        What is wrong with it.
    """

    path: str
    line: int | None
    reason: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}, line {self.line}"
        return f"{where}: {self.reason}"


def text_field(record: dict[str, Any], name: str) -> str:
    """The non-empty string in ``record[name]``; else ``ValueError`` saying what is wrong."""
    if name not in record:
        raise ValueError(f"the field '{name}' is missing")
    value = record[name]
    if not isinstance(value, str):
        raise ValueError(f"the field '{name}' is {json_kind(value)}, expected a string")
    if not value.strip():
        raise ValueError(f"the field '{name}' is empty")
    return value


def id_field(record: dict[str, Any], name: str) -> str | None:
    """An optional identifier (string or integer) as a string, ``None`` when absent."""
    value = record.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ValueError(
            f"the field '{name}' is {json_kind(value)}, expected a string or an integer"
        )
    return str(value)


def check_data_file(path: str | os.PathLike[str], what: str = "data file") -> Path:
    """Return ``path`` as a ``Path`` when it is an existing regular file, else raise.

    Raises
    ------
    DataError
        ``FILE: no such file`` or ``FILE: is a directory, expected a <what>``.
    """
    p = Path(path)
    if not p.exists():
        raise DataError(os.fspath(path), "no such file or directory")
    if p.is_dir():
        raise DataError(os.fspath(path), f"is a directory, expected a {what}")
    return p


def _decode(raw: bytes, first: bool) -> str:
    text = raw.decode("utf-8")
    return text.lstrip("\ufeff") if first else text


def _numbered_lines(fh: BinaryIO, where: str) -> Iterator[tuple[int, bytes | str]]:
    """``(line number, line)`` of an open file: UTF-8 lines as bytes, decoded one at a time.

    A file with a UTF-16 or UTF-32 byte-order mark, or with NUL bytes near its start (UTF-16
    without a mark, or binary data), goes whole through :func:`credence.encoding.decode_text`,
    which decodes it or refuses it in one line; its lines come as text.
    """
    head = fh.read(_SNIFF_BYTES)
    fh.seek(0)
    wide = any(head.startswith(mark) for mark, codec, _ in BYTE_ORDER_MARKS if codec != "utf-8")
    if wide or b"\x00" in head:
        text = decode_text(fh.read(), where, error=DataError)
        yield from enumerate(text.split("\n"), start=1)
    else:
        yield from enumerate(fh, start=1)


def read_jsonl_objects(
    path: str | os.PathLike[str],
    parse: Callable[[dict[str, Any]], _T],
    *,
    skip_errors: bool = False,
) -> tuple[list[tuple[int, dict[str, Any], _T]], list[SkippedRow]]:
    """Read a JSONL file of objects and parse each with ``parse``.

    Parameters
    ----------
    path : path
        The file; blank lines are ignored. UTF-8 (with or without a byte-order mark) is
        decoded line by line, so one bad line is located (and can be skipped); UTF-16 and
        UTF-32 with a byte-order mark are decoded whole.
    parse : callable
        Turns one JSON object into a row; raises ``ValueError`` with the reason (no location)
        when the object is not a valid row.
    skip_errors : bool
        Leave bad lines out (and return them as :class:`SkippedRow`) instead of raising.

    Returns
    -------
    (rows, skipped)
        ``rows`` holds ``(line number, JSON object, parsed row)`` in file order.

    Raises
    ------
    DataError
        When the file is missing, a directory or unreadable; or, unless ``skip_errors``, on
        the first bad line: not UTF-8, not JSON, not an object, or refused by ``parse``.
    """
    where = os.fspath(path)
    check_data_file(path, "JSONL file")
    rows: list[tuple[int, dict[str, Any], _T]] = []
    skipped: list[SkippedRow] = []
    try:
        with open(path, "rb") as fh:
            for number, raw in _numbered_lines(fh, where):
                try:
                    try:
                        line = raw if isinstance(raw, str) else _decode(raw, number == 1)
                    except UnicodeDecodeError as exc:
                        raise ValueError(
                            f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at column "
                            f"{exc.start + 1})"
                        ) from None
                    if not line.strip():
                        continue
                    try:
                        record = json.loads(line)
                    except json.JSONDecodeError as exc:
                        raise ValueError(
                            f"invalid JSON ({exc.msg} at column {exc.colno})"
                        ) from None
                    if not isinstance(record, dict):
                        raise ValueError(f"expected a JSON object, got {json_kind(record)}")
                    rows.append((number, record, parse(record)))
                except ValueError as exc:
                    if not skip_errors:
                        raise DataError(where, str(exc), line=number) from None
                    skipped.append(SkippedRow(where, number, str(exc)))
    except OSError as exc:
        raise DataError(where, f"cannot be read ({exc.strerror or exc})") from None
    return rows, skipped


def _unclosed_quote_line(lines: list[str], start: int) -> int | None:
    """The line whose quote opens a field that never closes, reading from line ``start``.

    Follows the csv module's rules (a quote opens a field only at the start of a field; ``""``
    inside a quoted field is a quote), so it finds the field that ran to the end of the file.
    """
    at_field_start, in_quotes, opened = True, False, None
    for number, line in enumerate(lines[start - 1 :], start=start):
        i = 0
        while i < len(line):
            c = line[i]
            if in_quotes:
                if c == '"':
                    if line[i + 1 : i + 2] == '"':
                        i += 1
                    else:
                        in_quotes = False
            elif c == '"' and at_field_start:
                in_quotes, opened = True, number
            at_field_start = not in_quotes and c in ",\r\n"
            i += 1
    return opened if in_quotes else None


def read_csv_rows(path: str | os.PathLike[str]) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(line where the row starts, row)`` for every row of a CSV file, header included.

    The file is decoded by :func:`credence.encoding.decode_text` (UTF-8, or UTF-8/16/32 with a
    byte-order mark), so a bad byte is reported with its line; the CSV is parsed strictly.

    Raises
    ------
    DataError
        The file cannot be read, is not text (naming the line of the bad byte), has a quoted
        field that is never closed (naming the line where the quote opened) or is otherwise
        malformed CSV.
    """
    where = os.fspath(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise DataError(where, f"cannot be read ({exc.strerror or exc})") from None
    lines = _CSV_LINE.findall(decode_text(data, where, error=DataError))
    reader = csv.reader(lines, strict=True)
    start = 1
    try:
        for row in reader:
            yield start, row
            start = reader.line_num + 1
    except csv.Error as exc:
        opened = _unclosed_quote_line(lines, start)
        if opened is not None:
            raise DataError(
                where,
                "unterminated quoted field: the quote opened on this line is never closed",
                line=opened,
            ) from None
        raise DataError(where, f"malformed CSV ({exc})", line=reader.line_num) from None
