"""``credence check`` scores that predict truth (issue 14 item 3).

The three changes that moved the Emergent figures (benchmarks/eval_truth.py): headlines the
claim detector skips are still read, S and D are shares of the committed origins rather
than a noisy-OR that saturates with many witnesses, and a report worded with doubt observes
a claim without endorsing it. All texts are our own.
"""

from __future__ import annotations

import numpy as np
import pytest
from conftest import TRAM_STORY_BODIES

from credence.document import Article
from credence.scoring import check as check_module
from credence.scoring.check import (
    CheckSettings,
    committed_shares,
    net_corroboration,
    with_short_items_read,
)
from credence.scoring.evidence import pair_reader
from credence.scoring.formula import ScoreTables, expected_origins, score_arrays
from credence.scoring.priors import ScoringPriors


def _tables(support, contradiction):
    """One claim, each item from its own origin and source."""
    n = len(support)
    return ScoreTables(
        n_claims=1,
        item_claim=np.zeros(n, dtype=np.int64),
        item_group=np.arange(n, dtype=np.int64),
        item_source=np.arange(n, dtype=np.int64),
        item_support=np.array(support, dtype=float),
        item_contradiction=np.array(contradiction, dtype=float),
        item_own=np.zeros(n, dtype=bool),
        group_claim=np.zeros(n, dtype=np.int64),
        claim_source=np.zeros(1, dtype=np.int64),
    )


# --- shares of the committed origins ----------------------------------------------------


def test_check_expected_origins_sum_the_strongest_item_of_each_origin():
    tables = _tables([0.6, 0.6, 0.2], [0.0, 0.1, 0.7])
    agreeing, contradicting = expected_origins(tables, np.ones(3))
    assert agreeing.tolist() == pytest.approx([1.4])
    assert contradicting.tolist() == pytest.approx([0.8])


def test_check_shares_tell_an_asserted_claim_from_a_disputed_one():
    # Eight outlets: all assert the claim, or half assert it and half dispute it.
    asserted = _tables([0.6] * 8, [0.0] * 8)
    disputed = _tables([0.6] * 4 + [0.1] * 4, [0.0] * 4 + [0.6] * 4)
    settings = CheckSettings()
    S_a, D_a = committed_shares(asserted, np.ones(8), settings)
    S_d, D_d = committed_shares(disputed, np.ones(8), settings)
    assert S_a[0] > S_d[0] + 0.3
    assert D_d[0] > D_a[0] + 0.3
    # The noisy-OR nears 1 for both: it tells them apart less.
    priors = ScoringPriors()
    own = np.full(1, priors.prior_reliability)
    _, S_noisy_a, _ = score_arrays(asserted, np.full(8, 0.5), priors, own)
    _, S_noisy_d, _ = score_arrays(disputed, np.full(8, 0.5), priors, own)
    assert S_noisy_d[0] > 0.75
    assert S_noisy_a[0] - S_noisy_d[0] < (S_a[0] - S_d[0]) / 2


def test_check_shares_are_zero_without_evidence_and_shrunk_with_little():
    settings = CheckSettings(committed_prior=0.5)
    S, D = committed_shares(_tables([], []), np.ones(1), settings)
    assert (S[0], D[0]) == (0.0, 0.0)
    one, _ = committed_shares(_tables([0.5], [0.0]), np.ones(1), settings)
    three, _ = committed_shares(_tables([0.5] * 3, [0.0] * 3), np.ones(3), settings)
    assert one[0] == pytest.approx(0.5) and three[0] == pytest.approx(0.75)


@pytest.mark.parametrize(
    ("name", "value"),
    [("sentence_rule", "average"), ("committed_prior", 0.0), ("hedged_support", 1.5)],
)
def test_check_truth_settings_reject_bad_values(name, value):
    with pytest.raises(ValueError, match=f"'{name}'"):
        CheckSettings(**{name: value})


# --- headlines and hedged reports, with the bundled models ------------------------------


