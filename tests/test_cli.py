"""CLI behaviour: version, help, one-line input errors; output files, lexicons and model options
(these last with the bundled models)."""

import json
from pathlib import Path

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


EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
PORT = str(EXAMPLES / "port-closure")


@pytest.mark.parametrize("command", ["score", "sources"])
def test_cli_table_output_file_is_written_atomically(tmp_path, command):
    out = _write(tmp_path, "table.txt", "earlier")
    result = runner.invoke(app, [command, PORT, "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    text = out.read_text(encoding="utf-8")
    assert "Sources" in text and "reliability" in text and "Black Sea Daily" in text
    assert "\x1b[" not in text, "no colour codes in a file"


def test_cli_check_json_output_file(tmp_path):
    out = tmp_path / "check.json"
    claim = "The port of Varna was closed after a chemical spill."
    result = runner.invoke(app, ["check", claim, PORT, "-f", "json", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert json.loads(out.read_text())["text"] == claim


@pytest.mark.parametrize("command", ["check", "sources"])
def test_cli_check_and_sources_take_the_user_hedge_lexicon(tmp_path, command):
    lexicon = _write(tmp_path, "hedges.tsv", "closure\tepistemic\tinvented for a test\n")
    claim = ["The closure of the port of Varna followed a chemical spill."]
    args = [command, *(claim if command == "check" else []), PORT, "-f", "json"]
    plain = runner.invoke(app, args)
    with_lexicon = runner.invoke(app, [*args, "--hedge-lexicon", str(lexicon)])
    assert plain.exit_code == 0 and with_lexicon.exit_code == 0, with_lexicon.stderr
    if command == "check":
        assert "closure" not in [h["text"] for h in json.loads(plain.stdout)["hedges"]]
        assert "closure" in [h["text"] for h in json.loads(with_lexicon.stdout)["hedges"]]
    else:
        rate = {s["name"]: s["hedging_rate"] for s in json.loads(plain.stdout)}
        more = {s["name"]: s["hedging_rate"] for s in json.loads(with_lexicon.stdout)}
        assert any(more[name] > rate[name] for name in rate)


def _model_copy(tmp_path, kind, created):
    import shutil

    from credence.models.persistence import default_model_dir

    target = tmp_path / f"my-{kind}"
    shutil.copytree(default_model_dir(kind), target)
    meta = json.loads((target / "meta.json").read_text())
    meta["created"] = created
    (target / "meta.json").write_text(json.dumps(meta))
    return target


def test_cli_model_takes_what_train_writes(tmp_path):
    stance = _model_copy(tmp_path, "stance", "2002-02-02T00:00:00+00:00")
    unc = _model_copy(tmp_path, "uncertainty", "2003-03-03T00:00:00+00:00")
    result = runner.invoke(app, ["score", PORT, "--model", str(stance), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    models = json.loads(result.stdout)["models"]
    assert models["stance"]["created"] == "2002-02-02T00:00:00+00:00"
    assert models["uncertainty"]["created"] != "2003-03-03T00:00:00+00:00"
    args = ["score", PORT, "--stance-model", str(stance), "--uncertainty-model", str(unc)]
    result = runner.invoke(app, [*args, "-f", "json"])
    assert result.exit_code == 0, result.stderr
    models = json.loads(result.stdout)["models"]
    assert models["stance"]["created"].startswith("2002")
    assert models["uncertainty"]["created"].startswith("2003")


def test_cli_model_errors_say_which_directory_lacks_what(tmp_path):
    from credence.models.persistence import default_model_dir

    empty = tmp_path / "empty"
    empty.mkdir()
    result = runner.invoke(app, ["score", PORT, "--model", str(empty)])
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"Error: {empty}: not a model directory (no meta.json) nor a model set (no stance/, "
        "uncertainty/, claims/, attribution/, agreement/, lean/ inside)"
    )
    wrong = default_model_dir("uncertainty")
    result = runner.invoke(app, ["check", "A claim.", PORT, "--stance-model", str(wrong)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {wrong}: an 'uncertainty' model was given where a 'stance' model is needed.\n"
    )


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize(
    "args",
    [
        ["extract", "{article}"],
        ["score", "{article}", "--format", "json"],
        ["score", "{article}"],
        ["train", "uncertainty", "--help"],
    ],
)
def test_cli_stdout_that_cannot_be_written_is_one_error_line(tmp_path, args):
    import subprocess
    import sys

    article = _write(tmp_path, "a.txt", "The ministry said 40 people were hurt on Monday.\n")
    argv = [a.replace("{article}", str(article)) for a in args]
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "credence.cli", *argv],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=300,
        )
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "Error: stdout: cannot write the output (no space left on device)"
    ]


@pytest.mark.parametrize("option", ["--stance-model", "--uncertainty-model", "--claim-model"])
def test_cli_per_kind_model_option_says_missing_or_file(tmp_path, option):
    article = _write(tmp_path, "a.txt", "The ministry said 40 people were hurt on Monday.\n")
    missing = tmp_path / "no-such-model"
    result = runner.invoke(app, ["score", str(article), option, str(missing)])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {missing}: no such model directory.\n"
    result = runner.invoke(app, ["score", str(article), option, str(article)])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {article}: is a file, not a model directory.\n"


@pytest.mark.parametrize("command", ["score", "extract", "sources", "check"])
def test_cli_article_command_examples_use_the_bundled_examples(command):
    # A fresh clone has examples/ but not ../shared: the help's example must run there.
    result = runner.invoke(app, [command, "--help"], terminal_width=200)
    assert result.exit_code == 0
    examples = result.stdout.split("Example")[1]
    assert "../shared" not in examples and "examples/" in examples


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["score", ""], "'paths'"),
        (["score", "{a}", "-o", ""], "'--output' / '-o'"),
        (["score", "{a}", "--model", ""], "'--model'"),
        (["sources", "{a}", "--hedge-lexicon", ""], "'--hedge-lexicon'"),
        (["check", "Troops left.", ""], "'paths'"),
        (["train", "uncertainty", ""], "'data'"),
        (["train", "uncertainty", "{a}", "--out", ""], "'--out'"),
        (["train", "stance", "--bodies", "", "--stances", "{a}"], "'--bodies'"),
        (["evaluate", "uncertainty", "{a}", "--plot", ""], "'--plot'"),
    ],
)
def test_cli_empty_path_is_refused_not_read_as_the_current_directory(tmp_path, args, option):
    # Path("") is "."; an empty value scanned the working directory, wrote to it, or (--plot)
    # was silently ignored.
    article = _write(tmp_path, "a.txt", "The ministry said 40 people were hurt on Monday.\n")
    result = runner.invoke(app, [a.replace("{a}", str(article)) for a in args])
    assert result.exit_code == 2, result.output
    assert f"Invalid value for {option}: empty" in " ".join(result.stderr.split())


