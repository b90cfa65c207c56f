"""Score tables labelled by the workers (issue 13 item 6): the same tables, labels and
scores as one process."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from credence.ingest import read_articles
from credence.scoring import table_batches
from credence.scoring.formula import ItemsByClaim
from credence.scoring.parallel import using_workers

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="module")
def articles():
    return read_articles([str(EXAMPLES)]).articles


def _stage(scorer, articles, workers):
    with using_workers(workers):
        return scorer.score_stream(articles).stage


def test_workers_tables_two_workers_label_as_one_process(scorer, articles, monkeypatch):
    # Tiny runs, so that the examples' items are labelled in several workers' runs.
    monkeypatch.setattr(table_batches, "_MIN_ITEMS_PER_RUN", 2)
    calls = []
    real = table_batches.claim_labels

    def counted(rows, evidence_of, by_claim, claims, priors):
        calls.append(len(claims))
        return real(rows, evidence_of, by_claim, claims, priors)

    monkeypatch.setattr(table_batches, "claim_labels", counted)
    one = _stage(scorer, articles, 1)
    two = _stage(scorer, articles, 2)
    assert sum(len(labels) > 1 for labels in one.labels) > 5
    assert [list(x) for x in two.labels] == [list(x) for x in one.labels]
    for mine, theirs in zip(two.scores, one.scores, strict=True):
        np.testing.assert_array_equal(mine, theirs)
    # The second stage's labels came in several runs (in the workers: not counted here).
    assert calls and calls[0] == len([c for c in one.labels if c])


def test_workers_tables_runs_cover_the_claims_in_order(monkeypatch):
    monkeypatch.setattr(table_batches, "_MIN_ITEMS_PER_RUN", 3)
    item_claim = np.array([0, 0, 0, 0, 2, 2, 3, 5, 5, 5, 5, 5, 6, 7, 7, 7])
    by_claim = ItemsByClaim(item_claim, 8)
    claims = by_claim.claims.tolist()
    runs = table_batches._runs(by_claim, claims, 2)
    assert len(runs) > 1
    assert runs[0][0] == 0 and runs[-1][1] == len(claims)
    assert all(a[1] == b[0] for a, b in zip(runs, runs[1:], strict=False))
    assert table_batches._runs(by_claim, claims, 1) == [(0, len(claims))]
