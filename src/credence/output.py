"""Writing results: atomically, so a failure never leaves a half-written file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from credence.errors import CredenceError

__all__ = ["atomic_write_text"]


def _new_file_mode(target: Path) -> int:
    """The mode a plain ``open(target, "w")`` would give: the old file's, else 0o666 & ~umask.

    ``mkstemp`` creates its file private (0o600); renamed into place as is, a report written
    with ``--output`` would be unreadable to the colleagues it was written for.
    """
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0o022)  # reading the umask means setting it; put it straight back
        os.umask(umask)
        return 0o666 & ~umask


def atomic_write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` to ``path`` via a temporary file in the same directory and a rename.

    An earlier file at ``path`` stays intact unless the new content is complete.
    """
    target = Path(path)
    if target.is_dir():
        raise CredenceError(f"{target}: is a directory, cannot write output there.")
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise CredenceError(f"{target}: directory {directory} does not exist.")
    mode = _new_file_mode(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
