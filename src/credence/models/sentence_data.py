"""Labelled sentences for the uncertainty model: the JSONL reader of ``credence train``.

One JSON object a line::

    {"text": "The minister may resign.", "label": "uncertain", "doc_id": "optional"}

``label`` is ``certain`` or ``uncertain``; ``doc_id`` names the document, so that
cross-validation never splits one document's sentences; any other field is kept and can be
used with ``--group-by``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from credence.models.rows import SkippedRow, id_field, read_jsonl_objects, text_field
from credence.wording import quoted

__all__ = ["SENTENCE_LABELS", "LabelledSentence", "read_sentence_rows"]

#: Labels of a sentence, negative first (the same order as ``uncertainty.LABELS``).
SENTENCE_LABELS: tuple[str, str] = ("certain", "uncertain")


@dataclass(frozen=True, slots=True)
class LabelledSentence:
    """A sentence and whether it is uncertain (``label``), with its document when known."""

    text: str
    label: str
    doc_id: str | None = None


def _parse_sentence(record: dict[str, Any]) -> LabelledSentence:
    text = text_field(record, "text")
    label = text_field(record, "label")
    if label not in SENTENCE_LABELS:
        raise ValueError(f"unknown label {quoted(label)} (expected {', '.join(SENTENCE_LABELS)})")
    doc_id = id_field(record, "doc_id")
    return LabelledSentence(text, label, doc_id or None)


def read_sentence_rows(
    path: str | os.PathLike[str], *, skip_errors: bool = False
) -> tuple[list[tuple[int, dict[str, Any], LabelledSentence]], list[SkippedRow]]:
    r"""Read labelled sentences from a JSONL file.

    Returns
    -------
    (rows, skipped)
        ``rows``: ``(line, JSON object, LabelledSentence)`` in file order; ``skipped``: the bad
        lines left out under ``skip_errors``.

    Raises
    ------
    DataError
        ``FILE, line N: reason`` on the first bad line (not UTF-8, not JSON, not an object,
        missing text, unknown label) unless ``skip_errors``; ``FILE: reason`` when the file is
        missing, a directory or unreadable.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "s.jsonl"
    >>> _ = p.write_text('{"text": "It may rain.", "label": "uncertain", "doc_id": 3}\n')
    >>> read_sentence_rows(p)[0][0][2]
    LabelledSentence(text='It may rain.', label='uncertain', doc_id='3')
    """
    return read_jsonl_objects(path, _parse_sentence, skip_errors=skip_errors)
