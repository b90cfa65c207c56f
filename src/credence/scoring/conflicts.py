"""Numeric and temporal conflicts between claims about the same counted thing or event.

Two numbers only conflict when they count the same thing. Each quantity (and each date) gets
a *signature* from its context:

- ``family``: the unit family ("10,000 troops" and "12,000 soldiers" are both people);
- ``event``: the nearest event word in its sentence, from a small lexicon of event classes
  (deployed/sent/dispatched = *deployment*, killed/wounded/losses = *casualty*,
  redeployed/returned = *redeployment*, ...), not counting event words separated from the
  number by a reporting verb ("On Thursday the paper *reported* that troops were deployed":
  Thursday dates the report, not the deployment);
- ``qualifier``: *additional* ("1,000 more", "an additional 1,000") or *initial*
  ("the original 11,000"), read in a four-token window; an unqualified number in a sentence
  with a qualified one of the same signature inherits its qualifier;
- ``owner``: whose quantity it is, when the quantity extractor knows;
- ``lead``: what is measured, read from the nearest content word before the number or date
  (within three tokens of its clause): "suspended for 60 days" measures a suspension, "the
  strike lasted 11 days" a strike, although both are days near "after the vote"; ``trail``
  is the nearest content word after it.

Partitives are read explicitly: in "1,000 of the original 11,000 troops were killed" the verb
belongs to the part (1,000: casualty) and the whole is the base count (11,000: the initial
deployment). A bare number after "the number"/"the figure" with no event of its own takes the
signature of the preceding number ("10,000 were deployed ... the number is higher, at
12,000").

Two signatures are *compatible* when family (for numbers), event and owner (when both known)
match, the qualifiers do not oppose (*additional* only matches *additional*; unqualified
matches *initial*) and, for numbers, the leads, when both are known, name one thing (the
same word or the same event class). Two numbers with no event word at all are compatible
when their family and their lead or trail match ("the spill covered 3 square kilometres" /
"covered 30 square kilometres").
Compatible quantities whose intervals disagree beyond the tolerance conflict; compatible
dates whose intervals are disjoint conflict.

Examples
--------
>>> text = "Some 10,000 troops were deployed last year."
>>> [m.signature.event for m in event_contexts(text, [(5, 11)], [(0, len(text))])]
['deployment']
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from credence.features.lexicon import words
from credence.features.quantity_intervals import intervals_disjoint

__all__ = [
    "EVENT_PATTERNS",
    "OWNER_ALIASES",
    "Signature",
    "Measure",
    "Conflict",
    "event_contexts",
    "measure_analysis",
    "compatible",
    "quantities_conflict",
    "quantities_agree",
    "dates_disagree",
    "compare_measures",
]

#: Event classes and the words that name them (regular expressions, matched case-insensitively
#: on word boundaries). Written for news about deployments, wars, economics and elections.
EVENT_PATTERNS: dict[str, str] = {
    "redeployment": r"re-?deploy\w*|return(?:ed|ing|s)?|redeployment",
    "withdrawal": r"withdr[ae]w\w*|withdrawal|pull(?:ed|ing)? (?:back|out)|retreat\w*",
    "deployment": r"(?<!re-)(?<!re)deploy\w*|sen[dt]|sending|dispatch\w*|arriv\w*"
    r"|station(?:ed)?|reinforce\w*|contingent|mobili[sz]\w*",
    "casualty": r"kill\w*|dead|deaths?|die[ds]?|dying|wound\w*|injur\w*|casualt\w*|loss(?:es)?"
    r"|lost|fatalit\w*",
    "capture": r"captur\w*|prisoners?|pows?|detain\w*|arrest\w*|captive\w*",
    "territory": r"territor\w*|control\w*|seiz\w*|regain\w*|recaptur\w*|occup\w*|liberat\w*",
    "offensive": r"offensive|incursion|invasion|invad\w*|attack\w*|strikes?|shell\w*",
    "election": r"elect\w*|vot\w*|ballots?|poll(?:s|ed|ing)?",
    "spending": r"spen[dt]\w*|costs?|cost(?:ing)?|fund\w*|budget\w*|paid|pay\w*|invest\w*",
    "change": r"gr[eo]w\w*|rise[sn]?|rose|rising|increas\w*|f[ae]ll\w*|declin\w*|drop\w*|cut\w*",
    "employment": r"jobs?|unemploy\w*|employ\w*|hir(?:e|ed|ing)|layoffs?|laid off",
    "population": r"population|residents?|inhabitants?",
}
_EVENT_RE = re.compile(
    "|".join(f"(?P<{name}>\\b(?:{pattern})\\b)" for name, pattern in EVENT_PATTERNS.items()),
    re.IGNORECASE,
)
_REPORTING_RE = re.compile(
    r"\b(?:said|says|say|saying|reported|reports|reporting|told|tells|announced|stated|claimed"
    r"|according|cites|cited|wrote|writes|added|suggest(?:s|ed|ing)?|indicated"
    r"|acknowledged)\b",
    re.IGNORECASE,
)
_ADDITIONAL = frozenset(
    {"additional", "more", "further", "extra", "new", "another", "fresh", "reinforcement",
     "reinforcements"}
)  # fmt: skip
_INITIAL = frozenset({"initial", "original", "first", "initially", "originally"})
_TOKEN_RE = re.compile(r"\w+", re.UNICODE)
_PARTITIVE_RE = re.compile(
    r"^\s*(?:of|out of)\s+(?:(?:the|an?|their|its|his|her|some|about|roughly|approximately"
    r"|estimated|original|initial|total|entire|overall)\s+)*$",
    re.IGNORECASE,
)
_ANAPHOR_RE = re.compile(r"\bthe (?:number|figure|total|tally|count|estimate)\b", re.IGNORECASE)
_QUALIFIER_WINDOW = 4
#: Tokens before a number or date searched for its lead word (what it measures).
_LEAD_WINDOW = 3
_CLAUSE_MARK_RE = re.compile(r"[,;:()\[\]\"“”—–]")
# Words that qualify or bound a number without saying what it measures.
_BOUNDS = frozenset(
    {"least", "nearly", "almost", "roughly", "approximately", "estimated", "total", "just",
     "over", "under", "around", "only", "than", "some", "about", "up", "exactly", "precisely",
     "fewer", "less", "reportedly", "reported", "allegedly", "another", "estimate"}
)  # fmt: skip


# Words that never name what a number measures: stop words, qualifiers and bounds.
_NOT_LEADS = frozenset(words("english_stop_words")) | _ADDITIONAL | _INITIAL | _BOUNDS


@dataclass(frozen=True, slots=True)
class Signature:
    """What a number or date is about: unit family, event class, qualifier, owner."""

    family: str | None
    event: str | None
    qualifier: str | None
    owner: str | None = None
    #: The nearest content word before the span (a light stem), what it measures; None
    #: when there is none in its clause. Not part of :meth:`to_dict`.
    lead: str | None = None
    #: The nearest content word after the span ("Twelve wagons *carrying* timber").
    trail: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "family": self.family,
            "event": self.event,
            "qualifier": self.qualifier,
            "owner": self.owner,
        }


@dataclass(frozen=True, slots=True)
class Measure:
    """A quantity or date span of an article with its signature."""

    kind: str
    span: Any
    signature: Signature

    @property
    def start(self) -> int:
        return self.span.start

    @property
    def end(self) -> int:
        return self.span.end


@dataclass(frozen=True, slots=True)
class Conflict:
    """A numeric, temporal or attribute disagreement of a claim with another claim.

    ``to_dict()`` gives ``{"kind", "with", "values"}``: ``kind`` is ``numeric``,
    ``temporal`` or ``attribute``, ``with`` the other claim's id and ``values`` the two
    texts (this claim's first). An attribute conflict (two mentions of one group with a
    different nationality, :mod:`credence.scoring.attributes`, or a name replaced by
    another in otherwise aligned words, :mod:`credence.scoring.substitution`) adds
    ``spans``: both mentions as ``{"article_id", "start", "end", "text"}`` (this claim's
    first), with ``attribute`` (``"nationality"``, ``"name"``, or ``"opposite"`` for a
    predicate replaced by its opposite: "relaxes" / "toughens") and the two
    ``attribute_values``.
    """

    kind: str
    with_claim: str
    values: tuple[str, str]
    article_id: str = ""
    event: str | None = None
    #: Both spans of an attribute conflict, as (article id, start, end, text).
    spans: tuple[tuple[str, int, int, str], ...] = ()
    #: The attribute that differs and its two values (attribute conflicts).
    attribute: str | None = None
    attribute_values: tuple[str, str] | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (the schema documented in the README)."""
        out: dict[str, Any] = {
            "kind": self.kind,
            "with": self.with_claim,
            "values": list(self.values),
        }
        if self.spans:
            out["spans"] = [
                {"article_id": a, "start": start, "end": end, "text": text}
                for a, start, end, text in self.spans
            ]
        if self.attribute is not None:
            out["attribute"] = self.attribute
            out["attribute_values"] = list(self.attribute_values or ())
        return out

    @property
    def explanation(self) -> str:
        """One human-readable line saying what this is and why."""
        about = f" about the same {self.event}" if self.event else ""
        line = f"{self.kind} conflict{about}: {self.values[0]!r} vs {self.values[1]!r}"
        if self.attribute is not None and self.attribute_values is not None:
            mine, theirs = self.attribute_values
            line += f" (one group, {self.attribute} {mine} vs {theirs})"
        return line


