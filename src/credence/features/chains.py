"""Attribution chains: who relayed whom, from the outlet nearest the reader to the origin.

:func:`build_chains` turns the attributions of one article into chains with four documented
heuristics:

1. **Nesting.** An attribution whose cue lies inside another attribution's content is relayed
   by it ("The Washington Post cites: '… JoongAng Ilbo had reported that …'"). The parent is
   the attribution with the narrowest content containing the cue, found in one sweep with a
   heap (``O(n log n)``). Consecutive links with the same canonical source merge. Absolute
   constructions ("…, with some regional media reports saying …") are the writer's aside,
   not a relay, so their parent is not taken from the same sentence; an aside's chain speaks
   for the rest of its sentence. Parent walks stop at a repeat (contents that overrun can
   make two relations each other's parent).
2. **Named origin behind a relay, by the same assertion.** When a chain ends on an outlet or
   an anonymous source, and the article attributes the same assertion, with consistent
   numbers and shared content words, to a named official body or person elsewhere
   ("JoongAng Ilbo had reported that 1,000 to 3,000 additional troops …" and "South Korean
   intelligence … saying at least 1,000 more troops …"), that source is appended as the
   origin and the chain's ``reason`` says why. Being asked for comment is no attribution.
   The same holds, without numbers, when the same sentence attributes the very content to a
   named source ("reports indicate that P, according to Ukrainian special forces").
3. **Main clauses.** A content whose main clause is a nested relation (it covers most of
   the content) carries the nested relation's whole chain, so that the claim a reader sees
   ('"… JoongAng Ilbo had reported that …," the newspaper says') reaches the origin.
4. **Governed passages.** An attribution near the start of a paragraph that frames it ("X is
   making the claims, saying …", "According to X, …"; the frame is read from the words
   between source and cue, whatever the cue span holds) governs the rest of that paragraph and
   the following paragraphs that begin with "X also said". Chains inside that scope that have
   no origin (they end on an anonymous source) end at X; a scope chain also covers the
   passage itself so that unattributed claims there are traced to X.

``origin`` is the last link unless that link is anonymous (then ``None``).
"""

from __future__ import annotations

import bisect
import heapq
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from credence.features.attribution import (
    Attribution,
    SourceMention,
)
from credence.features.base import SpanExtractor, register
from credence.features.context import Context

__all__ = ["UNATTRIBUTED", "Chain", "ChainLinker", "build_chains", "chain_for", "traced_chain"]

#: What a claim is traced to when no chain covers it.
UNATTRIBUTED = "unattributed"

_MAX_DEPTH = 8
# A relay's content and another source's content state the same thing when their numbers
# agree and they share content words ("1,000 to 3,000 additional North Korean troops" and
# "at least 1,000 more North Korean troops").
# A number not inside a word or another number: "1,000" (comma groups) or "12" / "3.5". Each
# branch opens with the digit and looks behind it ("(?<![\w.]\d)" is "no word character or
# "." before the digit"), so that the regex engine skips to the digits instead of testing
# the look-behind at every character (tests/test_chains_numbers.py: the same matches as the
# look-behind first).
_NUMBER_RE = re.compile(
    r"\d(?<![\w.]\d)\d{0,2}(?:,\d{3})+(?![\w])|\d(?<![\w.,]\d)\d*(?:\.\d+)?(?![\w,])"
)
_OPEN_ABOVE_RE = re.compile(r"\b(?:at least|more than|over|upwards of|as many as)\s+$", re.I)
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'’-]{3,}")
_COMMON_WORDS = frozenset(
    "that this these those have has been were with from said says told they their there which"
    " would could about also after before than more most some other into over under what when"
    " where while will only just very such been being does did earlier later thursday friday"
    " monday tuesday wednesday saturday sunday reported according".split()
)
_MIN_SHARED_WORDS = 2
#: Kinds of source that can be a relay's origin found by the same assertion.
_NAMED_KINDS = ("official", "person")
# Share of an outer content a nested relation must cover to be that content's main clause.
_MAIN_CLAUSE_SHARE = 0.6
_GOVERNING_CUES = frozenset(["according", "making", "made", "make", "makes"])
# "X is making the claims, saying …", "X made the allegation …": the predicate between the
# source and the cue frames what follows as X's claims, whichever words the cue span holds.
_GOVERNING_FRAME_RE = re.compile(
    r"\b(?:mak(?:e|es|ing)|made)\s+(?:the|these|those|such|similar|its|their)?\s*"
    r"(?:claims?|allegations?|assertions?|accusations?|case)\b",
    re.I,
)
# Share of the shorter content two relations of one sentence must share to report one content
# ("reports indicate that P, according to X").
_SAME_CONTENT_SHARE = 0.8
#: How many relations of the sentence on each side (in cue order) are compared.
_SAME_CONTENT_REACH = 8
_GOVERN_LEAD_CHARS = 80
_MAX_GOVERNED_PARAGRAPHS = 20
_ALSO_SAID_RE = re.compile(r"\balso\s+(?:said|says|reported|stated|claimed)\b")


