"""The attribution extractor: relations (source, cue, content) with canonical sources."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence

from credence.features.attribution.cues import sentence_attributions
from credence.features.attribution.lexicon import _IN_FRAMES, AttributionLexicon, load_lexicon
from credence.features.attribution.mentions import _mentions_in
from credence.features.attribution.resolver import _Resolver
from credence.features.attribution.results import HEARSAY_CUE_TYPES, SOURCE_KINDS, Attribution
from credence.features.attribution.tokens import _QUOTE_RE, _Sentence, _TokenTable
from credence.features.base import SpanExtractor, register
from credence.features.context import Context

__all__ = ["AttributionExtractor"]


@register("attribution")
class AttributionExtractor(SpanExtractor):
    """Find attribution relations (source, cue, content) and canonicalise their sources.

    Parameters
    ----------
    aliases : str, optional
        Path of a user alias table (``alias<TAB>canonical<TAB>kind``) merged over the
        built-in ``lexicons/sources.tsv``. Compiled lazily on first use and cached.

    Examples
    --------
    >>> ex = AttributionExtractor()
    >>> a = ex.extract('"Talks stalled," the Pentagon said.')[0]
    >>> (a.source.canonical, a.source.kind, a.content.text)
    ('US Department of Defense', 'official', '"Talks stalled,"')
    """

    output_key = "attributions"
    version = "2"  # 2: recall sense, names with cue words, described antecedents
    feature_names = (
        "n_attributions",
        "has_attribution",
        "n_outlet",
        "n_official",
        "n_person",
        "n_role",
        "n_anonymous",
        "anonymous_share",
        "n_distinct_sources",
        "n_hearsay_cues",
    )

    def __init__(self, aliases: str | None = None) -> None:
        self.aliases = aliases

    @property
    def lexicon(self) -> AttributionLexicon:
        """The compiled lexicons (built on first use, cached per alias file)."""
        return load_lexicon(self.aliases)

    # -- public API -------------------------------------------------------------------------

    def extract(self, text: str, *, context: Context | None = None) -> list[Attribution]:
        """Return the attributions of ``text`` in text order.

        Parameters
        ----------
        text : str
            The article text; every offset points into it.
        context : Context, optional
            The engine's context for ``text``: its sentences are read (otherwise the text is
            segmented here).
        """
        context = self.context_of(text, context)
        lex = self.lexicon
        # Paragraphs and sentences come from the engine's segmentation, the only splitter.
        paragraphs = [(p.start, p.end) for p in context.paragraphs]
        para_starts = [p[0] for p in paragraphs]
        quotes = [m.start() for m in _QUOTE_RE.finditer(text)]
        # Tokenise once; sentences take their slice of the whole-text tokens, and only the
        # sentences holding a trigger word (a cue verb, "according", "via", …) are read.
        table = _TokenTable(text)
        lows = table.lows
        # compress/map keep the scan of every token in C, in one pass for the trigger words
        # and "in"; only the few hits are checked here, and an "in" is kept where it opens a
        # frame ("in an interview with").
        opening = lex.opening_words
        hits = [
            k
            for k in itertools.compress(range(len(lows)), map(opening.__contains__, lows))
            if lows[k] != "in" or lows[k + 1 : k + 4] in _IN_FRAMES
        ]
        resolver: _Resolver | None = None
        found: list[Attribution] = []
        for s_start, s_end in ((s.start, s.end) for s in context.sentences):
            span = table.bounds(s_start, s_end)
            candidates: list[int] | None = None
            if span is None:
                # A token of the whole text straddles a bound: tokenise the sentence alone.
                sent_table, lo, hi = None, 0, None
            else:
                lo, hi = span
                h = bisect.bisect_left(hits, lo)
                if h == len(hits) or hits[h] >= hi:
                    continue  # no trigger word: nothing to find in this sentence
                sent_table = table
                candidates = [k - lo for k in hits[h : bisect.bisect_left(hits, hi, h)]]
            if resolver is None:
                resolver = _Resolver(lex, _mentions_in(text, table, lex))
            p = max(bisect.bisect_right(para_starts, s_start) - 1, 0)
            para_end = paragraphs[p][1] if paragraphs else len(text)
            sent = _Sentence(text, s_start, s_end, quotes, max(para_end, s_end), sent_table, lo, hi)
            found.extend(sentence_attributions(sent, lex, resolver, paragraphs, candidates))
        found.sort(key=lambda a: (a.cue.start, a.source.start))
        return found

    def span_features(self, spans: Sequence[Attribution], text: str) -> list[float]:
        """Counts by source kind, anonymous share, distinct sources and hearsay cues."""
        kinds = [a.source.kind for a in spans]
        n = len(spans)
        return [
            float(n),
            float(n > 0),
            *(float(kinds.count(k)) for k in SOURCE_KINDS),
            kinds.count("anonymous") / n if n else 0.0,
            float(len({a.source.canonical for a in spans})),
            float(sum(a.cue_type in HEARSAY_CUE_TYPES for a in spans)),
        ]

    # -- per sentence -----------------------------------------------------------------------
