"""Streaming a store run: claims scored, saved and written one at a time, nothing kept.

The cross-article stage is :func:`credence.scoring.corroboration.prepare_scoring`; its
scored claims come one at a time from :meth:`ScoringStage.scored_claims` and the sources
table is a tally of them. A store run (:class:`credence.scoring.incremental.StreamedRun`)
hands each line over before the next claim is made and saves the scores at the end.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from credence import Scorer
from credence.errors import ModelError
from credence.ingest import read_articles
from credence.scoring.article_header import ArticleHeader, header_of
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


def test_stream_store_stage_keeps_no_article_text(scorer, tmp_path):
    # A store run's rows keep their article's header, and the stage reads the analyses it
    # needs (stories, attribute slips, sources table, report) from the store: no stage
    # holds every stored article's text, paragraphs and sentences.
    articles = read_articles([str(ROOT / "examples")]).articles
    with ClaimStore(tmp_path / "c.db") as store:
        run = StreamedRun.start(scorer, articles, store)
        rows, kept = run.stage.rows, run.stage.analyses
        assert rows and all(isinstance(r.analysis, ArticleHeader) for r in rows)
        with pytest.raises(AttributeError):
            rows[0].analysis.article.text  # noqa: B018 - a header has no text to read
        assert not isinstance(kept, list) and len(kept) == len(articles)
        stored = list(store.analyses())
        assert [r.analysis.article for r in rows] == [
            header_of(stored[r.article_index]).article for r in rows
        ]
        # Read again from the store, without spans, whenever a later stage asks.
        assert kept[1] == replace(stored[1], spans={}) and kept[1] is kept[1]
        assert store.stored_analyses().headers() == [header_of(a) for a in stored]
        streamed = list(run.lines())
    batch = [json.dumps(c.to_dict(), ensure_ascii=False) + "\n" for c in
             scorer.score(articles).claims]  # fmt: skip
    assert streamed == batch


def test_stream_stored_analyses_index_by_seq_after_a_replaced_article(scorer, tmp_path):
    # A corrected article moves to the end of the store order: its seq leaves a gap, and an
    # index must still find the article at that position (not by seq = position + 1).
    articles = read_articles([str(ROOT / "examples")]).articles
    first = articles[0]
    corrected = replace(first, text=first.text + "\n\nThe ministry confirmed it on Friday.")
    with ClaimStore(tmp_path / "c.db") as store:
        store.add(scorer.analyze(articles), store.begin_run(len(articles)))
        store.add(scorer.analyze([corrected]), store.begin_run(1))
        stored = store.stored_analyses()
        order = [a.article.id for a in stored]
        assert order == [a.id for a in articles[1:]] + [first.id]
        assert [stored[i].article.id for i in range(len(stored))] == order
        assert stored[-1].article.text == corrected.text
        assert [h.article.id for h in stored.headers()] == order


def test_stream_store_run_reads_a_generator_a_batch_at_a_time(scorer, tmp_path):
    articles = read_articles([str(ROOT / "examples")]).articles
    taken: list[int] = []  # stored articles when each input article is drawn

    def given(store):
        for article in articles:
            taken.append(store.article_count())
            yield article

    with ClaimStore(tmp_path / "c.db") as store:
        run = StreamedRun.start(scorer, given(store), store, batch_articles=2)
        streamed = list(run.lines())
        report = run.report()
        counts = run.counts
    # The third article is drawn after the first batch of two is analysed and stored: the
    # input is never read whole before the analysis starts.
    assert taken[:4] == [0, 0, 2, 2]
    with ClaimStore(tmp_path / "listed.db") as store:
        listed = StreamedRun.start(scorer, articles, store)
        assert streamed == list(listed.lines())
        assert report.sources == listed.report().sources
    assert counts["articles_given"] == counts["articles_new"] == len(articles)


def test_stream_store_run_refuses_a_repeated_id_at_its_batch(scorer, tmp_path):
    from credence.document import Article
    from credence.errors import InputError

    first = [Article(id=f"a{k}", text="Troops arrived on Monday.") for k in range(3)]
    given = (a for a in [*first, Article(id="a0", text="Ships left.")])
    with ClaimStore(tmp_path / "c.db") as store:
        with pytest.raises(InputError, match="items 1 and 4 have the same id 'a0'"):
            StreamedRun.start(scorer, given, store, batch_articles=3)
        # The batch before the repeated id is stored, whole; the repeat is not.
        assert store.article_count() == 3
        assert store.conn.execute("SELECT COUNT(*) FROM claims").fetchone()[0] >= 3


def test_stream_stage_share_limit_changes_no_claim(scorer, analyses):
    # A streamed run forgets the shared contributions as it goes (they would grow with
    # every claim); the claims and the sources table are the same.
    shared = prepare_scoring(analyses, **_models(scorer))
    bounded = prepare_scoring(analyses, **_models(scorer))
    kept = [c.to_dict() for c in shared.scored_claims()]
    assert [c.to_dict() for c in bounded.scored_claims(share_limit=1)] == kept
    assert bounded.sources() == shared.sources()


def test_stream_store_stage_keeps_no_article_read_by_index(scorer, tmp_path):
    articles = read_articles([str(ROOT / "examples")]).articles
    with ClaimStore(tmp_path / "c.db") as store:
        run = StreamedRun.start(scorer, articles, store)
        # The attribute slips read the stories' articles by index; once the stage is
        # built none of them stays for the output.
        assert run.stage.analyses._cache == {}
        lines = list(run.lines())
    assert len(lines) == run.counts["claims_scored"]


def test_stream_sentence_outputs_do_not_depend_on_the_batch(scorer, analyses):
    # The batch size bounds the step's transient memory; each text is read alone.
    from credence.scoring.corroboration import sentence_outputs

    texts = [c.text for a in analyses for c in a.claims]
    whole = sentence_outputs(scorer.uncertainty_model, texts, batch_size=len(texts))
    small = sentence_outputs(scorer.uncertainty_model, texts, batch_size=3)
    assert len(texts) > 3
    assert small.uncertainty.tolist() == whole.uncertainty.tolist()
    assert small.second()[0].tolist() == whole.second()[0].tolist()
    assert small.second()[1] == whole.second()[1]
