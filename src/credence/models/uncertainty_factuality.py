"""Event factuality (UW, MEANTIME) read as sentence uncertainty: which sentences count as
uncertain when the news factuality corpora are used to measure a Szeged-style model.

UW and MEANTIME annotate *events*, not hedging: each event token gets a factuality value on
−3 (certainly did not happen) … +3 (certainly happened). A Szeged-style sentence is uncertain
when a cue anywhere in it presents a proposition as possible, probable, believed, hearsay,
conditional or under investigation. The mappings below follow from that definition and from
each corpus's guidelines:

**UW** (:func:`uw_uncertain`). A UW value is the mean of five crowd judgements of whether
the author presents the event as having happened. Three choices:

1. *Any* event counts, not the main one alone: a Szeged cue hedges whichever proposition it
   governs ("officials said the attack *may* have been planned": the main event "said" is
   certain, the hedged one is embedded).
2. Only *predications* count: events tagged as verbs, less to-infinitives. UW also rates event
   nouns ("an *offer* to buy", "calls for an *auction*") and infinitival complements ("wants
   to *end*", "plans to *hold*", "in order to *stop*"); they score low because the act has not
   happened, which is volition, purpose or plan, none of which Szeged (or credence's news
   guidelines) annotates.
3. An event is uncertain when its mean rounds to a value other than ±3 on the annotators'
   integer scale: ``|f| < 2.5`` (negated events, −3, are certain, as in Szeged).

The previous mapping (the *main* event, nearest the dependency root, with ``|f| < 2.5``) is
kept as :func:`uw_main_event_uncertain` so both figures can be printed side by side. On 120
UW *training* sentences labelled with credence's Szeged-style guidelines
(``tests/fixtures/uncertainty_news_uw_sample.tsv``), Cohen's kappa with those labels is 0.43
for the predication mapping and 0.28 for the main-event one (any event: 0.34). Both stay low:
UW measures whether events happened, and crowd raters give hedged events high values ("he
*probably* died" is +2.8), so no mapping makes UW a Szeged test set.

**MEANTIME** (:func:`meantime_uncertain`). MEANTIME's certainty attribute is epistemic by
definition: CERTAIN (±3), PROBABLE (1.5), POSSIBLE (0.75) and UNDERSPECIFIED (0, used for
infinitives, generics and event nouns whose occurrence the text does not settle). A sentence
is uncertain when some event is PROBABLE or POSSIBLE (``0 < |f| < 3``); UNDERSPECIFIED is not a
judgement of likelihood and stays certain.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from credence.models.szeged import FactualitySentence

__all__ = [
    "UW_CERTAIN_FROM",
    "is_predication",
    "meantime_uncertain",
    "predication_values",
    "uw_main_event_uncertain",
    "uw_uncertain",
]

#: A UW event is certain when the mean of its judgements rounds to ±3: ``|f| >= 2.5``.
UW_CERTAIN_FROM = 2.5


def predication_values(sentence: FactualitySentence) -> list[float]:
    """Factuality of the sentence's predications: verbal events (POS ``VB*``), less
    to-infinitives (a base-form verb right after "to").

    Examples
    --------
    >>> from credence.models.szeged import FactualitySentence
    >>> s = FactualitySentence(
    ...     tokens=("He", "wants", "to", "end", "the", "talks", "."),
    ...     factuality=(None, 3.0, None, 0.8, None, 1.6, None),
    ...     pos=("PRP", "VBZ", "TO", "VB", "DT", "NNS", "."),
    ...     lemmas=("he", "want", "to", "end", "the", "talk", "."), line=1)
    >>> predication_values(s)
    [3.0]
    """
    return [
        value
        for index, value in enumerate(sentence.factuality)
        if value is not None and is_predication(sentence.pos, sentence.tokens, index)
    ]


def is_predication(pos: Sequence[str], tokens: Sequence[str], index: int) -> bool:
    """True when token ``index`` is a predication: a verb (``VB*``), less a to-infinitive."""
    if not pos[index].startswith("VB"):
        return False
    return not (pos[index] == "VB" and index > 0 and tokens[index - 1].lower() == "to")


def uw_uncertain(sentence: FactualitySentence) -> bool | None:
    """True when a predication of a UW sentence is not certain (``|f| < 2.5``).

    ``None`` when the sentence has no annotated predication (left out of the evaluation).
    """
    values = predication_values(sentence)
    if not values:
        return None
    return any(abs(value) < UW_CERTAIN_FROM for value in values)


def uw_main_event_uncertain(sentence: FactualitySentence) -> bool | None:
    """The previous UW mapping: the main event (nearest the root) has ``|f| < 2.5``."""
    value = sentence.main_event_factuality
    return None if value is None else abs(value) < UW_CERTAIN_FROM


def meantime_uncertain(sentence: FactualitySentence) -> bool | None:
    """True when some MEANTIME event is PROBABLE or POSSIBLE (``0 < |f| < 3``).

    ``None`` when the sentence has no annotated event.
    """
    values = sentence.event_values
    if not values:
        return None
    return any(0.0 < abs(value) < 3.0 for value in values)
