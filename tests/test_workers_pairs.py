"""Claim pairs read by the agreement model: each text read once, the same probabilities with
one worker or two (issue 13 item 6)."""

from __future__ import annotations

import numpy as np
import pytest

from credence.models import agreement_features
from credence.scoring.evidence import bundled_agreement_model, pair_reader
from credence.scoring.matching import stance_probabilities
from credence.scoring.parallel import using_workers

# Our own sentences: a story told three ways, with a number changed and a denial.
_CLAIMS = [
    "At least 1,200 people were evacuated from the flooded valley on Monday, officials said.",
    "Officials said 1,200 residents left the valley on Monday as the river rose.",
    "About 3,000 people were evacuated from the valley, according to the regional governor.",
    "The governor denied that anyone had been evacuated from the valley.",
    "The central bank may raise interest rates by half a point in March.",
    "Interest rates will rise by half a point in March, two people familiar with the plan said.",
    "The bank did not raise rates in March, its spokesperson said.",
    "Rescue teams reportedly reached the village of Kaly on Tuesday.",
    "Rescue teams reached Kaly late on Tuesday, the Red Cross said.",
    "The rail line between the two cities reopened on Friday after the derailment.",
    "Trains between the two cities are still suspended after Thursday's derailment.",
    "The port authority closed the harbour to cargo ships for three days.",
]


@pytest.fixture(scope="module")
def reader():
    model = bundled_agreement_model()
    if model is None:
        pytest.skip("credence ships no agreement model in this checkout")
    return pair_reader(None, model)


def _all_pairs(n: int) -> np.ndarray:
    return np.array([(a, b) for a in range(n) for b in range(n) if a < b], dtype=np.int64)


def test_workers_pairs_prepared_reading_equals_reading_the_texts(reader):
    pairs = _all_pairs(len(_CLAIMS))
    texts_a = [_CLAIMS[a] for a, _ in pairs]
    texts_b = [_CLAIMS[b] for _, b in pairs]
    direct = reader.predict_proba(texts_a, texts_b)
    prepared = reader.prepare_texts(_CLAIMS)
    indexed = reader.predict_proba_prepared(prepared, pairs[:, 0], pairs[:, 1])
    assert indexed.shape == (len(pairs), 4)
    assert np.array_equal(indexed, direct)


def test_workers_pairs_each_text_is_read_once_whatever_the_batches(reader, monkeypatch):
    # The model used to read every text of a batch again in each batch it was in (both
    # directions of every pair, batches of a few thousand readings): 8 reads a claim text
    # on 1,000 FNC-1 bodies, 40 % of credence score's CPU.
    reads: list[str] = []
    profile = agreement_features.profile_text

    def counting(text, *args, **kwargs):
        reads.append(text)
        return profile(text, *args, **kwargs)

    monkeypatch.setattr(agreement_features, "profile_text", counting)
    pairs = _all_pairs(len(_CLAIMS))
    with using_workers(1):
        stance_probabilities(reader, _CLAIMS, pairs, batch_size=7)
    assert sorted(reads) == sorted(_CLAIMS)


def test_workers_pairs_two_workers_read_the_same_probabilities_as_one(reader):
    pairs = _all_pairs(len(_CLAIMS))
    with using_workers(1):
        one = stance_probabilities(reader, _CLAIMS, pairs, batch_size=7)
    with using_workers(2):
        two = stance_probabilities(reader, _CLAIMS, pairs, batch_size=7)
    assert one.shape == (len(pairs), 4)
    assert np.array_equal(one, two)


def test_workers_pairs_a_model_without_prepared_reading_is_read_by_texts():
    class WordOverlap:
        classes_ = ("agree", "contradict", "related", "unrelated")

        def predict_proba(self, first, second):
            rows = []
            for a, b in zip(first, second, strict=True):
                shared = len(set(a.split()) & set(b.split())) / len(set(a.split()) | set(b.split()))
                rows.append([shared, 0.0, 0.0, 1.0 - shared])
            return np.array(rows)

    view = pair_reader(None, WordOverlap())
    assert not hasattr(view, "prepare_texts")
    proba = stance_probabilities(view, _CLAIMS[:3], _all_pairs(3))
    assert proba.shape == (3, 4) and proba[:, 0].max() > 0


def test_workers_pairs_texts_prepared_by_two_workers_read_as_one_process(reader, monkeypatch):
    from credence.scoring import pair_batches

    monkeypatch.setattr(pair_batches, "_MIN_TEXTS_PER_SHARE", 2)
    pairs = _all_pairs(len(_CLAIMS))
    alone = reader.prepare_texts(_CLAIMS)
    shared = pair_batches.prepare_texts(reader, _CLAIMS, workers=2)
    assert len(shared.profiles) == len(_CLAIMS)
    assert shared.profiles == alone.profiles
    assert (shared.word != alone.word).nnz == 0 and (shared.char != alone.char).nnz == 0
    assert np.array_equal(
        reader.predict_proba_prepared(shared, pairs[:, 0], pairs[:, 1]),
        reader.predict_proba_prepared(alone, pairs[:, 0], pairs[:, 1]),
    )


