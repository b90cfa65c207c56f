"""The learned attribution path: article → tagged paragraphs → relations.

:func:`article_sequences` turns an article into the tagger's input (one feature sequence per
paragraph), for training and for extraction alike;
:func:`learned_attributions` tags them with a trained model and ties the spans into
relations (:mod:`.relations`).
"""

from __future__ import annotations

import bisect
import itertools
from dataclasses import dataclass
from typing import Protocol

from credence.features.attribution.continuations import continuation_quotes, first_person_in_quotes
from credence.features.attribution.credits import is_credit
from credence.features.attribution.lexicon import AttributionLexicon
from credence.features.attribution.relations import paragraph_relations
from credence.features.attribution.results import HEARSAY_CUE_TYPES, Attribution, SourceMention
from credence.features.attribution.rules import (
    article_names,
    article_table,
    new_resolver,
    rule_attributions,
    without_overlap,
)
from credence.features.attribution.tagging import (
    ParagraphTokens,
    TokenFeaturizer,
    article_spans,
    paragraph_tokens,
)
from credence.features.attribution.tokens import (
    _QUOTE_CHARS,
    _Sentence,
    _TokenTable,
    quote_positions,
    sentence_indices,
)
from credence.features.context import Context

__all__ = ["SequenceTagger", "ArticleSequences", "article_sequences", "learned_attributions"]


#: Most words of a noun phrase before the source the rules read in it ("hospital officials").
_MAX_SOURCE_LEAD = 3


class SequenceTagger(Protocol):
    """What the extractor needs of a trained model: one label per token of a sequence."""

    def tag(self, features: list[list[str]]) -> list[str]: ...


@dataclass
class ArticleSequences:
    """An article as the tagger reads it: its tokens and one feature sequence a paragraph."""

    table: _TokenTable
    paragraphs: list[ParagraphTokens]
    features: list[list[list[str]]]
    mentions: list[SourceMention]
    sentence_starts: list[int]
    rules: list[Attribution]


def article_sequences(
    text: str,
    context: Context,
    lex: AttributionLexicon,
    featurizer: TokenFeaturizer | None = None,
) -> ArticleSequences:
    """The tagger's input for ``text``: the features of every paragraph (by ``featurizer``,
    default: every feature of :class:`TokenFeaturizer`).
    """
    featurize = featurizer or TokenFeaturizer(lex)
    table = article_table(context)
    rules = rule_attributions(text, context, lex, table)
    mentions = article_names(context, table, lex)
    sentence_starts = [s.start for s in context.sentences]
    # Every paragraph is tagged: a sixth of PolNeAR's cues sit in paragraphs with no
    # reporting verb or quotation mark ("mocked", "the poll found").
    kept = paragraph_tokens(table, [(p.start, p.end) for p in context.paragraphs])
    features = featurize.article(table, kept, sentence_starts, rules, mentions)
    return ArticleSequences(table, kept, features, mentions, sentence_starts, rules)


def _with_nested_rules(found: list[Attribution], rules: list[Attribution]) -> list[Attribution]:
    """The tagger's relations plus the rules' relations nested in their contents.

    A relay quoted inside another relation ("… JoongAng Ilbo had reported that …," the
    newspaper says) is rarely a span the tagger labels, as PolNeAR marks the outer relation;
    the rules read it, and the chains need it. Only a rule relation whose cue lies inside a
    tagged content and overlaps no tagged cue is added.
    """
    # Relays only: a report, interview or "according to" quoted inside a quotation.
    contents = sorted(
        (a.content.start, a.content.end) for a in found if a.content.text[:1] in _QUOTE_CHARS
    )
    rules = [r for r in rules if r.cue_type in HEARSAY_CUE_TYPES or r.source.kind == "outlet"]
    cues = sorted((a.cue.start, a.cue.end) for a in found)
    # Intervals sorted by start, with the furthest end so far: "some interval starting at or
    # before x ends at or after y" is one bisection (linear in the article, not quadratic).
    content_starts = [s for s, _ in contents]
    content_ends = list(itertools.accumulate((e for _, e in contents), max))
    cue_starts = [s for s, _ in cues]
    cue_ends = list(itertools.accumulate((e for _, e in cues), max))
    extra = []
    for r in rules:
        k = bisect.bisect_right(content_starts, r.cue.start)
        inside = k > 0 and content_ends[k - 1] >= r.cue.end
        k = bisect.bisect_left(cue_starts, r.cue.end)
        clash = k > 0 and cue_ends[k - 1] > r.cue.start
        if inside and not clash:
            extra.append(r)
    return [*found, *extra]


def _opens(before: str) -> bool:
    """Whether a source after ``before`` (from the content's start) opens the content: at
    most the first words of its own noun phrase ("hospital" before "officials") come first.
    """
    return len(before.split()) <= _MAX_SOURCE_LEAD and not any(c in before for c in ',;:."“”')


