"""Hedge and booster cues: words that weaken or strengthen the certainty of a statement.

A lexicon (``lexicons/hedges.tsv``, optionally merged with a user file of the same format) is
compiled once into a token trie; :class:`HedgeExtractor` takes, at each token of a text, the
longest cue that starts there. Matching is linear in the length of the text (each position
looks ahead at most the length of the longest cue); a regex compiled from the lexicon finds
the few places where a cue may start, so that only the tokens around them are read.

Context rules decide the senses the lexicon alone cannot:

- *quantity-gated cues*: rows whose note starts with ``[before-quantity]`` count only before a
  number or quantity word. "some 10,000" and "about 1,000" are estimation; "talked about the
  war" is no cue; "some reports" falls through to the next ``some`` row, *vague* (weasel
  wording: unnamed parties, which is how the Szeged Wikipedia "weasel" annotations treat it).
- *month and name "May"*: "May" followed by a day or year ("May 20", "May 2024"), preceded by
  a month preposition ("in may", "since May"), or capitalised in mid-sentence ("Theresa May",
  "last May") is not the modal.
- *noun senses of modals*: "military might", "the will of the people", "a can of" are not
  cues (a determiner, possessive or typical adjective directly before the modal).
- *"appear" on stage*: "appear", "appears", "appeared", "appearing" followed by a place or
  time preposition ("appear at the convention", "appeared on television") or by nothing
  ("a rash appeared.") is the physical sense, no cue; "appears to", "appeared that",
  "appear as if" and "appears likely" stay evidential.
- *reported "would"*: "would" is a hypothetical cue ("a wall would stop ..."), except as the
  future-in-the-past of reported speech: a reporting verb ("said", "told", "promised", ...)
  among the five tokens before it ("aides said the campaign would not accept") makes it none.
- *doxastic "see/view/regard ... as"*: rows whose note starts with ``[before-as]`` count only
  when "as" follows within five tokens of the same clause ("she sees him as a threat", "saw
  the vote as the beginning"), and not as "as many", "as soon as", "as he left" (time).
- *excluded neighbours*: a note holding ``[not-before: to for]`` makes the row count only
  when the next token is none of those words ("hoping that he wins" but not "hoping to win",
  volition; "supposed" but not "supposed to", obligation); ``[not-after: the a]`` does the
  same for the token before ("the best hope", a noun, is no cue).
- *required complement*: ``[only-before: that of]`` makes the row count only before one of
  those words: a doxastic noun hedges a proposition it governs ("fears that the deal fails",
  "the suspicion that he lied"), not an emotion or a target ("played on voters' fears",
  "exceed expectations").
- *free relatives*: ``[not-after-what]`` drops the cue when "what" opens its clause within
  three tokens before it ("saying what he truly believed", "not what the establishment
  thinks"): the verb names the content of a belief and hedges no proposition.
- *"could not"*: past inability ("police could not reach him") is no cue; the multi-word
  unverifiable cues ("could not be verified") are matched first because they are longer.
- *negation*: a negator ("not", "n't", "no", "never", "without", "yet to", "declined to", ...)
  at most four tokens before a cue, in the same clause, marks it ``negated``. A negated
  booster ("not confirmed", "no confirmation", "has not been verified") is *not* a booster:
  it counts as uncertainty. A negated hedge stays a hedge ("not likely" is still a hedge).

Examples
--------
>>> from credence.features.hedges import HedgeExtractor
>>> [h.explanation for h in HedgeExtractor().extract("Troops were reportedly sent.")]
["hedge cue 'reportedly' (hearsay)"]
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from credence.features.base import SpanExtractor, register
from credence.features.context import Context
from credence.features.hedge_lexicon import (
    _APPEAR_FORMS,
    _MODALS_WITH_NOUN_SENSE,
    _WORDS_READING_BEFORE,
    CATEGORIES,
    END_OF_CUE,
    UNCERTAINTY_CATEGORIES,
    CueEntry,
    HedgeLexicon,
    load_lexicon,
)
from credence.features.hedge_tokens import Tokens, letter_mask
from credence.features.lexicon import words

__all__ = [
    "CATEGORIES",
    "UNCERTAINTY_CATEGORIES",
    "Hedge",
    "HedgeExtractor",
    "load_lexicon",
]

# A "[before-as]" cue ("see", "viewed") counts when "as" follows within this many tokens, in
# the same clause: "sees him as a threat", "saw the vote as a test".
_AS_WINDOW = 5
# After that "as", these make it no complement of the verb: "see as many", "viewed as soon
# as", "saw it as he left" (time), "seen as well".
_NOT_AS_COMPLEMENT = words("not_as_complement")
# Tokens past the end of a cue that the context rules may read.
_LOOKAHEAD = _AS_WINDOW + 2
# A "[not-after-what]" cue is a free relative's verb when "what" is this close before it.
_WHAT_WINDOW = 3
_NEGATION_WINDOW = 4

_NUMBER_RE = re.compile(r"\d")
# A token of the whole text starts right after any of these characters: whitespace, and
# punctuation that is a token of its own (only a number holds "." or "," after a digit, only
# "n't" holds a quote after "n"). Tokens stop at the first one (the lookaheads as well).
_TOKEN_BOUNDARY_AFTER = re.compile(r"[^\w.,'’]|(?<!\d)[.,]|(?<!n)['’]")
_TOKEN_BOUNDARY_AT = re.compile(r"[^\w.,'’]")
# How far _tokens_around looks for token boundaries before tokenizing the whole text.
_MAX_WINDOW = 4096
# Characters that end any token before them and start none with the character after: neither
# word characters ("\w": alphanumeric or "_") nor quotes (the only ones "n't" holds). A token
# starts right after one; a run of ASCII letters followed by one is a whole token. (Listed for
# the first 12,288 code points, where text has nearly all of its characters; a character not
# listed takes the general path.)
_SEPARATORS = frozenset(
    char for char in map(chr, range(0x3000)) if not (char.isalnum() or char in "_'’")
)
# How many characters before a cue _hedge_near takes to find the tokens the negation reads.
_LOOKBACK = 40
_SENTENCE_OPENERS = frozenset({".", "!", "?", '"', "“", "‘", "'", "(", ":", "—", "-"})

_NUMBER_WORDS = words("approximated_quantity_words")
# Tokens that may stand between an approximator and its number ("about a dozen", "$", "£").
_QUANTITY_PREFIX = words("quantity_prefixes")
_MONTH_PREPOSITIONS = words("month_prepositions")
_NOUN_SENSE_BEFORE = words("modal_noun_sense_before")
_REPORTING_VERBS = frozenset(
    {"said", "says", "say", "saying", "told", "tells", "promised", "promises", "pledged",
     "pledges", "vowed", "vows", "announced", "insisted", "added", "stated", "declared",
     "predicted", "thought", "knew"}
)  # fmt: skip
_NEGATORS = words("negators")
# "<word> to" pairs that negate what follows ("has yet to be confirmed").
_NEGATING_BEFORE_TO = words("negating_before_to")
# After an appear-word, these make it the physical sense ("appear at", "appeared on TV").
_APPEAR_PHYSICAL_NEXT = frozenset(
    {"at", "in", "on", "before", "with", "alongside", "together", "onstage", "live", "for",
     "from", "during", "onscreen", "inside", "outside", "across", "next", "via", "and", "or",
     ".", ",", ";", ":", "!", "?", ")", '"', "”", "’", "—", "-"}
)  # fmt: skip
# Where a negator may lie, found in the letter mask (see letter_mask) of the text before a
# cue: a negating word (or "to" of "yet to") in the mask has a non-letter on each side (a word
# token is never next to an ASCII letter, but for one that "n't" follows), and "n't" is
# "n", a non-letter, "t", a non-letter. No match: no token there negates.
_NEGATOR_WORDS = sorted(word for word in _NEGATORS if word.isalpha())
assert _NEGATORS - set(_NEGATOR_WORDS) == {"n't", "n’t"}, "_NEGATION_HINT knows only these"
_NEGATION_HINT = re.compile(b" (?:" + "|".join([*_NEGATOR_WORDS, "to"]).encode() + b") |n t ")
# The negation scope stops at clause boundaries.
_SCOPE_BARRIERS = frozenset(
    {",", ";", ":", ".", "!", "?", "(", ")", "—", "–", "but", "and", "or", "while", "although",
     "though", "whereas", '"', "“", "”"}
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Hedge:
    """One hedge or booster cue found in a text.

    Parameters
    ----------
    start, end : int
        Character offsets into the text (``text[start:end] == hedge.text``).
    text : str
        The cue as written.
    category : str
        One of :data:`CATEGORIES`.
    negated : bool
        A negator governs the cue ("not confirmed"); a negated booster is uncertainty.
    negator : str, optional
        The negating words, for the explanation (not part of :meth:`to_dict`).
    """

    start: int
    end: int
    text: str
    category: str
    negated: bool = False
    negator: str | None = None

    @property
    def is_booster(self) -> bool:
        """True for an asserted (non-negated) booster such as "confirmed"."""
        return self.category == "booster" and not self.negated

    @property
    def is_uncertainty(self) -> bool:
        """True for every cue that weakens the statement (hedges and negated boosters)."""
        return not self.is_booster

    @property
    def explanation(self) -> str:
        """One human-readable line saying what this is and why."""
        if self.category == "booster":
            if self.negated:
                return f"booster '{self.text}' negated by '{self.negator}' → not a booster"
            return f"booster '{self.text}' (asserted certainty)"
        base = f"hedge cue '{self.text}' ({self.category})"
        return f"{base}, negated by '{self.negator}'" if self.negated else base

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (the schema documented in the README)."""
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "category": self.category,
            "negated": self.negated,
        }


