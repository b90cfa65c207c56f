"""Hedge and booster cues: words that weaken or strengthen the certainty of a statement.

A lexicon (``lexicons/hedges.tsv``, optionally merged with a user file of the same format) is
compiled once into a token trie; :class:`HedgeExtractor` walks the tokens of a text and, at
each position, takes the longest cue that starts there. Matching is linear in the length of
the text (each position looks ahead at most the length of the longest cue).

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

import functools
import itertools
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from credence.errors import DataError
from credence.features.base import SpanExtractor, register

__all__ = [
    "CATEGORIES",
    "UNCERTAINTY_CATEGORIES",
    "Hedge",
    "HedgeExtractor",
    "load_lexicon",
]

#: Every cue category, in feature-column order.
CATEGORIES: tuple[str, ...] = (
    "epistemic",
    "probability",
    "belief",
    "estimation",
    "hearsay",
    "vague",
    "unverifiable",
    "condition",
    "investigation",
    "booster",
)
#: Categories that weaken a statement (everything but ``booster``).
UNCERTAINTY_CATEGORIES: frozenset[str] = frozenset(CATEGORIES) - {"booster"}

_QUANTITY_FLAG = "[before-quantity]"
_NEGATION_WINDOW = 4

# Words: a "n't" contraction is split off ("couldn't" -> "could", "n't"); numbers keep their
# thousands separators and decimals ("10,000", "3.5"); any other non-space char is one token.
# Each alternative consumes at least one character and the only backtracking is the bounded
# "n't" lookahead, so tokenisation is linear.
_TOKEN_RE = re.compile(
    r"\w+?(?=n['’]t\b)|n['’]t\b|\d+(?:[.,]\d+)*|\w+|[^\w\s]",
    re.UNICODE,
)
# The same tokens with the whitespace before each, so that one C-level findall gives every
# offset by a running sum (much cheaper than one match object per token).
_SPACED_TOKEN_RE = re.compile(r"\s*(?:" + _TOKEN_RE.pattern + ")", re.UNICODE)
_NUMBER_RE = re.compile(r"\d")
_SENTENCE_OPENERS = frozenset({".", "!", "?", '"', "“", "‘", "'", "(", ":", "—", "-"})

_NUMBER_WORDS = frozenset(
    """one two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty
    ninety hundred hundreds thousand thousands million millions billion billions trillion
    trillions dozen dozens score scores half quarter third thirds fifth tens few
    """.split()
)
# Tokens that may stand between an approximator and its number ("about a dozen", "$", "£").
_QUANTITY_PREFIX = frozenset(
    {"a", "an", "$", "£", "€", "¥", "us", "-", "additional", "extra", "further", "estimated"}
)
_MONTH_PREPOSITIONS = frozenset(
    {"in", "on", "since", "until", "till", "by", "early", "late", "mid", "of", "last", "next",
     "this", "from", "through", "before", "after", "during"}
)  # fmt: skip
_MODALS_WITH_NOUN_SENSE = frozenset({"may", "might", "will", "can", "must"})
_NOUN_SENSE_BEFORE = frozenset(
    {"the", "a", "his", "her", "its", "their", "our", "my", "your", "military", "economic",
     "naval", "nuclear", "industrial", "full", "all", "free", "good", "ill", "political",
     "popular", "own", "public", "collective", "general", "last", "tin", "beer", "against"}
)  # fmt: skip
_NEGATORS = frozenset({"not", "n't", "no", "never", "without", "nor", "neither", "cannot"})
# "<word> to" pairs that negate what follows ("has yet to be confirmed").
_NEGATING_BEFORE_TO = frozenset(
    {"yet", "unable", "failed", "fail", "fails", "declined", "decline", "declines", "refused",
     "refuse", "refuses"}
)  # fmt: skip
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
        if self.category == "booster":
            if self.negated:
                return f"booster '{self.text}' negated by '{self.negator}' → not a booster"
            return f"booster '{self.text}' (asserted certainty)"
        base = f"hedge cue '{self.text}' ({self.category})"
        return f"{base}, negated by '{self.negator}'" if self.negated else base

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "category": self.category,
            "negated": self.negated,
        }


@dataclass(frozen=True, slots=True)
class _Entry:
    category: str
    before_quantity: bool


@dataclass(frozen=True, slots=True)
class _Lexicon:
    """A compiled lexicon: a token trie whose terminal nodes hold the cue's entries."""

    trie: dict[str, Any]
    max_length: int
    n_cues: int


