"""Quotations credited by layout rather than by a verb: speaker labels and dash credits.

- A **speaker label** opens a paragraph of a transcript or a Q&A: ``GREEN: We will respond.``,
  ``Q: Will you run?``, ``Dana Ortiz: It is settled.`` The name before the colon (one to four
  capitalised words) is the source, the colon the cue, the rest of the paragraph the content.
- A **dash credit** follows a quotation: ``“Nothing is settled.” ― Dana Ortiz`` (epigraphs,
  vox pops, reader comments). The name after the dash is the source, the dash the cue, the
  quotation the content.

Neither has a reporting verb, so the verb-driven rules (:mod:`.cues`) and the tagger's
lexicon features rarely see them; both layouts are common in annotated news (PolNeAR marks
the colon and the dash as cues).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence

from credence.document import Span
from credence.features.attribution.resolver import _Resolver
from credence.features.attribution.results import Attribution
from credence.features.attribution.tokens import _Sentence, _TokenTable
from credence.features.lexicon import words

__all__ = ["CREDIT_CUES", "credited_quotes", "is_credit"]

# One capitalised word of a name: "Dana", "O’Neill", "Lopez-Cantera", "Mr.", "GREEN", "Q".
_NAME_WORD = r"[A-Z][\w’'\-]*\.?"
_NAME = rf"{_NAME_WORD}(?:[ \u00a0]{_NAME_WORD}){{0,3}}"
# A paragraph that opens (after an optional quotation mark) with a name and a colon.
_SPEAKER_LABEL_RE = re.compile(
    rf"[\"“]?[ \u00a0]*(?P<name>{_NAME})[ \u00a0]*(?P<cue>:)[ \u00a0]+\S"
)
# A closing quotation mark, a dash, and a name that ends its line or sentence.
_DASH_CREDIT_RE = re.compile(
    rf"(?P<close>[”\"])[ \u00a0]*(?P<cue>―|—|–|--|-)[ \u00a0]*(?P<name>{_NAME})"
    r"(?=[ \u00a0]*(?:$|[.,\n]))",
    re.MULTILINE,
)
#: Words that open a heading or a note, not a speaker: "UPDATE: …", "Editor’s Note: …".
_NOT_SPEAKERS = words("not_speaker_labels")
_MAX_QUOTE_CHARS = 3000
#: The cues of credited quotations: a speaker label's colon and a credit's dash.
CREDIT_CUES = frozenset([":", "―", "—", "–", "--", "-"])


def _tokens(table: _TokenTable, start: int, end: int) -> tuple[int, int]:
    """The token range of ``table`` covering ``text[start:end]``."""
    return bisect.bisect_left(table.starts, start), bisect.bisect_left(table.starts, end)


#: ``(name, cue, content)`` character ranges of one credited quotation.
_Credit = tuple[tuple[int, int], tuple[int, int], tuple[int, int]]


def _relation(
    text: str, table: _TokenTable, resolver: _Resolver, credit: _Credit
) -> Attribution | None:
    """The relation of a name, a cue and a content given as character offsets."""
    name, cue, content = credit
    lo, hi = _tokens(table, min(name[0], content[0]), max(name[1], content[1], cue[1]))
    a, b = _tokens(table, name[0], name[1])
    if hi <= lo or b <= a:
        return None
    sent = _Sentence(text, table.starts[lo], table.ends[hi - 1], [], len(text), table, lo, hi)
    limit = content[0] if content[0] < name[0] else None
    source = resolver.mention(text, sent, a - lo, b - lo, limit)
    cue_span = Span(cue[0], cue[1], text[cue[0] : cue[1]])
    content_span = Span.from_text(text, content[0], content[1])
    start = min(source.start, cue_span.start, content_span.start)
    end = max(source.end, cue_span.end, content_span.end)
    return Attribution(source, cue_span, content_span, text[start:end], "speech")


def _is_speaker(name: str) -> bool:
    first = name.split()[0].lower().rstrip(".")
    return first not in _NOT_SPEAKERS


def _speaker_labels(text: str, paragraphs: Sequence[tuple[int, int]]) -> list[_Credit]:
    out = []
    for start, end in paragraphs:
        # Every label holds a colon: most paragraphs are passed over by one C-level find.
        if text.find(":", start, end) < 0:
            continue
        m = _SPEAKER_LABEL_RE.match(text, start, end)
        if m is None or not _is_speaker(m["name"]):
            continue
        content_end = end
        while content_end > m.end() and text[content_end - 1].isspace():
            content_end -= 1
        out.append((m.span("name"), m.span("cue"), (m.end() - 1, content_end)))
    return out


def _dash_matches(text: str, closing: list[int], start: int, end: int) -> list[re.Match[str]]:
    """``_DASH_CREDIT_RE.finditer(text, start, end)``, tried only at the closing quotation
    marks (``closing``: their offsets in the text, sorted), where every match starts: the
    same matches, without the pattern scanning every character of the text.
    """
    found = []
    resume = start  # as finditer, the next match starts at or after the last one's end
    for at in closing[bisect.bisect_left(closing, start) : bisect.bisect_left(closing, end)]:
        if at < resume:
            continue
        m = _DASH_CREDIT_RE.match(text, at, end)
        if m is not None:
            found.append(m)
            resume = m.end()
    return found


def _dash_credits(text: str, paragraphs: Sequence[tuple[int, int]]) -> list[_Credit]:
    out = []
    # Every match opens with a closing mark, ” or ".
    closing = sorted([*_positions(text, "”"), *_positions(text, '"')])
    for start, end in paragraphs:
        for m in _dash_matches(text, closing, start, end):
            close = m.start("close")
            opener = "“" if text[close] == "”" else '"'
            open_at = text.rfind(opener, max(start, close - _MAX_QUOTE_CHARS), close)
            if open_at >= 0 and _is_speaker(m["name"]):
                out.append((m.span("name"), m.span("cue"), (open_at, close + 1)))
    return out


def _positions(text: str, mark: str) -> list[int]:
    """Offsets of every ``mark`` in ``text`` (``str.find`` skips at memory-scan speed)."""
    found = []
    at = text.find(mark)
    while at >= 0:
        found.append(at)
        at = text.find(mark, at + 1)
    return found


def is_credit(a: Attribution) -> bool:
    """Whether ``a`` is a credited quotation (its cue a colon or a dash, not a verb)."""
    return a.cue.text in CREDIT_CUES


def credited_quotes(
    text: str,
    paragraphs: Sequence[tuple[int, int]],
    table: _TokenTable,
    resolver: Callable[[], _Resolver],
) -> list[Attribution]:
    """The relations of ``text`` credited by a speaker label or a dash, in text order.

    Parameters
    ----------
    text : str
        The article text.
    paragraphs : sequence of (int, int)
        Offsets of its paragraphs (from the segmentation).
    table : _TokenTable
        The tokens of ``text``.
    resolver : callable
        Returns the article's name resolver (alias table, coreference); called only when a
        credit is found, as most articles have none.
    """
    credits = _speaker_labels(text, paragraphs) + _dash_credits(text, paragraphs)
    if not credits:
        return []
    names = resolver()
    found = [_relation(text, table, names, credit) for credit in sorted(credits)]
    return [a for a in found if a is not None]
