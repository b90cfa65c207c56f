"""Claim–evidence stance: does a piece of evidence agree with, disagree with, discuss, or
ignore a claim? Trained on FNC-1 (headline, article body) pairs.

The model works in three layers, all scikit-learn on CPU:

1. **Per-text analysis, cached.** Each evidence text is split into sentences (with
   offsets) and vectorised once (word 1–2-gram TF-IDF, tokens, five-letter stems, cue
   counts per sentence), keyed by a hash of the text; claims likewise. Evidence repeats
   across pairs (an FNC-1 body serves ~30 headlines), so most pairs cost only a few vector
   products.
2. **Pair features, relations only**: TF-IDF cosines against the whole evidence, its lead
   and its best-matching sentences; token, stem, bigram and IDF-weighted overlaps (which
   also see words outside the training vocabulary), BM25, the position of the best
   passage; refutation, negation, hedge and confirmation cues in the claim, the evidence
   and around the best sentence; number agreement (and quantity interval conflicts when
   ``credence.features.quantities`` offers them); and the span features of the registered
   extractors (``hedges``, ``attribution``, ``quantities``, ``dates``) for the claim and
   the evidence lead, when present. Nothing identifies a claim's topic (no LSA or n-gram
   coordinates): on FNC-1 such features learn the training stories and fail on new ones
   (with LSA cosines, 30 % of new-topic related pairs were called unrelated).
3. **Two gradient-boosted stages**, related/unrelated then agree/disagree/discuss, whose
   combined probabilities are calibrated (temperature and per-class bias fitted on the
   predictions of a preliminary fit for a held-out fold of whole topics: connected
   components of claims and evidences over related pairs). ``predict`` applies per-class
   decision weights tuned for macro-F1 on the same held-out predictions, so
   ``predict_proba`` stays calibrated while ``predict`` serves the rare classes.
"""

from __future__ import annotations

