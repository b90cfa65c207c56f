"""The stance model's best-passage features (character n-grams, names, numbers, quotations)."""

import numpy as np
import pytest

from credence.models.stance_passage import (
    PASSAGE_FEATURE_NAMES,
    claim_passage,
    evidence_passage,
    fit_char_vectorizer,
    names,
    passage_features,
)
from credence.models.stance_text import sentence_spans

# Our own invented news texts.
EVIDENCE = (
    "Heavy rain fell across the region on Monday. "
    "Rescuers in Kobarid said 14 hikers were evacuated from the Soča gorge overnight. "
    'The mayor called the operation "a complete success for the mountain rescue team". '
    "Schools will reopen on Wednesday."
)
CORPUS = [
    EVIDENCE,
    "The central bank of Norland kept interest rates unchanged at 3 percent.",
    "Farmers protested in Lisbon against the new water rules for irrigation.",
    "A new bridge over the Drava was opened to traffic after two years of works.",
]


def feature(rows, name):
    return rows[:, PASSAGE_FEATURE_NAMES.index(name)]


@pytest.fixture(scope="module")
def vectorizer():
    return fit_char_vectorizer(CORPUS)


def features_of(claims, vectorizer, evidence=EVIDENCE):
    spans = sentence_spans(evidence)
    sentences = [evidence[s:t] for s, t in spans]
    reading = evidence_passage(
        evidence,
        spans,
        vectorizer.transform([evidence]).tocsr(),
        vectorizer.transform(sentences).tocsr(),
    )
    claim_rows = vectorizer.transform(claims).tocsr()
    return passage_features([claim_passage(c) for c in claims], claim_rows, reading)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rescuers in Kobarid evacuate hikers", {"kobarid"}),
        ("Envoys of NATO and the EU's council met in Brussels", {"nato", "eu's", "brussels"}),
        ("no names here at all", set()),
        ("Floods", set()),  # a text's first word is capitalised whatever it is
    ],
)
def test_stance_passage_names(text, expected):
    assert names(text) == expected


def test_stance_passage_columns_match_names(vectorizer):
    rows = features_of(["Hikers evacuated from gorge"], vectorizer)
    assert rows.shape == (1, len(PASSAGE_FEATURE_NAMES))


def test_stance_passage_inflected_paraphrase_matches_by_characters(vectorizer):
    # "evacuation"/"evacuated" and "hiker"/"hikers" share no word, but most character
    # n-grams: the paraphrase finds its sentence, an unrelated claim does not.
    rows = features_of(
        ["Evacuation of hiker group from Kobarid gorge", "Central bank keeps rates unchanged"],
        vectorizer,
    )
    best = feature(rows, "char_cos_best_sentence")
    assert best[0] > 2 * best[1]
    assert feature(rows, "char_best_margin")[0] > 0
    # The best sentence is the second of four.
    assert feature(rows, "char_best_sentence_position")[0] == pytest.approx(1 / 3)


def test_stance_passage_names_and_numbers_near_the_best_sentence(vectorizer):
    rows = features_of(
        [
            "Rescuers in Kobarid evacuate 14 hikers",
            "Rescuers in Kobarid evacuate 40 hikers",
            "Rescuers evacuate hikers",
        ],
        vectorizer,
    )
    assert feature(rows, "names_claim").tolist() == [1, 1, 0]
    assert feature(rows, "names_in_evidence")[0] == 1.0
    assert feature(rows, "names_in_best_window")[0] == 1.0
    # 14 is in the passage, 40 is not; a claim without numbers is marked -1.
    assert feature(rows, "numbers_in_best_window").tolist() == [1.0, 0.0, -1.0]


def test_stance_passage_quotations(vectorizer):
    rows = features_of(
        ["Mayor: operation a complete success", "Rescuers evacuate hikers"], vectorizer
    )
    # "complete" and "success" are quoted, "mayor" and "operation" are not.
    assert feature(rows, "quoted_claim_content").tolist() == [0.5, 0.0]
    # The mayor's sentence (a quotation) is the first claim's best sentence only.
    assert feature(rows, "best_sentence_quoted").tolist() == [1.0, 0.0]


def test_stance_passage_single_sentence_evidence(vectorizer):
    rows = features_of(["Schools reopen"], vectorizer, evidence="Schools will reopen.")
    assert feature(rows, "char_best_margin")[0] == 0.0
    assert feature(rows, "char_best_sentence_position")[0] == 0.0
    assert np.isfinite(rows).all()
