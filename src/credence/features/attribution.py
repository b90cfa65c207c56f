"""Attribution triples: who (source) says (cue) what (content), with canonical sources.

The extractor works sentence by sentence on a flat token list and never backtracks more than a
fixed number of tokens, so its running time is linear in the length of the text.

Patterns recognised (direct and indirect speech):

- ``X said (that) P`` / ``X told Y (that) P`` / ``X reported …`` / ``X estimates …`` and the
  other cue verbs of ``lexicons/attribution_cues.tsv``, with auxiliaries and adverbs between
  the source and the verb (``X has indicated``, ``X also said``, ``X recently said``);
- inverted and quote-first forms: ``"P," X said.``, ``"P," said X.``, ``P, the newspaper says.``;
- ``according to X``, ``citing X``, ``via X`` (also credit lines such as ``Via Associated
  Press`` on a line of their own, which attribute the text above them to the agency),
  ``in an interview with X published …, P``;
- ``X is making the claim(s), saying P`` and gerund continuations (``…, saying P``), whose
  source is the subject of the clause they continue.

Sources are canonicalised with ``lexicons/sources.tsv`` (``alias<TAB>canonical<TAB>kind``),
merged with an optional user table. Descriptions and pronouns are resolved by recency inside
the article: ``the newspaper``/``the paper``/``the outlet`` → the last outlet mentioned,
``the Post``/``the Times``/``the Journal`` → the last outlet whose name has that word (else
the alias table), ``the agency`` → the last official body or news agency, ``the ministry``
→ the last ministry, ``he``/``she`` → the last named person. Unknown sources keep their
cleaned surface form as canonical name and get a kind guessed from their head noun.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import operator
import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from credence.document import Span
from credence.errors import DataError
from credence.features.base import SpanExtractor, register
from credence.features.context import Context
from credence.features.user_tables import read_user_table

__all__ = [
    "SOURCE_KINDS",
    "HEARSAY_CUE_TYPES",
    "SourceMention",
    "Attribution",
    "AttributionLexicon",
    "AttributionExtractor",
    "load_lexicon",
    "find_source_mentions",
    "paragraph_bounds",
]

#: The kinds a source may have.
SOURCE_KINDS: tuple[str, ...] = ("outlet", "official", "person", "role", "anonymous")
#: Cue types that pass on what others said rather than the speaker's own words.
HEARSAY_CUE_TYPES: frozenset[str] = frozenset({"report", "according", "citing", "via", "interview"})

_CUE_VERB_ROLES = ("speech", "report", "cognition", "estimate", "evidence")
_HEAD_ROLES = ("anon-head", "role-head", "official-head", "outlet-head", "modifier")

# Tokens: words (with inner apostrophes, hyphens, dots: "Korea's", "Lopez-Cantera", "U.S")
# or a single non-space character. Each repetition consumes input, so matching is linear.
_TOKEN_RE = re.compile(r"\w+(?:[’'\-.&]\w+)*(?:[’']s?)?|[^\w\s]")
# The same tokens with the whitespace before each (see _TokenTable). Possessive quantifiers:
# every part after the first word characters is optional, so the greedy match never gives
# characters back, and not recording backtracking points makes the scan faster.
_SPACED_TOKEN_RE = re.compile(r"\s*+(?:\w++(?:[’'\-.&]\w++)*+(?:[’']s?)?+|[^\w\s])")
# Marks that end a space-separated piece "word<mark>" as a token of their own (see _TokenTable).
_CLOSING_MARKS = frozenset(',.;:!?)"”')
_QUOTE_CHARS = frozenset('"“”')
_QUOTE_RE = re.compile('["“”]')
_SENTENCE_END_RE = re.compile(r"[.!?]+[\"”’)\]]*(?=\s|$)|[.!?]+(?=[A-Z][a-z])|\n+")
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr sen rep gov gen lt col st jr sr u.s no vs jan feb mar apr aug sept sep oct nov"
    " dec inc co corp ltd prof sgt capt adm maj u.n u.k d.c".split()
)

_DETERMINERS = frozenset(
    "the a an some many several other two three four five six both all most few its his her their"
    " our another one any this that these those".split()
)
_VAGUE_DETERMINERS = frozenset("some many several other various multiple few numerous".split())
_PRONOUNS = frozenset("he she they it we i you".split())
_CAP_STOP = frozenset(
    "but and or so yet however meanwhile additionally also then now still earlier later last next"
    " on in at for with by after before when while if as since because although though this that"
    " these those it there here recently previously today yesterday moreover furthermore thus"
    " instead indeed even only such what which who whose how where why once again not no yes"
    " recent early new latest initial separately similarly finally first second third".split()
)
_GAP_WORDS = frozenset(
    "also has have had is was were are will would could may might did does do not never has"
    " been reportedly recently previously later earlier repeatedly publicly privately once then"
    " first already further again just now still separately".split()
)
_CONNECTORS = frozenset(["of", "for", "and", "&"])
_TITLES = frozenset(
    "president senator sen. sen gov. gov governor rep. rep representative mr. mr ms. ms mrs. mrs"
    " dr. dr general gen. gen secretary minister chancellor ambassador judge justice premier king"
    " queen prince leader chairman chief commander envoy spokesman spokeswoman mayor".split()
)
# Modifiers that describe who the unnamed source is ("a senior official", "military sources").
_ROLE_MODIFIERS = frozenset(
    "senior top military defense defence intelligence government administration campaign"
    " security diplomatic police army navy pentagon presidential congressional deputy"
    " federal state official".split()
)
_VAGUE_CAPS = frozenset("western international foreign global some many".split())
_COREF_OUTLET = frozenset(["newspaper", "paper", "outlet", "daily", "broadcaster", "network"])
_COREF_NAMED = {"post": "Post", "times": "Times", "journal": "Journal"}
#: Cue verbs that are speech only before a clause or after a quote (else another sense).
_CLAUSE_ONLY_CUES = frozenset(["recall", "recalls", "recalled", "recalling"])
_COMPLEMENTIZERS = frozenset(["that", "how", "when", "why", "what", "whether", "seeing"])
_COREF_AGENCY = frozenset(["agency", "service", "bureau"])
_COREF_MINISTRY = frozenset(["ministry", "department"])

# Words other than the cue verbs that open a relation (see _sentence_attributions).
_SPECIAL_TRIGGERS = frozenset(["according", "citing", "via", "making", "made", "make", "makes"])
# "in" opens a relation only in these frames ("In an interview with X, P").
_IN_FRAMES = (["an", "interview", "with"], ["a", "statement", "to"])
_WRITER_CLAUSE_RE = re.compile(r",\s+(?:and\s+|but\s+)?while\b|,\s+but\b|;")
_MAX_NP_TOKENS = 10
# Longest content kept, so that one huge sentence cannot make the output quadratic.
_MAX_CONTENT_CHARS = 3000
_MAX_ALIAS_TOKENS = 7
_LOOKBACK = 60


# --------------------------------------------------------------------------------------------
# Results


@dataclass(frozen=True, slots=True)
class SourceMention:
    """A source as written in the text and the entity it stands for.

    Parameters
    ----------
    start, end : int
        Offsets of the noun phrase in the article text.
    text : str
        ``text[start:end]``.
    canonical : str
        Canonical name (from the alias table, coreference, or the cleaned surface form).
    kind : str
        One of :data:`SOURCE_KINDS`.
    """

    start: int
    end: int
    text: str
    canonical: str
    kind: str

    @property
    def explanation(self) -> str:
        return f"source '{self.text}' = {self.canonical} ({self.kind})"

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "canonical": self.canonical,
            "kind": self.kind,
        }


@dataclass(frozen=True, slots=True)
class Attribution:
    """One attribution relation: ``source`` says (``cue``) ``content``.

    ``start``/``end`` cover the whole relation and ``text`` is ``article[start:end]``;
    ``cue_type`` is the lexicon role of the cue (``speech``, ``report``, ``according``, …).

    Examples
    --------
    >>> ex = AttributionExtractor()
    >>> [a.source.canonical for a in ex.extract("Reuters reported that talks had stalled.")]
    ['Reuters']
    """

    source: SourceMention
    cue: Span
    content: Span
    text: str = ""
    cue_type: str = "speech"

    @property
    def start(self) -> int:
        """Offset where the attribution begins (the earliest of its spans)."""
        return min(self.source.start, self.cue.start, self.content.start)

    @property
    def end(self) -> int:
        """Offset where the attribution ends (the latest of its spans)."""
        return max(self.source.end, self.cue.end, self.content.end)

    @property
    def explanation(self) -> str:
        """One human-readable line saying what this is and why."""
        content = self.content.text
        if len(content) > 60:
            content = content[:57] + "..."
        return f"'{self.source.text}' ({self.source.kind}) {self.cue.text}: {content}"

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (the schema documented in the README)."""
        return {
            "source": self.source.to_dict(),
            "cue": self.cue.to_dict(),
            "content": self.content.to_dict(),
        }


