"""``credence extract`` lists, for each chain, the claims it covers or that are traced to it.

The report compares each claim with the chains near it only; these tests check it against
the plain reading (every claim against every chain) on random layouts, nested and
overlapping chains, anonymous origins and "reports" ends included.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from credence.document import Claim
from credence.features.attribution import SourceMention
from credence.features.chains import Chain, traced_chain
from credence.scoring.report import _claims_of_chains

_NAMED = SourceMention(0, 7, "Reuters", "Reuters", "outlet")
_REPORTS = SourceMention(0, 7, "reports", "reports", "anonymous")


def _every_pair(chains: list[Chain], claims: list[Claim]) -> list[tuple[str, ...]]:
    traced = {c.id: traced_chain(chains, c.start, c.end) for c in claims}
    return [
        tuple(c.id for c in claims if chain.covers(c.start, c.end) or traced[c.id] is chain)
        for chain in chains
    ]


_interval = st.tuples(st.integers(0, 300), st.integers(0, 120)).map(lambda p: (p[0], p[0] + p[1]))


@st.composite
def _layouts(draw: st.DrawFn) -> tuple[list[Chain], list[Claim]]:
    chains = [
        Chain((link,), link if link is _NAMED else None, start, end)
        for (start, end), link in draw(
            st.lists(st.tuples(_interval, st.sampled_from([_NAMED, _REPORTS])), max_size=12)
        )
    ]
    claims = [
        Claim(id=f"a:c{n}", article_id="a", sentence=n, start=start, end=end, text="x")
        for n, (start, end) in enumerate(draw(st.lists(_interval, max_size=12)))
    ]
    return chains, claims


@settings(max_examples=300, deadline=None)
@given(_layouts())
def test_report_chain_claims_match_every_pair(layout: tuple[list[Chain], list[Claim]]) -> None:
    chains, claims = layout
    found = [tuple(ids) for ids in _claims_of_chains(chains, claims)]
    assert found == _every_pair(chains, claims)


def test_report_chain_claims_nested_chains() -> None:
    outer = Chain((_NAMED,), _NAMED, 0, 200)
    inner = Chain((_NAMED,), _NAMED, 50, 90)
    claims = [
        Claim(id="a:c0", article_id="a", sentence=0, start=10, end=40, text="x"),
        Claim(id="a:c1", article_id="a", sentence=1, start=55, end=85, text="x"),
        Claim(id="a:c2", article_id="a", sentence=2, start=300, end=340, text="x"),
    ]
    found = [tuple(ids) for ids in _claims_of_chains([outer, inner], claims)]
    assert found == [("a:c0", "a:c1"), ("a:c1",)]


def test_report_chain_claims_chain_opening_just_after_a_short_claim() -> None:
    # traced_chain gives a claim no chain covers to one opening up to 2 characters in.
    opening = Chain((_NAMED,), _NAMED, 12, 30)
    claim = Claim(id="a:c0", article_id="a", sentence=0, start=10, end=11, text="x")
    assert traced_chain([opening], 10, 11) is opening
    assert _claims_of_chains([opening], [claim]) == [["a:c0"]]


def test_report_chain_dict_same_as_the_copy_with_claims() -> None:
    from credence.scoring.report import _with_claim_ids

    chain = Chain((_NAMED, _REPORTS), None, 0, 40, reason="same assertion elsewhere")
    written = _with_claim_ids(chain, ["a:c0", "a:c3"])
    expected = chain.with_claims(["a:c0", "a:c3"]).to_dict()
    assert list(written.items()) == list(expected.items())  # keys in the same order
