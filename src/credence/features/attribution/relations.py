"""Relations from tagged spans: tie each cue to its source and its content.

The tagger labels spans; a relation needs the three of them together. In one paragraph:

- each cue takes the nearest source in its own sentence (the one before the cue on a tie);
- each cue takes the nearest content not yet taken, in the paragraph, on either side; a
  second piece just across the cue and its source (``"P1," he said, "P2."``) is the same
  content split around the cue, and each piece is a relation of the same source and cue;
- a cue right after a closing quotation and a comma (``"P," the paper says``) takes that
  quotation, even when another cue took it already (``X cites: "P," the paper says``);
- a source set off after another by commas (``Cole Cosgrove, a farmer, said``; ``An official,
  speaking on condition of anonymity, said``) is an apposition or an aside: the source is the
  noun phrase it follows;
- a cue that ends its sentence after a comma (``P, officials said on Sunday.``) reports the
  whole clause before the comma: when the tagger labels no content there, or only a piece of
  that clause (an appositive, a relative clause), the content is the whole clause;
- a relative pronoun right before its cue (``Mr. Reed, who added that P``) is the source as
  written, and stands for the noun phrase it follows: the source span is the pronoun, its
  canonical name and kind those of that phrase;
- a passive cue takes the phrase after "by"; a participle (``…, saying P``) a source before
  it; a cue past a relative clause (``Reid, who …, said``) the phrase the clause describes;
- a cue with no tagged source is dropped (its clause's subject is not taken: on PolNeAR it
  added 0.001 source F1 and its new relations cost the stance model 0.002 macro-F1); a
  content cut on a preposition runs to the end of its phrase.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import replace

from credence.features import lexicon as word_lists
from credence.features.attribution.cues import _DOCUMENT_NOUNS
from credence.features.attribution.lexicon import _CAP_STOP, _GAP_WORDS, AttributionLexicon
from credence.features.attribution.phrases import _np_backward, _np_forward
from credence.features.attribution.quote_sides import paragraph_quote_sides
from credence.features.attribution.resolver import _Resolver
from credence.features.attribution.result_objects import new_attribution, span_of
from credence.features.attribution.results import Attribution
from credence.features.attribution.tokens import _QUOTE_CHARS, _Sentence
from credence.features.verbs import is_past_tense

__all__: list[str] = []

#: Farthest (in tokens) a source outside the cue's sentence may lie from it.
_MAX_SOURCE_GAP = 6
#: Farthest (in tokens) a content may lie from its cue.
_MAX_CONTENT_GAP = 40
#: Farthest gap between the first content piece and a cue whose content is split around it.
_MAX_SPLIT_GAP = 8
_TRAILING_ADVERBS = frozenset(["both", "all", "each", "also", "too"])
#: Most tokens (adjuncts: "in a statement on Tuesday") between a sentence-final cue and the
#: sentence end for the clause before the cue's comma to be what it reports.
_MAX_FINAL_ADJUNCT = 8
#: Most tokens between an apposition's comma and its source ("a farmer near the river").
_MAX_APPOSITION = 12
#: Prepositions and conjunctions a tagged source span may start with: never part of the source.
_NOT_SOURCE_OPENERS = word_lists.words("not_source_openers")
_SPECIAL_CUE_TYPES = {"according": "according", "citing": "citing", "via": "via"}
#: Relative pronouns that may stand for a speaker ("Mr. Reed, who added").
_RELATIVE_PRONOUNS = frozenset(["who", "which"])
#: Marks that set off a relative clause or an aside ("Reid, who …, said"; "Reid - who … - said").
_ASIDE_MARKS = frozenset([",", "-", "–", "—"])
#: Words that are never a source on their own, whatever the tagger says ("By", "Having", "The").
_NOT_SOURCE_WORDS = _NOT_SOURCE_OPENERS | frozenset(["a", "an", "the", "having", "being"])
#: Forms of "be" that make a participle passive ("is expected", "was asked").
_BE_FORMS = frozenset("is was were are be been being am".split())
#: Prepositions on which a content may have been cut short ("… to open in").
_PREPOSITIONS = frozenset(
    "in on at of for to with by from about into over under after before during since than"
    " against between among through until without".split()
)
#: Most words a content cut on a preposition runs on by (to a mark, its sentence's end or
#: its relation's source and cue).
_MAX_PHRASE_RUN = 8


def _gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Tokens between two token ranges (0 when they touch or overlap)."""
    return max(0, max(a[0], b[0]) - min(a[1], b[1]))


