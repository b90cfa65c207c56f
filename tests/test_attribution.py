from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.base import clone

from credence.errors import DataError
from credence.features import get_extractor
from credence.features.attribution import (
    SOURCE_KINDS,
    Attribution,
    AttributionExtractor,
    find_source_mentions,
    load_lexicon,
)
from credence.features.chains import build_chains


@pytest.fixture(scope="module")
def extractor() -> AttributionExtractor:
    # The hand-written rules these tests describe (the trained tagger reads them as evidence).
    return AttributionExtractor(model=None)


def _body(path: Path) -> str:
    return re.sub(r"^\s*date \d{4}-\d{2}-\d{2}\s*", "", path.read_text(encoding="utf-8"))


def _check_offsets(text: str, found: list[Attribution]) -> None:
    for a in found:
        assert text[a.start : a.end] == a.text
        assert text[a.source.start : a.source.end] == a.source.text
        assert text[a.cue.start : a.cue.end] == a.cue.text
        assert text[a.content.start : a.content.end] == a.content.text
        assert a.source.kind in SOURCE_KINDS
        assert a.explanation


# (text, source text, canonical, kind, cue text, content text)
CASES = [
    (
        "Reuters reported that the talks had stalled.",
        "Reuters",
        "Reuters",
        "outlet",
        "reported",
        "the talks had stalled",
    ),
    (
        '"The bridge is closed," the Pentagon said.',
        "the Pentagon",
        "US Department of Defense",
        "official",
        "said",
        '"The bridge is closed,"',
    ),
    (
        '"We will not retreat," said Volodymyr Zelenskyy.',
        "Volodymyr Zelenskyy",
        "Volodymyr Zelensky",
        "person",
        "said",
        '"We will not retreat,"',
    ),
    (
        "The port was shelled overnight, according to Ukraine's defense ministry.",
        "Ukraine's defense ministry",
        "Ministry of Defence of Ukraine",
        "official",
        "according to",
        "The port was shelled overnight",
    ),
    (
        "According to the AP, the ferry sank near the coast.",
        "the AP",
        "Associated Press",
        "outlet",
        "According to",
        "the ferry sank near the coast",
    ),
    (
        "Senior officials told reporters that the budget would shrink.",
        "Senior officials",
        "senior officials",
        "role",
        "told",
        "the budget would shrink",
    ),
    (
        "A senior official said the plan was dropped.",
        "A senior official",
        "senior official",
        "role",
        "said",
        "the plan was dropped",
    ),
    (
        "German military sources estimate that 400 drones were launched.",
        "German military sources",
        "German military (sources)",
        "role",
        "estimate",
        "400 drones were launched",
    ),
    (
        "Officials said the dam failed.",
        "Officials",
        "officials",
        "anonymous",
        "said",
        "the dam failed",
    ),
    (
        "Some regional media reports say the dam failed.",
        "Some regional media reports",
        "regional media reports",
        "anonymous",
        "say",
        "the dam failed",
    ),
    (
        "Moscow's defence ministry has indicated that the unit withdrew.",
        "Moscow's defence ministry",
        "Russian Ministry of Defence",
        "official",
        "has indicated",
        "the unit withdrew",
    ),
    (
        "The fighting resumed at dawn, the ISW said.",
        "the ISW",
        "Institute for the Study of War",
        "official",
        "said",
        "The fighting resumed at dawn",
    ),
]


@pytest.mark.parametrize(("text", "source", "canonical", "kind", "cue", "content"), CASES)
def test_attribution_patterns(extractor, text, source, canonical, kind, cue, content):
    found = extractor.extract(text)
    _check_offsets(text, found)
    match = [a for a in found if a.source.text == source]
    assert match, [a.explanation for a in found]
    a = match[0]
    assert (a.source.canonical, a.source.kind) == (canonical, kind)
    assert a.cue.text == cue
    assert a.content.text == content


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The Kyiv Independent published a map. The paper said the line held.",
            ("The paper", "Kyiv Independent"),
        ),
        (
            "Keith Kellogg met officials in Kyiv. He said the talks were useful.",
            ("He", "Keith Kellogg"),
        ),
        (
            "The Washington Post ran the story first. The Post said two bridges fell.",
            ("The Post", "The Washington Post"),
        ),
        (
            "The Chosun Ilbo interviewed him. Later the Post reported that he left.",
            ("the Post", "The Washington Post"),
        ),
    ],
)
def test_attribution_coreference_by_recency(extractor, text, expected):
    found = extractor.extract(text)
    _check_offsets(text, found)
    assert (found[-1].source.text, found[-1].source.canonical) == expected


