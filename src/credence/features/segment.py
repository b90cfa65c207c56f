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
import dataclasses
import functools
import heapq
import itertools
import operator
import re
import types
from collections.abc import Sequence

from credence.document import Paragraph, Sentence

__all__ = [
    "NEAR_DUPLICATE_JACCARD",
    "MAX_SENTENCE_CHARS",
    "MAX_SENTENCES_PER_ARTICLE",
    "MAX_ARTICLE_CHARS",
    "AppliedLimit",
    "LimitedSegmentation",
    "split_paragraphs",
    "split_sentences",
    "segment",
    "limit_segmentation",
    "duplicate_paragraph_groups",
]

#: Word 3-shingle Jaccard similarity at or above which a paragraph repeats an earlier one.
NEAR_DUPLICATE_JACCARD = 0.9

#: Longest sentence, in characters, that the extractors and the claim detector read. A longer
#: stretch of text without a sentence end (a list pasted without full stops, a transcript) is
#: cut at the last whitespace before this length. No sentence of the 1,683 FNC-1 bodies is
#: longer than 1,100 characters; the stages that read a sentence as a whole (clause
#: splitting, number contexts, the stance model) cost more than linear time in its length.
MAX_SENTENCE_CHARS = 2_000

#: Sentences of one article that are analysed; the text after the last of them is not read
#: by the extractors and yields no claims. A long news article holds 50 to 250 sentences (the
#: longest FNC-1 body 239); every claim of an article is compared with its neighbours in the
#: article, so the time and the size of the report of one article grow with this number.
MAX_SENTENCES_PER_ARTICLE = 1_000

#: Characters of one article that are analysed (sentences ending after this offset are not):
#: ten times the longest FNC-1 body (27,579 characters). It binds before
#: MAX_SENTENCES_PER_ARTICLE only when the sentences are very long (a text without full
#: stops cut into pieces of MAX_SENTENCE_CHARS), the layout on which every claim costs most.
MAX_ARTICLE_CHARS = 300_000

# --------------------------------------------------------------------------------------------
# Character classes
# --------------------------------------------------------------------------------------------

# Separators that always end a paragraph, even without a blank line (of the line breaks that
# str.splitlines() knows, so that no exotic separator hides inside a line).
_HARD_BREAKS = frozenset("\x0c\x1c\x1d\x1e\u2029")

_TERMINATORS = ".!?\u2026\u203c\u2047\u2048\u2049\u3002\uff01\uff1f\uff61\u0964\u061f\u06d4"
# Full stops of scripts written without spaces: a sentence ends right after them.
_SPACELESS_TERMINATORS = frozenset("\u3002\uff01\uff1f\uff61")
_CLOSER_CHARS = "\"'\u201d\u2019\u00bb\u203a)]}\u300d\u300f"
_CLOSERS = frozenset(_CLOSER_CHARS)
# A run of sentence-final punctuation and what follows it: closing quotes or brackets (group 2
# ends where the sentence would end), whitespace (group 3 ends where the next one would
# begin), then any closers left after the space. The run is spelt "[.][.]*" rather than
# "[.]+" so that the regex engine can skip to the next terminator with its fast character-set
# scan (it does not look inside a leading repeat).
_TERMINATOR_CONTEXT = re.compile(
    "([{t}][{t}]*)([{c}]*)(\\s*)[{c}]*".format(
        t=re.escape(_TERMINATORS), c=re.escape(_CLOSER_CHARS)
    )
)
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
_WORD_LEADING = _OPENERS + "-\u2013\u2014/"
_STRIP_TRAILING = ".,;:!?)]}>\"'\u201d\u2019\u2026"

# --------------------------------------------------------------------------------------------
# Result objects
# --------------------------------------------------------------------------------------------


def _slot_setters(cls: type, names: str) -> tuple | None:
    """Setters of the slots of a frozen dataclass, if its __init__ only sets ``names``."""
    if (
        hasattr(cls, "__post_init__")
        or [field.name for field in dataclasses.fields(cls)] != names.split()
    ):
        return None
    slots = [cls.__dict__.get(name) for name in names.split()]
    if not all(isinstance(slot, types.MemberDescriptorType) for slot in slots):
        return None
    return tuple(slot.__set__ for slot in slots)  # type: ignore[union-attr]


