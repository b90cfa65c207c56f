"""The uncertainty model's batches read by the evidence pool's workers (issue 13 item 6):
the same outputs and hedge cue reasons as the model's own calls, and no pool of their own
(they forked two more pools at the end of ``credence score``)."""

from __future__ import annotations

import os

import numpy as np
import pytest

from credence.scoring import parallel
from credence.scoring.calls_ahead import CallsAhead
from credence.scoring.parallel import using_workers


class _Lengths:
    """One figure a text, whatever the batch: its length; remembers who was asked."""

    def __init__(self) -> None:
        self.asked: list[list[str]] = []

    def predict_proba(self, texts):
        self.asked.append(list(texts))
        return np.array([len(t) / 100 for t in texts])


def _read(model):
    texts = [f"claim number {k}" for k in range(11)]
    return [p for lo in range(0, 11, 4) for p in model.predict_proba(texts[lo : lo + 4])]


def test_calls_ahead_answers_each_batch_with_the_models_own_result():
    model = _Lengths()
    ahead = CallsAhead(model)
    ahead.record(_read)
    assert [len(texts) for _, texts in ahead.calls] == [4, 4, 3]
    assert model.asked == []  # the dry run asks the model nothing
    results = [ahead.task(k) for k in range(len(ahead.calls))]
    model.asked.clear()
    assert _read(ahead.answered(results)) == _read(_Lengths())
    assert model.asked == []  # every batch answered from the results


def test_calls_ahead_a_batch_not_recorded_is_asked_of_the_model():
    model = _Lengths()
    ahead = CallsAhead(model)
    ahead.record(lambda m: m.predict_proba(["a"]))
    answered = ahead.answered([ahead.task(0)])
    assert list(answered.predict_proba(["bb"])) == [0.02]
    assert model.asked[-1] == ["bb"]
    assert not hasattr(answered, "predict_outputs")  # the stand-in has what the model has


def test_calls_ahead_the_stand_in_runs_with_one_worker():
    seen = []
    ahead = CallsAhead(_Lengths())
    with using_workers(2):
        ahead.record(lambda m: seen.append(parallel.current_workers()))
    assert seen == [1]


def _pid_model():
    class ProcessIds:
        def predict_proba(self, texts):
            return np.array([float(os.getpid())] * len(texts))

    return ProcessIds()


def test_calls_ahead_batches_ride_in_the_evidence_pool(scorer, monkeypatch):
    from pathlib import Path

    from credence.ingest import read_articles
    from credence.scoring import evidence_batches
    from credence.scoring.claim_rows import build_rows
    from credence.scoring.evidence import evidence_items, pair_reader
    from credence.scoring.evidence_batches import items_and_model_readings
    from credence.scoring.matching import stance_probabilities
    from credence.scoring.priors import ScoringPriors

    examples = Path(__file__).resolve().parents[1] / "examples"
    analyses = scorer.analyze(read_articles([str(examples)]).articles)
    priors = ScoringPriors()
    rows = build_rows(analyses, priors)
    n = len(rows)
    pairs = np.array([(a, b) for a in range(n) for b in range(a + 1, n)], dtype=np.int64)
    texts = [r.claim.text for r in rows]
    proba = stance_probabilities(
        pair_reader(scorer.stance_model, scorer.agreement_model), texts, pairs
    )
    alone = evidence_items(rows, pairs, proba, priors)
    monkeypatch.setattr(evidence_batches, "_MIN_PAIRS_PER_RUN", 7)
    pools = []
    pool = parallel._map_in_pool
    monkeypatch.setattr(
        parallel, "_map_in_pool", lambda *a, **k: pools.append(len(a[1])) or pool(*a, **k)
    )

    def read(model):
        return [
            p for lo in range(0, len(texts), 5) for p in model.predict_proba(texts[lo : lo + 5])
        ]

    shared, readings = items_and_model_readings(
        rows, pairs, proba, priors, _pid_model(), read, workers=2
    )
    assert len(pools) == 1  # one pool: the runs of pairs and the model's batches
    assert pools[0] == 2 + -(-len(texts) // 5)
    got = readings()
    assert len(got) == len(texts) and os.getpid() not in got
    assert len(pools) == 1  # answered without another pool
    assert np.array_equal(shared.claim, alone.claim)
    assert [shared[k] for k in range(len(shared))] == [alone[k] for k in range(len(alone))]


@pytest.mark.parametrize("workers", [1, 2])
def test_calls_ahead_uncertainty_outputs_and_cue_reasons_are_the_models_own(scorer, workers):
    from pathlib import Path

    from credence.ingest import read_articles
    from credence.scoring.claim_rows import build_rows
    from credence.scoring.corroboration import _reader_of
    from credence.scoring.evidence_batches import items_and_model_readings
    from credence.scoring.priors import ScoringPriors

    examples = Path(__file__).resolve().parents[1] / "examples"
    analyses = scorer.analyze(read_articles([str(examples)]).articles)
    priors = ScoringPriors()
    rows = build_rows(analyses, priors)
    texts = [r.claim.text for r in rows]
    pairs = np.zeros((0, 2), dtype=np.int64)
    with using_workers(1):
        outputs, reasons = _reader_of(rows, texts)(scorer.uncertainty_model)
    _, readings = items_and_model_readings(
        rows,
        pairs,
        np.zeros((0, 4)),
        priors,
        scorer.uncertainty_model,
        _reader_of(rows, texts),
        workers=workers,
    )
    got_outputs, got_reasons = readings()
    assert any(reasons)  # the examples have hedge cues that move P(uncertain)
    assert got_reasons == reasons
    assert np.array_equal(got_outputs.uncertainty, outputs.uncertainty)
    if outputs.nonfactual is not None:
        assert np.array_equal(got_outputs.nonfactual, outputs.nonfactual)
        assert got_outputs.reasons == outputs.reasons
