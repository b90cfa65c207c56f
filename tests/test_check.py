"""``credence check``: corroboration as a balance of support and contradiction (issue 14).

Unit tables for coverage, names and the balance; then the bundled models over articles we
wrote ourselves, and the issue's own examples over the seed articles (skipped when absent).
"""

from __future__ import annotations

import numpy as np
import pytest

from credence.document import Article
from credence.scoring.check import (
    CheckSettings,
    balance_scores,
    check_claim,
    coverage,
    name_share,
)
from credence.scoring.formula import ScoreTables

# --- coverage and names ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "evidence", "low", "high"),
    [
        ("The port of Varna closed on Monday", "Varna's port was closed on Monday", 0.99, 1.0),
        ("The port of Varna closed on Monday", "The port of Burgas closed on Monday", 0.4, 0.8),
        (
            "At least 2,000 more soldiers were sent",
            "at least 2000 more soldiers were sent",
            0.99,
            1.0,
        ),
        (
            "At least 2,000 more soldiers were sent",
            "at least 20,000 more soldiers were sent",
            0.4,
            0.9,
        ),
        ("Rebels castrated the guard", "the guard was castrated by rebels", 0.99, 1.0),
        ("The weather in Kursk was sunny", "Ukraine's forces still hold part of Kursk", 0.0, 0.4),
    ],
)
def test_check_coverage_weighs_the_claims_terms(query, evidence, low, high):
    assert low <= coverage(query, [evidence])[0] <= high


def test_check_coverage_weighs_rare_terms_more():
    # "Texas" appears in no evidence text: it weighs more than "Tesla", which all share.
    query = "Tesla will build its Gigafactory in Texas"
    evidence = ["Tesla picked Nevada", "Tesla and its Gigafactory", "Tesla builds"]
    without_texas = coverage(query, evidence)
    with_texas = coverage(query, [*evidence[:2], "Tesla builds in Texas"])
    assert with_texas[2] > without_texas[2]
    assert coverage("", ["anything"]).tolist() == [1.0]


@pytest.mark.parametrize(
    ("query", "evidence", "expected"),
    [
        ("Mr. Weiner did not respond to an email.", "Mr. Romney did not respond to an email.", 0),
        ("Beyonce campaigned for Hillary Clinton.", "Jay Z campaigned for Barack Obama.", 0),
        ("Mr. Weiner did not respond to an email.", "Weiner did not answer.", 1),
        ("Mr. Weiner did not respond to an email.", "the email went unanswered.", 1),
        ("Soldiers were sent to Kursk.", "The troops arrived in the Kursk region.", 1),
        # A name meets its adjective and its plural; "U.S." is written either way.
        ("A dog was found at a Scottish station.", "Dog found in Scotland.", 1),
        ("The U.S. killed him in an airstrike.", "US airstrike killed him, Pentagon says.", 1),
        ("Weapons meant for Kurdish fighters.", "ISIS seized arms meant for Kurds.", 1),
        ("nothing capitalised here", "Mr. Romney did not succeed.", 1),
    ],
)
def test_check_name_share(query, evidence, expected):
    assert name_share(query, [evidence]).tolist() == [expected]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("per_article", 0),
        ("top_k", 0),
        ("support_prior", -0.1),
        ("coverage_power", -1.0),
        ("name_mismatch", 1.5),
        ("article_weight", -0.5),
    ],
)
def test_check_settings_reject_bad_values(name, value):
    with pytest.raises(ValueError, match=f"'{name}'"):
        CheckSettings(**{name: value})


# --- the balance ------------------------------------------------------------------------


def _tables(contradiction, groups=None):
    n = len(contradiction)
    groups = list(range(n)) if groups is None else groups
    return ScoreTables(
        n_claims=1,
        item_claim=np.zeros(n, dtype=np.int64),
        item_group=np.array(groups, dtype=np.int64),
        item_source=np.arange(n, dtype=np.int64),
        item_support=np.zeros(n),
        item_contradiction=np.array(contradiction, dtype=float),
        item_own=np.zeros(n, dtype=bool),
        group_claim=np.zeros(max(groups) + 1, dtype=np.int64),
        claim_source=np.zeros(1, dtype=np.int64),
    )