import hashlib
import math
import re
import threading
import time
import warnings
from collections import Counter, OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from scipy.optimize import minimize
from scipy.special import log_softmax, softmax
from sklearn.base import BaseEstimator, ClassifierMixin
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
    "topic_components",
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
_STEM_LENGTH = 5
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
    content: frozenset[str]
    stems: frozenset[str]
    idf: dict[str, float]  # content token -> IDF (unseen terms get the largest IDF)
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
    sent_content: tuple[frozenset[str], ...]
    sent_stems: tuple[frozenset[str], ...]
    sent_cues: np.ndarray  # n_s x n_cues
    content: frozenset[str]
    stems: frozenset[str]
    lead_content: frozenset[str]
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

    Holds what is costly to compute or small to keep: the word TF-IDF rows, the
    extractor features and the quantities of every text. What is cheap to recompute and
    bulky to keep (token sets, bigrams, sentence splits) is rebuilt per batch, so memory
    grows by a few hundred bytes per text instead of ~10 kB per cached analysis.
    """

    texts: tuple[str, ...]
    word: sp.csr_matrix  # n x V word TF-IDF, float32
    extractor_features: np.ndarray  # n x F
    quantities: dict[int, tuple[Any, ...]]  # texts with at least one quantity

    def __len__(self) -> int:
        return len(self.texts)


def _stack_rows(rows: Sequence[sp.csr_matrix]) -> sp.csr_matrix:
    """Stack one-row CSR matrices (the same matrix as ``sp.vstack``, without its overhead)."""
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum([r.nnz for r in rows], out=indptr[1:])
    data = np.concatenate([r.data for r in rows])
    indices = np.concatenate([r.indices for r in rows])
    return sp.csr_matrix((data, indices, indptr), shape=(len(rows), rows[0].shape[1]))


def _stems(tokens: Iterable[str]) -> frozenset[str]:
    # A five-letter prefix conflates inflections ("denies", "denied") without a stemmer or
    # a vocabulary learnt from training topics, so it reads new stories' words as well.
    return frozenset(t[:_STEM_LENGTH] for t in tokens)


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
    calibration_folds : int
        The calibration and decision weights are fitted on one of this many folds of whole
        topics (see :func:`topic_components`), held out from a preliminary fit.
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
        max_iter: int = 150,
        learning_rate: float = 0.1,
        max_leaf_nodes: int = 31,
        stance_max_leaf_nodes: int = 15,
        calibration_folds: int = 3,
        n_threads: int = 1,
        extractors: Sequence[str] | None = None,
    ) -> None:
        self.random_state = random_state
        self.max_iter = max_iter
        self.learning_rate = learning_rate
        self.max_leaf_nodes = max_leaf_nodes
        self.stance_max_leaf_nodes = stance_max_leaf_nodes
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
        extractor_features: Sequence[np.ndarray] | None = None,
        quantities: Sequence[tuple[Any, ...]] | None = None,
        row_vectors: bool = True,
    ) -> list[_ClaimInfo]:
        # The keyword arguments are the parts a prepared text table already holds (the same
        # values the text would give, computed once per call instead of once per batch).
        # Without ``row_vectors`` the infos carry no ``vec`` (the caller stacks ``vecs``).
        if vecs is None:
            vecs = self.word_vectorizer_.transform(claims).astype(np.float32).tocsr()
        infos = []
        for i, claim in enumerate(claims):
            tokens = _tokens(claim)
            content = frozenset(t for t in tokens if t not in _STOP)
            infos.append(
                _ClaimInfo(
                    vec=vecs[i] if row_vectors else None,
                    content=content,
                    stems=_stems(content),
                    idf={t: self.unigram_idf_.get(t, self.max_idf_) for t in content},
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
        infos = []
        offset = 0
        for i, (evidence, spans) in enumerate(zip(evidences, all_spans, strict=True)):
            n_s = len(spans)
            sent_tokens = [_tokens(evidence[s:t]) for s, t in spans]
            tokens = [t for ts in sent_tokens for t in ts]
            lead = " ".join(evidence[s:t] for s, t in spans[:3])
            sent_content = tuple(frozenset(t for t in ts if t not in _STOP) for ts in sent_tokens)
            content = frozenset(t for t in tokens if t not in _STOP)
            infos.append(
                _EvidenceInfo(
                    spans=spans,
                    sent_vecs=sent_vecs[offset : offset + n_s],
                    vec=vecs[i],
                    sent_content=sent_content,
                    sent_stems=tuple(_stems(c) for c in sent_content),
                    sent_cues=np.vstack([_cue_counts(ts) for ts in sent_tokens]),
                    content=content,
                    stems=_stems(content),
                    lead_content=frozenset().union(*sent_content[:3]),
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
        names += [
            "idf_overlap_evidence",
            "idf_overlap_best_sentence",
            "idf_overlap_lead3",
            "stem_overlap_evidence",
            "stem_overlap_max_sentence",
            "stem_best_sentence_position",
            "stem_best_sentence_coverage",
            "stem_lead_coverage",
            "unseen_claim_idf_fraction",
            "unseen_claim_terms_found",
        ]
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

    def _overlaps(
        self,
        claim: _ClaimInfo,
        evidence: _EvidenceInfo,
        best: int,
        sent_stems: Sequence[frozenset[str]],
    ) -> tuple[float, ...]:
        """Vocabulary-free overlaps of one claim with one evidence text.

        The TF-IDF cosines only see the training vocabulary: a new story's names
        and words are invisible to them. These overlaps weigh every claim word by its IDF,
        giving unseen words the largest IDF, and match five-letter stems, so a related pair
        about an unseen topic still looks related.
        """
        idf = claim.idf
        total = sum(idf.values()) or 1.0

        def mass(words: frozenset[str]) -> float:
            return sum(idf[t] for t in claim.content & words) / total

        n_stems = max(len(claim.stems), 1)
        lead_stems = frozenset().union(*sent_stems[:3])
        per_sentence = [len(claim.stems & stems) for stems in sent_stems]
        top = int(np.argmax(per_sentence)) if per_sentence else 0
        unseen = [t for t in claim.content if t not in self.unigram_idf_]
        unseen_found = sum(t in evidence.content for t in unseen)
        return (
            mass(evidence.content),
            mass(evidence.sent_content[best]),
            mass(evidence.lead_content),
            len(claim.stems & evidence.stems) / n_stems,
            (per_sentence[top] if per_sentence else 0) / n_stems,
            top / max(len(sent_stems) - 1, 1),
            # How much of the best passage (and of the lead) the claim covers: a restatement
            # covers most of it, a passage that merely mentions the topic little.
            (per_sentence[top] if per_sentence else 0) / max(len(sent_stems[top]), 1)
            if sent_stems
            else 0.0,
            len(claim.stems & lead_stems) / max(len(lead_stems), 1),
            sum(idf[t] for t in unseen) / total,
            unseen_found / len(unseen) if unseen else 0.0,
        )

    @staticmethod
    def _best_sentences(sims: np.ndarray) -> np.ndarray:
        # TF-IDF similarity picks the sentence; ties (and zero-overlap claims) go to the
        # earliest, as a news lead states its story first.
        return sims.argmax(axis=0)

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
        n_s = sims.shape[0]
        best = self._best_sentences(sims)
        cols = np.arange(k)
        top = min(3, n_s)
        sorted_sims = -np.sort(-sims, axis=0)
        top_idx = np.argsort(-sims, axis=0, kind="stable")[:top]
        cues = evidence.sent_cues
        padded = np.vstack([np.zeros_like(cues[:1]), cues, np.zeros_like(cues[:1])])
        window = padded[best] + padded[best + 1] + padded[best + 2]
        top3 = cues[top_idx].sum(axis=0)
        lead3 = np.broadcast_to(cues[:3].sum(axis=0), (k, cues.shape[1]))
        per100 = np.broadcast_to(cues.sum(axis=0) * 100.0 / max(evidence.n_tokens, 1), lead3.shape)
        claim_cues = np.vstack([c.cues for c in claims])
        python_part = np.zeros((k, 10))
        overlap_part = np.zeros((k, 10))
        sent_stems = evidence.sent_stems
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
            overlap_part[j] = self._overlaps(claim, evidence, int(best[j]), sent_stems)
        blocks = [
            body_sims[:, None],
            sims[best, cols][:, None],
            sorted_sims[:top].mean(axis=0)[:, None],
            sims[0][:, None],
            sims[:3].max(axis=0)[:, None],
            (best / max(n_s - 1, 1))[:, None],
            (sims > 0.2).sum(axis=0)[:, None],
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
            overlap_part,
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
        for lo in range(0, len(texts), chunk_size):
            chunk = list(texts[lo : lo + chunk_size])
            word_parts.append(self.word_vectorizer_.transform(chunk).astype(np.float32).tocsr())
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
        return PreparedTexts(texts, word, extractor, quantities)

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

    def _new_booster(
        self,
        n_samples: int,
        max_leaf_nodes: int,
        min_samples_leaf: int,
        class_weight: str | None = None,
    ) -> HistGradientBoostingClassifier:
        return HistGradientBoostingClassifier(
            max_iter=self.max_iter,
            learning_rate=self.learning_rate,
            max_leaf_nodes=max_leaf_nodes,
            # As given on FNC-sized data; a small user data set still gets trees that split.
            min_samples_leaf=min(min_samples_leaf, max(2, n_samples // 20)),
            l2_regularization=1.0,
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
        self.mean_evidence_tokens_ = float(np.mean([len(_tokens(t)) for t in unique_evidences]))

    def _fit_stages(self, features: np.ndarray, y: np.ndarray) -> tuple[Any, Any]:
        unrelated = STANCE_LABELS.index("unrelated")
        related = y != unrelated
        relatedness = self._new_booster(len(y), self.max_leaf_nodes, 30)
        relatedness.fit(features, related.astype(int))
        stance = self._new_booster(
            int(related.sum()), self.stance_max_leaf_nodes, 50, class_weight="balanced"
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
        names = _DEFAULT_EXTRACTORS if self.extractors is None else tuple(self.extractors)
        self._adapters_ = _available_extractors(names)
        self.extractors_used_ = {a.name: a.version for a in self._adapters_}
        self.numeric_checks_ = _has_interval_checks(self.extractors_used_)

        with threadpool_limits(limits=self.n_threads, user_api="openmp"):
            self._fit_text_models(claims, evidences)
            self.feature_names_ = self._dense_feature_names()
            features = self._features(claims, evidences)
            self._fit_on_features(features, y, topic_components(claims, groups, labels))
        return self

    def _fit_on_features(self, features: np.ndarray, y: np.ndarray, topics: np.ndarray) -> None:
        """Fit the calibration, the decision weights and the stages on pair features.

        A preliminary fit without one fold of topics yields held-out probabilities for the
        calibration and the decision weights; the shipped stages are then refitted on every
        pair. The held-out fold takes whole topics, and only the pairs whose claim and
        evidence both lie in it (the rest are used on neither side), so that its claims and
        evidences are all new to the preliminary fit, as tomorrow's stories are.
        """
        claim_topic, evidence_topic = topics
        folds = min(self.calibration_folds, len(set(claim_topic.tolist())))
        splitter = GroupKFold(n_splits=folds, shuffle=True, random_state=self.random_state)
        _, test = next(iter(splitter.split(features, y, claim_topic)))
        held = np.zeros(len(y), dtype=bool)
        held[np.isin(claim_topic, claim_topic[test])] = True
        test_topics = np.unique(claim_topic[test])
        in_test = np.isin(claim_topic, test_topics) & np.isin(evidence_topic, test_topics)
        in_train = ~np.isin(claim_topic, test_topics) & ~np.isin(evidence_topic, test_topics)
        if len(set(y[in_train].tolist())) < 2 or not in_test.any():
            # Too few topics to hold any out cleanly (a tiny data set): the claim folds.
            in_test, in_train = held, ~held
        preliminary = self._fit_stages(features[in_train], y[in_train])
        held_out = np.log(np.clip(self._stage_proba(preliminary, features[in_test]), 1e-9, 1))
        self.calibration_ = self._fit_vector_scaling(held_out, y[in_test])
        calibrated = self._apply_calibration(held_out)
        self.decision_weights_ = self._fit_decision_weights(calibrated, y[in_test])
        self.stages_ = self._fit_stages(features, y)
        self.feature_baseline_ = np.median(features, axis=0)

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

    def save(
        self,
        directory: str | Path,
        *,
        training_data: dict[str, str] | None = None,
        metrics: dict[str, Any] | None = None,
    ) -> Path:
        """Save as a credence model directory of kind ``"stance"`` (see :func:`save_stance`)."""
        return save_stance(self, directory, training_data=training_data, metrics=metrics)

    @classmethod
    def load(cls, directory: str | Path) -> StanceModel:
        """Load a stance model directory, checking hash, versions and extractors
        (see :func:`load_stance`).
        """
        return load_stance(directory)


def topic_components(
    claims: Sequence[str], evidence_groups: Sequence[Any], labels: Sequence[str]
) -> np.ndarray:
    """Topic of each pair's claim and of its evidence: connected components of the graph
    joining a claim to an evidence when their pair is related.

    Parameters
    ----------
    claims : sequence of str
        Claim texts (one node per distinct text).
    evidence_groups : sequence
        Evidence id of each pair (one node per distinct id).
    labels : sequence of str
        Stances; pairs labelled ``unrelated`` join nothing.

    Returns
    -------
    ndarray of int, shape (2, n)
        Row 0: the component of each pair's claim; row 1: that of its evidence. A related
        pair has the same number in both rows.

    Examples
    --------
    >>> topic_components(["a", "a", "b"], [1, 2, 2], ["agree", "unrelated", "discuss"]).tolist()
    [[0, 0, 1], [0, 1, 1]]
    """
    parent: dict[tuple[str, Any], tuple[str, Any]] = {}

    def find(node: tuple[str, Any]) -> tuple[str, Any]:
        root = node
        while parent.setdefault(root, root) != root:
            root = parent[root]
        while parent[node] != root:  # path compression
            parent[node], node = root, parent[node]
        return root

    pairs = [(("c", c), ("e", e)) for c, e in zip(claims, evidence_groups, strict=True)]
    for (claim, evidence), label in zip(pairs, labels, strict=True):
        a, b = find(claim), find(evidence)
        if label != "unrelated" and a != b:
            parent[a] = b
    numbers: dict[tuple[str, Any], int] = {}
    rows = [[numbers.setdefault(find(node), len(numbers)) for node in pair] for pair in pairs]
    return np.asarray(rows, dtype=np.int64).T.reshape(2, len(pairs))


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
    """Group related columns (cue locations, extractor features) for explanations."""
    for prefix in ("words_model_p",):
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
        ``fnc_score``, ``fnc_max``, ``fnc_relative`` (score / max) and ``related_f1``
        (related vs unrelated).
    """
    proba = model.predict_proba(claims, evidences)
    predicted = model.classes_[(proba * model.decision_weights_).argmax(axis=1)]
    gold = [str(y) for y in labels]
    summary = classification_summary(gold, list(predicted), proba, labels=list(STANCE_LABELS))
    score, best = fnc_score(gold, list(predicted))
    summary.update(fnc_score=score, fnc_max=best, fnc_relative=score / best if best else 0.0)
    summary["related_f1"] = _related_f1(gold, list(predicted))
    return summary