def _is_quantity(lows: Sequence[str], index: int) -> bool:
    """True when a number or quantity word starts at token ``index`` (after "a", "$", ...)."""
    for k in range(index, min(index + 3, len(lows))):
        tok = lows[k]
        if _NUMBER_RE.match(tok) or tok in _NUMBER_WORDS:
            return True
        if tok not in _QUANTITY_PREFIX:
            return False
    return False


def _at_sentence_start(text: str, tokens: list[tuple[int, int, str]], i: int) -> bool:
    """True when ``tokens[i]`` opens a sentence, a quotation or a line."""
    if i == 0:
        return True
    previous_end = tokens[i - 1][1]
    return tokens[i - 1][2] in _SENTENCE_OPENERS or "\n" in text[previous_end : tokens[i][0]]


def _is_month_or_name_may(text: str, tokens: list[tuple[int, int, str]], i: int) -> bool:
    start, end, _ = tokens[i]
    if i + 1 < len(tokens) and _NUMBER_RE.match(tokens[i + 1][2]):
        return True  # "May 20", "May 2024"
    if i > 0 and tokens[i - 1][2] in _MONTH_PREPOSITIONS:
        return True  # "in May", "since may"
    written = text[start:end]
    # A capitalised "May" inside a sentence is the month or a name ("Theresa May").
    return written == "May" and not _at_sentence_start(text, tokens, i)


