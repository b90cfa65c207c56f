"""Paragraph and sentence segmentation with offsets into the original text.

Nothing here normalises the text: every :class:`~credence.document.Paragraph` and
:class:`~credence.document.Sentence` satisfies ``text[span.start:span.end] == span.text``,
spans are stripped of surrounding whitespace, ordered and non-overlapping, and together they
cover every non-whitespace character of the text.

Paragraphs are separated by blank lines. A single line break also separates paragraphs when
the text is not hard-wrapped (one paragraph a line, as pasted web articles often are) or when
the line looks like a heading or a list item. Verbatim and near-verbatim repeats of an earlier
paragraph (Jaccard similarity of word 3-shingles of at least 0.9) are marked with
``duplicate_of``.

Sentences never cross a paragraph boundary. The splitter is a single left-to-right pass over
sentence-final punctuation with bounded look-around, so it runs in linear time; it knows
about abbreviations ("Gen.", "U.S.", "a.m."), initials, decimals, quotations, ellipses, URLs,
a missing space after a full stop ("expected.Recent") and embedded-post credits
("— Name (@handle) February 17, 2025"), which become sentences of their own.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Sequence

from credence.document import Paragraph, Sentence

__all__ = [
    "NEAR_DUPLICATE_JACCARD",
    "split_paragraphs",
    "split_sentences",
    "segment",
    "duplicate_paragraph_groups",
]

#: Word 3-shingle Jaccard similarity at or above which a paragraph repeats an earlier one.
NEAR_DUPLICATE_JACCARD = 0.9

# --------------------------------------------------------------------------------------------
# Character classes
# --------------------------------------------------------------------------------------------

# Every line break str.splitlines() knows, so that no exotic separator hides inside a line.
_LINE_BREAK = re.compile("\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
# Separators that always end a paragraph, even without a blank line.
_HARD_BREAKS = frozenset("\x0c\x1c\x1d\x1e\u2029")

_TERMINATORS = ".!?\u2026\u203c\u2047\u2048\u2049\u3002\uff01\uff1f\uff61\u0964\u061f\u06d4"
_TERMINATOR_RUN = re.compile("[" + re.escape(_TERMINATORS) + "]+")
# Full stops of scripts written without spaces: a sentence ends right after them.
_SPACELESS_TERMINATORS = frozenset("\u3002\uff01\uff1f\uff61")
_CLOSERS = frozenset("\"'\u201d\u2019\u00bb\u203a)]}\u300d\u300f")
_OPENERS = "\"'\u201c\u2018\u00ab\u2039([{\u300c\u300e"
# A line ending in one of these most likely ends a sentence (or introduces a list).
_LINE_FINAL = frozenset(_TERMINATORS) | _CLOSERS | frozenset(":")
_LIST_MARKER = re.compile(r"(?:[-*+\u2022\u25aa\u25cf\u2013\u2014]|\d{1,3}[.)])\s")

# Titles and other abbreviations that are (almost) never the last word of a sentence.
_NEVER_FINAL = frozenset(
    """mr mrs ms messrs mme mlle dr prof gen lt col maj capt cpt sgt cpl pvt adm cmdr brig
    cdr gov sen rep pres supt insp det rev hon fr mt ft st sta ste vs v e.g i.e cf viz
    approx ca nr""".split()
)
# Abbreviations that are not final when a number follows ("No. 5", "Feb. 17").
_BEFORE_NUMBER = frozenset(
    """no nos vol vols pp p fig figs art sec ch ed eds op pt para jan feb mar apr jun jul aug
    sep sept oct nov dec""".split()
)
# Abbreviations that may end a sentence: split only when a typical sentence opener follows.
_MAYBE_FINAL = frozenset(
    """etc jr sr inc ltd co corp llc plc bros esq dept univ assn govt al jan feb mar apr jun
    jul aug sep sept oct nov dec""".split()
)
# Capitalised words that usually open a sentence (closed-class words, not names).
_SENTENCE_OPENERS = frozenset(
    """the a an he she it they we i you this that these those there here but and or so yet
    in on at for if when while after before as its his her their our my your however
    meanwhile still also then now some many most no not what why how who where which one
    two three several according despite although though because since until during
    officials other another such each every all both neither none nor instead""".split()
)
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

_TLDS = frozenset(
    """com org net gov edu mil int io info biz news co uk us eu ru ua de fr kr kp jp cn tw hk
    in ca au nz tv ly me ai app dev ch nl se no fi dk pl it es pt br mx ar za il ir iq sy tr
    gr be at cz ro hu bg rs sk si hr lt lv ee by kz ge am az uz sg my id ph th vn pk bd ng
    ke eg sa ae qa ly html htm php aspx""".split()
)
_URL_SCHEMES = ("http://", "https://", "ftp://", "www.")
# Possible addresses are whitespace-delimited tokens holding an inner ".", ":" or "@" followed
# by a character that cannot end a sentence. They are found from that character pair (a fast
# character-class scan), each pair's token being the \S run around it.
_ADDRESS_HINT = re.compile(r"[.:@][^\s.:@,;!?)\]}>\"'\u201d\u2019]")
_NON_SPACE_RUN = re.compile(r"\S*")
_LABEL = re.compile(r"[A-Za-z0-9-]+")
_STRIP_LEADING = _OPENERS + "<"
_STRIP_TRAILING = ".,;:!?)]}>\"'\u201d\u2019\u2026"

# --------------------------------------------------------------------------------------------
# Paragraphs
# --------------------------------------------------------------------------------------------


def _lines(text: str) -> list[tuple[int, int, str]]:
    """Return ``(start, end, break)`` for each line; ``break`` is the separator after it."""
    lines = []
    position = 0
    for match in _LINE_BREAK.finditer(text):
        lines.append((position, match.start(), match.group()))
        position = match.end()
    lines.append((position, len(text), ""))
    return lines


def _strip_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _first_word_length(text: str, start: int, end: int) -> int:
    stop = start
    while stop < end and not text[stop].isspace():
        stop += 1
    return stop - start


def _fills_line(text: str, line: tuple[int, int], following: tuple[int, int], width: int) -> bool:
    """Whether the next line's first word would not have fitted on ``line`` (a wrap point)."""
    room = _first_word_length(text, following[0], following[1]) + 1
    return (line[1] - line[0]) + room > 0.95 * width


