"""Details of a claim that the articles contest: another name or number in the same slot.

``check`` reads a long article whole with the stance model, which judges whether the article
tells the story, not whether it states the claim's place, actor or number: "Tesla will build
its Gigafactory in Texas" reads as agreeing with an article that says Nevada. The
whole-article support is therefore multiplied by :func:`uncontested_share`, the share of the
claim's details (names and numbers) that no article fills with a different value beside the
same anchor word. A detail that is only absent (worded otherwise, or left out) costs nothing:
that cost FNC-1 stories whose headlines name things the bodies phrase differently.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from credence.features.lexicon import PACKAGE_DATA, words
from credence.features.lexicon import rows as lexicon_rows
from credence.scoring.evidence import claim_details
from credence.scoring.word_keys import detail_key, word_key

__all__ = ["uncontested_share", "word_stem"]

ENGLISH_STOP_WORDS = words("english_stop_words")
_TIME_WORDS = words("time_words")
_SUFFIX_RE = re.compile(r"(?:ing|ed|es|s)$")


def word_stem(token: str) -> str:
    # Lowercased, possessive and a plain inflection dropped, cut to 6 letters, so that
    # "building" / "build" and "castrated" / "castrates" meet.
    token = word_key(token)
    if len(token) > 4:
        token = _SUFFIX_RE.sub("", token)
    return token[:6]


#: How far (in tokens) a detail's slot reaches from its anchor word: "Gigafactory in
#: Texas", "sent at least 1,000 more troops".
_SLOT_REACH = 3
_SLOT_TOKEN_RE = re.compile(
    r"\d[\d,.]*\d|\d|[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]|[.!?;:()\[\]\"“”—–]", re.UNICODE
)
# Token kinds of a slot scan.
_BARRIER, _NUMBER, _NAME, _STOP, _WORD = range(5)


@dataclass(frozen=True)
class _SlotText:
    """A text as slot scans read it: tokens, their kinds, stems and keys (as details)."""

    tokens: tuple[str, ...]
    kinds: tuple[int, ...]
    stems: tuple[str, ...]
    keys: tuple[str, ...]

    @classmethod
    def read(cls, text: str) -> _SlotText:
        tokens = tuple(_SLOT_TOKEN_RE.findall(text))
        kinds = []
        for k, token in enumerate(tokens):
            opens = k == 0 or kinds[-1] == _BARRIER
            kinds.append(_token_kind(token, opens))
        stems = tuple(
            word_stem(t) if kind >= _NAME else "" for t, kind in zip(tokens, kinds, strict=True)
        )
        keys = tuple(
            _detail_key(t) if kind != _BARRIER else ""
            for t, kind in zip(tokens, kinds, strict=True)
        )
        return cls(tokens, tuple(kinds), stems, keys)


def _token_kind(token: str, opens: bool) -> int:
    # A name is capitalised where no sentence or quotation opens; nor a stop word or a word
    # of time ("In", "Monday").
    if not token[:1].isalnum():
        return _BARRIER
    if token[:1].isdigit():
        return _NUMBER
    lower = token.lower()
    if lower in ENGLISH_STOP_WORDS:
        return _STOP
    if token[:1].isupper() and not opens and lower not in _TIME_WORDS:
        return _NAME
    return _WORD


def _detail_key(token: str) -> str:
    # A number without its commas and final point; a word as evidence.names keys it, a
    # nationality word as its country ("American" = "United States").
    if token[:1].isdigit():
        return token.replace(",", "").rstrip(".")
    word = word_key(token)
    return _demonym_country().get(word, word)[:4]


def _demonym_country() -> dict[str, str]:
    return PACKAGE_DATA.load(
        "check demonyms",
        lambda: {r[0].lower(): r[1].lower() for r in lexicon_rows("demonyms") if len(r) >= 2},
    )


def _scan(text: _SlotText, at: int, step: int) -> int | None:
    # The first token within reach of ``at`` (walking by ``step``) that is no stop word;
    # None at a sentence or quotation barrier.
    for k in range(at + step, at + step * (_SLOT_REACH + 1), step):
        if not 0 <= k < len(text.tokens) or text.kinds[k] == _BARRIER:
            return None
        if text.kinds[k] != _STOP:
            return k
    return None


def uncontested_share(claim: str, evidence: Sequence[str]) -> float:
    """Share of a claim's details that no evidence text fills with a different value.

    A detail (a name or a number, :func:`credence.scoring.evidence.claim_details`) that no
    evidence text states is *contested* when some text states a different detail of the
    same kind in the same slot: beside the content word next to the claim's detail, within
    one sentence ("Gigafactory in Texas" / "Gigafactory in Nevada", "sent 20,000 more
    troops" / "sent at least 1,000 more troops"). A detail that is only absent (an article
    says "U.S. forces" where the claim says "American", or does not name the town) is not
    contested: the whole-article reading keeps its support. Nationality words count as
    their country; a capitalised word that the evidence writes in lower case is a common
    word, not a detail, and in a title-case headline ("Catholic Priest Dies for 48 Minutes")
    only the numbers are details, since capitals there mark no names. Acronyms ("NY") and
    sentence openers other than countries and nationalities are not contested.

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
    texts = [_SlotText.read(text) for text in evidence]
    common = {t.lower() for text in texts for t in text.tokens if t[:1].islower()}
    query = _SlotText.read(claim)
    wanted = claim_details(claim)
    # In a title-case headline capitals mark no names: only its numbers are details.
    titled = _title_case(query)
    details = {
        key
        for token, kind, key in zip(query.tokens, query.kinds, query.keys, strict=True)
        if key
        and detail_key(token) in wanted
        and token.lower() not in common
        and (kind == _NUMBER or not titled)
    }
    if not details:
        return 1.0
    stated = {key for text in texts for key in text.keys if key}
    contested = {
        key
        for i, key in enumerate(query.keys)
        if key in details
        and key not in stated
        and _contestable(query.tokens[i], query.kinds[i])
        and _contested_at(query, i, texts)
    }
    return 1.0 - len(contested) / len(details)