# --------------------------------------------------------------------------------------------
# Lexicons


def _norm(words: Sequence[str]) -> str:
    """Normalised key of a word sequence: lower case, straight apostrophes, no leading 'the'."""
    return _drop_the(" ".join(w.lower().replace("’", "'") for w in words))


def _drop_the(key: str) -> str:
    """``key`` without a leading "the " (alias keys of several words are stored without it)."""
    return key[4:] if key.startswith("the ") else key


@dataclass(frozen=True)
class AttributionLexicon:
    """Compiled lexicons: aliases ``{key: (canonical, kind, acronym)}``, cue verbs, source words."""

    aliases: dict[str, tuple[str, str, bool]]
    cues: dict[str, str]
    words: dict[str, frozenset[str]]
    #: Nouns that can head a source phrase, and every word allowed inside one.
    heads: frozenset[str] = frozenset()
    vocab: frozenset[str] = frozenset()

    @functools.cached_property
    def alias_prefixes(self) -> frozenset[str]:
        """Every word-prefix of every alias key ("new york" for "new york times")."""
        prefixes: set[str] = set()
        for key in self.aliases:
            parts = key.split(" ")
            prefixes.update(" ".join(parts[:k]) for k in range(1, len(parts) + 1))
        return frozenset(prefixes)

    @functools.cached_property
    def alias_starters(self) -> frozenset[str]:
        """Lower-cased first words that may open an alias mention (``_CAP_STOP`` words never do)."""
        return frozenset((self.alias_first_words | {"the"}) - _CAP_STOP)

    @functools.cached_property
    def alias_first_words(self) -> frozenset[str]:
        """The first word of every alias key."""
        return frozenset(p for p in self.alias_prefixes if " " not in p)

    @functools.cached_property
    def trigger_words(self) -> frozenset[str]:
        """Words at which a relation may start: the cue verbs, "according", "via", …"""
        return frozenset(self.cues) | _SPECIAL_TRIGGERS

    @functools.cached_property
    def opening_words(self) -> frozenset[str]:
        """:attr:`trigger_words` and "in" (which opens "In an interview with X, P")."""
        return self.trigger_words | {"in"}

    def lookup(self, words: Sequence[str]) -> tuple[str, str] | None:
        """Canonical name and kind of ``words`` in the alias table, or ``None``."""
        return self.lookup_key(_norm(words), words)

    def lookup_key(self, key: str, words: Sequence[str]) -> tuple[str, str] | None:
        """:meth:`lookup` of ``words`` whose normalised key (``_norm(words)``) is ``key``."""
        hit = self.aliases.get(key)
        if hit is None:
            return None
        canonical, kind, acronym = hit
        # Acronyms ("AP", "WHO", "UN") only match when written in capitals.
        if acronym and not any(w.isupper() for w in words):
            return None
        return canonical, kind


def _read_tsv(path: Path | Any) -> list[list[str]]:
    return [row for _, row in _numbered_tsv_rows(path.read_text(encoding="utf-8"))]


