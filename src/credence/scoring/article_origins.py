"""How the articles read whole lean on a checked claim, one voice per independent origin
(``CheckSettings(article_rule="origins")``).

``credence check`` reads each article long enough whole against the claim (the stance model or
the lean reader): P(agree), P(disagree), P(discuss), P(unrelated). :func:`origin_balance`
makes the claim's support S and contradiction D from those readings:

- **One voice per independent origin.** An outlet speaks once, through its most related
  article, and an article that several outlets run (near-duplicate texts,
  :func:`credence.scoring.independence.near_duplicate_groups`, the rule ``score`` folds copied
  paragraphs with) is one origin: a wire story run by ten papers is one voice
  (:func:`article_origins`).
- **Observing is neutral.** S and D are the shares of agreement and disagreement in the
  related mass, ``S = sum(w * P(agree)) / (sum(w * (1 - P(unrelated))) + prior)``: an
  article that only reports the claim (discuss) adds to the mass and to neither share.
- **No grading by wording.** Each origin weighs by its source's reliability alone, not by
  how many of the claim's words its text repeats: an article words a story its own way, and
  on 400 FNC-1 tuning stories (topic-train, models fitted without their topics) grading by
  coverage moved the score away from the stories' share of agreeing minus disagreeing bodies
  (docs/scores.md §8).

The previous rule (``article_rule="coverage"``, :func:`credence.scoring.check.article_balance`)
weighs each outlet by its coverage of the claim's words and folds no copies.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from credence.scoring.independence import near_duplicate_groups

__all__ = ["article_origins", "origin_balance"]


def article_origins(
    texts: Sequence[str], outlets: Sequence[str], copy_threshold: float
) -> list[str]:
    """The independent origin of each article: its outlet, or, for a copy of an earlier
    article (shingle Jaccard >= ``copy_threshold``), that article's outlet.

    Examples
    --------
    >>> wire = ("The regional council approved the tram line to Westport on Tuesday after a "
    ...         "long debate, the mayor said.")
    >>> article_origins([wire, wire + " More follows.", "Westport residents oppose the line."],
    ...                 ["wire", "paper", "gazette"], 0.5)
    ['wire', 'wire', 'gazette']
    """
    first = near_duplicate_groups(list(texts), threshold=copy_threshold)
    return [outlets[k] for k in first]


def origin_balance(
    agree: np.ndarray,
    disagree: np.ndarray,
    unrelated: np.ndarray,
    origins: Sequence[str],
    weight: np.ndarray,
    prior: float,
) -> tuple[float, float]:
    """S and D: the weighted shares of agreement and disagreement in the related mass, each
    independent origin speaking through its most related article.

    Parameters
    ----------
    agree, disagree, unrelated : ndarray
        P(agree), P(disagree) and P(unrelated) of each article against the claim.
    origins : sequence of str
        The independent origin of each article (:func:`article_origins`).
    weight : ndarray
        The weight of each article's source (its reliability over the prior's).
    prior : float
        Related mass of the prior (``CheckSettings.support_prior``): one fully related
        agreeing origin gives S = 1 / (1 + prior).

    Returns
    -------
    S, D : float
        In [0, 1]; (0, 0) when there is no article.

    Examples
    --------
    Two origins agree; a third, run by two outlets, disputes; a fourth only reports:

    >>> import numpy as np
    >>> S, D = origin_balance(np.array([0.9, 0.8, 0.1, 0.1, 0.1]),
    ...                       np.array([0.0, 0.1, 0.8, 0.8, 0.0]), np.zeros(5),
    ...                       ["a", "b", "c", "c", "d"], np.ones(5), 0.0)
    >>> round(S, 3), round(D, 3)
    (0.475, 0.225)
    """
    best: dict[str, int] = {}
    for k, origin in enumerate(origins):
        known = best.get(origin)
        if known is None or unrelated[k] < unrelated[known]:
            best[origin] = k
    chosen = list(best.values())
    if not chosen:
        return 0.0, 0.0
    w = np.asarray(weight, dtype=float)[chosen]
    mass = float(w @ (1.0 - unrelated[chosen])) + prior
    if mass <= 0:
        return 0.0, 0.0
    S = float(w @ agree[chosen]) / mass
    D = float(w @ disagree[chosen]) / mass
    return min(S, 1.0), min(D, 1.0)
