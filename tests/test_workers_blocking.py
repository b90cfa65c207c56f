"""Blocking in the workers (issue 13 item 6): the same candidate pairs as one process."""

from __future__ import annotations

import datetime as dt

import numpy as np

from credence.scoring import matching
from credence.scoring.matching import candidate_arrays, claim_vectors
from credence.scoring.parallel import using_workers

_SUBJECTS = ["the dam", "the bridge", "the port", "the mine", "the airport", "the school"]
_EVENTS = ["closed after the flood", "reopened on Monday", "was sold to investors"]


def _texts() -> list[str]:
    return [
        f"Officials said {s} {e} in {town}, leaving {n} people without work."
        for s in _SUBJECTS
        for e in _EVENTS
        for town, n in (("Tarn", 120), ("Lund", 3400))
    ]


def test_workers_blocking_chunks_in_two_workers_give_one_process_pairs(monkeypatch):
    texts = _texts()
    X, _ = claim_vectors(texts)
    block = [(k // 3, 0) for k in range(len(texts))]
    dates = [dt.date(2024, 1, 1) + dt.timedelta(days=40 * (k % 11)) for k in range(len(texts))]
    calls = []
    real = matching.map_batches

    def recorded(fn, batches, **kwargs):
        calls.append(len(batches))
        return real(fn, batches, **kwargs)

    monkeypatch.setattr(matching, "map_batches", recorded)
    found = {}
    for workers in (1, 2):
        with using_workers(workers):
            found[workers] = candidate_arrays(
                X, top_k=3, block=block, dates=dates, date_window_days=200, chunk_size=5
            )
    assert found[1][0].size > 10
    for mine, theirs in zip(found[2], found[1], strict=True):
        np.testing.assert_array_equal(mine, theirs)
    assert calls == [-(-len(texts) // 5)] * 2