HEADLINES = [
    "Volcano Forces Evacuation Of Three Villages Near Osorno",
    "Three Villages Near Osorno Evacuated As Volcano Erupts",
    "Osorno Volcano Eruption: Villages Evacuated",
]


def test_check_reads_headlines_the_claim_detector_skips(scorer):
    articles = [
        Article(id=f"h{k}", text=text, outlet=f"outlet-{k}") for k, text in enumerate(HEADLINES)
    ]
    analyses = scorer.analyze(articles)
    skipped = [a for a in analyses if not a.claims]
    assert skipped, "the claim detector kept every headline: the case is not exercised"
    read = with_short_items_read(analyses, CheckSettings())
    assert all(a.claims for a in read)
    assert read[0].claims[0].text == analyses[0].sentences[0].text
    scored = scorer.check(
        "A volcano eruption forced three villages near Osorno to evacuate", articles
    )
    supporting = {e.article_id for e in scored.support}
    assert {a.article.id for a in skipped} & supporting


def test_check_short_items_keep_their_detected_claims_and_long_articles_are_untouched(scorer):
    long_text = (
        "The mayor said the bridge will reopen on Monday. Engineers finished the repairs. "
        "Traffic will be limited to two lanes."
    )
    analyses = scorer.analyze([Article(id="long", text=long_text, outlet="o")])
    assert with_short_items_read(analyses, CheckSettings())[0] is analyses[0]


ASSERTED = [
    "The dam on the Tisa river burst on Tuesday, flooding two towns, officials said.",
    "Officials said the Tisa dam burst on Tuesday and two towns were flooded.",
]
HEDGED = [
    "The dam on the Tisa river may have burst on Tuesday, possibly flooding two towns.",
    "The Tisa dam might have burst on Tuesday and two towns may have been flooded.",
]


def test_check_a_report_worded_with_doubt_supports_less(scorer):
    claim = "The Tisa dam burst on Tuesday and flooded two towns"

    def articles(texts, tag):
        return [Article(id=f"{tag}{k}", text=t, outlet=f"{tag}-{k}") for k, t in enumerate(texts)]

    hedged = scorer.check(claim, articles(HEDGED, "h"))
    asserted = scorer.check(claim, articles(ASSERTED, "a"))
    assert asserted.corroboration > hedged.corroboration + 0.1


NET = [
    # (S, D, lone value, corroboration)
    (0.0, 0.0, 0.25, 0.25),  # no evidence: the lone claim's value
    (1.0, 0.0, 0.25, 1.0),
    (0.0, 1.0, 0.25, 0.0),
    (0.4, 0.4, 0.25, 0.25),  # agreement and dispute cancel
    (0.6, 0.2, 0.25, 0.55),
    (0.2, 0.6, 0.25, 0.15),
]


@pytest.mark.parametrize(("support", "contradiction", "lone", "expected"), NET)
def test_check_truth_net_corroboration(support, contradiction, lone, expected):
    assert net_corroboration(support, contradiction, lone) == pytest.approx(expected)


def test_check_truth_net_scale_cancels_equal_agreement_and_dispute():
    # Half the evidence agreeing and half disputing tells nothing either way: the net scale
    # leaves the claim at its lone value (0.25); the score's rule lifted it (0.31 for 0.5 / 0.5).
    priors = ScoringPriors()
    lone = priors.lone_claim_weight * priors.prior_reliability
    for share in (0.2, 0.5):
        net = check_module._scores((share, share), None, 0.5, priors, CheckSettings())
        old = check_module._scores((share, share), None, 0.5, priors, CheckSettings(scale="score"))
        assert net[0] == pytest.approx(lone)
        assert old[0] != pytest.approx(lone)


@pytest.mark.parametrize(
    ("name", "value"), [("scale", "log"), ("details_rule", "names"), ("article_reader", "words")]
)
def test_check_truth_settings_are_validated(name, value):
    with pytest.raises(ValueError, match=f"'{name}' setting must be one of"):
        CheckSettings(**{name: value})


# --- how a whole article's lean is read ---------------------------------------------------


