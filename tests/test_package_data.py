"""Issue 13 item 3: loaded package data has one owner, ``lexicon.PACKAGE_DATA``; no module of
the rules keeps a ``functools`` cache of its own."""

from __future__ import annotations

import importlib
import os
import pkgutil

import pytest

import credence.features
import credence.scoring
from credence.features import lexicon
from credence.features.hedges import HedgeExtractor
from credence.features.lexicon import PACKAGE_DATA, PackageData


def _modules(package):
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        yield importlib.import_module(info.name)


@pytest.mark.parametrize("package", [credence.features, credence.scoring])
def test_package_data_no_module_level_caches(package):
    cached = [
        f"{module.__name__}.{name}"
        for module in _modules(package)
        for name, value in vars(module).items()
        if hasattr(value, "cache_info") and getattr(value, "__module__", None) == module.__name__
    ]
    assert cached == []


def test_package_data_builds_each_item_once():
    data = PackageData()
    built = []
    first = data.load("k", lambda: built.append(1) or object())
    assert data.load("k", lambda: built.append(2) or object()) is first
    assert built == [1]
    data.clear()
    assert data.keys() == []


def test_package_data_bounded_oldest_dropped():
    data = PackageData(max_items=2)
    for key in "abc":
        data.load(key, lambda key=key: key.upper())
    assert data.keys() == ["b", "c"]
    assert data.load("a", lambda: "rebuilt") == "rebuilt"


def test_package_data_holds_what_the_extractors_loaded():
    from credence.features.quantities import QuantityExtractor

    QuantityExtractor().extract("About 3,000 people left on 4 May 2024.")
    keys = PACKAGE_DATA.keys()
    assert "number lexicon" in keys and "date scanner" in keys and "number patterns" in keys
    assert lexicon.words("negators") is not lexicon.words("negators")  # a set per call...
    assert lexicon.rows("negators") is lexicon.rows("negators")  # ...of rows read once


def test_package_data_edited_user_hedge_lexicon_read_anew(tmp_path):
    table = tmp_path / "hedges.tsv"
    table.write_text("glimmeringly\tepistemic\n", encoding="utf-8")
    text = "It was glimmeringly true and blorptastically so."
    assert [h.text for h in HedgeExtractor(lexicon=str(table)).extract(text)] == ["glimmeringly"]
    table.write_text("blorptastically\tepistemic\n", encoding="utf-8")
    stat = os.stat(table)
    os.utime(table, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert [h.text for h in HedgeExtractor(lexicon=str(table)).extract(text)] == ["blorptastically"]


def test_package_data_edited_alias_table_read_anew(tmp_path):
    from credence.features.attribution.lexicon import load_lexicon

    table = tmp_path / "aliases.tsv"
    table.write_text("Glimmer Gazette\tGlimmer Gazette\toutlet\n", encoding="utf-8")
    first = load_lexicon(str(table))
    assert load_lexicon(str(table)) is first  # loaded once...
    table.write_text("Blorp Bulletin\tBlorp Bulletin\toutlet\n", encoding="utf-8")
    stat = os.stat(table)
    os.utime(table, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    second = load_lexicon(str(table))  # ...and read anew once edited
    assert second is not first
    assert ("attribution lexicon", str(table), os.stat(table).st_mtime) in PACKAGE_DATA.keys()