def _cue_type(lows: Sequence[str], cue: tuple[int, int], lex: AttributionLexicon) -> str:
    for k in range(cue[0], cue[1]):
        special = _SPECIAL_CUE_TYPES.get(lows[k])
        if special is not None:
            return special
    for k in range(cue[0], cue[1]):
        role = lex.cues.get(lows[k])
        if role is not None:
            return role
    return "speech"


def _nearest_source(
    cue: tuple[int, int],
    sources: Sequence[tuple[int, int]],
    sentence_of: Sequence[int],
    lows: Sequence[str],
    cues: Sequence[tuple[int, int]],
) -> tuple[int, int] | None:
    """The source of ``cue``: the nearest in its sentence, else the nearest close by.

    A present participle after a comma (``X rejected the offer, saying P``) is said by the
    subject of the clause it hangs on: its source lies before it, never after ("according
    to" and "citing" excepted: their source is named after them).
    """
    best = None
    best_key = (2, 1 << 30, 1)
    # "according to X" and "citing X" name their source after them.
    first = lows[cue[0]]
    participle = (
        cue[0] > 0
        and first.endswith("ing")
        and first not in _SPECIAL_CUE_TYPES
        and lows[cue[0] - 1] == ","
    )
    cue_start, cue_end = cue
    cue_first, cue_last = sentence_of[cue_start], sentence_of[cue_end - 1]
    for src in sources:
        src_start, src_end = src
        if participle and src_end > cue_start:
            continue
        same = sentence_of[src_start] == cue_first or sentence_of[src_end - 1] == cue_last
        # _gap(src, cue), written out: this loop runs for every source of every cue.
        gap = max(0, max(src_start, cue_start) - min(src_end, cue_end))
        if not same and gap > _MAX_SOURCE_GAP:
            continue
        key = (0 if same else 1, gap, 0 if src[0] < cue[0] else 1)
        if key < best_key:
            best, best_key = src, key
    if best is not None and best[1] <= cue[0]:
        return _apposition_head(lows, best, cue, sources, cues) or best
    return best


def _apposition_head(
    lows: Sequence[str],
    src: tuple[int, int],
    cue: tuple[int, int],
    sources: Sequence[tuple[int, int]],
    cues: Sequence[tuple[int, int]],
) -> tuple[int, int] | None:
    """The source ``src`` is set off from: ``HEAD, … src …, CUE`` → ``HEAD``, else ``None``.

    An apposition ("Cole Cosgrove, a farmer near the river, said") or an aside ("An official,
    speaking on condition of anonymity, said") sits between two commas after the subject;
    the subject is the speaker.
    """
    between_cue = lows[src[1] : cue[0]]
    if between_cue.count(",") != 1 or len(between_cue) > 3:
        return None
    for head in sources:
        if head[1] >= src[0] or src[0] - head[1] > _MAX_APPOSITION:
            continue
        aside = lows[head[1] : src[0]]
        if not aside or aside[0] != "," or "," in aside[1:] or "." in aside:
            continue
        if any(head[1] <= c[0] < src[0] for c in cues):
            continue  # the head has a cue of its own: two relations, not an apposition
        return head
    return None


def _quote_just_before(
    sent: _Sentence, frame: tuple[int, int], contents: Sequence[tuple[int, int]], near: range
) -> int:
    """Index of the quoted content closing right before ``frame`` (``"P," the paper says``,
    ``"P", he said``), or -1: that quotation is what the cue reports, taken or not.
    """
    words = sent.words
    k = frame[0]
    if k >= 1 and words[k - 1] == ",":
        k -= 1
    if k < 1 or words[k - 1] not in _QUOTE_CHARS:
        return -1
    for index in near:
        con = contents[index]
        if con[1] in (k, frame[0]) and words[con[0]] in _QUOTE_CHARS:
            return index
    return -1


