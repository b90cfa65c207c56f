"""What two claims are compared on, and whose claim it is (issue 14 item 2).

Unit tables for the rules corroboration applies before counting origins: the text an
attributed claim's origin asserts (:func:`credence.scoring.claim_rows.asserted_text`), the
origin of "reports indicate X, according to Y" (:func:`credence.scoring.independence.find_chain`)
and a count no other claim states (:func:`credence.scoring.evidence.unconfirmed_counts`);
then behaviours of issue 14 item 5 on short articles written for these tests.
"""

from types import SimpleNamespace as NS

import numpy as np
import pytest

from credence.document import Article
from credence.features.attribution.results import SourceMention
from credence.features.chains import Chain
from credence.scoring.claim_rows import asserted_text
from credence.scoring.evidence import unconfirmed_counts
from credence.scoring.independence import find_chain


def _claim(text, start=0):
    return NS(start=start, end=start + len(text), text=text)


def _attribution(text, source, cue):
    s, c = text.index(source), text.index(cue)
    return NS(source=NS(start=s, end=s + len(source)), cue=NS(start=c, end=c + len(cue)))


def _hedge(text, cue, category="hearsay"):
    k = text.index(cue)
    return NS(start=k, end=k + len(cue), category=category)


@pytest.mark.parametrize(
    ("text", "source", "cue", "hedge", "expected"),
    [
        (
            "Troops left Kursk on Friday, the ministry said.",
            "the ministry",
            "said",
            None,
            "Troops left Kursk on Friday.",
        ),
        (
            "According to the coast guard, two boats sank off Crete.",
            "the coast guard",
            "According to",
            None,
            "two boats sank off Crete.",
        ),
        (
            "The mayor said that the bridge will reopen in May.",
            "The mayor",
            "said",
            None,
            "the bridge will reopen in May.",
        ),
        (
            "Additionally, reports indicate that the dam was breached, according to engineers.",
            "engineers",
            "according to",
            "reports indicate",
            "the dam was breached.",
        ),
        (
            # A contrastive clause after the content is a second assertion, the outlet's.
            "The minister acknowledged the return of the fleet, and while critics doubted "
            "its readiness, analysts were impressed.",
            "The minister",
            "acknowledged",
            None,
            "the return of the fleet.",
        ),
        (
            # Too little left once the frame is cut: the whole claim is read.
            "It rose, officials said.",
            "officials",
            "said",
            None,
            "It rose, officials said.",
        ),
    ],
)
def test_asserted_text_cuts_frame_and_relay_hedges(text, source, cue, hedge, expected):
    claim = _claim(text, start=40)
    shifted = _attribution(text, source, cue)
    for part in (shifted.source, shifted.cue):
        part.start += 40
        part.end += 40
    hedges = []
    if hedge is not None:
        h = _hedge(text, hedge)
        hedges = [NS(start=h.start + 40, end=h.end + 40, category="hearsay")]
    assert asserted_text(claim, [shifted], hedges) == expected


def test_asserted_text_keeps_other_hedges_and_outside_frames():
    text = "The harbour may stay shut until June, the port authority said."
    claim = _claim(text)
    far_frame = NS(source=NS(start=200, end=210), cue=NS(start=211, end=215))
    may = _hedge(text, "may", category="epistemic")
    assert asserted_text(claim, [far_frame], [may]) == text


def _mention(text, start, canonical, kind):
    return SourceMention(start, start + len(text), text, canonical, kind)


def test_find_chain_reports_yield_to_the_named_source():
    # "Additionally, reports indicate that X, according to Ukrainian special forces."
    reports = _mention("reports", 14, "reports", "anonymous")
    forces = _mention("border guards", 80, "border guards", "anonymous")
    by_reports = Chain((reports,), None, 14, 70)
    by_forces = Chain((forces,), None, 36, 95)
    assert find_chain([by_reports, by_forces], 0, 96) is by_forces
    # Alone, the reports chain stays the claim's chain.
    assert find_chain([by_reports], 0, 70) is by_reports


def test_find_chain_reports_do_not_yield_to_their_outer_relay():
    # "Via the wire: X is reportedly ..., after initial reports said ...": the wire relays
    # the reports; it is not who reported them.
    wire = _mention("the wire", 0, "The Wire", "outlet")
    reports = _mention("initial reports", 40, "initial reports", "anonymous")
    outer = Chain((wire,), wire, 0, 200)
    nested = Chain((wire, reports), None, 10, 90)
    assert find_chain([outer, nested], 10, 90) is nested


def test_unconfirmed_counts_only_where_the_evidence_lacks_the_claims_number():
    numeric = NS(kind="numeric")
    date = NS(kind="temporal")
    rows = [NS(measures=(numeric,)), NS(measures=()), NS(measures=(numeric,)), NS(measures=(date,))]
    claims = np.array([0, 1, 0, 2, 3, 2])
    evidences = np.array([1, 0, 2, 3, 2, 0])
    assert unconfirmed_counts(rows, claims, evidences).tolist() == [
        True,  # "1,000 troops were sent" is not confirmed by "troops were sent"
        False,  # "troops were sent" is confirmed by "1,000 troops were sent"
        False,  # both state a number: compared by rule
        True,  # a date is no count
        False,
        False,
    ]


# --- Issue 14 item 5 behaviours, with the bundled models ---------------------------------


