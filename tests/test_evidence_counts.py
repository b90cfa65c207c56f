"""Counts a claim states and whether its evidence states them (issue 14 item 5).

Evidence that lacks the number its claim states is no support of that claim
(``EvidenceItems.unconfirmed``); the same number with a unit the quantity extractor did not
read ("for 20 YEARS", "20 YEARS ago") is a statement of it.
"""

from __future__ import annotations

import numpy as np
import pytest

from credence.scoring.claim_rows import query_row
from credence.scoring.evidence import evidence_items
from credence.scoring.priors import ScoringPriors

#: A linked pair the model reads as agreeing.
AGREEING = np.array([[0.6, 0.02, 0.3, 0.08]])


def _unconfirmed(claim: str, evidence: str) -> bool:
    rows = [query_row(claim), query_row(evidence)]
    items = evidence_items(rows, [(0, 1)], AGREEING, ScoringPriors(), only_claim=0)
    assert len(items) == 1
    return bool(items.unconfirmed[0])


@pytest.mark.parametrize(
    ("claim", "evidence", "unconfirmed"),
    [
        # The same count, its unit in capitals: stated.
        ("Two friends kept a cheeseburger for 20 years", "Friend kept burger for 20 YEARS", False),
        ("Two friends kept a cheeseburger for 20 years", "They bought it 20 YEARS ago", False),
        # Another count of the same unit-less word: not stated.
        ("Two friends kept a cheeseburger for 2 years", "Friend kept burger for 20 YEARS", True),
        # The same number next to another word (a unit-less age, a count of years): not stated.
        ("The ferry carried 40 passengers", "The 40 YEAR old ferry sank", True),
        # No number at all in the evidence: not stated.
        ("Two friends kept a cheeseburger for 20 years", "Friends kept an old burger", True),
    ],
)
def test_evidence_counts_stated_with_an_unread_unit(claim, evidence, unconfirmed):
    assert _unconfirmed(claim, evidence) is unconfirmed