def _nearest_content(
    sent: _Sentence,
    cue: tuple[int, int],
    src: tuple[int, int],
    contents: Sequence[tuple[int, int]],
    taken: set[int],
    sentence_of: Sequence[int],
    content_starts: Sequence[int],
    content_ends: Sequence[int],
) -> list[int]:
    """Indices of the content pieces of ``cue``: the nearest free one, and a split partner.

    ``contents`` are disjoint and in text order (a tagged sequence), so only those within
    ``_MAX_CONTENT_GAP`` tokens of the cue and its source are read: linear in the paragraph.
    """
    frame = (min(cue[0], src[0]), max(cue[1], src[1]))
    lo = bisect.bisect_left(content_ends, frame[0] - _MAX_CONTENT_GAP)
    hi = bisect.bisect_right(content_starts, frame[1] + _MAX_CONTENT_GAP)
    near = range(lo, hi)
    best = _quote_just_before(sent, frame, contents, near)
    if best < 0:
        best_key = (2, 2, _MAX_CONTENT_GAP + 1)
        for index in near:
            con = contents[index]
            # The cue's own sentence first (a quotation may run over several); there a free
            # content first, one already taken only when no free one is near ("X is making
            # the claims, saying …": two cues, one content).
            elsewhere = (
                sentence_of[con[0]] != sentence_of[cue[0]]
                and sentence_of[con[1] - 1] != sentence_of[cue[0]]
                and sent.words[con[0]] not in _QUOTE_CHARS
            )
            key = (int(elsewhere), 1 if index in taken else 0, _gap(con, cue))
            if key[2] <= _MAX_CONTENT_GAP and key < best_key:
                best, best_key = index, key
    if best < 0:
        return []
    pieces = [best]
    first = contents[best]
    for index in near:
        con = contents[index]
        if index in taken or index == best:
            continue
        # The other side of the cue and source, close to both: one content split in two.
        across = (con[0] >= frame[1] > first[1]) or (con[1] <= frame[0] < first[0])
        # In the cue's sentence: a quotation in the sentence before has a cue of its own or
        # continues one ("'P1,' he said. 'P2.'" is a continuation, not a split).
        here = sentence_of[cue[0]] in (sentence_of[con[0]], sentence_of[con[1] - 1])
        # Only punctuation between the piece and the cue ("The plan, he said, will fail"):
        # "P1, after reports said P2" is two clauses, not one content split in two.
        between = range(con[1], frame[0]) if con[1] <= frame[0] else range(frame[1], con[0])
        if (
            across
            and here
            and not any(sent.is_word[k] for k in between)
            and _gap(first, frame) <= _MAX_SPLIT_GAP
        ):
            pieces.append(index)
            break
    return pieces


