"""The paired bootstrap that decides whether a margin over the hedge regex is clear
(issue 12 item 4)."""

from __future__ import annotations

import numpy as np
import pytest

from credence.models.uncertainty_evaluation import CLEAR_MARGIN, paired_bootstrap_f1


def test_uncertainty_bootstrap_interval_excludes_zero_for_a_clear_gain():
    rng = np.random.default_rng(1)
    gold = rng.random(400) < 0.3
    better = np.where(rng.random(400) < 0.9, gold, ~gold)  # right 90 % of the time
    worse = np.where(rng.random(400) < 0.7, gold, ~gold)  # right 70 % of the time
    result = paired_bootstrap_f1(gold, better, worse, resamples=500)
    assert result.low > 0 and result.low < result.difference < result.high
    assert result.clear and result.difference >= CLEAR_MARGIN
    # The same predictions on both sides: a difference of exactly 0, never clear.
    same = paired_bootstrap_f1(gold, better, better, resamples=200)
    assert (same.difference, same.low, same.high, same.clear) == (0.0, 0.0, 0.0, False)


def test_uncertainty_bootstrap_resamples_whole_documents():
    # Ten documents of 20 sentences; the model wins all of one document's sentences and the
    # baseline those of another: per document the noise is larger than per sentence.
    gold = np.tile([True, False], 100)
    model = gold.copy()
    baseline = gold.copy()
    model[:40] = ~gold[:40]  # wrong on documents 0-1
    baseline[40:100] = ~gold[40:100]  # wrong on documents 2-4
    groups = [f"doc{i // 20}" for i in range(200)]
    by_doc = paired_bootstrap_f1(gold, model, baseline, groups, resamples=1000)
    by_sentence = paired_bootstrap_f1(gold, model, baseline, resamples=1000)
    assert by_doc.groups == 10 and by_sentence.groups == 200
    assert by_doc.difference == pytest.approx(by_sentence.difference)
    assert by_doc.high - by_doc.low > 2 * (by_sentence.high - by_sentence.low)


def test_uncertainty_bootstrap_small_gain_is_not_clear():
    gold = np.tile([True, False, False, False], 250)
    model = gold.copy()
    baseline = gold.copy()
    baseline[:8] = ~gold[:8]  # the baseline errs on 8 sentences of 1,000
    result = paired_bootstrap_f1(gold, model, baseline, resamples=500)
    assert 0 < result.difference < CLEAR_MARGIN and not result.clear


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"gold": [True], "model_predicted": [True, False], "baseline_predicted": [True]},
         "one entry per sentence"),
        ({"gold": [], "model_predicted": [], "baseline_predicted": []}, "at least one"),
        ({"gold": [True], "model_predicted": [True], "baseline_predicted": [True],
          "confidence": 1.5}, "confidence must be in"),
    ],
)  # fmt: skip
def test_uncertainty_bootstrap_rejects_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        paired_bootstrap_f1(**kwargs)
