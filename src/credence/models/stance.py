"""Claim–evidence stance: does a piece of evidence agree with, disagree with, discuss, or
ignore a claim? Trained on FNC-1 (headline, article body) pairs.

The model works in three layers, all scikit-learn on CPU:

1. **Per-text analysis, cached.** Each evidence text is split into sentences (the engine's
   segmentation, :mod:`credence.features.segment`) and vectorised once (word 1–2-gram
   TF-IDF, tokens, five-letter stems, cue counts per sentence), keyed by a hash of the text;
   claims likewise. Evidence repeats across pairs (an FNC-1 body serves ~30 headlines), so
   most pairs cost only a few vector products.
2. **Pair features, relations only**: TF-IDF cosines against the whole evidence, its lead
   and its best-matching sentences; token, stem, bigram and IDF-weighted overlaps (which
   also see words outside the training vocabulary), BM25, the position of the best passage;
   refutation, negation, hedge and confirmation cues in the claim, the evidence and around
   the best sentence; number agreement (and quantity interval conflicts when
   ``credence.features.quantities`` offers them); and the span features of the registered
   extractors :data:`STANCE_EXTRACTORS` (hedges, attribution, quantities, dates)
   for the claim and the evidence lead, when present; and contrast features
   (:mod:`~credence.models.stance_contrast`): each cue weighed by the claim similarity of the
   sentence bearing it, so that a denial at the restated claim counts, one elsewhere little.
   Nothing identifies a claim's topic (no
   LSA or n-gram coordinates): on FNC-1 such features learn the training stories and fail on
   new ones (with LSA cosines, 30 % of new-topic related pairs were called unrelated).
3. **Two gradient-boosted stages**, related/unrelated then agree/disagree/discuss, whose
   combined probabilities are calibrated (temperature and per-class bias fitted on the
   pooled predictions of preliminary fits, each for a held-out fold of whole topics:
   connected components of claims and evidences over related pairs). ``predict`` applies
   per-class decision weights tuned for macro-F1 plus the FNC score on the same held-out
   predictions, so ``predict_proba`` stays calibrated while ``predict`` serves the rare
   classes.

The layers live in their own modules: :mod:`~credence.models.stance_text` (per-text
reading), :mod:`~credence.models.stance_cache`, :mod:`~credence.models.stance_features` (pair
features), :mod:`~credence.models.stance_extractors`, :mod:`~credence.models.stance_topics`,
:mod:`~credence.models.stance_calibration` and :mod:`~credence.models.stance_training`
(training, evaluation, persistence; re-exported here).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.model_selection import GroupKFold
from sklearn.utils.validation import check_is_fitted
from threadpoolctl import threadpool_limits

from credence.models.stance_cache import TextCache
from credence.models.stance_calibration import (
    apply_vector_scaling,
    decide,
    fit_decision_weights,
    fit_vector_scaling,
)
from credence.models.stance_data import STANCE_LABELS
from credence.models.stance_extractors import (
    ExtractorAdapter,
    available_extractors,
    has_interval_checks,
)
from credence.models.stance_features import PairFeatures
from credence.models.stance_passage import fit_char_vectorizer
from credence.models.stance_related import RELATED_LABELS, RelatedStanceReader
from credence.models.stance_text import PreparedTexts, sentence_spans
from credence.models.stance_text import tokens as tokenize
from credence.models.stance_topics import topic_components

if TYPE_CHECKING:
    from credence.models.stance_training import (
        evaluate_cosine_baseline,
        evaluate_stance,
        load_stance,
        save_stance,
        train_default_stance,
        train_stance,
    )

__all__ = [
    "StanceModel",
    "PreparedTexts",
    "train_stance",
    "evaluate_stance",
    "evaluate_cosine_baseline",
    "save_stance",
    "load_stance",
    "train_default_stance",
    "topic_components",
    "sentence_spans",
    "STANCE_EXTRACTORS",
]

# The training, evaluation and persistence functions live in stance_training, which imports
# this module; they are re-exported here on first access (their import path since 0.1).
_TRAINING_NAMES = frozenset(
    {
        "train_stance",
        "evaluate_stance",
        "evaluate_cosine_baseline",
        "save_stance",
        "load_stance",
        "train_default_stance",
    }
)
# Models pickled before the split name the adapter by its old private name.
_ExtractorAdapter = ExtractorAdapter

#: The registered extractors whose span features a new model adds (``extractors=None``).
#: A fixed list rather than the engine's defaults (``credence.scoring.engine.DEFAULT_EXTRACTORS``):
#: a trained model fixes its features (``extractors_used_``, recorded in ``meta.json``), and
#: the engine's ``chains`` measured worse on the FNC-1 topic dev split (FNC score 79.9 % with
#: it, 83.6 % without; see docs/scores.md §9).
STANCE_EXTRACTORS: tuple[str, ...] = ("hedges", "attribution", "quantities", "dates")


def __getattr__(name: str) -> Any:
    if name in _TRAINING_NAMES:
        from credence.models import stance_training

        return getattr(stance_training, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class StanceModel(TextCache, PairFeatures, ClassifierMixin, BaseEstimator):
    """Calibrated stance of evidence towards a claim: agree, disagree, discuss or unrelated.

    Two gradient-boosted stages share one feature set: *related vs unrelated* on every
    pair, then *agree / disagree / discuss* on the related ones;
    ``P(stance) = P(related) * P(stance | related)``, then calibrated.

    Parameters
    ----------
    random_state : int
        Seed of every random step (folds, boosting): fits are deterministic.
    max_iter, learning_rate : int, float
        Gradient boosting settings (both stages).
    max_leaf_nodes : int
        Leaves per tree of the related/unrelated stage.
    stance_max_leaf_nodes : int
        Leaves per tree of the agree/disagree/discuss stage. Smaller trees (with larger
        leaves and balanced class weights, as ``disagree`` is 6 % of FNC-1's related pairs)
        learn less of the training stories: on the topic-split dev set they gain 0.02
        macro-F1 over the relatedness stage's settings.
    stance_l2_regularization : float
        L2 penalty on the leaf values of the agree/disagree/discuss stage (the relatedness
        stage keeps 1.0). A strong penalty keeps the few ``disagree`` pairs of one story
        from dictating a leaf: on held-out topics of the training split (3 folds) it gains
        0.015 macro-F1 and lowers ECE from 0.055 to 0.045 against 1.0.
    calibration_folds : int
        The calibration and decision weights are fitted on the pooled held-out predictions
        of this many folds of whole topics (see :func:`topic_components`), each held out
        from a preliminary fit.
    n_threads : int
        OpenMP threads for boosting (1 is fastest on a busy machine, and bit-reproducible).
    extractors : sequence of str or None
        Registered extractors whose span features to add (for the claim and the evidence
        lead); those not registered are left out. ``None`` uses
        :data:`STANCE_EXTRACTORS`; ``()`` uses none. A fitted
        model keeps the list it was trained with (``extractors_used_``, and
        ``meta.json`` of a saved model): its features are fixed.

    Attributes
    ----------
    classes_ : ndarray of str
        ``["agree", "disagree", "discuss", "unrelated"]``, the column order of probabilities.
    extractors_used_ : dict
        ``{name: version}`` of the extractors the features depend on.
    feature_names_ : list of str
        Names of the boosting features.

    Examples
    --------
    >>> model = StanceModel().fit(claims, evidences, labels, groups=body_ids)  # doctest: +SKIP
    >>> model.predict_proba(["Claim"], ["Evidence text."]).shape               # doctest: +SKIP
    (1, 4)
    """

    def __init__(
        self,
        random_state: int = 0,
        max_iter: int = 150,
        learning_rate: float = 0.1,
        max_leaf_nodes: int = 31,
        stance_max_leaf_nodes: int = 15,
        stance_l2_regularization: float = 10.0,
        calibration_folds: int = 3,
        n_threads: int = 1,
        extractors: Sequence[str] | None = None,
    ) -> None:
        self.random_state = random_state
        self.max_iter = max_iter
        self.learning_rate = learning_rate
        self.max_leaf_nodes = max_leaf_nodes
        self.stance_max_leaf_nodes = stance_max_leaf_nodes
        self.stance_l2_regularization = stance_l2_regularization
        self.calibration_folds = calibration_folds
        self.n_threads = n_threads
        self.extractors = extractors

    def prepare_texts(self, texts: Sequence[str], chunk_size: int = 4096) -> PreparedTexts:
        """Analyse ``texts`` once for :meth:`predict_proba_prepared`, without the cache.

        For a large prediction over one set of texts (each text read as claim and as
        evidence of many pairs), this replaces the per-text cache: memory is a few hundred
        bytes per text and is freed with the returned object. The features, hence the
        probabilities, are identical to those of :meth:`predict_proba`.
        """
        check_is_fitted(self, "stages_")
        texts = tuple(texts)
        word_parts: list[sp.csr_matrix] = []
        char_parts: list[sp.csr_matrix] = []
        for lo in range(0, len(texts), chunk_size):
            chunk = list(texts[lo : lo + chunk_size])
            word_parts.append(self.word_vectorizer_.transform(chunk).astype(np.float32).tocsr())
            if self._reads_passages():
                char_parts.append(self._char_rows(chunk))
        n_features = sum(len(a.feature_names) for a in self._adapters_)
        extractor = np.zeros((len(texts), n_features), dtype=np.float64)
        quantities: dict[int, tuple[Any, ...]] = {}
        for i, text in enumerate(texts):
            if n_features:
                extractor[i] = self._extractor_features(text)
            found = tuple(self._quantities(text))
            if found:
                quantities[i] = found
        if texts:
            word = sp.csr_matrix(sp.vstack(word_parts, format="csr"))
        else:
            word = sp.csr_matrix((0, len(self.word_vectorizer_.vocabulary_)), dtype=np.float32)
        char = None
        if self._reads_passages():
            width = len(self.char_vectorizer_.vocabulary_)
            char = (
                sp.csr_matrix(sp.vstack(char_parts, format="csr"))
                if texts
                else sp.csr_matrix((0, width), dtype=np.float32)
            )
        return PreparedTexts(texts, word, extractor, quantities, char)

    def predict_proba_prepared(
        self,
        prepared: PreparedTexts,
        claim_rows: Sequence[int] | np.ndarray,
        evidence_rows: Sequence[int] | np.ndarray,
    ) -> np.ndarray:
        """:meth:`predict_proba` of the pairs ``(texts[claim_rows[r]], texts[evidence_rows[r]])``
        of ``prepared`` (:meth:`prepare_texts`); the same probabilities, columns in
        ``classes_`` order.
        """
        check_is_fitted(self, "stages_")
        claim_rows = np.asarray(claim_rows, dtype=np.int64).reshape(-1)
        evidence_rows = np.asarray(evidence_rows, dtype=np.int64).reshape(-1)
        if claim_rows.size != evidence_rows.size:
            raise ValueError(
                f"claim_rows and evidence_rows must have the same length. Got "
                f"{claim_rows.size} and {evidence_rows.size} instead."
            )
        if claim_rows.size == 0:
            return np.zeros((0, len(STANCE_LABELS)))
        return self._proba_from_features(
            self._prepared_features(prepared, claim_rows, evidence_rows)
        )

    # --- fitting -----------------------------------------------------------------------

    def _new_booster(
        self,
        n_samples: int,
        max_leaf_nodes: int,
        min_samples_leaf: int,
        class_weight: str | None = None,
        l2_regularization: float = 1.0,
    ) -> HistGradientBoostingClassifier:
        return HistGradientBoostingClassifier(
            max_iter=self.max_iter,
            learning_rate=self.learning_rate,
            max_leaf_nodes=max_leaf_nodes,
            # As given on FNC-sized data; a small user data set still gets trees that split.
            min_samples_leaf=min(min_samples_leaf, max(2, n_samples // 20)),
            l2_regularization=l2_regularization,
            early_stopping=False,
            class_weight=class_weight,
            random_state=self.random_state,
        )

    def _fit_text_models(self, claims: Sequence[str], evidences: Sequence[str]) -> None:
        unique_claims = list(dict.fromkeys(claims))
        unique_evidences = list(dict.fromkeys(evidences))
        corpus = unique_claims + unique_evidences
        # A term must recur to be worth a column, but a small user corpus keeps every term.
        min_df = 2 if len(corpus) >= 50 else 1
        self.word_vectorizer_ = TfidfVectorizer(
            ngram_range=(1, 2),
            min_df=min_df,
            max_df=0.5 if len(corpus) >= 50 else 1.0,
            max_features=60_000,
            sublinear_tf=True,
            stop_words="english",
            dtype=np.float32,
        ).fit(corpus)
        # The pruned-term list is only for inspection and would bloat the model file.
        if hasattr(self.word_vectorizer_, "stop_words_"):
            self.word_vectorizer_.stop_words_ = None
        vocabulary = self.word_vectorizer_.vocabulary_
        idf = self.word_vectorizer_.idf_
        self.unigram_idf_ = {t: float(idf[i]) for t, i in vocabulary.items() if " " not in t}
        self.max_idf_ = float(idf.max())
        self.mean_evidence_tokens_ = float(np.mean([len(tokenize(t)) for t in unique_evidences]))
        # Character n-grams see a new story's names and spellings, which the word vocabulary
        # of the training stories does not (stance_passage).
        self.char_vectorizer_ = fit_char_vectorizer(corpus)

    def _fit_stages(self, features: np.ndarray, y: np.ndarray) -> tuple[Any, Any]:
        unrelated = STANCE_LABELS.index("unrelated")
        related = y != unrelated
        relatedness = self._new_booster(len(y), self.max_leaf_nodes, 30)
        relatedness.fit(features, related.astype(int))
        stance = self._new_booster(
            int(related.sum()),
            self.stance_max_leaf_nodes,
            50,
            class_weight="balanced",
            # Absent from models pickled before the parameter: they were fitted with 1.0.
            l2_regularization=getattr(self, "stance_l2_regularization", 1.0),
        )
        stance.fit(features[related], y[related])
        return relatedness, stance

    @staticmethod
    def _stage_proba(stages: tuple[Any, Any], features: np.ndarray) -> np.ndarray:
        relatedness, stance = stages
        p_related = relatedness.predict_proba(features)[:, 1]
        proba = np.zeros((len(features), len(STANCE_LABELS)))
        proba[:, stance.classes_] = stance.predict_proba(features) * p_related[:, None]
        proba[:, STANCE_LABELS.index("unrelated")] = 1.0 - p_related
        return proba

    def fit(
        self,
        claims: Sequence[str],
        evidences: Sequence[str],
        labels: Sequence[str],
        groups: Sequence[Any] | None = None,
    ) -> StanceModel:
        """Fit on claim/evidence pairs with their stance labels.

        Parameters
        ----------
        claims, evidences : sequence of str
            The pairs.
        labels : sequence of str
            Stances among ``agree``, ``disagree``, ``discuss``, ``unrelated``; all four
            must occur.
        groups : sequence, optional
            Evidence (FNC-1 body) id of each pair: the calibration fold never splits a
            group. Default: the evidence text itself.
        """
        claims, evidences = list(claims), list(evidences)
        labels = [str(y) for y in labels]
        if not (len(claims) == len(evidences) == len(labels)):
            raise ValueError(
                f"claims, evidences and labels must have the same length. Got {len(claims)}, "
                f"{len(evidences)} and {len(labels)} instead."
            )
        missing = sorted(set(STANCE_LABELS) - set(labels))
        unknown = sorted(set(labels) - set(STANCE_LABELS))
        if unknown or missing:
            raise ValueError(
                f"labels must be among {list(STANCE_LABELS)}, each at least once. Got unknown "
                f"{unknown} and missing {missing} instead."
            )
        groups = list(evidences) if groups is None else list(groups)
        n_groups = len(set(groups))
        folds = min(self.calibration_folds, n_groups)
        if folds < 2:
            raise ValueError(f"fit needs at least 2 evidence groups. Got {n_groups} instead.")
        self.clear_cache()
        self.classes_ = np.asarray(STANCE_LABELS, dtype=object)
        y = np.asarray([STANCE_LABELS.index(label) for label in labels])
        names = STANCE_EXTRACTORS if self.extractors is None else tuple(self.extractors)
        self._adapters_ = available_extractors(names)
        self.extractors_used_ = {a.name: a.version for a in self._adapters_}
        self.numeric_checks_ = has_interval_checks(self.extractors_used_)
        self.contrast_features_ = True

        with threadpool_limits(limits=self.n_threads, user_api="openmp"):
            self._fit_text_models(claims, evidences)
            self.feature_names_ = self._dense_feature_names()
            features = self._features(claims, evidences)
            self._fit_on_features(features, y, topic_components(claims, groups, labels))
        return self

    def _fit_on_features(self, features: np.ndarray, y: np.ndarray, topics: np.ndarray) -> None:
        """Fit the calibration, the decision weights and the stages on pair features.

        Preliminary fits, each without one of ``calibration_folds`` folds of topics, yield
        held-out probabilities for every fold; the calibration and the decision weights are
        fitted on all of them pooled, and the shipped stages are then refitted on every pair.
        A held-out fold takes whole topics, and only the pairs whose claim and evidence both
        lie in it (the rest are used on neither side of that fold), so that its claims and
        evidences are all new to its preliminary fit, as tomorrow's stories are.
        """
        held_rows, held_logp = [], []
        for in_train, in_test in self._calibration_folds(y, topics):
            preliminary = self._fit_stages(features[in_train], y[in_train])
            raw = self._stage_proba(preliminary, features[in_test])
            held_rows.append(np.flatnonzero(in_test))
            held_logp.append(np.log(np.clip(raw, 1e-9, 1)))
        held_out, held_y = np.vstack(held_logp), y[np.concatenate(held_rows)]
        self.calibration_ = fit_vector_scaling(held_out, held_y)
        calibrated = self._apply_calibration(held_out)
        self.decision_weights_ = fit_decision_weights(calibrated, held_y)
        self.decision_rule_ = "expected_fnc"
        held_features = features[np.concatenate(held_rows)]
        self.related_reader_ = self._fit_related_reader(held_features, calibrated, held_y)
        self.stages_ = self._fit_stages(features, y)
        self.feature_baseline_ = np.median(features, axis=0)

    def _fit_related_reader(
        self, features: np.ndarray, proba: np.ndarray, y: np.ndarray
    ) -> RelatedStanceReader | None:
        """The related-pairs reader, fitted on the held-out readings of related pairs
        (:mod:`~credence.models.stance_related`); None when a class is missing there.
        """
        related = y != STANCE_LABELS.index("unrelated")
        if len(set(y[related].tolist())) < len(RELATED_LABELS):
            return None
        reader = RelatedStanceReader(random_state=self.random_state)
        return reader.fit(features[related], proba[related], y[related])

    def _calibration_folds(
        self, y: np.ndarray, topics: np.ndarray
    ) -> list[tuple[np.ndarray, np.ndarray]]:
        """``(in_train, in_test)`` masks of the folds of whole topics held out in turn."""
        claim_topic, evidence_topic = topics
        n_folds = min(self.calibration_folds, len(set(claim_topic.tolist())))
        splitter = GroupKFold(n_splits=n_folds, shuffle=True, random_state=self.random_state)
        folds = []
        for _, test in splitter.split(y, y, claim_topic):
            test_topics = np.unique(claim_topic[test])
            in_test = np.isin(claim_topic, test_topics) & np.isin(evidence_topic, test_topics)
            in_train = ~np.isin(claim_topic, test_topics) & ~np.isin(evidence_topic, test_topics)
            if len(set(y[in_train].tolist())) < 2 or not in_test.any():
                # Too few topics to hold any out cleanly (a tiny data set): the claim folds.
                in_test = np.isin(claim_topic, test_topics)
                in_train = ~in_test
            folds.append((in_train, in_test))
        return folds

    def _apply_calibration(self, logp: np.ndarray) -> np.ndarray:
        return apply_vector_scaling(self.calibration_, logp)

    # --- prediction --------------------------------------------------------------------

    def _full_features(self, claims: Sequence[str], evidences: Sequence[str]) -> np.ndarray:
        check_is_fitted(self, "stages_")
        return self._features(list(claims), list(evidences))

    def _proba_from_features(self, features: np.ndarray) -> np.ndarray:
        with threadpool_limits(limits=self.n_threads, user_api="openmp"):
            raw = self._stage_proba(self.stages_, features)
        return self._apply_calibration(np.log(np.clip(raw, 1e-9, 1.0)))

    def predict_proba(self, claims: Sequence[str], evidences: Sequence[str]) -> np.ndarray:
        """Calibrated probabilities, shape ``(n, 4)``, columns in ``classes_`` order."""
        check_is_fitted(self, "stages_")
        if len(claims) == 0:
            return np.zeros((0, len(STANCE_LABELS)))
        return self._proba_from_features(self._full_features(claims, evidences))

    def predict_proba_related(self, claims: Sequence[str], evidences: Sequence[str]) -> np.ndarray:
        """Probabilities like :meth:`predict_proba`, with the lean of a related pair read by
        the related-pairs reader (:mod:`~credence.models.stance_related`).

        ``P(stance) = P(related) * P_reader(stance | related)``; P(unrelated) is
        :meth:`predict_proba`'s. A model fitted before the reader existed returns
        :meth:`predict_proba`. Use it to weigh how the related evidence of a story leans
        (``credence check``); :meth:`predict` keeps the calibrated stages.

        Returns
        -------
        ndarray, shape (n, 4)
            Columns in ``classes_`` order.
        """
        check_is_fitted(self, "stages_")
        if len(claims) == 0:
            return np.zeros((0, len(STANCE_LABELS)))
        features = self._full_features(claims, evidences)
        proba = self._proba_from_features(features)
        reader = getattr(self, "related_reader_", None)
        if reader is None:
            return proba
        related = 1.0 - proba[:, STANCE_LABELS.index("unrelated")]
        with threadpool_limits(limits=self.n_threads, user_api="openmp"):
            lean = reader.predict_proba(features, proba)
        out = proba.copy()
        out[:, : len(RELATED_LABELS)] = lean * related[:, None]
        return out

    def read_pairs(
        self, claims: Sequence[str], evidences: Sequence[str]
    ) -> tuple[np.ndarray, np.ndarray]:
        """Both readings of each pair from one pass over its features: the calibrated
        probabilities (:meth:`predict_proba`) and the related-pairs reader's P(agree,
        disagree, discuss | related) (a model without the reader: the calibrated ones,
        renormalised over the related classes). The lean reader reads both
        (:mod:`credence.models.lean_features`).

        Returns
        -------
        proba : ndarray, shape (n, 4)
            Columns in ``classes_`` order.
        related : ndarray, shape (n, 3)
            Columns in :data:`~credence.models.stance_related.RELATED_LABELS` order.
        """
        check_is_fitted(self, "stages_")
        if len(claims) == 0:
            return np.zeros((0, len(STANCE_LABELS))), np.zeros((0, len(RELATED_LABELS)))
        features = self._full_features(claims, evidences)
        proba = self._proba_from_features(features)
        reader = getattr(self, "related_reader_", None)
        if reader is None:
            related = proba[:, : len(RELATED_LABELS)]
            return proba, related / np.maximum(related.sum(axis=1, keepdims=True), 1e-12)
        with threadpool_limits(limits=self.n_threads, user_api="openmp"):
            return proba, reader.predict_proba(features, proba)

    def predict(self, claims: Sequence[str], evidences: Sequence[str]) -> np.ndarray:
        """Stances: the label of largest weighted expected FNC score (see
        :meth:`decide`).
        """
        return self.classes_[self.decide(self.predict_proba(claims, evidences))]

    def decide(self, proba: np.ndarray) -> np.ndarray:
        """Class indices (into ``classes_``) that :meth:`predict` chooses for the
        probabilities ``proba`` (rows of :meth:`predict_proba`).

        The label of largest expected FNC score, each label's expectation multiplied by its
        decision weight (:func:`~credence.models.stance_calibration.decide`). A model fitted
        before that rule (no ``decision_rule_``) weighs the probabilities themselves, as it
        was tuned to.
        """
        check_is_fitted(self, "stages_")
        proba = np.asarray(proba, dtype=float)
        if getattr(self, "decision_rule_", None) == "expected_fnc":
            return decide(proba, self.decision_weights_)
        return (proba * self.decision_weights_).argmax(axis=1)

    def best_passage(self, claim: str, evidence: str) -> tuple[int, int, float]:
        """Offsets ``(start, end)`` in ``evidence`` of the sentence that best matches ``claim``,
        and its TF-IDF cosine similarity.
        """
        check_is_fitted(self, "stages_")
        (claim_info,) = self._infos("claim", [claim], self._build_claims)
        (info,) = self._infos("evidence", [evidence], self._build_evidences)
        sims = (info.sent_vecs @ claim_info.vec.T).toarray()
        best = int(self._best_sentences(sims)[0])
        start, end = info.spans[best]
        return start, end, float(sims[best, 0])

    def explain(self, claim: str, evidence: str, top: int = 8) -> list[tuple[str, float]]:
        """Feature groups that moved the predicted class's probability the most.

        Each group of features is reset to its training median, one group at a time; the
        drop in the probability of the predicted stance is that group's contribution
        (positive = it pushed towards the prediction).
        """
        features = self._full_features([claim], [evidence])
        base = self._proba_from_features(features)[0]
        predicted = int(self.decide(base[None, :])[0])
        groups: dict[str, list[int]] = {}
        for i, name in enumerate(self.feature_names_):
            groups.setdefault(_feature_group(name), []).append(i)
        trials = np.repeat(features, len(groups), axis=0)
        for row, idx in enumerate(groups.values()):
            trials[row, idx] = self.feature_baseline_[idx]
        proba = self._proba_from_features(trials)
        contributions = [
            (name, float(base[predicted] - proba[row, predicted]))
            for row, name in enumerate(groups)
        ]
        contributions.sort(key=lambda item: -abs(item[1]))
        return contributions[:top]

    def save(
        self,
        directory: str | Path,
        *,
        training_data: dict[str, str] | None = None,
        metrics: dict[str, Any] | None = None,
    ) -> Path:
        """Save as a credence model directory of kind ``"stance"`` (see :func:`save_stance`)."""
        from credence.models.stance_training import save_stance

        return save_stance(self, directory, training_data=training_data, metrics=metrics)

    @classmethod
    def load(cls, directory: str | Path) -> StanceModel:
        """Load a stance model directory, checking hash, versions and extractors
        (see :func:`load_stance`).
        """
        from credence.models.stance_training import load_stance

        return load_stance(directory)


def _feature_group(name: str) -> str:
    """Group related columns (cue locations, extractor features) for explanations."""
    for prefix in ("words_model_p",):
        if name.startswith(prefix):
            return prefix
    # The character n-gram cosines move together: reset one alone and the others still
    # carry it, so they are explained as one group.
    if name.startswith("char_"):
        return "char_similarity"
    if name.startswith(("cue_", "contrast_")):
        prefix, kind = name.split("_")[:2]
        return f"{prefix}_{kind}"
    if "__" in name:
        return name.split("__")[0]
    return name
