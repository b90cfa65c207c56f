"""imap_batches: one pool for a whole sequence, results yielded in input order as they come."""

from __future__ import annotations

import os
import time

import pytest

from credence.errors import CredenceError, InputError
from credence.scoring.parallel import imap_batches


def _slow_first(batch: int) -> tuple[int, int]:
    # The first batch finishes last, so completion order differs from input order.
    time.sleep(0.3 if batch == 0 else 0.0)
    return batch * 10, os.getpid()


def test_parallel_imap_yields_in_input_order_from_one_pool():
    results = list(imap_batches(_slow_first, list(range(8)), workers=2, ahead=3))
    assert [value for value, _ in results] == [0, 10, 20, 30, 40, 50, 60, 70]
    workers = {pid for _, pid in results}
    # Every batch ran in one of the two workers of one pool (no pool a batch).
    assert os.getpid() not in workers
    assert len(workers) <= 2


def test_parallel_imap_one_worker_runs_here_lazily():
    made = []

    def record(batch: int) -> int:
        made.append(batch)
        return batch

    results = imap_batches(record, [1, 2, 3], workers=1)
    assert made == []  # nothing made before it is read
    assert next(results) == 1 and made == [1]
    assert list(results) == [2, 3]


def _fail_on_two(batch: int) -> int:
    if batch == 2:
        raise InputError("articles.jsonl", "no text", line=2)
    return batch


def test_parallel_imap_error_is_raised_at_its_batch_with_its_type():
    results = imap_batches(_fail_on_two, [0, 1, 2, 3], workers=2)
    assert next(results) == 0
    assert next(results) == 1
    with pytest.raises(InputError, match=r"^articles.jsonl, line 2: no text$"):
        next(results)


def _die(_: int) -> int:
    os._exit(3)


def test_parallel_imap_dead_worker_is_one_credence_error():
    with pytest.raises(CredenceError, match="a worker process died"):
        list(imap_batches(_die, [1, 2, 3], workers=2))


def test_parallel_imap_reader_stopping_early_stops_the_pool():
    results = imap_batches(_slow_first, list(range(50)), workers=2, ahead=2)
    assert next(results)[0] == 0
    started = time.perf_counter()
    results.close()  # the batches not handed out are dropped, the pool shut down
    assert time.perf_counter() - started < 5