@dataclass(frozen=True, slots=True)
class Chain:
    """A chain of sources behind a stretch of text.

    Parameters
    ----------
    links : tuple of SourceMention
        From the reporting side (``links[0]``, nearest the reader) to the origin.
    origin : SourceMention or None
        ``links[-1]`` when it names who first said it; ``None`` for anonymous ends.
    start, end : int
        The stretch of text the chain speaks for (the innermost attribution, or a governed
        passage).
    claim_ids : tuple of str
        Claims covered by the chain (filled by the engine with :meth:`with_claims`).
    text : str
        The stretch ``[start, end)`` itself.
    reason : str
        How the origin was reached when it is not the innermost source (e.g. the same
        assertion, with consistent numbers, attributed to it elsewhere in the article).

    Examples
    --------
    >>> m = SourceMention(0, 7, "Reuters", "Reuters", "outlet")
    >>> Chain((m,), m, 0, 40).covers(10, 30)
    True
    """

    links: tuple[SourceMention, ...]
    origin: SourceMention | None
    start: int
    end: int
    claim_ids: tuple[str, ...] = ()
    text: str = ""
    reason: str = ""

    @property
    def path(self) -> str:
        """The canonical names of the links, reporting side first, joined with " → "."""
        return " → ".join(link.canonical for link in self.links)

    @property
    def explanation(self) -> str:
        """One human-readable line saying what this is and why."""
        origin = self.origin.canonical if self.origin else "unknown"
        reason = f"; {self.reason}" if self.reason else ""
        return f"chain {self.path} (origin: {origin}{reason})"

    def covers(self, start: int, end: int) -> bool:
        """Whether the claim ``[start, end)`` lies in the chain or mostly overlaps it."""
        if self.start <= start and end <= self.end:
            return True
        overlap = min(end, self.end) - max(start, self.start)
        return overlap > 0 and overlap * 2 >= (end - start)

    def with_claims(self, ids: Sequence[str]) -> Chain:
        """A copy of the chain with ``claim_ids`` set to ``ids``."""
        return replace(self, claim_ids=tuple(ids))

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (the schema documented in the README)."""

        def link(m: SourceMention) -> dict[str, Any]:
            return {
                "canonical": m.canonical,
                "kind": m.kind,
                "text": m.text,
                "start": m.start,
                "end": m.end,
            }

        out = {
            "links": [link(m) for m in self.links],
            "origin": link(self.origin) if self.origin else None,
            "start": self.start,
            "end": self.end,
            "claim_ids": list(self.claim_ids),
        }
        if self.reason:
            out["reason"] = self.reason
        return out


def _parents(attributions: Sequence[Attribution]) -> list[int | None]:
    """Index of the attribution with the narrowest content containing each cue (sweep + heap)."""
    by_content = sorted(range(len(attributions)), key=lambda i: attributions[i].content.start)
    by_cue = sorted(range(len(attributions)), key=lambda i: attributions[i].cue.start)
    parents: list[int | None] = [None] * len(attributions)
    heap: list[tuple[int, int, int]] = []  # (-content start, content end, index)
    k = 0
    for i in by_cue:
        point = attributions[i].cue.start
        while k < len(by_content) and attributions[by_content[k]].content.start <= point:
            c = attributions[by_content[k]].content
            heapq.heappush(heap, (-c.start, c.end, by_content[k]))
            k += 1
        # Intervals that ended before this point have ended for every later point too.
        while heap and heap[0][1] <= point:
            heapq.heappop(heap)
        if heap and heap[0][2] != i:
            parents[i] = heap[0][2]
    return parents


# Compiled once here: re.search(pattern, ...) looks its pattern up in re's cache per call.
_ASIDE_BEFORE_RE = re.compile(r"[,(—–-]\s*with\s*$")
_WORD_RUN_RE = re.compile(r"\w+")


def _is_aside(text: str, a: Attribution) -> bool:
    """'…, with some reports saying …': an absolute construction, the writer's aside."""
    window = text[max(0, a.source.start - 12) : a.source.start]
    return _ASIDE_BEFORE_RE.search(window) is not None


