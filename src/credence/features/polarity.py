"""Polarity contradictions: one claim asserts an event, the other negates the same event.

The stance model (trained on headline/body pairs) often reads an outright denial between two
sentences as "discuss". This module finds the plain cases by rule, with their offsets:

- **negations** of a predicate inside one claim (:func:`negated_predicates`):

  * auxiliary or adverbial negation: "did not recall", "was not recalled", "has never
    recalled", "wasn't recalled", "no longer sells";
  * a negative quantifier in the subject: "no doses ... were recalled", "none of the doses
    were recalled", "nobody recalled"; "there was no recall" negates the noun;
  * a denial verb and its complement: "denied that the agency recalled", "denies reports
    that ... recalled", "refuted claims of a recall", "denied recalling";
  * a falsity predicate over a report: "reports that the agency recalled doses are false",
    "it is untrue that ...".

  The negation must *govern* the predicate: it is the verb right after the negated auxiliary,
  the main verb of the clause a negative quantifier or a denial introduces (clause
  boundaries such as commas, "but", "which" end the search), or the head noun of the denied
  noun phrase. Attribution is transparent ("X said no doses were recalled" negates
  "recalled"); a negated reporting or epistemic verb ("did not say", "did not confirm",
  "did not immediately respond") negates nothing checkable and is ignored. "not only ... but
  also", "no doubt", "no more than" are not negations.

- a **polarity contradiction** between two claims (:func:`polarity_contradiction`): one
  claim negates a predicate whose lemma the other claim asserts (same content-word key,
  "recall" = "recalled" = "recalling"), the asserting claim does not negate it itself (both
  negated is agreement), and the negating claim does not also assert it outside the negation
  (which would make the reading ambiguous).

Lemmas are approximated by a light suffix-stripping key (:func:`predicate_key`) plus a table
of irregular verbs; no tagger or parser is needed.

Examples
--------
>>> found = polarity_contradiction(
...     "The agency recalled 40,000 doses on Tuesday.",
...     "The maker said no doses were recalled on Tuesday.",
... )
>>> found.explanation
"polarity: 'no doses were recalled' negates 'recalled'"
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from credence.features.lexicon import rows, words

__all__ = [
    "Negation",
    "PolarityContradiction",
    "predicate_key",
    "negated_predicates",
    "asserted_predicates",
    "polarity_contradiction",
]

# --------------------------------------------------------------------------- lexicons

_TOKEN = re.compile(
    r"[A-Za-z]+(?=n['’]t\b)"  # "did" of "didn't" (the "n't" is its own token)
    r"|n['’]t\b"
    r"|[A-Za-z]+(?:['’][A-Za-z]+)*"
    r"|\d[\d,.]*\d|\d"
    r"|[^\sA-Za-z\d]"
)

_BE = frozenset({"be", "is", "are", "was", "were", "been", "being", "am"})
# "ca" and "wo" are what "can't" and "won't" leave before the "n't" token.
_AUXILIARIES = (
    _BE
    | words("modals")
    | frozenset(
        {"do", "does", "did", "has", "have", "had", "having", "ca", "wo", "get", "got", "gets"}
    )
)
# The negators that negate a verb ("did not send", "never left"); "no" and its kin are
# negative quantifiers, read apart.
_NEGATORS = frozenset(row[0].lower() for row in rows("negators") if row[1:2] == ("adverb",))
# "not only ... but also" and friends do not negate the word that follows.
_NOT_FALSE_FRIENDS = frozenset({"only", "just", "merely", "simply", "least", "until", "unlike"})
_NO_FALSE_FRIENDS = frozenset(
    {"doubt", "less", "more", "fewer", "later", "sooner", "matter", "wonder", "longer_than"}
)
_NEGATIVE_QUANTIFIERS = words("negative_quantifiers")
_DENIAL_VERBS = words("denial_verbs")
# These reject a report only when their object is one ("rejected reports that ...").
_REJECTION_VERBS = words("rejection_verbs")
_REPORT_NOUNS = frozenset(
    {
        "report", "reports", "claim", "claims", "allegation", "allegations", "suggestion",
        "suggestions", "rumour", "rumours", "rumor", "rumors", "speculation", "accusation",
        "accusations", "assertion", "assertions", "story", "stories",
    }
)  # fmt: skip
_FALSITY = frozenset(
    {"false", "untrue", "baseless", "unfounded", "incorrect", "wrong", "inaccurate", "fabricated",
     "groundless", "fake"}
)  # fmt: skip
_TRUTH = frozenset({"true", "correct", "accurate"})
# A negated reporting or epistemic verb says nothing about the event ("did not say why",
# "could not confirm", "did not immediately respond"); it never makes a contradiction.
_NON_EVENT_PREDICATES = frozenset(
    {
        "say", "tell", "state", "report", "add", "accord", "comment", "respond", "reply",
        "answer", "confirm", "verify", "know", "disclose", "reveal", "specify", "elaborate",
        "explain", "announce", "return", "give", "provide", "immediately", "want", "expect",
        "plan", "decline", "refuse", "appear", "seem", "believe", "think", "mention", "identify",
        "name", "clear", "yet",
    }
)  # fmt: skip
_SKIPPABLE = frozenset(
    {"yet", "ever", "even", "also", "already", "always", "again", "still", "once", "actually",
     "in", "fact", "been", "being", "be", "have", "had", "get", "got"}
)  # fmt: skip
_DETERMINERS = frozenset(
    {"a", "an", "the", "any", "its", "their", "his", "her", "our", "your", "my", "this",
     "that", "these", "those", "such", "some", "of", "all"}
)  # fmt: skip
_STOP = (
    _AUXILIARIES
    | _NEGATORS
    | _DETERMINERS
    | frozenset(
        {
            "and", "or", "but", "to", "in", "on", "at", "by", "for", "with", "from", "into",
            "over", "under", "about", "as", "than", "it", "they", "he", "she", "we", "you", "i",
            "who", "which", "what", "when", "where", "why", "how", "there", "here", "so", "if",
            "then", "no", "none", "nobody", "nothing", "neither", "nor", "up", "out", "off",
            "after", "before", "since", "while", "because", "although", "though", "during",
            "per", "via", "more", "most", "less", "least", "said", "says", "told", "according",
        }
    )
)  # fmt: skip
# Words that end the clause a negation can govern.
_BOUNDARY_WORDS = frozenset(
    {
        "but", "and", "or", "because", "although", "though", "while", "whereas", "which", "who",
        "whom", "whose", "when", "where", "after", "before", "since", "unless", "if", "so",
        "yet", "however",
    }
)  # fmt: skip
_BOUNDARY_PUNCT = frozenset({",", ";", ":", "(", ")", "—", "–", ".", "!", "?", '"', "“", "”"})
_PREPOSITIONS = frozenset(
    {"of", "in", "on", "at", "by", "for", "with", "from", "into", "over", "under", "about",
     "to", "during", "across", "against", "after", "before", "since"}
)  # fmt: skip
_IRREGULAR = {
    "sent": "send", "took": "take", "taken": "take", "made": "make", "held": "hold",
    "left": "leave", "began": "begin", "begun": "begin", "went": "go", "gone": "go",
    "withdrew": "withdraw", "withdrawn": "withdraw", "shut": "shut", "struck": "strike",
    "hit": "hit", "fought": "fight", "sold": "sell", "bought": "buy", "brought": "bring",
    "built": "build", "caught": "catch", "chose": "choose", "chosen": "choose", "drove":
    "drive", "driven": "drive", "fell": "fall", "fallen": "fall", "found": "find", "froze":
    "freeze", "frozen": "freeze", "gave": "give", "given": "give", "grew": "grow", "grown":
    "grow", "kept": "keep", "knew": "know", "known": "know", "led": "lead", "lost": "lose",
    "met": "meet", "paid": "pay", "ran": "run", "rose": "rise", "risen": "rise", "saw": "see",
    "seen": "see", "seized": "seize", "shot": "shoot", "spent": "spend", "spoke": "speak",
    "spoken": "speak", "stole": "steal", "stolen": "steal", "told": "tell", "said": "say",
    "says": "say", "won": "win", "wrote": "write", "written": "write", "killed": "kill",
    "closure": "close", "closures": "close", "deployment": "deploy", "withdrawal": "withdraw",
    "arrest": "arrest", "arrival": "arrive", "approval": "approve", "removal": "remove",
    "refusal": "refuse", "denial": "deny",
}  # fmt: skip
_IRREGULAR_PAST = frozenset(
    w for w, lemma in _IRREGULAR.items() if not w.endswith(("al", "als", "ure", "ures", "ment"))
)


# --------------------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class Negation:
    """A negated predicate inside one text.

    Attributes
    ----------
    start, end : int
        The negation's scope, from the cue to the governed predicate (or the falsity cue).
    text : str
        ``text[start:end]`` of the analysed text.
    cue : str
        The negation cue ("not", "no", "denied", "false", ...).
    cue_start, cue_end : int
        Offsets of the cue.
    predicate : str
        The governed predicate as written ("recalled").
    predicate_start, predicate_end : int
        Offsets of the predicate.
    key : str
        Its lemma key (:func:`predicate_key`).
    kind : str
        ``"auxiliary"``, ``"quantifier"``, ``"denial"`` or ``"falsity"``.
    """

    start: int
    end: int
    text: str
    cue: str
    cue_start: int
    cue_end: int
    predicate: str
    predicate_start: int
    predicate_end: int
    key: str
    kind: str

    @property
    def explanation(self) -> str:
        return f"{self.kind} negation {self.cue!r} governs {self.predicate!r}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "cue": self.cue,
            "predicate": self.predicate,
            "predicate_start": self.predicate_start,
            "predicate_end": self.predicate_end,
            "key": self.key,
            "kind": self.kind,
            "explanation": self.explanation,
        }


@dataclass(frozen=True, slots=True)
class PolarityContradiction:
    """One claim negates the predicate the other asserts.

    Attributes
    ----------
    negated_side : int
        0 when the first text negates (and the second asserts), 1 otherwise.
    negation : Negation
        The negation, with offsets into the negating text.
    asserted : str
        The asserted predicate as written in the other text.
    asserted_start, asserted_end : int
        Its offsets in the asserting text.
    """

    negated_side: int
    negation: Negation
    asserted: str
    asserted_start: int
    asserted_end: int

    @property
    def start(self) -> int:
        return self.negation.start

    @property
    def end(self) -> int:
        return self.negation.end

    @property
    def text(self) -> str:
        return self.negation.text

    @property
    def explanation(self) -> str:
        return f"polarity: {_abbreviate(self.negation.text)!r} negates {self.asserted!r}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "negated_side": self.negated_side,
            "negation": self.negation.to_dict(),
            "asserted": self.asserted,
            "asserted_start": self.asserted_start,
            "asserted_end": self.asserted_end,
            "explanation": self.explanation,
        }


# --------------------------------------------------------------------------- helpers


@dataclass(frozen=True, slots=True)
class _Token:
    text: str
    low: str
    start: int
    end: int


def _tokens(text: str) -> list[_Token]:
    return [
        _Token(m.group(), m.group().lower().replace("’", "'"), m.start(), m.end())
        for m in _TOKEN.finditer(text)
    ]


def _abbreviate(span: str, keep: int = 2) -> str:
    # Long scopes are shown as their first and last words: "no doses … were recalled".
    words = span.split()
    if len(words) <= 2 * keep + 1:
        return span
    return " ".join(words[:keep]) + " … " + " ".join(words[-keep:])


def predicate_key(word: str) -> str:
    """Lemma key of a predicate word: irregular forms, then light suffix stripping.

    Examples
    --------
    >>> {predicate_key(w) for w in ("recall", "recalled", "recalls", "recalling")}
    {'recal'}
    >>> predicate_key("deployment") == predicate_key("deployed")
    True
    """
    w = word.lower().replace("’", "'")
    if w in _IRREGULAR:
        w = _IRREGULAR[w]
    else:
        for suffix in ("ments", "ment", "ings", "ing", "ied", "ies", "ed", "es", "s"):
            if not w.endswith(suffix) or len(w) - len(suffix) < 3:
                continue
            if suffix == "s" and w.endswith(("ss", "us", "is")):
                break
            w = w[: -len(suffix)] + ("y" if suffix in ("ied", "ies") else "")
            break
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]
    if len(w) >= 4 and w[-1] == w[-2] and w[-1] not in "aeiouy":
        w = w[:-1]
    return w


def _is_content(tok: _Token) -> bool:
    return tok.low.isalpha() and len(tok.low) >= 3 and tok.low not in _STOP


def _is_boundary(tok: _Token) -> bool:
    return tok.low in _BOUNDARY_PUNCT or tok.low in _BOUNDARY_WORDS


def _is_event_predicate(tok: _Token) -> bool:
    return _is_content(tok) and predicate_key(tok.low) not in _NON_EVENT_PREDICATES


def _skip(tokens: list[_Token], i: int) -> int:
    # Adverbs and auxiliary fillers between a negation and its verb ("has not yet been").
    while i < len(tokens) and (
        tokens[i].low in _SKIPPABLE or (tokens[i].low.endswith("ly") and len(tokens[i].low) > 4)
    ):
        i += 1
    return i


def _clause_end(tokens: list[_Token], i: int) -> int:
    while i < len(tokens) and not _is_boundary(tokens[i]):
        i += 1
    return i


def _main_verb(tokens: list[_Token], lo: int, hi: int) -> int | None:
    """Index of the main verb of the clause ``tokens[lo:hi]`` (or None).

    The verb after the first auxiliary, else the first past-tense-looking word after the
    subject. A copula with no verb after it ("were on the list") has no event predicate.
    """
    for i in range(lo, hi):
        tok = tokens[i]
        if tok.low in _NEGATORS:
            return None  # the clause is negated itself: not a plain assertion to deny
        if tok.low in _AUXILIARIES and i > lo:
            j = _skip(tokens, i + 1)
            if j < hi and tokens[j].low in _NEGATORS:
                return None
            if j < hi and _is_content(tokens[j]):
                return j
            return None
        if i > lo and _is_content(tok) and (tok.low.endswith("ed") or tok.low in _IRREGULAR_PAST):
            return i
    return None


def _noun_head(tokens: list[_Token], lo: int, hi: int) -> int | None:
    """Index of the head noun of the noun phrase starting at ``lo``.

    The last content word before a preposition, an auxiliary or the clause end.
    """
    i = lo
    while i < hi and tokens[i].low in _DETERMINERS and tokens[i].low != "of":
        i += 1
    head = None
    while i < hi and tokens[i].low not in _PREPOSITIONS and tokens[i].low not in _AUXILIARIES:
        if _is_content(tokens[i]):
            head = i
        i += 1
    return head


def _negation(
    text: str,
    tokens: list[_Token],
    cue: int,
    predicate: int,
    kind: str,
    end: int | None = None,
    begin: int | None = None,
) -> Negation | None:
    tok = tokens[predicate]
    if not _is_event_predicate(tok):
        return None
    start = min(tokens[cue if begin is None else begin].start, tok.start)
    stop = max(tokens[cue].end, tok.end) if end is None else end
    return Negation(
        start=start,
        end=stop,
        text=text[start:stop],
        cue=tokens[cue].text,
        cue_start=tokens[cue].start,
        cue_end=tokens[cue].end,
        predicate=tok.text,
        predicate_start=tok.start,
        predicate_end=tok.end,
        key=predicate_key(tok.low),
        kind=kind,
    )


def _complement(tokens: list[_Token], i: int) -> tuple[int, bool]:
    """Start of what a denial or a report noun introduces, and whether it is a clause."""
    if i < len(tokens) and tokens[i].low == "that":
        return i + 1, True
    if i < len(tokens) and tokens[i].low == "of":
        return i + 1, False
    return i, False


def _governed(tokens: list[_Token], lo: int, clause: bool) -> int | None:
    hi = _clause_end(tokens, lo)
    verb = _main_verb(tokens, lo, hi)
    if verb is not None or clause:
        return verb
    if lo < hi and tokens[lo].low.endswith("ing") and _is_content(tokens[lo]):
        return lo  # "denied recalling"
    return _noun_head(tokens, lo, hi)


# --------------------------------------------------------------------------- public API


def negated_predicates(text: str) -> list[Negation]:
    """Predicates negated in ``text``, with the scope of each negation.

    Parameters
    ----------
    text : str
        One claim or sentence.

    Returns
    -------
    list of Negation
        In text order; reporting and epistemic verbs ("did not say", "did not confirm",
        "did not immediately respond") are never returned.

    Examples
    --------
    >>> [n.text for n in negated_predicates("Officials said the port was not closed.")]
    ['was not closed']
    >>> negated_predicates("The agency did not immediately respond to a request.")
    []
    """
    tokens = _tokens(text)
    found, negated_tokens = _negator_negations(text, tokens)
    for i, tok in enumerate(tokens):
        low = tok.low
        if i in negated_tokens:
            continue  # "did not deny that ...": a negated denial asserts nothing negative
        if low in _DENIAL_VERBS or low in _REJECTION_VERBS:
            neg = _denial_negation(text, tokens, i)
        elif low in _FALSITY or (low in _TRUTH and i > 0 and tokens[i - 1].low in _NEGATORS):
            neg = _falsity_negation(text, tokens, i)
        else:
            continue
        if neg is not None:
            found.append(neg)
    return sorted(found, key=lambda x: (x.start, x.predicate_start))


def _negator_negations(text: str, tokens: list[_Token]) -> tuple[list[Negation], set[int]]:
    """Negations by "not", "never", "no longer" and negative quantifiers, and the negated
    tokens (a negated denial asserts nothing negative).
    """
    found: list[Negation] = []
    negated_tokens: set[int] = set()
    n = len(tokens)
    for i, tok in enumerate(tokens):
        low = tok.low
        if low in _NEGATORS:
            j = _skip(tokens, i + 1)
            if j >= n or tokens[j].low in _NOT_FALSE_FRIENDS or tokens[j].low in _TRUTH:
                continue
            if tokens[j].text[:1].isupper() and tokens[i].text.islower():
                # "in Nevada, not Texas": a negated name contrasts an argument; the name is
                # no predicate, and a text naming Texas does not assert what is denied. (A
                # title-case headline capitalises its negator too: "Culkin Not Dead".)
                continue
            negated_tokens.add(j)
            # The scope starts at the negated auxiliary: "was not recalled", "didn't recall".
            begin = i - 1 if i > 0 and tokens[i - 1].low in _AUXILIARIES else i
            neg = _negation(text, tokens, i, j, "auxiliary", begin=begin)
            if neg is not None:
                found.append(neg)
        elif low == "no" and i + 1 < n and tokens[i + 1].low == "longer":
            j = _skip(tokens, i + 2)
            negated_tokens.add(j)
            if j < n and (neg := _negation(text, tokens, i, j, "auxiliary")) is not None:
                found.append(neg)
        elif low in _NEGATIVE_QUANTIFIERS:
            if i + 1 < n and (
                tokens[i + 1].low in _NO_FALSE_FRIENDS or tokens[i + 1].low[0].isdigit()
            ):
                continue
            hi = _clause_end(tokens, i + 1)
            existential = i >= 2 and tokens[i - 2].low == "there" and tokens[i - 1].low in _BE
            target = _noun_head(tokens, i + 1, hi) if existential else _main_verb(tokens, i, hi)
            if target is not None and (neg := _negation(text, tokens, i, target, "quantifier")):
                found.append(neg)
    return found, negated_tokens


def _denial_negation(text: str, tokens: list[_Token], i: int) -> Negation | None:
    """The negation by the denial or rejection verb at ``i`` ("denied sending troops")."""
    low = tokens[i].low
    n = len(tokens)
    j = i + 1
    while j < n and tokens[j].low in _DETERMINERS - {"that", "of"}:
        j += 1
    if j < n and tokens[j].low in _REPORT_NOUNS:
        lo, clause = _complement(tokens, j + 1)
    elif low in _DENIAL_VERBS:
        lo, clause = _complement(tokens, i + 1)
    else:
        return None
    target = _governed(tokens, lo, clause)
    return None if target is None else _negation(text, tokens, i, target, "denial")


def _falsity_negation(text: str, tokens: list[_Token], i: int) -> Negation | None:
    """The negation by the falsity word at ``i`` ("false", "not true")."""
    cue = i - 1 if tokens[i].low in _TRUTH else i
    # "it is false that CLAUSE"
    if i + 1 < len(tokens) and tokens[i + 1].low == "that":
        target = _governed(tokens, i + 2, True)
        return None if target is None else _negation(text, tokens, cue, target, "falsity")
    # "reports that CLAUSE were false" / "called reports of a recall false"
    for r in range(cue - 1, -1, -1):
        if tokens[r].low in _REPORT_NOUNS:
            lo, clause = _complement(tokens, r + 1)
            if lo == r + 1:
                return None  # a report noun with no content ("the report was false")
            hi = cue
            while hi > lo and tokens[hi - 1].low in _BE | {"as"}:
                hi -= 1
            verb = _main_verb(tokens, lo, hi)
            target = verb if verb is not None or clause else _noun_head(tokens, lo, hi)
            if target is None:
                return None
            return _negation(text, tokens, r, target, "falsity", end=tokens[i].end)
        if tokens[r].low in _BOUNDARY_PUNCT - {","}:
            return None
    return None


def asserted_predicates(text: str) -> dict[str, list[tuple[int, int]]]:
    """Content words of ``text`` *not* governed by a negation, by lemma key.

    Returns
    -------
    dict
        ``{key: [(start, end), ...]}`` offsets of the words asserted with that key.
    """
    negated = {(n.predicate_start, n.predicate_end) for n in negated_predicates(text)}
    out: dict[str, list[tuple[int, int]]] = {}
    for tok in _tokens(text):
        if _is_event_predicate(tok) and (tok.start, tok.end) not in negated:
            out.setdefault(predicate_key(tok.low), []).append((tok.start, tok.end))
    return out


def polarity_contradiction(first: str, second: str) -> PolarityContradiction | None:
    """The first polarity contradiction between two claims, or None.

    One text must negate a predicate (:func:`negated_predicates`) that the other asserts
    (same lemma key, not negated there), and the negating text must not assert that predicate
    elsewhere.

    Examples
    --------
    >>> polarity_contradiction("The port was closed.", "The port was not closed.").explanation
    "polarity: 'was not closed' negates 'closed'"
    >>> polarity_contradiction("The port was not closed.", "Nobody closed the port.") is None
    True
    """
    texts = (first, second)
    negations = (negated_predicates(first), negated_predicates(second))
    asserted = (asserted_predicates(first), asserted_predicates(second))
    for side in (0, 1):
        other = 1 - side
        for negation in negations[side]:
            if negation.key in asserted[side]:
                continue  # asserted and negated in one claim: leave it to the stance model
            spans = asserted[other].get(negation.key)
            if not spans:
                continue
            start, end = spans[0]
            return PolarityContradiction(
                negated_side=side,
                negation=negation,
                asserted=texts[other][start:end],
                asserted_start=start,
                asserted_end=end,
            )
    return None
