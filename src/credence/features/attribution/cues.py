"""Cue finding: the relations a sentence's trigger words open (cue verbs, "according to", …)."""

from __future__ import annotations

from credence.document import Span
from credence.features.attribution.content import (
    _strip_span,
    content_after,
    content_before,
    quote_before_sentence,
    trim_tail_contents,
)
from credence.features.attribution.lexicon import (
    _CLAUSE_ONLY_CUES,
    _COMPLEMENTIZERS,
    _GAP_WORDS,
    _IN_FRAMES,
    AttributionLexicon,
)
from credence.features.attribution.phrases import _np_backward, _np_forward
from credence.features.attribution.resolver import _Resolver
from credence.features.attribution.result_objects import new_attribution, span_of
from credence.features.attribution.results import Attribution
from credence.features.attribution.tokens import _QUOTE_CHARS, _Sentence

__all__: list[str] = []

# Words that open a phrase about the saying, not what was said ("said in a statement",
# "said on Tuesday", "asked in a bewildered tone", "said of Trump").
_TAIL_OPENERS = frozenset(
    "in on at by after before during late early of to from via through over with earlier later"
    " today yesterday tonight monday tuesday wednesday thursday friday saturday sunday last this"
    " when while".split()
)
_MAX_TAIL_TOKENS = 10


_OBJECT_PRONOUNS = frozenset("me us him her them you".split())
_DOCUMENT_NOUNS = frozenset(
    "statement report release announcement tweet post letter filing memo study survey"
    " spokesman spokeswoman spokesperson".split()
)
#: Longest appositive (tokens) between a source and its cue ("Mark, the lead on X, told").
_MAX_APPOSITIVE = 10


def _appositive_source(sent: _Sentence, k: int, lex: AttributionLexicon) -> tuple[int, int] | None:
    """``Jane Holt, the head of the union, said``: the name before the appositive that ends
    at the comma ``k`` before the cue.
    """
    lows, is_word = sent.lows, sent.is_word
    for c in range(k - 1, max(0, k - _MAX_APPOSITIVE) - 1, -1):
        if lows[c] == ",":
            opener = lows[c + 1] if c + 1 < k else ""
            if opener in ("the", "a", "an") or (is_word[c + 1] and not sent.is_cap[c + 1]):
                return _np_backward(sent, c - 1, lex)
            return None
        if not is_word[c] and lows[c] not in ("'s", "’s"):
            return None
    return None


def _adverbial_tail(sent: _Sentence, k: int) -> bool:
    """Whether the tokens from ``k`` to the next comma or the sentence end are a short phrase
    about the saying (a time, a manner, a channel) rather than its content.
    """
    lows = sent.lows
    if k >= sent.n or lows[k] not in _TAIL_OPENERS:
        return False
    if k + 1 < sent.n and lows[k + 1] in ("least", "most") and lows[k] == "at":
        return False  # "estimate at least 1,000 …" is content, not a place
    for c in range(k + 1, min(sent.n, k + _MAX_TAIL_TOKENS + 1)):
        if lows[c] == "," and c + 1 < sent.n and lows[c + 1][:1].isdigit():
            return False  # "1,000": a number, not the end of the phrase
        if lows[c] in (",", ".", "!", "?", ";") or sent.words[c] in _QUOTE_CHARS:
            return True
        if lows[c] == "that":
            return False
    return k + _MAX_TAIL_TOKENS >= sent.n


