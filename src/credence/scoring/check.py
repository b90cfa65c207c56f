"""Checking one claim a person typed against a set of articles (``credence check``).

A checked claim is corroborated when the evidence asserts it, not when many sentences share
its words. :func:`check_claim` runs these steps:

1. **Candidates** (:func:`query_candidates`): each article's ``per_article`` claims most
   similar to the query (TF-IDF cosine), every article's best before any article's second,
   at most ``top_k`` in all: a story of ten articles is read as ten witnesses, not as the
   twenty sentences of the two longest.
2. **Reading**: the pairs are read by the agreement model and checked by rule for numeric,
   temporal and polarity contradictions (:func:`credence.scoring.evidence.evidence_items`);
   a rule contradiction with a claim about another actor or place, or a numeric one between
   numbers stated for different dates, is dropped (another event, not a conflict).
3. **Coverage** (:func:`coverage`, :func:`name_share`): support is P(agree) times the
   rarity-weighted share of the query's words and numbers the evidence contains (to
   ``coverage_power``), times ``name_mismatch`` where the evidence names none of the
   query's names: a sentence sharing only a frame ("did not respond", "campaigned for")
   or lacking the place, actor or number the query asserts is weak support at most.
4. **Claims**: S and D by the rule ``score`` uses
   (:func:`credence.scoring.formula.score_arrays`: the strongest item of each independent
   origin, origins combined by noisy-OR; relays and copies count once), or as a balance
   (:func:`balance_scores`) with ``sentence_balance``.
5. **Articles as wholes** (:func:`article_balance`): an article of two sentences or more is
   also read whole against the query by the stance model (trained on headline/article
   pairs), one reading per outlet, weighted by its coverage of the claim. Its S and D are
   balances, the shares of agreement and disagreement in the relevance mass: a debunking
   article ("the report of his death is a hoax") disagrees even where one of its sentences
   restates the claim, and articles that only discuss the claim dilute its support. Where
   there are such articles, S and D are ``article_weight`` parts theirs.

``corroboration = (1 - D) * (1 - (1 - lambda * r) * (1 - S ** support_exponent))`` as for
scored claims (``lambda * r`` the lone claim's value). Settings were chosen on Emergent
training folds and FNC-1 topic-train stories (``benchmarks/eval_truth.py --fnc-split
train``), and are reported on FNC-1 topic-dev stories.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np

from credence.errors import InputError
from credence.features.lexicon import words
from credence.scoring.claim_rows import QUERY_ORIGIN, ClaimRow, build_rows, fold_copies, query_row
from credence.scoring.conflicts import dates_disagree
from credence.scoring.evidence import (
    EvidenceItems,
    evidence_items,
    pair_probabilities,
)
from credence.scoring.explanations import hedge_cue_reasons, scored_claim
from credence.scoring.formula import ScoreTables, build_tables, score_arrays
from credence.scoring.matching import STANCE_CLASSES, claim_vectors
from credence.scoring.priors import ScoringPriors
from credence.scoring.results import CorroborationResult, ScoredClaim

# scikit-learn's list, from the lexicon (importing scikit-learn costs a second a run).
ENGLISH_STOP_WORDS = words("english_stop_words")

if TYPE_CHECKING:
    from credence.scoring.engine import Extractors

__all__ = [
    "CheckSettings",
    "query_candidates",
    "query_evidence",
    "coverage",
    "name_share",
    "balance_scores",
    "check_claim",
]

_TOKEN_RE = re.compile(r"\d[\d,.]*\d|\d|[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]", re.UNICODE)
_POSSESSIVE_RE = re.compile(r"['’]s?$")
_SUFFIX_RE = re.compile(r"(?:ing|ed|es|s)$")


@dataclass(frozen=True)
class CheckSettings:
    """The free parameters of :func:`check_claim` (tuned, see the module docstring).

    Attributes
    ----------
    per_article : int
        Candidate claims read from each article (its most similar to the query).
    top_k : int
        Most candidate claims read in all (the best of each article first).
    min_similarity : float
        Least TF-IDF cosine of a candidate with the query.
    support_prior : float
        Relevance mass of the prior in the shares S and D: with one fully relevant
        agreeing origin, S = 1 / (1 + support_prior).
    coverage_power : float
        Support is P(agree) times coverage to this power (0 switches coverage off).
    name_mismatch : float
        Factor of the support of evidence that names none of the query's names (when it
        names others).
    support_exponent : float
        Corroboration reads ``S ** support_exponent``: below 1, the first agreeing origins
        count more than the following ones (diminishing returns of witnesses).
    sentence_balance : bool
        Score the claim-level evidence as a balance (:func:`balance_scores`) rather than by
        the noisy-OR over independent origins that ``score`` uses
        (:func:`credence.scoring.formula.score_arrays`).
    article_weight : float
        Part of S and D that comes from whole-article readings, when there are any.
    article_sentences : int
        An article is read whole when it has at least this many sentences: a body, not a
        headline or a one-line wire item (those are read as claims only).
    """

    per_article: int = 3
    top_k: int = 200
    min_similarity: float = 0.05
    support_prior: float = 0.05
    coverage_power: float = 0.25
    name_mismatch: float = 0.25
    support_exponent: float = 1.0
    sentence_balance: bool = False
    article_weight: float = 0.75
    article_sentences: int = 3

    def __post_init__(self) -> None:
        for name in ("per_article", "top_k", "article_sentences"):
            if getattr(self, name) < 1:
                raise ValueError(f"The '{name}' setting must be >= 1. Got {getattr(self, name)}.")
        for name in ("min_similarity", "support_prior", "coverage_power", "support_exponent"):
            if getattr(self, name) < 0:
                raise ValueError(f"The '{name}' setting must be >= 0. Got {getattr(self, name)}.")
        if not 0.0 <= self.name_mismatch <= 1.0:
            raise ValueError(
                f"The 'name_mismatch' setting must be in [0, 1]. Got {self.name_mismatch}."
            )
        if not 0.0 <= self.article_weight <= 1.0:
            raise ValueError(
                f"The 'article_weight' setting must be in [0, 1]. Got {self.article_weight}."
            )


def _terms(text: str) -> set[str]:
    # Content words (lowercased, possessive dropped, cut to 6 letters so that inflections
    # meet: "castrated" / "castrates") and numbers (commas dropped: "2,000" = "2000").
    out = set()
    for token in _TOKEN_RE.findall(text.lower()):
        if token[0].isdigit():
            out.add(token.replace(",", "").rstrip("."))
            continue
        if token not in ENGLISH_STOP_WORDS:
            out.add(_stem(token))
    return out


def coverage(query: str, evidence: Sequence[str]) -> np.ndarray:
    """Share of ``query``'s terms, weighted by rarity, that each evidence text contains.

    Terms are content words (stop words dropped, inflections cut to a common stem) and
    numbers; a term's weight is its inverse document frequency over the query and the
    evidence texts, so names, places and figures weigh more than the story's common words.

    Parameters
    ----------
    query : str
        The checked claim.
    evidence : sequence of str
        The candidate evidence texts.

    Returns
    -------
    ndarray
        One value in [0, 1] per evidence text (1 when the query has no term).

    Examples
    --------
    >>> coverage("Tesla will build its Gigafactory in Texas",
    ...          ["Tesla is building its Gigafactory in Nevada"]).round(2).tolist()
    [0.68]
    """
    wanted = _terms(query)
    if not wanted:
        return np.ones(len(evidence))
    found = [_terms(text) for text in evidence]
    df = Counter(t for terms in found for t in terms & wanted)
    n = len(evidence) + 1
    weight = {t: math.log((1 + n) / (1 + df[t] + 1)) + 1.0 for t in wanted}
    total = sum(weight.values())
    return np.array([sum(weight[t] for t in wanted & terms) / total for terms in found])


def _stem(token: str) -> str:
    # Lowercased, possessive and a plain inflection dropped, cut to 6 letters, so that
    # "building" / "build" and "castrated" / "castrates" meet.
    token = _POSSESSIVE_RE.sub("", token.lower())
    if len(token) > 4:
        token = _SUFFIX_RE.sub("", token)
    return token[:6]


def _name_key(word: str) -> str:
    # Four letters: a name meets its adjective and plural ("Kurds" / "Kurdish",
    # "Canada" / "Canadian", "Mexico" / "Mexican").
    return _POSSESSIVE_RE.sub("", word.lower())[:4]


def _names(text: str) -> set[str]:
    # Capitalised words that do not open a sentence: names of people, places, bodies. A
    # word after a short abbreviation ("Mr.", "U.S.") does not open a sentence.
    names: set[str] = set()
    previous = ""
    for token in text.split():
        word = token.strip("\"'“”‘’()[],;:!?.").replace(".", "")
        opens = not previous or (previous[-1] in ".!?:" and len(previous) > 4)
        if word[:1].isupper() and not opens and word.lower() not in ENGLISH_STOP_WORDS:
            names.add(_name_key(word))
        previous = token
    return names


def name_share(query: str, evidence: Sequence[str]) -> np.ndarray:
    """1 where a text names one of the query's names (or either names none), else 0.

    Names are capitalised words that do not open a sentence. Two sentences that share a
    frame but name different actors ("Mr. Weiner did not respond" / "Mr. Romney did not
    respond") speak of different things. The query's names are looked up among all the
    text's words, case aside, so a headline in title case still matches.

    Examples
    --------
    >>> name_share("Mr. Weiner did not respond to an email",
    ...            ["Mr. Romney did not respond to an email", "Weiner was silent",
    ...             "the email went unanswered"]).tolist()
    [0.0, 1.0, 1.0]
    """
    wanted = _names(query)
    if not wanted:
        return np.ones(len(evidence))
    out = np.ones(len(evidence))
    for k, text in enumerate(evidence):
        words = {_name_key(t) for t in _TOKEN_RE.findall(text.replace(".", ""))}
        if not wanted & words and _names(text):
            out[k] = 0.0
    return out


def _term_factor(query: str, evidence: Sequence[str], settings: CheckSettings) -> np.ndarray:
    # What P(agree) is multiplied by to make support: coverage to its power, and the
    # name-mismatch factor where the evidence names none of the query's names.
    return coverage(query, evidence) ** settings.coverage_power * _named_factor(
        query, evidence, settings
    )


def _named_factor(query: str, evidence: Sequence[str], settings: CheckSettings) -> np.ndarray:
    named = name_share(query, evidence)
    return settings.name_mismatch + (1.0 - settings.name_mismatch) * named


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


def _other_events(
    items: EvidenceItems, query: ClaimRow, rows: Sequence[ClaimRow], named: np.ndarray
) -> None:
    # Rule-based contradictions are kept only between claims about one thing: evidence that
    # names none of the query's names (and others) speaks of another actor or place ("won
    # the election in 2012" of one candidate, "in 2016" of another), and numbers stated for
    # different dates count different events ("more than 1,000 pages in June" / "a few
    # hundred in March").
    for k in sorted(set(items.conflicts) | set(items.polarity)):
        if named[k] == 0.0:
            items.conflicts.pop(k, None)
            items.polarity.pop(k, None)
            continue
        found = items.conflicts.get(k, ())
        if not any(a.kind == "numeric" for a, _ in found):
            continue
        evidence = rows[int(items.evidence[k])]
        if any(a.kind == "temporal" for a, _ in found) or _dates_differ(query, evidence):
            kept = tuple((a, b) for a, b in found if a.kind != "numeric")
            if kept:
                items.conflicts[k] = kept
            else:
                items.conflicts.pop(k)


def _dates_differ(first: ClaimRow, second: ClaimRow) -> bool:
    return any(
        dates_disagree(a.span, b.span)
        for a in first.measures
        if a.kind == "temporal"
        for b in second.measures
        if b.kind == "temporal"
    )


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
    items = evidence_items([*rows, query], pairs, proba, priors, only_claim=q)
    named = name_share(query.claim.text, [rows[int(e)].claim.text for e in items.evidence])
    _other_events(items, query, rows, named)
    return items


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


def article_balance(
    query: str,
    analyses: Sequence[Any],
    article_model: Any,
    weight: Mapping[str, float],
    settings: CheckSettings,
) -> tuple[float, float] | None:
    """S and D of the articles read whole against ``query``; None when none is read.

    Articles of ``article_sentences`` sentences or more whose text has a TF-IDF cosine of at
    least ``min_similarity`` with the query are read by ``article_model`` (stance columns:
    agree, disagree, discuss, unrelated). An outlet speaks once, through its most relevant article;
    S and D are balances as in :func:`balance_scores`.
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
    proba = np.asarray(article_model.predict_proba([query] * len(read), [texts[k] for k in read]))
    order = list(article_model.classes_) if hasattr(article_model, "classes_") else None
    columns = [order.index(c) for c in STANCE_CLASSES] if order else list(range(4))
    proba = proba[:, columns]
    read_texts = [texts[k] for k in read]
    # The stance model says whether an article is on the story; the claim's own terms say
    # whether it is about this claim: an article weighs by its coverage of the claim, and
    # its agreement is further discounted as a sentence's is (_term_factor).
    covered = coverage(query, read_texts)
    agree = proba[:, 0] * _term_factor(query, read_texts, settings)
    best: dict[str, int] = {}
    for j, k in enumerate(read):
        known = best.get(outlets[k])
        if known is None or proba[j, 3] < proba[known, 3]:
            best[outlets[k]] = j
    chosen = list(best.values())
    w = np.array([weight.get(o, 1.0) for o in best]) * covered[chosen]
    mass = float(w @ (1.0 - proba[chosen, 3])) + settings.support_prior
    return min(float(w @ agree[chosen]) / mass, 1.0), min(float(w @ proba[chosen, 1]) / mass, 1.0)


def _sentence_scores(
    tables: ScoreTables,
    support: np.ndarray,
    relevance: np.ndarray,
    reliability: np.ndarray,
    priors: ScoringPriors,
    settings: CheckSettings,
) -> tuple[np.ndarray, np.ndarray]:
    if settings.sentence_balance:
        weight = reliability / priors.prior_reliability
        return balance_scores(tables, support, relevance, weight, settings.support_prior)
    # The rule ``score`` uses (formula.score_arrays), over the support as read here.
    own = np.full(tables.n_claims, priors.prior_reliability)
    _, S, D = score_arrays(replace(tables, item_support=support), reliability, priors, own)
    return S, D


def _read_articles(
    query: str,
    analyses: Sequence[Any],
    article_model: Any,
    weight: Mapping[str, float],
    settings: CheckSettings,
) -> tuple[float, float] | None:
    # The bundled stance model is loaded only when an article is long enough to read whole.
    if article_model is None and any(
        len(a.sentences) >= settings.article_sentences for a in analyses
    ):
        article_model = _default_article_model()
    if article_model is None:
        return None
    return article_balance(query, analyses, article_model, weight, settings)


def _outlet(analysis: Any) -> str:
    article = analysis.article
    return str(getattr(article, "outlet", None) or article.id)


def _reliabilities(
    names: Mapping[str, int], result: CorroborationResult | None, priors: ScoringPriors
) -> np.ndarray:
    known = result.reliability() if result is not None else {}
    return np.array([known.get(name, priors.prior_reliability) for name in names])


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
    corroboration = (1.0 - D) * (1.0 - (1.0 - base) * (1.0 - S**settings.support_exponent))
    return corroboration, S, D


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
    article_model : StanceModel, optional
        Reads the claim against whole articles (``predict_proba(claims, articles)``, stance
        columns); the bundled stance model when omitted and an article has two sentences.

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
    rows, _ = fold_copies(build_rows(analyses, priors), priors)
    query = query_row(claim_text, extractors)
    items = query_evidence(rows, query, stance_model, priors, settings)
    all_rows = [*rows, query]
    names: dict[str, int] = {}
    for r in all_rows:
        names.setdefault(r.origin.name, len(names))
    r_array = _reliabilities(names, result, priors)
    weight = r_array / priors.prior_reliability
    by_name = {name: float(weight[k]) for name, k in names.items()}
    articles = _read_articles(query.claim.text, analyses, article_model, by_name, settings)
    tables, by_claim, labels = build_tables(all_rows, items, names, priors)
    evidence_texts = [rows[int(e)].claim.text for e in items.evidence]
    support = items.support() * _term_factor(query.claim.text, evidence_texts, settings)
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
        _named_factor(query.claim.text, evidence_texts, settings),
        reliability,
        (corroboration, S_q, D_q),
        uncertainty_model,
        priors,
    )
