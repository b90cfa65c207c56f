"""How UW / MEANTIME event factuality is read as sentence uncertainty (issue 12 item 4)."""

from __future__ import annotations

from pathlib import Path

import pytest

from credence.models.szeged import FactualitySentence, load_factuality_conll
from credence.models.uncertainty_factuality import (
    meantime_uncertain,
    predication_values,
    uw_main_event_uncertain,
    uw_uncertain,
)

FIXTURES = Path(__file__).parent / "fixtures"


def _sentence(rows: list[tuple[str, float | None, str, int]]) -> FactualitySentence:
    return FactualitySentence(
        tokens=tuple(r[0] for r in rows),
        factuality=tuple(r[1] for r in rows),
        pos=tuple(r[2] for r in rows),
        lemmas=tuple(r[0].lower() for r in rows),
        line=1,
        heads=tuple(r[3] for r in rows),
    )


# "Officials said the blast may have been planned ." : the main event is certain, the
# embedded hedged one is not.
HEDGED_EMBEDDED = _sentence(
    [("Officials", None, "NNS", 1), ("said", 3.0, "VBD", 1), ("the", None, "DT", 3),
     ("blast", 3.0, "NN", 7), ("may", None, "MD", 7), ("have", None, "VB", 7),
     ("been", None, "VBN", 7), ("planned", 1.6, "VBN", 1), (".", None, ".", 1)]
)  # fmt: skip
# "She wants to end the strike ." : the infinitive and the event noun are not yet facts,
# which is volition, not hedging.
VOLITION = _sentence(
    [("She", None, "PRP", 1), ("wants", 3.0, "VBZ", 1), ("to", None, "TO", 3),
     ("end", 0.8, "VB", 1), ("the", None, "DT", 5), ("strike", 1.4, "NN", 3),
     (".", None, ".", 1)]
)  # fmt: skip
# "The court did not rule ." : a negated event is certain.
NEGATED = _sentence(
    [("The", None, "DT", 1), ("court", None, "NN", 4), ("did", None, "VBD", 4),
     ("not", None, "RB", 4), ("rule", -3.0, "VB", 4), (".", None, ".", 4)]
)  # fmt: skip


def test_uncertainty_factuality_predications_leave_out_infinitives_and_nouns() -> None:
    assert predication_values(VOLITION) == [3.0]
    assert predication_values(HEDGED_EMBEDDED) == [3.0, 1.6]


@pytest.mark.parametrize(
    ("sentence", "expected", "expected_main_event"),
    [(HEDGED_EMBEDDED, True, False), (VOLITION, False, False), (NEGATED, False, False)],
)
def test_uncertainty_factuality_uw_mapping(
    sentence: FactualitySentence, expected: bool, expected_main_event: bool
) -> None:
    assert uw_uncertain(sentence) is expected
    # The old mapping read the main event only and missed the embedded hedge.
    assert uw_main_event_uncertain(sentence) is expected_main_event


def test_uncertainty_factuality_uw_mapping_rounds_the_crowd_mean() -> None:
    def one_event(value: float) -> FactualitySentence:
        return _sentence([("It", None, "PRP", 1), ("fell", value, "VBD", 1)])

    assert uw_uncertain(one_event(2.6)) is False  # rounds to 3: certain
    assert uw_uncertain(one_event(2.4)) is True
    assert uw_uncertain(one_event(-2.4)) is True
    no_predication = _sentence([("The", None, "DT", 1), ("talks", 1.0, "NNS", 1)])
    assert uw_uncertain(no_predication) is None


@pytest.mark.parametrize(
    ("values", "expected"),
    [((3.0, -3.0), False), ((3.0, 0.0), False), ((3.0, 0.75), True), ((1.5,), True)],
)
def test_uncertainty_factuality_meantime_probable_or_possible(
    values: tuple[float, ...], expected: bool
) -> None:
    rows = [(f"w{i}", v, "VBD", 0) for i, v in enumerate(values)]
    assert meantime_uncertain(_sentence(rows)) is expected


@pytest.mark.parametrize(
    ("name", "splits", "count"),
    [
        ("uw_sample", ("train",), 120),
        ("uw_blind", ("dev", "test"), 150),
        ("uw_blind2", ("dev", "test"), 150),
    ],
)
def test_uncertainty_factuality_hand_labels_point_at_uw_sentences(
    shared_data: Path, name: str, splits: tuple[str, ...], count: int
) -> None:
    path = FIXTURES / f"uncertainty_news_{name}.tsv"
    rows = [
        line.split("\t")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    assert len(rows) == count
    assert {label for *_, label in rows} == {"certain", "uncertain"}
    firsts = {
        (f"factuality/uw/{split}.conll", s.line)
        for split in splits
        for s in load_factuality_conll(shared_data / "factuality" / "uw" / f"{split}.conll")
        if s.event_values
    }
    assert all((file, int(first)) in firsts for file, first, _ in rows)


def test_uncertainty_factuality_blind_rounds_share_no_sentence() -> None:
    def keys(name: str) -> set[tuple[str, str]]:
        text = (FIXTURES / f"uncertainty_news_{name}.tsv").read_text(encoding="utf-8")
        return {
            tuple(line.split("\t")[:2]) for line in text.splitlines() if line and line[0] != "#"
        }

    assert len(keys("uw_blind2")) == 150 and not keys("uw_blind") & keys("uw_blind2")
