"""How the claim's own wording grades the evidence ``credence check`` reads.

A model that reads a pair judges whether two texts tell one story, not whether the evidence
states what the claim adds to it: the place, the actor, the thing. Three readings of the
claim's terms (content words cut to a common stem, and numbers) grade that:

- :func:`coverage`: the rarity-weighted share of the claim's terms each evidence text states
  (a sentence's, or a whole article's, with ``article_terms``);
- :func:`name_share` (from :mod:`credence.scoring.details`): whether a text names one of the
  claim's names when it names others;
- :func:`story_coverage`: the rarity-weighted share of the claim's terms that *some* article
  of the story states (``CheckSettings.story_terms_power``). A true claim worded otherwise
  than its articles keeps its words somewhere in the story, each article telling it in its
  own words; a claim that swaps in an actor, a place or a thing states a word that no
  article does, and that word weighs most (a term no text states has the largest inverse
  document frequency). Unlike the whole-article coverage it does not vary from article to
  article with how each one words the story, only with what the story as a whole leaves
  unsaid.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

import numpy as np

from credence.features.lexicon import words
from credence.scoring.check_settings import CheckSettings
from credence.scoring.details import name_share
from credence.scoring.word_keys import word_stem

__all__ = ["coverage", "named_factor", "story_coverage", "term_factor"]

# scikit-learn's list, from the lexicon (importing scikit-learn costs a second a run).
ENGLISH_STOP_WORDS = words("english_stop_words")

_TOKEN_RE = re.compile(r"\d[\d,.]*\d|\d|[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]", re.UNICODE)


def _terms(text: str) -> set[str]:
    # Content words (lowercased, possessive dropped, cut to 6 letters so that inflections
    # meet: "castrated" / "castrates") and numbers (commas dropped: "2,000" = "2000").
    out = set()
    for token in _TOKEN_RE.findall(text.lower()):
        if token[0].isdigit():
            out.add(token.replace(",", "").rstrip("."))
            continue
        if token not in ENGLISH_STOP_WORDS:
            out.add(word_stem(token))
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
    weight = _rarity(wanted, found)
    total = sum(weight.values())
    return np.array([sum(weight[t] for t in wanted & terms) / total for terms in found])


def _rarity(wanted: set[str], found: Sequence[set[str]]) -> dict[str, float]:
    # Each wanted term's inverse document frequency over the texts and the query (smoothed
    # as scikit-learn's TfidfVectorizer smooths it): a term no text states weighs most.
    df = Counter(t for terms in found for t in terms & wanted)
    n = len(found) + 1
    return {t: math.log((1 + n) / (1 + df[t] + 1)) + 1.0 for t in wanted}


def term_factor(query: str, evidence: Sequence[str], settings: CheckSettings) -> np.ndarray:
    # What P(agree) is multiplied by to make support: coverage to its power, and the
    # name-mismatch factor where the evidence names none of the query's names.
    return coverage(query, evidence) ** settings.coverage_power * named_factor(
        query, evidence, settings
    )


def named_factor(query: str, evidence: Sequence[str], settings: CheckSettings) -> np.ndarray:
    named = name_share(query, evidence)
    return settings.name_mismatch + (1.0 - settings.name_mismatch) * named


def story_coverage(query: str, texts: Sequence[str]) -> float:
    """Rarity-weighted share of ``query``'s terms that at least one of ``texts`` states.

    Terms and weights are those of :func:`coverage` (inverse document frequency over the
    texts and the query), so a term no text states weighs the most: a claim that puts an
    actor, a place or a thing in its story that none of its articles mentions loses more
    than a claim that only uses a word one article does not.

    Parameters
    ----------
    query : str
        The checked claim.
    texts : sequence of str
        The story's articles.

    Returns
    -------
    float
        In [0, 1]; 1 when the query has no term or there is no text.

    Examples
    --------
    >>> story = ["Tesla is building its Gigafactory in Nevada.",
    ...          "The Nevada plant will make batteries, Tesla said."]
    >>> story_coverage("Tesla will build its Gigafactory in Nevada", story)
    1.0
    >>> round(story_coverage("Tesla will build its Gigafactory in Texas", story), 2)
    0.68
    """
    wanted = _terms(query)
    if not wanted or not texts:
        return 1.0
    found = [_terms(text) for text in texts]
    weight = _rarity(wanted, found)
    stated = set().union(*found) & wanted
    return sum(weight[t] for t in stated) / sum(weight.values())
