"""Relations from tagged spans: tie each cue to its source and its content.

The tagger labels spans; a relation needs the three of them together. In one paragraph:

- each cue takes the nearest source in its own sentence (the one before the cue on a tie);
- each cue takes the nearest content not yet taken, in the paragraph, on either side; a
  second piece just across the cue and its source (``"P1," he said, "P2."``) is the same
  content split around the cue, and each piece is a relation of the same source and cue;
- a cue with no source in its sentence is dropped (the model found no one saying it).
"""

from __future__ import annotations

from collections.abc import Sequence

from credence.document import Span
from credence.features.attribution.cues import _DOCUMENT_NOUNS
from credence.features.attribution.lexicon import AttributionLexicon
from credence.features.attribution.resolver import _Resolver
from credence.features.attribution.results import Attribution
from credence.features.attribution.tokens import _Sentence

__all__: list[str] = []

#: Farthest (in tokens) a source outside the cue's sentence may lie from it.
_MAX_SOURCE_GAP = 6
#: Farthest (in tokens) a content may lie from its cue.
_MAX_CONTENT_GAP = 40
#: Farthest gap between two content pieces split around one cue and its source.
_MAX_SPLIT_GAP = 8
_TRAILING_ADVERBS = frozenset(["both", "all", "each", "also", "too"])
_SPECIAL_CUE_TYPES = {"according": "according", "citing": "citing", "via": "via"}


def _gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Tokens between two token ranges (0 when they touch or overlap)."""
    return max(0, max(a[0], b[0]) - min(a[1], b[1]))


def _cue_type(lows: Sequence[str], cue: tuple[int, int], lex: AttributionLexicon) -> str:
    for k in range(cue[0], cue[1]):
        special = _SPECIAL_CUE_TYPES.get(lows[k])
        if special is not None:
            return special
    for k in range(cue[0], cue[1]):
        role = lex.cues.get(lows[k])
        if role is not None:
            return role
    return "speech"


def _nearest_source(
    cue: tuple[int, int], sources: Sequence[tuple[int, int]], sentence_of: Sequence[int]
) -> tuple[int, int] | None:
    """The source of ``cue``: the nearest in its sentence, else the nearest close by."""
    best = None
    best_key = (2, 1 << 30, 1)
    for src in sources:
        same = sentence_of[src[0]] == sentence_of[cue[0]] or (
            sentence_of[src[1] - 1] == sentence_of[cue[1] - 1]
        )
        gap = _gap(src, cue)
        if not same and gap > _MAX_SOURCE_GAP:
            continue
        key = (0 if same else 1, gap, 0 if src[0] < cue[0] else 1)
        if key < best_key:
            best, best_key = src, key
    return best


def _nearest_content(
    cue: tuple[int, int],
    src: tuple[int, int],
    contents: Sequence[tuple[int, int]],
    taken: set[int],
) -> list[int]:
    """Indices of the content pieces of ``cue``: the nearest free one, and a split partner."""
    best = -1
    best_key = (2, _MAX_CONTENT_GAP + 1)
    for index, con in enumerate(contents):
        # A free content first; one already taken only when no free one is near ("X said
        # and added …": two cues, one content).
        key = (1 if index in taken else 0, _gap(con, cue))
        if key[1] <= _MAX_CONTENT_GAP and key < best_key:
            best, best_key = index, key
    if best < 0:
        return []
    pieces = [best]
    first = contents[best]
    frame = (min(cue[0], src[0]), max(cue[1], src[1]))
    for index, con in enumerate(contents):
        if index in taken or index == best:
            continue
        # The other side of the cue and source, close to both: one content split in two.
        across = (con[0] >= frame[1] > first[1]) or (con[1] <= frame[0] < first[0])
        if across and _gap(con, frame) <= _MAX_SPLIT_GAP and _gap(first, frame) <= _MAX_SPLIT_GAP:
            pieces.append(index)
            break
    return pieces


def paragraph_relations(
    sent: _Sentence,
    spans: dict[str, list[tuple[int, int]]],
    sentence_of: Sequence[int],
    lex: AttributionLexicon,
    resolver: _Resolver,
) -> list[Attribution]:
    """The relations of one paragraph from its tagged spans (token ranges of ``sent``)."""
    contents = spans["CON"]
    taken: set[int] = set()
    out: list[Attribution] = []
    for cue in spans["CUE"]:
        src = _nearest_source(cue, spans["SRC"], sentence_of)
        if src is None:
            continue
        pieces = _nearest_content(cue, src, contents, taken)
        if not pieces:
            continue
        taken.update(pieces)
        src = _after_channel(sent, _before_comma(sent, src))
        cue_type = _cue_type(sent.lows, cue, lex)
        first = _relation(
            sent, src, cue, _without_that(sent, contents[pieces[0]]), cue_type, resolver
        )
        out.append(first)
        for piece in pieces[1:]:
            out.append(_with_content(sent, first, contents[piece]))
    return out


def _without_that(sent: _Sentence, con: tuple[int, int]) -> tuple[int, int]:
    """The content after its complementizer: "said that P" reports P."""
    return (con[0] + 1, con[1]) if con[1] - con[0] > 1 and sent.lows[con[0]] == "that" else con


def _before_comma(sent: _Sentence, src: tuple[int, int]) -> tuple[int, int]:
    """``Tom Reed, a farmer near the river,``: the source is the name before the appositive."""
    for k in range(src[0] + 1, src[1]):
        if sent.lows[k] == ",":
            return (src[0], k)
    a, b = src
    # "NBC News and ABC News both reported": "both" belongs to the verb phrase.
    while b - a > 1 and sent.lows[b - 1] in _TRAILING_ADVERBS:
        b -= 1
    return (a, b)


def _after_channel(sent: _Sentence, src: tuple[int, int]) -> tuple[int, int]:
    """``a statement from the National Water Authority``: the source is who issued it."""
    lows = sent.lows
    a, b = src
    if b - a > 3 and lows[a] in ("a", "an", "the") and lows[a + 1] in _DOCUMENT_NOUNS:
        if lows[a + 2] in ("from", "by", "of"):
            return (a + 3, b)
    return src


def _with_content(sent: _Sentence, a: Attribution, con: tuple[int, int]) -> Attribution:
    """``a``'s source and cue with another piece of its content."""
    text = sent.text
    content = Span.from_text(text, sent.starts[con[0]], sent.ends[con[1] - 1])
    start = min(a.source.start, a.cue.start, content.start)
    end = max(a.source.end, a.cue.end, content.end)
    return Attribution(a.source, a.cue, content, text[start:end], a.cue_type)


def _relation(
    sent: _Sentence,
    src: tuple[int, int],
    cue: tuple[int, int],
    con: tuple[int, int],
    cue_type: str,
    resolver: _Resolver,
) -> Attribution:
    text, starts, ends = sent.text, sent.starts, sent.ends
    content_start, content_end = starts[con[0]], ends[con[1] - 1]
    # A source never refers to a mention inside its own quoted content.
    limit = content_start if content_start < starts[src[0]] else None
    source = resolver.mention(text, sent, src[0], src[1], limit)
    cue_span = Span.from_text(text, starts[cue[0]], ends[cue[1] - 1])
    content_span = Span.from_text(text, content_start, content_end)
    start = min(source.start, cue_span.start, content_span.start)
    end = max(source.end, cue_span.end, content_span.end)
    return Attribution(source, cue_span, content_span, text[start:end], cue_type)
