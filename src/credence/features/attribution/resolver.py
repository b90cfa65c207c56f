"""Canonical names and kinds of source phrases, with recency-based coreference."""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from credence.features.attribution.lexicon import (
    _CAP_STOP,
    _CONNECTORS,
    _COREF_AGENCY,
    _COREF_MINISTRY,
    _COREF_NAMED,
    _COREF_OUTLET,
    _DETERMINERS,
    _LOOKBACK,
    _PRONOUNS,
    _ROLE_MODIFIERS,
    _TITLES,
    _VAGUE_CAPS,
    AttributionLexicon,
    _drop_the,
)
from credence.features.attribution.names import gender_of, merge_mentions, person_mentions
from credence.features.attribution.phrases import _POSTMODIFIERS
from credence.features.attribution.result_objects import new_source_mention
from credence.features.attribution.results import Attribution, SourceMention
from credence.features.attribution.tokens import _Sentence, has_whole_word

__all__ = ["split_coordinated"]

_PLACE_PREPOSITIONS = frozenset(["of", "in", "from", "at"])
#: How far (characters) around a source a lower-case use of its word is looked for.
_COMMON_NOUN_WINDOW = 5000


def _is_title(word: str) -> bool:
    """A title before a name, singular or plural ("Senator", "Senators Okafor and Lind")."""
    low = word.lower().rstrip(".")
    return low in _TITLES or (low.endswith("s") and low[:-1] in _TITLES)


def _definite_place(low: list[str], is_cap: list[bool], k: int) -> bool:
    """``… in the region`` / ``… at the scene`` after a named head: a place, not the source."""
    return (
        low[k] in ("in", "at")
        and len(low) - k - 1 == 2
        and low[k + 1] == "the"
        and not is_cap[-1]
        and any(is_cap[:k])
    )


