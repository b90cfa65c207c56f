from __future__ import annotations

import re
from pathlib import Path

import pytest

from credence.features.attribution import AttributionExtractor, SourceMention
from credence.features.chains import UNATTRIBUTED, Chain, build_chains, chain_for


@pytest.fixture(scope="module")
def extractor() -> AttributionExtractor:
    return AttributionExtractor()


def _chains(extractor, text):
    return build_chains(text, extractor.extract(text))


def _for(chains, text, piece):
    i = text.index(piece)
    return chain_for(chains, i, i + len(piece))


def _names(chain):
    return [m.canonical for m in chain.links]


NESTED = (
    'Reuters reported on Friday: "The Kyiv Independent had reported that two bridges '
    'collapsed near the border," the agency said.'
)
GOVERNED = (
    "Finnish police are making the claims, saying the cable was cut by an anchor. "
    "Some reports say the ship left port at dawn.\n"
    "Finnish police also said the crew was detained. Local media reported that the cable "
    "was repaired.\n"
    "The weather stayed calm. Some reports say the ship was old."
)
# Asked for comment is no attribution: the FBI is not where the relayed report comes from.
SOUGHT_COMMENT = (
    'The Guardian cites the following: "Earlier, the Daily Mail had reported that the '
    'wall fell." "The FBI declined to comment on Friday."\n'
    "The FBI said the suspect fled."
)
# The same assertion, with consistent numbers, attributed to a named body elsewhere.
SAME_ASSERTION = (
    'The Guardian cites the following: "Earlier, the Daily Mail had reported that 200 to 400 '
    'more police officers were sent to the border," the paper says.\n'
    "The Home Office said at least 200 more police officers were sent to the border."
)
INCONSISTENT_NUMBERS = SAME_ASSERTION.replace("at least 200", "exactly 90")


@pytest.mark.parametrize(
    ("text", "piece", "links", "origin"),
    [
        (NESTED, "two bridges collapsed", ["Reuters", "Kyiv Independent"], "Kyiv Independent"),
        (GOVERNED, "the cable was cut by an anchor", ["Finnish police"], "Finnish police"),
        (GOVERNED, "the ship left port at dawn", ["reports", "Finnish police"], "Finnish police"),
        (GOVERNED, "the crew was detained", ["Finnish police"], "Finnish police"),
        (GOVERNED, "the ship was old", ["reports"], None),
        (SOUGHT_COMMENT, "the wall fell", ["The Guardian", "Daily Mail"], "Daily Mail"),
        (
            SAME_ASSERTION,
            "200 to 400 more police officers were sent",
            ["The Guardian", "Daily Mail", "Home Office"],
            "Home Office",
        ),
        (
            INCONSISTENT_NUMBERS,
            "200 to 400 more police officers were sent",
            ["The Guardian", "Daily Mail"],
            "Daily Mail",
        ),
    ],
)
def test_chains_heuristics(extractor, text, piece, links, origin):
    chains = _chains(extractor, text)
    chain = _for(chains, text, piece)
    assert chain is not None
    assert [n.lower() for n in _names(chain)] == [n.lower() for n in links]
    assert (chain.origin.canonical if chain.origin else None) == origin