_END = "\x00entries"


def _tokenize(text: str) -> list[tuple[int, int, str]]:
    """Return ``(start, end, lowercase token)`` for every token of ``text``."""
    return list(_Tokens(text))


class _Tokens:
    """The tokens of a text as ``(start, end, lowercase token)``, held as parallel lists.

    Every non-space character starts a token, so one C-level ``findall`` of the tokens with
    the whitespace before each finds exactly the tokens of ``_TOKEN_RE.finditer``, and a
    running sum of the chunk lengths gives the offsets: much cheaper than one match object
    per token. Tuples are only built for the few tokens the context rules read.
    """

    __slots__ = ("ends", "lengths", "lows")

    def __init__(self, text: str) -> None:
        chunks = _SPACED_TOKEN_RE.findall(text)
        # A token never starts with whitespace, so stripping the chunk leaves the token.
        words = list(map(str.lstrip, chunks))
        self.ends = list(itertools.accumulate(map(len, chunks)))
        self.lengths = list(map(len, words))
        if "\x00" in text:  # the separator below must not occur in a token
            self.lows = [w.lower() for w in words]
        else:
            # A NUL neither is nor ignores case: lowering the joined tokens lowers each alone.
            self.lows = "\x00".join(words).lower().split("\x00") if words else []

    def __len__(self) -> int:
        return len(self.ends)

    def __getitem__(self, k: int) -> tuple[int, int, str]:
        end = self.ends[k]
        return end - self.lengths[k], end, self.lows[k]


def _parse_lexicon(lines: Sequence[str], source: str) -> list[tuple[tuple[str, ...], _Entry]]:
    rows: list[tuple[tuple[str, ...], _Entry]] = []
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) < 2 or not fields[0].strip() or not fields[1].strip():
            raise DataError(source, "expected 'cue<TAB>category<TAB>note'", line=number)
        if number == 1 and fields[0].strip().lower() == "cue":
            continue  # a header row
        category = fields[1].strip().lower()
        if category not in CATEGORIES:
            raise DataError(
                source,
                f"unknown category {category!r} (expected one of {', '.join(CATEGORIES)})",
                line=number,
            )
        note = fields[2].strip() if len(fields) > 2 else ""
        entry = _Entry(category, note.startswith(_QUANTITY_FLAG))
        for form in fields[0].split("|"):
            tokens = tuple(tok for _, _, tok in _tokenize(form.strip()))
            if not tokens:
                raise DataError(source, f"empty cue form in {fields[0]!r}", line=number)
            rows.append((tokens, entry))
    return rows


def _builtin_lines() -> list[str]:
    resource = resources.files("credence.features").joinpath("lexicons", "hedges.tsv")
    return resource.read_text(encoding="utf-8").splitlines()


@functools.lru_cache(maxsize=16)
def _compile(lexicon_path: str | None, _mtime: float | None) -> _Lexicon:
    # Cached per (path, mtime): the extractor itself stays a plain parameter holder.
    rows: list[tuple[tuple[str, ...], _Entry]] = []
    if lexicon_path is not None:
        try:
            user_lines = Path(lexicon_path).read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise DataError(lexicon_path, f"cannot read hedge lexicon ({exc.strerror})") from None
        rows.extend(_parse_lexicon(user_lines, lexicon_path))  # user rows take precedence
    rows.extend(_parse_lexicon(_builtin_lines(), "hedges.tsv"))
    trie: dict[str, Any] = {}
    cues: set[tuple[str, ...]] = set()
    for tokens, entry in rows:
        node = trie
        for tok in tokens:
            node = node.setdefault(tok, {})
        entries = node.setdefault(_END, [])
        if entry not in entries:
            entries.append(entry)
        cues.add(tokens)
    return _Lexicon(trie, max(len(c) for c in cues), len(cues))


