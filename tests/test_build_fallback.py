"""The optional compiled core: a Cython error in one ``.pyx`` leaves that module out of the build
(its pure-Python fallback is used) instead of failing ``pip install -e .``."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

SETUP_PY = Path(__file__).resolve().parents[1] / "setup.py"


def _setup_module():
    # Imported under another name than __main__: setup() itself is not run.
    spec = importlib.util.spec_from_file_location("credence_setup_under_test", SETUP_PY)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_build_fallback_skips_a_pyx_with_a_cython_error(tmp_path, capsys):
    pytest.importorskip("Cython.Build", reason="Cython (dev extra) translates the .pyx files")
    good = tmp_path / "good_core.pyx"
    good.write_text("def double(long x):\n    return 2 * x\n")
    bad = tmp_path / "bad_core.pyx"
    bad.write_text("def broken(:\n    cdef int = \n")
    setup = _setup_module()
    built = setup.extensions({"good_core": str(good), "bad_core": str(bad)})
    assert [ext.name for ext in built] == ["good_core"]
    err = capsys.readouterr().err
    assert "bad_core.pyx" in err
    assert "bad_core is skipped" in err


def test_build_fallback_without_cython_builds_nothing(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "Cython.Build", None)  # import raises ImportError
    assert _setup_module().extensions() == []
    assert "Cython not found" in capsys.readouterr().err


def test_build_fallback_lists_every_compiled_module():
    sources = _setup_module().SOURCES
    root = SETUP_PY.parent
    assert all((root / path).is_file() for path in sources.values())
    assert set(sources) == {
        "credence.models._crf1d",
        "credence.features.attribution._window",
        "credence.features.attribution._tokens",
        "credence.features._clause_tokens",
        "credence._indented_json",
        "credence.features._hedge_tokens",
        "credence.models._boosted_trees",
    }
