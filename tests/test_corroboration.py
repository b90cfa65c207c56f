import datetime as dt
import re
from types import SimpleNamespace as NS

import numpy as np
import pytest

from credence.document import Article, Claim, Paragraph, Sentence
from credence.features.dates import DateExtractor
from credence.features.hedges import HedgeExtractor
from credence.features.quantities import QuantityExtractor
from credence.scoring.analysis import ArticleAnalysis
from credence.scoring.corroboration import ScoringPriors, check_claim, corroborate

_WORDS = re.compile(r"[a-z0-9,]+")
_NEGATION = {"not", "denied", "never", "false"}


class WordStance:
    """A transparent stand-in for the stance model: word overlap decides relatedness and a
    negation in exactly one of the two texts decides disagreement."""

    classes_ = ["agree", "disagree", "discuss", "unrelated"]

    def predict_proba(self, claims, evidences):
        rows = []
        for a, b in zip(claims, evidences, strict=True):
            wa, wb = set(_WORDS.findall(a.lower())), set(_WORDS.findall(b.lower()))
            overlap = len(wa & wb) / max(1, min(len(wa), len(wb)))
            related = min(0.95, overlap)
            negated = bool(wa & _NEGATION) != bool(wb & _NEGATION)
            agree, disagree = (0.1, 0.8) if negated else (0.8, 0.1)
            rows.append([related * agree, related * disagree, related * 0.1, 1 - related])
        return np.array(rows)


class CueUncertainty:
    def predict_proba(self, texts):
        return np.array([0.9 if re.search(r"reportedly|may|might", t) else 0.1 for t in texts])


def _mention(text, canonical, kind):
    return NS(text=text, canonical=canonical, kind=kind, start=0, end=0)


def make_analysis(article_id, outlet, paragraphs, published=dt.date(2024, 5, 6)):
    """paragraphs: list of (sentence text, (canonical, kind) or None, duplicate_of or None)."""
    text, paras, sentences, claims, chains, attributions = "", [], [], [], [], []
    for index, (sentence, origin, duplicate_of) in enumerate(paragraphs):
        if text:
            text += "\n\n"
        start = len(text)
        text += sentence
        end = len(text)
        paras.append(Paragraph(index, start, end, sentence, duplicate_of))
        sentences.append(Sentence(index, index, start, end, sentence))
        claims.append(Claim(f"{article_id}:c{index}", article_id, index, start, end, sentence))
        if origin is not None:
            mention = _mention(origin[0], origin[0], origin[1])
            chains.append(
                NS(
                    links=(mention,),
                    origin=mention,
                    start=start,
                    end=end,
                    covers=lambda s, e, lo=start, hi=end: lo <= s and e <= hi,
                )
            )
            attributions.append(NS(source=mention))
    article = Article(id=article_id, text=text, outlet=outlet, published=published)
    return ArticleAnalysis(
        article=article,
        paragraphs=tuple(paras),
        sentences=tuple(sentences),
        spans={
            "hedges": tuple(HedgeExtractor().extract(text)),
            "attribution": tuple(attributions),
            "chains": tuple(chains),
            "quantities": tuple(QuantityExtractor().extract(text)),
            "dates": tuple(DateExtractor(reference_date=published).extract(text)),
        },
        claims=tuple(claims),
    )


SPILL = "The port of Varna was closed on Monday after a chemical spill"
# The same fact in other words (no shared 4-word shingle run long enough to be a copy).
SPILL_B = "On Monday a chemical spill closed the port of Varna"
OTHER = "Fishermen in the bay were told to stay ashore until further notice"


def _run(analyses, **kwargs):
    return corroborate(
        analyses, stance_model=WordStance(), uncertainty_model=CueUncertainty(), **kwargs
    )


def _claim(result, claim_id):
    return next(c for c in result.claims if c.id == claim_id)


def test_corroboration_independent_origins_raise_corroboration():
    analyses = [
        make_analysis("a", "alpha.example", [(SPILL + ".", ("Coast Guard", "official"), None)]),
        make_analysis("b", "beta.example", [(SPILL_B + ".", ("Harbour Master", "official"), None)]),
        make_analysis("c", "gamma.example", [(OTHER + ".", None, None)]),
    ]
    result = _run(analyses)
    spill, lone = _claim(result, "a:c0"), _claim(result, "c:c0")
    assert spill.independent_origins == 2
    assert set(spill.origins) == {"Coast Guard", "Harbour Master"}
    assert [e.claim_id for e in spill.support] == ["b:c0"]
    assert 0 < lone.corroboration < spill.corroboration < 1
    assert lone.independent_origins == 1 and lone.origins == ("gamma.example",)
    assert spill.uncertainty < lone.uncertainty


