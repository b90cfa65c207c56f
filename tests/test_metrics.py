import math

import numpy as np
import pytest

from credence.models.metrics import (
    brier_score,
    classification_summary,
    expected_calibration_error,
    fnc_score,
    plot_reliability,
    reliability_bins,
)


@pytest.mark.parametrize(
    ("gold", "pred", "expected"),
    [
        # exact related class: 0.25 + 0.50 + 0.25
        (["agree"], ["agree"], (1.0, 1.0)),
        # both related, wrong stance: only the related bonus
        (["agree"], ["discuss"], (0.25, 1.0)),
        (["disagree"], ["agree"], (0.25, 1.0)),
        # unrelated right: 0.25 of 0.25
        (["unrelated"], ["unrelated"], (0.25, 0.25)),
        # related called unrelated, and the reverse: nothing
        (["discuss"], ["unrelated"], (0.0, 1.0)),
        (["unrelated"], ["agree"], (0.0, 0.25)),
        (
            ["agree", "disagree", "discuss", "unrelated", "unrelated"],
            ["agree", "discuss", "unrelated", "unrelated", "disagree"],
            (1.0 + 0.25 + 0.0 + 0.25 + 0.0, 3.5),
        ),
        ([], [], (0.0, 0.0)),
    ],
)
def test_metrics_fnc_score_matches_official_scorer(gold, pred, expected):
    assert fnc_score(gold, pred) == expected


def test_metrics_fnc_score_length_mismatch():
    with pytest.raises(ValueError, match="same length"):
        fnc_score(["agree"], [])


def test_metrics_ece_binary_hand_computed():
    # bins of width 0.5: [0.1, 0.4] -> conf 0.25, positives 1/2 -> gap 0.25;
    # [0.6, 0.9] -> conf 0.75, positives 2/2 -> gap 0.25; ECE = 0.25
    y = [0, 1, 1, 1]
    p = [0.1, 0.4, 0.6, 0.9]
    assert expected_calibration_error(y, p, n_bins=2) == pytest.approx(0.25)


def test_metrics_ece_multiclass_top_label():
    proba = np.array([[0.8, 0.1, 0.1], [0.6, 0.3, 0.1], [0.2, 0.7, 0.1]])
    y = ["a", "b", "b"]
    # conf 0.8 right, 0.6 wrong, 0.7 right; 2 bins: all in [0.5, 1): conf 0.7, acc 2/3
    ece = expected_calibration_error(y, proba, n_bins=2, labels=["a", "b", "c"])
    assert ece == pytest.approx(abs(0.7 - 2 / 3))
    bins = reliability_bins(y, proba, n_bins=2, labels=["a", "b", "c"])
    assert [(b.count, round(b.accuracy, 4)) for b in bins] == [(3, 0.6667)]


def test_metrics_confidence_one_falls_in_last_bin():
    bins = reliability_bins([1], [1.0], n_bins=10)
    assert bins[0].upper == 1.0 and bins[0].count == 1


def test_metrics_perfect_predictions_are_calibrated():
    proba = np.eye(3)
    assert expected_calibration_error([0, 1, 2], proba) == 0.0
    assert brier_score([0, 1, 2], proba) == 0.0


@pytest.mark.parametrize(
    ("y", "proba", "labels", "expected"),
    [
        ([1, 0], [0.75, 0.25], None, 0.0625),
        (["no", "yes"], [0.5, 1.0], ["no", "yes"], 0.125),
        # multiclass: (0.5-1)^2 + 0.5^2 = 0.5 ; second row perfect -> mean 0.25
        (["a", "b"], [[0.5, 0.5], [0.0, 1.0]], ["a", "b"], 0.25),
        # uniform over 4 classes: 0.75^2 + 3 * 0.25^2 = 0.75
        (["x"], [[0.25] * 4], ["w", "x", "y", "z"], 0.75),
    ],
)
def test_metrics_brier_score_hand_computed(y, proba, labels, expected):
    assert brier_score(y, proba, labels) == pytest.approx(expected)


def test_metrics_brier_rejects_unknown_label():
    with pytest.raises(ValueError, match="not among labels"):
        brier_score(["q"], [[0.5, 0.5]], ["a", "b"])


def test_metrics_classification_summary_keys_and_values():
    gold = ["a", "a", "b", "c"]
    pred = ["a", "b", "b", "c"]
    proba = [[0.9, 0.1, 0.0], [0.4, 0.6, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]
    summary = classification_summary(gold, pred, proba, labels=["a", "b", "c"])
    assert summary["n"] == 4
    assert summary["accuracy"] == 0.75
    # F1: a = 2/3 (p 1, r .5), b = 2/3 (p .5, r 1), c = 1
    assert summary["f1_per_class"] == pytest.approx({"a": 2 / 3, "b": 2 / 3, "c": 1.0})
    assert summary["macro_f1"] == pytest.approx((2 / 3 + 2 / 3 + 1) / 3)
    assert summary["confusion"] == [[1, 1, 0], [0, 1, 0], [0, 0, 1]]
    assert summary["labels"] == ["a", "b", "c"]
    assert summary["brier"] == pytest.approx((0.01 + 0.01 + 0.36 + 0.36) / 4)
    assert not math.isnan(summary["ece"])


def test_metrics_summary_without_proba():
    summary = classification_summary([1, 0], [1, 1])
    assert summary["brier"] is None and summary["ece"] is None
    assert summary["confusion"] == [[0, 1], [0, 1]]


def test_metrics_plot_reliability_writes_png(tmp_path):
    pytest.importorskip("matplotlib")
    out = plot_reliability([0, 1, 1], [0.2, 0.7, 0.9], None, tmp_path / "rel.png")
    assert out.stat().st_size > 1000


def test_metrics_evaluation_block_matches_sklearn():
    from sklearn.metrics import precision_recall_fscore_support

    from credence.models.metrics import evaluation_metrics

    gold = ["agree", "discuss", "discuss", "unrelated", "disagree", "unrelated"]
    pred = ["agree", "agree", "discuss", "unrelated", "discuss", "agree"]
    labels = ["agree", "disagree", "discuss", "unrelated"]
    proba = np.full((6, 4), 0.25)
    block = evaluation_metrics(gold, pred, proba, labels, fnc=True)
    p, r, f, s = precision_recall_fscore_support(gold, pred, labels=labels, zero_division=0)
    for k, label in enumerate(labels):
        got = block["per_class"][label]
        assert (got["precision"], got["recall"], got["f1"], got["support"]) == pytest.approx(
            (p[k], r[k], f[k], s[k])
        )
    assert block["macro_f1"] == pytest.approx(f.mean())
    assert block["accuracy"] == pytest.approx(3 / 6)
    assert block["confusion"]["matrix"][2] == [1, 0, 1, 0]  # gold discuss row
    # Uniform probabilities: every top label is "agree", right for 1 row of 6.
    assert block["brier"] == pytest.approx(0.75) and block["ece"] == pytest.approx(0.25 - 1 / 6)
    score, best = fnc_score(gold, pred)
    assert block["fnc"] == {"score": score, "max": best, "relative": score / best}
    assert evaluation_metrics(gold, pred, None, labels)["fnc"] is None
