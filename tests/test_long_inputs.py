"""Long single-line inputs: the sentence caps, their report, and no change within them."""

from __future__ import annotations

import json

import pytest

from credence.document import Article
from credence.features.segment import (
    MAX_ARTICLE_CHARS,
    MAX_SENTENCE_CHARS,
    MAX_SENTENCES_PER_ARTICLE,
    limit_segmentation,
    segment,
)
from credence.scoring.engine import analyze
from credence.scoring.report import Report, extraction_dict

# Our own sentences, varied by number and place so that no two are the same.
_PLACES = ("Kherson", "Odesa", "Mykolaiv", "Zaporizhzhia", "Dnipro", "Sumy", "Kharkiv")


def _varied_line(size: int) -> str:
    """One line of about ``size`` characters: many short attributed sentences."""
    parts, length, k = [], 0, 0
    while length < size:
        place = _PLACES[k % len(_PLACES)]
        sentence = (
            f"Officials in {place} said {100 + k} people were evacuated on day {k % 28 + 1}, "
            f"according to the regional administration."
        )
        parts.append(sentence)
        length += len(sentence) + 1
        k += 1
    return " ".join(parts)


def _giant_line(size: int) -> str:
    """One sentence of about ``size`` characters: the varied line without full stops."""
    return _varied_line(size).replace(".", ",")


@pytest.fixture(scope="module")
def varied_200kb() -> Article:
    return Article(id="long", text=_varied_line(200_000))


@pytest.fixture(scope="module")
def giant_200kb() -> Article:
    return Article(id="giant", text=_giant_line(200_000))


@pytest.mark.parametrize(
    ("text", "max_sentences", "max_sentence_chars", "max_chars", "expected", "names"),
    [
        ("One. Two. Three.", 2, 100, 100, ["One.", "Two."], ["max_sentences"]),
        ("One. Two. Three.", 3, 100, 100, ["One.", "Two.", "Three."], []),
        ("One. Two. Three.", 3, 100, 9, ["One.", "Two."], ["max_chars"]),
        ("One. Two. Three.", 3, 100, 8, ["One."], ["max_chars"]),
        ("One. Two. Three.", 3, 100, 1, ["One."], ["max_chars"]),
        ("One. Two. Three.", 1, 100, 9, ["One."], ["max_sentences"]),
        ("aa bb cc dd ee ff.", 10, 6, 100, ["aa bb", "cc dd", "ee ff."], ["max_sentence_chars"]),
        ("abcdefghij", 10, 4, 100, ["abcd", "efgh", "ij"], ["max_sentence_chars"]),
        (
            "aa bb cc dd. Ok.",
            2,
            6,
            100,
            ["aa bb", "cc dd."],
            ["max_sentence_chars", "max_sentences"],
        ),
        ("", 1, 1, 1, [], []),
    ],
)
def test_limit_segmentation_table(
    text, max_sentences, max_sentence_chars, max_chars, expected, names
):
    limited = limit_segmentation(
        text,
        *segment(text),
        max_sentences=max_sentences,
        max_sentence_chars=max_sentence_chars,
        max_chars=max_chars,
    )
    assert [s.text for s in limited.sentences] == expected
    assert [limit.name for limit in limited.limits] == names
    assert [s.index for s in limited.sentences] == list(range(len(expected)))
    for span in [*limited.sentences, *limited.paragraphs]:
        assert text[span.start : span.end] == span.text
        assert span.text == span.text.strip()
        assert span.end <= limited.end


def test_limit_segmentation_leaves_short_articles_alone():
    text = "North Korea sent troops, officials said.\n\nThe ministry denied it. It said so."
    paragraphs, sentences = segment(text)
    limited = limit_segmentation(text, paragraphs, sentences)
    assert limited.paragraphs == paragraphs
    assert limited.sentences == sentences
    assert limited.end == len(text)
    assert limited.limits == []


def test_limit_segmentation_truncates_the_last_paragraph():
    text = "One. Two. Three.\n\nFour."
    limited = limit_segmentation(text, *segment(text), max_sentences=2)
    assert [(p.index, p.text) for p in limited.paragraphs] == [(0, "One. Two.")]
    assert limited.limits[0].count == 4


def test_limit_segmentation_rejects_a_zero_cap():
    with pytest.raises(ValueError, match="'max_chars' parameter .* at least 1. Got 0 instead"):
        limit_segmentation("One.", *segment("One."), max_chars=0)


def test_long_inputs_varied_line_is_capped_and_reported(varied_200kb):
    analysis = analyze(varied_200kb)
    found = len(segment(varied_200kb.text)[1])
    assert found > MAX_SENTENCES_PER_ARTICLE  # the input really exceeds the cap
    assert len(analysis.sentences) == MAX_SENTENCES_PER_ARTICLE
    assert len(analysis.claims) <= MAX_SENTENCES_PER_ARTICLE
    end = analysis.sentences[-1].end
    # Nothing is extracted from the text after the cap.
    for kind in ("hedges", "attributions", "quantities", "dates", "claims"):
        assert all(span.end <= end for span in getattr(analysis, kind)), kind
    assert [limit.name for limit in analysis.limits] == ["max_sentences"]
    assert analysis.limits[0].count == found
    summary = json.loads(Report(analyses=(analysis,), claims=()).to_json())["articles"][0]
    assert summary["sentences"] == MAX_SENTENCES_PER_ARTICLE
    assert summary["limits"] == [
        {
            "name": "max_sentences",
            "limit": MAX_SENTENCES_PER_ARTICLE,
            "count": found,
            "detail": analysis.limits[0].detail,
        }
    ]
    assert f"of {len(varied_200kb.text):,}" in analysis.limits[0].detail
    assert extraction_dict(analysis)["limits"] == summary["limits"]