def evaluate_cosine_baseline(
    train: Sequence[Any], test: Sequence[Any], *, random_state: int = 0
) -> dict[str, Any]:
    """The simple baseline beside which stance figures are reported: TF-IDF cosine +
    logistic regression.

    A 5,000-term TF-IDF is fitted on the training texts (claims and evidences); each pair's
    only feature is the cosine of its claim and evidence vectors (with its square, so that
    the four-class logistic regression can carve a middle band). It knows relatedness and
    nothing of agreement.

    Parameters
    ----------
    train, test : sequence of StancePair
        Pairs with ``claim``, ``evidence`` and ``label``.

    Returns
    -------
    dict
        The metrics of :func:`evaluate_stance` on ``test``.
    """
    from sklearn.linear_model import LogisticRegression

    texts = list(dict.fromkeys([p.claim for p in train] + [p.evidence for p in train]))
    vectorizer = TfidfVectorizer(max_features=5_000, stop_words="english", sublinear_tf=True)
    vectorizer.fit(texts)

    def cosines(pairs: Sequence[Any]) -> np.ndarray:
        claims = vectorizer.transform([p.claim for p in pairs])
        evidences = vectorizer.transform([p.evidence for p in pairs])
        cos = np.asarray(claims.multiply(evidences).sum(axis=1)).reshape(-1)
        return np.column_stack([cos, cos**2])

    y = [STANCE_LABELS.index(p.label) for p in train]
    model = LogisticRegression(C=10.0, max_iter=1_000, random_state=random_state)
    model.fit(cosines(train), y)
    proba = np.zeros((len(test), len(STANCE_LABELS)))
    proba[:, model.classes_] = model.predict_proba(cosines(test))
    predicted = [STANCE_LABELS[k] for k in proba.argmax(axis=1)]
    gold = [p.label for p in test]
    summary = classification_summary(gold, predicted, proba, labels=list(STANCE_LABELS))
    score, best = fnc_score(gold, predicted)
    summary.update(fnc_score=score, fnc_max=best, fnc_relative=score / best if best else 0.0)
    summary["related_f1"] = _related_f1(gold, predicted)
    return summary


