"""Labelled claim pairs for the agreement model, read from Emergent and FNC-1.

An :class:`AgreementPair` is two short texts and how the second stands to the first:
``agree`` (same assertion), ``contradict``, ``related`` (same story, a different or
unconfirmed assertion) or ``unrelated``. Pairs are made from real labelled data only:

* Emergent (``claims/emergent/train.jsonl``): each claim against each headline written about
  it (``for`` -> agree, ``against`` -> contradict, ``observing`` -> related); pairs of
  headlines of one claim (both for, or both against -> agree; for against against ->
  contradict; an observing one -> related); and, for ``unrelated``, headlines paired with
  the claim of another story.
* FNC-1: each headline against the sentence of its body that matches it best (TF-IDF
  cosine), labelled with the pair's stance (``disagree`` -> contradict, ``discuss`` ->
  related). With ``denial_needed`` (an option), a disagreeing body's best sentence that
  states no denial (no negation, no refutation word such as "hoax" or "false") restates the
  claim it goes on to dispute, and that pair is ``related``, not ``contradict``.

``group`` keeps what must stay on one side of a cross-validation split together: the
Emergent claim id, or the FNC-1 topic.
"""

from __future__ import annotations

import json
import os
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from credence.errors import DataError

__all__ = [
    "AGREEMENT_LABELS",
    "AgreementPair",
    "EmergentClaim",
    "EmergentArticle",
    "read_emergent",
    "emergent_pairs",
    "fnc_pairs",
    "states_denial",
    "read_agreement_data",
]

#: The agreement classes, in the column order of every agreement probability matrix.
AGREEMENT_LABELS: tuple[str, ...] = ("agree", "contradict", "related", "unrelated")

_EMERGENT_LABEL = {"for": "agree", "against": "contradict", "observing": "related"}
_FNC_LABEL = {
    "agree": "agree",
    "disagree": "contradict",
    "discuss": "related",
    "unrelated": "unrelated",
}
# Claims at least this similar (TF-IDF cosine) are about one subject (near-story pairs).
_NEAR_MIN_COSINE = 0.2
_WORD = re.compile(r"[a-z][a-z'-]*")
_EMERGENT_FILE = Path("claims") / "emergent" / "train.jsonl"
_FNC_DIR = Path("fnc1")


@dataclass(frozen=True, slots=True)
class AgreementPair:
    """Two texts, the relation of ``second`` to ``first``, and where they come from.

    Parameters
    ----------
    first, second : str
        The two claims (``first`` is the claim checked, ``second`` the one read against it).
    label : str
        One of :data:`AGREEMENT_LABELS`.
    group : str
        Cross-validation group (``"emergent:<claim id>"`` or ``"fnc:<topic>"``).
    source : str
        ``"emergent-claim"``, ``"emergent-headlines"``, ``"emergent-near"``,
        ``"emergent-unrelated"`` or ``"fnc"``.
    """

    first: str
    second: str
    label: str
    group: str
    source: str


@dataclass(frozen=True, slots=True)
class EmergentArticle:
    """One headline an outlet wrote about an Emergent claim, with its stance."""

    id: str
    outlet: str
    headline: str
    stance: str


@dataclass(frozen=True, slots=True)
class EmergentClaim:
    """An Emergent claim: its text, truth label (true/false/unknown) and articles."""

    claim_id: str
    claim: str
    truth: str
    articles: tuple[EmergentArticle, ...]


def _emergent_claim(obj: object, where: str, line: int) -> EmergentClaim:
    if not isinstance(obj, dict):
        raise DataError(where, f"expected a JSON object, got {type(obj).__name__}", line=line)
    try:
        articles = tuple(
            EmergentArticle(str(a["id"]), str(a.get("outlet") or ""), a["headline"], a["stance"])
            for a in obj["articles"]
        )
        claim = EmergentClaim(str(obj["claim_id"]), obj["claim"], str(obj["truth"]), articles)
    except (KeyError, TypeError) as exc:
        raise DataError(where, f"an Emergent claim needs the field {exc}", line=line) from None
    for article in articles:
        if article.stance not in _EMERGENT_LABEL:
            raise DataError(
                where,
                f"unknown stance {article.stance!r} (expected for, against or observing)",
                line=line,
            )
        if not isinstance(article.headline, str) or not article.headline.strip():
            raise DataError(where, f"article {article.id} has an empty headline", line=line)
    if not isinstance(claim.claim, str) or not claim.claim.strip():
        raise DataError(where, "empty claim", line=line)
    return claim


def read_emergent(path: str | os.PathLike[str]) -> list[EmergentClaim]:
    """Read Emergent claims (one JSON object a line: claim_id, claim, truth, articles).

    Raises
    ------
    DataError
        Naming the file and line of a line that is not JSON, lacks a field, or holds an
        unknown stance or an empty text; or when the file cannot be read.
    """
    where = os.fspath(path)
    try:
        lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(where, f"cannot be read ({exc})") from None
    claims = []
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except ValueError as exc:
            raise DataError(where, f"not JSON ({exc})", line=number) from None
        claims.append(_emergent_claim(obj, where, number))
    if not claims:
        raise DataError(where, "no claims")
    return claims