# Written for credence (made-up articles): governed passages whatever words the tagger puts in
# the cue span ("is making the allegations" or only "saying"), relays whose content the same
# sentence attributes to a named source ("reports indicate that P, according to X"), and
# asides ("…, with some reports saying 60 - though …") that run to the end of their sentence
# and stay anonymous inside a governed paragraph.
CHAIN_CASES = [
    (
        "The Coast Guard is making the allegations, saying the tanker dumped oil at night. "
        "Some reports say the crew fled.\nThe weather cleared.",
        "the crew fled",
        ["reports", "Coast Guard"],
        "Coast Guard",
    ),
    (
        "The Transport Workers Union made the accusation, saying managers hid the accident. "
        "Several workers said the alarm never sounded.",
        "the alarm never sounded",
        ["workers", "Transport Workers Union"],
        "Transport Workers Union",
    ),
    (
        "Prosecutors are making the case that the fund was a sham. Some reports say the money "
        "went abroad.",
        "the money went abroad",
        ["reports", "Prosecutors"],
        "Prosecutors",
    ),
    (
        "The Health Agency made these claims, saying the outbreak began in May. Some doctors "
        "said the first cases came earlier.",
        "the first cases came earlier",
        ["doctors", "Health Agency"],
        "Health Agency",
    ),
    (
        "The Interior Ministry is making the claims, saying 300 arrests were made. Witnesses say "
        "the police fired tear gas.\nThe Interior Ministry also said the curfew would end. Some "
        "residents said the streets were empty.",
        "the streets were empty",
        ["residents", "Interior Ministry"],
        "Interior Ministry",
    ),
    (
        "According to the Fire Brigade, the blaze started in the kitchen. Some neighbours said "
        "smoke filled the stairwell.",
        "smoke filled the stairwell",
        ["neighbours", "Fire Brigade"],
        "Fire Brigade",
    ),
    # Not governed: the named source speaks after the anonymous one.
    (
        "Some reports say the ship left port at dawn. Finnish police said the cable was cut.",
        "the ship left port at dawn",
        ["reports"],
        None,
    ),
    (
        "Reports indicate that the dam was breached on Monday, according to the Regional Water "
        "Board.",
        "the dam was breached on Monday",
        ["reports", "Regional Water Board"],
        "Regional Water Board",
    ),
    (
        "Local media reported that two ferries were cancelled, according to the Port Authority.",
        "two ferries were cancelled",
        ["local media", "Port Authority"],
        "Port Authority",
    ),
    (
        "Some reports say the vote was delayed, according to Senator Maria Okafor.",
        "the vote was delayed",
        ["reports", "Maria Okafor"],
        "Maria Okafor",
    ),
    (
        "Reuters reported that the plant was closed, according to the Labour Ministry.",
        "the plant was closed",
        ["Reuters", "Labour Ministry"],
        "Labour Ministry",
    ),
    (
        "Sources said the deal was signed on Friday, according to Governor Ana Ruiz.",
        "the deal was signed on Friday",
        ["sources", "Ana Ruiz"],
        "Ana Ruiz",
    ),
    (
        "The ministry said 40 people were evacuated, with some local reports saying 60 - though "
        "no list was published.",
        "60 - though no list was published",
        ["local reports"],
        None,
    ),
    (
        "Officials at the Port Authority are making the claims, saying 12 ships were held, with "
        "some reports saying 20 - though the number is disputed.",
        "20 - though the number is disputed",
        ["reports"],
        None,
    ),
    (
        "Officials said 30 homes were lost, with some residents saying 50 - though no survey "
        "has been done.",
        "50 - though no survey has been done",
        ["residents"],
        None,
    ),
    # Two relations whose contents each hold the other's cue: no cycle in the chain.
    (
        "The mayor resigned after the audit found gaps in the budget, local media reported.",
        "The mayor resigned",
        ["local media"],
        None,
    ),
]


@pytest.mark.parametrize(("text", "piece", "links", "origin"), CHAIN_CASES)
def test_chains_written_cases(extractor, text, piece, links, origin):
    chain = _for(_chains(extractor, text), text, piece)
    assert chain is not None
    assert [n.lower() for n in _names(chain)] == [n.lower() for n in links]
    assert (chain.origin.canonical if chain.origin else None) == origin


def test_chains_same_content_reason_names_the_source(extractor):
    text = CHAIN_CASES[7][0]
    chain = _for(_chains(extractor, text), text, "the dam was breached")
    assert (
        chain.reason
        == "the same content is 'according to the Regional Water Board' in its sentence"
    )


def test_chains_never_cycle(extractor):
    text = CHAIN_CASES[-1][0]
    for chain in _chains(extractor, text):
        names = _names(chain)
        assert len(names) == len(set(names)), names


def test_chains_same_assertion_reason_is_explained(extractor):
    chain = _for(_chains(extractor, SAME_ASSERTION), SAME_ASSERTION, "200 to 400 more police")
    assert chain.reason.startswith("same assertion with consistent numbers (200 to 400 / 200 or")
    assert "as attributed to Home Office" in chain.explanation
    assert chain.to_dict()["reason"] == chain.reason


def test_chains_unattributed_claim(extractor):
    text = "Reuters reported that the port closed.\nThe river rose two metres overnight."
    chains = _chains(extractor, text)
    assert _for(chains, text, "The river rose two metres overnight") is None
    assert UNATTRIBUTED == "unattributed"


def test_chains_empty_input():
    assert build_chains("No sources here.", []) == []
    assert chain_for([], 0, 5) is None


def test_chains_to_dict_and_with_claims():
    m = SourceMention(0, 7, "Reuters", "Reuters", "outlet")
    chain = Chain((m,), m, 0, 40)
    copy = chain.with_claims(["c1", "c2"])
    assert chain.claim_ids == () and copy.claim_ids == ("c1", "c2")
    d = copy.to_dict()
    assert set(d) == {"links", "origin", "start", "end", "claim_ids"}
    assert d["links"] == [
        {"canonical": "Reuters", "kind": "outlet", "text": "Reuters", "start": 0, "end": 7}
    ]
    assert d["origin"]["canonical"] == "Reuters" and d["claim_ids"] == ["c1", "c2"]
    assert Chain((m,), None, 0, 40).to_dict()["origin"] is None
    assert "Reuters" in chain.explanation


