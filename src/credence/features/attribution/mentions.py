"""Mentions of the alias table's entities in a text (longest match)."""

from __future__ import annotations

from collections.abc import Sequence

from credence.features.attribution.lexicon import (
    _MAX_ALIAS_TOKENS,
    AttributionLexicon,
    load_lexicon,
)
from credence.features.attribution.result_objects import new_source_mention
from credence.features.attribution.results import SourceMention
from credence.features.attribution.tokens import _TokenTable, capitalised_hits

__all__ = ["find_source_mentions"]


def find_source_mentions(
    text: str, lexicon: AttributionLexicon | None = None
) -> list[SourceMention]:
    """Every mention of an alias-table entity in ``text`` (longest match, capitalised start).

    Runs in ``O(tokens × longest alias)``: each token start tries at most
    ``_MAX_ALIAS_TOKENS`` n-grams in a dictionary.
    """
    lex = lexicon or load_lexicon()
    return _mentions_in(text, _TokenTable(text), lex)


def _mentions_in(text: str, table: _TokenTable, lex: AttributionLexicon) -> list[SourceMention]:
    """:func:`find_source_mentions` on the token table of ``text``.

    An n-gram is extended only while its key is a prefix of some alias key, so most tokens
    cost one set lookup; the longest hit wins, as in a longest-first search.
    """
    aliases = lex.aliases
    prefixes = lex.alias_prefixes
    words, lows = table.words, table.lows
    found: list[SourceMention] = []
    n_toks = len(words)
    # Only a capitalised word whose lower case starts some alias key (or "the", which keys
    # drop) can start a mention (a first character that is a letter or digit in upper case:
    # the table's flags); one scan (compiled where the core is built) leaves the loop a few
    # tokens per text.
    next_free = 0
    for i in capitalised_hits(lows, lex.alias_starters, table.is_word, table.is_cap):
        if i < next_free:
            continue
        longest = min(_MAX_ALIAS_TOKENS, n_toks - i)
        best: tuple[str, str] | None = None
        hit_len = 0
        # _norm drops a leading "the" from keys of two words or more.
        skip_the = lows[i] == "the"
        if skip_the:
            best = _alias_hit(aliases, words, i, 1, "the")
            if best is not None:
                hit_len = 1
        key = ""
        for n in range(1, longest + 1):
            k = i + n - 1
            if not words[k][0].isalnum():
                break
            if skip_the:
                if n == 1:
                    continue
                key = lows[k] if n == 2 else f"{key} {lows[k]}"
            else:
                key = lows[k] if n == 1 else f"{key} {lows[k]}"
            if key not in prefixes:
                break
            hit = _alias_hit(aliases, words, i, n, key)
            if hit is not None:
                best, hit_len = hit, n
        if best is not None:
            start, end = table.starts[i], table.ends[i + hit_len - 1]
            found.append(new_source_mention(start, end, text[start:end], best[0], best[1]))
            next_free = i + hit_len
    return found


def _alias_hit(
    aliases: dict[str, tuple[str, str, bool]], words: Sequence[str], i: int, n: int, key: str
) -> tuple[str, str] | None:
    """:meth:`AttributionLexicon.lookup` of ``words[i:i+n]`` whose normalised key is ``key``."""
    hit = aliases.get(key)
    if hit is None:
        return None
    canonical, kind, acronym = hit
    if acronym and not any(words[k].isupper() for k in range(i, i + n)):
        return None
    return canonical, kind
