"""The uncertainty model's second output, event factuality (issue 12 item 4)."""

from __future__ import annotations

import numpy as np
import pytest

from credence.errors import ModelError
from credence.features.hedges import HedgeExtractor
from credence.models.persistence import default_model_dir, save_model
from credence.models.uncertainty import UncertaintyModel, train_uncertainty
from credence.models.uncertainty_events import (
    EVENT_FEATURES,
    FactualityHead,
    event_cue_rows,
    event_inputs,
    fit_factuality_head,
    uw_event_training_data,
)
from credence.models.uncertainty_stack import STACK_FEATURES, SignConstrainedLogit

# Written for these tests: hedged and plain sentences for the base model, and sentences
# whose events are (not) presented as having happened for the head.
BASE_TEXTS = [
    "It may rain tomorrow.", "It rained yesterday.",
    "Troops were reportedly sent.", "Troops left the city.",
    "This could be true.", "This is true.",
    "Officials believe the fire was arson.", "The fire destroyed a house.",
]  # fmt: skip
BASE_LABELS = ["uncertain", "certain"] * 4
EVENT_TEXTS = [
    "The council will vote on the budget next week.", "The council voted on the budget.",
    "The company should cut its prices.", "The company cut its prices.",
    "Police did not find the weapon.", "Police found the weapon.",
    "Will the ceasefire hold?", "The ceasefire held.",
    "Investors can sell their shares in March.", "Investors sold their shares in March.",
]  # fmt: skip
EVENT_TARGETS = [True, False] * 5


@pytest.fixture(scope="module")
def base_model() -> UncertaintyModel:
    model, _ = train_uncertainty(BASE_TEXTS * 3, BASE_LABELS * 3, cv_folds=0)
    return model


@pytest.fixture(scope="module")
def event_model(base_model) -> UncertaintyModel:
    head, metrics = fit_factuality_head(
        base_model,
        EVENT_TEXTS * 2,
        EVENT_TARGETS * 2,
        groups=[f"doc{i // 2}" for i in range(20)],
        cv_folds=2,
    )
    assert metrics["n"] == 20 and 0.0 <= metrics["cv"]["f1"] <= 1.0
    return UncertaintyModel(base_model.pipeline, base_model.meta, base_model.stack, head)


@pytest.mark.parametrize(
    ("text", "feature", "value"),
    [
        ("They will go and they will stay.", "modal_will", 2.0),
        ("He can't come.", "modal_can", 0.0),  # "ca" + "n't": a negation, not the modal
        ("He can't come.", "n_negator", 1.0),
        ("He couldn’t come.", "n_negator", 1.0),  # typographic apostrophe
        ("He couldn’t come.", "modal_could", 1.0),
        ("Not now, not ever, not here, not there.", "n_negator", 3.0),  # capped
        ("Did the troops leave?", "question", 1.0),
        ("“Did the troops leave?”", "question", 1.0),
        ("The troops left.", "question", 0.0),
        ("Mayors should act.", "modal_may", 0.0),  # whole words only
    ],
)
def test_uncertainty_events_cue_columns(text, feature, value):
    row = event_cue_rows([text])[0]
    assert row[EVENT_FEATURES.index(feature)] == value


def test_uncertainty_events_inputs_extend_the_stack_inputs():
    inputs = event_inputs(np.array([0.5, 0.9]), ["It may rain.", "Will it rain?"])
    assert inputs.shape == (2, len(STACK_FEATURES) + len(EVENT_FEATURES))
    assert inputs[1, len(STACK_FEATURES) + EVENT_FEATURES.index("question")] == 1.0


def test_uncertainty_events_head_learns_events_not_yet_facts(event_model):
    proba = event_model.predict_proba_factuality(
        ["The mayor will resign next month.", "The mayor resigned last month."]
    )
    assert proba.shape == (2,) and proba[0] > proba[1]
    # The first output is untouched by the head.
    np.testing.assert_allclose(
        event_model.predict_proba(BASE_TEXTS),
        UncertaintyModel(event_model.pipeline, stack=event_model.stack).predict_proba(BASE_TEXTS),
    )


def test_uncertainty_events_head_save_load_identical(event_model, tmp_path):
    probe = ["The vote will take place.", "The vote took place.", "Can they win?"]
    event_model.save(tmp_path / "m")
    loaded = UncertaintyModel.load(tmp_path / "m")
    np.testing.assert_allclose(
        loaded.predict_proba_factuality(probe), event_model.predict_proba_factuality(probe)
    )
    assert set(loaded.meta["factuality"]["weights"]) == {*STACK_FEATURES, *EVENT_FEATURES}


def test_uncertainty_events_model_without_head_says_so(base_model):
    with pytest.raises(ModelError, match="no event-factuality output"):
        base_model.predict_proba_factuality(["It will rain."])


def test_uncertainty_events_load_rejects_a_head_of_another_width(base_model, tmp_path):
    narrow = SignConstrainedLogit([None] * 3, [None] * 3)
    narrow.coef_ = np.zeros((1, 3))
    narrow.intercept_ = np.zeros(1)
    save_model(
        {"base": base_model.pipeline, "stack": None, "factuality": FactualityHead(narrow, "toy")},
        tmp_path / "m",
        kind="uncertainty",
        extractors={HedgeExtractor.name: HedgeExtractor.version},
    )
    with pytest.raises(ModelError, match="event-factuality head does not match"):
        UncertaintyModel.load(tmp_path / "m")


def test_uncertainty_events_fit_rejects_one_class(base_model):
    with pytest.raises(ValueError, match="both factual and non-factual"):
        fit_factuality_head(base_model, ["It will rain."] * 4, [True] * 4)


def test_uncertainty_events_uw_training_data_groups_blocks(tmp_path):
    rows = []
    for k in range(45):  # 45 one-event sentences; every third has an uncertain predication
        value = "1.2" if k % 3 == 0 else "3.0"
        rows.append(f"0\tTroops\t_\tNNS\t1\tnsubj\ttroop\n1\tleft\t{value}\tVBD\t1\tROOT\tleave\n")
    rows.append("0\tHello\t_\tUH\t0\tROOT\thello\n")  # no event: left out
    path = tmp_path / "train.conll"
    path.write_text("\n".join(rows))
    texts, targets, groups = uw_event_training_data(path)
    assert len(texts) == 45 and sum(targets) == 15
    assert groups[0] == groups[39] == "train.conll:0" and groups[40] == "train.conll:1"


def test_uncertainty_default_model_has_the_event_output():
    model = UncertaintyModel.load(default_model_dir("uncertainty"))
    assert model.factuality is not None
    heldout = model.meta["metrics"]["factuality_head"]["heldout"]
    assert heldout["set"] == "UW dev+test" and heldout["f1"] > 0.55
    future, past, obligation, done = model.predict_proba_factuality(
        ["The factory will close next year.", "The factory closed last year.",
         "The council should approve the plan.", "The council approved the plan."]
    )  # fmt: skip
    assert future > past + 0.1 and obligation > 0.5 > done
    assert "UW" in model.meta["factuality"]["target"]