class _TwoReadings:
    """An article model whose four-class probabilities call every body "discuss" while its
    related-pairs reader reads them as agreeing (or, with ``lean="disagree"``, disputing)."""

    classes_ = np.array(["agree", "disagree", "discuss", "unrelated"], dtype=object)

    def __init__(self, lean="agree"):
        self.lean = lean

    def predict_proba(self, claims, evidences):
        return np.tile([0.05, 0.05, 0.8, 0.1], (len(claims), 1))

    def predict_proba_related(self, claims, evidences):
        row = [0.8, 0.05, 0.05, 0.1] if self.lean == "agree" else [0.05, 0.8, 0.05, 0.1]
        return np.tile(row, (len(claims), 1))


BODIES = TRAM_STORY_BODIES


@pytest.mark.parametrize("lean", ["agree", "disagree"])
def test_check_truth_articles_lean_as_the_related_reader_reads_them(scorer, lean):
    articles = [Article(id=f"t{k}", text=t, outlet=f"paper-{k}") for k, t in enumerate(BODIES)]
    analyses = scorer.analyze(articles)
    claim = "The regional council approved a tram line to Westport"

    def corroboration(reader):
        return check_module.check_claim(
            claim,
            analyses,
            stance_model=pair_reader(scorer.stance_model, scorer.agreement_model),
            uncertainty_model=scorer.uncertainty_model,
            extractors=scorer.extractors,
            article_model=_TwoReadings(lean),
            settings=CheckSettings(article_reader=reader),
        ).corroboration

    related, stance = corroboration("related"), corroboration("stance")
    if lean == "agree":
        assert related > stance + 0.2
    else:
        assert related < stance


# --- what the coverage of the claim grades in a whole article ------------------------------


class _LeanByDay:
    """An article model that reads a body mentioning Tuesday as agreeing and any other as
    disputing, with the same confidence."""

    classes_ = np.array(["agree", "disagree", "discuss", "unrelated"], dtype=object)

    def predict_proba(self, claims, evidences):
        agree, dispute = [0.7, 0.1, 0.1, 0.1], [0.1, 0.7, 0.1, 0.1]
        return np.array([agree if "Tuesday" in text else dispute for text in evidences])


# Two bodies that each state one word of the claim (Westport) and tell the rest their own way.
OTHER_WORDS = [
    "Westport officials met on Tuesday. The meeting was long. Residents spoke about buses.",
    "Westport officials gathered on Monday. The session ran late. Citizens talked of ferries.",
]


@pytest.mark.parametrize("grading", ["support", "lean"])
def test_check_truth_article_grading_weighs_agreement_against_dispute(scorer, grading):
    # One body agrees and one disputes, equally sure, each covering the claim as little as the
    # other. Grading only P(agree) by that coverage ("support", the previous rule) tips the
    # balance toward dispute; grading the lean ("lean") leaves the two readings level.
    articles = [Article(id=f"w{k}", text=t, outlet=f"paper-{k}") for k, t in enumerate(OTHER_WORDS)]
    claim = "The regional council approved a tram line to Westport"
    S, D = check_module.article_balance(
        claim,
        scorer.analyze(articles),
        _LeanByDay(),
        {},
        CheckSettings(article_grading=grading),
    )
    assert 0 < S and 0 < D
    if grading == "lean":
        assert S == pytest.approx(D)
    else:
        assert S < 0.8 * D


def test_check_truth_article_grading_is_validated():
    with pytest.raises(ValueError, match="'article_grading' setting must be one of"):
        CheckSettings(article_grading="both")


def test_check_truth_default_grades_an_articles_lean_not_its_support_only(scorer):
    # The default reads the two equally covered, equally sure bodies of OTHER_WORDS as level.
    articles = [Article(id=f"w{k}", text=t, outlet=f"paper-{k}") for k, t in enumerate(OTHER_WORDS)]
    S, D = check_module.article_balance(
        "The regional council approved a tram line to Westport",
        scorer.analyze(articles),
        _LeanByDay(),
        {},
        CheckSettings(),
    )
    assert S == pytest.approx(D)
