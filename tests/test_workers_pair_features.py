"""The agreement model's pair features in arrays: bit for bit the per-pair reading
(issue 13 item 6: the pair loop was a quarter of the pair model's time)."""

from __future__ import annotations

import numpy as np
import pytest

from credence.models import agreement_pairs
from credence.models.agreement_features import (
    FEATURE_NAMES,
    PairFeaturizer,
    _pair_row,
)

# Our own sentences: numbers and dates on both sides or one, negations (one side, both,
# of a shared word or not), names, questions, hedges, repeats, a text with no words.
_TEXTS = [
    "At least 1,200 people were evacuated from the flooded valley on Monday, officials said.",
    "Officials said 1,200 residents left the valley on Monday as the river rose.",
    "About 3,000 people were evacuated from the valley, according to the regional governor.",
    "The governor denied that anyone had been evacuated from the valley.",
    "No residents were evacuated from the valley, the governor said.",
    "Residents were not evacuated and were not warned, the mayor said.",
    "The central bank may raise interest rates by half a point in March 2021.",
    "Interest rates will rise by half a point in March 2022, two people familiar said.",
    "The bank did not raise rates in March, its spokesperson said.",
    "Did rescue teams reportedly reach the village of Kaly on 4 May 2020?",
    "Rescue teams reached Kaly late on May 5, 2020, the Red Cross said.",
    "Trains between Lyon and Turin are still suspended after Thursday's derailment.",
    "The port authority closed the harbour to cargo ships for three days.",
    "The port authority did not close the harbour, Captain Mora said.",
    "The port, the port, the port: closed closed closed.",
    "!!!",
    "",
]


@pytest.fixture(scope="module")
def featurizer():
    return PairFeaturizer().fit(_TEXTS[:9])


def _all_readings(n: int) -> tuple[np.ndarray, np.ndarray]:
    first, second = np.meshgrid(np.arange(n), np.arange(n), indexing="ij")
    return first.ravel(), second.ravel()


def _per_pair(featurizer: PairFeaturizer, prepared, first, second) -> np.ndarray:
    expected = np.zeros((len(first), len(FEATURE_NAMES)))
    for k, (a, b) in enumerate(zip(first.tolist(), second.tolist(), strict=True)):
        expected[k, 2:] = _pair_row(
            prepared.profiles[a], prepared.profiles[b], featurizer.idf_, featurizer.default_idf_
        )
    return expected


def test_workers_pair_features_arrays_equal_the_per_pair_reading(featurizer):
    prepared = featurizer.prepare(_TEXTS)
    first, second = _all_readings(len(_TEXTS))
    got = featurizer.transform_prepared(prepared, first, second)
    expected = _per_pair(featurizer, prepared, first, second)
    assert got[:, 2:].tobytes() == expected[:, 2:].tobytes()
    # The rows exercise what the arrays compute: shared words, unshared IDF, polarity.
    assert (got[:, FEATURE_NAMES.index("polarity_contrast")] == 1).any()
    assert (got[:, FEATURE_NAMES.index("quantities_conflict")] == 1).any()
    unshared = got[:, FEATURE_NAMES.index("unshared_idf_first")]
    assert ((unshared > 0) & (unshared < 1)).any()


def test_workers_pair_features_the_arrays_are_made_once_a_prepared_set(featurizer, monkeypatch):
    prepared = featurizer.prepare(_TEXTS)
    made = []
    of = agreement_pairs.ProfileArrays.of
    monkeypatch.setattr(
        agreement_pairs.ProfileArrays, "of", classmethod(lambda c, *a: made.append(1) or of(*a))
    )
    first, second = _all_readings(len(_TEXTS))
    featurizer.transform_prepared(prepared, first[:50], second[:50])
    featurizer.transform_prepared(prepared, first[50:], second[50:])
    assert len(made) == 1


def test_workers_pair_features_inexact_idf_falls_back_to_the_per_pair_reading(featurizer):
    # IDF values that are not float32 (a third) do not add exactly as integers: every pair
    # is read one at a time, and the features are still the per-pair ones.
    odd = PairFeaturizer().fit(_TEXTS[:9])
    odd.idf_ = {word: value + 1 / 3 for word, value in featurizer.idf_.items()}
    odd.default_idf_ = featurizer.default_idf_ + 1 / 3
    prepared = odd.prepare(_TEXTS)
    assert not odd._profile_arrays(prepared).exact
    first, second = _all_readings(len(_TEXTS))
    got = odd.transform_prepared(prepared, first, second)
    assert got[:, 2:].tobytes() == _per_pair(odd, prepared, first, second)[:, 2:].tobytes()


def test_workers_pair_features_measure_columns_are_where_the_names_say():
    start = agreement_pairs._MEASURES_FROM
    assert FEATURE_NAMES[start : start + 4] == (
        "quantities_conflict",
        "quantities_agree",
        "dates_conflict",
        "dates_agree",
    )
