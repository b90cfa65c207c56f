"""A claim whose predicate the articles never state while they state its opposite is not
attested (issue 14 item 5, polarity variants the stance model does not read: "toughens"
where every article says "relaxes").

Our own sentences.
"""

from __future__ import annotations

import pytest

from credence.scoring.details import attested_share, opposed_predicate

STORY = [
    "The city council relaxed its rules on street parking on Monday. Residents welcomed it.",
    "Parking rules in Tolbury were eased this week, the council said. Fines stay the same.",
]


def test_details_opposites_variant_not_attested():
    assert attested_share("Tolbury council relaxes street parking rules", STORY) == 1.0
    assert attested_share("Tolbury council toughens street parking rules", STORY) == 0.0


@pytest.mark.parametrize(
    ("claim", "evidence", "expected"),
    [
        ("The museum says the painting is fake", ["Experts found the painting authentic."], "fake"),
        ("The ministry confirms the outbreak", ["The ministry denied an outbreak."], "confirms"),
        # The claim's own word is stated too: the articles tell both sides.
        ("The ministry confirms the outbreak", ["It denied, then confirmed, the outbreak."], None),
        # No opposite stated: nothing to say (a paraphrase may state the claim).
        ("The city toughens its parking rules", ["Parking gets harder in Tolbury."], None),
        # Words with no opposite in the list.
        ("The mayor visited the harbour", ["The mayor left the harbour."], None),
    ],
)
def test_details_opposites_predicate(claim, evidence, expected):
    assert opposed_predicate(claim, evidence) == expected