def _merge_links(links: list[SourceMention]) -> list[SourceMention]:
    merged: list[SourceMention] = []
    for m in links:
        if merged and merged[-1].canonical == m.canonical:
            continue
        merged.append(m)
    return merged


def _origin(links: Sequence[SourceMention]) -> SourceMention | None:
    return links[-1] if links and links[-1].kind != "anonymous" else None


def build_chains(
    text: str,
    attributions: Sequence[Attribution],
    sentences: Sequence[Any] | None = None,
    paragraphs: Sequence[Any] | None = None,
    aliases: str | None = None,
) -> list[Chain]:
    """Chains of one article, one per attribution plus one per governed passage.

    Parameters
    ----------
    text : str
        The article text the attributions point into.
    attributions : sequence of Attribution
        Output of :class:`~credence.features.attribution.AttributionExtractor`.
    sentences, paragraphs : sequence of objects with ``start``/``end``, optional
        The article's segmentation (default: segment ``text`` here):
        sentences tell same-sentence asides from relays, paragraphs bound governed passages.
    aliases : str, optional
        User alias table, as for the extractor. Unused since origins behind a relay come from
        the attributions themselves (kept so that callers need not change).
    """
    atts = sorted(attributions, key=lambda a: (a.cue.start, a.source.start))
    if not atts:
        return []
    if sentences is None or paragraphs is None:
        context = Context.of(text)
        sentences, paragraphs = context.sentences, context.paragraphs
    sentence_starts = [s.start for s in sentences]

    def sentence_of(pos: int) -> int:
        return bisect.bisect_right(sentence_starts, pos) - 1

    parents = _parents(atts)
    for i, a in enumerate(atts):
        p = parents[i]
        if p is not None and _is_aside(text, a):
            hops = 0
            while p is not None and sentence_of(atts[p].cue.start) == sentence_of(a.cue.start):
                p = parents[p]
                hops += 1
                if hops > _MAX_DEPTH:
                    p = None
            parents[i] = p

    sentence_ends = [s.end for s in sentences]
    by_sentence: dict[int, list[int]] = {}
    for i, a in enumerate(atts):
        by_sentence.setdefault(sentence_of(a.cue.start), []).append(i)
    chains: list[Chain] = []
    for i, a in enumerate(atts):
        links = _merge_links([atts[j].source for j in _path(parents, i)])
        reason = ""
        aside = _is_aside(text, a)
        if links[-1].kind in ("outlet", "anonymous") and not aside:
            known = {m.canonical for m in links}
            found = _same_content_source(atts, i, known, by_sentence[sentence_of(a.cue.start)])
            if found is None:
                found = _same_assertion_source(atts, i, known)
            if found is not None:
                links.append(found[0])
                reason = found[1]
        end = a.end
        if aside:
            # "…, with some reports saying 3,000 - though the number is unknown.": the aside
            # runs to the end of its sentence; none of it is the governing source's.
            end = max(end, sentence_ends[sentence_of(a.cue.start)])
        chains.append(
            Chain(
                tuple(links),
                _origin(links),
                a.start,
                end,
                text=text[a.start : end],
                reason=reason,
            )
        )
    chains = _through_main_clauses(atts, parents, chains)
    return _apply_governing(text, atts, chains, [(p.start, p.end) for p in paragraphs])


