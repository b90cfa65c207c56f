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

from credence.features.lexicon import rows
from credence.scoring.contested import CONTESTED_KEEP, contested_opposite
from credence.scoring.contested import _proper_name as proper_name
from credence.scoring.details import attested_share, opposed_predicate
from credence.scoring.slot_values import SlotNumber, frame_neighbours, frame_stems, slot_numbers
from credence.scoring.slots import _NAME as NAME_KIND  # a capitalised word inside a sentence
from credence.scoring.slots import SlotText, national_word
from credence.scoring.slots import _detail_positions as detail_positions  # the scanner's rule
from credence.scoring.slots import _filler as slot_filler  # the scanner's competing value
from credence.scoring.substitution import lemma_stem, substituted_name
from credence.scoring.word_keys import word_stem

__all__ = [
    "competing_details",
    "competing_share",
    "framed_attested_share",
    "framed_opposite",
    "slot_attested_share",
]


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


_CALENDAR = {row[0]: row[1] for row in rows("calendar_words") if len(row) >= 2}


def _calendar_kind(token: str) -> str | None:
    # "day", "month" or "season" of a calendar word; months and days only capitalised (the
    # modal "may", the verb "march").
    kind = _CALENDAR.get(token.lower())
    if kind == "season" or (kind is not None and token[:1].isupper()):
        return kind
    return None


def _detail_kind(read: SlotText, k: int, common: set[str]) -> str | None:
    # What kind of detail token ``k`` of the claim is: a number, a day / month / season, a
    # nationality or country word, a name (capitalised inside the claim, not in capitals,
    # and never written in lower case by the articles: headline capitals mark no name when
    # the story writes the word as a common one); None for any other word.
    token = read.tokens[k]
    if not token[:1].isalnum():
        return None
    if token[:1].isdigit():
        return "number"
    calendar = _calendar_kind(token)
    if calendar is not None:
        return calendar
    if token[:1].isupper() and national_word(token):
        return "place"
    if read.kinds[k] == NAME_KIND and not token.isupper() and word_stem(token) not in common:
        return "name"
    return None


def _calendar_filler(claim: SlotText, k: int, kind: str, passage: SlotText) -> bool:
    # Whether ``passage`` puts another day / month / season beside an anchor word that
    # stands beside the claim's ("closed on Thursday" / "closed on Monday").
    for step in (-1, 1):
        a = claim.scan(k, step)
        if a is None:
            continue
        for j, stem in enumerate(passage.stems):
            if stem != claim.stems[a]:
                continue
            hit = passage.scan(j, -step)
            if (
                hit is not None
                and _calendar_kind(passage.tokens[hit]) == kind
                and passage.keys[hit] != claim.keys[k]
            ):
                return True
    return False


def _competes(
    claim: str,
    read: SlotText,
    k: int,
    kind: str,
    passage: str,
    other: SlotText,
    frame: frozenset[str],
) -> bool:
    # Whether ``passage`` (read by the slot scanner as ``other``) states a value competing
    # with the claim's detail ``k`` (not a number: see ``_contested_numbers``).
    if kind in ("day", "month", "season"):
        return _calendar_filler(read, k, kind, other) or _calendar_in_frame(
            read, k, kind, other, frame
        )
    hit = slot_filler(read, k, other, set(read.keys))
    if hit is not None and kind == "place":
        return national_word(other.tokens[hit[1]])  # a nationality for a nationality
    if hit is not None and (kind == "number" or not read.title_case()):
        return True
    if kind != "name":
        return False
    # In a title-case headline any word is capitalised: a name competes only where the
    # passage says the claim word for word with a proper name in the detail's place.
    replaced = substituted_name(claim, passage)
    return (
        replaced is not None
        and replaced.start <= read.starts[k] < replaced.end
        and proper_name(replaced, passage)
    )


