"""Swapped-detail training pairs for the agreement model, made from real agreeing pairs.

The labelled pairs (Emergent claim/headline stances, FNC-1 headlines against their bodies'
best sentences) almost never hold a claim and a sentence that differ in one detail: two
texts that share every word but a number or a name are nearly always an agreeing pair
there, so a model trained on them reads "freight train" against "passenger train" as
agreement. A false variant of a true claim is exactly such a pair.

:func:`detail_swaps` makes them from the real pairs: it takes an agreeing pair whose second
text states a detail of the first (a number, a year, a weekday or month, a nationality, a
name) and puts in the first text another value of the same kind, drawn from the texts of
*other* groups of the same training data. The new pair keeps the original pair's group, so
no swapped claim crosses a cross-validation or calibration fold; the model labels it
``related`` (the same subject, another assertion) or, as an option, ``contradict``.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from credence.features.lexicon import rows, words

__all__ = ["DETAIL_FAMILY", "DETAIL_KINDS", "Detail", "detail_swaps", "details_of"]

#: The kinds of detail a swap replaces, each by another value of its own kind.
DETAIL_KINDS: tuple[str, ...] = (
    "number",
    "year",
    "day",
    "month",
    "nationality",
    "place",
    "name",
    "full name",
)

#: The family of each kind: details of one family state one slot ("Texas" and "Canadian"
#: may fill one, "Monday" and "March" another), as the agreement features compare them.
DETAIL_FAMILY: dict[str, str] = {
    "number": "number",
    "year": "number",
    "day": "date",
    "month": "date",
    "nationality": "name",
    "place": "name",
    "name": "name",
    "full name": "name",
}

# A number with its scale word or unit sign ("4,300", "2.5", "19 million", "64%"); a plain
# four-digit number from 1900 to 2099 is a year.
_NUMBER = re.compile(
    r"(?<![\w.,])\d[\d,]*(?:\.\d+)?(?:\s?(?:%|percent|million|billion|thousand|hundred)\b)?"
    r"(?![\w])",
    re.IGNORECASE,
)
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_CAPITALISED = re.compile(r"[A-Z][\w'’.-]*[\w]|[A-Z]")
_TRAILING_POSSESSIVE = re.compile(r"['’]s$")
_PLACE_PREPOSITIONS = frozenset({"in", "at", "near", "from", "to", "into", "outside", "across"})


@dataclass(frozen=True, slots=True)
class Detail:
    """One detail of a text: its kind and its span (offsets into the text)."""

    kind: str
    start: int
    end: int
    text: str


@cache
def _calendar() -> dict[str, str]:
    # "day" and "month" words only (seasons are too often other words: "fall").
    return {row[0].lower(): row[1] for row in rows("calendar_words") if row[1] in {"day", "month"}}


@cache
def _demonyms() -> frozenset[str]:
    return words("demonyms")


@cache
def _not_names() -> frozenset[str]:
    # Titles ("Mr.", "Dr.") stand before a name without being one.
    titles = frozenset({"mr", "mrs", "ms", "dr"})
    return words("english_stop_words") | words("time_words") | words("sentence_openers") | titles


def _number_details(text: str) -> list[Detail]:
    out = []
    for match in _NUMBER.finditer(text):
        kind = "year" if _YEAR.match(match.group()) else "number"
        out.append(Detail(kind, match.start(), match.end(), match.group()))
    return out


def _name_kind(before: str, name: str) -> str:
    # A name after a preposition of place ("in Nevada", "near Halifax") is a place; other
    # names swap with names of as many words ("Boston" for "Nevada" but not for "Jihadi
    # John"), so a swapped name still reads like one of its kind.
    previous = before.split()[-1].lower() if before.split() else ""
    if previous in _PLACE_PREPOSITIONS:
        return "place"
    return "name" if " " not in name else "full name"


def _opens_sentence(before: str) -> bool:
    # After a sentence end, but not after a short abbreviation ("Mr.", "U.S.").
    tokens = before.split()
    if not tokens:
        return True
    return tokens[-1][-1] in ".!?:" and len(tokens[-1]) > 4


def _title_case(text: str) -> bool:
    # A headline in title case capitalises every word: its case names nothing.
    alphabetic = [w for w in text.split() if w[:1].isalpha()]
    capitalised = sum(1 for w in alphabetic if w[0].isupper())
    return len(alphabetic) >= 4 and capitalised >= 0.75 * len(alphabetic)


def _word_details(text: str) -> list[Detail]:
    """Weekdays, months, nationalities and runs of capitalised words (names).

    A capitalised word that opens the text or follows a sentence end names nothing by its
    case alone, and is left out, as are stop words and the words of a title-case headline.
    """
    calendar, demonyms, not_names = _calendar(), _demonyms(), _not_names()
    title_case = _title_case(text)
    out: list[Detail] = []
    run: list[re.Match[str]] = []

    def close_run() -> None:
        if run:
            start, end = run[0].start(), run[-1].end()
            name = _TRAILING_POSSESSIVE.sub("", text[start:end])
            out.append(Detail(_name_kind(text[:start], name), start, start + len(name), name))
            run.clear()

    previous_end = 0
    for match in _CAPITALISED.finditer(text):
        word = match.group().rstrip(".")
        lowered = word.lower()
        between = text[previous_end : match.start()]
        if run and between.strip():
            close_run()
        previous_end = match.end()
        opens = _opens_sentence(text[: match.start()])
        if lowered in calendar:
            close_run()
            out.append(Detail(calendar[lowered], match.start(), match.start() + len(word), word))
        elif lowered in demonyms:
            close_run()
            out.append(Detail("nationality", match.start(), match.start() + len(word), word))
        elif opens or title_case or lowered in not_names:
            close_run()
        else:
            run.append(match)
    close_run()
    return out


def details_of(text: str) -> list[Detail]:
    """The details of ``text`` a swap may replace, in text order.

    Examples
    --------
    >>> found = details_of("Canadian police found 4,300 rifles in Toronto on Monday.")
    >>> [(d.kind, d.text) for d in found]
    [('nationality', 'Canadian'), ('number', '4,300'), ('place', 'Toronto'), ('day', 'Monday')]
    """
    return sorted(_number_details(text) + _word_details(text), key=lambda d: d.start)


def _states(text: str, value: str) -> bool:
    # Whole-word, case-blind: "Texas" in "…not Texas" but not "Tex" in "Texas".
    return re.search(rf"(?<!\w){re.escape(value)}(?!\w)", text, re.IGNORECASE) is not None


def detail_swaps(
    first: Sequence[str],
    second: Sequence[str],
    labels: Sequence[str],
    groups: Sequence[str],
    *,
    share: float = 1.0,
    seed: int = 0,
) -> list[tuple[int, str]]:
    """Swapped-detail versions of agreeing pairs, as ``(index of the pair, new first text)``.

    For each ``agree`` pair (with probability ``share``) whose second text states one of the
    first text's details (as a detail of its family, :data:`DETAIL_FAMILY`), that detail of
    the first text is replaced by another value of its kind, taken from a text of another
    group and stated by neither text of the pair. A pair gives at most one swap, which keeps
    the pair's group (:class:`~credence.models.agreement.AgreementModel` labels it).

    Parameters
    ----------
    first, second, labels, groups : sequence
        The pairs, their labels (``agree`` …) and their fold groups.
    share : float
        Share of the eligible agreeing pairs that get a swap.
    seed : int
        Seed of the choices.

    Examples
    --------
    >>> swaps = detail_swaps(
    ...     ["Tesla will build its plant in Nevada.", "Storms hit farms in Texas in March."],
    ...     ["Tesla picked Nevada for its plant.", "In Texas, storms hit farms in March."],
    ...     ["agree", "agree"], ["g1", "g2"])
    >>> swaps
    [(0, 'Tesla will build its plant in Texas.'), (1, 'Storms hit farms in Nevada in March.')]
    """
    rng = random.Random(seed)
    found = [details_of(text) for text in first]
    pool: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for text_details, group in zip(found, groups, strict=True):
        for detail in text_details:
            pool[detail.kind].append((group, detail.text))
    out = []
    for k, (a, b, label, group) in enumerate(zip(first, second, labels, groups, strict=True)):
        if label != "agree" or rng.random() >= share:
            continue
        # Only a detail the second text states as a detail of the same family: a swap the
        # pair's features can see (a title-case headline's names are not read as names).
        in_second = {
            (DETAIL_FAMILY[d.kind], d.text.lower()) for d in details_of(b) if _states(a, d.text)
        }
        stated = [d for d in found[k] if (DETAIL_FAMILY[d.kind], d.text.lower()) in in_second]
        rng.shuffle(stated)
        for detail in stated:
            candidates = pool[detail.kind]
            for _ in range(20):
                other_group, value = candidates[rng.randrange(len(candidates))]
                if other_group != group and not _states(a, value) and not _states(b, value):
                    out.append((k, a[: detail.start] + value + a[detail.end :]))
                    break
            else:
                continue
            break
    return out