def _unit_family(unit: str | None) -> str | None:
    if not unit:
        return None
    from credence.features.quantities import unit_family

    return unit_family(unit)


def _events_in(text: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
    return [
        (m.start() + lo, m.end() + lo, m.lastgroup or "") for m in _EVENT_RE.finditer(text[lo:hi])
    ]


def _reporting_between(text: str, a: int, b: int) -> bool:
    lo, hi = (a, b) if a <= b else (b, a)
    return _REPORTING_RE.search(text, lo, hi) is not None


def _nearest_event(
    text: str, start: int, end: int, events: Sequence[tuple[int, int, str]]
) -> str | None:
    best, best_distance = None, math.inf
    for e_start, e_end, name in events:
        if e_start >= start and e_end <= end:
            continue
        distance = e_start - end if e_start >= end else start - e_end
        if distance < best_distance and not _reporting_between(
            text, end if e_start >= end else e_end, e_start if e_start >= end else start
        ):
            best, best_distance = name, distance
    return best


def _qualifier(text: str, start: int, end: int, lo: int, hi: int) -> str | None:
    before = [m.group().lower() for m in _TOKEN_RE.finditer(text, lo, start)]
    inside = [m.group().lower() for m in _TOKEN_RE.finditer(text, start, end)]
    after = [m.group().lower() for m in _TOKEN_RE.finditer(text, end, max(end, hi))]
    tokens = before[-_QUALIFIER_WINDOW:] + inside + after[:_QUALIFIER_WINDOW]
    for k, word in enumerate(tokens):
        # "more than 1,000" bounds a number; it does not add troops.
        if word in _ADDITIONAL and not (
            word == "more" and k + 1 < len(tokens) and tokens[k + 1] == "than"
        ):
            return "additional"
    if any(w in _INITIAL for w in tokens):
        return "initial"
    return None


def lead_key(word: str) -> str:
    """The comparison key of a lead word: lower case, a plain inflection dropped.

    >>> lead_key("Suspended"), lead_key("suspends"), lead_key("regained")
    ('suspend', 'suspend', 'regain')
    """
    word = word.lower()
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _content_key(tokens: Sequence[str]) -> str | None:
    for token in tokens:
        word = token.lower()
        if word.isalpha() and word not in _NOT_LEADS and not _REPORTING_RE.fullmatch(word):
            return lead_key(word)
    return None


def _lead(text: str, start: int, end: int, lo: int, hi: int) -> tuple[str | None, str | None]:
    # The nearest content word before ``start`` and after ``end`` within the clause and the
    # lead window: (lead, trail).
    head = text[lo:start]
    marks = [m.end() for m in _CLAUSE_MARK_RE.finditer(head)]
    before = [m.group() for m in _TOKEN_RE.finditer(head[marks[-1] :] if marks else head)]
    tail = text[end:hi]
    stop = _CLAUSE_MARK_RE.search(tail)
    after = [m.group() for m in _TOKEN_RE.finditer(tail[: stop.start()] if stop else tail)]
    return (
        _content_key(list(reversed(before[-_LEAD_WINDOW:]))),
        _content_key(after[:_LEAD_WINDOW]),
    )


def _same_lead(a: str, b: str) -> bool:
    if a == b:
        return True
    found_a, found_b = _EVENT_RE.fullmatch(a), _EVENT_RE.fullmatch(b)
    return bool(found_a and found_b and found_a.lastgroup == found_b.lastgroup)


def _sentence_of_spans(
    text: str, spans: Sequence[tuple[int, int]], sentences: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    # The sentence bounds of each span (the whole text for a span outside every sentence).
    sentence_starts = [lo for lo, _ in sentences]
    out = []
    for start, _ in spans:
        k = bisect.bisect_right(sentence_starts, start) - 1
        inside = k >= 0 and sentences[k][0] <= start < sentences[k][1]
        out.append(sentences[k] if inside else (0, len(text)))
    return out


def _read_partitives(
    text: str,
    spans: Sequence[tuple[int, int]],
    sentence_of: Sequence[tuple[int, int]],
    events_of: Any,
    events: list[str | None],
    qualifiers: list[str | None],
) -> set[int]:
    """Read "X of the original Y ... killed" (in place); the indices of the spans read.

    The verb after the pair belongs to the part X, the event before it to the whole Y.
    """
    claimed: set[int] = set()
    for k in range(len(spans) - 1):
        (xs, xe), (ys, ye) = spans[k], spans[k + 1]
        if sentence_of[k] != sentence_of[k + 1] or not _PARTITIVE_RE.match(text[xe:ys]):
            continue
        lo, hi = sentence_of[k]
        sentence_events = events_of((lo, hi))
        after = [e for e in sentence_events if e[0] >= ye]
        before = [e for e in sentence_events if e[1] <= xs]
        events[k] = after[0][2] if after else None
        events[k + 1] = before[-1][2] if before else None
        between = text[xe:ys].lower()
        qualifiers[k + 1] = "initial" if re.search(r"original|initial", between) else None
        qualifiers[k] = _qualifier(text, xs, xe, lo, xs)
        claimed.update((k, k + 1))
    return claimed


def event_contexts(
    text: str,
    spans: Sequence[tuple[int, int]],
    sentences: Sequence[tuple[int, int]],
    *,
    families: Sequence[str | None] | None = None,
    owners: Sequence[str | None] | None = None,
) -> list[Measure]:
    """Signatures of the spans ``[(start, end), ...]`` of ``text`` (quantities or dates).

    Parameters
    ----------
    text : str
        The article text.
    spans : sequence of (int, int)
        Offsets of the numbers or dates, in text order.
    sentences : sequence of (int, int)
        Sentence offsets (the context of each span is its sentence).
    families, owners : sequence, optional
        Unit family and owner per span (numbers); ``None`` for dates.

    Returns
    -------
    list of Measure
        One per span, ``kind`` ``"span"`` and ``span`` a ``(start, end, text)`` record.
    """
    n = len(spans)
    families = list(families) if families is not None else [None] * n
    owners = list(owners) if owners is not None else [None] * n
    sentence_of = _sentence_of_spans(text, spans, sentences)
    events: list[str | None] = [None] * n
    qualifiers: list[str | None] = [None] * n
    cache: dict[tuple[int, int], list[tuple[int, int, str]]] = {}

    def events_of(bounds: tuple[int, int]) -> list[tuple[int, int, str]]:
        if bounds not in cache:
            cache[bounds] = _events_in(text, *bounds)
        return cache[bounds]

    claimed = _read_partitives(text, spans, sentence_of, events_of, events, qualifiers)
    for k, (start, end) in enumerate(spans):
        if k in claimed:
            continue
        lo, hi = sentence_of[k]
        events[k] = _nearest_event(text, start, end, events_of((lo, hi)))
        qualifiers[k] = _qualifier(text, start, end, lo, hi)
    # Anaphora: "the number is higher, at 12,000" takes the previous number's signature.
    for k in range(1, n):
        lo, hi = sentence_of[k]
        if events[k] is None and _ANAPHOR_RE.search(text, lo, hi):
            events[k] = events[k - 1]
            families[k] = families[k] or families[k - 1]
            owners[k] = owners[k] or owners[k - 1]
            qualifiers[k] = qualifiers[k] or qualifiers[k - 1]
    # Inherit a qualifier from a number of the same sentence and signature (the first such
    # number's; grouped so that a sentence dense with numbers stays linear).
    first_qualifier: dict[tuple[Any, ...], str] = {}
    for k in range(n):
        if qualifiers[k] is not None:
            first_qualifier.setdefault((sentence_of[k], events[k], families[k]), qualifiers[k])
    for k in range(n):
        if qualifiers[k] is None:
            qualifiers[k] = first_qualifier.get((sentence_of[k], events[k], families[k]))
    return [
        Measure(
            "span",
            _Located(start, end, text[start:end]),
            Signature(
                families[k],
                events[k],
                qualifiers[k],
                owners[k],
                *_lead(text, start, end, *sentence_of[k]),
            ),
        )
        for k, (start, end) in enumerate(spans)
    ]


@dataclass(frozen=True, slots=True)
class _Located:
    start: int
    end: int
    text: str


def measure_analysis(analysis: Any) -> tuple[list[Measure], list[Measure]]:
    """Quantity and date measures (with signatures) of one analysed article."""
    text = analysis.article.text
    sentences = [(s.start, s.end) for s in analysis.sentences]
    quantities = sorted(analysis.quantities, key=lambda q: q.start)
    dates = sorted(analysis.dates, key=lambda d: d.start)
    q_context = event_contexts(
        text,
        [(q.start, q.end) for q in quantities],
        sentences,
        families=[_unit_family(getattr(q, "unit", None)) for q in quantities],
        owners=[_normal_owner(getattr(q, "owner", None)) for q in quantities],
    )
    d_context = event_contexts(text, [(d.start, d.end) for d in dates], sentences)
    d_context = _dates_inherit_qualifiers(d_context, quantities, q_context, sentences)
    return (
        [Measure("numeric", q, m.signature) for q, m in zip(quantities, q_context, strict=True)],
        [Measure("temporal", d, m.signature) for d, m in zip(dates, d_context, strict=True)],
    )


def _dates_inherit_qualifiers(
    d_context: list[Measure],
    quantities: Sequence[Any],
    q_context: Sequence[Measure],
    sentences: Sequence[tuple[int, int]],
) -> list[Measure]:
    # "2,000 more soldiers were sent ... this month": the date is the date of the *additional*
    # deployment, so it must not be compared with the initial deployment's "mid 2023". A date
    # takes the qualifier of a qualified number of the same sentence and event.
    starts = [lo for lo, _ in sentences]

    def sentence(pos: int) -> int:
        return bisect.bisect_right(starts, pos) - 1

    qualified: dict[tuple[int, str], str] = {}
    for q, qm in zip(quantities, q_context, strict=True):
        sig = qm.signature
        if sig.qualifier is not None and sig.event is not None:
            qualified.setdefault((sentence(q.start), sig.event), sig.qualifier)
    out = []
    for measure in d_context:
        sig = measure.signature
        if sig.qualifier is None and sig.event is not None:
            inherited = qualified.get((sentence(measure.span.start), sig.event))
            if inherited is not None:
                sig = replace(sig, qualifier=inherited)
        out.append(Measure(measure.kind, measure.span, sig))
    return out


#: Owner spellings that name the same party (acronyms, demonyms, capitals).
OWNER_ALIASES: dict[str, str] = {
    alias: canonical
    for canonical, aliases in {
        "north korea": ("dprk", "north korean", "north koreans", "pyongyang"),
        "south korea": ("rok", "south korean", "south koreans", "seoul"),
        "united states": ("us", "u.s.", "usa", "american", "americans", "washington"),
        "united kingdom": ("uk", "u.k.", "britain", "british", "london"),
        "russia": ("russian", "russians", "moscow", "kremlin"),
        "ukraine": ("ukrainian", "ukrainians", "kyiv", "kiev"),
        "china": ("chinese", "beijing"),
        "israel": ("israeli", "israelis"),
        "iran": ("iranian", "iranians", "tehran"),
    }.items()
    for alias in aliases
}


def _normal_owner(owner: Any) -> str | None:
    if owner is None:
        return None
    text = re.sub(r"['’]s$", "", str(getattr(owner, "text", owner)).strip().lower())
    return OWNER_ALIASES.get(text, text) or None


def compatible(a: Signature, b: Signature, *, numeric: bool = True) -> bool:
    """Whether two signatures name the same counted thing (numbers) or event (dates)."""
    if numeric and a.lead and b.lead and not _same_lead(a.lead, b.lead):
        return False  # different things measured (a date's lead is often a light verb)
    if a.event is None and b.event is None and numeric:
        # No event word: the same lead and unit family say one thing is counted. (Dates
        # without an event stay apart: "released ... in June" / "in March" are two releases.)
        if not ((a.lead and a.lead == b.lead) or (a.trail and a.trail == b.trail)):
            return False
    elif a.event is None or a.event != b.event:
        return False
    if numeric and (a.family is None or a.family != b.family):
        return False
    if a.owner and b.owner and a.owner != b.owner:
        return False
    if (a.qualifier == "additional") != (b.qualifier == "additional"):
        return False
    return True


def quantities_conflict(a: Any, b: Any, *, tolerance: float = 0.05) -> bool:
    """Whether two quantities' intervals disagree beyond ``tolerance``.

    The one interval rule of credence,
    :func:`credence.features.quantity_intervals.intervals_disjoint` (exact intervals widened
    to ``[low(1-t), high(1+t)]``, approximate ones kept as read), without the unit-family gate
    of :func:`credence.features.quantities.intervals_conflict`: the caller has already matched
    the counted thing by signature, which may have been inherited from context.

    Examples
    --------
    >>> from types import SimpleNamespace as Q
    >>> quantities_conflict(Q(low=10000, high=10000), Q(low=12000, high=12000))
    True
    >>> quantities_conflict(Q(low=1000, high=float("inf")), Q(low=1000, high=3000))
    False
    """
    return intervals_disjoint(a, b, tolerance=tolerance)


def quantities_agree(a: Any, b: Any, *, tolerance: float = 0.05) -> bool:
    """Whether two quantities' widened intervals overlap (the complement of a conflict)."""
    return not quantities_conflict(a, b, tolerance=tolerance)


def dates_disagree(a: Any, b: Any) -> bool:
    """Whether two dated spans cannot be the same time (``dates_conflict`` when available)."""
    if not (getattr(a, "resolved", True) and getattr(b, "resolved", True)):
        return False
    if None in (a.low, a.high, b.low, b.high):
        return False
    # Same reading as credence.features.dates.dates_conflict: disjoint day intervals.
    return a.high < b.low or b.high < a.low


def compare_measures(
    first: Sequence[Measure], second: Sequence[Measure], *, tolerance: float = 0.05
) -> tuple[list[tuple[Measure, Measure]], list[tuple[Measure, Measure]]]:
    """Conflicting and agreeing pairs between the measures of two claims.

    Returns
    -------
    conflicts, agreements : list of (Measure, Measure)
        Pairs with compatible signatures whose values disagree / agree. Dates never count as
        agreement (sharing a date says little about sharing a claim).
    """
    conflicts: list[tuple[Measure, Measure]] = []
    agreements: list[tuple[Measure, Measure]] = []
    for a in first:
        for b in second:
            if a.kind != b.kind:
                continue
            if a.kind == "numeric":
                if not compatible(a.signature, b.signature, numeric=True):
                    continue
                if quantities_conflict(a.span, b.span, tolerance=tolerance):
                    conflicts.append((a, b))
                elif quantities_agree(a.span, b.span):
                    agreements.append((a, b))
            elif compatible(a.signature, b.signature, numeric=False) and dates_disagree(
                a.span, b.span
            ):
                conflicts.append((a, b))
    return conflicts, agreements
