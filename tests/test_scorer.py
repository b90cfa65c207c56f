"""The public API end to end with the bundled models: Scorer, Report, thread safety, CLI."""

import csv
import io
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from typer.testing import CliRunner

from credence import Article, ModelError, Report, Scorer
from credence.cli import app
from credence.models.persistence import MODEL_FILE, default_model_dir

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
CLAIM_KEYS = {
    "id", "article_id", "start", "end", "text", "corroboration", "uncertainty",
    "independent_origins", "origins", "support", "contradictions", "conflicts", "hedges",
    "chain", "explanation",
}  # fmt: skip

ARTICLES = [
    Article(
        id="wire",
        outlet="Example Wire",
        published="2025-03-10",
        text=(
            "Officials said at least 300 people were evacuated from the flooded district on "
            "Monday. The exact number of damaged homes is unknown."
        ),
    ),
    Article(
        id="daily",
        outlet="Example Daily",
        published="2025-03-11",
        text=(
            "About 300 residents were evacuated from the flooded district on Monday, the "
            "regional governor told reporters. Rescue teams reportedly searched the area."
        ),
    ),
]


@pytest.fixture(scope="module")
def scorer():
    return Scorer.load()


@pytest.fixture(scope="module")
def report(scorer):
    return scorer.score(ARTICLES)


def test_scorer_report_claims_follow_the_schema(report):
    assert isinstance(report, Report)
    assert report.claims
    for claim in report.claim_dicts():
        assert set(claim) == CLAIM_KEYS
        assert 0.0 <= claim["corroboration"] <= 1.0
        assert 0.0 <= claim["uncertainty"] <= 1.0
        article = next(a for a in ARTICLES if a.id == claim["article_id"])
        assert article.text[claim["start"] : claim["end"]] == claim["text"]
        assert claim["explanation"], "every score comes with its contributions"


def test_scorer_report_json_round_trips(report):
    data = json.loads(report.to_json())
    assert {"articles", "claims", "sources", "stories", "models"} <= set(data)
    assert [c["id"] for c in data["claims"]] == [c.id for c in report.claims]
    assert len(report.to_jsonl().splitlines()) == len(report.claims)
    rows = list(csv.DictReader(io.StringIO(report.to_csv())))
    assert len(rows) == len(report.claims)


def test_scorer_hedged_claim_is_more_uncertain(report):
    by_text = {c.text: c for c in report.claims}
    unknown = next(c for t, c in by_text.items() if "unknown" in t)
    plain = next(c for t, c in by_text.items() if t.startswith("About 300"))
    assert unknown.uncertainty > plain.uncertainty


def test_scorer_is_safe_to_share_between_threads(scorer):
    expected = scorer.score(ARTICLES).to_json()
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: scorer.score(ARTICLES).to_json(), range(8)))
    assert all(r == expected for r in results)


def test_scorer_check_scores_a_typed_claim(scorer):
    scored = scorer.check("About 300 people were evacuated from the flooded district.", ARTICLES)
    d = scored.to_dict()
    assert set(d) == CLAIM_KEYS
    assert d["support"], "both articles report the evacuation"
    assert d["independent_origins"] >= 1


def test_scorer_load_refuses_a_tampered_model(tmp_path):
    import shutil

    base = default_model_dir("stance").parent
    copy = tmp_path / "models"
    shutil.copytree(base, copy)
    with open(copy / "stance" / MODEL_FILE, "r+b") as fh:
        fh.seek(100)
        fh.write(b"\x00\x01\x02")
    with pytest.raises(ModelError, match="sha256 does not match"):
        Scorer.load(copy)


runner = CliRunner()


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "table"])
def test_scorer_cli_score_formats(fmt):
    result = runner.invoke(app, ["score", str(EXAMPLES), "--format", fmt])
    assert result.exit_code == 0, result.stderr
    if fmt == "json":
        data = json.loads(result.stdout)
        assert len(data["articles"]) == len(list(EXAMPLES.rglob("*.txt")))
        assert data["sources"]
    elif fmt == "table":
        assert "corr." in result.stdout and "Sources" in result.stdout


def test_scorer_cli_output_file_is_written(tmp_path):
    out = tmp_path / "report.json"
    result = runner.invoke(
        app, ["score", str(EXAMPLES / "port-closure"), "-f", "json", "-o", str(out)]
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert json.loads(out.read_text())["claims"]


def test_scorer_cli_check_and_sources():
    result = runner.invoke(
        app, ["check", "The port of Varna was closed after a chemical spill.",
              str(EXAMPLES / "port-closure"), "-f", "json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["support"]
    result = runner.invoke(app, ["sources", str(EXAMPLES), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    names = {s["name"] for s in json.loads(result.stdout)}
    assert {"Black Sea Daily", "Health Wire"} <= names


def test_scorer_cli_extract_seeds_schema(seeds_dir):
    result = runner.invoke(app, ["extract", str(seeds_dir), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    docs = json.loads(result.stdout)
    assert len(docs) == 2
    for doc in docs:
        assert set(doc) == {
            "id", "hedges", "attributions", "chains", "quantities", "dates", "limits"
        }  # fmt: skip
        assert {"start", "end", "text", "category", "negated"} <= set(doc["hedges"][0])
    chains = [c for d in docs for c in d["chains"]]
    assert any(
        [link["canonical"] for link in c["links"]][:2] == ["The Washington Post", "JoongAng Ilbo"]
        and c["origin"]["canonical"] == "National Intelligence Service (South Korea)"
        for c in chains
    )
