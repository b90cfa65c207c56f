"""The human tables: what a reader must see at once (conflicts, hedges, origins, repeats)."""

import io
from pathlib import Path

import pytest
from rich.console import Console

from credence import Scorer
from credence.ingest import read_articles
from credence.render import render_report, render_sources

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="module")
def report():
    return Scorer.load().score(read_articles([str(EXAMPLES / "troop-surge")]).articles)


def _text(renderable) -> str:
    buffer = io.StringIO()
    Console(file=buffer, width=160).print(renderable)
    return buffer.getvalue()


def test_render_report_shows_conflicts_hedges_and_repeats(report):
    out = _text(render_report(report))
    assert "numeric conflict: Some 15,000 vs 18,000" in out
    assert "hedged: at least (estimation)" in out
    assert "Repeated paragraphs" in out
    assert "frontline-report: paragraph 3 repeats paragraph 0" in out
    # A repeated paragraph's claim is listed once.
    assert out.count("at least 2,000 more soldiers have been sent") == 2


def test_render_report_explain_lists_contributions(report):
    out = _text(render_report(report, explain=True))
    for factor in ("support:", "contradictions:", "origins:", "hedges:", "thin_evidence:"):
        assert factor in out


def test_render_sources_table_has_every_source(report):
    out = _text(render_sources(report.sources))
    for source in report.sources:
        assert source.to_dict()["name"][:20] in out
