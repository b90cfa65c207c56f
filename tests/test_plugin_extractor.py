"""An extractor from another package, registered through the ``credence.extractors`` entry
point, runs in ``credence extract`` (the recipe of docs/extractors.md).

The toy plug-in (tests/plugins/credence_toy) is "installed" the cheap way: its source folder
and a dist-info holding its entry points go on ``PYTHONPATH`` of a ``credence`` subprocess,
which is what ``importlib.metadata`` reads after a ``pip install``. Subprocesses keep the
plug-in out of this process's registry (tests/test_registry.py snapshots it).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

PLUGIN = Path(__file__).resolve().parent / "plugins" / "credence_toy"
_CLI = "import sys; from credence.cli import main; sys.argv[0] = 'credence'; main()"

# Our own sentences: the first is a hedged exclamation, the second a plain one.
_TEXT = (
    "The storm may be the worst in decades! Officials said 40 people were evacuated.\n\n"
    "What a day it was!\n"
)


@pytest.fixture(scope="module")
def plugin_path(tmp_path_factory) -> str:
    """``PYTHONPATH`` on which the toy plug-in is installed (its entry points from pyproject)."""
    project = tomllib.loads((PLUGIN / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    site = tmp_path_factory.mktemp("site")
    dist_info = site / f"credence_toy-{project['version']}.dist-info"
    dist_info.mkdir()
    (dist_info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {project['name']}\nVersion: {project['version']}\n",
        encoding="utf-8",
    )
    groups = project["entry-points"]
    (dist_info / "entry_points.txt").write_text(
        "".join(
            f"[{group}]\n" + "".join(f"{name} = {value}\n" for name, value in points.items())
            for group, points in groups.items()
        ),
        encoding="utf-8",
    )
    return os.pathsep.join([str(site), str(PLUGIN / "src")])


def _credence(plugin_path: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=plugin_path, CREDENCE_WORKERS="1")
    return subprocess.run(
        [sys.executable, "-c", _CLI, *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=300,
    )


def test_plugin_extractor_spans_appear_in_credence_extract(plugin_path, tmp_path):
    article = tmp_path / "storm.txt"
    article.write_text(_TEXT, encoding="utf-8")
    done = _credence(plugin_path, "extract", str(article), "--extractors", "toy")
    assert done.returncode == 0, done.stderr
    (doc,) = json.loads(done.stdout)
    # The plug-in's key, then what it requires (the hedges), then the limits.
    assert list(doc) == ["id", "hedged_exclamations", "hedges", "limits"]
    (found,) = doc["hedged_exclamations"]
    assert found["text"] == "The storm may be the worst in decades!"
    assert _TEXT[found["start"] : found["end"]] == found["text"]
    assert found["cues"] == ["may"]


def test_plugin_extractor_is_not_run_unless_named(plugin_path, tmp_path):
    article = tmp_path / "storm.txt"
    article.write_text(_TEXT, encoding="utf-8")
    done = _credence(plugin_path, "extract", str(article))
    assert done.returncode == 0, done.stderr
    (doc,) = json.loads(done.stdout)
    assert "hedged_exclamations" not in doc
    assert {"hedges", "attributions", "chains", "quantities", "dates"} <= set(doc)


def test_plugin_extractor_unknown_without_the_plugin_installed(tmp_path):
    article = tmp_path / "storm.txt"
    article.write_text(_TEXT, encoding="utf-8")
    done = _credence("", "extract", str(article), "--extractors", "toy")
    assert done.returncode == 2
    assert "unknown extractor 'toy'" in done.stderr