# A frozen dataclass sets each field through a generic object.__setattr__ call in a Python
# __init__; setting its slots through their descriptors builds the same object in half the
# time. Only while __init__ does nothing else (no __post_init__, exactly these fields, slots);
# else the constructors are used.
_PARAGRAPH_SETTERS = _slot_setters(Paragraph, "index start end text duplicate_of")
_SENTENCE_SETTERS = _slot_setters(Sentence, "index paragraph start end text")
if _PARAGRAPH_SETTERS and _SENTENCE_SETTERS:
    _new_object = object.__new__
    _set_p_index, _set_p_start, _set_p_end, _set_p_text, _set_p_duplicate = _PARAGRAPH_SETTERS
    _set_s_index, _set_s_paragraph, _set_s_start, _set_s_end, _set_s_text = _SENTENCE_SETTERS

    def _new_paragraph(
        index: int, start: int, end: int, text: str, duplicate_of: int | None
    ) -> Paragraph:
        """``Paragraph(index, start, end, text, duplicate_of)``, without its generic __init__."""
        paragraph = _new_object(Paragraph)
        _set_p_index(paragraph, index)
        _set_p_start(paragraph, start)
        _set_p_end(paragraph, end)
        _set_p_text(paragraph, text)
        _set_p_duplicate(paragraph, duplicate_of)
        return paragraph

    def _new_sentence(index: int, paragraph: int, start: int, end: int, text: str) -> Sentence:
        """``Sentence(index, paragraph, start, end, text)``, without its generic __init__."""
        sentence = _new_object(Sentence)
        _set_s_index(sentence, index)
        _set_s_paragraph(sentence, paragraph)
        _set_s_start(sentence, start)
        _set_s_end(sentence, end)
        _set_s_text(sentence, text)
        return sentence

else:  # the data model changed: build through the constructors
    _new_paragraph = Paragraph  # type: ignore[assignment]
    _new_sentence = Sentence  # type: ignore[assignment]

# --------------------------------------------------------------------------------------------
# Paragraphs
# --------------------------------------------------------------------------------------------


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
    # Lines and their stripped bounds, with C-level maps: splitlines() breaks where the line
    # breaks are, and a stripped line starts where its left-stripped form does.
    raw_lines = text.splitlines(keepends=True)
    left_stripped = list(map(str.lstrip, raw_lines))
    stripped = list(map(str.rstrip, left_stripped))
    line_ends = itertools.accumulate(map(len, raw_lines))
    starts = list(map(operator.sub, line_ends, map(len, left_stripped)))
    ends = list(map(operator.add, starts, map(len, stripped)))
    non_blank = list(map(bool, stripped))
    if not any(map(operator.and_, non_blank, non_blank[1:])):
        # No two non-blank lines in a row: each is a block of its own, hence a paragraph.
        return _paragraphs(
            text, list(itertools.compress(zip(starts, ends, strict=True), non_blank))
        )

    blocks: list[list[tuple[int, int]]] = [[]]
    for raw_line, start, end in zip(raw_lines, starts, ends, strict=True):
        if start == end:
            if blocks[-1]:
                blocks.append([])
            continue
        blocks[-1].append((start, end))
        if raw_line[-1] in _HARD_BREAKS:
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
    return _paragraphs(text, spans)


def _paragraphs(text: str, spans: list[tuple[int, int]]) -> list[Paragraph]:
    """Paragraphs of the given (stripped) spans, with their repeats marked."""
    if len(spans) < 2:
        duplicates: list[int | None] = [None] * len(spans)  # nothing to repeat
    else:
        duplicates = _find_duplicates(_paragraph_words(text, spans))
    return [
        _new_paragraph(index, start, end, text[start:end], duplicates[index])
        for index, (start, end) in enumerate(spans)
    ]


_WORD = re.compile(r"[^\W_]+")
# ASCII text takes a faster path to the same words: every ASCII character that is not a letter
# or digit (``_`` included) becomes a space, then ``str.split`` (CPython's translate has a fast
# ASCII path; together about half the cost of the regex).
_ASCII_NON_ALNUM_TO_SPACE = str.maketrans({chr(c): " " for c in range(128) if not chr(c).isalnum()})
# The same on bytes, also lowering ASCII letters (all that casefold does to ASCII): a
# bytes.translate is a plain table lookup, many times faster than str.translate.
_ASCII_FOLD = bytes(
    ord(chr(c).lower()) if c < 128 and chr(c).isalnum() else ord(" ") for c in range(256)
)
_ASCII_BYTES = bytes(range(128))


def _words(text: str) -> list[str]:
    """Case-folded runs of letters and digits of ``text`` (``_WORD`` matches)."""
    if text.isascii():
        return text.lower().translate(_ASCII_NON_ALNUM_TO_SPACE).split()
    return _WORD.findall(text.casefold())


