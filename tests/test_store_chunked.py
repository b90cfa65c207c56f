"""``credence score --store -f jsonl`` on the chunked stage (credence.scoring.store_chunked)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from credence.cli import app
from credence.ingest import read_articles
from credence.scoring.store import ClaimStore
from credence.scoring.store_chunked import ChunkedRun

runner = CliRunner()


def _lines(scorer, articles, path, **options) -> list[dict]:
    with ClaimStore(path) as store:
        run = ChunkedRun.start(scorer, articles, store, **options)
        lines = [json.loads(line) for line in run.lines()]
        (recorded,) = store.conn.execute("SELECT count(*) FROM scores").fetchone()
    assert run.counts["claims_scored"] == recorded
    return lines


def test_chunked_run_three_batches_equal_one_run(scorer, example_articles, tmp_path):
    """Incremental equals batch on the chunked stage: three runs into one store, the last
    reporting every stored claim, give the lines of one run of all the articles.
    """
    whole = _lines(scorer, example_articles, tmp_path / "one.db")
    size = -(-len(example_articles) // 3)
    for lo in range(0, len(example_articles), size):
        last = lo + size >= len(example_articles)
        parts = _lines(
            scorer, example_articles[lo : lo + size], tmp_path / "three.db", report_all=last
        )
    assert len(whole) > 30 and len(parts) == len(whole)
    assert (
        max(abs(a["corroboration"] - b["corroboration"]) for a, b in zip(parts, whole, strict=True))
        < 1e-9
    )
    assert parts == whole


def test_cli_store_jsonl_is_the_in_memory_jsonl(seeds_dir, tmp_path):
    """``credence score --store -f jsonl`` runs the chunked stage; on the seeds (one chunk)
    its output is ``credence score -f jsonl``'s without a store, byte for byte, attribute
    slips across the seeds' articles included.
    """
    plain = runner.invoke(app, ["score", str(seeds_dir), "-f", "jsonl"])
    stored = runner.invoke(
        app, ["score", str(seeds_dir), "-f", "jsonl", "--store", str(tmp_path / "s.db")]
    )
    assert plain.exit_code == 0 and stored.exit_code == 0, stored.output
    assert stored.stdout == plain.stdout and len(plain.stdout.splitlines()) > 20
    assert '"kind": "attribute"' in stored.stdout
    assert "Blocking:" in stored.stderr


def test_cli_store_jsonl_second_run_computes_no_reading(tmp_path):
    folder = str(Path(__file__).resolve().parents[1] / "examples")
    store = str(tmp_path / "c.db")
    runner.invoke(app, ["score", folder, "-f", "jsonl", "--store", store])
    again = runner.invoke(app, ["score", folder, "-f", "jsonl", "--store", store])
    assert again.exit_code == 0, again.output
    assert ", 0 changed," in again.stderr and " 0 new model readings" in again.stderr


def test_cli_store_jsonl_says_when_a_cap_applies(tmp_path):
    """The chunked run holds no analyses for its report: the limits of the reported
    articles are read from the store while it is open and said on stderr, as without it.
    """
    path = tmp_path / "long.txt"
    path.write_text("word " * 1200 + "end.", encoding="utf-8")
    plain = runner.invoke(app, ["score", str(path), "-f", "jsonl"])
    stored = runner.invoke(
        app, ["score", str(path), "-f", "jsonl", "--store", str(tmp_path / "l.db")]
    )
    assert stored.exit_code == 0, stored.output
    limited = [line for line in plain.stderr.splitlines() if line.startswith("Limited:")]
    assert limited and limited == [
        line for line in stored.stderr.splitlines() if line.startswith("Limited:")
    ]


def test_chunked_run_reads_a_story_over_the_cap_in_pieces(scorer, seeds_dir, tmp_path):
    """A story of more articles than ``story_cap`` is read ``story_cap`` articles at a time
    for its attribute slips (never more analyses at once), and its lines say so; at a cap
    above every story the lines are the default run's.
    """
    seed_articles = list(read_articles([str(seeds_dir)]).articles)
    with ClaimStore(tmp_path / "cap.db") as store:
        run = ChunkedRun.start(scorer, seed_articles, store, story_cap=1)
        capped = [json.loads(line) for line in run.lines()]
        slips = run.blockwise.slips
        (largest,) = store.conn.execute(
            "SELECT max(n) FROM (SELECT count(*) AS n FROM blockwise_stories GROUP BY story)"
        ).fetchone()
    assert largest > 1 and slips is not None and slips.split
    assert slips.most_read == 1
    marked = [line for line in capped if "slips_capped" in line]
    assert marked and all(
        line["slips_capped"]["story_articles"] > 1 and line["slips_capped"]["read_articles"] == 1
        for line in marked
    )
    whole = _lines(scorer, seed_articles, tmp_path / "whole.db")
    wide = _lines(scorer, seed_articles, tmp_path / "wide.db", story_cap=largest)
    assert wide == whole and not any("slips_capped" in line for line in whole)
    # Outside the marked lines nothing moves: the cap changes the slips of its stories only.
    unmarked = {line["id"]: line for line in capped if "slips_capped" not in line}
    assert all(line == unmarked[line["id"]] for line in whole if line["id"] in unmarked)


def test_cli_says_which_stories_were_read_in_pieces(seeds_dir, tmp_path):
    stored = runner.invoke(
        app,
        ["score", str(seeds_dir), "-f", "jsonl", "--store", str(tmp_path / "s.db")]
        + ["--story-cap", "1"],
    )
    assert stored.exit_code == 0, stored.output
    assert '"slips_capped"' in stored.stdout
    assert "Attribute slips: 1 story of more than 1 articles read in pieces of 1" in stored.stderr


def test_cli_story_cap_without_the_chunked_stage_is_one_error_line(seeds_dir, tmp_path):
    """``--story-cap`` bounds the chunked stage only: elsewhere it is refused, not ignored."""
    for extra in ([], ["--store", str(tmp_path / "s.db"), "-f", "json"]):
        result = runner.invoke(app, ["score", str(seeds_dir), "--story-cap", "5", *extra])
        assert result.exit_code == 1
        assert result.stderr.strip() == (
            "Error: --story-cap applies to the chunked stage: give it with --store and -f jsonl"
        )
