"""The words around a number: what it counts, whose it is, and how approximate it is.

One concept: reading the context of an amount. After the number, the counted noun (the
``unit``) and capitalised words before it (the ``owner``: "1,000 North Korean troops"); before
it, an approximator ("at least", "an estimated") and a possessive owner ("Russia's 600,000
soldiers"). :func:`unit_family` maps unit synonyms to one family.
"""

from __future__ import annotations

import re

from credence.features.lexicon import PACKAGE_DATA
from credence.features.number_words import number_lexicon, unit_lemma

# One token of a noun phrase after a number (a word, maybe after a hyphen).
NOUN_PHRASE_TOKEN = re.compile(r"[ \t]*(?:-[ \t]*)?([A-Za-z$€£][A-Za-z0-9'’.-]*)")


def _up_to_five_tokens() -> re.Pattern[str]:
    # Up to five tokens in a row, each after the first optional: T(?:T(?:T(?:T(?:T)?)?)?)?
    token = NOUN_PHRASE_TOKEN.pattern
    tokens = ""
    for _ in range(4):
        tokens = f"(?:{token}{tokens})?"
    return re.compile(token + tokens)


#: Up to five noun-phrase tokens in one match (see :func:`noun_phrase`).
NOUN_PHRASE_TOKENS = _up_to_five_tokens()

__all__ = [
    "MONTHS_AND_DAYS",
    "NOUN_PHRASE_TOKEN",
    "NOUN_PHRASE_TOKENS",
    "NounPhraseMemo",
    "noun_phrase",
    "read_prefix",
    "unit_family",
    "words_before",
]

# --------------------------------------------------------------------------- units


def unit_family(unit: str | None) -> str | None:
    """The family a unit belongs to, so that synonyms compare equal.

    The table (``family`` rows of ``lexicons/numbers.tsv``) groups, for example,
    troop/soldier/force/personnel/fighter → ``"military personnel"``, killed/dead/death/fatality
    → ``"deaths"``, wounded/injured → ``"injuries"``, person/civilian/resident → ``"people"``,
    town/village/city → ``"settlements"``, dollar/$ → ``"usd"``. ``"% of X"`` belongs to the family
    ``"% of <family of X>"``. A unit outside the table is its own family; None stays None.

    Examples
    --------
    >>> unit_family("soldier") == unit_family("troop") == "military personnel"
    True
    >>> unit_family("% of territory")
    '% of territory'
    """
    if unit is None:
        return None
    families = number_lexicon().families
    if unit.startswith("% of "):
        inner = unit[5:]
        return "% of " + families.get(inner, inner)
    return families.get(unit, unit)


# Words that end a noun phrase after a number: verbs, prepositions, conjunctions.
_NP_STOP = frozenset(
    """
    a an the in to of and or but that which who whom whose from with by on at for as than into
    onto upon since after before during while was were is are be been being has have had do did
    does will would could should may might can must said says say reportedly also still now then
    there here this these those it its their his her our your my per each every were not no
    nor so if when where how why what because according against across among between within
    without over under about around up down out off through toward towards near though
    although however yet whereas unless until
    """.split()
)
# Modifiers skipped between the number and the counted noun ("1,000 more troops").
_NP_SKIP = frozenset(
    "more additional extra new other further fresh original remaining total estimated "
    "some odd roughly approximately".split()
)
MONTHS_AND_DAYS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday "
    "friday saturday sunday".split()
)


# Family words that are participles: a head only when no noun follows ("two wounded POWs").
_PARTICIPLES = frozenset("killed dead wounded injured displaced missing".split())
# Units that are heads even when singular and alone ("10 km", "5 kg").
_SHORT_UNITS = frozenset(
    "km kg m cm mm mi ft lb lbs mph kmh km/h mw gw kw kwh t ha sq acre acres tonne ton "
    "metre meter mile kilometre kilometer percent".split()
)


def _is_plural_like(word: str) -> bool:
    w = word.lower()
    if w in number_lexicon().lemmas:
        return True
    return len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is", "'s", "’s"))


NounPhraseMemo = dict[tuple[str, bool], tuple[str | None, str | None, int]]


