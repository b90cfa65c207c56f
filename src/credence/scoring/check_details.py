"""Which of a checked claim's details the articles vouch for (``CheckSettings.details_rule``).

A whole-article stance reading judges the story, not the claim's details: "Tesla will build
its Gigafactory in Texas" reads as agreeing with ten articles that all say Nevada. ``check``
therefore multiplies the articles' support by the share of the claim's details they state.
What counts as a detail decides whom the rule punishes:

- ``"attested"`` (:func:`credence.scoring.details.attested_share`) counts every capitalised
  word. In a title-case headline that is every content word ("A Bunch Of People Thought
  Banksy Got Arrested": "Bunch", "Got"), and articles that tell the story in their own words
  never state them; its opposite-word test reads whole articles, where "living", "confirm",
  "real" or "began" occur in passing. On FNC-1 topic-train stories it fired on 23 % of the
  headlines, whose bodies agree *more* than the rest (mean (agree - disagree) / related
  0.37 against 0.25), and cut the story Spearman from 0.53 to 0.37.
- ``"framed"`` (:func:`framed_attested_share`, an option) keeps ``"attested"``'s details
  but reads the opposite-word test (:func:`credence.scoring.details.opposed_predicate`)
  only in the passages of the articles that speak to the claim (in ``check``, each
  article's ``per_article`` sentences most similar to it, the candidates the claim-level
  reading picks), and fires only when no article states the claim's word anywhere: "the
  city relaxed its parking rules" under "The city toughens its parking rules", not "living"
  in the twentieth paragraph of an obituary.
- ``"slots"`` (:func:`slot_attested_share`, an option) also counts the details as the slot
  scanner reads them (:mod:`credence.scoring.slots`): numbers, names, nationality and
  country words; in a title-case headline only numbers and nationality or country words;
  a capitalised word some article writes in lower case is a common word.

The default stays ``"attested"``: each option lets false variants through that it catches
(docs/scores.md §8).

Examples
--------
>>> slot_attested_share("Tesla will build its Gigafactory in Texas",
...                     ["Tesla is building its Gigafactory in Nevada."])
0.5
>>> slot_attested_share("A Bunch Of People Thought Banksy Got Arrested",
...                     ["Police did not arrest the artist, people said."])
1.0
"""

from __future__ import annotations

from collections.abc import Sequence

from credence.scoring.details import attested_share, opposed_predicate
from credence.scoring.slots import SlotText
from credence.scoring.slots import _detail_positions as detail_positions  # the scanner's rule
from credence.scoring.substitution import lemma_stem

__all__ = ["framed_attested_share", "framed_opposite", "slot_attested_share"]


def framed_opposite(claim: str, texts: Sequence[str], passages: Sequence[str]) -> str | None:
    """A word of ``claim`` whose opposite a passage speaking to the claim states, while no
    text states the word itself; None when there is none.

    Parameters
    ----------
    claim : str
        The checked claim.
    texts : sequence of str
        The whole articles (the claim's word stated anywhere in one clears it).
    passages : sequence of str
        The passages that speak to the claim (in ``check``, each article's sentences most
        similar to it).

    Examples
    --------
    >>> framed_opposite("The city toughens its parking rules",
    ...                 ["Rain fell. The city relaxed its parking rules."],
    ...                 ["The city relaxed its parking rules."])
    'toughens'
    >>> framed_opposite("The rapper is dead at 57",
    ...                 ["The rapper died at 57. He was living in New Jersey."],
    ...                 ["The rapper died at 57."]) is None
    True
    """
    return _framed_opposite(claim, [SlotText.read(text) for text in texts], passages)


def _framed_opposite(claim: str, reads: Sequence[SlotText], passages: Sequence[str]) -> str | None:
    word = opposed_predicate(claim, passages)
    if word is None:
        return None
    stem = lemma_stem(word)
    # The claim's word stated anywhere (a later paragraph) is the articles' word too.
    if any(lemma_stem(token) == stem for read in reads for token in read.tokens):
        return None
    return word


def slot_attested_share(
    claim: str, texts: Sequence[str], passages: Sequence[str] | None = None
) -> float:
    """Share of the claim's details (as the slot scanner reads them) that some text states.

    0 when :func:`framed_opposite` finds a word of the claim the passages state the
    opposite of; 1 when the claim has no detail (see the module docstring).

    Parameters
    ----------
    claim : str
        The checked claim.
    texts : sequence of str
        The articles.
    passages : sequence of str, optional
        Each article's passage that speaks to the claim; the opposite-word test is skipped
        when omitted.

    Returns
    -------
    float
        In [0, 1].
    """
    reads = [SlotText.read(text) for text in texts]
    if passages and _framed_opposite(claim, reads, passages) is not None:
        return 0.0
    query = SlotText.read(claim)
    common = {token.lower() for read in reads for token in read.tokens if token[:1].islower()}
    positions = detail_positions(query, common)
    if not positions:
        return 1.0
    stated = {key for read in reads for key in read.keys if key}
    return sum(query.keys[k] in stated for k in positions) / len(positions)


def framed_attested_share(claim: str, texts: Sequence[str], passages: Sequence[str]) -> float:
    """Share of the claim's details that some text states
    (:func:`credence.scoring.details.attested_share`), 0 when :func:`framed_opposite` finds
    a word of the claim that the passages speaking to it state the opposite of.

    ``attested_share`` alone reads opposite words anywhere in the articles ("living" in an
    obituary's last paragraph against "dead"); here they count only where the articles
    speak to the claim.

    Examples
    --------
    >>> framed_attested_share("The rapper Hank is dead at 57",
    ...                       ["Hank died at 57. He was living in Tolbury."],
    ...                       ["Hank died at 57."])
    1.0
    """
    if framed_opposite(claim, texts, passages) is not None:
        return 0.0
    return attested_share(claim, texts, opposites=False)
