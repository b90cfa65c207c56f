"""Independent batches of work spread over worker processes, results in input order.

One helper, :func:`map_batches`, serves every step that splits its work into independent
batches (articles to analyse, claim pairs for the stance model): with one worker, or one
batch, it runs in this process; otherwise it forks a pool of workers. How many workers a
step may use is set once by the caller with :func:`using_workers` (the CLI's ``--workers``),
so that the code between the command line and the batches does not pass it along.

The workers are forked: they inherit the function and the batches from the parent, models
included, so nothing is loaded twice, nothing needs to be picklable, and only the batch
index travels to a worker and its result back. Where processes cannot be forked (Windows)
everything runs in this process.

Examples
--------
>>> from credence.scoring.parallel import map_batches
>>> map_batches(sum, [[1, 2], [3, 4], [5]], workers=1)
[3, 7, 5]
"""

from __future__ import annotations

import itertools
import os
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, TypeVar

from credence.collector import frozen_heap
from credence.errors import CredenceError

if TYPE_CHECKING:
    from concurrent.futures import Future

__all__ = [
    "RowsInWorkers",
    "current_workers",
    "imap_batches",
    "map_batches",
    "usable_cores",
    "using_workers",
]

_B = TypeVar("_B")
_R = TypeVar("_R")

_WORKERS: ContextVar[int] = ContextVar("credence_workers", default=1)
# In a worker process every map_batches runs in-process: a pool inside a pool would only
# oversubscribe the cores.
_IN_WORKER = False
# Work handed to forked workers, by call: they inherit this table, so that neither the
# function nor the batches are pickled. Keyed per call, as threads may map at once.
_INHERITED: dict[int, tuple[Callable[[Any], Any], Sequence[Any]]] = {}
_INHERITED_LOCK = threading.Lock()
_CALLS = itertools.count()


def usable_cores() -> int:
    """The number of CPU cores this process may run on (at least 1).

    ``os.process_cpu_count`` where Python has it, else the scheduler's affinity mask, else
    ``os.cpu_count``: a container or ``taskset`` limiting the process counts, not the machine.
    """
    counted = getattr(os, "process_cpu_count", None)
    if counted is not None:
        return max(1, counted() or 1)
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def current_workers() -> int:
    """The number of workers :func:`map_batches` uses when not told (1 unless set)."""
    return 1 if _IN_WORKER else _WORKERS.get()


@contextmanager
def using_workers(workers: int) -> Iterator[None]:
    """Let every :func:`map_batches` inside the ``with`` block use ``workers`` processes.

    Parameters
    ----------
    workers : int
        1 runs everything in this process.

    Raises
    ------
    ValueError
        When ``workers`` is not a positive integer.

    Examples
    --------
    >>> with using_workers(1):
    ...     current_workers()
    1
    """
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ValueError(
            f"The 'workers' parameter must be an integer >= 1. Got {workers!r} instead."
        )
    token = _WORKERS.set(workers)
    try:
        yield
    finally:
        _WORKERS.reset(token)


class _RemoteError:
    """An exception raised in a worker, carried back whatever its constructor takes.

    Exceptions with their own ``__init__`` (``InputError(path, message)``) cannot always be
    unpickled from their ``args``; this rebuilds the same type with the same attributes.
    """

    def __init__(self, error: BaseException) -> None:
        self.type = type(error)
        self.args = error.args
        self.state = dict(getattr(error, "__dict__", {}))
        self.trace = "".join(traceback.format_exception(error))

    def rebuild(self) -> BaseException:
        error = self.type.__new__(self.type)
        error.args = self.args
        error.__dict__.update(self.state)
        if not isinstance(error, CredenceError):
            # A defect, not a user's error: keep where it happened for the bug report.
            error.__cause__ = RuntimeError(f"raised in a worker process:\n{self.trace}")
        return error


def _start_worker() -> None:
    global _IN_WORKER
    _IN_WORKER = True
    # Ctrl-C reaches the whole process group: the parent stops the work and says so in one
    # line; a worker interrupted in its queue would print a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # One thread a worker for the native libraries (OpenMP in scikit-learn's gradient
    # boosting, OpenBLAS): the workers already fill the cores, and GNU OpenMP hangs in a
    # forked child that opens a parallel region with more than one thread once the parent
    # has used OpenMP. The variables cover the libraries a worker loads later.
    for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[variable] = "1"
    if "sklearn" in sys.modules or "numpy" in sys.modules:
        from threadpoolctl import threadpool_limits

        threadpool_limits(1)