def _negator_before(lows: Sequence[str], i: int) -> str | None:
    """The negating words within the clause just before token ``i``, if any."""
    for k in range(i - 1, max(i - 1 - _NEGATION_WINDOW, -1), -1):
        tok = lows[k]
        if tok in _SCOPE_BARRIERS:
            return None
        if tok in _NEGATORS:
            return tok
        if tok == "to" and k > 0 and lows[k - 1] in _NEGATING_BEFORE_TO:
            return f"{lows[k - 1]} to"
    return None


def _find_hedges(text: str, lexicon: HedgeLexicon) -> list[Hedge]:
    """The cues of ``text``: at each token, the longest cue its context rules accept.

    Tokenizing the whole text would be the bulk of the work, and cues are rare: the cue finder
    (one regex over the text's letter mask) finds where a cue may start, and only the tokens
    around each such place are read, as the whole text would tokenize them (the rules look
    ``_NEGATION_WINDOW + 1`` tokens back and ``_LOOKAHEAD`` past the longest cue that may start
    there).
    The results are those of visiting every token (``_find_hedges_by_tokens``), which a text
    holding the Kelvin sign takes: it lowercases to an ASCII "k" that the mask does not see.
    """
    if lexicon.cue_finder is None or (not text.isascii() and "\u212a" in text):
        return _find_hedges_by_tokens(text, lexicon)
    hedges: list[Hedge] = []
    free_from = 0  # the text before this offset belongs to the last cue found
    depths = lexicon.depths
    mask = letter_mask(text)
    for match in lexicon.cue_finder.finditer(mask):
        position = match.start()
        if position < free_from:
            continue
        hedge = _hedge_near(text, mask, position, lexicon)
        if hedge is _UNDECIDED:
            window = _tokens_around(text, position, depths)
            if window is None:
                return _find_hedges_by_tokens(text, lexicon)  # no token boundary near enough
            tokens, i = window
            if i is None:
                continue  # no token starts here
            hedge = _hedge_at(text, tokens, i, lexicon)
        if hedge is not None:
            hedges.append(hedge)
            free_from = hedge.end
    return hedges


