"""Swapped-detail training pairs of the agreement model (issue 14 items 1 and 5).

Our own sentences throughout: a claim and a sentence that agree, and the same claim with one
detail (a number, a name, a day, a nationality) replaced by a value of another story.
"""

from __future__ import annotations

import numpy as np
import pytest

from credence.models.agreement import DEFAULT_PARAMS, AgreementModel
from credence.models.agreement_features import (
    DETAIL_FEATURE_NAMES,
    FEATURE_NAMES,
    PairFeaturizer,
    detail_alignment,
    profile_text,
)
from credence.models.agreement_swaps import detail_swaps, details_of

# (first, second, label, group): agreeing pairs of three stories and one that does not agree.
PAIRS = [
    (
        "About 4,300 people left Ostrava after the flood on Monday.",
        "The flood forced 4,300 people out of Ostrava on Monday.",
        "agree",
        "flood",
    ),
    (
        "Canadian divers found the wreck near Halifax in 1998.",
        "The wreck was found near Halifax in 1998 by Canadian divers.",
        "agree",
        "wreck",
    ),
    (
        "The mayor of Lindau opened the bridge on Friday.",
        "On Friday the bridge was opened by the mayor of Lindau.",
        "agree",
        "bridge",
    ),
    (
        "Prices at Kelmar rose by 12 percent in March.",
        "Will prices at Kelmar keep rising?",
        "related",
        "prices",
    ),
]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Canadian police found 4,300 rifles in Toronto on Monday.",
            [
                ("nationality", "Canadian"),
                ("number", "4,300"),
                ("place", "Toronto"),
                ("day", "Monday"),
            ],
        ),
        (
            "The dam was built in 1964 and holds 2.5 million cubic metres.",
            [("year", "1964"), ("number", "2.5 million")],
        ),
        # Opening a sentence, a capitalised word names nothing by its case; after "Mr." it does.
        (
            "Officials said Mr. Weiner left. Reporters waited in Oslo.",
            [("name", "Weiner"), ("place", "Oslo")],
        ),
        # A run of capitalised words is one name; a possessive ending is not part of it.
        (
            "The plan of Governor Piet Arlen's office was dropped in May.",
            [("full name", "Governor Piet Arlen"), ("month", "May")],
        ),
        # A title-case headline: its case names nothing, its numbers and days still count.
        (
            "Flood Forces 4,300 From Their Homes In Ostrava On Monday",
            [("number", "4,300"), ("day", "Monday")],
        ),
        ("the council met and nothing was decided", []),
    ],
)
def test_details_of_reads_kinds_and_spans(text, expected):
    found = details_of(text)
    assert [(d.kind, d.text) for d in found] == expected
    assert all(text[d.start : d.end] == d.text for d in found)


def _columns():
    return [list(column) for column in zip(*PAIRS, strict=True)]


def test_detail_swaps_replace_a_stated_detail_by_another_group_value():
    first, second, labels, groups = _columns()
    swaps = detail_swaps(first, second, labels, groups, seed=3)
    assert [k for k, _ in swaps] == [0, 1, 2]  # the agreeing pairs only, one swap each
    values = {d.text: groups[k] for k, text in enumerate(first) for d in details_of(text)}
    for k, text in swaps:
        assert text != first[k]
        old = [d.text for d in details_of(first[k]) if d.text not in text]
        new = [d.text for d in details_of(text) if d.text not in first[k]]
        assert len(old) == 1 and len(new) == 1, (first[k], text)
        # The new value is of another story, stated by neither text of the pair.
        assert values[new[0]] != groups[k]
        assert new[0] not in second[k]
        assert old[0] in second[k]


def test_detail_swaps_need_the_detail_stated_by_the_second_text():
    first = ["About 4,300 people left Ostrava.", "Divers from Halifax found 12 wrecks."]
    second = ["Many people left the town after the flood.", "Halifax divers found 12 wrecks."]
    swaps = detail_swaps(first, second, ["agree", "agree"], ["a", "b"], seed=0)
    # The first pair's second text states neither detail: no swap could contradict it.
    assert [k for k, _ in swaps] == [1]


def test_detail_swaps_only_where_the_features_can_see_the_swap():
    # A title-case headline's capitalised words are not read as names, so a name swapped
    # against it would look like a restatement to the pair features: no swap; its number is
    # read, and is swapped.
    first = [
        "Divers from Halifax found a wreck 40 metres down.",
        "Divers found 12 wrecks near Dover.",
    ]
    second = ["Halifax Divers Find The Old Wreck", "Dover Divers Find 12 Old Wrecks"]
    swaps = detail_swaps(first, second, ["agree", "agree"], ["a", "b"], seed=0)
    assert [(k, "12" not in text) for k, text in swaps] == [(1, True)]