def paragraph_relations(
    sent: _Sentence,
    spans: dict[str, list[tuple[int, int]]],
    sentence_of: Sequence[int],
    lex: AttributionLexicon,
    resolver: _Resolver,
) -> list[Attribution]:
    """The relations of one paragraph from its tagged spans (token ranges of ``sent``)."""
    contents = _marks_widened(sent, spans["CON"])
    sides = paragraph_quote_sides(sent)
    content_starts = [c[0] for c in contents]
    content_ends = [c[1] for c in contents]
    taken: set[int] = set()
    out: list[Attribution] = []
    tagged_sources = [src for src in spans["SRC"] if _has_source_word(sent, src, sentence_of)]
    candidates = _SourceCandidates(sent, tagged_sources, sides)
    for cue in spans["CUE"]:
        sources = candidates.for_cue(cue)
        src = _source_of(sent, cue, sources, sentence_of, spans["CUE"], lex)
        if src is None or (sides[src[0]] >= 0 and sides[src[0]] != _side_of(cue, sides)):
            continue
        relative = _relative_pronoun(sent, src, cue)
        antecedent = None if relative is None else _antecedent(sent, src, relative)
        if antecedent is None:
            relative = None
        else:
            src = antecedent
        src = _named_after_according(sent, _without_openers(sent, src), cue)
        src = _after_channel(sent, _before_comma(sent, src, lex.heads))
        pieces = _nearest_content(
            sent, cue, src, contents, taken, sentence_of, content_starts, content_ends
        )
        clause = _fronted_clause(sent, (min(cue[0], src[0]), max(cue[1], src[1])), sentence_of)
        first_content = contents[pieces[0]] if pieces else None
        if clause is not None and (
            first_content is None
            or (
                clause[0] <= first_content[0]
                and first_content[1] <= clause[1]
                and not any(clause[0] <= c[0] < clause[1] for c in spans["CUE"])
            )
        ):
            # No content, or a piece of the clause the cue reports (and no other relation
            # holds that clause: "reports indicate that P, according to X"): the whole clause.
            first_content, pieces = clause, [i for i in pieces if contents[i][1] > clause[1]]
            pieces.insert(0, -1)
        if first_content is None:
            continue
        taken.update(i for i in pieces if i >= 0)
        cue_type = _cue_type(sent.lows, cue, lex)
        frame = (min(cue[0], src[0]), max(cue[1], src[1]))
        first_content = _to_phrase_end(sent, _without_that(sent, first_content), frame, sentence_of)
        first = _relation(sent, src, cue, first_content, cue_type, resolver)
        if relative is not None:
            first = _spoken_by_pronoun(sent, first, relative)
        out.append(first)
        for piece in pieces[1:]:
            con = _to_phrase_end(sent, contents[piece], frame, sentence_of)
            out.append(_with_content(sent, first, con))
    return _without_asides(sent.text, out)


def _side_of(cue: tuple[int, int], sides: Sequence[int]) -> int:
    """The quotation side of ``cue`` (see :func:`.quote_sides.quote_sides`; -1 when it is all
    marks).
    """
    # A loop, not next() over a generator: this runs for every cue of every paragraph.
    for k in range(cue[0], cue[1]):
        if sides[k] >= 0:
            return sides[k]
    return -1


def _has_source_word(sent: _Sentence, src: tuple[int, int], sentence_of: Sequence[int]) -> bool:
    """Whether a tagged source holds a word that can name someone: a comma, "By" or "The"
    alone names no one. A capitalised word inside its sentence is a name whatever it spells
    (the surname So in ``"…," So said``).
    """
    lows, is_cap = sent.lows, sent.is_cap
    for k in range(src[0], src[1]):
        if not sent.is_word[k]:
            continue
        if lows[k] not in _NOT_SOURCE_WORDS:
            return True
        if is_cap[k] and k > 0 and sentence_of[k - 1] == sentence_of[k]:
            return True
    return False


def _source_of(
    sent: _Sentence,
    cue: tuple[int, int],
    sources: Sequence[tuple[int, int]],
    sentence_of: Sequence[int],
    cues: Sequence[tuple[int, int]],
    lex: AttributionLexicon,
) -> tuple[int, int] | None:
    """The source of ``cue`` among the tagged ``sources`` (token ranges), or one read from
    the sentence when the tagger labelled none there.

    In order: the agent of a passive cue (``was first reported by Politico``); the nearest
    tagged source (:func:`_nearest_source`), or, past a relative clause, the phrase that
    clause describes (``Reid, who endorsed her in May, said``); with no tagged source,
    ``None``.
    """
    agent = _passive_agent(sent, cue, sources, lex)
    if agent is not None:
        return agent
    src = _nearest_source(cue, sources, sentence_of, sent.lows, cues)
    if src is not None:
        return _past_relative_clause(sent, src, cue, sources, lex) or src
    return None