def _headline_pair_label(a: str, b: str) -> str:
    if "observing" in (a, b):
        return "related"
    return "agree" if a == b else "contradict"


def emergent_pairs(
    claims: Sequence[EmergentClaim],
    *,
    headline_pairs_per_claim: int = 12,
    unrelated_per_article: int = 1,
    near_per_claim: int = 4,
    seed: int = 0,
) -> list[AgreementPair]:
    """Claim/headline, headline/headline, near-story and unrelated pairs of Emergent claims.

    Parameters
    ----------
    claims : sequence of EmergentClaim
    headline_pairs_per_claim : int
        At most this many headline/headline pairs per claim (sampled, so large stories do
        not dominate).
    unrelated_per_article : int
        Unrelated pairs per headline: the headline against the claim of another story.
    near_per_claim : int
        ``related`` pairs per claim: the claim against headlines asserting its most similar
        other claim (see :func:`_near_story_pairs`).
    seed : int
        Seed of the sampling.
    """
    rng = random.Random(seed)
    pairs: list[AgreementPair] = []
    for index, claim in enumerate(claims):
        group = f"emergent:{claim.claim_id}"
        for article in claim.articles:
            label = _EMERGENT_LABEL[article.stance]
            pairs.append(
                AgreementPair(claim.claim, article.headline, label, group, "emergent-claim")
            )
        combos = [
            (a, b)
            for i, a in enumerate(claim.articles)
            for b in claim.articles[i + 1 :]
            if a.headline.strip().lower() != b.headline.strip().lower()
        ]
        for a, b in rng.sample(combos, min(len(combos), headline_pairs_per_claim)):
            label = _headline_pair_label(a.stance, b.stance)
            pairs.append(AgreementPair(a.headline, b.headline, label, group, "emergent-headlines"))
        if len(claims) > 1:
            for article in claim.articles:
                for _ in range(unrelated_per_article):
                    other = rng.randrange(len(claims) - 1)
                    other += other >= index
                    pairs.append(
                        AgreementPair(
                            claims[other].claim,
                            article.headline,
                            "unrelated",
                            group,
                            "emergent-unrelated",
                        )
                    )
    return pairs + _near_story_pairs(claims, near_per_claim, rng)


def _near_story_pairs(
    claims: Sequence[EmergentClaim], per_claim: int, rng: random.Random
) -> list[AgreementPair]:
    """Hard negatives: a claim against headlines asserting the most similar *other* claim.

    Two Emergent claims about one subject ("will sell 19 million watches" / "24 million")
    assert different things in much the same words: the pairs corroboration must not count
    as agreement, and the ones random unrelated pairs never show.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer

    if len(claims) < 2 or per_claim < 1:
        return []
    X = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(
        [c.claim for c in claims]
    )
    sims = (X @ X.T).toarray()
    np.fill_diagonal(sims, -1.0)
    pairs = []
    for i, claim in enumerate(claims):
        j = int(sims[i].argmax())
        if sims[i, j] < _NEAR_MIN_COSINE:
            continue
        asserting = [a for a in claims[j].articles if a.stance == "for"]
        for article in rng.sample(asserting, min(per_claim, len(asserting))):
            pairs.append(
                AgreementPair(
                    claim.claim,
                    article.headline,
                    "related",
                    f"emergent:{claim.claim_id}",
                    "emergent-near",
                )
            )
    return pairs


def _best_sentences(headlines: Sequence[str], body: str) -> list[tuple[str, float]]:
    """For each headline, the sentence of ``body`` most similar to it and their TF-IDF cosine."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    from credence.features.segment import segment

    _, sentences = segment(body)
    texts = [s.text for s in sentences if s.text.strip()] or [body]
    vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True)
    try:
        S = vectorizer.fit_transform(list(texts) + list(headlines))
    except ValueError:  # only stop words: any sentence is as good as another
        return [(texts[0], 0.0)] * len(headlines)
    sims = (S[len(texts) :] @ S[: len(texts)].T).toarray()
    return [
        (texts[int(k)], float(row[k])) for row, k in zip(sims, sims.argmax(axis=1), strict=True)
    ]


def states_denial(sentence: str) -> bool:
    """Whether ``sentence`` denies or negates something: a negator ("not", "never", "no"),
    a refutation word or phrase ("hoax", "false", "debunked"), or a negated predicate
    (:func:`credence.features.polarity.negated_predicates`).

    Examples
    --------
    >>> states_denial("Reports that the mayor resigned are false.")
    True
    >>> states_denial("The mayor resigned on Monday, a local paper reported.")
    False
    """
    from credence.features.lexicon import words
    from credence.features.polarity import negated_predicates

    lowered = sentence.lower().replace("’", "'")
    tokens = _WORD.findall(lowered)
    cues = words("negators") | words("refutation")
    if any(t in cues or t.endswith("n't") for t in tokens):
        return True
    if any(" " in cue and cue in lowered for cue in words("refutation")):
        return True
    return bool(negated_predicates(sentence))


