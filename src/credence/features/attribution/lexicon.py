"""The attribution lexicons: source aliases, cue verbs, source-phrase words, fixed word sets.

The cue verbs are the one list of reporting verbs, ``lexicons/words/reporting_verbs.tsv``
(read through :func:`credence.features.lexicon.rows`); the source-phrase vocabulary is
``lexicons/attribution_cues.tsv`` and the alias table ``lexicons/sources.tsv``.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from credence.errors import DataError
from credence.features import lexicon as word_lists
from credence.features.attribution.results import SOURCE_KINDS
from credence.features.attribution.tokens import _TOKEN_RE
from credence.features.user_tables import read_user_table

__all__ = ["AttributionLexicon", "load_lexicon", "reporting_verbs"]

_CUE_VERB_ROLES = ("speech", "report", "cognition", "estimate", "evidence")
_HEAD_ROLES = ("anon-head", "role-head", "official-head", "outlet-head", "modifier")


_DETERMINERS = frozenset(
    "the a an some many several other two three four five six both all most few its his her their"
    " our another one any this that these those".split()
)
_VAGUE_DETERMINERS = frozenset("some many several other various multiple few numerous".split())
_PRONOUNS = frozenset("he she they it we i you".split())
_CAP_STOP = frozenset(
    "but and or so yet however meanwhile additionally also then now still earlier later last next"
    " on in at for with by after before when while if as since because although though this that"
    " these those it there here recently previously today yesterday moreover furthermore thus"
    " instead indeed even only such what which who whose how where why once again not no yes"
    " recent early new latest initial separately similarly finally first second third".split()
)
_GAP_WORDS = frozenset(
    "also has have had is was were are will would could may might did does do not never has"
    " been reportedly recently previously later earlier repeatedly publicly privately once then"
    " first already further again just now still separately both".split()
)
_CONNECTORS = frozenset(["of", "for", "and", "&"])
_TITLES = frozenset(
    "president senator sen. sen gov. gov governor rep. rep representative mr. mr ms. ms mrs. mrs"
    " dr. dr general gen. gen secretary minister chancellor ambassador judge justice premier king"
    " queen prince leader chairman chief commander envoy spokesman spokeswoman mayor director"
    " captain capt. capt coach professor prof. prof sheriff commissioner detective inspector"
    " sergeant sgt. sgt officer lawmaker administrator".split()
)
# Modifiers that describe who the unnamed source is ("a senior official", "military sources").
_ROLE_MODIFIERS = frozenset(
    "senior top military defense defence intelligence government administration campaign"
    " security diplomatic police army navy pentagon presidential congressional deputy"
    " federal state official".split()
)
_VAGUE_CAPS = frozenset("western international foreign global some many".split())
_COREF_OUTLET = frozenset(["newspaper", "paper", "outlet", "daily", "broadcaster", "network"])
_COREF_NAMED = {"post": "Post", "times": "Times", "journal": "Journal"}
#: Cue verbs that are speech only before a clause or after a quote (else another sense).
_CLAUSE_ONLY_CUES = frozenset(["recall", "recalls", "recalled", "recalling"])
_COMPLEMENTIZERS = frozenset(["that", "how", "when", "why", "what", "whether", "seeing"])
_COREF_AGENCY = frozenset(["agency", "service", "bureau"])
_COREF_MINISTRY = frozenset(["ministry", "department"])

# Words other than the cue verbs that open a relation (see _sentence_attributions).
_SPECIAL_TRIGGERS = frozenset(["according", "citing", "via", "making", "made", "make", "makes"])
# "in" opens a relation only in these frames ("In an interview with X, P").
_IN_FRAMES = (["an", "interview", "with"], ["a", "statement", "to"])
_WRITER_CLAUSE_RE = re.compile(r",\s+(?:and\s+|but\s+)?while\b|,\s+but\b|;")
_MAX_NP_TOKENS = 10
# Longest content kept, so that one huge sentence cannot make the output quadratic.
_MAX_CONTENT_CHARS = 3000
_MAX_ALIAS_TOKENS = 7
_LOOKBACK = 60
#: Most phrase resolutions a lexicon keeps for the texts after (about 0.5 KB each).
MAX_KEPT_RESOLUTIONS = 20_000

# --------------------------------------------------------------------------------------------
# Lexicons


def _norm(words: Sequence[str]) -> str:
    """Normalised key of a word sequence: lower case, straight apostrophes, no leading 'the'."""
    return _drop_the(" ".join(w.lower().replace("’", "'") for w in words))


def _drop_the(key: str) -> str:
    """``key`` without a leading "the " (alias keys of several words are stored without it)."""
    return key[4:] if key.startswith("the ") else key


@dataclass(frozen=True)
class AttributionLexicon:
    """Compiled lexicons: aliases ``{key: (canonical, kind, acronym)}``, cue verbs, source words."""

    aliases: dict[str, tuple[str, str, bool]]
    cues: dict[str, str]
    words: dict[str, frozenset[str]]
    #: Nouns that can head a source phrase, and every word allowed inside one.
    heads: frozenset[str] = frozenset()
    vocab: frozenset[str] = frozenset()

    @functools.cached_property
    def resolutions(self) -> dict[str, tuple[str, str]]:
        """Canonical name and kind of the source phrases, as written, whose resolution read
        nothing but their words (see :meth:`.resolver._Resolver.mention`): they hold in every
        text read with this lexicon, so the resolvers of all texts share them. A cache, not
        part of the lexicon's value: :func:`.rules.new_resolver` empties it past
        :data:`MAX_KEPT_RESOLUTIONS` entries.
        """
        return {}

    @functools.cached_property
    def person_names(self) -> dict[str, tuple[int, int, str] | None]:
        """What each name-like run of capitalised words, as written, names (see
        :func:`.names.person_mentions`): it depends on the run and this lexicon alone, so the
        texts read with it share them. A cache like :attr:`resolutions`, emptied past
        :data:`MAX_KEPT_RESOLUTIONS` entries.
        """
        return {}

    @functools.cached_property
    def alias_prefixes(self) -> frozenset[str]:
        """Every word-prefix of every alias key ("new york" for "new york times")."""
        prefixes: set[str] = set()
        for key in self.aliases:
            parts = key.split(" ")
            prefixes.update(" ".join(parts[:k]) for k in range(1, len(parts) + 1))
        return frozenset(prefixes)

    @functools.cached_property
    def alias_starters(self) -> frozenset[str]:
        """Lower-cased first words that may open an alias mention (``_CAP_STOP`` words never do)."""
        return frozenset((self.alias_first_words | {"the"}) - _CAP_STOP)

    @functools.cached_property
    def alias_first_words(self) -> frozenset[str]:
        """The first word of every alias key."""
        return frozenset(p for p in self.alias_prefixes if " " not in p)

    @functools.cached_property
    def trigger_words(self) -> frozenset[str]:
        """Words at which a relation may start: the cue verbs, "according", "via", …"""
        return frozenset(self.cues) | _SPECIAL_TRIGGERS

    @functools.cached_property
    def not_name_words(self) -> frozenset[str]:
        """Words that are no part of a person's name (lower case, possessive dropped): the
        capitalised stop words, the determiners, the source vocabulary and the trigger words.
        """
        return _CAP_STOP | _DETERMINERS | self.vocab | self.trigger_words

    @functools.cached_property
    def opening_words(self) -> frozenset[str]:
        """:attr:`trigger_words` and "in" (which opens "In an interview with X, P")."""
        return self.trigger_words | {"in"}

    def lookup(self, words: Sequence[str]) -> tuple[str, str] | None:
        """Canonical name and kind of ``words`` in the alias table, or ``None``."""
        return self.lookup_key(_norm(words), words)

    def lookup_key(self, key: str, words: Sequence[str]) -> tuple[str, str] | None:
        """:meth:`lookup` of ``words`` whose normalised key (``_norm(words)``) is ``key``."""
        hit = self.aliases.get(key)
        if hit is None:
            return None
        canonical, kind, acronym = hit
        # Acronyms ("AP", "WHO", "UN") only match when written in capitals.
        if acronym and not any(w.isupper() for w in words):
            return None
        return canonical, kind


def _read_tsv(path: Path | Any) -> list[list[str]]:
    return [row for _, row in _numbered_tsv_rows(path.read_text(encoding="utf-8"))]


def _numbered_tsv_rows(text: str) -> list[tuple[int, list[str]]]:
    """``(line number, stripped cells)`` of the non-blank, non-comment lines of a TSV text."""
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        rows.append((number, [c.strip() for c in line.split("\t")]))
    return rows


def _alias_rows(text: str, origin: str) -> dict[str, tuple[str, str, bool]]:
    """Parse an alias table; a malformed row is a :class:`DataError` naming its line."""
    table: dict[str, tuple[str, str, bool]] = {}
    for number, row in _numbered_tsv_rows(text):
        if len(row) != 3 or not row[0] or not row[1]:
            columns = "1 column" if len(row) == 1 else f"{len(row)} columns"
            raise DataError(
                origin,
                f"expected 'alias<TAB>canonical<TAB>kind' (3 tab-separated columns), got {columns}"
                if len(row) != 3
                else "the alias and canonical columns must not be empty",
                line=number,
            )
        alias, canonical, kind = row
        if kind not in SOURCE_KINDS:
            raise DataError(
                origin,
                f"unknown kind {kind!r} (expected one of {', '.join(SOURCE_KINDS)})",
                line=number,
            )
        words = _TOKEN_RE.findall(alias)
        # "the WHO" is the acronym too: its key ("who") must not match the pronoun "who".
        core = words[1:] if len(words) == 2 and words[0].lower() == "the" else words
        acronym = len(core) == 1 and core[0].replace(".", "").isupper() and len(core[0]) <= 5
        table[_norm(words)] = (canonical, kind, acronym)
    return table


def _user_alias_text(aliases: str) -> str:
    """The text of a user source alias table; every way of failing is a one-line DataError."""
    return read_user_table(aliases, "source alias table")


def reporting_verbs() -> dict[str, str]:
    """``{verb form: role}`` of the one list of reporting verbs (``words/reporting_verbs.tsv``).

    A form listed twice keeps its first role (speech, report, cognition, estimate, evidence).
    """
    cues: dict[str, str] = {}
    for row in word_lists.rows("reporting_verbs"):
        if len(row) >= 2 and row[1] in _CUE_VERB_ROLES:
            cues.setdefault(row[0].lower(), row[1])
    return cues


def load_lexicon(aliases: str | None = None) -> AttributionLexicon:
    """Load the built-in lexicons, merged with the user alias table at ``aliases``.

    The compiled lexicons are package data, like a loaded model: held once per process by
    :data:`credence.features.lexicon.PACKAGE_DATA`, per alias-table path and modification
    time, so every extractor and article shares one copy and an edited table is read anew.

    Parameters
    ----------
    aliases : str, optional
        Path of a TSV ``alias<TAB>canonical<TAB>kind``; its rows override the built-in ones.

    Raises
    ------
    DataError
        When the alias table is missing, unreadable, not UTF-8 text, or a row is malformed
        (the message names the file and line).
    """
    path = None if aliases is None else str(aliases)
    try:
        mtime = None if path is None else os.stat(path).st_mtime
    except OSError:
        mtime = None  # not cached: reading the table raises its one-line DataError
    return word_lists.PACKAGE_DATA.load(
        ("attribution lexicon", path, mtime), lambda: _build_lexicon(path)
    )


def _build_lexicon(aliases: str | None) -> AttributionLexicon:
    base = resources.files("credence.features") / "lexicons"
    table = _alias_rows((base / "sources.tsv").read_text(encoding="utf-8"), "sources.tsv")
    if aliases is not None:
        table.update(_alias_rows(_user_alias_text(aliases), aliases))
    cues = reporting_verbs()
    words: dict[str, set[str]] = {role: set() for role in _HEAD_ROLES}
    for row in _read_tsv(base / "attribution_cues.tsv"):
        term, role = row[0].lower(), row[1]
        if role in words:
            words[role].add(term)
    heads = words["anon-head"] | words["role-head"] | words["official-head"] | words["outlet-head"]
    return AttributionLexicon(
        table,
        cues,
        {k: frozenset(v) for k, v in words.items()},
        frozenset(heads),
        frozenset(heads | words["modifier"]),
    )
