"""Writing results: atomically for regular files, straight through for everything else.

A regular file is replaced via a temporary file and a rename, so a failure never leaves a
half-written report. A rename would *replace* anything else rather than write to it, so:

- ``/dev/stdout``, ``/dev/stderr``, ``/dev/fd/N`` and ``/proc/self/fd/N`` are written to the
  already open descriptor (respecting ``>>`` and pipes);
- devices (``/dev/null``), FIFOs and sockets are opened and written through;
- a symbolic link is resolved and its target replaced atomically (the link stays a link);
- a directory is refused.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from credence.errors import OutputError

__all__ = [
    "atomic_write_bytes",
    "atomic_write_text",
    "check_output_path",
    "files_being_written",
]

# Paths naming one of this process's open descriptors: writing there must not create a file.
_DESCRIPTOR_PATH = re.compile(r"/dev/(?:(stdout)|(stderr)|fd/(\d+))|/proc/self/fd/(\d+)")


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


def _descriptor_of(path: str) -> int | None:
    """The descriptor a ``/dev/stdout``-like path names, or ``None`` for an ordinary path."""
    match = _DESCRIPTOR_PATH.fullmatch(os.path.abspath(path))
    if match is None:
        return None
    stdout, stderr, dev_fd, proc_fd = match.groups()
    if stdout:
        return 1
    if stderr:
        return 2
    return int(dev_fd or proc_fd)


def _reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()


def _status(shown: str) -> os.stat_result | None:
    """The status of what ``shown`` points to (``None`` if nothing yet); refuses directories."""
    try:
        status = os.stat(shown)
    except FileNotFoundError:
        return None  # a new file, or a link to one not yet created
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise OutputError(shown, "symbolic link loop, cannot write output there") from None
        raise OutputError(shown, f"cannot write the output ({_reason(exc)})") from None
    if stat.S_ISDIR(status.st_mode):
        raise OutputError(shown, "is a directory, cannot write output there")
    return status


def _write_descriptor(fd: int, data: bytes, shown: str) -> None:
    view = memoryview(data)
    try:
        while view:
            written = os.write(fd, view)
            view = view[written:]
    except OSError as exc:
        raise OutputError(shown, f"cannot write the output ({_reason(exc)})") from None


def _write_through(shown: str, data: bytes) -> None:
    """Open a device, FIFO or socket for writing and write to it without replacing it."""
    try:
        with open(shown, "wb") as fh:
            fh.write(data)
    except OSError as exc:
        raise OutputError(shown, f"cannot write the output ({_reason(exc)})") from None


def _replace_atomically(target: Path, shown: str, data: bytes) -> None:
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise OutputError(shown, f"directory {directory} does not exist")
    mode = _new_file_mode(target)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise OutputError(shown, f"cannot create a file in {directory} ({_reason(exc)})") from None
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise OutputError(shown, f"cannot write the output ({_reason(exc)})") from None
        raise


def check_output_path(path: str | os.PathLike[str]) -> None:
    """Fail early, before any work, when ``path`` can plainly not be written.

    Catches a directory, a missing parent directory and a symbolic link loop; permission
    and disk problems still surface when :func:`atomic_write_text` writes.

    Raises
    ------
    OutputError
        Naming ``path`` and what is wrong with it.
    """
    shown = os.fspath(path)
    if _descriptor_of(shown) is not None:
        return
    status = _status(shown)
    if status is None:
        directory = Path(os.path.realpath(shown)).parent
        if not directory.is_dir():
            raise OutputError(shown, f"directory {directory} does not exist")


def atomic_write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` (UTF-8) to ``path``, atomically when ``path`` is a regular file.

    A regular file (or a new one) is written to a temporary file in the same directory and
    renamed over ``path``: an earlier file stays intact unless the new content is complete.
    A symbolic link is followed and its target replaced. Devices, FIFOs, sockets and paths
    naming an open descriptor (``/dev/stdout``, ``/dev/fd/3``) are written through.

    Parameters
    ----------
    path : str or path-like
        Where to write.
    text : str
        The content.

    Raises
    ------
    OutputError
        When ``path`` is a directory, its directory does not exist, or writing fails (the
        message names the path and the reason).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "report.json"
    >>> atomic_write_text(out, "{}")
    >>> out.read_text()
    '{}'
    """
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` as :func:`atomic_write_text` writes text.

    Raises
    ------
    OutputError
        When ``path`` is a directory, its directory does not exist, or writing fails.
    """
    shown = os.fspath(path)
    descriptor = _descriptor_of(shown)
    if descriptor is not None:
        _write_descriptor(descriptor, data, shown)
        return
    status = _status(shown)
    if status is not None and not stat.S_ISREG(status.st_mode):
        _write_through(shown, data)
        return
    # realpath: replacing a symbolic link's target keeps the link (and writes where it points).
    _replace_atomically(Path(os.path.realpath(shown)), shown, data)


def files_being_written(output: Path | None) -> set[tuple[int, int]]:
    """``(st_dev, st_ino)`` of the ``--output`` file and of the file stdout is redirected to.

    A directory scan must not read them: a redirect has already emptied its file, and an
    earlier ``-o`` file holds a report, not articles.
    """
    found = set()
    candidates: list[Callable[[], os.stat_result]] = [lambda: os.fstat(1)]
    if output is not None:
        candidates.append(lambda: os.stat(output))
    for status_of in candidates:
        try:
            status = status_of()
        except (OSError, ValueError):
            continue  # no stdout, or no output file yet: nothing to skip
        if stat.S_ISREG(status.st_mode):
            found.add((status.st_dev, status.st_ino))
    return found