def test_corroboration_relays_of_one_origin_count_once():
    relay = [(SPILL + ".", ("Coast Guard", "official"), None)]
    analyses = [make_analysis(k, f"{k}.example", relay) for k in ("a", "b", "c")]
    result = _run(analyses)
    claim = _claim(result, "a:c0")
    assert len(claim.support) == 2
    assert claim.independent_origins == 1 and claim.origins == ("Coast Guard",)
    lone = _run([analyses[0]]).claims[0]
    # Relays add no independent support: the score does not rise above a lone claim's.
    assert claim.corroboration <= lone.corroboration + 1e-9


def test_corroboration_syndicated_copies_without_attribution_count_once():
    body = SPILL + ", and the harbour will stay shut for at least three days, officials added."
    analyses = [make_analysis(k, f"{k}.example", [(body, None, None)]) for k in ("a", "b")]
    claim = _claim(_run(analyses), "a:c0")
    assert claim.support and claim.independent_origins == 1


def test_corroboration_contradiction_lowers_score():
    analyses = [
        make_analysis("a", "alpha.example", [(SPILL + ".", ("Coast Guard", "official"), None)]),
        make_analysis(
            "b",
            "beta.example",
            [
                (
                    "The port of Varna was not closed on Monday after a chemical spill.",
                    ("Transport Ministry", "official"),
                    None,
                )
            ],
        ),
    ]
    result = _run(analyses)
    claim = _claim(result, "a:c0")
    assert [e.claim_id for e in claim.contradictions] == ["b:c0"]
    lone = _run(analyses[:1]).claims[0]
    assert claim.corroboration < lone.corroboration
    assert claim.uncertainty > lone.uncertainty


def test_corroboration_numeric_and_temporal_conflicts_inside_one_article():
    analysis = make_analysis(
        "a",
        "alpha.example",
        [
            ("Some 10,000 troops were deployed to the border last year.", None, None),
            ("Other reports say 12,000 troops were deployed to the border.", None, None),
            ("Their initial deployment to the border came in late 2022.", None, None),
        ],
        published=dt.date(2025, 2, 27),
    )
    result = _run([analysis])
    first = _claim(result, "a:c0")
    kinds = {(c.kind, c.with_claim) for c in first.conflicts}
    assert kinds == {("numeric", "a:c1"), ("temporal", "a:c2")}
    assert next(s for s in result.sources if s.name == "alpha.example").internal_conflicts == 2


def test_corroboration_duplicated_paragraph_adds_no_support():
    paragraphs = [
        (SPILL + ".", ("Coast Guard", "official"), None),
        (OTHER + ".", None, None),
        (SPILL + ".", ("Coast Guard", "official"), 0),
    ]
    other = make_analysis(
        "b", "beta.example", [(SPILL_B + ".", ("Harbour Master", "official"), None)]
    )
    with_copy = _run([make_analysis("a", "alpha.example", paragraphs), other])
    without = _run([make_analysis("a", "alpha.example", paragraphs[:2]), other])
    target = _claim(with_copy, "b:c0")
    assert [e.claim_id for e in target.support] == ["a:c0"]
    assert target.corroboration == pytest.approx(_claim(without, "b:c0").corroboration)
    original = _claim(with_copy, "a:c0")
    assert all(e.claim_id != "a:c2" for e in original.support)
    alpha = next(s for s in with_copy.sources if s.name == "alpha.example")
    assert alpha.duplicated_paragraphs == 1


def test_corroboration_reliability_iterates_and_reports():
    analyses = [
        make_analysis("a", "alpha.example", [(SPILL + ".", ("Coast Guard", "official"), None)]),
        make_analysis("b", "beta.example", [(SPILL_B + ".", ("Harbour Master", "official"), None)]),
        make_analysis("c", "gamma.example", [(OTHER + ".", None, None)]),
    ]
    result = _run(analyses, tol=1e-9)
    assert result.converged and result.iterations >= 2
    by_name = {s.name: s for s in result.sources}
    assert by_name["Coast Guard"].reliability > by_name["gamma.example"].reliability == 0.5
    assert by_name["Coast Guard"].kind == "official" and by_name["alpha.example"].kind == "outlet"