def _run_inherited(call: int, index: int) -> Any:
    fn, batches = _INHERITED[call]
    try:
        return fn(batches[index])
    except Exception as error:  # carried to the parent and raised there
        return _RemoteError(error)


def _can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def map_batches(
    fn: Callable[[_B], _R],
    batches: Sequence[_B],
    *,
    workers: int | None = None,
    on_result: Callable[[int, _R], None] | None = None,
    meanwhile: Callable[[], None] | None = None,
) -> list[_R]:
    """``[fn(batch) for batch in batches]``, the batches spread over worker processes.

    Parameters
    ----------
    fn : callable
        Computes one batch's result. It must not depend on which process runs it, nor on
        the order of the batches. It need not be picklable (the workers are forked).
    batches : sequence
        The independent pieces of work.
    workers : int, optional
        Processes to use; default :func:`current_workers`. Never more than the batches:
        one batch, or one worker, runs in this process with no pool started.
    on_result : callable, optional
        ``on_result(index, result)``, called in this process as each batch finishes (in
        completion order), e.g. to advance a progress bar.
    meanwhile : callable, optional
        Work for this process while the workers run the batches (it would otherwise wait):
        called once the workers are forked, so they do not inherit what it makes. Not
        called when no pool is started; its exception is raised, the batches dropped.

    Returns
    -------
    list
        The results in the order of ``batches``, whatever the order they finished in.

    Raises
    ------
    CredenceError
        When a worker process died (killed, out of memory).
    Exception
        The first exception ``fn`` raised, of its own type, re-raised here.
    """
    batches = list(batches) if not isinstance(batches, Sequence) else batches
    count = min(current_workers() if workers is None else workers, len(batches))
    if count <= 1 or not _can_fork():
        results = []
        for index, batch in enumerate(batches):
            results.append(fn(batch))
            if on_result is not None:
                on_result(index, results[-1])
        return results
    return _map_in_pool(fn, batches, count, on_result, meanwhile)


def _map_in_pool(
    fn: Callable[[_B], _R],
    batches: Sequence[_B],
    workers: int,
    on_result: Callable[[int, _R], None] | None,
    meanwhile: Callable[[], None] | None = None,
) -> list[_R]:
    # Imported here: a run that starts no pool (one article) does not pay for them.
    import multiprocessing
    from concurrent.futures import FIRST_EXCEPTION, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    call = next(_CALLS)
    with _INHERITED_LOCK:
        _INHERITED[call] = (fn, batches)
    results: list[Any] = [None] * len(batches)
    try:
        with (
            frozen_heap(),
            ProcessPoolExecutor(
                max_workers=workers,
                mp_context=multiprocessing.get_context("fork"),
                initializer=_start_worker,
            ) as pool,
        ):
            futures: dict[Future[Any], int] = {
                pool.submit(_run_inherited, call, index): index for index in range(len(batches))
            }
            if meanwhile is not None:  # the workers are forked at the first submit
                _do_meanwhile(meanwhile, futures)
            pending = set(futures)
            while pending:
                done, pending = wait(pending, return_when=FIRST_EXCEPTION)
                for future in done:
                    index = futures[future]
                    result = future.result()
                    if isinstance(result, _RemoteError):
                        for other in pending:
                            other.cancel()
                        raise result.rebuild()
                    results[index] = result
                    if on_result is not None:
                        on_result(index, result)
    except BrokenProcessPool:
        raise CredenceError(
            "a worker process died (out of memory, or killed); try again with --workers 1"
        ) from None
    finally:
        with _INHERITED_LOCK:
            _INHERITED.pop(call, None)
    return results


def _do_meanwhile(meanwhile: Callable[[], None], futures: Iterable[Future[Any]]) -> None:
    try:
        meanwhile()
    except BaseException:
        for future in futures:  # the pool's exit would wait for every batch
            future.cancel()
        raise


