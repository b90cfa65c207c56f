"""Tests of paragraph and sentence segmentation (credence.features.segment)."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from credence.document import Paragraph, Sentence
from credence.features import duplicates as duplicates_module
from credence.features import paragraphs as paragraphs_module
from credence.features import segment_objects
from credence.features import sentences as sentences_module
from credence.features.segment import (
    NEAR_DUPLICATE_JACCARD,
    duplicate_paragraph_groups,
    segment,
    split_paragraphs,
    split_sentences,
)
from credence.ingest import read_article_file

# ----------------------------------------------------------------------------------------------
# Sentences: text -> expected sentence texts
# ----------------------------------------------------------------------------------------------

SENTENCE_CASES = [
    (
        "plain",
        "The army moved. Officials confirmed it.",
        ["The army moved.", "Officials confirmed it."],
    ),
    (
        "question and exclamation",
        "Is it true? Nobody knows! We wait.",
        ["Is it true?", "Nobody knows!", "We wait."],
    ),
    (
        "title abbreviations",
        "Gen. Smith met Dr. Jones and Mr. Lee. They talked.",
        ["Gen. Smith met Dr. Jones and Mr. Lee.", "They talked."],
    ),
    (
        "u.s. inside a sentence",
        "The U.S. Army said so. Then it left.",
        ["The U.S. Army said so.", "Then it left."],
    ),
    (
        "u.s. at the end",
        "Troops returned to the U.S. The move was expected.",
        ["Troops returned to the U.S.", "The move was expected."],
    ),
    (
        "month abbreviation before a number",
        "It happened on Feb. 17, 2025 in Kursk. Nobody saw it.",
        ["It happened on Feb. 17, 2025 in Kursk.", "Nobody saw it."],
    ),
    (
        "junior",
        "Martin Luther King Jr. spoke there. It rained.",
        ["Martin Luther King Jr. spoke there.", "It rained."],
    ),
    (
        "a.m. then opener",
        "They met at 9 a.m. The talks failed.",
        ["They met at 9 a.m.", "The talks failed."],
    ),
    (
        "a.m. then name",
        "They met at 9 a.m. Eastern time on Monday.",
        ["They met at 9 a.m. Eastern time on Monday."],
    ),
    (
        "initials",
        "John F. Kennedy and J. R. R. Tolkien were named. Both are dead.",
        ["John F. Kennedy and J. R. R. Tolkien were named.", "Both are dead."],
    ),
    (
        "decimals and thousands",
        "Spending rose to 1,000.5 million, or 3.2 percent. It fell later.",
        ["Spending rose to 1,000.5 million, or 3.2 percent.", "It fell later."],
    ),
    (
        "quotation then attribution",
        '"The troops had been deployed," the newspaper says. "Nobody answered."',
        ['"The troops had been deployed," the newspaper says.', '"Nobody answered."'],
    ),
    (
        "period inside closing quote",
        'He said "we are leaving." Then he left.',
        ['He said "we are leaving."', "Then he left."],
    ),
    (
        "question inside quote with lowercase continuation",
        '"Why now?" he asked. Nobody replied.',
        ['"Why now?" he asked.', "Nobody replied."],
    ),
    (
        "curly quotes",
        "She wrote \u201cit is over.\u201d The war went on.",
        ["She wrote \u201cit is over.\u201d", "The war went on."],
    ),
    (
        "ellipsis mid sentence",
        "He paused... and went on. Done.",
        ["He paused... and went on.", "Done."],
    ),
    (
        "ellipsis at sentence end",
        "It was over\u2026 Then came the news.",
        ["It was over\u2026", "Then came the news."],
    ),
    (
        "urls",
        "See https://example.org/a.b.html for details. Also www.example.com. Fine.",
        ["See https://example.org/a.b.html for details.", "Also www.example.com.", "Fine."],
    ),
    (
        "domain mid sentence",
        "Reports on Reuters.com say so. Others deny it.",
        ["Reports on Reuters.com say so.", "Others deny it."],
    ),
    (
        "embedded post credit",
        "Kellogg says they have treaties pic.twitter.com/AbC123xYz "
        "\u2014 Some Body (@somebody) February 17, 2025",
        [
            "Kellogg says they have treaties pic.twitter.com/AbC123xYz",
            "\u2014 Some Body (@somebody) February 17, 2025",
        ],
    ),
    (
        "dashes do not split",
        "At least 1,000 troops - maybe 3,000 - were sent \u2014 officials say. Fine.",
        ["At least 1,000 troops - maybe 3,000 - were sent \u2014 officials say.", "Fine."],
    ),
    (
        "missing space after period",
        "The reinforcements have been expected.Recent intelligence suggests more.",
        ["The reinforcements have been expected.", "Recent intelligence suggests more."],
    ),
    (
        "glued abbreviation",
        "The U.S.Army moved. St.Louis was quiet.",
        ["The U.S.Army moved.", "St.Louis was quiet."],
    ),
    (
        "e.g. and i.e.",
        "Some towns, e.g. Sudzha, fell, i.e. Kursk changed. Then quiet.",
        ["Some towns, e.g. Sudzha, fell, i.e. Kursk changed.", "Then quiet."],
    ),
    (
        "etc. before lowercase",
        "Tanks, drones, etc. were used. More came.",
        ["Tanks, drones, etc. were used.", "More came."],
    ),
    (
        "numbered list item",
        "1. The committee regrets nothing. It said so.",
        ["1. The committee regrets nothing.", "It said so."],
    ),
    (
        "year at sentence end",
        "The war began in 2022. It continues.",
        ["The war began in 2022.", "It continues."],
    ),
    ("no final punctuation", "Via Associated Press", ["Via Associated Press"]),
    (
        "cjk full stops",
        "\u4ed6\u6765\u4e86\u3002\u6211\u8d70\u4e86\u3002",
        ["\u4ed6\u6765\u4e86\u3002", "\u6211\u8d70\u4e86\u3002"],
    ),
    (
        "no. before a number",
        "He is ranked No. 5 in the list. Others follow.",
        ["He is ranked No. 5 in the list.", "Others follow."],
    ),
    (
        "email address",
        "Write to press@example.org. They answer.",
        ["Write to press@example.org.", "They answer."],
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [case[1:] for case in SENTENCE_CASES],
    ids=[case[0] for case in SENTENCE_CASES],
)
def test_segment_sentence_table(text: str, expected: list[str]) -> None:
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == expected
    for sentence in sentences:
        assert text[sentence.start : sentence.end] == sentence.text


# ----------------------------------------------------------------------------------------------
# Paragraphs
# ----------------------------------------------------------------------------------------------

PARAGRAPH_CASES = [
    ("blank lines", "One. Two.\n\nThree.\n\n\n  Four.  ", ["One. Two.", "Three.", "Four."]),
    (
        "one paragraph a line",
        "A headline without stop\nFirst paragraph ends here.\nSecond paragraph ends too.",
        ["A headline without stop", "First paragraph ends here.", "Second paragraph ends too."],
    ),
    (
        "line broken mid sentence is joined",
        "The troops were sent to\nthe front in January.\nAnother paragraph.",
        ["The troops were sent to\nthe front in January.", "Another paragraph."],
    ),
    (
        "hard-wrapped prose",
        "North Korea has sent more troops to Russia, according to officials\n"
        "in Seoul who spoke on condition of anonymity on Thursday morning\n"
        "after a briefing.\n"
        "\n"
        "The number could not be verified independently by reporters or\n"
        "by any of the agencies that follow the conflict closely here.",
        [
            "North Korea has sent more troops to Russia, according to officials\n"
            "in Seoul who spoke on condition of anonymity on Thursday morning\n"
            "after a briefing.",
            "The number could not be verified independently by reporters or\n"
            "by any of the agencies that follow the conflict closely here.",
        ],
    ),
    (
        "list items",
        "Ready? Here is the list:\n- first item\n- second item",
        ["Ready? Here is the list:", "- first item", "- second item"],
    ),
    ("windows line endings", "One.\r\n\r\nTwo.\r\nThree.", ["One.", "Two.", "Three."]),
    ("paragraph separator character", "One.\u2029Two.", ["One.", "Two."]),
    ("only whitespace", " \n\t\n ", []),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [case[1:] for case in PARAGRAPH_CASES],
    ids=[case[0] for case in PARAGRAPH_CASES],
)
def test_segment_paragraph_table(text: str, expected: list[str]) -> None:
    paragraphs = split_paragraphs(text)
    assert [p.text for p in paragraphs] == expected
    assert [p.index for p in paragraphs] == list(range(len(expected)))
    for paragraph in paragraphs:
        assert text[paragraph.start : paragraph.end] == paragraph.text


DUPLICATE_CASES = [
    (
        "verbatim",
        "Troops were sent to Kursk.\n\nOther news.\n\nTroops were sent to Kursk.",
        [None, None, 0],
    ),
    (
        "case punctuation and spacing",
        "Troops were sent to Kursk.\n\nTROOPS  were sent, to Kursk!",
        [None, 0],
    ),
    (
        "near verbatim long paragraph",
        " ".join(f"word{i}" for i in range(60)) + "\n\n" + " ".join(f"word{i}" for i in range(61)),
        [None, 0],
    ),
    (
        "similar but different",
        "Troops were sent to Kursk in January.\n\nTroops were sent to Sudzha in March.",
        [None, None],
    ),
    (
        "punctuation-only separators are not duplicates",
        "One.\n\n* * *\n\nTwo.\n\n* * *",
        [None, None, None, None],
    ),
    (
        "repeat of a repeat points to the first",
        "Same text here.\n\nSame text here.\n\nSame text here.",
        [None, 0, 0],
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [case[1:] for case in DUPLICATE_CASES],
    ids=[case[0] for case in DUPLICATE_CASES],
)
def test_segment_duplicate_paragraphs(text: str, expected: list[int | None]) -> None:
    assert [p.duplicate_of for p in split_paragraphs(text)] == expected


def test_segment_duplicate_groups() -> None:
    paragraphs = split_paragraphs(
        "A b c d.\n\nE f g h.\n\nA b c d.\n\nI j.\n\nE f g h.\n\nA b c d."
    )
    assert duplicate_paragraph_groups(paragraphs) == [[0, 2, 5], [1, 4]]
    assert duplicate_paragraph_groups([]) == []


def test_segment_sentences_do_not_cross_paragraphs() -> None:
    text = "First paragraph without a stop\n\nsecond paragraph starts lowercase. Yes."
    paragraphs, sentences = segment(text)
    assert [s.text for s in sentences] == [
        "First paragraph without a stop",
        "second paragraph starts lowercase.",
        "Yes.",
    ]
    assert [s.paragraph for s in sentences] == [0, 1, 1]
    assert [s.index for s in sentences] == [0, 1, 2]


def test_segment_uses_given_paragraphs() -> None:
    text = "One. Two. Three."
    sentences = split_sentences(text, [Paragraph(0, 5, 16, text[5:16])])
    assert [s.text for s in sentences] == ["Two.", "Three."]


# ----------------------------------------------------------------------------------------------
# Seeds
# ----------------------------------------------------------------------------------------------


def test_segment_seed_001_repeated_paragraphs(seeds_dir) -> None:
    (article,) = read_article_file(next(seeds_dir.glob("001_*.txt")))
    paragraphs, sentences = segment(article.text)
    groups = duplicate_paragraph_groups(paragraphs)
    long_groups = [g for g in groups if len(paragraphs[g[0]].text) > 200]
    # The seed repeats a block of long body paragraphs (and its headline) verbatim.
    assert len(long_groups) >= 4
    for group in groups:
        first = paragraphs[group[0]]
        for index in group[1:]:
            assert paragraphs[index].text == first.text
            assert paragraphs[index].duplicate_of == group[0]
    # Each line of the seed is its own paragraph.
    assert len(paragraphs) == sum(1 for line in article.text.splitlines() if line.strip())
    assert all(s.text.strip() == s.text for s in sentences)


def test_segment_seed_000_sentences(seeds_dir) -> None:
    (article,) = read_article_file(next(seeds_dir.glob("000_*.txt")))
    paragraphs, sentences = segment(article.text)
    texts = [s.text for s in sentences]
    credit = [t for t in texts if t.startswith("\u2014") and "(@" in t]
    assert len(credit) == 1 and credit[0].endswith("2025")
    embed = texts[texts.index(credit[0]) - 1]
    assert embed.endswith(tuple("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"))
    assert "pic.twitter.com/" in embed
    # The credit belongs to the embed's paragraph, not to the next one.
    assert sentences[texts.index(credit[0])].paragraph == sentences[texts.index(embed)].paragraph
    quote_then_attribution = [t for t in texts if '," the newspaper says.' in t]
    assert len(quote_then_attribution) == 1 and quote_then_attribution[0].startswith(
        "Additionally, "
    )
    assert not any(t.startswith("date ") for t in texts)
    assert len(paragraphs) == 13


def test_segment_seeds_joined_without_space(seeds_dir) -> None:
    first = read_article_file(next(seeds_dir.glob("000_*.txt")))[0].text.rstrip()
    second = read_article_file(next(seeds_dir.glob("001_*.txt")))[0].text
    text = first[-200:] + second[:300]
    boundary = len(first[-200:])
    starts = [s.start for s in split_sentences(text)]
    assert boundary in starts


# ----------------------------------------------------------------------------------------------
# Properties
# ----------------------------------------------------------------------------------------------

_SEGMENT_ALPHABET = st.sampled_from(
    list("aZ .!?\"'\u201c\u201d()\n\r\t,:;-\u2014\u2026\u3002@/1#\u2029\x0c\x85\u00a0")
    + ["U.S.", "Gen.", "a.m.", "http://x.com/a.b", "pic.twitter.com/x", "\n\n", "e.g.", "No. 5"]
)


def _check_spans(text: str) -> None:
    paragraphs, sentences = segment(text)
    for group in (paragraphs, sentences):
        previous_end = 0
        for span in group:
            assert text[span.start : span.end] == span.text
            assert span.text and span.text == span.text.strip()
            assert span.start >= previous_end
            previous_end = span.end
    covered = set()
    for sentence in sentences:
        paragraph = paragraphs[sentence.paragraph]
        assert paragraph.start <= sentence.start and sentence.end <= paragraph.end
        covered.update(range(sentence.start, sentence.end))
    for position, char in enumerate(text):
        if not char.isspace():
            assert position in covered, (position, char)
    for paragraph in paragraphs:
        assert paragraph.duplicate_of is None or paragraph.duplicate_of < paragraph.index


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_segment_spans_cover_arbitrary_unicode(text: str) -> None:
    _check_spans(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_SEGMENT_ALPHABET, max_size=80).map("".join))
def test_segment_spans_cover_punctuation_heavy_text(text: str) -> None:
    _check_spans(text)


@pytest.mark.parametrize(
    "text",
    [
        "a." * 50_000,
        "a" * 100_000,
        ". " * 50_000,
        "-" * 100_000 + "(@x)",
        "a.a" * 30_000,
        "x\n" * 50_000,
        "\u2014 " + "b" * 100_000,
        ("Word " * 50 + "\n\n") * 2_000,
    ],
    ids=["dots", "one word", "spaced dots", "dashes", "dotted token", "lines", "credit", "repeats"],
)
def test_segment_pathological_input_is_segmented(text: str) -> None:
    # The time these take (and its linear growth) is measured by benchmarks/bench_adversarial.py.
    _, sentences = segment(text)
    assert sentences
    assert all(text[s.start : s.end].strip() for s in sentences)


# ----------------------------------------------------------------------------------------------
# Fast paths agree with straightforward reference implementations
# ----------------------------------------------------------------------------------------------

_LINE_BREAK = re.compile("\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_HARD_BREAKS = "\x0c\x1c\x1d\x1e\u2029"


def _reference_blocks(text: str) -> list[list[tuple[int, int]]]:
    """Non-blank stripped lines grouped into blocks, line by line (the plain algorithm)."""
    lines, position = [], 0
    for match in _LINE_BREAK.finditer(text):
        lines.append((position, match.start(), match.group()))
        position = match.end()
    lines.append((position, len(text), ""))
    blocks: list[list[tuple[int, int]]] = [[]]
    for start, end, separator in lines:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start == end:
            if blocks[-1]:
                blocks.append([])
            continue
        blocks[-1].append((start, end))
        if separator in _HARD_BREAKS:
            blocks.append([])
    return [block for block in blocks if block]


def _reference_paragraph_spans(text: str) -> list[tuple[int, int]]:
    blocks = _reference_blocks(text)
    width = paragraphs_module._wrap_width(blocks, text)
    spans = []
    for block in blocks:
        paragraph_start = block[0][0]
        for previous, following in zip(block, block[1:], strict=False):
            if paragraphs_module._breaks_between(text, previous, following, width):
                spans.append((paragraph_start, previous[1]))
                paragraph_start = following[0]
        spans.append((paragraph_start, block[-1][1]))
    return spans


def _reference_duplicates(texts: list[str]) -> list[int | None]:
    """Earliest exact (same words) or near (shingle Jaccard >= 0.9) repeat, by all pairs."""
    words = [duplicates_module._words(text) for text in texts]
    shingles = [set(zip(w, w[1:], w[2:], strict=False)) for w in words]
    result: list[int | None] = [None] * len(texts)
    kept: list[int] = []  # paragraphs that are no exact repeat, with 3 words or more
    first_by_wording: dict[str, int] = {}
    for index, paragraph_words in enumerate(words):
        if not paragraph_words:
            continue
        wording = " ".join(paragraph_words)
        if wording in first_by_wording:
            result[index] = first_by_wording[wording]
            continue
        first_by_wording[wording] = index
        if len(paragraph_words) < 3:
            continue
        for candidate in kept:
            a, b = shingles[index], shingles[candidate]
            overlap = len(a & b)
            if min(len(a), len(b)) >= NEAR_DUPLICATE_JACCARD * max(len(a), len(b)) and (
                overlap >= NEAR_DUPLICATE_JACCARD * (len(a) + len(b) - overlap)
            ):
                root = result[candidate]
                result[index] = candidate if root is None else root
                break
        kept.append(index)
    return result


_LINES_ALPHABET = st.sampled_from(
    ["Word", "word", "a", "1.", "- item", "End.", " ", "  ", "\t", "\u00a0", "\x1f"]
    + ["\n", "\n\n", "\r\n", "\r", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029", "\n \n"]
    + ["x" * 45, "y" * 70 + ".", "Heading"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_LINES_ALPHABET, max_size=60).map("".join))
def test_segment_paragraphs_match_line_by_line_reference(text: str) -> None:
    spans = [(p.start, p.end) for p in split_paragraphs(text)]
    assert spans == _reference_paragraph_spans(text)


_WORDS_ALPHABET = st.sampled_from(
    ["the", "The", "army", "ARMY", "moved", "é", "É", "straße", "\u212a", "\u0130", "\u03a3"]
    + ["\u0345", "\u24b6", "x\u00b2", "_", "1,000", "’", "“", "—", " ", "\n", ".", "-", "ǅ"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_WORDS_ALPHABET, max_size=40).map("".join), st.data())
def test_segment_paragraph_words_match_per_paragraph_words(text: str, data) -> None:
    cuts = sorted(data.draw(st.lists(st.integers(0, len(text)), max_size=6)))
    spans = list(zip([0, *cuts], [*cuts, len(text)], strict=True))
    expected = [[w.encode("utf-8") for w in duplicates_module._words(text[s:e])] for s, e in spans]
    assert duplicates_module.paragraph_words(text, spans) == expected


# Few words, so that exact and near repeats (of every size) are frequent.
_PARAGRAPH_TEXTS = st.lists(
    st.one_of(
        st.lists(st.sampled_from(["a", "b", "c", "A."]), max_size=6),
        st.lists(st.sampled_from(["a", "b", "c", "d", "e", "B,"]), min_size=8, max_size=24),
    ).map(" ".join),
    max_size=12,
)


@settings(max_examples=1000, deadline=None)
@given(_PARAGRAPH_TEXTS)
def test_segment_duplicates_match_all_pairs_reference(texts: list[str]) -> None:
    words = duplicates_module.paragraph_words("\n\n".join(texts), _spans_of_joined(texts, "\n\n"))
    assert duplicates_module.find_duplicates(words) == _reference_duplicates(texts)


_WORDS_12 = [f"w{k}" for k in range(12)]


@pytest.mark.parametrize(
    "texts",
    [
        # 10 and 9 shingles, 9 shared: Jaccard 0.9 exactly, either order
        [" ".join(_WORDS_12), " ".join(_WORDS_12[:11])],
        [" ".join(_WORDS_12[:11]), " ".join(_WORDS_12)],
        # 10 and 8: below the threshold
        [" ".join(_WORDS_12), " ".join(_WORDS_12[:10])],
        # a near repeat of a near repeat points to the first
        [" ".join(_WORDS_12), "x", " ".join(_WORDS_12[:11]), " ".join(_WORDS_12[:11]) + " y"],
        # a short paragraph repeated exactly, and one word
        ["a b", "A, b!", "a", "a b c", "a b c"],
    ],
)
def test_segment_duplicates_at_the_threshold(texts: list[str]) -> None:
    words = duplicates_module.paragraph_words("\n\n".join(texts), _spans_of_joined(texts, "\n\n"))
    assert duplicates_module.find_duplicates(words) == _reference_duplicates(texts)


def _spans_of_joined(texts: list[str], separator: str) -> list[tuple[int, int]]:
    spans, position = [], 0
    for text in texts:
        spans.append((position, position + len(text)))
        position += len(text) + len(separator)
    return spans


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_SEGMENT_ALPHABET, max_size=80).map("".join))
def test_segment_sentences_of_all_paragraphs_match_one_by_one(text: str) -> None:
    paragraphs = split_paragraphs(text)
    one_by_one = [sentences_module.sentence_cuts(text, [paragraph])[0] for paragraph in paragraphs]
    assert sentences_module.sentence_cuts(text, paragraphs) == one_by_one


def test_segment_sentences_of_adjacent_given_paragraphs() -> None:
    # Paragraphs that touch (not from split_paragraphs) are cut one by one.
    text = "Gen. Smith left.Then he came back.It rained."
    paragraphs = [Paragraph(0, 0, 16, text[:16]), Paragraph(1, 16, len(text), text[16:])]
    sentences = split_sentences(text, paragraphs)
    assert [(s.paragraph, s.text) for s in sentences] == [
        (0, "Gen. Smith left."),
        (1, "Then he came back."),
        (1, "It rained."),
    ]


def _reference_word_before(text: str, position: int, floor: int) -> str:
    """The token before ``position``, cut from a 40-character window (the plain algorithm)."""
    window = text[max(floor, position - 40) : position]
    cut = max(window.rfind(separator) for separator in (" ", "\n", "\t", "\u00a0"))
    return window[cut + 1 :].lstrip(sentences_module._WORD_LEADING)


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.sampled_from(["ab", " ", "\n", "\t", "\u00a0", "(", "\u201c", "-", "x" * 30]))
    .map("".join)
    .filter(bool),
    st.data(),
)
def test_segment_word_before_matches_window_reference(text: str, data) -> None:
    position = data.draw(st.integers(0, len(text)))
    floor = data.draw(st.integers(0, position))
    expected = _reference_word_before(text, position, floor)
    assert sentences_module._word_before(text, position, floor) == expected


# Many words, so that most paragraphs bring new ones (their shingles are built late), with
# near repeats made by dropping, changing or adding a word of an earlier paragraph.
_VOCABULARY = [f"v{k}" for k in range(60)]


@st.composite
def _paragraphs_with_edited_repeats(draw) -> list[str]:
    paragraphs: list[list[str]] = []
    for _ in range(draw(st.integers(1, 14))):
        if paragraphs and draw(st.booleans()):
            words = list(draw(st.sampled_from(paragraphs)))
            for _ in range(draw(st.integers(0, 2))):
                position = draw(st.integers(0, len(words)))
                edit = draw(st.sampled_from(["drop", "change", "add"]))
                if edit == "drop" and position < len(words):
                    del words[position]
                elif edit == "change" and position < len(words):
                    words[position] = draw(st.sampled_from(_VOCABULARY))
                else:
                    words.insert(position, draw(st.sampled_from(_VOCABULARY)))
        else:
            words = draw(st.lists(st.sampled_from(_VOCABULARY), min_size=1, max_size=40))
        paragraphs.append(words)
    return [" ".join(words) for words in paragraphs]


@settings(max_examples=1000, deadline=None)
@given(_paragraphs_with_edited_repeats())
def test_segment_near_duplicates_with_new_words_match_reference(texts: list[str]) -> None:
    words = duplicates_module.paragraph_words("\n\n".join(texts), _spans_of_joined(texts, "\n\n"))
    assert duplicates_module.find_duplicates(words) == _reference_duplicates(texts)


def test_segment_fast_constructors_build_equal_objects() -> None:
    # Else the constructors are used (slower, still right).
    assert segment_objects.new_sentence is not Sentence
    paragraph = segment_objects.new_paragraph(3, 10, 20, "Some text.", 1)
    assert type(paragraph) is Paragraph
    assert paragraph == Paragraph(3, 10, 20, "Some text.", 1)
    assert hash(paragraph) == hash(Paragraph(3, 10, 20, "Some text.", 1))
    sentence = segment_objects.new_sentence(4, 3, 12, 16, "text")
    assert type(sentence) is Sentence
    assert sentence == Sentence(4, 3, 12, 16, "text")
    assert sentence.to_dict() == {
        "index": 4,
        "paragraph": 3,
        "start": 12,
        "end": 16,
        "text": "text",
    }


@settings(max_examples=300, deadline=None)
@given(
    common=st.sets(st.integers(-(2**63), 2**63 - 1), min_size=1, max_size=80),
    only_first=st.sets(st.integers(-(2**63), 2**63 - 1), max_size=12),
    only_second=st.sets(st.integers(-(2**63), 2**63 - 1), max_size=12),
)
def test_segment_prefix_filter_keeps_every_near_duplicate_pair(common, only_first, only_second):
    """Two shingle sets with a Jaccard >= t share one of their prefix hashes (so the prefix
    index of _find_duplicates never misses a candidate)."""
    first, second = common | only_first, common | (only_second - only_first)
    t = duplicates_module.NEAR_DUPLICATE_JACCARD
    overlap = len(first & second)
    if overlap < t * (len(first) + len(second) - overlap):
        return  # not a near-duplicate pair: nothing is promised
    prefixes = set(duplicates_module._prefix(first, t)) & set(duplicates_module._prefix(second, t))
    assert prefixes
