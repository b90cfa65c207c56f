"""Quote cases written for credence: every row of fixtures/attribution_quotes.tsv must be found.

Each row names one attribution (source as written, its canonical name when checked, and the
content) that ``AttributionExtractor().extract(text)`` must return. The kinds cover the
failures reported in issue 15: a phrase after the cue taken as the content, continuation
quotes, nested quotes, pronouns, inverted and appositive sources, common-noun sources,
"according to a statement from X", content split around the cue.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from credence.features.attribution import AttributionExtractor

FIXTURE = Path(__file__).parent / "fixtures" / "attribution_quotes.tsv"
_EDGES = " \t\"“”'‘’,.;:"


def _rows() -> list[tuple[str, str, str, str, str]]:
    rows = []
    for line in FIXTURE.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        kind, text, source, canonical, content = line.split("\t")
        rows.append((kind, text, source, canonical, content))
    return rows


def _norm(text: str) -> str:
    return text.strip(_EDGES).lower()


@pytest.fixture(scope="module")
def extractor() -> AttributionExtractor:
    return AttributionExtractor()


def test_attribution_quote_table_is_large_enough():
    rows = _rows()
    assert len(rows) >= 60
    kinds = {r[0] for r in rows}
    assert {"after-cue", "continuation", "nested", "pronoun", "inverted"} <= kinds


@pytest.mark.parametrize(("kind", "text", "source", "canonical", "content"), _rows())
def test_attribution_quote_case(extractor, kind, text, source, canonical, content):
    found = extractor.extract(text)
    got = [(a.source.text, a.source.canonical, a.content.text) for a in found]
    match = [
        a
        for a in found
        # The source as written, possibly after a title ("Dr. Helen Cho" for "Helen Cho").
        if _norm(a.source.text).endswith(_norm(source)) and _norm(a.content.text) == _norm(content)
    ]
    assert match, f"{kind}: no ({source!r}, {content!r}) in {got}"
    if canonical:
        assert any(a.source.canonical == canonical for a in match), got
    # A nested quote is never an attribution of the first-person pronoun inside it.
    assert not any(a.source.canonical.lower() in ("i", "we") and kind == "nested" for a in found), (
        got
    )


# Kinds whose sentences hold one attribution and nothing else: a second relation would be
# another clause taken as content ("The match was called off" added to what police said) or
# a wrong speaker.
_ONLY_KINDS = ("split-clause", "final-clause", "apposition")


@pytest.mark.parametrize(
    ("kind", "text", "source", "canonical", "content"),
    [r for r in _rows() if r[0] in _ONLY_KINDS],
)
def test_attribution_quote_case_is_the_only_one(extractor, kind, text, source, canonical, content):
    got = [(a.source.text, a.content.text) for a in extractor.extract(text)]
    assert [(_norm(s), _norm(c)) for s, c in got] == [(_norm(source), _norm(content))], got