def _numbered_tsv_rows(text: str) -> list[tuple[int, list[str]]]:
    """``(line number, stripped cells)`` of the non-blank, non-comment lines of a TSV text."""
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        rows.append((number, [c.strip() for c in line.split("\t")]))
    return rows


def _alias_rows(text: str, origin: str) -> dict[str, tuple[str, str, bool]]:
    """Parse an alias table; a malformed row is a :class:`DataError` naming its line."""
    table: dict[str, tuple[str, str, bool]] = {}
    for number, row in _numbered_tsv_rows(text):
        if len(row) != 3 or not row[0] or not row[1]:
            columns = "1 column" if len(row) == 1 else f"{len(row)} columns"
            raise DataError(
                origin,
                f"expected 'alias<TAB>canonical<TAB>kind' (3 tab-separated columns), got {columns}"
                if len(row) != 3
                else "the alias and canonical columns must not be empty",
                line=number,
            )
        alias, canonical, kind = row
        if kind not in SOURCE_KINDS:
            raise DataError(
                origin,
                f"unknown kind {kind!r} (expected one of {', '.join(SOURCE_KINDS)})",
                line=number,
            )
        words = _TOKEN_RE.findall(alias)
        acronym = len(words) == 1 and alias.replace(".", "").isupper() and len(alias) <= 5
        table[_norm(words)] = (canonical, kind, acronym)
    return table


def _user_alias_text(aliases: str) -> str:
    """The text of a user source alias table; every way of failing is a one-line DataError."""
    return read_user_table(aliases, "source alias table")


@functools.lru_cache(maxsize=8)
def load_lexicon(aliases: str | None = None) -> AttributionLexicon:
    """Load the built-in lexicons, merged with the user alias table at ``aliases`` (cached).

    Parameters
    ----------
    aliases : str, optional
        Path of a TSV ``alias<TAB>canonical<TAB>kind``; its rows override the built-in ones.

    Raises
    ------
    DataError
        When the alias table is missing, unreadable, not UTF-8 text, or a row is malformed
        (the message names the file and line).
    """
    base = resources.files("credence.features") / "lexicons"
    table = _alias_rows((base / "sources.tsv").read_text(encoding="utf-8"), "sources.tsv")
    if aliases is not None:
        aliases = str(aliases)
        table.update(_alias_rows(_user_alias_text(aliases), aliases))
    cues: dict[str, str] = {}
    words: dict[str, set[str]] = {role: set() for role in _HEAD_ROLES}
    for row in _read_tsv(base / "attribution_cues.tsv"):
        term, role = row[0].lower(), row[1]
        if role in _CUE_VERB_ROLES:
            cues.setdefault(term, role)
        elif role in words:
            words[role].add(term)
    heads = words["anon-head"] | words["role-head"] | words["official-head"] | words["outlet-head"]
    return AttributionLexicon(
        table,
        cues,
        {k: frozenset(v) for k, v in words.items()},
        frozenset(heads),
        frozenset(heads | words["modifier"]),
    )


# --------------------------------------------------------------------------------------------
# Segmentation helpers


class _TokenTable:
    """Tokens of ``text[start:end]`` as parallel lists, as ``_TOKEN_RE.finditer`` finds them.

    Every non-space character starts a token, so a ``findall`` of the tokens with the
    whitespace before each finds the same tokens, and a running sum of the chunk lengths gives
    every offset: several times cheaper than one match object per token. Plain words between
    spaces skip even that. Only the sentences that hold a cue take their slice of the lists
    (:class:`_Sentence`); ``tests/test_attribution.py`` checks the table against
    ``_TOKEN_RE.finditer``.
    """

    __slots__ = ("starts", "ends", "words", "lows")

    def __init__(self, text: str, start: int = 0, end: int | None = None) -> None:
        start = max(start, 0)
        stop = len(text) if end is None else min(end, len(text))
        starts: list[int] = []
        ends: list[int] = []
        words: list[str] = []
        # No token contains a space, so the space-separated pieces tokenise independently; a
        # piece that is all letters and digits is exactly one token (``str.isalnum`` is the
        # regex's ``\w`` minus "_"), which spares the regex engine most of the text. Other
        # pieces ("said,", "U.S.-led", lines joined by a newline) go through the regex.
        pieces = text[start:stop].split(" ") if stop > start else []
        pos = start
        for piece, simple in zip(pieces, map(str.isalnum, pieces), strict=True):
            if simple:
                starts.append(pos)
                words.append(piece)
                pos += len(piece)
                ends.append(pos)
            elif piece[-1:] in _CLOSING_MARKS and piece[:-1].isalnum():
                # "said," / "war.": a word, then a mark that neither joins a word nor is a
                # possessive apostrophe, so the regex would find exactly these two tokens.
                starts.append(pos)
                words.append(piece[:-1])
                pos += len(piece) - 1
                ends.append(pos)
                starts.append(pos)
                words.append(piece[-1])
                pos += 1
                ends.append(pos)
            elif piece:
                chunk_end = pos
                for chunk in _SPACED_TOKEN_RE.findall(piece):
                    word = chunk.lstrip()
                    chunk_end += len(chunk)
                    starts.append(chunk_end - len(word))
                    ends.append(chunk_end)
                    words.append(word)
                pos += len(piece)
            pos += 1  # the space
        self.starts = starts
        self.ends = ends
        self.words = words
        if "\x00" in text:  # the separator below must not occur in a token
            self.lows = [w.lower().replace("’", "'") for w in words]
        elif words:
            # A NUL neither is nor ignores case: lowering the joined tokens lowers each alone.
            self.lows = "\x00".join(words).lower().replace("’", "'").split("\x00")
        else:
            self.lows = []

    def bounds(self, start: int, end: int) -> tuple[int, int] | None:
        """Token range of ``text[start:end]``, or ``None`` when a token straddles a bound.

        Tokenising the slice on its own gives the same tokens unless a token of the whole
        text straddles one of its bounds (the pattern has no look-behind, and every
        non-space character starts a token).
        """
        starts, ends = self.starts, self.ends
        lo = bisect.bisect_left(starts, start)
        hi = bisect.bisect_left(starts, end)
        if (lo > 0 and ends[lo - 1] > start) or (hi > 0 and ends[hi - 1] > end):
            return None
        return lo, hi


