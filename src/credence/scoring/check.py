"""Checking one claim a person typed against a set of articles (``credence check``).

A checked claim is corroborated when the evidence asserts it, not when many sentences share
its words. :func:`check_claim` runs these steps:

0. **Short items** (:func:`with_short_items_read`): a headline or one-line item in which the
   claim detector found no claim is read sentence by sentence all the same: it is an
   outlet's statement of the story (the detector kept 318 of Emergent's 838 headlines).
1. **Candidates** (:func:`query_candidates`): each article's ``per_article`` claims most
   similar to the query (TF-IDF cosine), every article's best before any article's second,
   at most ``top_k`` in all: a story of ten articles is read as ten witnesses, not as the
   twenty sentences of the two longest.
2. **Reading**: the pairs are read by the agreement model and checked by rule for numeric,
   temporal and polarity contradictions (:func:`credence.scoring.evidence.evidence_items`);
   a rule contradiction with a claim about another actor or place, or a numeric one between
   numbers stated for different dates, is dropped (another event, not a conflict).
3. **Coverage** (:mod:`credence.scoring.check_terms`: :func:`coverage`, :func:`name_share`):
   support is P(agree) times the rarity-weighted share of the query's words and numbers the
   evidence contains (to ``coverage_power``), times ``name_mismatch`` where the evidence
   names none of the query's names: a sentence sharing only a frame ("did not respond",
   "campaigned for") or lacking the place, actor or number the query asserts is weak support
   at most. Evidence worded with doubt ("may have", "reportedly") observes the claim without
   endorsing it: its support shrinks with its P(uncertain) (``hedged_support``).
4. **Claims**: S is the noisy-OR ``score`` uses over independent origins
   (:func:`credence.scoring.formula.score_arrays`; relays and copies count once) times the
   lean of the committed origins, and D the share of them that dispute the claim
   (:func:`committed_shares`, from the expected numbers of origins that assert and
   contradict, :func:`credence.scoring.formula.expected_origins`). The noisy-OR alone nears
   1 for S and D alike once a claim has ten witnesses, and then tells an asserted claim from
   a disputed one only through small differences (``sentence_rule="noisy_or"``).
5. **Articles as wholes** (:func:`article_balance`): an article of ``article_sentences``
   sentences or more is also read whole against the query by the stance model (trained on
   headline/article pairs), one reading per outlet, weighted by its coverage of the claim;
   with ``article_reader="related"`` (an option), how a related article leans is read by
   the stance model's related-pairs reader (:mod:`credence.models.stance_related`); with
   ``article_reader="lean"``, by the fitted lean reader (:mod:`credence.models.lean`), which
   also reads the article's sentences that best match the claim with the claim-pair model.
   The article's coverage of the claim's words grades its P(agree) (``article_terms``), and
   with ``article_grading="lean"`` its P(disagree) alike: how far the article speaks to
   this claim, whichever way it leans.
   Its S and D are balances, the shares of agreement and disagreement in the relevance
   mass: a debunking article ("the report of his death is a hoax") disagrees even where one
   of its sentences restates the claim, and articles that only discuss the claim dilute its
   support. Where there are such articles, S and D are ``article_weight`` parts theirs. The
   stance model judges the story, not the claim's details, so the articles' support is
   multiplied by the share of the claim's names and numbers that some article states
   (:func:`credence.scoring.evidence.attested_share`; ``details_rule="uncontested"``:
   only those no article fills with another value in the same slot,
   :func:`credence.scoring.contested.uncontested_share`, kinder to FNC-1 stories and
   harder on false variants; ``"framed"`` and ``"slots"``, which read opposite words only
   where the articles speak to the claim and a title-case headline's words as no names:
   :mod:`credence.scoring.check_details`; see docs/scores.md §8). With
   ``story_terms_power``, the articles' support is also multiplied by the story's coverage of
   the claim's words (:func:`credence.scoring.check_terms.story_coverage`): what no article
   states, an actor, place or thing swapped in, not how each article words the story.

Corroboration is the net lean ``L = S - D`` from the lone claim's value b = ``lambda * r``:
``b + (1 - b) * L`` when positive, ``b * (1 + L)`` when negative (:func:`net_corroboration`;
``scale="score"`` keeps the rule of scored claims). Settings were chosen on Emergent
claim-grouped CV predictions and FNC-1 topic-train stories read by models that never saw
them (``benchmarks/eval_truth.py --fnc-split train``), and are reported on FNC-1 topic-dev
stories (docs/scores.md §8).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import numpy as np

from credence.document import Claim
from credence.errors import InputError
from credence.scoring.article_origins import article_origins, origin_balance
from credence.scoring.check_details import (
    competing_share,
    framed_attested_share,
    slot_attested_share,
)
from credence.scoring.check_settings import CheckSettings
from credence.scoring.check_terms import coverage, named_factor, story_coverage, term_factor
from credence.scoring.claim_rows import QUERY_ORIGIN, ClaimRow, build_rows, fold_copies, query_row
from credence.scoring.contested import (
    SENTENCE_KEEP,
    contested_evidence_share,
    contested_support_share,
    uncontested_share,
)
from credence.scoring.evidence import (
    EvidenceItems,
    attested_share,
    evidence_items,
    name_share,
    pair_probabilities,
    story_attestation,
)
from credence.scoring.explanations import hedge_cue_reasons, scored_claim
from credence.scoring.formula import ScoreTables, build_tables, expected_origins, score_arrays
from credence.scoring.matching import STANCE_CLASSES, claim_vectors
from credence.scoring.priors import ScoringPriors
from credence.scoring.replaced_names import replaced_names_share
from credence.scoring.results import CorroborationResult, ScoredClaim

if TYPE_CHECKING:
    from credence.scoring.engine import Extractors

__all__ = [
    "CheckSettings",
    "with_short_items_read",
    "query_candidates",
    "query_evidence",
    "coverage",
    "name_share",
    "uncontested_share",
    "balance_scores",
    "committed_shares",
    "net_corroboration",
    "check_claim",
]


def with_short_items_read(analyses: Sequence[Any], settings: CheckSettings) -> list[Any]:
    """``analyses`` where each short item without a detected claim reads its sentences as claims.

    A headline or a one-line wire item ("Amazon to Open First Brick-and-Mortar Site") is an
    outlet's statement of the story, but the claim detector, which looks for check-worthy
    sentences, keeps few headlines (title case, no finite verb). ``check`` asks what every
    outlet says about one claim, so such an item (fewer than ``article_sentences``
    sentences, no claim) is read sentence by sentence; longer articles keep their claims.
    """
    out = []
    for analysis in analyses:
        if analysis.claims or len(analysis.sentences) >= settings.article_sentences:
            out.append(analysis)
            continue
        article_id = analysis.article.id
        claims = tuple(
            Claim(
                id=f"{article_id}:s{sentence.index}",
                article_id=article_id,
                sentence=sentence.index,
                start=sentence.start,
                end=sentence.end,
                text=sentence.text,
                reasons=("a short item's sentence, read by check",),
            )
            for sentence in analysis.sentences
            if sentence.text.strip()
        )
        out.append(replace(analysis, claims=claims))
    return out


def _item_support(
    items: EvidenceItems,
    query: str,
    evidence: Sequence[str],
    uncertainty_model: Any,
    settings: CheckSettings,
) -> np.ndarray:
    # P(agree) (raised where numbers agree), graded by coverage and names, and by how
    # firmly the evidence asserts what it says.
    support = items.support() * term_factor(query, evidence, settings)
    if settings.hedged_support < 1.0:
        support = support * _endorsement(uncertainty_model, evidence, settings)
    return support


def _endorsement(
    uncertainty_model: Any, texts: Sequence[str], settings: CheckSettings
) -> np.ndarray:
    # An evidence sentence worded with doubt ("may", "reportedly", "rumoured") reports the
    # claim without endorsing it: its support keeps ``hedged_support`` of its weight in
    # proportion to P(uncertain) of its wording.
    if not len(texts):
        return np.ones(0)
    uncertain = np.asarray(uncertainty_model.predict_proba(list(texts))).reshape(len(texts), -1)
    return 1.0 - (1.0 - settings.hedged_support) * uncertain[:, 0]


def query_candidates(
    rows: Sequence[ClaimRow], query: ClaimRow, settings: CheckSettings
) -> list[int]:
    """Indices of the rows read against the query, best first (see the module docstring)."""
    if not rows:
        return []
    texts = [r.claim.text for r in rows] + [query.claim.text]
    X, _ = claim_vectors(texts)
    sims = (X[: len(rows)] @ X[len(rows)].T).toarray().ravel()
    ranked: dict[int, list[int]] = {}
    for k in np.argsort(-sims, kind="stable").tolist():
        if sims[k] < settings.min_similarity:
            break
        if rows[k].duplicate:
            continue
        mine = ranked.setdefault(rows[k].article_index, [])
        if len(mine) < settings.per_article:
            mine.append(k)
    # Every article's best claim before any article's second one.
    order = sorted(
        ((rank, -float(sims[k]), k) for mine in ranked.values() for rank, k in enumerate(mine))
    )
    return [k for _, _, k in order[: settings.top_k]]


def query_evidence(
    rows: Sequence[ClaimRow],
    query: ClaimRow,
    stance_model: Any,
    priors: ScoringPriors,
    settings: CheckSettings,
) -> EvidenceItems:
    """The query's evidence items (pairs read, rule-based contradictions found)."""
    chosen = query_candidates(rows, query, settings)
    if not chosen:
        return EvidenceItems(np.zeros((0, len(STANCE_CLASSES))), np.zeros(0)).freeze()
    q = len(rows)
    all_texts = [r.claim.text for r in rows] + [query.claim.text]
    pairs = [(q, k) for k in chosen]
    proba = pair_probabilities(stance_model, all_texts, pairs)
    # Rule contradictions with claims about other actors or other dates are dropped there.
    return evidence_items([*rows, query], pairs, proba, priors, only_claim=q)


