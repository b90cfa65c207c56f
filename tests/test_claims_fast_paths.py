"""Claim detection's fast paths (look-aheads, the embed test, caches) answer as the rules do."""

import re
from re import _constants as sre
from re import _parser as sre_parse

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from credence.scoring import claims

# (pattern as gated in claims.py, the look-ahead class it was given)
GATED = ["_ATTRIBUTION", "_QUANTITY", "_DATE", "_EVALUATIVE"]
_LOOKAHEAD = re.compile(r"^\(\?=\[(?P<first>[^\]]+)\]\)\(\?:(?P<inner>.*)\)$", re.DOTALL)


_SPACES = [(sre.IN, [(sre.CATEGORY, sre.CATEGORY_SPACE)])]


def _first_chars(items, stripped: bool = False) -> tuple[set[str], bool]:
    r"""Characters a parsed pattern can start with, and whether it can match empty.

    ``stripped``: in a text that opens with no whitespace, where a ``\s*`` matches nothing.
    """
    out: set[str] = set()
    for op, av in items:
        if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
            continue
        if stripped and op is sre.MAX_REPEAT and av[0] == 0 and list(av[2]) == _SPACES:
            continue
        if op is sre.SUBPATTERN:
            first, empty = _first_chars(av[3], stripped)
        elif op is sre.BRANCH:
            alternatives = [_first_chars(alt, stripped) for alt in av[1]]
            first = set().union(*(f for f, _ in alternatives))
            empty = any(e for _, e in alternatives)
        elif op is sre.LITERAL:
            first, empty = {chr(av)}, False
        elif op is sre.IN:
            first, empty = set(), False
            for kind, value in av:
                if kind is sre.LITERAL:
                    first.add(chr(value))
                elif kind is sre.RANGE:
                    first |= {chr(c) for c in range(value[0], value[1] + 1)}
                elif kind is sre.CATEGORY and value is sre.CATEGORY_DIGIT:
                    first.add("<digit>")
                else:
                    raise AssertionError(f"unexpected set item {kind} in the pattern")
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            first, empty = _first_chars(av[2], stripped)
            empty = empty or av[0] == 0
        else:
            raise AssertionError(f"unexpected opcode {op} at the start of the pattern")
        out |= first
        if not empty:
            return out, False
    return out, True


@pytest.mark.parametrize("name", GATED)
def test_claims_lookahead_holds_every_first_character(name):
    pattern = getattr(claims, name)
    parts = _LOOKAHEAD.match(pattern.pattern)
    assert parts, f"{name} is not gated by a look-ahead"
    allowed = set(re.sub(r"\\d", "", parts["first"]))
    if r"\d" in parts["first"]:
        allowed.add("<digit>")
    first, can_be_empty = _first_chars(sre_parse.parse(parts["inner"], pattern.flags))
    assert not can_be_empty
    if pattern.flags & re.IGNORECASE:
        first = {c.lower() for c in first}
        allowed = {c.lower() for c in allowed}
    assert first <= allowed, sorted(first - allowed)


@pytest.mark.parametrize(
    "text",
    [
        "Officials said 12 people were killed on Monday.",
        "ACCORDING TO the ministry, dozens were hurt in 2019.",
        "It is a disgrace, and it is time to act.",
        "Nobody knows what happened last week.",
    ],
)
def test_claims_lookahead_finds_what_the_plain_pattern_finds(text):
    for name in GATED:
        gated = getattr(claims, name)
        plain = re.compile(_LOOKAHEAD.match(gated.pattern)["inner"], gated.flags)
        assert bool(gated.search(text)) == bool(plain.search(text)), name


@pytest.mark.parametrize(
    "text",
    [
        "pic.twitter.com/abc123",
        "See https://t.co/xyz for more",
        "— Jane Doe (@jdoe) February 17, 2025",
        "A post shared by Some Account",
        "  view this post on instagram",
        "Officials said a post shared by the ministry was false.",
        "Troops crossed the border on Monday.",
        "",
    ],
)
def test_claims_embed_test_agrees_with_a_full_search(text):
    assert claims._is_embed(text) == bool(claims._EMBED.search(text))


