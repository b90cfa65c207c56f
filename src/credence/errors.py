"""Typed exceptions. The CLI turns every :class:`CredenceError` into one ``Error: ...`` line."""

from __future__ import annotations

__all__ = [
    "CredenceError",
    "InputError",
    "ModelError",
    "DataError",
    "OutputError",
]


class CredenceError(Exception):
    """Base class of every error credence raises on purpose."""


class InputError(CredenceError):
    """An article file (or one line of it) cannot be read.

    Parameters
    ----------
    path : str
        The file that failed, as the user named it (``"-"`` for stdin).
    message : str
        What is wrong, without the path.
    line : int, optional
        1-based line number inside the file, when the problem is on one line.
    """

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        self.reason = message
        where = f"{self.path}, line {line}" if line is not None else self.path
        super().__init__(f"{where}: {message}")


class DataError(InputError):
    """A row of training or evaluation data is malformed (unknown label, missing field)."""


class ModelError(CredenceError):
    """A model directory is missing, tampered with, truncated or incompatible."""


class OutputError(CredenceError):
    """A result cannot be written where the user asked (a directory, no permission, disk full).

    Parameters
    ----------
    path : str
        The output path as the user named it.
    message : str
        What is wrong, without the path.
    """

    def __init__(self, path: str, message: str) -> None:
        self.path = str(path)
        self.reason = message
        super().__init__(f"{self.path}: {message}")
