r"""A report's JSON written in pieces, one claim at a time, as ``--format json`` prints it.

:meth:`Report.to_json <credence.scoring.report.Report.to_json>` builds the dict of every
claim, then one string of the whole document: at 10,000 articles (190,000 claims, about
470 MB of JSON) those two copies of the output take more memory than the scoring itself.
:func:`json_chunks` yields the same characters, ``to_json() + "\n"``, a top-level field or
a claim at a time, so a writer (:func:`credence.cli_store.write_lines`) holds one claim's
dict and text at a time; :func:`jsonl_lines` does the same for ``--format jsonl``.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterator
from typing import Any

from credence.indented_json import dumps_indented

__all__ = ["Later", "json_chunks", "jsonl_lines"]

#: Stands for the claims in the document whose other fields are written whole.
_CLAIMS = object()


class Later:
    """A field of a report's document made when the writer reaches it: the sources table
    of a :class:`~credence.scoring.streamed_report.StreamedReport`, tallied as its claims
    are made, comes after them.

    Parameters
    ----------
    make : callable
        Returns the field's JSON-ready value.
    """

    def __init__(self, make: Callable[[], Any]) -> None:
        self.make = make


def _nested(value: Any, indent: str, step: str) -> str:
    # ``value`` as json.dumps writes it ``indent`` deep: every line after the first moves
    # right (JSON strings hold no raw newline, so each "\n" starts a line of the layout).
    return dumps_indented(value, indent=len(step)).replace("\n", "\n" + indent)


def _claim_texts(report: Any, render: Callable[[dict[str, Any]], str]) -> Iterator[str]:
    # ``render(claim.to_dict())`` of each claim, in order; a streamed report makes them in
    # its worker processes (credence.scoring.claim_batches).
    if hasattr(report, "claim_texts"):
        return report.claim_texts(render)
    return (render(claim.to_dict()) for claim in report.claims)


def _claim_array(report: Any, indent: str, step: str) -> Iterator[str]:
    inner = indent + step
    made = 0
    for text in _claim_texts(report, functools.partial(_nested, indent=inner, step=step)):
        yield ("[\n" + inner if made == 0 else ",\n" + inner) + text
        made += 1
    yield "[]" if made == 0 else "\n" + indent + "]"


def json_chunks(report: Any, indent: int = 2) -> Iterator[str]:
    r"""The report's ``--format json`` text in pieces: ``report.to_json(indent) + "\n"``.

    Parameters
    ----------
    report : Report or StreamedReport
        A scored report (:meth:`credence.Scorer.score`), or one whose claims are made as
        they are written (:meth:`credence.Scorer.score_stream`).
    indent : int
        Spaces per level, as :meth:`~credence.scoring.report.Report.to_json` (at least 1).

    Yields
    ------
    str
        Consecutive pieces of the text; joined, exactly ``report.to_json(indent) + "\n"``.

    Examples
    --------
    >>> from credence.scoring.report import Report
    >>> report = Report(analyses=(), claims=(), sources=(), stories=())
    >>> "".join(json_chunks(report)) == report.to_json() + "\n"
    True
    """
    step = " " * indent
    document = report.document(_CLAIMS)
    yield "{"
    for k, (key, value) in enumerate(document.items()):
        yield ("\n" if k == 0 else ",\n") + step + json.dumps(key, ensure_ascii=False) + ": "
        if value is _CLAIMS:
            yield from _claim_array(report, step, step)
        elif isinstance(value, Later):
            yield _nested(value.make(), step, step)
        else:
            yield _nested(value, step, step)
    yield "\n}\n" if document else "}\n"


def jsonl_lines(report: Any) -> Iterator[str]:
    """The report's ``--format jsonl`` lines, one claim's dict made at a time.

    Joined, exactly :meth:`Report.to_jsonl <credence.scoring.report.Report.to_jsonl>`.
    """
    yield from _claim_texts(report, _json_line)


def _json_line(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False) + "\n"
