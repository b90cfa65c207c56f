"""Memory of the cross-article stage: what the pair rules keep of each claim (issue 14 item 7).

The rules read on claim pairs (names, content words, predicates) are cached per claim; for
every claim of 10,000 articles those caches were the peak of ``credence score``. They keep
words as tuples drawn from one vocabulary and drop a claim's entries after its last pair.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from credence.scoring.evidence import _PairRules


def _row(text: str) -> SimpleNamespace:
    return SimpleNamespace(
        asserted="",
        claim=SimpleNamespace(text=text),
        origin=SimpleNamespace(name="Reuters"),
        outlet="Reuters",
    )


ROWS = [
    _row("Officials in Lagos said the Harbour Bridge will reopen in May."),
    _row("The Harbour Bridge in Lagos will not reopen before June, engineers said."),
    _row("Engineers in Accra inspected a tunnel on Tuesday."),
]


def test_stream_pair_rules_share_one_copy_of_each_word_across_claims():
    rules = _PairRules(ROWS)
    rules.name_keys(0)
    rules.name_keys(1)
    words_0 = {w: w for w in rules._names[0][1]}
    words_1 = {w: w for w in rules._names[1][1]}
    shared = words_0.keys() & words_1.keys()
    assert {"lago", "harb", "brid"} <= shared
    # One string object per word, whatever the number of claims that use it.
    assert all(words_0[w] is words_1[w] for w in shared)


def test_stream_pair_rules_give_the_same_answers_from_their_compact_cache():
    rules = _PairRules(ROWS)
    first = (rules.name_keys(1), rules.content_words(1), rules.negated_keys(1))
    again = (rules.name_keys(1), rules.content_words(1), rules.negated_keys(1))
    assert first == again
    names, words = first[0]
    assert {"harb", "brid", "lago"} <= names and "reop" in words
    assert "bridge" in first[1] and "reuters" not in first[1]
    assert rules.share_content(0, 1) and not rules.other_actors(0, 1)
    assert rules.other_actors(0, 2)


def test_stream_pair_rules_forget_claims_after_their_last_pair():
    rules = _PairRules(ROWS)
    for i in range(3):
        rules.name_keys(i)
        rules.content_words(i)
        rules.negated_keys(i)
    last_row = np.array([4, 9, 12])
    before = rules.name_keys(0)
    rules.forget_finished(last_row, 10)
    for cache in (rules._names, rules._content, rules._negated):
        assert set(cache) == {2}
    # A forgotten claim is read again if asked (same answer).
    assert rules.name_keys(0) == before