def noun_phrase(
    text: str, pos: int, *, lenient: bool = False, memo: NounPhraseMemo | None = None
) -> tuple[str | None, str | None, int]:
    """Read the counted noun (and owner) right after ``pos``; returns (unit, owner, end).

    Up to five words are read until a function word or punctuation. The head is, in order of
    preference: a two-word unit of the family table ("square kilometers"), the first noun of the
    family table ("troops"), the first plural-looking word, a participle of the family table
    ("killed", "wounded"), or a lone short unit ("km"); with ``lenient`` (after "% of") the first
    common noun. Capitalised words before the head give the owner ("North Korean").
    ``memo`` keeps the readings made for one article (the caller owns it and drops it after).
    """
    # One match reads up to five tokens, as five successive ``np_token`` matches would: every
    # token after the first is optional, so no greedy token ever gives characters back.
    m = NOUN_PHRASE_TOKENS.match(text, pos, min(len(text), pos + 80))
    if m is None:
        return None, None, pos
    # The reading depends on the matched text only (the pattern has no lookaround, so its
    # groups follow from the matched text), and the same few phrases ("troops", "people")
    # follow numbers in every article: the caller's memo keeps them, with the end relative to
    # ``pos``.
    key = (m.group(), lenient)
    reading = None if memo is None else memo.get(key)
    if reading is None:
        reading = _read_noun_phrase(m, lenient)
        if memo is not None:
            memo[key] = reading
    unit, owner, offset = reading
    return unit, owner, pos + offset


def _read_noun_phrase(m: re.Match[str], lenient: bool) -> tuple[str | None, str | None, int]:
    """(unit, owner, end - start) read from an ``np_tokens`` match (see :func:`_noun_phrase`)."""
    pos = m.start()
    words: list[str] = []
    ends: list[int] = []
    for group, token in enumerate(m.groups(), start=1):
        if token is None:
            break
        word = token.rstrip(".")
        low = word.lower()
        if not word or low in _NP_STOP or low in MONTHS_AND_DAYS:
            break
        words.append(word)
        ends.append(m.start(group) + len(word))
        if token.endswith("."):
            break
    head = _noun_phrase_head(tuple(words), lenient)
    if head is None:
        return None, None, 0
    index, unit, owner = head
    return unit, owner, ends[index] - pos


def _noun_phrase_head(words: tuple[str, ...], lenient: bool) -> tuple[int, str, str | None] | None:
    """(index in ``words`` of the head, unit, owner) of the words after a number, or None."""
    families = number_lexicon().families
    # (index in words, word, lemma, is_capitalised_name)
    items: list[tuple[int, str, str, bool]] = []
    for index, word in enumerate(words):
        low = word.lower()
        if low in _NP_SKIP:
            continue
        lemma = unit_lemma(low)  # unit_lemma lowers its argument: the same for word and low
        is_name = word[0].isupper() and low not in families and lemma not in families
        items.append((index, word, lemma, is_name))
    # (index in items, word, lemma)
    candidates = [(i, w, lemma) for i, (_, w, lemma, name) in enumerate(items) if not name]
    choice = _head_choice(candidates, lenient)
    if choice is None:
        return None
    head_item, head = choice
    owner_words = [w for _, w, _, name in items[:head_item] if name]
    return items[head_item][0], head, " ".join(owner_words) if owner_words else None


def _head_choice(candidates: list[tuple[int, str, str]], lenient: bool) -> tuple[int, str] | None:
    """(index in the items, unit) of the head among ``candidates`` (index, word, lemma)."""
    families = number_lexicon().families
    choice: tuple[int, str] | None = None
    for k, (i, _word, lemma) in enumerate(candidates):
        if k + 1 < len(candidates) and candidates[k + 1][0] == i + 1:
            nxt = candidates[k + 1]
            pair = f"{lemma} {nxt[2]}"
            if pair in families:
                choice = (nxt[0], pair)
                break
        if lemma in families and lemma not in _PARTICIPLES:
            choice = (i, lemma)
            break
    if choice is None:
        for i, word, lemma in candidates:
            if _is_plural_like(word) and not word.lower().endswith("ly"):
                choice = (i, lemma)
                break
    if choice is None:
        for i, _word, lemma in candidates:
            if lemma in _PARTICIPLES:
                choice = (i, lemma)
                break
    if choice is None and candidates and (lenient or candidates[0][0] == 0):
        word = candidates[0][1].lower()
        if lenient or word in _SHORT_UNITS:
            choice = (candidates[0][0], unit_lemma(word))
    return choice


_PRE_WORD = re.compile(r"[A-Za-z][A-Za-z.'’-]*")
# Filler words allowed between an approximator and its number ("at least an additional 1,000").
_FILLERS = frozenset("additional extra further other more".split())
_ARTICLES = frozenset(("a", "an", "the"))


# The characters of a word as ``_PRE_WORD`` reads it, and those of them that cannot start one.
_WORD_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.'’-"
_WORD_PUNCT = ".'’-"


