"""Names and numbers a claim puts in the place of the story's own: a swap read story-wide.

The contested-details rule (:mod:`credence.scoring.contested`) reads a swapped name only
where a sentence of the evidence puts another value in the claim's frame, word for word.
A headline often has no such frame in the bodies: "Dolly Parton Dead?" over articles that
all say "Willie Nelson" and never write the headline's wording. The swap is still plain at
the level of the story: the claim names someone the articles never mention at all, and
leaves out the name that most of them state. This module reads that, and only that:

- a claim's *unmentioned name* is a capitalised word of it (not a stop word or a word of
  time, not an acronym) whose key (:func:`credence.scoring.word_keys.name_key`) no
  evidence text writes, in any case, and that no evidence text writes in lower case; an
  *unmentioned number* is a number of it (commas aside) that no evidence text writes;
- the story's *prominent* names and numbers are those (names capitalised where no
  sentence opens, never written in lower case by any text) that at least half of the
  evidence texts state, and at least two, and the most stated of their type;
- an unmentioned name or number is *replacing* when a prominent value of the same type is
  missing from the claim: a number for a number ("Boy, 19, ..." over bodies that all say
  16), a nationality or country word for a nationality or country word
  (:func:`credence.scoring.slots.national_word`), any other name for any other name.
  Adjacent unmentioned words are one name ("Dolly Parton");
- only the story's *top* value of a type counts as its own (the most stated, ties kept):
  a headline that keeps the story's main name and leaves out a secondary one replaces
  nothing;
- in a title-case headline, where capitals mark no names, a lone unmentioned capitalised
  word is no name (it is as often a verb the bodies word otherwise: "Rumors Sweep
  Internet"); a run of two, a nationality or country word, or a number is. On 400 FNC-1
  topic-train headlines checked against their own bodies the rule fires on 9 (76 before
  these two limits, which cost those stories' Spearman 0.491 -> 0.355 against the
  contested rule alone).

A claim that names the story's actors and adds one nobody mentions ("… , said Reuters")
replaces nothing; a claim whose words are all in the articles replaces nothing, however it
rearranges them (that is the contested rule's part).

Examples
--------
>>> story = ["Willie Nelson is alive, his publicist said.",
...          "Fake report claims Willie Nelson is dead.", "Nelson is alive."]
>>> replaced_names("Dolly Parton Dead?", story)
('Dolly Parton',)
>>> replaced_names("Willie Nelson Dead?", story)
()
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from credence.features.lexicon import words
from credence.scoring.slots import SlotText, national_word
from credence.scoring.word_keys import detail_key

__all__ = ["replaced_names", "replaced_names_share"]

#: Share of its support a claim keeps for each name it puts in place of the story's own
#: (the contested rule's keep per contested word, :data:`credence.scoring.contested.
#: CONTESTED_KEEP`): a swapped name is one contested detail.
REPLACED_KEEP = 0.5

_STOP_WORDS = frozenset(words("english_stop_words"))
_TIME_WORDS = frozenset(words("time_words"))


def _name_like(token: str) -> bool:
    # A capitalised word that may name something: no stop word or word of time, no acronym
    # of up to three letters ("NY", "PM": articles spell them out), no number.
    lower = token.lower()
    return (
        token[:1].isalpha()
        and token[:1].isupper()
        and lower not in _STOP_WORDS
        and lower not in _TIME_WORDS
        and not (token.isupper() and len(token) <= 3)
    )


def _type(token: str) -> str:
    if token[:1].isdigit():
        return "number"
    return "national" if national_word(token) else "name"


def _prominent(reads: Sequence[SlotText], common: frozenset[str]) -> dict[str, str]:
    # Key -> type of the names and numbers at least half of the texts state (and two).
    counts: Counter[str] = Counter()
    types: dict[str, str] = {}
    for read in reads:
        seen = set()
        for k, token in enumerate(read.tokens):
            if token[:1].isdigit():
                key = detail_key(token)
                seen.add(key)
                types.setdefault(key, "number")
                continue
            opens = k == 0 or not read.tokens[k - 1][:1].isalnum()
            if opens or not _name_like(token) or token.lower() in common:
                continue
            key = detail_key(token)
            seen.add(key)
            types.setdefault(key, _type(token))
        counts.update(seen)
    least = max(2, math.ceil(len(reads) / 2))
    top: dict[str, int] = {}
    for key, n in counts.items():
        top[types[key]] = max(top.get(types[key], 0), n)
    return {key: types[key] for key, n in counts.items() if n >= least and n == top[types[key]]}


def replaced_names(claim: str, evidence: Sequence[str]) -> tuple[str, ...]:
    """The names and numbers of ``claim`` that stand where the story states another value.

    See the module docstring for the rules.

    Parameters
    ----------
    claim : str
        The checked claim (a sentence or a headline, in any case).
    evidence : sequence of str
        The evidence texts, one per article or headline.

    Returns
    -------
    tuple of str
        Each replacing name or number as the claim writes it (adjacent words joined), in
        claim order.

    Examples
    --------
    >>> story = ["Crews in Port Valen walked out.", "Port Valen ferries stopped.",
    ...          "The strike in Port Valen goes on."]
    >>> replaced_names("Crews in Eastport walked out", story)
    ('Eastport',)
    >>> replaced_names("Crews in Port Valen walked out, Reuters said", story)
    ()
    """
    reads = [SlotText.read(text) for text in evidence]
    mentioned = {detail_key(t) for read in reads for t in read.tokens if t[:1].isalnum()}
    common = frozenset(t.lower() for read in reads for t in read.tokens if t[:1].islower())
    query = SlotText.read(claim)
    own = {detail_key(t) for t in query.tokens if t[:1].isalnum()}
    missing = {kind for key, kind in _prominent(reads, common).items() if key not in own}
    if not missing:
        return ()
    out: list[list[str]] = []
    previous = -2
    for k, token in enumerate(query.tokens):
        if (
            not (_name_like(token) or token[:1].isdigit())
            or detail_key(token) in mentioned
            or token.lower() in common
            or _type(token) not in missing
        ):
            continue
        if k == previous + 1 and out:
            out[-1].append(token)
        else:
            out.append([token])
        previous = k
    # In a title-case headline capitals mark no names: a lone capitalised word there is as
    # often a verb the articles word otherwise ("Rumors Sweep Internet"); a run of two
    # ("Dolly Parton"), a nationality or country word, or a number is read.
    if query.title_case() or claim.isupper():
        out = [run for run in out if len(run) > 1 or _type(run[0]) != "name"]
    return tuple(" ".join(run) for run in out)


def replaced_names_share(
    claim: str, evidence: Sequence[str], *, keep: float = REPLACED_KEEP
) -> float:
    """Share of the articles' support a claim keeps given the names it replaces.

    ``keep`` to the power of the number of replacing names (:func:`replaced_names`).

    Examples
    --------
    >>> story = ["Crews in Port Valen walked out.", "Port Valen ferries stopped."]
    >>> replaced_names_share("Crews in Eastport walked out", story)
    0.5
    >>> replaced_names_share("Crews in Port Valen walked out", story)
    1.0
    """
    return keep ** len(replaced_names(claim, evidence))
