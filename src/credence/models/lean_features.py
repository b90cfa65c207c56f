"""What the lean reader reads of one claim and one related body (:mod:`credence.models.lean`).

For a claim and a body, :func:`lean_inputs` gathers, as one row of numbers:

- the stance model's calibrated probabilities (agree, disagree, discuss, unrelated) and its
  related-pairs reader's lean (:meth:`StanceModel.read_pairs
  <credence.models.stance.StanceModel.read_pairs>`);
- the claim-pair (agreement) model's reading of the claim against the body's ``k`` sentences
  most similar to it (TF-IDF cosine): P(agree) and P(contradict) as max, mean and mean of the
  top two, P(related) and P(unrelated) as means, and the cosines themselves;
- cues in those sentences and in the whole body: refuting words ("hoax", "denied"),
  discussing words ("reportedly", "claims"), confirming words, reporting frames
  ("according to", "said"), negators; the negation contrast between the claim and its best
  sentence; a question mark in the claim;
- the claim's numbers the body states, and whether it states other numbers instead;
- the share of the claim's content words the body contains, and the body's length.

Word lists come from the lexicon (:func:`credence.features.lexicon.words`): ``refuting``,
``discussing``, ``confirming``, ``reporting_verbs``, ``negators``, ``english_stop_words``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

import numpy as np

from credence.features.lexicon import words

__all__ = ["LEAN_INPUT_NAMES", "best_sentences", "cue_inputs", "lean_inputs"]

#: Sentences of a body read against the claim by the agreement model.
TOP_SENTENCES = 3

_WORD_RE = re.compile(r"[^\W\d_][\w'’-]*|\d[\d,.]*\d|\d", re.UNICODE)
_NUMBER_RE = re.compile(r"\d[\d,.]*\d|\d")

_AGREEMENT_NAMES = [
    "agree_max",
    "agree_mean",
    "agree_top2",
    "contradict_max",
    "contradict_mean",
    "contradict_top2",
    "related_mean",
    "unrelated_mean",
    "cosine_max",
    "cosine_mean",
]
_CUE_NAMES = [
    "refuting_top",
    "refuting_body",
    "discussing_top",
    "discussing_body",
    "confirming_top",
    "confirming_body",
    "reporting_top",
    "according_to_body",
    "negators_top",
    "claim_negated",
    "best_negated",
    "negation_contrast",
    "claim_question",
    "claim_refuting",
    "claim_discussing",
    "numbers_stated",
    "numbers_other_only",
    "claim_words_covered",
    "body_sentences_log",
]

#: Column names of :func:`lean_inputs`, in order.
LEAN_INPUT_NAMES: tuple[str, ...] = tuple(
    [f"stance_{c}" for c in ("agree", "disagree", "discuss", "unrelated")]
    + [f"related_{c}" for c in ("agree", "disagree", "discuss")]
    + _AGREEMENT_NAMES
    + _CUE_NAMES
)


def _tokens(text: str) -> list[str]:
    return [t.lower() for t in _WORD_RE.findall(text)]


def _numbers(text: str) -> set[str]:
    return {n.replace(",", "").rstrip(".") for n in _NUMBER_RE.findall(text)}


def _rate(tokens: Sequence[str], lexicon: frozenset[str] | set[str]) -> float:
    # Hits per 100 words, saturating: a long body is not more refuting for its length alone.
    if not tokens:
        return 0.0
    hits = sum(t in lexicon for t in tokens)
    return math.log1p(100.0 * hits / len(tokens))


def best_sentences(claim: str, sentences: Sequence[str], k: int = TOP_SENTENCES) -> list[int]:
    """Indices of the ``k`` sentences most similar to ``claim`` (TF-IDF cosine), best first.

    Parameters
    ----------
    claim : str
        The claim.
    sentences : sequence of str
        The body's sentences.
    k : int
        How many to keep.

    Returns
    -------
    list of int

    Examples
    --------
    >>> best_sentences("Tesla builds a plant in Nevada",
    ...                ["It rained.", "Tesla picked Nevada for its plant."], k=1)
    [1]
    """
    return [k_ for k_, _ in _ranked(claim, sentences)[:k]]


def _ranked(claim: str, sentences: Sequence[str]) -> list[tuple[int, float]]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    if not sentences:
        return []
    vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True)
    try:
        X = vectorizer.fit_transform([*sentences, claim])
    except ValueError:  # only stop words: keep the body's order
        return [(k, 0.0) for k in range(len(sentences))]
    sims = (X[: len(sentences)] @ X[len(sentences)].T).toarray().ravel()
    order = np.argsort(-sims, kind="stable")
    return [(int(k), float(sims[k])) for k in order]


def cue_inputs(claim: str, top: Sequence[str], body_sentences: Sequence[str]) -> list[float]:
    """The cue columns (``_CUE_NAMES``) of one claim, its best sentences and the body.

    Examples
    --------
    >>> row = cue_inputs("He is dead", ["The report of his death is a hoax."], ["x"])
    >>> row[0] > 0  # a refuting word in the best sentence
    True
    """
    refuting, discussing = words("refuting"), words("discussing")
    confirming, reporting, negators = (
        words("confirming"),
        words("reporting_verbs"),
        words("negators"),
    )
    stop = words("english_stop_words")
    claim_tokens = _tokens(claim)
    top_tokens = [t for s in top for t in _tokens(s)]
    body_text = " ".join(body_sentences)
    body_tokens = _tokens(body_text)
    best_tokens = _tokens(top[0]) if top else []
    claim_negated = float(any(t in negators for t in claim_tokens))
    best_negated = float(any(t in negators for t in best_tokens))
    claim_numbers, body_numbers = _numbers(claim), _numbers(body_text)
    stated = len(claim_numbers & body_numbers) / len(claim_numbers) if claim_numbers else 1.0
    other_only = float(
        bool(claim_numbers) and not (claim_numbers & body_numbers) and bool(body_numbers)
    )
    content = {t for t in claim_tokens if t not in stop and not t[0].isdigit()}
    body_set = set(body_tokens)
    covered = len(content & body_set) / len(content) if content else 1.0
    return [
        _rate(top_tokens, refuting),
        _rate(body_tokens, refuting),
        _rate(top_tokens, discussing),
        _rate(body_tokens, discussing),
        _rate(top_tokens, confirming),
        _rate(body_tokens, confirming),
        _rate(top_tokens, reporting),
        math.log1p(100.0 * body_text.lower().count("according to") / max(len(body_tokens), 1)),
        _rate(top_tokens, negators),
        claim_negated,
        best_negated,
        float(claim_negated != best_negated),
        float("?" in claim),
        float(any(t in refuting for t in claim_tokens)),
        float(any(t in discussing for t in claim_tokens)),
        stated,
        other_only,
        covered,
        math.log1p(len(body_sentences)),
    ]


def _agreement_inputs(proba: np.ndarray, cosines: Sequence[float]) -> list[float]:
    # proba: the agreement model's rows over the best sentences (agree, contradict, related,
    # unrelated), best first.
    if not len(proba):
        return [0.0] * 7 + [1.0, 0.0, 0.0]
    agree, contra = np.sort(proba[:, 0])[::-1], np.sort(proba[:, 1])[::-1]
    return [
        float(agree[0]),
        float(agree.mean()),
        float(agree[:2].mean()),
        float(contra[0]),
        float(contra.mean()),
        float(contra[:2].mean()),
        float(proba[:, 2].mean()),
        float(proba[:, 3].mean()),
        float(max(cosines)),
        float(np.mean(cosines)),
    ]


def lean_inputs(
    claims: Sequence[str],
    bodies: Sequence[str],
    stance_model: Any,
    pair_model: Any,
    k: int = TOP_SENTENCES,
) -> np.ndarray:
    """The lean reader's inputs for each (claim, body) pair (columns :data:`LEAN_INPUT_NAMES`).

    Parameters
    ----------
    claims, bodies : sequence of str
        The pairs.
    stance_model : StanceModel
        Reads each pair whole (:meth:`~credence.models.stance.StanceModel.read_pairs`).
    pair_model : object
        The claim-pair reader, ``predict_proba(texts_a, texts_b)`` with columns agree,
        contradict (disagree), related (discuss), unrelated: the agreement model or its
        :class:`~credence.models.agreement_view.StanceView`.
    k : int
        Sentences of each body read by ``pair_model``.

    Returns
    -------
    ndarray, shape (n, len(LEAN_INPUT_NAMES))
    """
    from credence.features.segment import segment

    claims, bodies = list(claims), list(bodies)
    if not claims:
        return np.zeros((0, len(LEAN_INPUT_NAMES)))
    stance, related = stance_model.read_pairs(claims, bodies)
    split: dict[str, list[str]] = {}
    chosen: list[list[tuple[int, float]]] = []
    first, second = [], []
    for claim, body in zip(claims, bodies, strict=True):
        if body not in split:
            _, sentences = segment(body)
            split[body] = [s.text for s in sentences if s.text.strip()] or [body]
        ranked = _ranked(claim, split[body])[:k]
        chosen.append(ranked)
        first += [claim] * len(ranked)
        second += [split[body][j] for j, _ in ranked]
    pair_proba = np.asarray(pair_model.predict_proba(first, second)) if first else np.zeros((0, 4))
    rows, at = [], 0
    for claim, body, ranked in zip(claims, bodies, chosen, strict=True):
        proba = pair_proba[at : at + len(ranked)]
        at += len(ranked)
        top = [split[body][j] for j, _ in ranked]
        rows.append(
            _agreement_inputs(proba, [c for _, c in ranked]) + cue_inputs(claim, top, split[body])
        )
    return np.hstack([np.asarray(stance), np.asarray(related), np.asarray(rows)])
