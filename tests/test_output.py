import os
import stat

import pytest

from credence.errors import CredenceError
from credence.output import atomic_write_text


def test_output_atomic_write_replaces_content(tmp_path):
    target = tmp_path / "out.json"
    atomic_write_text(target, "first")
    atomic_write_text(target, "second")
    assert target.read_text() == "second"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_output_failed_write_keeps_earlier_file(tmp_path, monkeypatch):
    target = tmp_path / "out.json"
    target.write_text("earlier")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr("credence.output.os.replace", broken_replace)
    with pytest.raises(OSError):
        atomic_write_text(target, "new")
    assert target.read_text() == "earlier"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_output_missing_directory_is_a_clear_error(tmp_path):
    with pytest.raises(CredenceError, match="does not exist"):
        atomic_write_text(tmp_path / "nope" / "out.json", "x")


def test_output_new_file_gets_the_umask_mode_not_a_private_one(tmp_path):
    old = os.umask(0o022)
    try:
        target = tmp_path / "report.json"
        atomic_write_text(target, "{}")
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_output_rewrite_keeps_the_existing_file_mode(tmp_path):
    target = tmp_path / "report.json"
    target.write_text("old")
    target.chmod(0o640)
    atomic_write_text(target, "new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert target.read_text() == "new"
