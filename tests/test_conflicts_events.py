"""Different events are not conflicts, and claims about other actors are not support.

Issue 14 item 5: "events of different dates or different things measured are not
conflicts"; "sentences sharing only names or a frame are not support". The rules live in the
pair evidence (:mod:`credence.scoring.evidence`, :mod:`credence.scoring.conflicts`) that
``score`` and ``check`` both read: the tables below run through ``Scorer.score``, true alarms
beside false ones. Every sentence is our own.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace as NS

import pytest

from credence.document import Article
from credence.features.dates import DateExtractor
from credence.features.quantities import QuantityExtractor
from credence.features.segment import segment
from credence.scoring.conflicts import compare_measures, measure_analysis
from credence.scoring.evidence import other_actors
from credence.scoring.scorer import Scorer


def _measures(text):
    _, sentences = segment(text)
    analysis = NS(
        article=NS(text=text),
        sentences=sentences,
        quantities=QuantityExtractor().extract(text),
        dates=DateExtractor().extract(text),
    )
    quantities, dates = measure_analysis(analysis)
    return quantities + dates


def _conflict_values(first, second):
    conflicts, _ = compare_measures(_measures(first), _measures(second))
    return [(a.span.text, b.span.text) for a, b in conflicts]


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        # Different things measured (the nearest word before the number says what).
        ("The senator was suspended for 60 days after the vote.",
         "The strike at the factory lasted 11 days after the vote.", []),
        ("The mayor served 12 years in office before the election.",
         "The new stadium took 3 years to build before the election.", []),
        # The same thing measured, with or without an event word.
        ("The spill covered about 3 square kilometres of water.",
         "The spill covered 30 square kilometres of water.",
         [("about 3", "30")]),
        ("Some 10,000 troops were deployed to the border.",
         "Exactly 20,000 troops were deployed to the border.",
         [("Some 10,000", "20,000")]),
        ("Rebels regained 64% of the province.", "Rebels regained 90% of the province.",
         [("64%", "90%")]),
        ("The army deployed 5,000 soldiers to the coast.",
         "The army sent 9,000 soldiers to the coast.", [("5,000", "9,000")]),
    ],
)  # fmt: skip
def test_conflicts_events_different_things_measured(first, second, expected):
    assert _conflict_values(first, second) == expected


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("Barack Obama won the election in 2012", "Donald Trump won the election in 2016", True),
        ("Mr. Weiner did not respond to an email", "Mr. Romney did not respond to an email", True),
        ("The company hired workers in Ohio", "The company hired workers in Texas", True),
        ("Tesla will build its Gigafactory in Texas", "Tesla builds the Gigafactory in Nevada",
         False),
        ("Troops were sent to Kursk, the NIS said", "North Korea sent troops to Kursk", False),
        ("Troops were sent to the front", "Zelensky said troops were sent", False),
    ],
)  # fmt: skip
def test_conflicts_events_other_actors(first, second, expected):
    assert other_actors(first, second) is expected
    assert other_actors(second, first) is expected


@pytest.fixture(scope="module")
def scorer():
    return Scorer.load()


def _scored(scorer, texts):
    # Dated articles, as news is: "in June" and "in March" then resolve to one year each.
    articles = [
        Article(id=f"a{k}", text=t, outlet=f"outlet {k}", published=dt.date(2016, 11, 20))
        for k, t in enumerate(texts)
    ]
    return {c.text: c for c in scorer.score(articles).claims}


FALSE_ALARMS = [
    ("Barack Obama won the presidential election in 2012, beating Mitt Romney.",
     "Donald Trump won the presidential election in 2016, beating Hillary Clinton."),
    ("The agency released more than 1,000 pages of emails in June, officials said.",
     "The agency released a few hundred pages of emails in March, officials said."),
    ("The senator was suspended for 60 days after the vote.",
     "The strike at the factory lasted 11 days after the vote."),
    ("The company hired 500 workers in Ohio last year.",
     "The company hired 2,000 workers in Texas last year."),
]  # fmt: skip

TRUE_ALARMS = [
    ("The spill covered about 3 square kilometres of water near Varna.",
     "The spill covered 30 square kilometres of water near Varna, officials said."),
    ("At least 10,000 troops were deployed to Kursk in October.",
     "Some 1,000 troops were deployed to Kursk in October, the ministry said."),
    ("Troops were deployed to the border on 3 March 2025, the ministry said.",
     "Troops were deployed to the border on 17 March 2025, officials said."),
]  # fmt: skip


@pytest.mark.parametrize(("first", "second"), FALSE_ALARMS)
def test_conflicts_events_score_reports_no_conflict_between_different_events(scorer, first, second):
    claims = _scored(scorer, [first, second])
    for claim in claims.values():
        assert [c.explanation for c in claim.conflicts] == []
        assert claim.contradictions == ()


@pytest.mark.parametrize(("first", "second"), TRUE_ALARMS)
def test_conflicts_events_score_reports_the_conflicts_of_one_event(scorer, first, second):
    claims = _scored(scorer, [first, second])
    kinds = {c.kind for claim in claims.values() for c in claim.conflicts}
    assert kinds & {"numeric", "temporal"}, [c.text for c in claims.values()]


def test_conflicts_events_claims_about_other_actors_are_not_support(scorer):
    claims = _scored(
        scorer,
        [
            "Mr. Weiner did not respond to an email seeking comment.",
            "Mr. Romney did not respond to an email seeking comment.",
            "Barack Obama won the presidential election in 2012.",
            "Donald Trump won the presidential election in 2016.",
        ],
    )
    for claim in claims.values():
        assert claim.support == (), (claim.text, claim.support)


def test_conflicts_events_a_count_is_supported_only_by_evidence_stating_it(scorer):
    claims = _scored(
        scorer,
        [
            "Exactly 2,000 more soldiers were sent to the northern front this month.",
            "Some 15,000 soldiers were sent to the northern front last year.",
            "The ministry said 2,000 more soldiers were sent to the northern front this month.",
        ],
    )
    surge = claims["Exactly 2,000 more soldiers were sent to the northern front this month."]
    assert {e.text for e in surge.support} == {
        "The ministry said 2,000 more soldiers were sent to the northern front this month."
    }
    base = claims["Some 15,000 soldiers were sent to the northern front last year."]
    assert base.support == ()