def _article(id_, outlet, text, date="2025-04-02"):
    return Article(id=id_, text=text, outlet=outlet, published=_date(date))


def _date(value):
    import datetime as dt

    return dt.date.fromisoformat(value)


def _claim_of(report, fragment):
    found = [c for c in report.claims if fragment in c.text]
    assert found, [c.text for c in report.claims]
    return found[0]


def test_frame_only_sentences_are_not_support(scorer):
    # Two sentences that share only a frame ("did not respond to requests for comment")
    # and different names say different things.
    articles = [
        _article(
            "a",
            "Daily One",
            "The city council approved a new parking levy on Tuesday.\n\n"
            "Councillor Maria Lopez did not respond to a request for comment.",
        ),
        _article(
            "b",
            "Evening Two",
            "A textile factory in the harbour district closed after a fire.\n\n"
            "The factory owner, Peter Hall, did not respond to a request for comment.",
        ),
    ]
    report = scorer.score(articles)
    lopez = _claim_of(report, "Maria Lopez")
    assert lopez.independent_origins == 1
    assert not any(e.article_id == "b" and e.agreement >= 0.5 for e in lopez.support)


def test_shared_names_alone_are_not_support(scorer):
    articles = [
        _article(
            "a",
            "Daily One",
            "Senator Helen Ward campaigned in Ohio for the farm bill on Monday.",
        ),
        _article(
            "b",
            "Evening Two",
            "Senator Helen Ward was treated in hospital for a broken wrist, her office said.",
        ),
    ]
    report = scorer.score(articles)
    ward = _claim_of(report, "campaigned in Ohio")
    assert ward.independent_origins == 1
    assert all(e.agreement < 0.5 for e in ward.support)


def test_count_not_confirmed_by_a_sentence_without_it(scorer):
    # The radio's sentence states the evacuation, not the count: it corroborates neither
    # number, so the two counts keep one origin each.
    articles = [
        _article(
            "a",
            "Daily One",
            "About 4,000 residents were evacuated from Riverside on Sunday, the fire service said.",
        ),
        _article(
            "b",
            "Valley Radio",
            "Residents of Riverside were evacuated on Sunday, police chief Tom Reyes said.",
        ),
    ]
    report = scorer.score(articles)
    count = _claim_of(report, "4,000 residents")
    assert count.independent_origins == 1


def test_different_dates_of_different_things_are_not_conflicts(scorer):
    articles = [
        _article(
            "a",
            "Daily One",
            "The museum reopened on 3 March after a two-year renovation, its director said.",
        ),
        _article(
            "b",
            "Evening Two",
            "The museum's new wing will open on 12 September, the city said.",
        ),
    ]
    report = scorer.score(articles)
    reopened = _claim_of(report, "reopened on 3 March")
    assert not [c for c in reopened.conflicts if c.kind == "temporal"]


def test_lede_and_its_attributed_source_in_one_article_are_one_origin(scorer):
    # The outlet's unattributed lede restates what its body attributes to the agency: one
    # account, not two witnesses. Another outlet's fire chief is a second origin.
    articles = [
        _article(
            "a",
            "Daily One",
            "The Riverside bridge was closed on Monday after cracks were found in its pillars.\n\n"
            "The bridge was closed on Monday after inspectors found cracks in its pillars, "
            "the roads agency said.",
        ),
        _article(
            "b",
            "Valley Radio",
            "Fire chief Anna Berg said the Riverside bridge had been closed on Monday because "
            "of cracks in its pillars.",
        ),
    ]
    report = scorer.score(articles)
    lede = _claim_of(report, "The Riverside bridge was closed")
    assert "roads agency" not in " ".join(lede.origins)
    agency = _claim_of(report, "the roads agency said")
    assert "Daily One" not in agency.origins


def test_asserted_text_keeps_nested_reports_and_misread_frames():
    text = "Palmieri said Clinton will address the comments in Florida on Friday."
    claim = _claim(text)
    outer = _attribution(text, "Palmieri", "said")
    outer.content = NS(start=text.index("Clinton"), end=len(text) - 1)
    nested = _attribution(text, "Clinton", "address")
    assert asserted_text(claim, [outer, nested], []) == (
        "Clinton will address the comments in Florida on Friday."
    )
    # A frame covering most of the sentence was misread: the whole sentence is read.
    text = "A reporter for the Gazette spotted the senator and her aide and reported it."
    misread = _attribution(text, "A reporter for the Gazette", "spotted the senator and her aide")
    assert asserted_text(_claim(text), [misread], []) == text


@pytest.mark.parametrize(
    ("other", "origins"),
    [
        # An outlet's own "reportedly" observes the claim: neither support nor contradiction.
        ("The dam at Nova Kakhovka reportedly burst on Tuesday morning.", 1),
        # Stated in its own voice, it is a second origin.
        ("The dam at Nova Kakhovka burst on Tuesday morning.", 2),
    ],
)
def test_observing_outlet_is_no_origin_asserting_outlet_is(scorer, other, origins):
    articles = [
        _article(
            "a",
            "Daily One",
            "The Nova Kakhovka dam was breached early on Tuesday, the regional governor said.",
        ),
        _article("b", "Evening Two", other),
    ]
    report = scorer.score(articles)
    governor = _claim_of(report, "regional governor")
    assert governor.independent_origins == origins
    assert not governor.contradictions
