from __future__ import annotations

import csv
import re
from pathlib import Path

import numpy as np
import pytest

from credence.document import Article, Paragraph, Sentence
from credence.scoring.claims import (
    ClaimDetector,
    claim_cues,
    extract_claims,
    non_claim_reason,
    split_clauses,
)

FIXTURE = Path(__file__).parent / "fixtures" / "claims_news.tsv"
# Measured with the rules alone on all 280 fixture rows: P=0.939, R=0.987 (blind rows alone:
# P=0.892, R=1.000); see benchmarks/eval_claims.py. Floors leave a small margin.
PRECISION_FLOOR = 0.90
RECALL_FLOOR = 0.94


def one_sentence(text: str, article_id: str = "t") -> tuple[Article, list, list]:
    return (
        Article(id=article_id, text=text),
        [Paragraph(0, 0, len(text), text)],
        [Sentence(0, 0, 0, len(text), text)],
    )


def build(paragraphs: list[list[str]], duplicates: dict[int, int] | None = None):
    """Article text from paragraphs of sentences, with exact Paragraph/Sentence offsets."""
    duplicates = duplicates or {}
    text, paras, sents = "", [], []
    for p_index, sentences in enumerate(paragraphs):
        if text:
            text += "\n\n"
        p_start = len(text)
        for sentence in sentences:
            if len(text) > p_start:
                text += " "
            sents.append(
                Sentence(len(sents), p_index, len(text), len(text) + len(sentence), sentence)
            )
            text += sentence
        paras.append(
            Paragraph(p_index, p_start, len(text), text[p_start:], duplicates.get(p_index))
        )
    return text, paras, sents


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Via Associated Press", "credit"),
        ("Photo: Reuters/Jane Roe", "credit"),
        ("(AP Photo/John Doe)", "credit"),
        ("Reporting by Ana Ruiz; Editing by Tom Bell", "credit"),
        ("pic.twitter.com/Ab12Cd34 — Jo Bloggs (@jobloggs) February 17, 2025", "embed"),
        ("— Lord Example (@LordExample) February 17, 2025", "embed"),
        ("Subscribe to our newsletter", "boilerplate"),
        ("Read more: The ten biggest storms on record", "boilerplate"),
        ("Will the truce hold?", "question"),
        ('"Is this the end?" she asked?', "question"),
        ("North Korea Reinforces Troop Presence in Russia Amid Ongoing Conflict", "heading"),
        ("Key takeaways", "heading"),
        ("Click here to watch the full interview.", "boilerplate"),
        ("Share your photos of the storm with us.", "imperative"),
        ("I think this is the worst budget in a generation.", "pure opinion"),
        ("This decision is a disgrace.", "pure opinion"),
        ('"We will never give up," the mayor said.', "pure opinion"),
        ("It was not immediately clear who fired first.", "unknown"),
        ("Another tough week for the markets.", "no finite verb"),
    ],
)
def test_claims_never_a_claim_table(text: str, reason: str) -> None:
    assert non_claim_reason(text) == reason
    assert ClaimDetector().detect(*one_sentence(text)) == []


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Floods killed 14 people in the province on Sunday.", "quantity"),
        ("Floods killed 14 people in the province on Sunday.", "date"),
        ("The ministry said the border would reopen.", "attributed statement"),
        ("According to the coast guard, the ferry capsized near the port.", "attributed statement"),
        ("Rebels captured the airport after a week of fighting.", "event verb"),
        ("Inflation stood at 3.4% in March.", "quantity"),
        ("The company is headquartered in Oslo.", "named entity"),
        (
            "Kellogg said Russia, Iran and North Korea have treaties if something bad happens.",
            "attributed statement",
        ),
    ],
)
def test_claims_claim_table(text: str, reason: str) -> None:
    claims = ClaimDetector().detect(*one_sentence(text))
    assert len(claims) == 1
    assert reason in claims[0].reasons
    assert claims[0].checkworthiness is None


@pytest.mark.parametrize(
    ("text", "clauses"),
    [
        (
            "The dam burst on Monday; rescuers found 12 survivors downstream.",
            ["The dam burst on Monday", "rescuers found 12 survivors downstream."],
        ),
        (
            "Prices rose sharply in the capital, while rural areas saw little change.",
            ["Prices rose sharply in the capital", "rural areas saw little change."],
        ),
        (
            "The mayor praised the response, but critics said the warnings came too late.",
            ["The mayor praised the response", "critics said the warnings came too late."],
        ),
        # Too short on one side: stays whole.
        ("Troops advanced, but slowly.", ["Troops advanced, but slowly."]),
        # Inside a quotation: stays whole.
        (
            '"We tried to reach them, but the roads were closed," he said.',
            ['"We tried to reach them, but the roads were closed," he said.'],
        ),
        # Dash-joined attribution stays one claim.
        (
            "Intelligence said at least 1,000 more troops were sent, - with some reports "
            "saying 3,000 - though the exact number is unknown.",
            [
                "Intelligence said at least 1,000 more troops were sent, - with some reports "
                "saying 3,000 - though the exact number is unknown."
            ],
        ),
    ],
)
def test_claims_split_clauses_table(text: str, clauses: list[str]) -> None:
    assert [text[a:b] for a, b in split_clauses(text)] == clauses


