"""``credence score --store -f jsonl`` on the chunked stage (credence.scoring.store_chunked)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from credence.cli import app
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
