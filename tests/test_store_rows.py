"""A store's claim rows are kept at add and read back by a run, not made from the analyses."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from credence import Article
from credence.scoring import corroboration
from credence.scoring.article_header import headers
from credence.scoring.claim_rows import build_rows
from credence.scoring.incremental import score_into_store
from credence.scoring.priors import ScoringPriors
from credence.scoring.store import ClaimStore
from credence.scoring.stored_rows import ROWS_VERSION, ensure_rows


def _scores(claims) -> dict[str, tuple[float, float]]:
    return {c.id: (c.corroboration, c.uncertainty) for c in claims}


def test_store_rows_equal_the_rows_built_from_the_analyses(scorer, example_articles, tmp_path):
    priors = ScoringPriors()
    with ClaimStore(tmp_path / "s.db") as store:
        store.add(scorer.analyze(example_articles), store.begin_run(len(example_articles)))
        stored = store.stored_analyses()
        kept = stored.claim_rows(priors)
        built = build_rows(stored, priors, row_analysis=headers())
    assert len(kept) == len(built) > 20
    # Every field: claim, origin (joined across articles), measures, hedges, duplicate flags,
    # copy keys, asserted text, article index and header.
    assert kept == built
    assert {row.origin.kind for row in kept} >= {"outlet"}


def test_store_run_builds_no_row_from_an_analysis(scorer, example_articles, tmp_path, monkeypatch):
    with ClaimStore(tmp_path / "s.db") as store:
        first = score_into_store(scorer, example_articles, store, report_all=True)

        def refuse(*args, **kwargs):
            raise AssertionError("claim rows built from the stored analyses")

        # The store's rows are read from the article_rows table: the analyses' path is not taken.
        monkeypatch.setattr(corroboration, "build_rows", refuse)
        again = score_into_store(scorer, [], store, report_all=True)
    assert again.report.to_json() == first.report.to_json()


def _forget_rows(path: Path, version: str | None) -> None:
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("DELETE FROM article_rows WHERE article % 2 = 0")
        if version is None:
            conn.execute("DELETE FROM meta WHERE key = 'rows_version'")
        else:
            conn.execute("UPDATE meta SET value = ? WHERE key = 'rows_version'", (version,))
    conn.close()


@pytest.mark.parametrize(
    "version", [None, "rows of other code"], ids=["store before the table", "other code"]
)
def test_store_rows_are_made_again_for_old_stores(scorer, example_articles, tmp_path, version):
    path = tmp_path / "s.db"
    batch = scorer.score(example_articles)
    with ClaimStore(path) as store:
        score_into_store(scorer, example_articles, store, report_all=True)
    _forget_rows(path, version)
    with ClaimStore(path) as store:
        again = score_into_store(scorer, [], store, report_all=True)
        rows = store.conn.execute("SELECT COUNT(*) FROM article_rows").fetchone()[0]
        marked = store.conn.execute("SELECT value FROM meta WHERE key = 'rows_version'").fetchone()[
            0
        ]
        assert ensure_rows(store.conn) == 0  # all made: nothing left to make
    assert rows == len(example_articles)
    assert marked == ROWS_VERSION
    assert _scores(again.report.claims) == _scores(batch.claims)
    assert again.report.to_json() == batch.to_json()


def test_store_rows_go_with_their_article(scorer, tmp_path):
    articles = [
        Article(id="a", text="Floods killed 12 people on Monday, officials said."),
        Article(id="b", text="The mayor said 12 people died in the floods on Monday."),
    ]
    with ClaimStore(tmp_path / "s.db") as store:
        store.add(scorer.analyze(articles), store.begin_run(2))
        store.add(scorer.analyze([Article(id="a", text="Floods killed 14 people.")]), 2)
        count = store.conn.execute("SELECT COUNT(*) FROM article_rows").fetchone()[0]
        ids = [row.claim.id for row in store.stored_analyses().claim_rows(ScoringPriors())]
    assert count == 2
    # The replaced article's rows are its new version's, at the end of the store order.
    assert ids[-1].startswith("a:") and not any(i.startswith("a:") for i in ids[:-1])


@pytest.fixture
def shingled(monkeypatch) -> list[str]:
    """The texts shingled (signed for the near-duplicate groups) while a test runs."""
    from credence.scoring import independence

    texts: list[str] = []
    shingles = independence.shingles

    def counting(text, *args, **kwargs):
        texts.append(text)
        return shingles(text, *args, **kwargs)

    monkeypatch.setattr(independence, "shingles", counting)
    return texts


def test_chunk_rows_sign_each_paragraph_once_and_join_as_before(
    scorer, example_articles, tmp_path, shingled
):
    # Each pass of the chunked stage reads the same articles again: their paragraphs'
    # shingles and signatures are kept with the article, not made again at every read.
    import numpy as np

    from credence.scoring.blockwise_rows import StoredRowReader

    priors = ScoringPriors()
    with ClaimStore(tmp_path / "s.db") as store:
        store.add(scorer.analyze(example_articles), store.begin_run(len(example_articles)))
        seqs = np.array([s for (s,) in store.conn.execute("SELECT seq FROM claims ORDER BY seq")])
        fresh = StoredRowReader(store.conn, priors).read(seqs, seqs)
        # Other articles read for a few of their claims: a part of their paragraphs.
        part_fresh = StoredRowReader(store.conn, priors).read(seqs[::3], seqs[:5])
        reader = StoredRowReader(store.conn, priors)
        before = len(shingled)
        whole = reader.read(seqs, seqs)
        first_read = len(shingled)
        again = reader.read(seqs, seqs)
        part = reader.read(seqs[::3], seqs[:5])
    assert len(whole.rows) > 20 and first_read - before > 20
    assert len(shingled) == first_read  # the later reads signed nothing again
    assert whole.rows == fresh.rows == again.rows
    assert part.rows == part_fresh.rows


def test_chunk_rows_sign_only_the_paragraphs_a_partial_read_groups(
    scorer, example_articles, tmp_path, shingled
):
    # An article read for one of its claims (a candidate's) groups that claim's
    # paragraphs only, and only those are signed: signing every paragraph of every
    # article the candidates reach cost a third of a 50,000-article chunk.
    import numpy as np

    from credence.scoring.blockwise_rows import StoredRowReader

    with ClaimStore(tmp_path / "s.db") as store:
        store.add(scorer.analyze(example_articles), store.begin_run(len(example_articles)))
        rows = store.conn.execute("SELECT seq, article FROM claims ORDER BY seq").fetchall()
        first_article = [s for s, a in rows if a == rows[0][1]]
        probe = StoredRowReader(store.conn, ScoringPriors())
        probe.read(np.array([s for s, _ in rows]), np.array([s for s, _ in rows]))
        sizes = {a: len(stored.paragraphs) for a, stored in probe._cache.items()}
        longest = max((a for a in sizes if a != rows[0][1]), key=sizes.__getitem__)
        partner = next(s for s, a in rows if a == longest)  # a claim of the longest article
        reader = StoredRowReader(store.conn, ScoringPriors())
        before = len(shingled)
        read = reader.read(np.array([*first_article, partner]), np.array(first_article))
    own = sizes[rows[0][1]]
    assert len(read.rows) == len(first_article) + 1
    assert sizes[longest] > 2  # the partner's article has more paragraphs than it groups
    assert own <= len(shingled) - before <= own + 2  # its claim's paragraph (and canonical)
