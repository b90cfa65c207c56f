"""The registry of model kinds: its snapshot, the one save/load protocol, and the claims kind
trained and evaluated from the command line like the others.

Every sentence below is our own; nothing comes from ../shared/data.
"""

import inspect
import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from credence.cli import app
from credence.errors import CredenceError, ModelError
from credence.models.kinds import REGISTRY, get_kind, kind_names, scorer_kind_names
from credence.models.persistence import MODEL_KINDS, default_model_dir, find_model_dirs

runner = CliRunner()


def test_model_kinds_registry_snapshot():
    # A kind that disappears or is renamed breaks model sets and `credence train KIND`.
    assert kind_names() == ("stance", "uncertainty", "claims", "attribution", "agreement", "lean")
    assert scorer_kind_names() == MODEL_KINDS == ("stance", "uncertainty", "claims")
    # The attribution tagger is the extractor's own; the bundled agreement model is loaded
    # beside the stance model (Scorer.load), not through a Scorer argument of its own.
    assert {k.scorer_argument for k in REGISTRY.values()} == {
        "stance_model",
        "uncertainty_model",
        "claim_model",
        None,
    }


@pytest.mark.parametrize("name", kind_names())
def test_model_kinds_every_entry_resolves_to_the_one_protocol(name):
    kind = get_kind(name)
    cls = kind.model_type()
    assert callable(getattr(cls, "save", None))
    assert isinstance(inspect.getattr_static(cls, "load"), classmethod)
    labels = kind.label_names()
    assert len(labels) >= 2 and len(set(labels)) == len(labels)
    assert callable(kind.function("build_default"))
    for role in ("read_data", "fit", "predict"):
        if getattr(kind, role) is None:  # built by build_default only (attribution, for now)
            with pytest.raises(CredenceError, match=f"kind has no {role.replace('_', ' ')}"):
                kind.function(role)
        else:
            assert callable(kind.function(role))
    assert kind.grouping in ("topic", "document")


def test_model_kinds_unknown_kind_names_the_registered_ones():
    with pytest.raises(CredenceError, match="must be one of stance, uncertainty, claims"):
        get_kind("agreement-typo")
    with pytest.raises(CredenceError, match="Got 'nope' instead"):
        find_model_dirs(nope="x")


def test_model_kinds_registry_module_imports_no_model_code():
    code = (
        "import sys, credence.models.kinds, credence.models.persistence; "
        "print(sorted(m for m in sys.modules if m.startswith('credence.models.')))"
    )
    shown = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    for heavy in ("stance", "uncertainty", "checkworthiness", "adapters"):
        assert f"credence.models.{heavy}'" not in shown


def test_model_kinds_load_the_bundled_claims_model_through_the_registry():
    model = get_kind("claims").load(default_model_dir("claims"))
    assert 0.0 < model.threshold_ < 1.0
    with pytest.raises(ModelError, match="an 'uncertainty' model was given where a 'claims'"):
        get_kind("claims").load(default_model_dir("uncertainty"))


# --- the claims kind from the command line -------------------------------------------------

_WORTHY = [
    "Unemployment fell to {n} percent in the state last year.",
    "We cut taxes by {n} billion dollars for working families.",
    "The deficit rose by {n} percent under this administration.",
    "Crime in our cities went up {n} percent since 2012.",
    "He voted {n} times against funding for veterans.",
]
_OTHER = [
    "Thank you all for being here tonight, number {n}.",
    "I want to say how glad I am to be on stage {n}.",
    "Let me answer that question directly, moderator {n}.",
    "We will have a wonderful future together, friends {n}.",
    "Good evening and welcome to debate {n}.",
]


def _write_debates(folder, debates=4, rounds=4):
    """``debates`` CLEF-style files, each with ``rounds`` x 5 check-worthy and 5 other rows."""
    folder.mkdir()
    for d in range(debates):
        rows = []
        pairs = [pair for _ in range(rounds) for pair in zip(_WORTHY, _OTHER, strict=True)]
        for i, (worthy, other) in enumerate(pairs):
            n = 3 + d * 41 + i
            rows.append(f"{2 * i + 1}\tSPEAKER\t{worthy.format(n=n)}\t1\n")
            rows.append(f"{2 * i + 2}\tSPEAKER\t{other.format(n=n)}\t0\n")
        (folder / f"debate{d}.tsv").write_text("".join(rows), encoding="utf-8")
    return folder


def test_model_kinds_train_and_evaluate_claims_from_the_cli(tmp_path):
    data = _write_debates(tmp_path / "clef")
    out = tmp_path / "claims-model"
    trained = runner.invoke(app, ["train", "claims", str(data), "--out", str(out), "-f", "json"])
    assert trained.exit_code == 0, trained.output
    report = json.loads(trained.stdout)
    assert report["kind"] == "claims" and report["command"] == "train"
    assert report["data"]["class_counts"] == {"check-worthy": 80, "not-check-worthy": 80}
    assert report["grouping"]["by"] == "document" and report["grouping"]["groups"] == 4
    assert report["metrics"]["macro_f1"] > report["baseline"]["macro_f1"]
    assert json.loads((out / "meta.json").read_text())["kind"] == "claims"
    # The trained directory is a claims model wherever a model directory is taken.
    assert find_model_dirs(out)["claims"] == out

    evaluated = runner.invoke(
        app, ["evaluate", "claims", str(data / "debate0.tsv"), "--model", str(out), "-f", "json"]
    )
    assert evaluated.exit_code == 0, evaluated.output
    figures = json.loads(evaluated.stdout)
    assert set(figures) == set(report)
    assert figures["overlap"]["claims"]["share"] == 1.0
    assert figures["metrics"]["per_class"]["check-worthy"]["support"] == 20


def test_model_kinds_claims_data_errors_name_the_file_and_line(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("1\tA\tTaxes rose.\t1\n2\tB\tHello there.\tmaybe\n", encoding="utf-8")
    result = runner.invoke(app, ["train", "claims", str(bad), "--out", str(tmp_path / "m")])
    assert result.exit_code == 1
    assert result.stderr.strip() == f"Error: {bad}, line 2: label must be 0 or 1, got 'maybe'"


def test_model_kinds_claims_refuses_stance_options(tmp_path):
    data = _write_debates(tmp_path / "clef", debates=2)
    result = runner.invoke(
        app, ["train", "claims", str(data), "--bodies", "b.csv", "--out", str(tmp_path / "m")]
    )
    assert result.exit_code == 1
    assert "--bodies and --stances are FNC-1 stance data" in result.stderr