def test_workers_pairs_a_model_that_cannot_join_prepares_in_this_process():
    from credence.scoring import pair_batches

    class Lengths:
        def prepare_texts(self, texts):
            return [len(t) for t in texts]

    texts = _CLAIMS * 100
    assert pair_batches.prepare_texts(Lengths(), texts, workers=2) == [len(t) for t in texts]


def test_workers_pairs_evidence_items_made_by_two_workers_are_one_calls(scorer, monkeypatch):
    from pathlib import Path

    from credence.ingest import read_articles
    from credence.scoring import evidence_batches
    from credence.scoring.claim_rows import build_rows
    from credence.scoring.evidence import evidence_items
    from credence.scoring.priors import ScoringPriors

    examples = Path(__file__).resolve().parents[1] / "examples"
    analyses = scorer.analyze(read_articles([str(examples)]).articles)
    priors = ScoringPriors()
    rows = build_rows(analyses, priors)
    n = len(rows)
    # Every pair of the bundled examples, read by the pair model, so that the rules fire.
    pairs = _all_pairs(n)
    proba = stance_probabilities(
        pair_reader(scorer.stance_model, scorer.agreement_model),
        [r.claim.text for r in rows],
        pairs,
    )
    alone = evidence_items(rows, pairs, proba, priors)
    monkeypatch.setattr(evidence_batches, "_MIN_PAIRS_PER_RUN", 7)
    shared = evidence_batches.evidence_items(rows, pairs, proba, priors, workers=2)
    assert len(alone) > 0 and (alone.conflicts or alone.polarity or alone.substitutions)
    for name in ("claim", "evidence", "row", "agreeing_numbers", "unconfirmed", "other_actors"):
        assert np.array_equal(getattr(shared, name), getattr(alone, name)), name
    for name in ("conflicts", "polarity", "substitutions"):
        assert getattr(shared, name) == getattr(alone, name), name
    assert np.array_equal(shared.support(), alone.support())
    assert [shared[k] for k in range(len(shared))] == [alone[k] for k in range(len(alone))]


def _counting_reads(monkeypatch) -> list[str]:
    reads: list[str] = []
    profile = agreement_features.profile_text

    def counting(text, *args, **kwargs):
        reads.append(text)
        return profile(text, *args, **kwargs)

    monkeypatch.setattr(agreement_features, "profile_text", counting)
    return reads


def test_workers_pairs_a_second_pass_on_the_same_texts_reads_no_text_again(reader, monkeypatch):
    # credence score reads pairs twice on one table of claims (the blocked candidates, then
    # the signature pairs of each story); the second pass read every text it met again.
    from credence.scoring.pair_batches import TextReadings

    first = _all_pairs(8)
    second = np.array([(1, 5), (0, 7), (2, 3)], dtype=np.int64)
    with using_workers(1):
        fresh = stance_probabilities(reader, _CLAIMS, second)
    reads = _counting_reads(monkeypatch)
    readings = TextReadings()
    with using_workers(1):
        stance_probabilities(reader, _CLAIMS, first, readings=readings)
        assert sorted(reads) == sorted(_CLAIMS[:8])
        reused = stance_probabilities(reader, _CLAIMS, second, readings=readings)
    assert sorted(reads) == sorted(_CLAIMS[:8])
    assert np.array_equal(reused, fresh)


def test_workers_pairs_a_second_pass_reads_only_the_texts_the_first_did_not(reader, monkeypatch):
    from credence.scoring.pair_batches import TextReadings

    first = _all_pairs(6)
    second = np.array([(0, 9), (4, 11), (9, 11), (2, 3)], dtype=np.int64)
    with using_workers(1):
        fresh = stance_probabilities(reader, _CLAIMS, second)
    reads = _counting_reads(monkeypatch)
    readings = TextReadings()
    with using_workers(2):
        stance_probabilities(reader, _CLAIMS, first, readings=readings, batch_size=5)
        reads.clear()  # the first pass read in the workers, or here with few texts
        reused = stance_probabilities(reader, _CLAIMS, second, readings=readings)
    assert sorted(reads) == sorted([_CLAIMS[9], _CLAIMS[11]])
    assert np.array_equal(reused, fresh)


def test_workers_pairs_readings_of_another_table_are_not_reused(reader):
    from credence.scoring.pair_batches import TextReadings

    readings = TextReadings()
    pairs = _all_pairs(4)
    stance_probabilities(reader, _CLAIMS[:4], pairs, readings=readings)
    other = list(reversed(_CLAIMS[:4]))
    assert np.array_equal(
        stance_probabilities(reader, other, pairs, readings=readings),
        stance_probabilities(reader, other, pairs),
    )
