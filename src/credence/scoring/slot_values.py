"""Slot values: a text's numbers read as values, and where a detail stands in a claim's frame.

The slot scanner (:mod:`credence.scoring.slots`) reads numbers as digit strings: "two and a
half million" is no number to it, and "25 million" and "2.5 million" share the key "25"
with nothing. Here a number is its value, read by the quantities reader
(:func:`credence.features.quantities.raw_numbers`: digits, number words, scales, fractions,
vague amounts) over the scanner's tokens; digit tokens it leaves out (years, identifiers)
keep their digits as value, and a cardinal word it leaves out ("two" of the duration "two
weeks") its value; an ordinal word ("fifth") is a number of its own kind.

A detail is *in the claim's frame* in a text when the nearest plain word beside it (stop
words, capitalised words of a name and numbers skipped, within one sentence) is one of the
claim's frame words: its lower-case words that are no detail ("closed", "bridge", "joined";
in a title-case headline every word that is no detail). "Monday" in "the council closed the
bridge on Monday" stands in the frame of "The council closed the bridge on Thursday";
"Monday" in "repairs begin on Monday" does not. A detail the story states only in another
role (a governor's name, the day of another event) is therefore not stated in the claim's
slot.

Examples
--------
>>> from credence.scoring.slots import SlotText
>>> text = "Two and a half million people lost their homes."
>>> [(n.low, n.high) for n in slot_numbers(text, SlotText.read(text))]
[(2500000.0, 2500000.0)]
>>> claim = SlotText.read("The council closed the bridge on Thursday")
>>> sorted(frame_stems(claim, skip={6}))
['bridge', 'clos', 'counci']
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from credence.features.lexicon import PACKAGE_DATA, rows
from credence.features.number_words import number_lexicon
from credence.features.quantities import raw_numbers
from credence.scoring.slots import _BARRIER, _NUMBER, _STOP, SlotText  # the scanner's token kinds

__all__ = ["FRAME_REACH", "SlotNumber", "frame_neighbours", "frame_stems", "slot_numbers"]

#: How many plain words a frame neighbour may stand from a detail, stop words, name words and
#: numbers not counted: "closed the Ferris Street bridge on Monday" reaches "bridge".
FRAME_REACH = 6


@dataclass(frozen=True, slots=True)
class SlotNumber:
    """A number of a text: its first and last token (of :class:`SlotText`) and its value
    interval (a point for an exact number; "dozens" is [24, 99]).
    """

    first: int
    last: int
    low: float
    high: float
    percent: bool
    #: An ordinal ("fifth"): compared only with ordinals ("the first convoy" and "3 convoys"
    #: are no two values of one slot).
    ordinal: bool = False

    def same(self, other: SlotNumber) -> bool:
        """Whether the two state one value ("2.5M" and "two and a half million")."""
        return (
            (self.percent, self.ordinal) == (other.percent, other.ordinal)
            and math.isclose(self.low, other.low, rel_tol=1e-6)
            and math.isclose(self.high, other.high, rel_tol=1e-6)
        )

    def disjoint(self, other: SlotNumber) -> bool:
        """Whether the two values cannot be one ("hundreds" and 300 can)."""
        if (self.percent, self.ordinal) != (other.percent, other.ordinal):
            return False
        slack = 1e-6 * max(abs(self.high), abs(other.high), 1.0)
        return self.high + slack < other.low or other.high + slack < self.low


def _ordinals() -> dict[str, float]:
    # Ordinal word -> its value, read once (owned by the package-data cache).
    return PACKAGE_DATA.load(
        ("slot ordinals",), lambda: {r[0]: float(r[1]) for r in rows("ordinal_words")}
    )


def _digits(token: str) -> float | None:
    try:
        return float(token.replace(",", "").rstrip("."))
    except ValueError:
        return None


def slot_numbers(text: str, read: SlotText) -> list[SlotNumber]:
    """The numbers of ``text`` (read by the scanner as ``read``), in text order.

    Each number the quantities reader finds covers the tokens that start inside its span;
    a digit token it leaves out (a year, "Flight 370") is a number of its own digits, a
    cardinal word it leaves out ("two weeks", read as a duration) one of its value.
    """
    out: list[SlotNumber] = []
    covered: set[int] = set()
    starts = read.starts
    k = 0
    for raw in raw_numbers(text):
        while k < len(starts) and starts[k] < raw.start:
            k += 1
        last = k
        while last < len(starts) and starts[last] < raw.end:
            last += 1
        if last > k:
            out.append(SlotNumber(k, last - 1, raw.low, raw.high, raw.percent))
            covered.update(range(k, last))
    cardinals = number_lexicon().cardinals
    ordinals = _ordinals()
    for j, kind in enumerate(read.kinds):
        if j in covered:
            continue
        token = read.tokens[j]
        # "one" is left out: mostly a pronoun ("one of them", "no one").
        word = token.lower()
        value = (
            _digits(token) if kind == _NUMBER else (cardinals.get(word) if word != "one" else None)
        )
        if value is not None:
            out.append(SlotNumber(j, j, float(value), float(value), False))
        elif word in ordinals:
            out.append(SlotNumber(j, j, ordinals[word], ordinals[word], False, ordinal=True))
    return sorted(out, key=lambda n: n.first)


def _plain(token: str) -> bool:
    # A word of the frame's kind: no number, no capitalised word of a name.
    return token[:1].isalpha() and not token[:1].isupper()


def frame_stems(claim: SlotText, skip: Iterable[int] = ()) -> frozenset[str]:
    """The claim's frame words by stem: words that are no stop word and none of its details
    (``skip``); in a sentence only its lower-case words (a capitalised word belongs to a
    name), in a title-case headline every such word.
    """
    details = set(skip)
    titled = claim.title_case()
    return frozenset(
        claim.stems[k]
        for k, token in enumerate(claim.tokens)
        if k not in details
        and claim.kinds[k] not in (_BARRIER, _STOP, _NUMBER)
        and token[:1].isalpha()
        and (titled or _plain(token))
    )


def frame_neighbours(read: SlotText, first: int, last: int) -> list[int]:
    """The nearest plain word on each side of tokens ``[first, last]`` of ``read``, stop
    words, capitalised words and numbers skipped, within :data:`FRAME_REACH` skipped-over
    words and one sentence.
    """
    out = []
    for start, step in ((first - 1, -1), (last + 1, 1)):
        k, seen = start, 0
        while 0 <= k < len(read.tokens) and read.kinds[k] != _BARRIER and seen <= FRAME_REACH:
            if read.kinds[k] != _STOP and _plain(read.tokens[k]):
                out.append(k)
                break
            seen += 1
            k += step
    return out
