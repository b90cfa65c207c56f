"""Claim–evidence stance: does a piece of evidence agree with, disagree with, discuss, or
ignore a claim? Trained on FNC-1 (headline, article body) pairs.

The model works in three layers, all scikit-learn on CPU:

1. **Per-text analysis, cached.** Each evidence text is split into sentences (with
   offsets) and vectorised once (word 1–2-gram TF-IDF, LSA, tokens, cue counts per
   sentence), keyed by a hash of the text; claims likewise. Evidence repeats across pairs
   (an FNC-1 body serves ~30 headlines), so most pairs cost only a few vector products.
2. **Pair features**: TF-IDF and LSA cosines against the whole evidence, its lead and its
   best-matching sentences; token/bigram overlap; BM25; refutation, negation, hedge and
   confirmation cues in the claim, the evidence and around the best sentence; number
   agreement; LSA interactions of the claim and its best sentence; features of the
   registered extractors (``hedges``, ``attribution``, ``quantities``, ``dates``) when
   present; and the out-of-fold probabilities of a linear model on the claim's and
   evidence's own words (stacking, folds grouped by evidence).
3. **A gradient-boosted classifier** over those features, whose probabilities are
   calibrated (vector scaling fitted on evidence-grouped held-out predictions). ``predict``
   applies per-class decision weights tuned for macro-F1 on the same held-out predictions,
   so ``predict_proba`` stays calibrated while ``predict`` serves the rare classes.
"""

from __future__ import annotations

import hashlib
import math
import re
import time
import warnings
from collections import Counter, OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from scipy.optimize import minimize
from scipy.special import log_softmax, softmax
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.decomposition import TruncatedSVD
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import GroupKFold
from sklearn.utils.validation import check_is_fitted

from credence.errors import ModelError
from credence.models.metrics import classification_summary, fnc_score
from credence.models.stance_data import STANCE_LABELS

__all__ = [
    "StanceModel",
    "train_stance",
    "evaluate_stance",
    "save_stance",
    "load_stance",
    "train_default_stance",
]

# --- lexicons (written for credence) ---------------------------------------------------

#: Words that deny, debunk or call something fake.
REFUTE_WORDS = frozenset(
    """fake fakes faked fraud fraudulent hoax hoaxes false falsely deny denies denied denying
    denial debunk debunks debunked debunking bogus prank pranks retract retracts retracted
    retraction fabricated fabrication untrue misleading refute refutes refuted dismiss
    dismisses dismissed satire satirical parody myth lie lies lied incorrect wrong doubt
    doubts doubted skeptical sceptical nonsense baseless unfounded photoshopped doctored
    scam rumour_false reject rejects rejected contradict contradicts""".split()
)
#: Negators: a claim and its evidence differing in negation hints at disagreement.
NEGATION_WORDS = frozenset(
    """not no never none nobody nothing neither nor without cannot nowhere""".split()
)
#: Hedges and attributions typical of a body that reports a claim without endorsing it.
DISCUSS_WORDS = frozenset(
    """reportedly allegedly alleged alleges claim claims claimed claiming according rumor
    rumors rumored rumour rumours rumoured unconfirmed unverified purportedly purported
    apparently appears appear seems may might could possibly perhaps suggest suggests
    speculation speculate speculated believed suspected report reports reported said says
    sources source supposedly likely unclear investigate investigating investigation""".split()
)
#: Words that state a fact as established.
CONFIRM_WORDS = frozenset(
    """confirmed confirms confirm official officially announced announces revealed reveals
    shows showed proves proved proof verified indeed definitely admitted admits
    acknowledged""".split()
)
_CUE_SETS: tuple[tuple[str, frozenset[str]], ...] = (
    ("refute", REFUTE_WORDS),
    ("negation", NEGATION_WORDS),
    ("discuss", DISCUSS_WORDS),
    ("confirm", CONFIRM_WORDS),
)
_CUE_NAMES = tuple(name for name, _ in _CUE_SETS)

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# A sentence ends at . ! ? (optionally followed by quotes/brackets) before whitespace, or at
# a line break; offsets are kept so that the best passage can be shown in the evidence.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+|\s*\n\s*")
_STOP = frozenset(ENGLISH_STOP_WORDS) - NEGATION_WORDS
_MAX_SENTENCES = 80
_DEFAULT_EXTRACTORS = ("hedges", "attribution", "quantities", "dates")
_CACHE_SIZE = 50_000


def _normalise(text: str) -> str:
    return text.replace("’", "'").replace("‘", "'").lower()


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(_normalise(text))


