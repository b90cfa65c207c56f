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
import itertools
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from credence.features.attribution.cue_features import WordCueFeatures, is_word_feature
from credence.features.attribution.lexicon import (
    _PRONOUNS,
    _TITLES,
    AttributionLexicon,
)
from credence.features.attribution.open_features import OpenFeatures
from credence.features.attribution.results import Attribution, SourceMention
from credence.features.attribution.tokens import _QUOTE_CHARS, _TokenTable
from credence.features.attribution.word_clusters import ClusterFeatures

__all__ = [
    "LABELS",
    "ParagraphTokens",
    "TokenFeaturizer",
    "paragraph_tokens",
    "token_features",
    "label_spans",
    "tagged_spans",
    "article_spans",
]

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


def _tokens_within(starts: Sequence[int], lo: int, hi: int, start: int, end: int) -> range:
    """Indices in ``[lo, hi)`` of the tokens starting inside ``[start, end)``."""
    return range(
        max(lo, bisect.bisect_left(starts, start)), min(hi, bisect.bisect_left(starts, end))
    )


def _rule_marks(
    table: _TokenTable, lo: int, hi: int, rules: Sequence[Attribution]
) -> dict[int, str]:
    """``{token index: "S"|"C"|"T"}``: the rule extractor's source, cue and content tokens."""
    marks: dict[int, str] = {}
    starts = table.starts
    for a in rules:
        for mark, span in (("T", a.content), ("S", a.source), ("C", a.cue)):
            for k in _tokens_within(starts, lo, hi, span.start, span.end):
                marks[k] = mark
    return marks


def _mention_marks(
    table: _TokenTable, lo: int, hi: int, mentions: Sequence[SourceMention]
) -> dict[int, str]:
    """``{token index: alias kind}`` of the alias-table mentions inside the paragraph."""
    marks: dict[int, str] = {}
    starts = table.starts
    for m in mentions:
        for k in _tokens_within(starts, lo, hi, m.start, m.end):
            marks[k] = m.kind
    return marks


def _by_paragraph(
    paragraphs: Sequence[ParagraphTokens],
    rules: Sequence[Attribution],
    mentions: Sequence[SourceMention],
) -> list[tuple[Sequence[Attribution], Sequence[SourceMention]]]:
    """For each paragraph, the rule relations whose cue starts in it and the mentions that
    start in it (``rules`` and ``mentions`` in text order; linear in the article's length).
    """
    cues = [a.cue.start for a in rules]
    starts = [m.start for m in mentions]
    return [
        (
            rules[bisect.bisect_left(cues, p.start) : bisect.bisect_left(cues, p.end)],
            mentions[bisect.bisect_left(starts, p.start) : bisect.bisect_left(starts, p.end)],
        )
        for p in paragraphs
    ]


def _cue_distances(is_cue: Sequence[bool]) -> tuple[list[int], list[int]]:
    """Tokens to the nearest reporting verb on the left and on the right (-1: none)."""
    n = len(is_cue)
    left = [-1] * n
    right = [-1] * n
    last = -1
    for k in range(n):
        if last >= 0:
            left[k] = k - last
        if is_cue[k]:
            last = k
    last = -1
    for k in range(n - 1, -1, -1):
        if last >= 0:
            right[k] = last - k
        if is_cue[k]:
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

    A one-off :class:`TokenFeaturizer` keeping every feature; code that featurises many
    paragraphs keeps one featurizer, whose per-word cache then pays.

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
    return TokenFeaturizer(lex)(table, para, sentence_starts, rules, mentions)


#: The head-word kinds of the lexicon, in the order their features are written.
_HEAD_KINDS = ("anon-head", "role-head", "official-head", "outlet-head", "modifier")


