"""Scoring on a dask LocalCluster gives the in-process report, byte for byte (issue 17 item 3)."""

from __future__ import annotations

import datetime as dt
import pickle
import random
import sys
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

pytest.importorskip("distributed", reason="dask.distributed is in the dev extra")

from distributed import Client, LocalCluster  # noqa: E402

from credence.cli import app  # noqa: E402
from credence.ingest import read_articles  # noqa: E402
from credence.models.lazy import LazyModel  # noqa: E402
from credence.scoring.distributed import (  # noqa: E402
    ClusterBackend,
    ClusterScorer,
    parse_scheduler,
)
from credence.scoring.distributed_matching import shuffled_candidate_arrays  # noqa: E402
from credence.scoring.distributed_reliability import (  # noqa: E402
    cluster_truth_discovery,
    partition_tables,
)
from credence.scoring.formula import ScoreTables, score_arrays  # noqa: E402
from credence.scoring.matching import candidate_arrays, claim_vectors  # noqa: E402
from credence.scoring.priors import ScoringPriors  # noqa: E402
from credence.scoring.scorer import Scorer  # noqa: E402
from credence.scoring.sources import truth_discovery  # noqa: E402

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="module")
def client():
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        Client(cluster) as c,
    ):
        yield c


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer.load()


def _zipf_texts(n: int, seed: int) -> list[str]:
    # Claims of a skewed vocabulary: a few terms in most claims (capped), many rare ones.
    rng = random.Random(seed)
    words = [f"term{k}x" for k in range(300)]
    weights = [1.0 / (k + 1) for k in range(300)]
    return [" ".join(rng.choices(words, weights=weights, k=10)) for _ in range(n)]


