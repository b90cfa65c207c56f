import datetime as dt

import numpy as np
import pytest

from credence.document import Article, Claim, Paragraph, Sentence
from credence.features.polarity import (
    asserted_predicates,
    negated_predicates,
    polarity_contradiction,
    predicate_key,
)
from credence.scoring.analysis import ArticleAnalysis
from credence.scoring.corroboration import ScoringPriors, corroborate

RECALLED = "The agency recalled 40,000 doses of a flu vaccine on Tuesday, the agency said."

# (asserting or other claim, possibly negating claim, expected negated scope or None)
PAIRS = [
    # contradictions
    (RECALLED, "The maker said no doses of its flu vaccine were recalled on Tuesday.",
     "no doses of its flu vaccine were recalled"),
    (RECALLED, "The agency did not recall any doses.", "did not recall"),
    (RECALLED, "The agency didn't recall the doses.", "didn't recall"),
    (RECALLED, "The doses were not recalled, the maker said.", "were not recalled"),
    (RECALLED, "The vaccine has never been recalled.", "has never been recalled"),
    (RECALLED, "None of the doses were recalled.", "None of the doses were recalled"),
    (RECALLED, "The maker denied that the agency recalled any doses.",
     "denied that the agency recalled"),
    (RECALLED, "The maker denies reports that the vaccine was recalled.",
     "denies reports that the vaccine was recalled"),
    (RECALLED, "The maker refuted claims of a recall.", "refuted claims of a recall"),
    (RECALLED, "The maker denied recalling the vaccine.", "denied recalling"),
    (RECALLED, "Reports that the agency recalled doses are false, the maker said.",
     "Reports that the agency recalled doses are false"),
    (RECALLED, "It is untrue that the agency recalled the vaccine.",
     "untrue that the agency recalled"),
    (RECALLED, "There was no recall, the maker said.", "no recall"),
    ("The port was closed on Monday.", "Officials said the port was not closed on Monday.",
     "was not closed"),
    # not contradictions
    (RECALLED, "The maker did not immediately respond to a request for comment.", None),
    (RECALLED, "The agency recalled the doses on Tuesday, but it did not say why.", None),
    (RECALLED, "The agency recalled the doses, but no shipments were destroyed.", None),
    (RECALLED, "The agency not only recalled the doses but also halted sales.", None),
    (RECALLED, "The agency could not confirm the recall.", None),
    (RECALLED, "The maker did not deny that the agency recalled doses.", None),
    (RECALLED, "No doubt the agency recalled doses on Tuesday.", None),
    (RECALLED, "The agency, which never recalled a vaccine before, recalled doses.", None),
    (RECALLED, "Pharmacies removed 25,000 doses of the vaccine from their shelves.", None),
    ("The agency did not recall the doses.", "No doses were recalled, the maker said.", None),
    ("No doses were recalled.", "The agency denied that it recalled the vaccine.", None),
]  # fmt: skip


@pytest.mark.parametrize(("asserting", "negating", "scope"), PAIRS)
def test_polarity_contradiction_table(asserting, negating, scope):
    found = polarity_contradiction(asserting, negating)
    if scope is None:
        assert found is None, found and found.explanation
        return
    assert found is not None
    assert found.negated_side == 1
    assert found.text == scope
    assert negating[found.start : found.end] == scope
    assert asserting[found.asserted_start : found.asserted_end] == found.asserted
    assert predicate_key(found.asserted) == found.negation.key


@pytest.mark.parametrize(("asserting", "negating", "scope"), [p for p in PAIRS if p[2]])
def test_polarity_contradiction_is_symmetric(asserting, negating, scope):
    found = polarity_contradiction(negating, asserting)
    assert found is not None and found.negated_side == 0 and found.text == scope


def test_polarity_explanation_abbreviates_long_scopes():
    found = polarity_contradiction(
        RECALLED, "The maker said no doses of its seasonal flu vaccine were recalled on Tuesday."
    )
    assert found.explanation == "polarity: 'no doses … were recalled' negates 'recalled'"
    assert found.to_dict()["negation"]["kind"] == "quantifier"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The agency was not recalled.", [("was not recalled", "not", "recalled", "auxiliary")]),
        ("No troops were sent.", [("No troops were sent", "No", "sent", "quantifier")]),
        (
            "Kyiv denied that its forces withdrew from the town.",
            [("denied that its forces withdrew", "denied", "withdrew", "denial")],
        ),
        ("The minister did not say when the port reopens.", []),
        ("Not only troops but also tanks arrived.", []),
    ],
)
def test_polarity_negated_predicates_spans(text, expected):
    found = negated_predicates(text)
    assert [(n.text, n.cue, n.predicate, n.kind) for n in found] == expected
    for n in found:
        assert text[n.start : n.end] == n.text
        assert text[n.cue_start : n.cue_end] == n.cue
        assert text[n.predicate_start : n.predicate_end] == n.predicate