@functools.lru_cache(maxsize=4096)
def _only_separates_words(char: str) -> bool:
    """Whether ``char`` is no letter or digit and does not fold into one: like a space."""
    return not char.isalnum() and char.casefold() == char


def _paragraph_words(text: str, spans: Sequence[tuple[int, int]]) -> list[list[bytes]]:
    """The ``_words`` of ``text[start:end]`` for each span, UTF-8 encoded, for a whole text.

    The few non-ASCII characters of news text are mostly punctuation (curly quotes, dashes)
    that separate words just as a space does. An ASCII copy of the text with "?" in place of
    every non-ASCII character keeps the offsets; one ``bytes.translate`` folds its case and
    blanks what is no letter or digit, and the words of a span are a ``split()`` of a slice.
    Spans holding another non-ASCII character (a letter, or one that case folding changes)
    take the exact per-span path. Bytes are equal exactly when the words are.
    """
    folded = text.encode("ascii", "replace").translate(_ASCII_FOLD)
    if text.isascii():
        return [folded[start:end].split() for start, end in spans]
    # Deleting the ASCII bytes of the UTF-8 text leaves the non-ASCII characters (their bytes
    # are all >= 0x80).
    non_ascii = text.encode("utf-8", "surrogatepass").translate(None, _ASCII_BYTES)
    letters = [
        c for c in set(non_ascii.decode("utf-8", "surrogatepass")) if not _only_separates_words(c)
    ]
    if not letters:
        return [folded[start:end].split() for start, end in spans]
    words = []
    for start, end in spans:
        piece = text[start:end]
        if any(letter in piece for letter in letters):
            words.append([word.encode("utf-8", "surrogatepass") for word in _words(piece)])
        else:
            words.append(folded[start:end].split())
    return words


def _find_duplicates(words_by_paragraph: Sequence[list[bytes]]) -> list[int | None]:
    """Index of the earliest paragraph each one repeats (exactly or nearly), else None.

    ``words_by_paragraph`` holds the ``_words`` of each paragraph, so case, punctuation and
    whitespace differences do not make a paragraph new. Exact repeats are found through a
    dictionary of wordings. A near repeat of an earlier paragraph is the first one whose set of
    word 3-shingles has a Jaccard similarity of at least ``NEAR_DUPLICATE_JACCARD`` with its own.

    Most paragraphs are new, and two cheap tests prove it. A paragraph with a Jaccard >= t to
    an earlier one shares at least ``t * size`` of its ``size`` shingles with it (see
    ``_could_repeat``), so with the union of all earlier shingle sets. Before that, a test on
    words alone: the shingles it does not share hold every word that no earlier paragraph
    has, at most three such words each, so it has at most ``3 * (1 - t) * size`` of them.
    Shingles are only built for paragraphs that pass the word test and for the earlier ones
    they may be compared with (built late, when such a paragraph comes), so that the shingle
    union holds every candidate's shingles and the candidates are the same as when every
    shingle set is built. Candidates are the earlier paragraphs that share one of the
    smallest hashes of its set (prefix filtering, see ``_prefix``: every paragraph with a
    Jaccard >= t does), tried in text order, so the earliest similar one is found; the cost
    of a paragraph does not grow with the number of earlier ones of a similar size, as a
    scan of those did (quadratic on long texts of many repeats). Shingles are stored as
    64-bit hashes.
    """
    threshold = NEAR_DUPLICATE_JACCARD
    result: list[int | None] = [None] * len(words_by_paragraph)
    first_by_wording: dict[bytes, int] = {}
    shingle_sets: dict[int, set[int]] = {}
    # Prefix index: each shingled paragraph is listed under the smallest hashes of its set.
    by_prefix_hash: dict[int, list[int]] = {}
    seen_shingles: set[int] = set()
    seen_words: set[bytes] = set()
    # Paragraphs not shingled yet, as a heap on (-(most shingles they can have), index): the
    # ones that may be candidates for a paragraph are popped once, never rescanned.
    unshingled: list[tuple[int, int, list[bytes]]] = []

    def index_shingles(paragraph: int, shingles: set[int], prefix: list[int]) -> None:
        shingle_sets[paragraph] = shingles
        for shingle in prefix:
            by_prefix_hash.setdefault(shingle, []).append(paragraph)

    for index, words in enumerate(words_by_paragraph):
        if not words:
            continue
        wording = b" ".join(words)
        if wording in first_by_wording:
            result[index] = first_by_wording[wording]
            continue
        first_by_wording[wording] = index
        words_before = len(seen_words)
        seen_words.update(words)
        if len(words) < 3:
            continue
        # At most (1 - t) * size <= (len(words) - 2) / 10 shingles are not shared with an
        # earlier near-original (exactly so, see _could_repeat), and they hold every new word.
        if 10 * (len(seen_words) - words_before) > 3 * (len(words) - 2):
            heapq.heappush(unshingled, (2 - len(words), index, words))
            continue
        shingles = _shingles(words)
        size = len(shingles)
        lowest = int(threshold * size) - 1
        # Build the deferred shingle sets that may be candidates: one of fewer than ``lowest``
        # shingles cannot be, and has at most len(words) - 2. The others wait for a later one.
        while unshingled and -unshingled[0][0] >= lowest:
            _, earlier, earlier_words = heapq.heappop(unshingled)
            earlier_shingles = _shingles(earlier_words)
            seen_shingles |= earlier_shingles
            index_shingles(earlier, earlier_shingles, _prefix(earlier_shingles, threshold))
        prefix = _prefix(shingles, threshold)
        seen_before = len(seen_shingles)
        seen_shingles |= shingles
        if _could_repeat(size, size - (len(seen_shingles) - seen_before)):
            # Every earlier paragraph with a Jaccard >= t shares a prefix hash (see _prefix),
            # so these are all the candidates; text order finds the earliest similar one.
            candidates = sorted(
                set(
                    itertools.chain.from_iterable(
                        by_prefix_hash.get(shingle, ()) for shingle in prefix
                    )
                )
            )
            for candidate in candidates:
                other = shingle_sets[candidate]
                if min(size, len(other)) < threshold * max(size, len(other)):
                    continue
                overlap = len(shingles & other)
                if overlap >= threshold * (size + len(other) - overlap):
                    root = result[candidate]
                    result[index] = candidate if root is None else root
                    break
        index_shingles(index, shingles, prefix)
    return result