def lexical_features(low: str, lex: AttributionLexicon) -> list[str]:
    """The lexicon's features of one lower-cased word: its cue role, the head-word kinds it
    belongs to, pronoun and title marks. One definition for the featurizer and the emission
    scorer's fast path, which must name the same features.
    """
    lexical = []
    role = lex.cues.get(low)
    if role is not None:
        lexical.append(f"rv={role}")
    head_words = lex.words
    lexical.extend(f"hd={kind}" for kind in _HEAD_KINDS if low in head_words[kind])
    if low in _PRONOUNS:
        lexical.append("pron")
    if low.rstrip(".") in _TITLES:
        lexical.append("title")
    return lexical


def lexicon_words(lex: AttributionLexicon) -> frozenset[str]:
    """The lower-cased words :func:`lexical_features` can give a feature to, but for titles
    (read after stripping a final period: test ``low.rstrip(".") in _TITLES`` beside it).

    A word in neither has no lexical feature, which most words of a text are: a scorer
    summing new words skips :func:`lexical_features` for them on one set lookup.
    """
    head_words = lex.words
    return frozenset(lex.cues).union(_PRONOUNS, *(head_words[kind] for kind in _HEAD_KINDS))


#: Feature prefixes a neighbour at offset -1 or +1 passes on (besides its word).
#: Neighbour offsets and the slot of the cached word parts that holds what a word shows there.
_NEIGHBOUR_SLOTS = ((-2, 3), (-1, 4), (1, 5), (2, 6))
_SHORT_PREFIXES = ("rv=", "hd=", "alias=", "rule=", "sh=", "pron", "title", "sent_start")


def _distance_names(prefix: str) -> list[str]:
    """``prefix=<bucket>`` of every distance up to the last bucket bound (index = distance)."""
    return [f"{prefix}={_bucket(d)}" for d in range(_DISTANCE_BUCKETS[-1] + 1)]