def paragraph_bounds(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each non-empty line block; a newline ends a paragraph."""
    bounds = []
    for m in re.finditer(r"[^\n]+", text):
        if m.group().strip():
            bounds.append((m.start(), m.end()))
    return bounds


def _fallback_sentences(text: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for m in _SENTENCE_END_RE.finditer(text):
        cut = m.end()
        before = text[max(start, m.start() - 6) : m.start()].split()
        last = before[-1].lower().lstrip('("“') if before else ""
        if m.group()[0] == "." and (last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha())):
            continue
        if text[start:cut].strip():
            spans.append((start, cut))
        start = cut
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def _sentence_spans(text: str, sentences: Sequence[Any] | None) -> list[tuple[int, int]]:
    if sentences is None:
        try:
            from credence.features.segment import split_sentences  # type: ignore[import-not-found]
        except ImportError:
            split_sentences = None
        if split_sentences is not None:
            try:
                sentences = split_sentences(text)
            except Exception:  # noqa: BLE001 - a faulty segmenter must not stop extraction
                sentences = None
    if sentences is None:
        return _fallback_sentences(text)
    return [(int(s.start), int(s.end)) for s in sentences]


# --------------------------------------------------------------------------------------------
# Noun phrases


class _Sentence:
    """Tokens of one sentence as parallel lists (indexed from 0), plus the quote positions of
    its paragraph.

    The rules read these lists by index: no per-token object is built, and an index costs
    less than an attribute read through a property.
    """

    __slots__ = (
        "text", "start", "end", "quotes", "para_end",
        "starts", "ends", "words", "lows", "is_word", "is_cap", "n",
    )  # fmt: skip

    def __init__(
        self,
        text: str,
        start: int,
        end: int,
        quotes: list[int],
        para_end: int,
        table: _TokenTable | None = None,
        lo: int = 0,
        hi: int | None = None,
    ):
        """Tokens ``lo`` to ``hi`` of ``table`` (default: the tokens of ``text[start:end]``)."""
        self.text = text
        self.start = start
        self.end = end
        self.quotes = quotes
        self.para_end = para_end
        if table is None:
            table, lo, hi = _TokenTable(text, start, end), 0, None
        self.starts = table.starts[lo:hi]
        self.ends = table.ends[lo:hi]
        self.words = words = table.words[lo:hi]
        self.lows = table.lows[lo:hi]
        # Word and capital flags come from each token's first character.
        firsts = list(map(operator.itemgetter(0), words))
        self.is_word = list(map(str.isalnum, firsts))
        self.is_cap = list(map(str.isupper, firsts))
        self.n = len(words)

    def quotes_before(self, pos: int) -> int:
        return bisect.bisect_left(self.quotes, pos)


def _np_backward(sent: _Sentence, j: int, lex: AttributionLexicon) -> tuple[int, int] | None:
    """Token range ``[a, j+1)`` of the noun phrase ending at token ``j``, or ``None``."""
    is_word, is_cap, lows = sent.is_word, sent.is_cap, sent.lows
    if j < 0 or not is_word[j]:
        return None
    low = lows[j]
    if low in _PRONOUNS:
        return (j, j + 1)
    head_ok = is_cap[j] or low in lex.heads
    if not head_ok or low in _CAP_STOP or low in _DETERMINERS:
        return None
    vocab = lex.vocab
    k = j
    a = j
    while k >= 0 and j - k < _MAX_NP_TOKENS:
        if not is_word[k]:
            break
        low = lows[k]
        if low in _DETERMINERS:
            a = k
            break
        if low in _CONNECTORS:
            if k - 1 >= 0 and is_word[k - 1] and (is_cap[k - 1] or lows[k - 1] in vocab):
                k -= 1
                continue
            break
        if (is_cap[k] and low not in _CAP_STOP) or low in vocab:
            a = k
            k -= 1
            continue
        break
    return (a, j + 1)


def _np_forward(sent: _Sentence, i: int, lex: AttributionLexicon) -> tuple[int, int] | None:
    """Token range ``[i, b)`` of the noun phrase starting at token ``i``, or ``None``."""
    is_word, is_cap, lows = sent.is_word, sent.is_cap, sent.lows
    n = sent.n
    if i >= n or not is_word[i]:
        return None
    if lows[i] in _PRONOUNS:
        return (i, i + 1)
    vocab = lex.vocab
    k = i
    last_head = -1
    if lows[k] in _DETERMINERS:
        k += 1
    while k < n and k - i < _MAX_NP_TOKENS:
        if not is_word[k]:
            break
        low = lows[k]
        if low in _CONNECTORS or low in ("by", "from", "at", "the"):
            nxt = k + 1
            if nxt < n and lows[nxt] == "the":
                nxt += 1
            if last_head >= 0 and nxt < n and is_word[nxt] and is_cap[nxt]:
                k = nxt
                continue
            break
        if is_cap[k] and low not in _CAP_STOP:
            last_head = k
        elif low in lex.heads:
            last_head = k
        elif low not in vocab:
            break
        k += 1
    if last_head < 0:
        return None
    return (i, last_head + 1)


# --------------------------------------------------------------------------------------------
# Canonicalisation


class _Resolver:
    """Canonical name and kind of source noun phrases, with recency-based coreference.

    Coreference looks at the alias mentions and resolved sources before a limit offset,
    at most ``_LOOKBACK`` of each, the most recent first.
    """

    def __init__(self, lex: AttributionLexicon, mentions: list[SourceMention]):
        self.lex = lex
        self.mentions = mentions
        self.mention_starts = [m.start for m in mentions]
        # Resolved sources arrive almost in text order, so insertion stays near the end.
        self.resolved: list[SourceMention] = []
        self.resolved_starts: list[int] = []
        self.limit = 0

    def _recent(self, predicate: Any) -> SourceMention | None:
        """The most recent of the last ``_LOOKBACK`` mentions and resolved sources before the
        limit that satisfies ``predicate``.

        Both lists are sorted by start, so they are merged from the back, most recent first,
        and the merge stops at the first match. Equal starts take the resolved source first,
        as the reversed stable sort of ``mentions + resolved`` by start would.
        """
        mention_starts, resolved_starts = self.mention_starts, self.resolved_starts
        mentions, resolved = self.mentions, self.resolved
        i = bisect.bisect_left(mention_starts, self.limit)
        j = bisect.bisect_left(resolved_starts, self.limit)
        i_floor, j_floor = max(0, i - _LOOKBACK), max(0, j - _LOOKBACK)
        i -= 1
        j -= 1
        while i >= i_floor or j >= j_floor:
            if j >= j_floor and (i < i_floor or resolved_starts[j] >= mention_starts[i]):
                m = resolved[j]
                j -= 1
            else:
                m = mentions[i]
                i -= 1
            if predicate(m):
                return m
        return None

    def _last_kind(self, kind: str) -> SourceMention | None:
        return self._recent(lambda m: m.kind == kind)

    def resolve(self, text: str, sent: _Sentence, a: int, b: int) -> tuple[str, str]:
        """Canonical name and kind of the noun phrase of tokens ``a`` to ``b`` of ``sent``."""
        lows = sent.lows
        while b - a > 1 and lows[a] in _DETERMINERS:
            a += 1
        words, low, is_cap = sent.words[a:b], lows[a:b], sent.is_cap[a:b]
        if len(low) == 1:
            w = low[0]
            found: SourceMention | None = None
            if w in ("he", "she"):
                found = self._last_kind("person")
                return (found.canonical, "person") if found else (w, "person")
            if w == "it":
                found = self._recent(lambda m: m.kind in ("official", "outlet"))
                return (found.canonical, found.kind) if found else (w, "anonymous")
            if w in _PRONOUNS:
                return w, "anonymous"
            if w in _COREF_OUTLET:
                found = self._last_kind("outlet")
            elif w in _COREF_NAMED:
                word = _COREF_NAMED[w]
                found = self._recent(lambda m: m.kind == "outlet" and word in m.canonical)
            elif w in _COREF_AGENCY:
                # "the agency" is a government agency or a news agency (wire).
                found = self._recent(lambda m: m.kind in ("official", "outlet"))
            elif w in _COREF_MINISTRY:
                found = self._recent(
                    lambda m: (
                        m.kind == "official"
                        and re.search(r"Ministry|Department|Pentagon", m.canonical) is not None
                    )
                )
            if found is not None:
                return found.canonical, found.kind
            if w in _COREF_AGENCY or w in _COREF_MINISTRY:
                # "The national medicines agency recalled … , the agency said": no source was
                # named before, but the text was; a described body is that antecedent.
                # The antecedent may sit in the reported content itself ("The agency
                # recalled X, the agency said"), so look back from the mention, not the limit.
                antecedent = _described_antecedent(text, w, sent.starts[a])
                if antecedent is not None:
                    return antecedent, "official"
        # Longest suffix present in the alias table ("Ukrainian President Volodymyr Zelensky").
        # The tokens' lower-cased forms are the normalised words, so the key is their join.
        lex = self.lex
        first_words = lex.alias_first_words
        last = len(words) - 1
        for k in range(len(words)):
            if low[k] in _CONNECTORS:
                continue
            # A key is in the table only if its first word (after the "the" that keys drop)
            # opens some alias key; the join and the lookup are skipped for the others.
            if (low[k + 1] if low[k] == "the" and k < last else low[k]) not in first_words:
                continue
            hit = lex.lookup_key(_drop_the(" ".join(low[k:])), words[k:])
            if hit is not None:
                return hit
        hit = lex.lookup_key(_drop_the(low[0]), words[:1]) if is_cap[0] else None
        return self._guess(words, low, is_cap, hit)

    def _guess(
        self, words: list[str], low: list[str], is_cap: list[bool], first: tuple[str, str] | None
    ) -> tuple[str, str]:
        lex = self.lex.words
        head = low[-1]
        # Capitalised common modifiers ("Senior officials" at a sentence start) are not names.
        caps = [
            w
            for w, w_low, cap in zip(words, low, is_cap, strict=True)
            if cap and w_low not in _CAP_STOP and w_low not in lex["modifier"]
        ]
        specific_caps = [w for w in caps if w.lower() not in _VAGUE_CAPS]
        cleaned = " ".join(w[:-2] if w.endswith(("'s", "’s")) else w for w in words)
        if any(low[k] in lex["official-head"] and low[k + 1] == "of" for k in range(len(low) - 1)):
            # "the Department of Health", "the Office of the Prosecutor": a body, not a person.
            return cleaned, "official"
        if head in lex["outlet-head"] and (head != "press" or caps):
            return cleaned, "outlet"
        if head == "intelligence":
            return (cleaned, "official") if specific_caps else (cleaned.lower(), "anonymous")
        if head in lex["official-head"] and specific_caps:
            return cleaned, "official"
        if head in lex["anon-head"]:
            mods = words[:-1]
            if any(w in mods for w in specific_caps):
                return f"{' '.join(mods)} ({words[-1]})", "role"
            if any(m in _ROLE_MODIFIERS for m in low[:-1]):
                return cleaned.lower(), "role"
            return cleaned.lower(), "anonymous"
        if head in lex["role-head"] or head in lex["official-head"]:
            return cleaned.lower() if not caps else cleaned, "role"
        if is_cap[-1]:
            # A trailing run of capitalised words after titles is a person's name.
            run: list[str] = []
            for w, cap in zip(reversed(words), reversed(is_cap), strict=True):
                if not cap or w.lower().rstrip(".") in _TITLES or w.endswith(("'s", "’s")):
                    break
                run.append(w)
            name = " ".join(reversed(run)) or cleaned
            if len(run) == 1:
                person = self._recent(
                    lambda m: m.kind == "person" and m.canonical.split()[-1] == run[0]
                )
                if person is not None:
                    return person.canonical, "person"
            if first is not None:
                return first
            return name, "person"
        return cleaned.lower(), "anonymous"

    def mention(
        self, text: str, sent: _Sentence, a: int, b: int, limit: int | None = None
    ) -> SourceMention:
        """Resolve the noun phrase of tokens ``a`` to ``b`` of ``sent``.

        Coreference looks back only before ``limit`` (default: the phrase's start).
        """
        start, end = sent.starts[a], sent.ends[b - 1]
        self.limit = start if limit is None else min(limit, start)
        canonical, kind = self.resolve(text, sent, a, b)
        m = SourceMention(start, end, text[start:end], canonical, kind)
        i = bisect.bisect_right(self.resolved_starts, start)
        self.resolved.insert(i, m)
        self.resolved_starts.insert(i, start)
        return m


#: How far back (characters) a description looks for the noun phrase it stands for.
_ANTECEDENT_WINDOW = 1500
_ANTECEDENT_RES: dict[str, re.Pattern[str]] = {}


def _described_antecedent(text: str, head: str, limit: int) -> str | None:
    """The last "the <modifiers> <head>" noun phrase before ``limit`` ("national medicines
    agency" for "the agency"), lower-cased, or ``None``. Bounded window: linear time.
    """
    pattern = _ANTECEDENT_RES.get(head)
    if pattern is None:
        pattern = re.compile(
            rf"\b[Tt]he\s+((?:[A-Za-z][\w'’-]*\s+){{1,4}}?{head})\b(?!\s+(?:of|for)\b)"
        )
        _ANTECEDENT_RES[head] = pattern
    last = None
    for m in pattern.finditer(text, max(0, limit - _ANTECEDENT_WINDOW), limit):
        last = m
    if last is None:
        return None
    words = last.group(1).split()
    if words[0].lower() in _DETERMINERS or words[0].lower() in ("same", "other", "said"):
        return None
    return " ".join(words).lower()


def find_source_mentions(
    text: str, lexicon: AttributionLexicon | None = None
) -> list[SourceMention]:
    """Every mention of an alias-table entity in ``text`` (longest match, capitalised start).

    Runs in ``O(tokens × longest alias)``: each token start tries at most
    ``_MAX_ALIAS_TOKENS`` n-grams in a dictionary.
    """
    lex = lexicon or load_lexicon()
    return _mentions_in(text, _TokenTable(text), lex)


def _mentions_in(text: str, table: _TokenTable, lex: AttributionLexicon) -> list[SourceMention]:
    """:func:`find_source_mentions` on the token table of ``text``.

    An n-gram is extended only while its key is a prefix of some alias key, so most tokens
    cost one set lookup; the longest hit wins, as in a longest-first search.
    """
    aliases = lex.aliases
    prefixes = lex.alias_prefixes
    words, lows = table.words, table.lows
    found: list[SourceMention] = []
    n_toks = len(words)
    # Only a capitalised word whose lower case starts some alias key (or "the", which keys
    # drop) can start a mention; the C-level scan leaves the loop a few tokens per text.
    starters = lex.alias_starters
    next_free = 0
    for i in itertools.compress(range(n_toks), map(starters.__contains__, lows)):
        if i < next_free or not words[i][0].isupper() or not words[i][0].isalnum():
            continue
        longest = min(_MAX_ALIAS_TOKENS, n_toks - i)
        best: tuple[str, str] | None = None
        hit_len = 0
        # _norm drops a leading "the" from keys of two words or more.
        skip_the = lows[i] == "the"
        if skip_the:
            best = _alias_hit(aliases, words, i, 1, "the")
            if best is not None:
                hit_len = 1
        key = ""
        for n in range(1, longest + 1):
            k = i + n - 1
            if not words[k][0].isalnum():
                break
            if skip_the:
                if n == 1:
                    continue
                key = lows[k] if n == 2 else f"{key} {lows[k]}"
            else:
                key = lows[k] if n == 1 else f"{key} {lows[k]}"
            if key not in prefixes:
                break
            hit = _alias_hit(aliases, words, i, n, key)
            if hit is not None:
                best, hit_len = hit, n
        if best is not None:
            start, end = table.starts[i], table.ends[i + hit_len - 1]
            found.append(SourceMention(start, end, text[start:end], best[0], best[1]))
            next_free = i + hit_len
    return found


def _alias_hit(
    aliases: dict[str, tuple[str, str, bool]], words: Sequence[str], i: int, n: int, key: str
) -> tuple[str, str] | None:
    """:meth:`AttributionLexicon.lookup` of ``words[i:i+n]`` whose normalised key is ``key``."""
    hit = aliases.get(key)
    if hit is None:
        return None
    canonical, kind, acronym = hit
    if acronym and not any(words[k].isupper() for k in range(i, i + n)):
        return None
    return canonical, kind


# --------------------------------------------------------------------------------------------
# The extractor


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` past spaces, a leading 'that', and dangling punctuation."""
    junk = " \t\n,;:-—–"
    while start < end and text[start] in junk:
        start += 1
    if text.startswith("that ", start) and end - start > 5:
        start += 5
    while end > start and text[end - 1] in junk + ".":
        end -= 1
    return start, end


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
        sentences = self.context_of(text, context).sentences
        lex = self.lexicon
        paragraphs = paragraph_bounds(text)
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
        for s_start, s_end in _sentence_spans(text, sentences):
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
            found.extend(self._sentence_attributions(sent, lex, resolver, paragraphs, candidates))
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

    def _sentence_attributions(
        self,
        sent: _Sentence,
        lex: AttributionLexicon,
        resolver: _Resolver,
        paragraphs: list[tuple[int, int]],
        candidates: list[int] | None = None,
    ) -> list[Attribution]:
        """Relations opened by the trigger tokens of one sentence.

        ``candidates`` are the sentence's trigger-token indices when the caller has them (the
        whole-text scan); otherwise they are found here. A bare "in" that opens no interview
        frame yields nothing, so the caller's list may leave it out.
        """
        lows, is_word, is_cap = sent.lows, sent.is_word, sent.is_cap
        out: list[Attribution] = []
        next_free = 0  # tokens before this index belong to an earlier cue phrase
        n = sent.n
        triggers = lex.trigger_words
        # Only trigger words can open a relation, so the other tokens are not visited.
        if candidates is None:
            candidates = [k for k, low in enumerate(lows) if low in triggers or low == "in"]
        for i in candidates:
            if i < next_free or not is_word[i]:
                continue
            low = lows[i]
            made = None
            nxt = lows[i + 1] if i + 1 < n else ""
            if low == "according" and nxt == "to":
                made = self._according(sent, i, i + 2, "according", lex, resolver)
            elif low in ("citing", "via") and not (low == "citing" and i > 0 and is_word[i - 1]):
                made = self._according(sent, i, i + 1, low, lex, resolver, paragraphs)
            elif low == "in" and lows[i + 1 : i + 4] in _IN_FRAMES:
                made = self._interview(sent, i, lex, resolver)
            elif (
                low in ("making", "made", "make", "makes")
                and nxt == "the"
                and i + 2 < n
                and lows[i + 2] in ("claim", "claims", "allegation", "allegations")
            ):
                # "X is making the claims, saying P": the gerund belongs to this cue.
                skip = i + 3
                if skip + 1 < n and lows[skip] == "," and lows[skip + 1].endswith("ing"):
                    skip += 2
                made = self._verb(sent, i, i + 3, "report", lex, resolver, out, skip)
            elif low in lex.cues and not (
                (i > 0 and lows[i - 1] in ("the", "a", "an", "to"))
                # "The United States Department …": a capitalised cue word inside a name.
                or (is_cap[i] and i > 0 and is_cap[i - 1] and is_word[i - 1])
                # "reports say", "reports have said": the noun is the source, not a cue.
                or (low in lex.words["anon-head"] and (nxt in lex.cues or nxt in _GAP_WORDS))
            ):
                made = self._verb(sent, i, i + 1, lex.cues[low], lex, resolver, out)
            if made is not None:
                attribution, consumed = made
                out.append(attribution)
                next_free = max(i + 1, consumed)
        return self._trim_tail_contents(out)

    @staticmethod
    def _trim_tail_contents(out: list[Attribution]) -> list[Attribution]:
        # "reports indicate that P, according to X": X's content starts where the other
        # attribution's content starts, so neither content contains the other's cue.
        fixed = []
        for index, a in enumerate(out):
            if a.cue_type in ("according", "citing") and a.content.end <= a.cue.start:
                for b in out[max(0, index - 4) : index]:
                    if b is not a and b.content.start <= a.cue.start < b.content.end:
                        if a.content.start < b.content.start < a.content.end:
                            content = Span(b.content.start, a.content.end, "")
                            a = _rebuild(a, content)
                        break
            fixed.append(a)
        return fixed

    def _content_after(self, sent: _Sentence, k: int) -> tuple[int, int] | None:
        """Content starting at token ``k``: to the closing quote, paragraph end or sentence end."""
        text, lows, words, starts = sent.text, sent.lows, sent.words, sent.starts
        n = sent.n
        while k < n and lows[k] in (",", ":", "that", "—", "-", "–"):
            colon = lows[k] == ":"
            k += 1
            if colon:
                return (
                    _strip_span(text, starts[k] if k < n else sent.end, sent.para_end)
                    if (k < n)
                    else None
                )
        if k >= n:
            return None
        start = starts[k]
        end = min(sent.end, start + _MAX_CONTENT_CHARS)
        # "X cites the following …: P" – a colon shortly after the cue opens a block quote
        # that runs to the end of the paragraph.
        for c in range(k, min(k + 12, n)):
            if words[c] in _QUOTE_CHARS or lows[c] in (".", "!", "?"):
                break
            if lows[c] == ":" and c + 1 < n:
                block_end = min(sent.para_end, starts[c + 1] + _MAX_CONTENT_CHARS)
                s, e = _strip_span(text, starts[c + 1], block_end)
                return (s, e) if e > s else None
        if words[k] in _QUOTE_CHARS:
            q = sent.quotes_before(starts[k])
            if q + 1 < len(sent.quotes) and sent.quotes[q + 1] <= sent.para_end:
                end = min(sent.quotes[q + 1] + 1, start + _MAX_CONTENT_CHARS)
        elif sent.quotes_before(start) % 2 == 1:
            # We are inside an open quotation: stop at its closing mark.
            q = sent.quotes_before(start)
            if q < len(sent.quotes) and sent.quotes[q] < end:
                end = sent.quotes[q]
        else:
            # Reported speech ends where the writer starts a clause of their own.
            own = _WRITER_CLAUSE_RE.search(text, start, end)
            if own is not None:
                end = own.start()
        s, e = _strip_span(text, start, end)
        return (s, e) if e > s else None

    def _content_before(self, sent: _Sentence, tok_index: int) -> tuple[int, int] | None:
        """Content ending before token ``tok_index`` (a comma or closing quote before a source)."""
        text, lows, words, starts, ends = sent.text, sent.lows, sent.words, sent.starts, sent.ends
        k = tok_index - 1
        while k >= 0 and lows[k] in (",", "—", "-", "–"):
            k -= 1
        if k < 0:
            return None
        end = ends[k]
        start = max(sent.start, end - _MAX_CONTENT_CHARS)
        if words[k] in _QUOTE_CHARS or (k > 0 and words[k - 1] in _QUOTE_CHARS):
            qpos = starts[k] if words[k] in _QUOTE_CHARS else starts[k - 1]
            q = sent.quotes_before(qpos)
            if q >= 1:
                start = max(sent.quotes[q - 1], qpos - _MAX_CONTENT_CHARS)
                end = qpos + 1
        s, e = _strip_span(text, start, end)
        return (s, e) if e > s else None

    def _make(
        self,
        sent: _Sentence,
        src: tuple[int, int],
        cue: tuple[int, int],
        content: tuple[int, int],
        cue_type: str,
        resolver: _Resolver,
    ) -> Attribution:
        text, starts, ends = sent.text, sent.starts, sent.ends
        # A source never refers to a mention inside its own quoted content.
        limit = content[0] if content[0] < starts[src[0]] else None
        source = resolver.mention(text, sent, src[0], src[1], limit)
        cue_span = Span.from_text(text, starts[cue[0]], ends[cue[1] - 1])
        content_span = Span.from_text(text, content[0], content[1])
        start = min(source.start, cue_span.start, content_span.start)
        end = max(source.end, cue_span.end, content_span.end)
        return Attribution(source, cue_span, content_span, text[start:end], cue_type)

    def _verb(
        self,
        sent: _Sentence,
        i: int,
        j: int,
        cue_type: str,
        lex: AttributionLexicon,
        resolver: _Resolver,
        earlier: list[Attribution],
        content_from: int | None = None,
    ) -> tuple[Attribution, int] | None:
        """``X <cue> P`` / ``"P," X <cue>`` / ``"P," <cue> X`` / ``…, saying P``.

        ``content_from`` is the token where the content may start (default: after the cue).
        """
        lows, words, starts, ends = sent.lows, sent.words, sent.starts, sent.ends
        is_word = sent.is_word
        n = sent.n
        if (
            lows[i] in _CLAUSE_ONLY_CUES
            and j < n
            and is_word[j]
            and lows[j] not in _COMPLEMENTIZERS
        ):
            # "The agency recalled 40,000 doses" is a product recall, not speech: these verbs
            # report speech only before a clause ("recalled that …") or after a quote.
            return None
        # Source before the cue, skipping auxiliaries and adverbs ("has also said").
        k = i - 1
        gap = 0
        while k >= 0 and lows[k] in _GAP_WORDS and gap < 3:
            k -= 1
            gap += 1
        cue_start = k + 1 if gap and lows[k + 1] in ("has", "have", "had", "is", "was") else i
        src = _np_backward(sent, k, lex) if k >= 0 else None
        after = j if content_from is None else content_from
        if lows[i] in ("told", "tells", "tell", "telling") and j < n:
            obj = _np_forward(sent, j, lex)
            if obj is not None:
                after = obj[1]
        if src is not None:
            lead = src[0] - 1
            ends_here = (
                after >= n
                or lows[after] in (".", "!", "?", ",", ";")
                or (words[after] in _QUOTE_CHARS and after + 1 >= n)
            )
            if lead >= 0 and (lows[lead] in (",",) or words[lead] in _QUOTE_CHARS) and (ends_here):
                content = self._content_before(sent, src[0])
            else:
                content = self._content_after(sent, after)
            if content is None:
                return None
            attribution = self._make(sent, src, (cue_start, j), content, cue_type, resolver)
            return attribution, max(j, after)
        # Inverted: '"P," said X.'
        if i > 0 and (lows[i - 1] == "," or words[i - 1] in _QUOTE_CHARS):
            fwd = _np_forward(sent, j, lex)
            if fwd is not None and (fwd[1] >= n or lows[fwd[1]] in (".", ",", "!", "?", ";")):
                content = self._content_before(sent, i)
                if content is not None:
                    return self._make(sent, fwd, (i, j), content, cue_type, resolver), fwd[1]
        # Gerund continuation: "X is making the claims, saying P" / "…, adding P".
        if lows[i].endswith("ing") and i > 0 and lows[i - 1] == "," and earlier:
            prev = earlier[-1]
            content = self._content_after(sent, j)
            if content is not None:
                cue_span = Span.from_text(sent.text, starts[i], ends[j - 1])
                content_span = Span.from_text(sent.text, *content)
                start = min(prev.source.start, content_span.start)
                end = max(cue_span.end, content_span.end)
                return (
                    Attribution(
                        prev.source, cue_span, content_span, sent.text[start:end], cue_type
                    ),
                    j,
                )
        return None

    def _according(
        self,
        sent: _Sentence,
        i: int,
        j: int,
        cue_type: str,
        lex: AttributionLexicon,
        resolver: _Resolver,
        paragraphs: list[tuple[int, int]] | None = None,
    ) -> tuple[Attribution, int] | None:
        """``according to X`` / ``citing X`` / ``via X`` (and ``Via X`` credit lines)."""
        text, lows, starts, is_word = sent.text, sent.lows, sent.starts, sent.is_word
        n = sent.n
        src = _np_forward(sent, j, lex)
        if src is None:
            return None
        b = src[1]
        # Credit line: "Via Associated Press" alone on its line credits the text above it.
        if cue_type == "via" and i == 0 and b >= n - 1 and paragraphs:
            line_start = starts[0]
            first = paragraphs[0][0]
            if line_start > first:
                content = _strip_span(text, first, line_start)
            else:
                content = _strip_span(text, sent.para_end, len(text))
            if content[1] > content[0]:
                return self._make(sent, src, (i, j), content, cue_type, resolver), b
            return None
        if i == 0 or (i == 1 and not is_word[0]):
            # "According to X, P."
            k = b
            while k < n and lows[k] != ",":
                k += 1
            content = self._content_after(sent, k) if k < n else None
        else:
            content = self._content_before(sent, i)
        if content is None:
            return None
        return self._make(sent, src, (i, j), content, cue_type, resolver), b

    def _interview(
        self, sent: _Sentence, i: int, lex: AttributionLexicon, resolver: _Resolver
    ) -> tuple[Attribution, int] | None:
        """``In an interview with X (published …), P``."""
        lows = sent.lows
        n = sent.n
        src = _np_forward(sent, i + 4, lex)
        if src is None:
            return None
        k = src[1]
        while k < n and lows[k] != ",":
            k += 1
        content = self._content_after(sent, k) if k < n else None
        if content is None:
            return None
        return self._make(sent, src, (i, i + 4), content, "interview", resolver), k


def _rebuild(a: Attribution, content: Span) -> Attribution:
    """``a`` with a narrower content span (inside the old one); all texts re-sliced exactly."""
    base = a.start
    content_text = a.text[content.start - base : content.end - base]
    moved = Attribution(a.source, a.cue, Span(content.start, content.end, content_text))
    text = a.text[moved.start - base : moved.end - base]
    return Attribution(a.source, a.cue, moved.content, text, a.cue_type)