def test_attribution_credit_line_attributes_text_above(extractor):
    text = "Troops crossed the river on Monday.\n\nVia Associated Press\n\nMore text follows."
    found = extractor.extract(text)
    via = [a for a in found if a.cue.text == "Via"]
    assert len(via) == 1
    assert via[0].source.canonical == "Associated Press"
    assert via[0].content.text == "Troops crossed the river on Monday"


def test_attribution_no_attribution_in_plain_text(extractor):
    assert extractor.extract("The river rose two metres overnight and the bridge closed.") == []


def test_attribution_to_dict_shape(extractor):
    a = extractor.extract("Reuters reported that the talks had stalled.")[0]
    d = a.to_dict()
    assert set(d) == {"source", "cue", "content"}
    assert set(d["source"]) == {"start", "end", "text", "canonical", "kind"}
    assert set(d["cue"]) == set(d["content"]) == {"start", "end", "text"}


def test_attribution_features_and_transformer_contract(extractor):
    texts = [
        "Reuters reported that the talks stalled. Officials said the port closed.",
        "Nothing is attributed here.",
    ]
    est = clone(extractor).fit(texts)
    X = est.transform(texts)
    assert X.shape == (2, len(AttributionExtractor.feature_names))
    row = dict(zip(AttributionExtractor.feature_names, X[0], strict=True))
    assert row["n_attributions"] == 2
    assert row["n_outlet"] == 1 and row["n_anonymous"] == 1
    assert row["anonymous_share"] == pytest.approx(0.5)
    assert row["n_hearsay_cues"] == 1
    assert np.all(X[1] == 0)
    assert get_extractor("attribution") is AttributionExtractor


def test_attribution_user_aliases_override(tmp_path):
    table = tmp_path / "aliases.tsv"
    table.write_text(
        "Daily Gazette of Ruritania\tRuritanian Gazette\toutlet\n"
        "the Gazette\tRuritanian Gazette\toutlet\n"
    )
    ex = AttributionExtractor(aliases=str(table))
    a = ex.extract("The Daily Gazette of Ruritania reported that the mine reopened.")[0]
    assert (a.source.canonical, a.source.kind) == ("Ruritanian Gazette", "outlet")
    assert ex.get_params() == {"aliases": str(table), "model": "default"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("# ok\nonly two\tcolumns\n", "line 2: expected 'alias<TAB>canonical<TAB>kind'"),
        ("a\tb\tplanet\n", "line 1: unknown kind 'planet'"),
        (b"\x89PNG\x00binary", "binary file: NUL byte"),
        (b"caf\xe9\tx\toutlet\n", "line 1: not valid UTF-8: byte 0xe9"),
    ],
)
def test_attribution_bad_alias_table_raises(tmp_path, content, message):
    table = tmp_path / "bad.tsv"
    if isinstance(content, bytes):
        table.write_bytes(content)
    else:
        table.write_text(content)
    with pytest.raises(DataError, match=message):
        AttributionExtractor(aliases=str(table)).extract("Reuters said so.")


def test_attribution_alias_table_in_utf16_with_a_byte_order_mark_is_read(tmp_path):
    table = tmp_path / "aliases.tsv"
    table.write_bytes("Daily Gazette of Ruritania\tRuritanian Gazette\toutlet\n".encode("utf-16"))
    ex = AttributionExtractor(aliases=str(table))
    a = ex.extract("The Daily Gazette of Ruritania reported that the mine reopened.")[0]
    assert a.source.canonical == "Ruritanian Gazette"


@pytest.mark.parametrize(
    ("name", "message"), [("nope.tsv", "source alias table not found"), (".", "is a directory")]
)
def test_attribution_missing_alias_file_raises(tmp_path, name, message):
    with pytest.raises(DataError, match=message):
        AttributionExtractor(aliases=str(tmp_path / name)).extract("Reuters said so.")


def test_attribution_mentions_need_capitals():
    lex = load_lexicon()
    mentions = find_source_mentions("who said what? The WHO said so, and the ap was late.", lex)
    assert [m.canonical for m in mentions] == ["World Health Organization"]


