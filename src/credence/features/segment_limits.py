"""Caps on very long articles: sentence length, sentence count and characters analysed."""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Sequence

from credence.document import Paragraph, Sentence
from credence.features.segment_objects import new_paragraph, new_sentence

__all__ = [
    "MAX_SENTENCE_CHARS",
    "MAX_SENTENCES_PER_ARTICLE",
    "MAX_ARTICLE_CHARS",
    "AppliedLimit",
    "LimitedSegmentation",
    "limit_segmentation",
]

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


def _cut_long_sentences(
    text: str,
    sentences: Sequence[Sentence],
    max_sentence_chars: int,
    max_sentences: int,
    max_chars: int,
) -> tuple[list[Sentence], int]:
    """The sentences with each longer one cut into pieces, and how many were cut.

    Stops once more than ``max_sentences`` are kept or one ends past ``max_chars``: the rest
    is dropped by the caller, no need to cut it.
    """
    kept: list[Sentence] = []
    cut = 0
    for sentence in sentences:
        if sentence.end - sentence.start <= max_sentence_chars:
            pieces = [(sentence.start, sentence.end)]
        else:
            pieces = _cut_long_sentence(text, sentence, max_sentence_chars)
            cut += 1
        for start, end in pieces:
            kept.append(new_sentence(len(kept), sentence.paragraph, start, end, text[start:end]))
        if len(kept) > max_sentences or kept[-1].end > max_chars:
            break
    return kept, cut


def _paragraphs_until(
    text: str, paragraphs: Sequence[Paragraph], last: int, end: int
) -> list[Paragraph]:
    """The paragraphs up to number ``last``, the one holding ``end`` cut there."""
    limited = []
    for paragraph in paragraphs:
        if paragraph.index > last:
            break
        if paragraph.end > end:
            paragraph = new_paragraph(
                paragraph.index,
                paragraph.start,
                end,
                text[paragraph.start : end],
                paragraph.duplicate_of,
            )
        limited.append(paragraph)
    return limited


def _count_cap(
    text: str,
    found_sentences: int,
    kept: list[Sentence],
    within_chars: int,
    max_sentences: int,
    max_chars: int,
) -> tuple[list[Sentence], AppliedLimit]:
    """The sentences within the character or sentence cap, whichever binds first, and it."""
    if within_chars < min(len(kept), max_sentences):
        kept = kept[:within_chars]
        name, limit, count = "max_chars", max_chars, len(text)
        found = f"{len(text):,} characters"
    else:
        kept = kept[:max_sentences]
        name, limit, count = "max_sentences", max_sentences, found_sentences
        found = f"{found_sentences:,} sentences"
    end = kept[-1].end
    detail = (
        f"{found}: only the first {len(kept):,} sentences are analysed (characters 0 to "
        f"{end:,} of {len(text):,}); the rest yields no claims"
    )
    return kept, AppliedLimit(name, limit, count, detail)


def _check_caps(**caps: int) -> None:
    """Raise ValueError naming the first cap below 1."""
    for name, value in caps.items():
        if value < 1:
            raise ValueError(
                f"The '{name}' parameter of limit_segmentation must be at least 1. "
                f"Got {value!r} instead."
            )


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
    _check_caps(
        max_sentence_chars=max_sentence_chars, max_sentences=max_sentences, max_chars=max_chars
    )
    limits: list[AppliedLimit] = []
    if all(s.end - s.start <= max_sentence_chars for s in sentences):
        kept = list(sentences)
    else:
        kept, cut = _cut_long_sentences(
            text, sentences, max_sentence_chars, max_sentences, max_chars
        )
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
    kept, applied = _count_cap(text, len(sentences), kept, within_chars, max_sentences, max_chars)
    end = kept[-1].end
    limits.append(applied)
    limited_paragraphs = _paragraphs_until(text, paragraphs, kept[-1].paragraph, end)
    return LimitedSegmentation(limited_paragraphs, kept, end, limits)
