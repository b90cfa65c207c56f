"""dumps_indented writes what json.dumps(obj, ensure_ascii=False, indent=N) writes."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


class _Text(str):
    pass


class _Number(int):
    pass


#: Subclasses, deep nesting and keys of every kind: the compiled writer and the Python one
#: (the fallback where no compiler is present) must both answer as json.dumps.
EDGE_CASES = [
    {_Text("k"): _Text("v"), "n": _Number(7), 1.5: [_Number(-2)], False: None},
    [[[[[[[[[[{"deep": [1, {"x": ()}]}]]]]]]]]]],
    {"a": float("nan"), "b": -0.0, "c": 2**70, "d": "\x1f\u2029\ud800"},
    list(range(20)) + [{"k" * 50: "v" * 500}],
]


def _python_only(monkeypatch):
    import credence.indented_json as indented_json

    monkeypatch.setattr(indented_json, "_COMPILED", None)


@pytest.mark.parametrize("value", CASES + EDGE_CASES)
@pytest.mark.parametrize("indent", [0, 2, 3])
def test_indented_json_compiled_and_python_writers_equal_json_dumps(value, indent, monkeypatch):
    pytest.importorskip("credence._indented_json", reason="the optional compiled core is not built")
    expected = json.dumps(value, ensure_ascii=False, indent=indent)
    assert dumps_indented(value, indent=indent) == expected
    _python_only(monkeypatch)
    assert dumps_indented(value, indent=indent) == expected


def test_indented_json_compiled_writer_leaves_deep_and_odd_values_to_json(monkeypatch):
    compiled = pytest.importorskip("credence._indented_json", reason="compiled core not built")
    deep: list = []
    for _ in range(compiled.MAX_DEPTH + 5):
        deep = [deep]
    assert dumps_indented(deep, indent=1) == json.dumps(deep, ensure_ascii=False, indent=1)
    with pytest.raises(compiled.Unusual):
        compiled.dumps_indented(deep, 1)
    with pytest.raises(TypeError, match="not JSON serializable"):
        dumps_indented({"x": {1, 2}})
    loop: dict = {}
    loop["self"] = loop
    with pytest.raises(ValueError, match="Circular reference"):
        dumps_indented(loop)
    _python_only(monkeypatch)
    with pytest.raises(ValueError, match="Circular reference"):
        dumps_indented(loop)


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=6),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner, max_size=4)
    ),
    max_leaves=30,
)


@given(value=_JSON_VALUES, indent=st.integers(0, 3))
@settings(max_examples=400, deadline=None)
def test_indented_json_any_nesting_equals_json_dumps(value, indent):
    # Every depth has its own brackets and commas (the compiled writer makes them once a
    # depth): siblings at one depth, empty containers and returns to a shallower depth.
    assert dumps_indented(value, indent=indent) == json.dumps(
        value, ensure_ascii=False, indent=indent
    )


#: What the compiled writer puts straight into its buffer (exact ints of 64 bits, strings
#: json would only quote) and the values just past it, which take json's own texts.
PLAIN_SCALAR_EDGES = [
    0,
    -1,
    7,
    -10,
    2**63 - 1,
    -(2**63),
    2**63,
    -(2**63) - 1,
    10**19,
    -(10**18),
    "",
    "plain ASCII text",
    "naïve “curly” \u2028 \ud83d\ude00 \ud800",
    "\x7f is no control character",
    'a "quote"',
    "back\\slash",
    "tab\there",
    "\x1f",
    "\x00",
    "line\nbreak",
    _Text("a str subclass"),
    _Number(2**63 - 1),
    True,
    False,
]


@pytest.mark.parametrize("value", PLAIN_SCALAR_EDGES)
def test_indented_json_plain_scalars_equal_json_dumps(value):
    document = {"value": value, "list": [value, value], "nested": {"v": [value]}}
    assert dumps_indented(document, indent=2) == json.dumps(document, ensure_ascii=False, indent=2)
    assert dumps_indented(value) == json.dumps(value, ensure_ascii=False, indent=2)


@given(number=st.integers(-(2**64), 2**64))
@settings(max_examples=300, deadline=None)
def test_indented_json_any_integer_equals_json_dumps(number):
    assert dumps_indented([number, -number]) == json.dumps(
        [number, -number], ensure_ascii=False, indent=2
    )