def _contestable(token: str, kind: int) -> bool:
    # A number, or a name other than an acronym ("NY", "PM": articles spell them out). A
    # capitalised sentence opener ("Calm down", "Rare meteorite") is a name only when it
    # is a country or nationality ("France killed ...").
    if kind == _NUMBER:
        return True
    if token.isupper():
        return False
    if kind == _NAME:
        return True
    lower = word_key(token)
    return lower in _demonym_country() or lower in set(_demonym_country().values())


def _title_case(text: _SlotText) -> bool:
    # Most of its words after the first capitalised, stop words counted ("Priest Dies for
    # 48 Minutes, Comes Back to Life"; a sentence naming two places is not title case).
    words = [t for t in text.tokens[1:] if t[:1].isalpha()]
    return bool(words) and sum(t[:1].isupper() for t in words) >= 0.6 * len(words)


def _contested_at(query: _SlotText, i: int, texts: Sequence[_SlotText]) -> bool:
    # Whether an evidence text fills the slot of the claim's detail ``i`` (beside an anchor
    # word on either side) with another value of its kind that the claim does not state.
    claim_keys = set(query.keys)
    kind = query.kinds[i] if query.kinds[i] == _NUMBER else _NAME
    for step in (-1, 1):
        a = _scan(query, i, step)
        if a is None or query.kinds[a] == _NUMBER:
            continue
        anchor = query.stems[a]
        for text in texts:
            for j, stem in enumerate(text.stems):
                if stem != anchor:
                    continue
                k = _scan(text, j, -step)
                if k is not None and text.kinds[k] == kind and text.keys[k] not in claim_keys:
                    return True
    return False
