"""A report whose claims are made as they are written: ``credence score -f json|jsonl``.

:meth:`credence.Scorer.score` keeps every scored claim (with its evidence and explanation)
in its :class:`~credence.scoring.report.Report`; at 10,000 articles they are the largest
thing a run holds. A :class:`StreamedReport` (:meth:`credence.Scorer.score_stream`) holds
the cross-article stage instead (:class:`~credence.scoring.corroboration.ScoringStage`:
claim rows, evidence columns, score arrays) and makes each claim when the writer reaches
it (:func:`credence.scoring.report_json.json_chunks`); the sources table, which comes
after the claims in the JSON, is tallied as they go. The text is the report's, byte for
byte.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from credence.scoring.claim_batches import claim_texts
from credence.scoring.corroboration import ScoringStage
from credence.scoring.report import Report
from credence.scoring.report_json import Later
from credence.scoring.results import ScoredClaim
from credence.scoring.sources import SourceScore

__all__ = ["StreamedReport"]


@dataclass
class StreamedReport:
    """A :class:`~credence.scoring.report.Report` whose claims are made once, as read.

    Attributes
    ----------
    head : Report
        Everything but the claims and the sources (``claims`` and ``sources`` empty).
    stage : ScoringStage
        The cross-article stage that makes the claims (once).
    """

    head: Report
    stage: ScoringStage
    #: Worker processes that make the claims' text (:func:`claim_texts`): those the report
    #: was scored with, as it is written after the caller's ``using_workers`` block ends.
    workers: int | None = None

    @property
    def claims(self) -> Iterator[ScoredClaim]:
        """The scored claims, made one at a time, in input order (once)."""
        return self.stage.scored_claims()

    def claim_texts(self, render: Callable[[dict[str, Any]], str]) -> Iterator[str]:
        """``render(claim.to_dict())`` of each claim, in input order (once), made by the
        worker processes (:func:`credence.scoring.claim_batches.claim_texts`).
        """
        return claim_texts(self.stage, render, workers=self.workers)

    def document(self, claims: Any) -> dict[str, Any]:
        """:meth:`Report.document <credence.scoring.report.Report.document>` of the whole
        report, the sources made when the writer reaches them (after the claims).
        """
        # One scored claim per claim row: the articles' claim counts come before the claims.
        per_article = Counter(row.claim.article_id for row in self.stage.rows)
        document = self.head.document(claims, per_article)
        document["sources"] = Later(lambda: [s.to_dict() for s in self.stage.sources()])
        return document

    def sources(self) -> tuple[SourceScore, ...]:
        """The sources table; the claims are made for it (and dropped) if they were not."""
        if self.stage.tally is None:
            for _ in self.claims:
                pass
        return self.stage.sources()

    def collect(self) -> Report:
        """The whole :class:`~credence.scoring.report.Report`, every claim kept."""
        claims = tuple(self.claims)
        return Report(
            analyses=self.head.analyses,
            claims=claims,
            sources=self.stage.sources(),
            stories=self.head.stories,
            errors=self.head.errors,
            models=self.head.models,
            warnings=self.head.warnings,
            blocking=self.head.blocking,
        )