def _wrap_width(blocks: list[list[tuple[int, int]]], text: str) -> int:
    """The wrap width of hard-wrapped text, or 0 when single line breaks end paragraphs.

    Hard-wrapped prose has lines of a modest width, most of which stop mid-sentence where the
    next word would not have fitted. One-paragraph-a-line text has long lines of any length.
    """
    lengths = sorted(end - start for block in blocks for start, end in block)
    if not lengths:
        return 0
    width = lengths[int(0.9 * (len(lengths) - 1))]
    if not 40 <= width <= 120:
        return 0
    inner_lines = 0
    wrapped_lines = 0
    for block in blocks:
        for line, following in zip(block, block[1:], strict=False):
            inner_lines += 1
            if text[line[1] - 1] not in _LINE_FINAL and _fills_line(text, line, following, width):
                wrapped_lines += 1
    return width if wrapped_lines >= 2 and wrapped_lines >= 0.5 * inner_lines else 0


def _breaks_between(
    text: str, previous: tuple[int, int], following: tuple[int, int], width: int
) -> bool:
    """Whether a single line break between two non-blank lines ends a paragraph."""
    last = text[previous[1] - 1]
    first = text[following[0]]
    if _LIST_MARKER.match(text, following[0], min(following[1] + 1, len(text))):
        return True
    if not width:
        # One paragraph a line, unless the line was clearly broken mid-sentence.
        return last in _LINE_FINAL or not first.islower()
    if last in _LINE_FINAL:
        # A sentence ending where the next word would still have fitted ends the paragraph.
        return not _fills_line(text, previous, following, width)
    # A short line without final punctuation followed by a capital is a heading.
    return previous[1] - previous[0] < 0.6 * width and (first.isupper() or first.isdigit())


