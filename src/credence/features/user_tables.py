"""Reading the tables users pass in (hedge lexicons, source aliases): one way to fail.

Every failure is a one-line :class:`~credence.errors.DataError` naming the file (and the line,
for undecodable bytes), so the CLI can print it as ``Error: …`` without a traceback.
"""

from __future__ import annotations

from pathlib import Path

from credence.encoding import decode_text
from credence.errors import DataError

__all__ = ["read_user_table"]


def read_user_table(path: str, what: str) -> str:
    """The UTF-8 text of the user table at ``path``; ``what`` names it in errors.

    Parameters
    ----------
    path : str
        The file to read.
    what : str
        What the file should be, e.g. ``"hedge lexicon"`` or ``"source alias table"``.

    Raises
    ------
    DataError
        When the file is missing, a directory, unreadable, binary or not UTF-8 (UTF-16/32
        with a byte-order mark are read).
    """
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise DataError(path, f"{what} not found") from None
    except IsADirectoryError:
        raise DataError(path, f"is a directory, expected a {what} (TSV)") from None
    except OSError as exc:
        reason = (exc.strerror or str(exc)).lower()
        raise DataError(path, f"cannot read the {what} ({reason})") from None
    # Spreadsheet exports often begin with a byte-order mark, or are UTF-16.
    return decode_text(data, path, error=DataError)