@pytest.mark.parametrize(
    ("span", "expected"), [((10, 30), True), ((30, 60), False), ((35, 45), True), ((50, 60), False)]
)
def test_chains_covers(span, expected):
    m = SourceMention(0, 7, "Reuters", "Reuters", "outlet")
    assert Chain((m,), m, 0, 40).covers(*span) is expected


def test_chains_deep_nesting_is_capped(extractor):
    text = " ".join(["Reuters said that the AP said that"] * 2000) + " the port closed."
    chains = _chains(extractor, text)
    assert chains and max(len(c.links) for c in chains) <= 8


# --- the seed articles -------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_chains(seeds_dir, extractor):
    out = {}
    for path in sorted(seeds_dir.glob("*.txt")):
        text = re.sub(r"^\s*date \d{4}-\d{2}-\d{2}\s*", "", path.read_text(encoding="utf-8"))
        out[Path(path).name] = (text, _chains(extractor, text))
    return out


def _seed_for(seed_chains, piece):
    for text, chains in seed_chains.values():
        if piece in text:
            return _for(chains, text, piece)
    raise AssertionError(f"{piece!r} not in the seeds")


@pytest.mark.parametrize(
    ("piece", "links_contain", "origin", "origin_kinds"),
    [
        (
            "1,000 to 3,000 additional North Korean troops had been deployed",
            ["The Washington Post", "JoongAng Ilbo"],
            "National Intelligence Service (South Korea)",
            ("official",),
        ),
        (
            "one of the captured North Koreans expressed interest in defecting",
            ["The Washington Post", "Chosun Ilbo"],
            "Chosun Ilbo",
            ("outlet",),
        ),
        ("64% of Kursk", [], "Russian Ministry of Defence", ("official",)),
        (
            "at least 1,000 more North Korean troops have sent",
            [],
            "National Intelligence Service (South Korea)",
            ("official",),
        ),
        (
            "at least an additional 1,000 soldiers have arrived",
            [],
            "South Korean military (sources)",
            ("role",),
        ),
        ("the return of North Korean troops", [], "Volodymyr Zelensky", ("person",)),
        (
            "North Korean troops had been redeployed to the Kursk frontline in early February",
            [],
            "Ukrainian special forces",
            ("role", "official"),
        ),
        (
            "other North Korean troops have been re-deployed",
            [],
            "National Intelligence Service (South Korea)",
            ("official",),
        ),
    ],
)
def test_chains_seed_origins(seed_chains, piece, links_contain, origin, origin_kinds):
    chain = _seed_for(seed_chains, piece)
    assert chain is not None
    names = _names(chain)
    for name in links_contain:
        assert name in names, names
    if links_contain:
        assert names.index(links_contain[0]) < names.index(links_contain[-1])
    assert chain.origin is not None and chain.origin.canonical == origin
    assert chain.origin.kind in origin_kinds
    assert chain.links[-1] == chain.origin


def test_chains_seed_associated_press_credit(seed_chains):
    text, chains = next(v for v in seed_chains.values() if "Via Associated Press" in v[0])
    ap = [c for c in chains if c.links[0].canonical == "Associated Press"]
    assert ap and any(c.start == 0 for c in ap)


def test_chains_seed_regional_reports_are_anonymous_aside(seed_chains):
    chain = _seed_for(seed_chains, "3,000 - though the exact number is unknown")
    assert chain is not None and chain.links[-1].kind == "anonymous"
    assert chain.origin is None


def test_chains_seed_relay_reaches_the_whole_quoted_claim(seed_chains):
    # The claim a reader sees is the whole quoted sentence with "the newspaper says": its chain
    # runs through JoongAng Ilbo to the NIS, with the reason the NIS is the origin.
    piece = (
        "Earlier on Thursday, South Korean newspaper JoongAng Ilbo had reported that 1,000 to "
        '3,000 additional North Korean troops had been deployed," the newspaper says'
    )
    chain = _seed_for(seed_chains, piece)
    assert _names(chain) == [
        "The Washington Post",
        "JoongAng Ilbo",
        "National Intelligence Service (South Korea)",
    ]
    assert "consistent numbers (1,000 to 3,000 / 1,000 or more)" in chain.reason


def test_chains_seed_sought_comment_is_no_attribution(seed_chains):
    piece = "The NIS press office did not answer its phone line for comment"
    chain = _seed_for(seed_chains, piece)
    assert chain is None or "National Intelligence Service (South Korea)" not in _names(chain)
