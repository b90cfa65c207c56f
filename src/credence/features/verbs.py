"""Verb forms: the past-tense test and the lemma of irregular forms, from the word lists.

One rule for every module that asks whether a word is a past-tense verb (claim detection,
check-worthiness features, polarity): an irregular form of ``irregular_past.tsv``, or a word
of five letters or more ending in "-ed" that ``not_past_ed.tsv`` does not list ("hundred",
"united"). Words of four letters ending in "-ed" are mostly nouns ("need", "seed", "deed").

Examples
--------
>>> [is_past_tense(word) for word in ("Deployed", "sent", "hundred", "send")]
[True, True, False, False]
>>> irregular_lemma("withdrew")
'withdraw'
"""

from __future__ import annotations

from credence.features.lexicon import rows, words

__all__ = [
    "IRREGULAR_PARTICIPLES",
    "IRREGULAR_PAST",
    "NOT_PAST_ED",
    "irregular_lemma",
    "is_past_tense",
]

#: Irregular simple-past forms ("sent", "took"), lower-case.
IRREGULAR_PAST: frozenset[str] = frozenset(
    row[0].lower() for row in rows("irregular_past") if row[2] == "past"
)
#: Irregular past participles that are no simple past ("taken", "gone").
IRREGULAR_PARTICIPLES: frozenset[str] = words("irregular_past") - IRREGULAR_PAST
#: Words ending in "-ed" that are no past-tense verb.
NOT_PAST_ED: frozenset[str] = words("not_past_ed")
_LEMMA_OF_IRREGULAR = {row[0].lower(): row[1].lower() for row in rows("irregular_past")}


def is_past_tense(word: str, *, participles: bool = False) -> bool:
    """Whether ``word`` looks like a past-tense verb (or a past participle).

    Parameters
    ----------
    word : str
        One token, in any case.
    participles : bool, default False
        Count the irregular participles that are no simple past ("taken", "gone") too.

    Returns
    -------
    bool
        True for an irregular past form, or a word of five letters or more ending in "-ed"
        that is not a known "-ed" noun or adjective.
    """
    low = word.lower()
    if low in IRREGULAR_PAST or (participles and low in IRREGULAR_PARTICIPLES):
        return True
    return len(low) >= 5 and low.endswith("ed") and low not in NOT_PAST_ED


def irregular_lemma(word: str) -> str | None:
    """The base form of an irregular past form ("sent" -> "send"), else None."""
    return _LEMMA_OF_IRREGULAR.get(word.lower())
