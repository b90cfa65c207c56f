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
    # A repeated paragraph's claim is listed once (evidence lines quote it as a passage).
    buffer = io.StringIO()
    Console(file=buffer, width=400).print(render_report(report))
    claim_lines = [
        line
        for line in buffer.getvalue().splitlines()
        if "at least 2,000 more soldiers have been sent" in line and "P(agree)" not in line
    ]
    assert len(claim_lines) == 2


def test_render_report_explain_lists_contributions(report):
    out = _text(render_report(report, explain=True))
    for factor in ("support:", "contradictions:", "origins:", "hedges:", "thin_evidence:"):
        assert factor in out


def test_render_sources_table_has_every_source(report):
    out = _text(render_sources(report.sources))
    for source in report.sources:
        assert source.to_dict()["name"][:20] in out


WIDTHS = (60, 80, 120)
SOURCE_HEADERS = (
    "source", "kind", "claims", "corroborated", "contradicted", "hedged", "anonymous",
    "conflicts", "dup. paras", "reliability",
)  # fmt: skip
CLAIM_HEADERS = ("claim", "corr.", "unc.")


def _recorded(renderable, width: int) -> str:
    console = Console(width=width, record=True, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


def _header_cells(out: str) -> set[str]:
    # Header rows of rich's default box are drawn with "┃".
    return {cell.strip() for line in out.splitlines() if "┃" in line for cell in line.split("┃")}


def _cell_words(out: str) -> set[str]:
    return {word for line in out.splitlines() for cell in line.split("│") for word in cell.split()}


@pytest.fixture(scope="module")
def seed_report(seeds_dir):
    return Scorer.load().score(read_articles([str(seeds_dir)]).articles)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("which", ["examples", "seeds"])
def test_render_sources_fits_narrow_terminals(width, which, request):
    report = request.getfixturevalue("report" if which == "examples" else "seed_report")
    out = _recorded(render_sources(report.sources), width)
    assert max(len(line) for line in out.splitlines()) <= width
    headers = _header_cells(out)
    assert {"source", "reliability"} <= headers
    caption = " ".join(out.split("Left out at this width:")[1:])
    for header in SOURCE_HEADERS:
        assert header in headers or header in caption, (header, out)
    words = _cell_words(out)
    for source in report.sources:
        for word in source.name.split():
            assert word in words, (word, out)
    assert "…" not in out


def test_render_sources_names_the_columns_it_leaves_out(seed_report):
    narrow = _recorded(render_sources(seed_report.sources), 60)
    assert "Left out at this width: kind" in narrow
    wide = _recorded(render_sources(seed_report.sources), 140)
    assert "Left out" not in wide
    assert set(SOURCE_HEADERS) <= _header_cells(wide)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("which", ["examples", "seeds"])
def test_render_claims_tables_fit_narrow_terminals(width, which, request):
    report = request.getfixturevalue("report" if which == "examples" else "seed_report")
    out = _recorded(render_report(report), width)
    claims_part = out.split("Repeated paragraphs")[0].split("Sources")[0]
    assert max(len(line) for line in out.splitlines()) <= width
    headers = _header_cells(claims_part)
    assert set(CLAIM_HEADERS) <= headers, headers
    assert headers - {""} <= {*CLAIM_HEADERS, "n.f.", "article", "independent origins", "origins"}
    words = _cell_words(claims_part)
    for claim in report.claims:
        assert claim.article_id in words
        for name in claim.origins:
            for word in name.split():
                assert word in words, (word, claims_part)


@pytest.mark.parametrize("width", WIDTHS)
def test_render_claim_fits_narrow_terminals_and_shows_conflicts_plainly(width):
    from credence.render import render_claim

    articles = read_articles([str(EXAMPLES / "troop-surge")]).articles
    scored = Scorer.load().check(
        "16,000 soldiers were deployed to the northern front last year.", articles
    )
    assert scored.support and scored.conflicts
    out = _recorded(render_claim(scored), width)
    assert max(len(line) for line in out.splitlines()) <= width
    assert {"passage", "stance", "p"} <= _header_cells(out)
    words = _cell_words(out)
    for e in scored.support:
        assert e.article_id in words, (e.article_id, out)
    for conflict in scored.conflicts:
        assert " vs ".join(conflict.values) in out
    assert "['" not in out


def test_render_claim_without_origins_says_zero_plainly():
    from credence.render import render_claim

    articles = read_articles([str(EXAMPLES / "port-closure")]).articles
    scored = Scorer.load().check("Penguins were seen dancing on the moon.", articles)
    assert scored.independent_origins == 0 and not scored.origins
    lines = _text(render_claim(scored)).splitlines()
    assert [line.rstrip() for line in lines if line.startswith("independent origins")] == [
        "independent origins  0"
    ]


def test_render_report_shows_the_strongest_evidence_under_each_claim(report):
    # Issue 14 item 6: the reader sees which claim supports (contradicts) a claim, from
    # which article and origin, with its agreement probability, and can check the passage.
    buffer = io.StringIO()
    Console(file=buffer, width=400).print(render_report(report))
    out = buffer.getvalue()
    shown = [c for c in report.claims if c.strongest_support is not None]
    assert shown
    for claim in shown:
        e = claim.strongest_support
        assert f"strongest support: {e.article_id} · {e.origin} · P(agree) {e.agreement:.2f}" in out
    contradicted = [c for c in report.claims if c.strongest_contradiction is not None]
    for claim in contradicted:
        e = claim.strongest_contradiction
        assert f"strongest contradiction: {e.article_id} · {e.origin}" in out


def test_render_report_explain_lists_the_evidence_of_support(report):
    buffer = io.StringIO()
    Console(file=buffer, width=400).print(render_report(report, explain=True))
    out = buffer.getvalue()
    claim = next(c for c in report.claims if c.support)
    for e in claim.support:
        assert f"{e.article_id} · {e.origin} · P(agree) {e.agreement:.2f}: " in out
