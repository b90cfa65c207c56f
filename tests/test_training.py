"""`credence train` / `credence evaluate` round trips on tiny JSONL files written here.

Every text below is our own; nothing comes from ../shared/data.
"""

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from credence.cli import app
from credence.models.persistence import META_FILE, TRAINING_TEXTS_FILE

runner = CliRunner()

TOPICS = [
    ("port", "The port of Varna closed after a chemical spill",
     "Officials confirmed the port of Varna closed after the chemical spill on Monday."),
    ("vaccine", "The agency recalled 40,000 flu vaccine doses",
     "The medicines agency recalled 40,000 doses of flu vaccine on Tuesday."),
    ("troops", "More soldiers were sent to the northern front",
     "At least 2,000 more soldiers reached the northern front this month."),
    ("flood", "Floods forced 300 people from their homes",
     "About 300 residents left their homes as the river flooded the district."),
    ("election", "The mayor won a second term",
     "The mayor was re-elected with 54% of the vote on Sunday."),
    ("bridge", "A bridge collapsed in the storm",
     "The old bridge collapsed during the storm, police said."),
]  # fmt: skip


def _stance_rows():
    rows = []
    for i, (topic, claim, evidence) in enumerate(TOPICS):
        lower = claim[0].lower() + claim[1:]
        rows += [
            {"claim": claim, "evidence": evidence, "label": "agree", "evidence_id": topic},
            {"claim": f"It is false that {lower}", "evidence": evidence, "label": "disagree",
             "evidence_id": topic},
            {"claim": f"Reports say {lower}", "evidence": f"Some claim that {evidence}",
             "label": "discuss", "evidence_id": f"{topic}-d"},
            {"claim": TOPICS[(i + 1) % len(TOPICS)][1], "evidence": evidence,
             "label": "unrelated", "evidence_id": topic},
        ]  # fmt: skip
    return rows


def _write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def _sentence_rows():
    certain = [f"The council approved budget number {i} on Monday." for i in range(12)]
    uncertain = [
        f"The council may approve budget number {i}, officials suggested." for i in range(12)
    ]
    rows = [{"text": t, "label": "certain", "doc_id": f"d{i % 4}"} for i, t in enumerate(certain)]
    rows += [
        {"text": t, "label": "uncertain", "doc_id": f"d{i % 4}"} for i, t in enumerate(uncertain)
    ]
    return rows


REPORT_KEYS = {
    "schema_version", "command", "kind", "model_dir", "data", "grouping", "cv", "metrics",
    "baseline", "overlap", "seconds",
}  # fmt: skip
METRIC_KEYS = {"n", "accuracy", "macro_f1", "per_class", "confusion", "brier", "ece", "fnc"}


