"""The free parameters of ``credence check`` (:func:`credence.scoring.check.check_claim`).

One frozen, validated object; the values were chosen on Emergent claim-grouped CV and FNC-1
topic-train stories (``benchmarks/eval_truth.py --fnc-split train``, docs/scores.md §8).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = [
    "CheckSettings",
    "SENTENCE_RULES",
    "SCALES",
    "DETAILS_RULES",
    "ARTICLE_READERS",
    "ARTICLE_GRADINGS",
    "ARTICLE_RULES",
    "settings_from_spec",
]


#: The rules that make S and D from the claim-level evidence (``CheckSettings.sentence_rule``).
SENTENCE_RULES = ("shares", "noisy_or", "balance")

#: How S and D make corroboration (``CheckSettings.scale``).
SCALES = ("net", "score")

#: How a whole-article reading's support meets the claim's details
#: (``CheckSettings.details_rule``).
DETAILS_RULES = (
    "attested",
    "contested",
    "replaced",
    "framed",
    "slots",
    "story",
    "uncontested",
    "competing",
    "off",
)

#: How a whole article's lean is read (``CheckSettings.article_reader``).
ARTICLE_READERS = ("lean", "related", "stance")

#: Which of a whole article's probabilities its coverage of the claim grades
#: (``CheckSettings.article_grading``).
ARTICLE_GRADINGS = ("support", "lean")

#: How the whole articles' readings make S and D (``CheckSettings.article_rule``).
ARTICLE_RULES = ("coverage", "origins")


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
    hedged_support : float
        Support kept by evidence worded with doubt: an item's support is multiplied by
        ``1 - (1 - hedged_support) * P(uncertain)`` of its wording (the uncertainty model):
        a report that something "may" have happened, or "reportedly" did, observes the claim
        without endorsing it (1 switches this off).
    sentence_rule : {"shares", "noisy_or", "balance"}
        How the claim-level evidence makes S and D. ``"noisy_or"``: the noisy-OR over
        independent origins that ``score`` uses (:func:`credence.scoring.formula.score_arrays`),
        which nears 1 for S and D alike when a claim has many witnesses, whichever way they
        lean. ``"shares"``: with A and C the expected numbers of independent origins that
        assert and contradict the claim (:func:`committed_shares`), S is that noisy-OR times
        the lean A / (A + C + k), and D the disputed share C / (A + C + k),
        ``k = committed_prior``: how much evidence asserts the claim, and which way the
        committed origins lean. ``"balance"``: :func:`balance_scores`.
    committed_prior : float
        k of ``"shares"``: the pseudo-count of committed origins that neither assert nor
        contradict (with no evidence, S = D = 0 and the claim keeps its lone-claim value).
    article_weight : float
        Part of S and D that comes from whole-article readings, when there are any.
    article_sentences : int
        An article is read whole when it has at least this many sentences: a body, not a
        headline or a one-line wire item (those are read as claims only).
    details_rule : str
        One of ``"attested"``, ``"contested"``, ``"replaced"``, ``"framed"``, ``"slots"``,
        ``"story"``, ``"uncontested"``, ``"competing"``, ``"off"``.
        What the whole-article support is multiplied by: ``"framed"`` the share of the
        claim's details some article states, 0 only where the passages that speak to the
        claim state the opposite of its word
        (:func:`credence.scoring.check_details.framed_attested_share`); ``"slots"`` the share of
        the claim's details as the slot scanner reads them (numbers, names, nationality and
        country words; in a title-case headline only numbers and nationality words) that
        some article states, 0 where the passage of the articles that speaks to the claim
        states the opposite of its word (:mod:`credence.scoring.check_details`); ``"story"``
        what the articles vouch for (:func:`credence.scoring.details.story_attestation`: the
        attested share with days, months and seasons as details, times the share of the
        claim's content words some article states; false variants 0.874 -> 0.889 of 350 rows,
        but FNC-1 topic-dev stories 0.529 -> 0.488, so an option);
        ``"contested"`` what the articles leave of the support once they contest the
        claim's words: none when a sentence speaking to the claim fills one of its unstated
        words' slot otherwise or states its opposite, all when they only leave words out
        (:func:`credence.scoring.contested.contested_support_share`);
        ``"replaced"`` the contested rule's share times what it leaves once the claim puts
        a name nobody mentions in place of a name most articles state
        (:func:`credence.scoring.replaced_names.replaced_names_share`: "Dolly Parton Dead?"
        over a story of Willie Nelson);
        ``"competing"`` what the articles leave once the passages that speak to the claim
        give one of its numbers, days, nationalities or names a competing value no article
        leaves it (half per contested detail, 0 for an opposite word; headline capitals and
        details the articles only leave out cost nothing,
        :func:`credence.scoring.check_details.competing_share`; with
        ``article_rule="origins", article_terms=False``: FNC-1 tuning stories 0.519 against
        0.523 with no rule and the default's 0.374, topic-dev 0.583 against 0.548; but false
        variants 0.809 of 487 against the default's 0.875, so an option, docs/scores.md §8);
        ``"uncontested"`` the share of
        the claim's names and numbers that no article fills with a different value in the
        same slot (:func:`uncontested_share`); ``"attested"`` the share that some article
        states (:func:`credence.scoring.evidence.attested_share`, the rule of the previous
        release, which counts every capitalised word of a title-case headline as a detail
        and reads opposite words anywhere in an article); ``"off"`` neither.
    article_terms : bool
        Whether a whole article's P(agree) is also graded like a sentence's, by its
        coverage of the claim's words and names (:func:`coverage`, ``name_mismatch``).
        An article words the story its own way; the details it fills otherwise are
        ``details_rule``'s part.
    article_grading : {"support", "lean"}
        With ``article_terms``, which of an article's readings that factor grades.
        ``"support"`` (the rule of the previous releases): its P(agree) only, so that an
        article that covers little of the claim's wording counts fully when it disagrees
        and barely when it agrees, and a story told in other words reads as disputed.
        ``"lean"`` (default): its P(agree) and P(disagree) alike, so that the factor says
        how far the article speaks to this claim, whichever way it leans (FNC-1 stories:
        topic-train 0.355 -> 0.373 recomputed, topic-dev 0.529 -> 0.549; false variants and
        Emergent level; docs/scores.md §8).
    article_reader : {"lean", "related", "stance"}
        How a whole article's agreement and disagreement are read. ``"related"``: the
        stance model's P(related) times its related-pairs reader's lean
        (:meth:`credence.models.stance.StanceModel.predict_proba_related`), fitted for how a
        related body leans on new stories (FNC-1 stories: train 0.460 -> 0.508, dev 0.508 ->
        0.515) but let one more false variant of 244 through (0.869 -> 0.865), so it is an
        option; ``"stance"`` (default): the calibrated four-class probabilities. A model
        without the reader reads as ``"stance"``. ``"lean"``: the stance model's P(related)
        times the lean reader's P(agree, disagree, discuss | related)
        (:class:`credence.models.lean.LeanArticleReader`), fitted on out-of-topic readings
        of the stance, related and claim-pair models and on the claim-pair model's reading of
        the article's sentences that best match the claim (FNC-1 stories: tuning 0.377 ->
        0.356, dev 0.549 -> 0.561, its own mean 0.609 on dev; so an option, docs/scores.md §8).
    article_rule : {"coverage", "origins"}
        How the whole articles' readings make S and D. ``"coverage"``: each outlet once,
        through its most related article, weighed by its coverage of the claim's words
        (:func:`credence.scoring.check.article_balance`). ``"origins"``: each independent
        origin once (an article several outlets run is one origin), weighed by its source
        alone (:mod:`credence.scoring.article_origins`). With the term factor and the details
        rule off (``article_terms=False, details_rule="off"``) it follows the reader's plain
        mean (FNC-1 stories, lean reader: tuning 0.569 recomputed against 0.418, dev 0.596
        against 0.549, the reader's mean 0.609; stance reader: 0.527 / 0.577), but the false
        variants fall from 0.879 to 0.784 of 439 (stance reader, recomputed) and, with the
        lean reader, the Emergent gap to +0.198: an option (docs/scores.md §8).
    details_weight : float
        How much of the whole-article support the details rule can take away: S is
        multiplied by ``1 - details_weight * (1 - share)``, share the rule's (1 keeps the
        rule whole, 0 is ``details_rule="off"``).
    story_terms_power : float
        The whole articles' support is multiplied by the story's coverage of the claim to
        this power (0, the default, switches it off): the rarity-weighted share of the
        claim's terms that at least one article states
        (:func:`credence.scoring.check_terms.story_coverage`). Unlike ``article_terms``, which
        grades each article by its own wording, it reads only what the story as a whole
        leaves unsaid: an actor, place or thing the claim swaps in that no article mentions.
        Meant for ``article_rule="origins", article_terms=False``, which lose the article
        term factor that kept actor and place variants below their truth (own-story
        variants: 132 of 150 at 0.5 against 126 without it and the default's 133); not
        measured on the tuning stories yet, so an option (docs/scores.md §8).
    scale : {"net", "score"}
        How S and D make corroboration. ``"score"``: the rule of scored claims,
        ``(1 - D) * (1 - (1 - b) * (1 - S ** support_exponent))`` with b the lone claim's
        value (``lambda * r``). ``"net"``: agreement and dispute cancel, and the net
        lean ``L = S - D`` moves the claim from b toward 1 (``b + (1 - b) * L``) or toward
        0 (``b * (1 + L)``): equal shares of agreeing and disputing evidence leave it
        where it would be alone, and a disputing share counts as much as an agreeing one
        (under ``"score"`` it weighs b against the agreeing share's 1 - b).
    """

    per_article: int = 3
    top_k: int = 200
    min_similarity: float = 0.05
    support_prior: float = 0.05
    coverage_power: float = 0.25
    name_mismatch: float = 0.25
    support_exponent: float = 1.0
    hedged_support: float = 0.0
    sentence_rule: str = "shares"
    committed_prior: float = 0.5
    article_weight: float = 0.9
    article_sentences: int = 3
    details_rule: str = "attested"
    article_terms: bool = True
    article_grading: str = "lean"
    scale: str = "net"
    article_reader: str = "stance"
    article_rule: str = "coverage"
    details_weight: float = 1.0
    story_terms_power: float = 0.0

    def __post_init__(self) -> None:
        for name in ("per_article", "top_k", "article_sentences"):
            if getattr(self, name) < 1:
                raise ValueError(f"The '{name}' setting must be >= 1. Got {getattr(self, name)}.")
        for name in (
            "min_similarity",
            "support_prior",
            "coverage_power",
            "support_exponent",
            "story_terms_power",
        ):
            if getattr(self, name) < 0:
                raise ValueError(f"The '{name}' setting must be >= 0. Got {getattr(self, name)}.")
        choices = {
            "sentence_rule": SENTENCE_RULES,
            "scale": SCALES,
            "article_reader": ARTICLE_READERS,
            "article_grading": ARTICLE_GRADINGS,
            "article_rule": ARTICLE_RULES,
            "details_rule": DETAILS_RULES,
        }
        for name, allowed in choices.items():
            if getattr(self, name) not in allowed:
                raise ValueError(
                    f"The '{name}' setting must be one of {', '.join(allowed)}. "
                    f"Got {getattr(self, name)!r}."
                )
        if self.committed_prior <= 0:
            raise ValueError(
                f"The 'committed_prior' setting must be > 0. Got {self.committed_prior}."
            )
        if not 0.0 <= self.details_weight <= 1.0:
            raise ValueError(
                f"The 'details_weight' setting must be in [0, 1]. Got {self.details_weight}."
            )
        if not 0.0 <= self.hedged_support <= 1.0:
            raise ValueError(
                f"The 'hedged_support' setting must be in [0, 1]. Got {self.hedged_support}."
            )
        if not 0.0 <= self.name_mismatch <= 1.0:
            raise ValueError(
                f"The 'name_mismatch' setting must be in [0, 1]. Got {self.name_mismatch}."
            )
        if not 0.0 <= self.article_weight <= 1.0:
            raise ValueError(
                f"The 'article_weight' setting must be in [0, 1]. Got {self.article_weight}."
            )


def settings_from_spec(spec: str) -> CheckSettings:
    """:class:`CheckSettings` from ``"default"`` or ``"name=value[,name=value...]"``.

    Each value is read as the default's type; flags are spelt ``true`` / ``false`` (as the
    benchmarks take them: ``--settings default article_rule=origins,details_rule=off``).

    Raises
    ------
    ValueError
        A name CheckSettings does not have, or a value it refuses.

    Examples
    --------
    >>> settings_from_spec("article_terms=false,details_weight=0.5").details_weight
    0.5
    """
    if spec == "default":
        return CheckSettings()
    fields: dict[str, Any] = {}
    defaults = CheckSettings()
    for part in spec.split(","):
        name, _, value = part.partition("=")
        if not hasattr(defaults, name):
            raise ValueError(f"--settings {spec!r}: CheckSettings has no {name!r}")
        kind = type(getattr(defaults, name))
        # bool("False") is True: a flag is read from its spelling.
        fields[name] = value.lower() in ("1", "true", "yes") if kind is bool else kind(value)
    return CheckSettings(**fields)
