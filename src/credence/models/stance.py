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
   agreement (and quantity interval conflicts when ``credence.features.quantities`` offers
   them); LSA interactions of the claim and its best sentence; and the span features of
   the registered extractors (``hedges``, ``attribution``, ``quantities``, ``dates``) for
   the claim and the evidence lead, when present.
3. **Two gradient-boosted stages**, related/unrelated then agree/disagree/discuss, whose
   combined probabilities are calibrated (temperature and per-class bias fitted on the
   predictions of a preliminary fit for an evidence-grouped held-out fold). ``predict``
   applies per-class decision weights tuned for macro-F1 on the same held-out predictions,
   so ``predict_proba`` stays calibrated while ``predict`` serves the rare classes.
"""

from __future__ import annotations

import hashlib
import math
import re
import threading
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
from sklearn.metrics import f1_score
from sklearn.model_selection import GroupKFold
from sklearn.utils.validation import check_is_fitted
from threadpoolctl import threadpool_limits

from credence.errors import ModelError
from credence.models.metrics import classification_summary, fnc_score
from credence.models.stance_data import STANCE_LABELS

__all__ = [
    "StanceModel",
    "PreparedTexts",
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
#: Per-role bounds of the per-text cache (entries; an analysis takes about 9-12 kB).
_CACHE_LIMITS = {"claim": _CACHE_SIZE, "evidence": 4_096}


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
    vec: sp.csr_matrix | None  # 1 x V word TF-IDF (L2-normalised); None in a prepared batch
    lsa: np.ndarray  # d, L2-normalised
    content: frozenset[str]
    bigrams: frozenset[tuple[str, str]]
    cues: np.ndarray
    numbers: frozenset[str]
    n_tokens: int
    question: float
    extractor_features: np.ndarray
    quantities: tuple[Any, ...]


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
    sent_quantities: tuple[tuple[Any, ...], ...]


@dataclass(frozen=True)
class PreparedTexts:
    """The per-text data of one prediction call, as compact arrays (see
    :meth:`StanceModel.prepare_texts`).

    Holds what is costly to compute or small to keep: the word and LSA TF-IDF rows, the
    extractor features and the quantities of every text. What is cheap to recompute and
    bulky to keep (token sets, bigrams, sentence splits) is rebuilt per batch, so memory
    grows by a few hundred bytes per text instead of ~10 kB per cached analysis.
    """

    texts: tuple[str, ...]
    word: sp.csr_matrix  # n x V word TF-IDF, float32
    lsa_tfidf: sp.csr_matrix  # n x V' TF-IDF of the LSA vocabulary
    extractor_features: np.ndarray  # n x F
    quantities: dict[int, tuple[Any, ...]]  # texts with at least one quantity

    def __len__(self) -> int:
        return len(self.texts)


def _l2_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=-1, keepdims=True)
    return matrix / np.maximum(norms, 1e-12)


def _stack_rows(rows: Sequence[sp.csr_matrix]) -> sp.csr_matrix:
    """Stack one-row CSR matrices (the same matrix as ``sp.vstack``, without its overhead)."""
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum([r.nnz for r in rows], out=indptr[1:])
    data = np.concatenate([r.data for r in rows])
    indices = np.concatenate([r.indices for r in rows])
    return sp.csr_matrix((data, indices, indptr), shape=(len(rows), rows[0].shape[1]))


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

    Two gradient-boosted stages share one feature set: *related vs unrelated* on every
    pair, then *agree / disagree / discuss* on the related ones;
    ``P(stance) = P(related) * P(stance | related)``, then calibrated.

    Parameters
    ----------
    random_state : int
        Seed of every random step (SVD, folds, boosting): fits are deterministic.
    lsa_components : int
        Dimensions of the LSA (truncated SVD) space.
    lsa_interactions : int
        How many leading LSA dimensions enter the claim × best-sentence interaction features.
    max_iter, learning_rate, max_leaf_nodes : int, float, int
        Gradient boosting settings (both stages).
    calibration_folds : int
        The calibration and decision weights are fitted on one of this many evidence-grouped
        folds, held out from a preliminary fit.
    n_threads : int
        OpenMP threads for boosting (1 is fastest on a busy machine, and bit-reproducible).
    extractors : sequence of str or None
        Registered extractors whose span features to add (for the claim and the evidence
        lead); those not registered are left out. ``None`` uses
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
        lsa_interactions: int = 20,
        max_iter: int = 150,
        learning_rate: float = 0.1,
        max_leaf_nodes: int = 31,
        calibration_folds: int = 3,
        n_threads: int = 1,
        extractors: Sequence[str] | None = None,
    ) -> None:
        self.random_state = random_state
        self.lsa_components = lsa_components
        self.lsa_interactions = lsa_interactions
        self.max_iter = max_iter
        self.learning_rate = learning_rate
        self.max_leaf_nodes = max_leaf_nodes
        self.calibration_folds = calibration_folds
        self.n_threads = n_threads
        self.extractors = extractors

    # --- pickling: the per-text cache is a run-time artefact ---------------------------

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state.pop("_cache", None)
        state.pop("_cache_lock", None)
        return state

    def clear_cache(self) -> None:
        """Forget the cached per-text analyses (e.g. before timing a cold run)."""
        with self._lock():
            self._cache = {}

    def _lock(self) -> threading.Lock:
        # Created on first use (a lock cannot be pickled); setdefault is atomic.
        return self.__dict__.setdefault("_cache_lock", threading.Lock())

    def _infos(self, role: str, texts: Sequence[str], build: Any) -> list[Any]:
        """Per-text analyses of ``texts``, building the missing ones in one batch.

        Each role has its own least-recently-used cache, bounded by
        :data:`_CACHE_LIMITS` entries (claims recur across the batches of a large
        prediction; an evidence's pairs are usually predicted together, so few evidence
        analyses are worth keeping). Building happens outside the lock; the analyses of
        this call are returned even when the cache evicts them at once.
        """
        keys = [_text_key(t) for t in texts]
        found: dict[str, Any] = {}
        missing: dict[str, str] = {}
        with self._lock():
            caches = self.__dict__.setdefault("_cache", {})
            if not isinstance(caches, dict) or isinstance(caches, OrderedDict):
                caches = self._cache = {}  # a cache of an older layout
            cache = caches.setdefault(role, OrderedDict())
            for key, text in zip(keys, texts, strict=True):
                if key in found or key in missing:
                    continue
                info = cache.get(key)
                if info is None:
                    missing[key] = text
                else:
                    found[key] = info
        if missing:
            built = build(list(missing.values()))
            found.update(zip(missing, built, strict=True))
        with self._lock():
            cache = self._cache.setdefault(role, OrderedDict())
            for key in found:
                cache[key] = found[key]
                cache.move_to_end(key)
            limit = _CACHE_LIMITS.get(role, _CACHE_SIZE)
            while len(cache) > limit:
                cache.popitem(last=False)
        return [found[key] for key in keys]

    def _cached_info(self, role: str, text: str) -> Any:
        """The cached analysis of ``text`` in ``role``, or None (the cache is left as is)."""
        with self._lock():
            return self.__dict__.get("_cache", {}).get(role, {}).get(_text_key(text))

    # --- per-text analysis -------------------------------------------------------------

    def _lsa(self, tfidf_rows: sp.csr_matrix) -> np.ndarray:
        return _l2_rows(np.asarray(tfidf_rows @ self.lsa_projection_, dtype=np.float64))

    def _extractor_features(self, text: str) -> np.ndarray:
        parts = [a.features(text) for a in self._adapters_]
        return np.concatenate(parts) if parts else np.zeros(0)

    def _lead_features(self, lead: str) -> np.ndarray:
        # A one-sentence evidence (a claim read as evidence) has its own text as lead: its
        # extractor features are those of its claim analysis when that is cached.
        claim_info = self._cached_info("claim", lead)
        if claim_info is not None:
            return claim_info.extractor_features
        return self._extractor_features(lead)

    def _quantity_tools(self) -> tuple[Any, Any, Any] | None:
        """(extractor, conflict test, agreement test) when numeric checks are in use."""
        if not getattr(self, "numeric_checks_", False):
            return None
        from credence.features import quantities

        adapter = next(a for a in self._adapters_ if a.name == "quantities")
        return adapter.extractor, quantities.intervals_conflict, quantities.intervals_agree

    def _quantities(self, text: str) -> list[Any]:
        tools = self._quantity_tools()
        return tools[0].extract(text) if tools else []

    def _sentence_quantities(
        self,
        evidence: str,
        spans: Sequence[tuple[int, int]],
        found: Sequence[Any] | None = None,
    ) -> tuple[tuple[Any, ...], ...]:
        if found is None:
            found = self._quantities(evidence)
        return tuple(
            tuple(q for q in found if q.start >= start and q.end <= end) for start, end in spans
        )

    def _numeric_agreement(
        self, claim: _ClaimInfo, evidence: _EvidenceInfo, best: int
    ) -> tuple[float, float, float, float]:
        """Conflicting / agreeing quantity pairs: near the best sentence, and anywhere."""
        tools = self._quantity_tools()
        if tools is None or not claim.quantities:
            return 0.0, 0.0, 0.0, 0.0
        _, conflict, agree = tools
        counts = []
        for sentences in (
            evidence.sent_quantities[max(0, best - 1) : best + 2],
            evidence.sent_quantities,
        ):
            others = [q for qs in sentences for q in qs]
            counts.append(sum(conflict(a, b) for a in claim.quantities for b in others))
            counts.append(sum(agree(a, b) for a in claim.quantities for b in others))
        return tuple(float(c) for c in counts)  # type: ignore[return-value]

    def _build_claims(
        self,
        claims: list[str],
        *,
        vecs: sp.csr_matrix | None = None,
        lsa_rows: sp.csr_matrix | None = None,
        extractor_features: Sequence[np.ndarray] | None = None,
        quantities: Sequence[tuple[Any, ...]] | None = None,
        row_vectors: bool = True,
    ) -> list[_ClaimInfo]:
        # The keyword arguments are the parts a prepared text table already holds (the same
        # values the text would give, computed once per call instead of once per batch).
        # Without ``row_vectors`` the infos carry no ``vec`` (the caller stacks ``vecs``).
        if vecs is None:
            vecs = self.word_vectorizer_.transform(claims).astype(np.float32).tocsr()
        if lsa_rows is None:
            lsa_rows = self.lsa_vectorizer_.transform(claims)
        lsa = self._lsa(lsa_rows)
        infos = []
        for i, claim in enumerate(claims):
            tokens = _tokens(claim)
            infos.append(
                _ClaimInfo(
                    vec=vecs[i] if row_vectors else None,
                    lsa=lsa[i],
                    content=frozenset(t for t in tokens if t not in _STOP),
                    bigrams=_bigrams(tokens),
                    cues=_cue_counts(tokens),
                    numbers=frozenset(_numbers(claim)),
                    n_tokens=len(tokens),
                    question=float("?" in claim),
                    extractor_features=(
                        self._extractor_features(claim)
                        if extractor_features is None
                        else extractor_features[i]
                    ),
                    quantities=(
                        tuple(self._quantities(claim)) if quantities is None else quantities[i]
                    ),
                )
            )
        return infos

    def _build_evidences(
        self,
        evidences: list[str],
        *,
        own_features: Sequence[np.ndarray] | None = None,
        quantities: Sequence[tuple[Any, ...]] | None = None,
    ) -> list[_EvidenceInfo]:
        # ``own_features``: the extractor features of each whole evidence text (its lead when
        # it has at most three sentences); ``quantities``: the quantities of each text.
        all_spans = [tuple(sentence_spans(e)[:_MAX_SENTENCES]) for e in evidences]
        sentences = [
            e[s:t] for e, spans in zip(evidences, all_spans, strict=True) for s, t in spans
        ]
        sent_vecs = self.word_vectorizer_.transform(sentences).astype(np.float32).tocsr()
        vecs = self.word_vectorizer_.transform(evidences).astype(np.float32).tocsr()
        lsa_docs = self._lsa(self.lsa_vectorizer_.transform(evidences))
        lsa_sents = self._lsa(self.lsa_vectorizer_.transform(sentences))
        infos = []
        offset = 0
        for i, (evidence, spans) in enumerate(zip(evidences, all_spans, strict=True)):
            n_s = len(spans)
            sent_tokens = [_tokens(evidence[s:t]) for s, t in spans]
            tokens = [t for ts in sent_tokens for t in ts]
            lead = " ".join(evidence[s:t] for s, t in spans[:3])
            infos.append(
                _EvidenceInfo(
                    spans=spans,
                    sent_vecs=sent_vecs[offset : offset + n_s],
                    vec=vecs[i],
                    lsa=lsa_docs[i],
                    sent_lsa=lsa_sents[offset : offset + n_s],
                    sent_content=tuple(
                        frozenset(t for t in ts if t not in _STOP) for ts in sent_tokens
                    ),
                    sent_cues=np.vstack([_cue_counts(ts) for ts in sent_tokens]),
                    content=frozenset(t for t in tokens if t not in _STOP),
                    bigrams=_bigrams(tokens),
                    term_counts=Counter(t for t in tokens if t not in _STOP),
                    n_tokens=len(tokens),
                    numbers=frozenset(_numbers(evidence)),
                    extractor_features=(
                        own_features[i]
                        if own_features is not None and lead == evidence
                        else self._lead_features(lead)
                    ),
                    sent_quantities=self._sentence_quantities(
                        evidence, spans, None if quantities is None else quantities[i]
                    ),
                )
            )
            offset += n_s
        return infos

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
            "negation_parity_differs",
            "refute_claim_and_window",
        ]
        for where in ("claim", "evidence_per100", "best_window", "top3", "lead3"):
            names += [f"cue_{cue}_{where}" for cue in _CUE_NAMES]
        if getattr(self, "numeric_checks_", False):
            names += [
                "quantities_conflict_window",
                "quantities_agree_window",
                "quantities_conflict_evidence",
                "quantities_agree_evidence",
            ]
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

    @staticmethod
    def _best_sentences(sims: np.ndarray, lsa_sims: np.ndarray) -> np.ndarray:
        # TF-IDF similarity picks the sentence; LSA breaks ties (and zero-overlap claims).
        return (sims + 0.01 * lsa_sims).argmax(axis=0)

    def _pair_block(
        self,
        claims: list[_ClaimInfo],
        evidence: _EvidenceInfo,
        claim_vecs: sp.csr_matrix | None = None,
    ) -> np.ndarray:
        """Features of every claim (one row each) against one evidence text, vectorised.

        ``claim_vecs`` is the stack of the claims' ``vec`` rows when the caller has it.
        """
        k = len(claims)
        if claim_vecs is None:
            claim_vecs = _stack_rows([c.vec for c in claims])
        sims = (evidence.sent_vecs @ claim_vecs.T).toarray()  # n_s x k
        body_sims = (claim_vecs @ evidence.vec.T).toarray()[:, 0]
        claim_lsa = np.vstack([c.lsa for c in claims])
        lsa_sims = evidence.sent_lsa @ claim_lsa.T
        n_s = sims.shape[0]
        best = self._best_sentences(sims, lsa_sims)
        cols = np.arange(k)
        top = min(3, n_s)
        sorted_sims = -np.sort(-sims, axis=0)
        sorted_lsa = -np.sort(-lsa_sims, axis=0)
        top_idx = np.argsort(-(sims + 0.01 * lsa_sims), axis=0)[:top]
        cues = evidence.sent_cues
        padded = np.vstack([np.zeros_like(cues[:1]), cues, np.zeros_like(cues[:1])])
        window = padded[best] + padded[best + 1] + padded[best + 2]
        top3 = cues[top_idx].sum(axis=0)
        lead3 = np.broadcast_to(cues[:3].sum(axis=0), (k, cues.shape[1]))
        per100 = np.broadcast_to(cues.sum(axis=0) * 100.0 / max(evidence.n_tokens, 1), lead3.shape)
        claim_cues = np.vstack([c.cues for c in claims])
        d = self.lsa_interactions
        best_lsa = evidence.sent_lsa[best, :d]
        python_part = np.zeros((k, 10))
        for j, claim in enumerate(claims):
            content = claim.content
            n_content = max(len(content), 1)
            shared = len(content & evidence.content)
            bm25, bm25_norm = self._bm25(claim, evidence)
            python_part[j] = (
                shared / n_content,
                shared / max(len(content | evidence.content), 1),
                len(claim.bigrams & evidence.bigrams) / max(len(claim.bigrams), 1),
                len(content & evidence.sent_content[best[j]]) / n_content,
                bm25,
                bm25_norm,
                claim.n_tokens,
                claim.question,
                len(claim.numbers & evidence.numbers) / max(len(claim.numbers), 1),
                len(claim.numbers - evidence.numbers),
            )
        blocks = [
            body_sims[:, None],
            sims[best, cols][:, None],
            sorted_sims[:top].mean(axis=0)[:, None],
            sims[0][:, None],
            sims[:3].max(axis=0)[:, None],
            (best / max(n_s - 1, 1))[:, None],
            (sims > 0.2).sum(axis=0)[:, None],
            (claim_lsa @ evidence.lsa)[:, None],
            lsa_sims[best, cols][:, None],
            sorted_lsa[:top].mean(axis=0)[:, None],
            lsa_sims[0][:, None],
            python_part[:, :8],
            np.full((k, 1), math.log1p(evidence.n_tokens)),
            np.full((k, 1), float(n_s)),
            np.asarray([[len(c.numbers)] for c in claims], dtype=np.float64),
            python_part[:, 8:],
            ((claim_cues[:, 1] % 2) != (cues[best, 1] % 2))[:, None],
            ((claim_cues[:, 0] > 0) & (window[:, 0] > 0))[:, None],
            claim_cues,
            per100,
            window,
            top3,
            lead3,
            np.asarray(
                [self._numeric_agreement(c, evidence, int(best[j])) for j, c in enumerate(claims)]
            )[:, : 4 if getattr(self, "numeric_checks_", False) else 0],
            claim_lsa[:, :d] * best_lsa,
            np.abs(claim_lsa[:, :d] - best_lsa),
            np.vstack([c.extractor_features for c in claims]),
            np.broadcast_to(evidence.extractor_features, (k, len(evidence.extractor_features))),
        ]
        return np.hstack([np.asarray(b, dtype=np.float64).reshape(k, -1) for b in blocks])

    def _features(self, claims: Sequence[str], evidences: Sequence[str]) -> np.ndarray:
        """Pair feature matrix, one row a pair, columns ``feature_names_``."""
        if len(claims) != len(evidences):
            raise ValueError(
                f"claims and evidences must have the same length. Got {len(claims)} and "
                f"{len(evidences)} instead."
            )
        claim_infos = self._infos("claim", list(claims), self._build_claims)
        by_evidence: dict[str, list[int]] = {}
        for i, text in enumerate(evidences):
            by_evidence.setdefault(text, []).append(i)
        evidence_infos = self._infos("evidence", list(by_evidence), self._build_evidences)
        features = np.zeros((len(claims), len(self.feature_names_)), dtype=np.float64)
        for idx, info in zip(by_evidence.values(), evidence_infos, strict=True):
            features[idx] = self._pair_block([claim_infos[i] for i in idx], info)
        return features

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
        lsa_parts: list[sp.csr_matrix] = []
        for lo in range(0, len(texts), chunk_size):
            chunk = list(texts[lo : lo + chunk_size])
            word_parts.append(self.word_vectorizer_.transform(chunk).astype(np.float32).tocsr())
            lsa_parts.append(sp.csr_matrix(self.lsa_vectorizer_.transform(chunk)))
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
            lsa = sp.csr_matrix(sp.vstack(lsa_parts, format="csr"))
        else:
            word = sp.csr_matrix((0, len(self.word_vectorizer_.vocabulary_)), dtype=np.float32)
            lsa = sp.csr_matrix((0, len(self.lsa_vectorizer_.vocabulary_)), dtype=np.float32)
        return PreparedTexts(texts, word, lsa, extractor, quantities)

    def _prepared_features(
        self, prepared: PreparedTexts, claim_rows: np.ndarray, evidence_rows: np.ndarray
    ) -> np.ndarray:
        """:meth:`_features` of the readings (claim row, evidence row) of ``prepared``."""
        texts = prepared.texts
        unique_claims, claim_pos = np.unique(claim_rows, return_inverse=True)
        claim_list = unique_claims.tolist()
        claim_infos = self._build_claims(
            [texts[i] for i in claim_list],
            vecs=prepared.word[unique_claims],
            lsa_rows=prepared.lsa_tfidf[unique_claims],
            extractor_features=prepared.extractor_features[unique_claims],
            quantities=[prepared.quantities.get(i, ()) for i in claim_list],
            row_vectors=False,
        )
        claim_vecs = prepared.word[unique_claims]
        # Readings grouped by evidence *text*, in order of first appearance, as in _features
        # (the same blocks give the same floating-point operations).
        by_evidence: dict[str, list[int]] = {}
        first_row: dict[str, int] = {}
        for r, e in enumerate(evidence_rows.tolist()):
            text = texts[e]
            by_evidence.setdefault(text, []).append(r)
            first_row.setdefault(text, e)
        rows = list(first_row.values())
        evidence_infos = self._build_evidences(
            list(by_evidence),
            own_features=prepared.extractor_features[rows],
            quantities=[prepared.quantities.get(e, ()) for e in rows],
        )
        features = np.zeros((len(claim_rows), len(self.feature_names_)), dtype=np.float64)
        for idx, info in zip(by_evidence.values(), evidence_infos, strict=True):
            positions = claim_pos[idx]
            features[idx] = self._pair_block(
                [claim_infos[p] for p in positions.tolist()], info, claim_vecs[positions]
            )
        return features

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

    def _new_booster(self, n_samples: int) -> HistGradientBoostingClassifier:
        return HistGradientBoostingClassifier(
            max_iter=self.max_iter,
            learning_rate=self.learning_rate,
            max_leaf_nodes=self.max_leaf_nodes,
            # 30 on FNC-sized data; a small user data set still gets trees that split.
            min_samples_leaf=min(30, max(2, n_samples // 20)),
            l2_regularization=1.0,
            early_stopping=False,
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
        self.lsa_vectorizer_ = TfidfVectorizer(
            min_df=min_df,
            max_df=0.5 if len(corpus) >= 50 else 1.0,
            max_features=8_000,
            sublinear_tf=True,
            stop_words="english",
            dtype=np.float32,
        ).fit(corpus)
        for vectorizer in (self.word_vectorizer_, self.lsa_vectorizer_):
            # The pruned-term list is only for inspection and would bloat the model file.
            if hasattr(vectorizer, "stop_words_"):
                vectorizer.stop_words_ = None
        n_components = max(
            1, min(self.lsa_components, len(self.lsa_vectorizer_.vocabulary_) - 1, len(corpus) - 1)
        )
        svd = TruncatedSVD(n_components=n_components, random_state=self.random_state)
        svd.fit(self.lsa_vectorizer_.transform(corpus))
        fitted = svd.components_.shape[0]
        projection = np.zeros((len(self.lsa_vectorizer_.vocabulary_), self.lsa_components))
        projection[:, :fitted] = svd.components_.T
        self.lsa_projection_ = np.ascontiguousarray(projection, dtype=np.float32)
        vocabulary = self.word_vectorizer_.vocabulary_
        idf = self.word_vectorizer_.idf_
        self.unigram_idf_ = {t: float(idf[i]) for t, i in vocabulary.items() if " " not in t}
        self.max_idf_ = float(idf.max())
        self.mean_evidence_tokens_ = float(np.mean([len(_tokens(t)) for t in unique_evidences]))

    def _fit_stages(self, features: np.ndarray, y: np.ndarray) -> tuple[Any, Any]:
        unrelated = STANCE_LABELS.index("unrelated")
        related = y != unrelated
        relatedness = self._new_booster(len(y)).fit(features, related.astype(int))
        stance = self._new_booster(int(related.sum())).fit(features[related], y[related])
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
        names = _DEFAULT_EXTRACTORS if self.extractors is None else tuple(self.extractors)
        self._adapters_ = _available_extractors(names)
        self.extractors_used_ = {a.name: a.version for a in self._adapters_}
        self.numeric_checks_ = _has_interval_checks(self.extractors_used_)

        with threadpool_limits(limits=self.n_threads, user_api="openmp"):
            self._fit_text_models(claims, evidences)
            self.feature_names_ = self._dense_feature_names()
            features = self._features(claims, evidences)
            # A preliminary fit without one evidence-grouped fold yields honest held-out
            # probabilities for the calibration and the decision weights; the shipped
            # stages are then refitted on every pair.
            splitter = GroupKFold(n_splits=folds, shuffle=True, random_state=self.random_state)
            train, test = next(iter(splitter.split(features, y, groups)))
            preliminary = self._fit_stages(features[train], y[train])
            held_out = np.log(np.clip(self._stage_proba(preliminary, features[test]), 1e-9, 1))
            self.calibration_ = self._fit_vector_scaling(held_out, y[test])
            calibrated = self._apply_calibration(held_out)
            self.decision_weights_ = self._fit_decision_weights(calibrated, y[test])
            self.stages_ = self._fit_stages(features, y)
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
        return result.x if loss(result.x) < loss(start) else start

    def _apply_calibration(self, logp: np.ndarray) -> np.ndarray:
        return softmax(logp * self.calibration_[0] + self.calibration_[1:], axis=1)

    @staticmethod
    def _fit_decision_weights(proba: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Per-class multipliers of the probabilities that maximise held-out macro-F1."""
        weights = np.ones(proba.shape[1])
        grid = np.exp(np.linspace(np.log(0.5), np.log(4.0), 15))

        def macro(w: np.ndarray) -> float:
            pred = (proba * w).argmax(axis=1)
            return f1_score(y, pred, labels=range(proba.shape[1]), average="macro", zero_division=0)

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

    def predict(self, claims: Sequence[str], evidences: Sequence[str]) -> np.ndarray:
        """Stances: the probabilities weighted by the macro-F1 decision weights, argmax."""
        proba = self.predict_proba(claims, evidences)
        return self.classes_[(proba * self.decision_weights_).argmax(axis=1)]

    def best_passage(self, claim: str, evidence: str) -> tuple[int, int, float]:
        """Offsets ``(start, end)`` in ``evidence`` of the sentence that best matches ``claim``,
        and its TF-IDF cosine similarity.
        """
        check_is_fitted(self, "stages_")
        (claim_info,) = self._infos("claim", [claim], self._build_claims)
        (info,) = self._infos("evidence", [evidence], self._build_evidences)
        sims = (info.sent_vecs @ claim_info.vec.T).toarray()
        lsa_sims = info.sent_lsa @ claim_info.lsa[:, None]
        best = int(self._best_sentences(sims, lsa_sims)[0])
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


def _has_interval_checks(used: dict[str, str]) -> bool:
    """Whether the quantities extractor in use offers interval conflict/agreement tests."""
    if "quantities" not in used:
        return False
    try:
        from credence.features import quantities
    except ImportError:
        return False
    return callable(getattr(quantities, "intervals_conflict", None)) and callable(
        getattr(quantities, "intervals_agree", None)
    )


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

    check_is_fitted(model, "stages_")
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