def words_before(
    text: str, pos: int, limit: int = 60, max_words: int = 64
) -> list[tuple[str, int]]:
    """The words right before ``pos``, separated by spaces only, as (word, start) in order.

    A word is what ``_PRE_WORD`` finds scanning the window ``text[pos - limit:pos]`` (a run of
    letters and ``.'’-`` from its first letter on), read here from the end with string methods:
    the run before each gap of spaces or tabs, less its leading ``.'’-``. Leading punctuation
    (or any other character) before a word ends the walk, as it would sit in the next gap. At
    most the last ``max_words`` words are read.
    """
    if pos == 0 or text[pos - 1] not in " \t":
        return []  # the gap after the last word must be spaces or tabs only
    base = max(0, pos - limit)
    window = text[base:pos]
    out: list[tuple[str, int]] = []
    cursor = len(window)
    while len(out) < max_words:
        before = window[:cursor].rstrip(" \t")
        if len(before) == cursor:
            break  # no gap (or the window's start): the walk ends
        run = before[len(before.rstrip(_WORD_CHARS)) :]
        word = run.lstrip(_WORD_PUNCT)
        if not word:
            break  # not a word before the gap
        cursor = len(before) - len(word)
        out.append((word, base + cursor))
    out.reverse()
    return out


def _last_word_before(text: str, pos: int, limit: int = 60) -> str | None:
    """The last word of ``words_before(text, pos, limit)``, or None when there is none."""
    if pos == 0 or text[pos - 1] not in " \t":
        return None
    before = text[max(0, pos - limit) : pos].rstrip(" \t")
    return before[len(before.rstrip(_WORD_CHARS)) :].lstrip(_WORD_PUNCT) or None


def _approx_last_words() -> frozenset[str]:
    """Words that can end an approximator phrase ("least" of "at least")."""
    return PACKAGE_DATA.load(
        "approximator last words",
        lambda: frozenset(p.rsplit(" ", 1)[-1] for p in number_lexicon().approx),
    )


def read_prefix(
    text: str, pos: int, *, want_approx: bool
) -> tuple[tuple[str, str] | None, str | None, int]:
    """Approximator (label, shape), possessive owner and new start, read before ``pos``."""
    lex = number_lexicon()
    last = _last_word_before(text, pos)
    if last is None:
        return None, None, pos
    # Fast path: the reading below finds an approximator only in phrases ending with the last
    # word, or, when the last word is a filler or an article, with a word before it; and an
    # owner only when the last word is a capitalised possessive.
    possessive = last[:1].isupper() and last.endswith(("'s", "’s")) and len(last) > 2
    last_lower = last.lower()
    may_be_approx = want_approx and (
        last_lower in _approx_last_words() or last_lower in _FILLERS or last_lower in _ARTICLES
    )
    if not may_be_approx and not possessive:
        return None, None, pos
    # Only the last ten words can matter: an approximator ends at most two words (a filler
    # and an article) before ``pos`` and has at most four words; an owner has at most four
    # more before it.
    words = words_before(text, pos, max_words=10)
    lows = [w.lower() for w, _ in words]
    approx: tuple[str, str] | None = None
    new_start = pos
    end = len(words)
    if want_approx:
        last_words = _approx_last_words()
        i = end
        if i and lows[i - 1] in _FILLERS:
            i -= 1
        if i and lows[i - 1] in _ARTICLES:
            i -= 1
        # With and without the skipped fillers; a phrase ending with a word that ends no
        # approximator cannot be one.
        ends = [j for j in dict.fromkeys((i, end)) if j and lows[j - 1] in last_words]
        for k in (4, 3, 2, 1):
            for j in ends:
                if j - k < 0:
                    continue
                phrase = " ".join(lows[j - k : j])
                if phrase in lex.approx and (j == end or k > 1 or phrase not in _ARTICLES):
                    approx = lex.approx[phrase]
                    new_start = words[j - k][1]
                    end = j - k
                    break
            if approx is not None:
                break
    return approx, _possessive_owner(words, end), new_start


def _possessive_owner(words: list[tuple[str, int]], end: int) -> str | None:
    """The owner named by a capitalised possessive ending ``words[:end]`` ("Russia's")."""
    if not end:
        return None
    last = words[end - 1][0]
    if not (last[:1].isupper() and last.endswith(("'s", "’s")) and len(last) > 2):
        return None
    names = [last[:-2]]
    for w, _ in reversed(words[max(0, end - 4) : end - 1]):
        if not w[:1].isupper() or w.lower() in MONTHS_AND_DAYS:
            break
        names.insert(0, w)
    return None if names[-1].lower() in MONTHS_AND_DAYS else " ".join(names)