def _passive_agent(
    sent: _Sentence,
    cue: tuple[int, int],
    sources: Sequence[tuple[int, int]],
    lex: AttributionLexicon,
) -> tuple[int, int] | None:
    """``The meeting was first reported by Politico``: the noun phrase after "by" that ends
    or follows a passive cue is who reported it (the subject is what was reported). A tagged
    source there is taken as tagged; otherwise the phrase must hold a name or a source noun
    ("by phone" is no one).
    """
    lows = sent.lows
    by = cue[1] - 1 if lows[cue[1] - 1] == "by" else cue[1]
    if by >= sent.n or lows[by] != "by" or by - 1 < cue[0]:
        return None
    if not is_past_tense(sent.words[by - 1], participles=True):
        return None
    # The participle must be the cue's verb: in "said in a statement released by the
    # campaign" the agent of "released" is not who said it.
    if any(w not in _BE_FORMS and w not in _GAP_WORDS for w in lows[cue[0] : by - 1]):
        return None
    agent = next((src for src in sources if by < src[0] <= by + 2), None)
    if agent is None:
        agent = _np_forward(sent, by + 1, lex)
        if agent is None or not any(
            sent.is_cap[k] or lows[k] in lex.heads for k in range(agent[0], agent[1])
        ):
            return None
    # "quoted by Italian news media as saying": the agent ends before "as".
    a, b = agent
    while b - a > 1 and lows[b - 1] in _NOT_SOURCE_OPENERS:
        b -= 1
    return (a, b)


def _past_relative_clause(
    sent: _Sentence,
    src: tuple[int, int],
    cue: tuple[int, int],
    sources: Sequence[tuple[int, int]],
    lex: AttributionLexicon,
) -> tuple[int, int] | None:
    """``Reid, who endorsed her in May, said``: past a relative clause closed by a comma or a
    dash, the speaker is the phrase the pronoun ``src`` stands for (tagged, else read there);
    ``None`` for the clause's own verb (``who added`` keeps the pronoun) or no such pronoun.
    """
    lows = sent.lows
    k = src[0]
    if src[1] - k != 1 or lows[k] not in _RELATIVE_PRONOUNS or k < 2:
        return None
    if lows[k - 1] not in _ASIDE_MARKS or k + 1 >= cue[0] or lows[k + 1] in _ASIDE_MARKS:
        return None
    between = lows[k + 1 : cue[0]]
    closing = max((i for i, w in enumerate(between) if w in _ASIDE_MARKS), default=-1)
    if closing < 0 or any(
        w not in _GAP_WORDS and w not in _QUOTE_CHARS for w in between[closing + 1 :]
    ):
        return None
    for head in sources:
        if head[1] == k - 1 and head[0] < head[1]:
            return head
    return _antecedent(sent, src, k) or _np_backward(sent, k - 2, lex)


def _to_phrase_end(
    sent: _Sentence, con: tuple[int, int], frame: tuple[int, int], sentence_of: Sequence[int]
) -> tuple[int, int]:
    """A content cut on a preposition (``would open in``) runs on to its phrase's end."""
    a, b = con
    if b - a < 2 or b >= sent.n or sent.lows[b - 1] not in _PREPOSITIONS:
        return con
    sentence = sentence_of[b - 1]
    k = b
    while (
        k < sent.n
        and k - b < _MAX_PHRASE_RUN
        and sent.is_word[k]
        and sentence_of[k] == sentence
        and not frame[0] <= k < frame[1]
    ):
        k += 1
    return (a, k) if k > b and k - b < _MAX_PHRASE_RUN else con


def _without_asides(text: str, found: list[Attribution]) -> list[Attribution]:
    """``found`` less the asides of a source: in ``X, speaking on condition of anonymity,
    said P`` the phrase between the commas describes X; only ``said P`` is a relation.

    A relation is an aside when its cue and content sit between a comma right after its
    source and a comma right before the cue of another relation of the same source.
    """
    if len(found) < 2:
        return found

    def comma_between(start: int, end: int) -> bool:
        return start <= end and text[start:end].strip() == ","

    asides = set()
    for k, aside in enumerate(found):
        src = aside.source
        end = max(aside.cue.end, aside.content.end)
        if not comma_between(src.end, min(aside.cue.start, aside.content.start)):
            continue
        if any(
            j != k
            and (other.source.start, other.source.end) == (src.start, src.end)
            and comma_between(end, other.cue.start)
            for j, other in enumerate(found)
        ):
            asides.add(k)
    return [a for k, a in enumerate(found) if k not in asides] if asides else found