class TokenFeaturizer:
    """The tagger's token features, with the parts that depend on one word cached per word.

    A word's own features (word, suffix, shape, lexicon roles) and what it passes on to its
    neighbours are functions of the word alone, so they are built once per distinct word and
    reused: news repeats its words, and most of the cost of :func:`token_features` was
    rebuilding the same strings. The features that depend on the paragraph (inside a quote,
    the rules' reading, alias mentions, distance to a reporting verb, sentence start, the
    bigram) are added per token in the same order as before, so the sequences are the same.

    Parameters
    ----------
    lex : AttributionLexicon
        Reporting verbs, source words and aliases.
    known : collection of str, optional
        The feature names a trained model has weights for: the others are dropped, as the
        model would ignore them anyway (a CRF gives an unknown feature no weight), which
        spares building and passing them. ``None`` (training) keeps every feature.
    clusters : mapping of str to (int, int), optional
        The model's word clusters (:mod:`.word_clusters`): their ``wc:`` features join each
        word's cached features.

    Notes
    -----
    The cache lives on the featurizer (one per loaded tagger and lexicon), never in a module
    global; it grows with the vocabulary of the texts seen (a few MB per 100,000 words).
    """

    def __init__(
        self,
        lex: AttributionLexicon,
        known: Collection[str] | None = None,
        clusters: Mapping[str, tuple[int, int]] | None = None,
    ) -> None:
        self.lex = lex
        self.known = None if known is None else frozenset(known)
        self._words: dict[str, tuple] = {}
        keep = self._keep
        self._vl = [f if keep(f) else None for f in _distance_names("vl")]
        self._vr = [f if keep(f) else None for f in _distance_names("vr")]
        self._vl_none = "vl=none" if keep("vl=none") else None
        self._vr_none = "vr=none" if keep("vr=none") else None
        self._context_names = {
            (offset, name): (f"{offset}:{name}" if offset else name)
            for offset in (0, -1, 1)
            for name in ("rule=S", "rule=C", "rule=T", "sent_start", "qo", "qc", "inq")
        }
        self._edges = {offset: f"{offset}:edge" for offset in (-2, -1, 1, 2)}
        # The open features (.open_features) are built only for a model that reads them.
        self._open = OpenFeatures(lex, self.known)
        # Word clusters are features of one word: they join its cached parts (_parts_of).
        self._clusters = ClusterFeatures(clusters) if clusters else None
        # So are the cue features of a word alone (stem and stance class), for a model that
        # reads them (every feature in training).
        reads_word_cues = self.known is None or any(map(is_word_feature, self.known))
        self._word_cues = WordCueFeatures() if reads_word_cues else None
        self.reads_open_features = self._open.any

    def _keep(self, feature: str) -> bool:
        return self.known is None or feature in self.known

    def _named(self, name: str, offset: int = 0) -> str | None:
        """``name`` (prefixed with ``offset:`` for a neighbour) when the model knows it."""
        feature = f"{offset}:{name}" if offset else name
        return feature if self._keep(feature) else None

    def _word_parts(self, word: str, low: str) -> tuple:
        """:meth:`_parts_of` the word, kept in the per-word cache."""
        parts = self._words[word] = self._parts_of(word, low)
        return parts

    def _parts_of(self, word: str, low: str) -> tuple:
        """The parts of one word: own features before and after the quote feature, whether
        it opens/closes a quotation, its features seen from each neighbour offset.

        The feature lists are tuples: a cache of tuples of strings holds no object the cyclic
        garbage collector must walk (it stops tracking such tuples), where lists, tens of
        thousands of them once a vocabulary is cached, made every full collection of the
        process several times slower.
        """
        shape = _shape(word)
        head = [f"w={low}", f"s3={low[-3:]}", f"sh={shape}"]
        lexical = lexical_features(low, self.lex)
        short = [f for f in (head[2], *lexical) if f.startswith(_SHORT_PREFIXES)]
        clustered, near = self._clusters.of_word(low) if self._clusters else ((), {})
        lexical.extend(clustered)
        if self._word_cues is not None:
            lexical.extend(self._word_cues(word, low))
        keep = self._keep
        seen = {}
        for offset in (-2, -1, 1, 2):
            as_neighbour = [f"{offset}:w={low}"]
            if offset in (-1, 1):
                as_neighbour.extend(f"{offset}:{f}" for f in short)
            as_neighbour.extend(near.get(offset, ()))
            seen[offset] = tuple(f for f in as_neighbour if keep(f))
        toggles = shape == "quote" and word != "'"
        return (
            tuple(f for f in head if keep(f)),
            tuple(f for f in lexical if keep(f)),
            toggles,
            seen[-2],
            seen[-1],
            seen[1],
            seen[2],
            low in self.lex.cues,
        )

    def __call__(
        self,
        table: _TokenTable,
        para: ParagraphTokens,
        sentence_starts: Sequence[int],
        rules: Sequence[Attribution] = (),
        mentions: Sequence[SourceMention] = (),
    ) -> list[list[str]]:
        """The feature strings of every token of ``para`` (see :func:`token_features`)."""
        lo, hi = para.lo, para.hi
        cache = self._words
        parts = [
            cache.get(word) or self._word_parts(word, low)
            for word, low in zip(table.words[lo:hi], table.lows[lo:hi], strict=True)
        ]
        context = self._context_marks(table, para, sentence_starts, rules, mentions)
        left, right = _cue_distances([p[7] for p in parts])
        own = self._own(parts, context, left, right)
        own = self._with_neighbours(own, parts, context, table.lows[lo:hi])
        if self.reads_open_features:
            for k, names in self.open_features_of(table, para).items():
                own[k].extend(names)
        return own

    def open_features_of(self, table: _TokenTable, para: ParagraphTokens) -> dict[int, list[str]]:
        """The :mod:`.open_features` of the paragraph's tokens that the model knows."""
        return self._open(table, para.lo, para.hi)

    def _context_marks(
        self,
        table: _TokenTable,
        para: ParagraphTokens,
        sentence_starts: Sequence[int],
        rules: Sequence[Attribution],
        mentions: Sequence[SourceMention],
    ) -> dict[int, list[str]]:
        """``{token: ["rule=…", "alias=…", "sent_start"]}`` for the tokens that have any, in
        that order (paragraph-relative token indices).
        """
        lo, hi = para.lo, para.hi
        marks: dict[int, list[str]] = {}
        for k, mark in _rule_marks(table, lo, hi, rules).items():
            marks.setdefault(k - lo, []).append(f"rule={mark}")
        for k, kind in _mention_marks(table, lo, hi, mentions).items():
            marks.setdefault(k - lo, []).append(f"alias={kind}")
        starts = table.starts
        # A token opens a sentence when a sentence starts after the previous token and at or
        # before it (the first token: when any sentence starts at or before it).
        first = bisect.bisect_right(sentence_starts, starts[lo])
        if first > 0:
            marks.setdefault(0, []).append("sent_start")
        last = bisect.bisect_right(sentence_starts, starts[hi - 1])
        for s in range(first, last):
            k = bisect.bisect_left(starts, sentence_starts[s], lo, hi) - lo
            names = marks.setdefault(k, [])
            if not names or names[-1] != "sent_start":
                names.append("sent_start")
        return marks

    def _own(
        self,
        parts: list[tuple],
        context: dict[int, list[str]],
        left: list[int],
        right: list[int],
    ) -> list[list[str]]:
        """Each token's own features, in the order :func:`token_features` always wrote them."""
        keep = self._keep
        named = self._context_names
        vl, vr, vl_none, vr_none = self._vl, self._vr, self._vl_none, self._vr_none
        top = len(vl) - 1
        q_open, q_close, q_in = named[0, "qo"], named[0, "qc"], named[0, "inq"]
        if not keep(q_open):
            q_open = None
        if not keep(q_close):
            q_close = None
        if not keep(q_in):
            q_in = None
        own: list[list[str]] = []
        inside = False
        for k, part in enumerate(parts):
            feats = list(part[0])
            if part[2]:
                quote = q_close if inside else q_open
                inside = not inside
                if quote is not None:
                    feats.append(quote)
            elif inside and q_in is not None:
                feats.append(q_in)
            feats.extend(part[1])
            names = context.get(k)
            if names is not None:
                feats.extend(f for f in names if f != "sent_start" and keep(f))
            d = left[k]
            f = vl_none if d < 0 else vl[min(d, top)]
            if f is not None:
                feats.append(f)
            d = right[k]
            f = vr_none if d < 0 else vr[min(d, top)]
            if f is not None:
                feats.append(f)
            if names is not None and names[-1] == "sent_start" and keep("sent_start"):
                feats.append("sent_start")
            own.append(feats)
        return own

    def _with_neighbours(
        self,
        own: list[list[str]],
        parts: list[tuple],
        context: dict[int, list[str]],
        lows: Sequence[str],
    ) -> list[list[str]]:
        """Each token's features plus its neighbours' words and a few of their features.

        The order is that of the first implementation: -2, -1, +1, +2, then the bigram.
        """
        n = len(own)
        known = self.known
        # What the previous (-1) and next (+1) token pass on from their paragraph marks.
        from_prev: dict[int, list[str]] = {}
        from_next: dict[int, list[str]] = {}
        for j, names in context.items():
            for offset, into in ((-1, from_prev), (1, from_next)):
                passed = [f"{offset}:{name}" for name in names]
                passed = [f for f in passed if known is None or f in known]
                if passed:
                    into[j - offset] = passed
        near = {offset: [part[slot] for part in parts] for offset, slot in _NEIGHBOUR_SLOTS}
        before2, before1, after1, after2 = near[-2], near[-1], near[1], near[2]
        for k in range(n):
            feats = own[k]
            if 2 <= k < n - 2:  # the common case, without bound checks
                feats += before2[k - 2]
                feats += before1[k - 1]
                if k in from_prev:
                    feats += from_prev[k]
                feats += after1[k + 1]
                if k in from_next:
                    feats += from_next[k]
                feats += after2[k + 2]
            else:
                self._near_edge(feats, k, n, near, from_prev, from_next)
            if 0 < k < n - 1:
                bigram = f"bi={lows[k - 1]}|{lows[k]}"
                if known is None or bigram in known:
                    feats.append(bigram)
        return own

    def _near_edge(
        self,
        feats: list[str],
        k: int,
        n: int,
        near: dict[int, list[list[str]]],
        from_prev: dict[int, list[str]],
        from_next: dict[int, list[str]],
    ) -> None:
        """The neighbour features of a token within two tokens of a paragraph edge."""
        for offset, _ in _NEIGHBOUR_SLOTS:
            j = k + offset
            if 0 <= j < n:
                feats += near[offset][j]
                if offset == -1 and k in from_prev:
                    feats += from_prev[k]
                elif offset == 1 and k in from_next:
                    feats += from_next[k]
            elif self._keep(self._edges[offset]):
                feats.append(self._edges[offset])

    def article(
        self,
        table: _TokenTable,
        paragraphs: Sequence[ParagraphTokens],
        sentence_starts: Sequence[int],
        rules: Sequence[Attribution] = (),
        mentions: Sequence[SourceMention] = (),
    ) -> list[list[list[str]]]:
        """The features of every paragraph of an article (``rules`` and ``mentions``: those of
        the whole article, in text order).
        """
        return [
            self(table, para, sentence_starts, *marks)
            for para, marks in zip(
                paragraphs, _by_paragraph(paragraphs, rules, mentions), strict=True
            )
        ]


