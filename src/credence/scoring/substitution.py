"""Substituted names: two claims that say one thing of different actors or places.

"Tesla will build its Gigafactory in Texas" and "Tesla is building its Gigafactory in
Nevada" share the story (Tesla, the Gigafactory) and the frame (build ... in), and fill one
slot with different names. When the rest of the two claims agrees word for word around that
slot, the claims cannot both be true of one event: the pair is read as a contradiction
(an ``attribute`` conflict, actor or place) rather than as support.

The rule aligns the two texts word by word (:class:`difflib.SequenceMatcher` over lower-cased
words) and looks for one short replaced stretch on each side where

- each side names something the other text does not name anywhere (a capitalised word that
  is not a stop word; the other text's words are searched case aside, so a headline in title
  case and its lower-case paraphrase meet);
- the words around it agree: an aligned stretch stands next to it, and the aligned
  stretches hold at least :data:`MIN_ANCHOR` content words in all and half the content words
  of the shorter text, so that a name replaced in a shared frame is told from two sentences
  that merely share some words;
- the two names are not one typo apart ("Daivd" / "David");
- in a headline in title case, a run of capitalised words that are all inflected
  ("Confirmed Murdered", "Luckiest") is no name: the style capitalises verbs and adjectives;
- no reporting verb stands next to either name ("the NIS said" / "Zelensky said" are two
  sources of one claim).

Claims about wholly different actors (no shared name at all) are a different event, not a
substitution (:func:`credence.scoring.evidence.other_actors`); the caller checks that first.

Examples
--------
>>> found = substituted_name("Tesla will build its Gigafactory in Texas",
...                          "Tesla is building its Gigafactory in Nevada, officials said")
>>> (found.mine, found.theirs)
('Texas', 'Nevada')
>>> substituted_name("Tesla will build its Gigafactory in Nevada",
...                  "Tesla is building its Gigafactory in Nevada") is None
True
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher

from credence.features.lexicon import PACKAGE_DATA, rows, words
from credence.scoring.word_keys import name_key, word_key, word_stem

__all__ = [
    "MIN_ANCHOR",
    "MAX_STRETCH",
    "MAX_WORDS",
    "Substitution",
    "lemma_stem",
    "opposite_words",
    "shared_frame",
    "substituted_name",
    "substituted_word",
    "substituted_words",
]

#: Content words the aligned stretches around the replaced one must share.
MIN_ANCHOR = 2
#: Longest replaced stretch (in words) on either side.
MAX_STRETCH = 5
#: Longest replaced stretch (in words) of a common word (:func:`substituted_word`).
MAX_WORDS = 4

_WORD_RE = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]|\d[\d,.]*\d|\d", re.UNICODE)


_STOP_WORDS = frozenset(words("english_stop_words"))
# Weekdays and months are capitalised without naming an actor or a place.
_TIME_WORDS = frozenset(words("time_words"))


@dataclass(frozen=True, slots=True)
class Substitution:
    """One name replaced by another in two otherwise aligned claims.

    ``mine``/``theirs`` are the names as written in the first/second text, at
    ``[start, end)`` of the first and ``[other_start, other_end)`` of the second.
    """

    mine: str
    theirs: str
    start: int
    end: int
    other_start: int
    other_end: int
    #: What was replaced: ``"name"`` (an actor or a place, :func:`substituted_name`),
    #: ``"opposite"`` (a predicate by its opposite) or ``"word"`` (another common word,
    #: :func:`substituted_word`).
    attribute: str = "name"

    @property
    def explanation(self) -> str:
        """One human-readable line."""
        if self.attribute == "opposite":
            return f"opposite: {self.mine!r} where the other claim says {self.theirs!r}"
        return f"attribute: {self.mine!r} where the other claim says {self.theirs!r}"


def _words(text: str) -> list[re.Match[str]]:
    return list(_WORD_RE.finditer(text))


def _is_name(word: str) -> bool:
    key = word_key(word)
    return word[:1].isupper() and key not in _STOP_WORDS and key not in _TIME_WORDS


def _content(keys: list[str]) -> int:
    stop = _STOP_WORDS
    return sum(1 for k in keys if k not in stop)


#: Endings of inflected common words (past tenses, participles, superlatives, adverbs).
_INFLECTED_RE = re.compile(r"(?:ed|ing|iest|est|ly)$")


def _title_case(words: list[re.Match[str]]) -> bool:
    # A headline in title case: most of its words that are not stop words are capitalised,
    # so a capital letter does not mark a name there.
    content = [m.group() for m in words if word_key(m.group()) not in _STOP_WORDS]
    return len(content) >= 3 and 2 * sum(w[:1].isupper() for w in content) > len(content)


def _inflected(word: str) -> bool:
    return len(word) >= 6 and bool(_INFLECTED_RE.search(word.lower()))


def _bare_stem(word: str) -> str:
    # The lemma stem without a plural or third-person "s" that word_stem keeps on short
    # words ("sets" / "set").
    stem = lemma_stem(word)
    return stem[:-1] if len(stem) > 3 and stem.endswith("s") and not stem.endswith("ss") else stem


def _named(
    words: list[re.Match[str]], lo: int, hi: int, other: set[str], other_stems: set[str]
) -> list[int]:
    # Positions in [lo, hi) of names the other text lacks (a sentence's first word counts:
    # "Texas was chosen" names Texas as much as "in Texas" does), by key and by lemma stem:
    # a title-case headline's "Sets" is the other's "Set", not another name.
    found = [
        k
        for k in range(lo, hi)
        if _is_name(words[k].group())
        and name_key(words[k].group()) not in other
        and _bare_stem(words[k].group()) not in other_stems
    ]
    if not found or not _title_case(words):
        return found
    # In title case, a run of capitalised words that are all inflected ("Confirmed
    # Murdered", "Luckiest", "Actually Fighting") is verbs or adjectives capitalised by the
    # style, not a name; a run with one plain word is a name ("United States").
    runs: list[list[int]] = []
    for k in found:
        if runs and k == runs[-1][-1] + 1:
            runs[-1].append(k)
        else:
            runs.append([k])
    return [k for run in runs if not all(_inflected(words[j].group()) for j in run) for k in run]


def _anchored(
    blocks: list[tuple[str, int, int, int, int]], n: int, ka: list[str], kb: list[str]
) -> bool:
    # An aligned stretch next to the replaced one; MIN_ANCHOR content words aligned in all,
    # and at least half the content words of the shorter text: two long sentences that share
    # a few words ("South Korean ... Ilbo") are not one claim with a name swapped.
    beside = [blocks[k][0] for k in (n - 1, n + 1) if 0 <= k < len(blocks)]
    shared = sum(_content(ka[b[1] : b[2]]) for b in blocks if b[0] == "equal")
    shorter = min(_content(ka), _content(kb))
    return "equal" in beside and shared >= MIN_ANCHOR and 2 * shared >= shorter


def _reported(keys: list[str], names: list[int]) -> bool:
    # A name next to a reporting verb is a source ("the NIS said" / "Zelensky said"): two
    # sources of one claim are two witnesses, not a contradiction.
    verbs = _REPORTING_VERBS
    return any(keys[k] in verbs for k in (names[0] - 1, names[-1] + 1) if 0 <= k < len(keys))


_REPORTING_VERBS = frozenset(words("reporting_verbs"))


def _one_edit(a: str, b: str) -> bool:
    """Whether two words are one typo apart (a letter changed, added, dropped or swapped).

    >>> _one_edit("daivd", "david"), _one_edit("austria", "australia")
    (True, False)
    """
    if a == b or abs(len(a) - len(b)) > 1:
        return a == b
    if len(a) == len(b):
        diff = [k for k in range(len(a)) if a[k] != b[k]]
        swapped = len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]
        return len(diff) == 1 or (swapped and a[diff[1]] == b[diff[0]])
    short, long_ = sorted((a, b), key=len)
    return any(long_[:k] + long_[k + 1 :] == short for k in range(len(long_)))


def _run_end(positions: list[int]) -> int:
    # The last of the first run of consecutive positions (one name, "Kim Jong-un").
    end = positions[0]
    for k in positions[1:]:
        if k != end + 1:
            break
        end = k
    return end


def substituted_name(first: str, second: str) -> Substitution | None:
    """The name of ``first`` replaced by another in ``second``, or None.

    Parameters
    ----------
    first, second : str
        Two claims (what each origin asserts, without its attribution frame).

    Returns
    -------
    Substitution or None
        The first replaced stretch (in text order) that meets the rule of the module.
    """
    wa, wb = _words(first), _words(second)
    ka, kb = [word_key(m.group()) for m in wa], [word_key(m.group()) for m in wb]
    set_a, set_b = {k[:4] for k in ka}, {k[:4] for k in kb}
    stems_a, stems_b = {_bare_stem(m.group()) for m in wa}, {_bare_stem(m.group()) for m in wb}
    blocks = SequenceMatcher(None, ka, kb, autojunk=False).get_opcodes()
    for n, (tag, i1, i2, j1, j2) in enumerate(blocks):
        if tag != "replace" or i2 - i1 > MAX_STRETCH or j2 - j1 > MAX_STRETCH:
            continue
        mine = _named(wa, i1, i2, set_b, stems_b)
        theirs = _named(wb, j1, j2, set_a, stems_a)
        if not mine or not theirs:
            continue
        if not _anchored(blocks, n, ka, kb) or _reported(ka, mine) or _reported(kb, theirs):
            continue
        a0, a1 = wa[mine[0]], wa[_run_end(mine)]
        b0, b1 = wb[theirs[0]], wb[_run_end(theirs)]
        if _one_edit(ka[mine[0]], kb[theirs[0]]):
            continue  # a misspelling ("Daivd" / "David"), not another name
        return Substitution(
            first[a0.start() : a1.end()],
            second[b0.start() : b1.end()],
            a0.start(),
            a1.end(),
            b0.start(),
            b1.end(),
        )
    return None


def lemma_stem(word: str) -> str:
    """:func:`credence.scoring.word_keys.word_stem` of a word's lemma where it is an
    irregular past form (``lexicons/words/irregular_past.tsv``: "wore" -> "wear").

    >>> lemma_stem("wore") == lemma_stem("wears"), lemma_stem("sent") == lemma_stem("sends")
    (True, True)
    """
    lemmas = PACKAGE_DATA.load(
        ("irregular lemmas",),
        lambda: {r[0].lower(): r[1].lower() for r in rows("irregular_past") if len(r) >= 2},
    )
    lower = word.lower()
    return word_stem(lemmas.get(lower, lower))


def opposite_words() -> dict[str, frozenset[str]]:
    """Stem -> the stems of its opposites (``lexicons/words/opposite_predicates.tsv``)."""

    def build() -> dict[str, frozenset[str]]:
        found: dict[str, set[str]] = {}
        for row in rows("opposite_predicates"):
            one, other = ({lemma_stem(w) for w in cell.split()} for cell in row[:2])
            for a in one:
                found.setdefault(a, set()).update(other)
            for b in other:
                found.setdefault(b, set()).update(one)
        return {k: frozenset(v) for k, v in found.items()}

    return PACKAGE_DATA.load(("opposite predicates",), build)


def _plain_words(
    words_: list[re.Match[str]], stems: list[str], lo: int, hi: int, other: set[str]
) -> list[int]:
    # Positions in [lo, hi) of content words (no stop word or number) whose stem the other
    # text lacks.
    return [
        k
        for k in range(lo, hi)
        if not words_[k].group()[:1].isdigit()
        and word_key(words_[k].group()) not in _STOP_WORDS
        and stems[k] not in other
    ]


def _replaced(
    mine: list[int], theirs: list[int], sa: list[str], sb: list[str], ka: list[str], kb: list[str]
) -> tuple[list[int], list[int], str] | None:
    # The replaced words and what they are: "opposite" when a pair of them are opposites
    # (a reporting verb may be one: "confirms" / "denies"); else "word", reporting verbs
    # left out (one source said, another reported).
    opposites = opposite_words()
    pairs = [(i, j) for i in mine for j in theirs if sb[j] in opposites.get(sa[i], ())]
    if pairs:
        return [pairs[0][0]], [pairs[0][1]], "opposite"
    mine = [i for i in mine if ka[i] not in _REPORTING_VERBS]
    theirs = [j for j in theirs if kb[j] not in _REPORTING_VERBS]
    if not mine or not theirs or _one_edit(ka[mine[0]], kb[theirs[0]]):
        return None
    return mine, theirs, "word"


def substituted_word(first: str, second: str) -> Substitution | None:
    """A content word of ``first`` replaced by another in ``second``, or None.

    The rule of :func:`substituted_name` for any content word: one replaced stretch of at
    most :data:`MAX_WORDS` words on each side, each holding a word the other text lacks
    (words meet by their stem, :func:`credence.scoring.word_keys.word_stem`), in otherwise
    aligned words ("A freight train derailed near Lindholm" / "A passenger train derailed
    near Lindholm"; "recalled on Tuesday" / "recalled on Thursday"). Such a sentence does
    not vouch for the claim's word. When the two words are opposites
    (:func:`opposite_words`: "relaxes" / "toughens", "confirms" / "debunks") the result's
    ``attribute`` is ``"opposite"``: the claims contradict each other; else ``"word"``.
    A reworded paraphrase ("derailed" / "came off the rails") is also a replaced stretch:
    it is read as no support, not as a contradiction.

    Examples
    --------
    >>> found = substituted_word("NYC relaxes its response to marijuana possession",
    ...                          "NYC toughens its response to marijuana possession")
    >>> (found.mine, found.theirs, found.attribute)
    ('relaxes', 'toughens', 'opposite')
    >>> substituted_word("A freight train derailed near Lindholm on Tuesday",
    ...                  "A freight train derailed near Lindholm on Tuesday morning") is None
    True
    """
    return next(substituted_words(first, second), None)


def substituted_words(first: str, second: str) -> Iterator[Substitution]:
    """Every replaced stretch of :func:`substituted_word`, in text order.

    :func:`substituted_word` stops at the first; a claim whose words a sentence replaces in
    two places ("An ISIS treasurer stole money" / "An ISIS commander stole cash") yields
    both here.

    Examples
    --------
    >>> [(f.mine, f.theirs) for f in substituted_words(
    ...     "A freight train derailed near Lindholm on Tuesday",
    ...     "A passenger train derailed near Lindholm on Thursday")]
    [('freight', 'passenger'), ('Tuesday', 'Thursday')]
    """
    wa, wb = _words(first), _words(second)
    sa, sb = [lemma_stem(m.group()) for m in wa], [lemma_stem(m.group()) for m in wb]
    ka, kb = [word_key(m.group()) for m in wa], [word_key(m.group()) for m in wb]
    set_a, set_b = set(sa), set(sb)
    blocks = SequenceMatcher(None, sa, sb, autojunk=False).get_opcodes()
    for n, (tag, i1, i2, j1, j2) in enumerate(blocks):
        if tag != "replace" or i2 - i1 > MAX_WORDS or j2 - j1 > MAX_WORDS:
            continue
        mine, theirs = _plain_words(wa, sa, i1, i2, set_b), _plain_words(wb, sb, j1, j2, set_a)
        if not mine or not theirs or not _anchored(blocks, n, ka, kb):
            continue
        found = _replaced(mine, theirs, sa, sb, ka, kb)
        if found is None:
            continue
        mine, theirs, attribute = found
        if _reported(ka, mine) or _reported(kb, theirs):
            continue
        a0, a1, b0, b1 = wa[mine[0]], wa[mine[-1]], wb[theirs[0]], wb[theirs[-1]]
        yield Substitution(
            first[a0.start() : a1.end()],
            second[b0.start() : b1.end()],
            a0.start(),
            a1.end(),
            b0.start(),
            b1.end(),
            attribute,
        )


def shared_frame(first: str, second: str) -> bool:
    """Whether what two claims share, besides names, is a frame of aligned words.

    True when the aligned stretches of the two texts hold :data:`MIN_ANCHOR` content words or
    more, or at least half of the content words (names aside) of the shorter text: "Mr.
    Weiner did not respond to an email" and "Mr. Romney did not respond to an email" share
    the frame "did not respond to an email". Sentences of one story that share a word or two
    ("troops") do not.

    Examples
    --------
    >>> shared_frame("Mr. Weiner did not respond to an email",
    ...              "Mr. Romney did not respond to an email")
    True
    >>> shared_frame("It sent its best special forces troops to help Putin",
    ...              "North Korean troops were redeployed to the Kursk frontline")
    False
    """
    wa, wb = _words(first), _words(second)
    ka, kb = [word_key(m.group()) for m in wa], [word_key(m.group()) for m in wb]
    blocks = SequenceMatcher(None, ka, kb, autojunk=False).get_opcodes()
    shared = sum(_content(ka[b[1] : b[2]]) for b in blocks if b[0] == "equal")
    plain = [
        sum(1 for m in w if not _is_name(m.group()) and word_key(m.group()) not in _STOP_WORDS)
        for w in (wa, wb)
    ]
    return shared >= MIN_ANCHOR or (shared > 0 and 2 * shared >= min(plain))