def test_long_inputs_giant_sentence_is_cut(giant_200kb):
    assert len(segment(giant_200kb.text)[1]) == 1
    analysis = analyze(giant_200kb)
    lengths = [s.end - s.start for s in analysis.sentences]
    assert max(lengths) <= MAX_SENTENCE_CHARS
    assert len(lengths) >= len(giant_200kb.text) // MAX_SENTENCE_CHARS
    assert all(len(c.text) <= MAX_SENTENCE_CHARS for c in analysis.claims)
    assert [(limit.name, limit.count) for limit in analysis.limits] == [("max_sentence_chars", 1)]
    assert len(giant_200kb.text) < MAX_ARTICLE_CHARS
    # The pieces cover the whole sentence: nothing is dropped below the sentence cap.
    covered = sum(lengths) + len(lengths) - 1
    assert covered == len(giant_200kb.text)


def test_long_inputs_spans_within_matches_a_full_scan():
    # The bisection that replaced a scan of every span per claim picks the same spans, in the
    # same order (spans of two kinds, each sorted, then concatenated, as the measures are).
    import random

    from credence.document import Span
    from credence.scoring.corroboration import _SpansWithin

    rng = random.Random(11)
    spans = []
    for _ in range(2):
        starts = sorted(rng.randrange(0, 500) for _ in range(60))
        spans += [Span(a, a + rng.randrange(0, 30), "") for a in starts]
    within = _SpansWithin(spans)
    for _ in range(300):
        start = rng.randrange(0, 520)
        end = start + rng.randrange(0, 80)
        expected = tuple(s for s in spans if s.start >= start and s.end <= end)
        assert within(start, end) == expected


def test_long_inputs_cli_says_when_a_cap_applies(tmp_path):
    from typer.testing import CliRunner

    from credence.cli import app

    path = tmp_path / "long.txt"
    path.write_text(_giant_line(5_000), encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(path), "--format", "jsonl"])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        "Limited: long: 1 sentence(s) longer than 2,000 characters cut at whitespace into "
        "shorter ones\n"
    )
    assert json.loads(result.stdout)["limits"][0]["name"] == "max_sentence_chars"


class _CountingStance:
    """Stand-in stance model: P(agree) from the texts' lengths; records every reading."""

    classes_ = ["unrelated", "discuss", "disagree", "agree"]

    def __init__(self) -> None:
        self.readings: list[tuple[str, str]] = []

    def predict_proba(self, claims, evidences):
        import numpy as np

        readings = list(zip(claims, evidences, strict=True))
        self.readings += readings
        return np.array([[0.1, 0.1, 0.1, 0.7 * len(a) / (len(a) + len(b))] for a, b in readings])


def test_long_inputs_stance_reads_each_distinct_text_pair_once():
    # A sentence repeated all over an article was read once per copy and pair of copies.
    import numpy as np

    from credence.scoring.matching import stance_probabilities

    texts = ["Troops were sent.", "Troops were sent.", "No troops were sent at all.", "Other."]
    pairs = [(0, 2), (1, 2), (0, 1), (2, 3), (1, 3)]
    model = _CountingStance()
    proba = stance_probabilities(model, texts, pairs)
    assert sorted(model.readings) == sorted(set(model.readings))
    assert len(model.readings) == 7  # (0,2) (2,0) (0,1) (2,3) (3,2) (0,3) (3,0) as texts
    # Same values as reading every pair, copy by copy.
    expected = []
    for a, b in pairs:
        forward = 0.7 * len(texts[a]) / (len(texts[a]) + len(texts[b]))
        backward = 0.7 * len(texts[b]) / (len(texts[a]) + len(texts[b]))
        expected.append([(forward + backward) / 2, 0.1, 0.1, 0.1])
    np.testing.assert_array_equal(proba, np.array(expected))


class _SlicesCounted(str):
    """A text that adds up the length of every slice taken of it."""

    sliced = 0

    def __getitem__(self, key):
        piece = str.__getitem__(self, key)
        if isinstance(key, slice):
            type(self).sliced += len(piece)
        return piece


def test_long_inputs_segment_slices_a_long_paragraph_linearly():
    # "... 12. Next" in a long paragraph: the list-marker check sliced the paragraph from its
    # start to every such number (quadratic in a text without paragraph breaks).
    text = _SlicesCounted("Item 12. Next one went fine today. " * 2_000)
    _SlicesCounted.sliced = 0
    paragraphs, sentences = segment(text)
    assert len(paragraphs) == 1 and len(sentences) == 4_000
    assert _SlicesCounted.sliced < 20 * len(text)