def _prefix(shingles: set[int], threshold: float) -> list[int]:
    """The smallest hashes of ``shingles``: two sets with a Jaccard >= t share one of them.

    Prefix filtering: if two sets share ``o`` elements, the smallest shared element is among
    the ``size - o + 1`` smallest of each. A Jaccard >= t (the float test of
    ``_find_duplicates``) gives ``o >= t * size >= int(t * size)`` for both sets, so prefixes
    of ``size - int(t * size) + 1`` are long enough (longer only adds candidates, each then
    checked exactly).
    """
    size = len(shingles)
    return sorted(shingles)[: size - int(threshold * size) + 1]


def _shingles(words: list[bytes]) -> set[int]:
    """Hashes of the word 3-shingles (the tuples, freed at once, are not kept)."""
    return set(map(hash, zip(words, words[1:], words[2:], strict=False)))


def _could_repeat(size: int, shared: int) -> bool:
    """Whether ``shared`` of ``size`` shingles allow a Jaccard >= t with an earlier paragraph.

    A near repeat has overlap >= t * size (the float test rounds by far less than the integer
    margin of 1/2 here), since the other set holds at least the overlap.
    """
    return 10 * shared > 9 * size - 5


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


def _in_address(text: str, position: int, start: int, end: int) -> bool:
    """Whether ``position`` lies inside a URL, domain or e-mail address in ``text[start:end]``.

    Full stops inside them never end a sentence; trailing punctuation stays outside. An address
    is the whitespace-delimited token around ``position``, if it holds an address hint, without
    leading openers and trailing punctuation.
    """
    token_start = position
    while token_start > start and not text[token_start - 1].isspace():
        token_start -= 1
    token_end = _NON_SPACE_RUN.match(text, position, end).end()  # type: ignore[union-attr]
    if not _ADDRESS_HINT.search(text, token_start, token_end):
        return False
    token = text[token_start:token_end]
    core_start = token_start + len(token) - len(token.lstrip(_STRIP_LEADING))
    core = text[core_start:token_end].rstrip(_STRIP_TRAILING)
    return core_start <= position < core_start + len(core) and _is_address(core)


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
        following = _word_after(text, position + (text[position] in _OPENERS), end)
        return following.lower() in _SENTENCE_OPENERS
    return True


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


