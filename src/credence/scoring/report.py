"""The results of scoring a set of articles, and their stable JSON/CSV shapes."""

from __future__ import annotations

import bisect
import csv
import io
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from credence import __version__
from credence.errors import InputError
from credence.indented_json import dumps_indented
from credence.scoring.analysis import ArticleAnalysis

if TYPE_CHECKING:  # the scoring types pull in numpy and scipy; ``extract`` needs none of them
    from credence.scoring.corroboration import ScoredClaim, Story
    from credence.scoring.sources import SourceScore

__all__ = ["Report", "extraction_dict", "claims_by_story", "CSV_COLUMNS"]

#: Columns of ``--format csv``, one row a claim (its copies are not rows: see ``copies``).
#: ``origins``, ``hedges`` and ``copies`` are lists of plain strings joined with " | "
#: (hedges as "text (category)", copies as claim ids); ``chain`` is joined with " → ";
#: ``conflicts`` is a JSON array of ``{"kind", "with", "values"}`` objects, as in the JSON.
CSV_COLUMNS = (
    "id",
    "article_id",
    "start",
    "end",
    "text",
    "corroboration",
    "uncertainty",
    "nonfactual",
    "independent_origins",
    "origins",
    "chain",
    "conflicts",
    "hedges",
    "copies",
)


def extraction_dict(analysis: ArticleAnalysis) -> dict[str, Any]:
    """The ``credence extract`` schema of one article (documented in the README)."""
    from credence.features.base import get_extractor

    out: dict[str, Any] = {"id": analysis.article.id}
    for name, spans in analysis.spans.items():
        if name == "chains":  # a chain names the claims it covers and those traced to it
            out[get_extractor(name).key()] = [
                _with_claim_ids(chain, ids)
                for chain, ids in zip(spans, _claims_of_chains(spans, analysis.claims), strict=True)
            ]
            continue
        out[get_extractor(name).key()] = [span.to_dict() for span in spans]
    out["limits"] = [limit.to_dict() for limit in analysis.limits]
    return out


def _with_claim_ids(chain: Any, ids: list[str]) -> dict[str, Any]:
    # ``chain.with_claims(ids).to_dict()`` without building the copy (dataclasses.replace
    # was a third of the report's time): the key keeps its place in the dict.
    out: dict[str, Any] = chain.to_dict()
    if "claim_ids" not in out:
        return chain.with_claims(ids).to_dict()  # type: ignore[no-any-return]
    out["claim_ids"] = list(ids)
    return out


def _claims_of_chains(chains: Sequence[Any], claims: Sequence[Any]) -> list[list[str]]:
    """The ids of the claims each chain covers or that are traced to it, chain by chain.

    Only the chains near a claim can cover it or be the one it is traced to (both need the
    chain to reach the claim, :func:`~credence.features.chains.traced_chain`), so each claim
    is compared with those alone, found by bisection on the chains' starts, and handed to
    ``traced_chain`` in their original order: the same answer as over every chain, without
    the cost of claims times chains on long articles.
    """
    from credence.features.chains import traced_chain

    if not chains:
        return []
    by_start = sorted(range(len(chains)), key=lambda i: chains[i].start)
    starts = [chains[i].start for i in by_start]
    ends = [chains[i].end for i in by_start]
    longest = max(0, *(chain.end - chain.start for chain in chains))
    claim_ids: list[list[str]] = [[] for _ in chains]
    for claim in claims:
        start, end = claim.start, claim.end
        # A chain reaching the claim ends at or after its start, so it starts at most
        # ``longest`` before it; one opening the claim starts at most 2 after its end.
        first = bisect.bisect_left(starts, start - longest)
        last = bisect.bisect_right(starts, end + 2, first)
        near = [by_start[k] for k in range(first, last) if ends[k] >= start]
        if not near:
            continue  # no chain covers the claim, and traced_chain of none is None
        near.sort()
        near_chains = [chains[i] for i in near]
        traced = traced_chain(near_chains, start, end)
        for i, chain in zip(near, near_chains, strict=True):
            if traced is chain or chain.covers(start, end):
                claim_ids[i].append(claim.id)
    return claim_ids


def _article_summary(analysis: ArticleAnalysis, claims: int) -> dict[str, Any]:
    # ``claims`` is the number of scored claims: a claim and its copies count once.
    article = analysis.article
    duplicates = [
        {"paragraph": p.index, "duplicate_of": p.duplicate_of, "start": p.start, "end": p.end}
        for p in analysis.paragraphs
        if p.duplicate_of is not None
    ]
    return {
        "id": article.id,
        "title": article.title,
        "outlet": article.outlet,
        "url": article.url,
        "published": article.published.isoformat() if article.published else None,
        "source": article.source,
        "paragraphs": len(analysis.paragraphs),
        "sentences": len(analysis.sentences),
        "claims": claims,
        "duplicate_paragraphs": duplicates,
        "limits": [limit.to_dict() for limit in analysis.limits],
    }