def test_claims_offsets_exact_and_ids_sequential() -> None:
    text, paras, sents = build(
        [
            ["Via Associated Press"],
            ["The dam burst on Monday; rescuers found 12 survivors.", "Will more rain fall?"],
            ["Police arrested 23 people, but most were released by Friday night."],
        ]
    )
    article = Article(id="art", text=text)
    claims = ClaimDetector().detect(article, paras, sents)
    assert [c.text for c in claims] == [
        "The dam burst on Monday",
        "rescuers found 12 survivors.",
        "Police arrested 23 people",
        "most were released by Friday night.",
    ]
    assert [c.id for c in claims] == ["art:c0", "art:c1", "art:c2", "art:c3"]
    assert [c.sentence for c in claims] == [1, 1, 3, 3]
    for claim in claims:
        assert text[claim.start : claim.end] == claim.text
        assert claim.article_id == "art"


def test_claims_duplicate_paragraph_reason() -> None:
    repeated = "Officials said 40 homes were destroyed."
    text, paras, sents = build([[repeated], ["Heavy rain fell overnight."], [repeated]], {2: 0})
    claims = extract_claims(Article(id="d", text=text), paras, sents)
    assert len(claims) == 3
    assert "repeats paragraph 0" in claims[2].reasons
    assert not any(r.startswith("repeats") for r in claims[0].reasons)


def test_claims_rejects_misaligned_sentence() -> None:
    article = Article(id="x", text="Troops arrived on Monday.")
    bad = Sentence(0, 0, 1, 10, "Troops ar")
    with pytest.raises(ValueError, match="do not match"):
        ClaimDetector().detect(article, [Paragraph(0, 0, 25, article.text)], [bad])


def test_claims_threshold_validated() -> None:
    with pytest.raises(ValueError, match="'threshold' parameter of ClaimDetector"):
        ClaimDetector(threshold=1.5)


class FixedModel:
    """Stands in for CheckworthinessModel: a fixed probability for every text."""

    threshold_ = 0.3

    def __init__(self, value: float) -> None:
        self.value = value

    def predict_proba(self, texts):
        return np.full(len(texts), self.value)


@pytest.mark.parametrize(("value", "kept"), [(0.9, True), (0.1, False)])
def test_claims_model_admits_cueless_sentences(value: float, kept: bool) -> None:
    # No quantity, date, attribution, event verb or name: only the model can keep it.
    text = "The man remains in custody without bail."
    assert claim_cues(text) == []
    claims = ClaimDetector(model=FixedModel(value)).detect(*one_sentence(text))
    assert bool(claims) is kept
    if kept:
        assert claims[0].checkworthiness == pytest.approx(value)
        assert f"check-worthiness {value:.2f}" in claims[0].reasons


def test_claims_model_never_overrides_rules() -> None:
    claims = ClaimDetector(model=FixedModel(0.99)).detect(*one_sentence("Via Associated Press"))
    assert claims == []


def read_fixture() -> list[tuple[str, int]]:
    with open(FIXTURE, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    assert all(r["label"] in ("claim", "not_claim") for r in rows)
    return [(r["text"], int(r["label"] == "claim")) for r in rows]


def test_claims_fixture_floors() -> None:
    rows = read_fixture()
    assert len(rows) >= 200
    detector = ClaimDetector()
    tp = fp = fn = 0
    for text, gold in rows:
        predicted = bool(detector.detect(*one_sentence(text)))
        tp += predicted and gold
        fp += predicted and not gold
        fn += (not predicted) and gold
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    assert precision >= PRECISION_FLOOR, f"precision {precision:.3f}"
    assert recall >= RECALL_FLOOR, f"recall {recall:.3f}"


def _segment(text: str):
    from credence.features.segment import segment

    return segment(text)


def test_claims_seeds(seeds_dir) -> None:
    pytest.importorskip("credence.features.segment")
    texts = {}
    for path in sorted(seeds_dir.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        # The first line may open with "date YYYY-MM-DD" metadata; the body follows it.
        texts[path.name] = re.sub(r"^\s*date\s+\d{4}-\d{2}-\d{2}\s*", "", raw)
    kept, dropped = [], []
    for name, text in texts.items():
        paragraphs, sentences = _segment(text)
        article = Article(id=name, text=text)
        claims = ClaimDetector().detect(article, paragraphs, sentences)
        for claim in claims:
            assert text[claim.start : claim.end] == claim.text
        in_claims = {c.sentence for c in claims}
        kept += [s.text for s in sentences if s.index in in_claims]
        dropped += [s.text for s in sentences if s.index not in in_claims]
        # Claims from repeated paragraphs are kept but marked for corroboration to discount.
        repeated = {p.index: p.duplicate_of for p in paragraphs if p.duplicate_of is not None}
        by_index = {s.index: s for s in sentences}
        for claim in claims:
            original = repeated.get(by_index[claim.sentence].paragraph)
            assert (f"repeats paragraph {original}" in claim.reasons) is (original is not None)
    assert "Via Associated Press" in dropped
    assert any("pic.twitter.com" in s for s in dropped)
    assert not any("pic.twitter.com" in s or "(@MyLordBebo)" in s for s in kept)
    assert "North Korea Reinforces Troop Presence in Russia Amid Ongoing Conflict" in dropped
    assert any(s.startswith("North Korea is reportedly sending more troops") for s in kept)
    assert any(s.startswith("South Korean intelligence is making the claims") for s in kept)