def split_paragraphs(text: str) -> list[Paragraph]:
    r"""Split ``text`` into paragraphs, marking verbatim and near-verbatim repeats.

    Parameters
    ----------
    text : str
        The article text. Offsets of the result point into it.

    Returns
    -------
    list of Paragraph
        Paragraphs in text order, stripped of surrounding whitespace; ``duplicate_of`` is the
        index of the first earlier paragraph with the same wording, or None.

    Examples
    --------
    >>> [p.text for p in split_paragraphs("First line.\nSecond line.\n\nThird.")]
    ['First line.', 'Second line.', 'Third.']
    """
    blocks: list[list[tuple[int, int]]] = [[]]
    for start, end, separator in _lines(text):
        start, end = _strip_bounds(text, start, end)
        if start == end:
            if blocks[-1]:
                blocks.append([])
            continue
        blocks[-1].append((start, end))
        if separator in _HARD_BREAKS:
            blocks.append([])
    blocks = [block for block in blocks if block]
    width = _wrap_width(blocks, text)

    spans: list[tuple[int, int]] = []
    for block in blocks:
        paragraph_start = block[0][0]
        for previous, following in zip(block, block[1:], strict=False):
            if _breaks_between(text, previous, following, width):
                spans.append((paragraph_start, previous[1]))
                paragraph_start = following[0]
        spans.append((paragraph_start, block[-1][1]))

    duplicates = _find_duplicates([text[start:end] for start, end in spans])
    return [
        Paragraph(index, start, end, text[start:end], duplicates[index])
        for index, (start, end) in enumerate(spans)
    ]


_WORD = re.compile(r"[^\W_]+")
# ASCII text takes a faster path to the same words: every ASCII character that is not a letter
# or digit (``_`` included) becomes a space, then ``str.split`` (CPython's translate has a fast
# ASCII path; together about half the cost of the regex).
_ASCII_NON_ALNUM_TO_SPACE = str.maketrans({chr(c): " " for c in range(128) if not chr(c).isalnum()})


def _words(text: str) -> list[str]:
    """Case-folded runs of letters and digits of ``text`` (``_WORD`` matches)."""
    if text.isascii():
        return text.lower().translate(_ASCII_NON_ALNUM_TO_SPACE).split()
    return _WORD.findall(text.casefold())


def _find_duplicates(texts: Sequence[str]) -> list[int | None]:
    """Index of the earliest paragraph each one repeats (exactly or nearly), else None.

    Case, punctuation and whitespace differences do not make a paragraph new. Exact repeats
    are found through a dictionary of normalised wordings. Near repeats use prefix filtering:
    two shingle sets with Jaccard >= t share one of the first ``n - ceil(t * n) + 1``
    shingles of each set (in any fixed global order), so only paragraphs sharing a prefix
    shingle are compared, instead of every pair. Shingles are stored as 64-bit hashes.
    """
    threshold = NEAR_DUPLICATE_JACCARD
    result: list[int | None] = [None] * len(texts)
    first_by_wording: dict[str, int] = {}
    shingle_sets: dict[int, set[int]] = {}
    by_prefix_shingle: dict[int, list[int]] = {}
    for index, text in enumerate(texts):
        words = _words(text)
        if not words:
            continue
        wording = " ".join(words)
        if wording in first_by_wording:
            result[index] = first_by_wording[wording]
            continue
        first_by_wording[wording] = index
        if len(words) < 3:
            continue
        shingles = set(map(hash, zip(words, words[1:], words[2:], strict=False)))
        size = len(shingles)
        prefix = sorted(shingles)[: size - math.ceil(threshold * size - 1e-9) + 1]
        candidates = {c for s in prefix for c in by_prefix_shingle.get(s, ())}
        for candidate in sorted(candidates):
            other = shingle_sets[candidate]
            if min(size, len(other)) < threshold * max(size, len(other)):
                continue
            overlap = len(shingles & other)
            if overlap >= threshold * (size + len(other) - overlap):
                root = result[candidate]
                result[index] = candidate if root is None else root
                break
        shingle_sets[index] = shingles
        for shingle in prefix:
            by_prefix_shingle.setdefault(shingle, []).append(index)
    return result