def _cue_counts(tokens: Sequence[str]) -> np.ndarray:
    counts = np.zeros(len(_CUE_SETS), dtype=np.float64)
    for token in tokens:
        for k, (_, words) in enumerate(_CUE_SETS):
            if token in words:
                counts[k] += 1
        if token.endswith("n't"):
            counts[1] += 1
    return counts


def _numbers(text: str) -> set[str]:
    return {m.group().replace(",", "") for m in _NUMBER.finditer(text)}


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Split ``text`` into sentences; return ``(start, end)`` offsets of the non-blank ones."""
    spans = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if match.start() > start and text[start : match.start()].strip():
            spans.append((start, match.start()))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    # Trim leading whitespace so that text[start:end] is the sentence itself.
    trimmed = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        trimmed.append((s, e))
    return trimmed or [(0, len(text))]


def _text_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class _ClaimInfo:
    vec: sp.csr_matrix  # 1 x V word TF-IDF (L2-normalised)
    lsa: np.ndarray  # d, L2-normalised
    content: frozenset[str]
    bigrams: frozenset[tuple[str, str]]
    cues: np.ndarray
    numbers: frozenset[str]
    n_tokens: int
    question: float
    extractor_features: np.ndarray


@dataclass(frozen=True)
class _EvidenceInfo:
    spans: tuple[tuple[int, int], ...]
    sent_vecs: sp.csr_matrix  # n_s x V
    vec: sp.csr_matrix  # 1 x V
    lsa: np.ndarray  # d
    sent_lsa: np.ndarray  # n_s x d
    sent_content: tuple[frozenset[str], ...]
    sent_cues: np.ndarray  # n_s x n_cues
    content: frozenset[str]
    bigrams: frozenset[tuple[str, str]]
    term_counts: Counter
    n_tokens: int
    numbers: frozenset[str]
    extractor_features: np.ndarray


def _l2_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=-1, keepdims=True)
    return matrix / np.maximum(norms, 1e-12)


def _bigrams(tokens: Sequence[str]) -> frozenset[tuple[str, str]]:
    return frozenset(zip(tokens, tokens[1:], strict=False))


class _ExtractorAdapter:
    """Runs one registered extractor defensively: its ``extract`` + ``span_features``."""

    def __init__(self, name: str, cls: type) -> None:
        self.name = name
        self.version = str(getattr(cls, "version", "?"))
        self.feature_names = tuple(getattr(cls, "feature_names", ()))
        self.extractor = cls()

    def features(self, text: str) -> np.ndarray:
        spans = self.extractor.extract(text)
        values = np.asarray(self.extractor.span_features(spans, text), dtype=np.float64)
        return values.reshape(-1)[: len(self.feature_names)]


def _available_extractors(names: Sequence[str]) -> list[_ExtractorAdapter]:
    """Adapters for the named extractors that are registered and work on a probe text."""
    try:
        from credence.features import registered

        registry = registered()
    except Exception as exc:  # a broken plug-in must not stop stance training
        warnings.warn(f"extractor registry unavailable ({exc}); training without it", stacklevel=3)
        return []
    adapters = []
    probe = "Officials reportedly said on 3 May 2021 that 40 people were not hurt, police said."
    for name in names:
        if name not in registry:
            continue
        try:
            adapter = _ExtractorAdapter(name, registry[name])
            if not adapter.feature_names or len(adapter.features(probe)) != len(
                adapter.feature_names
            ):
                raise ValueError("feature count differs from feature_names")
        except Exception as exc:  # skip an extractor that is not usable yet, and say so
            warnings.warn(f"extractor {name!r} skipped for stance features ({exc})", stacklevel=3)
            continue
        adapters.append(adapter)
    return adapters


class StanceModel(ClassifierMixin, BaseEstimator):
    """Calibrated stance of evidence towards a claim: agree, disagree, discuss or unrelated.

    Parameters
    ----------
    random_state : int
        Seed of every random step (SVD, folds, boosting): fits are deterministic.
    lsa_components : int
        Dimensions of the LSA (truncated SVD) space.
    lsa_interactions : int
        How many leading LSA dimensions enter the claim × best-sentence interaction features.
    max_iter, learning_rate, max_leaf_nodes : int, float, int
        Gradient boosting settings.
    stack_folds : int
        Folds (grouped by evidence) of the out-of-fold linear model and of the calibration.
    extractors : sequence of str or None
        Registered extractors whose span features to add (for the claim and the best
        sentence); the ones not registered are left out. ``None`` uses
        ``("hedges", "attribution", "quantities", "dates")``; ``()`` uses none.

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
        lsa_components: int = 100,
        lsa_interactions: int = 40,
        max_iter: int = 200,
        learning_rate: float = 0.1,
        max_leaf_nodes: int = 31,
        stack_folds: int = 3,
        extractors: Sequence[str] | None = None,
    ) -> None:
        self.random_state = random_state
        self.lsa_components = lsa_components
        self.lsa_interactions = lsa_interactions
        self.max_iter = max_iter
        self.learning_rate = learning_rate
        self.max_leaf_nodes = max_leaf_nodes
        self.stack_folds = stack_folds
        self.extractors = extractors

    # --- pickling: the per-text cache is a run-time artefact ---------------------------

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state.pop("_cache", None)
        return state

    def clear_cache(self) -> None:
        """Forget the cached per-text analyses (e.g. before timing a cold run)."""
        self._cache = OrderedDict()

    def _cached(self, role: str, text: str, build: Any) -> Any:
        cache = self.__dict__.setdefault("_cache", OrderedDict())
        key = (role, _text_key(text))
        hit = cache.get(key)
        if hit is not None:
            cache.move_to_end(key)
            return hit
        value = build(text)
        cache[key] = value
        if len(cache) > _CACHE_SIZE:
            cache.popitem(last=False)
        return value

    # --- per-text analysis -------------------------------------------------------------

    def _lsa(self, tfidf_rows: sp.csr_matrix) -> np.ndarray:
        return _l2_rows(np.asarray(tfidf_rows @ self.lsa_projection_, dtype=np.float64))

    def _extractor_features(self, text: str) -> np.ndarray:
        parts = [a.features(text) for a in self._adapters_]
        return np.concatenate(parts) if parts else np.zeros(0)

    def _claim_info(self, text: str) -> _ClaimInfo:
        def build(claim: str) -> _ClaimInfo:
            tokens = _tokens(claim)
            vec = self.word_vectorizer_.transform([claim]).astype(np.float32)
            lsa_in = self.lsa_vectorizer_.transform([claim])
            return _ClaimInfo(
                vec=vec,
                lsa=self._lsa(lsa_in)[0],
                content=frozenset(t for t in tokens if t not in _STOP),
                bigrams=_bigrams(tokens),
                cues=_cue_counts(tokens),
                numbers=frozenset(_numbers(claim)),
                n_tokens=len(tokens),
                question=float("?" in claim),
                extractor_features=self._extractor_features(claim),
            )

        return self._cached("claim", text, build)

    def _evidence_info(self, text: str) -> _EvidenceInfo:
        def build(evidence: str) -> _EvidenceInfo:
            spans = tuple(sentence_spans(evidence)[:_MAX_SENTENCES])
            sentences = [evidence[s:e] for s, e in spans]
            sent_tokens = [_tokens(s) for s in sentences]
            tokens = [t for ts in sent_tokens for t in ts]
            sent_vecs = self.word_vectorizer_.transform(sentences).astype(np.float32)
            vec = self.word_vectorizer_.transform([evidence]).astype(np.float32)
            lsa_rows = self.lsa_vectorizer_.transform([evidence, *sentences])
            lsa = self._lsa(lsa_rows)
            lead = " ".join(sentences[:3])
            return _EvidenceInfo(
                spans=spans,
                sent_vecs=sent_vecs,
                vec=vec,
                lsa=lsa[0],
                sent_lsa=lsa[1:],
                sent_content=tuple(frozenset(t for t in ts if t not in _STOP) for ts in sent_tokens),
                sent_cues=np.vstack([_cue_counts(ts) for ts in sent_tokens]),
                content=frozenset(t for t in tokens if t not in _STOP),
                bigrams=_bigrams(tokens),
                term_counts=Counter(t for t in tokens if t not in _STOP),
                n_tokens=len(tokens),
                numbers=frozenset(_numbers(evidence)),
                extractor_features=self._extractor_features(lead),
            )

        return self._cached("evidence", text, build)

    # --- pair features -----------------------------------------------------------------

    def _dense_feature_names(self) -> list[str]:
        names = [
            "tfidf_cos_evidence",
            "tfidf_cos_best_sentence",
            "tfidf_cos_top3_mean",
            "tfidf_cos_first_sentence",
            "tfidf_cos_lead3_max",
            "tfidf_best_sentence_position",
            "tfidf_sentences_above_0.2",
            "lsa_cos_evidence",
            "lsa_cos_best_sentence",
            "lsa_cos_top3_mean",
            "lsa_cos_first_sentence",
            "overlap_claim_fraction",
            "overlap_jaccard",
            "overlap_bigram_fraction",
            "overlap_best_sentence_fraction",
            "bm25",
            "bm25_normalised",
            "claim_tokens",
            "claim_question",
            "evidence_tokens_log",
            "evidence_sentences",
            "numbers_claim",
            "numbers_shared_fraction",
            "numbers_claim_missing",
        ]
        for where in ("claim", "evidence_per100", "best_window", "top3", "lead3"):
            names += [f"cue_{cue}_{where}" for cue in _CUE_NAMES]
        names += ["negation_parity_differs", "refute_claim_and_window"]
        names += [f"lsa_claim_x_best_{k}" for k in range(self.lsa_interactions)]
        names += [f"lsa_claim_minus_best_{k}" for k in range(self.lsa_interactions)]
        for adapter in self._adapters_:
            names += [f"{adapter.name}_claim__{f}" for f in adapter.feature_names]
            names += [f"{adapter.name}_lead__{f}" for f in adapter.feature_names]
        return names

    def _bm25(self, claim: _ClaimInfo, evidence: _EvidenceInfo) -> tuple[float, float]:
        k1, b = 1.2, 0.75
        length_ratio = evidence.n_tokens / max(self.mean_evidence_tokens_, 1.0)
        score = 0.0
        total_idf = 0.0
        for term in claim.content:
            idf = self.unigram_idf_.get(term, self.max_idf_)
            total_idf += idf
            tf = evidence.term_counts.get(term, 0)
            if tf:
                score += idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * length_ratio))
        return score, score / ((k1 + 1) * total_idf) if total_idf else 0.0

    def _pair_block(
        self, claims: list[_ClaimInfo], evidence: _EvidenceInfo
    ) -> tuple[np.ndarray, np.ndarray]:
        """Features of every claim against one evidence text; and each best-sentence index."""
        claim_vecs = sp.vstack([c.vec for c in claims]).tocsr()
        sims = (evidence.sent_vecs @ claim_vecs.T).toarray()  # n_s x k
        body_sims = (claim_vecs @ evidence.vec.T).toarray()[:, 0]
        claim_lsa = np.vstack([c.lsa for c in claims])
        lsa_sims = evidence.sent_lsa @ claim_lsa.T
        lsa_body = claim_lsa @ evidence.lsa
        n_s = sims.shape[0]
        # Best sentence: TF-IDF similarity, LSA breaking ties (and zero-overlap claims).
        combined = sims + 0.01 * lsa_sims
        best = combined.argmax(axis=0)
        top = min(3, n_s)
        top_idx = np.argsort(-combined, axis=0)[:top]
        rows = []
        d = self.lsa_interactions
        for j, claim in enumerate(claims):
            col = sims[:, j]
            b = int(best[j])
            window = evidence.sent_cues[max(0, b - 1) : b + 2].sum(axis=0)
            top3_cues = evidence.sent_cues[top_idx[:, j]].sum(axis=0)
            lead3_cues = evidence.sent_cues[:3].sum(axis=0)
            per100 = evidence.sent_cues.sum(axis=0) * 100.0 / max(evidence.n_tokens, 1)
            content = claim.content
            n_content = max(len(content), 1)
            bm25, bm25_norm = self._bm25(claim, evidence)
            shared_numbers = claim.numbers & evidence.numbers
            claim_neg_odd = claim.cues[1] % 2
            window_neg_odd = evidence.sent_cues[b, 1] % 2
            interaction = claim.lsa[:d] * evidence.sent_lsa[b, :d]
            difference = np.abs(claim.lsa[:d] - evidence.sent_lsa[b, :d])
            row = [
                body_sims[j],
                col[b],
                float(np.sort(col)[::-1][:top].mean()),
                col[0],
                float(col[:3].max()),
                b / max(n_s - 1, 1),
                float((col > 0.2).sum()),
                lsa_body[j],
                lsa_sims[b, j],
                float(np.sort(lsa_sims[:, j])[::-1][:top].mean()),
                lsa_sims[0, j],
                len(content & evidence.content) / n_content,
                len(content & evidence.content) / max(len(content | evidence.content), 1),
                len(claim.bigrams & evidence.bigrams) / max(len(claim.bigrams), 1),
                len(content & evidence.sent_content[b]) / n_content,
                bm25,
                bm25_norm,
                float(claim.n_tokens),
                claim.question,
                math.log1p(evidence.n_tokens),
                float(n_s),
                float(len(claim.numbers)),
                len(shared_numbers) / max(len(claim.numbers), 1),
                float(len(claim.numbers - evidence.numbers)),
                *claim.cues,
                *per100,
                *window,
                *top3_cues,
                *lead3_cues,
                float(claim_neg_odd != window_neg_odd),
                float(claim.cues[0] > 0 and window[0] > 0),
                *interaction,
                *difference,
                *claim.extractor_features,
                *evidence.extractor_features,
            ]
            rows.append(row)
        return np.asarray(rows, dtype=np.float64), best

    def _features(
        self, claims: Sequence[str], evidences: Sequence[str]
    ) -> tuple[np.ndarray, sp.csr_matrix]:
        """Dense pair features and the sparse input of the linear (stacked) model."""
        if len(claims) != len(evidences):
            raise ValueError(
                f"claims and evidences must have the same length. Got {len(claims)} and "
                f"{len(evidences)} instead."
            )
        n = len(claims)
        claim_infos = [self._claim_info(c) for c in claims]
        by_evidence: dict[str, list[int]] = {}
        for i, text in enumerate(evidences):
            by_evidence.setdefault(text, []).append(i)
        dense = np.zeros((n, len(self.feature_names_) - len(STANCE_LABELS)), dtype=np.float64)
        for text, idx in by_evidence.items():
            info = self._evidence_info(text)
            block, _ = self._pair_block([claim_infos[i] for i in idx], info)
            dense[idx] = block
        claim_matrix = sp.vstack([c.vec for c in claim_infos]).tocsr()
        evidence_vecs = {t: self._evidence_info(t).vec for t in by_evidence}
        evidence_matrix = sp.vstack([evidence_vecs[t] for t in evidences]).tocsr()
        shared = claim_matrix.multiply(evidence_matrix).tocsr()
        linear_input = sp.hstack([claim_matrix, evidence_matrix, shared]).tocsr()
        return dense, linear_input

    # --- fitting -----------------------------------------------------------------------

    def _new_linear(self) -> LogisticRegression:
        return LogisticRegression(C=4.0, max_iter=300, tol=1e-3)

    def _new_booster(self) -> HistGradientBoostingClassifier:
        return HistGradientBoostingClassifier(
            max_iter=self.max_iter,
            learning_rate=self.learning_rate,
            max_leaf_nodes=self.max_leaf_nodes,
            min_samples_leaf=40,
            l2_regularization=1.0,
            early_stopping=False,
            random_state=self.random_state,
        )

    def _fit_text_models(self, claims: Sequence[str], evidences: Sequence[str]) -> None:
        unique_claims = list(dict.fromkeys(claims))
        unique_evidences = list(dict.fromkeys(evidences))
        corpus = unique_claims + unique_evidences
        self.word_vectorizer_ = TfidfVectorizer(
            ngram_range=(1, 2),
            min_df=2,
            max_df=0.5,
            max_features=60_000,
            sublinear_tf=True,
            stop_words="english",
            dtype=np.float32,
        ).fit(corpus)
        self.lsa_vectorizer_ = TfidfVectorizer(
            min_df=2,
            max_df=0.5,
            max_features=8_000,
            sublinear_tf=True,
            stop_words="english",
            dtype=np.float32,
        ).fit(corpus)
        for vectorizer in (self.word_vectorizer_, self.lsa_vectorizer_):
            # The pruned-term list is only for inspection and would bloat the model file.
            if hasattr(vectorizer, "stop_words_"):
                vectorizer.stop_words_ = None
        svd = TruncatedSVD(n_components=self.lsa_components, random_state=self.random_state)
        svd.fit(self.lsa_vectorizer_.transform(corpus))
        self.lsa_projection_ = np.ascontiguousarray(svd.components_.T, dtype=np.float32)
        vocabulary = self.word_vectorizer_.vocabulary_
        idf = self.word_vectorizer_.idf_
        self.unigram_idf_ = {t: float(idf[i]) for t, i in vocabulary.items() if " " not in t}
        self.max_idf_ = float(idf.max())
        self.mean_evidence_tokens_ = float(np.mean([len(_tokens(t)) for t in unique_evidences]))

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
            Stances among ``agree``, ``disagree``, ``discuss``, ``unrelated``.
        groups : sequence, optional
            Evidence (FNC-1 body) id of each pair: the internal folds never split a group.
            Default: the evidence text itself.
        """
        claims, evidences = list(claims), list(evidences)
        labels = [str(y) for y in labels]
        unknown = sorted(set(labels) - set(STANCE_LABELS))
        if unknown:
            raise ValueError(
                f"labels must be among {list(STANCE_LABELS)}. Got {unknown} instead."
            )
        if not (len(claims) == len(evidences) == len(labels)):
            raise ValueError(
                f"claims, evidences and labels must have the same length. Got {len(claims)}, "
                f"{len(evidences)} and {len(labels)} instead."
            )
        groups = list(evidences) if groups is None else list(groups)
        n_groups = len(set(groups))
        folds = min(self.stack_folds, n_groups)
        if folds < 2:
            raise ValueError(f"fit needs at least 2 evidence groups. Got {n_groups} instead.")
        self.clear_cache()
        self.classes_ = np.asarray(STANCE_LABELS, dtype=object)
        y = np.asarray([STANCE_LABELS.index(label) for label in labels])

        names = _DEFAULT_EXTRACTORS if self.extractors is None else tuple(self.extractors)
        self._adapters_ = _available_extractors(names)
        self.extractors_used_ = {a.name: a.version for a in self._adapters_}

        self._fit_text_models(claims, evidences)
        self.feature_names_ = self._dense_feature_names() + [
            f"words_model_p_{label}" for label in STANCE_LABELS
        ]
        dense, linear_input = self._features(claims, evidences)

        # Out-of-fold linear probabilities: the booster sees, for training pairs, what the
        # linear model says about evidence it has not seen (as it will at prediction time).
        splitter = GroupKFold(n_splits=folds, shuffle=True, random_state=self.random_state)
        fold_ids = list(splitter.split(dense, y, groups))
        linear_oof = np.zeros((len(y), len(STANCE_LABELS)))
        for train, test in fold_ids:
            model = self._new_linear().fit(linear_input[train], y[train])
            linear_oof[np.ix_(test, model.classes_)] = model.predict_proba(linear_input[test])
        self.linear_ = self._new_linear().fit(linear_input, y)
        features = np.hstack([dense, linear_oof])

        # Held-out booster predictions (same grouped folds) fit the calibration and the
        # decision weights; the shipped booster is refitted on every pair.
        booster_oof = np.zeros((len(y), len(STANCE_LABELS)))
        calibration_fold = fold_ids[0]
        train, test = calibration_fold
        booster = self._new_booster().fit(features[train], y[train])
        booster_oof_idx = test
        booster_oof[np.ix_(test, booster.classes_)] = booster.predict_proba(features[test])
        self.booster_ = self._new_booster().fit(features, y)
        held_out_logp = np.log(np.clip(booster_oof[booster_oof_idx], 1e-9, 1.0))
        self.calibration_ = self._fit_vector_scaling(held_out_logp, y[booster_oof_idx])
        calibrated = self._apply_calibration(held_out_logp)
        self.decision_weights_ = self._fit_decision_weights(calibrated, y[booster_oof_idx])
        self.feature_baseline_ = np.median(features, axis=0)
        return self

    @staticmethod
    def _fit_vector_scaling(logp: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Temperature and per-class bias minimising held-out log loss."""
        k = logp.shape[1]

        def loss(params: np.ndarray) -> float:
            z = logp * params[0] + params[1:]
            return float(-log_softmax(z, axis=1)[np.arange(len(y)), y].mean())

        start = np.concatenate([[1.0], np.zeros(k)])
        result = minimize(loss, start, method="L-BFGS-B", bounds=[(0.05, 20.0)] + [(-5, 5)] * k)
        return result.x if result.success else start

    def _apply_calibration(self, logp: np.ndarray) -> np.ndarray:
        return softmax(logp * self.calibration_[0] + self.calibration_[1:], axis=1)

    @staticmethod
    def _fit_decision_weights(proba: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Per-class multipliers of the probabilities that maximise held-out macro-F1."""
        weights = np.ones(proba.shape[1])
        grid = np.exp(np.linspace(np.log(0.5), np.log(4.0), 15))

        def macro(w: np.ndarray) -> float:
            pred = (proba * w).argmax(axis=1)
            return f1_score(y, pred, labels=range(proba.shape[1]), average="macro")

        best = macro(weights)
        for _ in range(2):  # coordinate ascent, two sweeps (unrelated stays at 1)
            for k in range(proba.shape[1] - 1):
                for value in grid:
                    trial = weights.copy()
                    trial[k] = value
                    score = macro(trial)
                    if score > best + 1e-6:
                        best, weights = score, trial
        return weights

    # --- prediction --------------------------------------------------------------------

    def _full_features(self, claims: Sequence[str], evidences: Sequence[str]) -> np.ndarray:
        check_is_fitted(self, "booster_")
        dense, linear_input = self._features(list(claims), list(evidences))
        linear = np.zeros((len(dense), len(STANCE_LABELS)))
        linear[:, self.linear_.classes_] = self.linear_.predict_proba(linear_input)
        return np.hstack([dense, linear])

    def _proba_from_features(self, features: np.ndarray) -> np.ndarray:
        raw = np.zeros((len(features), len(STANCE_LABELS)))
        raw[:, self.booster_.classes_] = self.booster_.predict_proba(features)
        return self._apply_calibration(np.log(np.clip(raw, 1e-9, 1.0)))

    def predict_proba(self, claims: Sequence[str], evidences: Sequence[str]) -> np.ndarray:
        """Calibrated probabilities, shape ``(n, 4)``, columns in ``classes_`` order."""
        if len(claims) == 0:
            return np.zeros((0, len(STANCE_LABELS)))
        return self._proba_from_features(self._full_features(claims, evidences))

    def predict(self, claims: Sequence[str], evidences: Sequence[str]) -> np.ndarray:
        """Stances: the probabilities weighted by the macro-F1 decision weights, argmax."""
        proba = self.predict_proba(claims, evidences)
        return self.classes_[(proba * self.decision_weights_).argmax(axis=1)]

    def best_passage(self, claim: str, evidence: str) -> tuple[int, int, float]:
        """Offsets ``(start, end)`` in ``evidence`` of the sentence that best matches ``claim``,
        and its TF-IDF cosine similarity."""
        check_is_fitted(self, "booster_")
        claim_info = self._claim_info(claim)
        info = self._evidence_info(evidence)
        sims = (info.sent_vecs @ claim_info.vec.T).toarray()[:, 0]
        combined = sims + 0.01 * (info.sent_lsa @ claim_info.lsa)
        best = int(combined.argmax())
        start, end = info.spans[best]
        return start, end, float(sims[best])

    def explain(self, claim: str, evidence: str, top: int = 8) -> list[tuple[str, float]]:
        """Feature groups that moved the predicted class's probability the most.

        Each group of features is reset to its training median, one group at a time; the
        drop in the probability of the predicted stance is that group's contribution
        (positive = it pushed towards the prediction).
        """
        features = self._full_features([claim], [evidence])
        base = self._proba_from_features(features)[0]
        predicted = int((base * self.decision_weights_).argmax())
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


def _feature_group(name: str) -> str:
    """Group related columns (LSA dimensions, cue locations) for explanations."""
    for prefix in ("lsa_claim_x_best", "lsa_claim_minus_best", "words_model_p"):
        if name.startswith(prefix):
            return prefix
    if name.startswith("cue_"):
        return "cue_" + name.split("_")[1]
    if "__" in name:
        return name.split("__")[0]
    return name


# --- library functions ----------------------------------------------------------------


def evaluate_stance(
    model: StanceModel,
    claims: Sequence[str],
    evidences: Sequence[str],
    labels: Sequence[str],
) -> dict[str, Any]:
    """Evaluate a fitted model on labelled pairs.

    Returns
    -------
    dict
        ``n``, ``accuracy``, ``macro_f1``, ``f1_per_class``, ``confusion`` (rows gold,
        columns predicted, in ``labels`` order), ``labels``, ``brier``, ``ece``,
        ``fnc_score``, ``fnc_max``, ``fnc_relative``.
    """
    proba = model.predict_proba(claims, evidences)
    predicted = model.classes_[(proba * model.decision_weights_).argmax(axis=1)]
    gold = [str(y) for y in labels]
    summary = classification_summary(gold, list(predicted), proba, labels=list(STANCE_LABELS))
    score, best = fnc_score(gold, list(predicted))
    summary.update(fnc_score=score, fnc_max=best, fnc_relative=score / best if best else 0.0)
    return summary


def _mean_metrics(folds: list[dict[str, Any]]) -> dict[str, Any]:
    keys = ("accuracy", "macro_f1", "brier", "ece", "fnc_relative")
    mean = {k: float(np.mean([f[k] for f in folds])) for k in keys}
    mean["f1_per_class"] = {
        label: float(np.mean([f["f1_per_class"][label] for f in folds])) for label in STANCE_LABELS
    }
    return mean


def train_stance(
    claims: Sequence[str],
    evidences: Sequence[str],
    labels: Sequence[str],
    *,
    groups: Sequence[Any],
    cv_folds: int = 3,
    random_state: int = 0,
    **params: Any,
) -> tuple[StanceModel, dict[str, Any]]:
    """Cross-validate (folds grouped by evidence, never by row), then fit on everything.

    Parameters
    ----------
    groups : sequence
        Evidence id of each pair (FNC-1 body id).
    cv_folds : int
        Number of ``GroupKFold`` folds; ``0`` skips the cross-validation.
    **params
        Passed to :class:`StanceModel`.

    Returns
    -------
    (model, report) : tuple
        The model fitted on all pairs; ``report`` has ``cv`` (per-fold metrics), ``cv_mean``,
        ``n_pairs``, ``n_groups`` and ``fit_seconds``.
    """
    claims, evidences, labels, groups = list(claims), list(evidences), list(labels), list(groups)
    report: dict[str, Any] = {"n_pairs": len(claims), "n_groups": len(set(groups)), "cv": []}
    if cv_folds:
        splitter = GroupKFold(n_splits=cv_folds, shuffle=True, random_state=random_state)
        for train, test in splitter.split(claims, labels, groups):
            model = StanceModel(random_state=random_state, **params).fit(
                [claims[i] for i in train],
                [evidences[i] for i in train],
                [labels[i] for i in train],
                groups=[groups[i] for i in train],
            )
            report["cv"].append(
                evaluate_stance(
                    model,
                    [claims[i] for i in test],
                    [evidences[i] for i in test],
                    [labels[i] for i in test],
                )
            )
        report["cv_mean"] = _mean_metrics(report["cv"])
    start = time.perf_counter()
    model = StanceModel(random_state=random_state, **params).fit(
        claims, evidences, labels, groups=groups
    )
    report["fit_seconds"] = time.perf_counter() - start
    return model, report


def save_stance(
    model: StanceModel,
    out_dir: str | Path,
    *,
    training_data: dict[str, str] | None = None,
    metrics: dict[str, Any] | None = None,
) -> Path:
    """Save a fitted model as a credence model directory (``kind="stance"``)."""
    from credence.models.persistence import save_model

    check_is_fitted(model, "booster_")
    return save_model(
        model,
        out_dir,
        kind="stance",
        training_data=training_data,
        metrics=metrics,
        extractors=model.extractors_used_,
        extra={
            "labels": list(STANCE_LABELS),
            "params": model.get_params(),
            "decision_weights": [float(w) for w in model.decision_weights_],
        },
    )


def load_stance(directory: str | Path) -> StanceModel:
    """Load a stance model directory, checking hash, versions and extractors.

    Raises
    ------
    ModelError
        Tampered/incompatible files (see :func:`credence.models.persistence.load_model`), an
        object that is not a :class:`StanceModel`, or an extractor the model was trained with
        that is now missing or of another version.
    """
    from credence.models.persistence import load_model

    model, meta = load_model(directory, kind="stance")
    if not isinstance(model, StanceModel):
        raise ModelError(f"{directory}: holds a {type(model).__name__}, not a StanceModel.")
    needed = dict(meta.get("extractors", {}))
    if needed:
        from credence.features import registered

        have = {name: str(getattr(cls, "version", "?")) for name, cls in registered().items()}
        for name, version in needed.items():
            if have.get(name) != version:
                raise ModelError(
                    f"{directory}: trained with extractor {name!r} version {version}, but "
                    f"{'version ' + have[name] if name in have else 'none'} is installed; "
                    "retrain it with `credence train`."
                )
    return model


def train_default_stance(data_dir: str | Path, out_dir: str | Path) -> dict[str, Any]:
    """Train the default stance model on the FNC-1 training split and save it.

    The model is fitted on the training bodies only and evaluated on the hold-out bodies;
    those hold-out figures are what the model directory records (an honest estimate, as
    no hold-out body is seen in training).

    Parameters
    ----------
    data_dir : path
        The FNC-1 folder (``train_bodies.csv``, ``train_stances.csv``, ``splits/``).
    out_dir : path
        Model directory to write.

    Returns
    -------
    dict
        ``hold_out`` metrics, ``n_train``, ``n_hold_out``, ``fit_seconds``, ``model_dir``.
    """
    from credence.models.fnc import FNC_FILES, load_fnc, split_by_ids
    from credence.models.persistence import sha256_files

    data_dir = Path(data_dir)
    files = {key: data_dir / name for key, name in FNC_FILES.items()}
    pairs = load_fnc(files["bodies"], files["stances"])
    train = split_by_ids(pairs, files["training_ids"])
    hold_out = split_by_ids(pairs, files["hold_out_ids"])
    start = time.perf_counter()
    model = StanceModel(random_state=0).fit(
        [p.claim for p in train],
        [p.evidence for p in train],
        [p.label for p in train],
        groups=[p.group for p in train],
    )
    fit_seconds = time.perf_counter() - start
    metrics = evaluate_stance(
        model,
        [p.claim for p in hold_out],
        [p.evidence for p in hold_out],
        [p.label for p in hold_out],
    )
    result = {
        "hold_out": metrics,
        "n_train": len(train),
        "n_hold_out": len(hold_out),
        "fit_seconds": fit_seconds,
    }
    saved = save_stance(
        model,
        out_dir,
        training_data=sha256_files(files.values()),
        metrics={"split": "FNC-1 hold-out (splits/hold_out_ids.txt)", **result},
    )
    result["model_dir"] = str(saved)
    return result