def load_lexicon(lexicon: str | os.PathLike[str] | None = None) -> _Lexicon:
    """Compile (or fetch from the cache) the built-in lexicon merged with ``lexicon``.

    Raises
    ------
    DataError
        When the user lexicon cannot be read or a row is malformed (the line is named).
    """
    if lexicon is None:
        return _compile(None, None)
    path = os.fspath(lexicon)
    try:
        mtime = os.stat(path).st_mtime
    except OSError:
        raise DataError(path, "hedge lexicon not found") from None
    return _compile(path, mtime)


def _is_quantity(tokens: list[tuple[int, int, str]], index: int) -> bool:
    """True when a number or quantity word starts at ``tokens[index]`` (after "a", "$", ...)."""
    for k in range(index, min(index + 3, len(tokens))):
        tok = tokens[k][2]
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


def _negator_before(tokens: list[tuple[int, int, str]], i: int) -> str | None:
    """The negating words within the clause just before ``tokens[i]``, if any."""
    for k in range(i - 1, max(i - 1 - _NEGATION_WINDOW, -1), -1):
        tok = tokens[k][2]
        if tok in _SCOPE_BARRIERS:
            return None
        if tok in _NEGATORS:
            return tok
        if tok == "to" and k > 0 and tokens[k - 1][2] in _NEGATING_BEFORE_TO:
            return f"{tokens[k - 1][2]} to"
    return None


def _find_hedges(text: str, lexicon: _Lexicon) -> list[Hedge]:
    tokens = _Tokens(text)
    lows = tokens.lows
    hedges: list[Hedge] = []
    n = len(tokens)
    trie = lexicon.trie
    next_free = 0  # tokens before this index belong to the last cue found
    # Only tokens that start some cue are visited (found at C speed).
    for i in itertools.compress(range(n), map(trie.__contains__, lows)):
        if i < next_free:
            continue
        node = trie[lows[i]]
        # Collect every cue starting here, longest first, and keep the first whose context
        # rules accept it.
        candidates: list[tuple[int, list[_Entry]]] = []
        j = i
        while node is not None:
            if _END in node:
                candidates.append((j, node[_END]))
            j += 1
            node = node.get(lows[j]) if j < n else None
        chosen: tuple[int, _Entry] | None = None
        for last, entries in reversed(candidates):
            for entry in entries:
                if _accepts(text, tokens, i, last, entry):
                    chosen = (last, entry)
                    break
            if chosen:
                break
        if chosen is None:
            continue
        last, entry = chosen
        start, end = tokens[i][0], tokens[last][1]
        negator = _negator_before(tokens, i)
        hedges.append(
            Hedge(start, end, text[start:end], entry.category, negator is not None, negator)
        )
        next_free = last + 1
    return hedges


def _accepts(
    text: str, tokens: list[tuple[int, int, str]], first: int, last: int, entry: _Entry
) -> bool:
    """Context rules for the cue ``tokens[first..last]`` read as ``entry``."""
    if entry.before_quantity and not _is_quantity(tokens, last + 1):
        return False
    if first != last:
        return True  # the rules below concern single-word cues
    word = tokens[first][2]
    if word == "may" and _is_month_or_name_may(text, tokens, first):
        return False
    if word in _MODALS_WITH_NOUN_SENSE and first > 0:
        if tokens[first - 1][2] in _NOUN_SENSE_BEFORE:
            return False
        if first + 1 < len(tokens) and tokens[first + 1][2] == "of":
            return False  # "the will of the people"
    if word == "could" and first + 1 < len(tokens) and tokens[first + 1][2] in ("not", "n't"):
        return False
    return True


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

    version = "1"
    feature_names = (
        *(f"n_{category}" for category in CATEGORIES),
        "n_negated_booster",
        "any_hedge",
        "hedge_density",
    )

    def __init__(self, lexicon: str | None = None) -> None:
        self.lexicon = lexicon

    def extract(self, text: str, **context: Any) -> list[Hedge]:
        """Return the hedge and booster cues of ``text`` in text order."""
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