def test_claims_words_are_read_only_tuples():
    # One clause's words and verbs are handed to every rule: they must not be mutable.
    clause = claims._ClauseWords("Floods killed 12 people.")
    assert clause.words == ("Floods", "killed", "12", "people")
    assert clause.finite_verbs == ("killed",)
    assert clause.event_verbs == ("killed",)
    assert clause.words is clause.words


def test_claims_module_keeps_no_cache():
    # Issue 13 item 3: no module-level cache outside a loaded model; per-clause results live
    # in the clause's _ClauseWords and go with it.
    cached = [name for name, value in vars(claims).items() if hasattr(value, "cache_info")]
    assert cached == []


@pytest.mark.parametrize(
    ("text", "verbs"),
    [
        ("The injured were taken to hospital.", ["were"]),
        ("Officials said the wounded soldiers returned.", ["said", "returned"]),
        ("A hundred people stood in the red tent.", ["stood"]),
        ("Rescuers found 12 survivors and pulled them out.", ["found", "pulled"]),
    ],
)
def test_claims_finite_verbs_skip_adjectives_after_determiners(text, verbs):
    assert claims.finite_verbs(text) == verbs


def test_claims_model_cues_keep_no_module_cache_and_match_one_by_one():
    # The check-worthiness cues computed for many sentences at once (one numpy call for the
    # length column) are those of each sentence alone, and no module-level cache holds them.
    import numpy as np

    from credence.models import checkworthiness

    cached = [n for n, v in vars(checkworthiness).items() if hasattr(v, "cache_info")]
    assert cached == []
    texts = ["We paid 3 million dollars?", "Troops crossed the border.", "", "I think so."]
    together = checkworthiness.LinguisticCues().fit(texts).transform(texts)
    alone = np.asarray([checkworthiness.cue_vector(t) for t in texts])
    assert together.shape == (4, len(checkworthiness.LinguisticCues.cue_names))
    assert (together == alone).all()
    assert together[2, -1] == 0.0 and together[0, -1] > 0.0


@pytest.mark.parametrize(
    "name", ["_CREDIT", "_BOILERPLATE", "_IMPERATIVE", "_UNKNOWN", "_OPINION_FRAME"]
)
def test_claim_rules_tried_at_the_start_only_are_anchored_there(name: str) -> None:
    # claims.py calls .match on these instead of .search: the same answer only while every
    # alternative opens with "^" and "^" means the start of the clause (no MULTILINE).
    pattern = getattr(claims, name)
    assert not pattern.flags & re.MULTILINE
    items = list(sre_parse.parse(pattern.pattern, pattern.flags))
    branches = items[0][1][1] if len(items) == 1 and items[0][0] is sre.BRANCH else [items]
    for branch in branches:
        assert list(branch)[0] == (sre.AT, sre.AT_BEGINNING), (name, branch)


@pytest.mark.parametrize(
    "text",
    [
        "Protesters gathered outside (AP Photo/Jane Doe)",
        "A crowd at the rally. AP Photo/John Smith",
        "The mayor spoke (Reuters/photo: staff)",
        "The mayor spoke (in the rain) on Monday.",
        "No credit here at all",
    ],
)
def test_claim_credit_tail_gate_answers_as_the_pattern(text: str) -> None:
    assert claims._credit_tail(text) == bool(claims._CREDIT_TAIL.search(text))


@pytest.mark.parametrize(
    "text",
    [
        "Subscribe to our newsletter",
        "  Read more: the full story",
        "Jane Doe and John Roe contributed to this report.",
        "JANE DOE CONTRIBUTED THIS STORY",
        "Staff writer Lee Chan contributed to this article from Seoul.",
        "Officials contributed money to the fund.",
        "The Associated Press contributed.",
        "x" * 81 + " contributed to this report",
        "\u0130stanbul bureau contributed to this report",
        "The K\u212aelvin office contributed to this report",
        "Troops crossed the border on Monday.",
        "",
    ],
)
def test_claim_boilerplate_gate_answers_as_the_pattern(text: str) -> None:
    # _is_boilerplate tries the reading-in "contributed" alternative only when the word is
    # there: the same answer as the whole pattern, on clauses with and without case traps.
    clause = claims._ClauseWords(text)
    assert claims._is_boilerplate(clause) == bool(claims._BOILERPLATE.match(text))


