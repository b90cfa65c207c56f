"""Slot conflicts: a text that fills the place of a claim's detail with another value.

A claim's *details* are its names and its numbers (what a source has to state for the claim
to be vouched for, :func:`credence.scoring.evidence.claim_details`). Each detail sits in a
*slot*, marked by its *anchor*: the nearest content word before it (or else after it),
within :data:`WINDOW` words. "Tesla will build its Gigafactory in **Texas**": the slot of
"Texas" is the place after "Gigafactory". A text that never states "Texas" and writes "the
Gigafactory in **Nevada**" fills that slot with another name: a slot conflict, with both
spans, so a reader can check it.

This is the same-slot / different-value test that :func:`attested_share` (a detail is
stated somewhere or nowhere) cannot make: an article that names the true place and also
mentions the false one elsewhere attests both, while the slot tells which one the story
puts there. It reads one claim against one text (a sentence or a whole article) and says
nothing about whether the two speak of one event: the caller decides that (two elections,
two ports).

Rules, kept small and general:

- a detail the text states anywhere (its number, or the last word of its name, looked up
  as :func:`attested_share` looks them up) is not in conflict;
- a name is a capitalised word that is not a stop word or a word of time and does not open
  the claim; in a headline in title case, where capitals mark no name, only nationality
  words (``demonyms``) and numbers are details;
- a filler has the detail's kind (a number for a number, a capitalised word for a name)
  and is not a word of the claim.

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
from dataclasses import dataclass

from credence.features.lexicon import PACKAGE_DATA, rows, words
from credence.scoring.word_keys import detail_key, word_key

__all__ = ["WINDOW", "SlotConflict", "slot_conflicts"]

#: How many words from its anchor a detail (and a filler) may sit.
WINDOW = 2

_WORD_RE = re.compile(r"\d[\d,.]*\d|\d|[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]", re.UNICODE)
_STOP = frozenset(words("english_stop_words"))
_TIME = frozenset(words("time_words"))
_OPENERS = _STOP | frozenset(words("sentence_openers"))


@dataclass(frozen=True, slots=True)
class SlotConflict:
    """A claim's detail (``mine``, at ``[start, end)`` of the claim) where the text writes
    another value (``theirs``, at ``[other_start, other_end)`` of the text) next to the same
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


def _anchor_key(word: str) -> str:
    # Five letters: "build" / "building", "Gigafactory" / "gigafactories" meet.
    return word_key(word)[:5]


def _demonyms() -> frozenset[str]:
    # Read once, owned by the package-data cache (no module-level cache of its own).
    return PACKAGE_DATA.load(
        ("slot demonyms",),
        lambda: frozenset(row[0] for row in rows("demonyms") if " " not in row[0]),
    )


def _title_case(tokens: list[str]) -> bool:
    # A headline in title case: nearly every content word after the first is capitalised
    # ("Man Slaps People If They Sneeze In Public"), which a sentence naming two or three
    # things ("Tesla will build its Gigafactory in Texas") is not.
    content = [t for t in tokens[1:] if word_key(t) not in _STOP and not t[:1].isdigit()]
    return len(content) >= 3 and 5 * sum(t[:1].isupper() for t in content) >= 4 * len(content)


def _kind(token: str, position: int, title: bool) -> str | None:
    # "number", "name" or None (not a detail).
    if token[:1].isdigit():
        return "number"
    key = word_key(token)
    if not token[:1].isupper() or key in _STOP or key in _TIME:
        return None
    if title:
        return "name" if key in _demonyms() else None
    if position == 0 and key in _OPENERS:
        return None
    return "name"


def _details(tokens: list[str]) -> list[tuple[int, int, str]]:
    # Runs of consecutive details of one kind: (first, last, kind).
    title = _title_case(tokens)
    runs: list[tuple[int, int, str]] = []
    for k, token in enumerate(tokens):
        kind = _kind(token, k, title)
        if kind is None:
            continue
        if runs and runs[-1][1] == k - 1 and runs[-1][2] == kind == "name":
            runs[-1] = (runs[-1][0], k, kind)
        else:
            runs.append((k, k, kind))
    return runs


def _anchor(tokens: list[str], first: int, last: int, detail: set[int]) -> tuple[int, int] | None:
    # (position, side): the nearest content word before the run (side -1: the detail
    # follows its anchor), else after it (side +1).
    for k in range(first - 1, max(first - 1 - WINDOW, -1), -1):
        if k not in detail and word_key(tokens[k]) not in _STOP:
            return k, -1
    for k in range(last + 1, min(last + 1 + WINDOW, len(tokens))):
        if k not in detail and word_key(tokens[k]) not in _STOP:
            return k, +1
    return None


def _filler(token: str, kind: str, claim_keys: set[str]) -> bool:
    if detail_key(token) in claim_keys or word_key(token) in _STOP or word_key(token) in _TIME:
        return False
    return token[:1].isdigit() if kind == "number" else token[:1].isupper()


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
    mine = list(_WORD_RE.finditer(claim))
    theirs = list(_WORD_RE.finditer(text))
    tokens = [m.group() for m in mine]
    other = [m.group() for m in theirs]
    stated = {detail_key(t) for t in other}
    claim_keys = {detail_key(t) for t in tokens}
    # A name is stated by its last word ("Barack Obama" by "Obama", "Mr. Weiner" by "Weiner").
    runs = [r for r in _details(tokens) if detail_key(tokens[r[1]]) not in stated]
    # A detail the text states is an anchor like any word ("its Gigafactory in Texas").
    detail = {k for first, last, _ in runs for k in range(first, last + 1)}
    anchors: dict[str, list[int]] = {}
    for j, token in enumerate(other):
        anchors.setdefault(_anchor_key(token), []).append(j)
    found = []
    for first, last, kind in runs:
        located = _anchor(tokens, first, last, detail)
        if located is None:
            continue
        position, side = located
        span = range(1, WINDOW + 1 + (last - first))
        for j in anchors.get(_anchor_key(tokens[position]), []):
            near = [j - side * step for step in span]
            hit = next(
                (n for n in near if 0 <= n < len(other) and _filler(other[n], kind, claim_keys)),
                None,
            )
            if hit is None:
                continue
            found.append(
                SlotConflict(
                    claim[mine[first].start() : mine[last].end()],
                    other[hit],
                    tokens[position],
                    mine[first].start(),
                    mine[last].end(),
                    theirs[hit].start(),
                    theirs[hit].end(),
                )
            )
            break
    return found
