"""Source names written for credence: fixtures/attribution_sources.tsv, one article a row.

Within an article one person is one canonical name (full name, surname, title + name); a
place, a pronoun, a title or a capitalised common noun is never a source's name; acronyms
and outlets get their kind. The rows cover the splits and inventions reported in issue 15.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from credence.features.attribution import AttributionExtractor

FIXTURE = Path(__file__).parent / "fixtures" / "attribution_sources.tsv"


def _rows() -> list[tuple[str, str, list[tuple[str, str]], list[str]]]:
    rows = []
    for line in FIXTURE.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        kind, text, expected, forbidden = (line.split("\t") + [""] * 4)[:4]
        pairs = [tuple(e.strip().rsplit(":", 1)) for e in expected.split("|") if e.strip()]
        banned = [f.strip() for f in forbidden.split("|") if f.strip()]
        rows.append((kind, text, pairs, banned))
    return rows


@pytest.fixture(scope="module")
def extractor() -> AttributionExtractor:
    return AttributionExtractor()


def test_attribution_source_table_is_large_enough():
    assert len(_rows()) >= 40


@pytest.mark.parametrize(("kind", "text", "expected", "forbidden"), _rows())
def test_attribution_source_name(extractor, kind, text, expected, forbidden):
    found = extractor.extract(text)
    got = {(a.source.canonical, a.source.kind) for a in found}
    assert found, f"{kind}: no attribution in {text!r}"
    for pair in expected:
        assert pair in got, f"{kind}: {pair} not in {sorted(got)}"
    names = {canonical for canonical, _ in got}
    assert not names & set(forbidden), f"{kind}: {sorted(names & set(forbidden))} in {sorted(got)}"


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ("James Comey", "Comey", True),
        ("Cole Cosgrove", "Cosgrove", True),
        ("Cole Cosgrove", "Cole Cosgrove", True),
        ("Jane Smith", "John Smith", False),
        ("Comey", "Cosgrove", False),
    ],
)
def test_attribution_same_person_across_articles(first, second, same):
    from credence.features.attribution.names import same_person

    assert same_person(first, second) is same
    assert same_person(second, first) is same
