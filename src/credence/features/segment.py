"""Paragraph and sentence segmentation with offsets into the original text.

Nothing here normalises the text: every :class:`~credence.document.Paragraph` and
:class:`~credence.document.Sentence` satisfies ``text[span.start:span.end] == span.text``,
spans are stripped of surrounding whitespace, ordered and non-overlapping, and together they
cover every non-whitespace character of the text.

This module is the one entry point of segmentation, the only paragraph and sentence
splitter of credence; the concepts live in their own modules and are re-exported here:

- :mod:`credence.features.paragraphs`: paragraphs (blank lines, single line breaks of text
  that is not hard-wrapped, headings and list items);
- :mod:`credence.features.duplicates`: verbatim and near-verbatim repeats of a paragraph;
- :mod:`credence.features.sentences`: sentences, which never cross a paragraph boundary;
- :mod:`credence.features.segment_limits`: the caps on very long articles.
"""

from __future__ import annotations

from credence.document import Paragraph, Sentence
from credence.features.duplicates import NEAR_DUPLICATE_JACCARD, duplicate_paragraph_groups
from credence.features.paragraphs import split_paragraphs
from credence.features.segment_limits import (
    MAX_ARTICLE_CHARS,
    MAX_SENTENCE_CHARS,
    MAX_SENTENCES_PER_ARTICLE,
    AppliedLimit,
    LimitedSegmentation,
    limit_segmentation,
)
from credence.features.sentences import sentence_cuts, sentences_from_cuts, split_sentences

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
    return paragraphs, sentences_from_cuts(text, paragraphs, sentence_cuts(text, paragraphs))
