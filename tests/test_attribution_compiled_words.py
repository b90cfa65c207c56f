"""The compiled sums of new words (``_window.sum_plain_words``) give the Python path's bits.

A scorer sums each new word's feature weights once (``EmissionScorer._sum_words``); where the
optional core is built, the words in no lexicon and no quotation mark are summed in C. Both
paths run here on the same words, and their static sums, flags and bigram ids must be equal
bit for bit: on hand-picked words (every shape, lexicon words, titles, quotation marks,
non-ASCII letters), on the words of written texts, and on generated words.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from credence.features.attribution import AttributionExtractor, emissions
from credence.features.attribution.tagging import _shape

window = pytest.importorskip(
    "credence.features.attribution._window", reason="the optional compiled core is not built"
)
if not hasattr(window, "sum_plain_words"):
    pytest.skip("the compiled core was built before sum_plain_words", allow_module_level=True)

#: Words of every shape and path: plain words (low, cap, upper, digit, punct), lexicon words
#: (reporting verbs, head nouns, pronouns), titles with and without their period, quotation
#: marks and apostrophes, titlecase and other non-ASCII letters, superscript digits.
WORDS = (
    "harbour Harbour HARBOUR H 2026 40,000 ½ ² , . ; ( ) — - & said Said SAID told He she "
    "officials spokesman Mr Mr. mr.. Dr. sen. Gen. “ ” \" ' ‘ ’ 's ’s 'tis ǅemal ǅ Ǆ İstanbul "
    "Ωmega ωmega ß ﬁre x X état Été zzyzx quoted Tuesday statement according ...  ..."
).split()

TEXT_WORDS = (
    "The ferry operator said on Monday that crossings would resume, though harbour staff in "
    "Veles doubted it. “We have heard this before,” a deckhand told reporters. Dr. Amara "
    "Osei, the port's director, declined to comment; the UNION's statement cited 1,250 "
    "cancelled sailings and a ½-day strike."
).split()


@pytest.fixture(scope="module")
def template():
    extractor = AttributionExtractor()
    model = extractor._tagger()
    if model is None:
        pytest.skip("no bundled attribution model")
    scorer = model.featurizer(extractor.lexicon)
    if not isinstance(scorer, emissions.EmissionScorer) or scorer._window is None:
        pytest.skip("the array path is not taken (numpy or the core missing)")
    return scorer


def _fresh(template, compiled: bool) -> emissions.EmissionScorer:
    scorer = emissions.EmissionScorer(
        template.lex, template.index, template.weights, template.outside
    )
    if not compiled:
        scorer._sum_plain_words = lambda first, words, lows: False  # the Python path
    return scorer


class _Pair:
    """A scorer summing new words in C beside one summing them in Python, word tables built
    (the C path's condition): :meth:`add` gives both the same new words and compares them.
    """

    def __init__(self, template) -> None:
        with pytest.MonkeyPatch.context() as monkeypatch:
            monkeypatch.setattr(emissions, "_WORD_TABLE_AFTER", 0)
            self.python = _fresh(template, False)
            self.compiled = _fresh(template, True)
            self.python._add_words({})  # the word tables, built as the first words arrive
            self.compiled._add_words({})

    def add(self, words: list[str]) -> None:
        unseen = {
            w: w.lower().replace("’", "'")
            for w in dict.fromkeys(words)
            if w not in self.python._rows
        }
        self.python._add_words(unseen)
        self.compiled._add_words(unseen)
        python, compiled = self.python, self.compiled
        n = len(python._rows)
        assert python._rows == compiled._rows
        assert python._static.shape == compiled._static.shape
        # Bit for bit: the same additions in the same order.
        assert python._static[:n].tobytes() == compiled._static[:n].tobytes()
        assert np.array_equal(python._cue_flags, compiled._cue_flags)
        assert np.array_equal(python._toggle_flags, compiled._toggle_flags)
        assert np.array_equal(python._bigram_word, compiled._bigram_word)


@pytest.fixture(scope="module")
def pair(template):
    return _Pair(template)


def test_compiled_words_hand_picked_words_sum_like_python(template):
    _Pair(template).add(WORDS)


def test_compiled_words_written_text_sums_like_python(template):
    _Pair(template).add(TEXT_WORDS)


def test_compiled_words_one_word_at_a_time_sums_like_python(pair):
    # Each word alone (one call each): its shape rows (sh=…) must be those of tagging._shape.
    for word in [*WORDS, '"x', "“a", "'", "’", "a’", "Ǆemal"]:
        pair.add([word])
        assert _shape(word) in ("quote", "punct", "digit", "upper", "cap", "low")


def test_compiled_words_plain_words_are_summed_in_c(template, monkeypatch):
    # The C path takes the plain words and hands back only the others: a scorer whose
    # general path is broken still sums a text of plain words.
    words = ["harbour", "Veles", "2026", "HARBOUR", ",", "cancelled"]
    scorer = _fresh(template, True)
    monkeypatch.setattr(emissions, "_WORD_TABLE_AFTER", 0)

    def general_path(*args):
        raise AssertionError("a plain word took the general path")

    scorer._rows_of_words = general_path
    scorer._add_words({w: w.lower() for w in words})
    assert scorer._static[: len(words)].any()


def test_compiled_words_lexicon_words_go_to_the_general_path(template, monkeypatch):
    calls = []
    scorer = _fresh(template, True)
    monkeypatch.setattr(emissions, "_WORD_TABLE_AFTER", 0)
    inner = scorer._rows_of_words

    def general_path(words, lows):
        calls.append(list(words))
        return inner(words, lows)

    scorer._rows_of_words = general_path
    scorer._add_words({"harbour": "harbour", "said": "said", "Mr.": "mr.", "“": "“"})
    assert calls == [["said", "Mr.", "“"]]


@settings(max_examples=80, deadline=None)
@given(
    words=st.lists(
        st.text(st.characters(blacklist_categories=("Cs", "Zs", "Cc")), min_size=1, max_size=6),
        min_size=1,
        max_size=40,
    )
)
def test_compiled_words_generated_words_sum_like_python(pair, words):
    pair.add(words)


def test_compiled_words_rejects_rows_beyond_the_sums(template):
    static = np.zeros((2, 5, template.weights.shape[1]))
    bigram_word = np.full(2, -1, dtype=np.int64)
    with pytest.raises(ValueError, match="beyond 2 rows"):
        window.sum_plain_words(
            static, 1, ["a", "b"], ["a", "b"], {}, {}, {}, frozenset(), frozenset(),
            template.weights, bigram_word, {},
        )  # fmt: skip
    with pytest.raises(ValueError, match="feature row"):
        window.sum_plain_words(
            static, 0, ["a"], ["a"], {"a": (10**9, None, None, None, None)}, {},
            {"low": ((), (), ())}, frozenset(), frozenset(), template.weights, bigram_word, {},
        )  # fmt: skip
