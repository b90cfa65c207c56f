from types import SimpleNamespace as NS

import pytest

from credence.scoring.independence import (
    MinHasher,
    claim_origin,
    independent_groups,
    jaccard,
    near_duplicate_groups,
    shingles,
)

PARAGRAPH = (
    "Seoul's spy agency told lawmakers that Pyongyang had sent another battalion of soldiers "
    "to the front in the last two weeks, without giving a number."
)


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        ([PARAGRAPH, PARAGRAPH], [0, 0]),
        ([PARAGRAPH, PARAGRAPH.replace("two weeks", "fortnight")], [0, 0]),
        ([PARAGRAPH, "The harvest was poor this autumn across the northern provinces."], [0, 1]),
        (["", ""], [0, 1]),
        (["short", PARAGRAPH, "short"], [0, 1, 0]),
    ],
)
def test_independence_near_duplicate_groups(texts, expected):
    assert near_duplicate_groups(texts) == expected


def test_independence_jaccard_bounds():
    a = shingles(PARAGRAPH)
    assert jaccard(a, a) == 1.0
    assert jaccard(a, frozenset()) == 0.0


def test_independence_minhash_rejects_bad_bands():
    with pytest.raises(ValueError, match="bands"):
        MinHasher(bands=0)


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        ([("NIS", ()), ("NIS", ()), ("Kyiv", ())], [0, 0, 2]),
        ([("A", ("p1",)), ("B", ("p1",)), ("C", ())], [0, 0, 2]),
        ([("A", ()), ("B", ("p",)), ("C", ("p",)), ("A", ())], [0, 1, 1, 0]),
    ],
)
def test_independence_groups(keys, expected):
    assert independent_groups(keys) == expected


def _mention(text, canonical, kind):
    return NS(text=text, canonical=canonical, kind=kind)


def _chain(links, origin, start, end):
    return NS(
        links=tuple(links),
        origin=origin,
        start=start,
        end=end,
        covers=lambda s, e: start <= s and e <= end,
    )


def _analysis(chains, attributions=()):
    return NS(
        article=NS(id="a1", outlet="daily.example"),
        chains=tuple(chains),
        attributions=tuple(attributions),
    )


def test_independence_origin_of_unattributed_text_is_outlet():
    origin = claim_origin(_analysis([]), 0, 10)
    assert (origin.name, origin.kind) == ("daily.example", "outlet")


def test_independence_origin_follows_chain_to_origin():
    nis = _mention("the spy agency", "NIS", "official")
    paper = _mention("the Post", "Washington Post", "outlet")
    origin = claim_origin(_analysis([_chain([paper, nis], nis, 0, 50)]), 5, 20)
    assert origin.name == "NIS" and origin.chain == ("Washington Post", "NIS")


def test_independence_anonymous_origins_stay_per_outlet_unless_resolvable():
    anon = _mention("officials", "anonymous officials", "anonymous")
    origin = claim_origin(_analysis([_chain([anon], anon, 0, 50)]), 5, 20)
    assert origin.name == "anonymous officials (daily.example)"
    vague = _mention("recent intelligence", "recent intelligence", "anonymous")
    named = NS(source=_mention("South Korean intelligence", "NIS", "official"))
    resolved = claim_origin(_analysis([_chain([vague], vague, 0, 50)], [named]), 5, 20)
    assert resolved.name == "NIS"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "South Korea's intelligence agency said more troops were sent. South Korean military "
            "sources estimate that at least 1,000 soldiers have arrived.",
            "National Intelligence Service (South Korea)",
        ),
        (
            "Ukrainian President Volodymyr Zelensky acknowledged the return of the troops, and "
            "while early intelligence suggested weaknesses, experts caution against it.",
            "Volodymyr Zelensky",
        ),
    ],
)
def test_independence_origin_resolves_roles_and_main_clause(text, expected):
    from credence.document import Article
    from credence.scoring.engine import analyze
    from credence.scoring.independence import claim_origin

    analysis = analyze(Article(id="a", text=text, outlet="Example"))
    claim = next(c for c in analysis.claims if "arrived" in c.text or "Zelensky" in c.text)
    assert claim_origin(analysis, claim.start, claim.end).name == expected


def test_independence_near_duplicate_groups_large_bucket_joins_copies():
    # More than 16 copies share every bucket: each is checked against the first only.
    copies = [PARAGRAPH] * 20 + ["Unrelated words about the harvest in the north."] + [PARAGRAPH]
    assert near_duplicate_groups(copies) == [0] * 20 + [20, 0]