def _stated_in_frame(
    read: SlotText, k: int, reads: Sequence[SlotText], frame: frozenset[str]
) -> bool:
    # Whether some text states the claim's detail ``k`` beside a word of the claim's frame
    # (a governor's name stated where he visits, or the day of another event, is not the
    # claim's value stated). A claim without a frame word falls back to "stated anywhere".
    key = read.keys[k]
    for other in reads:
        for j, found in enumerate(other.keys):
            if found != key:
                continue
            if not frame or any(other.stems[x] in frame for x in frame_neighbours(other, j, j)):
                return True
    return False


def _calendar_in_frame(
    read: SlotText, k: int, kind: str, passage: SlotText, frame: frozenset[str]
) -> bool:
    # Whether ``passage`` puts another day / month / season beside a word of the claim's
    # frame ("the bridge closed on Monday" against "closed the bridge on Thursday").
    mine = {read.keys[j] for j in range(len(read.tokens)) if _calendar_kind(read.tokens[j])}
    for j, token in enumerate(passage.tokens):
        if _calendar_kind(token) != kind or passage.keys[j] in mine:
            continue
        if any(passage.stems[x] in frame for x in frame_neighbours(passage, j, j)):
            return True
    return False


def _number_anchors(read: SlotText, number: SlotNumber) -> tuple[str | None, str | None]:
    # The claim's anchor words of a number: the nearest word that is no stop word on each
    # side ("lost", "people" of "lost 25 million people"), none when it is a number.
    anchors: list[str | None] = []
    for at, step in ((number.first, -1), (number.last, 1)):
        a = read.scan(at, step)
        anchors.append(read.stems[a] if a is not None and read.stems[a] else None)
    return anchors[0], anchors[1]


def _number_competes(
    anchors: tuple[str | None, str | None],
    number: SlotNumber,
    mine: Sequence[SlotNumber],
    passage: SlotText,
    theirs: Sequence[SlotNumber],
) -> bool:
    # Whether the passage puts a number that cannot be the claim's beside one of its anchor
    # words, on the same side ("two weeks" against "last 48 hours": no; "last two weeks"
    # against "last 48 hours": yes).
    left, right = anchors
    for other in theirs:
        if not other.disjoint(number) or any(other.same(m) for m in mine):
            continue
        before, after = passage.scan(other.first, -1), passage.scan(other.last, 1)
        if (left and before is not None and passage.stems[before] == left) or (
            right and after is not None and passage.stems[after] == right
        ):
            return True
    return False


def _contested_numbers(
    claim: str,
    read: SlotText,
    texts: Sequence[str],
    reads: Sequence[SlotText],
    passages: Sequence[tuple[str, SlotText]],
) -> tuple[list[str], int]:
    # The claim's numbers (by value: digits, words, scales, fractions) that no article
    # states and a passage replaces beside an anchor word; and how many numbers it has.
    mine = slot_numbers(claim, read)
    if not mine:
        return [], 0
    stated = [
        n for text, other in zip(texts, reads, strict=True) for n in slot_numbers(text, other)
    ]
    theirs = [(other, slot_numbers(passage, other)) for passage, other in passages]
    contested = []
    for number in mine:
        if any(number.same(n) for n in stated):
            continue
        anchors = _number_anchors(read, number)
        if any(_number_competes(anchors, number, mine, *both) for both in theirs):
            contested.append(claim[read.starts[number.first] : read.end(number.last)])
    return contested, len(mine)


