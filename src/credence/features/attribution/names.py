"""People named in an article, and what the text says about their gender.

Pronoun sources ("she noted") and bare surnames ("Cosgrove said") refer back to people named
before, whether or not those people spoke: :func:`person_mentions` finds the full names
(two to four capitalised words, titles dropped, alias-table entities and source-head nouns
excluded) with one regular-expression scan, and :func:`gender_of` reads the text's own
evidence about a person (a title, or the first personal pronoun after the name before the
next name), so that "she" skips a man the text calls "he".
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from credence.features.attribution.lexicon import _TITLES, MAX_KEPT_RESOLUTIONS, AttributionLexicon
from credence.features.attribution.result_objects import new_source_mention
from credence.features.attribution.results import SourceMention

__all__ = ["person_mentions", "gender_of", "same_person"]

# The capital comes first and the look-behind after it (the character before the capital is
# no word character, dot, apostrophe or hyphen): the same matches as the look-behind first,
# but a pattern that opens with a character class lets the regex engine skip to the next
# capital instead of trying every offset (2.4x faster on news).
_NAME_RE = re.compile(r"[A-Z](?<![\w.’'-].)[a-z’'-]+(?:\s+(?:[A-Z]\.\s+)?[A-Z][a-z’'-]+){1,4}")
_PRONOUN_RE = re.compile(r"\b(?:(he|his|him|himself)|(she|her|hers|herself))\b", re.IGNORECASE)
_MALE_TITLE_RE = re.compile(r"\b(?:Mr|Sir|Lord|King|Prince)\.?\s+$")
_FEMALE_TITLE_RE = re.compile(r"\b(?:Ms|Mrs|Miss|Madam|Lady|Queen|Princess)\.?\s+$")
#: How far after a name (characters) its pronouns are looked for.
_GENDER_WINDOW = 200


def _is_name_word(word: str, lex: AttributionLexicon) -> bool:
    return word.lower().rstrip("’'s").rstrip("’'") not in lex.not_name_words


def person_mentions(text: str, lex: AttributionLexicon) -> list[SourceMention]:
    """Full names of people in ``text`` (titles dropped), as person mentions in text order."""
    found = []
    # What a match names depends on its characters alone, and the same names recur from
    # article to article: each is read once per lexicon (see _person_in).
    known = lex.person_names
    if len(known) > MAX_KEPT_RESOLUTIONS:
        known.clear()
    for match in _NAME_RE.finditer(text):
        written = match.group()
        person = known.get(written, _UNREAD)
        if person is _UNREAD:
            person = known[written] = _person_in(written, lex)
        if person is not None:
            head, tail, name = person
            start, end = match.start() + head, match.end() - tail
            found.append(new_source_mention(start, end, text[start:end], name, "person"))
    return found


#: Not looked at yet (``None`` is a match that names no one).
_UNREAD = object()


def _person_in(written: str, lex: AttributionLexicon) -> tuple[int, int, str] | None:
    """The person a match of ``_NAME_RE`` names: ``(characters dropped before the name,
    characters dropped after it, the name)``, or ``None`` when it names no one (one word
    left once titles and sentence-opening words are dropped, a word that is no part of a
    name, or an alias-table entity).
    """
    words = written.split()
    start = 0
    # Leading titles and sentence-opening words ("Senator", "But") are not the name.
    while words and (words[0].lower().rstrip(".") in _TITLES or not _is_name_word(words[0], lex)):
        start = written.index(words[1], start + len(words[0])) if len(words) > 1 else start
        words = words[1:]
    if len(words) < 2 or not all(_is_name_word(w, lex) for w in words):
        return None
    tail = 0
    if words[-1].endswith(("’s", "'s")):
        words[-1] = words[-1][:-2]
        tail = 2
    if lex.lookup(words) is not None:
        return None
    return start, tail, " ".join(words)


def gender_of(text: str, person: SourceMention, next_name: int) -> str | None:
    """``"m"``, ``"f"`` or ``None``: what ``text`` says about the gender of ``person``.

    A title just before the name decides; otherwise the first personal pronoun after the
    name and before ``next_name`` (the next person's start) does.
    """
    before = text[max(0, person.start - 8) : person.start]
    if _MALE_TITLE_RE.search(before):
        return "m"
    if _FEMALE_TITLE_RE.search(before):
        return "f"
    low = person.text.lower()
    if low in ("he", "him"):
        return "m"
    if low in ("she", "her"):
        return "f"
    match = _PRONOUN_RE.search(text, person.end, min(next_name, person.end + _GENDER_WINDOW))
    if match is None:
        return None
    return "m" if match.group(1) else "f"


def merge_mentions(
    first: Sequence[SourceMention], second: Sequence[SourceMention]
) -> list[SourceMention]:
    """Both lists of mentions in one, sorted by start; a mention inside another is dropped."""
    merged = sorted([*first, *second], key=lambda m: (m.start, -m.end))
    out: list[SourceMention] = []
    for m in merged:
        if out and m.start < out[-1].end:
            continue
        out.append(m)
    return out


def same_person(first: str, second: str) -> bool:
    """Whether two canonical person names can name one person across articles.

    One article may name "James Comey" and another only "Comey": a name whose words end the
    other name (the surname, or first and last name) is the same person; two different first
    names are not ("Jane Smith" and "John Smith").

    Examples
    --------
    >>> same_person("James Comey", "Comey"), same_person("Jane Smith", "John Smith")
    (True, False)
    """
    a, b = first.split(), second.split()
    if not a or not b:
        return False
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return long[-len(short) :] == short
