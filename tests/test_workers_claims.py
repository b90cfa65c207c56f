"""Scored claims made and written by the workers: the same text as one process (issue 13
item 6)."""

from __future__ import annotations

from pathlib import Path

import pytest

from credence.ingest import read_articles
from credence.scoring import claim_batches
from credence.scoring.parallel import using_workers
from credence.scoring.report_json import json_chunks, jsonl_lines

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="module")
def articles():
    return read_articles([str(EXAMPLES)]).articles


def _written(scorer, articles, workers: int, write) -> str:
    with using_workers(workers):
        return "".join(write(scorer.score_stream(articles)))


@pytest.mark.parametrize("write", [json_chunks, jsonl_lines], ids=["json", "jsonl"])
def test_workers_claims_two_workers_write_what_one_process_writes(
    scorer, articles, monkeypatch, write
):
    # Small windows and runs, so that the examples' claims cross several pools and runs.
    monkeypatch.setattr(claim_batches, "_WINDOW", 10)
    monkeypatch.setattr(claim_batches, "_MIN_CLAIMS_PER_RUN", 3)
    monkeypatch.setattr(claim_batches, "_RUN", 4)
    one = _written(scorer, articles, 1, write)
    two = _written(scorer, articles, 2, write)
    assert one.count('"claim_id"') > 20 or one.count("\n") > 20
    assert two == one


def test_workers_claims_sources_are_counted_once_by_the_workers(scorer, articles, monkeypatch):
    monkeypatch.setattr(claim_batches, "_MIN_CLAIMS_PER_RUN", 3)
    with using_workers(1):
        alone = scorer.score_stream(articles)
        list(alone.claims)
    with using_workers(2):
        shared = scorer.score_stream(articles)
        texts = list(claim_batches.claim_texts(shared.stage, str))
    assert len(texts) == len(shared.stage.rows) > 6
    assert shared.sources() == alone.sources()
    assert sum(s.claims for s in shared.sources()) >= len(texts)


def test_workers_claims_are_made_once_a_stage(scorer, articles):
    from credence.errors import ModelError

    with using_workers(2):
        report = scorer.score_stream(articles)
        list(claim_batches.claim_texts(report.stage, str, workers=2))
        with pytest.raises(ModelError, match="the claims were made already"):
            list(claim_batches.claim_texts(report.stage, str, workers=2))


def test_workers_claims_written_after_the_workers_block_still_use_its_workers(
    scorer, articles, monkeypatch
):
    # The CLI scores inside ``using_workers`` and writes the report after the block: the
    # claims (a sixth of the CPU) were then made by the parent alone.
    monkeypatch.setattr(claim_batches, "_MIN_CLAIMS_PER_RUN", 3)
    used = []
    real = claim_batches.imap_batches

    def recorded(fn, batches, *, workers=None, **kwargs):
        used.append(workers)
        return real(fn, batches, workers=workers, **kwargs)

    monkeypatch.setattr(claim_batches, "imap_batches", recorded)
    with using_workers(2):
        report = scorer.score_stream(articles)
    with using_workers(1):
        expected = "".join(json_chunks(scorer.score_stream(articles)))
    written = "".join(json_chunks(report))
    assert used and set(used) == {2}
    assert written == expected
