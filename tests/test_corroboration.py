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


def test_corroboration_explanation_names_its_evidence():
    # Each supporting or contradicting claim in the explanation carries its article id,
    # origin, agreement probability and passage (issue 14 item 6).
    analyses = [
        make_analysis("a", "alpha.example", [(SPILL + ".", ("Coast Guard", "official"), None)]),
        make_analysis("b", "beta.example", [(SPILL_B + ".", ("Harbour Master", "official"), None)]),
        make_analysis(
            "c",
            "gamma.example",
            [
                (
                    "The port of Varna was not closed on Monday.",
                    ("Transport Ministry", "official"),
                    None,
                )
            ],
        ),
    ]
    claim = _claim(_run(analyses), "a:c0")
    by_factor = {c.factor: c for c in claim.explanation}
    (support,) = by_factor["support"].to_dict()["evidence"]
    assert support["claim_id"] == "b:c0" and support["article_id"] == "b"
    assert support["origin"] == "Harbour Master"
    assert support["passage"] == SPILL_B + "."
    assert support["agreement"] == round(claim.support[0].agreement, 4) > 0.5
    (against,) = by_factor["contradictions"].to_dict()["evidence"]
    assert (against["claim_id"], against["origin"]) == ("c:c0", "Transport Ministry")
    assert against["agreement"] < 0.5 < claim.contradictions[0].probability
    assert claim.strongest_support.claim_id == "b:c0"
    assert claim.strongest_contradiction.claim_id == "c:c0"
    assert "evidence" not in by_factor["origins"].to_dict()


def test_corroboration_strongest_support_prefers_another_origin():
    from credence.scoring.results import Evidence, strongest

    def evidence(claim_id, origin, p):
        return Evidence(claim_id, "x", 0, 1, "t", "agree", p, origin)

    relay, other = evidence("r", "Coast Guard", 0.9), evidence("o", "Harbour Master", 0.6)
    assert strongest([relay, other], "Coast Guard") is other
    assert strongest([relay], "Coast Guard") is relay
    assert strongest([], "Coast Guard") is None


