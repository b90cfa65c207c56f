"""Content spans: what a source says, before or after its cue, bounded by quotes and clauses."""

from __future__ import annotations

from credence.document import Span
from credence.features.attribution.lexicon import _MAX_CONTENT_CHARS, _WRITER_CLAUSE_RE
from credence.features.attribution.results import Attribution
from credence.features.attribution.tokens import _QUOTE_CHARS, _Sentence

__all__: list[str] = []


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` past spaces, a leading 'that', and dangling punctuation."""
    junk = " \t\n,;:-—–"
    while start < end and text[start] in junk:
        start += 1
    if text.startswith("that ", start) and end - start > 5:
        start += 5
    while end > start and text[end - 1] in junk + ".":
        end -= 1
    return start, end


def content_after(sent: _Sentence, k: int) -> tuple[int, int] | None:
    """Content starting at token ``k``: to the closing quote, paragraph end or sentence end."""
    text, lows, words, starts, ends = sent.text, sent.lows, sent.words, sent.starts, sent.ends
    n = sent.n
    while k < n and lows[k] in (",", ":", "that", "—", "-", "–"):
        colon = lows[k] == ":"
        k += 1
        if colon:
            return (
                _strip_span(text, starts[k] if k < n else sent.end, sent.para_end)
                if (k < n)
                else None
            )
    if k >= n:
        return None
    start = starts[k]
    end = min(sent.end, start + _MAX_CONTENT_CHARS)
    # "X cites the following …: P" – a colon shortly after the cue opens a block quote
    # that runs to the end of the paragraph.
    for c in range(k, min(k + 12, n)):
        if words[c] in _QUOTE_CHARS or lows[c] in (".", "!", "?"):
            break
        if lows[c] == ":" and c + 1 < n:
            block_end = min(sent.para_end, starts[c + 1] + _MAX_CONTENT_CHARS)
            s, e = _strip_span(text, starts[c + 1], block_end)
            return (s, e) if e > s else None
    if words[k] in ("'", "‘"):
        # A nested quotation in single marks ("told me 'the bridge is safe,' I …") ends at
        # the next closing single mark.
        for c in range(k + 1, min(n, k + 200)):
            if words[c] in ("'", "’"):
                end = ends[c]
                break
    elif words[k] in _QUOTE_CHARS:
        q = sent.quotes_before(starts[k])
        if q + 1 < len(sent.quotes) and sent.quotes[q + 1] <= sent.para_end:
            end = min(sent.quotes[q + 1] + 1, start + _MAX_CONTENT_CHARS)
    elif sent.quotes_before(start) % 2 == 1:
        # We are inside an open quotation: stop at its closing mark.
        q = sent.quotes_before(start)
        if q < len(sent.quotes) and sent.quotes[q] < end:
            end = sent.quotes[q]
    else:
        # Reported speech ends where the writer starts a clause of their own.
        own = _WRITER_CLAUSE_RE.search(text, start, end)
        if own is not None:
            end = own.start()
    s, e = _strip_span(text, start, end)
    return (s, e) if e > s else None


def content_before(sent: _Sentence, tok_index: int) -> tuple[int, int] | None:
    """Content ending before token ``tok_index`` (a comma or closing quote before a source)."""
    text, lows, words, starts, ends = sent.text, sent.lows, sent.words, sent.starts, sent.ends
    k = tok_index - 1
    while k >= 0 and lows[k] in (",", "—", "-", "–"):
        k -= 1
    if k < 0:
        return None
    end = ends[k]
    start = max(sent.start, end - _MAX_CONTENT_CHARS)
    if words[k] in _QUOTE_CHARS or (k > 0 and words[k - 1] in _QUOTE_CHARS):
        qpos = starts[k] if words[k] in _QUOTE_CHARS else starts[k - 1]
        q = sent.quotes_before(qpos)
        if q >= 1:
            start = max(sent.quotes[q - 1], qpos - _MAX_CONTENT_CHARS)
            end = qpos + 1
    s, e = _strip_span(text, start, end)
    return (s, e) if e > s else None


def quote_before_sentence(sent: _Sentence) -> tuple[int, int] | None:
    """The quotation that closes just before ``sent`` (``"Is it over?" Rubio asked.``, where
    the segmenter ends the quote's sentence at its question mark), or ``None``.
    """
    text = sent.text
    p = sent.start - 1
    while p >= 0 and text[p] in " \t":
        p -= 1
    if p < 0 or text[p] not in _QUOTE_CHARS:
        return None
    q = sent.quotes_before(p)
    if q < 1 or sent.quotes[q] != p or p - sent.quotes[q - 1] > _MAX_CONTENT_CHARS:
        return None
    s, e = _strip_span(text, sent.quotes[q - 1], p + 1)
    return (s, e) if e > s else None


def trim_tail_contents(out: list[Attribution]) -> list[Attribution]:
    # "reports indicate that P, according to X": X's content starts where the other
    # attribution's content starts, so neither content contains the other's cue.
    fixed = []
    for index, a in enumerate(out):
        if a.cue_type in ("according", "citing") and a.content.end <= a.cue.start:
            for b in out[max(0, index - 4) : index]:
                if b is not a and b.content.start <= a.cue.start < b.content.end:
                    if a.content.start < b.content.start < a.content.end:
                        content = Span(b.content.start, a.content.end, "")
                        a = _rebuild(a, content)
                    break
        fixed.append(a)
    return fixed


def _rebuild(a: Attribution, content: Span) -> Attribution:
    """``a`` with a narrower content span (inside the old one); all texts re-sliced exactly."""
    base = a.start
    content_text = a.text[content.start - base : content.end - base]
    moved = Attribution(a.source, a.cue, Span(content.start, content.end, content_text))
    text = a.text[moved.start - base : moved.end - base]
    return Attribution(a.source, a.cue, moved.content, text, a.cue_type)
