"""The tagger's loaded state leaves the cyclic garbage collector little to walk.

A full collection walks every container object the process keeps. The featurizer's per-word
cache held a tuple and six lists a word (over 200,000 containers after the FNC-1 bodies), so
every full collection anywhere in the process took about 8 times longer (78 ms against 10 on
the benchmark's bodies); the collector's runs cost 0.04 to 0.07 s per MB of attribution
(``benchmarks/profile_attribution.py --sizes``). The array path sums each word once and keeps
no such cache; the string path's cache holds tuples of strings, which the collector stops
tracking.
"""

from __future__ import annotations

import gc

import pytest

from credence.features.attribution import AttributionExtractor
from credence.features.attribution.emissions import EmissionScorer
from credence.features.attribution.lexicon import load_lexicon
from credence.features.attribution.tagging import TokenFeaturizer

#: Written for these tests: a new word in every sentence.
TEXTS = [
    '"We will respond," the ministry said in a statement. Officials declined to comment.',
    "Senator Ana Okafor told reporters she would vote no, her aide said on Tuesday.",
    "Zymurgy brewers in Ostrava reported record yields, according to the guild.",
]


def test_gc_load_array_path_keeps_no_per_word_feature_cache():
    pytest.importorskip("numpy")
    extractor = AttributionExtractor()
    tagger = extractor._tagger()
    if tagger is None:
        pytest.skip("no bundled attribution model")
    scorer = tagger.featurizer(extractor.lexicon)
    if not isinstance(scorer, EmissionScorer):
        pytest.skip("the model file has no label scores (string path only)")
    for text in TEXTS:
        extractor.extract(text)
    assert len(scorer._rows) > 20  # the words were summed …
    assert scorer._words == {}  # … and their feature strings not kept


def test_gc_load_string_path_cache_is_untracked_by_the_collector():
    featurizer = TokenFeaturizer(load_lexicon())
    parts = featurizer._word_parts("Said", "said")
    assert featurizer._words["Said"] is parts
    # A tuple is untracked when a collection finds only untracked items in it: the inner
    # tuples on the first, the outer one on the next.
    gc.collect()
    gc.collect()
    assert not gc.is_tracked(parts)
    assert all(not gc.is_tracked(part) for part in parts)


def test_gc_load_word_parts_are_the_feature_strings_of_the_word():
    featurizer = TokenFeaturizer(load_lexicon())
    own, lexical, toggles, *seen, is_cue = featurizer._parts_of("said", "said")
    assert own == ("w=said", "s3=aid", "sh=low")
    assert "rv=speech" in lexical or any(f.startswith("rv=") for f in lexical)
    assert (toggles, is_cue) == (False, True)
    assert seen[0] == ("-2:w=said",) and seen[1][0] == "-1:w=said"