def test_corroboration_sources_corroborated_share_reads_the_support():
    # "corroborated" counts claims supported by another independent origin: a relay of
    # the claim's own origin does not corroborate it, whatever its score.
    relay = [(SPILL + ".", ("Coast Guard", "official"), None)]
    # A lone claim's score is lambda x reliability: about 0.9 here, with no support at all.
    priors = ScoringPriors(lone_claim_weight=1.0, reliability_alpha=9.0, reliability_beta=1.0)
    relayed = _run([make_analysis(k, f"{k}.example", relay) for k in ("a", "b")], priors=priors)
    assert all(c.independent_origins == 1 and c.corroboration >= 0.5 for c in relayed.claims)
    shares = {s.name: s.corroborated_share for s in relayed.sources}
    assert shares["Coast Guard"] == 0.0
    two = _run(
        [
            make_analysis("a", "alpha.example", relay),
            make_analysis(
                "b", "beta.example", [(SPILL_B + ".", ("Harbour Master", "official"), None)]
            ),
        ]
    )
    shares = {s.name: s.corroborated_share for s in two.sources}
    assert shares["Coast Guard"] == shares["Harbour Master"] == 1.0
    assert all(c.corroboration < 1.0 for c in two.claims)


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
        "nonfactual",
        "independent_origins",
        "origins",
        "support",
        "contradictions",
        "conflicts",
        "hedges",
        "chain",
        "explanation",
        "copies",
        "strongest_support",
        "strongest_contradiction",
    ]
    assert list(d["support"][0]) == [
        "claim_id",
        "article_id",
        "start",
        "end",
        "text",
        "stance",
        "probability",
        "agreement",
        "origin",
    ]
    assert d["strongest_support"] == d["support"][0]
    assert d["strongest_contradiction"] is None
    support = next(c for c in d["explanation"] if c["factor"] == "support")
    assert list(support["evidence"][0]) == [
        "claim_id",
        "article_id",
        "origin",
        "agreement",
        "passage",
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


def test_corroboration_json_schema_is_documented_in_the_readme():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    block = readme.split("`credence score --format json` prints one object:", 1)[1]
    block = block.split("```", 2)[1]
    analyses = [
        make_analysis("a", "alpha.example", [(SPILL + ".", ("Coast Guard", "official"), None)]),
        make_analysis("b", "beta.example", [(SPILL_B + ".", ("Harbour Master", "official"), None)]),
    ]
    d = _run(analyses).claims[0].to_dict()
    support = next(c for c in d["explanation"] if c["factor"] == "support")
    keys = [*d, *d["support"][0], *support, *support["evidence"][0]]
    assert [k for k in keys if f'"{k}"' not in block] == []


@pytest.mark.parametrize(
    ("origin", "agreement", "expected"),
    [
        ("Harbour Master", 0.6, True),  # another independent origin, more likely agreeing
        ("Harbour Master", 0.4, False),  # another origin, but agreement under even odds
        ("Coast Guard", 0.9, False),  # a relay of its own origin
        ("Copy Desk", 0.9, False),  # an origin not counted as independent (copied text)
    ],
)
def test_corroboration_corroborated_reads_independent_agreeing_support(origin, agreement, expected):
    from credence.scoring.results import Evidence, ScoredClaim
    from credence.scoring.source_statistics import corroborated

    support = (Evidence("b:c0", "b", 0, 1, "t", "agree", 0.7, origin, agreement=agreement),)
    claim = ScoredClaim(
        id="a:c0",
        article_id="a",
        start=0,
        end=1,
        text="t",
        corroboration=0.5,
        uncertainty=0.5,
        independent_origins=2,
        origins=("Coast Guard", "Harbour Master"),
        support=support,
        origin="Coast Guard",
    )
    assert corroborated(claim) is expected


class NothingRelated:
    """A stance stand-in that finds every pair unrelated."""

    classes_ = ["agree", "disagree", "discuss", "unrelated"]

    def predict_proba(self, claims, evidences):
        return np.tile([0.0, 0.0, 0.0, 1.0], (len(claims), 1))


class WordAgreement(WordStance):
    """WordStance under the agreement model's column names (agree, contradict, related,
    unrelated): what reads the claim pairs when an agreement model is given."""

    classes_ = ["agree", "contradict", "related", "unrelated"]


def test_corroboration_agreement_model_reads_the_claim_pairs():
    from credence.scoring.evidence import pair_reader

    analyses = [
        make_analysis("a", "alpha.example", [(SPILL + ".", ("Coast Guard", "official"), None)]),
        make_analysis("b", "beta.example", [(SPILL_B + ".", ("Harbour Master", "official"), None)]),
    ]
    alone = corroborate(analyses, stance_model=NothingRelated(), uncertainty_model=CueUncertainty())
    assert _claim(alone, "a:c0").independent_origins == 1
    reader = pair_reader(NothingRelated(), WordAgreement())
    result = corroborate(analyses, stance_model=reader, uncertainty_model=CueUncertainty())
    spill = _claim(result, "a:c0")
    assert spill.independent_origins == 2
    assert [e.article_id for e in spill.support] == ["b"]
    checked = check_claim(
        SPILL_B, analyses, stance_model=reader, uncertainty_model=CueUncertainty()
    )
    assert checked.support


def test_corroboration_pair_reader_names_agreement_columns_as_stance():
    from credence.scoring.evidence import pair_reader
    from credence.scoring.matching import STANCE_CLASSES

    stance = NothingRelated()
    assert pair_reader(stance, None) is stance
    reader = pair_reader(stance, WordAgreement())
    assert tuple(reader.classes_) == STANCE_CLASSES
    row = reader.predict_proba([SPILL], [SPILL_B])
    assert np.array_equal(row, WordAgreement().predict_proba([SPILL], [SPILL_B]))
