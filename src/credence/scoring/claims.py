"""Which sentences, or clauses of them, are checkable claims.

A *checkable claim* is a declarative statement about the world that could be verified against
records or other reports: an event ("troops were deployed"), a quantity ("at least 1,000"), a
state of affairs ("Ukraine still holds two POWs") or an attributed statement ("intelligence
said ..."). The detector works in three steps, each documented by the reason it records.

1. **Rules for what is never a claim** (:func:`non_claim_reason`), checked first:

   - *question*: the sentence ends with ``?`` (before closing quotes/brackets);
   - *credit*: bylines and media credits ("Via Associated Press", "Photo: ...",
     "(Reporting by ...)", "Getty Images");
   - *embed*: social-media embeds and their credit lines (``pic.twitter.com``, ``t.co``
     links, "— Name (@handle) February 17, 2025");
   - *boilerplate*: site furniture ("Subscribe to our newsletter", "Read more:", "Advertisement");
   - *imperative*: starts with a bare command verb ("Click", "Sign up", "Share", "Watch");
   - *heading*: a line without closing punctuation that is mostly Title Case, or short and
     without a finite verb ("North Korea Reinforces Troop Presence in Russia Amid Ongoing
     Conflict", "Key takeaways");
   - *no finite verb*: fragments that assert nothing;
   - *pure opinion*: evaluative or prescriptive language ("disgrace", "should", "I think")
     with no factual anchor (no quantity, date or event verb outside the reporting frame);
   - *unknown*: statements that information is missing ("It was not immediately clear ...").

2. **Positive cues** (:func:`claim_cues`): "quantity", "date", "attributed statement",
   "event verb", "named entity". A sentence that passes the rules is kept when it has at
   least one cue.

3. **The check-worthiness model** (optional, :class:`~credence.models.checkworthiness.\
CheckworthinessModel`): its probability is recorded on every claim, and a sentence without
   a positive cue is still kept when the probability reaches ``threshold``. The model never
   vetoes a cue-bearing sentence: it was trained on debates, where "check-worthy" is much
   narrower than "checkable".

**Clause splitting** is conservative: a sentence is split only at ``;`` or at ", but" /
", while" / ", whereas" when both sides hold a finite verb, both have at least
:data:`MIN_CLAUSE_WORDS` words, and the split point is outside quotation marks. Offsets stay
exact: each clause is ``article.text[start:end]``, the connector itself belongs to no clause.

Duplicate paragraphs (``Paragraph.duplicate_of`` not None) still yield claims, with the extra
reason "repeats paragraph N" so that corroboration can discount them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from credence.document import Article, Claim, Paragraph, Sentence
from credence.features.case_blind import CaseBlind
from credence.features.clause_tokens import capitalised_after_first, clause_facts
from credence.features.lexicon import words
from credence.features.verbs import IRREGULAR_PAST, is_past_tense
from credence.models.checkworthiness import CheckworthinessModel

__all__ = [
    "DEFAULT_THRESHOLD",
    "MIN_CLAUSE_WORDS",
    "ClaimDetector",
    "extract_claims",
    "non_claim_reason",
    "claim_cues",
    "split_clauses",
]

#: Used when no model threshold is known; the saved model carries its own F1-best threshold.
DEFAULT_THRESHOLD = 0.2
MIN_CLAUSE_WORDS = 4

_CLOSERS = " \t\r\n\"'”’»)]"

_QUANTITY_WORDS = re.compile(
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
    r"forty|fifty|sixty|seventy|eighty|ninety|hundred|hundreds|thousand|thousands|million|"
    r"millions|billion|billions|trillion|dozen|dozens|percent|half|double|doubled|tripled|"
    r"majority|all|none|no one|nobody)\b",
    re.IGNORECASE,
)
_QUANTITY = re.compile(r"\d|" + _QUANTITY_WORDS.pattern, re.IGNORECASE)
_DATE = re.compile(
    r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|"
    r"April|May|June|July|August|September|October|November|December|yesterday|today|"
    r"tonight|last (?:week|month|year)|this (?:week|month|year)|earlier this|(?:19|20)\d\d)\b"
)
_ATTRIBUTION = re.compile(
    r"\b(?:said|says|say|told|tells|reported|reports|according to|announced|announces|"
    r"confirmed|confirms|stated|states|claimed|claims|alleged|alleges|added|noted|notes|"
    r"estimated|estimates|wrote|writes|cited|cites|tweeted|posted|testified|acknowledged|"
    r"acknowledges|denied|denies|disclosed|revealed|indicated|indicates|suggests|suggested|"
    r"warned|warns|insisted|admitted|showed|shows|found|finds|estimate|data)\b",
    re.IGNORECASE,
)
_REPORTING = frozenset(
    "said says say told tells added noted wrote writes stated states claimed claims argued "
    "argues insisted insists called calls described describes".split()
)
_COPULA_AUX = words("modals") | frozenset(
    "am is are was were be been being has have had do does did 's 're 've 'll 'd isn't "
    "aren't wasn't weren't hasn't haven't hadn't doesn't don't didn't won't can't couldn't "
    "wouldn't shouldn't".split()
)
#: Present-tense and base verbs common in news that the suffix test cannot see.
_PRESENT_VERBS = words("present_verbs")
_OPINION_VERBS = words("opinion_verbs")
_EVALUATIVE = re.compile(
    r"\b(?:great|greatest|terrible|horrible|awful|wonderful|fantastic|amazing|incredible|"
    r"disgrace|disgraceful|shameful|shame|outrageous|outrage|ridiculous|absurd|unacceptable|"
    r"beautiful|sad|tragic|heartbreaking|brilliant|excellent|best|worst|stupid|foolish|"
    r"dangerous|reckless|irresponsible|unfair|wrong|right thing|important|vital|crucial|"
    r"essential|disastrous|disaster|catastrophe|failure|betrayal|proud|ashamed|delighted|"
    r"disappointed|disappointing|deplorable|appalling|shocking|remarkable|historic|"
    r"good|bad|better|worse|nice|lovely|fair|unjust|courageous|cowardly|pathetic|"
    r"nonsense|sham|hoax|joke|mess|chaos|nightmare|masterpiece|victory for|"
    r"should|must|ought to|needs? to|have to|has to|it is time|it's time)\b",
    re.IGNORECASE,
)
_FIRST_PERSON_OPINION = re.compile(
    r"\b(?:I|we)\s+(?:really\s+|strongly\s+|firmly\s+|do\s+not\s+|don't\s+)?"
    r"(?:think|believe|feel|hope|wish|love|hate|am|are|'m|'re)\b"
    r"|\bin (?:my|our) (?:view|opinion)\b",
    re.IGNORECASE,
)

_OPINION_FRAME = re.compile(
    r"^\s*(?:I|we)\s+(?:really\s+|strongly\s+|firmly\s+|still\s+)?"
    r"(?:think|believe|feel|hope|wish|guess|suppose)\b|^\s*in (?:my|our) (?:view|opinion)\b",
    re.IGNORECASE,
)
_QUOTE_THEN_TAG = re.compile(r"^\s*[\"“](?P<quote>[^\"“”]+)[\"”]\s*,?\s*(?P<tag>[^\"“”]{0,80})$")
_CREDIT = re.compile(
    r"^\s*[\(\[]?\s*(?:via\s+\S|photo(?:graph)?s?\s*(?:by|:|credit)|images?\s*(?:by|:)|"
    r"video\s*(?:by|:)|credit\s*:|source\s*:|file photo|reporting by|additional reporting|"
    r"editing by|written by|compiled by|produced by|by\s+[A-Z][a-z]+\s+[A-Z][A-Za-z'\-]+\s*"
    r"(?:$|,|and\b|\|)|\(?(?:AP|AFP|Reuters|Getty Images|EPA|Bloomberg)\s*(?:Photo|/|\)|$)|"
    r"©|copyright\b)",
    re.IGNORECASE,
)
_CREDIT_TAIL = re.compile(
    r"(?:\((?:AP|AFP|Reuters|EPA|Getty Images)[^)]*(?:Photo|photo|/)[^)]*\)|"
    r"(?:AP|AFP) Photo/[A-Z][\w .'\-]+)\s*$"
)
_EMBED = re.compile(
    r"pic\.twitter\.com/|https?://t\.co/|instagram\.com/p/|"
    r"[—–-]\s*[^()\n]{1,60}\(@\w{1,30}\)\s*(?:January|February|March|April|May|June|July|"
    r"August|September|October|November|December)\s+\d{1,2},\s*\d{4}|"
    r"^\s*A post shared by\b|^\s*View this post on Instagram",
    re.IGNORECASE,
)
_BOILERPLATE_AT_START = (
    r"subscribe\b|sign up\b|read more\b|read also\b|also read\b|related\s*:|"
    r"related (?:stories|articles|coverage)\b|advertisement\b|click here\b|follow us\b|"
    r"share this\b|share on\b|listen to (?:this|the) (?:article|story)|watch\s*:|"
    r"more\s*:|see also\b|recommended\b|trending\b|most read\b|this (?:story|article) "
    r"(?:has been|was) (?:updated|corrected)|all rights reserved|"
    r"(?:get|download) (?:the|our) app\b|"
    r"contact (?:the )?(?:author|reporter|us)\b|updated\s*:|published\s*:|last updated\b|"
    r"newsletter\b|sponsored\b|skip to\b|cookie|terms of (?:use|service)|privacy policy|"
    r"support (?:our|independent) journalism|we rely on|donate\b|"
    r"(?:the )?associated press (?:contributed|receives)\b.*|"
    r"editor's note\b|here's what (?:you|we) (?:need to )?know"
)
# The one alternative that reads into the clause: the regex engine tries it at each of 80
# characters, so it is tried only when the clause holds its word (see _is_boilerplate).
_BOILERPLATE_CONTRIBUTED = r".{0,80}\bcontributed (?:to )?this (?:report|story|article)"
_BOILERPLATE = re.compile(
    rf"^\s*(?:{_BOILERPLATE_AT_START}|{_BOILERPLATE_CONTRIBUTED})", re.IGNORECASE
)
_BOILERPLATE_START = re.compile(rf"^\s*(?:{_BOILERPLATE_AT_START})", re.IGNORECASE)
_BOILERPLATE_CREDIT_LINE = re.compile(rf"^\s*(?:{_BOILERPLATE_CONTRIBUTED})", re.IGNORECASE)
_IMPERATIVE = re.compile(
    r"^\s*(?:please\s+)?(?:click|tap|subscribe|sign|follow|share|watch|listen|download|join|"
    r"read|visit|contact|email|call|see|check|learn|find out|register|donate|get|try|"
    r"don't|do not|let's|let us|imagine|consider|remember|look|scroll|send us|tell us|"
    r"stay|avoid|keep|make sure|be sure|be careful|beware)\b",
    re.IGNORECASE,
)
_UNKNOWN = re.compile(
    r"^\s*(?:it|this)\s+(?:was|is|remains|remained)\s+(?:not|un)\s*(?:immediately\s+)?"
    r"(?:clear|known|unclear|unknown)\b|^\s*(?:it|this)\s+(?:was|is|remains)\s+"
    r"(?:not\s+immediately\s+|still\s+)?(?:unclear|unknown)\b",
    re.IGNORECASE,
)
_SPECULATION = re.compile(
    r"^\s*if\b|\b(?:appears?|seems?|may|might|could|perhaps|possibly|likely)\b", re.IGNORECASE
)
# Compiled once here: re.search(pattern, ...) looks its pattern up in re's cache per call.
_SUBJECT_THEN_VERB = re.compile(
    r"^\s*\w+\s+(?:said|says|told|was|were|is|has|have)\b", re.IGNORECASE
)
_CLAUSE_SPLIT = re.compile(r";\s+|,\s+(?:but|while|whereas)\s+")
_STOP_CAPS = frozenset(
    "I The A An In On At Of For And But Or To By With From As It He She They We This That "
    "These Those His Her Its Their Our If When While After Before Mr Mrs Ms Dr".split()
)
_SMALL_WORDS = frozenset(
    "a an the and or but of in on at to for by with from as vs via amid over after into "
    "is are was be its".split()
)


def _starting_with(first: str, pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` behind a look-ahead on the characters ``first`` its matches can start with.

    The regex engine tries every alternative of a word list at every position of a text; one
    character-class test rejects most positions at once, which halves the time of these
    searches (claim detection ran them on every sentence). ``first`` must hold every
    possible first character (tests/test_claims.py derives them from the patterns).
    """
    return re.compile(f"(?=[{first}])(?:{pattern.pattern})", pattern.flags)


