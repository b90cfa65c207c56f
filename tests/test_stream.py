"""Streaming output: ``--format jsonl`` with a store writes a line at a time, to stdout or to a
file that appears whole (a temporary file renamed at the end).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from credence.cli import app
from credence.cli_store import write_lines
from credence.errors import OutputError

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = str(ROOT / "examples")
runner = CliRunner()


def test_stream_jsonl_with_a_store_is_the_jsonl_without(tmp_path):
    plain = runner.invoke(app, ["score", EXAMPLES, "-f", "jsonl"])
    out = tmp_path / "claims.jsonl"
    stored = runner.invoke(
        app, ["score", EXAMPLES, "-f", "jsonl", "--store", str(tmp_path / "c.db"), "-o", str(out)]
    )
    assert stored.exit_code == 0, stored.stderr
    assert out.read_text(encoding="utf-8") == plain.stdout
    assert not list(tmp_path.glob(".claims.jsonl.*.part"))


def test_stream_write_lines_leaves_the_old_file_when_a_line_fails(tmp_path):
    out = tmp_path / "rows.jsonl"
    out.write_text("old\n", encoding="utf-8")

    def lines():
        yield "first\n"
        raise OutputError(str(out), "the producer failed")

    with pytest.raises(OutputError):
        write_lines(lines(), out)
    assert out.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["rows.jsonl"]


def test_stream_write_lines_counts_and_writes_every_line(tmp_path):
    out = tmp_path / "rows.jsonl"
    assert write_lines((f"{k}\n" for k in range(1000)), out) == 1000
    assert out.read_text(encoding="utf-8").splitlines()[-1] == "999"
