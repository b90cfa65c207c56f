"""The hedge lexicon: rows of ``lexicons/hedges.tsv`` (and of a user file of the same
format) compiled into a token trie and a regex that finds where a cue may start.

A compiled lexicon is a loaded resource: it is built once per file and modification time.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from credence.errors import DataError
from credence.features.hedge_tokens import tokenize
from credence.features.lexicon import PACKAGE_DATA, read_rows
from credence.features.user_tables import read_user_table

__all__ = [
    "CATEGORIES",
    "END_OF_CUE",
    "UNCERTAINTY_CATEGORIES",
    "CueEntry",
    "HedgeLexicon",
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
_AS_FLAG = "[before-as]"
_NOT_BEFORE_FLAG = re.compile(r"\[not-before:([^\]]*)\]")
_NOT_AFTER_FLAG = re.compile(r"\[not-after:([^\]]*)\]")
_ONLY_BEFORE_FLAG = re.compile(r"\[only-before:([^\]]*)\]")
_NOT_AFTER_WHAT_FLAG = "[not-after-what]"
_ASCII_LETTER = re.compile(r"[a-z]")
_NT_TOKEN = re.compile(r"n['’]t")
# The single words whose sense a context rule of credence.features.hedges decides ("may",
# the modals' noun senses, "could not", "appear"), and those of them whose rule reads the
# token before the word: such a word is never a lone cue (see _lone_cues).
_MODALS_WITH_NOUN_SENSE = frozenset({"may", "might", "will", "can", "must"})
_APPEAR_FORMS = frozenset({"appear", "appears", "appeared", "appearing"})
_WORDS_READING_BEFORE = frozenset({"may", "would"} | _MODALS_WITH_NOUN_SENSE)
_WORDS_WITH_CONTEXT_RULES = _WORDS_READING_BEFORE | {"could"} | _APPEAR_FORMS


@dataclass(frozen=True, slots=True)
class CueEntry:
    category: str
    before_quantity: bool
    before_as: bool = False
    not_before: frozenset[str] = frozenset()
    not_after: frozenset[str] = frozenset()
    # The row counts only when the next token is one of these ("fears that", not "fears rather").
    only_before: frozenset[str] = frozenset()
    # The row does not count inside a free relative ("what he believes", "what they think").
    not_after_what: bool = False

    @property
    def conditional(self) -> bool:
        """True when a context rule of the row's own decides whether it counts."""
        return (
            self.before_quantity
            or self.before_as
            or self.not_after_what
            or bool(self.not_before or self.not_after or self.only_before)
        )

    @property
    def reads_before(self) -> bool:
        """True when a rule of the row reads the tokens before the cue."""
        return self.not_after_what or bool(self.not_after)


@dataclass(frozen=True, slots=True)
class HedgeLexicon:
    """A compiled lexicon: a token trie whose terminal nodes hold the cue's entries."""

    trie: dict[str, Any]
    max_length: int
    n_cues: int
    depths: dict[str, int]  # the length of the longest cue that each first word starts
    cue_finder: re.Pattern[bytes] | None  # where cues may start (None: visit every token)
    # Words that are a whole cue on their own and start no longer one, with no quantity gate and
    # no context rule of their own (see _lone_cues): word -> category.
    lone_cues: dict[str, str]
    # First words of the cues whose rules read the tokens before the cue ("[not-after: ...]").
    words_reading_before: frozenset[str] = frozenset()


END_OF_CUE = "\x00entries"


def _parse_lexicon(lines: Sequence[str], source: str) -> list[tuple[tuple[str, ...], CueEntry]]:
    rows: list[tuple[tuple[str, ...], CueEntry]] = []
    for number, line in enumerate(lines, start=1):
        # One line at a time, so that an error names its line.
        cells = read_rows(line)
        if not cells:
            continue
        fields = cells[0]
        if len(fields) < 2 or not fields[0] or not fields[1]:
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
        entry = CueEntry(
            category,
            note.startswith(_QUANTITY_FLAG),
            note.startswith(_AS_FLAG),
            _flag_words(_NOT_BEFORE_FLAG, note),
            _flag_words(_NOT_AFTER_FLAG, note),
            _flag_words(_ONLY_BEFORE_FLAG, note),
            _NOT_AFTER_WHAT_FLAG in note,
        )
        for form in fields[0].split("|"):
            tokens = tuple(tok for _, _, tok in tokenize(form.strip()))
            if not tokens:
                raise DataError(source, f"empty cue form in {fields[0]!r}", line=number)
            rows.append((tokens, entry))
    return rows


def _flag_words(flag: re.Pattern[str], note: str) -> frozenset[str]:
    """The lowercase words listed by a ``[not-before: ...]``-style flag of ``note``."""
    found = flag.search(note)
    return frozenset(found.group(1).lower().split()) if found else frozenset()


def _builtin_lines() -> list[str]:
    resource = resources.files("credence.features").joinpath("lexicons", "hedges.tsv")
    return resource.read_text(encoding="utf-8").splitlines()


def _user_lexicon_text(path: str) -> str:
    """The text of a user hedge lexicon; every way of failing is a one-line DataError."""
    return read_user_table(path, "hedge lexicon")


