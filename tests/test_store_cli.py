"""``credence score --store`` and ``credence store stats|export|gc`` on the command line."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from credence.cli import app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = str(ROOT / "examples")
#: The bundled example articles, one a file.
N_EXAMPLES = len(list((ROOT / "examples").glob("*/*.txt")))
runner = CliRunner()


def test_store_cli_score_json_is_the_json_without_a_store(tmp_path):
    store = str(tmp_path / "claims.db")
    plain = runner.invoke(app, ["score", EXAMPLES, "-f", "json", "--workers", "1"])
    stored = runner.invoke(app, ["score", EXAMPLES, "-f", "json", "--store", store])
    assert plain.exit_code == 0, plain.stderr
    assert stored.exit_code == 0, stored.stderr
    assert stored.stdout == plain.stdout
    assert f"{N_EXAMPLES} of {N_EXAMPLES} articles analysed" in stored.stderr


def test_store_cli_second_run_analyses_nothing(tmp_path):
    store = str(tmp_path / "claims.db")
    first = runner.invoke(app, ["score", EXAMPLES, "-f", "json", "--store", store])
    again = runner.invoke(app, ["score", EXAMPLES, "-f", "json", "--store", store])
    assert again.exit_code == 0, again.stderr
    assert f"0 of {N_EXAMPLES} articles analysed" in again.stderr
    assert "0 new model readings" in again.stderr
    assert again.stdout == first.stdout


def test_store_cli_reports_given_articles_or_all_stored(tmp_path):
    store = str(tmp_path / "claims.db")
    runner.invoke(app, ["score", EXAMPLES, "-f", "json", "--store", store])
    one = str(ROOT / "examples" / "flood-relief" / "river-post.txt")
    given = runner.invoke(app, ["score", one, "-f", "json", "--store", store])
    everything = runner.invoke(app, ["score", one, "-f", "json", "--store", store, "--all-stored"])
    given_articles = [a["id"] for a in json.loads(given.stdout)["articles"]]
    all_articles = [a["id"] for a in json.loads(everything.stdout)["articles"]]
    assert given_articles == ["river-post"]
    assert len(all_articles) == N_EXAMPLES


def test_store_cli_stats_export_gc(tmp_path):
    store = str(tmp_path / "claims.db")
    runner.invoke(app, ["score", EXAMPLES, "--store", store, "-f", "json"])
    stats = runner.invoke(app, ["store", "stats", store, "--json"])
    assert stats.exit_code == 0, stats.stderr
    counts = json.loads(stats.stdout)["counts"]
    assert counts["articles"] == N_EXAMPLES and counts["claims"] > N_EXAMPLES
    out = tmp_path / "export.jsonl"
    export = runner.invoke(app, ["store", "export", store, "-o", str(out)])
    assert export.exit_code == 0, export.stderr
    assert len(out.read_text(encoding="utf-8").splitlines()) == N_EXAMPLES
    gc = runner.invoke(app, ["store", "gc", store, "--before", "2100-01-01"])
    assert gc.exit_code == 0, gc.stderr
    assert gc.stdout.startswith(f"{N_EXAMPLES} articles dropped")
    after = json.loads(runner.invoke(app, ["store", "stats", store, "--json"]).stdout)
    assert after["counts"]["articles"] == 0 and after["counts"]["postings"] == 0


def test_store_cli_stats_of_a_missing_store_is_one_error_line(tmp_path):
    missing = tmp_path / "none.db"
    result = runner.invoke(app, ["store", "stats", str(missing)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {missing}: no claim store there (create one with credence score --store)\n"
    )


def test_store_cli_gc_refuses_a_bad_date(tmp_path):
    result = runner.invoke(app, ["store", "gc", str(tmp_path / "c.db"), "--before", "last week"])
    assert result.exit_code == 2
    assert "is not a date like 2024-05-31" in result.stderr


def test_store_cli_score_into_a_file_that_is_not_a_store(tmp_path):
    bad = tmp_path / "notes.db"
    bad.write_text("some words, not a database " * 200, encoding="utf-8")
    result = runner.invoke(app, ["score", EXAMPLES, "--store", str(bad)])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert lines[-1].startswith(f"Error: {bad}: not a claim store")


def test_store_cli_store_path_that_is_a_directory_is_one_error_line(tmp_path):
    result = runner.invoke(app, ["score", EXAMPLES, "--store", str(tmp_path)])
    assert result.exit_code == 1
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith(f"Error: {tmp_path}: not a claim store")


def test_store_cli_refuses_a_scheduler_in_one_line(tmp_path):
    store = tmp_path / "claims.db"
    result = runner.invoke(
        app, ["score", EXAMPLES, "--store", str(store), "--scheduler", "local:1"]
    )
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "Error: --store scores in this process: give --store or --scheduler, not both"
    )
    assert not store.exists()


_TOWNS = ("Millbrook", "Ashford", "Carver", "Dunmore", "Elton")


def test_store_cli_jsonl_says_which_blocking_keys_were_capped(tmp_path):
    # 24 articles x 10 claims, all naming one council: "lakeview" is held by 240 claims,
    # more than the cap of 200, so it makes no candidates. A jsonl stream has no
    # ``blocking`` object: the run says so on stderr.
    corpus = tmp_path / "corpus.jsonl"
    with corpus.open("w", encoding="utf-8") as f:
        for a in range(24):
            lines = [
                f"The Lakeview council approved {a * 10 + k + 3} new homes in "
                f"{_TOWNS[k % 5]} on Tuesday, the mayor said."
                for k in range(10)
            ]
            text = "\n\n".join(lines)
            f.write(json.dumps({"id": f"lv{a}", "text": text, "outlet": f"outlet{a}"}) + "\n")
    store = str(tmp_path / "claims.db")
    done = runner.invoke(app, ["score", str(corpus), "-f", "jsonl", "--store", store])
    assert done.exit_code == 0, done.output
    assert len(done.stdout.splitlines()) == 240
    # The jsonl run is the chunked stage's: its blocking line (BlockwiseRun.blocking_line).
    line = next(x for x in done.stderr.splitlines() if x.startswith("Blocking:"))
    assert "; 7 words held by more than 200 claims were capped (compared through rarer " in line
    assert "lakeview (240 claims)" in line
    json_run = runner.invoke(
        app, ["score", str(corpus), "-f", "json", "--store", str(tmp_path / "other.db")]
    )
    line = next(x for x in json_run.stderr.splitlines() if x.startswith("Blocking:"))
    assert line.startswith("Blocking: 7 keys held by more than 200 claims were capped ")
    assert "lakeview (240 claims)" in line and line.endswith(", and 2 more")


def test_store_cli_capped_blocks_line_is_silent_when_nothing_was_capped():
    from credence.cli_store import capped_blocks_line

    assert capped_blocks_line(None) is None
    assert capped_blocks_line({"max_postings": 200, "blocks_capped": 0}) is None