def balance_scores(
    tables: ScoreTables,
    support: np.ndarray,
    relevance: np.ndarray,
    weight: np.ndarray,
    support_prior: float,
    volume_scale: float = 0.0,
) -> tuple[np.ndarray, np.ndarray]:
    """Support S and contradiction D of every claim of ``tables``, as balances.

    Each independent origin speaks through its most relevant item; with ``w`` its source's
    weight, S = sum(w * support) / (sum(w * relevance) + support_prior) and D likewise
    with the contradiction, so that related evidence that neither agrees nor contradicts
    dilutes both.

    Parameters
    ----------
    tables : ScoreTables
        The items, their independence groups and sources (:func:`build_tables`).
    support, relevance : ndarray
        Support and P(related) of every item.
    weight : ndarray
        Weight of every source, by source index (its reliability over the prior mean).
    support_prior : float
        The prior's relevance mass.
    volume_scale : float
        When positive, S and D are multiplied by the noisy-OR of the origins' support
        (contradiction) scaled by it (the prior reliability): share times strength.

    Returns
    -------
    S, D : ndarray
        One value per claim, in [0, 1].
    """
    n, groups = tables.n_claims, len(tables.group_claim)
    contra = tables.item_contradiction
    # A rule-based contradiction is relevant whatever the model says.
    relevance = np.maximum(relevance, contra)
    best = np.full(groups, -1, dtype=np.int64)
    for k in np.argsort(relevance, kind="stable").tolist():
        best[tables.item_group[k]] = k  # ascending: the most relevant item is written last
    keep = best[best >= 0]
    w = weight[tables.item_source[keep]]
    claim = tables.group_claim[tables.item_group[keep]]
    own = tables.item_own[keep]
    mass = np.bincount(claim, w * relevance[keep], minlength=n) + support_prior
    agreeing = np.where(own, 0.0, w * support[keep])
    S = np.bincount(claim, agreeing, minlength=n) / mass
    D = np.bincount(claim, w * contra[keep], minlength=n) / mass
    if volume_scale > 0:
        # The share times the strength of the evidence: the noisy-OR of the origins'
        # support (contradiction), each at ``volume_scale`` times its weight. Ten related
        # sentences that barely agree stay weak; three origins that agree are strong.
        S *= 1.0 - np.exp(
            np.bincount(
                claim, np.log1p(-np.minimum(volume_scale * agreeing, 1 - 1e-12)), minlength=n
            )
        )
        D *= 1.0 - np.exp(
            np.bincount(
                claim,
                np.log1p(-np.minimum(volume_scale * w * contra[keep], 1 - 1e-12)),
                minlength=n,
            )
        )
    return np.clip(S, 0.0, 1.0), np.clip(D, 0.0, 1.0)


