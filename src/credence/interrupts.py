"""Ctrl-C noticed for the length of a command, even where Python swallows it.

Python raises :class:`KeyboardInterrupt` at whatever bytecode runs when SIGINT arrives. When
that is a finaliser (``__del__``), a weakref callback or a garbage-collector callback, the
exception is printed as "Exception ignored" and dropped, and the command would go on to exit 0
as if the user had not pressed Ctrl-C. :func:`noticing_interrupts` records every SIGINT, so
the CLI can still stop with "interrupted" once the command returns.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

__all__ = ["Interrupts", "noticing_interrupts"]


class Interrupts:
    """How many SIGINTs arrived while :func:`noticing_interrupts` was active."""

    def __init__(self) -> None:
        self.count = 0

    def __bool__(self) -> bool:
        return self.count > 0


@contextmanager
def noticing_interrupts() -> Iterator[Interrupts]:
    """Count SIGINTs (and still raise :class:`KeyboardInterrupt` for each) inside the block.

    Signal handlers can only be set from the main thread: elsewhere (an app running the CLI
    in a thread) the block runs with the handler it already has and counts nothing.
    """
    seen = Interrupts()
    if threading.current_thread() is not threading.main_thread():
        yield seen
        return

    def on_interrupt(signum: int, frame: FrameType | None) -> None:
        seen.count += 1
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, on_interrupt)
    try:
        yield seen
    finally:
        signal.signal(signal.SIGINT, previous)
