"""The word and character n-gram TF-IDF features that the sentence classifiers share."""

from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

__all__ = ["ngram_vectorizers"]


def ngram_vectorizers(
    max_word: int, max_char: int, *, dtype: type = np.float64
) -> list[tuple[str, TfidfVectorizer]]:
    """``[("word", …), ("char", …)]`` TF-IDF vectorizers for a ``FeatureUnion``.

    Word 1–2-grams (seen in at least 2 sentences) and character 2–5-grams inside word
    boundaries (at least 3), both with sublinear term frequency and capped vocabularies:
    the character n-grams catch inflections and spellings ("reportedly", "re-deployed") that
    the word n-grams split.
    """
    return [
        (
            "word",
            TfidfVectorizer(
                ngram_range=(1, 2), min_df=2, max_features=max_word, sublinear_tf=True, dtype=dtype
            ),
        ),
        (
            "char",
            TfidfVectorizer(
                analyzer="char_wb",
                ngram_range=(2, 5),
                min_df=3,
                max_features=max_char,
                sublinear_tf=True,
                dtype=dtype,
            ),
        ),
    ]
