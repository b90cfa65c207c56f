"""The in-memory ``credence score`` sheds what it no longer reads: the extractor spans once
the claim rows are built, and the output is written a claim at a time. Same scores, same text.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from credence.cli import app
from credence.ingest import read_articles
from credence.scoring.corroboration import corroborate
from credence.scoring.evidence import pair_reader
from credence.scoring.report import Report
from credence.scoring.report_json import json_chunks, jsonl_lines

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = str(ROOT / "examples")
runner = CliRunner()


@pytest.fixture(scope="module")
def articles():
    return read_articles([EXAMPLES]).articles


@pytest.fixture(scope="module")
def reports(scorer, articles):
    """The examples scored with their spans kept and with them dropped."""
    return scorer.score(articles), scorer.score(articles, keep_spans=False)


def _claim_dicts(result):
    return [c.to_dict() for c in result.claims]


def test_stream_memory_shed_spans_hands_over_the_list(scorer, articles):
    analyses = scorer.analyze(articles)
    assert any(a.spans for a in analyses)
    models = {
        "stance_model": pair_reader(scorer.stance_model, scorer.agreement_model),
        "uncertainty_model": scorer.uncertainty_model,
    }
    kept = corroborate(list(analyses), **models)
    handed = list(analyses)
    shed = corroborate(handed, shed_spans=True, hand_over=True, **models)
    # The caller's list now holds the analyses without spans, nothing else changed.
    assert [a.spans for a in handed] == [{}] * len(analyses)
    assert [a.article.id for a in handed] == [a.article.id for a in analyses]
    assert [a.claims for a in handed] == [a.claims for a in analyses]
    assert _claim_dicts(shed) == _claim_dicts(kept)
    assert [s.to_dict() for s in shed.sources] == [s.to_dict() for s in kept.sources]
    assert [s.to_dict() for s in shed.stories] == [s.to_dict() for s in kept.stories]


def test_stream_memory_keep_spans_false_changes_no_output(reports):
    kept, shed = reports
    assert any(a.spans for a in kept.analyses)
    assert not any(a.spans for a in shed.analyses)
    assert shed.to_json() == kept.to_json()
    assert shed.to_jsonl() == kept.to_jsonl()
    assert shed.to_csv() == kept.to_csv()


@pytest.mark.parametrize("indent", [2, 4])
def test_stream_memory_json_chunks_are_to_json(reports, indent):
    report = reports[1]
    chunks = list(json_chunks(report, indent=indent))
    assert "".join(chunks) == report.to_json(indent=indent) + "\n"
    # One piece per claim at least: no piece is the whole claim array.
    assert len(chunks) > len(report.claims) > 1
    assert max(map(len, chunks)) < len(report.to_json()) / 4


def test_stream_memory_json_chunks_of_an_empty_report():
    report = Report(analyses=(), claims=(), sources=(), stories=(), errors=(), warnings=())
    text = "".join(json_chunks(report))
    assert text == report.to_json() + "\n"
    assert json.loads(text)["claims"] == []


def test_stream_memory_jsonl_lines_are_to_jsonl(reports):
    report = reports[1]
    lines = list(jsonl_lines(report))
    assert "".join(lines) == report.to_jsonl()
    assert len(lines) == len(report.claims)


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv"])
def test_stream_memory_cli_writes_the_report_text(reports, tmp_path, fmt):
    kept = reports[0]
    expected = {"json": kept.to_json() + "\n", "jsonl": kept.to_jsonl(), "csv": kept.to_csv()}[fmt]
    printed = runner.invoke(app, ["score", EXAMPLES, "-f", fmt])
    assert printed.exit_code == 0, printed.stderr
    assert printed.stdout == expected
    out = tmp_path / f"report.{fmt}"
    written = runner.invoke(app, ["score", EXAMPLES, "-f", fmt, "-o", str(out)])
    assert written.exit_code == 0, written.stderr
    assert out.read_text(encoding="utf-8") == expected
    assert not list(tmp_path.glob("*.part"))


def test_stream_memory_streamed_report_writes_the_whole_report(scorer, articles, reports):
    whole = reports[0]
    streamed = scorer.score_stream(articles)
    chunks = json_chunks(streamed)
    first = next(chunks)
    # No claim is made before the writer reaches the claims.
    assert streamed.stage.tally is None
    assert first + "".join(chunks) == whole.to_json() + "\n"
    assert streamed.sources() == whole.sources
    again = scorer.score_stream(articles)
    assert "".join(jsonl_lines(again)) == whole.to_jsonl()
    assert scorer.score_stream(articles).collect().to_json() == whole.to_json()


def test_stream_memory_streamed_sources_make_the_claims_once(scorer, articles, reports):
    streamed = scorer.score_stream(articles)
    assert streamed.sources() == reports[0].sources
    assert streamed.sources() == reports[0].sources  # the claims are not made again


def test_stream_memory_streamed_report_of_no_claims(scorer):
    from credence.document import Article

    empty = scorer.score_stream([Article(id="blank", text="Hello.")])
    text = "".join(json_chunks(empty))
    assert text == scorer.score([Article(id="blank", text="Hello.")]).to_json() + "\n"
    assert json.loads(text)["claims"] == []