def _graded(
    query: str, texts: Sequence[str], proba: np.ndarray, settings: CheckSettings
) -> tuple[np.ndarray, np.ndarray]:
    # With ``article_terms``, an article's P(agree) (and with ``article_grading="lean"`` its
    # P(disagree)) is discounted as a sentence's is (_term_factor).
    agree, disagree = proba[:, 0], proba[:, 1]
    if settings.article_terms:
        factor = term_factor(query, texts, settings)
        agree = agree * factor
        if settings.article_grading == "lean":
            disagree = disagree * factor
    return agree, disagree


def article_balance(
    query: str,
    analyses: Sequence[Any],
    article_model: Any,
    weight: Mapping[str, float],
    settings: CheckSettings,
    copy_threshold: float = ScoringPriors.near_duplicate_threshold,
) -> tuple[float, float] | None:
    """S and D of the articles read whole against ``query``; None when none is read.

    Articles of ``article_sentences`` sentences or more whose text has a TF-IDF cosine of at
    least ``min_similarity`` with the query are read by ``article_model`` (stance columns:
    agree, disagree, discuss, unrelated; with ``article_reader="related"``, its
    ``predict_proba_related`` where it has one). An outlet speaks once, through its most
    relevant article; S and D are balances as in :func:`balance_scores`. With
    ``article_rule="origins"``, copies of one text are one origin (shingle Jaccard from
    ``copy_threshold``) and no origin is weighed by its coverage of the claim
    (:mod:`credence.scoring.article_origins`).
    """
    bodies = [a for a in analyses if len(a.sentences) >= settings.article_sentences]
    texts = [a.article.text for a in bodies]
    outlets = [_outlet(a) for a in bodies]
    if not texts:
        return None
    X, _ = claim_vectors([*texts, query])
    sims = (X[: len(texts)] @ X[len(texts)].T).toarray().ravel()
    read = [k for k in range(len(texts)) if sims[k] >= settings.min_similarity]
    if not read:
        return None
    read_proba = article_model.predict_proba
    if settings.article_reader == "related" and hasattr(article_model, "predict_proba_related"):
        read_proba = article_model.predict_proba_related
    proba = np.asarray(read_proba([query] * len(read), [texts[k] for k in read]))
    order = list(article_model.classes_) if hasattr(article_model, "classes_") else None
    columns = [order.index(c) for c in STANCE_CLASSES] if order else list(range(4))
    proba = proba[:, columns]
    read_texts = [texts[k] for k in read]
    if settings.article_rule == "origins":
        # One voice per independent origin, weighed by its source alone (article_origins).
        origins = article_origins(read_texts, [outlets[k] for k in read], copy_threshold)
        weights = np.array([weight.get(outlets[k], 1.0) for k in read])
        agree, disagree = _graded(query, read_texts, proba, settings)
        return origin_balance(
            agree, disagree, proba[:, 3], origins, weights, settings.support_prior
        )
    # The stance model says whether an article is on the story; the claim's own terms say
    # whether it is about this claim: an article weighs by its coverage of the claim, and
    # its agreement is further discounted as a sentence's is (_term_factor).
    covered = coverage(query, read_texts)
    agree, disagree = _graded(query, read_texts, proba, settings)
    best: dict[str, int] = {}
    for j, k in enumerate(read):
        known = best.get(outlets[k])
        if known is None or proba[j, 3] < proba[known, 3]:
            best[outlets[k]] = j
    chosen = list(best.values())
    w = np.array([weight.get(o, 1.0) for o in best]) * covered[chosen]
    mass = float(w @ (1.0 - proba[chosen, 3])) + settings.support_prior
    return min(float(w @ agree[chosen]) / mass, 1.0), min(float(w @ disagree[chosen]) / mass, 1.0)


