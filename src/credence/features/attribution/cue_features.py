"""Open features for cues: the shape of a clause that reports, whatever its verb.

Most cues the tagger misses are not reporting verbs at all: on a held-out quarter of PolNeAR
train, 789 of the 1,151 missed sources had neither their cue nor their source tagged, and
their cues are verbs and nouns of stance or intent ("endorsed", "declined to", "wants",
"the claim that", "his warning"), each too rare in the training articles for the tagger to
learn the word itself. What they share is the shape of the clause around them, which the
features here describe:

- ``cf:stem=<stem>``: the word less its inflection ("endorsed", "endorses", "endorsing" →
  ``endors``), so that the forms of one verb share what the tagger learns of it;
- ``cf:that``: a word followed by "that" within a few words of its own clause ("told
  reporters that", "made it clear that"), the complement a reported proposition opens with;
  ``cf:to``: a word followed by "to" and a verb ("declined to comment", "wants to build");
- ``cf:subj`` with ``cf:subj|<ending>``: a lower-case word right after a subject (a pronoun,
  a capitalised name or a word of the lexicon's source heads), with its inflection (``ed``,
  ``s``, ``ing``): "Trump endorsed", "officials warned", "she wants";
- ``cf:poss``: a lower-case word after a possessive ("Trump's warning", "her claim"), the
  place of a noun cue;
- ``cf:cls=<class>``: the class of the word's stem in a hand-written list of words that report
  speech, thought, stance or evidence and of their nouns (``lexicons/words/stance_cue_words.tsv``:
  "backing", "vowed", "predict", "endorsement"), so that a cue word the training articles
  hardly hold shares what the tagger learns of its class; with the complement that follows it
  (``cf:frame=<class>|that``, ``|to``, ``|quote``) and after a subject (``|subj``);
- ``cf:quote``: a word followed by a colon or a quotation mark (``said: "…"``, ``told
  reporters, "…"``), the frame of a direct quotation; ``cf:aux``: a word after an auxiliary
  or a modal ("is expected", "will seek", "has opposed").

(The two sides together, alone and with the stem, were tried and left out: on the held-out
quarter of train they gave source 0.752 against 0.753 without them.)

The features of a word's place are computed per paragraph from the token table alone
(words, capital flags and the lexicon's word lists), in one pass over the tokens;
:func:`credence.features.attribution.open_features.paragraph_open_features` adds them to the
tagger's features for a model that reads them. The stem and the class are features of the
word alone (:class:`WordCueFeatures`): the tagger builds them once per word type with its
other word features, and the array path sums their weights once per word, not per token.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from credence.features.lexicon import rows

__all__ = [
    "CUE_PREFIX",
    "CONTEXT_PREFIXES",
    "WORD_PREFIXES",
    "WordCueFeatures",
    "is_word_feature",
    "may_cue",
    "stance_classes",
    "stem",
    "cue_features",
]

#: The prefix of every feature of this module (a model reads them when it knows one).
CUE_PREFIX = "cf:"

#: The prefixes of the cue features of a word alone (:class:`WordCueFeatures`).
WORD_PREFIXES = ("cf:stem=", "cf:cls=")
#: The prefixes of the cue features of a word's place (:func:`cue_features`).
CONTEXT_PREFIXES = ("cf:that", "cf:to", "cf:subj", "cf:poss", "cf:quote", "cf:aux", "cf:frame=")

#: Most words between a cue and the "that" of its complement ("told reporters that").
_MAX_TO_THAT = 4
#: Inflections stripped by :func:`stem`, longest first.
_ENDINGS = ("ing", "ies", "ied", "ed", "es", "s")
#: Tokens a clause does not run across.
_CLAUSE_MARKS = frozenset(',;:.!?()"“”—–-')
#: Quotation marks and the colon: what opens a direct quotation after its cue.
_QUOTATION_OPENERS = frozenset(":\"“”'‘")
#: Auxiliaries and modals before a verb of a multiword cue ("is expected", "will seek").
_AUXILIARIES = frozenset(
    "is are was were be been am 's has have had will would could can may might should must "
    "did does do".split()
)
_SUBJECT_PRONOUNS = frozenset(["he", "she", "they", "we", "i", "you", "it", "who"])
_POSSESSIVES = frozenset(["his", "her", "their", "its", "our", "my", "your"])
#: The tokenizer keeps "'s" on its word ("Okafor's").
_POSSESSIVE_ENDINGS = ("'s", "’s", "s'", "s’")
#: Words that never cue a report whatever their place (function words).
_FUNCTION_WORDS = frozenset(
    "the a an and or but of to in on at by for with from as that this these those is are was "
    "were be been being has have had do does did not no will would can could should may might "
    "must also then than so if when while after before about over into there here which who "
    "whom whose what".split()
)


def stem(low: str) -> str:
    """The lower-case word less one inflection, with a doubled final consonant undone.

    Examples
    --------
    >>> [stem(w) for w in ("endorsed", "endorses", "endorsing", "endorse")]
    ['endors', 'endors', 'endors', 'endors']
    >>> [stem(w) for w in ("planned", "plans", "denied", "denies")]
    ['plan', 'plan', 'deny', 'deny']
    """
    word = low
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            word = word[: -len(ending)]
            if ending in ("ies", "ied"):
                return word + "y"
            break
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiouls":
        word = word[:-1]
    return word


def stance_classes(name: str = "stance_cue_words") -> dict[str, str]:
    """``{stem: class}`` of the hand-written word list ``name`` (a stem listed twice keeps
    its first class).

    Examples
    --------
    >>> classes = stance_classes()
    >>> classes[stem("endorsed")], classes[stem("vows")], classes[stem("statements")]
    ('attitude', 'speech', 'noun')
    """
    classes: dict[str, str] = {}
    for row in rows(name):
        classes.setdefault(stem(row[0].lower()), row[1])
    return classes


def _ending(low: str) -> str:
    for ending in ("ing", "ed", "s"):
        if low.endswith(ending):
            return ending
    return "other"


#: What a word may be before a cue (:meth:`_WordCache.word`): nothing, a subject, a possessive.
_NONE, _SUBJECT, _POSSESSIVE = 0, 1, 2


def _role(word: str, low: str, heads: Collection[str]) -> int:
    """Whether ``word`` can end a subject (a pronoun, a capitalised name that is not a
    capitalised function word, a source head noun: :data:`_SUBJECT`) or is a possessive
    ("his", "Okafor's": :data:`_POSSESSIVE`).
    """
    if low in _POSSESSIVES or low.endswith(_POSSESSIVE_ENDINGS):
        return _POSSESSIVE
    if low in _SUBJECT_PRONOUNS or low in heads:
        return _SUBJECT
    if word[:1].isupper() and word[:1].isalpha() and low not in _FUNCTION_WORDS:
        return _SUBJECT
    return _NONE


def _next_that(words: Sequence[str], lows: Sequence[str]) -> list[int]:
    """For each token, the index of the first "that" after it in its clause (``-1``: a clause
    mark or the paragraph's end comes first): one pass from the end.
    """
    n = len(words)
    out = [-1] * n
    nearest = -1
    for j in range(n - 1, 0, -1):
        if lows[j] == "that":
            nearest = j
        elif words[j] in _CLAUSE_MARKS:
            nearest = -1
        out[j - 1] = nearest
    return out


def _opens_quotation(words: Sequence[str], k: int) -> bool:
    """Whether a colon or a quotation mark follows ``words[k]``, directly or after a comma."""
    n = len(words)
    if k + 1 < n and words[k + 1] in _QUOTATION_OPENERS:
        return True
    return k + 2 < n and words[k + 1] == "," and words[k + 2] in _QUOTATION_OPENERS


def may_cue(word: str, low: str) -> bool:
    """Whether ``word`` may be a cue by its form: a lower-case word of three letters or more
    that is not a function word.
    """
    return len(low) >= 3 and word[:1].islower() and low.isalpha() and low not in _FUNCTION_WORDS


def is_word_feature(name: str) -> bool:
    """Whether the cue feature ``name`` is a function of its word alone (``cf:stem=``,
    ``cf:cls=``: :class:`WordCueFeatures`), which a tagger sums once per word.
    """
    return name.startswith(WORD_PREFIXES)


class WordCueFeatures:
    """The cue features of one word whatever its place: its stem (``cf:stem=``) and the class
    of the stem in the stance word list (``cf:cls=``), for a word that may be a cue
    (:func:`may_cue`).

    They are features of the word alone, so the tagger builds them once per word type with
    its other word features (:class:`.tagging.TokenFeaturizer`, and
    :class:`.emissions.EmissionScorer`, which sums their weights once per word).

    Parameters
    ----------
    classes : mapping of str to str, optional
        Class by stem (default :func:`stance_classes`).

    Examples
    --------
    >>> WordCueFeatures()("vowed", "vowed")
    ('cf:stem=vow', 'cf:cls=speech')
    >>> WordCueFeatures()("Vowed", "vowed"), WordCueFeatures()("said", "said")[1]
    ((), 'cf:cls=speech')
    """

    def __init__(self, classes: Mapping[str, str] | None = None) -> None:
        self.classes = stance_classes() if classes is None else classes

    def __call__(self, word: str, low: str) -> tuple[str, ...]:
        """The word features of ``word`` (lower-cased: ``low``)."""
        if not may_cue(word, low):
            return ()
        stemmed = stem(low)
        cls = self.classes.get(stemmed)
        return (f"cf:stem={stemmed}",) if cls is None else (f"cf:stem={stemmed}", f"cf:cls={cls}")


def _complement(words: Sequence[str], lows: Sequence[str], k: int, next_that: list[int]) -> str:
    """The complement that opens after ``words[k]``: ``"to"`` and a verb, ``"that"`` within
    a few words of its clause, ``"quote"`` (:func:`_opens_quotation`), or ``""``.
    """
    if k + 2 < len(words) and lows[k + 1] == "to" and words[k + 2][:1].islower():
        return "to"
    if 0 < next_that[k] - k <= _MAX_TO_THAT:
        return "that"
    return "quote" if _opens_quotation(words, k) else ""


#: A word's role and, for a possible cue, its own features and those it takes after a subject.
_Entry = tuple[int, tuple[tuple[str, ...], tuple[str, ...]] | None]


class _WordCache:
    """What each word contributes whatever its place, built once per word: its role before a
    cue (:func:`_role`) and, for a word that may be a cue, its own features and those it
    takes after a subject, kept only when ``known`` (a trained model's features; ``None``
    keeps all) holds them.
    """

    __slots__ = ("known", "heads", "words", "classes")

    def __init__(
        self,
        heads: Collection[str] = frozenset(),
        known: Collection[str] | None = None,
        classes: Mapping[str, str] | None = None,
    ) -> None:
        self.known = known
        self.heads = heads
        self.words: dict[str, _Entry] = {}
        self.classes = stance_classes() if classes is None else classes

    def _kept(self, *names: str) -> tuple[str, ...]:
        known = self.known
        return names if known is None else tuple(f for f in names if f in known)

    def word(self, word: str, low: str) -> _Entry:
        """``(role, (features after a subject, class prefix))``; the features are ``None``
        for a word that is never a cue (:func:`may_cue`); the class prefix
        (``("cf:frame=speech|",)``, empty for a word of no class) is completed by the
        complement found after the word.
        """
        role = _role(word, low, self.heads)
        if not may_cue(word, low):
            found = (role, None)
        else:
            cls = self.classes.get(stem(low))
            if cls is None:
                subj = self._kept("cf:subj", f"cf:subj|{_ending(low)}")
                framed: tuple[str, ...] = ()
            else:
                subj = self._kept("cf:subj", f"cf:subj|{_ending(low)}", f"cf:frame={cls}|subj")
                framed = (f"cf:frame={cls}|",)
            found = (role, (subj, framed))
        self.words[word] = found
        return found


def cue_features(
    words: Sequence[str],
    lows: Sequence[str],
    caps: Sequence[bool],
    heads: Collection[str] = frozenset(),
    cache: _WordCache | None = None,
) -> dict[int, list[str]]:
    """The cue features of one paragraph's tokens: ``{token index: [feature, ...]}``.

    Parameters
    ----------
    words, lows, caps : sequence
        The paragraph's tokens, lower-cased tokens, and whether each opens with a capital
        (``caps`` is read from the words themselves: kept for the shape every open feature
        family shares).
    heads : collection of str
        Lower-case source head nouns ("officials", "spokesman"): a subject before a cue.
    cache : _WordCache, optional
        The per-word features kept across paragraphs, with their own ``heads`` and the
        model's features to keep; default: a new one with ``heads``, keeping every feature.

    Returns
    -------
    dict of int to list of str
        Paragraph-relative token indices and their features, in a fixed order; only
        lower-case words that are not function words carry any.

    Examples
    --------
    >>> words = "Trump endorsed the plan , saying that it works".split()
    >>> feats = cue_features(words, [w.lower() for w in words],
    ...                      [w[0].isupper() for w in words], frozenset())
    >>> feats[1]
    ['cf:subj', 'cf:subj|ed', 'cf:frame=attitude|subj']
    >>> feats[5]
    ['cf:that', 'cf:frame=speech|that']
    """
    cache = cache or _WordCache(heads)
    known = cache.known
    poss, aux = (name if known is None or name in known else None for name in ("cf:poss", "cf:aux"))
    # The complement features the model knows, by frame (:func:`_complement`).
    frames = {
        frame: f"cf:{frame}"
        for frame in ("to", "that", "quote")
        if known is None or f"cf:{frame}" in known
    }
    seen = cache.words
    next_that = _next_that(words, lows)
    out: dict[int, list[str]] = {}
    before = _NONE
    for k, word in enumerate(words):
        entry = seen.get(word)
        if entry is None:
            entry = cache.word(word, lows[k])
        role, parts = entry
        if parts is not None:
            after_subject, framed = parts
            feats = []
            frame = _complement(words, lows, k, next_that)
            named = frames.get(frame)
            if named is not None:
                feats.append(named)
            if framed and frame:
                feats.extend(f for f in (framed[0] + frame,) if known is None or f in known)
            if k > 0 and lows[k - 1] in _AUXILIARIES and aux is not None:
                feats.append(aux)
            if before == _POSSESSIVE:
                if poss is not None:
                    feats.append(poss)
            elif before == _SUBJECT:
                feats.extend(after_subject)
            if feats:
                out[k] = feats
        before = role
    return out
