"""Verbatim and near-verbatim repeats of paragraphs.

A paragraph repeats an earlier one when their words (case-folded runs of letters and digits)
are the same, or when the Jaccard similarity of their sets of word 3-shingles is at least
:data:`NEAR_DUPLICATE_JACCARD`; the earliest such paragraph is the one repeated.

How :func:`find_duplicates` stays fast. Most paragraphs are new, and two cheap tests prove
it. A paragraph with a Jaccard >= t to an earlier one shares at least ``t * size`` of its
``size`` shingles with it (see ``_could_repeat``), so with the union of all earlier shingle
sets. Before that, a test on words alone: the shingles it does not share hold every word that
no earlier paragraph has, at most three such words each, so it has at most
``3 * (1 - t) * size`` of them. Shingles are only built for paragraphs that pass the word
test and for the earlier ones they may be compared with (built late, when such a paragraph
comes), so that the shingle union holds every candidate's shingles and the candidates are
the same as when every shingle set is built. Candidates are the earlier paragraphs that share
one of the smallest hashes of its set (prefix filtering, see ``_prefix``: every paragraph
with a Jaccard >= t does), tried in text order, so the earliest similar one is found; the
cost of a paragraph does not grow with the number of earlier ones of a similar size, as a
scan of those did (quadratic on long texts of many repeats). The prefix index is brought up
to date only when a paragraph may repeat an earlier one (most texts have none), so most
shingle sets are never sorted. Shingles are stored as 64-bit hashes.
"""

from __future__ import annotations

import heapq
import itertools
import re
from collections.abc import Sequence

from credence.document import Paragraph

__all__ = [
    "NEAR_DUPLICATE_JACCARD",
    "duplicate_paragraph_groups",
    "find_duplicates",
    "paragraph_words",
]

#: Word 3-shingle Jaccard similarity at or above which a paragraph repeats an earlier one.
NEAR_DUPLICATE_JACCARD = 0.9

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


def _only_separates_words(char: str) -> bool:
    """Whether ``char`` is no letter or digit and does not fold into one: like a space."""
    return not char.isalnum() and char.casefold() == char


def paragraph_words(text: str, spans: Sequence[tuple[int, int]]) -> list[list[bytes]]:
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


def find_duplicates(words_by_paragraph: Sequence[list[bytes]]) -> list[int | None]:
    """Index of the earliest paragraph each one repeats (exactly or nearly), else None.

    ``words_by_paragraph`` holds the words of each paragraph (:func:`paragraph_words`), so
    case, punctuation and whitespace differences do not make a paragraph new. Exact repeats
    are found through a dictionary of wordings, near repeats as the module docstring says.
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

    # Shingled paragraphs not yet in the prefix index: their prefixes (a sort each) are
    # only needed when some paragraph may repeat an earlier one, which most texts never do.
    unindexed: list[int] = []

    def index_pending() -> None:
        for paragraph in unindexed:
            for shingle in _prefix(shingle_sets[paragraph], threshold):
                by_prefix_hash.setdefault(shingle, []).append(paragraph)
        unindexed.clear()

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
            shingle_sets[earlier] = earlier_shingles
            unindexed.append(earlier)
        seen_before = len(seen_shingles)
        seen_shingles |= shingles
        if _could_repeat(size, size - (len(seen_shingles) - seen_before)):
            # Every earlier paragraph with a Jaccard >= t shares a prefix hash (see _prefix),
            # so these are all the candidates; text order finds the earliest similar one.
            index_pending()
            prefix = _prefix(shingles, threshold)
            repeated = _earliest_similar(shingles, prefix, by_prefix_hash, shingle_sets)
            if repeated is not None:
                root = result[repeated]
                result[index] = repeated if root is None else root
        shingle_sets[index] = shingles
        unindexed.append(index)
    return result


def _earliest_similar(
    shingles: set[int],
    prefix: list[int],
    by_prefix_hash: dict[int, list[int]],
    shingle_sets: dict[int, set[int]],
) -> int | None:
    """The earliest shingled paragraph with a Jaccard >= t to ``shingles``, else None.

    Every earlier paragraph with a Jaccard >= t shares a prefix hash (see ``_prefix``), so
    these are all the candidates; text order finds the earliest similar one.
    """
    threshold = NEAR_DUPLICATE_JACCARD
    size = len(shingles)
    candidates = sorted(
        set(itertools.chain.from_iterable(by_prefix_hash.get(shingle, ()) for shingle in prefix))
    )
    for candidate in candidates:
        other = shingle_sets[candidate]
        if min(size, len(other)) < threshold * max(size, len(other)):
            continue
        overlap = len(shingles & other)
        if overlap >= threshold * (size + len(other) - overlap):
            return candidate
    return None


def _prefix(shingles: set[int], threshold: float) -> list[int]:
    """The smallest hashes of ``shingles``: two sets with a Jaccard >= t share one of them.

    Prefix filtering: if two sets share ``o`` elements, the smallest shared element is among
    the ``size - o + 1`` smallest of each. A Jaccard >= t (the float test of
    ``find_duplicates``) gives ``o >= t * size >= int(t * size)`` for both sets, so prefixes
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
