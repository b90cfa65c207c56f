"""The tagger's features summed into label scores, as a trained model reads them.

:class:`EmissionScorer` turns the features of :mod:`.tagging` into one score per label and
token (the sums a linear-chain CRF makes), caching the sums of each word's own features per
word; :class:`Emissions` holds one paragraph's scores for the decoder
(:meth:`credence.models.attribution_model.CrfTagger.tag`). Where the optional compiled core
is built (:mod:`._window`, see ``setup.py``) the per-token sums run in C, in the same order,
so the scores are the same to the last bit.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from credence.features.attribution.lexicon import AttributionLexicon
from credence.features.attribution.results import Attribution, SourceMention
from credence.features.attribution.tagging import (
    _NEIGHBOUR_SLOTS,
    ParagraphTokens,
    TokenFeaturizer,
    _by_paragraph,
)
from credence.features.attribution.tokens import _TokenTable

__all__ = ["Emissions", "EmissionScorer"]


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


def _bigram_rows(index: dict[str, int]) -> dict[str, dict[str, int]]:
    """``{a: {b: row}}`` of the model's ``bi=a|b`` features: two lookups of words already
    hashed instead of building and hashing the string for every token.

    A feature whose words hold "|" is entered at every split, so that ``(a, b)`` is found
    exactly when ``f"bi={a}|{b}"`` is the feature's name.
    """
    out: dict[str, dict[str, int]] = {}
    for name, row in index.items():
        if not name.startswith("bi="):
            continue
        pair = name[3:]
        at = pair.find("|")
        while at >= 0:
            out.setdefault(pair[:at], {})[pair[at + 1 :]] = row
            at = pair.find("|", at + 1)
    return out


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

    def __init__(self, lex: AttributionLexicon, index: dict[str, int], weights: Any, outside: int):
        super().__init__(lex, index.keys())
        import numpy as np

        self._np = np
        self.index = index
        self.weights = weights
        self.outside = outside
        self._none = len(weights) - 1
        labels = weights.shape[1]
        self._keys = [f"e{y}" for y in range(labels) if y != outside]
        self._kept = [y for y in range(labels) if y != outside]
        # Per word: the summed weights of its own features and of what it shows at -2, -1,
        # +1, +2; grown by doubling.
        self._static = np.zeros((256, 5, labels))
        self._cue_flags = np.zeros(256, dtype=bool)
        self._toggle_flags = np.zeros(256, dtype=int)
        self._rows: dict[str, int] = {}
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
        # Rows of a paragraph mark ("rule=S", "alias=…", "sent_start") on its token, as the
        # previous token's mark ("-1:…", on the token after) and as the next token's ("1:…").
        self._mark_rows: dict[str, list[tuple[int, int]]] = {}
        self._bigrams = _bigram_rows(index)
        # The same rows as arrays, for the compiled window sums (None: not built).
        self._window = _compiled_window()
        self._edges = np.array([self._edge_rows[offset] for offset in (-2, -1, 1, 2)])
        self._vl_all = np.array([*self._vl_rows, self._vl_none_row], dtype=np.intp)
        self._vr_all = np.array([*self._vr_rows, self._vr_none_row], dtype=np.intp)
        q = self._quote_rows
        self._quote_all = np.array([q["qo"], q["qc"], q["inq"], none], dtype=np.intp)

    def _add_words(self, words: dict[str, str]) -> None:
        """Sum the weights of each new word's features (``{word: lower-cased}``) in one go."""
        np = self._np
        rows = self._rows
        need = len(rows) + len(words)
        if need > len(self._static):
            grow = max(need, 2 * len(self._static)) - len(self._static)
            self._static = np.concatenate([self._static, np.zeros((grow, *self._static.shape[1:]))])
            self._cue_flags = np.concatenate([self._cue_flags, np.zeros(grow, dtype=bool)])
            self._toggle_flags = np.concatenate([self._toggle_flags, np.zeros(grow, dtype=int)])
        index, none = self.index, self._none
        targets: list[int] = []
        slots: list[int] = []
        features: list[int] = []
        for word, low in words.items():
            at = len(rows)
            rows[word] = at
            parts = self._words.get(word) or self._word_parts(word, low)
            self._cue_flags[at] = parts[7]
            self._toggle_flags[at] = parts[2]
            for slot, names in enumerate((parts[0] + parts[1], *parts[3:7])):
                for name in names:
                    targets.append(at)
                    slots.append(slot)
                    features.append(index.get(name, none))
        if targets:
            np.add.at(self._static, (targets, slots), self.weights[features])

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
        if len(paragraphs) == 1:
            words = table.words[paragraphs[0].lo : paragraphs[0].hi]
            lows = table.lows[paragraphs[0].lo : paragraphs[0].hi]
        else:
            words = [w for p in paragraphs for w in table.words[p.lo : p.hi]]
            lows = [w for p in paragraphs for w in table.lows[p.lo : p.hi]]
        rows = self._rows
        found = list(map(rows.get, words))
        if None in found:
            self._add_words(
                {word: low for word, low, k in zip(words, lows, found, strict=True) if k is None}
            )
            found = list(map(rows.__getitem__, words))
        ids = np.array(found, dtype=np.intp)
        sizes = np.array([p.hi - p.lo for p in paragraphs], dtype=np.intp)
        offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]])
        window = self._window
        if window is not None:
            # The bigram of token k joins k-1 and k (read for tokens inside their paragraph).
            bigrams = window.bigram_rows(lows, self._bigrams, self._none)
            scores = window.window_scores(
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
            )
        else:
            scores = self._numpy_window_scores(ids, sizes, offsets, self._bigram_list(lows))
        self._add_marks(scores, table, paragraphs, offsets, sentence_starts, rules, mentions)
        # Relative to O: the O column becomes zero, as CRFsuite scores a label no feature has.
        state = scores - scores[:, self.outside : self.outside + 1]
        keys, kept = self._keys, self._kept
        return [
            Emissions(state[start : start + size], keys, kept)
            for start, size in zip(offsets.tolist(), sizes.tolist(), strict=True)
        ]

    def _bigram_list(self, lows: list[str]) -> list[int]:
        """Row of the bigram of each token and the one before it (see :func:`_bigram_rows`)."""
        none = self._none
        by_first = self._bigrams.get
        bigrams = [none]
        for a, b in zip(lows, lows[1:], strict=False):
            seconds = by_first(a)
            bigrams.append(none if seconds is None else seconds.get(b, none))
        return bigrams

    def _numpy_window_scores(self, ids: Any, sizes: Any, offsets: Any, bigrams: list[int]) -> Any:
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
        bigram_rows = np.where((at > first) & (at < last), np.array(bigrams), self._none)
        scores += self.weights[bigram_rows]
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

    def _add_marks(
        self,
        scores: Any,
        table: _TokenTable,
        paragraphs: Sequence[ParagraphTokens],
        offsets: Any,
        sentence_starts: Sequence[int],
        rules: Sequence[Attribution],
        mentions: Sequence[SourceMention],
    ) -> None:
        """Add the rules', alias and sentence-start marks of each token and of its neighbours."""
        by_paragraph = _by_paragraph(paragraphs, rules, mentions)
        paragraph_marks = [
            (
                self._context_marks(table, para, sentence_starts, in_rules, in_mentions),
                offset,
                para.hi - para.lo,
            )
            for para, offset, (in_rules, in_mentions) in zip(
                paragraphs, offsets.tolist(), by_paragraph, strict=True
            )
        ]
        if self._window is not None:
            self._window.add_marks(
                scores, paragraph_marks, self._mark_rows, self._rows_of_mark, self.weights
            )
            return
        at: list[int] = []
        feature_rows: list[int] = []
        mark_rows = self._mark_rows
        for marks, offset, n in paragraph_marks:
            for k, names in marks.items():
                for name in names:
                    for shift, row in mark_rows.get(name) or self._rows_of_mark(name):
                        j = k + shift
                        if 0 <= j < n:
                            at.append(offset + j)
                            feature_rows.append(row)
        if at:
            self._np.add.at(scores, at, self.weights[feature_rows])

    def _rows_of_mark(self, name: str) -> list[tuple[int, int]]:
        """``(token shift, row)`` of the features the model knows among ``name`` (on the
        token), ``-1:name`` (on the next token) and ``1:name`` (on the previous one), in
        that order.
        """
        get = self.index.get
        found = ((0, get(name)), (1, get(f"-1:{name}")), (-1, get(f"1:{name}")))
        rows = [(shift, row) for shift, row in found if row is not None]
        self._mark_rows[name] = rows
        return rows