def _on_cue_side(
    sources: Sequence[tuple[int, int]], cue: tuple[int, int], sides: Sequence[int]
) -> list[tuple[int, int]]:
    """The tagged sources as they can belong to ``cue``: a speaker is on the cue's side of a
    quotation mark (``"The budget," Kim Sato said`` → "Kim Sato", not "The budget"; a speaker
    quoted inside a quotation keeps its cue there too). A source that runs across a mark
    keeps its piece on the cue's side nearest the cue; one wholly on the other side is not
    a candidate.
    """
    side = next((sides[k] for k in range(cue[0], cue[1]) if sides[k] >= 0), -1)
    if side < 0:
        return list(sources)
    out = []
    for a, b in sources:
        if all(sides[k] == side for k in range(a, b)):
            out.append((a, b))
            continue
        pieces = []
        k = a
        while k < b:
            if sides[k] != side:
                k += 1
                continue
            start = k
            while k < b and sides[k] == side:
                k += 1
            pieces.append((start, k))
        if pieces:
            out.append(min(pieces, key=lambda piece: _gap(piece, cue)))
    return out


class _SourceCandidates:
    """The tagged sources of a paragraph as each cue can take them: what
    ``[_without_trailing_commas(sent, s) for s in _on_cue_side(sources, cue, sides)]`` gives,
    with the work that does not depend on the cue done once per paragraph (a paragraph's
    cues read the same sources, each in full).
    """

    __slots__ = ("sent", "sources", "sides", "uniform", "trimmed", "by_side")

    def __init__(
        self, sent: _Sentence, sources: Sequence[tuple[int, int]], sides: Sequence[int]
    ) -> None:
        self.sent = sent
        self.sources = sources
        self.sides = sides
        # The quotation side shared by all of a source's tokens (True for an empty source,
        # which every side keeps), or None when the source runs across a mark.
        self.uniform: list[int | bool | None] = []
        for a, b in sources:
            first = sides[a] if a < b else True
            same = a == b or sides[a:b].count(first) == b - a
            self.uniform.append(first if same else None)
        self.trimmed = [_without_trailing_commas(sent, src) for src in sources]
        self.by_side: dict[int, list[tuple[int, int]]] = {}

    def for_cue(self, cue: tuple[int, int]) -> list[tuple[int, int]]:
        side = _side_of(cue, self.sides)
        if side < 0:
            return list(self.trimmed)
        if None not in self.uniform:
            # No source crosses a mark: the same candidates for every cue on this side.
            known = self.by_side.get(side)
            if known is None:
                known = self.by_side[side] = [
                    src
                    for src, own in zip(self.trimmed, self.uniform, strict=True)
                    if own is True or own == side
                ]
            return list(known)
        out = []
        for src, trimmed, own in zip(self.sources, self.trimmed, self.uniform, strict=True):
            if own is True or own == side:
                out.append(trimmed)
            elif own is None:
                out.extend(
                    _without_trailing_commas(self.sent, piece)
                    for piece in _on_cue_side([src], cue, self.sides)
                )
        return out


def _relative_pronoun(sent: _Sentence, src: tuple[int, int], cue: tuple[int, int]) -> int | None:
    """Token index of the relative pronoun that ends the tagged source ``src`` right before
    its cue, set off by a comma from what it follows (``Mr. Reed, who added``), else ``None``.
    """
    k = src[1] - 1
    if k < 1 or sent.lows[k] not in _RELATIVE_PRONOUNS or sent.lows[k - 1] != ",":
        return None
    return k if 0 <= cue[0] - src[1] <= 1 else None


