"""Source noun phrases before and after a cue, on the tokens of one sentence."""

from __future__ import annotations

from credence.features.attribution.lexicon import (
    _CAP_STOP,
    _CONNECTORS,
    _DETERMINERS,
    _MAX_NP_TOKENS,
    _PRONOUNS,
    _TITLES,
    AttributionLexicon,
)
from credence.features.attribution.tokens import _Sentence

__all__: list[str] = []

_ARTICLES = frozenset(["the", "a", "an"])
# Participles and adjectives that post-modify an unnamed source ("familiar with the matter").
_POSTMODIFIERS = frozenset("familiar briefed close knowledge involved aware".split())


def _np_backward(sent: _Sentence, j: int, lex: AttributionLexicon) -> tuple[int, int] | None:
    """Token range ``[a, j+1)`` of the noun phrase ending at token ``j``, or ``None``."""
    is_word, is_cap, lows = sent.is_word, sent.is_cap, sent.lows
    if j < 0 or not is_word[j]:
        return None
    low = lows[j]
    if low in _PRONOUNS:
        return (j, j + 1)
    head_ok = is_cap[j] or low in lex.heads
    if low in _CAP_STOP or low in _DETERMINERS:
        return None
    if not head_ok:
        # Any noun right after an article is a source ("the clown said", "a witness said").
        for d in (j - 1, j - 2):
            if d >= 0 and lows[d] in _ARTICLES and all(is_word[d:j]):
                return _with_premodified_head(sent, d, j + 1, lex)
        return None
    vocab = lex.vocab
    k = j
    a = j
    while k >= 0 and j - k < _MAX_NP_TOKENS:
        if not is_word[k]:
            break
        low = lows[k]
        if low in _DETERMINERS:
            a = k
            break
        if low in _CONNECTORS:
            if k - 1 >= 0 and is_word[k - 1] and (is_cap[k - 1] or lows[k - 1] in vocab):
                k -= 1
                continue
            break
        if (is_cap[k] and low not in _CAP_STOP) or low in vocab:
            a = k
            k -= 1
            continue
        break
    return _with_premodified_head(sent, _with_article(sent, a), j + 1, lex)


def _with_article(sent: _Sentence, a: int) -> int:
    """Start of "the transport office": lower-case modifiers between an article and ``a``."""
    lows, is_word = sent.lows, sent.is_word
    for d in (a - 1, a - 2):
        if d >= 0 and lows[d] in _ARTICLES and all(is_word[d:a]):
            if not any(lows[x] in _CAP_STOP or lows[x] in _DETERMINERS for x in range(d + 1, a)):
                return d
    return a


def _with_premodified_head(
    sent: _Sentence, a: int, b: int, lex: AttributionLexicon
) -> tuple[int, int]:
    """``[a, b)`` extended back over what it post-modifies: "Hospital staff in Veles",
    "an official familiar with the matter", "two people briefed on the plan".
    """
    lows = sent.lows
    if a >= 2 and lows[a - 1] in ("in", "from", "at") and sent.is_cap[a]:
        head = _np_backward(sent, a - 2, lex)
        if head is not None:
            return (head[0], b)
    if (
        a >= 3
        and lows[a - 1] in ("with", "on", "to", "of", "about")
        and (lows[a - 2] in _POSTMODIFIERS)
    ):
        k = a - 3 if lows[a - 2] != "knowledge" or lows[a - 3] != "with" else a - 4
        head = _np_backward(sent, k, lex)
        if head is not None:
            return (head[0], b)
    return (a, b)


def _np_forward(sent: _Sentence, i: int, lex: AttributionLexicon) -> tuple[int, int] | None:
    """Token range ``[i, b)`` of the noun phrase starting at token ``i``, or ``None``."""
    is_word, is_cap, lows = sent.is_word, sent.is_cap, sent.lows
    n = sent.n
    if i >= n or not is_word[i]:
        return None
    if lows[i] in _PRONOUNS:
        return (i, i + 1)
    vocab = lex.vocab
    k = i
    last_head = -1
    if lows[k] in _DETERMINERS:
        k += 1
    while k < n and k - i < _MAX_NP_TOKENS:
        if not is_word[k]:
            break
        low = lows[k]
        if low in _CONNECTORS or low in ("by", "from", "at", "the"):
            nxt = k + 1
            if nxt < n and lows[nxt] == "the":
                nxt += 1
            if last_head >= 0 and nxt < n and is_word[nxt] and is_cap[nxt]:
                k = nxt
                continue
            break
        if is_cap[k] and low not in _CAP_STOP:
            last_head = k
        elif low in lex.heads:
            last_head = k
        elif low not in vocab and low not in _TITLES:
            break
        k += 1
    if last_head < 0:
        return _common_np_forward(sent, i)
    return (i, last_head + 1)


def _common_np_forward(sent: _Sentence, i: int) -> tuple[int, int] | None:
    """``the fire service`` / ``passengers``: up to three lower-case words that end the clause."""
    lows, is_word, is_cap = sent.lows, sent.is_word, sent.is_cap
    k = i + 1 if lows[i] in _ARTICLES else i
    first = k
    while k < sent.n and k - first < 3 and is_word[k] and not is_cap[k]:
        if lows[k] in _CAP_STOP or lows[k] in _DETERMINERS or lows[k] in _PRONOUNS:
            return None
        k += 1
    if k == first or (k < sent.n and lows[k] not in (".", ",", ";", "!", "?")):
        return None
    return (i, k)
