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