def _find_hedges_by_tokens(text: str, lexicon: HedgeLexicon) -> list[Hedge]:
    """The reference search: visit every token of the text that starts some cue."""
    tokens = Tokens(text)
    hedges: list[Hedge] = []
    next_free = 0  # tokens before this index belong to the last cue found
    # Only tokens that start some cue are visited (found at C speed).
    for i in itertools.compress(range(len(tokens)), map(lexicon.trie.__contains__, tokens.lows)):
        if i < next_free:
            continue
        hedge = _hedge_at(text, tokens, i, lexicon)
        if hedge is not None:
            hedges.append(hedge)
            next_free = bisect.bisect_left(tokens.ends, hedge.end) + 1
    return hedges


def _tokens_around(
    text: str, position: int, depths: dict[str, int]
) -> tuple[Tokens, int | None] | None:
    """The tokens around ``position`` and the index of the one starting there (None if none).

    Enough of them for the rules: ``_NEGATION_WINDOW + 1`` before it and ``_LOOKAHEAD`` past
    the longest cue its word may start (fewer at the ends of the text), exactly as the whole text is
    tokenized: the stretch starts right after a ``_TOKEN_BOUNDARY_AFTER`` character and ends
    at a ``_TOKEN_BOUNDARY_AT`` one. None when no such character lies within ``_MAX_WINDOW``.
    """
    behind = _NEGATION_WINDOW + 1
    lookback, lookahead = 40, 48
    while lookback <= _MAX_WINDOW and lookahead <= _MAX_WINDOW:
        floor = position - lookback
        if floor <= 0:
            start = 0
        else:
            # A space is the usual boundary, found by a plain string search.
            start = text.find(" ", floor, position) + 1
            if not start:
                boundary = _TOKEN_BOUNDARY_AFTER.search(text, floor, position)
                if boundary is None:
                    lookback *= 2
                    continue
                start = boundary.end()
        ceiling = position + lookahead
        if ceiling >= len(text):
            end = len(text)
        else:
            end = text.find(" ", ceiling, ceiling + 64)
            if end < 0:
                boundary = _TOKEN_BOUNDARY_AT.search(text, ceiling, ceiling + _MAX_WINDOW)
                if boundary is not None:
                    end = boundary.start()
                elif ceiling + _MAX_WINDOW >= len(text):
                    end = len(text)
                else:
                    return None
        tokens = Tokens(text, start, end)
        i = bisect.bisect_right(tokens.ends, position)  # the first token ending after it
        if i == len(tokens) or tokens.ends[i] - tokens.lengths[i] != position:
            return tokens, None
        if i < behind and start > 0:
            lookback *= 2
        elif len(tokens) - i < depths.get(tokens.lows[i], 0) + _LOOKAHEAD and end < len(text):
            lookahead *= 2
        else:
            return tokens, i
    return None


_UNDECIDED: Any = object()  # _hedge_near leaves the candidate to the general path


