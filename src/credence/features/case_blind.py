r"""Case-insensitive word-list searches, run case-sensitively on lower-cased text.

Python's regex engine matches an ``IGNORECASE`` pattern by folding every character it
compares, which makes the long word alternations of the claim rules (evaluative words,
reporting verbs, quantity words) two to four times slower than the same pattern without the
flag. Lower-casing the text once and searching it with the pattern's lower-cased twin gives
the same answer whenever no character of the text folds onto an ASCII letter other than that
letter's own two cases, and lower-casing keeps every character one character long: true of
every text except those holding one of four characters (``İ ı ſ K``, the Kelvin sign),
which :func:`lowered_text` detects so that the caller uses the original pattern instead.
``tests/test_case_blind.py`` derives those four from the regex engine itself.

Faster still, a pattern that is a list of whole words (``\b(?:said|says|...)\b``) is
answered from the set of the text's word runs (:func:`word_runs`): a plain word matches
between two ``\b`` exactly where it is a whole run of word characters, so one tokenisation
of a clause serves every word list, and only the alternatives that are not plain words
(``according to``, ``\d``) are left to the regex engine.
"""

from __future__ import annotations

import re

from credence.features.clause_tokens import word_runs

__all__ = ["CaseBlind", "lowered_text", "word_runs"]

# The characters IGNORECASE equates with an ASCII letter (İ ı ſ K) that ``str.lower`` does
# not map onto it (or maps onto two characters: İ).
_CASE_TRAPS = re.compile("[\u0130\u0131\u017f\u212a]")


# An alternative the word-run set can answer: letters and digits, optionally a plural "s?".
_PLAIN_WORD = re.compile(r"([a-z0-9]+)(s\?)?")
_WORD_LIST = re.compile(r"\\b\(\?:(?P<words>.*)\)\\b", re.DOTALL)
_LEAD = re.compile(
    r"\\b(?:\(\?:(?P<group>[a-z0-9]+(?:\|[a-z0-9]+)*)\)|(?P<word>[a-z0-9]+))(?P<plural>s\?)?"
    r"(?: |\\s|'|’|\\b)"
)


def _top_level_alternatives(source: str) -> list[str] | None:
    """``source`` split at its top-level ``|``; ``None`` when a bracket makes that unsure."""
    parts: list[str] = []
    depth = 0
    escaped = in_class = False
    current: list[str] = []
    for char in source:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth < 0:
                return None
        elif char == "|" and depth == 0:
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    parts.append("".join(current))
    return None if depth or in_class or escaped else parts


def _split_word_list(source: str) -> tuple[frozenset[str], list[str]]:
    r"""The plain words of ``source``'s ``\b(?:...)\b`` alternatives, and the rest.

    The rest are patterns matching, together, where ``source`` matches other than on one of
    the words; a ``source`` of any other shape is all rest.
    """
    words: set[str] = set()
    rest: list[str] = []
    for alternative in _top_level_alternatives(source) or [source]:
        listed = _WORD_LIST.fullmatch(alternative)
        inner = _top_level_alternatives(listed.group("words")) if listed else None
        if inner is None:
            rest.append(alternative)
            continue
        for word in inner:
            plain = _PLAIN_WORD.fullmatch(word.lower())
            if plain is None:
                # One alternative of the list: no top-level "|", so no group is needed.
                rest.append(r"\b" + word + r"\b")
                continue
            words.add(plain.group(1))
            if plain.group(2):
                words.add(plain.group(1) + "s")
    return frozenset(words), rest


def _leading_words(lowered_source: str) -> frozenset[str] | None:
    r"""Words one of which is a whole word run wherever the pattern matches (``None``: unknown).

    Read from a pattern that opens with ``\b``, then a plain word or a group of them
    (``\b(?:i|we)\s+``, ``\bneeds? to``), then something that is never a word character.
    """
    lead = _LEAD.match(lowered_source)
    if lead is None:
        return None
    stems = (lead.group("group") or lead.group("word")).split("|")
    if lead.group("plural"):
        stems += [stem + "s" for stem in stems]
    return frozenset(stems)


class _Rest:
    """One alternative left to the regex engine, tried only where it can match."""

    __slots__ = ("leads", "find")

    def __init__(self, source: str, flags: int) -> None:
        lowered = _lowered_source(source)
        self.leads = _leading_words(lowered)
        compiled = re.compile(lowered, flags & ~re.IGNORECASE)
        # Anchored at the start (no MULTILINE): trying the start alone gives the same answer.
        anchored = lowered.startswith("^") and not flags & re.MULTILINE
        self.find = compiled.match if anchored else compiled.search


def lowered_text(text: str) -> str | None:
    """``text.lower()`` when a :class:`CaseBlind` search of it is exact, else ``None``."""
    if text.isascii() or _CASE_TRAPS.search(text) is None:
        return text.lower()
    return None


def _lowered_pattern(pattern: re.Pattern[str]) -> re.Pattern[str]:
    if not pattern.flags & re.IGNORECASE:
        raise ValueError(f"The pattern {pattern.pattern!r} is not case-insensitive.")
    if not pattern.pattern.isascii() or "\\N" in pattern.pattern or "(?P" in pattern.pattern:
        raise ValueError(
            f"The pattern {pattern.pattern!r} has a non-ASCII character, a named escape or a "
            "named group, which lower-casing could change."
        )
    return re.compile(_lowered_source(pattern.pattern), pattern.flags & ~re.IGNORECASE)


def _lowered_source(source: str) -> str:
    # Every literal character lower-cased, escapes kept as written (\S is not \s).
    out: list[str] = []
    escaped = False
    for char in source:
        out.append(char if escaped else char.lower())
        escaped = char == "\\" and not escaped
    return "".join(out)


class CaseBlind:
    r"""An ``IGNORECASE`` pattern with its twin for lower-cased text.

    Parameters
    ----------
    pattern : re.Pattern
        A case-insensitive ASCII pattern without ``\N{...}`` escapes or named groups.

    Examples
    --------
    >>> said = CaseBlind(re.compile(r"\bsaid\b", re.IGNORECASE))
    >>> text = "Officials SAID so."
    >>> said.found(text, lowered_text(text))
    True
    """

    __slots__ = ("pattern", "lowered", "words", "rest")

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.lowered = _lowered_pattern(pattern)
        words, rest = _split_word_list(pattern.pattern)
        self.words = words
        self.rest = tuple(_Rest(source, pattern.flags) for source in rest)

    def found(self, text: str, lowered: str | None, runs: frozenset[str] | None = None) -> bool:
        """Whether ``pattern`` matches somewhere in ``text``.

        ``lowered`` is :func:`lowered_text` of ``text`` (``None`` searches ``text`` itself);
        ``runs``, when given, is :func:`word_runs` of ``lowered``.
        """
        if lowered is None:
            return self.pattern.search(text) is not None
        if runs is None:
            return self.lowered.search(lowered) is not None
        if not self.words.isdisjoint(runs):
            return True
        for rest in self.rest:
            if (rest.leads is None or not rest.leads.isdisjoint(runs)) and rest.find(lowered):
                return True
        return False