def _sentence_scores(
    tables: ScoreTables,
    support: np.ndarray,
    relevance: np.ndarray,
    reliability: np.ndarray,
    priors: ScoringPriors,
    settings: CheckSettings,
) -> tuple[np.ndarray, np.ndarray]:
    if settings.sentence_rule == "balance":
        weight = reliability / priors.prior_reliability
        return balance_scores(tables, support, relevance, weight, settings.support_prior)
    read = replace(tables, item_support=support)
    # The rule ``score`` uses (formula.score_arrays), over the support as read here.
    own = np.full(tables.n_claims, priors.prior_reliability)
    _, S, D = score_arrays(read, reliability, priors, own)
    if settings.sentence_rule == "noisy_or":
        return S, D
    # How much evidence asserts the claim (the noisy-OR) times which way the committed
    # origins lean (the share); contradiction is the share that disputes it.
    lean, disputed = committed_shares(read, reliability / priors.prior_reliability, settings)
    return S * lean, disputed


def committed_shares(
    tables: ScoreTables, weight: np.ndarray, settings: CheckSettings
) -> tuple[np.ndarray, np.ndarray]:
    """The shares of the independent origins committed either way that assert (the lean)
    and that contradict (the disputed share) each claim.

    A, the expected number of independent origins that assert a claim, and C, of those
    that contradict it (:func:`credence.scoring.formula.expected_origins`: each origin's
    strongest item, weighted by its source's reliability over the prior mean), give
    ``A / (A + C + k)`` and ``C / (A + C + k)``, ``k = committed_prior``. Origins that only
    report the claim (related, neither agreeing nor contradicting) count in neither. Unlike
    the noisy-OR, which nears 1 for S and D alike once a claim has many witnesses, the
    shares keep telling a claim most outlets assert from one they dispute.

    Parameters
    ----------
    tables : ScoreTables
        The items, their independence groups and sources, with the support as read by check.
    weight : ndarray
        Weight of every source, by source index.
    settings : CheckSettings
        ``committed_prior`` is k.

    Returns
    -------
    lean, disputed : ndarray
        One value per claim, in [0, 1).

    Examples
    --------
    With no evidence both are 0; two agreeing origins and none contradicting give a lean
    of 2 / 2.5 = 0.8:

    >>> import numpy as np
    >>> from credence.scoring.formula import ScoreTables
    >>> tables = ScoreTables(1, np.array([0, 0]), np.array([0, 1]), np.array([0, 0]),
    ...     np.array([1.0, 1.0]), np.zeros(2), np.zeros(2, dtype=bool), np.array([0, 0]),
    ...     np.array([0]))
    >>> [float(x[0]) for x in committed_shares(tables, np.ones(1), CheckSettings())]
    [0.8, 0.0]
    """
    agreeing, contradicting = expected_origins(tables, weight)
    committed = agreeing + contradicting + settings.committed_prior
    return agreeing / committed, contradicting / committed


