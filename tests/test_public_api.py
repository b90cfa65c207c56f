"""The public API is documented and typed: every exported name, every public signature."""

import importlib
import inspect
import typing

import pytest

import credence

#: Modules whose ``__all__`` is public API: the package, the scorer and its result types.
PUBLIC_MODULES = (
    "credence",
    "credence.document",
    "credence.errors",
    "credence.scoring.analysis",
    "credence.scoring.scorer",
    "credence.scoring.report",
    "credence.scoring.corroboration",
    "credence.scoring.sources",
    "credence.render",
)

#: Result types an app meets in a Report; each is exported by ``credence``.
RESULT_TYPES = (
    "Report",
    "ArticleAnalysis",
    "ScoredClaim",
    "ClaimCopy",
    "Evidence",
    "Contribution",
    "Story",
    "SourceScore",
    "Conflict",
    "Chain",
    "Hedge",
    "Attribution",
    "Quantity",
    "DateExpression",
)


def _public_names():
    for module_name in PUBLIC_MODULES:
        module = importlib.import_module(module_name)
        for name in module.__all__:
            yield module_name, name, getattr(module, name)


def _is_api(obj) -> bool:
    return inspect.isclass(obj) or inspect.isfunction(obj)


def _own_callables(cls):
    """Public methods and properties defined by ``cls`` itself (not inherited)."""
    for name, member in vars(cls).items():
        if name.startswith("_"):
            continue
        if isinstance(member, property):
            yield name, member.fget
        elif isinstance(member, classmethod | staticmethod):
            yield name, member.__func__
        elif inspect.isfunction(member):
            yield name, member


def _signature_problems(func) -> list[str]:
    signature = inspect.signature(func)
    problems = [
        f"parameter {p.name!r} has no annotation"
        for p in signature.parameters.values()
        if p.name not in ("self", "cls") and p.annotation is inspect.Parameter.empty
    ]
    if signature.return_annotation is inspect.Signature.empty:
        problems.append("no return annotation")
    elif signature.return_annotation in ("Any", typing.Any):
        problems.append("returns a bare Any")
    return problems


def test_public_api_exports_every_result_type():
    missing = [name for name in RESULT_TYPES if name not in credence.__all__]
    assert not missing
    for name in RESULT_TYPES:
        assert inspect.isclass(getattr(credence, name)), name
    assert set(credence.__all__) <= set(dir(credence))


@pytest.mark.parametrize(("module", "name", "obj"), list(_public_names()))
def test_public_api_names_have_docstrings(module, name, obj):
    if not _is_api(obj):
        pytest.skip(f"{module}.{name} is a constant")
    assert inspect.getdoc(obj), f"{module}.{name} has no docstring"
    if inspect.isclass(obj):
        for method_name, method in _own_callables(obj):
            assert inspect.getdoc(method), f"{module}.{name}.{method_name} has no docstring"


@pytest.mark.parametrize(("module", "name", "obj"), list(_public_names()))
def test_public_api_signatures_are_fully_annotated(module, name, obj):
    if not _is_api(obj):
        pytest.skip(f"{module}.{name} is a constant")
    functions = [(name, obj)] if inspect.isfunction(obj) else []
    if inspect.isclass(obj):
        functions += [(f"{name}.{m}", f) for m, f in _own_callables(obj)]
    problems = [f"{module}.{n}: {p}" for n, f in functions for p in _signature_problems(f)]
    assert not problems


def test_public_api_report_and_scorer_name_their_result_types():
    from credence import Report, ScoredClaim, Scorer

    assert inspect.signature(Scorer.check).return_annotation == "ScoredClaim"
    assert inspect.signature(Scorer.score).return_annotation == "Report"
    exported = {name: getattr(credence, name) for name in credence.__all__}
    hints = typing.get_type_hints(Report, localns=exported)
    assert hints["claims"] == tuple[ScoredClaim, ...]
    assert hints["sources"] == tuple[credence.SourceScore, ...]
    assert hints["stories"] == tuple[credence.Story, ...]
    claim_hints = typing.get_type_hints(ScoredClaim, localns=exported)
    assert claim_hints["hedges"] == tuple[credence.Hedge, ...]
    assert claim_hints["conflicts"] == tuple[credence.Conflict, ...]
    for field, kind in (
        ("hedges", "Hedge"),
        ("attributions", "Attribution"),
        ("chains", "Chain"),
        ("quantities", "Quantity"),
        ("dates", "DateExpression"),
    ):
        hint = typing.get_type_hints(
            getattr(credence.ArticleAnalysis, field).fget, localns=exported
        )
        assert hint["return"] == tuple[getattr(credence, kind), ...], field
    assert "dict" not in inspect.getdoc(Report).split("Attributes")[1].split("sources")[0]