def sentence_attributions(
    sent: _Sentence,
    lex: AttributionLexicon,
    resolver: _Resolver,
    paragraphs: list[tuple[int, int]],
    candidates: list[int] | None = None,
) -> list[Attribution]:
    """Relations opened by the trigger tokens of one sentence.

    ``candidates`` are the sentence's trigger-token indices when the caller has them (the
    whole-text scan); otherwise they are found here. A bare "in" that opens no interview
    frame yields nothing, so the caller's list may leave it out.
    """
    lows, is_word, is_cap = sent.lows, sent.is_word, sent.is_cap
    out: list[Attribution] = []
    next_free = 0  # tokens before this index belong to an earlier cue phrase
    n = sent.n
    triggers = lex.trigger_words
    # Only trigger words can open a relation, so the other tokens are not visited.
    if candidates is None:
        candidates = [k for k, low in enumerate(lows) if low in triggers or low == "in"]
    for i in candidates:
        if i < next_free or not is_word[i]:
            continue
        low = lows[i]
        made = None
        nxt = lows[i + 1] if i + 1 < n else ""
        if low == "according" and nxt == "to":
            made = _according(sent, i, i + 2, "according", lex, resolver)
        elif low in ("citing", "via") and not (low == "citing" and i > 0 and is_word[i - 1]):
            made = _according(sent, i, i + 1, low, lex, resolver, paragraphs)
        elif low == "in" and lows[i + 1 : i + 4] in _IN_FRAMES:
            made = _interview(sent, i, lex, resolver)
        elif (
            low in ("making", "made", "make", "makes")
            and nxt == "the"
            and i + 2 < n
            and lows[i + 2] in ("claim", "claims", "allegation", "allegations")
        ):
            # "X is making the claims, saying P": the gerund belongs to this cue.
            skip = i + 3
            if skip + 1 < n and lows[skip] == "," and lows[skip + 1].endswith("ing"):
                skip += 2
            made = _verb(sent, i, i + 3, "report", lex, resolver, out, skip)
        elif low in lex.cues and not (
            (i > 0 and lows[i - 1] in ("the", "a", "an", "to"))
            # "The United States Department …": a capitalised cue word inside a name.
            or (is_cap[i] and i > 0 and is_cap[i - 1] and is_word[i - 1])
            # "reports say", "reports have said": the noun is the source, not a cue.
            or (low in lex.words["anon-head"] and (nxt in lex.cues or nxt in _GAP_WORDS))
        ):
            made = _verb(sent, i, i + 1, lex.cues[low], lex, resolver, out)
        if made is not None:
            attribution, consumed = made
            out.append(attribution)
            next_free = max(i + 1, consumed)
    return trim_tail_contents(out)


def _make(
    sent: _Sentence,
    src: tuple[int, int],
    cue: tuple[int, int],
    content: tuple[int, int],
    cue_type: str,
    resolver: _Resolver,
) -> Attribution:
    text, starts, ends = sent.text, sent.starts, sent.ends
    # A source never refers to a mention inside its own quoted content.
    limit = content[0] if content[0] < starts[src[0]] else None
    source = resolver.mention(text, sent, src[0], src[1], limit)
    cue_span = span_of(text, starts[cue[0]], ends[cue[1] - 1])
    content_span = span_of(text, content[0], content[1])
    start = min(source.start, cue_span.start, content_span.start)
    end = max(source.end, cue_span.end, content_span.end)
    return new_attribution(source, cue_span, content_span, text[start:end], cue_type)