def fnc_pairs(
    fnc_dir: str | os.PathLike[str],
    *,
    split: str | None = "train",
    unrelated_fraction: float = 0.25,
    restatement_cosine: float = 0.4,
    denial_needed: bool = False,
    seed: int = 0,
) -> list[AgreementPair]:
    """FNC-1 headlines against the best-matching sentence of their bodies.

    An FNC-1 stance is the body's: an agreeing body's sentence nearest to the headline often
    only shares its subject ("Russia's invasion of Ukraine ..."). So ``agree`` and
    ``disagree`` pairs are kept only when that sentence is close to a restatement of the
    headline (cosine at least ``restatement_cosine``); trained on the others, the model gave
    P(agree) near 0.5 to any two sentences of one story.

    Parameters
    ----------
    fnc_dir : path
        The FNC-1 folder (``train_bodies.csv``, ``train_stances.csv``, ``splits/``).
    split : str or None
        The part of ``splits/topic_split.csv`` to read (``train``, ``dev``), or None for
        every pair.
    unrelated_fraction : float
        Share of the ``unrelated`` pairs kept (sampled): they are 73 % of FNC-1 and easy.
    restatement_cosine : float
        Least TF-IDF cosine of an agree/disagree pair's sentence with its headline.
    denial_needed : bool
        Label a ``disagree`` pair ``contradict`` only when its sentence states a denial
        (:func:`states_denial`), else ``related``. Of the 67 disagree pairs of the topic-train
        split, 46 are restatements without one ("Claim: the town of … was quarantined"),
        and trained on them as contradictions the bundled model gives P(contradict) about
        0.2 to a sentence that repeats a claim word for word. An option: refitted with it,
        the model moved the false-variant sets by +2 rows of 439 and -2 of the 48 held-out
        ones (docs/scores.md §8), so the bundled model is fitted without it.
    seed : int
        Seed of the sampling.
    """
    from credence.models.fnc import FNC_FILES, load_fnc, split_by_topic
    from credence.models.grouping import topic_groups

    folder = Path(fnc_dir)
    stance_pairs = load_fnc(folder / FNC_FILES["bodies"], folder / FNC_FILES["stances"])
    if split is not None:
        stance_pairs = split_by_topic(stance_pairs, folder / FNC_FILES["topic_split"])[split]
    topics = topic_groups(
        [p.claim for p in stance_pairs],
        [str(p.evidence_id) for p in stance_pairs],
        [p.label for p in stance_pairs],
    )
    rng = np.random.default_rng(seed)
    keep = [p.label != "unrelated" or rng.random() < unrelated_fraction for p in stance_pairs]
    by_body: dict[str, list[int]] = {}
    for k, p in enumerate(stance_pairs):
        if keep[k]:
            by_body.setdefault(str(p.evidence_id), []).append(k)
    best: dict[int, tuple[str, float]] = {}
    for ks in by_body.values():
        body = stance_pairs[ks[0]].evidence
        sentences = _best_sentences([stance_pairs[k].claim for k in ks], body)
        best.update(zip(ks, sentences, strict=True))
    out = []
    for k, p in enumerate(stance_pairs):
        sentence, cosine = best.get(k, ("", 0.0))
        if not keep[k] or (p.label in ("agree", "disagree") and cosine < restatement_cosine):
            continue
        label = _FNC_LABEL[p.label]
        if label == "contradict" and denial_needed and not states_denial(sentence):
            label = "related"
        out.append(AgreementPair(p.claim, sentence, label, f"fnc:{topics[k]}", "fnc"))
    return out


def read_agreement_data(
    path: str | os.PathLike[str], *, fnc_split: str | None = "train", seed: int = 0
) -> list[AgreementPair]:
    """Agreement training pairs from a data folder or one Emergent JSONL file.

    Parameters
    ----------
    path : path
        Either the labelled-data root (holding ``claims/emergent/train.jsonl`` and/or
        ``fnc1/``), or an Emergent-format JSONL file.
    fnc_split : str or None
        Part of the FNC-1 topic split to read (see :func:`fnc_pairs`).
    seed : int
        Seed of the pair sampling.

    Raises
    ------
    DataError
        When ``path`` holds neither Emergent nor FNC-1 data, or a file is malformed.
    """
    root = Path(path)
    if root.is_file():
        return emergent_pairs(read_emergent(root), seed=seed)
    if not root.is_dir():
        raise DataError(os.fspath(path), "no such file or directory")
    pairs: list[AgreementPair] = []
    if (root / _EMERGENT_FILE).is_file():
        pairs += emergent_pairs(read_emergent(root / _EMERGENT_FILE), seed=seed)
    if (root / _FNC_DIR / "train_stances.csv").is_file():
        pairs += fnc_pairs(root / _FNC_DIR, split=fnc_split, seed=seed)
    if not pairs:
        raise DataError(
            os.fspath(path),
            f"no agreement data (expected {_EMERGENT_FILE} or {_FNC_DIR}/train_stances.csv "
            "inside, or an Emergent JSONL file)",
        )
    return pairs
