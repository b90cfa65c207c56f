"""Numbers in a text: the anchors, and each number read as a raw token.

One concept: reading the numbers themselves ("1,000.5", "$2bn", "two million", "a third of",
"dozens of") into raw tokens with a value or a vague span, skipping what is not an amount
(dates, times, identifiers, phone numbers). :mod:`credence.features.quantities` assembles the
tokens into quantities (ranges, approximators, units).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from credence.features.date_scan import DateScan, scan_dates
from credence.features.lexicon import PACKAGE_DATA
from credence.features.number_words import number_anchor_words, number_lexicon, trie

__all__ = ["CURRENCY_UNIT", "RawNumber", "number_patterns", "parse_digits", "raw_numbers"]

#: Digit runs longer than this are identifiers or noise, never amounts.
_MAX_DIGITS_LEN = 24

# --------------------------------------------------------------------------- lexicon


def _alternation(phrases: Sequence[str]) -> str:
    # Longest first so that "hundreds of thousands of" wins over "hundreds of".
    ordered = sorted(phrases, key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"[ \t]+") for p in ordered)


# --------------------------------------------------------------------------- patterns


def _numerators() -> list[str]:
    """Words that can count fractions ("a third", "two thirds")."""
    return ["a", "an", *[w for w, v in number_lexicon().cardinals.items() if 1 <= v <= 19]]


# What may follow a number in digits: a time ("10:30", "9 a.m."), a scale word or abbreviation
# ("1.2 million", "10k", "$2bn") and a percent sign or word.
_TIME_POST = r"(?::\d|[ \t]*(?:a\.m\.|p\.m\.|am\b|pm\b|gmt\b|utc\b|hrs\b|h\b|o['’]clock\b))"
_SCALE = (
    r"(?:[ \t]*-?[ \t]*(?P<word>hundred|thousand|million|billion|trillion|lakh|crore)"
    r"(?P<plural>s?)\b|(?P<abbr>k|bn|mn|tn|m|b)\b)"
)
#: Plural scale words that may end a number in words ("seventy-five thousands", "5 lakhs").
_PLURAL_SCALES = ("thousands", "millions", "billions", "trillions", "lakhs", "crores")
#: A mixed number's fraction after the whole part ("two and a half", "a million and a half").
_MIXED_FRACTION = re.compile(r"[ \t]+and[ \t]+(?:a|one)[ \t]+(half|quarter|third)\b", re.I)
_MIXED_VALUES = {"half": 0.5, "quarter": 0.25, "third": 1 / 3}
#: A decimal part said in words or digits ("point two", "point 77", "point seven five").
_DIGIT_WORDS = "zero|oh|one|two|three|four|five|six|seven|eight|nine"
_DIGIT_VALUES = {w: i for i, w in enumerate(_DIGIT_WORDS.replace("oh|", "").split("|"))}
_DIGIT_VALUES["oh"] = 0
_POINT = re.compile(
    rf"point[ \t]+(?:(?P<digits>\d+)\b"
    rf"|(?P<words>(?:{_DIGIT_WORDS})(?:[ \t]+(?:{_DIGIT_WORDS}))*)\b)",
    re.I,
)
_SCALE_AFTER_WORDS = re.compile(
    r"[ \t]+(?P<word>hundred|thousand|million|billion|trillion|lakh|crore)(?P<plural>s?)\b", re.I
)
#: "minus" right before a number makes it negative ("minus 1,200,000").
_MINUS_WORD = re.compile(r"(?i:minus)[ \t]+\Z")
_PERCENT = r"[ \t]*%|[ \t]+(?:percent|per[ \t]+cent)\b|-percent\b"


def number_patterns() -> dict[str, re.Pattern[str]]:
    """The compiled number patterns by name, built once from the number lexicon."""
    return PACKAGE_DATA.load("number patterns", _compile_number_patterns)


def _compile_number_patterns() -> dict[str, re.Pattern[str]]:
    lex = number_lexicon()
    words = _alternation([*lex.cardinals, *lex.scales])
    vague = _alternation(list(lex.vague))
    fraction_den = _alternation(list(lex.fractions))
    numerators = _alternation(_numerators())
    plural_scales = "|".join(_PLURAL_SCALES)
    word_number = (
        rf"(?P<words>(?:a[ \t]+(?=(?:hundred|thousand|million|billion|dozen)\b))?"
        rf"(?:{words})\b(?:(?:[ \t]+|-)(?:and[ \t]+)?(?:{words}|{plural_scales})\b)*)"
    )
    # Anchors: digit runs and number words, each right after a non-letter. Starting every
    # pattern with a character class (the non-letter) lets the regex engine skip ahead in C and
    # try the word trie only at word starts; the full readings below run at anchors only. The
    # lookahead on the first character turns most other words away in one set test.
    anchor_words = number_anchor_words()
    first_chars = "".join(sorted({w[0] for w in anchor_words}))
    anchor = rf"[^A-Za-z0-9_](?=[0-9{first_chars}])([0-9][0-9,.]*|{trie(anchor_words)}(?![A-Za-z]))"
    suffixes = [s for s in lex.suffix if s != "+"]
    return {
        "anchor": re.compile(anchor),
        "vague": re.compile(rf"(?:{vague})\b", re.IGNORECASE),
        "frac": re.compile(
            rf"(?:(?P<fnum>{numerators})[ \t-]+)?(?P<fden>{fraction_den})\b", re.IGNORECASE
        ),
        "words": re.compile(word_number, re.IGNORECASE),
        "digits": re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"),
        "scale": re.compile(_SCALE, re.IGNORECASE),
        "percent": re.compile(_PERCENT, re.I),
        "suffix": re.compile(rf"(?:[ \t]*\+|[ \t]*-?[ \t]*(?:{_alternation(suffixes)})\b)", re.I),
        "range_gap": re.compile(r"[ \t]*(?:to|and|or|-|–|—)[ \t]*\Z|[ \t]*(?:-|–|—)[ \t]*", re.I),
        "time_post": re.compile(_TIME_POST, re.IGNORECASE),
        "phone": re.compile(
            r"(?<![\w+])(?:\+\d{1,3}[ .-]?)?\(?\d{3}\)?[ .-]\d{3}[ .-]\d{4}(?!\d)"
            r"|(?<![\w-])\d{3}-\d{4}(?![\w-])"
        ),
        "of_pre_noun": re.compile(
            r"[ \t]+of[ \t]+(?:(?:the|its|their|his|her|our|these|those)[ \t]+)?"
        ),
        "partitive": re.compile(
            r"[ \t]+of[ \t]+(?:the|its|their|these|those|his|her|our)?[ \t]*"
            r"(?:\w+[ \t]+){0,2}?(?=\d)"
        ),
        "after_digits": re.compile(
            rf"(?P<time>{_TIME_POST})|(?:{_SCALE})?(?P<percent>{_PERCENT})?", re.IGNORECASE
        ),
    }


# Words after which a number is a label, not an amount ("No. 5", "Resolution 2231").
_LABELS = frozenset(
    """
    no nos number page p pp chapter article section flight route resolution room episode vol
    volume version level phase grade category model item rule amendment line bus tier act code
    id ref platform gate highway interstate paragraph clause table figure fig
    """.split()
)


def _last_word(text: str, pos: int) -> str:
    """The word right before ``pos`` (spaces between allowed, a trailing dot dropped)."""
    segment = text[max(0, pos - 16) : pos]
    stripped = segment.rstrip(" \t")
    if len(stripped) == len(segment):
        return ""
    parts = stripped.rsplit(None, 1)
    word = parts[-1] if parts else ""
    return word.rstrip(".").lstrip("\"'“‘([")


# --------------------------------------------------------------------------- number parsing


_LETTERS = re.compile(r"[A-Za-z]+")
_SPACES = re.compile(r"[ \t]+")


def _parse_words(phrase: str) -> tuple[float, int] | None:
    """Value of a number-word phrase and how many characters of it were used."""
    lex = number_lexicon()
    total = 0.0
    current = 0.0
    used = 0
    seen_any = False
    last_kind = ""
    for m in _LETTERS.finditer(phrase):
        w = m.group(0).lower()
        if w == "and":
            continue
        if w == "a" and not seen_any:
            current, seen_any, last_kind = 1.0, True, "card"
            used = m.end()
            continue
        if w in lex.cardinals:
            v = lex.cardinals[w]
            # "twenty five" composes; "five six" or "twenty thirty" does not.
            if last_kind == "card" and not (current % 100 >= 20 and current % 10 == 0 and v < 10):
                break
            current += v
            last_kind = "card"
        elif w in lex.scales or (w in _PLURAL_SCALES and last_kind == "card"):
            s = lex.scales[w.removesuffix("s")]
            if s == 100 or s == 12:
                current = (current or 1.0) * s
            else:
                total += (current or 1.0) * s
                current = 0.0
            last_kind = "scale"
        else:
            break
        seen_any = True
        used = m.end()
    if not seen_any:
        return None
    return total + current, used


def parse_digits(token: str) -> float:
    return float(token.replace(",", ""))


# --------------------------------------------------------------------------- raw tokens


@dataclass(slots=True)
class RawNumber:
    start: int
    end: int
    low: float
    high: float
    value: float | None
    percent: bool
    scaled: bool
    kind: str  # "digits" | "words" | "vague" | "fraction"
    currency: str | None = None


CURRENCY_UNIT = {"$": "dollar", "us$": "dollar", "€": "euro", "£": "pound"}


def _date_spans_and_anchors(
    text: str, date_scan: DateScan | None = None
) -> tuple[list[tuple[int, int]], list[tuple[int, int, str]]]:
    """Date spans of ``text`` and the quantity anchors, as (start, end, token).

    One scan finds the anchors of both (see :func:`credence.features.dates.scan_dates`);
    ``date_scan`` is that scan when the caller has it already (used only if it is of ``text``).
    """
    scan = date_scan if date_scan is not None and date_scan.text is text else scan_dates(text)
    excluded = [m.span() for m in scan.matches]
    if scan.quantity_anchors is None:
        # the anchor needs one character before the text (offsets shift by 1)
        anchors = [
            (m.start(1) - 1, m.end(1) - 1, m.group(1))
            for m in number_patterns()["anchor"].finditer(" " + text)
        ]
    else:
        anchors = list(scan.quantity_anchors)
    return excluded, anchors


def _in_phone_number(text: str, start: int, end: int) -> bool:
    # Only 3- or 4-digit groups (or a "+" country code) next to a separator can be part of a
    # phone number; look around those only.
    if end - start not in (3, 4) and text[start - 1 : start] not in ("+", "("):
        return False
    if not (text[end : end + 1] in (" ", "-", ".", ")") or text[start - 1 : start] in " -.(+"):
        return False
    window_start = max(0, start - 18)
    for m in number_patterns()["phone"].finditer(text, window_start, min(len(text), end + 18)):
        if m.start() < end and start < m.end():
            return True
    return False


def raw_numbers(text: str, date_scan: DateScan | None = None) -> list[RawNumber]:
    excluded, anchors = _date_spans_and_anchors(text, date_scan)
    ex_i = 0
    out: list[RawNumber] = []
    consumed = -1
    n_excluded = len(excluded)
    for start, end, token in anchors:
        if start < consumed:
            continue
        while ex_i < n_excluded and excluded[ex_i][1] <= start:
            ex_i += 1
        if ex_i < n_excluded and excluded[ex_i][0] < end and start < excluded[ex_i][1]:
            continue
        raw: RawNumber | None = None
        if text[start].isdigit():
            raw = _digits_token(text, start, token)
        else:
            starts = [start]
            if (
                start >= 2
                and text[start - 2 : start] in ("a ", "A ")
                and (start == 2 or not text[start - 3].isalpha())
            ):
                starts.insert(0, start - 2)  # "a few", "a hundred", "a third of"
            elif (
                start >= 3
                and text[start - 3 : start] in ("an ", "An ")
                and (start == 3 or not text[start - 4].isalpha())
            ):
                starts.insert(0, start - 3)  # "an eighth of"
            for s0 in starts:
                raw = _word_token(text, s0, token if s0 == start else None)
                if raw is not None:
                    break
        if raw is not None:
            if ex_i < n_excluded and excluded[ex_i][0] < raw.end and raw.start < excluded[ex_i][1]:
                continue
            out.append(raw)
            consumed = raw.end
    return out


def _readings_by_first_word() -> dict[str, tuple[bool, bool, bool]]:
    """For each word, whether a vague amount, a fraction, a number in words can start with it."""
    return PACKAGE_DATA.load("number readings by first word", _first_words_of_readings)


def _first_words_of_readings() -> dict[str, tuple[bool, bool, bool]]:
    lex = number_lexicon()

    def first_words(phrases: Sequence[str]) -> set[str]:
        return {re.match(r"[a-z]*", phrase.lower()).group() for phrase in phrases}  # type: ignore[union-attr]

    vague = first_words(list(lex.vague))
    fraction = first_words([*_numerators(), *lex.fractions])
    words = first_words(["a", *lex.cardinals, *lex.scales])
    return {w: (w in vague, w in fraction, w in words) for w in vague | fraction | words}


def _word_token(text: str, pos: int, word: str | None = None) -> RawNumber | None:
    """The vague amount, fraction or number in words at ``pos``; ``word`` is the word there.

    Each reading is a case-insensitive regex whose phrases start with a word followed by a
    non-letter; when ``word`` is followed by an ASCII character (no case folding can then
    extend it), a reading none of whose phrases starts with ``word`` cannot match and is
    skipped.
    """
    p = number_patterns()
    if text[pos : pos + 5].lower() == "point":
        return _point_token(text, pos)
    try_vague = try_fraction = try_words = True
    if word is not None:
        end = pos + len(word)
        if end == len(text) or text[end] < "\x80":
            try_vague, try_fraction, try_words = _readings_by_first_word().get(
                word.lower(), (False, False, False)
            )
    m = p["vague"].match(text, pos) if try_vague else None
    if m is not None:
        lo, hi = number_lexicon().vague[_SPACES.sub(" ", m.group(0).lower())]
        end = m.end()
        sm = p["scale"].match(text, end)
        if hi < 12 and sm is not None and sm.group("word") is not None:
            factor = number_lexicon().scales[sm.group("word").lower()]  # "a few hundred"
            lo, hi, end = lo * factor, hi * factor, sm.end()
        return RawNumber(m.start(), end, lo, hi, None, False, True, "vague")
    m = p["frac"].match(text, pos) if try_fraction else None
    if m is not None:
        raw = _fraction_token(text, m)
        if raw is not None:
            return raw
    m = p["words"].match(text, pos) if try_words else None
    return _words_token(text, m) if m is not None else None


def _currency_before(text: str, n_start: int) -> str | None:
    """The currency sign right before the number at ``n_start`` ("$", "US$", "€", "£")."""
    before = text[n_start - 1] if n_start > 0 else " "
    if before not in "$€£":
        return None
    return "US$" if text[max(0, n_start - 3) : n_start] == "US$" else before


def _identifier_before(text: str, n_start: int, currency: str | None) -> bool:
    """Whether what precedes the number at ``n_start`` makes it a name, not an amount."""
    before = text[n_start - 1] if n_start > 0 else " "
    before2 = text[n_start - 2] if n_start > 1 else " "
    if before in "-–" and before2.isalpha():
        return True  # F-16, COVID-19
    if before in ":/#" or (before == "." and before2.isalnum()):
        return True
    if before in "'’" and before2 in " \t\n":
        return True  # '90s
    # "No. 5", "Resolution 2231", "page 3": a label, not an amount
    return _last_word(text, n_start - len(currency or "")).lower() in _LABELS


def _digits_token(text: str, n_start: int, token: str) -> RawNumber | None:
    p = number_patterns()
    stripped = token.rstrip(".,")
    if len(stripped) > _MAX_DIGITS_LEN:
        return None
    if not stripped.isdigit() and p["digits"].fullmatch(stripped) is None:  # plain runs match
        return None
    if len(stripped) > 1 and stripped[0] == "0" and stripped[1] != ".":
        return None  # zero-padded: an identifier
    n_end = n_start + len(stripped)
    currency = _currency_before(text, n_start)
    leading_point = _leading_point(text, n_start, stripped)
    if not leading_point and (
        _identifier_before(text, n_start, currency) or _in_phone_number(text, n_start, n_end)
    ):
        return None
    # One match reads what follows the number: a time (the number is then no amount), else a
    # scale and a percent after it, as "time_post", then "scale", then "percent" at the end of
    # the scale would read them (the part after each can match empty, so the engine never
    # backtracks into the one before it).
    after = p["after_digits"].match(text, n_end)
    if after.group("time") is not None:  # type: ignore[union-attr]
        return None
    if n_end < len(text) and text[n_end] == "/" and text[n_end + 1 : n_end + 2].isdigit():
        return None
    value = float("0." + stripped) if leading_point else parse_digits(stripped)
    end = n_end
    scaled = False
    word, abbr, percent_sign = after.group("word", "abbr", "percent")  # type: ignore[union-attr]
    if word is not None:
        value *= number_lexicon().scales[word.lower()]
        end, scaled = after.end("plural"), True  # type: ignore[union-attr]
    elif abbr is not None:
        a = abbr.lower()
        # "1.2M", "3B": capital M and B are millions and billions; "3m" may be metres.
        if a in ("k", "bn", "mn", "tn") or currency is not None or abbr in ("M", "B"):
            value *= {"k": 1e3, "m": 1e6, "mn": 1e6, "b": 1e9, "bn": 1e9, "tn": 1e12}[a]
            end, scaled = after.end("abbr"), True  # type: ignore[union-attr]
        else:
            # The abbreviation starts right at the number's end, with a letter: the check
            # below returns None (the percent read after it would not apply).
            end = n_end
    if end < len(text) and (text[end].isalpha() or text[end] == "_"):
        return None  # 5G, 3D, 1st: part of a name or an ordinal
    percent = False
    if percent_sign is not None:
        percent, end = True, after.end()  # type: ignore[union-attr]
    start = n_start - len(currency) if currency else n_start
    start -= leading_point
    start, value = _signed(text, start, value)
    return RawNumber(start, end, value, value, value, percent, scaled, "digits", currency)


def _leading_point(text: str, n_start: int, digits: str) -> bool:
    """Whether the digits at ``n_start`` follow a lone decimal point (".77")."""
    if n_start == 0 or text[n_start - 1] != "." or not digits.isdigit():
        return False
    return n_start == 1 or not (text[n_start - 2].isalnum() or text[n_start - 2] in ".,")


def _signed(text: str, start: int, value: float) -> tuple[int, float]:
    """A minus sign ("-504", "−3") or the word "minus" before ``start`` negates the number.

    A hyphen counts as a sign only after a space, a bracket or the text's start, and not
    after another number ("10 -20" is a range); "F-16" never gets here (an identifier).
    """
    if start > 0 and text[start - 1] in "-−":
        before = text[: start - 1].rstrip(" \t")
        ok = start == 1 or text[start - 2] in " \t\n(["
        if ok and not (before[-1:].isdigit() or before[-1:] == "%"):
            return start - 1, -value
        return start, value
    return _with_minus(text, start, value)


def _fraction_token(text: str, m: re.Match[str]) -> RawNumber | None:
    lex = number_lexicon()
    num_word = (m.group("fnum") or "").lower()
    den_word = m.group("fden").lower()
    after = text[m.end() : m.end() + 12].lower()
    follows_of = re.match(r"[ \t]+(?:of|the|its|their|his|her|our|a)\b", after) is not None
    if not num_word:
        if den_word not in ("half",) or not follows_of:
            return None
        numerator = 1
    elif num_word in ("a", "an"):
        if not re.match(r"[ \t]+of\b", after):
            return None
        numerator = 1
    else:
        numerator = lex.cardinals[num_word]
    den = lex.fractions[den_word]
    value = round(100.0 * numerator / den, 4)
    if value > 100:
        return None
    return RawNumber(m.start(), m.end(), value, value, value, True, False, "fraction")


def _words_token(text: str, m: re.Match[str]) -> RawNumber | None:
    phrase = m.group("words")
    parsed = _parse_words(phrase)
    if parsed is None:
        return None
    value, used = parsed
    phrase = phrase[:used].lower()
    start = m.start()
    end = start + used
    value, end, extended = _fraction_or_decimal_part(text, phrase, value, end)
    if not extended and (phrase in ("one", "a") or used == 0):
        return None  # a lone "one" is mostly a pronoun ("one of the ...")
    if end < len(text) and text[end] == "-" and text[end + 1 : end + 2].isalpha():
        # "two-thirds" is a fraction, "five-year" a compound adjective: not a count
        return None
    percent = False
    pm = number_patterns()["percent"].match(text, end)
    if pm is not None:
        percent, end = True, pm.end()
    said = text[start:end].lower()
    scaled = any(w in said for w in ("thousand", "million", "billion", "trillion", "lakh", "crore"))
    start, value = _with_minus(text, start, value)
    return RawNumber(start, end, value, value, value, percent, scaled, "words")


def _fraction_or_decimal_part(
    text: str, phrase: str, value: float, end: int
) -> tuple[float, int, bool]:
    """Extend a number in words by a mixed fraction or a decimal part, and a scale after them.

    "two and a half million" → 2,500,000; "a million and a half" → 1,500,000; "two point two
    million" → 2,200,000. Returns (value, end, whether the number was extended).
    """
    lex = number_lexicon()
    mixed = _MIXED_FRACTION.match(text, end)
    point = None if mixed is not None else _point_after(text, end)
    if mixed is None and point is None:
        return value, end, False
    if mixed is not None:
        part, end = _MIXED_VALUES[mixed.group(1).lower()], mixed.end()
    else:
        part, end = point  # type: ignore[misc]
    last_word = phrase.rsplit(None, 1)[-1].split("-")[-1] if phrase.strip() else ""
    last_scale = lex.scales.get(last_word.removesuffix("s"))
    if last_scale is not None and last_scale > 100 and mixed is not None:
        return value + part * last_scale, end, True  # "a million and a half"
    value += part
    scale = _SCALE_AFTER_WORDS.match(text, end)
    if scale is not None:
        value *= lex.scales[scale.group("word").lower()]
        end = scale.end()
    return value, end, True


def _point_after(text: str, end: int) -> tuple[float, int] | None:
    """The decimal part " point 77" / " point seven five" at ``end``, as (value, end)."""
    rest = text[end : end + 8]
    gap = len(rest) - len(rest.lstrip(" \t"))
    if gap == 0 or gap == len(rest):
        return None
    m = _POINT.match(text, end + gap)
    if m is None:
        return None
    return _decimal_value(m), m.end()


def _decimal_value(m: re.Match[str]) -> float:
    if m.group("digits") is not None:
        return float("0." + m.group("digits"))
    digits = "".join(str(_DIGIT_VALUES[w.lower()]) for w in m.group("words").split())
    return float("0." + digits)


def _point_token(text: str, pos: int) -> RawNumber | None:
    """A number that starts with "point" ("point 77" → 0.77), maybe with a scale after it."""
    m = _POINT.match(text, pos)
    if m is None:
        return None
    value, end = _decimal_value(m), m.end()
    scale = _SCALE_AFTER_WORDS.match(text, end)
    scaled = scale is not None
    if scale is not None:
        value *= number_lexicon().scales[scale.group("word").lower()]
        end = scale.end()
    start, value = _with_minus(text, pos, value)
    return RawNumber(start, end, value, value, value, False, scaled, "words")


def _with_minus(text: str, start: int, value: float) -> tuple[int, float]:
    """(start, value) of a number with "minus" right before it taken in and negated."""
    minus = _MINUS_WORD.search(text, max(0, start - 12), start)
    if minus is None or (minus.start() > 0 and text[minus.start() - 1].isalnum()):
        return start, value
    return minus.start(), -value