def test_read_articles_refuses_an_empty_path():
    from credence import InputError
    from credence.ingest import read_articles

    with pytest.raises(InputError, match=r"^'': empty path; give a file, a directory or -$"):
        read_articles([""])


def test_cli_stdin_given_twice_says_so():
    article = "The ministry said 40 people were hurt on Monday.\n"
    result = runner.invoke(app, ["extract", "-", "-"], input=article)
    assert result.exit_code == 1
    assert result.stderr == "Error: -: standard input given twice; it can be read once\n"


def test_cli_sources_json_keeps_accented_names_readable(tmp_path):
    # As every other JSON output does: "Le Télégramme", not "Le T\u00e9l\u00e9gramme".
    article = _write(
        tmp_path, "a.txt", "outlet: Le Télégramme\n\nThe ministry said 40 people were hurt.\n"
    )
    result = runner.invoke(app, ["sources", str(article), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    assert '"name": "Le Télégramme"' in result.stdout
    assert "Le Télégramme" in [s["name"] for s in json.loads(result.stdout)]


def test_cli_failed_stdout_without_a_descriptor_is_still_one_line(monkeypatch, tmp_path):
    # Under CliRunner (or an app embedding the CLI) sys.stdout has no file descriptor.
    article = _write(tmp_path, "a.txt", "The ministry said 40 people were hurt on Monday.\n")

    import io
    import types

    class FullStdout(io.StringIO):
        def write(self, text):
            raise OSError(28, "No space left on device")

    monkeypatch.setattr("credence.cli.sys", types.SimpleNamespace(stdout=FullStdout()))
    result = runner.invoke(app, ["extract", str(article)])
    assert result.exit_code == 1
    assert result.stderr == "Error: stdout: cannot write the output (no space left on device)\n"


def _many_articles(tmp_path):
    # Twelve articles of our own on two stories: enough for chunks on two workers and for
    # claim pairs the stance model compares.
    folder = tmp_path / "many"
    folder.mkdir()
    for k in range(12):
        story = (
            f"Officials said on Monday that at least {100 + k} people were evacuated from "
            "the flooded valley. The agency reportedly sent rescue teams."
            if k % 2
            else f"The central bank may raise interest rates by {k % 3 + 1} points in March, "
            "according to two people familiar with the plan."
        )
        (folder / f"a{k:02d}.txt").write_text(story + "\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("command", ["score", "extract"])
def test_cli_workers_give_the_same_output_as_one_process(tmp_path, command):
    folder = _many_articles(tmp_path)
    fmt = ["--format", "json"] if command == "score" else []
    one = runner.invoke(app, [command, str(folder), *fmt, "--workers", "1"])
    two = runner.invoke(app, [command, str(folder), *fmt, "--workers", "2"])
    assert one.exit_code == 0, one.output
    assert two.exit_code == 0, two.output
    assert two.stdout == one.stdout
    assert json.loads(one.stdout)


@pytest.mark.parametrize("value", ["0", "-2", "many"])
def test_cli_workers_must_be_a_positive_number(tmp_path, value):
    path = _write(tmp_path, "a.txt", "Officials said 40 people were evacuated.\n")
    result = runner.invoke(app, ["extract", str(path), "--workers", value])
    assert result.exit_code == 2
    assert "--workers" in result.output


def test_cli_extract_runs_only_the_extractors_named(tmp_path):
    path = _write(tmp_path, "a.txt", "Officials said 40 people may have been evacuated.\n")
    result = runner.invoke(app, ["extract", str(path), "--extractors", "hedges, quantities"])
    assert result.exit_code == 0, result.output
    (doc,) = json.loads(result.stdout)
    assert "hedges" in doc and "quantities" in doc
    assert "attributions" not in doc and "dates" not in doc


@pytest.mark.parametrize(
    ("value", "expected"),
    [("hedges,nope", "unknown extractor 'nope'"), ("hedges,", "empty extractor name")],
)
def test_cli_extract_unknown_extractor_is_a_usage_error(tmp_path, value, expected):
    path = _write(tmp_path, "a.txt", "Officials said 40 people were evacuated.\n")
    result = runner.invoke(app, ["extract", str(path), "--extractors", value])
    assert result.exit_code == 2
    assert expected in result.output