def test_check_balance_measures_the_share_not_the_count():
    weight = np.ones(10)
    # Two agreeing origins, or two agreeing and two related ones that do not agree.
    agree_only = balance_scores(_tables([0.0, 0.0]), np.array([0.9, 0.9]), np.ones(2), weight, 0.05)
    diluted = balance_scores(
        _tables([0.0] * 4), np.array([0.9, 0.9, 0.1, 0.1]), np.ones(4), weight, 0.05
    )
    assert agree_only[0][0] > diluted[0][0]
    # Ten related sentences that barely agree are not support.
    many_weak = balance_scores(_tables([0.0] * 10), np.full(10, 0.1), np.ones(10), weight, 0.05)
    assert many_weak[0][0] < agree_only[0][0] / 2


def test_check_balance_a_flagged_conflict_lowers_support_and_raises_contradiction():
    weight = np.ones(3)
    agreeing = balance_scores(_tables([0.0, 0.0]), np.array([0.8, 0.8]), np.ones(2), weight, 0.05)
    conflicted = balance_scores(
        _tables([0.0, 0.0, 0.8]), np.array([0.8, 0.8, 0.0]), np.ones(3), weight, 0.05
    )
    assert conflicted[0][0] < agreeing[0][0]
    assert conflicted[1][0] > agreeing[1][0] == 0.0


def test_check_balance_an_origin_counts_once():
    weight = np.ones(3)
    # Three items of one origin (a relay of one agency) weigh as one.
    one_origin = balance_scores(
        _tables([0.0, 0.0, 0.0], groups=[0, 0, 0]),
        np.array([0.9, 0.2, 0.2]),
        np.array([1.0, 0.5, 0.5]),
        weight,
        0.05,
    )
    single = balance_scores(_tables([0.0]), np.array([0.9]), np.ones(1), weight, 0.05)
    assert one_origin[0][0] == pytest.approx(single[0][0])


# --- the bundled models over our own articles -------------------------------------------


def _articles(texts):
    return [Article(id=f"a{k}", text=t, outlet=f"outlet-{k}") for k, t in enumerate(texts)]


VALLEY = _articles(
    [
        "The defence ministry said its forces have regained control of 64% of the valley. "
        "Fighting continued near the river crossing on Sunday.",
        "Government troops have regained control of 64% of the valley, the defence ministry "
        "said. Residents began returning to two villages.",
        "The army has regained control of 64% of the valley after a month of fighting, the "
        "defence ministry said. Aid convoys reached the area on Monday.",
    ]
)


def test_check_a_conflict_with_the_majority_lowers_corroboration(scorer):
    analyses = scorer.analyze(VALLEY)
    majority = scorer.check(
        "The defence ministry said its forces regained control of 64% of the valley", VALLEY
    )
    slip = scorer.check(
        "The defence ministry said its forces regained control of 90% of the valley", VALLEY
    )
    assert any(c.kind == "numeric" and c.values[0] == "90%" for c in slip.conflicts)
    assert slip.corroboration < majority.corroboration
    assert len(analyses) == 3


FRAMES = _articles(
    [
        "Mr. Romney did not respond to an email seeking comment. He campaigned in Ohio.",
        "Jay Z campaigned for President Barack Obama in 2008 and 2012. He played at rallies.",
        "Mr. Romney did not succeed. His campaign ended in November.",
    ]
)


@pytest.mark.parametrize(
    "claim",
    [
        "Mr. Weiner did not respond to an email seeking comment",
        "Beyonce campaigned for Hillary Clinton in 2016",
        "Governor Cuomo did not succeed in passing the budget",
    ],
)
def test_check_sharing_only_a_frame_is_not_support(scorer, claim):
    checked = scorer.check(claim, FRAMES)
    assert checked.support == ()
    assert checked.independent_origins == 0


