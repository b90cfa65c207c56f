"""Slots: a text that fills the place of a claim's detail with another value.

A claim's *details* are its names and its numbers. Each detail sits in a *slot*, marked by
an *anchor*: the nearest word on either side of it that is neither a stop word nor a
number, within :data:`REACH` words and one sentence. "Tesla will build its Gigafactory in
**Texas**": the slot of "Texas" is the place after "Gigafactory". A text that never states
"Texas" and writes "the Gigafactory in **Nevada**" fills that slot with another value: a
slot conflict, with both spans, so a reader can check it.

This is the one slot scanner of credence. :func:`slot_conflicts` reads one claim against
one text; :func:`contested_details` against many texts at once, where a detail that any of
them states is not contested. :func:`credence.scoring.contested.uncontested_share` and
:func:`credence.scoring.details.attested_share` (``by_slot=True``) are built on them. The
scanner says nothing about whether the two texts speak of one event: the caller decides
that (two elections, two ports).

Rules, kept small and general:

- a *name* is a capitalised word that is not a stop word or a word of time and does not
  open a sentence or a quotation; a capitalised word that some evidence text writes in
  lower case is a common word ("Rare storms" / "rare storms");
- a detail is a number, a name, or a nationality or country word wherever it stands
  ("France sent ...", "French Man Slaps ..."); not an acronym ("NY", "PM": articles spell
  them out); in a headline in title case, where capitals mark no names, only its numbers
  and nationality or country words are details;
- a nationality word and its country are one value ("American" = "United States");
- a detail some text states is not in conflict;
- a filler has the detail's kind (a number for a number, a name for a name), is not a
  value of the claim, and stands on the anchor's side opposite to where the claim's
  detail stands, within reach and within one sentence; anchors meet by their stem
  (:func:`credence.scoring.word_keys.word_stem`: "built" / "building", "kills" /
  "killed").

Examples
--------
>>> found = slot_conflicts("Tesla will build its Gigafactory in Texas",
...                        "The carmaker said its Gigafactory in Nevada will open in 2016.")
>>> [(c.mine, c.theirs, c.anchor) for c in found]
[('Texas', 'Nevada', 'Gigafactory')]
>>> slot_conflicts("Tesla will build its Gigafactory in Nevada",
...                "Its Gigafactory in Nevada beat Texas.")
[]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from credence.features.lexicon import PACKAGE_DATA, rows, words
from credence.scoring.word_keys import word_key, word_stem

__all__ = [
    "REACH",
    "SlotConflict",
    "SlotText",
    "contested_details",
    "national_word",
    "slot_conflicts",
]

#: How far (in words) a detail, and its filler, may stand from the anchor: "Gigafactory in
#: Texas", "sent at least 1,000 more troops".
REACH = 3

_TOKEN_RE = re.compile(
    r"\d[\d,.]*\d|\d|[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]|[.!?;:()\[\]\"“”—–]", re.UNICODE
)
_STOP_WORDS = frozenset(words("english_stop_words"))
_TIME_WORDS = frozenset(words("time_words"))
# Token kinds.
_BARRIER, _NUMBER, _NAME, _STOP, _WORD = range(5)


@dataclass(frozen=True, slots=True)
class SlotConflict:
    """A claim's detail (``mine``, at ``[start, end)`` of the claim) where the text writes
    another value (``theirs``, at ``[other_start, other_end)`` of the text) beside the same
    anchor word.
    """

    mine: str
    theirs: str
    anchor: str
    start: int
    end: int
    other_start: int
    other_end: int

    @property
    def explanation(self) -> str:
        """One human-readable line."""
        return f"slot of {self.anchor!r}: {self.mine!r} where the text says {self.theirs!r}"


def _nationalities() -> dict[str, str]:
    # Nationality word -> its country (lower case); read once, owned by the package-data
    # cache.
    return PACKAGE_DATA.load(
        ("slot nationalities",),
        lambda: {r[0].lower(): r[1].lower() for r in rows("demonyms") if len(r) >= 2},
    )


def _countries() -> frozenset[str]:
    return PACKAGE_DATA.load(("slot countries",), lambda: frozenset(_nationalities().values()))


def _value_key(token: str) -> str:
    # A number without its commas and final point; a word by its first four letters, a
    # nationality word as its country ("American" = "United States").
    if token[:1].isdigit():
        return token.replace(",", "").rstrip(".")
    word = word_key(token)
    return _nationalities().get(word, word)[:4]


def _token_kind(token: str, opens: bool) -> int:
    # A name is capitalised where no sentence or quotation opens; nor a stop word or a word
    # of time ("In", "Monday").
    if not token[:1].isalnum():
        return _BARRIER
    if token[:1].isdigit():
        return _NUMBER
    lower = token.lower()
    if lower in _STOP_WORDS:
        return _STOP
    if token[:1].isupper() and not opens and lower not in _TIME_WORDS:
        return _NAME
    return _WORD


@dataclass(frozen=True, slots=True)
class SlotText:
    """A text as the slot scanner reads it: its tokens with their offsets, kinds, anchor
    stems and value keys.

    Examples
    --------
    >>> read = SlotText.read("The Gigafactory in Nevada.")
    >>> read.tokens, read.keys
    (('The', 'Gigafactory', 'in', 'Nevada', '.'), ('the', 'giga', 'in', 'neva', ''))
    """

    tokens: tuple[str, ...]
    starts: tuple[int, ...]
    kinds: tuple[int, ...]
    stems: tuple[str, ...]
    keys: tuple[str, ...]

    @classmethod
    def read(cls, text: str) -> SlotText:
        """Tokenise ``text`` (sentence and quotation marks are barriers)."""
        found = list(_TOKEN_RE.finditer(text))
        tokens = tuple(m.group() for m in found)
        kinds: list[int] = []
        for k, token in enumerate(tokens):
            kinds.append(_token_kind(token, k == 0 or kinds[-1] == _BARRIER))
        stems = tuple(
            word_stem(t) if kind >= _NAME else "" for t, kind in zip(tokens, kinds, strict=True)
        )
        keys = tuple(
            _value_key(t) if kind != _BARRIER else "" for t, kind in zip(tokens, kinds, strict=True)
        )
        return cls(tokens, tuple(m.start() for m in found), tuple(kinds), stems, keys)

    def end(self, k: int) -> int:
        """End offset of token ``k``."""
        return self.starts[k] + len(self.tokens[k])

    def title_case(self) -> bool:
        """Whether most words after the first are capitalised (stop words counted):
        "Priest Dies for 48 Minutes, Comes Back to Life" is; a sentence naming two places
        is not.
        """
        alpha = [t for t in self.tokens[1:] if t[:1].isalpha()]
        return bool(alpha) and sum(t[:1].isupper() for t in alpha) >= 0.6 * len(alpha)

    def scan(self, at: int, step: int) -> int | None:
        """The first token within reach of ``at`` (walking by ``step``) that is no stop
        word; None at a sentence or quotation barrier or at the text's edge.
        """
        for k in range(at + step, at + step * (REACH + 1), step):
            if not 0 <= k < len(self.tokens) or self.kinds[k] == _BARRIER:
                return None
            if self.kinds[k] != _STOP:
                return k
        return None


def national_word(token: str) -> bool:
    """Whether ``token`` is a nationality or a country word ("French", "Canada")."""
    word = word_key(token)
    return word in _nationalities() or word in _countries()


def _detail_positions(claim: SlotText, common: Iterable[str] = ()) -> list[int]:
    # The claim's tokens that are details (see the module docstring).
    lowered = frozenset(common)
    titled = claim.title_case()
    out = []
    for k, (token, kind) in enumerate(zip(claim.tokens, claim.kinds, strict=True)):
        if kind == _NUMBER:
            out.append(k)
        elif kind in (_NAME, _WORD) and not token.isupper() and token.lower() not in lowered:
            if national_word(token) or (kind == _NAME and not titled):
                out.append(k)
    return out


def _filler(
    claim: SlotText, k: int, text: SlotText, claim_keys: set[str]
) -> tuple[int, int] | None:
    # (anchor position in the claim, filler position in ``text``): another value of the
    # kind of the claim's detail ``k`` beside an anchor the two share; None when none is.
    kind = _NUMBER if claim.kinds[k] == _NUMBER else _NAME
    for step in (-1, 1):
        a = claim.scan(k, step)
        if a is None or claim.kinds[a] == _NUMBER:
            continue
        anchor = claim.stems[a]
        for j, stem in enumerate(text.stems):
            if stem != anchor:
                continue
            hit = text.scan(j, -step)
            if hit is not None and text.kinds[hit] == kind and text.keys[hit] not in claim_keys:
                return a, hit
    return None


def _conflicts(
    claim: SlotText, texts: Sequence[SlotText], common: Iterable[str] = ()
) -> dict[int, tuple[int, int]]:
    # Detail position -> (anchor position, filler position) in the first text that fills
    # its slot, for the details no text states.
    stated = {key for text in texts for key in text.keys if key}
    claim_keys = set(claim.keys)
    found: dict[int, tuple[int, int]] = {}
    for k in _detail_positions(claim, common):
        if claim.keys[k] in stated:
            continue
        for text in texts:
            hit = _filler(claim, k, text, claim_keys)
            if hit is not None:
                found[k] = hit
                break
    return found


def slot_conflicts(claim: str, text: str) -> list[SlotConflict]:
    """The details of ``claim`` whose slot ``text`` fills with another value.

    Parameters
    ----------
    claim : str
        The claim (a sentence or a headline).
    text : str
        The evidence: a sentence or a whole article.

    Returns
    -------
    list of SlotConflict
        At most one per detail of the claim, in claim order.
    """
    query, other = SlotText.read(claim), SlotText.read(text)
    common = {t.lower() for t in other.tokens if t[:1].islower()}
    out = []
    for k, (anchor, hit) in sorted(_conflicts(query, [other], common).items()):
        out.append(
            SlotConflict(
                query.tokens[k],
                other.tokens[hit],
                query.tokens[anchor],
                query.starts[k],
                query.end(k),
                other.starts[hit],
                other.end(hit),
            )
        )
    return out


def contested_details(claim: str, evidence: Sequence[str]) -> set[str]:
    """Keys of the claim's details that no evidence text states and one fills otherwise.

    A detail's key is its number without commas, or its first four letters (a nationality
    word as its country). A capitalised claim word that some text writes in lower case is
    a common word, no detail.

    Examples
    --------
    >>> sorted(contested_details("The plant will be built in Texas",
    ...                          ["Officials said the plant will be built in Nevada."]))
    ['texa']
    """
    texts = [SlotText.read(text) for text in evidence]
    common = {t.lower() for text in texts for t in text.tokens if t[:1].islower()}
    query = SlotText.read(claim)
    return {query.keys[k] for k in _conflicts(query, texts, common)}
