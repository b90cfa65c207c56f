"""`credence train` / `credence evaluate` round trips on tiny JSONL files written here."""

import json

import pytest
from typer.testing import CliRunner

from credence.cli import app

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


def test_training_stance_cli_round_trip(tmp_path):
    data = _write_jsonl(tmp_path / "pairs.jsonl", _stance_rows())
    model = tmp_path / "model"
    result = runner.invoke(app, ["train", "stance", str(data), "--out", str(model), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    trained = json.loads(result.stdout)
    assert trained["group_by"] == "evidence_id" and "cv_mean" in trained
    assert {p.name for p in model.iterdir()} == {"model.joblib", "meta.json"}
    result = runner.invoke(
        app, ["evaluate", "stance", str(data), "--model", str(model), "--format", "json"]
    )
    assert result.exit_code == 0, result.stderr
    metrics = json.loads(result.stdout)
    assert metrics["n"] == len(_stance_rows())
    for key in ("accuracy", "macro_f1", "f1_per_class", "confusion", "brier", "ece",
                "fnc_score", "fnc_max", "fnc_relative"):  # fmt: skip
        assert key in metrics
    # Evaluated on its own training data, the model must beat chance (0.25) clearly.
    assert metrics["accuracy"] > 0.5


def test_training_uncertainty_cli_round_trip(tmp_path):
    certain = [f"The council approved budget number {i} on Monday." for i in range(12)]
    uncertain = [
        f"The council may approve budget number {i}, officials suggested." for i in range(12)
    ]
    rows = [{"text": t, "label": "certain", "doc_id": f"d{i % 4}"} for i, t in enumerate(certain)]
    rows += [
        {"text": t, "label": "uncertain", "doc_id": f"d{i % 4}"} for i, t in enumerate(uncertain)
    ]
    data = _write_jsonl(tmp_path / "sents.jsonl", rows)
    model = tmp_path / "unc"
    result = runner.invoke(app, ["train", "uncertainty", str(data), "--out", str(model)])
    assert result.exit_code == 0, result.stderr
    result = runner.invoke(
        app, ["evaluate", "uncertainty", str(data), "--model", str(model), "-f", "json"]
    )
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["macro_f1"] > 0.9


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"claim": "a", "label": "agree"}', "line 2: missing field 'evidence'"),
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
    assert "Skipped 1 bad rows" in result.stderr
