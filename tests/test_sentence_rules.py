"""Sentence boundaries as news writes them: the golden-rule-style table
tests/fixtures/sentence_rules.tsv (issue 16), each row a text and its sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

from credence.features.segment import segment

_TABLE = Path(__file__).parent / "fixtures" / "sentence_rules.tsv"


def _rows() -> list[tuple[str, str, list[str]]]:
    rows = []
    for line in _TABLE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, text, *sentences = (cell.replace("\\n", "\n") for cell in line.split("\t"))
        rows.append((kind, text, sentences))
    return rows


RULES = _rows()


def test_sentence_rules_table_is_large_and_has_negatives() -> None:
    assert len(RULES) >= 100
    assert sum(len(sentences) == 1 for _, _, sentences in RULES) >= 30
    kinds = {kind for kind, _, _ in RULES}
    for kind in ("spaced ellipsis", "numbered list", "time", "pronoun I", "citation"):
        assert kind in kinds


@pytest.mark.parametrize(
    ("kind", "text", "expected"), RULES, ids=[f"{k}-{i}" for i, (k, _, _) in enumerate(RULES)]
)
def test_sentence_rules(kind: str, text: str, expected: list[str]) -> None:
    _, sentences = segment(text)
    assert [s.text for s in sentences] == expected
    for sentence in sentences:
        assert text[sentence.start : sentence.end] == sentence.text