def _path(parents: Sequence[int | None], i: int) -> list[int]:
    """Indices from the outermost relay down to ``i`` (at most ``_MAX_DEPTH``, no cycles).

    Contents that overrun ("the audit found X, local media reported" read as the audit's
    content) can make two relations each other's parent: the walk stops at a repeat.
    """
    path = [i]
    seen = {i}
    p = parents[i]
    while p is not None and p not in seen and len(path) < _MAX_DEPTH:
        path.append(p)
        seen.add(p)
        p = parents[p]
    path.reverse()
    return path


def _same_content_source(
    atts: Sequence[Attribution], i: int, known: set[str], in_sentence: Sequence[int]
) -> tuple[SourceMention, str] | None:
    """A named source to whom the same sentence attributes the very content relay ``atts[i]``
    passes on ("reports indicate that P, according to Ukrainian special forces"), and why.

    ``in_sentence`` holds the indices of the relations whose cue is in ``atts[i]``'s sentence.
    """
    a = atts[i]
    # The relations around it in cue order: a bounded look keeps long sentences linear.
    at = bisect.bisect_left(in_sentence, i)
    for j in in_sentence[max(0, at - _SAME_CONTENT_REACH) : at + _SAME_CONTENT_REACH + 1]:
        other = atts[j]
        if j == i or other.source.kind == "anonymous" or other.source.canonical in known:
            continue
        shared = min(a.content.end, other.content.end) - max(a.content.start, other.content.start)
        shorter = min(a.content.end - a.content.start, other.content.end - other.content.start)
        if shorter > 0 and shared >= _SAME_CONTENT_SHARE * shorter:
            cue = other.cue.text.strip()
            return other.source, f"the same content is '{cue} {other.source.text}' in its sentence"
    return None


def _numbers(text: str) -> tuple[float, float] | None:
    """The interval of the numbers stated in ``text`` ("at least N" is open above), or ``None``.

    Four-digit numbers without a comma between 1900 and 2100 are years, not counts.
    """
    values = []
    open_above = False
    for match in _NUMBER_RE.finditer(text):
        value = float(match.group().replace(",", ""))
        if "," not in match.group() and 1900 <= value <= 2100:
            continue
        values.append(value)
        if _OPEN_ABOVE_RE.search(text, max(0, match.start() - 16), match.start()):
            open_above = True
    if not values:
        return None
    return min(values), (math.inf if open_above else max(values))


def _content_words(text: str) -> set[str]:
    return {w.lower() for w in _WORD_RE.findall(text)} - _COMMON_WORDS


def same_assertion(first: str, second: str) -> str | None:
    """Why two contents state the same thing (numbers that agree, shared words), or ``None``.

    Examples
    --------
    >>> same_assertion("1,000 to 3,000 additional troops were deployed",
    ...                "at least 1,000 more troops were deployed")
    'same assertion with consistent numbers (1,000 to 3,000 / 1,000 or more): deployed, troops'
    """
    numbers = _numbers(first), _numbers(second)
    if numbers[0] is None or numbers[1] is None:
        return None
    (lo1, hi1), (lo2, hi2) = numbers
    if lo1 > hi2 or lo2 > hi1:
        return None
    shared = _content_words(first) & _content_words(second)
    if len(shared) < _MIN_SHARED_WORDS:
        return None

    def interval(lo: float, hi: float) -> str:
        if hi == math.inf:
            return f"{lo:,.0f} or more"
        return f"{lo:,.0f}" if lo == hi else f"{lo:,.0f} to {hi:,.0f}"

    return (
        f"same assertion with consistent numbers ({interval(lo1, hi1)} / {interval(lo2, hi2)})"
        f": {', '.join(sorted(shared)[:4])}"
    )