@pytest.mark.parametrize("max_postings", [200, 25])
def test_distributed_shuffle_finds_the_in_process_candidates(client, max_postings):
    texts = _zipf_texts(1500, seed=max_postings)
    X, _ = claim_vectors(texts)
    block = [k // 3 for k in range(len(texts))]
    day = dt.date(2024, 1, 1)
    dates = [None if k % 7 == 0 else day + dt.timedelta(days=(k * 37) % 900) for k in range(1500)]
    options = dict(max_postings=max_postings, block=block, dates=dates, date_window_days=365)
    expected = candidate_arrays(X, **options)
    found = shuffled_candidate_arrays(client, X, partitions=5, **options)
    assert expected[0].size > 1000
    for want, got in zip(expected, found, strict=True):
        assert np.array_equal(want, got)


def _random_tables(n_claims: int, n_sources: int, seed: int) -> ScoreTables:
    rng = np.random.default_rng(seed)
    n_items = 4 * n_claims
    item_claim = rng.integers(0, n_claims, n_items)
    # Groups are numbered in order of their claim's first item, as build_tables does.
    group_of = {}
    item_group = np.array(
        [group_of.setdefault((c, rng.integers(0, 2)), len(group_of)) for c in item_claim]
    )
    group_claim = np.array([c for c, _ in group_of], dtype=np.int64)
    return ScoreTables(
        n_claims=n_claims,
        item_claim=item_claim,
        item_group=item_group,
        item_source=rng.integers(0, n_sources, n_items),
        item_support=rng.random(n_items),
        item_contradiction=rng.random(n_items) * 0.3,
        item_own=rng.random(n_items) < 0.1,
        group_claim=group_claim,
        claim_source=rng.integers(0, n_sources, n_claims),
    )


def test_distributed_partitioned_tables_score_as_the_whole():
    tables = _random_tables(300, 20, seed=1)
    reliability = np.linspace(0.2, 0.9, 20)
    whole = score_arrays(tables, reliability, ScoringPriors(), reliability[tables.claim_source])
    parts = [partition_tables(tables, lo, min(300, lo + 70)) for lo in range(0, 300, 70)]
    pieces = [
        score_arrays(p, reliability, ScoringPriors(), reliability[p.claim_source]) for p in parts
    ]
    for k in range(3):
        assert np.array_equal(whole[k], np.concatenate([p[k] for p in pieces]))


def test_distributed_truth_discovery_is_the_in_process_fit(client):
    priors = ScoringPriors()
    tables = _random_tables(400, 30, seed=2)
    outlet = np.where(np.arange(400) % 3 == 0, -1, np.arange(400) % 30)
    sources = [tables.claim_source, outlet]
    informative = np.arange(400) % 5 != 0

    def score(r):
        return score_arrays(tables, r, priors, r[tables.claim_source])[0]

    want = truth_discovery(
        score,
        sources,
        informative,
        30,
        alpha=priors.reliability_alpha,
        beta=priors.reliability_beta,
        tol=1e-5,
        max_iter=40,
    )
    got = cluster_truth_discovery(
        client, tables, priors, sources, informative, 30, partitions=3, tol=1e-5, max_iter=40
    )
    assert want.iterations > 2
    assert (got.iterations, got.converged) == (want.iterations, want.converged)
    assert np.array_equal(got.reliability, want.reliability)
    assert np.array_equal(got.corroboration, want.corroboration)


def test_distributed_pair_reading_is_the_in_process_reading(client, scorer):
    from credence.scoring.evidence import pair_probabilities, pair_reader

    model = pair_reader(scorer.stance_model, scorer.agreement_model)
    texts = [
        "The port reopened on Monday after a three-day closure.",
        "The port stayed closed on Monday, officials said.",
        "Floods killed 12 people in the north.",
        "At least 12 people died in the floods.",
        "The port reopened on Monday after a three-day closure.",
    ]
    pairs = np.array([[0, 1], [2, 3], [1, 4], [0, 3], [3, 4]])
    want = pair_probabilities(model, texts, pairs)
    got = ClusterBackend(client, partitions=3).pair_probabilities(model, texts, pairs)
    assert np.array_equal(want, got)


def test_distributed_scorer_report_is_byte_identical(client, scorer, seeds_dir):
    # examples/ and the seed articles in one set: one in-process and one cluster run.
    articles = read_articles([str(EXAMPLES), str(seeds_dir)]).articles
    ticks = []
    want = scorer.score(articles).to_json()
    got = ClusterScorer(scorer, client, partitions=3).score(
        articles, progress=lambda: ticks.append(1)
    )
    assert got.to_json() == want
    assert len(ticks) == len(articles)


def test_lazy_model_pickles_unloaded_and_loads_on_first_use(scorer):
    # A scorer travels to dask workers by pickle: its lazy models held a lock, which cannot.
    lazy = scorer.agreement_model
    assert isinstance(lazy, LazyModel)
    copy = pickle.loads(pickle.dumps(lazy))
    assert copy.directory == lazy.directory
    assert copy.predict_proba is not None and copy.loaded


@pytest.mark.parametrize(
    ("scheduler", "message"),
    [
        ("local:0", "Error: --scheduler: local:N needs a number of workers N >= 1, got 'local:0'"),
        (
            "127.0.0.1:8786",
            "Error: --scheduler: expected tcp://HOST:PORT or local:N (a LocalCluster of N "
            "workers), got '127.0.0.1:8786'",
        ),
    ],
)
def test_cli_distributed_bad_scheduler_is_one_error_line(scheduler, message):
    result = CliRunner().invoke(app, ["score", str(EXAMPLES), "--scheduler", scheduler])
    assert result.exit_code == 1
    assert result.stderr.strip() == message


def test_cli_distributed_without_dask_says_how_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)
    result = CliRunner().invoke(app, ["score", str(EXAMPLES), "--scheduler", "local:2"])
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "Error: --scheduler: needs dask.distributed: pip install 'credence[dask]'"
    )


def test_cli_distributed_unreachable_scheduler_is_one_error_line(monkeypatch):
    import credence.scoring.distributed as distributed_module

    monkeypatch.setattr(distributed_module, "CONNECT_TIMEOUT_S", 1)
    result = CliRunner().invoke(app, ["score", str(EXAMPLES), "--scheduler", "tcp://127.0.0.1:1"])
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Error: --scheduler: cannot reach the dask scheduler at tcp://127.0.0.1:1:"
    )
    assert len(result.stderr.strip().splitlines()) == 1


def test_parse_scheduler_reads_both_forms():
    assert parse_scheduler("local:3") == ("local", 3)
    assert parse_scheduler("tcp://scheduler.example:8786") == (
        "remote",
        "tcp://scheduler.example:8786",
    )
