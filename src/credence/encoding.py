"""Decoding the files users give credence: UTF-8, or UTF-8/16/32 announced by a byte-order mark.

Articles, user lexicons and alias tables are read through :func:`decode_text`, so every kind of
file accepts the same encodings and refuses binary data with the same one-line error.
"""

from __future__ import annotations

from credence.errors import InputError

__all__ = ["decode_text"]

# Byte-order marks, longest first: UTF-32 LE begins with the UTF-16 LE mark.
BYTE_ORDER_MARKS = (
    (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32"),
    (b"\xef\xbb\xbf", "utf-8", "UTF-8"),
    (b"\xff\xfe", "utf-16-le", "UTF-16"),
    (b"\xfe\xff", "utf-16-be", "UTF-16"),
)


def _looks_like_utf16_without_mark(data: bytes) -> bool:
    """Mostly NUL bytes at every other position: UTF-16 text saved without a byte-order mark."""
    head = data[:2000]
    if len(head) < 8:
        return False
    even, odd = head[0::2], head[1::2]
    return max(even.count(0) / len(even), odd.count(0) / len(odd)) > 0.6


def decode_text(data: bytes, path: str, error: type[InputError] = InputError) -> str:
    """Decode UTF-8, or UTF-8/16/32 announced by a byte-order mark; refuse binary data.

    Parameters
    ----------
    data : bytes
        The file's bytes.
    path : str
        The file as the user named it, for the error.
    error : type
        :class:`~credence.errors.InputError` (articles) or a subclass such as
        :class:`~credence.errors.DataError` (lexicons, training data).

    Raises
    ------
    InputError
        (or ``error``) naming the file, the byte and, where it can, the line.
    """
    mark, codec, name = next(
        (bom for bom in BYTE_ORDER_MARKS if data.startswith(bom[0])), (b"", "utf-8", "UTF-8")
    )
    if codec == "utf-8":
        nul = data.find(b"\x00")
        if nul >= 0:
            hint = (
                "UTF-16 text without a byte-order mark? save the file as UTF-8"
                if _looks_like_utf16_without_mark(data)
                else "expected UTF-8 text"
            )
            raise error(
                path,
                f"binary file: NUL byte at byte offset {nul} ({hint})",
                data.count(b"\n", 0, nul) + 1,
            )
    try:
        text = data[len(mark) :].decode(codec)
    except UnicodeDecodeError as exc:
        offset = exc.start + len(mark)
        raise error(
            path,
            f"not valid {name}: byte 0x{data[offset]:02x} at byte offset {offset} "
            "(save the file as UTF-8)",
            data.count(b"\n", 0, offset) + 1 if codec == "utf-8" else None,
        ) from None
    nul = text.find("\x00")
    if nul >= 0:  # only reachable for UTF-16/32: a NUL character is no text
        raise error(
            path,
            f"binary file: NUL character at character {nul} (expected {name} text)",
            text.count("\n", 0, nul) + 1,
        )
    return text