def _read_articles(
    query: str,
    analyses: Sequence[Any],
    models: tuple[Any, Any, Any],
    weight: Mapping[str, float],
    settings: CheckSettings,
    priors: ScoringPriors,
) -> tuple[float, float] | None:
    # models: the article model, the claim-pair model, the lean reader (check_claim's).
    article_model, *readers = models
    # The bundled stance model is loaded only when an article is long enough to read whole.
    long_enough = any(len(a.sentences) >= settings.article_sentences for a in analyses)
    if article_model is None and long_enough:
        article_model = _default_article_model()
    if article_model is None:
        return None
    if settings.article_reader == "lean" and long_enough:
        article_model = _lean_article_model(article_model, *readers)
    copies = priors.near_duplicate_threshold  # copies fold into one origin at this Jaccard
    read = article_balance(query, analyses, article_model, weight, settings, copies)
    if read is None:
        return read
    if settings.story_terms_power > 0:
        # What the story as a whole leaves unsaid of the claim's words (check_terms): a
        # swapped actor, place or thing no article mentions, not one article's wording.
        texts = [a.article.text for a in analyses]
        read = (read[0] * story_coverage(query, texts) ** settings.story_terms_power, read[1])
    if settings.details_rule == "off":
        return read
    # A whole-article reading judges the story, not the claim's details: the share of them
    # the articles leave uncontested takes ``details_weight`` of its support away
    # (written so that at weight 1 the factor is the share itself, to the bit).
    share = _details_share(query, analyses, settings)
    kept = share + (1.0 - settings.details_weight) * (1.0 - share)
    return read[0] * kept, read[1]