@dataclass(frozen=True)
class Report:
    """Everything ``Scorer.score`` found: per-claim scores, stories, sources, articles.

    Attributes
    ----------
    analyses : tuple of ArticleAnalysis
        The full per-article spans (segmentation, hedges, attributions, chains, claims),
        for callers that want them; ``analyses[i].claims`` still holds every copy.
    claims : tuple of ScoredClaim
        One scored claim a claim, in input order; a claim repeated in a repeated paragraph is
        one claim, whose repeats are listed in :attr:`ScoredClaim.copies`.
    sources : tuple of SourceScore
        The outlets and cited origins, most claims first.
    stories : tuple of Story
        Articles connected by linked claims, largest first.
    errors : tuple of InputError
        Inputs skipped with ``--skip-errors``.
    models : dict
        ``{kind: {created, model_sha256, credence_version}}`` of the models used.

    Examples
    --------
    >>> from credence import Article, Scorer
    >>> report = Scorer.load().score([Article(id="a", text="Floods killed 12 people on Monday.")])
    >>> [c.id for c in report.claims]
    ['a:c0']
    >>> report.to_csv().splitlines()[0].split(",")[:3]
    ['id', 'article_id', 'start']
    """

    analyses: tuple[ArticleAnalysis, ...]
    claims: tuple[ScoredClaim, ...]
    sources: tuple[SourceScore, ...] = ()
    stories: tuple[Story, ...] = ()
    errors: tuple[InputError, ...] = field(default=())
    models: dict[str, Any] = field(default_factory=dict)
    #: One line per article that does not look like English (see credence.language).
    warnings: tuple[str, ...] = ()
    #: What candidate blocking kept and capped (``BlockingStats.to_dict``), when scored.
    blocking: dict[str, Any] | None = None

    def claim_dicts(self) -> list[dict[str, Any]]:
        """The claims in the documented JSON schema (see the README), one dict a claim."""
        return [c.to_dict() for c in self.claims]

    def to_dict(self) -> dict[str, Any]:
        """The whole report as plain JSON-ready data (``--format json``)."""
        return self.document(self.claim_dicts())

    def document(self, claims: Any, per_article: Any = None) -> dict[str, Any]:
        """:meth:`to_dict` with ``claims`` in place of the claim dicts (a writer that
        streams them, :mod:`credence.scoring.report_json`, passes a placeholder) and, when
        given, ``per_article`` (article id -> scored claims) in place of their count.
        """
        if per_article is None:
            per_article = Counter(c.article_id for c in self.claims)
        return {
            "credence_version": __version__,
            "models": self.models,
            "articles": [_article_summary(a, per_article[a.article.id]) for a in self.analyses],
            "stories": [s.to_dict() for s in self.stories],
            "claims": claims,
            "sources": [s.to_dict() for s in self.sources],
            "errors": [str(e) for e in self.errors],
            "warnings": list(self.warnings),
            "blocking": self.blocking,
        }

    def to_json(self, indent: int | None = 2) -> str:
        """The report as JSON (stable schema, documented in the README)."""
        if indent is None:
            return json.dumps(self.to_dict(), ensure_ascii=False)
        return dumps_indented(self.to_dict(), indent=indent)

    def to_jsonl(self) -> str:
        """One claim a line."""
        return "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in self.claim_dicts())

    def to_csv(self) -> str:
        """One claim a row, the columns of :data:`CSV_COLUMNS` (no Python reprs in any cell)."""
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for c in self.claim_dicts():
            writer.writerow(
                {
                    **{k: c.get(k) for k in CSV_COLUMNS},
                    "origins": " | ".join(c["origins"]),
                    "chain": " → ".join(c["chain"]),
                    "conflicts": json.dumps(c["conflicts"], ensure_ascii=False),
                    "hedges": " | ".join(f"{h['text']} ({h['category']})" for h in c["hedges"]),
                    "copies": " | ".join(x["id"] for x in c["copies"]),
                }
            )
        return buf.getvalue()


def claims_by_story(report: Report) -> list[tuple[Story | None, list[ScoredClaim]]]:
    """Pairs ``(story or None, claims)`` in story order; unlinked claims come last."""
    by_id = {c.id: c for c in report.claims}
    seen: set[str] = set()
    groups: list[tuple[Story | None, list[ScoredClaim]]] = []
    for story in report.stories:
        members = [by_id[i] for i in story.claim_ids if i in by_id]
        seen.update(c.id for c in members)
        groups.append((story, members))
    rest = [c for c in report.claims if c.id not in seen]
    if rest:
        groups.append((None, rest))
    return groups