def _antecedent(sent: _Sentence, src: tuple[int, int], k: int) -> tuple[int, int] | None:
    """The noun phrase the relative pronoun at token ``k`` stands for: the tagged words
    before its comma, or, when the tagger labelled the pronoun alone, the capitalised name
    right before the comma (``Merkel, who``); ``None`` when there is neither.
    """
    if src[0] < k - 1:
        return _without_trailing_commas(sent, (src[0], k))
    j = k - 2
    while j >= 0 and sent.is_cap[j] and sent.words[j][:1].isalpha():
        j -= 1
    return (j + 1, k - 1) if j + 1 < k - 1 else None


def _spoken_by_pronoun(sent: _Sentence, a: Attribution, k: int) -> Attribution:
    """``a`` with the pronoun at token ``k`` as its source span, standing for ``a``'s source."""
    start, end = sent.starts[k], sent.ends[k]
    source = replace(a.source, start=start, end=end, text=sent.text[start:end])
    first = min(start, a.cue.start, a.content.start)
    last = max(end, a.cue.end, a.content.end)
    return replace(a, source=source, text=sent.text[first:last])


def _without_trailing_commas(sent: _Sentence, src: tuple[int, int]) -> tuple[int, int]:
    """A tagged source less the commas it ends with: in ``Mark, the lead on the project,
    told`` the comma closes the apposition, whose head is the speaker.
    """
    a, b = src
    while b - a > 1 and sent.lows[b - 1] in (",", ";", ":"):
        b -= 1
    return (a, b)