def _compile(lexicon_path: str | None, _mtime: float | None) -> HedgeLexicon:
    # Held by PACKAGE_DATA per (path, mtime): the extractor itself stays a plain parameter
    # holder, and an edited user lexicon is read anew.
    return PACKAGE_DATA.load(("hedge lexicon", lexicon_path, _mtime), lambda: _build(lexicon_path))


def _build(lexicon_path: str | None) -> HedgeLexicon:
    rows: list[tuple[tuple[str, ...], CueEntry]] = []
    if lexicon_path is not None:
        user_lines = _user_lexicon_text(lexicon_path).splitlines()
        rows.extend(_parse_lexicon(user_lines, lexicon_path))  # user rows take precedence
    rows.extend(_parse_lexicon(_builtin_lines(), "hedges.tsv"))
    trie: dict[str, Any] = {}
    cues: set[tuple[str, ...]] = set()
    for tokens, entry in rows:
        node = trie
        for tok in tokens:
            node = node.setdefault(tok, {})
        entries = node.setdefault(END_OF_CUE, [])
        if entry not in entries:
            entries.append(entry)
        cues.add(tokens)
    return HedgeLexicon(
        trie,
        max(len(c) for c in cues),
        len(cues),
        _cue_depths(trie),
        _cue_finder(cues),
        _lone_cues(trie),
        frozenset(tokens[0] for tokens, entry in rows if entry.reads_before),
    )


def _lone_cues(trie: dict[str, Any]) -> dict[str, str]:
    """The words whose cue :func:`_hedge_at` accepts from the word alone: word -> category.

    Such a word starts no longer cue (its trie node holds only entries), no entry of it is
    quantity-gated and no single-word rule of :func:`_accepts` concerns it, so its first
    entry is accepted whatever the tokens around it (only the negation needs them).
    """
    ruled = _WORDS_WITH_CONTEXT_RULES
    return {
        word: node[END_OF_CUE][0].category
        for word, node in trie.items()
        if node.keys() == {END_OF_CUE}
        and word not in ruled
        and not any(entry.conditional for entry in node[END_OF_CUE])
    }


def _cue_depths(trie: dict[str, Any]) -> dict[str, int]:
    """For each word that starts a cue, the length of the longest cue it starts."""

    def depth(node: dict[str, Any]) -> int:
        children = (depth(child) for key, child in node.items() if key != END_OF_CUE)
        return 1 + max(children, default=0)

    return {word: depth(node) for word, node in trie.items()}


def _masks_as_written(token: str) -> bool:
    # Every character of a cue token either an ASCII one or one the letter mask and the
    # pattern both make a space (no letter or digit: nothing case folding or lower-casing
    # could turn into, or out of, an ASCII letter).
    return token.isascii() or all(char.isascii() or not char.isalnum() for char in token)


def _cue_finder(cues: set[tuple[str, ...]]) -> re.Pattern[bytes] | None:
    """A regex over the letter mask of a text (see letter_mask) finding where cues may start.

    In the mask every character but a letter is a space and letters are lowercase, so the
    regex engine looks for cues only after spaces, at C speed (as for a literal). It matches
    that space where the tokens that follow may, lowercased, equal a cue: a superset (the
    tokens are checked afterwards). The cue's characters, masked the same way, follow; a
    whitespace run may separate its tokens (at least one character between two words); a cue
    ending in a letter is not followed by another (but "n" of "n't"). A cue starting with a
    letter starts a token only after a character that is no letter (a space in the mask), or
    at the start. A cue that continues a shorter one adds no start, so only the shorter one is
    kept, and the alternatives form a character trie, so that the engine tries few of them.
    A non-ASCII character of a cue that is no letter or digit (the curly apostrophe of
    "don’t think", "let’s say") is a space in the mask as in the pattern, like any ASCII one.
    None when a cue does not start with an ASCII letter or holds a non-ASCII letter or digit
    (a user lexicon's): every token is then visited.
    """
    trie: dict[str, Any] = {}
    for tokens in sorted(cues):
        if not ("a" <= tokens[0][0] <= "z") or not all(map(_masks_as_written, tokens)):
            return None
        units: list[str] = []
        for k, token in enumerate(tokens):
            if k:
                between_words = _ASCII_LETTER.match(tokens[k - 1][-1]) and _ASCII_LETTER.match(
                    token
                )
                units.append(" +" if between_words and not _NT_TOKEN.match(token) else " *")
            units.extend(char if _ASCII_LETTER.match(char) else " " for char in token)
        if _ASCII_LETTER.match(tokens[-1][-1]):
            units.append("(?![a-mo-z])")
        node = trie
        for unit in units:
            if END_OF_CUE in node:
                break  # a shorter cue already starts here
            node = node.setdefault(unit, {})
        else:
            node.clear()
            node[END_OF_CUE] = True

    def pattern(node: dict[str, Any]) -> str:
        if END_OF_CUE in node:
            return ""
        branches = [unit + pattern(child) for unit, child in sorted(node.items())]
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return re.compile(f" (?={pattern(trie)})".encode())


def load_lexicon(lexicon: str | os.PathLike[str] | None = None) -> HedgeLexicon:
    """Compile (or fetch, once compiled) the built-in lexicon merged with ``lexicon``.

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