class _Opening:
    r"""A pattern anchored at the start of a clause, with the first characters it can match.

    Each clause goes through half a dozen such patterns (credits, boilerplate, commands ...),
    and the regex engine tries every alternative of each at the start; most clauses open with
    a character none of them can start with, so that one set look-up answers. ``first``
    holds every ASCII character (lower-cased for a case-insensitive pattern) the pattern can
    match first once its leading ``\s*`` has matched nothing; a clause opening with any other
    ASCII character that is no whitespace is refused at once, any other clause goes to the
    pattern (tests/test_claims_fast_paths.py derives ``first`` from the patterns).
    """

    __slots__ = ("pattern", "first", "_refused")

    def __init__(self, first: str, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.first = first
        folded = pattern.flags & re.IGNORECASE
        self._refused = frozenset(
            char
            for char in map(chr, range(128))
            if not char.isspace() and (char.lower() if folded else char) not in first
        )

    def match(self, text: str) -> re.Match[str] | None:
        """``pattern.match(text)``."""
        if text[:1] in self._refused:
            return None
        return self.pattern.match(text)


_CREDIT_OPENING = _Opening("([abcefgiprsvw©", _CREDIT)
_BOILERPLATE_OPENING = _Opening("acdefghlmnprstuw", _BOILERPLATE_START)
_IMPERATIVE_OPENING = _Opening("abcdefgijklmprstvw", _IMPERATIVE)
_UNKNOWN_OPENING = _Opening("it", _UNKNOWN)
_OPINION_FRAME_OPENING = _Opening("iw", _OPINION_FRAME)
_QUOTE_OPENING = _Opening('"“', _QUOTE_THEN_TAG)
# _EMBED's alternatives that need neither "/" nor "(@" (see _is_embed).
_EMBED_OPENING = _Opening("av", _EMBED)

# The word-list searches each clause goes through, answered from the set of its lower-cased
# word runs, the regex engine left with the alternatives that are not plain words (see
# credence.features.case_blind): the same answers for a fraction of the time. Built from the
# patterns as written: the set needs their ``\b(?:...)\b`` shape.
_ATTRIBUTION_IN = CaseBlind(_ATTRIBUTION)
# A digit is tested apart (once a clause): the words alone need no regex.
_QUANTITY_WORDS_IN = CaseBlind(_QUANTITY_WORDS)
_EVALUATIVE_IN = CaseBlind(_EVALUATIVE)
_SPECULATION_IN = CaseBlind(_SPECULATION)
_FIRST_PERSON_OPINION_IN = CaseBlind(_FIRST_PERSON_OPINION)
_ATTRIBUTION = _starting_with("acdefinprstw", _ATTRIBUTION)
_QUANTITY = _starting_with(r"\dabdefhmnopst", _QUANTITY)
_DATE = _starting_with("12ADFJMNOSTWelty", _DATE)
_EVALUATIVE = _starting_with("abcdefghijlmnoprstuvw", _EVALUATIVE)


@dataclass(frozen=True, slots=True)
class _Clause:
    start: int  # offsets into the sentence text
    end: int
    text: str


_DETERMINERS = frozenset(("the", "a", "an", "its", "their", "his", "her", "our"))


class _ClauseWords:
    """The words of one clause and its verbs, each worked out once.

    The rules, the heading test and the cues all ask one clause for its words and verbs;
    :meth:`ClaimDetector.decide` builds one of these per clause and hands it to every test,
    so nothing is tokenised twice and no cache outlives the clause. Its words, lower-cased
    text, word runs and digit and letter tests come from one scan
    (:func:`~credence.features.clause_tokens.clause_facts`): nearly every clause needs them
    all; its verbs and date test are worked out on first use.
    """

    __slots__ = (
        "text",
        "words",
        "lower",
        "has_digit",
        "has_letter",
        "_runs",
        "_finite",
        "_events",
        "_date",
    )

    def __init__(self, text: str) -> None:
        self.text = text
        # ``lower`` is the text lower-cased for CaseBlind searches (None: search the text).
        self.words, self.lower, self._runs, self.has_digit, self.has_letter = clause_facts(text)
        self._date: bool | None = None
        self._finite: tuple[str, ...] | None = None
        self._events: tuple[str, ...] | None = None

    @property
    def has_date(self) -> bool:
        if self._date is None:
            self._date = _DATE.search(self.text) is not None
        return self._date

    def finds(self, pattern: CaseBlind) -> bool:
        """Whether the case-insensitive ``pattern`` matches somewhere in the clause."""
        return pattern.found(self.text, self.lower, self._runs)

    @property
    def finite_verbs(self) -> tuple[str, ...]:
        if self._finite is None:
            self._finite = _finite_verbs_of(self.words)
        return self._finite

    @property
    def event_verbs(self) -> tuple[str, ...]:
        if self._events is None:
            self._events = _event_verbs_of(self.finite_verbs)
        return self._events


def _credit_tail(text: str) -> bool:
    # Each _CREDIT_TAIL alternative holds a "(" or "Photo/": without them it cannot match.
    return ("(" in text or "Photo/" in text) and _CREDIT_TAIL.search(text) is not None


def _is_embed(text: str) -> bool:
    # Every _EMBED alternative but the two anchored at the start needs a "/" or "(@": without
    # them, trying the start alone gives the same answer as searching the whole clause.
    if "/" in text or "(@" in text:
        return bool(_EMBED.search(text))
    return bool(_EMBED_OPENING.match(text))


_FINITE_WORDS = _COPULA_AUX | _PRESENT_VERBS | IRREGULAR_PAST
_NOT_EVENT_WORDS = _COPULA_AUX | _REPORTING | _OPINION_VERBS


def _python_finite_verbs_of(words: Sequence[str]) -> tuple[str, ...]:
    """The finite verbs of a clause's words (the rule; compiled where the core is built)."""
    if not words:
        return ()
    # clause_words' words are ASCII but for "’" and hold no space: lower-casing them joined is
    # one call instead of one a word, with the same result.
    lows = " ".join(words).lower().split(" ")
    finite = _FINITE_WORDS
    out = []
    # Irregular past forms are finite words; is_past_tense is left with the "-ed" test,
    # which only a word ending in "ed" can pass. "-ed" after a determiner is an adjective
    # ("the injured"), not a verb.
    for i in [i for i, low in enumerate(lows) if low in finite or low[-2:] == "ed"]:
        low = lows[i]
        if low in finite or (is_past_tense(low) and (i == 0 or lows[i - 1] not in _DETERMINERS)):
            out.append(words[i])
    return tuple(out)


def _finite_verbs_of_compiled() -> Callable[[Sequence[str]], tuple[str, ...]]:
    """:func:`_python_finite_verbs_of`, in C where the optional core is built (same words:
    ``tests/test_clause_tokens.py``).
    """
    try:
        from credence.features._clause_tokens import finite_words
    except ImportError:  # not built (no C compiler)
        return _python_finite_verbs_of
    return functools.partial(finite_words, _FINITE_WORDS, _DETERMINERS, is_past_tense)


_finite_verbs_of = _finite_verbs_of_compiled()


def _python_event_verbs_of(verbs: tuple[str, ...]) -> tuple[str, ...]:
    """The finite verbs that report an event (the rule; compiled where the core is built)."""
    return tuple(
        verb
        for verb in verbs
        if (low := verb.lower()) not in _NOT_EVENT_WORDS
        and (low in IRREGULAR_PAST or low.endswith("ed"))
    )


def _event_verbs_of_compiled() -> Callable[[tuple[str, ...]], tuple[str, ...]]:
    """:func:`_python_event_verbs_of`, in C where the optional core is built (same verbs:
    ``tests/test_clause_tokens.py``).
    """
    try:
        from credence.features._clause_tokens import event_words
    except ImportError:  # not built (no C compiler)
        return _python_event_verbs_of
    return functools.partial(event_words, _NOT_EVENT_WORDS, IRREGULAR_PAST)


_event_verbs_of = _event_verbs_of_compiled()


def finite_verbs(text: str) -> list[str]:
    """Return the words of ``text`` that look like finite verbs (a lexicon-and-suffix guess)."""
    return list(_ClauseWords(text).finite_verbs)


def _event_verbs(text: str) -> list[str]:
    """Finite verbs that report an event: not copulas, auxiliaries, reporting or opinion verbs."""
    return list(_ClauseWords(text).event_verbs)


def _ends_open(text: str) -> bool:
    """True when the line has no sentence-final punctuation (headings, credits)."""
    stripped = text.rstrip(_CLOSERS)
    return not stripped or stripped[-1] not in ".!?…:;"


def _is_heading(clause: _ClauseWords) -> bool:
    if not _ends_open(clause.text):
        return False
    words = clause.words
    if not words or len(words) > 20:
        return False
    content = [w for w in words if w.lower() not in _SMALL_WORDS and w[0].isalpha()]
    if content:
        title_ratio = sum(w[0].isupper() for w in content) / len(content)
        if len(content) >= 2 and title_ratio >= 0.75:
            return True
    return len(words) <= 8 and not clause.finite_verbs


def non_claim_reason(text: str) -> str | None:
    """Return why ``text`` is never a claim ("question", "credit", ...) or None.

    Examples
    --------
    >>> non_claim_reason("Via Associated Press")
    'credit'
    >>> non_claim_reason("Troops crossed the border on Monday.") is None
    True
    """
    return _non_claim_reason(_ClauseWords(text.strip()))


def _is_boilerplate(clause: _ClauseWords) -> bool:
    """``_BOILERPLATE.match(clause.text)``, its reading-in alternative tried only when the
    clause holds "contributed" (tests/test_claims_fast_paths.py).
    """
    text = clause.text
    if _BOILERPLATE_OPENING.match(text):
        return True
    lower = clause.lower  # None: a character folds oddly, let the regex engine decide
    if lower is not None and "contributed" not in lower:
        return False
    return _BOILERPLATE_CREDIT_LINE.match(text) is not None


def _non_claim_reason(clause: _ClauseWords) -> str | None:
    # ``clause`` holds the stripped text (its words are those of the unstripped one).
    stripped = clause.text
    if not clause.has_letter:
        return "no words"
    if _is_embed(stripped):
        return "embed"
    if _CREDIT_OPENING.match(stripped) or _credit_tail(stripped) and len(clause.words) < 25:
        return "credit"
    if _is_boilerplate(clause):
        return "boilerplate"
    if stripped.rstrip(_CLOSERS).endswith("?"):
        return "question"
    if _is_heading(clause):
        return "heading"
    if _IMPERATIVE_OPENING.match(stripped) and not _SUBJECT_THEN_VERB.match(stripped):
        return "imperative"
    if not clause.finite_verbs:
        return "no finite verb"
    if _UNKNOWN_OPENING.match(stripped):
        return "unknown"
    if _is_pure_opinion(clause):
        return "pure opinion"
    return None


def _is_pure_opinion(clause: _ClauseWords) -> bool:
    text = clause.text
    if clause.has_digit or clause.has_date:
        return False
    # "I think ..." frames the whole sentence as the writer's view, whatever follows.
    if _OPINION_FRAME_OPENING.match(text):
        return True
    quoted = _QUOTE_OPENING.match(text)
    if quoted and _ATTRIBUTION.search(quoted.group("tag")):
        # A direct quote judged by what is quoted: speech with no event is not checkable
        # beyond "X said it" ("'We will never surrender,' the mayor said").
        content = quoted.group("quote")
        return not _ClauseWords(content).event_verbs and not _QUANTITY.search(content)
    if clause.finds(_FIRST_PERSON_OPINION_IN) and not clause.event_verbs:
        return True
    # An evaluative word in a sentence crowded with named actors ("Kellogg said Russia, Iran
    # and North Korea have treaties ... if something bad happens") is about those actors.
    # The evaluative-word search is by far the dearest test: run it last.
    return not clause.event_verbs and _name_count(clause.words) < 3 and clause.finds(_EVALUATIVE_IN)


def _name_count(words: tuple[str, ...]) -> int:
    return capitalised_after_first(words, _STOP_CAPS)


def claim_cues(text: str) -> list[str]:
    """Return the positive cues of a sentence that passed the rules.

    Examples
    --------
    >>> claim_cues("Officials said 12 people were killed on Monday.")
    ['quantity', 'date', 'attributed statement', 'event verb', 'named entity']
    """
    return _claim_cues(_ClauseWords(text))


def _claim_cues(clause: _ClauseWords) -> list[str]:
    cues = []
    if clause.has_digit or clause.finds(_QUANTITY_WORDS_IN):
        cues.append("quantity")
    if clause.has_date:
        cues.append("date")
    if clause.finds(_ATTRIBUTION_IN):
        cues.append("attributed statement")
    if clause.event_verbs:
        cues.append("event verb")
    words = clause.words
    # Capitalised words after the first stand in for named entities (no tagger needed).
    if capitalised_after_first(words, _STOP_CAPS):
        cues.append("named entity")
    return cues


def split_clauses(text: str) -> list[tuple[int, int]]:
    """Split ``text`` into independent clauses; return ``(start, end)`` offsets into ``text``.

    Splits only at ``;`` or ", but" / ", while" / ", whereas" when both sides have a finite
    verb and at least :data:`MIN_CLAUSE_WORDS` words and the split is outside quotes.
    Leading and trailing whitespace is excluded from each clause.

    Examples
    --------
    >>> t = "The dam burst on Monday; rescuers found 12 survivors."
    >>> [t[a:b] for a, b in split_clauses(t)]
    ['The dam burst on Monday', 'rescuers found 12 survivors.']
    """
    if ";" not in text and (
        "," not in text or ("but" not in text and "while" not in text and "whereas" not in text)
    ):
        # Every split point holds ";" or a comma and one of the three words: most sentences
        # have none, and need no regex search.
        return _trimmed(text, [(0, len(text))])
    return _split_at_connectors(text)


def _split_at_connectors(text: str) -> list[tuple[int, int]]:
    """:func:`split_clauses` without its shortcut: every connector the pattern finds is tried."""
    pieces: list[tuple[int, int]] = []
    cursor = 0
    for match in _CLAUSE_SPLIT.finditer(text):
        left = text[cursor : match.start()]
        right_end = _next_split(text, match.end())
        right = text[match.end() : right_end]
        if _inside_quotes(text, match.start()):
            continue
        if not _independent(left) or not _independent(right):
            continue
        pieces.append((cursor, match.start()))
        cursor = match.end()
    pieces.append((cursor, len(text)))
    return _trimmed(text, pieces)


def _trimmed(text: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The non-empty ``pieces`` of ``text`` without their leading and trailing whitespace."""
    out = []
    for start, end in pieces:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            out.append((start, end))
    return out


def _next_split(text: str, after: int) -> int:
    nxt = _CLAUSE_SPLIT.search(text, after)
    return nxt.start() if nxt else len(text)


def _inside_quotes(text: str, position: int) -> bool:
    before = text[:position]
    straight = before.count('"') % 2 == 1
    curly = before.count("“") > before.count("”")
    return straight or curly


def _independent(clause: str) -> bool:
    words = _ClauseWords(clause)
    return len(words.words) >= MIN_CLAUSE_WORDS and bool(words.finite_verbs)


class ClaimDetector:
    """Find the checkable claims of an article from its segmentation.

    Parameters
    ----------
    model : CheckworthinessModel, optional
        Gives each claim its ``checkworthiness``; also admits cue-less sentences whose
        probability reaches ``threshold``. Without it, only the rules and cues decide.
    threshold : float, optional
        Probability at which a cue-less sentence is kept; defaults to the model's own
        F1-best threshold (chosen on held-out debate folds) or :data:`DEFAULT_THRESHOLD`.
    split : bool
        Split sentences into independent clauses (see :func:`split_clauses`).

    Examples
    --------
    >>> from credence.document import Article, Paragraph, Sentence
    >>> text = "Via Associated Press" + 2 * chr(10) + "Floods killed 12 people on Monday."
    >>> art = Article(id="a", text=text)
    >>> paras = [Paragraph(0, 0, 20, text[:20]), Paragraph(1, 22, len(text), text[22:])]
    >>> sents = [Sentence(0, 0, 0, 20, text[:20]), Sentence(1, 1, 22, len(text), text[22:])]
    >>> [c.text for c in ClaimDetector().detect(art, paras, sents)]
    ['Floods killed 12 people on Monday.']
    """

    def __init__(
        self,
        model: CheckworthinessModel | None = None,
        threshold: float | None = None,
        split: bool = True,
    ) -> None:
        self.model = model
        if threshold is None:
            threshold = float(getattr(model, "threshold_", DEFAULT_THRESHOLD))
        if not 0.0 <= threshold <= 1.0:
            raise ValueError(
                f"The 'threshold' parameter of ClaimDetector must be in [0, 1]. "
                f"Got {threshold!r} instead."
            )
        self.threshold = threshold
        self.split = split

    def candidates(
        self, article: Article, sentences: Sequence[Sentence]
    ) -> list[tuple[Sentence, int, int]]:
        """Return ``(sentence, start, end)`` for every clause (offsets into ``article.text``)."""
        out = []
        for sentence in sentences:
            if article.text[sentence.start : sentence.end] != sentence.text:
                raise ValueError(
                    f"Sentence {sentence.index} offsets {sentence.start}:{sentence.end} do not "
                    f"match its text in article {article.id!r}."
                )
            if self.split:
                # split_clauses' clauses are trimmed already, and never empty.
                out.extend(
                    (sentence, sentence.start + start, sentence.start + end)
                    for start, end in split_clauses(sentence.text)
                )
                continue
            # Trim whitespace so that a claim never starts or ends with blanks.
            piece = sentence.text
            lead = len(piece) - len(piece.lstrip())
            trail = len(piece) - len(piece.rstrip())
            if len(piece) - trail > lead:
                out.append((sentence, sentence.start + lead, sentence.end - trail))
        return out

    def decide(self, text: str, probability: float | None) -> tuple[bool, tuple[str, ...]]:
        """Decide one clause: ``(is_claim, reasons)`` (the reason it was dropped when False)."""
        # One reading of the clause's words and verbs serves every rule and cue.
        clause = _ClauseWords(text.strip())
        rejected = _non_claim_reason(clause)
        if rejected is not None:
            return False, (rejected,)
        cued = clause if clause.text == text else _ClauseWords(text)
        reasons = _claim_cues(cued)
        # A capitalised word alone does not make a hedged or conditional sentence a claim
        # ("If so, it appears a strategy to keep Russia's momentum"): let the model decide.
        if reasons == ["named entity"] and cued.finds(_SPECULATION_IN):
            reasons = []
        kept = bool(reasons)
        if probability is not None:
            if probability >= self.threshold:
                kept = True
            reasons.append(f"check-worthiness {probability:.2f}")
        if not kept:
            return False, ("no claim cue",)
        return True, tuple(reasons)

    def detect(
        self,
        article: Article,
        paragraphs: Sequence[Paragraph],
        sentences: Sequence[Sentence],
    ) -> list[Claim]:
        """Return the claims of ``article``, in text order, with ids ``"{article.id}:c{n}"``."""
        duplicate_of = {p.index: p.duplicate_of for p in paragraphs}
        spans = self.candidates(article, sentences)
        texts = [article.text[a:b] for _, a, b in spans]
        probabilities: list[float | None] = [None] * len(texts)
        if self.model is not None and texts:
            probabilities = [float(p) for p in self.model.predict_proba(texts)]
        claims: list[Claim] = []
        for (sentence, start, end), text, probability in zip(
            spans, texts, probabilities, strict=True
        ):
            kept, reasons = self.decide(text, probability)
            if not kept:
                continue
            original = duplicate_of.get(sentence.paragraph)
            if original is not None:
                reasons = (*reasons, f"repeats paragraph {original}")
            claims.append(
                Claim(
                    id=f"{article.id}:c{len(claims)}",
                    article_id=article.id,
                    sentence=sentence.index,
                    start=start,
                    end=end,
                    text=text,
                    checkworthiness=None if probability is None else round(probability, 4),
                    reasons=reasons,
                )
            )
        return claims


def extract_claims(
    article: Article,
    paragraphs: Sequence[Paragraph],
    sentences: Sequence[Sentence],
    model: CheckworthinessModel | None = None,
) -> list[Claim]:
    """Functional form of :meth:`ClaimDetector.detect` with default settings."""
    return ClaimDetector(model=model).detect(article, paragraphs, sentences)