def test_attribution_adversarial_megabyte_completes(extractor):
    unit = (
        'The Big Red Capital Word Run Of Many Names Said "Quoted, quoted, quoted ((( [[ '
        "Another Long Name Chain said, according to, citing Via The Post said that, "
    )
    text = (unit * (1_000_000 // len(unit) + 1))[:1_000_000]
    found = extractor.extract(text)
    assert found
    for a in found[:50]:
        assert text[a.start : a.end] == a.text
    chains = build_chains(text, found)
    assert len(chains) >= len(found)


# --- the seed articles -------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_attributions(seeds_dir, extractor):
    out = {}
    for path in sorted(seeds_dir.glob("*.txt")):
        text = _body(path)
        found = extractor.extract(text)
        _check_offsets(text, found)
        out[path.name] = (text, found)
    return out


def _all(seed_attributions):
    return [a for _, found in seed_attributions.values() for a in found]


@pytest.mark.parametrize(
    ("canonical", "kind", "cue", "content_piece"),
    [
        ("Associated Press", "outlet", "Via", None),
        ("Russian Ministry of Defence", "official", "said", "64% of Kursk"),
        ("South Korean military (sources)", "role", "estimate", "at least an additional 1,000"),
        ("Volodymyr Zelensky", "person", "acknowledged", "return of North Korean troops"),
        (
            "National Intelligence Service (South Korea)",
            "official",
            "is making the claims",
            "at least 1,000 more",
        ),
        ("regional media reports", "anonymous", "saying", "3,000"),
        ("JoongAng Ilbo", "outlet", "had reported", "1,000 to 3,000"),
        ("Chosun Ilbo", "outlet", "In an interview with", "expressed interest in defecting"),
        ("The Washington Post", "outlet", "writes", "Chosun Ilbo"),
        ("The Washington Post", "outlet", "says", "JoongAng Ilbo"),
    ],
)
def test_attribution_seed_sources(seed_attributions, canonical, kind, cue, content_piece):
    hits = [
        a
        for a in _all(seed_attributions)
        if a.source.canonical == canonical
        and a.source.kind == kind
        and a.cue.text == cue
        and (content_piece is None or content_piece in a.content.text)
    ]
    assert hits, sorted({(a.source.canonical, a.cue.text) for a in _all(seed_attributions)})


def test_attribution_seed_special_forces(seed_attributions):
    hits = [a for a in _all(seed_attributions) if a.source.text == "Ukrainian special forces"]
    assert hits and all(a.source.kind in ("role", "official") for a in hits)
    assert "early February" in hits[0].content.text


# --- PolNeAR ---------------------------------------------------------------------------------

# Measured on dev with benchmarks/eval_attribution.py: source overlap F1 0.547 with the rules
# alone, 0.77 with the trained tagger (issue 15); the floors sit a little below.
DEV_SOURCE_OVERLAP_F1_FLOOR = 0.74
DEV_RULES_SOURCE_OVERLAP_F1_FLOOR = 0.50


def _load_benchmark():
    path = Path(__file__).resolve().parents[1] / "benchmarks" / "eval_attribution.py"
    spec = importlib.util.spec_from_file_location("eval_attribution", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


def test_attribution_brat_parser_handles_discontinuous_spans(tmp_path):
    from credence.models.attribution_data import parse_ann

    ann = tmp_path / "x_ab12.ann"
    ann.write_text(
        "T1\tSource 0 5\tAlice\nT2\tCue 6 10\tsaid\nT3\tContent 11 20;25 30\tsome text\n"
        "T4\tAttribution 6 10\tsaid\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
    )
    gold = parse_ann(ann)
    assert gold.sources == [((0, 5),)]
    assert gold.contents == [((11, 20), (25, 30))]


@pytest.mark.slow
def test_attribution_polnear_dev_source_floor(shared_data):
    split = shared_data / "attribution" / "polnear" / "dev"
    if not split.is_dir():
        pytest.skip(f"PolNeAR dev split not found at {split}")
    from credence.features.attribution import AttributionExtractor
    from credence.models.attribution_data import articles

    assert sum(1 for _ in articles(split)) == 84
    bench = _load_benchmark()
    scores = bench.evaluate(split)
    assert scores["source"].overlap()[2] >= DEV_SOURCE_OVERLAP_F1_FLOOR
    rules = bench.evaluate(split, AttributionExtractor(model=None))
    assert rules["source"].overlap()[2] >= DEV_RULES_SOURCE_OVERLAP_F1_FLOOR


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A product recall is not speech; the description resolves to the body named before.
        (
            "The national medicines agency recalled 40,000 doses on Tuesday, the agency said.",
            [("the agency", "national medicines agency", "official", "said")],
        ),
        ("He recalled that the talks failed.", [("He", "he", "person", "recalled")]),
        ('"It was chaos," he recalled.', [("he", "he", "person", "recalled")]),
        # "States" inside a name is no cue; "Department of X" is a body, not a person.
        (
            "The United States Department of Defense said on Tuesday that it was possible.",
            [
                (
                    "The United States Department of Defense",
                    "US Department of Defense",
                    "official",
                    "said",
                )
            ],
        ),  # fmt: skip
        (
            "The Department of Health said 20 people died.",
            [("The Department of Health", "Department of Health", "official", "said")],
        ),
        # No antecedent in the text: the description stays a vague role.
        ("The agency said nothing more.", [("The agency", "agency", "role", "said")]),
    ],
)
def test_attribution_recall_sense_and_described_antecedents(text, expected):
    got = [
        (a.source.text, a.source.canonical, a.source.kind, a.cue.text)
        for a in AttributionExtractor(model=None).extract(text)
    ]
    assert got == expected


# The token table takes plain space-separated words without the regex; it must give exactly
# the tokens and offsets of the reference tokeniser on any text and any slice of it.
_TOKEN_ALPHABET = "ab AZ  \n\t\xa0’'-.&_,\"é9İ\u2009Σ;:!?)”"


@given(
    text=st.text(alphabet=_TOKEN_ALPHABET, max_size=40),
    cut=st.tuples(st.integers(0, 45), st.integers(0, 45)),
)
@settings(max_examples=400, deadline=None)
def test_attribution_token_table_matches_the_reference_tokeniser(text, cut):
    from credence.features.attribution import _TOKEN_RE, _TokenTable

    lo, hi = sorted(cut)
    hi = min(hi, len(text))
    lo = min(lo, hi)
    for start, end in ((0, None), (lo, hi)):
        table = _TokenTable(text, start, end)
        stop = len(text) if end is None else end
        expected = [(m.start(), m.end(), m.group()) for m in _TOKEN_RE.finditer(text, start, stop)]
        assert list(zip(table.starts, table.ends, table.words, strict=True)) == expected
        assert table.lows == [w.lower().replace("’", "'") for _, _, w in expected]


# _Resolver._recent merges its two start-sorted lists from the back instead of sorting their
# concatenation; it must return what the reversed stable sort would return first.
def _recent_reference(resolver, predicate):
    import bisect

    from credence.features.attribution import _LOOKBACK

    i = bisect.bisect_left(resolver.mention_starts, resolver.limit)
    j = bisect.bisect_left(resolver.resolved_starts, resolver.limit)
    window = (
        resolver.mentions[max(0, i - _LOOKBACK) : i] + resolver.resolved[max(0, j - _LOOKBACK) : j]
    )
    window.sort(key=lambda m: m.start)
    for m in reversed(window):
        if predicate(m):
            return m
    return None


_MENTION = st.tuples(st.integers(0, 30), st.sampled_from(SOURCE_KINDS))


@given(
    mentions=st.lists(_MENTION, max_size=80),
    resolved=st.lists(_MENTION, max_size=80),
    limit=st.integers(0, 35),
    kind=st.sampled_from(SOURCE_KINDS),
)
@settings(max_examples=300, deadline=None)
def test_attribution_recent_matches_sorted_window(mentions, resolved, limit, kind):
    from credence.features.attribution import SourceMention, _Resolver

    def build(rows, tag):
        return [
            SourceMention(start, start + 1, "x", f"{tag}{n}", k)
            for n, (start, k) in enumerate(sorted(rows, key=lambda r: r[0]))
        ]

    resolver = _Resolver(load_lexicon(), build(mentions, "m"))
    resolver.resolved = build(resolved, "r")
    resolver.resolved_starts = [m.start for m in resolver.resolved]
    resolver.limit = limit
    predicate = lambda m: m.kind == kind  # noqa: E731
    assert resolver._recent(predicate) is _recent_reference(resolver, predicate)


def test_attribution_acronym_alias_after_the_stays_an_acronym():
    # "the WHO" in the alias table shares its key with "WHO": the pronoun "who" is neither.
    lex = load_lexicon()
    assert lex.lookup_key("who", ["who"]) is None
    assert lex.lookup_key("who", ["WHO"]) == ("World Health Organization", "official")
    assert lex.lookup_key("sbu", ["the", "SBU"]) is not None