def _marks_widened(sent: _Sentence, contents: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``contents`` with each one made of quotation marks and punctuation alone widened to
    the quotation that mark opens or closes (dropped if that would overlap another content):
    the tagger sometimes labels only the mark of a short quotation.
    """
    if not any(not any(sent.is_word[a:b]) for a, b in contents):
        return contents
    marks = [k for k, w in enumerate(sent.words) if w in _QUOTE_CHARS]
    out: list[tuple[int, int]] = []
    for index, (a, b) in enumerate(contents):
        if any(sent.is_word[a:b]):
            out.append((a, b))
            continue
        mark = next((k for k in range(a, b) if sent.words[k] in _QUOTE_CHARS), None)
        if mark is None:
            continue
        i = marks.index(mark)
        if i % 2:
            lo, hi = marks[i - 1], b
        else:
            lo, hi = a, (marks[i + 1] + 1 if i + 1 < len(marks) else sent.n)
        prev_end = out[-1][1] if out else 0
        next_start = contents[index + 1][0] if index + 1 < len(contents) else sent.n
        if lo >= prev_end and hi <= next_start and any(sent.is_word[lo:hi]):
            out.append((lo, hi))
    return out


def _fronted_clause(
    sent: _Sentence, frame: tuple[int, int], sentence_of: Sequence[int]
) -> tuple[int, int] | None:
    """The clause a sentence-final source and cue report: ``P, officials said on Sunday.``.

    Token range of ``P`` (sentence start to the comma before ``frame``), or ``None`` when the
    cue does not end its sentence after a comma, or when a quotation is involved (quoted
    content is bounded by its marks, not by the clause).
    """
    lows, words = sent.lows, sent.words
    a, b = frame
    if a < 2 or lows[a - 1] != ",":
        return None
    sentence = sentence_of[a]
    start = a - 1
    while start > 0 and sentence_of[start - 1] == sentence:
        start -= 1
    end = b
    while end < sent.n and sentence_of[end] == sentence:
        end += 1
    tail = lows[b:end]
    if tail and tail[-1] in (".", "!", "?"):
        tail = tail[:-1]
    if len(tail) > _MAX_FINAL_ADJUNCT or any(t in (",", ";", ":", "that") for t in tail):
        return None
    if any(w in _QUOTE_CHARS for w in words[start:end]) or start >= a - 1:
        return None
    return (start, a - 1)


def _without_that(sent: _Sentence, con: tuple[int, int]) -> tuple[int, int]:
    """The content after its complementizer: "said that P" reports P."""
    return (con[0] + 1, con[1]) if con[1] - con[0] > 1 and sent.lows[con[0]] == "that" else con


def _without_openers(sent: _Sentence, src: tuple[int, int]) -> tuple[int, int]:
    """The source without the prepositions and conjunctions it starts with: "spoke after
    Governor Mark Dunne had made his case" → "Governor Mark Dunne"; nor the sentence adverb
    set off by a comma: "Similarly, William Bennett said" → "William Bennett".
    """
    a, b = src
    while b - a > 2 and sent.lows[a + 1] == "," and _is_sentence_adverb(sent.lows[a]):
        a += 2
    while b - a > 1 and sent.lows[a] in _NOT_SOURCE_OPENERS:
        a += 1
    return (a, b)


def _is_sentence_adverb(low: str) -> bool:
    """Whether ``low`` opens a sentence ("similarly", "however"): no part of a name."""
    return low in _CAP_STOP or (low.endswith("ly") and len(low) > 5)


def _before_comma(sent: _Sentence, src: tuple[int, int], heads: frozenset[str]) -> tuple[int, int]:
    """``Tom Reed, a farmer near the river,``: the source is the name before the appositive;
    ``the highest rate since 2019, the statistics office``: a phrase that opens with a lower-case
    word is the end of the content, and the source is the part after the last comma.
    """
    commas = [k for k in range(src[0] + 1, src[1]) if sent.lows[k] == ","]
    a, b = src
    if commas:
        head = commas[0] - 1  # the last word before the first comma
        if sent.is_cap[a] or sent.is_cap[head] or sent.lows[head] in heads:
            return (a, commas[0])
        if commas[-1] + 1 < b:
            a = commas[-1] + 1
    # "NBC News and ABC News both reported": "both" belongs to the verb phrase.
    while b - a > 1 and sent.lows[b - 1] in _TRAILING_ADVERBS:
        b -= 1
    return (a, b)


def _named_after_according(
    sent: _Sentence, src: tuple[int, int], cue: tuple[int, int]
) -> tuple[int, int]:
    """``According to exit polls, voters …``: the source named after "according to" ends at
    the comma that closes the phrase (what follows is the content's subject).
    """
    a, b = src
    if cue[1] - cue[0] < 2 or sent.lows[cue[1] - 2 : cue[1]] != ["according", "to"]:
        return src
    if a != cue[1]:
        return src
    for k in range(a + 1, b):
        if sent.lows[k] == ",":
            return (a, k)
    return src


def _after_channel(sent: _Sentence, src: tuple[int, int]) -> tuple[int, int]:
    """``a statement from the National Water Authority``: the source is who issued it."""
    lows = sent.lows
    a, b = src
    if b - a > 3 and lows[a] in ("a", "an", "the") and lows[a + 1] in _DOCUMENT_NOUNS:
        if lows[a + 2] in ("from", "by", "of"):
            return (a + 3, b)
    return src


def _with_content(sent: _Sentence, a: Attribution, con: tuple[int, int]) -> Attribution:
    """``a``'s source and cue with another piece of its content."""
    text = sent.text
    content = span_of(text, sent.starts[con[0]], sent.ends[con[1] - 1])
    start = min(a.source.start, a.cue.start, content.start)
    end = max(a.source.end, a.cue.end, content.end)
    return new_attribution(a.source, a.cue, content, text[start:end], a.cue_type)


def _relation(
    sent: _Sentence,
    src: tuple[int, int],
    cue: tuple[int, int],
    con: tuple[int, int],
    cue_type: str,
    resolver: _Resolver,
) -> Attribution:
    text, starts, ends = sent.text, sent.starts, sent.ends
    content_start, content_end = starts[con[0]], ends[con[1] - 1]
    # A source never refers to a mention inside its own quoted content.
    limit = content_start if content_start < starts[src[0]] else None
    source = resolver.mention(text, sent, src[0], src[1], limit)
    cue_span = span_of(text, starts[cue[0]], ends[cue[1] - 1])
    content_span = span_of(text, content_start, content_end)
    start = min(source.start, cue_span.start, content_span.start)
    end = max(source.end, cue_span.end, content_span.end)
    return new_attribution(source, cue_span, content_span, text[start:end], cue_type)
