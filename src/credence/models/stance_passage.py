"""Best-passage features of the stance model that see past the training vocabulary.

The word TF-IDF of :mod:`~credence.models.stance_features` only knows the words of the
training stories; a new story's names, spellings and inflections ("Kobani", "Kobane",
"beheaded", "beheading") are invisible to it, so a related pair about an unseen topic can look
unrelated. These features read the claim and the evidence through character 3–5-grams
(inside word boundaries) instead, find the evidence sentence that best matches the claim that
way, and measure what of the claim the passage around it carries:

- the character n-gram cosine of the claim with the whole evidence, its best sentence, the
  mean of its three best, the best of its lead (three first sentences), where the best sentence
  sits, and by how much it beats the runner-up (a restatement stands out; a topical mention
  does not);
- the claim's names (capitalised words past the first) found in the evidence and in the
  passage around the best sentence, and its numbers found there (-1 when it has none);
- how much of the claim's content the evidence quotes, and whether the best sentence holds a
  quotation (a body that discusses a claim often quotes it; one that agrees restates it).

All are relations between one claim and one evidence: no n-gram coordinate reaches the
trees, so nothing identifies a topic. On three topic-disjoint folds of the FNC-1 topic-train
split (``benchmarks/bench_stance.py --train-cv 3``) they raised the FNC score from 79.4 % to
80.3 % of max, macro-F1 from 0.617 to 0.630 and related-vs-unrelated F1 from 0.960 to 0.973.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from credence.models.stance_text import content_words, numbers, tokens

__all__ = [
    "PASSAGE_FEATURE_NAMES",
    "ClaimPassage",
    "EvidencePassage",
    "claim_passage",
    "evidence_passage",
    "fit_char_vectorizer",
    "names",
    "passage_features",
]

#: Column names of :func:`passage_features`, in order.
PASSAGE_FEATURE_NAMES = (
    "char_cos_evidence",
    "char_cos_best_sentence",
    "char_cos_top3_mean",
    "char_cos_lead3_max",
    "char_best_sentence_position",
    "names_claim",
    "names_in_evidence",
    "names_in_best_window",
    "numbers_in_best_window",
    "quoted_claim_content",
    "best_sentence_quoted",
    "char_best_margin",
)

_CAPITALISED = re.compile(r"\b[A-Z][a-zA-Z'\-]+|\b[A-Z]{2,}\b")
_WORD = re.compile(r"\b[A-Za-z][\w'\-]+")
# A quotation: text between straight or curly double quotes, within one stretch of prose.
_QUOTATION = re.compile(r"[\"“”]([^\"“”]{3,400})[\"“”]")


def _fold(word: str) -> str:
    return word.lower().replace("’", "'")


def names(text: str) -> frozenset[str]:
    """Lower-cased capitalised words of ``text`` past its first character (the first word
    of a text is capitalised whatever it is).

    Examples
    --------
    >>> sorted(names("Police in Lyon say the NATO report is false"))
    ['lyon', 'nato']
    """
    return frozenset(_fold(m.group(0)) for m in _CAPITALISED.finditer(text) if m.start() > 0)


def _words(text: str) -> frozenset[str]:
    return frozenset(_fold(w) for w in _WORD.findall(text))


def fit_char_vectorizer(corpus: Sequence[str]) -> TfidfVectorizer:
    """Character 3–5-gram TF-IDF (inside word boundaries) fitted on ``corpus``.

    An n-gram must occur in two texts and in at most half of them (every n-gram of a small
    corpus is kept).
    """
    large = len(corpus) >= 50
    vectorizer = TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=(3, 5),
        min_df=2 if large else 1,
        max_df=0.5 if large else 1.0,
        sublinear_tf=True,
        max_features=150_000,
        dtype=np.float32,
    ).fit(corpus)
    # The pruned n-grams are only for inspection and would bloat the model file.
    vectorizer.stop_words_ = None
    return vectorizer


@dataclass(frozen=True)
class ClaimPassage:
    """What the passage features read in a claim."""

    names: frozenset[str]
    numbers: frozenset[str]
    content: frozenset[str]


@dataclass(frozen=True)
class EvidencePassage:
    """What the passage features read in an evidence text (sentences as the word features
    split them).
    """

    char_vec: sp.csr_matrix  # 1 x C
    char_sent_vecs: sp.csr_matrix  # n_s x C
    names: frozenset[str]
    sent_words: tuple[frozenset[str], ...]  # lower-cased words of each sentence
    sent_numbers: tuple[frozenset[str], ...]
    sent_quoted: tuple[bool, ...]  # does the sentence hold a quotation
    quoted_content: frozenset[str]  # content words inside the evidence's quotations


def claim_passage(claim: str) -> ClaimPassage:
    """:class:`ClaimPassage` of ``claim``."""
    return ClaimPassage(
        names=names(claim),
        numbers=frozenset(numbers(claim)),
        content=content_words(tokens(claim)),
    )


def evidence_passage(
    evidence: str,
    spans: Sequence[tuple[int, int]],
    char_vec: sp.csr_matrix,
    char_sent_vecs: sp.csr_matrix,
) -> EvidencePassage:
    """:class:`EvidencePassage` of ``evidence`` split at ``spans``, with its character
    n-gram rows (whole text, then each sentence).
    """
    sentences = [evidence[start:end] for start, end in spans]
    quoted = " ".join(_QUOTATION.findall(evidence))
    return EvidencePassage(
        char_vec=char_vec,
        char_sent_vecs=char_sent_vecs,
        names=names(evidence),
        sent_words=tuple(_words(s) for s in sentences),
        sent_numbers=tuple(frozenset(numbers(s)) for s in sentences),
        sent_quoted=tuple(bool(_QUOTATION.search(s)) for s in sentences),
        quoted_content=content_words(tokens(quoted)),
    )


def passage_features(
    claims: Sequence[ClaimPassage], claim_char_vecs: sp.csr_matrix, evidence: EvidencePassage
) -> np.ndarray:
    """Features of ``k`` claims against one evidence text, shape ``(k, 12)``, columns
    :data:`PASSAGE_FEATURE_NAMES`.

    ``claim_char_vecs`` holds the claims' character n-gram rows (``k x C``, L2-normalised,
    from the vectorizer that made the evidence's rows).
    """
    k = len(claims)
    sims = (evidence.char_sent_vecs @ claim_char_vecs.T).toarray()  # n_s x k
    evidence_sims = (claim_char_vecs @ evidence.char_vec.T).toarray()[:, 0]
    n_s = sims.shape[0]
    best = sims.argmax(axis=0)
    ranked = -np.sort(-sims, axis=0)
    out = np.zeros((k, len(PASSAGE_FEATURE_NAMES)))
    out[:, 0] = evidence_sims
    out[:, 1] = ranked[0]
    out[:, 2] = ranked[:3].mean(axis=0)
    out[:, 3] = sims[:3].max(axis=0)
    out[:, 4] = best / max(n_s - 1, 1)
    out[:, 11] = ranked[0] - ranked[1] if n_s > 1 else 0.0
    for j, claim in enumerate(claims):
        lo, hi = max(0, int(best[j]) - 1), min(n_s, int(best[j]) + 2)
        window_words = frozenset().union(*evidence.sent_words[lo:hi])
        window_numbers = frozenset().union(*evidence.sent_numbers[lo:hi])
        n_names = max(len(claim.names), 1)
        out[j, 5] = len(claim.names)
        out[j, 6] = len(claim.names & evidence.names) / n_names
        out[j, 7] = len(claim.names & window_words) / n_names
        out[j, 8] = (
            len(claim.numbers & window_numbers) / len(claim.numbers) if claim.numbers else -1.0
        )
        out[j, 9] = len(claim.content & evidence.quoted_content) / max(len(claim.content), 1)
        out[j, 10] = float(evidence.sent_quoted[int(best[j])])
    return out
