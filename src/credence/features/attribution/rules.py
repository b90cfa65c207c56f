"""The hand-written rules' driver: the relations opened by the trigger words of each sentence.

Used alone when no trained model is available (``AttributionExtractor(model=None)``), and as
evidence for the learned tagger otherwise (:mod:`.tagging`).
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable
from typing import TypeVar

from credence.features.attribution.continuations import continuation_quotes, first_person_in_quotes
from credence.features.attribution.credits import credited_quotes
from credence.features.attribution.cues import sentence_attributions
from credence.features.attribution.lexicon import (
    _IN_FRAMES,
    MAX_KEPT_RESOLUTIONS,
    AttributionLexicon,
)
from credence.features.attribution.mentions import _mentions_in
from credence.features.attribution.names import person_mentions
from credence.features.attribution.resolver import _Resolver
from credence.features.attribution.results import Attribution, SourceMention
from credence.features.attribution.tokens import (
    _Sentence,
    _TokenTable,
    quote_positions,
    sentences_to_read,
    trigger_hits,
)
from credence.features.context import Context

_T = TypeVar("_T")

__all__ = ["article_table", "article_names", "new_resolver", "rule_attributions", "without_overlap"]


def article_table(context: Context) -> _TokenTable:
    """The tokens of the article, built once per context for the rules and the tagger."""
    return context.shared("attribution.tokens", lambda: _TokenTable(context.text))


def _shared_for(
    context: Context, key: str, lex: AttributionLexicon, compute: Callable[[], _T]
) -> _T:
    """``compute()`` once per context and lexicon: a second extractor with other aliases
    (another lexicon) on the same context computes its own.
    """
    owner, value = context.shared(key, lambda: (lex, compute()))
    return value if owner is lex else compute()


def article_names(
    context: Context, table: _TokenTable, lex: AttributionLexicon
) -> list[SourceMention]:
    """The alias-table mentions of the article (:func:`.mentions._mentions_in`), found once
    per context for the rules and the tagger.
    """
    return _shared_for(
        context, "attribution.mentions", lex, lambda: _mentions_in(context.text, table, lex)
    )


def new_resolver(context: Context, table: _TokenTable, lex: AttributionLexicon) -> _Resolver:
    """A fresh resolver for the article; the mentions it starts from are found once per
    context (the rules and the tagger each resolve with their own resolver), and the
    resolutions that read nothing but a phrase's words are shared by every text read with
    ``lex`` (:attr:`.lexicon.AttributionLexicon.resolutions`).
    """
    people = _shared_for(
        context, "attribution.people", lex, lambda: person_mentions(context.text, lex)
    )
    # The resolutions that hold in any text: "the company", "Senator Ada Okafor" and
    # "officials" recur from article to article. Bounded: emptied when it grows too large.
    if len(lex.resolutions) > MAX_KEPT_RESOLUTIONS:
        lex.resolutions.clear()
    memo: dict[str, tuple[str, str]] = _shared_for(
        context, "attribution.resolutions", lex, lambda: lex.resolutions
    )
    return _Resolver(lex, article_names(context, table, lex), context.text, people, memo)


def without_overlap(extra: list[Attribution], found: list[Attribution]) -> list[Attribution]:
    """The relations of ``extra`` whose cue and source overlap no relation of ``found``."""
    if not extra:  # most texts: no credit, no rule relation to add
        return []
    taken = sorted((span.start, span.end) for a in found for span in (a.cue, a.source))
    starts = [s for s, _ in taken]
    ends = list(itertools.accumulate((e for _, e in taken), max))
    out = []
    for a in extra:
        clash = False
        for span in (a.cue, a.source):
            k = bisect.bisect_left(starts, span.end)
            clash = clash or (k > 0 and ends[k - 1] > span.start)
        if not clash:
            out.append(a)
    return out


def rule_attributions(
    text: str, context: Context, lex: AttributionLexicon, table: _TokenTable | None = None
) -> list[Attribution]:
    """The attributions the hand-written rules find in ``text``, in text order.

    Parameters
    ----------
    text : str
        The article text.
    context : Context
        Its segmentation (paragraphs and sentences are read from it).
    lex : AttributionLexicon
        The compiled lexicons.
    table : _TokenTable, optional
        The tokens of ``text`` when the caller has them already.
    """
    # Paragraphs and sentences come from the engine's segmentation, the only splitter.
    paragraphs = [(p.start, p.end) for p in context.paragraphs]
    para_starts = [p[0] for p in paragraphs]
    quotes = quote_positions(text)
    # Tokenise once; sentences take their slice of the whole-text tokens, and only the
    # sentences holding a trigger word (a cue verb, "according", "via", …) are read.
    table = article_table(context) if table is None else table
    # The trigger words and "in", an "in" kept where it opens a frame ("in an interview
    # with"): one scan of the tokens (compiled where the core is built).
    hits = trigger_hits(table.lows, lex.opening_words, _IN_FRAMES)
    resolver: _Resolver | None = None
    found: list[Attribution] = []
    sentences = context.sentences
    # The sentences without a trigger word are not visited: nothing to find there.
    for index, first, stop, h, h_end in sentences_to_read(table, sentences, hits):
        s_start, s_end = sentences[index].start, sentences[index].end
        candidates: list[int] | None = None
        if first < 0:
            # A token of the whole text straddles a bound: tokenise the sentence alone.
            sent_table, lo, hi = None, 0, None
        else:
            sent_table, lo, hi = table, first, stop
            candidates = [k - lo for k in hits[h:h_end]]
        if resolver is None:
            resolver = new_resolver(context, table, lex)
        p = max(bisect.bisect_right(para_starts, s_start) - 1, 0)
        para_end = paragraphs[p][1] if paragraphs else len(text)
        sent = _Sentence(text, s_start, s_end, quotes, max(para_end, s_end), sent_table, lo, hi)
        found.extend(sentence_attributions(sent, lex, resolver, paragraphs, candidates))

    def names() -> _Resolver:
        return resolver or new_resolver(context, table, lex)

    found.extend(without_overlap(credited_quotes(text, paragraphs, table, names), found))
    found.sort(key=lambda a: (a.cue.start, a.source.start))
    return first_person_in_quotes(continuation_quotes(text, found, paragraphs))