def _verb(
    sent: _Sentence,
    i: int,
    j: int,
    cue_type: str,
    lex: AttributionLexicon,
    resolver: _Resolver,
    earlier: list[Attribution],
    content_from: int | None = None,
) -> tuple[Attribution, int] | None:
    """``X <cue> P`` / ``"P," X <cue>`` / ``"P," <cue> X`` / ``…, saying P``.

    ``content_from`` is the token where the content may start (default: after the cue).
    """
    lows, words, starts, ends = sent.lows, sent.words, sent.starts, sent.ends
    is_word = sent.is_word
    n = sent.n
    if lows[i] in _CLAUSE_ONLY_CUES and j < n and is_word[j] and lows[j] not in _COMPLEMENTIZERS:
        # "The agency recalled 40,000 doses" is a product recall, not speech: these verbs
        # report speech only before a clause ("recalled that …") or after a quote.
        return None
    # Source before the cue, skipping auxiliaries and adverbs ("has also said").
    k = i - 1
    gap = 0
    while k >= 0 and lows[k] in _GAP_WORDS and gap < 3:
        k -= 1
        gap += 1
    cue_start = k + 1 if gap and lows[k + 1] in ("has", "have", "had", "is", "was") else i
    src = _np_backward(sent, k, lex) if k >= 0 else None
    if src is None and k > 0 and lows[k] == ",":
        src = _appositive_source(sent, k, lex)
    after = j if content_from is None else content_from
    if lows[i] in ("told", "tells", "tell", "telling") and j < n:
        obj = (j, j + 1) if lows[j] in _OBJECT_PRONOUNS else _np_forward(sent, j, lex)
        if obj is not None:
            after = obj[1]
    if src is not None:
        lead = src[0] - 1
        ends_here = (
            after >= n
            or lows[after] in (".", "!", "?", ",", ";")
            or (words[after] in _QUOTE_CHARS and after + 1 >= n)
            or _adverbial_tail(sent, after)
        )
        if lead >= 0 and (lows[lead] in (",",) or words[lead] in _QUOTE_CHARS) and (ends_here):
            content = content_before(sent, src[0])
        elif lead < 0 and ends_here and quote_before_sentence(sent) is not None:
            content = quote_before_sentence(sent)
        else:
            content = content_after(sent, after)
        if content is None:
            return None
        attribution = _make(sent, src, (cue_start, j), content, cue_type, resolver)
        return attribution, max(j, after)
    # Inverted: '"P," said X.'
    if i > 0 and (lows[i - 1] == "," or words[i - 1] in _QUOTE_CHARS):
        fwd = _np_forward(sent, j, lex)
        if fwd is not None and (fwd[1] >= n or lows[fwd[1]] in (".", ",", "!", "?", ";")):
            content = content_before(sent, i)
            if content is not None:
                return _make(sent, fwd, (i, j), content, cue_type, resolver), fwd[1]
    # Gerund continuation: "X is making the claims, saying P" / "…, adding P".
    if lows[i].endswith("ing") and i > 0 and lows[i - 1] == "," and earlier:
        prev = earlier[-1]
        content = content_after(sent, j)
        if content is not None:
            cue_span = Span.from_text(sent.text, starts[i], ends[j - 1])
            content_span = Span.from_text(sent.text, *content)
            start = min(prev.source.start, content_span.start)
            end = max(cue_span.end, content_span.end)
            return (
                Attribution(prev.source, cue_span, content_span, sent.text[start:end], cue_type),
                j,
            )
    return None


def _according(
    sent: _Sentence,
    i: int,
    j: int,
    cue_type: str,
    lex: AttributionLexicon,
    resolver: _Resolver,
    paragraphs: list[tuple[int, int]] | None = None,
) -> tuple[Attribution, int] | None:
    """``according to X`` / ``citing X`` / ``via X`` (and ``Via X`` credit lines)."""
    text, lows, starts, is_word = sent.text, sent.lows, sent.starts, sent.is_word
    n = sent.n
    if (
        j + 2 < n
        and lows[j] in ("a", "an", "the")
        and lows[j + 1] in _DOCUMENT_NOUNS
        and lows[j + 2] in ("from", "by", "of")
    ):
        # "according to a statement from X": X is the source, the statement its channel.
        src = _np_forward(sent, j + 3, lex)
    else:
        src = _np_forward(sent, j, lex)
    if src is None:
        return None
    b = src[1]
    # Credit line: "Via Associated Press" alone on its line credits the text above it.
    if cue_type == "via" and i == 0 and b >= n - 1 and paragraphs:
        line_start = starts[0]
        first = paragraphs[0][0]
        if line_start > first:
            content = _strip_span(text, first, line_start)
        else:
            content = _strip_span(text, sent.para_end, len(text))
        if content[1] > content[0]:
            return _make(sent, src, (i, j), content, cue_type, resolver), b
        return None
    if i == 0 or (i == 1 and not is_word[0]):
        # "According to X, P."
        k = b
        while k < n and lows[k] != ",":
            k += 1
        content = content_after(sent, k) if k < n else None
    else:
        content = content_before(sent, i)
    if content is None:
        return None
    return _make(sent, src, (i, j), content, cue_type, resolver), b


def _interview(
    sent: _Sentence, i: int, lex: AttributionLexicon, resolver: _Resolver
) -> tuple[Attribution, int] | None:
    """``In an interview with X (published …), P``."""
    lows = sent.lows
    n = sent.n
    src = _np_forward(sent, i + 4, lex)
    if src is None:
        return None
    k = src[1]
    while k < n and lows[k] != ",":
        k += 1
    content = content_after(sent, k) if k < n else None
    if content is None:
        return None
    return _make(sent, src, (i, i + 4), content, "interview", resolver), k
