"""map_batches: results in input order, errors of their own type, no pool for one batch."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time

import pytest

from credence.errors import CredenceError, InputError
from credence.scoring.parallel import (
    current_workers,
    map_batches,
    usable_cores,
    using_workers,
)


def _slow_first(batch: int) -> tuple[int, int]:
    # The first batch finishes last, so completion order differs from input order.
    time.sleep(0.3 if batch == 0 else 0.0)
    return batch * 10, os.getpid()


def test_parallel_results_come_back_in_input_order_from_other_processes():
    finished = []
    results = map_batches(
        _slow_first, [0, 1, 2, 3], workers=2, on_result=lambda i, _: finished.append(i)
    )
    assert [value for value, _ in results] == [0, 10, 20, 30]
    assert {pid for _, pid in results} - {os.getpid()}, "no batch ran in a worker"
    assert sorted(finished) == [0, 1, 2, 3]


def test_parallel_one_batch_or_one_worker_runs_in_this_process():
    assert map_batches(_slow_first, [1], workers=4) == [(10, os.getpid())]
    assert map_batches(_slow_first, [1, 2], workers=1) == [(10, os.getpid()), (20, os.getpid())]
    assert map_batches(_slow_first, [], workers=2) == []


def _fail_on_two(batch: int) -> int:
    if batch == 2:
        raise InputError("articles.jsonl", "no text", line=2)
    return batch


def test_parallel_worker_error_is_raised_with_its_type_and_fields():
    # InputError(path, message, line) cannot be unpickled from its args alone.
    with pytest.raises(InputError, match=r"^articles.jsonl, line 2: no text$") as caught:
        map_batches(_fail_on_two, [1, 2, 3], workers=2)
    assert (caught.value.path, caught.value.line, caught.value.reason) == (
        "articles.jsonl",
        2,
        "no text",
    )


def _workers_inside(_: int) -> int:
    return current_workers()


def test_parallel_workers_do_not_start_pools_of_their_own():
    with using_workers(2):
        assert current_workers() == 2
        assert map_batches(_workers_inside, [1, 2]) == [1, 1]
    assert current_workers() == 1


def _die(_: int) -> int:
    os._exit(3)


def test_parallel_dead_worker_is_one_credence_error():
    with pytest.raises(CredenceError, match="a worker process died"):
        map_batches(_die, [1, 2], workers=2)


@pytest.mark.parametrize("bad", [0, -1, 1.5, True, "2"])
def test_parallel_using_workers_refuses_a_bad_number(bad):
    with pytest.raises(ValueError, match="'workers' parameter must be an integer >= 1"):
        with using_workers(bad):
            pass


def test_parallel_usable_cores_counts_this_process():
    assert 1 <= usable_cores() <= (os.cpu_count() or 1)


def test_parallel_openmp_used_before_the_fork_does_not_hang_the_workers():
    # GNU OpenMP deadlocks in a forked child that opens a multi-threaded parallel region
    # after the parent used OpenMP; the workers run it on one thread.
    code = textwrap.dedent(
        """
        import numpy as np
        from sklearn.ensemble import HistGradientBoostingClassifier
        from credence.scoring.parallel import map_batches
        X = np.random.default_rng(0).random((400, 4))
        model = HistGradientBoostingClassifier(max_iter=5).fit(X, X[:, 0] > 0.5)
        whole = model.predict_proba(X)
        parts = map_batches(model.predict_proba, [X[:200], X[200:]], workers=2)
        assert np.allclose(np.vstack(parts), whole)
        print("done")
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=False
    )
    assert done.stdout.strip() == "done", done.stderr[-2000:]


def _sigint_handler(_: int) -> bool:
    import signal

    return signal.getsignal(signal.SIGINT) is signal.SIG_IGN


def test_parallel_workers_leave_ctrl_c_to_the_parent():
    # An interrupted worker would print its own traceback; the CLI prints one line.
    assert map_batches(_sigint_handler, [1, 2], workers=2) == [True, True]


def test_parallel_without_fork_everything_runs_in_this_process(monkeypatch):
    import credence.scoring.parallel as parallel

    monkeypatch.setattr(parallel, "_can_fork", lambda: False)
    assert map_batches(_slow_first, [1, 2], workers=2) == [(10, os.getpid()), (20, os.getpid())]


def test_parallel_using_workers_and_extractors_are_exported_lazily():
    code = (
        "import sys, credence; assert 'credence.scoring.parallel' not in sys.modules; "
        "from credence import Extractors, using_workers; "
        "from credence.scoring.engine import Extractors as E; "
        "from credence.scoring.parallel import using_workers as u; "
        "assert (Extractors, using_workers) == (E, u); "
        "print(sorted(m for m in ('sklearn', 'numpy', 'scipy') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=300
    )
    assert done.stdout.strip() == "[]", done.stderr[-2000:]


class _ProcessIds:
    """A stand-in uncertainty model: each row's "probability" is the id of its process."""

    def predict_proba(self, rows):
        return [float(os.getpid())] * len(rows)


def test_parallel_uncertainty_batches_are_read_by_the_workers():
    # P(uncertain) of every claim and of every claim without each hedge cue were read in
    # this process, batch after batch, whatever --workers said: serial work that kept two
    # workers from scoring twice as fast as one.
    from credence.scoring.corroboration import uncertainty_probabilities
    from credence.scoring.parallel import RowsInWorkers

    texts = [f"claim {k}" for k in range(20)]
    with using_workers(2):
        read = uncertainty_probabilities(_ProcessIds(), texts, batch_size=5)
        rows = RowsInWorkers(_ProcessIds(), batch_size=5).predict_proba(texts)
    assert read.shape == (20,)
    assert set(read.tolist()) - {float(os.getpid())}
    assert set(rows.tolist()) - {float(os.getpid())}
    with using_workers(1):
        assert set(uncertainty_probabilities(_ProcessIds(), texts, batch_size=5)) == {
            float(os.getpid())
        }


def test_parallel_rows_in_workers_keep_the_order_of_one_call():
    from credence.scoring.parallel import RowsInWorkers

    class Length:
        def predict_proba(self, rows):
            return [len(r) / 100 for r in rows]

    rows = ["x" * k for k in range(37)]
    with using_workers(2):
        read = RowsInWorkers(Length(), batch_size=4).predict_proba(rows)
    assert read.tolist() == Length().predict_proba(rows)
    assert RowsInWorkers(Length()).predict_proba([]).shape == (0,)
    with pytest.raises(ValueError, match="'batch_size' parameter must be >= 1. Got 0"):
        RowsInWorkers(Length(), batch_size=0)


def _frozen_in_worker(_: int) -> int:
    import gc

    return gc.get_freeze_count()


def test_parallel_parent_objects_are_frozen_for_the_workers_only():
    import gc

    from credence.scoring.parallel import imap_batches

    before = gc.get_freeze_count()
    # The parent's objects are out of the workers' collections (no walk over inherited pages)...
    assert min(map_batches(_frozen_in_worker, [1, 2], workers=2)) > 1000
    assert min(imap_batches(_frozen_in_worker, [1, 2, 3], workers=2)) > 1000
    # ... and back in the parent's once the pool is done.
    assert gc.get_freeze_count() == before