def _same_assertion_source(
    atts: Sequence[Attribution], i: int, known: set[str]
) -> tuple[SourceMention, str] | None:
    """A named source elsewhere in the article to whom the article attributes what relay
    ``atts[i]`` passes on, and why; ``None`` when there is none.

    A relay ending on an outlet or an unnamed source ("JoongAng Ilbo had reported that 1,000
    to 3,000 additional troops …") has that source as its origin when the same assertion,
    with consistent numbers, is attributed to it ("South Korean intelligence … saying at
    least 1,000 more troops …").
    """
    content = atts[i].content.text
    if _numbers(content) is None:
        return None
    for j, other in enumerate(atts):
        if j == i or other.source.kind not in _NAMED_KINDS or other.source.canonical in known:
            continue
        relay = atts[i].content
        if other.content.start <= atts[i].cue.start < other.content.end or (
            relay.start <= other.cue.start < relay.end
        ):
            continue  # one sits in the other's content: that is nesting, not a match
        reason = same_assertion(content, other.content.text)
        if reason is not None:
            return other.source, f"{reason} as attributed to {other.source.canonical}"
    return None


def _through_main_clauses(
    atts: Sequence[Attribution], parents: Sequence[int | None], chains: list[Chain]
) -> list[Chain]:
    """A content whose main clause is a nested relation carries that relation's chain.

    '"JoongAng Ilbo had reported that 1,000 … troops had been deployed," the newspaper says':
    what The Washington Post says is JoongAng's report, so the Post's relation (and the claim
    it covers) goes The Washington Post → JoongAng Ilbo → its origin, not only to the Post.
    """
    out = list(chains)
    same_content: dict[tuple[int, int], list[int]] = {}
    for k, a in enumerate(atts):
        same_content.setdefault((a.content.start, a.content.end), []).append(k)
    # Innermost first, so that a chain passes down through several levels.
    order = sorted(range(len(atts)), key=lambda k: atts[k].content.end - atts[k].content.start)
    for j in order:
        p = parents[j]
        if p is None or len(out[j].links) <= len(out[p].links):
            continue
        outer, inner = atts[p].content, atts[j]
        covered = min(outer.end, inner.end) - max(outer.start, inner.start)
        if covered >= _MAIN_CLAUSE_SHARE * (outer.end - outer.start):
            # Every relation reporting that content ("X cites: 'P,' the paper says": the cue
            # and the inverted cue share one quotation) carries the chain.
            for k in same_content.get((outer.start, outer.end), (p,)):
                if k != j and len(out[j].links) > len(out[k].links):
                    out[k] = replace(
                        out[k], links=out[j].links, origin=out[j].origin, reason=out[j].reason
                    )
    return out


def _apply_governing(
    text: str,
    atts: list[Attribution],
    chains: list[Chain],
    paragraphs: list[tuple[int, int]],
) -> list[Chain]:
    para_starts = [p[0] for p in paragraphs]

    def paragraph_of(pos: int) -> int:
        return max(bisect.bisect_right(para_starts, pos) - 1, 0)

    # Canonical sources speaking in each paragraph, for the "X also said" continuation test.
    speakers: dict[int, set[str]] = {}
    for b in atts:
        speakers.setdefault(paragraph_of(b.source.start), set()).add(b.source.canonical)
    att_starts = [a.start for a in atts]
    scopes: list[tuple[int, int, Chain]] = []
    for a, chain in zip(atts, chains, strict=True):
        if not paragraphs or chain.origin is None:
            continue
        p = paragraph_of(a.start)
        cue_words = {w.lower() for w in a.cue.text.split()}
        predicate = text[min(a.source.end, a.cue.start) : a.cue.end]
        governs = (
            bool(cue_words & _GOVERNING_CUES)
            or a.cue_type == "according"
            or _GOVERNING_FRAME_RE.search(predicate) is not None
        )
        if not governs or a.start - paragraphs[p][0] > _GOVERN_LEAD_CHARS:
            continue
        end = paragraphs[p][1]
        q = p + 1
        while q < len(paragraphs) and q - p <= _MAX_GOVERNED_PARAGRAPHS:
            head = text[paragraphs[q][0] : min(paragraphs[q][1], paragraphs[q][0] + 200)]
            if not (chain.origin.canonical in speakers.get(q, ()) and _ALSO_SAID_RE.search(head)):
                break
            end = paragraphs[q][1]
            q += 1
        scopes.append((a.start, end, chain))

    out = list(chains)
    for start, end, chain in scopes:
        # Attributions are sorted by cue, so their starts are only nearly sorted: look a few
        # entries around the scope bounds found by bisection.
        lo = max(0, bisect.bisect_left(att_starts, start) - 4)
        hi = min(len(atts), bisect.bisect_left(att_starts, end) + 4)
        for i in range(lo, hi):
            a, c = atts[i], out[i]
            if c.origin is None and start <= a.start < end and not _is_aside(text, a):
                links = (*c.links, *chain.links)
                out[i] = replace(c, links=links, origin=chain.origin)
        out.append(Chain(chain.links, chain.origin, start, end, text=text[start:end]))
    return out


