"""Attribute slips: mentions of one group that disagree on its nationality.

A *group mention* is a nationality word (:file:`lexicons/words/demonyms.tsv`, read with
:func:`credence.features.lexicon.rows`) before a head noun naming a group of fighters or
prisoners ("North Korean troops", "two wounded South Korean POWs"), or a plural nationality
noun after a participle ("the captured North Koreans"). What happened to the group (the
event words of :data:`credence.scoring.conflicts.EVENT_PATTERNS` that it *underwent*:
"wounded X", "X POWs", "X were killed", "X had sustained losses") and its number ("two",
"1,000") tie mentions to one group.

Two mentions of different nationality are an attribute slip when, in one story (its
articles together):

- they sit in different sentences (one sentence naming two nationalities sets two groups
  side by side: "Russian troops attacked Ukrainian troops");
- they are tied to one group: the same *identifying* event undergone (captured, wounded,
  killed), or the same number and the same event;
- one nationality is *lone* (this is its only group mention in the story) and the other is
  the story's: at least two group mentions. A story about two armies names each several
  times and raises none; a story whose other group is named once as an agent ("Russian
  troops killed ...") raises none either, since an agent does not undergo the event.

Each lone mention is reported once, with the nearest tied mention of the other nationality
(same article first).

Examples
--------
>>> text = ("North Korean troops were captured in Kursk. Two North Korean soldiers were "
...         "wounded. Ukraine holds two wounded South Korean POWs.")
>>> [(a.text, b.text) for a, b in attribute_slips(group_mentions("a", text))]
[('two wounded South Korean POWs', 'Two North Korean soldiers')]
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from credence.features.lexicon import PACKAGE_DATA
from credence.features.lexicon import rows as lexicon_rows
from credence.scoring.claim_rows import ClaimRow
from credence.scoring.conflicts import EVENT_PATTERNS, Conflict

__all__ = [
    "attribute_conflicts",
    "GROUP_HEADS",
    "IDENTIFYING_EVENTS",
    "GroupMention",
    "group_mentions",
    "attribute_slips",
]

#: Head nouns that name a group of fighters or prisoners (a closed grammatical class).
GROUP_HEADS: tuple[str, ...] = (
    "soldiers", "soldier", "troops", "forces", "fighters", "servicemen", "personnel",
    "units", "sailors", "pilots", "mercenaries", "marines", "commandos", "conscripts",
    "recruits", "pows", "prisoners", "captives", "detainees", "prisoners of war",
)  # fmt: skip
#: Events that pick out one group: few groups are captured, wounded or killed together.
IDENTIFYING_EVENTS = frozenset({"capture", "casualty"})

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "dozen": 12, "twenty": 20,
}  # fmt: skip
_NUMBER = r"\d[\d,.]*|" + "|".join(_NUMBER_WORDS)
#: Words allowed between a number and the nationality ("two *wounded* South Korean POWs").
_MODIFIER = r"[a-z]+(?:ed|en)|elite|more|additional|other|injured|dead|missing"
_EVENTS = {name: re.compile(rf"\b(?:{p})\b", re.IGNORECASE) for name, p in EVENT_PATTERNS.items()}
#: After a mention: the event it undergoes ("were killed", "had sustained losses").
_UNDERGOES_AFTER = re.compile(
    r"\s+(?:(?:had|have|has|were|was|are|is|been|being|reportedly|reported|confirmed|also|all"
    r"|later)\s+)+"
    r"(?P<event>(?:sustained|suffered)\s+(?:\w+\s+){0,2}\w+|\w+)",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class GroupMention:
    """A nationality-marked mention of a group, with what ties it to one group.

    Attributes
    ----------
    article_id : str
        The article it is in.
    start, end : int
        Offsets of the mention in its article.
    text : str
        The mention.
    nationality : str
        The country its nationality word names (``"north korea"``).
    sentence : int
        Index of its sentence in its article.
    events : frozenset of str
        Event classes the group undergoes in the mention or right after it.
    number : float or None
        Its number ("two" -> 2), when it has one.
    """

    article_id: str
    start: int
    end: int
    text: str
    nationality: str
    sentence: int
    events: frozenset[str]
    number: float | None

    def to_dict(self) -> dict[str, object]:
        """Plain JSON-ready data: where the mention is and what it says."""
        return {
            "article_id": self.article_id,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "nationality": self.nationality,
        }


def _demonyms() -> dict[str, str]:
    return PACKAGE_DATA.load("demonyms", _read_demonyms)


def _read_demonyms() -> dict[str, str]:
    return {row[0].lower(): row[1].lower() for row in lexicon_rows("demonyms") if len(row) >= 2}


@dataclass(frozen=True, slots=True)
class _Patterns:
    """The mention patterns: a nationality word is found first, then read in context."""

    demonym: re.Pattern[str]
    head_after: re.Pattern[str]


def _alternation(words: Sequence[str]) -> str:
    # Longest first, so that "south korean" wins over a shorter word it contains.
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len)[::-1])


def _patterns() -> _Patterns:
    return PACKAGE_DATA.load(
        "attribute mention patterns",
        lambda: _Patterns(
            demonym=re.compile(rf"\b(?:{_alternation(list(_demonyms()))})\b", re.IGNORECASE),
            head_after=re.compile(rf"\s+(?:{_alternation(GROUP_HEADS)})\b", re.IGNORECASE),
        ),
    )


def _first_words() -> frozenset[str]:
    return PACKAGE_DATA.load(
        "demonym first words", lambda: frozenset(name.split()[0] for name in _demonyms())
    )


#: A capitalised word: English writes nationality words with a capital.
_WORD = re.compile(r"\b[A-Z][a-z]+\b")


def _demonym_matches(text: str, demonym: re.Pattern[str]) -> list[re.Match[str]]:
    # The nationality words of ``text``: capitalised words that may begin one are looked up
    # in a set, and only there is the pattern tried (the alternation of every demonym at
    # every position cost about 3 microseconds a character).
    first = _first_words()
    found = []
    end = 0
    for word in _WORD.finditer(text):
        if word.start() < end or word.group().lower() not in first:
            continue
        match = demonym.match(text, word.start())
        if match is not None:
            found.append(match)
            end = match.end()
    return found


_TOKEN = re.compile(r"[\w,.]*\w")
_MODIFIER_RE = re.compile(_MODIFIER, re.IGNORECASE)
_NUMBER_RE = re.compile(_NUMBER, re.IGNORECASE)

#: How far before a nationality word its number and modifiers are looked for.
_LEAD_WINDOW = 80


def _mention_spans(text: str) -> list[tuple[int, int, str, str | None]]:
    """``(start, end, demonym, number)`` of each group mention of ``text``, in text order.

    A cheap search for nationality words, each then read in a small window: a head noun
    after it, a number and modifiers before it (a single regular expression with these
    optional leads cost a backtracking attempt at every word of the text).
    """
    patterns = _patterns()
    out = []
    for match in _demonym_matches(text, patterns.demonym):
        demonym = match.group(0)
        head = patterns.head_after.match(text, match.end())
        start, number, modifiers = _lead(text, match.start())
        if head is not None:
            end = head.end()
        elif demonym.lower().endswith("s") and modifiers:
            end = match.end()  # "the captured North Koreans"
        else:
            continue
        out.append((start, end, demonym, number))
    return out


def _lead(text: str, at: int) -> tuple[int, str | None, int]:
    """Where a mention starts before its nationality word at ``at``: up to three modifiers
    and a number before them; returns (start, number, number of modifiers).
    """
    tokens = list(_TOKEN.finditer(text, max(0, at - _LEAD_WINDOW), at))
    start, modifiers, k = at, 0, len(tokens) - 1
    # Only tokens that run up to the next one (or to ``at``) with nothing but spaces between.
    while k >= 0 and modifiers < 3 and _adjacent(text, tokens[k], start):
        if not _MODIFIER_RE.fullmatch(tokens[k].group()):
            break
        start, modifiers, k = tokens[k].start(), modifiers + 1, k - 1
    number = None
    if k >= 0 and _adjacent(text, tokens[k], start) and _NUMBER_RE.fullmatch(tokens[k].group()):
        start, number = tokens[k].start(), tokens[k].group()
    return start, number, modifiers


def _adjacent(text: str, token: re.Match[str], start: int) -> bool:
    return token.end() < start and not text[token.end() : start].strip()


def _number(text: str | None) -> float | None:
    if not text:
        return None
    word = text.lower()
    if word in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[word])
    try:
        return float(word.replace(",", "").rstrip("."))
    except ValueError:
        return None


def _events_in(text: str) -> set[str]:
    return {name for name, pattern in _EVENTS.items() if pattern.search(text)}


def _sentence_bounds(text: str) -> list[tuple[int, int]]:
    from credence.features.segment import segment

    return [(s.start, s.end) for s in segment(text)[1]]


def group_mentions(
    article_id: str, text: str, sentences: Sequence[tuple[int, int]] | None = None
) -> list[GroupMention]:
    """The nationality-marked group mentions of one article, in text order.

    Parameters
    ----------
    article_id : str
        The article's id (kept on each mention).
    text : str
        The article text.
    sentences : sequence of (int, int), optional
        Sentence offsets (from the engine's segmentation); segmented here when omitted.
    """
    bounds = sorted(sentences) if sentences is not None else _sentence_bounds(text)
    starts = [lo for lo, _ in bounds]
    out = []
    for start, end, demonym, number in _mention_spans(text):
        nationality = _demonyms().get(" ".join(demonym.lower().split()))
        if nationality is None:
            continue
        events = _events_in(text[start:end])
        after = _UNDERGOES_AFTER.match(text, end)
        if after is not None:
            events |= _events_in(after.group("event"))
        k = bisect.bisect_right(starts, start) - 1
        sentence = k if k >= 0 and start < bounds[k][1] else -1
        out.append(
            GroupMention(
                article_id=article_id,
                start=start,
                end=end,
                text=text[start:end],
                nationality=nationality,
                sentence=sentence,
                events=frozenset(events),
                number=_number(number),
            )
        )
    return out


def _tied(a: GroupMention, b: GroupMention) -> bool:
    shared = a.events & b.events
    if shared & IDENTIFYING_EVENTS:
        return True
    return bool(shared) and a.number is not None and a.number == b.number


def _contrasted(mentions: Sequence[GroupMention]) -> set[tuple[str, int]]:
    # Sentences that name groups of two nationalities: they set two groups side by side.
    nationalities: dict[tuple[str, int], set[str]] = defaultdict(set)
    for m in mentions:
        nationalities[(m.article_id, m.sentence)].add(m.nationality)
    return {key for key, found in nationalities.items() if len(found) > 1}


def attribute_slips(mentions: Sequence[GroupMention]) -> list[tuple[GroupMention, GroupMention]]:
    """The attribute slips of one story: ``(lone mention, the mention it contradicts)``.

    Parameters
    ----------
    mentions : sequence of GroupMention
        The group mentions of the story's articles (:func:`group_mentions`).

    Returns
    -------
    list of (GroupMention, GroupMention)
        One pair per lone mention, in text order.
    """
    by_nationality: dict[str, list[GroupMention]] = defaultdict(list)
    for m in mentions:
        by_nationality[m.nationality].append(m)
    contrasted = _contrasted(mentions)
    slips = []
    for lone_group in by_nationality.values():
        if len(lone_group) != 1:
            continue
        lone = lone_group[0]
        if (lone.article_id, lone.sentence) in contrasted:
            continue
        tied = [
            m
            for m in mentions
            if m.nationality != lone.nationality
            and len(by_nationality[m.nationality]) >= 2
            and (m.article_id, m.sentence) != (lone.article_id, lone.sentence)
            and (m.article_id, m.sentence) not in contrasted
            and _tied(lone, m)
        ]
        if tied:
            nearest = min(
                tied, key=lambda m: (m.article_id != lone.article_id, abs(m.start - lone.start))
            )
            slips.append((lone, nearest))
    return sorted(slips, key=lambda pair: (pair[0].article_id, pair[0].start))


def _claim_at(
    rows: Sequence[ClaimRow], by_article: dict[int, list[int]], ai: int, pos: int
) -> int | None:
    # The index of the scored claim of article ``ai`` that covers offset ``pos`` (or None).
    for i in by_article.get(ai, ()):
        claim = rows[i].claim
        if claim.start <= pos < claim.end:
            return i
    return None


def _conflict(mine: GroupMention, theirs: GroupMention, with_claim: str) -> Conflict:
    shared = sorted(mine.events & theirs.events)
    return Conflict(
        kind="attribute",
        with_claim=with_claim,
        values=(mine.text, theirs.text),
        article_id=theirs.article_id,
        event=shared[0] if len(shared) == 1 else None,
        spans=(
            (mine.article_id, mine.start, mine.end, mine.text),
            (theirs.article_id, theirs.start, theirs.end, theirs.text),
        ),
        attribute="nationality",
        attribute_values=(mine.nationality, theirs.nationality),
    )


def attribute_conflicts(
    rows: Sequence[ClaimRow],
    analyses: Sequence[Any],
    stories: Sequence[Sequence[int]],
) -> dict[int, list[Conflict]]:
    """The attribute conflicts of the scored claims, by claim index into ``rows``.

    Slips are looked for in each story (``stories``: article indices); a slip is reported
    on the claims that hold its two mentions (each naming the other), and on one side only
    when the other mention lies outside every scored claim (``with`` is then empty).
    """
    by_article: dict[int, list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        by_article[row.article_index].append(i)
    index_of = {analysis.article.id: ai for ai, analysis in enumerate(analyses)}
    out: dict[int, list[Conflict]] = defaultdict(list)
    for articles in stories:
        mentions: list[GroupMention] = []
        for ai in articles:
            analysis = analyses[ai]
            sentences = [(s.start, s.end) for s in analysis.sentences]
            mentions += group_mentions(analysis.article.id, analysis.article.text, sentences)
        for lone, other in attribute_slips(mentions):
            a = _claim_at(rows, by_article, index_of[lone.article_id], lone.start)
            b = _claim_at(rows, by_article, index_of[other.article_id], other.start)
            if a is not None:
                with_claim = rows[b].claim.id if b is not None else ""
                out[a].append(_conflict(lone, other, with_claim))
            if b is not None:
                with_claim = rows[a].claim.id if a is not None else ""
                out[b].append(_conflict(other, lone, with_claim))
    return out
