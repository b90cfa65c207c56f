"""Ctrl-C during a command always ends it with "Error: interrupted" and exit 1."""

from __future__ import annotations

import gc
import os
import signal

import pytest
import typer

from credence.cli import _one_line_errors
from credence.interrupts import noticing_interrupts


class _InterruptedWhileFinalised:
    """Sends itself SIGINT from ``__del__``: Python prints the KeyboardInterrupt and drops it."""

    def __del__(self) -> None:
        os.kill(os.getpid(), signal.SIGINT)
        for _ in range(1000):  # bytecodes for the handler to run in, still inside __del__
            pass


def _command_whose_interrupt_is_swallowed() -> str:
    item = _InterruptedWhileFinalised()
    del item
    gc.collect()
    return "finished"


# The dropped KeyboardInterrupt is what this test is about: pytest's report of it is expected.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_an_interrupt_python_swallowed_still_fails_the_command(capsys):
    with pytest.raises(typer.Exit) as stopped:
        _one_line_errors(_command_whose_interrupt_is_swallowed)()
    assert stopped.value.exit_code == 1
    assert capsys.readouterr().err.strip().splitlines()[-1] == "Error: interrupted"


def test_an_interrupt_in_the_command_fails_it(capsys):
    def interrupted() -> None:
        os.kill(os.getpid(), signal.SIGINT)
        for _ in range(1000):
            pass

    with pytest.raises(typer.Exit):
        _one_line_errors(interrupted)()
    assert capsys.readouterr().err.strip() == "Error: interrupted"


def test_a_command_without_interrupts_returns_its_value():
    assert _one_line_errors(lambda: 42)() == 42


def test_the_previous_handler_comes_back():
    before = signal.getsignal(signal.SIGINT)
    with noticing_interrupts() as seen:
        assert signal.getsignal(signal.SIGINT) is not before
    assert signal.getsignal(signal.SIGINT) is before
    assert not seen