def _details_share(query: str, analyses: Sequence[Any], settings: CheckSettings) -> float:
    # The share of the claim's details (names, numbers) the articles attest, by
    # ``details_rule`` (see CheckSettings).
    texts = [a.article.text for a in analyses]
    if settings.details_rule in ("framed", "slots", "competing"):
        share = {
            "framed": framed_attested_share,
            "slots": slot_attested_share,
            "competing": competing_share,
        }[settings.details_rule]
        return share(query, texts, _passages(query, analyses, settings))
    if settings.details_rule == "uncontested":
        return uncontested_share(query, texts)
    if settings.details_rule in ("contested", "replaced"):
        sentences = [s.text for a in analyses for s in a.sentences]
        found = contested_support_share(query, sentences)
        if settings.details_rule == "replaced":
            found *= replaced_names_share(query, texts)
        return found
    if settings.details_rule == "story":
        return story_attestation(query, texts)
    return attested_share(query, texts)


def _contested(
    support: np.ndarray,
    query: str,
    evidence: Sequence[str],
    analyses: Sequence[Any],
    settings: CheckSettings,
) -> np.ndarray:
    # ``details_rule="contested"``: a sentence that states the opposite of the claim's word
    # supports it not at all (one that fills its slots otherwise keeps SENTENCE_KEEP).
    if settings.details_rule not in ("contested", "replaced"):
        return support
    sentences = [s.text for a in analyses for s in a.sentences] + list(evidence)
    return support * contested_evidence_share(query, evidence, sentences, keep=SENTENCE_KEEP)


def _passages(query: str, analyses: Sequence[Any], settings: CheckSettings) -> list[str]:
    # Where each article speaks to the claim: its ``per_article`` sentences most similar to
    # it, as the claim-level reading picks its candidates (the frame an opposite word must
    # stand in to dispute the claim's word).
    out = []
    for analysis in analyses:
        sentences = [s.text for s in analysis.sentences if s.text.strip()]
        if not sentences:
            continue
        X, _ = claim_vectors([*sentences, query])
        sims = (X[: len(sentences)] @ X[len(sentences)].T).toarray().ravel()
        out += [sentences[k] for k in np.argsort(-sims, kind="stable")[: settings.per_article]]
    return out


def _outlet(analysis: Any) -> str:
    article = analysis.article
    return str(getattr(article, "outlet", None) or article.id)