def competing_details(
    claim: str, texts: Sequence[str], passages: Sequence[str]
) -> tuple[tuple[str, ...], int]:
    """The claim's details that the passages speaking to it give another value, and the
    number of its details.

    A detail is a number (read as a value: "2.5 million", "two and a half million" and
    "2.5M" are one; :mod:`credence.scoring.slot_values`), a day, month or season, a
    nationality or country word, or a name (a capitalised word inside the claim that no
    article writes in lower case; see :func:`competing_share`). It counts against the claim
    only when no article states it and a passage that speaks to the claim puts a competing
    value of the same kind in its slot. A number is stated when some article gives its value
    anywhere; a day, a place or a name only when an article states it *in the claim's
    frame*, beside one of the claim's own words (:func:`credence.scoring.slot_values.
    frame_neighbours`): a governor's name where he visits a town, or the day of another
    event, does not vouch for it. A competing number or name stands beside the same anchor
    word (the slot scanner, :mod:`credence.scoring.slots`), a competing day beside a word of
    the claim's frame. In a title-case headline, where capitals mark no names, a name is
    contested only by a passage that repeats the claim with a proper name in its place
    (:func:`credence.scoring.substitution.substituted_name`).

    Parameters
    ----------
    claim : str
        The checked claim.
    texts : sequence of str
        The whole articles (a detail they state is not contested; see above).
    passages : sequence of str
        The passages that speak to the claim (in ``check``, each article's sentences most
        similar to it).

    Returns
    -------
    contested : tuple of str
        The contested details, as the claim writes them, numbers first.
    details : int
        How many details the claim has.

    Examples
    --------
    >>> competing_details("The dam at Orvik burst on Tuesday, flooding 300 homes",
    ...                   ["The dam at Orvik burst on Monday. About 300 homes were flooded."],
    ...                   ["The dam at Orvik burst on Monday."])
    (('Tuesday',), 3)
    >>> competing_details("About 25 million people lost their homes",
    ...                   ["Two and a half million people lost their homes."],
    ...                   ["Two and a half million people lost their homes."])
    (('25 million',), 1)
    """
    read = SlotText.read(claim)
    reads = [SlotText.read(text) for text in texts]
    # Each passage read once, for every detail.
    passage_reads = [(passage, SlotText.read(passage)) for passage in passages]
    contested, details = _contested_numbers(claim, read, texts, reads, passage_reads)
    numbers = {k for k, kind in enumerate(read.kinds) if read.tokens[k][:1].isdigit()}
    numbers |= {k for n in slot_numbers(claim, read) for k in range(n.first, n.last + 1)}
    # A capitalised word whose stem the articles write in lower case is a common word.
    common = {word_stem(t) for other in reads for t in other.tokens if t[:1].islower()}
    kinds = {
        k: kind
        for k in range(len(read.tokens))
        if k not in numbers and (kind := _detail_kind(read, k, common)) is not None
    }
    frame = frame_stems(read, skip=numbers | set(kinds))
    for k, kind in kinds.items():
        details += 1
        if _stated_in_frame(read, k, reads, frame):
            continue
        if any(_competes(claim, read, k, kind, *both, frame) for both in passage_reads):
            contested.append(read.tokens[k])
    return tuple(contested), details


def competing_share(claim: str, texts: Sequence[str], passages: Sequence[str]) -> float:
    """What the articles leave of their support for a claim given its contested details.

    :data:`~credence.scoring.contested.CONTESTED_KEEP` to the power of the number of
    contested details (:func:`competing_details`), 0 when a passage that speaks to the
    claim states the opposite of one of its words and no article states that word (a word
    the claim negates, or one that reports or denies a statement, excepted:
    :func:`credence.scoring.contested.contested_opposite`); 1 when none is contested. A
    detail the articles only leave out, or a title-case headline's capitalised words, cost
    nothing: the rule fires on a swapped detail, not on wording. The factor does not depend
    on how many details the claim has, so a headline's capitals do not dilute a swap.

    Examples
    --------
    >>> story = ["Tesla is building its Gigafactory in Nevada, officials said."]
    >>> competing_share("Tesla Will Build Its Gigafactory In Texas", story, story)
    0.5
    >>> competing_share("Report: Tesla Picks Nevada For Its Gigafactory", story, story)
    1.0
    """
    if contested_opposite(claim, texts, passages) is not None:
        return 0.0
    contested, _ = competing_details(claim, texts, passages)
    return CONTESTED_KEEP ** len(contested)
