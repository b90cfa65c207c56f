"""Details of a claim that the articles contest: another name or number in the same slot.

``check`` reads a long article whole with the stance model, which judges whether the article
tells the story, not whether it states the claim's place, actor or number: "Tesla will build
its Gigafactory in Texas" reads as agreeing with an article that says Nevada. With
``details_rule="uncontested"`` the whole-article support is multiplied by
:func:`uncontested_share`, the share of the claim's details (names and numbers) that no
article fills with a different value beside the same anchor word (the slot scanner,
:func:`credence.scoring.slots.contested_details`). A detail that is only absent (worded
otherwise, or left out) costs nothing: that cost FNC-1 stories whose headlines name things
the bodies phrase differently.
"""

from __future__ import annotations

from collections.abc import Sequence

from credence.scoring.details import claim_details
from credence.scoring.slots import SlotText, contested_details, national_word
from credence.scoring.word_keys import detail_key, word_stem

__all__ = ["uncontested_share", "word_stem"]


def uncontested_share(claim: str, evidence: Sequence[str]) -> float:
    """Share of a claim's details that no evidence text fills with a different value.

    A detail (a name or a number, :func:`credence.scoring.details.claim_details`) that no
    evidence text states is *contested* when some text states a different value of the
    same kind in the same slot: beside the content word next to the claim's detail, within
    one sentence ("Gigafactory in Texas" / "Gigafactory in Nevada", "sent 20,000 more
    troops" / "sent at least 1,000 more troops"). A detail that is only absent (an article
    says "U.S. forces" where the claim says "American", or does not name the town) is not
    contested: the whole-article reading keeps its support. The rules of what is a detail
    and what fills its slot are the slot scanner's (:mod:`credence.scoring.slots`).

    Parameters
    ----------
    claim : str
        The checked claim.
    evidence : sequence of str
        The evidence texts (whole articles or sentences).

    Returns
    -------
    float
        In [0, 1]; 1 when the claim has no detail or none is contested.

    Examples
    --------
    >>> uncontested_share("Tesla will build its Gigafactory in Texas",
    ...                   ["Tesla is building its Gigafactory in Nevada."])
    0.6666666666666667
    >>> uncontested_share("Tesla will build its Gigafactory in Texas",
    ...                   ["Tesla is building a battery plant."])
    1.0
    """
    query = SlotText.read(claim)
    common = {t.lower() for text in evidence for t in SlotText.read(text).tokens if t[:1].islower()}
    wanted = claim_details(claim)
    titled = query.title_case()
    # The claim's details, keyed as the scanner keys values; in a title-case headline only
    # its numbers and nationality or country words count (capitals there mark no names).
    details = {
        key
        for token, key in zip(query.tokens, query.keys, strict=True)
        if key
        and detail_key(token) in wanted
        and token.lower() not in common
        and (token[:1].isdigit() or not titled or national_word(token))
    }
    if not details:
        return 1.0
    return 1.0 - len(contested_details(claim, evidence) & details) / len(details)