def _related_f1(gold: Sequence[str], predicted: Sequence[str]) -> float:
    """F1 of the class *related* (any stance but ``unrelated``) against ``unrelated``."""
    g = np.asarray(gold) != "unrelated"
    p = np.asarray(predicted) != "unrelated"
    hits = float((g & p).sum())
    return 2 * hits / float(g.sum() + p.sum()) if g.any() or p.any() else 0.0


def _mean_metrics(folds: list[dict[str, Any]]) -> dict[str, Any]:
    keys = ("accuracy", "macro_f1", "brier", "ece", "fnc_relative")
    mean = {k: float(np.mean([f[k] for f in folds])) for k in keys}
    mean["f1_per_class"] = {
        label: float(np.mean([f["f1_per_class"][label] for f in folds])) for label in STANCE_LABELS
    }
    return mean


def _topic_folds(
    claims: list[str], groups: list[Any], labels: list[str], n_folds: int, random_state: int
) -> list[tuple[np.ndarray, np.ndarray]] | None:
    """``(train, test)`` indices holding out whole topics, or None when they cannot serve
    (fewer topics than folds, or a training side missing a stance).
    """
    claim_topic, evidence_topic = topic_components(claims, groups, labels)
    if len(set(claim_topic.tolist())) < n_folds:
        return None
    splitter = GroupKFold(n_splits=n_folds, shuffle=True, random_state=random_state)
    folds = []
    y = np.asarray(labels)
    for _, test in splitter.split(claims, labels, claim_topic):
        held = np.unique(claim_topic[test])
        in_test = np.isin(claim_topic, held) & np.isin(evidence_topic, held)
        in_train = ~np.isin(claim_topic, held) & ~np.isin(evidence_topic, held)
        if not in_test.any() or set(y[in_train].tolist()) != set(STANCE_LABELS):
            return None
        folds.append((np.flatnonzero(in_train), np.flatnonzero(in_test)))
    return folds


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
    """Cross-validate on held-out topics, then fit on everything.

    Each fold holds out whole topics (:func:`topic_components`) and tests only the pairs
    whose claim and evidence both lie in them; pairs crossing the fold boundary are used on
    neither side, so no claim and no evidence is seen on both sides, as with new stories.
    When the topics are too few for ``cv_folds`` folds (``report["cv_grouping"]`` then says
    ``"evidence"``), folds group by evidence instead.

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
        ``cv_grouping`` (``"topic"`` or ``"evidence"``), ``n_pairs``, ``n_groups`` and
        ``fit_seconds``.
    """
    claims, evidences, labels, groups = list(claims), list(evidences), list(labels), list(groups)
    report: dict[str, Any] = {"n_pairs": len(claims), "n_groups": len(set(groups)), "cv": []}
    if cv_folds:
        folds = _topic_folds(claims, groups, labels, cv_folds, random_state)
        report["cv_grouping"] = "topic"
        if folds is None:
            report["cv_grouping"] = "evidence"
            splitter = GroupKFold(n_splits=cv_folds, shuffle=True, random_state=random_state)
            folds = list(splitter.split(claims, labels, groups))
        for train, test in folds:
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
    """Train the default stance model on FNC-1, report it on new topics, and save it.

    The model is first fitted on the ``train`` part of ``splits/topic_split.csv`` and
    evaluated on its ``dev`` part, whose headlines and bodies belong to topics never seen
    in training (as tomorrow's stories are), beside :func:`evaluate_cosine_baseline` on the
    same split. The shipped model is then refitted on every pair; the directory records the
    dev figures of the first fit.

    Parameters
    ----------
    data_dir : path
        The FNC-1 folder (``train_bodies.csv``, ``train_stances.csv``, ``splits/``).
    out_dir : path
        Model directory to write.

    Returns
    -------
    dict
        ``split``, ``dev`` and ``baseline_dev`` metrics, ``n_train``, ``n_dev``,
        ``n_fit`` (pairs of the shipped model), ``fit_seconds`` (of the shipped model).
    """
    from credence.models.fnc import FNC_FILES, load_fnc, split_by_topic
    from credence.models.persistence import sha256_files, write_training_texts

    data_dir = Path(data_dir)
    files = {key: data_dir / FNC_FILES[key] for key in ("bodies", "stances", "topic_split")}
    pairs = load_fnc(files["bodies"], files["stances"])
    splits = split_by_topic(pairs, files["topic_split"])
    train, dev = splits["train"], splits["dev"]

    def fit(fit_pairs: Sequence[Any]) -> StanceModel:
        return StanceModel(random_state=0).fit(
            [p.claim for p in fit_pairs],
            [p.evidence for p in fit_pairs],
            [p.label for p in fit_pairs],
            groups=[p.group for p in fit_pairs],
        )

    dev_metrics = evaluate_stance(
        fit(train), [p.claim for p in dev], [p.evidence for p in dev], [p.label for p in dev]
    )
    start = time.perf_counter()
    model = fit(pairs)
    fit_seconds = time.perf_counter() - start
    result = {
        "split": "FNC-1 topic split: fit on train, measured on dev (splits/topic_split.csv)",
        "dev": dev_metrics,
        "baseline": "TF-IDF cosine + logistic regression, same split",
        "baseline_dev": evaluate_cosine_baseline(train, dev),
        "n_train": len(train),
        "n_dev": len(dev),
        "n_fit": len(pairs),
        "fit_seconds": fit_seconds,
    }
    saved = save_stance(model, out_dir, training_data=sha256_files(files.values()), metrics=result)
    # Fingerprints of the headlines and bodies it learned from (no text is stored), so that
    # `credence evaluate` can say how much of an evaluation set the model saw.
    write_training_texts(
        saved, {"claims": [p.claim for p in pairs], "evidence": [p.evidence for p in pairs]}
    )
    return result