@pytest.fixture(scope="module")
def stance_model(tmp_path_factory):
    """A stance model trained once on the tiny pairs, with its train report."""
    tmp = tmp_path_factory.mktemp("stance")
    data = _write_jsonl(tmp / "pairs.jsonl", _stance_rows())
    model = tmp / "model"
    result = runner.invoke(app, ["train", "stance", str(data), "--out", str(model), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    return data, model, json.loads(result.stdout)


@pytest.fixture(scope="module")
def uncertainty_model(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("unc")
    data = _write_jsonl(tmp / "sents.jsonl", _sentence_rows())
    model = tmp / "unc"
    result = runner.invoke(
        app, ["train", "uncertainty", str(data), "--out", str(model), "-f", "json"]
    )
    assert result.exit_code == 0, result.stderr
    return data, model, json.loads(result.stdout)


def test_training_stance_cli_round_trip(stance_model):
    data, model, trained = stance_model
    assert set(trained) == REPORT_KEYS and set(trained["metrics"]) == METRIC_KEYS
    assert trained["command"] == "train" and trained["kind"] == "stance"
    assert trained["data"]["rows"] == len(_stance_rows())
    assert trained["cv"]["folds"] == 3 and len(trained["cv"]["per_fold"]) == 3
    assert sum(f["n"] for f in trained["cv"]["per_fold"]) == trained["metrics"]["n"] == 24
    assert {p.name for p in model.iterdir()} == {"model.joblib", META_FILE, TRAINING_TEXTS_FILE}
    result = runner.invoke(
        app, ["evaluate", "stance", str(data), "--model", str(model), "--format", "json"]
    )
    assert result.exit_code == 0, result.stderr
    metrics = json.loads(result.stdout)
    assert set(metrics) == REPORT_KEYS and set(metrics["metrics"]) == METRIC_KEYS
    assert metrics["metrics"]["n"] == len(_stance_rows())
    assert set(metrics["metrics"]["fnc"]) == {"score", "max", "relative"}
    # Evaluated on its own training data, the model must beat chance (0.25) clearly.
    assert metrics["metrics"]["accuracy"] > 0.5


def test_training_stance_folds_are_grouped_by_topic(stance_model):
    _, _, trained = stance_model
    # Six stories; each story's claims (agree, disagree, and the next story's unrelated
    # pair) hang on its evidence, and its 'discuss' pair has its own claim and evidence.
    assert trained["grouping"]["by"] == "topic"
    assert trained["grouping"]["groups"] == 12


def test_training_uncertainty_cli_round_trip(uncertainty_model, stance_model):
    data, model, trained = uncertainty_model
    assert set(trained) == REPORT_KEYS and set(trained["metrics"]) == METRIC_KEYS
    assert trained["grouping"] == {
        "by": "document", "description": "sentences of one document (doc_id)", "groups": 4
    }  # fmt: skip
    assert trained["metrics"]["fnc"] is None
    # One schema for every kind: the same keys at every level that both kinds fill.
    stance_report = stance_model[2]
    for block in ("data", "cv", "baseline", "grouping"):
        assert set(trained[block]) == set(stance_report[block]), block
    result = runner.invoke(
        app, ["evaluate", "uncertainty", str(data), "--model", str(model), "-f", "json"]
    )
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["metrics"]["macro_f1"] > 0.9
    assert list(report["metrics"]["per_class"]) == ["certain", "uncertain"]


def test_training_table_is_readable(stance_model):
    import io

    from rich.console import Console

    from credence.render import render_metrics

    console = Console(file=io.StringIO(), width=140)
    console.print(render_metrics(stance_model[2]))
    table = console.file.getvalue()
    assert "{" not in table and "}" not in table  # no Python dict reprs
    assert "3 folds over 12 topic groups" in table
    for label in ("agree", "disagree", "discuss", "unrelated"):
        assert any(line.split("│")[1].strip() == label for line in table.splitlines()
                   if line.count("│") >= 5)  # fmt: skip
    assert "baseline: majority class of each training fold" in table


def test_training_evaluate_reports_overlap_with_training(stance_model, tmp_path):
    data, model, _ = stance_model
    result = runner.invoke(app, ["evaluate", "stance", str(data), "--model", str(model), "-f",
                                 "json"])  # fmt: skip
    overlap = json.loads(result.stdout)["overlap"]
    assert overlap["known"] is True and overlap["warn"] is True
    assert overlap["claims"] == {"distinct": 18, "seen_in_training": 18, "share": 1.0}
    assert overlap["evidence"]["share"] == 1.0
    assert result.stderr.startswith("Warning: the model saw 100.0% of the 18 distinct claims")
    # New stories: one claim re-worded only in case and spacing still counts as seen.
    fresh = [
        {"claim": "A  new dam was OPENED", "evidence": "They opened a dam.", "label": "agree"},
        {"claim": TOPICS[0][1].upper(), "evidence": "Nothing else happened.", "label": "unrelated"},
    ]  # fmt: skip
    other = _write_jsonl(tmp_path / "fresh.jsonl", fresh)
    result = runner.invoke(app, ["evaluate", "stance", str(other), "--model", str(model)])
    assert result.exit_code == 0, result.stderr
    assert "Warning" in result.stderr  # 1 of 2 claims seen: 50 %
    assert "1 of 2 distinct claims (50.0%); 0 of 2 distinct evidence texts (0.0%)" in (
        " ".join(result.stdout.split())
    )


def _model_without_fingerprints(tmp_path):
    """The bundled uncertainty model as a directory saved before fingerprints existed."""
    import shutil

    from credence.models.persistence import TRAINING_TEXTS_FILE, default_model_dir

    old = tmp_path / "old-unc"
    shutil.copytree(default_model_dir("uncertainty"), old)
    (old / TRAINING_TEXTS_FILE).unlink(missing_ok=True)
    meta = json.loads((old / "meta.json").read_text())
    meta.pop("training_texts", None)
    (old / "meta.json").write_text(json.dumps(meta))
    return old


def test_training_evaluate_default_model_knows_what_it_saw(tmp_path):
    data = _write_jsonl(tmp_path / "sents.jsonl", _sentence_rows())
    result = runner.invoke(app, ["evaluate", "uncertainty", str(data), "-f", "json"])  # default
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["overlap"]["known"] is True


def test_training_evaluate_old_model_says_unknown(tmp_path):
    data = _write_jsonl(tmp_path / "sents.jsonl", _sentence_rows())
    old = _model_without_fingerprints(tmp_path)
    result = runner.invoke(
        app, ["evaluate", "uncertainty", str(data), "--model", str(old), "-f", "json"]
    )
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["overlap"] == {
        "known": False, "claims": None, "evidence": None, "warn": False
    }  # fmt: skip
    assert "Warning" not in result.stderr


def test_training_tampered_fingerprints_are_refused(uncertainty_model, tmp_path):
    import shutil

    data, model, _ = uncertainty_model
    copy = tmp_path / "copy"
    shutil.copytree(model, copy)
    with open(copy / TRAINING_TEXTS_FILE, "a") as fh:
        fh.write(" ")
    result = runner.invoke(app, ["evaluate", "uncertainty", str(data), "--model", str(copy)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {copy / TRAINING_TEXTS_FILE}: sha256 does not match meta.json (file tampered "
        "with or truncated).\n"
    )


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"claim": "a", "label": "agree"}', "line 2: the field 'evidence' is missing"),
        ('{"claim": "a", "evidence": "b", "label": "maybe"}', "line 2: unknown label 'maybe'"),
        ("not json", "line 2: "),
    ],
)
def test_training_bad_rows_are_named_and_skippable(tmp_path, line, message):
    rows = _stance_rows()
    text = (
        json.dumps(rows[0]) + "\n" + line + "\n" + "".join(json.dumps(r) + "\n" for r in rows[1:])
    )
    data = tmp_path / "pairs.jsonl"
    data.write_text(text)
    result = runner.invoke(app, ["train", "stance", str(data), "--out", str(tmp_path / "m")])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {data}, {message}")
    result = runner.invoke(
        app, ["train", "stance", str(data), "--out", str(tmp_path / "m"), "--skip-errors"]
    )
    assert result.exit_code == 0, result.stderr
    assert "Skipped 1 bad row (--skip-errors):" in result.stderr
    assert f"  {data}, {message}" in result.stderr


# --- non-UTF-8 input, empty input and --group-by --------------------------------------------


def _latin1_sentences(tmp_path: Path) -> Path:
    lines = [json.dumps(r) for r in _sentence_rows()]
    raw = "\n".join(lines).encode("utf-8").split(b"\n")
    raw.insert(1, '{"text": "Le caf\u00e9 est ferm\u00e9.", "label": "certain"}'.encode("latin-1"))
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(b"\n".join(raw) + b"\n")
    return path


@pytest.mark.parametrize("command", ["train", "evaluate"])
def test_training_non_utf8_is_one_line(tmp_path, command):
    data = _latin1_sentences(tmp_path)
    extra = ["--out", str(tmp_path / "m")] if command == "train" else []
    result = runner.invoke(app, [command, "uncertainty", str(data), *extra])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {data}, line 2: not UTF-8 text (byte 0xe9 at column 17)\n"
    result = runner.invoke(app, [command, "uncertainty", str(data), *extra, "--skip-errors"])
    assert result.exit_code == 0, result.stderr
    assert "Skipped 1 bad row (--skip-errors):" in result.stderr
    assert f"{data}, line 2: not UTF-8 text" in result.stderr


@pytest.mark.parametrize("kind", ["stance", "uncertainty"])
def test_training_empty_file_says_no_rows(tmp_path, kind):
    data = tmp_path / "empty.jsonl"
    data.write_text("\n")
    result = runner.invoke(app, ["train", kind, str(data), "--out", str(tmp_path / "m")])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {data}: no rows\n"
    data.write_text("not json\n[]\n")
    result = runner.invoke(
        app, ["train", kind, str(data), "--out", str(tmp_path / "m"), "--skip-errors"]
    )
    assert result.stderr.endswith(f"Error: {data}: no rows (2 bad rows skipped)\n")


def test_training_group_by_unknown_field_names_the_available_ones(tmp_path):
    data = _write_jsonl(tmp_path / "pairs.jsonl", _stance_rows())
    args = ["train", "stance", str(data), "--out", str(tmp_path / "m"), "--group-by"]
    result = runner.invoke(app, [*args, "nosuchfield"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {data}: --group-by 'nosuchfield': no such field; available: claim, evidence, "
        "evidence_id, topic\n"
    )
    result = runner.invoke(app, [*args, "label"])
    assert result.stderr == (
        f"Error: {data}: --group-by 'label': folds would each hold one class; name another field\n"
    )
    rows = _stance_rows()
    rows[4]["story"] = "x"
    partial = _write_jsonl(tmp_path / "partial.jsonl", rows)
    result = runner.invoke(app, ["train", "stance", str(partial), "--out", str(tmp_path / "m"),
                                 "--group-by", "story"])  # fmt: skip
    assert result.stderr == (
        f"Error: {partial}: --group-by 'story': missing from 23 of 24 rows (first at line 1)\n"
    )


def test_training_group_by_field_is_used_and_reported(tmp_path):
    data = _write_jsonl(tmp_path / "pairs.jsonl", _stance_rows())
    result = runner.invoke(app, ["train", "stance", str(data), "--out", str(tmp_path / "m"),
                                 "--group-by", "evidence_id", "-f", "json"])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    grouping = json.loads(result.stdout)["grouping"]
    assert grouping["by"] == "evidence_id" and grouping["groups"] == 12


def test_training_too_few_groups_names_them(tmp_path):
    rows = [dict(r, doc_id="one") for r in _sentence_rows()]
    data = _write_jsonl(tmp_path / "s.jsonl", rows)
    result = runner.invoke(app, ["train", "uncertainty", str(data), "--out", str(tmp_path / "m")])
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"Error: {data}: 1 distinct groups (document), fewer than the 3 cross-validation folds"
    )


def test_training_out_never_replaces_something_that_is_not_a_model(tmp_path):
    data = _write_jsonl(tmp_path / "pairs.jsonl", _stance_rows())
    precious = tmp_path / "notes"
    precious.mkdir()
    (precious / "todo.txt").write_text("keep me")
    for out in (precious, data):
        result = runner.invoke(app, ["train", "stance", str(data), "--out", str(out)])
        assert result.exit_code == 1
        assert result.stderr.startswith(f"Error: {out}: exists and is not a")
    assert (precious / "todo.txt").read_text() == "keep me"


def test_training_plot_errors_are_one_line(uncertainty_model, tmp_path):
    data, model, _ = uncertainty_model
    args = ["evaluate", "uncertainty", str(data), "--model", str(model), "--plot"]
    missing = tmp_path / "no" / "such" / "dir" / "r.png"
    result = runner.invoke(app, [*args, str(missing)])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {missing}: directory {missing.parent} does not exist\n"
    result = runner.invoke(app, [*args, str(tmp_path)])
    assert result.stderr == (
        f"Error: {tmp_path}: is a directory; --plot needs an image file name (.png, .svg)\n"
    )
    pytest.importorskip("matplotlib")
    result = runner.invoke(app, [*args, str(tmp_path / "r.unknownformat")])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {tmp_path / 'r.unknownformat'}: cannot write")
    assert [p.name for p in tmp_path.iterdir()] == []  # no half-written temporary file
    result = runner.invoke(app, [*args, str(tmp_path / "r.png")])
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "r.png").read_bytes()[:4] == b"\x89PNG"


def test_training_plot_writes_through_a_link_and_a_fifo_like_output(uncertainty_model, tmp_path):
    # --plot used to rename its file over the path: a symbolic link became a file, and a
    # FIFO or device (as root: /dev/full) was replaced by a regular file.
    import os
    import threading

    pytest.importorskip("matplotlib")
    data, model, _ = uncertainty_model
    args = ["evaluate", "uncertainty", str(data), "--model", str(model), "--plot"]
    (tmp_path / "link.png").symlink_to("real.png")
    result = runner.invoke(app, [*args, str(tmp_path / "link.png")])
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "link.png").is_symlink()
    assert (tmp_path / "real.png").read_bytes()[:4] == b"\x89PNG"
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = runner.invoke(app, [*args, str(fifo)])
    reader.join(timeout=60)
    assert result.exit_code == 0, result.stderr
    assert fifo.is_fifo()
    assert received and received[0][:4] == b"\x89PNG"


