import os
import stat

import pytest

from credence.errors import CredenceError, OutputError
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
    with pytest.raises(OutputError, match="disk full"):
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


def test_output_symlink_target_is_replaced_and_the_link_kept(tmp_path):
    target = tmp_path / "real.json"
    target.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(target.name)
    atomic_write_text(link, "new")
    assert link.is_symlink()
    assert target.read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.json", "real.json"]


def test_output_dangling_symlink_creates_its_target(tmp_path):
    link = tmp_path / "link.json"
    link.symlink_to("made.json")
    atomic_write_text(link, "x")
    assert link.is_symlink()
    assert (tmp_path / "made.json").read_text() == "x"


def test_output_fifo_is_written_through_not_replaced(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # lets the writer open without blocking
    try:
        atomic_write_text(fifo, "through the pipe")
        assert os.read(reader, 100) == b"through the pipe"
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_output_descriptor_path_writes_to_the_open_descriptor():
    read_end, write_end = os.pipe()
    try:
        atomic_write_text(f"/dev/fd/{write_end}", "to the descriptor")
        os.close(write_end)
        assert os.read(read_end, 100) == b"to the descriptor"
    finally:
        os.close(read_end)


def test_output_directory_is_refused(tmp_path):
    with pytest.raises(OutputError, match="is a directory"):
        atomic_write_text(tmp_path, "x")


def test_output_symlink_loop_is_one_clear_error(tmp_path):
    loop = tmp_path / "loop.json"
    loop.symlink_to(loop.name)
    with pytest.raises(OutputError, match="symbolic link loop"):
        atomic_write_text(loop, "x")
