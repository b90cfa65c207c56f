"""Relation features of two claims, for the agreement model.

Every feature says how the two texts relate (shared words, entities one side names and the
other lacks, numbers or dates that conflict, a negation or denial on one side only); none
says what either text is about, so a model trained on them carries over to new stories.
Each text is read once (:class:`TextProfile`: tokens, entities, numbers, hedges, and the
quantities, dates and negated predicates of credence's extractors); the pair features are
then cheap set and vector operations.

Two kinds of negation are read. The word-level one (a content word within three tokens after
a negator, shared by both texts) misses a predicate written in another form ("sent" / "did
not send", "blurred" / "did not blur") and counts negations that govern nothing checkable.
The predicate-level one (:mod:`credence.features.polarity`: the predicate a negation governs,
keyed by lemma, with denials and "reports … are false") says whether one text negates what
the other asserts, or both negate one predicate: a swapped polarity is a contradiction
however many words the two texts share.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.utils.validation import check_is_fitted

from credence.features.lexicon import words
from credence.features.polarity import asserted_predicates, negated_predicates
from credence.models.agreement_pairs import ProfileArrays, pair_features

__all__ = [
    "DETAIL_FEATURE_NAMES",
    "FEATURE_NAMES",
    "PREDICATE_FEATURE_NAMES",
    "PreparedTexts",
    "TextProfile",
    "claim_core",
    "predicate_polarity",
    "profile_text",
    "PairFeaturizer",
]

_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d[\d,.]*")
_SUFFIXES = ("ings", "ing", "ies", "ied", "ed", "es", "s", "ly")
# Words that open a sentence capitalised without naming anything.
_NOT_ENTITIES = ENGLISH_STOP_WORDS | {"mr", "mrs", "ms", "dr", "report", "reports", "new"}

#: The relation features, in column order.
FEATURE_NAMES: tuple[str, ...] = (
    "cosine_word",
    "cosine_char",
    "jaccard_tokens",
    "overlap_first_tokens",
    "overlap_second_tokens",
    "jaccard_content",
    "overlap_first_content",
    "overlap_second_content",
    "jaccard_stems",
    "unshared_idf_first",
    "unshared_idf_second",
    "entities_first",
    "entities_second",
    "entity_overlap_first",
    "entity_overlap_second",
    "entities_missing_in_second",
    "entities_missing_in_first",
    "numbers_shared",
    "numbers_disjoint",
    "quantities_conflict",
    "quantities_agree",
    "dates_conflict",
    "dates_agree",
    "negators_first",
    "negators_second",
    "negation_contrast",
    "refutation_first",
    "refutation_second",
    "refutation_contrast",
    "polarity_contrast",
    "hedges_first",
    "hedges_second",
    "hedge_contrast",
    "question_first",
    "question_second",
    "log_length_first",
    "log_length_second",
    "length_ratio",
)

#: The predicate-level negation features (:func:`predicate_polarity`), after
#: :data:`FEATURE_NAMES` when ``PairFeaturizer(predicate_polarity=True)``.
PREDICATE_FEATURE_NAMES: tuple[str, ...] = ("predicate_polarity_contrast", "predicate_negated_both")

#: The detail-alignment features (:func:`detail_alignment`), last, when
#: ``PairFeaturizer(detail_alignment=True)``.
DETAIL_FEATURE_NAMES: tuple[str, ...] = (
    "details_unstated_first",
    "details_unstated_second",
    "detail_kinds_swapped",
)


def _stem(token: str) -> str:
    # A crude suffix strip: "denies"/"denied"/"deny" and "troops"/"troop" meet.
    for suffix in _SUFFIXES:
        if token.endswith(suffix) and len(token) - len(suffix) >= 3:
            return token[: -len(suffix)]
    return token


@dataclass(frozen=True, slots=True)
class TextProfile:
    """What the pair features need of one text, read once.

    Attributes
    ----------
    tokens : tuple of str
        Lower-cased word and number tokens, in order.
    content, stems, entities, numbers : frozenset of str
        Content words (no stop words), their stems, capitalised names, number tokens.
    negators, refutations, hedges : int
        Counts of negation words, denial words and hedge cues (credence's hedge extractor).
    negated : frozenset of str
        Content words within three tokens after a negator ("did **not** *confirm*").
    question : bool
        Whether the text asks a question.
    quantities, dates : tuple
        Spans of credence's quantity and date extractors.
    negated_keys, asserted_keys : frozenset of str
        Lemma keys of the predicates the text negates, and of those it asserts (not under a
        negation), as :mod:`credence.features.polarity` reads them.
    details : tuple of (str, str)
        The claim core's details (:func:`~credence.models.agreement_swaps.details_of`) as
        (family, lower-cased words between spaces): family ``number`` (numbers, years),
        ``date`` (days, months) or ``name`` (nationalities, places, names).
    lowered : str
        The claim core's lower-cased words between spaces (to find another text's details).
    """

    tokens: tuple[str, ...]
    content: frozenset[str]
    stems: frozenset[str]
    entities: frozenset[str]
    numbers: frozenset[str]
    negators: int
    refutations: int
    hedges: int
    negated: frozenset[str]
    question: bool
    quantities: tuple[Any, ...]
    dates: tuple[Any, ...]
    negated_keys: frozenset[str] = frozenset()
    asserted_keys: frozenset[str] = frozenset()
    details: tuple[tuple[str, str], ...] = ()
    lowered: str = ""


@dataclass(frozen=True, slots=True)
class PreparedTexts:
    """Texts read once for :meth:`PairFeaturizer.transform_prepared`, rows by text index.

    Attributes
    ----------
    profiles : list of TextProfile
    word, char : scipy.sparse.csr_matrix
        The word and character TF-IDF rows of the texts' claim cores.
    """

    profiles: list[TextProfile]
    word: sp.csr_matrix
    char: sp.csr_matrix
    #: The profiles as arrays (:class:`~credence.models.agreement_pairs.ProfileArrays`),
    #: made on the first pairs read in a process and kept for the next batches (a holder:
    #: the dataclass is frozen, and a pool's worker inherits the texts, not the arrays).
    arrays: list[Any] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def join(cls, parts: Sequence[PreparedTexts]) -> PreparedTexts:
        """The texts of ``parts`` prepared as one, in order (parts prepared apart, e.g. by
        different worker processes: a text's rows do not depend on the others).
        """
        return cls(
            profiles=[profile for part in parts for profile in part.profiles],
            word=sp.vstack([part.word for part in parts], format="csr"),
            char=sp.vstack([part.char for part in parts], format="csr"),
            arrays=_joined_arrays(parts),
        )


def _joined_arrays(parts: Sequence[PreparedTexts]) -> list[Any]:
    # The parts' profile arrays joined when every part made its own (PairFeaturizer.
    # prepare_part, in the worker that read it): the processes that read the pairs then
    # inherit them, instead of each making the arrays of every text again.
    if not parts or not all(part.arrays for part in parts):
        return []
    return [ProfileArrays.joined([part.arrays[0] for part in parts])]


def _lowered(raw: Sequence[str]) -> tuple[str, ...]:
    return tuple(t.lower().replace("’", "'") for t in raw)


@cache
def _word_list(name: str) -> frozenset[str]:
    # lexicon.words builds its set on every call; a profile asks for two lists per text.
    return words(name)


def _count_phrases(tokens: Sequence[str], text: str, phrases: frozenset[str]) -> int:
    count = sum(1 for t in tokens if t in phrases)
    return count + sum(text.count(p) for p in phrases if " " in p)


def claim_core(text: str, attribution: Any) -> str:
    """What a claim asserts, without its attribution frame ("X said", "according to X").

    Two outlets quoting two sources for one fact share the fact, not the frame; compared
    whole, "..., the harbour master told reporters" and "..., according to the maritime
    administration" differ in half their words. The longest attributed content of ``text``
    (credence's attribution extractor) when it is at least a third of the text, else the text.
    """
    contents = [a.content for a in attribution.extract(text)]
    best = max(contents, key=lambda span: span.end - span.start, default=None)
    if best is None or 3 * (best.end - best.start) < len(text):
        return text
    return best.text


def profile_text(
    text: str,
    extractors: dict[str, Any],
    core: str | None = None,
    predicates: bool = False,
    details: bool = False,
) -> TextProfile:
    """Read one text: tokens, entities, numbers, negation, hedges, quantities and dates.

    Parameters
    ----------
    text : str
    extractors : dict
        ``{"hedges", "quantities", "dates"}`` extractor instances.
    core : str, optional
        :func:`claim_core` of ``text``: words, names, numbers and dates are read from it;
        negation, denial, hedges and questions from the whole text (a frame's "denied" or
        "did not confirm" is what the text says of the claim).
    predicates : bool
        Read the negated and asserted predicates (``negated_keys``, ``asserted_keys``; left
        empty otherwise, for a featurizer that does not use them).
    details : bool
        Read the core's details (``details``, ``lowered``; left empty otherwise).
    """
    core = text if core is None else core
    raw = _TOKEN.findall(core)
    tokens = _lowered(raw)
    whole = tokens if core == text else _lowered(_TOKEN.findall(text))
    negators = _word_list("negators")
    content = frozenset(t for t in tokens if t not in ENGLISH_STOP_WORDS and t[0].isalpha())
    entities = frozenset(
        t.lower() for t in raw if t[0].isupper() and t.lower() not in _NOT_ENTITIES
    )
    negated = set()
    for k, token in enumerate(tokens):
        if token in negators or token.endswith("n't"):
            negated.update(t for t in tokens[k + 1 : k + 4] if t in content)
    hedges = [h for h in extractors["hedges"].extract(text) if not h.negated]
    return TextProfile(
        tokens=tokens,
        content=content,
        stems=frozenset(_stem(t) for t in content),
        entities=entities,
        numbers=frozenset(t.rstrip(".,") for t in tokens if t[0].isdigit()),
        negators=sum(1 for t in whole if t in negators or t.endswith("n't")),
        refutations=_count_phrases(whole, " ".join(whole), _word_list("refutation")),
        hedges=len(hedges),
        negated=frozenset(negated),
        question="?" in text,
        quantities=tuple(extractors["quantities"].extract(core)),
        dates=tuple(d for d in extractors["dates"].extract(core) if d.resolved),
        # From the whole text: attribution is transparent to a negation ("X said no doses
        # were recalled"), and a frame's denial ("denied that …") is what it says of the claim.
        negated_keys=frozenset(n.key for n in negated_predicates(text))
        if predicates
        else frozenset(),
        asserted_keys=frozenset(asserted_predicates(text)) if predicates else frozenset(),
        details=_detail_values(core) if details else (),
        lowered=_spaced_words(core) if details else "",
    )


# A word or number, inner punctuation kept ("4,300", "2.5", "u.s", "o'neill").
_DETAIL_WORD = re.compile(r"\w[\w,.'’-]*\w|\w")


def _spaced_words(text: str) -> str:
    # Lower-cased words between single spaces, and one at each end: a detail is stated
    # when " <its words> " is a substring (whole words, one plain substring test).
    return f" {' '.join(_DETAIL_WORD.findall(text.lower()))} "


def _detail_values(core: str) -> tuple[tuple[str, str], ...]:
    from credence.models.agreement_swaps import DETAIL_FAMILY, details_of

    values = {(DETAIL_FAMILY[d.kind], _spaced_words(d.text)) for d in details_of(core)}
    return tuple(sorted(values))


def _states(lowered: str, value: str) -> bool:
    # Whole words of the other text (" texas " in " … not texas ", not " tex " in it).
    return value in lowered


def detail_alignment(a: TextProfile, b: TextProfile) -> tuple[float, float, float]:
    """(details of ``a`` that ``b`` does not state, the same of ``b``, families in which both
    state a detail the other does not).

    The last says a detail was swapped: "4,300 people" against "43,000 people", "in Texas"
    against "in Nevada". Two paraphrases leave a detail out, rarely both sides one of a kind.

    Examples
    --------
    >>> from credence.features.dates import DateExtractor
    >>> from credence.features.hedges import HedgeExtractor
    >>> from credence.features.quantities import QuantityExtractor
    >>> read = {"hedges": HedgeExtractor(), "quantities": QuantityExtractor(),
    ...         "dates": DateExtractor()}
    >>> true = profile_text("Tesla will build the plant in Nevada.", read, details=True)
    >>> told = profile_text("The plant goes to Nevada, said Tesla on Monday.", read, details=True)
    >>> swapped = profile_text("Tesla will build the plant in Texas.", read, details=True)
    >>> detail_alignment(true, told), detail_alignment(swapped, told)
    ((0.0, 1.0, 0.0), (1.0, 2.0, 1.0))
    """
    unstated_a = [(f, v) for f, v in a.details if not _states(b.lowered, v)]
    unstated_b = [(f, v) for f, v in b.details if not _states(a.lowered, v)]
    swapped = {f for f, _ in unstated_a} & {f for f, _ in unstated_b}
    return float(len(unstated_a)), float(len(unstated_b)), float(len(swapped))


def predicate_polarity(a: TextProfile, b: TextProfile) -> tuple[float, float]:
    """(one text negates a predicate the other asserts, both negate one predicate) as 0/1.

    A predicate a text both negates and asserts ("did not close … then closed") is left out
    on that side, as :func:`credence.features.polarity.polarity_contradiction` leaves it.

    Examples
    --------
    >>> from credence.features.dates import DateExtractor
    >>> from credence.features.hedges import HedgeExtractor
    >>> from credence.features.quantities import QuantityExtractor
    >>> read = {"hedges": HedgeExtractor(), "quantities": QuantityExtractor(),
    ...         "dates": DateExtractor()}
    >>> blurred = profile_text("Saudi TV blurred her face.", read, predicates=True)
    >>> denied = profile_text("Her face was not blurred, they said.", read, predicates=True)
    >>> predicate_polarity(blurred, denied)
    (1.0, 0.0)
    """
    only_a = a.negated_keys - a.asserted_keys
    only_b = b.negated_keys - b.asserted_keys
    contrast = bool(only_a & (b.asserted_keys - b.negated_keys)) or bool(
        only_b & (a.asserted_keys - a.negated_keys)
    )
    return float(contrast), float(bool(a.negated_keys & b.negated_keys))


def _share(part: frozenset[str], whole: frozenset[str]) -> float:
    return len(part & whole) / len(part) if part else 0.0


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    union = a | b
    return len(a & b) / len(union) if union else 0.0


def _measure_relation(a: TextProfile, b: TextProfile) -> tuple[float, float, float, float]:
    """(quantities conflict, quantities agree, dates conflict, dates agree) as 0/1."""
    from credence.features.dates import dates_conflict
    from credence.features.quantities import intervals_agree, intervals_conflict

    q_conflict = any(intervals_conflict(x, y) for x in a.quantities for y in b.quantities)
    q_agree = any(intervals_agree(x, y) for x in a.quantities for y in b.quantities)
    d_conflict = d_agree = False
    for x in a.dates:
        for y in b.dates:
            # Only dates of one granularity say the same or different things; "2015" and
            # "March 2015" are compatible without agreeing.
            if x.granularity == y.granularity:
                clash = dates_conflict(x, y)
                d_conflict |= clash
                d_agree |= not clash
    return float(q_conflict), float(q_agree), float(d_conflict), float(d_agree)


def _pair_row(a: TextProfile, b: TextProfile, idf: dict[str, float], default_idf: float) -> list:
    def unshared_mass(own: frozenset[str], other: frozenset[str]) -> float:
        # Sets iterate in an order that changes with the string-hash seed: math.fsum's
        # exactly rounded sum is the same in any order.
        total = math.fsum(idf.get(t, default_idf) for t in own)
        lost = math.fsum(idf.get(t, default_idf) for t in own - other)
        return lost / total if total else 0.0

    ta, tb = frozenset(a.tokens), frozenset(b.tokens)
    shared = a.content & b.content
    polarity = bool((a.negated - b.negated) & shared) or bool((b.negated - a.negated) & shared)
    len_a, len_b = len(a.tokens), len(b.tokens)
    return [
        _jaccard(ta, tb),
        _share(ta, tb),
        _share(tb, ta),
        _jaccard(a.content, b.content),
        _share(a.content, b.content),
        _share(b.content, a.content),
        _jaccard(a.stems, b.stems),
        unshared_mass(a.content, b.content),
        unshared_mass(b.content, a.content),
        float(len(a.entities)),
        float(len(b.entities)),
        _share(a.entities, b.entities),
        _share(b.entities, a.entities),
        float(len(a.entities - b.entities)),
        float(len(b.entities - a.entities)),
        float(len(a.numbers & b.numbers)),
        float(bool(a.numbers) and bool(b.numbers) and not (a.numbers & b.numbers)),
        *_measure_relation(a, b),
        float(a.negators),
        float(b.negators),
        float((a.negators > 0) != (b.negators > 0)),
        float(a.refutations),
        float(b.refutations),
        float((a.refutations > 0) != (b.refutations > 0)),
        float(polarity),
        float(a.hedges),
        float(b.hedges),
        float(a.hedges - b.hedges),
        float(a.question),
        float(b.question),
        math.log1p(len_a),
        math.log1p(len_b),
        min(len_a, len_b) / max(len_a, len_b, 1),
    ]


def _predicate_columns(
    profiles: Sequence[TextProfile], first: np.ndarray, second: np.ndarray
) -> np.ndarray:
    # Only pairs where a side negates a predicate can have either feature (few pairs).
    out = np.zeros((len(first), 2))
    negates = np.fromiter((bool(p.negated_keys) for p in profiles), dtype=bool, count=len(profiles))
    for k in np.flatnonzero(negates[first] | negates[second]).tolist():
        out[k] = predicate_polarity(profiles[int(first[k])], profiles[int(second[k])])
    return out


def _detail_columns(
    profiles: Sequence[TextProfile], first: np.ndarray, second: np.ndarray
) -> np.ndarray:
    # Only pairs where a side states a detail can have any of the three.
    out = np.zeros((len(first), len(DETAIL_FEATURE_NAMES)))
    has = np.fromiter((bool(p.details) for p in profiles), dtype=bool, count=len(profiles))
    for k in np.flatnonzero(has[first] | has[second]).tolist():
        out[k] = detail_alignment(profiles[int(first[k])], profiles[int(second[k])])
    return out


def _row_cosines(X: sp.csr_matrix, first: np.ndarray, second: np.ndarray) -> np.ndarray:
    # Rows are L2-normalised: the cosine of a pair is the sum of its elementwise product.
    return np.asarray(X[first].multiply(X[second]).sum(axis=1)).ravel()


class PairFeaturizer(TransformerMixin, BaseEstimator):
    """Turn pairs of texts into :data:`FEATURE_NAMES` relation features.

    ``fit`` learns the word and character TF-IDF weights (and word IDF) from the texts; the
    features themselves relate the two texts and never name a word.

    Parameters
    ----------
    max_char_features : int
        Vocabulary cap of the character n-gram TF-IDF.
    predicate_polarity : bool
        Add the :data:`PREDICATE_FEATURE_NAMES` columns (an option: the bundled model is
        fitted without them, see docs/scores.md).
    detail_alignment : bool
        Add the :data:`DETAIL_FEATURE_NAMES` columns, last.

    Examples
    --------
    >>> f = PairFeaturizer().fit(["Troops were sent to Kursk.", "Rates rose in March."])
    >>> X = f.transform(["Troops were sent to Kursk."], ["No troops were sent to Kursk."])
    >>> X.shape == (1, len(FEATURE_NAMES)), bool(X[0, 0] > 0.5)
    (True, True)
    """

    def __init__(
        self,
        max_char_features: int = 50000,
        predicate_polarity: bool = False,
        detail_alignment: bool = False,
    ) -> None:
        self.max_char_features = max_char_features
        self.predicate_polarity = predicate_polarity
        self.detail_alignment = detail_alignment

    def _predicates(self) -> bool:
        # Featurizers pickled before the option existed read without it.
        return bool(getattr(self, "predicate_polarity", False))

    def _details(self) -> bool:
        # Featurizers pickled before the option existed read without it.
        return bool(getattr(self, "detail_alignment", False))

    def feature_names(self) -> tuple[str, ...]:
        """The names of the columns :meth:`transform` gives, in order."""
        return (
            FEATURE_NAMES
            + (PREDICATE_FEATURE_NAMES if self._predicates() else ())
            + (DETAIL_FEATURE_NAMES if self._details() else ())
        )

    def fit(self, texts: Sequence[str], y: Any = None) -> PairFeaturizer:
        """Learn the TF-IDF vocabularies and word IDF from ``texts``."""
        texts = list(dict.fromkeys(texts))
        self.word_vectorizer_ = TfidfVectorizer(
            stop_words="english", sublinear_tf=True, dtype=np.float32
        ).fit(texts)
        self.char_vectorizer_ = TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=(3, 5),
            sublinear_tf=True,
            max_features=self.max_char_features,
            dtype=np.float32,
        ).fit(texts)
        vocabulary = self.word_vectorizer_.vocabulary_
        idf = self.word_vectorizer_.idf_
        self.idf_ = {word: float(idf[k]) for word, k in vocabulary.items()}
        self.default_idf_ = float(idf.max()) if len(idf) else 1.0
        return self

    def _extractors(self) -> dict[str, Any]:
        from credence.features.attribution import AttributionExtractor
        from credence.features.dates import DateExtractor
        from credence.features.hedges import HedgeExtractor
        from credence.features.quantities import QuantityExtractor

        return {
            # The rules read the frame of one short claim ("…, officials said") whole; the
            # tagger, trained on whole articles, may cut such a content short, and the
            # bundled model was fitted on the rules' reading.
            "attribution": AttributionExtractor(model=None),
            "hedges": HedgeExtractor(),
            "quantities": QuantityExtractor(),
            "dates": DateExtractor(),
        }

    def transform(self, first: Sequence[str], second: Sequence[str]) -> np.ndarray:  # type: ignore[override]
        """The ``(n, len(FEATURE_NAMES))`` relation features of ``zip(first, second)``."""
        check_is_fitted(self, "idf_")
        if len(first) != len(second):
            raise ValueError(
                "first and second must have the same length. Got "
                f"{len(first)} and {len(second)} instead."
            )
        n = len(first)
        if n == 0:
            return np.zeros((0, len(self.feature_names())))
        # Each distinct text is read once, however many pairs it is in.
        unique = list(dict.fromkeys([*first, *second]))
        index = {text: k for k, text in enumerate(unique)}
        ia = np.fromiter((index[t] for t in first), dtype=np.int64, count=n)
        ib = np.fromiter((index[t] for t in second), dtype=np.int64, count=n)
        return self.transform_prepared(self.prepare(unique), ia, ib)

    def prepare(self, texts: Sequence[str]) -> PreparedTexts:
        """Read ``texts`` once for :meth:`transform_prepared` (each text alone: the rows of a
        text are the same whatever the other texts prepared with it).
        """
        check_is_fitted(self, "idf_")
        texts = list(texts)
        extractors = self._extractors()
        cores = [claim_core(t, extractors["attribution"]) for t in texts]
        predicates, details = self._predicates(), self._details()
        return PreparedTexts(
            profiles=[
                profile_text(t, extractors, c, predicates, details)
                for t, c in zip(texts, cores, strict=True)
            ],
            word=self.word_vectorizer_.transform(cores).tocsr(),
            char=self.char_vectorizer_.transform(cores).tocsr(),
        )

    def transform_prepared(
        self, prepared: PreparedTexts, first: np.ndarray, second: np.ndarray
    ) -> np.ndarray:
        """The relation features of the pairs ``(first[k], second[k])`` of prepared rows."""
        check_is_fitted(self, "idf_")
        n = len(first)
        width = len(FEATURE_NAMES)
        out = np.empty((n, len(self.feature_names())), dtype=np.float64)
        if n == 0:
            return out
        out[:, 0] = _row_cosines(prepared.word, first, second)
        out[:, 1] = _row_cosines(prepared.char, first, second)
        profiles = prepared.profiles

        def per_pair(a: int, b: int) -> list:
            return _pair_row(profiles[a], profiles[b], self.idf_, self.default_idf_)

        def measure_relation(a: int, b: int) -> tuple[float, float, float, float]:
            return _measure_relation(profiles[a], profiles[b])

        arrays = self._profile_arrays(prepared)
        pair_features(arrays, first, second, out[:, :width], per_pair, measure_relation)
        if self._predicates():
            out[:, width : width + len(PREDICATE_FEATURE_NAMES)] = _predicate_columns(
                profiles, first, second
            )
        if self._details():
            out[:, -len(DETAIL_FEATURE_NAMES) :] = _detail_columns(profiles, first, second)
        return out

    def prepare_part(self, texts: Sequence[str]) -> PreparedTexts:
        """:meth:`prepare` of a run of texts read apart (by a worker), with its profile
        arrays made there: :meth:`PreparedTexts.join` joins them with the texts.
        """
        prepared = self.prepare(texts)
        self._profile_arrays(prepared)
        return prepared

    def _profile_arrays(self, prepared: PreparedTexts) -> ProfileArrays:
        # Made once a process for all the prepared texts (see PreparedTexts.arrays).
        if not prepared.arrays:
            prepared.arrays.append(
                ProfileArrays.of(prepared.profiles, self.idf_, self.default_idf_)
            )
        return prepared.arrays[0]