@pytest.mark.parametrize("command", ["train", "evaluate"])
def test_training_help_examples_name_real_options(command):
    result = runner.invoke(app, [command, "--help"], terminal_width=200)
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    assert "--out m " not in text and "--split-file topic_split.csv --split" in text


def test_training_unwritable_out_is_one_line(tmp_path):
    rows = [dict(r, doc_id=f"d{i % 3}") for i, r in enumerate(_sentence_rows())]
    data = _write_jsonl(tmp_path / "s.jsonl", rows)
    out = data / "model"  # a directory inside a file cannot be made
    result = runner.invoke(app, ["train", "uncertainty", str(data), "--out", str(out)])
    assert result.exit_code == 1
    # Refused before training: the error is the only line.
    assert result.stderr == f"Error: {out}: {data} is not a directory; choose another --out\n"


def test_training_out_through_a_symbolic_link_keeps_the_link(uncertainty_model, tmp_path):
    # The link used to be renamed to ".NAME.old-PID" (left behind) and replaced by a directory.
    data, model, _ = uncertainty_model
    real = tmp_path / "real"
    shutil.copytree(model, real)
    (tmp_path / "link").symlink_to("real")
    result = runner.invoke(
        app, ["train", "uncertainty", str(data), "--out", str(tmp_path / "link")]
    )
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "link").is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link", "real"]
    assert (real / "training_texts.json").is_file()