def _sentence_cuts(text: str, paragraphs: Sequence[Paragraph]) -> list[list[int]]:
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
    # Every check below that skips a run is a plain condition: their order does not matter.
    for match in _TERMINATOR_CONTEXT.finditer(text, text_start, text_end):
        run_start = match.start()
        while run_start >= end:
            number += 1
            start, end = paragraphs[number].start, paragraphs[number].end
            cuts = cuts_by_paragraph[number]
        if match.end() >= end:
            # Nothing but a stray closing quote left: it belongs to this sentence.
            continue
        run_end = match.end(1)
        after = match.end(2)
        following = match.end(3)
        run = text[run_start:run_end]
        if run[-1] in _SPACELESS_TERMINATORS:
            if not _in_address(text, run_start, start, end):
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
                and not _in_address(text, run_start, start, end)
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
            elif (
                word
                # Other words allow the split (see _abbreviation_allows_split).
                and (len(word) == 1 or "." in word or word.lower() in _ABBREVIATIONS)
                and not _abbreviation_allows_split(word, text, following, end)
            ):
                continue
            # Whitespace follows: the address around the full stop would end before it.
            cuts.append(after)
            continue
        # When whitespace follows a run and its closers that an address drops from its end,
        # the run is outside any address (the usual case), else look.
        if text[run_start:after].rstrip(_STRIP_TRAILING) and _in_address(
            text, run_start, start, end
        ):
            continue
        cuts.append(after)

    # Both embed patterns hold a fixed substring; a C-level find skips almost every text.
    if "(@" in text or "A post shared by" in text:
        for paragraph, cuts in zip(paragraphs, cuts_by_paragraph, strict=True):
            embed_cuts = _embed_cuts(text, paragraph.start, paragraph.end)
            if embed_cuts:
                cuts[:] = sorted({*cuts, *embed_cuts})
    return cuts_by_paragraph


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
        cuts_by_paragraph = [_sentence_cuts(text, [paragraph])[0] for paragraph in paragraphs]
        return _sentences_from_cuts(text, paragraphs, cuts_by_paragraph)
    return _sentences_from_cuts(text, paragraphs, _sentence_cuts(text, paragraphs))


