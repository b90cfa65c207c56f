"""Open features for sources: what a token's place in its clause says about who is speaking.

Most sources the tagger misses are never labelled at all (on a held-out quarter of PolNeAR
train, 987 of 1,167 missed sources had no token tagged ``SRC``): the word, lexicon and
distance features of :mod:`.tagging` say little about a noun phrase the lexicons do not know
("the Quinnipiac survey", "Elijah Cummings of Maryland", "a man who attended the rally").
The features here describe the token's position in its clause instead, so that the tagger
can learn where sources sit whatever their words:

- ``sf:cap=B|I|E|S``: place in a run of capitalised words (a name), ``sf:caprun>2`` for
  long runs, ``sf:of_name``: an "of" or "for" joining two capitalised runs ("Secretary of
  State", "Cummings of Maryland");
- ``sf:org``: a word that ends organisation names (``words/source_organisation_words.tsv``);
- ``sf:subj`` / ``sf:subj_last``: inside (and at the end of) the stretch of the clause that
  runs to a reporting verb without crossing punctuation, a quotation mark or another verb
  candidate ("The campaign's chief strategist told ..."), with the verb as ``sf:to=<verb>``;
- ``sf:inv``: right after a reporting verb that follows a comma or closing quotation mark
  (", said Smith", "” insists Burton"), with ``sf:from=<verb>``;
- ``sf:appos``: inside a comma-bounded stretch right after a capitalised run
  ("Mark, the lead on the project, told ...");
- ``sf:acc``: the noun phrase after "according to".

They are computed per paragraph from the token table alone (words, capital flags and the
reporting-verb lexicon), in one pass over the tokens; :class:`.tagging.TokenFeaturizer` and
:class:`.emissions.EmissionScorer` add them through :func:`source_features`.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING

from credence.features import lexicon

if TYPE_CHECKING:
    from credence.features.attribution.tokens import _TokenTable

__all__ = ["source_features", "paragraph_source_features", "organisation_words"]

#: Longest stretch before a reporting verb read as its subject (tokens).
_MAX_SUBJECT = 12
#: Longest noun phrase read after an inverted verb or "according to" (tokens).
_MAX_AFTER = 6
#: Longest apposition after a name (tokens).
_MAX_APPOSITION = 10
#: Tokens that close a clause stretch: a subject does not run across them.
_CLAUSE_MARKS = frozenset(',;:.!?()"“”—–-')
_QUOTE_MARKS = frozenset('"“”')
_JOINERS = frozenset(["of", "for"])
_NAME_OPENERS_NOT = frozenset(["the", "a", "an", "but", "and", "in", "on", "at", "as", "if"])


def organisation_words() -> frozenset[str]:
    """Words that end organisation names ("Department", "Committee", "Institute"); the word
    list is read once by :func:`credence.features.lexicon.words`.
    """
    return lexicon.words("source_organisation_words")


def _cap_runs(words: Sequence[str], caps: Sequence[bool]) -> list[tuple[int, int]]:
    """``[a, b)`` token ranges of runs of capitalised words, less a function word opening the
    run ("The", "But": capitalised at a sentence start, never part of the name).
    """
    runs = []
    n = len(words)
    k = 0
    while k < n:
        if caps[k] and words[k][:1].isalpha():
            j = k + 1
            while j < n and caps[j] and words[j][:1].isalpha():
                j += 1
            # "The Quarry Workers Union": the name starts after a capitalised function word.
            a = k + 1 if words[k].lower() in _NAME_OPENERS_NOT else k
            if j > a:
                runs.append((a, j))
            k = j
        else:
            k += 1
    return runs


def _add(out: dict[int, list[str]], k: int, feature: str) -> None:
    out.setdefault(k, []).append(feature)


def _name_features(
    out: dict[int, list[str]],
    words: Sequence[str],
    lows: Sequence[str],
    runs: list[tuple[int, int]],
    organisations: frozenset[str],
) -> None:
    """``sf:cap``, ``sf:caprun>2``, ``sf:org``, ``sf:of_name`` and ``sf:appos``."""
    n = len(words)
    for a, b in runs:
        if b - a == 1:
            _add(out, a, "sf:cap=S")
        else:
            _add(out, a, "sf:cap=B")
            for k in range(a + 1, b - 1):
                _add(out, k, "sf:cap=I")
            _add(out, b - 1, "sf:cap=E")
        if b - a > 2:
            for k in range(a, b):
                _add(out, k, "sf:caprun>2")
        if any(lows[k] in organisations for k in range(a, b)):
            for k in range(a, b):
                _add(out, k, "sf:org")
        # "Cummings of Maryland": the joiner between two runs.
        if b + 1 < n and lows[b] in _JOINERS and any(start == b + 1 for start, _ in runs):
            _add(out, b, "sf:of_name")
        # "Mark, the lead on the project, told": the stretch between two commas after a name.
        if b < n and words[b] == ",":
            for j in range(b + 1, min(n, b + 1 + _MAX_APPOSITION)):
                if words[j] in _CLAUSE_MARKS:
                    if words[j] == "," and j > b + 1:
                        for k in range(b + 1, j):
                            _add(out, k, "sf:appos")
                    break


def _clause_features(
    out: dict[int, list[str]],
    words: Sequence[str],
    lows: Sequence[str],
    cues: Mapping[str, str],
) -> None:
    """``sf:subj``, ``sf:subj_last``, ``sf:to=``, ``sf:inv``, ``sf:from=`` and ``sf:acc``."""
    n = len(words)
    for v in range(n):
        low = lows[v]
        if low == "according" and v + 1 < n and lows[v + 1] == "to":
            _phrase_after(out, words, v + 2, "sf:acc", None)
            continue
        if low not in cues:
            continue
        # Back to the clause edge: the subject stretch of this verb.
        k = v - 1
        while k >= 0 and v - k <= _MAX_SUBJECT and words[k] not in _CLAUSE_MARKS:
            if lows[k] in cues or lows[k] in ("that", "who", "which"):
                break
            k -= 1
        if k < v - 1:
            to = f"sf:to={low}"
            for j in range(k + 1, v):
                _add(out, j, "sf:subj")
                _add(out, j, to)
            _add(out, v - 1, "sf:subj_last")
        # ", said Smith" / "” insists Burton": a verb opening its clause after the content.
        if v > 0 and words[v - 1] in (",", *_QUOTE_MARKS):
            _phrase_after(out, words, v + 1, "sf:inv", f"sf:from={low}")


def _phrase_after(
    out: dict[int, list[str]],
    words: Sequence[str],
    start: int,
    feature: str,
    verb: str | None,
) -> None:
    """Mark the tokens from ``start`` to the next clause mark (at most :data:`_MAX_AFTER`)."""
    for j in range(start, min(len(words), start + _MAX_AFTER)):
        if words[j] in _CLAUSE_MARKS:
            break
        _add(out, j, feature)
        if verb is not None:
            _add(out, j, verb)


def source_features(
    words: Sequence[str],
    lows: Sequence[str],
    caps: Sequence[bool],
    cues: Mapping[str, str],
    organisations: frozenset[str],
) -> dict[int, list[str]]:
    """The source features of one paragraph's tokens: ``{token index: [feature, ...]}``.

    Parameters
    ----------
    words, lows, caps : sequence
        The paragraph's tokens, lower-cased tokens, and whether each opens with a capital.
    cues : mapping of str to str
        Reporting verbs (lower case) and their roles (:attr:`.AttributionLexicon.cues`).
    organisations : frozenset of str
        Lower-case words that end organisation names (:func:`organisation_words`).

    Returns
    -------
    dict of int to list of str
        Paragraph-relative token indices and their features, in a fixed order (names first,
        then clause positions); tokens without any are absent.

    Examples
    --------
    >>> words = "The Health Ministry said on Tuesday".split()
    >>> feats = source_features(
    ...     words, [w.lower() for w in words], [w[0].isupper() for w in words],
    ...     {"said": "neutral"}, frozenset(["ministry"]))
    >>> feats[2]
    ['sf:cap=E', 'sf:org', 'sf:subj', 'sf:to=said', 'sf:subj_last']
    """
    out: dict[int, list[str]] = {}
    _name_features(out, words, lows, _cap_runs(words, caps), organisations)
    _clause_features(out, words, lows, cues)
    return out


def paragraph_source_features(
    table: _TokenTable,
    lo: int,
    hi: int,
    cues: Mapping[str, str],
    known: Collection[str] | None = None,
) -> dict[int, list[str]]:
    """:func:`source_features` of the tokens ``lo`` to ``hi`` of an article's token table,
    keeping only the features in ``known`` (a trained model's; ``None`` keeps all).
    """
    found = source_features(
        table.words[lo:hi], table.lows[lo:hi], table.is_cap[lo:hi], cues, organisation_words()
    )
    if known is None:
        return found
    kept = {k: [f for f in names if f in known] for k, names in found.items()}
    return {k: names for k, names in kept.items() if names}
