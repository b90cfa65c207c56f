"""Sentence splitting with offsets into the original text.

Sentences never cross a paragraph boundary. The splitter is a single left-to-right pass over
sentence-final punctuation with bounded look-around, so it runs in linear time; it knows
about abbreviations ("Gen.", "U.S.", "a.m."), initials, decimals, quotations, ellipses, URLs,
a missing space after a full stop ("expected.Recent") and embedded-post credits
("— Name (@handle) February 17, 2025"), which become sentences of their own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from credence.document import Paragraph, Sentence
from credence.features.addresses import STRIP_TRAILING, in_address
from credence.features.lexicon import rows, words
from credence.features.paragraphs import split_paragraphs
from credence.features.punctuation import (
    CLOSERS,
    OPENERS,
    SPACELESS_TERMINATORS,
    TERMINATOR_CONTEXT,
)
from credence.features.segment_objects import new_sentence

__all__ = ["split_sentences", "sentence_cuts", "sentences_from_cuts"]


def _abbreviations(kind: str) -> frozenset[str]:
    """The abbreviations of ``kind`` in the word list ``abbreviations`` (see its header)."""
    return frozenset(row[0].lower() for row in rows("abbreviations") if kind in row[1].split())


# Titles and other abbreviations that are (almost) never the last word of a sentence.
_NEVER_FINAL = _abbreviations("never-final")
# Abbreviations that are not final when a number follows ("No. 5", "Feb. 17").
_BEFORE_NUMBER = _abbreviations("before-number")
# Abbreviations that may end a sentence: split only when a typical sentence opener follows.
_MAYBE_FINAL = _abbreviations("maybe-final")
# Capitalised words that usually open a sentence (closed-class words, not names).
_SENTENCE_OPENERS = words("sentence_openers")
# Titles before a name: after an abbreviation that may end a sentence ("6 P.M.", "Inc.",
# "U.S."), a title followed by its full stop opens the next sentence ("at 6 P.M. Mr. Smith
# then went") unless the abbreviation comes among the first words ("At 5 a.m. Mr. Smith went").
_TITLES = _abbreviations("title")
# After a clock time ("8 p.m."), a capitalised word opens a new sentence unless it goes on
# telling the time: a weekday, a month, a time zone ("GMT", "Eastern"), "... Kyiv time".
_CLOCK_ABBREVIATIONS = _abbreviations("clock")
_TIME_WORDS = words("time_words")
# Words a sentence holds before such an abbreviation for the title after it to open a new one.
_MIN_WORDS_BEFORE_TITLE = 3
# Every word _abbreviation_allows_split looks up (lower-cased).
_ABBREVIATIONS = _NEVER_FINAL | _BEFORE_NUMBER | _MAYBE_FINAL
# Names spelt with an exclamation mark ("Yahoo! News").
_EXCLAIMED_NAMES = frozenset({"yahoo", "jeopardy"})
_DOTTED_ABBREVIATION = re.compile(r"(?:[^\W\d_]{1,2}\.)+[^\W\d_]{1,2}")

# Embedded social-media posts end with a credit line such as
# "— Lord Bebo (@MyLordBebo) February 17, 2025"; the negated classes keep matching linear.
_EMBED_CREDIT = re.compile(
    r"[\u2014\u2013-]{1,2}[ \t\u00a0]*[^\s\u2014\u2013()@][^\u2014\u2013()@\n]{0,80}"
    r"\(@\w{1,30}\)"
    r"(?:[ \t\u00a0]+(?:on[ \t]+)?[A-Z][a-z]{2,8}\.?[ \t\u00a0]+\d{1,2},?[ \t\u00a0]+\d{4})?"
)
_EMBED_PREFIX = re.compile(r"\bA post shared by\b")
_WORD_LEADING = OPENERS + "-\u2013\u2014/"


def _word_before(text: str, position: int, floor: int) -> str:
    """The token ending at ``position`` (bounded look-back), without opening punctuation."""
    start = max(floor, position - 40)
    # Usually a space starts the token: one C-level rfind in the text, no window copy. When
    # the token so found holds another separator, that one is the later: cut again there.
    word = text[text.rfind(" ", start, position) + 1 or start : position]
    if "\n" in word or "\t" in word or "\u00a0" in word:
        word = word[max(word.rfind("\n"), word.rfind("\t"), word.rfind("\u00a0")) + 1 :]
    return word.lstrip(_WORD_LEADING)


def _word_after(text: str, position: int, end: int) -> str:
    stop = position
    limit = min(end, position + 24)
    while stop < limit and text[stop].isalpha():
        stop += 1
    return text[position:stop]


def _abbreviation_allows_split(word: str, text: str, position: int, end: int) -> bool:
    """For a full stop after ``word`` (next text at ``position``): may the sentence end?"""
    lowered = word.lower()
    if lowered in _NEVER_FINAL:
        return False
    if lowered in _BEFORE_NUMBER and text[position].isdigit():
        return False
    if (
        lowered in _MAYBE_FINAL
        or ("." in word and _DOTTED_ABBREVIATION.fullmatch(word))
        or (len(word) == 1 and word.isalpha())
    ):
        # "the U.S. Army" / "John F. Kennedy" continue; "in the U.S. The" ends. Only these
        # abbreviations look at the next word.
        following = _word_after(text, position + (text[position] in OPENERS), end)
        if following.lower() in _SENTENCE_OPENERS:
            return True
        if word == "I":
            # The pronoun ("you and I. Did you") after a lower-case word; an initial
            # ("Albert I. Jones") follows a name.
            pronoun = text.rfind("I.", 0, position)
            before = _word_before(text, pronoun - 1, max(0, pronoun - 41)) if pronoun > 0 else ""
            return before[:1].islower() and following[:1].isupper()
        word_start = position - len(word) - 2  # one space after the full stop: the usual case
        if lowered in _CLOCK_ABBREVIATIONS and _after_number(text, word_start):
            return _time_ends(text, following, position, word_start)
        return (
            following.lower() in _TITLES
            and text.startswith(".", position + len(following))
            and _has_words_before(text, word_start, _MIN_WORDS_BEFORE_TITLE)
        )
    return True


def _after_number(text: str, word_start: int) -> bool:
    """Whether a number and one space come right before ``word_start``."""
    return word_start > 1 and text[word_start - 1] == " " and text[word_start - 2].isdigit()


def _time_ends(text: str, following: str, position: int, word_start: int) -> bool:
    """After "8 p.m." (at ``word_start``): does ``following`` (at ``position``) open a
    sentence? Only when the time does not open the sentence itself ("At 5 a.m. Mr. Hall").
    """
    if not following[:1].isupper() or following.lower() in _TIME_WORDS or following.isupper():
        return following.lower() in _SENTENCE_OPENERS
    after = position + len(following)
    if text.startswith(" time", after):
        return False
    return _has_words_before(text, word_start, _MIN_WORDS_BEFORE_TITLE)


def _has_words_before(text: str, position: int, count: int) -> bool:
    """Whether ``count`` words or more of the same sentence come before ``position``."""
    floor = max(0, position - 120)
    words = text[floor:position].split()
    seen = 0
    for word in reversed(words):
        if word[-1] in ".!?" and len(word) > 1 and not word[:-1].replace(".", "").isalpha():
            break  # a full stop after a number or a closer: the sentence starts after it
        if word.endswith((".", "!", "?")) and word[:-1].isalpha() and word[:-1].islower():
            break
        seen += 1
        if seen >= count:
            return True
    return False


def _is_list_marker(word: str, text: str, word_start: int, paragraph_start: int) -> bool:
    if len(word) > 3 or not word.isdigit():
        return False
    # Only whitespace may stand between the paragraph start and the number. Scanned back from
    # the number: a slice of the paragraph so far made a long paragraph quadratic.
    position = word_start
    while position > paragraph_start and text[position - 1].isspace():
        position -= 1
    return position == paragraph_start


def _separated_by_whitespace(text: str, paragraphs: Sequence[Paragraph]) -> bool:
    """Whether the paragraphs are in text order with some whitespace (only) between each two."""
    return all(
        previous.end < following.start and text[previous.end : following.start].isspace()
        for previous, following in zip(paragraphs, paragraphs[1:], strict=False)
    )


def sentence_cuts(text: str, paragraphs: Sequence[Paragraph]) -> list[list[int]]:
    """For each paragraph, the offsets inside it where a new sentence begins.

    The paragraphs must be separated by whitespace (see ``_separated_by_whitespace``); a
    single pass then serves them all. Addresses and terminator runs never straddle two such
    paragraphs, and the closers and whitespace after a run stop at a paragraph's ``end`` or
    run past it, which the check against ``end`` treats as the end of the paragraph.
    """
    cuts_by_paragraph: list[list[int]] = [[] for _ in paragraphs]
    if not paragraphs:
        return cuts_by_paragraph
    text_start, text_end = paragraphs[0].start, paragraphs[-1].end
    number = 0
    start, end = paragraphs[0].start, paragraphs[0].end
    cuts = cuts_by_paragraph[0]
    # Terminators inside a citation moved into the sentence before it end nothing.
    skip_until = -1
    for match in TERMINATOR_CONTEXT.finditer(text, text_start, text_end):
        run_start = match.start()
        while run_start >= end:
            number += 1
            start, end = paragraphs[number].start, paragraphs[number].end
            cuts = cuts_by_paragraph[number]
        # A run followed by nothing but a stray closing quote: it belongs to this sentence.
        if run_start < skip_until or match.end() >= end:
            continue
        if _run_ends_sentence(text, match, start, end):
            if text[match.end(3)] == "(":
                after_quote = match.end(2) > match.end(1)
                citation_end = _citation_end(text, match.end(3), end, after_quote=after_quote)
                if citation_end:
                    cuts.append(citation_end)
                    skip_until = citation_end
                    continue
            cuts.append(match.end(2))

    # Inline numbered lists: a C-level find skips almost every text.
    if " 2." in text or " 2)" in text or " b." in text or " b)" in text:
        for paragraph, cuts in zip(paragraphs, cuts_by_paragraph, strict=True):
            _cut_list_items(text, paragraph.start, paragraph.end, cuts)

    # Both embed patterns hold a fixed substring; a C-level find skips almost every text.
    if "(@" in text or "A post shared by" in text:
        for paragraph, cuts in zip(paragraphs, cuts_by_paragraph, strict=True):
            embed_cuts = _embed_cuts(text, paragraph.start, paragraph.end)
            if embed_cuts:
                cuts[:] = sorted({*cuts, *embed_cuts})
    return cuts_by_paragraph


def _run_ends_sentence(text: str, match: re.Match[str], start: int, end: int) -> bool:
    """Whether the terminator run ``match`` (of ``TERMINATOR_CONTEXT``) ends a sentence.

    ``text[start:end]`` is the paragraph, which goes on after the match. Every check that
    keeps the sentence going is a plain condition: their order does not matter.
    """
    run_start = match.start()
    run_end = match.end(1)
    after = match.end(2)
    following = match.end(3)
    run = text[run_start:run_end]
    if run[-1] in SPACELESS_TERMINATORS:
        return not in_address(text, run_start, start, end)
    if following == after:
        return _ends_without_space(text, run, run_start, following, start, end)
    next_char = text[following]
    if next_char.islower() or next_char in ",;:":
        return False
    if run == "!" and _word_before(text, run_start, start).lower() in _EXCLAIMED_NAMES:
        return False
    if run == "." and after == run_end:
        # A spaced ellipsis has a space on one side of each dot: most full stops have none.
        if (next_char == "." or text[run_start - 1] == " ") and _inside_spaced_ellipsis(
            text, run_start, after, following, start
        ):
            return False
        # Whitespace follows: an address around the full stop would end before it.
        return _full_stop_ends_sentence(text, run_start, following, start, end)
    # When whitespace follows a run and its closers that an address drops from its end,
    # the run is outside any address (the usual case), else look.
    return not (
        text[run_start:after].rstrip(STRIP_TRAILING) and in_address(text, run_start, start, end)
    )


def _inside_spaced_ellipsis(
    text: str, run_start: int, after: int, following: int, start: int
) -> bool:
    """Whether the full stop at ``run_start`` is inside a spaced ellipsis (". . .").

    Every dot but the last of ". . ." keeps the sentence going, and so does the last of
    three ("the thing is . . . I didn't mean it"); four dots are a full stop and an ellipsis
    ("with a period . . . . Next sentence"), which end it as a full stop does.
    """
    if text[following] == "." and following == after + 1:
        return True
    dots = 1
    position = run_start
    while position >= start + 2 and text[position - 1] == " " and text[position - 2] == ".":
        dots += 1
        position -= 2
    return dots == 3


def _citation_end(text: str, opening: int, end: int, *, after_quote: bool) -> int | None:
    """Where a parenthetical citation at ``opening`` ends, if it belongs to the sentence before.

    '"It will not happen." (Smith, 2020) Others agreed.': a short parenthesis that is no
    sentence of its own (it does not end in a terminator), followed by the paragraph end or
    another sentence, closes the sentence it follows when that one ends in a quotation or
    when it is a reference with a year ("(Okoye et al., 2020)"). A credit after a plain
    sentence ("... on Monday. (AP)") stays a sentence of its own, as news sites print it.
    """
    closing = text.find(")", opening + 1, min(end, opening + 80))
    if closing == -1:
        return None
    content = text[opening + 1 : closing].strip()
    if not content or "(" in content or content[-1] in ".!?":
        return None
    if not after_quote and not _YEAR.search(content):
        return None
    rest = text[closing + 1 : min(end, closing + 3)].lstrip()
    if closing + 1 < end and not (text[closing + 1].isspace() and rest[:1].isupper()):
        return None
    return closing + 1


_YEAR = re.compile(r"\b(?:1[5-9]|20)\d\d\b")
_LIST_MARKER_END = r"(?:\.\)|\.|\))(?=\s)"
_FIRST_LIST_MARKER = re.compile(r"\s*([1a])" + _LIST_MARKER_END)


def _cut_list_items(text: str, start: int, end: int, cuts: list[int]) -> None:
    """Start a sentence at each item of an inline list "1. The first 2. The second".

    The list starts the paragraph (or follows a colon) with "1." / "1)" / "1.)" or "a." ...;
    each next number or letter in sequence, after whitespace, starts the next item. No
    sentence ends at a marker's own full stop.
    """
    first = _FIRST_LIST_MARKER.match(text, start, end)
    if first is None:
        colon = text.find(": ", start, end)
        if colon == -1:
            return
        first = _FIRST_LIST_MARKER.match(text, colon + 2, end)
        if first is None:
            return
    label = first.group(1)
    markers = [(first.start(1), first.end())]
    while True:
        label = chr(ord(label) + 1) if label.isalpha() else str(int(label) + 1)
        found = re.compile(r"(?<!\S)" + label + _LIST_MARKER_END).search(text, markers[-1][1], end)
        if found is None:
            break
        markers.append(found.span())
    if len(markers) < 2:
        return
    inside = {
        cut
        for marker_start, marker_end in markers
        for cut in cuts
        if marker_start < cut <= marker_end + 1
    }
    cuts[:] = sorted(({*cuts} - inside) | {marker_start for marker_start, _ in markers[1:]})


def _ends_without_space(
    text: str, run: str, run_start: int, following: int, start: int, end: int
) -> bool:
    """No space after the run: "expected.Recent" ends a sentence, "U.S.Army", "1,000.5" not."""
    previous = text[run_start - 1] if run_start > start else ""
    return (
        len(run) == 1
        and text[following].isupper()
        and following + 1 < end
        and text[following + 1].islower()
        and (previous.islower() or previous.isdigit() or previous in CLOSERS)
        and _word_before(text, run_start, start).lower() not in _NEVER_FINAL
        and _word_before(text, run_start, start).lower() not in _MAYBE_FINAL
        and not in_address(text, run_start, start, end)
    )


def _full_stop_ends_sentence(
    text: str, run_start: int, following: int, start: int, end: int
) -> bool:
    """Whether a lone full stop at ``run_start``, then whitespace, ends the sentence."""
    word = _word_before(text, run_start, start)
    if word and word[-1].isdigit():
        return not _is_list_marker(word, text, run_start - len(word), start)
    # Other words allow the split (see _abbreviation_allows_split).
    return not (
        word
        and (len(word) == 1 or "." in word or word.lower() in _ABBREVIATIONS)
        and not _abbreviation_allows_split(word, text, following, end)
    )


def _embed_cuts(text: str, start: int, end: int) -> list[int]:
    """Sentence starts and ends around embedded-post credits in ``text[start:end]``."""
    cuts: list[int] = []
    if text.find("(@", start, end) != -1:
        for match in _EMBED_CREDIT.finditer(text, start, end):
            credit_start, credit_end = match.span()
            if credit_start == start or text[credit_start - 1].isspace():
                cuts.append(credit_start)
                cuts.append(credit_end)
    if text.find("A post shared by", start, end) != -1:
        for match in _EMBED_PREFIX.finditer(text, start, end):
            if match.start() > start:
                cuts.append(match.start())
    return cuts


def split_sentences(text: str, paragraphs: Sequence[Paragraph] | None = None) -> list[Sentence]:
    """Split ``text`` into sentences that never cross a paragraph boundary.

    Parameters
    ----------
    text : str
        The article text. Offsets of the result point into it.
    paragraphs : sequence of Paragraph, optional
        Paragraphs of ``text`` (from :func:`split_paragraphs`); computed when omitted.

    Returns
    -------
    list of Sentence
        Sentences in text order, numbered from 0 across the whole text, each stripped of
        surrounding whitespace and tagged with its paragraph index.

    Examples
    --------
    >>> [s.text for s in split_sentences("Gen. Smith arrived at 9 a.m. The U.S. Army left.")]
    ['Gen. Smith arrived at 9 a.m.', 'The U.S. Army left.']
    """
    if paragraphs is None:
        paragraphs = split_paragraphs(text)
    elif not _separated_by_whitespace(text, paragraphs):
        # Paragraphs not from split_paragraphs: cut each one on its own.
        cuts_by_paragraph = [sentence_cuts(text, [paragraph])[0] for paragraph in paragraphs]
        return sentences_from_cuts(text, paragraphs, cuts_by_paragraph)
    return sentences_from_cuts(text, paragraphs, sentence_cuts(text, paragraphs))


def sentences_from_cuts(
    text: str, paragraphs: Sequence[Paragraph], cuts_by_paragraph: list[list[int]]
) -> list[Sentence]:
    sentences: list[Sentence] = []
    append = sentences.append
    for paragraph, cuts in zip(paragraphs, cuts_by_paragraph, strict=True):
        if not cuts:
            # A paragraph is already stripped: it is one sentence.
            append(
                new_sentence(
                    len(sentences), paragraph.index, paragraph.start, paragraph.end, paragraph.text
                )
            )
            continue
        paragraph_index = paragraph.index
        piece_start = paragraph.start
        for piece_end in [*cuts, paragraph.end]:
            left_stripped = text[piece_start:piece_end].lstrip()
            if left_stripped:
                # Not blank, so the right strip leaves the start where the left strip put it.
                sentence_text = left_stripped.rstrip()
                sentence_start = piece_end - len(left_stripped)
                append(
                    new_sentence(
                        len(sentences),
                        paragraph_index,
                        sentence_start,
                        sentence_start + len(sentence_text),
                        sentence_text,
                    )
                )
            piece_start = piece_end
    return sentences
