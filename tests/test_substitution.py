"""Substituted names (:mod:`credence.scoring.substitution`): true and false alarms.

Our own sentences. A name replaced by another in otherwise aligned words is a substitution;
two sources of one claim, a paraphrase that keeps the names, or sentences that share too few
words are not.
"""

from __future__ import annotations

import pytest

from credence.document import Article
from credence.scoring.substitution import substituted_name

SUBSTITUTIONS = [
    ("Tesla will build its Gigafactory in Texas", "Tesla will build its Gigafactory in Nevada",
     ("Texas", "Nevada")),
    ("The port of Varna was closed on Monday after a spill",
     "The port of Constanta was closed on Monday after a spill", ("Varna", "Constanta")),
    ("Kim Jong-un praised the new missile test on state television",
     "Vladimir Putin praised the new missile test on state television",
     ("Kim Jong-un", "Vladimir Putin")),
    ("The Bulgarian Maritime Administration closed the port after the spill",
     "The Romanian Maritime Administration closed the port after the spill",
     ("Bulgarian", "Romanian")),
    ("Microsoft hired robot guards for its Silicon Valley campus",
     "Microsoft hired robot guards for its Seattle campus", ("Silicon Valley", "Seattle")),
    # A headline in title case: its names are still names.
    ("Tesla will build its Gigafactory in Texas", "Tesla Is Building Its Gigafactory In Nevada",
     ("Texas", "Nevada")),
]  # fmt: skip

NOT_SUBSTITUTIONS = [
    # Title case: "Sets" is the other's "Set" (an inflection), not a name replaced.
    ("Man Sets College On Fire With Marriage Proposal",
     "The Unluckiest Man In The World Set His College On Fire With A Marriage Proposal"),
    # The same names.
    ("Tesla will build its Gigafactory in Nevada", "Tesla is building its Gigafactory in Nevada"),
    # Two sources of one claim.
    ("The NIS said troops were sent to Kursk", "Zelensky said troops were sent to Kursk"),
    ("Troops were sent to Kursk, Zelensky said", "Troops were sent to Kursk, the NIS said"),
    # A name added, none replaced.
    ("Troops were sent to the front", "Troops were sent to the front near Kursk"),
    # Too few words aligned around the names.
    ("Texas wins", "Nevada loses the vote"),
    # A misspelling, not another name.
    ("ISIS beheaded British aid worker Daivd Haines",
     "ISIS beheaded British aid worker David Haines"),
    # A headline in title case capitalises its verbs and adjectives: not names.
    ("A Michigan pizza driver received a huge tip", "Luckiest Pizza Driver Ever Gets Huge Tip"),
    ("Rebels seized the airport of Tarno on Friday",
     "Airport Of Tarno Seized By Rebels Confirmed On Friday"),
    # No name on one side.
    ("The plant will be built in Texas", "The plant will be built in the desert"),
]  # fmt: skip


@pytest.mark.parametrize(("first", "second", "expected"), SUBSTITUTIONS)
def test_substitution_found(first, second, expected):
    found = substituted_name(first, second)
    assert found is not None
    assert (found.mine, found.theirs) == expected
    assert first[found.start : found.end] == expected[0]
    assert second[found.other_start : found.other_end] == expected[1]


@pytest.mark.parametrize(("first", "second"), NOT_SUBSTITUTIONS)
def test_substitution_not_found(first, second):
    assert substituted_name(first, second) is None
    assert substituted_name(second, first) is None


@pytest.fixture(scope="module")
def scorer():
    from credence.scoring.scorer import Scorer

    return Scorer.load()


def test_substitution_is_an_attribute_conflict_in_score_with_both_spans(scorer):
    texts = [
        "Tesla will build its Gigafactory in Nevada, the company said on Thursday.",
        "Tesla will build its Gigafactory in Texas, people familiar with the plan said.",
    ]
    articles = [Article(id=f"a{k}", text=t, outlet=f"outlet {k}") for k, t in enumerate(texts)]
    claims = scorer.score(articles).claims
    found = [c for claim in claims for c in claim.conflicts if c.kind == "attribute"]
    assert found, [claim.conflicts for claim in claims]
    conflict = found[0]
    assert set(conflict.values) == {"Nevada", "Texas"}
    for article_id, start, end, text in conflict.spans:
        assert texts[int(article_id[1:])][start:end] == text
    assert all(claim.support == () for claim in claims)


def test_substitution_lowers_check_below_the_majority(scorer):
    articles = [
        Article(id="a", text="The port of Varna was closed on Monday after a spill.", outlet="x"),
        Article(id="b", text="A spill closed the port of Varna on Monday, officials said.",
                outlet="y"),
        Article(id="c", text="The port of Varna was closed on Monday, the harbour master said.",
                outlet="z"),
    ]  # fmt: skip
    true = scorer.check("The port of Varna was closed on Monday", articles)
    variant = scorer.check("The port of Constanta was closed on Monday", articles)
    # One name each: another port's closure, not a contradiction, but no support either.
    assert variant.corroboration < true.corroboration
    assert variant.support == ()


def test_substitution_in_a_shared_story_is_a_contradiction_in_check(scorer):
    articles = [
        Article(id="a", text="Tesla will build its Gigafactory in Nevada, officials said.",
                outlet="x"),
        Article(id="b", text="Tesla will build its Gigafactory in Nevada near Reno.", outlet="y"),
    ]  # fmt: skip
    true = scorer.check("Tesla will build its Gigafactory in Nevada", articles)
    variant = scorer.check("Tesla will build its Gigafactory in Texas", articles)
    assert variant.corroboration < true.corroboration
    assert any(c.kind == "attribute" for c in variant.conflicts)
    assert variant.contradictions