def _sentences_from_cuts(
    text: str, paragraphs: Sequence[Paragraph], cuts_by_paragraph: list[list[int]]
) -> list[Sentence]:
    sentences: list[Sentence] = []
    append = sentences.append
    for paragraph, cuts in zip(paragraphs, cuts_by_paragraph, strict=True):
        if not cuts:
            # A paragraph is already stripped: it is one sentence.
            append(
                _new_sentence(
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
                    _new_sentence(
                        len(sentences),
                        paragraph_index,
                        sentence_start,
                        sentence_start + len(sentence_text),
                        sentence_text,
                    )
                )
            piece_start = piece_end
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
    return paragraphs, _sentences_from_cuts(text, paragraphs, _sentence_cuts(text, paragraphs))


# --------------------------------------------------------------------------------------------
# Limits on very long articles
# --------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class AppliedLimit:
    """A cap applied to one article, reported with it (``limits`` in the JSON report).

    Attributes
    ----------
    name : str
        ``"max_sentence_chars"``, ``"max_sentences"`` or ``"max_chars"``.
    limit : int
        The value of the cap.
    count : int
        How many sentences were cut (``max_sentence_chars``, among those analysed), how
        many sentences segmentation found in the article (``max_sentences``), or how many
        characters the article has (``max_chars``).
    detail : str
        What was done, in words.
    """

    name: str
    limit: int
    count: int
    detail: str

    def to_dict(self) -> dict[str, int | str]:
        return {"name": self.name, "limit": self.limit, "count": self.count, "detail": self.detail}


@dataclasses.dataclass(frozen=True, slots=True)
class LimitedSegmentation:
    """Paragraphs and sentences within the limits, where the analysed text ends, the limits."""

    paragraphs: list[Paragraph]
    sentences: list[Sentence]
    end: int
    limits: list[AppliedLimit]


def _cut_long_sentence(text: str, sentence: Sentence, max_chars: int) -> list[tuple[int, int]]:
    """``(start, end)`` pieces of ``sentence``, each at most ``max_chars`` long and stripped."""
    pieces = []
    start, end = sentence.start, sentence.end
    while end - start > max_chars:
        limit = start + max_chars
        # Cut at the last space in the second half of the window, else in the middle of a
        # word (half the cap without a space is no sentence anyway).
        cut = text.rfind(" ", start + max_chars // 2, limit + 1)
        if cut == -1:
            cut = limit
        piece_end = cut
        while text[piece_end - 1].isspace():  # stops: text[start] is not whitespace
            piece_end -= 1
        pieces.append((start, piece_end))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        pieces.append((start, end))
    return pieces


def limit_segmentation(
    text: str,
    paragraphs: Sequence[Paragraph],
    sentences: Sequence[Sentence],
    *,
    max_sentence_chars: int = MAX_SENTENCE_CHARS,
    max_sentences: int = MAX_SENTENCES_PER_ARTICLE,
    max_chars: int = MAX_ARTICLE_CHARS,
) -> LimitedSegmentation:
    """Apply :data:`MAX_SENTENCE_CHARS`, :data:`MAX_SENTENCES_PER_ARTICLE` and
    :data:`MAX_ARTICLE_CHARS` to a segmentation.

    Sentences longer than ``max_sentence_chars`` are cut at whitespace into pieces that are
    sentences of their own; then only the first ``max_sentences`` sentences are kept, and of
    those only the ones ending within the first ``max_chars`` characters (at least one); the
    paragraphs are cut where the last kept sentence ends. Offsets stay true
    (``text[s.start:s.end] == s.text``), so the analysed text is ``text[:result.end]``. Each
    cap that changed something is named in ``result.limits``; an article within the caps
    comes back unchanged, with no limits.

    Parameters
    ----------
    text : str
        The article text.
    paragraphs, sentences : sequence
        Its segmentation (:func:`segment`).
    max_sentence_chars, max_sentences, max_chars : int
        The caps; each must be at least 1.

    Returns
    -------
    LimitedSegmentation

    Examples
    --------
    >>> text = "One. Two. Three."
    >>> limited = limit_segmentation(text, *segment(text), max_sentences=2)
    >>> [s.text for s in limited.sentences], limited.end, limited.limits[0].name
    (['One.', 'Two.'], 9, 'max_sentences')
    """
    for name, value in (
        ("max_sentence_chars", max_sentence_chars),
        ("max_sentences", max_sentences),
        ("max_chars", max_chars),
    ):
        if value < 1:
            raise ValueError(
                f"The '{name}' parameter of limit_segmentation must be at least 1. "
                f"Got {value!r} instead."
            )
    limits: list[AppliedLimit] = []
    if all(s.end - s.start <= max_sentence_chars for s in sentences):
        kept = list(sentences)
    else:
        kept, cut = [], 0
        for sentence in sentences:
            if sentence.end - sentence.start <= max_sentence_chars:
                pieces = [(sentence.start, sentence.end)]
            else:
                pieces = _cut_long_sentence(text, sentence, max_sentence_chars)
                cut += 1
            for start, end in pieces:
                kept.append(
                    _new_sentence(len(kept), sentence.paragraph, start, end, text[start:end])
                )
            if len(kept) > max_sentences or kept[-1].end > max_chars:
                break  # the rest is dropped below: no need to cut it
        limits.append(
            AppliedLimit(
                "max_sentence_chars",
                max_sentence_chars,
                cut,
                f"{cut} sentence(s) longer than {max_sentence_chars:,} characters cut at "
                "whitespace into shorter ones",
            )
        )
    # Sentences are in text order, so their ends are sorted: the char cap is a bisection.
    within_chars = max(1, bisect.bisect_right([s.end for s in kept], max_chars))
    if not kept or (len(kept) <= max_sentences and within_chars == len(kept)):
        return LimitedSegmentation(list(paragraphs), kept, len(text), limits)
    if within_chars < min(len(kept), max_sentences):
        kept = kept[:within_chars]
        name, limit, count = "max_chars", max_chars, len(text)
        found = f"{len(text):,} characters"
    else:
        kept = kept[:max_sentences]
        name, limit, count = "max_sentences", max_sentences, len(sentences)
        found = f"{len(sentences):,} sentences"
    end = kept[-1].end
    last = kept[-1].paragraph
    limited_paragraphs = []
    for paragraph in paragraphs:
        if paragraph.index > last:
            break
        if paragraph.end > end:
            paragraph = _new_paragraph(
                paragraph.index,
                paragraph.start,
                end,
                text[paragraph.start : end],
                paragraph.duplicate_of,
            )
        limited_paragraphs.append(paragraph)
    limits.append(
        AppliedLimit(
            name,
            limit,
            count,
            f"{found}: only the first {len(kept):,} sentences are analysed (characters 0 to "
            f"{end:,} of {len(text):,}); the rest yields no claims",
        )
    )
    return LimitedSegmentation(limited_paragraphs, kept, end, limits)