def _marks_between(quotes: list[int], start: int, end: int) -> int:
    """How many quotation marks lie in ``text[start:end]`` (``quotes``: their offsets in
    ``text``, sorted, see :func:`.tokens.quote_positions`): what
    ``len(_QUOTE_RE.findall(text, start, end))`` counts, by two bisections.
    """
    if end <= start:
        return 0
    return bisect.bisect_left(quotes, end) - bisect.bisect_left(quotes, start)


def _speaker_opening_content(
    text: str,
    rules: list[Attribution],
    tagged: list[Attribution],
    contents: list[tuple[int, int]],
    seqs: ArticleSequences,
    para: ParagraphTokens,
    quotes: list[int],
) -> list[Attribution]:
    """The rule relations that open a content the tagger labelled but tied to no cue.

    "While the number is unclear, military sources estimate P": the tagger may label
    "military sources estimate P" as content and find no cue for it; a content does not open
    with its own speaker and reporting verb, so the rules' relation there ("military sources"
    / "estimate" / P) is the reading. Only relations that the content holds whole, whose
    source opens it and whose cue and source overlap no tagged relation are added, outside
    quotations.
    """
    starts, ends = seqs.table.starts, seqs.table.ends
    taken = [(a.content.start, a.content.end) for a in tagged]
    untied = []
    for a, b in contents:
        start, end = starts[para.lo + a], ends[para.lo + b - 1]
        # Outside every quotation: inside one, "I think P" is what the quoted speaker says.
        if _marks_between(quotes, para.start, end) and (
            _marks_between(quotes, start, end) or _marks_between(quotes, para.start, start) % 2
        ):
            continue
        if not any(min(e, end) > max(s, start) for s, e in taken):
            untied.append((start, end))
    opening = [
        r
        for r in rules
        if r.source.start < r.cue.start
        and any(
            s <= r.source.start and r.content.end <= e and _opens(text[s : r.source.start])
            for s, e in untied
        )
    ]
    return without_overlap(opening, tagged) if opening else []


def _rules_by_paragraph(
    rules: list[Attribution], paragraphs: list[ParagraphTokens]
) -> list[list[Attribution]]:
    """The rule relations whose cue starts in each paragraph, in their order."""
    starts = [p.start for p in paragraphs]
    out: list[list[Attribution]] = [[] for _ in paragraphs]
    for a in rules:
        k = bisect.bisect_right(starts, a.cue.start) - 1
        if k >= 0 and a.cue.start < paragraphs[k].end:
            out[k].append(a)
    return out


def learned_attributions(
    text: str, context: Context, lex: AttributionLexicon, tagger: SequenceTagger
) -> list[Attribution]:
    """The attributions of ``text`` read from the spans ``tagger`` labels, in text order."""
    # A trained model knows which features it reads (fewer to build and pass).
    featurizer = getattr(tagger, "featurizer", None)
    seqs = article_sequences(text, context, lex, featurizer(lex) if featurizer else None)
    resolver = new_resolver(context, seqs.table, lex)
    quotes = quote_positions(text)
    found: list[Attribution] = []
    rules_by_paragraph = _rules_by_paragraph(seqs.rules, seqs.paragraphs)
    # The sentence of every token of the article, found once (a paragraph takes its slice).
    token_sentences: list[int] | None = None
    for para, spans, rules_in in zip(
        seqs.paragraphs, article_spans(tagger, seqs.features), rules_by_paragraph, strict=True
    ):
        tagged: list[Attribution] = []
        if spans["CUE"]:
            sent = _Sentence(
                text, para.start, para.end, quotes, para.end, seqs.table, para.lo, para.hi
            )
            if token_sentences is None:
                token_sentences = sentence_indices(seqs.table.starts, seqs.sentence_starts)
            sentence_of = token_sentences[para.lo : para.hi]
            tagged = paragraph_relations(sent, spans, sentence_of, lex, resolver)
        # A paragraph where the tagger ties nothing together keeps what the rules found there.
        found.extend(tagged or rules_in)
        if tagged and rules_in:
            found.extend(
                _speaker_opening_content(text, rules_in, tagged, spans["CON"], seqs, para, quotes)
            )
    # Speaker labels and dash credits have no reporting verb for the tagger to anchor on.
    found.extend(without_overlap([r for r in seqs.rules if is_credit(r)], found))
    found = _with_nested_rules(found, seqs.rules)
    found.sort(key=lambda a: (a.cue.start, a.source.start))
    paragraphs = [(p.start, p.end) for p in context.paragraphs]
    return first_person_in_quotes(continuation_quotes(text, found, paragraphs))
