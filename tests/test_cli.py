"""CLI behaviour that needs no trained model: version, help, and the one-line input errors."""

import json

import pytest
from typer.testing import CliRunner

from credence import __version__
from credence.cli import app

runner = CliRunner()


def test_cli_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"credence {__version__}"


@pytest.mark.parametrize("command", ["score", "extract", "sources", "check", "train", "evaluate"])
def test_cli_every_command_has_help_with_an_example(command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.stdout


def _write(tmp_path, name, content):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("empty.txt", "", "empty file"),
        ("nul.txt", b"ab\x00cd", "line 1: binary file: NUL byte at byte offset 2"),
        ("latin.txt", "caf\xe9 news".encode("latin-1"), "not valid UTF-8"),
        ("bad.json", '{"text": ', "invalid JSON"),
        ("bad.jsonl", '{"text": "ok"}\n{oops}\n', "line 2: invalid JSON Lines"),
        ("notext.jsonl", '{"text": "ok"}\n{"title": "no body"}\n', "line 2"),
    ],
)
def test_cli_bad_input_is_one_error_line_naming_the_file(tmp_path, name, content, expected):
    path = _write(tmp_path, name, content)
    result = runner.invoke(app, ["score", str(path)])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"Error: {path}")
    assert expected in lines[0]
    assert "Traceback" not in result.output


def test_cli_missing_path_exact_line(tmp_path):
    missing = tmp_path / "nope.txt"
    result = runner.invoke(app, ["extract", str(missing)])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {missing}: no such file or directory\n"


def test_cli_size_limit_is_configurable(tmp_path):
    path = _write(tmp_path, "big.txt", "Troops arrived in the region on Monday. " * 40_000)
    result = runner.invoke(app, ["extract", str(path), "--max-mb", "1"])
    assert result.exit_code == 1
    assert "exceeds the 1 MB limit" in result.stderr


def test_cli_empty_directory(tmp_path):
    (tmp_path / "d").mkdir()
    result = runner.invoke(app, ["extract", str(tmp_path / "d")])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {tmp_path / 'd'}")


def test_cli_skip_errors_reports_and_goes_on(tmp_path):
    _write(tmp_path, "good.txt", "Officials said 300 people were evacuated on Monday.")
    _write(tmp_path, "bad.json", "{")
    result = runner.invoke(app, ["extract", str(tmp_path), "--skip-errors"])
    assert result.exit_code == 0, result.stderr
    assert "bad.json" in result.stderr
    docs = json.loads(result.stdout)
    assert [d["id"] for d in docs] == ["good"]


def test_cli_failed_run_keeps_earlier_output(tmp_path):
    out = _write(tmp_path, "out.json", "earlier")
    result = runner.invoke(app, ["extract", str(tmp_path / "missing.txt"), "-o", str(out)])
    assert result.exit_code == 1
    assert out.read_text() == "earlier"


def test_cli_train_bad_row_names_the_line(tmp_path):
    data = _write(
        tmp_path,
        "pairs.jsonl",
        '{"claim": "a", "evidence": "b", "label": "agree"}\n'
        '{"claim": "a", "evidence": "b", "label": "maybe"}\n',
    )
    result = runner.invoke(app, ["train", "stance", str(data), "--out", str(tmp_path / "m")])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {data}, line 2: unknown label 'maybe'")
    assert not (tmp_path / "m").exists()


def test_cli_evaluate_tampered_model_is_one_line(tmp_path):
    from sklearn.dummy import DummyClassifier

    from credence.models.persistence import MODEL_FILE, save_model

    model_dir = save_model(DummyClassifier().fit([[0]], [0]), tmp_path / "m", kind="stance")
    (model_dir / MODEL_FILE).write_bytes(b"not a pickle")
    data = _write(tmp_path, "p.jsonl", '{"claim": "a", "evidence": "b", "label": "agree"}\n')
    result = runner.invoke(app, ["evaluate", "stance", str(data), "--model", str(model_dir)])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ")
    assert "tampered with or truncated" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


_FRENCH = (
    "Le gouvernement a annoncé lundi que les troupes resteront dans la région jusqu'à la fin "
    "de l'année. Selon un communiqué publié par le ministère, environ mille soldats "
    "supplémentaires seront envoyés le mois prochain, mais aucune date n'a été confirmée."
)


def test_cli_non_english_article_is_warned_on_stderr_and_in_the_json_report(tmp_path):
    french = _write(tmp_path, "fr.txt", _FRENCH)
    _write(tmp_path, "en.txt", "Officials said 300 people were evacuated on Monday.")
    result = runner.invoke(app, ["score", str(tmp_path), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    expected = f"article 'fr' ({french}) does not look like English"
    assert result.stderr.startswith(f"Warning: {expected}")
    assert len(result.stderr.splitlines()) == 1
    warnings = json.loads(result.stdout)["warnings"]
    assert len(warnings) == 1 and warnings[0].startswith(expected)
    assert "credence reads English only" in warnings[0]


def test_cli_extract_warns_about_a_non_english_article(tmp_path):
    french = _write(tmp_path, "fr.txt", _FRENCH)
    result = runner.invoke(app, ["extract", str(french)])
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith(f"Warning: article 'fr' ({french}) does not look like English")


def test_cli_skipped_file_name_with_brackets_is_shown_as_is(tmp_path):
    _write(tmp_path, "good.txt", "Officials said 300 people were evacuated on Monday.")
    _write(tmp_path, "[draft] bad.json", "{")
    result = runner.invoke(app, ["extract", str(tmp_path), "--skip-errors"])
    assert result.exit_code == 0, result.stderr
    assert f"Skipped: {tmp_path / '[draft] bad.json'}, line 1: invalid JSON" in result.stderr
