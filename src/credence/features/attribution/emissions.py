"""The tagger's features summed into label scores, as a trained model reads them.

:class:`EmissionScorer` turns the features of :mod:`.tagging` into one score per label and
token (the sums a linear-chain CRF makes), caching the sums of each word's own features per
word; :class:`Emissions` holds one paragraph's scores for the decoder
(:meth:`credence.models.attribution_model.CrfTagger.tag`). Where the optional compiled core
is built (:mod:`._window`, see ``setup.py``) the per-token sums run in C, in the same order,
so the scores are the same to the last bit.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence
from typing import Any

from credence.features.attribution.feature_tables import (
    _NO_WORD_ROWS,
    _bigram_table,
    _word_feature_table,
    more_word_rows,
    word_rows_adding,
)
from credence.features.attribution.lexicon import _TITLES, AttributionLexicon
from credence.features.attribution.results import Attribution, SourceMention
from credence.features.attribution.tagging import (
    _NEIGHBOUR_SLOTS,
    ParagraphTokens,
    TokenFeaturizer,
    _by_paragraph,
    _shape,
    _tokens_within,
    lexical_features,
    lexicon_words,
)
from credence.features.attribution.tokens import _TokenTable

__all__ = ["ArticleEmissions", "Emissions", "EmissionScorer", "word_rows_adding"]


class Emissions:
    """The per-token label scores of one paragraph, as a trained tagger decodes them.

    ``state[t, y]`` is the score of label ``y`` (the model's label order) at token ``t``,
    relative to ``O`` (whose column is zero). The compiled decoder reads the array as it is;
    CRFsuite reads :meth:`items`, one ``{"e<label index>": score}`` dict a token, through a
    scores model (see :class:`EmissionScorer`).
    """

    __slots__ = ("state", "keys", "kept")

    def __init__(self, state: Any, keys: Sequence[str], kept: Sequence[int]) -> None:
        self.state = state
        self.keys = keys
        self.kept = kept

    def __len__(self) -> int:
        return len(self.state)

    def items(self) -> list[dict[str, float]]:
        """The scores as CRFsuite items: ``{"e<y>": score}`` for every label but ``O``."""
        keys = self.keys
        return [dict(zip(keys, row, strict=True)) for row in self.state[:, self.kept].tolist()]


class ArticleEmissions(list):
    """The :class:`Emissions` of an article's paragraphs (a list, one item a paragraph), with
    their scores stacked in one array, so that a decoder can read every paragraph in one call
    (:meth:`credence.models.attribution_model.CrfTagger.tag_spans_of_sequences`).

    Parameters
    ----------
    paragraphs : iterable of Emissions
        One paragraph's scores each, row slices of ``state`` in order.
    state : numpy.ndarray
        ``(n_tokens, n_labels)`` scores of every token of the paragraphs, C-contiguous.
    bounds : numpy.ndarray
        ``(n_paragraphs + 1,)`` intp: paragraph ``k`` is rows ``bounds[k]`` to ``bounds[k + 1]``.
    """

    __slots__ = ("state", "bounds")

    def __init__(self, paragraphs: Any, state: Any, bounds: Any) -> None:
        super().__init__(paragraphs)
        self.state = state
        self.bounds = bounds


def _compiled_window() -> Any:
    """The optional compiled window sums (:mod:`._window`), or ``None`` when not built.

    Imported when a scorer is built, not with this module: it imports numpy, which a
    one-text extraction without numpy loaded must not pay.
    """
    try:
        from credence.features.attribution import _window
    except ImportError:  # not built (no compiler): the numpy path gives the same scores
        return None
    return _window


#: How many words a scorer sums by name before it builds :func:`_word_feature_table`.
_WORD_TABLE_AFTER = 2000


#: The three kinds of paragraph mark a token carries (one mark of each at most), in the order
#: their weights are added: the rules' reading ("rule=S|C|T"), an alias mention ("alias=…"),
#: a sentence start ("sent_start").
_MARK_KINDS = 3


class EmissionScorer(TokenFeaturizer):
    """The tagger's features summed into one score per label and token, with the sums of each
    word's own features cached per word.

    A linear-chain CRF scores a token's label by adding the weights of the token's features;
    :class:`TokenFeaturizer` writes those features as strings for CRFsuite to look up, one by
    one, on every token. Here the features that depend on the word alone (its own, and what it
    shows its neighbours at each offset) are summed once per distinct word, and the few that
    depend on the paragraph (quotation, distances, the rules' marks, sentence start, bigram)
    are added per token, in arrays. The result is the same sum, in another order.

    Parameters
    ----------
    lex : AttributionLexicon
        Reporting verbs, source words and aliases.
    index : mapping of str to int
        Row of each feature in ``weights``.
    weights : numpy.ndarray
        ``(n_features + 1, n_labels)`` weights; the last row (zeros) stands for features the
        model does not know.
    outside : int
        Column of the ``O`` label: scores are passed relative to it (a per-token constant
        changes neither the best path nor the marginals).
    """

    def __init__(
        self,
        lex: AttributionLexicon,
        index: dict[str, int],
        weights: Any,
        outside: int,
        clusters: Any = None,
    ):
        super().__init__(lex, index.keys(), clusters)
        import numpy as np

        self._np = np
        self.index = index
        self.weights = weights
        self.outside = outside
        self._none = len(weights) - 1
        self._more_rows = more_word_rows(self._clusters, self._word_cues, index)
        labels = weights.shape[1]
        self._keys = [f"e{y}" for y in range(labels) if y != outside]
        self._kept = [y for y in range(labels) if y != outside]
        # Per word: the summed weights of its own features and of what it shows at -2, -1,
        # +1, +2; grown by doubling.
        self._static = np.zeros((256, 5, labels))
        self._cue_flags = np.zeros(256, dtype=bool)
        self._toggle_flags = np.zeros(256, dtype=int)
        self._rows: dict[str, int] = {}
        # Rows of the lexical features ("sh=…", "rv=…", …) by name (see _lexical_rows_of).
        self._lexical_rows: dict[str, tuple[tuple[int, ...], ...]] = {}
        self._lexicon_words = lexicon_words(lex)
        # Rows of the word features by lower-cased word and of the suffix features by suffix
        # (see _word_feature_table), built when the first new word is summed.
        self._by_word: dict[str, tuple[int | None, ...]] | None = None
        self._by_suffix: dict[str, int] = {}
        # The shape rows of the compiled sum of plain new words (see _sum_plain_words).
        self._plain_shape_rows: dict[str, tuple[tuple[int, ...], ...]] | None = None
        row = index.get
        none = self._none
        self._vl_rows = [row(f, none) if f else none for f in self._vl]
        self._vr_rows = [row(f, none) if f else none for f in self._vr]
        self._vl_none_row = row("vl=none", none)
        self._vr_none_row = row("vr=none", none)
        self._quote_rows = {name: row(name, none) for name in ("qo", "qc", "inq")}
        self._edge_rows = {
            offset: weights[row(f"{offset}:edge", none)] for offset in (-2, -1, 1, 2)
        }
        # Paragraph marks ("rule=S", "alias=…", "sent_start") by code (0: no mark): the row
        # of the mark on its token, as the previous token's mark ("-1:…", read on the token
        # after) and as the next token's ("1:…", read on the token before).
        self._mark_codes: dict[str, int] = {"": 0}
        self._mark_rows = np.full((3, 1), none, dtype=np.intp)
        # Bigrams by word id: ``a * n_ids + b`` sorted, and the row of each.
        bigram_ids, pairs = _bigram_table(index)
        self._bigram_ids = bigram_ids
        width = max(len(bigram_ids), 1)
        keys = np.array([a * width + b for a, b, _ in pairs], dtype=np.int64)
        order = np.argsort(keys, kind="stable")
        self._bigram_width = width
        self._bigram_keys = keys[order]
        self._bigram_values = np.array([r for _, _, r in pairs], dtype=np.intp)[order]
        # Per word row: the bigram id of its lower-cased form (-1: in no bigram feature).
        self._bigram_word = np.full(256, -1, dtype=np.int64)
        # The same rows as arrays, for the compiled window sums (None: not built).
        self._window = _compiled_window()
        # The word rows of _rows in the compiled flat table (None: a core built before it).
        word_rows = getattr(self._window, "WordRows", None)
        self._word_table = word_rows() if word_rows is not None else None
        # The bigram keys in a hash table for the compiled lookup (a core built before it
        # has none: it searches the sorted keys).
        self._bigram_slots = (
            self._window.bigram_hash(self._bigram_keys, self._bigram_values)
            if self._window is not None and hasattr(self._window, "bigram_hash")
            else None
        )
        self._edges = np.array([self._edge_rows[offset] for offset in (-2, -1, 1, 2)])
        self._vl_all = np.array([*self._vl_rows, self._vl_none_row], dtype=np.intp)
        self._vr_all = np.array([*self._vr_rows, self._vr_none_row], dtype=np.intp)
        q = self._quote_rows
        self._quote_all = np.array([q["qo"], q["qc"], q["inq"], none], dtype=np.intp)

    def _add_words(self, words: dict[str, str]) -> None:
        """Sum the weights of each new word's features (``{word: lower-cased}``) in one go."""
        first = len(self._rows)
        for word in words:
            self._rows[word] = len(self._rows)
        self._sum_words(first, list(words), list(words.values()))

    def _sum_words(self, first: int, words: list[str], lows: list[str]) -> None:
        """Sum the weights of the features of ``words`` (lower-cased: ``lows``), entered in
        ``_rows`` already with rows ``first``, ``first + 1``, … in order (clusters' rows last).
        """
        self._sum_word_features(first, words, lows)
        if self._more_rows is not None:  # word clusters, cue stems and classes
            self._more_rows.add(self._static, first, words, lows, self.weights)

    def _sum_word_features(self, first: int, words: list[str], lows: list[str]) -> None:
        np = self._np
        need = first + len(words)
        if need > len(self._static):
            grow = max(need, 2 * len(self._static)) - len(self._static)
            self._static = np.concatenate([self._static, np.zeros((grow, *self._static.shape[1:]))])
            self._cue_flags = np.concatenate([self._cue_flags, np.zeros(grow, dtype=bool)])
            self._toggle_flags = np.concatenate([self._toggle_flags, np.zeros(grow, dtype=int)])
            self._bigram_word = np.concatenate(
                [self._bigram_word, np.full(grow, -1, dtype=np.int64)]
            )
        if self._sum_plain_words(first, words, lows):
            return
        counts, features, cue_flags, toggle_flags = self._rows_of_words(words, lows)
        added = slice(first, need)
        self._cue_flags[added] = cue_flags
        self._toggle_flags[added] = toggle_flags
        bigram_ids = self._bigram_ids
        self._bigram_word[added] = [bigram_ids.get(low, -1) for low in lows]
        if not features:
            return
        window = self._window
        if window is not None and hasattr(window, "add_word_rows"):
            # One compiled loop over the cells: the same additions in the same order.
            window.add_word_rows(self._static, first, counts, features, self.weights)
            return
        slot_count = self._static.shape[1]
        cells = np.repeat(np.arange(len(counts), dtype=np.intp), counts)
        targets = first + cells // slot_count
        slots = cells % slot_count
        if window is not None:  # a core built before add_word_rows
            features_array = np.array(features, dtype=np.intp)
            window.add_rows(self._static, targets, slots, features_array, self.weights)
        else:
            np.add.at(self._static, (targets, slots), self.weights[features])

    def _sum_plain_words(self, first: int, words: list[str], lows: list[str]) -> bool:
        """:meth:`_sum_words` by the compiled core (rows grown already): the words in no
        lexicon and no quotation mark summed in C (``_window.sum_plain_words``, same additions
        in the same order), the others by :meth:`_rows_of_words`. ``False`` (nothing done)
        where the core is not built or the word tables are not built yet.
        """
        window = self._window
        if window is None or not hasattr(window, "sum_plain_words"):
            return False
        if self._by_word is None and len(self._rows) >= _WORD_TABLE_AFTER:
            self._by_word, self._by_suffix = _word_feature_table(self.index)
        if self._by_word is None:  # the first words of a scorer: looked up by name
            return False
        shape_rows = self._plain_shape_rows
        if shape_rows is None:
            shape_rows = self._plain_shape_rows = {
                shape: self._lexical_rows.get(f"sh={shape}") or self._lexical_rows_of(f"sh={shape}")
                for shape in ("punct", "digit", "upper", "cap", "low")
            }
        general = window.sum_plain_words(
            self._static,
            first,
            words,
            lows,
            self._by_word,
            self._by_suffix,
            shape_rows,
            self._lexicon_words,
            _TITLES,
            self.weights,
            self._bigram_word,
            self._bigram_ids,
        )
        if not general:
            return True
        # The others (lexicon words, titles, quotation marks) as in the general path, each
        # word's cells added at its own row.
        counts, features, cue_flags, toggle_flags = self._rows_of_words(
            [words[k] for k in general], [lows[k] for k in general]
        )
        slot_count = self._static.shape[1]
        at = 0
        for i, k in enumerate(general):
            self._cue_flags[first + k] = cue_flags[i]
            self._toggle_flags[first + k] = toggle_flags[i]
            cells = counts[i * slot_count : (i + 1) * slot_count]
            size = sum(cells)
            window.add_word_rows(
                self._static, first + k, cells, features[at : at + size], self.weights
            )
            at += size
        return True

    def _rows_of_words(
        self, words: list[str], lows: list[str]
    ) -> tuple[list[int], list[int], list[bool], list[bool]]:
        """The rows of the features of ``words`` (lower-cased: ``lows``) as :meth:`_sum_words`
        adds them: how many rows each (word, slot) cell adds, word after word and slot after
        slot; the rows, in that order; per word, whether it is a reporting verb and whether it
        toggles a quotation.

        :meth:`_feature_rows_of` gives each word's rows; a word in no lexicon and no quotation
        mark (most new words) has only its word, suffix and shape features, whose rows are
        appended here directly, in the same order, without the lists of the general case.
        """
        counts: list[int] = []
        features: list[int] = []
        cue_flags: list[bool] = []
        toggle_flags: list[bool] = []
        lexicon_words, word_rows_of, shape_rows = self._lexicon_words, self._word_rows_of, {}
        # Not kept in a per-word cache: a word is summed here once, and a cache of every
        # word's parts only made the garbage collector's runs longer.
        for word, low in zip(words, lows, strict=True):
            shape = _shape(word)
            if shape == "quote" or low in lexicon_words or low.rstrip(".") in _TITLES:
                slot_rows, toggles, is_cue = self._feature_rows_of(word, low)
                cue_flags.append(is_cue)
                toggle_flags.append(toggles)
                for found in slot_rows:
                    counts.append(len(found))
                    features.extend(found)
                continue
            cue_flags.append(False)  # a reporting verb is a lexicon word
            toggle_flags.append(False)  # only a quotation mark toggles
            # The rows of "sh=<shape>", "-1:sh=<shape>" and "1:sh=<shape>".
            sh_own, sh_minus_1, sh_plus_1 = shape_rows.get(shape) or shape_rows.setdefault(
                shape, self._lexical_rows.get(f"sh={shape}") or self._lexical_rows_of(f"sh={shape}")
            )
            own, suffix, before, previous, following, after = word_rows_of(low)
            # The slots of _feature_rows_of: own (word, suffix, shape), then what the word
            # shows at -2, -1 (word, shape), +1 (word, shape) and +2.
            at = len(features)
            if own is not None:
                features.append(own)
            if suffix is not None:
                features.append(suffix)
            features.extend(sh_own)
            counts.append(len(features) - at)
            for word_row, shape_row in (
                (before, ()),
                (previous, sh_minus_1),
                (following, sh_plus_1),
                (after, ()),
            ):
                at = len(features)
                if word_row is not None:
                    features.append(word_row)
                features.extend(shape_row)
                counts.append(len(features) - at)
        return counts, features, cue_flags, toggle_flags

    def _feature_rows_of(self, word: str, low: str) -> tuple[tuple[list[int], ...], bool, bool]:
        """The rows of the features of one word (:meth:`TokenFeaturizer._parts_of`) that the
        model knows, per static slot (own, then as seen from -2, -1, +1, +2), in the order
        :meth:`~TokenFeaturizer._parts_of` writes them; whether the word toggles a quotation;
        whether it is a reporting verb.

        The same rows as looking up every name of ``_parts_of`` (tested), without building the
        names of the lexical features: those are few, and their rows per offset are found
        once (:meth:`_lexical_rows_of`).
        """
        shape = _shape(word)
        lexical = [f"sh={shape}"]
        # Most words are in no lexicon: lexical_features would give them nothing.
        if low in self._lexicon_words or low.rstrip(".") in _TITLES:
            lexical.extend(lexical_features(low, self.lex))
        word_rows = self._word_rows_of(low)
        own = [r for r in word_rows[:2] if r is not None]
        previous = [] if word_rows[3] is None else [word_rows[3]]
        following = [] if word_rows[4] is None else [word_rows[4]]
        known = self._lexical_rows
        for name in lexical:
            rows = known.get(name) or self._lexical_rows_of(name)
            own.extend(rows[0])
            previous.extend(rows[1])
            following.extend(rows[2])
        before = [] if word_rows[2] is None else [word_rows[2]]
        after = [] if word_rows[5] is None else [word_rows[5]]
        toggles = shape == "quote" and word != "'"
        return (own, before, previous, following, after), toggles, low in self.lex.cues

    def _word_rows_of(self, low: str) -> tuple[int | None, ...]:
        """The rows of "w=low", "s3=<suffix>", "-2:w=low", "-1:w=low", "1:w=low", "2:w=low"
        (``None`` where the model has none).

        Looked up by name for the first words a scorer sums; once it has summed
        :data:`_WORD_TABLE_AFTER` words (a long run over many texts), from the tables of
        :func:`_word_feature_table`, built once then (about 20 ms, which one short text does
        not pay).
        """
        by_word = self._by_word
        if by_word is None and len(self._rows) >= _WORD_TABLE_AFTER:
            by_word, self._by_suffix = _word_feature_table(self.index)
            self._by_word = by_word
        if by_word is None:
            get = self.index.get
            return (
                get(f"w={low}"),
                get(f"s3={low[-3:]}"),
                get(f"-2:w={low}"),
                get(f"-1:w={low}"),
                get(f"1:w={low}"),
                get(f"2:w={low}"),
            )
        own, *neighbours = by_word.get(low, _NO_WORD_ROWS)
        return (own, self._by_suffix.get(low[-3:]), *neighbours)

    def _lexical_rows_of(self, name: str) -> tuple[tuple[int, ...], ...]:
        """The rows of lexical feature ``name`` ("sh=cap", "rv=say", "pron", …) on its word,
        on the next word ("-1:name") and on the word before ("1:name"), each ``()`` when
        the model does not know it (found once a name).
        """
        get = self.index.get
        rows = tuple(
            () if row is None else (row,)
            for row in (get(name), get(f"-1:{name}"), get(f"1:{name}"))
        )
        self._lexical_rows[name] = rows
        return rows

    def __call__(
        self,
        table: _TokenTable,
        para: ParagraphTokens,
        sentence_starts: Sequence[int],
        rules: Sequence[Attribution] = (),
        mentions: Sequence[SourceMention] = (),
    ) -> Emissions:
        """The label scores of every token of ``para`` (relative to ``O``)."""
        return self.article(table, [para], sentence_starts, rules, mentions)[0]

    def article(
        self,
        table: _TokenTable,
        paragraphs: Sequence[ParagraphTokens],
        sentence_starts: Sequence[int],
        rules: Sequence[Attribution] = (),
        mentions: Sequence[SourceMention] = (),
    ) -> list[Emissions]:
        """The label scores of every paragraph of an article, computed for all its tokens at
        once (a paragraph's neighbours and distances stop at its edges, as in :meth:`__call__`).
        """
        if not paragraphs:
            return []
        np = self._np
        ids = self._word_ids(table, paragraphs)
        sizes_list = [p.hi - p.lo for p in paragraphs]
        offsets_list = [0, *itertools.accumulate(sizes_list[:-1])]
        sizes = np.array(sizes_list, dtype=np.intp)
        bigrams = self._bigram_rows(ids)
        marks = self._marks(
            table, paragraphs, offsets_list, len(ids), sentence_starts, rules, mentions
        )
        window = self._window
        if window is not None:
            # Relative to O (the O column zero, as CRFsuite scores a label no feature has),
            # subtracted in C.
            state = window.window_scores(
                self._static,
                ids,
                sizes,
                self.weights,
                self._edges,
                self._cue_flags.view(np.uint8),
                self._toggle_flags,
                self._vl_all,
                self._vr_all,
                self._quote_all,
                bigrams,
                marks,
                self._mark_rows,
                self.outside,
            )
        else:
            offsets = np.array(offsets_list, dtype=np.intp)
            scores = self._numpy_window_scores(ids, sizes, offsets, bigrams, marks)
            # Relative to O: the O column becomes zero, as CRFsuite scores a label no
            # feature has.
            state = scores - scores[:, self.outside : self.outside + 1]
        if self.reads_open_features:
            self._add_open_scores(state, table, paragraphs, offsets_list)
        keys, kept = self._keys, self._kept
        bounds = np.array([*offsets_list, offsets_list[-1] + sizes_list[-1]], dtype=np.intp)
        return ArticleEmissions(
            (
                Emissions(state[start : start + size], keys, kept)
                for start, size in zip(offsets_list, sizes_list, strict=True)
            ),
            state,
            bounds,
        )

    def _add_open_scores(
        self,
        state: Any,
        table: _TokenTable,
        paragraphs: Sequence[ParagraphTokens],
        offsets: list[int],
    ) -> None:
        """Add the weights of the open features (:meth:`open_features_of`) to ``state``, the
        scores relative to ``O`` (in place, in one array operation for the article).
        """
        index = self.index
        positions: list[int] = []
        rows: list[int] = []
        for para, offset in zip(paragraphs, offsets, strict=True):
            for k, names in self.open_features_of(table, para).items():
                at = offset + k
                for name in names:
                    positions.append(at)
                    rows.append(index[name])
        if rows:
            np = self._np
            weights = self.weights[rows]
            np.add.at(state, positions, weights - weights[:, self.outside : self.outside + 1])

    def _word_ids(self, table: _TokenTable, paragraphs: Sequence[ParagraphTokens]) -> Any:
        """The word row of every token of the paragraphs, one after the other (new words are
        summed as met, see :meth:`_sum_words`).
        """
        np = self._np
        words = self._tokens_of(table.words, paragraphs)
        first = len(self._rows)
        window = self._window
        # New words get their rows as they are met, in one pass (in C where built).
        if window is not None:
            ids = np.empty(len(words), dtype=np.intp)
            word_table = self._word_table
            if word_table is not None:  # the same rows, most words found in a flat table
                new = word_table.rows_adding(words, self._rows, ids)
            else:
                new = window.word_rows_adding(words, self._rows, ids)
        else:
            found, new = word_rows_adding(words, self._rows)
            ids = np.array(found, dtype=np.intp)
        if new:
            lows = self._tokens_of(table.lows, paragraphs)
            self._sum_words(first, [words[k] for k in new], [lows[k] for k in new])
        return ids

    @staticmethod
    def _tokens_of(values: list[str], paragraphs: Sequence[ParagraphTokens]) -> list[str]:
        """``values`` (one per token of the article) of the paragraphs' tokens, in order."""
        first, last = paragraphs[0], paragraphs[-1]
        # Paragraphs are usually back to back (only white space between them): one slice.
        if all(a.hi == b.lo for a, b in itertools.pairwise(paragraphs)):
            return values[first.lo : last.hi]
        return list(itertools.chain.from_iterable(values[p.lo : p.hi] for p in paragraphs))

    def _bigram_rows(self, ids: Any) -> Any:
        """Row of the bigram feature of each token and the one before it (the zero row for
        the first token and for pairs the model does not know), found by word ids.
        """
        window = self._window
        if window is not None and self._bigram_slots is not None:  # about one probe a token
            slot_keys, slot_rows = self._bigram_slots
            return window.bigram_rows_hashed(
                ids, self._bigram_word, slot_keys, slot_rows, self._bigram_width, self._none
            )
        if self._window is not None:  # the same rows, one binary search a token in C
            return self._window.bigram_rows(
                ids,
                self._bigram_word,
                self._bigram_keys,
                self._bigram_values,
                self._bigram_width,
                self._none,
            )
        return self._numpy_bigram_rows(ids)

    def _numpy_bigram_rows(self, ids: Any) -> Any:
        """:meth:`_bigram_rows` with numpy (the fallback, and the compiled path's reference)."""
        np = self._np
        rows = np.full(len(ids), self._none, dtype=np.intp)
        keys = self._bigram_keys
        if len(ids) < 2 or not len(keys):
            return rows
        word = self._bigram_word[ids]
        first, second = word[:-1], word[1:]
        key = first * self._bigram_width + second
        at = np.minimum(np.searchsorted(keys, key), len(keys) - 1)
        hit = (first >= 0) & (second >= 0) & (keys[at] == key)
        rows[1:][hit] = self._bigram_values[at[hit]]
        return rows

    def _numpy_window_scores(
        self, ids: Any, sizes: Any, offsets: Any, bigrams: Any, marks: Any
    ) -> Any:
        """The scores :func:`._window.window_scores` computes, with numpy (the fallback)."""
        np = self._np
        n = len(ids)
        first = np.repeat(offsets, sizes)  # index of the token's paragraph's first token
        last = first + np.repeat(sizes, sizes) - 1
        at = np.arange(n)
        static = self._static[ids]
        scores = static[:, 0].copy()
        for offset, part in _NEIGHBOUR_SLOTS:
            slot = part - 2  # the static sums hold the own features, then parts 3 to 6
            inside = (at + offset >= first) & (at + offset <= last)
            shifted = np.zeros_like(scores)
            if offset < 0:
                shifted[-offset:] = static[:offset, slot]
            else:
                shifted[:-offset] = static[offset:, slot]
            scores += np.where(inside[:, None], shifted, self._edge_rows[offset])
        scores += self._distance_scores(ids, at, first, last)
        scores += self.weights[self._quote_rows_of(ids, first)]
        bigram_rows = np.where((at > first) & (at < last), bigrams, self._none)
        scores += self.weights[bigram_rows]
        own, from_previous, from_next = self._mark_rows
        for codes in marks:
            # A mark weighs on its token, on the next one ("-1:…") and on the previous one
            # ("1:…"), within the paragraph.
            previous = np.roll(codes, 1)
            previous[at == first] = 0
            following = np.roll(codes, -1)
            following[at == last] = 0
            scores += self.weights[own[codes]]
            scores += self.weights[from_previous[previous]]
            scores += self.weights[from_next[following]]
        return scores

    def _distance_scores(self, ids: Any, at: Any, first: Any, last: Any) -> Any:
        """Weights of the distance to the nearest reporting verb on each side (same paragraph)."""
        np = self._np
        n = len(ids)
        cue = self._cue_flags[ids]
        top = len(self._vl_rows) - 1
        before = np.maximum.accumulate(np.where(cue, at, -1))
        previous = np.concatenate([[-1], before[:-1]])
        after = np.minimum.accumulate(np.where(cue, at, n)[::-1])[::-1]
        following = np.concatenate([after[1:], [n]])
        left = np.where(previous >= first, np.minimum(at - previous, top), top + 1)
        right = np.where(following <= last, np.minimum(following - at, top), top + 1)
        vl = np.array([*self._vl_rows, self._vl_none_row])
        vr = np.array([*self._vr_rows, self._vr_none_row])
        return self.weights[vl[left]] + self.weights[vr[right]]

    def _quote_rows_of(self, ids: Any, first: Any) -> Any:
        """Row of each token's quote feature: opening, closing, inside a quotation, or none."""
        np = self._np
        toggles = self._toggle_flags[ids]
        count = np.cumsum(toggles)
        before = count - toggles  # toggles before each token in the article
        inside = ((before - before[first]) % 2).astype(bool)
        q = self._quote_rows
        return np.where(
            toggles.astype(bool),
            np.where(inside, q["qc"], q["qo"]),
            np.where(inside, q["inq"], self._none),
        )

    def _marks(
        self,
        table: _TokenTable,
        paragraphs: Sequence[ParagraphTokens],
        offsets: list[int],
        n: int,
        sentence_starts: Sequence[int],
        rules: Sequence[Attribution],
        mentions: Sequence[SourceMention],
    ) -> Any:
        """``(3, n)`` mark codes of the tokens (see :data:`_MARK_KINDS`): the paragraph marks
        :meth:`TokenFeaturizer._context_marks` writes as strings, for all paragraphs at once.
        """
        marks = self._np.zeros((_MARK_KINDS, n), dtype=self._np.intp)
        rule_marks, alias_marks, sentence_marks = marks
        code = self._mark_code
        starts = table.starts
        by_paragraph = _by_paragraph(paragraphs, rules, mentions)
        if self._window is not None:  # the same marks, painted in C from one list a kind
            self._paint_marks(marks, starts, paragraphs, offsets, by_paragraph)
            self._sentence_marks(sentence_marks, starts, paragraphs, offsets, sentence_starts)
            return marks
        for para, offset, (in_rules, in_mentions) in zip(
            paragraphs, offsets, by_paragraph, strict=True
        ):
            lo, hi, shift = para.lo, para.hi, offset - para.lo
            # As in _rule_marks and _mention_marks: the last span over a token gives its mark.
            for a in in_rules:
                for name, span in (("rule=T", a.content), ("rule=S", a.source), ("rule=C", a.cue)):
                    k = _tokens_within(starts, lo, hi, span.start, span.end)
                    if k:
                        rule_marks[k.start + shift : k.stop + shift] = code(name)
            for m in in_mentions:
                k = _tokens_within(starts, lo, hi, m.start, m.end)
                if k:
                    alias_marks[k.start + shift : k.stop + shift] = code(f"alias={m.kind}")
        self._sentence_marks(sentence_marks, starts, paragraphs, offsets, sentence_starts)
        return marks

    def _paint_marks(
        self,
        marks: Any,
        starts: list[int],
        paragraphs: Sequence[ParagraphTokens],
        offsets: list[int],
        by_paragraph: list[tuple[Sequence[Attribution], Sequence[SourceMention]]],
    ) -> None:
        """The rule and alias marks of :meth:`_marks`, painted by the compiled core: each span
        as ``(paragraph, start, end, code)``, in the order the spans are written.
        """
        code = self._mark_code
        content, source, cue = code("rule=T"), code("rule=S"), code("rule=C")
        rule_spans: list[tuple[int, int, int, int]] = []
        alias_spans: list[tuple[int, int, int, int]] = []
        for p, (in_rules, in_mentions) in enumerate(by_paragraph):
            for a in in_rules:
                rule_spans.append((p, a.content.start, a.content.end, content))
                rule_spans.append((p, a.source.start, a.source.end, source))
                rule_spans.append((p, a.cue.start, a.cue.end, cue))
            for m in in_mentions:
                alias_spans.append((p, m.start, m.end, code(f"alias={m.kind}")))
        if not rule_spans and not alias_spans:
            return
        np = self._np
        los = np.array([para.lo for para in paragraphs], dtype=np.intp)
        his = np.array([para.hi for para in paragraphs], dtype=np.intp)
        firsts = np.array(offsets, dtype=np.intp)
        self._window.paint_marks(marks, 0, starts, los, his, firsts, rule_spans)
        self._window.paint_marks(marks, 1, starts, los, his, firsts, alias_spans)

    def _sentence_marks(
        self,
        into: Any,
        starts: Sequence[int],
        paragraphs: Sequence[ParagraphTokens],
        offsets: list[int],
        sentence_starts: Sequence[int],
    ) -> None:
        """Mark the tokens that open a sentence: a paragraph's first token when a sentence
        starts at or before it, any other token when a sentence starts after the token before
        it and at or before it.
        """
        if not sentence_starts:
            return
        code = self._mark_code("sent_start")
        window = self._window
        if window is not None and hasattr(window, "sentence_marks"):
            # The same marks in C: the bisections a sentence cost more than the rest.
            np = self._np
            window.sentence_marks(
                into,
                starts if isinstance(starts, list) else list(starts),
                np.array([p.lo for p in paragraphs], dtype=np.intp),
                np.array([p.hi for p in paragraphs], dtype=np.intp),
                np.array(offsets, dtype=np.intp),
                sentence_starts if isinstance(sentence_starts, list) else list(sentence_starts),
                code,
            )
            return
        first_start = sentence_starts[0]
        los = [p.lo for p in paragraphs]
        for para, offset in zip(paragraphs, offsets, strict=True):
            if first_start <= starts[para.lo]:
                into[offset] = code
        for position in sentence_starts:
            k = bisect.bisect_left(starts, position)  # the first token at or after it
            p = bisect.bisect_right(los, k) - 1
            if p >= 0 and paragraphs[p].lo < k < paragraphs[p].hi:
                into[offsets[p] + k - paragraphs[p].lo] = code

    def _mark_code(self, name: str) -> int:
        """The code of mark ``name``, with its rows added to ``_mark_rows`` when first seen."""
        code = self._mark_codes.get(name)
        if code is None:
            get, none = self.index.get, self._none
            column = [[get(name, none)], [get(f"-1:{name}", none)], [get(f"1:{name}", none)]]
            self._mark_rows = self._np.concatenate(
                [self._mark_rows, self._np.array(column, dtype=self._np.intp)], axis=1
            )
            code = self._mark_codes[name] = len(self._mark_codes)
        return code