def imap_batches(
    fn: Callable[[_B], _R],
    batches: Sequence[_B],
    *,
    workers: int | None = None,
    ahead: int | None = None,
) -> Iterator[_R]:
    """``fn(batch)`` of each batch, yielded in order as the workers finish them: one pool
    for the whole sequence, no barrier between batches.

    The caller reads each result while the workers go on with the next batches (at most
    ``ahead`` results wait in this process), so a long sequence of small batches (the
    claims' text, written as it comes) costs one pool start, and neither side waits for
    the other but at the end.

    Parameters
    ----------
    fn : callable
        As :func:`map_batches`.
    batches : sequence
    workers : int, optional
        Default :func:`current_workers`; one worker, or one batch, runs in this process.
    ahead : int, optional
        Batches handed out and not yet yielded, at most (default: three a worker).

    Yields
    ------
    object
        ``fn(batch)``, in the order of ``batches``.

    Raises
    ------
    CredenceError
        When a worker process died.
    Exception
        The first exception ``fn`` raised, re-raised here when its batch's turn comes.

    Examples
    --------
    >>> list(imap_batches(sum, [[1, 2], [3]], workers=1))
    [3, 3]
    """
    batches = list(batches) if not isinstance(batches, Sequence) else batches
    count = min(current_workers() if workers is None else workers, len(batches))
    if count <= 1 or not _can_fork():
        for batch in batches:
            yield fn(batch)
        return
    yield from _imap_in_pool(fn, batches, count, max(1, ahead or 3 * count))


def _imap_in_pool(
    fn: Callable[[_B], _R], batches: Sequence[_B], workers: int, ahead: int
) -> Iterator[_R]:
    import multiprocessing
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    call = next(_CALLS)
    with _INHERITED_LOCK:
        _INHERITED[call] = (fn, batches)
    frozen = frozen_heap()
    frozen.__enter__()
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_start_worker,
    )
    waiting: deque[Future[Any]] = deque()
    try:
        handed = 0
        while handed < len(batches) or waiting:
            while handed < len(batches) and len(waiting) < ahead:
                waiting.append(pool.submit(_run_inherited, call, handed))
                handed += 1
            result = waiting.popleft().result()
            if isinstance(result, _RemoteError):
                raise result.rebuild()
            yield result
    except BrokenProcessPool:
        raise CredenceError(
            "a worker process died (out of memory, or killed); try again with --workers 1"
        ) from None
    finally:
        # Also when the caller stops reading early: the batches not started are dropped.
        for future in waiting:
            future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)
        frozen.__exit__(None, None, None)
        with _INHERITED_LOCK:
            _INHERITED.pop(call, None)


class RowsInWorkers:
    """A model whose ``predict_proba(rows)`` is read in batches by the workers.

    For models that score each row alone (one probability a row, whatever the other rows:
    the uncertainty model), so that the batches may go to different processes and the
    result is the same, in the same order, as one call. One pool serves a whole call.

    Parameters
    ----------
    model : object
        Has ``predict_proba(rows) -> one probability a row``.
    batch_size : int
        Rows a batch (bounds the model's feature matrices in memory).

    Examples
    --------
    >>> class Length:
    ...     def predict_proba(self, rows):
    ...         return [len(r) / 10 for r in rows]
    >>> RowsInWorkers(Length(), batch_size=2).predict_proba(["a", "bb", "ccc"]).tolist()
    [0.1, 0.2, 0.3]
    """

    def __init__(self, model: Any, batch_size: int = 2048) -> None:
        if batch_size < 1:
            raise ValueError(
                f"The 'batch_size' parameter must be >= 1. Got {batch_size!r} instead."
            )
        self.model = model
        self.batch_size = batch_size

    def predict_proba(self, rows: Sequence[Any]) -> Any:
        """``model.predict_proba(rows)`` as one float64 array, batches read by the workers."""
        import numpy as np

        rows = list(rows)
        size = self.batch_size
        batches = [rows[lo : lo + size] for lo in range(0, len(rows), size)]
        read = map_batches(self.model.predict_proba, batches)
        out = np.zeros(len(rows), dtype=np.float64)
        for lo, proba in zip(range(0, len(rows), size), read, strict=True):
            out[lo : lo + size] = np.asarray(proba, dtype=np.float64).reshape(-1)
        return out
