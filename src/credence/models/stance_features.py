"""The stance model's pair features: how a claim relates to one evidence text.

Relations only, nothing that identifies a claim's topic: TF-IDF cosines against the whole
evidence, its lead and its best-matching sentences; token, stem, bigram and IDF-weighted
overlaps (which also see words outside the training vocabulary), BM25, the position of the
best passage; refutation, negation, hedge and confirmation cues in the claim, the evidence and
around the best sentence; number agreement (and quantity interval conflicts when
``credence.features.quantities`` offers them); and the span features of the registered
extractors for the claim and the evidence lead. :class:`PairFeatures` is a mixin of
:class:`~credence.models.stance.StanceModel`, whose fitted vocabulary and IDF it reads.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp

from credence.models.stance_contrast import contrast_feature_names, contrast_features
from credence.models.stance_extractors import extractor_features
from credence.models.stance_passage import (
    PASSAGE_FEATURE_NAMES,
    claim_passage,
    evidence_passage,
    passage_features,
)
from credence.models.stance_text import (
    CUE_NAMES,
    ClaimInfo,
    EvidenceInfo,
    PreparedTexts,
    bigrams,
    content_words,
    cue_counts,
    numbers,
    sentence_spans,
    stack_rows,
    stems,
)
from credence.models.stance_text import tokens as tokenize

__all__ = ["MAX_SENTENCES", "PairFeatures"]

#: Sentences of an evidence text that the features read (a long body's tail adds little).
MAX_SENTENCES = 80


class PairFeatures:
    """Mixin of :class:`~credence.models.stance.StanceModel`: per-text analyses and the
    feature rows of claim/evidence pairs.
    """

    # --- per-text analysis -------------------------------------------------------------

    def _extractor_features(self, text: str) -> np.ndarray:
        return extractor_features(self._adapters_, text)

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
        self, claim: ClaimInfo, evidence: EvidenceInfo, best: int
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
        char_vecs: sp.csr_matrix | None = None,
    ) -> list[ClaimInfo]:
        # The keyword arguments are the parts a prepared text table already holds (the same
        # values the text would give, computed once per call instead of once per batch).
        # Without ``row_vectors`` the infos carry no ``vec`` (the caller stacks ``vecs``).
        if vecs is None:
            vecs = self.word_vectorizer_.transform(claims).astype(np.float32).tocsr()
        reads_passages = self._reads_passages()
        if reads_passages and char_vecs is None:
            char_vecs = self._char_rows(claims)
        infos = []
        for i, claim in enumerate(claims):
            tokens = tokenize(claim)
            content = content_words(tokens)
            infos.append(
                ClaimInfo(
                    vec=vecs[i] if row_vectors else None,
                    content=content,
                    stems=stems(content),
                    idf={t: self.unigram_idf_.get(t, self.max_idf_) for t in content},
                    bigrams=bigrams(tokens),
                    cues=cue_counts(tokens),
                    numbers=frozenset(numbers(claim)),
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
                    passage=(
                        (claim_passage(claim), char_vecs[i] if row_vectors else None)
                        if reads_passages
                        else None
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
    ) -> list[EvidenceInfo]:
        # ``own_features``: the extractor features of each whole evidence text (its lead when
        # it has at most three sentences); ``quantities``: the quantities of each text.
        all_spans = [tuple(sentence_spans(e)[:MAX_SENTENCES]) for e in evidences]
        sentences = [
            e[s:t] for e, spans in zip(evidences, all_spans, strict=True) for s, t in spans
        ]
        sent_vecs = self.word_vectorizer_.transform(sentences).astype(np.float32).tocsr()
        vecs = self.word_vectorizer_.transform(evidences).astype(np.float32).tocsr()
        reads_passages = self._reads_passages()
        if reads_passages:
            char_sent_vecs = self._char_rows(sentences)
            char_vecs = self._char_rows(evidences)
        infos = []
        offset = 0
        for i, (evidence, spans) in enumerate(zip(evidences, all_spans, strict=True)):
            n_s = len(spans)
            sent_tokens = [tokenize(evidence[s:t]) for s, t in spans]
            tokens = [t for ts in sent_tokens for t in ts]
            lead = " ".join(evidence[s:t] for s, t in spans[:3])
            sent_content = tuple(content_words(ts) for ts in sent_tokens)
            content = content_words(tokens)
            infos.append(
                EvidenceInfo(
                    spans=spans,
                    sent_vecs=sent_vecs[offset : offset + n_s],
                    vec=vecs[i],
                    sent_content=sent_content,
                    sent_stems=tuple(stems(c) for c in sent_content),
                    sent_cues=np.vstack([cue_counts(ts) for ts in sent_tokens]),
                    content=content,
                    stems=stems(content),
                    lead_content=frozenset().union(*sent_content[:3]),
                    bigrams=bigrams(tokens),
                    term_counts=Counter(t for t in tokens if t in content),
                    n_tokens=len(tokens),
                    numbers=frozenset(numbers(evidence)),
                    extractor_features=(
                        own_features[i]
                        if own_features is not None and lead == evidence
                        else self._lead_features(lead)
                    ),
                    sent_quantities=self._sentence_quantities(
                        evidence, spans, None if quantities is None else quantities[i]
                    ),
                    passage=(
                        evidence_passage(
                            evidence,
                            spans,
                            char_vecs[i],
                            char_sent_vecs[offset : offset + n_s],
                        )
                        if reads_passages
                        else None
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
            names += [f"cue_{cue}_{where}" for cue in CUE_NAMES]
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
        if getattr(self, "contrast_features_", False):
            names += contrast_feature_names(CUE_NAMES)
        if self._reads_passages():
            names += list(PASSAGE_FEATURE_NAMES)
        return names

    def _reads_passages(self) -> bool:
        # Models fitted before the passage features have no character n-gram vectorizer.
        return getattr(self, "char_vectorizer_", None) is not None

    def _char_rows(self, texts: Sequence[str]) -> sp.csr_matrix:
        return self.char_vectorizer_.transform(texts).astype(np.float32).tocsr()

    def _bm25(self, claim: ClaimInfo, evidence: EvidenceInfo) -> tuple[float, float]:
        k1, b = 1.2, 0.75
        length_ratio = evidence.n_tokens / max(self.mean_evidence_tokens_, 1.0)
        idfs = [self.unigram_idf_.get(term, self.max_idf_) for term in claim.content]
        tfs = [evidence.term_counts.get(term, 0) for term in claim.content]
        # ``claim.content`` is a set, whose order changes with the process's string-hash seed:
        # math.fsum's sum is exactly rounded, hence the same in any order (a plain running
        # sum differed in the last bit between processes, and so did the fitted trees).
        score = math.fsum(
            idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * length_ratio))
            for idf, tf in zip(idfs, tfs, strict=True)
            if tf
        )
        total_idf = math.fsum(idfs)
        return score, score / ((k1 + 1) * total_idf) if total_idf else 0.0

    def _overlaps(
        self,
        claim: ClaimInfo,
        evidence: EvidenceInfo,
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
        # Sums over sets: math.fsum, exactly rounded, does not depend on their iteration order
        # (which changes with the string-hash seed; see _bm25).
        total = math.fsum(idf.values()) or 1.0

        def mass(words: frozenset[str]) -> float:
            return math.fsum(idf[t] for t in claim.content & words) / total

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
            math.fsum(idf[t] for t in unseen) / total,
            unseen_found / len(unseen) if unseen else 0.0,
        )

    @staticmethod
    def _best_sentences(sims: np.ndarray) -> np.ndarray:
        # TF-IDF similarity picks the sentence; ties (and zero-overlap claims) go to the
        # earliest, as a news lead states its story first.
        return sims.argmax(axis=0)

    def _pair_block(
        self,
        claims: list[ClaimInfo],
        evidence: EvidenceInfo,
        claim_vecs: sp.csr_matrix | None = None,
        claim_char_vecs: sp.csr_matrix | None = None,
    ) -> np.ndarray:
        """Features of every claim (one row each) against one evidence text, vectorised.

        ``claim_vecs`` (``claim_char_vecs``) is the stack of the claims' word (character
        n-gram) rows when the caller has it.
        """
        k = len(claims)
        if claim_vecs is None:
            claim_vecs = stack_rows([c.vec for c in claims])
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
        blocks += self._added_blocks(claims, evidence, (sims, cues, claim_cues), claim_char_vecs)
        return np.hstack([np.asarray(b, dtype=np.float64).reshape(k, -1) for b in blocks])

    def _added_blocks(
        self,
        claims: list[ClaimInfo],
        evidence: EvidenceInfo,
        contrast_inputs: tuple[np.ndarray, np.ndarray, np.ndarray],
        claim_char_vecs: sp.csr_matrix | None,
    ) -> list[np.ndarray]:
        """The feature blocks added after the first models: the contrast features (of the
        word similarities, sentence cues and claim cues ``contrast_inputs``), then the
        best-passage features (:mod:`~credence.models.stance_passage`). A model fitted before
        either keeps its columns.
        """
        blocks = []
        if getattr(self, "contrast_features_", False):
            blocks.append(contrast_features(*contrast_inputs))
        if evidence.passage is not None:
            if claim_char_vecs is None:
                claim_char_vecs = stack_rows([c.passage[1] for c in claims])
            passages = [c.passage[0] for c in claims]
            blocks.append(passage_features(passages, claim_char_vecs, evidence.passage))
        return blocks

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
            char_vecs=None if prepared.char is None else prepared.char[unique_claims],
        )
        claim_vecs = prepared.word[unique_claims]
        claim_chars = None if prepared.char is None else prepared.char[unique_claims]
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
                [claim_infos[p] for p in positions.tolist()],
                info,
                claim_vecs[positions],
                None if claim_chars is None else claim_chars[positions],
            )
        return features