def tagged_spans(tagger: Any, features: Any) -> dict[str, list[tuple[int, int]]]:
    """:func:`label_spans` of ``tagger.tag(features)``, read straight from the decoder where
    the tagger can (a trained :class:`~credence.models.attribution_model.CrfTagger` with its
    compiled core: no label string per token), else from the labels.
    """
    spans_of = getattr(tagger, "tag_spans", None)
    if spans_of is not None:
        found = spans_of(features, LABELS)
        if found is not None:
            return found
    return label_spans(tagger.tag(features))


def article_spans(tagger: Any, sequences: Sequence[Any]) -> list[dict[str, list[tuple[int, int]]]]:
    """:func:`tagged_spans` of every sequence (paragraph) of an article, in one call to the
    decoder where the tagger can (label scores stacked for the article, see
    :class:`.emissions.ArticleEmissions`), else one :func:`tagged_spans` a sequence.
    """
    spans_of = getattr(tagger, "tag_spans_of_sequences", None)
    if spans_of is not None:
        found = spans_of(sequences, LABELS)
        if found is not None:
            return found
    return [tagged_spans(tagger, features) for features in sequences]


def label_spans(labels: Sequence[str]) -> dict[str, list[tuple[int, int]]]:
    """Token ranges ``[a, b)`` of each label in a ``B-``/``I-``/``O`` sequence.

    An ``I-`` tag after another label (or ``O``) opens a span, as a ``B-`` would.
    """
    spans: dict[str, list[tuple[int, int]]] = {label: [] for label in LABELS}
    if labels.count("O") == len(labels):
        return spans  # most paragraphs: nothing labelled (one C-level count, no run to read)
    current = ""
    start = end = -1
    k = 0
    # Runs of one tag are read at once (quoted contents run over many tokens): a run of
    # ``I-`` extends the open span of its label or opens one, each ``B-`` opens a span.
    for tag, run in itertools.groupby(labels):
        n = len(list(run))
        if tag == "O":
            k += n
            continue
        kind = tag[2:]
        if tag.startswith("B-"):
            if current:
                spans[current].append((start, end))
            spans[kind].extend((j, j + 1) for j in range(k, k + n - 1))
            current, start, end = kind, k + n - 1, k + n
        elif k == end and kind == current:
            end = k + n
        else:
            if current:
                spans[current].append((start, end))
            current, start, end = kind, k, k + n
        k += n
    if current:
        spans[current].append((start, end))
    return spans


def __getattr__(name: str) -> Any:
    # EmissionScorer and Emissions moved to .emissions (one concept a module); the old import
    # path keeps working, resolved on first use so that the modules do not import each other.
    if name in ("EmissionScorer", "Emissions"):
        from credence.features.attribution import emissions

        return getattr(emissions, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