def test_detail_swaps_share_and_seed():
    first, second, labels, groups = _columns()
    assert detail_swaps(first, second, labels, groups, share=0.0) == []
    assert detail_swaps(first, second, labels, groups, seed=5) == detail_swaps(
        first, second, labels, groups, seed=5
    )


def test_agreement_model_fit_adds_swaps_in_the_pair_group():
    first, second, labels, groups = _columns()
    weights = [1.0, 2.0, 3.0, 4.0]
    model = AgreementModel(detail_swaps=1.0, detail_swap_label="contradict", random_state=3)
    a, b, y, g, w = model._with_swaps(first, second, labels, groups, weights)
    # Three swaps, each read both ways round, in its pair's group with its pair's weight.
    assert len(a) == 10 and a[:4] == first and y[4:] == ["contradict"] * 6
    assert a[7:] == second[:3] and b[4:7] == second[:3] and b[7:] == a[4:7]
    assert g[4:] == groups[:3] * 2 and list(w[4:]) == weights[:3] * 2
    light = AgreementModel(detail_swaps=1.0, detail_swap_weight=0.25, random_state=3)
    *_, w_light = light._with_swaps(first, second, labels, groups, weights)
    assert list(w_light[4:]) == [0.25 * x for x in weights[:3]] * 2
    unchanged = AgreementModel()._with_swaps(first, second, labels, groups, weights)
    assert unchanged == (first, second, labels, groups, weights)


def test_bundled_model_parameters_are_fitted_parameters():
    # fit_pairs (the bundled model's recipe, and every benchmark's) applies DEFAULT_PARAMS,
    # and an explicit parameter wins over it.
    from credence.models.agreement import fit_pairs
    from credence.models.agreement_data import AgreementPair

    pairs = [AgreementPair(a, b, label, group, "emergent-claim") for a, b, label, group in PAIRS]
    model = fit_pairs(pairs * 3, max_iter=3, calibration_folds=2, detail_alignment=True)
    assert model.detail_alignment is True and model.featurizer_.detail_alignment is True
    for name, value in DEFAULT_PARAMS.items():
        assert fit_pairs(pairs * 3, max_iter=3, calibration_folds=2).get_params()[name] == value


def _profile(text):
    from credence.features.dates import DateExtractor
    from credence.features.hedges import HedgeExtractor
    from credence.features.quantities import QuantityExtractor

    read = {"hedges": HedgeExtractor(), "quantities": QuantityExtractor(), "dates": DateExtractor()}
    return profile_text(text, read, details=True)


EVIDENCE = "The flood forced 4,300 people out of Ostrava on Monday, officials said."


@pytest.mark.parametrize(
    "claim, expected",
    [
        # A restatement: every detail of the claim is stated; the evidence adds none.
        ("About 4,300 people left Ostrava after the flood on Monday.", (0.0, 0.0, 0.0)),
        # A paraphrase that leaves details out: nothing is swapped.
        ("Thousands left Ostrava after the flood.", (0.0, 2.0, 0.0)),
        # One detail swapped in each family.
        ("About 43,000 people left Ostrava after the flood on Monday.", (1.0, 1.0, 1.0)),
        ("About 4,300 people left Brno after the flood on Monday.", (1.0, 1.0, 1.0)),
        ("About 4,300 people left Ostrava after the flood on Friday.", (1.0, 1.0, 1.0)),
        # A detail of another family is added, none swapped.
        ("On Monday 4,300 Czech residents left Ostrava.", (1.0, 0.0, 0.0)),
    ],
)
def test_detail_alignment_counts_unstated_and_swapped_details(claim, expected):
    assert detail_alignment(_profile(claim), _profile(EVIDENCE)) == expected


def test_featurizer_detail_columns_match_the_per_pair_reading():
    claims = [
        "About 43,000 people left Ostrava after the flood on Monday.",
        "About 4,300 people left Ostrava after the flood on Monday.",
        "the council met and nothing was decided",
    ]
    evidence = [EVIDENCE] * 3
    featurizer = PairFeaturizer(detail_alignment=True).fit(claims + evidence)
    assert featurizer.feature_names()[-3:] == DETAIL_FEATURE_NAMES
    X = featurizer.transform(claims, evidence)
    assert X.shape == (3, len(FEATURE_NAMES) + len(DETAIL_FEATURE_NAMES))
    for k, claim in enumerate(claims):
        assert tuple(X[k, -3:]) == detail_alignment(_profile(claim), _profile(EVIDENCE))
    # Without the option the columns are the relation features alone, as before.
    plain = PairFeaturizer().fit(claims + evidence).transform(claims, evidence)
    assert np.array_equal(plain, X[:, : len(FEATURE_NAMES)])
