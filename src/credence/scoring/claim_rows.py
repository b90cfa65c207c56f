"""The claim table: one row per scored claim, with what scoring needs to know about it.

:func:`build_rows` reads every claim of a set of analysed articles once: its paragraph and
whether that paragraph repeats another (in its article or, near-verbatim, in another one),
its origin (:mod:`credence.scoring.independence`), its numbers and dates with their
signatures (:mod:`credence.scoring.conflicts`), its hedges and whether a verification
disclaimer covers it. :func:`fold_copies` folds the claims of repeated paragraphs into the
claim they repeat; :func:`query_row` makes the row of a claim typed by a person.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from credence.scoring.conflicts import Measure, measure_analysis
from credence.scoring.independence import (
    OUTLET_KIND,
    Origin,
    SignedTexts,
    claim_origin,
    jaccard,
    near_duplicate_groups,
    same_person_origins,
    shingles,
    sign_texts,
)
from credence.scoring.priors import ScoringPriors
from credence.scoring.results import ClaimCopy

if TYPE_CHECKING:
    from credence.scoring.engine import Extractors

__all__ = [
    "QUERY_ORIGIN",
    "ClaimRow",
    "asserted_text",
    "SpansWithin",
    "article_rows",
    "build_rows",
    "join_rows",
    "paragraph_heads",
    "fold_copies",
    "is_uncertainty_cue",
    "query_row",
    "same_duplicate_group",
]

#: The origin (and article id) of a claim typed by a person: never an origin of evidence.
QUERY_ORIGIN = "query"


@dataclass(slots=True)
class ClaimRow:
    """Everything known about one claim while scoring (internal)."""

    claim: Any
    analysis: Any
    article_index: int
    sentence_key: tuple[int, int]
    paragraph: int
    canonical_paragraph: int
    duplicate: bool
    copy_keys: tuple[Hashable, ...]
    origin: Origin
    outlet: str
    measures: tuple[Measure, ...]
    hedges: tuple[Any, ...]
    disclaimed: bool
    anonymous: bool
    #: What the claim's origin asserts: the text without its attribution frame and relay
    #: hedges when the claim is attributed (:func:`asserted_text`); empty when that is the
    #: claim's text itself (a large set stores no second copy of most claims).
    asserted: str = ""


def _paragraph_of(analysis: Any, claim: Any) -> int:
    for s in analysis.sentences:
        if s.index == claim.sentence or (s.start <= claim.start < s.end):
            return s.paragraph
    for p in analysis.paragraphs:
        if p.start <= claim.start < p.end:
            return p.index
    return -1


def _canonical_paragraph(analysis: Any, index: int) -> int:
    by_index = {p.index: p for p in analysis.paragraphs}
    seen = set()
    while index in by_index and by_index[index].duplicate_of is not None and index not in seen:
        seen.add(index)
        index = by_index[index].duplicate_of
    return index


def is_uncertainty_cue(hedge: Any) -> bool:
    return not getattr(hedge, "is_booster", False)


def _is_unverifiable(hedge: Any) -> bool:
    return getattr(hedge, "category", "") == "unverifiable"


#: Hedge categories that mark the outlet relaying a claim ("reportedly", "reports say"): the
#: outlet's distance from what its source asserts, not the source's.
_RELAY_HEDGES = frozenset({"hearsay"})
#: A contrastive clause after a reported content ("X acknowledged A, and while B, C"; "X
#: said A, though B") is a second assertion, usually the outlet's: A is what X asserts.
_CONTRAST = re.compile(
    r"(?:,|;|\s[—–-]+)\s*(?:and\s+)?(?:while|whereas|but|though|although|even though|"
    r"despite)\b",
    re.IGNORECASE,
)
#: Words left at the head of a content once its frame is cut ("Additionally, that ...").
_LEADING = re.compile(
    r"^(?:(?:additionally|also|and|but|however|meanwhile|moreover|furthermore|that)\b[,\s]*)+",
    re.IGNORECASE,
)


def _covered(spans: Sequence[tuple[int, int]]) -> int:
    # Characters covered by the union of ``spans``.
    total, reach = 0, None
    for start, end in sorted(spans):
        if reach is None or start >= reach:
            total += end - start
            reach = end
        elif end > reach:
            total += end - reach
            reach = end
    return total


def asserted_text(claim: Any, attributions: Sequence[Any], hedges: Sequence[Any]) -> str:
    """The text of an attributed ``claim`` without its attribution frame and relay hedges.

    An origin endorses what it is quoted as saying; "according to X", "X said" and the
    outlet's "reportedly" are the outlet observing X, not X hedging. Two attributed claims
    are compared on what their origins assert, so that two sources stating one fact agree
    even when each outlet frames it differently (a whole-sentence reading calls a framed
    restatement "observing"). The source mentions and cues of the ``attributions`` whose cue
    lies in the claim (not in another attribution's content: "the aide said Clinton will
    address it" keeps "Clinton will address"), and its hearsay ``hedges``, are cut out; a
    claim left with fewer than three words, or whose frame covers two thirds of it (a frame
    misread), keeps its whole text. A contrastive clause after the content ("..., and while
    critics doubted it, ...") is cut last.

    Examples
    --------
    >>> from types import SimpleNamespace as NS
    >>> claim = NS(start=0, end=46, text="Troops left Kursk, the ministry said on Friday.")
    >>> mention = NS(start=19, end=31)
    >>> cue = NS(start=32, end=36)
    >>> asserted_text(claim, [NS(source=mention, cue=cue)], [])
    'Troops left Kursk, on Friday.'
    """
    contents = [c for c in (getattr(a, "content", None) for a in attributions) if c is not None]
    cuts: list[tuple[int, int]] = []
    for attribution in attributions:
        cue = attribution.cue
        if not (claim.start <= cue.start and cue.end <= claim.end):
            continue
        if any(c.start <= cue.start and cue.end <= c.end for c in contents):
            continue  # a nested report is part of what the outer source asserts
        cuts.append((cue.start, cue.end))
        source = attribution.source
        if claim.start <= source.start and source.end <= claim.end:
            cuts.append((source.start, source.end))
    if 3 * _covered(cuts) > 2 * len(claim.text):
        return claim.text  # a frame over most of the sentence is a misread one
    cuts.extend((h.start, h.end) for h in hedges if getattr(h, "category", "") in _RELAY_HEDGES)
    if not cuts:
        return claim.text
    kept: list[str] = []
    position = claim.start
    for start, end in sorted(cuts):
        if start > position:
            kept.append(claim.text[position - claim.start : start - claim.start])
        position = max(position, end)
    kept.append(claim.text[position - claim.start :])
    text = " ".join(" ".join(kept).split())
    # The cuts leave a separator before punctuation ("Kursk, on Friday ."): closed up.
    text = re.sub(r"\s+([,.;:!?])", r"\1", text)
    text = re.sub(r"([,;:])(?:\s*[,;:])+", r"\1", text)
    text = re.sub(r"[,;:]+(?=[.!?]|$)", "", text)
    text = _LEADING.sub("", text.lstrip(",;: "))
    contrast = _CONTRAST.search(text)
    if contrast is not None and len(text[: contrast.start()].split()) >= 3:
        text = text[: contrast.start()] + "."
    return text if len(text.split()) >= 3 else claim.text


class SpansWithin:
    """The spans lying inside ``[start, end)``, in their original order (internal).

    Bisection over the span starts: each claim reads the spans that start inside it rather
    than every span of its article, which made a long article's rows quadratic.
    """

    def __init__(self, spans: Sequence[Any]) -> None:
        self.spans = tuple(spans)
        self.order = sorted(range(len(self.spans)), key=lambda i: self.spans[i].start)
        self.starts = [self.spans[i].start for i in self.order]

    def __call__(self, start: int, end: int) -> tuple[Any, ...]:
        lo = bisect.bisect_left(self.starts, start)
        hi = bisect.bisect_right(self.starts, end)
        inside = sorted(i for i in self.order[lo:hi] if self.spans[i].end <= end)
        return tuple(self.spans[i] for i in inside)


def article_rows(analysis: Any, article_index: int) -> list[ClaimRow]:
    """The rows of one analysed article's claims, as far as the article alone tells.

    What needs the whole set is left for :func:`join_rows`: whether a paragraph repeats one
    of another article (``duplicate``, ``canonical_paragraph`` and ``copy_keys`` here know
    only the article's own repeats) and one person's names across articles (``origin``).
    Each row's ``analysis`` is ``analysis``. Made where the article is analysed (a worker
    process, :mod:`credence.scoring.article_batches`): it reads the extractor spans.
    """
    ai = article_index
    article = analysis.article
    outlet = article.outlet or article.id
    quantities, dates = measure_analysis(analysis)
    measures = quantities + dates
    any_unverifiable = any(_is_unverifiable(h) for h in analysis.hedges)
    hedges_within = SpansWithin(analysis.hedges)
    # Hand-built analyses (tests, apps) may give attributions without a cue span.
    framed = [a for a in analysis.attributions if getattr(a, "cue", None) is not None]
    cues_within = SpansWithin([a.cue for a in framed])
    attribution_of_cue = {id(a.cue): a for a in framed}
    measures_within = SpansWithin(measures)
    rows: list[ClaimRow] = []
    for claim in analysis.claims:
        paragraph = _paragraph_of(analysis, claim)
        canonical = _canonical_paragraph(analysis, paragraph)
        origin = claim_origin(analysis, claim.start, claim.end)
        hedges = hedges_within(claim.start, claim.end)
        own_unverifiable = any(_is_unverifiable(h) for h in hedges)
        disclaimed = own_unverifiable or (any_unverifiable and origin.kind != OUTLET_KIND)
        asserted = ""
        if origin.kind != OUTLET_KIND:
            attributions = [
                attribution_of_cue[id(cue)] for cue in cues_within(claim.start, claim.end)
            ]
            asserted = asserted_text(claim, attributions, hedges)
            asserted = "" if asserted == claim.text else asserted
        rows.append(
            ClaimRow(
                claim=claim,
                analysis=analysis,
                article_index=ai,
                sentence_key=(ai, claim.sentence),
                paragraph=paragraph,
                canonical_paragraph=canonical,
                duplicate=canonical != paragraph,
                copy_keys=(),
                origin=origin,
                outlet=outlet,
                measures=measures_within(claim.start, claim.end),
                hedges=hedges,
                disclaimed=disclaimed,
                anonymous=origin.kind == "anonymous",
                asserted=asserted,
            )
        )
    return rows


def paragraph_heads(
    paragraphs: Sequence[Sequence[Any]], priors: ScoringPriors, signed: SignedTexts | None = None
) -> list[int]:
    """The near-duplicate group of every paragraph of a set, articles in order.

    ``paragraphs`` holds each article's paragraphs; the result, one head a paragraph in that
    order, is :func:`~credence.scoring.independence.near_duplicate_groups` of their texts
    (syndication, copied paragraphs, repeats). ``signed`` gives their shingles and MinHash
    signatures when already made (by the workers: :func:`sign_texts`).
    """
    if signed is None:
        signed = sign_texts([p.text for ps in paragraphs for p in ps])
    return near_duplicate_groups((), threshold=priors.near_duplicate_threshold, signed=signed)


def join_rows(
    per_article: Iterable[Sequence[ClaimRow]],
    paragraph_indices: Sequence[Sequence[int]],
    heads: Sequence[int],
    row_analysis: Callable[[Any], Any] | None = None,
) -> list[ClaimRow]:
    """The rows of :func:`article_rows`, article after article, completed with the set.

    A claim whose paragraph repeats, near-verbatim, an earlier paragraph of its article is a
    duplicate of it; a paragraph found in other articles gives its claims a copy key. Then
    one person is one origin across articles ("Cole Cosgrove" here, "Cosgrove" there).

    Parameters
    ----------
    per_article : iterable of sequences of ClaimRow
        Each article's rows, in article order (``article_index`` numbering them so).
    paragraph_indices : sequence of sequences of int
        Each article's paragraph indices, in order.
    heads : sequence of int
        :func:`paragraph_heads` of those paragraphs.
    row_analysis : callable, optional
        The analysis each row keeps, given the one it was made from (default: that one).
    """
    paragraph_ids = [(ai, pi) for ai, indices in enumerate(paragraph_indices) for pi in indices]
    group_articles: dict[int, set[int]] = defaultdict(set)
    for (ai, _), head in zip(paragraph_ids, heads, strict=True):
        group_articles[head].add(ai)
    head_of = dict(zip(paragraph_ids, heads, strict=True))
    first_in_article: dict[tuple[int, int], int] = {}
    for (ai, pi), head in zip(paragraph_ids, heads, strict=True):
        first_in_article.setdefault((ai, head), pi)

    rows: list[ClaimRow] = []
    for article in per_article:
        for row in article:
            ai, paragraph, canonical = row.article_index, row.paragraph, row.canonical_paragraph
            head = head_of.get((ai, paragraph))
            near_dup_first = (
                first_in_article.get((ai, head), paragraph) if head is not None else paragraph
            )
            duplicate = canonical != paragraph or near_dup_first != paragraph
            if duplicate and canonical == paragraph:
                canonical = near_dup_first
            row.duplicate = duplicate
            row.canonical_paragraph = canonical
            if head is not None and len(group_articles[head]) > 1:
                row.copy_keys = (("paragraph", head),)
            if row_analysis is not None:
                row.analysis = row_analysis(row.analysis)
            rows.append(row)
    # One person is one origin across articles ("Cole Cosgrove" here, "Cosgrove" there).
    for row, origin in zip(rows, same_person_origins([r.origin for r in rows]), strict=True):
        row.origin = origin
    return rows


def build_rows(
    analyses: Sequence[Any], priors: ScoringPriors, row_analysis: Callable[[Any], Any] | None = None
) -> list[ClaimRow]:
    """One row per claim of ``analyses`` (:func:`article_rows` of each, :func:`join_rows`).

    ``analyses`` is read twice, an analysis at a time (a store's are unpickled as read).
    """
    paragraphs = [a.paragraphs for a in analyses]
    heads = paragraph_heads(paragraphs, priors)
    indices = [[p.index for p in ps] for ps in paragraphs]
    del paragraphs
    per_article = (article_rows(a, ai) for ai, a in enumerate(analyses))
    return join_rows(per_article, indices, heads, row_analysis)


def same_duplicate_group(a: ClaimRow, b: ClaimRow) -> bool:
    return (
        a.article_index == b.article_index
        and a.canonical_paragraph == b.canonical_paragraph
        and a.paragraph != b.paragraph
    )


def fold_copies(
    rows: Sequence[ClaimRow], priors: ScoringPriors
) -> tuple[list[ClaimRow], dict[int, list[ClaimCopy]]]:
    """Drop the claims of repeated paragraphs that repeat a claim of the original paragraph.

    Returns the rows to score and, by index into them, the copies of each kept claim. A
    copy is the claim of the original paragraph with the same text (whitespace aside), else
    the most similar one near the same position at or above ``near_duplicate_threshold``; a
    claim of a repeated paragraph that repeats none (text the repeat added) stays a claim of
    its own, still marked ``duplicate`` so that it adds no support. Scoring a copy apart gave
    one claim two scores (its evidence blocked differently) and counted it twice in every
    statistic.
    """
    kept: list[ClaimRow] = []
    copies: dict[int, list[ClaimCopy]] = defaultdict(list)
    # Per original paragraph: its claims in order, and their texts for an exact lookup.
    originals: dict[tuple[int, int], list[int]] = defaultdict(list)
    by_text: dict[tuple[int, int], dict[str, int]] = defaultdict(dict)
    position: dict[tuple[int, int], int] = defaultdict(int)
    for row in rows:
        text = " ".join(row.claim.text.split())
        if not row.duplicate:
            key = (row.article_index, row.paragraph)
            by_text[key].setdefault(text, len(kept))
            originals[key].append(len(kept))
            kept.append(row)
            continue
        key = (row.article_index, row.canonical_paragraph)
        ordinal = position[(row.article_index, row.paragraph)]
        position[(row.article_index, row.paragraph)] += 1
        original = by_text[key].get(text) if key in by_text else None
        if original is None:
            original = _similar_original(row, kept, originals.get(key, []), ordinal, priors)
        if original is None:
            kept.append(row)
        else:
            copies[original].append(ClaimCopy(row.claim.id, row.claim.start, row.claim.end))
    return kept, copies


def _similar_original(
    row: ClaimRow,
    kept: Sequence[ClaimRow],
    candidates: Sequence[int],
    ordinal: int,
    priors: ScoringPriors,
    window: int = 3,
) -> int | None:
    """The kept claim a near-verbatim copy repeats, looked for near its own position.

    Only the ``window`` claims either side of the copy's position in its paragraph are
    compared, so that a long paragraph repeated many times costs linear time.
    """
    own = shingles(row.claim.text)
    best, found = priors.near_duplicate_threshold, None
    for k in candidates[max(0, ordinal - window) : ordinal + window + 1]:
        similarity = jaccard(own, shingles(kept[k].claim.text))
        if similarity > best or (found is None and similarity == best):
            best, found = similarity, k
    return found


@dataclass(frozen=True, slots=True)
class _QueryClaim:
    """The claim a person typed: the whole (stripped) text, in no article of the set."""

    id: str
    article_id: str
    sentence: int
    start: int
    end: int
    text: str


def query_row(claim_text: str, extractors: Extractors | None = None) -> ClaimRow:
    """The row of a claim typed by a person, read by the engine as a one-sentence article.

    Its hedges, numbers and dates come from the same extractors (and user lexicons) that
    analysed the articles, through :func:`credence.scoring.engine.analyze`; its origin is
    the person asking (:data:`QUERY_ORIGIN`).
    """
    from credence.document import Article
    from credence.scoring.engine import analyze

    text = claim_text.strip()
    analysis = analyze(Article(id=QUERY_ORIGIN, text=text), extractors=extractors)
    quantities, dates = measure_analysis(analysis)
    return ClaimRow(
        claim=_QueryClaim("query", QUERY_ORIGIN, 0, 0, len(text), text),
        analysis=None,
        article_index=-1,
        sentence_key=(-1, 0),
        paragraph=-1,
        canonical_paragraph=-1,
        duplicate=False,
        copy_keys=(),
        origin=Origin(QUERY_ORIGIN, "query"),
        outlet=QUERY_ORIGIN,
        measures=tuple(quantities + dates),
        hedges=tuple(analysis.hedges),
        disclaimed=False,
        anonymous=False,
    )
