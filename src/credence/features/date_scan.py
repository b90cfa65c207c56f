"""Where date expressions are: one scan of a text for date anchors (and quantity anchors).

One concept: finding the date matches of a text. Every date expression holds a digit, a month
or weekday name or one of a few words (the anchors); the date pattern
(:mod:`credence.features.date_patterns`) runs only in a small window around each anchor. The
same scan also finds the quantities extractor's anchors, so that an article is scanned once
for both (:func:`shared_date_scan`, kept per article in the engine's :class:`Context`).

A pure function of the text: nothing is kept between calls.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from typing import NamedTuple

from credence.features.context import Context
from credence.features.date_patterns import MONTH_NUMBERS, DatePatterns
from credence.features.lexicon import PACKAGE_DATA
from credence.features.number_words import (
    number_anchor_words,
    number_lexicon,
    trie_branches,
    unit_lemma,
)

__all__ = [
    "DateScan",
    "DateScanner",
    "date_scanner",
    "date_matches",
    "date_spans_and_quantity_anchors",
    "find_date_spans",
    "scan_dates",
    "shared_date_scan",
]

# Words before a bare year that make it a date even when a plural noun follows ("in 2022 troops").
_YEAR_PREPOSITIONS = frozenset(
    "in since by until till during from before after of through between and to the its "
    "early late mid circa year around".split()
)


_YEAR_COUNT_NOUN = re.compile(r"[ \t]+(?:more[ \t]+|additional[ \t]+|new[ \t]+)?([A-Za-z]+)")
_PREV_WORD = re.compile(r"([A-Za-z]+)[ \t]*\Z")


def _bare_year_is_count(text: str, start: int, end: int) -> bool:
    """True when a bare 1800–2100 number counts something ("2000 troops", "some 1500 people")."""
    lex = number_lexicon()
    prev = _PREV_WORD.search(text, max(0, start - 20), start)
    prev_word = prev.group(1).lower() if prev else ""
    if prev_word and (prev_word in _YEAR_PREPOSITIONS or prev_word in MONTH_NUMBERS):
        return False
    if prev_word and prev_word in lex.approx:
        return True
    nxt = _YEAR_COUNT_NOUN.match(text, end, min(len(text), end + 40))
    return nxt is not None and unit_lemma(nxt.group(1)) in lex.families


_ANCHOR_WORDS = (
    "yesterday today tonight tomorrow day days week weeks month months year years ago decade "
    "decades spring summer autumn fall winter quarter".split()
)
# Anchors written with capitals only: quarters and holidays.
_CASED_ANCHOR_WORDS = "Q1 Q2 Q3 Q4 Christmas Thanksgiving Halloween Easter Valentine".split()


def _anchor_words() -> list[str]:
    words = [*_ANCHOR_WORDS, *(w.capitalize() for w in _ANCHOR_WORDS), *_CASED_ANCHOR_WORDS]
    # Month names in lower case start "december 25, 2019" (the day number before a comma is no
    # anchor, and the walk back stops at the comma). Not "may" and "march": as verbs they are
    # frequent, and "may 5 2018" is still found from its day number (the walk back reads them).
    words += [calendar.month_name[i].lower() for i in range(1, 13) if i not in (3, 5)]
    words += [calendar.month_name[i] for i in range(1, 13)]
    words += [calendar.month_abbr[i] for i in range(1, 13)] + ["Sept"]
    words += [calendar.day_name[i] for i in range(7)]
    return words


def _anchor_pattern() -> re.Pattern[str]:
    words = _anchor_words()
    # Every date expression holds a digit, a month or weekday name, or one of the words above.
    # Starting with a character class (the non-letter before the anchor) lets the engine skip
    # ahead in C; the full pattern then runs only in a small window around each anchor. The
    # lookahead on the first character turns most non-anchor words away in one set test; the
    # alternatives (digits, then the words by first letter) each start with a character the
    # engine tests before it enters them.
    first_chars = "".join(sorted({w[0] for w in words}))
    alternatives = "|".join([_ANCHOR_DIGITS, *trie_branches(words, "(?![A-Za-z])")])
    return re.compile(rf"[^A-Za-z0-9_](?=[0-9{first_chars}])(?:{alternatives})")


# The digit runs that can be part of a date expression tried from them; the others ("1,000",
# "350", "10%") cannot, and dropping them changes no result. Tried at the run itself, every
# branch that starts with digits needs a year (four digits, then no digit) or one or two digits
# followed by "/", a space or tab, or a day suffix ("5th"); tried from lead words before it
# (only lead words stand between the start and the run), a branch holds the run as a year
# ("early 2022", "the 1990s") or as a count followed by a space ("the past 2 weeks"). ``\d``
# in the pattern also takes non-ASCII digits, so a run followed by one is always kept. The
# first digit is matched on its own: an alternative starting with a character set is turned
# away at once at a letter, where the scanner tries the word trie.
_DATE_DIGITS_AFTER_FIRST = r"(?:[0-9]{3}(?![0-9])|[0-9]?(?=[/ \tsnrt])|[0-9]*(?![0-9])(?=\d))"
_ANCHOR_DIGITS = "[0-9]" + _DATE_DIGITS_AFTER_FIRST


# A date expression starts at most this many words before its anchor word ("in the past two
# weeks") and ends within this many characters after the anchor's start ("September 30th, 2025").
_MAX_WORDS_BEFORE = 5
_WINDOW_AFTER = 40


# Words that can stand before the anchor inside a date expression ("in the past two weeks",
# "the end of", "late", "last", "earlier this"). Walking back from the anchor stops at the
# first other word, so most anchors are tried at one or two starts only.
_LEAD_WORDS = frozenset(
    """
    the early mid late end of start beginning middle past last previous next coming this
    earlier later in since by until till during from before after through on to and between
    a an one two three four five six seven eight nine ten eleven twelve couple
    first second third fourth final within new independence
    january february march april may june july august september october november december
    """.split()
)


def _starts_before(text: str, pos: int) -> list[int]:
    """Possible starts of a date expression holding the anchor at ``pos``, earliest first."""
    if pos == 0 or text[pos - 1] not in " \t-":
        return [pos]  # the walk below would stop at once: nothing to strip before ``pos``
    starts = [pos]
    cursor = pos
    for _ in range(_MAX_WORDS_BEFORE):
        segment = text[max(0, cursor - 14) : cursor]
        stripped = segment.rstrip(" \t-")
        if len(stripped) == len(segment):
            break  # no space or hyphen before: nothing to walk back to
        parts = stripped.rsplit(None, 1)
        if not parts:
            break
        word = parts[-1]
        if word.lower() not in _LEAD_WORDS:
            break
        cursor = max(0, cursor - 14) + len(stripped) - len(word)
        starts.insert(0, cursor)
    return starts


def _match_at_anchors(
    by_start: dict[str, re.Pattern[str] | None], text: str, anchors: Iterable[int]
) -> list[re.Match[str]]:
    """The date matches tried from the anchors at the given offsets (in order), with the
    patterns by start ``by_start`` (:attr:`DatePatterns.by_start`).
    """
    out: list[re.Match[str]] = []
    last_end = 0
    text_len = len(text)
    for pos in anchors:
        if pos < last_end:
            continue
        window_end = min(text_len, pos + _WINDOW_AFTER)
        # After punctuation no lead word can stand before the anchor (see _starts_before).
        starts = (pos,) if pos == 0 or text[pos - 1] not in " \t-" else _starts_before(text, pos)
        for start in starts:
            if start < last_end:
                continue
            pattern = by_start[text[start : start + 2]]
            if pattern is None:
                continue
            m = pattern.match(text, start, window_end)
            if m is None or m.end() <= pos:
                continue
            if m.lastgroup == "year" and _bare_year_is_count(text, m.start(), m.end()):
                break
            out.append(m)
            last_end = m.end()
            break
    return out


def date_matches(text: str) -> list[re.Match[str]]:
    """The date matches of ``text``, in order (a pure function of ``text``)."""
    return date_scanner().date_matches(text)


def find_date_spans(text: str) -> list[tuple[int, int]]:
    """Offsets ``(start, end)`` of every date expression in ``text`` (no resolution).

    Used by :mod:`credence.features.quantities` so that day numbers and years are not read as
    amounts.
    """
    return [m.span() for m in date_matches(text)]


# The quantities extractor's digit token ("1,000.5"), as its own anchor pattern reads it, and
# how much of it the shared scan reads ahead (longer tokens are read again, once each).
_QUANTITY_DIGITS = re.compile(r"[0-9][0-9,.]*")
_TOKEN_PEEK = 40


def _shared_anchor_scan() -> tuple[re.Pattern[str], frozenset[str], frozenset[str]] | None:
    """One scan for the anchors of both this extractor and the quantities extractor.

    Run alone, the quantities extractor needs both (the date spans, then its own anchors), and
    one pass over the text costs less than two. The words of both sit in one trie (each word
    start tries one branch, not one per extractor), whose first-level branches are
    alternatives of the pattern beside the digits (each starts with a character the engine
    tests before it enters it); the date words are returned beside the pattern to tell them
    apart. Groups: 1 the quantities extractor's digit token ("1,000.5") after its first digit,
    read ahead without consuming it (a date may start after the comma), at most
    ``_TOKEN_PEEK`` characters of it (the scan finds a digit run after each comma of a long
    token: reading each to its end would be quadratic), 2 (empty) set when the digit run is a
    date anchor. A match's ``lastindex`` is thus None for a word (the match less its first
    character), 2 for a date digit run and 1 for another digit run. None when a word anchors
    both (the scans then stay apart).
    """
    date_words, quantity_words = _anchor_words(), number_anchor_words()
    # A word may anchor both ("quarter": "the third quarter", "a quarter of"): one trie holds
    # it once, and the scan hands it to both.
    first_chars = "".join(sorted({w[0] for w in date_words + quantity_words}))
    digits = rf"[0-9](?=([0-9,.]{{0,{_TOKEN_PEEK}}}))(?:(?={_DATE_DIGITS_AFTER_FIRST})())?[0-9]*"
    words = trie_branches(date_words + quantity_words, "(?![A-Za-z])")
    pattern = re.compile(rf"[^A-Za-z0-9_](?=[0-9{first_chars}])(?:{'|'.join([*words, digits])})")
    return pattern, frozenset(date_words), frozenset(quantity_words)


class DateScan(NamedTuple):
    """What one scan of ``text`` finds for both the dates and the quantities extractors.

    Returned by :func:`scan_dates`. A caller that runs both extractors on the same text (the
    engine) scans once and passes the result to both as ``date_scan=``; each extractor uses it
    only when its ``text`` is the very text scanned, and scans on its own otherwise.
    """

    text: str
    matches: tuple[re.Match[str], ...]
    quantity_anchors: tuple[tuple[int, int, str], ...] | None


def date_spans_and_quantity_anchors(
    text: str,
) -> tuple[list[tuple[int, int]], list[tuple[int, int, str]] | None]:
    """Date spans of ``text`` and, when one scan could find them too, the quantity anchors.

    See :func:`scan_dates`.
    """
    scan = scan_dates(text)
    anchors = None if scan.quantity_anchors is None else list(scan.quantity_anchors)
    return [m.span() for m in scan.matches], anchors


def scan_dates(text: str) -> DateScan:
    """The date matches of ``text`` and, when one scan could find them too, the quantity anchors.

    The anchors are ``(start, end, token)`` as the quantities extractor's own scan finds them.
    That scan consumes a whole token such as "1,000.5" and finds no anchor starting inside it;
    the shared scan consumes digit runs only (as the date scan does: a date may start after
    the comma), so the quantity anchors whose leading character falls inside the last kept
    token are dropped. Each kept token is read once, so the work stays linear. The anchors are
    None when a word anchors both extractors (no shared scan: the quantities extractor then
    scans for its anchors alone). A pure function of ``text``: nothing is kept between calls.
    """
    return date_scanner().scan(text)


def shared_date_scan(context: Context) -> DateScan:
    """The date scan of ``context.text``, made once per context for dates and quantities."""
    return context.shared("date_scan", lambda: scan_dates(context.text))


class DateScanner:
    """The compiled patterns of the date scan: the anchor scans and the date patterns.

    A loaded lexicon (:func:`date_scanner` holds the one the extractors use): each pattern is
    compiled on its first use, from fixed word lists, and kept by this object; the scans
    themselves keep nothing between texts.

    Examples
    --------
    >>> [m.group() for m in DateScanner().date_matches("We met on Monday, 3 March 2025.")]
    ['Monday, 3 March 2025']
    """

    def __init__(self) -> None:
        self.patterns = DatePatterns()
        self._anchor: re.Pattern[str] | None = None
        self._shared: tuple[re.Pattern[str], frozenset[str], frozenset[str]] | None = None
        self._shared_built = False  # _shared_anchor_scan may give None: built once all the same

    def date_matches(self, text: str) -> list[re.Match[str]]:
        """The date matches of ``text``, in order."""
        if self._anchor is None:
            self._anchor = _anchor_pattern()
        # One character before the text for the anchor's leading class: an anchor's start in
        # the scanned string is its word's start in ``text``.
        anchors = [a.start() for a in self._anchor.finditer(" " + text)]
        return _match_at_anchors(self.patterns.by_start, text, anchors)

    def _shared_anchors(self) -> tuple[re.Pattern[str], frozenset[str], frozenset[str]] | None:
        if not self._shared_built:
            self._shared, self._shared_built = _shared_anchor_scan(), True
        return self._shared

    def scan(self, text: str) -> DateScan:
        """:func:`scan_dates` with these patterns."""
        shared = self._shared_anchors()
        if shared is None:
            return DateScan(text, tuple(self.date_matches(text)), None)
        pattern, date_words, quantity_words = shared
        # Offsets in the scanned string are shifted by 1 (as in _date_matches): a match's start,
        # its leading non-letter, is its anchor's start in ``text``.
        date_anchors: list[int] = []
        quantity_anchors: list[tuple[int, int, str]] = []
        resume = 0  # where the quantities extractor's scan would resume (in the scanned string)
        for a in pattern.finditer(" " + text):
            kind = a.lastindex
            start = a.start()
            if kind is None:
                word = a.group()[1:]
                if word in date_words:
                    date_anchors.append(start)
                if word in quantity_words and start >= resume:
                    end = start + len(word)
                    quantity_anchors.append((start, end, word))
                    resume = end + 1
                continue
            if kind == 2:
                date_anchors.append(start)
            if start >= resume:
                token = a.string[start + 1 : a.end(1)]  # the first digit and group 1
                if len(token) > _TOKEN_PEEK:  # the token may go on: read it whole (once)
                    token = _QUANTITY_DIGITS.match(a.string, start + 1).group()  # type: ignore[union-attr]
                end = start + len(token)
                quantity_anchors.append((start, end, token))
                resume = end + 1
        return DateScan(
            text,
            tuple(_match_at_anchors(self.patterns.by_start, text, date_anchors)),
            tuple(quantity_anchors),
        )


def date_scanner() -> DateScanner:
    """The loaded :class:`DateScanner` (one per process, held by ``PACKAGE_DATA``)."""
    return PACKAGE_DATA.load("date scanner", DateScanner)
