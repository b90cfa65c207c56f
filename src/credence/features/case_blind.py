"""Case-insensitive word-list searches, run case-sensitively on lower-cased text.

Python's regex engine matches an ``IGNORECASE`` pattern by folding every character it
compares, which makes the long word alternations of the claim rules (evaluative words,
reporting verbs, quantity words) two to four times slower than the same pattern without the
flag. Lower-casing the text once and searching it with the pattern's lower-cased twin gives
the same answer whenever no character of the text folds onto an ASCII letter other than that
letter's own two cases, and lower-casing keeps every character one character long: true of
every text except those holding one of four characters (``İ ı ſ K``, the Kelvin sign),
which :func:`lowered_text` detects so that the caller uses the original pattern instead.
``tests/test_case_blind.py`` derives those four from the regex engine itself.
"""

from __future__ import annotations

import re

__all__ = ["CaseBlind", "lowered_text"]

# The characters IGNORECASE equates with an ASCII letter (İ ı ſ K) that ``str.lower`` does
# not map onto it (or maps onto two characters: İ).
_CASE_TRAPS = re.compile("[\u0130\u0131\u017f\u212a]")


def lowered_text(text: str) -> str | None:
    """``text.lower()`` when a :class:`CaseBlind` search of it is exact, else ``None``."""
    if text.isascii() or _CASE_TRAPS.search(text) is None:
        return text.lower()
    return None


def _lowered_pattern(pattern: re.Pattern[str]) -> re.Pattern[str]:
    # Every literal character lower-cased, escapes kept as written (\S is not \s).
    if not pattern.flags & re.IGNORECASE:
        raise ValueError(f"The pattern {pattern.pattern!r} is not case-insensitive.")
    if not pattern.pattern.isascii() or "\\N" in pattern.pattern or "(?P" in pattern.pattern:
        raise ValueError(
            f"The pattern {pattern.pattern!r} has a non-ASCII character, a named escape or a "
            "named group, which lower-casing could change."
        )
    out: list[str] = []
    escaped = False
    for char in pattern.pattern:
        out.append(char if escaped else char.lower())
        escaped = char == "\\" and not escaped
    return re.compile("".join(out), pattern.flags & ~re.IGNORECASE)


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

    __slots__ = ("pattern", "lowered")

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.lowered = _lowered_pattern(pattern)

    def found(self, text: str, lowered: str | None) -> bool:
        """Whether ``pattern`` matches somewhere in ``text``.

        ``lowered`` is :func:`lowered_text` of ``text`` (``None`` searches ``text`` itself).
        """
        if lowered is None:
            return self.pattern.search(text) is not None
        return self.lowered.search(lowered) is not None
