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


# --- one person = one origin across articles (issue 15, names table) ----------------------

P = "person"


@pytest.mark.parametrize(
    ("origins", "expected"),
    [
        ([("Cole Cosgrove", P), ("Cosgrove", P)], ["Cole Cosgrove", "Cole Cosgrove"]),
        ([("Comey", P), ("James Comey", P)], ["James Comey", "James Comey"]),
        # Two people share the surname: the surname alone stays apart.
        (
            [("Jane Smith", P), ("John Smith", P), ("Smith", P)],
            ["Jane Smith", "John Smith", "Smith"],
        ),
        # Middle initials do not make two people; the most frequent spelling names them.
        (
            [("James B. Comey", P), ("James Comey", P), ("James Comey", P), ("Comey", P)],
            ["James Comey", "James Comey", "James Comey", "James Comey"],
        ),
        # No full name in the set: nothing to merge with.
        ([("Cosgrove", P), ("Reed", P)], ["Cosgrove", "Reed"]),
        # Only people merge: an outlet or body that shares a word is another origin.
        ([("Ford", "official"), ("Harriet Ford", P)], ["Ford", "Harriet Ford"]),
        ([("Harriet Ford", P), ("Ford", "official")], ["Harriet Ford", "Ford"]),
        # Different first names with one surname each: no merge between full names.
        ([("Anna Berg", P), ("Lars Berg", P)], ["Anna Berg", "Lars Berg"]),
        # A coordinated name is two people: never the full name a surname merges into.
        (
            [("Elijah Cummings and John Conyers", P), ("Conyers", P)],
            ["Elijah Cummings and John Conyers", "Conyers"],
        ),
        # Unrelated surnames stay apart; the merged one takes the full name.
        (
            [("Marta Lindqvist", P), ("Lindqvist", P), ("Okafor", P)],
            ["Marta Lindqvist", "Marta Lindqvist", "Okafor"],
        ),
        # Anonymous origins are kept per outlet, untouched.
        (
            [("officials (Gazette)", "anonymous"), ("Cole Cosgrove", P)],
            ["officials (Gazette)", "Cole Cosgrove"],
        ),
    ],
)
def test_independence_same_person_origins(origins, expected):
    from credence.scoring.independence import Origin, same_person_origins

    out = same_person_origins([Origin(name, kind) for name, kind in origins])
    assert [o.name for o in out] == expected
    assert [o.kind for o in out] == [kind for _, kind in origins]


def test_independence_same_person_origins_renames_chain_links():
    from credence.scoring.independence import Origin, same_person_origins

    out = same_person_origins(
        [Origin("Cosgrove", P, ("Valley Post", "Cosgrove")), Origin("Cole Cosgrove", P)]
    )
    assert out[0] == Origin("Cole Cosgrove", P, ("Valley Post", "Cole Cosgrove"))


# Written for credence: three outlets quote one farmer and one official, by full name, by
# surname, and by title + name.
_PEOPLE_ARTICLES = [
    (
        "river-news",
        "Cole Cosgrove said the river rose two metres overnight near the mill. FBI Director "
        "James Comey said the bureau had opened an inquiry into the dam operator.",
    ),
    (
        "valley-post",
        "Cosgrove said the river rose two metres overnight and flooded his barn. Comey said "
        "agents were interviewing the dam operator's staff.",
    ),
    (
        "county-herald",
        "Local farmer Cole Cosgrove told reporters that the water had reached the mill by dawn.",
    ),
]


@pytest.fixture(scope="module")
def people_report():
    from credence import Scorer
    from credence.document import Article
    from credence.errors import ModelError

    try:
        scorer = Scorer.load()
    except ModelError as exc:
        pytest.skip(f"default models not available: {exc}")
    articles = [Article(id=i, text=t, outlet=i) for i, t in _PEOPLE_ARTICLES]
    return scorer.score(articles)


def test_independence_one_person_one_origin_across_articles(people_report):
    origins = {(c.article_id, c.origin) for c in people_report.claims}
    by_article: dict[str, set[str]] = {}
    for article, origin in origins:
        by_article.setdefault(article, set()).add(origin)
    assert "Cole Cosgrove" in by_article["valley-post"], by_article
    assert "James Comey" in by_article["valley-post"], by_article
    assert not {"Cosgrove", "Comey", "FBI"} & set().union(*by_article.values()), by_article
    names = {s.name for s in people_report.sources}
    assert {"Cole Cosgrove", "James Comey"} <= names
    assert not {"Cosgrove", "Comey"} & names


def test_independence_vague_source_is_not_resolved_through_a_place():
    # "Recent skirmishes around the Kursk region find …": the region is not "Ukrainian special
    # forces in the region", whose phrase merely ends with the same word.
    vague = _mention("the Kursk region", "kursk region", "anonymous")
    forces = NS(
        source=_mention("Ukrainian special forces in the region", "Ukrainian forces", "official")
    )
    origin = claim_origin(_analysis([_chain([vague], vague, 0, 50)], [forces]), 5, 20)
    assert origin.name == "kursk region (daily.example)"