def test_corroboration_to_dict_schema():
    analyses = [
        make_analysis(
            "a", "alpha.example", [(SPILL + ", reportedly.", ("Coast Guard", "official"), None)]
        ),
        make_analysis("b", "beta.example", [(SPILL_B + ".", ("Harbour Master", "official"), None)]),
    ]
    result = _run(analyses)
    d = result.claims[0].to_dict()
    assert list(d) == [
        "id",
        "article_id",
        "start",
        "end",
        "text",
        "corroboration",
        "uncertainty",
        "independent_origins",
        "origins",
        "support",
        "contradictions",
        "conflicts",
        "hedges",
        "chain",
        "explanation",
        "copies",
    ]
    assert list(d["support"][0]) == [
        "claim_id",
        "article_id",
        "start",
        "end",
        "text",
        "stance",
        "probability",
        "origin",
    ]
    assert {c["factor"] for c in d["explanation"]} >= {
        "support",
        "contradictions",
        "origins",
        "hedges",
        "attribution",
        "conflicts",
    }
    assert d["hedges"] and d["hedges"][0]["text"] == "reportedly"
    text = analyses[0].article.text
    assert text[d["start"] : d["end"]] == d["text"]
    assert [s.to_dict()["article_ids"] for s in result.stories] == [["a", "b"]]


def test_corroboration_check_claim():
    analyses = [
        make_analysis("a", "alpha.example", [(SPILL + ".", ("Coast Guard", "official"), None)]),
        make_analysis("b", "beta.example", [(SPILL_B + ".", ("Harbour Master", "official"), None)]),
        make_analysis("c", "gamma.example", [(OTHER + ".", None, None)]),
    ]
    checked = check_claim(
        "The port of Varna was closed on Monday.",
        analyses,
        stance_model=WordStance(),
        uncertainty_model=CueUncertainty(),
    )
    assert {e.claim_id for e in checked.support} == {"a:c0", "b:c0"}
    assert checked.independent_origins == 2  # the asker is not an origin of evidence
    unknown = check_claim(
        "Volcanic ash grounded flights in Iceland.",
        analyses,
        stance_model=WordStance(),
        uncertainty_model=CueUncertainty(),
    )
    assert not unknown.support and unknown.corroboration < checked.corroboration
    assert unknown.independent_origins == 0 and unknown.origins == ()


def test_corroboration_check_claim_reads_the_claim_with_the_engine():
    # The typed claim is a one-sentence article run through the engine with the given
    # extractors: a configuration without the numbers extractors (which check_claim used to
    # call by name) still reads the claim's hedges, and its numbers and dates are the
    # engine's.
    from credence.scoring.engine import Extractors

    analyses = [
        make_analysis("a", "alpha.example", [(SPILL + ".", ("Coast Guard", "official"), None)]),
    ]
    claim = "The port of Varna was reportedly closed on Monday."
    hedges_only = check_claim(
        claim,
        analyses,
        stance_model=WordStance(),
        uncertainty_model=CueUncertainty(),
        extractors=Extractors(names=("hedges",)),
    )
    assert [h.text for h in hedges_only.hedges] == ["reportedly"]
    assert {e.claim_id for e in hedges_only.support} == {"a:c0"}
    troops = [
        make_analysis("t", "t.example", [("Exactly 10,000 troops were deployed.", None, None)])
    ]
    full = check_claim(
        "Exactly 12,000 troops were deployed.",
        troops,
        stance_model=WordStance(),
        uncertainty_model=CueUncertainty(),
    )
    assert full.article_id == "query" and full.id == "query"
    assert [(c.kind, c.values) for c in full.conflicts] == [("numeric", ("12,000", "10,000"))]


def test_corroboration_check_claim_rejects_empty_text():
    from credence.errors import InputError

    with pytest.raises(InputError, match="empty"):
        check_claim("  ", [], stance_model=WordStance(), uncertainty_model=CueUncertainty())


def test_corroboration_priors_are_validated():
    with pytest.raises(ValueError, match="conflict_weight"):
        ScoringPriors(conflict_weight=1.5)


def test_corroboration_empty_set():
    result = _run([])
    assert result.claims == () and result.sources == () and result.stories == ()
