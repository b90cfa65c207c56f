"""Whole articles read one voice per independent origin (``article_rule="origins"``, issue 14
item 3). All texts are our own."""

from __future__ import annotations

import numpy as np
import pytest

from credence.document import Article
from credence.scoring import check as check_module
from credence.scoring.article_origins import article_origins, origin_balance
from credence.scoring.check import CheckSettings
from credence.scoring.priors import ScoringPriors

CLAIM = "The regional council approved a tram line to Westport"

# One wire story that disputes the claim, run word for word by three outlets, and two outlets
# that report for themselves and agree with it.
WIRE = (
    "Westport council members rejected the tram plan on Monday. The vote failed by two. "
    "Supporters said they would try again next year."
)
OWN = [
    "Westport gets its tram: councillors said yes on Tuesday. Work starts in spring. "
    "Shops along the route welcomed it.",
    "On Tuesday the council backed the Westport tram. Buses will be cut. The cost is shared.",
]


class _DayReader:
    """An article model: a body mentioning Tuesday agrees, Monday disputes, any other only
    discusses the claim; equally sure each way."""

    classes_ = np.array(["agree", "disagree", "discuss", "unrelated"], dtype=object)

    def predict_proba(self, claims, evidences):
        rows = {"Tuesday": [0.7, 0.1, 0.1, 0.1], "Monday": [0.1, 0.7, 0.1, 0.1]}
        observe = [0.05, 0.05, 0.8, 0.1]
        return np.array(
            [next((v for day, v in rows.items() if day in text), observe) for text in evidences]
        )


def _analyses(scorer, texts, outlets):
    articles = [
        Article(id=f"a{k}", text=t, outlet=o)
        for k, (t, o) in enumerate(zip(texts, outlets, strict=True))
    ]
    return scorer.analyze(articles)


def _balance(scorer, texts, outlets, rule, **kwargs):
    settings = CheckSettings(article_rule=rule, article_terms=False, **kwargs)
    return check_module.article_balance(
        CLAIM, _analyses(scorer, texts, outlets), _DayReader(), {}, settings
    )


def test_origins_a_copied_wire_story_is_one_voice(scorer):
    texts = [WIRE, WIRE, WIRE, *OWN]
    outlets = ["wire", "daily", "herald", "gazette", "courier"]
    S_cov, D_cov = _balance(scorer, texts, outlets, "coverage")
    S, D = _balance(scorer, texts, outlets, "origins")
    once = _balance(scorer, [WIRE, *OWN], ["wire", "gazette", "courier"], "origins")
    # Outlet by outlet the three copies outvote the two reports; as origins they are one.
    assert D_cov > S_cov
    assert S > D
    assert (S, D) == pytest.approx(once)


def test_origins_an_observing_article_dilutes_both_shares_and_tips_neither(scorer):
    observer = "Westport residents discussed transport. Councillors met. A decision is awaited."
    S0, D0 = _balance(scorer, [OWN[0], WIRE], ["gazette", "wire"], "origins")
    S1, D1 = _balance(scorer, [OWN[0], WIRE, observer], ["gazette", "wire", "blog"], "origins")
    assert S0 == pytest.approx(D0) and S1 == pytest.approx(D1)
    assert S1 < S0


def test_origins_weighs_no_article_by_its_coverage_of_the_claims_words(scorer):
    # The disputing body repeats the claim's words, the agreeing one tells it its own way:
    # equally sure readings are level under "origins", not under "coverage".
    disputing = (
        "The regional council approved a tram line to Westport, a report said on Monday. "
        "Officials denied it. No vote was held."
    )
    agreeing = "Westport gets its tram: yes on Tuesday. Work starts in spring. Shops welcomed it."
    S_cov, D_cov = _balance(scorer, [disputing, agreeing], ["a", "b"], "coverage")
    S, D = _balance(scorer, [disputing, agreeing], ["a", "b"], "origins")
    assert D_cov > S_cov * 1.2
    assert S == pytest.approx(D)


def test_article_origins_fold_copies_and_keep_distinct_texts():
    assert article_origins([WIRE, WIRE, OWN[0]], ["x", "y", "z"], 0.5) == ["x", "x", "z"]
    assert article_origins(OWN, ["x", "y"], 0.5) == ["x", "y"]


def test_origin_balance_speaks_through_each_origins_most_related_article():
    agree = np.array([0.1, 0.6])
    S, D = origin_balance(agree, np.zeros(2), np.array([0.8, 0.1]), ["o", "o"], np.ones(2), 0.0)
    assert S == pytest.approx(0.6 / 0.9) and D == 0.0
    assert origin_balance(np.zeros(0), np.zeros(0), np.zeros(0), [], np.ones(0), 0.05) == (0, 0)


def test_origin_balance_weighs_origins_by_their_source():
    S, _ = origin_balance(
        np.array([0.9, 0.0]),
        np.array([0.0, 0.0]),
        np.zeros(2),
        ["a", "b"],
        np.array([3.0, 1.0]),
        0.0,
    )
    assert S == pytest.approx(0.9 * 3 / 4)


@pytest.mark.parametrize(("name", "value"), [("article_rule", "mean"), ("details_weight", 1.5)])
def test_article_rule_settings_reject_bad_values(name, value):
    with pytest.raises(ValueError, match=f"'{name}'"):
        CheckSettings(**{name: value})


def test_details_weight_sets_how_much_support_the_details_rule_takes(scorer):
    # "Lindqvist" is a name no article states: the attested-details rule halves nothing at
    # weight 0 (as "off"), all its share at weight 1, half of it at 0.5.
    claim = "Mayor Lindqvist said the regional council approved a tram line to Westport"
    analyses = _analyses(scorer, OWN, ["gazette", "courier"])

    def read(**kwargs):
        settings = CheckSettings(article_rule="origins", article_terms=False, **kwargs)
        return check_module._read_articles(
            claim, analyses, (_DayReader(), None, None), {}, settings, ScoringPriors()
        )

    off = read(details_rule="off")
    none, half, whole = (read(details_weight=w) for w in (0.0, 0.5, 1.0))
    assert none == pytest.approx(off)
    assert whole[0] < half[0] < none[0]
    assert half[0] == pytest.approx((none[0] + whole[0]) / 2)
    assert whole[1] == half[1] == none[1]


def test_settings_from_spec_reads_each_value_as_the_defaults_type():
    from credence.scoring.check_settings import settings_from_spec

    read = settings_from_spec("article_rule=origins,article_terms=false,details_weight=0.25")
    assert (read.article_rule, read.article_terms, read.details_weight) == ("origins", False, 0.25)
    assert settings_from_spec("default") == CheckSettings()
    with pytest.raises(ValueError, match="CheckSettings has no 'article_mean'"):
        settings_from_spec("article_mean=true")
