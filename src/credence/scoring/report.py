"""The results of scoring a set of articles, and their stable JSON/CSV shapes."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from credence import __version__
from credence.errors import InputError
from credence.scoring.analysis import ArticleAnalysis

__all__ = ["Report", "extraction_dict", "CSV_COLUMNS"]

#: Columns of ``--format csv`` (one row a claim; list fields joined with " | ").
CSV_COLUMNS = (
    "id",
    "article_id",
    "start",
    "end",
    "text",
    "corroboration",
    "uncertainty",
    "independent_origins",
    "origins",
    "chain",
    "conflicts",
    "hedges",
)


def extraction_dict(analysis: ArticleAnalysis) -> dict[str, Any]:
    """The ``credence extract`` schema of one article (documented in the README)."""
    claim_ids_by_chain = []
    for chain in analysis.chains:
        ids = [c.id for c in analysis.claims if chain.covers(c.start, c.end)]
        claim_ids_by_chain.append(chain.with_claims(ids).to_dict())
    return {
        "id": analysis.article.id,
        "hedges": [h.to_dict() for h in analysis.hedges],
        "attributions": [a.to_dict() for a in analysis.attributions],
        "chains": claim_ids_by_chain,
        "quantities": [q.to_dict() for q in analysis.quantities],
        "dates": [d.to_dict() for d in analysis.dates],
        "limits": [limit.to_dict() for limit in analysis.limits],
    }


def _article_summary(analysis: ArticleAnalysis) -> dict[str, Any]:
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
        "claims": len(analysis.claims),
        "duplicate_paragraphs": duplicates,
        "limits": [limit.to_dict() for limit in analysis.limits],
    }


@dataclass(frozen=True)
class Report:
    """Everything ``Scorer.score`` found: per-claim scores, stories, sources, articles.

    ``claims`` holds one dict a claim in the documented schema (see the README);
    ``analyses`` keeps the full per-article spans for callers that want them.
    """

    analyses: tuple[ArticleAnalysis, ...]
    claims: tuple[Any, ...]
    sources: tuple[Any, ...] = ()
    stories: tuple[Any, ...] = ()
    errors: tuple[InputError, ...] = field(default=())
    models: dict[str, Any] = field(default_factory=dict)

    def claim_dicts(self) -> list[dict[str, Any]]:
        return [c.to_dict() for c in self.claims]

    def to_dict(self) -> dict[str, Any]:
        return {
            "credence_version": __version__,
            "models": self.models,
            "articles": [_article_summary(a) for a in self.analyses],
            "stories": [s.to_dict() for s in self.stories],
            "claims": self.claim_dicts(),
            "sources": [s.to_dict() for s in self.sources],
            "errors": [str(e) for e in self.errors],
        }

    def to_json(self, indent: int | None = 2) -> str:
        """The report as JSON (stable schema, documented in the README)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def to_jsonl(self) -> str:
        """One claim a line."""
        return "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in self.claim_dicts())

    def to_csv(self) -> str:
        """One claim a row, the columns of :data:`CSV_COLUMNS`."""
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for c in self.claim_dicts():
            writer.writerow(
                {
                    **{k: c.get(k) for k in CSV_COLUMNS},
                    "origins": " | ".join(c.get("origins", [])),
                    "chain": " → ".join(c.get("chain", [])),
                    "conflicts": " | ".join(
                        f"{x['kind']}: {x['values']}" for x in c.get("conflicts", [])
                    ),
                    "hedges": " | ".join(f"{h['text']} ({h['category']})" for h in c["hedges"]),
                }
            )
        return buf.getvalue()


def claims_by_story(report: Report) -> list[tuple[Any, Sequence[Any]]]:
    """Pairs ``(story or None, claims)`` in story order; unlinked claims come last."""
    by_id = {c.id: c for c in report.claims}
    seen: set[str] = set()
    groups: list[tuple[Any, Sequence[Any]]] = []
    for story in report.stories:
        members = [by_id[i] for i in story.claim_ids if i in by_id]
        seen.update(c.id for c in members)
        groups.append((story, members))
    rest = [c for c in report.claims if c.id not in seen]
    if rest:
        groups.append((None, rest))
    return groups
