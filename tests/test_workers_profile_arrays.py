"""Profile arrays made where each run of texts is read, and joined: the same features as
the arrays of all the texts at once, and no reader of pairs makes them again (issue 13 item
6: with two workers each pair reader made the arrays of every text, CPU a one-worker run
does not spend)."""

from __future__ import annotations

import numpy as np
import pytest

from credence.models import agreement_pairs
from credence.models.agreement_features import PairFeaturizer, PreparedTexts
from credence.scoring.pair_batches import prepare_texts

# Our own sentences: shared and unshared words, names, numbers, dates, negations, a question,
# repeats and a text with no words; some words only in one run, some in every run.
_TEXTS = [
    "At least 1,200 people were evacuated from the flooded valley on Monday, officials said.",
    "Officials said 1,200 residents left the valley on Monday as the river rose.",
    "The governor denied that anyone had been evacuated from the valley.",
    "No residents were evacuated from the valley, the governor said.",
    "The central bank may raise interest rates by half a point in March 2021.",
    "The bank did not raise rates in March, its spokesperson said.",
    "Did rescue teams reportedly reach the village of Kaly on 4 May 2020?",
    "Rescue teams reached Kaly late on May 5, 2020, the Red Cross said.",
    "The port authority did not close the harbour, Captain Mora said.",
    "The port authority closed the harbour to cargo ships for three days.",
    "!!!",
    "",
]


@pytest.fixture(scope="module")
def featurizer():
    return PairFeaturizer().fit(_TEXTS[:6])


def _readings(n: int) -> tuple[np.ndarray, np.ndarray]:
    first, second = np.meshgrid(np.arange(n), np.arange(n), indexing="ij")
    return first.ravel(), second.ravel()


def _joined(featurizer: PairFeaturizer, cuts: list[int]) -> PreparedTexts:
    bounds = [0, *cuts, len(_TEXTS)]
    runs = [_TEXTS[lo:hi] for lo, hi in zip(bounds, bounds[1:], strict=False)]
    return PreparedTexts.join([featurizer.prepare_part(run) for run in runs])


@pytest.mark.parametrize("cuts", [[1], [5], [3, 7], [2, 4, 6, 8, 10]])
def test_workers_profile_arrays_joined_give_the_features_of_one_reading(featurizer, cuts):
    whole = featurizer.prepare(_TEXTS)
    joined = _joined(featurizer, cuts)
    assert joined.arrays, "the parts' arrays were not joined"
    first, second = _readings(len(_TEXTS))
    expected = featurizer.transform_prepared(whole, first, second)
    got = featurizer.transform_prepared(joined, first, second)
    assert got.tobytes() == expected.tobytes()
    # The joined arrays hold the same sets as one reading, in other column numbers.
    one = featurizer._profile_arrays(whole)
    two = joined.arrays[0]
    assert sorted(one.columns) == sorted(two.columns)
    assert np.array_equal(one.sizes, two.sizes)
    assert np.array_equal(one.idf_total, two.idf_total)
    assert two.exact


def test_workers_profile_arrays_an_inexact_part_makes_the_join_inexact(featurizer):
    odd = PairFeaturizer().fit(_TEXTS[:6])
    odd.idf_ = {word: value + 1 / 3 for word, value in featurizer.idf_.items()}
    odd.default_idf_ = featurizer.default_idf_ + 1 / 3
    parts = [odd.prepare_part(_TEXTS[:6]), odd.prepare_part(_TEXTS[6:])]
    joined = PreparedTexts.join(parts)
    assert not joined.arrays[0].exact
    first, second = _readings(len(_TEXTS))
    expected = odd.transform_prepared(odd.prepare(_TEXTS), first, second)
    assert odd.transform_prepared(joined, first, second).tobytes() == expected.tobytes()


def test_workers_profile_arrays_parts_without_arrays_are_joined_without(featurizer):
    parts = [featurizer.prepare(_TEXTS[:6]), featurizer.prepare_part(_TEXTS[6:])]
    assert PreparedTexts.join(parts).arrays == []


class _Model:
    """The agreement model's prepared reading around a featurizer."""

    def __init__(self, featurizer: PairFeaturizer) -> None:
        self.featurizer = featurizer

    def prepare_texts(self, texts):
        return self.featurizer.prepare(texts)

    def prepare_part(self, texts):
        return self.featurizer.prepare_part(texts)

    def join_prepared(self, parts):
        return PreparedTexts.join(parts)


def test_workers_profile_arrays_are_made_by_the_workers_not_after(featurizer, monkeypatch):
    # Two workers: each run's arrays are made in its worker; reading the pairs in this
    # process afterwards makes none (before, every pair reader made all of them again).
    monkeypatch.setattr("credence.scoring.pair_batches._MIN_TEXTS_PER_SHARE", 2)
    texts = _TEXTS * 3
    prepared = prepare_texts(_Model(featurizer), texts, workers=2)
    assert prepared.arrays
    made = []
    of = agreement_pairs.ProfileArrays.of
    monkeypatch.setattr(
        agreement_pairs.ProfileArrays, "of", classmethod(lambda c, *a: made.append(1) or of(*a))
    )
    first, second = _readings(len(texts))
    got = featurizer.transform_prepared(prepared, first, second)
    assert made == []
    expected = featurizer.transform_prepared(featurizer.prepare(texts), first, second)
    assert got.tobytes() == expected.tobytes()