class _Resolver:
    """Canonical name and kind of source noun phrases, with recency-based coreference.

    Coreference looks at the alias mentions and resolved sources before a limit offset,
    at most ``_LOOKBACK`` of each, the most recent first.
    """

    def __init__(
        self,
        lex: AttributionLexicon,
        mentions: list[SourceMention],
        text: str | None = None,
        people: Sequence[SourceMention] | None = None,
        memo: dict[str, tuple[str, str]] | None = None,
    ):
        self.lex = lex
        self.text = text
        if text is not None:
            # People named in the text, spoken or not, are antecedents of "she" and surnames
            # (``people``: ``person_mentions(text, lex)`` when the caller found them already).
            found = person_mentions(text, lex) if people is None else people
            mentions = merge_mentions(mentions, found)
        self.mentions = mentions
        self.mention_starts = [m.start for m in mentions]
        self.person_starts = [m.start for m in mentions if m.kind == "person"]
        # Per article (this object lives for one text): gender read once per mention.
        self._genders: dict[int, str | None] = {}
        # Resolved sources arrive almost in text order, so insertion stays near the end.
        self.resolved: list[SourceMention] = []
        self.resolved_starts: list[int] = []
        self.limit = 0
        # Resolutions that read nothing but the phrase's words (see ``mention``), by phrase:
        # shared with the other resolvers of the same text and lexicon when given.
        self._memo: dict[str, tuple[str, str]] = {} if memo is None else memo
        # Set by every reading of the text around the phrase or of earlier mentions.
        self._read_context = False

    def _recent(self, predicate: Any) -> SourceMention | None:
        """The most recent of the last ``_LOOKBACK`` mentions and resolved sources before the
        limit that satisfies ``predicate``.

        Both lists are sorted by start, so they are merged from the back, most recent first,
        and the merge stops at the first match. Equal starts take the resolved source first,
        as the reversed stable sort of ``mentions + resolved`` by start would.
        """
        self._read_context = True
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

    def _gender(self, m: SourceMention) -> str | None:
        if self.text is None:
            return None
        if m.start not in self._genders:
            # The next person named after this mention ends (a name inside the mention,
            # "after Governor Mark Dunne", is this person, not the next one).
            k = bisect.bisect_left(self.person_starts, m.end)
            following = self.person_starts[k] if k < len(self.person_starts) else len(self.text)
            self._genders[m.start] = gender_of(self.text, m, following)
        return self._genders[m.start]

    def _last_person(self, pronoun: str) -> SourceMention | None:
        """The most recent person "he" or "she" can refer to (not one of the other gender)."""
        other = "f" if pronoun == "he" else "m"
        return self._recent(lambda m: m.kind == "person" and self._gender(m) != other)

    def _resolve_word(self, text: str, sent: _Sentence, a: int, w: str) -> tuple[str, str] | None:
        """Canonical name and kind of a one-word phrase ``w`` (token ``a``): a pronoun or a
        description ("the newspaper", "the agency"), else ``None``.
        """
        found: SourceMention | None = None
        if w in ("he", "she"):
            found = self._last_person(w)
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
            self._read_context = True
            antecedent = _described_antecedent(text, w, sent.starts[a])
            if antecedent is not None:
                return antecedent, "official"
        return None

    def resolve(self, text: str, sent: _Sentence, a: int, b: int) -> tuple[str, str]:
        """Canonical name and kind of the noun phrase of tokens ``a`` to ``b`` of ``sent``."""
        lows = sent.lows
        while b - a > 1 and lows[a] in _DETERMINERS:
            a += 1
        words, low, is_cap = sent.words[a:b], lows[a:b], sent.is_cap[a:b]
        if len(low) == 1:
            resolved = self._resolve_word(text, sent, a, low[0])
            if resolved is not None:
                return resolved
        if "and" in low[1:-1] and is_cap[0] and is_cap[-1]:
            # "NBC News and ABC News", "Burton and Nick": both sources, one relation.
            k = low.index("and", 1)
            left = self.resolve(text, sent, a, a + k)
            right = self.resolve(text, sent, a + k + 1, b)
            if left[1] == right[1] and left[1] in ("person", "outlet", "official"):
                return f"{left[0]} and {right[0]}", left[1]
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
        return self._guess_parts(words, low, is_cap, hit)

    def _guess_parts(
        self, words: list[str], low: list[str], is_cap: list[bool], first: tuple[str, str] | None
    ) -> tuple[str, str]:
        """:meth:`_guess`, after splitting coordinated names and dropping a trailing place."""
        if "and" in low[1:-1] and is_cap[0] and is_cap[-1]:
            # "Elijah Cummings of Maryland and John Conyers of Michigan": both people.
            k = low.index("and", 1)
            left = self._guess_parts(words[:k], low[:k], is_cap[:k], None)
            right = self._guess_parts(words[k + 1 :], low[k + 1 :], is_cap[k + 1 :], None)
            if left[1] == right[1] == "person":
                return f"{left[0]} and {right[0]}", "person"
        official_heads = self.lex.words["official-head"]
        anon_heads = self.lex.words["anon-head"]
        for k in range(1, len(low) - 1):
            # "Sources close to the minister", "an official familiar with the matter": who
            # they are close to does not name them.
            if low[k] in _POSTMODIFIERS and low[k - 1] in anon_heads:
                return " ".join(words).lower(), "anonymous"
        for k in range(1, len(low) - 1):
            # "Hospital staff in Veles", "John Conyers of Michigan", "special forces in the
            # region": the place is not the source.
            if (
                low[k] in _PLACE_PREPOSITIONS
                and len(low) - k - 1 <= 2
                and (all(is_cap[k + 1 :]) or _definite_place(low, is_cap, k))
                and not (low[k] == "of" and low[k - 1] in official_heads)
            ):
                words, low, is_cap, first = words[:k], low[:k], is_cap[:k], None
                break
        return self._guess(words, low, is_cap, first)

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
        # "of" after the first word is what the test needs; most phrases have none.
        if "of" in low[1:] and any(
            low[k] in lex["official-head"] and low[k + 1] == "of" for k in range(len(low) - 1)
        ):
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
            return self._guess_name(words, is_cap, first, cleaned)
        return cleaned.lower(), "anonymous"

    def _guess_name(
        self, words: list[str], is_cap: list[bool], first: tuple[str, str] | None, cleaned: str
    ) -> tuple[str, str]:
        """A phrase ending in a capitalised word: a person's name, unless the text says not."""
        # A trailing run of capitalised words after titles is a person's name.
        run: list[str] = []
        for w, cap in zip(reversed(words), reversed(is_cap), strict=True):
            if not cap or _is_title(w) or w.endswith(("'s", "’s")):
                break
            run.append(w)
        if not run:
            # Only titles ("the Senator", "Mr"): a role, not a name.
            return cleaned.lower(), "role"
        name = " ".join(reversed(run))
        if len(run) == 1:
            # A surname alone is the person named in full before ("Cosgrove" = "Cole Cosgrove").
            surname = run[0]
            # The substring test is implied by the split's and spares most splits.
            person = self._recent(
                lambda m: (
                    m.kind == "person"
                    and surname in m.canonical
                    and m.canonical.split()[-1] == surname
                )
            )
            if person is not None:
                return person.canonical, "person"
            if len(words) == 1 and first is None:
                word = words[0]
                if word.isupper() and len(word) > 1 and word.isalpha():
                    # An unknown acronym ("CNBC", "NTSB") names an organisation, not a person.
                    return word, "official"
                if self._common_noun(word):
                    return word.lower(), "anonymous"
        # "FBI Director James Comey", "CNN anchor Jake Tapper": a full name after a title or
        # a role is the person, not the body.
        if first is not None and not (len(run) >= 2 and len(run) < len(words)):
            return first
        return name, "person"

    def _common_noun(self, word: str) -> bool:
        """Whether ``word`` (capitalised) is written in lower case elsewhere: a common noun
        opening a sentence ("Pictures show …"), not a name.
        """
        if self.text is None:
            return False
        self._read_context = True
        # A bounded window around the limit keeps long texts linear.
        lo, hi = max(0, self.limit - _COMMON_NOUN_WINDOW), self.limit + _COMMON_NOUN_WINDOW
        return has_whole_word(self.text, word.lower(), lo, hi)

    def mention(
        self, text: str, sent: _Sentence, a: int, b: int, limit: int | None = None
    ) -> SourceMention:
        """Resolve the noun phrase of tokens ``a`` to ``b`` of ``sent``.

        Coreference looks back only before ``limit`` (default: the phrase's start).
        """
        start, end = sent.starts[a], sent.ends[b - 1]
        self.limit = start if limit is None else min(limit, start)
        # A phrase resolved without reading earlier mentions or the text around it (most
        # names and descriptions: "the company", "Senator Ada Okafor") resolves the same
        # wherever it stands, so it is resolved once; its words decide its lower case and
        # capitals too. The key is the phrase as written: its tokens are the tokens of that
        # string (no token straddles a token's bounds), and one string hashes faster than a
        # tuple of words.
        written = text[start:end]
        known = self._memo.get(written)
        if known is None:
            self._read_context = False
            canonical, kind = self.resolve(text, sent, a, b)
            if not self._read_context:
                self._memo[written] = (canonical, kind)
        else:
            canonical, kind = known
        m = new_source_mention(start, end, written, canonical, kind)
        i = bisect.bisect_right(self.resolved_starts, start)
        self.resolved.insert(i, m)
        self.resolved_starts.insert(i, start)
        return m