def duplicate_paragraph_groups(paragraphs: Sequence[Paragraph]) -> list[list[int]]:
    r"""Group repeated paragraphs for reporting.

    Parameters
    ----------
    paragraphs : sequence of Paragraph
        Paragraphs as returned by :func:`split_paragraphs`.

    Returns
    -------
    list of list of int
        One group per repeated paragraph: the first occurrence, then its repeats, ordered by
        first occurrence. Paragraphs that are never repeated are left out.

    Examples
    --------
    >>> duplicate_paragraph_groups(split_paragraphs("Same.\n\nOther.\n\nsame"))
    [[0, 2]]
    """
    groups: dict[int, list[int]] = {}
    for paragraph in paragraphs:
        if paragraph.duplicate_of is not None:
            groups.setdefault(paragraph.duplicate_of, [paragraph.duplicate_of]).append(
                paragraph.index
            )
    return [groups[first] for first in sorted(groups)]


# --------------------------------------------------------------------------------------------
# Sentences
# --------------------------------------------------------------------------------------------


def _protected_spans(text: str, start: int, end: int) -> tuple[list[int], list[int]]:
    """Start and end offsets of URLs, domains and e-mail addresses in ``text[start:end]``.

    Full stops inside them never end a sentence; trailing punctuation stays outside.
    """
    starts: list[int] = []
    ends: list[int] = []
    token_end = start
    # Several hints may lie in one token: the token is read once, at its first hint.
    for hint in _ADDRESS_HINT.finditer(text, start, end):
        position = hint.start()
        if position < token_end:
            continue  # same token as the previous hint
        token_start = position
        while token_start > start and not text[token_start - 1].isspace():
            token_start -= 1
        token_end = _NON_SPACE_RUN.match(text, position, end).end()  # type: ignore[union-attr]
        token = text[token_start:token_end]
        lead = len(token) - len(token.lstrip(_STRIP_LEADING))
        core = token[lead:].rstrip(_STRIP_TRAILING)
        if core and _is_address(core):
            starts.append(token_start + lead)
            ends.append(token_start + lead + len(core))
    return starts, ends


def _is_address(core: str) -> bool:
    lowered = core.lower()
    if lowered.startswith(_URL_SCHEMES) or "://" in core:
        return True
    host = core.split("/", 1)[0]
    if "@" in host:
        host = host.rsplit("@", 1)[1]
    labels = host.split(".")
    if len(labels) < 2 or len(host) > 253:
        return False
    tld = labels[-1]
    # Domains are written in lower case; "expected.Recent" is a missing space, not a host.
    if not tld.islower() or tld not in _TLDS:
        return False
    return all(_LABEL.fullmatch(label) for label in labels)


def _word_before(text: str, position: int, floor: int) -> str:
    """The token ending at ``position`` (bounded look-back), without opening punctuation."""
    start = max(floor, position - 40)
    window = text[start:position]
    cut = max(window.rfind(" "), window.rfind("\n"), window.rfind("\t"), window.rfind("\u00a0"))
    return window[cut + 1 :].lstrip(_OPENERS + "-\u2013\u2014/")


def _word_after(text: str, position: int, end: int) -> str:
    stop = position
    limit = min(end, position + 24)
    while stop < limit and text[stop].isalpha():
        stop += 1
    return text[position:stop]


def _abbreviation_allows_split(word: str, following: str, text: str, position: int) -> bool:
    """For a full stop after ``word``: may the sentence end here?"""
    lowered = word.lower()
    next_char = text[position]
    if lowered in _NEVER_FINAL:
        return False
    if lowered in _BEFORE_NUMBER and next_char.isdigit():
        return False
    opener = following.lower() in _SENTENCE_OPENERS
    if lowered in _MAYBE_FINAL:
        return opener
    if _DOTTED_ABBREVIATION.fullmatch(word) or (len(word) == 1 and word.isalpha()):
        # "the U.S. Army" / "John F. Kennedy" continue; "in the U.S. The" ends.
        return opener
    return True


