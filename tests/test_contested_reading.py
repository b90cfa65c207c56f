"""The contested-details rule of ``check`` (``details_rule="contested"``, issue 14 item 5).

Articles contest a claim's word when none states it and a sentence speaking to the claim
fills its slot otherwise; a word that is only absent costs nothing. Sentences are our own.
"""

from __future__ import annotations

import pytest

from credence.scoring.check_settings import CheckSettings
from credence.scoring.contested import contested_reading, contested_support_share

SPILL = [
    "About 4,000 litres of diesel leaked into the Lenne river on Monday.",
    "Workers sealed the ruptured tank within two hours.",
    "Fishing on the Lenne will be banned for three weeks.",
    "Water samples showed diesel levels above the legal limit.",
]
PLANT = ["Tesla will build its Gigafactory in Nevada, the company said."]


@pytest.mark.parametrize(
    ("claim", "evidence", "contested", "opposite"),
    [
        # A common noun, a number, a day, a place name filled otherwise in the same frame.
        (
            "About 4,000 litres of acid leaked into the Lenne river on Monday.",
            SPILL,
            ("acid",),
            False,
        ),
        (
            "About 40,000 litres of diesel leaked into the Lenne river on Monday.",
            SPILL,
            ("40,000",),
            False,
        ),
        (
            "About 4,000 litres of diesel leaked into the Lenne river on Friday.",
            SPILL,
            ("Friday",),
            False,
        ),
        ("Tesla will build its Gigafactory in Texas", PLANT, ("Texas",), False),
        # A title-case headline: its capitals may be names, and only a name contests them.
        (
            "Storm Batters Tolbury Harbour As Boats Sink",
            ["A storm batters Hexley harbour as boats sink, officials said."],
            ("Tolbury",),
            False,
        ),
        (
            "Rare Storm Batters Tolbury Harbour",
            ["A strong storm batters Tolbury harbour, officials said."],
            (),
            False,
        ),
        # The opposite of the claim's word, in a sentence that speaks to the claim.
        ("Water samples showed diesel levels below the legal limit.", SPILL, ("below",), True),
        ("Fishing on the Lenne river will be allowed.", SPILL, ("allowed",), True),
        # A negated opposite is the articles' own word ("not dead" / "alive").
        (
            "The singer is not dead, his agent said.",
            ["The singer is alive, his agent said."],
            (),
            False,
        ),
        # Only absent, or worded otherwise: nothing contested.
        ("Diesel spilled into the Lenne river", SPILL, (), False),
        ("About 4,000 litres of diesel leaked into the Lenne on Monday night.", SPILL, (), False),
        ("Tesla will build its Gigafactory in Nevada", PLANT, (), False),
        # Stated by some sentence: the articles name it, so they do not contest it.
        ("Tesla will build its Gigafactory in Texas", [*PLANT, "Texas was a finalist."], (), False),
        # A sentence about something else (one shared word) does not speak to the claim.
        (
            "The council closed the Ferris Street bridge on Thursday.",
            ["The council opened a library."],
            (),
            False,
        ),
    ],
)
def test_contested_reading_table(claim, evidence, contested, opposite):
    read = contested_reading(claim, evidence)
    assert tuple(w.lower() for w in read.contested) == tuple(w.lower() for w in contested)
    assert read.opposite is opposite


def test_contested_support_share_keeps_support_of_uncontested_claims():
    assert contested_support_share("Diesel spilled into the Lenne river", SPILL) == 1.0
    acid = "About 4,000 litres of acid leaked into the Lenne river on Monday."
    assert contested_support_share(acid, SPILL) == pytest.approx(0.5)
    assert contested_support_share(acid, SPILL, keep=0.0) == 0.0
    # An opposite voids the support whatever ``keep`` is.
    assert contested_support_share("Fishing on the Lenne will be allowed.", SPILL) == 0.0


def test_contested_is_a_details_rule():
    assert CheckSettings(details_rule="contested").details_rule == "contested"
