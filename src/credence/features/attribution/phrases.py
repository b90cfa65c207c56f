"""Source noun phrases before and after a cue, on the tokens of one sentence."""

from __future__ import annotations

from credence.features.attribution.lexicon import (
    _CAP_STOP,
    _CONNECTORS,
    _DETERMINERS,
    _MAX_NP_TOKENS,
    _PRONOUNS,
    AttributionLexicon,
)
from credence.features.attribution.tokens import _Sentence

__all__: list[str] = []


def _np_backward(sent: _Sentence, j: int, lex: AttributionLexicon) -> tuple[int, int] | None:
    """Token range ``[a, j+1)`` of the noun phrase ending at token ``j``, or ``None``."""
    is_word, is_cap, lows = sent.is_word, sent.is_cap, sent.lows
    if j < 0 or not is_word[j]:
        return None
    low = lows[j]
    if low in _PRONOUNS:
        return (j, j + 1)
    head_ok = is_cap[j] or low in lex.heads
    if not head_ok or low in _CAP_STOP or low in _DETERMINERS:
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
    return (a, j + 1)


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
        elif low not in vocab:
            break
        k += 1
    if last_head < 0:
        return None
    return (i, last_head + 1)
