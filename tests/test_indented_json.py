"""dumps_indented writes what json.dumps(obj, ensure_ascii=False, indent=N) writes."""

from __future__ import annotations

import json

import pytest

from credence.indented_json import dumps_indented

CASES = [
    {},
    [],
    "",
    0,
    None,
    {"a": [1, 2.5, None, True, False], "b": {}, "c": [], "é": "naïve “quoted” \u2028\n\t\x00\\"},
    [[[]], [{}], [[1]], {"x": {"y": {"z": [1e300, -0.0, 1e-7, 10**30, -5]}}}],
    {3: "int key", 2.5: "float key", None: "none key", True: "bool key", "s": "str key"},
    (1, (2, (3,)), []),
    [float("nan"), float("inf"), -float("inf")],
    {"nested": [{"id": f"a{i}", "spans": [{"start": i, "end": i + 3}]} for i in range(5)]},
]


@pytest.mark.parametrize("value", CASES)
@pytest.mark.parametrize("indent", [0, 2, 4])
def test_indented_json_equals_json_dumps(value, indent):
    assert dumps_indented(value, indent=indent) == json.dumps(
        value, ensure_ascii=False, indent=indent
    )


def test_indented_json_rejects_what_json_rejects():
    with pytest.raises(TypeError, match="not JSON serializable"):
        dumps_indented({"x": object()})


def test_indented_json_circular_reference_is_refused_as_json_does():
    loop: list = []
    loop.append(loop)
    with pytest.raises(ValueError, match="Circular reference"):
        dumps_indented(loop)


def test_indented_json_of_real_extraction_equals_json_dumps(seeds_dir):
    from credence.document import Article
    from credence.scoring.engine import analyze_all
    from credence.scoring.report import extraction_dict

    articles = [Article(id=p.stem, text=p.read_text()) for p in sorted(seeds_dir.glob("*.txt"))]
    docs = [extraction_dict(a) for a in analyze_all(articles, workers=1)]
    assert dumps_indented(docs) == json.dumps(docs, ensure_ascii=False, indent=2)