_SPLIT_PIECES = [*'ab ;,\t\n"“”', "but", "while", "whereas", "said", "troops crossed the", "We"]


@given(st.lists(st.sampled_from(_SPLIT_PIECES), max_size=30).map("".join))
@settings(max_examples=300, deadline=None)
def test_claims_split_shortcut_answers_as_the_connector_search(text):
    # split_clauses skips the connector search when the text holds no ";" and no comma with
    # "but", "while" or "whereas": the same clauses as searching.
    assert claims.split_clauses(text) == claims._split_at_connectors(text)


@pytest.mark.parametrize(
    "text",
    [
        "The dam burst on Monday; rescuers found 12 survivors in the river.",
        "Officials said the toll rose, but rescuers found 12 more survivors alive.",
        "Officials said the toll rose, whereas rescuers found 12 more survivors alive.",
        "The toll rose while rescuers searched the river for survivors all night.",
        "",
        "  ",
    ],
)
def test_claims_split_shortcut_written_examples(text):
    assert claims.split_clauses(text) == claims._split_at_connectors(text)


# (an _Opening of claims.py, the alternatives of its pattern it stands for, as a pattern)
OPENINGS = [
    ("_CREDIT_OPENING", None),
    ("_BOILERPLATE_OPENING", None),
    ("_IMPERATIVE_OPENING", None),
    ("_UNKNOWN_OPENING", None),
    ("_OPINION_FRAME_OPENING", None),
    ("_QUOTE_OPENING", None),
    # _is_embed matches only on clauses without "/" and "(@": the alternatives needing neither.
    ("_EMBED_OPENING", r"^\s*A post shared by\b|^\s*View this post on Instagram"),
]


@pytest.mark.parametrize(("name", "source"), OPENINGS)
def test_claims_opening_holds_every_first_character(name, source):
    opening = getattr(claims, name)
    pattern = opening.pattern
    if source is not None:
        assert source in pattern.pattern
    parsed = sre_parse.parse(source or pattern.pattern, pattern.flags)
    first, can_be_empty = _first_chars(parsed, stripped=True)
    assert not can_be_empty
    if pattern.flags & re.IGNORECASE:
        first = {c.lower() for c in first}
    assert first <= set(opening.first), sorted(first - set(opening.first))


_OPENING_TEXTS = [
    "Via Associated Press",
    "(Reuters) - Troops crossed the border.",
    "© 2024 All rights reserved",
    "Subscribe to our newsletter",
    "Click here to read more.",
    "It was not immediately clear who fired.",
    "I think it is a disgrace.",
    "We believe the deal is good.",
    '"We will never surrender," the mayor said.',
    "“No comment,” he said.",
    "A post shared by Someone",
    "View this post on Instagram",
    "The army said 12 soldiers died.",
    "  Click here",
    "\u212aelvin said so",
    "\u017fubscribe now",
    "",
    "5 things to know",
]


@pytest.mark.parametrize("text", _OPENING_TEXTS)
@pytest.mark.parametrize("name", [name for name, _ in OPENINGS])
def test_claims_opening_answers_as_its_pattern(name, text):
    opening = getattr(claims, name)
    assert bool(opening.match(text)) == bool(opening.pattern.match(text))


@given(st.text(max_size=20))
@settings(max_examples=300, deadline=None)
def test_claims_openings_answer_as_their_patterns_on_any_text(text):
    for name, _ in OPENINGS:
        opening = getattr(claims, name)
        expected = opening.pattern.match(text)
        got = opening.match(text)
        assert (got and got.span()) == (expected and expected.span())
