"""Token features and labels for the learned attribution tagger (one sequence a paragraph).

The trained model (:mod:`credence.models.attribution_model`) labels every token of a
paragraph ``B-``/``I-`` ``SRC`` (source), ``CUE`` or ``CON`` (content), or ``O``. What it
reads about each token is built here from the same lexicons and rules the hand-written
extractor uses, so the rules become evidence for the model rather than the decision:

- the word, its suffix and shape, quote marks and whether the token sits inside a quotation;
- the lexicons: reporting-verb role (``words/reporting_verbs.tsv``), source head nouns and
  modifiers (``attribution_cues.tsv``), alias-table mentions and their kind (``sources.tsv``),
  pronouns and titles;
- the rule extractor's reading of the paragraph (token inside a rule source, cue or content);
- the distance to the nearest reporting verb and to the sentence edges, and the same facts
  about the neighbouring tokens.

A paragraph is one sequence because quoted content often runs over several sentences.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from credence.features.attribution.lexicon import (
    _PRONOUNS,
    _TITLES,
    AttributionLexicon,
)
from credence.features.attribution.results import Attribution, SourceMention
from credence.features.attribution.tokens import _QUOTE_CHARS, _TokenTable

__all__ = ["LABELS", "ParagraphTokens", "paragraph_tokens", "token_features", "label_spans"]

#: The span labels of the tagger, in the order ties between overlapping gold spans are broken
#: (a cue inside a content stays a cue; a source inside a content stays a source).
LABELS: tuple[str, ...] = ("CUE", "SRC", "CON")

_DISTANCE_BUCKETS = (0, 1, 2, 3, 5, 8, 13, 21)


def _bucket(distance: int) -> str:
    """A coarse distance: the largest bucket bound at or below ``distance``."""
    return str(_DISTANCE_BUCKETS[bisect.bisect_right(_DISTANCE_BUCKETS, distance) - 1])


@dataclass(frozen=True, slots=True)
class ParagraphTokens:
    """The tokens ``lo`` to ``hi`` of the article's token table that make up one paragraph."""

    lo: int
    hi: int
    start: int
    end: int


def paragraph_tokens(
    table: _TokenTable, paragraphs: Sequence[tuple[int, int]]
) -> list[ParagraphTokens]:
    """Token ranges of the non-empty paragraphs (``(start, end)`` offsets) of an article."""
    out = []
    starts = table.starts
    for start, end in paragraphs:
        lo = bisect.bisect_left(starts, start)
        hi = bisect.bisect_left(starts, end)
        if hi > lo:
            out.append(ParagraphTokens(lo, hi, start, end))
    return out


def _shape(word: str) -> str:
    first = word[0]
    if word in _QUOTE_CHARS or first in "'‘’":
        return "quote"
    if not first.isalnum():
        return "punct"
    if first.isdigit():
        return "digit"
    if word.isupper() and len(word) > 1:
        return "upper"
    return "cap" if first.isupper() else "low"


def _rule_marks(
    table: _TokenTable, lo: int, hi: int, rules: Sequence[Attribution]
) -> dict[int, str]:
    """``{token index: "S"|"C"|"T"}``: the rule extractor's source, cue and content tokens."""
    marks: dict[int, str] = {}
    starts = table.starts
    for a in rules:
        for mark, span in (("T", a.content), ("S", a.source), ("C", a.cue)):
            first = max(lo, bisect.bisect_left(starts, span.start))
            last = min(hi, bisect.bisect_left(starts, span.end))
            for k in range(first, last):
                marks[k] = mark
    return marks


def _mention_marks(
    table: _TokenTable, lo: int, hi: int, mentions: Sequence[SourceMention]
) -> dict[int, str]:
    """``{token index: alias kind}`` of the alias-table mentions inside the paragraph."""
    marks: dict[int, str] = {}
    starts = table.starts
    for m in mentions:
        first = max(lo, bisect.bisect_left(starts, m.start))
        last = min(hi, bisect.bisect_left(starts, m.end))
        for k in range(first, last):
            marks[k] = m.kind
    return marks


def _verb_distances(lows: Sequence[str], cues: dict[str, str]) -> tuple[list[int], list[int]]:
    """Tokens to the nearest reporting verb on the left and on the right (-1: none)."""
    n = len(lows)
    left = [-1] * n
    right = [-1] * n
    last = -1
    for k in range(n):
        if last >= 0:
            left[k] = k - last
        if lows[k] in cues:
            last = k
    last = -1
    for k in range(n - 1, -1, -1):
        if last >= 0:
            right[k] = last - k
        if lows[k] in cues:
            last = k
    return left, right


