"""Dates under one event word in two unrelated stories are not a temporal conflict (issue 14
item 5: events of different dates are not conflicts), while two tellings of one story still
conflict. The stories are the bundled examples (our own texts), scored together."""

from __future__ import annotations

from pathlib import Path

import pytest

from credence.ingest import read_articles

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture(scope="module")
def temporal_conflicts(scorer):
    report = scorer.score(read_articles([str(EXAMPLES)]).articles)
    story = {c.id: c.text for c in report.claims}
    return {
        (story[c.id], story[x.with_claim])
        for c in report.claims
        for x in c.conflicts
        if x.kind == "temporal"
    }


def _between(conflicts, first: str, second: str) -> bool:
    return any(first in a and second in b for a, b in conflicts)


def test_conflicts_other_story_relief_convoy_is_not_the_troop_deployment(temporal_conflicts):
    assert not _between(temporal_conflicts, "relief convoy", "northern front")
    assert not _between(temporal_conflicts, "northern front", "relief convoy")


def test_conflicts_other_story_one_story_told_twice_still_conflicts(temporal_conflicts):
    assert _between(temporal_conflicts, "convoy will arrive", "convoy arrived")
    assert _between(temporal_conflicts, "began in mid 2023", "northern front last year")
