"""The dates and quantities extractors share number words through one module, and no state."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

from credence.features import dates, number_words, quantities
from credence.features.context import Context

FEATURES = Path(dates.__file__).parent


def _imported_modules(path: Path) -> list[tuple[str, bool]]:
    """Every ``credence`` module ``path`` imports, with whether the import is at top level."""
    tree = ast.parse(path.read_text("utf-8"))
    top = {id(node) for node in tree.body}
    found: list[tuple[str, bool]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        found += [(name, id(node) in top) for name in names if name.startswith("credence")]
    return found


_DATE_MODULES = ["dates.py", "date_patterns.py", "date_scan.py", "date_resolution.py"]
_NUMBER_MODULES = [
    "quantities.py",
    "quantity_context.py",
    "quantity_intervals.py",
    "quantity_tokens.py",
]


@pytest.mark.parametrize("name", _DATE_MODULES)
def test_dates_does_not_import_quantities(name):
    imported = [m for m, _ in _imported_modules(FEATURES / name)]
    assert not [m for m in imported if m.startswith("credence.features.quantit")]


@pytest.mark.parametrize("name", _NUMBER_MODULES)
def test_quantities_do_not_import_the_dates_extractor(name):
    # Only the shared scan: the dates extractor module itself stays out of the number modules.
    imported = [m for m, _ in _imported_modules(FEATURES / name)]
    assert not [m for m in imported if m.startswith("credence.features.dates")]


def test_number_words_imports_neither_extractor():
    imported = [m for m, _ in _imported_modules(FEATURES / "number_words.py")]
    assert not [m for m in imported if "dates" in m or "quantities" in m]


@pytest.mark.parametrize("name", [*_DATE_MODULES, *_NUMBER_MODULES, "number_words.py"])
def test_feature_imports_are_top_level(name):
    late = [m for m, top in _imported_modules(FEATURES / name) if not top]
    assert not [m for m in late if m.split(".")[-1] in ("dates", "quantities", "number_words")]


@pytest.mark.parametrize("module", [dates, quantities, number_words])
def test_no_last_scan_cache(module):
    assert not hasattr(module, "_last_scan")
    source = Path(module.__file__).read_text("utf-8")
    assert "_last_scan" not in source


def test_each_module_imports_alone():
    for name in ("number_words", "dates", "quantities"):
        importlib.import_module(f"credence.features.{name}")


def test_quantities_reexports_unit_lemma():
    assert quantities.unit_lemma is number_words.unit_lemma
    assert quantities.unit_lemma("Troops") == "troop"


@pytest.mark.parametrize(
    "text",
    [
        "In 2022, 2,000 troops arrived; 1500 more came on May 5.",
        "Some 2014 figures: 2014 soldiers and 3,000 people in 2015, two years ago.",
        "about 500 ſoldiers on 3 March",
    ],
)
def test_a_shared_date_scan_gives_what_each_extractor_finds_alone(text):
    context = Context(text=text)
    dex, qex = dates.DateExtractor(), quantities.QuantityExtractor()
    assert qex.extract(text, context=context) == qex.extract((text + " ")[:-1])
    assert dex.extract(text, context=context) == dex.extract((text + " ")[:-1])
    assert list(context._shared) == ["date_scan"]  # scanned once, for both


def test_a_context_of_another_text_is_refused():
    a, b = "On May 5, 2,000 troops arrived.", "Some 2014 soldiers came in 2015."
    with pytest.raises(ValueError, match="another text"):
        quantities.QuantityExtractor().extract(b, context=Context(text=a))
