"""Streaming a store run: claims scored, saved and written one at a time, nothing kept.

The cross-article stage is :func:`credence.scoring.corroboration.prepare_scoring`; its
scored claims come one at a time from :meth:`ScoringStage.scored_claims` and the sources
table is a tally of them. A store run (:class:`credence.scoring.incremental.StreamedRun`)
hands each line over before the next claim is made and saves the scores at the end.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from credence import Scorer
from credence.errors import ModelError
from credence.ingest import read_articles
from credence.scoring.corroboration import corroborate, prepare_scoring
from credence.scoring.evidence import pair_reader
from credence.scoring.incremental import StreamedRun, score_into_store
from credence.scoring.source_statistics import source_statistics
from credence.scoring.store import ClaimStore

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer.load()


@pytest.fixture(scope="module")
def analyses(scorer):
    return scorer.analyze(read_articles([str(ROOT / "examples")]).articles)


def _models(scorer):
    return {
        "stance_model": pair_reader(scorer.stance_model, scorer.agreement_model),
        "uncertainty_model": scorer.uncertainty_model,
    }


def test_stream_stage_claims_and_tally_equal_corroborate(scorer, analyses):
    whole = corroborate(analyses, **_models(scorer))
    stage = prepare_scoring(analyses, **_models(scorer))
    claims = list(stage.scored_claims())
    assert [c.to_dict() for c in claims] == [c.to_dict() for c in whole.claims]
    assert stage.sources() == whole.sources
    # The tally is the sources table computed from the kept claims.
    hedging = stage.scores[3]
    assert stage.sources() == source_statistics(
        stage.rows, analyses, claims, stage.reliability, hedging
    )


def test_stream_stage_makes_its_claims_once(scorer, analyses):
    stage = prepare_scoring(analyses, **_models(scorer))
    with pytest.raises(ModelError, match="sources: make the scored claims first"):
        stage.sources()
    list(stage.scored_claims())
    with pytest.raises(ModelError, match="the claims were made already"):
        list(stage.scored_claims())


def test_stream_shed_spans_drops_spans_not_scores(scorer, analyses):
    kept = prepare_scoring(analyses, **_models(scorer))
    shed = prepare_scoring(analyses, **_models(scorer), shed_spans=True)
    assert all(a.spans == {} for a in shed.analyses)
    assert all(row.analysis.spans == {} for row in shed.rows)
    assert any(a.spans for a in analyses)  # the caller's analyses are untouched
    assert [c.to_dict() for c in shed.scored_claims()] == [
        c.to_dict() for c in kept.scored_claims()
    ]
    assert shed.sources() == kept.sources()


def test_stream_store_run_hands_each_line_over_before_saving(scorer, tmp_path):
    articles = read_articles([str(ROOT / "examples")]).articles
    with ClaimStore(tmp_path / "c.db") as store:
        run = StreamedRun.start(scorer, articles, store)
        lines = run.lines()
        first = next(lines)
        # The first line exists while nothing is saved yet: the claims are not all made
        # (and kept) before the output starts.
        assert store.conn.execute("SELECT COUNT(*) FROM scores").fetchone()[0] == 0
        rest = list(lines)
        saved = store.conn.execute("SELECT COUNT(*) FROM scores").fetchone()[0]
        assert saved == run.counts["claims_scored"] == 1 + len(rest)
        report = run.report()
    assert report.claims == ()
    assert (
        json.loads(first)["id"]
        == json.loads(scorer.score(articles).to_jsonl().split("\n")[0])["id"]
    )
    with ClaimStore(tmp_path / "other.db") as store:
        kept = score_into_store(scorer, articles, store)
    assert [first, *rest] == [
        json.dumps(c.to_dict(), ensure_ascii=False) + "\n" for c in kept.report.claims
    ]
    assert report.sources == kept.report.sources


def test_stream_store_run_killed_before_the_end_keeps_the_old_scores(scorer, tmp_path):
    articles = read_articles([str(ROOT / "examples")]).articles
    with ClaimStore(tmp_path / "c.db") as store:
        score_into_store(scorer, articles[:1], store)
        before = store.conn.execute("SELECT claim, corroboration FROM scores").fetchall()
        run = StreamedRun.start(scorer, articles, store)
        lines = run.lines()
        next(lines)
        lines.close()  # the reader stops: the scores of the run are never committed
        after = store.conn.execute("SELECT claim, corroboration FROM scores").fetchall()
    assert after == before and before


def test_stream_stored_analyses_are_read_as_passes_reach_them(scorer, tmp_path):
    articles = read_articles([str(ROOT / "examples")]).articles
    with ClaimStore(tmp_path / "c.db") as store:
        score_into_store(scorer, articles, store)
        stored = store.stored_analyses()
        assert len(stored) == len(articles)
        first, again = list(stored), list(stored)
        # Each pass unpickles anew: nothing is kept between passes.
        assert first[0] is not again[0] and first[0] == again[0]
        assert stored[-1] == first[-1] and stored[0] == first[0]
        with pytest.raises(IndexError):
            stored[len(articles)]
        stage = prepare_scoring(stored, **_models(scorer), shed_spans=True)
        assert all(a.spans == {} for a in stage.analyses)
        whole = prepare_scoring(first, **_models(scorer))
        assert [c.to_dict() for c in stage.scored_claims()] == [
            c.to_dict() for c in whole.scored_claims()
        ]