def chain_for(chains: Sequence[Chain], start: int, end: int) -> Chain | None:
    """The most specific chain covering the claim ``[start, end)``, or ``None``.

    ``None`` means the claim is :data:`UNATTRIBUTED`.
    """
    best: Chain | None = None
    for chain in chains:
        if chain.covers(start, end) and (
            best is None or chain.end - chain.start < best.end - best.start
        ):
            best = chain
    return best


def traced_chain(chains: Sequence[Any], start: int, end: int) -> Any:
    """The chain the claim ``[start, end)`` is traced to, or ``None`` (:data:`UNATTRIBUTED`).

    :func:`chain_for`, with two readings of a claim's main clause: a claim no chain covers
    that opens with an attribution is that source's ("Zelensky acknowledged X, and while
    ..."), and a relation opening inside the claim before the narrowest covering one, without
    overlapping it, is the main clause's. Any objects with ``start``, ``end`` and
    ``covers(start, end)`` will do.
    """
    best = chain_for(list(chains), start, end)
    if best is not None and _reports_only(best):
        # "Reports indicate X, according to Ukrainian special forces": the reports are the
        # named group's; a chain ending in bare "reports" yields to one over the same text
        # that names who reported it (not to the outer relay it is nested in).
        named = [
            c
            for c in chains
            if c is not best
            and c.covers(start, end)
            and c.links
            and not _reports_only(c)
            and best.links[: len(c.links)] != c.links
            and min(c.end, best.end) > max(c.start, best.start)
        ]
        if named:
            return min(named, key=lambda c: c.end - c.start)
    if best is None:
        opening = [c for c in chains if start <= c.start <= start + 2 and c.end > c.start]
        return min(opening, key=lambda c: c.start) if opening else None
    earlier = [
        c for c in chains if start <= c.start < best.start and c.end <= best.start and c.end > start
    ]
    return min(earlier, key=lambda c: c.start) if earlier else best


#: Head nouns of a source that names no one ("reports", "media reports say").
_REPORT_NOUNS = frozenset({"reports", "report", "reporting", "accounts"})


def _reports_only(chain: Any) -> bool:
    # A chain whose origin end is an unnamed "reports" noun phrase (no named origin).
    if getattr(chain, "origin", None) is not None or not chain.links:
        return False
    words = _WORD_RUN_RE.findall(str(getattr(chain.links[-1], "text", "")).lower())
    return bool(words) and words[-1] in _REPORT_NOUNS


@register("chains")
class ChainLinker(SpanExtractor):
    """The chains of one article, linked from the attribution extractor's spans.

    Reads ``context.spans["attribution"]``, the article's sentences and the user's alias table
    from the engine's context (:func:`build_chains` does the linking).

    Examples
    --------
    >>> [c.origin.canonical for c in ChainLinker().extract("Reuters reported that talks stalled.")]
    ['Reuters']
    """

    version = "1"
    requires = ("attribution",)
    feature_names = ("n_chains", "n_relayed", "n_anonymous_origin")

    def extract(self, text: str, *, context: Context | None = None) -> list[Chain]:
        """Return the chains of ``text``: one per attribution, plus one per governed passage."""
        context = self.context_of(text, context)
        return build_chains(
            text,
            context.spans_of("attribution"),
            context.sentences,
            context.paragraphs,
            aliases=context.source_aliases,
        )

    def span_features(self, spans: Sequence[Chain], text: str) -> list[float]:
        """Chains, chains of two links or more, and chains without a named origin."""
        return [
            float(len(spans)),
            float(sum(1 for c in spans if len(c.links) > 1)),
            float(sum(1 for c in spans if c.origin is None)),
        ]
