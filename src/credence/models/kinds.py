"""The registry of model kinds: one entry says how a kind of model is read, fitted, scored,
saved, loaded and built.

``credence train KIND``, ``credence evaluate KIND``, :meth:`credence.Scorer.load`,
:func:`credence.models.persistence.find_model_dirs` and
``python -m credence.models.build_default`` read this registry; none of them names a kind.
Adding a kind is one :class:`ModelKind` entry (the recipe is in ``docs/training.md``).

Every model class follows one protocol: ``save(self, directory, *, training_data=None,
metrics=None)`` writes a model directory whose ``meta.json`` names the kind, and the
classmethod ``load(cls, directory)`` reads it back after checking the kind, hash and versions
(:func:`credence.models.persistence.load_model`).

The entries name their classes and functions as ``"module:attribute"`` strings, resolved on
first use: importing this module (as every ``credence`` command does) imports neither
scikit-learn nor any model module.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from credence.errors import CredenceError

__all__ = [
    "ModelKind",
    "REGISTRY",
    "register_kind",
    "get_kind",
    "kind_names",
    "scorer_kind_names",
    "resolve",
]


def resolve(reference: str) -> Any:
    """The object named by ``"package.module:attribute"`` (the module is imported now).

    Examples
    --------
    >>> resolve("credence.models.sentence_data:SENTENCE_LABELS")
    ('certain', 'uncertain')
    """
    module, _, attribute = reference.partition(":")
    return getattr(importlib.import_module(module), attribute)


@dataclass(frozen=True)
class ModelKind:
    """One kind of model: its class and how its data is read, fitted and scored.

    Parameters
    ----------
    name : str
        The kind, as ``meta.json``, ``credence train NAME`` and model sets (``NAME/``) name it.
    model_class : str
        ``"module:Class"`` of the model; the class has ``save`` and the classmethod ``load``.
    labels : str
        ``"module:ATTRIBUTE"`` of the label tuple, negative or neutral label first; the order
        of the probability columns :attr:`predict` returns.
    read_data : str or None
        ``None`` for a kind that ``credence train``/``evaluate`` cannot read data for yet;
        else ``"module:function"``: ``read(request: DataRequest) -> LabelledData``
        (:mod:`credence.models.labelled`); it refuses the options its kind does not take.
    fit : str
        ``"module:function"``: ``fit(data, rows, groups, seed) -> model``, fitted on the rows
        ``rows`` of ``data`` (``groups`` keeps the model's own inner folds grouped).
    predict : str
        ``"module:function"``: ``predict(model, data, rows) -> (labels, probabilities)``,
        the predicted label of each row and an ``(n, len(labels))`` probability matrix; what
        ``credence evaluate`` and the cross-validation of ``credence train`` score.
    grouping : {"topic", "document"}
        How cross-validation folds keep related rows together by default
        (:func:`credence.models.grouping.group_rows`).
    data_help : str
        The data the kind reads, for ``--help`` and error messages.
    fnc : bool
        Report the FNC-1 weighted score (stance labels only).
    scorer_argument : str, optional
        The :class:`~credence.Scorer` argument this kind's model is given as; ``None`` for a
        kind the scorer does not use.
    lazy : bool
        The scorer checks the directory at once but unpickles the model on first use
        (:class:`~credence.models.lazy.LazyModel`): for large models rarely needed.
    default_data : str, optional
        Sub-directory of the labelled data (``../shared/data``) the bundled default is built
        from; ``None`` when the package ships no default of this kind.
    build_default : str, optional
        ``"module:function"``: ``build(data_dir, out_dir) -> metrics`` builds the default.
    """

    name: str
    model_class: str
    labels: str
    read_data: str | None
    fit: str | None
    predict: str | None
    grouping: Literal["topic", "document"]
    data_help: str
    fnc: bool = False
    scorer_argument: str | None = None
    lazy: bool = False
    default_data: str | None = None
    build_default: str | None = None

    def model_type(self) -> type:
        """The model class (imports its module)."""
        return resolve(self.model_class)

    def label_names(self) -> tuple[str, ...]:
        """The labels, in the order of the probability columns."""
        return tuple(resolve(self.labels))

    def function(self, role: Literal["read_data", "fit", "predict", "build_default"]) -> Callable:
        """The function named by the field ``role`` (imports its module)."""
        reference = getattr(self, role)
        if reference is None:
            raise CredenceError(
                f"The {self.name!r} model kind has no {role.replace('_', ' ')} "
                f"(data: {self.data_help})."
            )
        return resolve(reference)

    def load(self, directory: Any) -> Any:
        """Load a model directory of this kind with the class's own ``load``."""
        return self.model_type().load(directory)


#: Every registered kind by name, in registration order.
REGISTRY: dict[str, ModelKind] = {}


def register_kind(kind: ModelKind) -> ModelKind:
    """Add ``kind`` to the registry (a name registered twice is refused)."""
    if kind.name in REGISTRY and REGISTRY[kind.name] != kind:
        raise ValueError(f"A model kind named {kind.name!r} is already registered.")
    REGISTRY[kind.name] = kind
    return kind


def kind_names() -> tuple[str, ...]:
    """The registered kind names, in registration order."""
    return tuple(REGISTRY)


def scorer_kind_names() -> tuple[str, ...]:
    """The kinds whose models :class:`~credence.Scorer` uses (each ships a default)."""
    return tuple(name for name, kind in REGISTRY.items() if kind.scorer_argument is not None)


def get_kind(name: str) -> ModelKind:
    """The registered kind ``name``.

    Raises
    ------
    CredenceError
        When no kind of that name is registered (the message lists them).
    """
    try:
        return REGISTRY[name]
    except (KeyError, TypeError):
        raise CredenceError(
            f"The model kind must be one of {', '.join(REGISTRY)}. Got {name!r} instead."
        ) from None


_ADAPTERS = "credence.models.adapters"
_READERS = "credence.models.labelled"

register_kind(
    ModelKind(
        name="stance",
        model_class="credence.models.stance:StanceModel",
        labels="credence.models.stance_data:STANCE_LABELS",
        read_data=f"{_READERS}:read_stance_data",
        fit=f"{_ADAPTERS}:fit_stance",
        predict=f"{_ADAPTERS}:predict_stance",
        grouping="topic",
        data_help="JSONL claim/evidence pairs, or FNC-1 CSVs with --bodies and --stances",
        fnc=True,
        scorer_argument="stance_model",
        # Only comparing two claims needs it, and it is the largest model.
        lazy=True,
        default_data="fnc1",
        build_default="credence.models.stance:train_default_stance",
    )
)
register_kind(
    ModelKind(
        name="uncertainty",
        model_class="credence.models.uncertainty:UncertaintyModel",
        labels="credence.models.sentence_data:SENTENCE_LABELS",
        read_data=f"{_READERS}:read_sentence_data",
        fit=f"{_ADAPTERS}:fit_uncertainty",
        predict=f"{_ADAPTERS}:predict_uncertainty",
        grouping="document",
        data_help="JSONL sentences, or Szeged XML (a file or a directory)",
        scorer_argument="uncertainty_model",
        default_data="",
        build_default="credence.models.uncertainty:train_default_uncertainty",
    )
)
register_kind(
    ModelKind(
        name="claims",
        model_class="credence.models.checkworthiness:CheckworthinessModel",
        labels="credence.models.checkworthiness:LABELS",
        read_data=f"{_READERS}:read_checkworthiness_data",
        fit=f"{_ADAPTERS}:fit_checkworthiness",
        predict=f"{_ADAPTERS}:predict_checkworthiness",
        grouping="document",
        data_help="CLEF-2019 check-worthiness TSV (a file or a directory of debates)",
        scorer_argument="claim_model",
        default_data="checkworthiness/clef2019/training",
        build_default="credence.models.checkworthiness:train_default_checkworthiness",
    )
)
register_kind(
    ModelKind(
        name="attribution",
        model_class="credence.models.attribution_model:CrfTagger",
        labels="credence.models.attribution_model:LABELS",
        # A sequence tagger over PolNeAR's standoff annotations: built and evaluated by
        # build_default and benchmarks/eval_attribution.py, not yet by credence train.
        read_data=None,
        fit=None,
        predict=None,
        grouping="document",
        data_help="PolNeAR attribution annotations (build with build_default --only attribution)",
        default_data="attribution/polnear",
        build_default="credence.models.attribution_training:train_default_attribution",
    )
)
register_kind(
    ModelKind(
        name="agreement",
        model_class="credence.models.agreement:AgreementModel",
        labels="credence.models.agreement_data:AGREEMENT_LABELS",
        read_data="credence.models.agreement_kind:read_agreement_labelled",
        fit="credence.models.agreement_kind:fit_agreement",
        predict="credence.models.agreement_kind:predict_agreement",
        # Each pair's doc_id is its Emergent claim or FNC-1 topic: folds never split a claim.
        grouping="document",
        data_help="Emergent-format JSONL claim/headline pairs, or a folder with "
        "claims/emergent/ and fnc1/",
        default_data="",
        build_default="credence.models.agreement:train_default_agreement",
    )
)
register_kind(
    ModelKind(
        name="lean",
        model_class="credence.models.lean:LeanReader",
        labels="credence.models.lean:LEAN_LABELS",
        # Fitted on cross-fitted stance/agreement readings (credence.models.lean_training):
        # built by build_default --only lean, not yet by credence train.
        read_data=None,
        fit=None,
        predict=None,
        grouping="topic",
        data_help="FNC-1 topic-train and Emergent (build with build_default --only lean)",
        default_data="",
        build_default="credence.models.lean_training:train_default_lean",
    )
)