def _is_list_marker(word: str, text: str, word_start: int, paragraph_start: int) -> bool:
    return len(word) <= 3 and word.isdigit() and not text[paragraph_start:word_start].strip()


def _sentence_cuts(text: str, start: int, end: int) -> list[int]:
    """Offsets inside ``text[start:end]`` where a new sentence begins."""
    cuts: list[int] = []
    protected_starts, protected_ends = _protected_spans(text, start, end)

    for match in _TERMINATOR_RUN.finditer(text, start, end):
        run_start, run_end = match.span()
        slot = bisect.bisect_right(protected_starts, run_start) - 1
        if slot >= 0 and run_start < protected_ends[slot]:
            continue
        after = run_end
        while after < end and text[after] in _CLOSERS:
            after += 1
        following = after
        while following < end and text[following].isspace():
            following += 1
        trailing = following
        while trailing < end and text[trailing] in _CLOSERS:
            trailing += 1
        if trailing >= end:
            # Nothing but a stray closing quote left: it belongs to this sentence.
            continue
        run = match.group()
        if run[-1] in _SPACELESS_TERMINATORS:
            cuts.append(after)
            continue
        next_char = text[following]
        if following == after:
            # No space: "expected.Recent" ends a sentence, "U.S.Army" and "1,000.5" do not.
            previous = text[run_start - 1] if run_start > start else ""
            if (
                len(run) == 1
                and next_char.isupper()
                and following + 1 < end
                and text[following + 1].islower()
                and (previous.islower() or previous.isdigit() or previous in _CLOSERS)
                and _word_before(text, run_start, start).lower() not in _NEVER_FINAL
                and _word_before(text, run_start, start).lower() not in _MAYBE_FINAL
            ):
                cuts.append(after)
            continue
        if next_char.islower() or next_char in ",;:":
            continue
        if run == "!" and _word_before(text, run_start, start).lower() in _EXCLAIMED_NAMES:
            continue
        if run == "." and after == run_end:
            word = _word_before(text, run_start, start)
            if word and word[-1].isdigit():
                if _is_list_marker(word, text, run_start - len(word), start):
                    continue
            elif word:
                follower = _word_after(text, following + (next_char in _OPENERS), end)
                if not _abbreviation_allows_split(word, follower, text, following):
                    continue
        cuts.append(after)

    # Both embed patterns hold a fixed substring; a C-level find skips almost every paragraph.
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
    return sorted(set(cuts))


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
    sentences: list[Sentence] = []
    for paragraph in paragraphs:
        boundaries = [paragraph.start, *_sentence_cuts(text, paragraph.start, paragraph.end)]
        boundaries.append(paragraph.end)
        for piece_start, piece_end in zip(boundaries, boundaries[1:], strict=False):
            piece_start, piece_end = _strip_bounds(text, piece_start, piece_end)
            if piece_start < piece_end:
                sentences.append(
                    Sentence(
                        len(sentences),
                        paragraph.index,
                        piece_start,
                        piece_end,
                        text[piece_start:piece_end],
                    )
                )
    return sentences


def segment(text: str) -> tuple[list[Paragraph], list[Sentence]]:
    r"""Split ``text`` into paragraphs and sentences in one call.

    Parameters
    ----------
    text : str
        The article text.

    Returns
    -------
    tuple of (list of Paragraph, list of Sentence)
        The paragraphs and the sentences, as :func:`split_paragraphs` and
        :func:`split_sentences` return them.

    Examples
    --------
    >>> paragraphs, sentences = segment("One. Two.\n\nThree.")
    >>> len(paragraphs), [s.paragraph for s in sentences]
    (2, [0, 0, 1])
    """
    paragraphs = split_paragraphs(text)
    return paragraphs, split_sentences(text, paragraphs)
