"""The claim store: incremental equals batch, dedupe, replacement, fingerprint, gc, export."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from credence import Article, Scorer
from credence.errors import DataError, InputError
from credence.ingest import read_articles
from credence.scoring.incremental import fingerprint, score_into_store
from credence.scoring.store import ClaimStore, article_hash
from credence.scoring.store_cache import CachedPairModel, CachedUncertaintyModel
from credence.scoring.store_maintenance import collect_garbage, export_lines, store_stats


def _scores(claims) -> dict[str, tuple[float, float]]:
    return {c.id: (c.corroboration, c.uncertainty) for c in claims}


def _assert_same_scores(got, want) -> None:
    a, b = _scores(got), _scores(want)
    assert a.keys() == b.keys()
    diff = max((max(abs(a[k][0] - b[k][0]), abs(a[k][1] - b[k][1])) for k in a), default=0.0)
    assert diff <= 1e-9, f"largest score difference {diff}"


def _three_batches(scorer, articles, path) -> object:
    third = max(1, len(articles) // 3)
    parts = [articles[:third], articles[third : 2 * third], articles[2 * third :]]
    with ClaimStore(path) as store:
        for part in parts:
            run = score_into_store(scorer, part, store, report_all=True)
    return run


def _incremental_equals_batch(scorer, articles, tmp_path) -> None:
    batch = scorer.score(articles)
    once = None
    with ClaimStore(tmp_path / "once.db") as store:
        once = score_into_store(scorer, articles, store, report_all=True)
    thrice = _three_batches(scorer, articles, tmp_path / "thrice.db")
    assert len(batch.claims) > 10
    _assert_same_scores(thrice.report.claims, batch.claims)
    _assert_same_scores(once.report.claims, batch.claims)
    # More than the two scores: the whole JSON (evidence, stories, sources) is the batch one.
    assert thrice.report.to_json() == batch.to_json()
    # The last run read pairs of the first two from the store.
    assert thrice.counts["readings_looked_up"] > 0


def test_store_three_batches_equal_one_run_examples(scorer, example_articles, tmp_path):
    _incremental_equals_batch(scorer, example_articles, tmp_path)


def test_store_three_batches_equal_one_run_seeds_and_examples(
    scorer, example_articles, seeds_dir, tmp_path
):
    seeds = list(read_articles([str(seeds_dir)]).articles)
    _incremental_equals_batch(scorer, [*seeds, *example_articles], tmp_path)


def _real_articles(data: Path, n: int) -> list[Article]:
    # The first n FNC-1 bodies and PolNeAR dev texts, as benchmarks/compare_blockwise.py reads them.
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from compare_blockwise import real_articles

    return real_articles(data, n)


def test_store_three_batches_equal_one_run_real_articles(
    scorer, example_articles, seeds_dir, shared_data, tmp_path
):
    seeds = list(read_articles([str(seeds_dir)]).articles)
    articles = [*seeds, *example_articles, *_real_articles(shared_data, 12)]
    _incremental_equals_batch(scorer, articles, tmp_path)


def test_store_second_run_analyses_and_reads_nothing_new(scorer, example_articles, tmp_path):
    with ClaimStore(tmp_path / "c.db") as store:
        first = score_into_store(scorer, example_articles, store)
        second = score_into_store(scorer, example_articles, store)
    assert first.counts["articles_new"] == len(example_articles)
    assert first.counts["readings_new"] > 0
    assert second.counts["articles_new"] == 0
    assert second.counts["readings_new"] == 0
    assert second.counts["claims_changed"] == 0
    assert second.report.to_json() == first.report.to_json()


def test_store_changed_article_is_reanalysed_and_replaces_the_old(scorer, tmp_path):
    old = Article(id="a", text="Floods killed 12 people in the delta on Monday, officials said.")
    new = replace(old, text="The port reopened on Friday after a three-day strike.")
    with ClaimStore(tmp_path / "c.db") as store:
        score_into_store(scorer, [old], store)
        run = score_into_store(scorer, [new], store)
        texts = [t for (t,) in store.conn.execute("SELECT text FROM claims")]
        assert store.article_count() == 1
    assert run.counts["articles_new"] == 1
    assert texts == [new.text]
    assert article_hash(old) != article_hash(new)


def test_store_article_hash_ignores_where_it_was_read_from():
    a = Article(id="a", text="Troops arrived.", source="x.txt")
    assert article_hash(a) == article_hash(replace(a, source="y/x.txt"))
    assert article_hash(a) != article_hash(replace(a, published=dt.date(2024, 1, 2)))


def test_store_refuses_other_models(scorer, tmp_path):
    with ClaimStore(tmp_path / "c.db") as store:
        store.check_fingerprint(fingerprint(scorer))
        other = {**fingerprint(scorer), "models": {"stance": "0" * 64}}
        with pytest.raises(DataError, match="built with other models"):
            store.check_fingerprint(other)


def test_store_refuses_a_file_that_is_not_a_store(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("not a database at all, just some words to fill a page " * 100)
    with pytest.raises(DataError, match="not a claim store"):
        ClaimStore(path)


def test_store_refuses_another_schema_version(tmp_path):
    path = tmp_path / "c.db"
    ClaimStore(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(DataError, match="schema version 99"):
        ClaimStore(path)


def test_store_readonly_missing_file_is_a_data_error(tmp_path):
    with pytest.raises(DataError, match="no claim store there"):
        ClaimStore(tmp_path / "missing.db", readonly=True)


def test_store_document_frequencies_follow_the_postings(scorer, example_articles, tmp_path):
    with ClaimStore(tmp_path / "c.db") as store:
        score_into_store(scorer, example_articles, store)
        counted = dict(store.conn.execute("SELECT term, COUNT(*) FROM postings GROUP BY term"))
        kept = dict(store.conn.execute("SELECT id, df FROM terms WHERE df > 0"))
        # Every claim's postings are stored: one per distinct term of its text.
        n_claims = store.conn.execute("SELECT COUNT(*) FROM claims").fetchone()[0]
    assert counted == kept
    assert n_claims == sum(len(a.claims) for a in Scorer.load().analyze(example_articles))


def test_store_gc_drops_old_articles_and_what_hangs_off_them(scorer, tmp_path):
    old = Article(
        id="old",
        text="Floods killed 12 people in the river delta, the disaster agency said.",
        published=dt.date(2023, 1, 10),
    )
    recent = Article(
        id="recent",
        text="Floods in the river delta killed 12 people, the disaster agency said on Monday.",
        published=dt.date(2023, 6, 1),
    )
    with ClaimStore(tmp_path / "c.db") as store:
        score_into_store(scorer, [old, recent], store)
        assert store_stats(store)["counts"]["readings"] > 0
        dropped = collect_garbage(store, dt.date(2023, 3, 1), vacuum=True)
        stats = store_stats(store)
        claim_ids = [i for (i,) in store.conn.execute("SELECT id FROM claims")]
        df_total = store.conn.execute("SELECT SUM(df) FROM terms").fetchone()[0]
        postings = stats["counts"]["postings"]
    assert dropped["articles"] == 1
    assert stats["counts"]["articles"] == 1
    assert all(i.startswith("recent:") for i in claim_ids)
    assert df_total == postings
    # The readings of the pair (old, recent) named a text no stored claim has any more.
    assert dropped["readings"] > 0


def test_store_export_has_every_article_and_its_scored_claims(scorer, example_articles, tmp_path):
    with ClaimStore(tmp_path / "c.db") as store:
        run = score_into_store(scorer, example_articles, store)
        lines = list(export_lines(store))
    records = [json.loads(line) for line in lines]
    assert [r["id"] for r in records] == [a.id for a in example_articles]
    scored = {c.id: c.corroboration for c in run.report.claims}
    exported = {c["id"]: c["scores"] for r in records for c in r["claims"]}
    for claim_id, corroboration in scored.items():
        assert exported[claim_id]["corroboration"] == round(corroboration, 4)
    # Each claim's spans are the extract spans inside it (offsets into the article).
    spans = [c["spans"] for r in records for c in r["claims"]]
    assert any(s.get("quantities") for s in spans) and any(s.get("hedges") for s in spans)
    first = records[0]["claims"][0]
    # An attribution's offsets are those of its parts (source, cue, content).
    offsets = [
        part
        for found in first["spans"].values()
        for span in found
        for part in ([span] if "start" in span else [p for p in span.values() if p])
    ]
    assert offsets
    assert all(first["start"] <= p["start"] <= p["end"] <= first["end"] for p in offsets)


class _CountingPairModel:
    classes_ = ("agree", "disagree", "discuss", "unrelated")

    def __init__(self):
        self.read = 0

    def predict_proba(self, claims, evidences):
        self.read += len(claims)
        lengths = np.array(
            [[len(c), len(e)] for c, e in zip(claims, evidences, strict=True)], dtype=float
        )
        p = 1.0 / (1.0 + np.abs(lengths[:, 0] - lengths[:, 1]))
        return np.column_stack([p / 2, p / 4, p / 4, 1 - p])


def test_store_cached_pair_model_reads_each_reading_once(tmp_path):
    model = _CountingPairModel()
    claims, evidences = ["a b", "c d e", "a b"], ["x", "y y", "x"]
    with ClaimStore(tmp_path / "c.db") as store:
        first = CachedPairModel(model, store.conn)
        got = first.predict_proba(claims, evidences)
        with store.transaction():
            first.save(store.conn)
        second = CachedPairModel(model, store.conn)
        again = second.predict_proba(claims, evidences)
    reads = model.read
    np.testing.assert_array_equal(got, model.predict_proba(claims, evidences))
    np.testing.assert_array_equal(again, got)
    assert second.looked_up == 2 and second.computed == 0  # distinct readings
    assert first.computed == 2  # the repeated reading was read once
    assert reads == 2  # each distinct reading went through the model once, in both runs


class _PreparingPairModel(_CountingPairModel):
    """Reads pairs through prepared texts, as the agreement model does, counting them."""

    def __init__(self):
        super().__init__()
        self.prepared = []
        self.batches = []

    def prepare_texts(self, texts):
        self.prepared.extend(texts)
        return list(texts)

    def predict_proba_prepared(self, prepared, first, second):
        self.batches.append(len(first))
        return self.predict_proba([prepared[k] for k in first], [prepared[k] for k in second])


def _many_pairs(n_texts: int = 120):
    texts = [f"claim {'w' * (k % 37)} {k}" for k in range(n_texts)]
    pairs = np.array([(a, b) for a in range(n_texts) for b in range(a + 1, n_texts)])
    return texts, pairs


def test_store_cached_pair_model_prepares_each_text_once_for_one_batch(tmp_path):
    # 7,140 pairs, 14,280 readings: more than one batch of stance_probabilities' default, so
    # in batches a text was prepared again in each batch it met.
    from credence.scoring.evidence import pair_probabilities

    texts, pairs = _many_pairs()
    model = _PreparingPairModel()
    with ClaimStore(tmp_path / "c.db") as store:
        cached = CachedPairModel(model, store.conn)
        got = pair_probabilities(cached, texts, pairs, batch_size=2 * len(pairs))
    assert sorted(model.prepared) == sorted(texts)  # each text once
    assert model.batches == [8192, 14280 - 8192]  # the features computed 8,192 at a time
    expected = pair_probabilities(_CountingPairModel(), texts, pairs)
    np.testing.assert_array_equal(got, expected)


def test_store_cached_pair_model_prepares_at_most_a_run_of_texts_at_once(tmp_path, monkeypatch):
    # The texts prepared at once are bounded (~7 kB a text): a call's readings are read in
    # runs of at most _PREPARED_TEXTS distinct texts, with the same rows.
    from credence.scoring import store_cache
    from credence.scoring.evidence import pair_probabilities

    texts, pairs = _many_pairs(60)
    model = _PreparingPairModel()
    sizes = []
    prepare = model.prepare_texts

    def counted(batch):
        sizes.append(len(batch))
        return prepare(batch)

    model.prepare_texts = counted
    monkeypatch.setattr(store_cache, "_PREPARED_TEXTS", 25)
    with ClaimStore(tmp_path / "c.db") as store:
        cached = CachedPairModel(model, store.conn)
        got = pair_probabilities(cached, texts, pairs, batch_size=2 * len(pairs))
    assert len(sizes) > 2 and max(sizes) <= 25
    assert set(model.prepared) == set(texts)
    np.testing.assert_array_equal(got, pair_probabilities(_CountingPairModel(), texts, pairs))


class _CountingUncertainty:
    def __init__(self):
        self.texts = []

    def predict_proba(self, texts):
        self.texts.extend(texts)
        return np.array([min(1.0, len(t) / 10) for t in texts])


def test_store_cached_uncertainty_reads_each_text_once(tmp_path):
    model = _CountingUncertainty()
    with ClaimStore(tmp_path / "c.db") as store:
        cached = CachedUncertaintyModel(model, store.conn)
        first = cached.predict_proba(["maybe", "surely so", "maybe"])
        with store.transaction():
            cached.save(store.conn)
        again = CachedUncertaintyModel(model, store.conn).predict_proba(["surely so", "maybe"])
    assert model.texts == ["maybe", "surely so"]
    np.testing.assert_array_equal(first, [0.5, 0.9, 0.5])
    np.testing.assert_array_equal(again, [0.9, 0.5])


def test_store_cached_sentence_outputs_read_each_claim_text_once(scorer, tmp_path):
    # The cross-article stage reads both uncertainty outputs (predict_outputs); a text
    # stored by an earlier run is looked up, with its cues, not read by the model again.
    model = _CountingOutputs(scorer.uncertainty_model)
    texts = ["The minister will resign.", "Troops reportedly crossed.", "The minister will resign."]
    with ClaimStore(tmp_path / "c.db") as store:
        cached = CachedUncertaintyModel(model, store.conn)
        first = cached.predict_outputs(texts)
        with store.transaction():
            cached.save(store.conn)
        again = CachedUncertaintyModel(model, store.conn).predict_outputs(texts[::-1])
    want = scorer.uncertainty_model.predict_outputs(texts)
    assert model.texts == texts[:2]  # each distinct text once, in both runs
    np.testing.assert_array_equal(first.uncertainty, want.uncertainty)
    np.testing.assert_array_equal(first.nonfactual, want.nonfactual)
    assert first.reasons == want.reasons and first.reasons[0]
    np.testing.assert_array_equal(again.uncertainty, want.uncertainty[::-1])
    assert again.reasons == want.reasons[::-1]


class _CountingOutputs:
    def __init__(self, model):
        self.model = model
        self.texts = []

    def predict_proba(self, texts):
        return self.model.predict_proba(texts)

    def predict_outputs(self, texts):
        self.texts.extend(texts)
        return self.model.predict_outputs(texts)


def test_store_second_run_reads_no_claim_text_with_the_uncertainty_model(
    scorer, example_articles, tmp_path
):
    with ClaimStore(tmp_path / "c.db") as store:
        first = score_into_store(scorer, example_articles, store)
        again = score_into_store(scorer, example_articles, store)
        stored = store.conn.execute("SELECT COUNT(*) FROM sentence_outputs").fetchone()[0]
    assert stored == len({c.text for c in first.report.claims})
    assert again.counts["readings_new"] == 0
    assert [c.to_dict() for c in again.report.claims] == [c.to_dict() for c in first.report.claims]


def test_store_transaction_rolls_back_when_the_block_raises(tmp_path):
    with ClaimStore(tmp_path / "c.db") as store:
        with pytest.raises(KeyboardInterrupt), store.transaction():
            store.conn.execute("INSERT INTO meta VALUES ('x', 'y')")
            raise KeyboardInterrupt
        assert store.conn.execute("SELECT COUNT(*) FROM meta WHERE key = 'x'").fetchone()[0] == 0


def test_store_reached_counts_earlier_claims_sharing_rare_terms(scorer, tmp_path):
    first = Article(
        id="first",
        text="Floods killed 12 people in the Irrawaddy delta, the disaster agency said.",
        published=dt.date(2024, 5, 1),
    )
    echo = Article(
        id="echo",
        text="The Irrawaddy delta floods killed 12 people, according to the disaster agency.",
        published=dt.date(2024, 5, 2),
    )
    unrelated = Article(
        id="unrelated",
        text="The central bank raised its interest rate to 5 percent on Thursday.",
        published=dt.date(2024, 5, 2),
    )
    far = replace(echo, id="far", published=dt.date(2026, 5, 2))
    with ClaimStore(tmp_path / "c.db") as store:
        score_into_store(scorer, [first], store)
        assert score_into_store(scorer, [unrelated], store).counts["claims_reached"] == 0
        assert score_into_store(scorer, [far], store).counts["claims_reached"] == 0
        assert score_into_store(scorer, [echo], store).counts["claims_reached"] >= 1


def test_store_refuses_two_articles_with_one_id(scorer, tmp_path):
    twice = [Article(id="a", text="Troops arrived."), Article(id="a", text="Ships left.")]
    with ClaimStore(tmp_path / "c.db") as store, pytest.raises(InputError, match="same id 'a'"):
        score_into_store(scorer, twice, store)


def test_store_pair_readings_name_the_claims_read(scorer, example_articles, tmp_path):
    with ClaimStore(tmp_path / "c.db") as store:
        run = score_into_store(scorer, example_articles, store)
        rows = store.conn.execute("SELECT claim, evidence, p0, p1, p2, p3 FROM pair_readings")
        rows = rows.fetchall()
    ids = {c.id for c in run.report.claims} | {
        copy.id for c in run.report.claims for copy in c.copies
    }
    assert rows
    assert all(claim in ids and evidence in ids for claim, evidence, *_ in rows)
    assert all(abs(sum(p) - 1.0) < 1e-6 for *_, p0, p1, p2, p3 in rows for p in [(p0, p1, p2, p3)])
