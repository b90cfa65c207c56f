"""Every file or value option of score/extract/sources/check, given bad input: one line.

Each case runs the real command and asserts exit code 1, exactly one ``Error: …`` line on
stderr naming the bad value, and no traceback. (A value of the wrong *type*, such as
``--max-mb abc`` or ``--format xml``, is a usage error that typer reports with exit code 2;
``train``/``evaluate`` data files are covered in their own tests.)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from credence.cli import app

runner = CliRunner()

_MAX_MB_MESSAGE = "--max-mb must be a positive, finite number of megabytes"
_ARTICLE = "Officials said 300 people were evacuated on Monday, police reported."


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    """Named bad inputs (and one good article) in a scratch directory."""
    root = tmp_path_factory.mktemp("bad-input")
    made = {
        "article": ("ok.txt", _ARTICLE),
        "binary": ("blob.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        "binary_tsv": ("blob.tsv", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01"),
        "bad_json": ("bad.json", '{"text": '),
        "alias_two_columns": ("aliases.tsv", "Daily Bugle\tDaily Bugle\n"),
        "alias_bad_kind": ("kinds.tsv", "Daily Bugle\tDaily Bugle\tnewspaper\n"),
        "hedge_one_column": ("hedges1.tsv", "supposedly\n"),
        "hedge_bad_category": ("hedges2.tsv", "cue\tcategory\tnote\nsupposedly\trumour\tx\n"),
    }
    paths = {}
    for key, (name, content) in made.items():
        path = root / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        paths[key] = path
    paths["missing"] = root / "missing.tsv"
    paths["directory"] = root / "folder"
    paths["directory"].mkdir()
    paths["loop"] = root / "loop.json"
    paths["loop"].symlink_to(paths["loop"].name)
    paths["no_parent"] = root / "no" / "such" / "out.json"
    return paths


# (command line with {placeholders} for the files above, text the one error line must hold)
CASES = [
    # PATHS of every command
    *[
        (cmd + ["{missing}"], "{missing}: no such file or directory")
        for cmd in (["score"], ["extract"], ["sources"], ["check", "troops arrived"])
    ],
    *[
        (cmd + ["{directory}"], "{directory}: no article files in this directory")
        for cmd in (["score"], ["extract"], ["sources"], ["check", "troops arrived"])
    ],
    *[
        (cmd + ["{binary}"], "{binary}, line 3: binary file: NUL byte")
        for cmd in (["score"], ["extract"], ["sources"], ["check", "troops arrived"])
    ],
    (["extract", "{bad_json}"], "{bad_json}, line 1: invalid JSON"),
    # CLAIM of check
    (["check", "  ", "{article}"], "the claim to check is empty"),
    # --max-mb of every command
    *[
        (cmd + ["{article}", "--max-mb", value], f"{_MAX_MB_MESSAGE}, got {shown}")
        for cmd in (["score"], ["extract"], ["sources"], ["check", "troops arrived"])
        for value, shown in (("0", "0"), ("-1", "-1"), ("nan", "nan"), ("inf", "inf"))
    ],
    # --output of score, extract, sources
    *[
        (cmd + ["{article}", "-o", f"{{{target}}}"], message)
        for cmd in (["score", "-f", "json"], ["extract"], ["sources", "-f", "json"])
        for target, message in (
            ("directory", "{directory}: is a directory, cannot write output there"),
            ("loop", "{loop}: symbolic link loop"),
            ("no_parent", "{no_parent}: directory"),
        )
    ],
    # --hedge-lexicon and --source-aliases of score and extract
    *[
        (cmd + ["{article}", "--hedge-lexicon", f"{{{bad}}}"], message)
        for cmd in (["score"], ["extract"])
        for bad, message in (
            ("missing", "{missing}: hedge lexicon not found"),
            ("directory", "{directory}: is a directory, expected a hedge lexicon"),
            ("binary_tsv", "{binary_tsv}, line 1: binary file: NUL byte at byte offset 4"),
            ("hedge_one_column", "{hedge_one_column}, line 1: expected 'cue<TAB>category"),
            ("hedge_bad_category", "{hedge_bad_category}, line 2: unknown category 'rumour'"),
        )
    ],
    *[
        (cmd + ["{article}", "--source-aliases", f"{{{bad}}}"], message)
        for cmd in (["score"], ["extract"])
        for bad, message in (
            ("missing", "{missing}: source alias table not found"),
            ("directory", "{directory}: is a directory, expected a source alias table"),
            ("binary_tsv", "{binary_tsv}, line 1: binary file: NUL byte at byte offset 4"),
            ("alias_two_columns", "{alias_two_columns}, line 1: expected 'alias<TAB>canonical"),
            ("alias_bad_kind", "{alias_bad_kind}, line 1: unknown kind 'newspaper'"),
        )
    ],
    # --model of score, sources, check
    *[
        (cmd + ["{article}", "--model", f"{{{bad}}}"], f"{{{bad}}}: {message}")
        for cmd in (["score"], ["sources"], ["check", "troops arrived"])
        for bad, message in (
            ("missing", "no such model directory"),
            ("directory", "not a model directory (no meta.json)"),
            ("article", "is a file, not a model directory"),
        )
    ],
]  # fmt: skip


def _case_id(case: tuple[list[str], str]) -> str:
    return " ".join(case[0]).replace("{", "").replace("}", "")


@pytest.mark.parametrize(("argv", "expected"), CASES, ids=[_case_id(c) for c in CASES])
def test_cli_bad_input_is_one_error_line(files, argv, expected):
    names = {key: str(path) for key, path in files.items()}
    result = runner.invoke(app, [arg.format(**names) for arg in argv])
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    assert expected.format(**names) in lines[0]


def test_cli_bad_output_fails_before_the_work(files, monkeypatch):
    def no_reading(*args, **kwargs):
        raise AssertionError("articles were read before the output path was checked")

    monkeypatch.setattr("credence.ingest.read_articles", no_reading)
    result = runner.invoke(app, ["extract", str(files["article"]), "-o", str(files["directory"])])
    assert result.exit_code == 1
    assert "is a directory" in result.stderr


def test_cli_output_through_a_symlink_keeps_the_link(tmp_path):
    article = tmp_path / "in" / "a.txt"
    article.parent.mkdir()
    article.write_text(_ARTICLE, encoding="utf-8")
    (tmp_path / "link.json").symlink_to("real.json")
    result = runner.invoke(app, ["extract", str(article), "-o", str(tmp_path / "link.json")])
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "link.json").is_symlink()
    assert json.loads((tmp_path / "real.json").read_text())[0]["id"] == "a"


def test_cli_directory_scan_skips_an_earlier_output_file(tmp_path):
    (tmp_path / "a.txt").write_text(_ARTICLE, encoding="utf-8")
    first = runner.invoke(app, ["extract", str(tmp_path), "-o", str(tmp_path / "extract.json")])
    assert first.exit_code == 0, first.stderr
    again = runner.invoke(app, ["extract", str(tmp_path), "-f", "jsonl"])
    assert again.exit_code == 0, again.stderr
    assert [json.loads(line)["id"] for line in again.stdout.splitlines()] == ["a"]
    assert again.stderr == (
        f"Note: {tmp_path / 'extract.json'}: looks like credence extract output, not articles; "
        "give the article files it was made from (skipped)\n"
    )


def test_cli_directory_scan_skips_the_file_stdout_is_redirected_to(tmp_path):
    # `credence extract . > extract.json`: the shell creates the (empty) file first.
    (tmp_path / "a.txt").write_text(_ARTICLE, encoding="utf-8")
    out = tmp_path / "extract.json"
    with out.open("w") as stdout:
        done = subprocess.run(
            [sys.executable, "-m", "credence.cli", "extract", "."],
            cwd=tmp_path,
            stdout=stdout,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "COLUMNS": "200"},
            timeout=120,
        )
    assert done.returncode == 0, done.stderr
    assert [d["id"] for d in json.loads(out.read_text())] == ["a"]
    assert done.stderr == "Note: ./extract.json: skipped, it is the output being written\n"


def test_cli_directory_scan_skips_earlier_sources_check_and_metrics_tables(tmp_path):
    # Every table credence prints, saved beside the articles, is skipped on the next scan
    # (not read as an article and warned about as non-English).
    (tmp_path / "a.txt").write_text(_ARTICLE, encoding="utf-8")
    for args in (
        ["sources", str(tmp_path), "-o", str(tmp_path / "sources.txt")],
        ["check", "The ministry said troops left", str(tmp_path), "-o", str(tmp_path / "c.txt")],
    ):
        made = runner.invoke(app, args)
        assert made.exit_code == 0, made.stderr
    (tmp_path / "metrics.txt").write_text(
        "uncertainty model: evaluate      \n┌─────────┬────────┐\n│ model   │ my-unc │\n",
        encoding="utf-8",
    )
    again = runner.invoke(app, ["extract", str(tmp_path), "-f", "jsonl"])
    assert again.exit_code == 0, again.stderr
    assert [json.loads(line)["id"] for line in again.stdout.splitlines()] == ["a"]
    assert again.stderr.splitlines() == [
        f"Note: {tmp_path / name}: looks like a credence {kind} table, not articles; "
        "give the article files it was made from (skipped)"
        for name, kind in (
            ("c.txt", "check"),
            ("metrics.txt", "train/evaluate"),
            ("sources.txt", "sources"),
        )
    ]


def test_cli_directory_scan_names_a_broken_link_and_skips_a_fifo(tmp_path):
    import os

    (tmp_path / "a.txt").write_text(_ARTICLE, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.txt")  # reading it would wait for a writer for ever
    result = runner.invoke(app, ["extract", str(tmp_path), "-f", "jsonl"])
    assert result.exit_code == 0, result.stderr
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["a"]
    assert result.stderr == f"Note: {tmp_path / 'pipe.txt'}: skipped, it is a FIFO, not a file\n"
    (tmp_path / "pipe.txt").unlink()
    (tmp_path / "b.txt").symlink_to("gone.txt")
    for named in (tmp_path, tmp_path / "b.txt"):
        result = runner.invoke(app, ["extract", str(named)])
        assert result.exit_code == 1
        assert result.stderr == (
            f"Error: {tmp_path / 'b.txt'}: broken symbolic link (to gone.txt, which does not "
            "exist)\n"
        )