@pytest.mark.parametrize(
    ("words", "same"),
    [
        (("recall", "recalled", "recalls", "recalling"), True),
        (("close", "closed", "closing", "closure"), True),
        (("deploy", "deployed", "deployment"), True),
        (("withdraw", "withdrew", "withdrawn", "withdrawal"), True),
        (("recall", "record"), False),
        (("dose", "closed"), False),
    ],
)
def test_polarity_predicate_key_groups_forms(words, same):
    keys = {predicate_key(w) for w in words}
    assert (len(keys) == 1) is same


def test_polarity_asserted_predicates_skip_negated_words():
    text = "The agency recalled doses but did not destroy them."
    asserted = asserted_predicates(text)
    assert predicate_key("recalled") in asserted
    assert predicate_key("destroy") not in asserted
    start, end = asserted[predicate_key("recalled")][0]
    assert text[start:end] == "recalled"


# --------------------------------------------------------------------------- corroboration


class DiscussStance:
    """A stance stand-in that, like the real model on sentence pairs, says "discuss"."""

    classes_ = ["agree", "disagree", "discuss", "unrelated"]

    def predict_proba(self, claims, evidences):
        return np.tile([0.25, 0.1, 0.6, 0.05], (len(claims), 1))


class FlatUncertainty:
    def predict_proba(self, texts):
        return np.full(len(texts), 0.1)


def _one_claim_article(article_id, sentence):
    paragraph = Paragraph(0, 0, len(sentence), sentence, None)
    return ArticleAnalysis(
        article=Article(id=article_id, text=sentence, outlet=f"{article_id}.example",
                        published=dt.date(2024, 10, 15)),
        paragraphs=(paragraph,),
        sentences=(Sentence(0, 0, 0, len(sentence), sentence),),
        claims=(Claim(f"{article_id}:c0", article_id, 0, 0, len(sentence), sentence),),
    )  # fmt: skip


def _corroborate(*sentences, **priors):
    analyses = [_one_claim_article(f"a{k}", s) for k, s in enumerate(sentences)]
    return corroborate(
        analyses,
        stance_model=DiscussStance(),
        uncertainty_model=FlatUncertainty(),
        priors=ScoringPriors(**priors),
    )


def test_polarity_corroboration_turns_discuss_into_disagree():
    result = _corroborate(RECALLED, "The maker said no doses of a flu vaccine were recalled.")
    claim = result.claims[0]
    assert [e.claim_id for e in claim.contradictions] == ["a1:c0"]
    evidence = claim.contradictions[0]
    assert evidence.stance == "disagree"
    assert evidence.probability == pytest.approx(0.8)
    assert evidence.detail == "polarity: 'no doses … were recalled' negates 'recalled'"
    assert "polarity:" in next(c.detail for c in claim.explanation if c.factor == "contradictions")
    assert set(evidence.to_dict()) == {
        "claim_id", "article_id", "start", "end", "text", "stance", "probability", "agreement",
        "origin"
    }  # fmt: skip
    # The denial is contradicted by the assertion too.
    assert [e.claim_id for e in result.claims[1].contradictions] == ["a0:c0"]
    weaker = _corroborate(
        RECALLED, "The maker said no doses of a flu vaccine were recalled.", polarity_weight=0.3
    ).claims[0]
    assert claim.corroboration < weaker.corroboration
    assert weaker.contradictions[0].probability == pytest.approx(0.3)


def test_polarity_corroboration_leaves_unrelated_negations_alone():
    result = _corroborate(
        RECALLED, "The agency did not immediately respond to questions about the flu vaccine doses."
    )
    assert not result.claims[0].contradictions
    assert [e.stance for e in result.claims[0].discussion] == ["discuss"]


def test_polarity_prior_is_validated():
    with pytest.raises(ValueError, match="polarity_weight"):
        ScoringPriors(polarity_weight=1.2)


@pytest.mark.parametrize(
    "text",
    [
        "Report: Tesla will build its Gigafactory in Nevada, not Texas",
        "The summit will be held in Geneva, not Vienna.",
        "The prize went to Ms. Ortiz and not Mr. Bell.",
    ],
)
def test_polarity_a_negated_name_negates_no_predicate(text):
    # Issue 14: "Nevada, not Texas" was "contradicted" by sentences naming Texas.
    assert negated_predicates(text) == []
    assert polarity_contradiction(text, "Texas had lobbied hard for the project.") is None
