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
    "id", "article_id", "start", "end", "text", "corroboration", "uncertainty", "nonfactual",
    "independent_origins", "origins", "support", "contradictions", "conflicts", "hedges",
    "chain", "explanation", "copies", "strongest_support", "strongest_contradiction",
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


def test_scorer_csv_cells_hold_json_or_plain_text_never_python_reprs(scorer):
    from credence.ingest import read_articles
    from credence.scoring.report import CSV_COLUMNS

    articles = read_articles([str(EXAMPLES / "troop-surge")]).articles
    report = scorer.score(articles)
    rows = list(csv.DictReader(io.StringIO(report.to_csv())))
    assert rows and list(rows[0]) == list(CSV_COLUMNS)
    by_id = {c.id: c for c in report.claims}
    with_conflicts = 0
    for row in rows:
        for column, cell in row.items():
            assert "['" not in cell and "('" not in cell and "{'" not in cell, (column, cell)
        conflicts = json.loads(row["conflicts"])
        assert conflicts == [c.to_dict() for c in by_id[row["id"]].conflicts]
        with_conflicts += bool(conflicts)
    assert with_conflicts, "the troop-surge cluster has numeric conflicts"


def _custom_model(tmp_path, kind, created="2001-01-01T00:00:00+00:00"):
    """A copy of a bundled model with its own ``created`` stamp (meta.json is not hashed)."""
    import shutil

    target = tmp_path / f"my-{kind}"
    shutil.copytree(default_model_dir(kind), target)
    meta = json.loads((target / "meta.json").read_text())
    meta["created"] = created
    (target / "meta.json").write_text(json.dumps(meta))
    return target


def test_scorer_load_takes_a_single_model_directory_of_any_kind(tmp_path):
    from credence.models.persistence import read_meta

    for kind in ("stance", "uncertainty", "claims"):
        scorer = Scorer.load(_custom_model(tmp_path, kind))
        for other in ("stance", "uncertainty", "claims"):
            expected = (
                "2001-01-01T00:00:00+00:00"
                if other == kind
                else read_meta(default_model_dir(other))["created"]
            )
            assert scorer.model_info[other]["created"] == expected, (kind, other)


def test_scorer_load_explicit_models_and_partial_sets(tmp_path):
    stance = _custom_model(tmp_path, "stance", "2002-02-02T00:00:00+00:00")
    unc = _custom_model(tmp_path, "uncertainty", "2003-03-03T00:00:00+00:00")
    scorer = Scorer.load(stance, uncertainty_model=unc)
    assert scorer.model_info["stance"]["created"].startswith("2002")
    assert scorer.model_info["uncertainty"]["created"].startswith("2003")
    # A set holding only stance/: the other kinds are the defaults.
    (tmp_path / "set").mkdir()
    stance.rename(tmp_path / "set" / "stance")
    scorer = Scorer.load(tmp_path / "set", uncertainty_model=unc)
    assert scorer.model_info["stance"]["created"].startswith("2002")
    assert scorer.model_info["uncertainty"]["created"].startswith("2003")
    assert scorer.claim_model is not None


def test_scorer_load_errors_name_the_directory_and_what_it_lacks(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ModelError, match=r"empty: not a model directory \(no meta.json\) nor"):
        Scorer.load(empty)
    with pytest.raises(ModelError, match="no such model directory"):
        Scorer.load(tmp_path / "missing")
    with pytest.raises(ModelError, match="an 'uncertainty' model was given where a 'stance'"):
        Scorer.load(stance_model=default_model_dir("uncertainty"))


HEDGE_LEXICON = "zorbly\tepistemic\tan invented cue, to see the user lexicon at work\n"


def test_scorer_check_reads_the_claim_with_the_scorers_lexicons(tmp_path):
    lexicon = tmp_path / "hedges.tsv"
    lexicon.write_text(HEDGE_LEXICON, encoding="utf-8")
    scorer = Scorer.load(hedge_lexicon=lexicon)
    scored = scorer.check("About 300 people were zorbly evacuated from the district.", ARTICLES)
    assert "zorbly" in [h.text for h in scored.hedges]


def test_scorer_load_reads_claim_pairs_with_the_bundled_agreement_model(tmp_path):
    import shutil

    scorer = Scorer.load()
    assert scorer.agreement_model is not None
    assert scorer.agreement_model.directory == default_model_dir("agreement")
    assert not scorer.agreement_model.loaded  # unpickled only when two claims are compared
    assert "agreement" in scorer.model_info
    # A stance model of the user's own reads the pairs itself, as before.
    shutil.copytree(default_model_dir("stance"), tmp_path / "stance")
    own = Scorer.load(stance_model=tmp_path / "stance")
    assert own.agreement_model is None
    assert "agreement" not in own.model_info