def _hedge_near(text: str, mask: bytes, position: int, lexicon: HedgeLexicon) -> Hedge | None:
    """The hedge at a cue start the cue finder found, or ``_UNDECIDED`` (not the common case).

    The general path (_tokens_around, then _hedge_at) tokenizes some 20 tokens around each
    candidate, and tokenizing is nearly all of its cost. Most candidates need far fewer:

    - a token starts at ``position`` when the character before it is a separator (see
      _SEPARATORS); the tokens after it are then those of the text from ``position`` on, and
      the tokens before it those of the text up to it;
    - a lone cue (see _lone_cues) written as a run of ASCII letters followed by a separator is
      that one token, and its category is known without reading another;
    - the tokens before the cue matter only to the negation (no negator and no "to" in the
      letter mask before it: none, see _NEGATION_HINT) and to the rules of
      _WORDS_READING_BEFORE.

    So only the tokens that the rules may read are tokenized, and _hedge_at gives the result on
    them, as it does on the general path's window.
    """
    if position and text[position - 1] not in _SEPARATORS:
        return _UNDECIDED
    # The run of ASCII letters at ``position`` (the cue finder matched there, so it is one)
    # ends at the next space of the mask (shifted by one, see letter_mask).
    run_end = mask.find(b" ", position + 1) - 1
    if run_end < 0:
        run_end = len(text)
    word = text[position:run_end]
    low = word.lower()
    whole_word = run_end == len(text) or text[run_end] in _SEPARATORS
    # The tokens before the cue, from a token start at or after position - _LOOKBACK: at
    # least _NEGATION_WINDOW + 1 of them (so that the negation reads exactly the tokens it
    # does in the whole text), or all of the text's.
    if position <= _LOOKBACK:
        start = 0
    else:
        start = text.find(" ", position - _LOOKBACK, position) + 1
        # Every whitespace-separated chunk holds at least one token.
        if not start or len(text[start:position].split()) <= _NEGATION_WINDOW:
            return _UNDECIDED
    negation_possible = _NEGATION_HINT.search(mask, start, position + 1) is not None
    category = lexicon.lone_cues.get(low) if whole_word else None
    if category is not None:
        if not negation_possible:
            return Hedge(position, run_end, word, category, False, None)
        before = Tokens(text, start, position)
        negator = _negator_before(before.lows, len(before))
        return Hedge(position, run_end, word, category, negator is not None, negator)
    # Enough tokens after the cue for every rule: _LOOKAHEAD past the longest cue its word
    # may start.
    # (A run that is not a whole word may be part of a longer token: any cue may start there.)
    depth = lexicon.depths.get(low, lexicon.max_length) if whole_word else lexicon.max_length
    needed = depth + _LOOKAHEAD
    ceiling = run_end + 8 * needed
    if ceiling >= len(text):
        end = len(text)
    else:
        end = text.find(" ", ceiling, ceiling + 64)
        if end < 0:
            return _UNDECIDED
    after = Tokens(text, position, end)
    if len(after) < needed and end < len(text):
        return _UNDECIDED
    reads_before = after.lows[0] in _WORDS_READING_BEFORE or (
        after.lows[0] in lexicon.words_reading_before
    )
    if not negation_possible and not reads_before:
        return _hedge_at(text, after, 0, lexicon)
    before = Tokens(text, start, position)
    return _hedge_at(text, before.extended(after), len(before), lexicon)


def _hedge_at(text: str, tokens: Tokens, i: int, lexicon: HedgeLexicon) -> Hedge | None:
    """The hedge starting at ``tokens[i]``: the longest cue its context rules accept."""
    lows = tokens.lows
    n = len(tokens)
    node = lexicon.trie.get(lows[i])
    # Collect every cue starting here, longest first, and keep the first whose context rules
    # accept it.
    candidates: list[tuple[int, list[CueEntry]]] = []
    j = i
    while node is not None:
        if END_OF_CUE in node:
            candidates.append((j, node[END_OF_CUE]))
        j += 1
        node = node.get(lows[j]) if j < n else None
    for last, entries in reversed(candidates):
        for entry in entries:
            if _accepts(text, tokens, i, last, entry):
                start, end = tokens[i][0], tokens.ends[last]
                negator = _negator_before(lows, i)
                return Hedge(
                    start, end, text[start:end], entry.category, negator is not None, negator
                )
    return None


def _accepts(text: str, tokens: Tokens, first: int, last: int, entry: CueEntry) -> bool:
    """Context rules for the cue ``tokens[first..last]`` read as ``entry``."""
    lows = tokens.lows
    if entry.before_quantity and not _is_quantity(lows, last + 1):
        return False
    if entry.not_before and last + 1 < len(lows) and lows[last + 1] in entry.not_before:
        return False
    if entry.not_after and first > 0 and lows[first - 1] in entry.not_after:
        return False
    if entry.only_before and (last + 1 >= len(lows) or lows[last + 1] not in entry.only_before):
        return False
    if entry.not_after_what and _in_free_relative(lows, first):
        return False
    if entry.before_as and not _as_follows(lows, last + 1):
        return False
    if first != last:
        return True  # the rules below concern single-word cues
    word = lows[first]
    if word == "may" and _is_month_or_name_may(text, tokens, first):  # type: ignore[arg-type]
        return False
    if word in _MODALS_WITH_NOUN_SENSE and first > 0:
        if lows[first - 1] in _NOUN_SENSE_BEFORE:
            return False
        if first + 1 < len(lows) and lows[first + 1] == "of":
            return False  # "the will of the people"
    if word == "could" and first + 1 < len(lows) and lows[first + 1] in ("not", "n't", "n’t"):
        return False
    if word in _APPEAR_FORMS:
        return _appear_is_evidential(lows, first)
    if word == "would":  # future-in-the-past of reported speech is no hedge
        return not any(tok in _REPORTING_VERBS for tok in lows[max(0, first - 5) : first])
    return True


