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


# -- the flat table of word rows (_window.WordRows) ---------------------------------------


def _both_ways(batches: list[list[str]], rows: dict | None = None):
    """Word rows of each batch by ``WordRows.rows_adding`` and by the Python
    ``word_rows_adding``, from the same starting dict; both results and both dicts.
    """
    table = window.WordRows()
    compiled_rows, python_rows = dict(rows or {}), dict(rows or {})
    results = []
    for words in batches:
        out = np.empty(len(words), dtype=np.intp)
        new = table.rows_adding(words, compiled_rows, out)
        ids, python_new = emissions.word_rows_adding(words, python_rows)
        results.append(((out.tolist(), new), (ids, python_new)))
    return results, compiled_rows, python_rows


def test_compiled_words_table_rows_equal_the_dict_path():
    batches = [
        ["The", "minister", "said", "’", "said", "the", "minister", "new", "The"],
        ["minister", "İstanbul", "x" * 40, "said", "x" * 40, "ﬁre", "fire", "é", "e"],
        ["said", "x" * 16, "x" * 17, "x" * 16, "The"],  # around the inline length
    ]
    results, compiled_rows, python_rows = _both_ways(batches)
    for compiled, python in results:
        assert compiled == python
    assert compiled_rows == python_rows
    assert list(compiled_rows) == list(python_rows)  # entered in the same order


def test_compiled_words_table_reads_rows_added_to_the_dict_directly():
    # The dict is the record: a word entered there (by _add_words) keeps its row.
    results, compiled_rows, _ = _both_ways([["said", "harbour", "said"]], {"harbour": 7})
    (out, new), _ = results[0]
    assert out == [1, 7, 1] and new == [0]
    assert compiled_rows == {"harbour": 7, "said": 1}


def test_compiled_words_table_equal_words_of_other_objects_share_a_row():
    # Tokens of every text are new string objects: found by content, not identity.
    first = "".join(["harb", "our"])
    second = "".join(["har", "bour"])
    assert first == second and first is not second
    results, _, _ = _both_ways([[first, second, "".join(["Ve", "lès"]), "Vel" + "ès"]])
    (out, new), python = results[0]
    assert (out, new) == python == ([0, 0, 1, 1], [0, 2])


class _Word(str):
    """A str subclass (its own hash): looked up through the dict alone."""

    def __hash__(self) -> int:
        return 7


def test_compiled_words_table_str_subclasses_use_the_dict():
    results, compiled_rows, python_rows = _both_ways([[_Word("a"), "a", _Word("b"), "b"]])
    (out, new), python = results[0]
    assert (out, new) == python
    assert compiled_rows == python_rows


@settings(max_examples=40, deadline=None)
@given(
    batches=st.lists(
        st.lists(st.text(min_size=1, max_size=20), max_size=300), min_size=1, max_size=6
    )
)
def test_compiled_words_table_generated_words_equal_the_dict_path(batches):
    # Thousands of words grow the table (from 1,024 slots) and make probe runs.
    results, compiled_rows, python_rows = _both_ways(batches)
    for compiled, python in results:
        assert compiled == python
    assert compiled_rows == python_rows


def test_compiled_words_table_grows_and_keeps_every_row():
    words = [f"w{k}" for k in range(5000)]
    results, compiled_rows, _ = _both_ways([words, list(reversed(words))])
    assert results[0][0][0] == list(range(5000))
    assert results[1][0][0] == list(range(4999, -1, -1)) and results[1][0][1] == []
    assert len(compiled_rows) == 5000


def test_compiled_words_table_rejects_a_short_output():
    with pytest.raises(ValueError, match="3 words, 2 rows"):
        window.WordRows().rows_adding(["a", "b", "c"], {}, np.empty(2, dtype=np.intp))


def test_compiled_words_scorer_uses_the_table_and_pickles_without_it(template):
    import pickle

    scorer = _fresh(template, True)
    assert isinstance(scorer._word_table, window.WordRows)
    copy = pickle.loads(pickle.dumps(scorer._word_table))
    assert isinstance(copy, window.WordRows) and len(copy) == 0
