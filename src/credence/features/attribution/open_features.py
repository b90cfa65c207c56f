"""The tagger's open features: what a token's place in its clause says about sources and cues.

Beside the word, lexicon and distance features of :mod:`.tagging`, a trained model may read
two families that describe a token's place in its clause rather than its word, so that they
carry over to words the training articles hardly hold: the source features
(:mod:`.source_features`, prefix ``sf:``) and the cue features (:mod:`.cue_features`, prefix
``cf:``). :class:`.tagging.TokenFeaturizer` and :class:`.emissions.EmissionScorer` add them
through :func:`paragraph_open_features`, only for a model that knows one of them.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from credence.features.attribution.cue_features import (
    CONTEXT_PREFIXES,
    CUE_PREFIX,
    _WordCache,
    cue_features,
)
from credence.features.attribution.source_features import organisation_words, source_features

if TYPE_CHECKING:
    from credence.features.attribution.lexicon import AttributionLexicon
    from credence.features.attribution.tokens import _TokenTable

__all__ = ["OPEN_PREFIXES", "SOURCE_PREFIX", "OpenFeatures", "paragraph_open_features"]

#: The prefix of the source features.
SOURCE_PREFIX = "sf:"
#: The prefixes of every open feature (a model that knows none of them is spared building them).
OPEN_PREFIXES = (SOURCE_PREFIX, CUE_PREFIX)
#: The lexicon's head-noun kinds read as the subject of a cue.
_HEAD_KINDS = ("anon-head", "role-head", "official-head", "outlet-head")


def _merge(into: dict[int, list[str]], more: dict[int, list[str]]) -> None:
    for k, names in more.items():
        into.setdefault(k, []).extend(names)


class OpenFeatures:
    """The source and cue features of a paragraph, as one model reads them.

    Parameters
    ----------
    lex : AttributionLexicon
        Reporting verbs and source head nouns.
    known : collection of str, optional
        The trained model's features: only those are kept, and a family the model knows
        nothing of is not built. ``None`` (training) keeps all.
    """

    def __init__(self, lex: AttributionLexicon, known: Collection[str] | None = None) -> None:
        self.lex = lex
        self.known = known
        self.source = known is None or any(f.startswith(SOURCE_PREFIX) for f in known)
        # The cue features of a word alone (cf:stem=, cf:cls=) are word features (.tagging).
        self.cue = known is None or any(f.startswith(CONTEXT_PREFIXES) for f in known)
        self.heads = frozenset().union(*(lex.words[kind] for kind in _HEAD_KINDS))
        self.organisations = organisation_words()
        self._cue_words = _WordCache(self.heads, known)

    @property
    def any(self) -> bool:
        """Whether the model reads any open feature."""
        return self.source or self.cue

    def __call__(self, table: _TokenTable, lo: int, hi: int) -> dict[int, list[str]]:
        """The features of the tokens ``lo`` to ``hi`` of an article's token table
        (paragraph-relative indices).
        """
        words, lows, caps = table.words[lo:hi], table.lows[lo:hi], table.is_cap[lo:hi]
        found: dict[int, list[str]] = {}
        if self.source:
            found = source_features(words, lows, caps, self.lex.cues, self.organisations)
        if self.cue:
            # The cue features come already kept to the model's (per word, cached).
            cues = cue_features(words, lows, caps, self.heads, self._cue_words)
        else:
            cues = {}
        known = self.known
        if known is not None and found:
            kept = {k: [f for f in names if f in known] for k, names in found.items()}
            found = {k: names for k, names in kept.items() if names}
        _merge(found, cues)
        return found


def paragraph_open_features(
    table: _TokenTable,
    lo: int,
    hi: int,
    lex: AttributionLexicon,
    known: Collection[str] | None = None,
) -> dict[int, list[str]]:
    """:class:`OpenFeatures` of the tokens ``lo`` to ``hi`` (a one-off; a featurizer keeps
    one :class:`OpenFeatures`).
    """
    return OpenFeatures(lex, known)(table, lo, hi)
