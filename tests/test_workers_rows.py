"""Claim rows made where the articles are analysed (issue 13 item 6): the same rows as
``build_rows`` in one process, with one or two workers, and no spans sent back."""

from __future__ import annotations

from pathlib import Path

import pytest

from credence.document import Article
from credence.ingest import read_articles
from credence.scoring import article_batches
from credence.scoring.article_batches import analysed_rows
from credence.scoring.claim_rows import build_rows
from credence.scoring.engine import analyze_all
from credence.scoring.priors import ScoringPriors

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

# A paragraph syndicated across two outlets, a person named in full in one article and by
# surname in another, and an article repeating its own paragraph.
_SHARED = (
    "The regional water board approved a 12 percent rate increase on Tuesday, citing the "
    "cost of replacing pipes laid in the 1950s, according to board minutes."
)
_WRITTEN = [
    Article(
        id="a",
        text=f"{_SHARED}\n\nMaria Delgado, the board's chair, said the vote was 5 to 2.",
        outlet="Valley Times",
    ),
    Article(
        id="b",
        text=f"{_SHARED}\n\nDelgado said customers would see the change in March.",
        outlet="Coast Ledger",
    ),
    Article(
        id="c",
        text=(
            "Officials reportedly closed 14 schools after the storm.\n\n"
            "Officials reportedly closed 14 schools after the storm.\n\n"
            "The district said 3,200 pupils were affected, a spokesman told reporters."
        ),
        outlet="Daily Post",
    ),
]


def _view(row):
    # Everything a row says but the analysis object it points at.
    return (
        row.claim.id,
        row.article_index,
        row.sentence_key,
        row.paragraph,
        row.canonical_paragraph,
        row.duplicate,
        row.copy_keys,
        row.origin,
        row.outlet,
        row.measures,
        row.hedges,
        row.disclaimed,
        row.anonymous,
        row.asserted,
    )


@pytest.fixture(scope="module")
def articles():
    return [*_WRITTEN, *read_articles([str(EXAMPLES)]).articles]


@pytest.fixture(scope="module")
def expected(scorer, articles):
    analyses = analyze_all(
        articles, extractors=scorer.extractors, claim_model=scorer.claim_model, workers=1
    )
    return [_view(r) for r in build_rows(analyses, ScoringPriors())]


@pytest.mark.parametrize("workers", [1, 2])
def test_workers_rows_are_the_rows_of_one_process(scorer, articles, expected, workers):
    made = analysed_rows(
        articles, extractors=scorer.extractors, claim_model=scorer.claim_model, workers=workers
    )
    assert [_view(r) for r in made.rows] == expected
    # The set's own facts are there: a copy key across outlets, a repeat within an article,
    # and the surname joined to the full name another article gives.
    by_id = {v[0]: v for v in expected}
    assert by_id["a:c0"][6] == by_id["b:c0"][6] != ()
    assert by_id["c:c1"][5] and by_id["c:c1"][4] == 0
    assert by_id["b:c1"][7].name == "Maria Delgado"


def test_workers_rows_analyses_come_back_without_spans(scorer, articles):
    made = analysed_rows(
        articles, extractors=scorer.extractors, claim_model=scorer.claim_model, workers=2
    )
    assert len(made.analyses) == len(articles)
    assert all(a.spans == {} for a in made.analyses)
    # The caller's own articles, and each row points at its article's analysis.
    assert all(a.article is b for a, b in zip(made.analyses, articles, strict=True))
    assert all(r.analysis is made.analyses[r.article_index] for r in made.rows)
    assert sum(len(a.claims) for a in made.analyses) == len(made.rows)


def test_workers_rows_chunks_cover_every_article_once(monkeypatch):
    monkeypatch.setattr(article_batches, "_MIN_ARTICLES_PER_CHUNK", 2)
    runs = article_batches._chunks(11, 2)
    assert runs[0][0] == 0 and runs[-1][1] == 11
    assert all(a[1] == b[0] for a, b in zip(runs, runs[1:], strict=False))
    assert len(runs) > 2
    assert article_batches._chunks(11, 1) == [(0, 11)]


def test_workers_rows_progress_is_ticked_once_an_article(scorer, articles):
    ticks = []
    analysed_rows(
        articles,
        extractors=scorer.extractors,
        claim_model=scorer.claim_model,
        workers=2,
        progress=lambda: ticks.append(1),
    )
    assert len(ticks) == len(articles)