def token_features(
    table: _TokenTable,
    para: ParagraphTokens,
    lex: AttributionLexicon,
    sentence_starts: Sequence[int],
    rules: Sequence[Attribution] = (),
    mentions: Sequence[SourceMention] = (),
) -> list[list[str]]:
    """The feature strings of every token of ``para`` (one list a token).

    Parameters
    ----------
    table : _TokenTable
        The article's tokens.
    para : ParagraphTokens
        Which tokens make up the paragraph.
    lex : AttributionLexicon
        Reporting verbs, source words and aliases.
    sentence_starts : sequence of int
        Start offsets of the article's sentences (sorted).
    rules : sequence of Attribution
        What the rule extractor found in the paragraph.
    mentions : sequence of SourceMention
        Alias-table mentions in the paragraph.
    """
    lo, hi = para.lo, para.hi
    words = table.words[lo:hi]
    lows = table.lows[lo:hi]
    starts = table.starts[lo:hi]
    cues, head_words = lex.cues, lex.words
    rule_marks = _rule_marks(table, lo, hi, rules)
    alias_marks = _mention_marks(table, lo, hi, mentions)
    left, right = _verb_distances(lows, cues)
    own: list[list[str]] = []
    inside = False
    for k, (word, low) in enumerate(zip(words, lows, strict=True)):
        shape = _shape(word)
        feats = [f"w={low}", f"s3={low[-3:]}", f"sh={shape}"]
        if shape == "quote" and word != "'":
            feats.append("qo" if not inside else "qc")
            inside = not inside
        elif inside:
            feats.append("inq")
        role = cues.get(low)
        if role is not None:
            feats.append(f"rv={role}")
        for kind in ("anon-head", "role-head", "official-head", "outlet-head", "modifier"):
            if low in head_words[kind]:
                feats.append(f"hd={kind}")
        if low in _PRONOUNS:
            feats.append("pron")
        if low.rstrip(".") in _TITLES:
            feats.append("title")
        mark = rule_marks.get(lo + k)
        if mark is not None:
            feats.append(f"rule={mark}")
        kind = alias_marks.get(lo + k)
        if kind is not None:
            feats.append(f"alias={kind}")
        feats.append(f"vl={_bucket(left[k]) if left[k] >= 0 else 'none'}")
        feats.append(f"vr={_bucket(right[k]) if right[k] >= 0 else 'none'}")
        s = bisect.bisect_right(sentence_starts, starts[k]) - 1
        if s >= 0 and (k == 0 or starts[k - 1] < sentence_starts[s]):
            feats.append("sent_start")
        own.append(feats)
    return _with_neighbours(own, lows)


def _with_neighbours(own: list[list[str]], lows: Sequence[str]) -> list[list[str]]:
    """Each token's features plus its neighbours' words and a few of their features."""
    n = len(own)
    keep = ("rv=", "hd=", "alias=", "rule=", "sh=", "pron", "title", "sent_start")
    short = [[f for f in feats if f.startswith(keep)] for feats in own]
    out = []
    for k in range(n):
        feats = list(own[k])
        for offset in (-2, -1, 1, 2):
            j = k + offset
            if 0 <= j < n:
                feats.append(f"{offset}:w={lows[j]}")
                if offset in (-1, 1):
                    feats.extend(f"{offset}:{f}" for f in short[j])
            else:
                feats.append(f"{offset}:edge")
        if 0 < k < n - 1:
            feats.append(f"bi={lows[k - 1]}|{lows[k]}")
        out.append(feats)
    return out


def label_spans(labels: Sequence[str]) -> dict[str, list[tuple[int, int]]]:
    """Token ranges ``[a, b)`` of each label in a ``B-``/``I-``/``O`` sequence.

    An ``I-`` tag after another label (or ``O``) opens a span, as a ``B-`` would.
    """
    spans: dict[str, list[tuple[int, int]]] = {label: [] for label in LABELS}
    current = ""
    start = 0
    for k, tag in enumerate((*labels, "O")):
        kind = tag[2:] if tag != "O" else ""
        if current and (tag == "O" or tag.startswith("B-") or kind != current):
            spans[current].append((start, k))
            current = ""
        if kind and not current:
            current, start = kind, k
    return spans
