"""Details of a claim that the articles contest: another name or number in the same slot.

``check`` reads a long article whole with the stance model, which judges whether the article
tells the story, not whether it states the claim's place, actor or number: "Tesla will build
its Gigafactory in Texas" reads as agreeing with an article that says Nevada. With
``details_rule="uncontested"`` the whole-article support is multiplied by
:func:`uncontested_share`, the share of the claim's details (names and numbers) that no
article fills with a different value beside the same anchor word (the slot scanner,
:func:`credence.scoring.slots.contested_details`). A detail that is only absent (worded
otherwise, or left out) costs nothing: that cost FNC-1 stories whose headlines name things
the bodies phrase differently.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from credence.features.lexicon import words
from credence.scoring.details import claim_details, opposed_predicate
from credence.scoring.slots import SlotText, contested_details, national_word
from credence.scoring.substitution import (
    Substitution,
    lemma_stem,
    opposite_words,
    substituted_name,
    substituted_words,
)
from credence.scoring.word_keys import detail_key, word_key, word_stem

__all__ = [
    "CONTESTED_KEEP",
    "SENTENCE_KEEP",
    "ContestedReading",
    "contested_reading",
    "contested_support_share",
    "contested_evidence_share",
    "contested_opposite",
    "uncontested_share",
    "word_stem",
]

#: Share of the evidence's support a claim keeps for each of its words that the evidence
#: contests (``details_rule="contested"``): a word replaced in the claim's frame is a
#: contest or a paraphrase ("money" / "cash"), so each halves the support; a word's
#: opposite voids it.
CONTESTED_KEEP = 0.5

#: Share of its support a claim-level evidence sentence keeps per word of the claim it
#: replaces (``check`` reads the sentences of short items and articles as claims): all of
#: it -- the pair model reads the swap, and halving it cost true Emergent claims more than
#: false ones (claim-grouped CV: AUC 0.844 / gap +0.202 with 1.0, 0.824 / +0.187 with 0.5);
#: a sentence that states the opposite of the claim's word still keeps none.
SENTENCE_KEEP = 1.0

_WORD_RE = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]|\d[\d,.]*\d|\d", re.UNICODE)
_STOP_WORDS = frozenset(words("english_stop_words"))
#: Least content words a sentence must share with the claim to be read as speaking to it.
_MIN_SHARED = 2


def uncontested_share(claim: str, evidence: Sequence[str]) -> float:
    """Share of a claim's details that no evidence text fills with a different value.

    A detail (a name or a number, :func:`credence.scoring.details.claim_details`) that no
    evidence text states is *contested* when some text states a different value of the
    same kind in the same slot: beside the content word next to the claim's detail, within
    one sentence ("Gigafactory in Texas" / "Gigafactory in Nevada", "sent 20,000 more
    troops" / "sent at least 1,000 more troops"). A detail that is only absent (an article
    says "U.S. forces" where the claim says "American", or does not name the town) is not
    contested: the whole-article reading keeps its support. The rules of what is a detail
    and what fills its slot are the slot scanner's (:mod:`credence.scoring.slots`).

    Parameters
    ----------
    claim : str
        The checked claim.
    evidence : sequence of str
        The evidence texts (whole articles or sentences).

    Returns
    -------
    float
        In [0, 1]; 1 when the claim has no detail or none is contested.

    Examples
    --------
    >>> uncontested_share("Tesla will build its Gigafactory in Texas",
    ...                   ["Tesla is building its Gigafactory in Nevada."])
    0.6666666666666667
    >>> uncontested_share("Tesla will build its Gigafactory in Texas",
    ...                   ["Tesla is building a battery plant."])
    1.0
    """
    query = SlotText.read(claim)
    common = {t.lower() for text in evidence for t in SlotText.read(text).tokens if t[:1].islower()}
    wanted = claim_details(claim)
    titled = query.title_case()
    # The claim's details, keyed as the scanner keys values; in a title-case headline only
    # its numbers and nationality or country words count (capitals there mark no names).
    details = {
        key
        for token, key in zip(query.tokens, query.keys, strict=True)
        if key
        and detail_key(token) in wanted
        and token.lower() not in common
        and (token[:1].isdigit() or not titled or national_word(token))
    }
    if not details:
        return 1.0
    return 1.0 - len(contested_details(claim, evidence) & details) / len(details)


@dataclass(frozen=True)
class ContestedReading:
    """What the articles contest of a claim (:func:`contested_reading`).

    Attributes
    ----------
    contested : tuple of str
        The claim's words (as written) that no article states while a sentence speaking
        to the claim fills their slot with another word, number or name, or states their
        opposite.
    opposite : bool
        Whether one of them is contested by its opposite ("denied" where the claim says
        "apologised"; "below" for "above").
    """

    contested: tuple[str, ...]
    opposite: bool


def _content_stems(text: str) -> list[tuple[str, str]]:
    # (word as written, stem) of the content words: no stop word, unless it has an opposite
    # ("above" / "below" fill one slot with opposite values).
    opposites = opposite_words()
    out = []
    for word in _WORD_RE.findall(text):
        stem = lemma_stem(word)
        if word_key(word) not in _STOP_WORDS or stem in opposites:
            out.append((word, stem))
    return out


#: Words that report, confirm or deny a statement: which statement is theirs the word
#: alone does not tell ("forced to deny that he's dead" / "confirmed he is alive"), so
#: their opposites contest nothing.
_STATEMENT_VERBS = frozenset(
    word
    for name in ("reporting_verbs", "denial_verbs", "confirming", "refuting", "rejection_verbs")
    for word in words(name)
)
_NEGATORS = frozenset(words("negators"))
_CALENDAR = frozenset(words("time_words"))


def _contestable(claim: str, mine: list[tuple[str, str]]) -> tuple[set[str], set[str]]:
    # Stems of the claim's words that another value can contest: numbers, nationality and
    # country words, days and months, and names; in a sentence (not a title-case headline,
    # whose capitals mark no names) also its common words; opposites of predicates unless
    # the claim negates them ("Not Dead") or they report a statement. Second, the stems
    # of capitalised words that may or may not be names (a title-case headline's words, a
    # word in capitals, a capitalised first word: "Dolly Parton Dead?", "HORROR:"): only
    # a name can contest them (:func:`_proper_name`).
    read = SlotText.read(claim)
    titled = read.title_case()
    first = mine[0][0] if mine else ""
    opposites = opposite_words()
    raw = [w.lower() for w in _WORD_RE.findall(claim)]
    out, by_name = set(), set()
    for k, (word, stem) in enumerate(mine):
        lower = word.lower()
        if word[:1].isdigit() or national_word(word) or lower in _CALENDAR:
            out.add(stem)
        elif stem in opposites:
            at = raw.index(lower) if lower in raw else 0
            negated = any(w in _NEGATORS or w.endswith("n't") for w in raw[max(0, at - 2) : at])
            if not negated and lower not in _STATEMENT_VERBS:
                out.add(stem)
        elif titled or word.isupper() or (k == 0 and word == first and word[:1].isupper()):
            if word[:1].isupper():
                by_name.add(stem)
        else:
            out.add(stem)
    return out, by_name - out


def _speaks_to(mine: list[tuple[str, str]], sentence: str) -> bool:
    # A sentence speaks to the claim when it shares two of its content words, or half of
    # its own ("Fishing is banned." speaks to "Fishing is allowed on the river").
    wanted = {stem for _, stem in mine}
    own = {stem for _, stem in _content_stems(sentence)}
    shared = len(wanted & own)
    return shared >= _MIN_SHARED or (shared > 0 and 2 * shared >= len(own))


_INFLECTED_RE = re.compile(r"(?:ed|ing)$")


def _filled_slot(replaced: Substitution | None, unstated: _Unstated) -> str | None:
    # The stem of the claim's word whose slot ``replaced`` fills otherwise, or None. The
    # claim's stretch must be one slot: every content word of it unstated by the articles
    # ("Fishing is allowed" / "Diesel leaked" around "the Lenne river" replaces a stated
    # subject too: two statements, not one slot filled otherwise). A plain word swap
    # ("leaked" / "spilled") is a paraphrase as often as a contest when either word is a
    # verb form; it counts only between other words ("fish" / "birds").
    if replaced is None:
        return None
    stems = [(word, stem) for word, stem in _content_stems(replaced.mine)]
    if not stems or any(stem not in unstated for _, stem in stems):
        return None
    if replaced.attribute == "word" and any(
        _INFLECTED_RE.search(w.lower()) for w in (replaced.mine, replaced.theirs)
    ):
        return None
    return stems[0][1]


def contested_reading(claim: str, sentences: Sequence[str]) -> ContestedReading:
    """The claim's words that the evidence sentences contest, not merely leave out.

    A word of the claim (by its stem, :func:`credence.scoring.substitution.lemma_stem`) is
    contested when no sentence states it and one that speaks to the claim (shares at least
    two of its content words) fills its slot otherwise: the two align word for word around
    one replaced stretch (:func:`credence.scoring.substitution.substituted_word` and
    :func:`~credence.scoring.substitution.substituted_name`: "diesel leaked into the river"
    / "acid leaked into the river"), a name or number of the same kind stands beside the
    same anchor word (:func:`credence.scoring.slots.contested_details`), or the sentence
    states the word's opposite (:func:`credence.scoring.details.opposed_predicate`). A word
    that is only absent, because the articles tell the story in their own words, is not
    contested.

    Parameters
    ----------
    claim : str
        The checked claim.
    sentences : sequence of str
        The evidence, sentence by sentence (all the articles' sentences).

    Returns
    -------
    ContestedReading

    Examples
    --------
    >>> story = ["Diesel leaked into the Lenne river on Monday.", "Fishing is banned."]
    >>> contested_reading("Diesel leaked into the Lenne river on Friday", story).contested
    ('Friday',)
    >>> contested_reading("Diesel leaked into the Lenne on Monday night", story).contested
    ()
    >>> contested_reading("Fishing is allowed on the Lenne river", story)
    ContestedReading(contested=('allowed',), opposite=True)
    """
    mine = _content_stems(claim)
    unstated = _unstated(claim, mine, sentences)
    found: dict[str, bool] = {}
    for sentence in sentences:
        for stem, opposite in _contests(claim, mine, sentence, unstated).items():
            found[stem] = found.get(stem, False) or opposite
    words_ = tuple(unstated[stem] for stem in unstated if stem in found)
    return ContestedReading(words_, any(found.values()))


class _Unstated(dict[str, str]):
    # Stem -> word of the claim's contestable words that no sentence states; ``by_name``:
    # those only a name contests.
    by_name: frozenset[str] = frozenset()


def _unstated(claim: str, mine: list[tuple[str, str]], sentences: Sequence[str]) -> _Unstated:
    stated = {stem for sentence in sentences for _, stem in _content_stems(sentence)}
    allowed, by_name = _contestable(claim, mine)
    out = _Unstated(
        (stem, word) for word, stem in mine if stem not in stated and stem in allowed | by_name
    )
    out.by_name = frozenset(by_name & set(out))
    return out


def _proper_name(replaced: Substitution, sentence: str) -> bool:
    # Whether the words that replace the claim's are a name as the sentence writes it:
    # capitalised, not at its start, in a sentence that is no title-case headline.
    theirs = _WORD_RE.findall(replaced.theirs)
    before = _WORD_RE.findall(sentence[: replaced.other_start])
    return (
        bool(theirs)
        and bool(before)
        and all(w[:1].isupper() for w in theirs)
        and not SlotText.read(sentence).title_case()
    )


def _contests(
    claim: str, mine: list[tuple[str, str]], sentence: str, unstated: _Unstated
) -> dict[str, bool]:
    # Stem -> contested by its opposite?, of the unstated words of the claim whose slot
    # ``sentence`` fills otherwise (names and numbers beside an anchor aside).
    if not unstated or not _speaks_to(mine, sentence):
        return {}
    found: dict[str, bool] = {}
    opposite = opposed_predicate(claim, [sentence])
    if opposite is not None and lemma_stem(opposite) in unstated:
        found[lemma_stem(opposite)] = True
    for replaced in (*substituted_words(claim, sentence), substituted_name(claim, sentence)):
        slot = _filled_slot(replaced, unstated)
        if slot is None or replaced is None:
            continue
        if slot in unstated.by_name and not (
            replaced.attribute == "name" and _proper_name(replaced, sentence)
        ):
            continue
        found.setdefault(slot, replaced.attribute == "opposite")
    for stem in _slot_filled(claim, mine, sentence, unstated):
        found.setdefault(stem, False)
    return found


def contested_evidence_share(
    claim: str, evidence: Sequence[str], sentences: Sequence[str], *, keep: float = CONTESTED_KEEP
) -> np.ndarray:
    """Share of its support each evidence text keeps given the claim's words it contests.

    A word is contested as in :func:`contested_reading`: no text of ``sentences`` (all the
    evidence, sentence by sentence) states it, and the evidence text fills its slot
    otherwise or states its opposite. A text keeps ``keep`` of its support per word it
    contests and none when it states a word's opposite: it tells the story of the claim
    with another value, however closely its other words match.

    Examples
    --------
    >>> story = ["Diesel leaked into the Lenne river on Monday.", "Fishing is banned."]
    >>> contested_evidence_share("Diesel leaked into the Lenne river on Friday", story, story)
    array([0.5, 1. ])
    >>> contested_evidence_share("Fishing is allowed on the Lenne", story, story)
    array([1., 0.])
    """
    mine = _content_stems(claim)
    unstated = _unstated(claim, mine, sentences)
    out = np.ones(len(evidence))
    if not unstated:
        return out
    for k, text in enumerate(evidence):
        found = _contests(claim, mine, text, unstated)
        out[k] = 0.0 if any(found.values()) else keep ** len(found)
    return out


def contested_opposite(claim: str, texts: Sequence[str], passages: Sequence[str]) -> str | None:
    """A word of the claim whose opposite a passage speaking to the claim states, while no
    text states the word itself; None when there is none.

    The rule of :func:`contested_reading` for opposites alone: the passage must share two
    of the claim's content words (or half of its own), and a word the claim negates ("Is
    Not Dead") or a word that reports, confirms or denies a statement ("deny", "dismisses":
    which statement is theirs the word alone does not tell) is contested by nothing. The
    opposite must be the story's word: at least half of the articles state it.

    Parameters
    ----------
    claim : str
        The checked claim.
    texts : sequence of str
        The whole articles (the claim's word stated in any clears it).
    passages : sequence of str
        The passages that speak to the claim.

    Examples
    --------
    >>> story = ["The council relaxed its parking rules on Monday."]
    >>> contested_opposite("The council toughens its parking rules", story, story)
    'toughens'
    >>> contested_opposite("Residents deny the council relaxed its rules", story, story) is None
    True
    """
    mine = _content_stems(claim)
    unstated = _unstated(claim, mine, texts)
    if not unstated:
        return None
    opposites = opposite_words()
    for passage in passages:
        if not _speaks_to(mine, passage):
            continue
        word = opposed_predicate(claim, [passage])
        if word is None or lemma_stem(word) not in unstated:
            continue
        # The story's word, not a word in passing ("a living legend" in one obituary of
        # five that say "died"): at least half of the articles state the opposite.
        wanted = opposites[lemma_stem(word)]
        stating = sum(
            bool(wanted & {lemma_stem(w) for w in _WORD_RE.findall(text)}) for text in texts
        )
        if 2 * stating >= len(texts):
            return word
    return None


def _slot_filled(
    claim: str, mine: list[tuple[str, str]], text: str, unstated: _Unstated
) -> set[str]:
    # The claim's unstated details whose slot ``text`` fills with a name or number of the
    # same kind beside the same anchor (:func:`credence.scoring.slots.contested_details`).
    keys = contested_details(claim, [text])
    if not keys:
        return set()
    return {
        stem
        for word, stem in mine
        if stem in unstated and stem not in unstated.by_name and detail_key(word) in keys
    }


def contested_support_share(
    claim: str, sentences: Sequence[str], *, keep: float = CONTESTED_KEEP
) -> float:
    """Share of the articles' support a claim keeps given what they contest of it.

    ``keep`` to the power of the number of contested words
    (:func:`contested_reading`), 0 when a word is contested by its opposite; 1 when nothing
    is contested: a claim whose details nobody contradicts pays nothing for the words the
    articles do not repeat.

    Examples
    --------
    >>> story = ["Diesel leaked into the Lenne river on Monday.", "Fishing is banned."]
    >>> contested_support_share("Diesel leaked into the Lenne river on Friday", story)
    0.5
    >>> contested_support_share("Diesel spilled into the Lenne", story)
    1.0
    >>> contested_support_share("Acid leaked into the Lenne river on Friday", story, keep=0.0)
    0.0
    """
    read = contested_reading(claim, sentences)
    if read.opposite:
        return 0.0
    return keep ** len(read.contested)