def _reliabilities(
    names: Mapping[str, int], result: CorroborationResult | None, priors: ScoringPriors
) -> np.ndarray:
    known = result.reliability() if result is not None else {}
    return np.array([known.get(name, priors.prior_reliability) for name in names])


def _lean_article_model(article_model: Any, pair_model: Any, lean_model: Any) -> Any:
    # ``article_reader="lean"``: the fitted lean reader reads each related article's lean
    # from the stance model's readings and the claim-pair model's reading of the article's
    # sentences that best match the claim (credence.models.lean).
    from credence.models.lean import LeanArticleReader, load_lean
    from credence.models.persistence import default_model_dir

    if isinstance(article_model, LeanArticleReader):  # given ready, with its memory
        return article_model
    if lean_model is None:
        lean_model = load_lean(default_model_dir("lean"))
    return LeanArticleReader(lean_model, article_model, pair_model)


def _default_article_model() -> Any:
    from credence.models.persistence import default_model_dir
    from credence.models.stance import load_stance

    return load_stance(default_model_dir("stance"))


def _scores(
    sentences: tuple[float, float],
    articles: tuple[float, float] | None,
    own_reliability: float,
    priors: ScoringPriors,
    settings: CheckSettings,
) -> tuple[float, float, float]:
    S, D = sentences
    if articles is not None:
        beta = settings.article_weight
        S = beta * articles[0] + (1.0 - beta) * S
        D = beta * articles[1] + (1.0 - beta) * D
    base = priors.lone_claim_weight * own_reliability
    if settings.scale == "net":
        return net_corroboration(S**settings.support_exponent, D, base), S, D
    corroboration = (1.0 - D) * (1.0 - (1.0 - base) * (1.0 - S**settings.support_exponent))
    return corroboration, S, D


def net_corroboration(support: float, contradiction: float, lone_value: float) -> float:
    """Corroboration from the net lean of the evidence (``CheckSettings.scale = "net"``).

    Agreeing and disputing shares cancel; the net lean ``L = support - contradiction``
    moves the claim from its lone value b toward 1 when positive (``b + (1 - b) L``) and
    toward 0 when negative (``b (1 + L)``). A share of the evidence that disputes the claim
    counts as much as one that asserts it.

    Parameters
    ----------
    support, contradiction : float
        S and D, shares in [0, 1].
    lone_value : float
        b, the corroboration of the claim with no evidence (``lambda * r``).

    Returns
    -------
    float
        In [0, 1].

    Examples
    --------
    >>> round(net_corroboration(0.6, 0.2, 0.25), 3), round(net_corroboration(0.2, 0.6, 0.25), 3)
    (0.55, 0.15)
    >>> net_corroboration(0.4, 0.4, 0.25)
    0.25
    """
    lean = min(max(support - contradiction, -1.0), 1.0)
    if lean >= 0:
        return lone_value + (1.0 - lone_value) * lean
    return lone_value * (1.0 + lean)


def _scored_query(
    all_rows: Sequence[ClaimRow],
    items: EvidenceItems,
    found: tuple[list[int], list[int]],
    named: np.ndarray,
    reliability: Mapping[str, float],
    scores: tuple[float, float, float],
    uncertainty_model: Any,
    priors: ScoringPriors,
) -> ScoredClaim:
    # The explanation lists as support what the model reads as agreeing and names the
    # claim's actors: coverage grades the score, a paraphrase is still listed.
    query = all_rows[-1]
    members, labels = found
    explained = [replace(items[k], support=float(items[k].support * named[k])) for k in members]
    hedging = float(np.asarray(uncertainty_model.predict_proba([query.claim.text])).reshape(-1)[0])
    nonfactual = None
    if hasattr(uncertainty_model, "predict_outputs"):  # the second output, when it has one
        read = uncertainty_model.predict_outputs([query.claim.text])
        if read.nonfactual is not None and read.reasons is not None:
            nonfactual = (float(read.nonfactual[0]), read.reasons[0])
    return scored_claim(
        query,
        explained,
        labels,
        all_rows,
        reliability,
        *scores,
        hedging,
        priors,
        cue_reasons=hedge_cue_reasons(uncertainty_model, [query])[0],
        nonfactual=nonfactual,
    )


