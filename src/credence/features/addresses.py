"""URLs, domains and e-mail addresses inside a text, whose full stops end no sentence."""

from __future__ import annotations

import re

from credence.features.lexicon import words
from credence.features.punctuation import OPENERS

__all__ = ["STRIP_TRAILING", "in_address"]

_TLDS = words("top_level_domains")
_URL_SCHEMES = ("http://", "https://", "ftp://", "www.")
# Possible addresses are whitespace-delimited tokens holding an inner ".", ":" or "@" followed
# by a character that cannot end a sentence. They are found from that character pair (a fast
# character-class scan), each pair's token being the \S run around it.
_ADDRESS_HINT = re.compile(r"[.:@][^\s.:@,;!?)\]}>\"'\u201d\u2019]")
_NON_SPACE_RUN = re.compile(r"\S*")
_LABEL = re.compile(r"[A-Za-z0-9-]+")
_STRIP_LEADING = OPENERS + "<"
STRIP_TRAILING = ".,;:!?)]}>\"'\u201d\u2019\u2026"


def in_address(text: str, position: int, start: int, end: int) -> bool:
    """Whether ``position`` lies inside a URL, domain or e-mail address in ``text[start:end]``.

    Full stops inside them never end a sentence; trailing punctuation stays outside. An address
    is the whitespace-delimited token around ``position``, if it holds an address hint, without
    leading openers and trailing punctuation.
    """
    token_start = position
    while token_start > start and not text[token_start - 1].isspace():
        token_start -= 1
    token_end = _NON_SPACE_RUN.match(text, position, end).end()  # type: ignore[union-attr]
    if not _ADDRESS_HINT.search(text, token_start, token_end):
        return False
    token = text[token_start:token_end]
    core_start = token_start + len(token) - len(token.lstrip(_STRIP_LEADING))
    core = text[core_start:token_end].rstrip(STRIP_TRAILING)
    return core_start <= position < core_start + len(core) and _is_address(core)


def _is_address(core: str) -> bool:
    lowered = core.lower()
    if lowered.startswith(_URL_SCHEMES) or "://" in core:
        return True
    host = core.split("/", 1)[0]
    if "@" in host:
        host = host.rsplit("@", 1)[1]
    labels = host.split(".")
    if len(labels) < 2 or len(host) > 253:
        return False
    tld = labels[-1]
    # Domains are written in lower case; "expected.Recent" is a missing space, not a host.
    if not tld.islower() or tld not in _TLDS:
        return False
    return all(_LABEL.fullmatch(label) for label in labels)