def _as_follows(lows: Sequence[str], index: int) -> bool:
    """True when a complement "as" lies within ``_AS_WINDOW`` tokens from ``index``, same clause."""
    for k in range(index, min(index + _AS_WINDOW, len(lows))):
        tok = lows[k]
        if tok == "as":
            return k + 1 >= len(lows) or lows[k + 1] not in _NOT_AS_COMPLEMENT
        if tok in _SCOPE_BARRIERS or tok in ("that", "what", "how", "if", "whether", "when"):
            return False
    return False


def _in_free_relative(lows: Sequence[str], index: int) -> bool:
    """True when "what" opens the clause within ``_WHAT_WINDOW`` tokens before ``index``.

    "saying what he truly believed", "not what the establishment thinks": the verb names the
    content of a belief, it presents no proposition as uncertain.
    """
    for k in range(index - 1, max(index - 1 - _WHAT_WINDOW, -1), -1):
        if lows[k] in _SCOPE_BARRIERS:
            return False
        if lows[k] == "what":
            return True
    return False


def _appear_is_evidential(lows: Sequence[str], index: int) -> bool:
    """False for the physical sense of "appear" (see the module notes), True otherwise."""
    if index + 1 >= len(lows):
        return False  # "... when he appeared"
    following = lows[index + 1]
    if following == "as":  # "appear as if/though" hedges; "appeared as a guest" does not
        return index + 2 < len(lows) and lows[index + 2] in ("if", "though")
    return following not in _APPEAR_PHYSICAL_NEXT


@register("hedges")
class HedgeExtractor(SpanExtractor):
    """Find hedge and booster cues with their category and negation.

    Parameters
    ----------
    lexicon : str, optional
        Path of an extra lexicon (``cue<TAB>category<TAB>note`` rows) merged with the built-in
        one; its rows take precedence for cues both define. Compiled lazily, once per path.

    Examples
    --------
    >>> extractor = HedgeExtractor()
    >>> [(h.text, h.category, h.negated) for h in extractor.extract(
    ...     "Some 10,000 troops were deployed, but this has not been confirmed.")]
    [('Some', 'estimation', False), ('confirmed', 'booster', True)]
    >>> extractor.fit(["x"]).transform(["It may rain."]).shape
    (1, 13)
    """

    version = "2"
    feature_names = (
        *(f"n_{category}" for category in CATEGORIES),
        "n_negated_booster",
        "any_hedge",
        "hedge_density",
    )

    def __init__(self, lexicon: str | None = None) -> None:
        self.lexicon = lexicon

    def extract(self, text: str, *, context: Context | None = None) -> list[Hedge]:
        """Return the hedge and booster cues of ``text`` in text order (no context needed)."""
        return _find_hedges(text, load_lexicon(self.lexicon))

    def span_features(self, spans: Sequence[Hedge], text: str) -> list[float]:
        """Counts per category (asserted boosters only), negated boosters, any-hedge, density.

        ``hedge_density`` is the number of uncertainty cues (hedges and negated boosters) per
        word token of ``text``.
        """
        counts = dict.fromkeys(CATEGORIES, 0.0)
        negated_boosters = 0.0
        for span in spans:
            if span.category == "booster" and span.negated:
                negated_boosters += 1
            else:
                counts[span.category] += 1
        uncertain = sum(1 for span in spans if span.is_uncertainty)
        n_words = sum(1 for _ in re.finditer(r"\w+", text))
        return [
            *(counts[c] for c in CATEGORIES),
            negated_boosters,
            1.0 if uncertain else 0.0,
            uncertain / n_words if n_words else 0.0,
        ]