_COORDINATED_KINDS = frozenset(["person", "outlet", "official"])


def split_coordinated(found: Sequence[Attribution], lex: AttributionLexicon) -> list[Attribution]:
    """``found`` with each coordinated source ("NBC News and ABC News both reported …",
    "reply Burton and Nick") split into one relation per source, with the same cue and content
    (and the same source phrase: only the canonical name differs).

    Two outlets that both report something are two sources, each on its own chain; a body
    whose name holds "and" ("the Department of Health and Human Services") is one source (the
    alias table names it, or the resolver did not read the phrase as two names).
    """
    out: list[Attribution] = []
    for a in found:
        parts = _conjuncts(a.source, lex)
        if parts is None:
            out.append(a)
            continue
        for source in parts:
            base = a.start
            moved = replace(a, source=source)
            out.append(replace(moved, text=a.text[moved.start - base : moved.end - base]))
    return out


def _conjuncts(m: SourceMention, lex: AttributionLexicon) -> tuple[SourceMention, ...] | None:
    """The two sources of a coordinated mention, or ``None`` when it names one."""
    if m.kind not in _COORDINATED_KINDS or m.text.count(" and ") != 1:
        return None
    if m.canonical.count(" and ") != 1 or lex.lookup(m.text.split()) is not None:
        return None
    left_text = m.text.split(" and ")[0]
    left_name, right_name = m.canonical.split(" and ")
    if not (left_name[:1].isupper() and right_name[:1].isupper()):
        return None
    left_words = left_text.lower().split()
    official_heads = lex.words["official-head"]
    if any(w in official_heads and nxt == "of" for w, nxt in itertools.pairwise(left_words)):
        return None  # "the Department of Health and Human Services": one body
    # Each keeps the whole coordination as its text: the phrase is where both are named (and
    # one source span, as annotated news marks it).
    return (
        SourceMention(m.start, m.end, m.text, left_name, m.kind),
        SourceMention(m.start, m.end, m.text, right_name, m.kind),
    )


#: How far back (characters) a description looks for the noun phrase it stands for.
_ANTECEDENT_WINDOW = 1500
# One pattern per description head, compiled at import (a fixed table, not a cache).
_ANTECEDENT_RES: dict[str, re.Pattern[str]] = {
    head: re.compile(rf"\b[Tt]he\s+((?:[A-Za-z][\w'’-]*\s+){{1,4}}?{head})\b(?!\s+(?:of|for)\b)")
    for head in sorted(_COREF_AGENCY | _COREF_MINISTRY)
}


def _described_antecedent(text: str, head: str, limit: int) -> str | None:
    """The last "the <modifiers> <head>" noun phrase before ``limit`` ("national medicines
    agency" for "the agency"), lower-cased, or ``None``. Bounded window: linear time.
    """
    pattern = _ANTECEDENT_RES[head]
    last = None
    for m in pattern.finditer(text, max(0, limit - _ANTECEDENT_WINDOW), limit):
        last = m
    if last is None:
        return None
    words = last.group(1).split()
    if words[0].lower() in _DETERMINERS or words[0].lower() in ("same", "other", "said"):
        return None
    return " ".join(words).lower()