def check_claim(
    claim_text: str,
    analyses: Sequence[Any],
    *,
    stance_model: Any = None,
    uncertainty_model: Any = None,
    result: CorroborationResult | None = None,
    priors: ScoringPriors | None = None,
    settings: CheckSettings | None = None,
    extractors: Extractors | None = None,
    article_model: Any = None,
    lean_model: Any = None,
) -> ScoredClaim:
    """Score one claim (typed by a person) against the claims of ``analyses``.

    See the module docstring for the steps. The claim's own origin is the person asking
    (``"query"``), never an independent origin of evidence. The claim is read by the engine
    as a one-sentence article with ``extractors`` (its hedges, numbers and dates).

    Parameters
    ----------
    claim_text : str
        The claim to check.
    analyses : sequence of ArticleAnalysis
        The analysed articles (:func:`credence.scoring.engine.analyze`).
    stance_model, uncertainty_model : optional
        The claim-pair reader and the uncertainty model (bundled defaults when omitted).
    result : CorroborationResult, optional
        Source reliabilities (e.g. a previous ``corroborate`` of the set); else the prior.
    priors, settings : ScoringPriors, CheckSettings, optional
        The documented priors of the scores; candidate selection and the balance.
    extractors : Extractors, optional
        The extractors that read the claim (those that analysed the articles).
    article_model, lean_model : StanceModel, LeanReader, optional
        Read whole articles against the claim (stance columns; bundled ones when omitted),
        the lean reader with ``article_reader="lean"`` only (:mod:`credence.models.lean`).

    Raises
    ------
    InputError
        When ``claim_text`` is empty.
    """
    from credence.scoring.corroboration import load_default_models  # it re-exports this

    if not claim_text or not claim_text.strip():
        raise InputError("claim", "the claim to check is empty.")
    priors = priors or ScoringPriors()
    settings = settings or CheckSettings()
    stance_model, uncertainty_model = load_default_models(stance_model, uncertainty_model)
    rows, _ = fold_copies(build_rows(with_short_items_read(analyses, settings), priors), priors)
    query = query_row(claim_text, extractors)
    items = query_evidence(rows, query, stance_model, priors, settings)
    all_rows = [*rows, query]
    names = {name: k for k, name in enumerate(dict.fromkeys(r.origin.name for r in all_rows))}
    r_array = _reliabilities(names, result, priors)
    by_name = {name: float(r_array[k] / priors.prior_reliability) for name, k in names.items()}
    models = (article_model, stance_model, lean_model)
    articles = _read_articles(query.claim.text, analyses, models, by_name, settings, priors)
    tables, by_claim, labels = build_tables(all_rows, items, names, priors)
    evidence_texts = [rows[int(e)].claim.text for e in items.evidence]
    support = _item_support(items, query.claim.text, evidence_texts, uncertainty_model, settings)
    support = _contested(support, query.claim.text, evidence_texts, analyses, settings)
    relevance = items.related[items.row] if len(items) else np.zeros(0)
    S, D = _sentence_scores(tables, support, relevance, r_array, priors, settings)
    q = len(rows)
    corroboration, S_q, D_q = _scores(
        (float(S[q]), float(D[q])), articles, priors.prior_reliability, priors, settings
    )
    reliability = {name: float(r_array[k]) for name, k in names.items()}
    reliability.setdefault(QUERY_ORIGIN, priors.prior_reliability)
    return _scored_query(
        all_rows,
        items,
        (by_claim[q], labels[q]),
        named_factor(query.claim.text, evidence_texts, settings),
        reliability,
        (corroboration, S_q, D_q),
        uncertainty_model,
        priors,
    )
