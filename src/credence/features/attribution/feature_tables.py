"""The trained tagger's feature names as lookup tables, for the emission scorer.

A CRF model names its features ("w=said", "-1:w=said", "s3=aid", "bi=the|minister"); the
scorer (:mod:`.emissions`) finds their rows by word instead of building and hashing a name
for every token: :func:`_word_feature_table` gives a word's five word-feature rows in one
lookup, :func:`_bigram_table` the bigram features by pairs of word ids, and
:func:`word_rows_adding` the scorer's row of every token (the pure-Python twin of the
compiled ``_window.word_rows_adding`` and ``_window.WordRows``); :class:`WordFeatureRows`
adds the weights of the features a model reads of a word alone beyond those (its word
clusters, its cue stem and class) to the scorer's per-word sums.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

__all__ = ["WordFeatureRows", "more_word_rows", "word_rows_adding"]

#: What one word shows its own token and the tokens around it: ``(own features, {offset:
#: features})`` with offsets -2, -1, +1, +2 (those the word shows a token that many places
#: away, as ``ClusterFeatures.of_word`` gives them).
WordFeatures = Callable[[str, str], tuple[Sequence[str], Mapping[int, Sequence[str]]]]
#: The offsets of the scorer's per-word slots after the word's own (slot 0).
_SLOT_OFFSETS = (-2, -1, 1, 2)


class WordFeatureRows:
    """The features of a word alone that the scorer's word tables do not hold, added as rows
    of the model's weights to its per-word sums.

    :class:`.emissions.EmissionScorer` sums each word's features once into five slots (its own
    token, then what it shows the tokens at offsets -2, -1, +1, +2); this adds, for each new
    word, the weights of the features of ``features_of`` (the word clusters' ``wc:``, the cue
    stem and class ``cf:stem=``/``cf:cls=``) to those slots, so that a model reading them keeps
    the array path and gives the labels of the feature strings.

    Parameters
    ----------
    features_of : sequence of callables
        Each gives ``(own features, {offset: features})`` of ``(word, lower-cased word)``.
    index : mapping of str to int
        Row of each feature the model knows (the others add nothing).
    """

    def __init__(self, features_of: Sequence[WordFeatures], index: Mapping[str, int]) -> None:
        self.features_of = tuple(features_of)
        self.index = index

    def rows_of(self, word: str, low: str) -> list[list[int]]:
        """The rows of the features of one word per slot (own, -2, -1, +1, +2)."""
        get = self.index.get
        slots: list[list[int]] = [[], [], [], [], []]
        for features_of in self.features_of:
            own, near = features_of(word, low)
            for slot, names in enumerate((own, *(near.get(o, ()) for o in _SLOT_OFFSETS))):
                slots[slot].extend(r for r in map(get, names) if r is not None)
        return slots

    def add(
        self, static: Any, first: int, words: Sequence[str], lows: Sequence[str], weights: Any
    ) -> None:
        """Add the rows of ``words`` (lower-cased: ``lows``) to ``static[first + i, slot]``
        (the scorer's per-word sums; one row of ``weights`` per feature).
        """
        for i, (word, low) in enumerate(zip(words, lows, strict=True)):
            for slot, rows in enumerate(self.rows_of(word, low)):
                for row in rows:
                    static[first + i, slot] += weights[row]


def _bigram_table(index: dict[str, int]) -> tuple[dict[str, int], list[tuple[int, int, int]]]:
    """The model's ``bi=a|b`` features as ``({word: id}, [(id of a, id of b, row)])``, so that
    the bigram of two tokens is found by their word ids, in arrays, instead of building and
    hashing a string for every token.

    A feature whose words hold "|" is entered at every split, so that ``(a, b)`` is found
    exactly when ``f"bi={a}|{b}"`` is the feature's name.
    """
    ids: dict[str, int] = {}
    pairs: list[tuple[int, int, int]] = []
    for name, row in index.items():
        if not name.startswith("bi="):
            continue
        pair = name[3:]
        at = pair.find("|")
        while at >= 0:
            first = ids.setdefault(pair[:at], len(ids))
            second = ids.setdefault(pair[at + 1 :], len(ids))
            pairs.append((first, second, row))
            at = pair.find("|", at + 1)
    return ids, pairs


def word_rows_adding(words: list[str], rows: dict[str, int]) -> tuple[list[int], list[int]]:
    """The row of every word in ``rows``, a word not there entered first with the next row
    (``len(rows)``); and the indices where a new word first occurs, in order. The pure-Python
    twin of the compiled ``_window.word_rows_adding`` (tested equal).
    """
    ids: list[int] = []
    new: list[int] = []
    for k, word in enumerate(words):
        row = rows.get(word)
        if row is None:
            row = rows[word] = len(rows)
            new.append(k)
        ids.append(row)
    return ids, new


#: The word features: what a word shows on its own token and at each neighbour offset, in
#: the order of a word's static slots (own, -2, -1, +1, +2).
_WORD_PREFIXES = ("w=", "-2:w=", "-1:w=", "1:w=", "2:w=")
#: The rows of a word the model has no word feature for.
_NO_WORD_ROWS: tuple[int | None, ...] = (None,) * len(_WORD_PREFIXES)


def _word_feature_table(
    index: dict[str, int],
) -> tuple[dict[str, tuple[int | None, ...]], dict[str, int]]:
    """The model's word features by lower-cased word, ``{low: (row of "w=low", of
    "-2:w=low", "-1:w=low", "1:w=low", "2:w=low")}`` (``None`` where the model has none), and
    its suffix features by suffix, ``{s: row of "s3=s"}``.

    A new word then costs one lookup for its five word features instead of five names built
    and looked up, and most new words (ones the model never saw) are found in none.
    """
    by_word: dict[str, list[int | None]] = {}
    by_suffix: dict[str, int] = {}
    for name, row in index.items():
        if name.startswith("s3="):
            by_suffix[name[3:]] = row
            continue
        for slot, prefix in enumerate(_WORD_PREFIXES):
            if name.startswith(prefix):
                rows = by_word.setdefault(name[len(prefix) :], [None] * len(_WORD_PREFIXES))
                rows[slot] = row
                break
    return {word: tuple(rows) for word, rows in by_word.items()}, by_suffix


def more_word_rows(
    clusters: Any, word_cues: Callable[[str, str], Sequence[str]] | None, index: Mapping[str, int]
) -> WordFeatureRows | None:
    """The :class:`WordFeatureRows` of a model's word clusters (``ClusterFeatures``) and cue
    word features (``WordCueFeatures``), or ``None`` when it reads neither.
    """
    found: list[WordFeatures] = []
    if clusters:
        found.append(lambda word, low: clusters.of_word(low))
    if word_cues is not None:
        found.append(lambda word, low: (word_cues(word, low), {}))
    return WordFeatureRows(found, index) if found else None