ELECTIONS = _articles(
    [
        "Barack Obama won the presidential election in 2012, beating Mitt Romney.",
        "The agency released more than 1,000 pages of emails in June, officials said.",
        "The company hired 500 workers in Ohio last year.",
    ]
)


@pytest.mark.parametrize(
    "claim",
    [
        "Donald Trump won the presidential election in 2016",
        "The agency released a few hundred pages of emails in March",
        "The company hired 2,000 workers in Texas last year",
    ],
)
def test_check_other_events_are_not_conflicts(scorer, claim):
    checked = scorer.check(claim, ELECTIONS)
    assert [c for c in checked.conflicts if c.kind in ("numeric", "temporal")] == []
    assert checked.contradictions == ()


TESLA = _articles(
    [
        "Tesla has picked Nevada for its battery Gigafactory, people familiar with the "
        "decision said. The plant near Reno will employ 6,500 people. Texas, Arizona and New "
        "Mexico had also been finalists.",
        "Tesla Motors will build its Gigafactory outside Reno, Nevada, the governor announced "
        "on Thursday. State lawmakers will meet to approve tax breaks for the plant.",
        "The electric car maker chose a site in Nevada for its giant battery factory. Texas "
        "had lobbied hard for the project. Construction is already under way east of Reno.",
        "Nevada won the race for Tesla's Gigafactory, beating Texas and California. The "
        "factory will make batteries for the Model 3. Officials expect it to open in 2017.",
    ]
)


def test_check_tesla_nevada_outranks_texas(scorer):
    # The example, re-worded: every article reports Nevada; Texas was a finalist.
    nevada = scorer.check("Tesla will build its Gigafactory in Nevada", TESLA)
    texas = scorer.check("Tesla will build its Gigafactory in Texas", TESLA)
    both = scorer.check("Report: Tesla will build its Gigafactory in Nevada, not Texas", TESLA)
    assert nevada.corroboration > texas.corroboration
    assert nevada.independent_origins >= 2
    # "Nevada, not Texas" is not contradicted by rule by the sentences naming Texas as a
    # finalist (the agreement model still reads one of them as contradicting: see the
    # benchmark's polarity rows).
    assert not [e for e in both.contradictions if e.detail.startswith("polarity")]
    assert both.support


# --- the examples over the seed articles ----------------------------------------


@pytest.fixture(scope="module")
def seed_articles(seeds_dir):
    from credence.ingest import read_articles

    return read_articles([str(seeds_dir)]).articles


def test_check_seeds_more_troops_truth_outranks_the_inflated_figure(scorer, seed_articles):
    true = scorer.check("North Korea sent at least 1,000 more troops to Russia", seed_articles)
    inflated = scorer.check("North Korea sent 20,000 more troops to Russia", seed_articles)
    assert inflated.corroboration < true.corroboration
    assert true.support
    assert any(c.kind == "numeric" and c.values[0] == "20,000" for c in inflated.conflicts)


def test_check_seeds_kursk_share_64_outranks_90(scorer, seed_articles):
    stated = scorer.check(
        "Russia's defence ministry said its forces regained 64% of Kursk territory", seed_articles
    )
    inflated = scorer.check("Russian forces have regained 90% of Kursk territory", seed_articles)
    assert any(c.kind == "numeric" and c.values == ("90%", "64%") for c in inflated.conflicts)
    assert inflated.corroboration < stated.corroboration
    assert stated.independent_origins >= 1


def test_check_seeds_unrelated_claim_gets_the_lone_value(scorer, seed_articles):
    unrelated = scorer.check("The weather in Kursk was sunny all week", seed_articles)
    assert unrelated.support == ()
    assert unrelated.corroboration < 0.35


def test_check_still_importable_from_corroboration():
    from credence.scoring import corroboration

    assert corroboration.check_claim is check_claim
    assert "check_claim" in corroboration.__all__
