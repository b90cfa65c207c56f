"""Tests of the quantities extractor: fixture table, seeds, interval logic, linear time."""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import time
from pathlib import Path

import pytest
from conftest import tsv_rows
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sklearn.base import clone

from credence.features import number_words, quantity_context, quantity_tokens, registered
from credence.features import quantities as quantities_module
from credence.features.quantities import (
    APPROX_TOLERANCE,
    Quantity,
    QuantityExtractor,
    intervals_agree,
    intervals_conflict,
    unit_family,
    unit_lemma,
)

FIXTURE = Path(__file__).parent / "fixtures" / "quantities.tsv"


def _none(field: str) -> str | None:
    return None if field == "-" else field


ROWS = tsv_rows(FIXTURE)


@pytest.fixture(scope="module")
def extractor() -> QuantityExtractor:
    return QuantityExtractor()


def _read_seed(path: Path) -> tuple[str, dt.date | None]:
    """Seed body and date; the date is a leading ``date YYYY-MM-DD`` when present."""
    raw = path.read_text(encoding="utf-8")
    m = re.match(r"\s*date\s+(\d{4}-\d{2}-\d{2})\s*", raw)
    if m is None:
        return raw, None
    return raw[m.end() :], dt.date.fromisoformat(m.group(1))


def test_quantities_fixture_is_large_enough():
    assert len(ROWS) >= 100


@pytest.mark.parametrize(("text", "span", "low", "high", "unit", "approx", "owner"), ROWS)
def test_quantities_fixture_table(extractor, text, span, low, high, unit, approx, owner):
    found = extractor.extract(text)
    for q in found:
        assert text[q.start : q.end] == q.text
        assert q.explanation
    if span == "-":
        assert found == [], [q.text for q in found]
        return
    matches = [q for q in found if q.text == span]
    assert matches, f"{span!r} not in {[q.text for q in found]}"
    q = matches[0]
    assert q.low == pytest.approx(float(low), rel=1e-4)
    assert q.high == (math.inf if high == "inf" else pytest.approx(float(high), rel=1e-4))
    assert q.unit == _none(unit)
    assert q.approx == _none(approx)
    assert q.owner == _none(owner)


@pytest.mark.parametrize(
    ("text", "value"),
    [("10,000 troops", 10000.0), ("1,000 to 3,000 troops", None), ("dozens of towns", None)],
)
def test_quantities_value_is_none_for_ranges_and_vague(extractor, text, value):
    assert extractor.extract(text)[0].value == value


@pytest.mark.parametrize(
    ("unit", "family"),
    [
        ("troop", "military personnel"),
        ("soldier", "military personnel"),
        ("force", "military personnel"),
        ("personnel", "military personnel"),
        ("killed", "deaths"),
        ("dead", "deaths"),
        ("death", "deaths"),
        ("town", "settlements"),
        ("village", "settlements"),
        ("% of troop", "% of military personnel"),
        ("widget", "widget"),
        (None, None),
    ],
)
def test_quantities_unit_family_table(unit, family):
    assert unit_family(unit) == family


@pytest.mark.parametrize(
    ("word", "lemma"),
    [("troops", "troop"), ("Casualties", "casualty"), ("people", "people"), ("boxes", "box")],
)
def test_quantities_unit_lemma(word, lemma):
    assert unit_lemma(word) == lemma


@pytest.mark.parametrize(
    ("a", "b", "conflict", "agree"),
    [
        ("10,000 troops", "12,000 soldiers", True, False),
        ("10,000 troops", "10,400 troops", False, True),
        ("at least 1,000 troops", "1,000 to 3,000 troops", False, True),
        ("about 10,000 troops", "10,500 troops", False, True),
        ("up to 500 troops", "2,000 troops", True, False),
        ("nearly 500 people", "520 people", False, True),
        ("fewer than 20 people", "1,000 people", True, False),
        ("dozens of towns", "300 villages", True, False),
        ("10,000 troops", "12,000 tanks", False, False),  # different families
        ("64% of the territory", "80% of the territory", True, False),
    ],
)
def test_quantities_intervals_conflict_and_agree(extractor, a, b, conflict, agree):
    qa, qb = extractor.extract(a)[0], extractor.extract(b)[0]
    assert intervals_conflict(qa, qb) is conflict
    assert intervals_conflict(qb, qa) is conflict
    assert intervals_agree(qa, qb) is agree


def test_quantities_tolerance_widens_intervals(extractor):
    qa, qb = extractor.extract("100 troops")[0], extractor.extract("110 troops")[0]
    assert intervals_conflict(qa, qb, tolerance=0.01)
    assert not intervals_conflict(qa, qb, tolerance=0.10)
    with pytest.raises(ValueError, match="tolerance"):
        intervals_conflict(qa, qb, tolerance=-1)


def test_quantities_about_uses_documented_tolerance(extractor):
    q = extractor.extract("about 1,000 people")[0]
    assert q.low == pytest.approx(1000 * (1 - APPROX_TOLERANCE))
    assert q.high == pytest.approx(1000 * (1 + APPROX_TOLERANCE))


def test_quantities_to_dict_writes_inf_as_null(extractor):
    q = extractor.extract("at least 1,000 North Korean troops")[0]
    d = q.to_dict()
    assert {"start", "end", "text", "value", "low", "high", "unit", "approx", "owner"} <= set(d)
    assert d["high"] is None and d["low"] == 1000.0 and d["owner"] == "North Korean"
    json.dumps(d)


def test_quantities_result_is_frozen(extractor):
    q = extractor.extract("10 troops")[0]
    with pytest.raises(AttributeError):
        q.low = 3  # type: ignore[misc]
    assert isinstance(q, Quantity)


def test_quantities_unit_carried_over_within_paragraph(extractor):
    text = "Some 10,000 troops were sent. Others say the number is higher, at 12,000."
    qs = extractor.extract(text)
    assert [q.unit for q in qs] == ["troop", "troop"]
    assert qs[1].unit_inferred and not qs[0].unit_inferred
    separate = "Some 10,000 troops were sent.\n\nThe index stood at 12,000."
    assert extractor.extract(separate)[1].unit is None


def test_quantities_offsets_are_exact_with_unicode(extractor):
    text = "🇷🇺 “Über 1,000” — about 2,000 troops… and 3 000? 45%"
    for q in extractor.extract(text):
        assert text[q.start : q.end] == q.text


def test_quantities_registered_and_sklearn_compatible():
    assert registered()["quantities"] is QuantityExtractor
    ex = clone(QuantityExtractor()).fit(["x"])
    X = ex.transform(["at least 1,000 troops and 64% of the land", "nothing here"])
    assert X.shape == (2, len(QuantityExtractor.feature_names))
    assert X[0, 0] == 2 and X[0, 1] == 1 and X[1].sum() == 0
    assert list(ex.get_feature_names_out())[0] == "quantities__count"


def test_quantities_rejects_non_text(extractor):
    with pytest.raises(TypeError, match="'text' parameter must be a str"):
        extractor.extract(123)  # type: ignore[arg-type]


def test_quantities_seed_troop_figures(extractor, seeds_dir):
    found: list[Quantity] = []
    for path in sorted(seeds_dir.glob("*.txt")):
        body, _ = _read_seed(path)
        found.extend(extractor.extract(body))
    troops = [q for q in found if q.family == "military personnel"]

    def has(low: float, high: float) -> bool:
        return any(q.low == pytest.approx(low) and q.high == high for q in troops)

    assert has(9000, 11000)  # some 10,000
    assert has(12000, 12000)  # at 12,000 (unit carried over)
    assert has(11000, 11000)  # the original 11,000
    assert has(1000, math.inf)  # at least 1,000
    assert has(3000, 3000)  # 3,000
    assert has(1000, 3000)  # 1,000 to 3,000
    ranged = [q for q in troops if q.approx == "range"]
    assert ranged and ranged[0].owner == "North Korean"
    percent = [q for q in found if q.unit == "% of territory"]
    assert percent and percent[0].value == 64.0
    ten, twelve = (next(q for q in troops if q.low == pytest.approx(v)) for v in (9000, 12000))
    assert intervals_conflict(ten, twelve)


ADVERSARIAL = {
    "digits": "9" * 1_000_000,
    "commas": "," * 1_000_000,
    "one_comma": "1," * 500_000,
    "dots": "1." * 500_000,
    "quotes": '"' * 500_000 + "'" * 500_000,
    "capitalised": "North Korean " * 80_000,
    "brackets": "(" * 500_000 + ")" * 500_000,
    "at_least": "at least " * 120_000 + "5 troops",
    "numbers": "1,000 to " * 110_000,
    "words": "two hundred and " * 65_000,
    "spaces": "about" + " " * 1_000_000 + "5",
    "dashes": "1-" * 500_000,
    "months": "February 1, " * 90_000,
}


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_quantities_adversarial_megabyte_inputs_finish(extractor, name):
    text = ADVERSARIAL[name]
    t0 = time.process_time()
    spans = extractor.extract(text)
    elapsed = time.process_time() - t0
    # Linear patterns do 1 MB in well under a second; a quadratic one would take minutes.
    assert elapsed < 30, f"{name}: {elapsed:.1f}s"
    for q in spans[:50]:
        assert text[q.start : q.end] == q.text


# --------------------------------------------------------------------------- fast paths
# The readers before and after a number use string methods, fast paths and a cache of head
# choices; straightforward readings (as they were written first) must agree with them.


def _reference_words_before(text: str, pos: int, limit: int = 60) -> list[tuple[str, int]]:
    if pos == 0 or text[pos - 1] not in " \t":
        return []
    pre_word = quantity_context._PRE_WORD
    tokens = [(m.group(), m.start()) for m in pre_word.finditer(text, max(0, pos - limit), pos)]
    out: list[tuple[str, int]] = []
    cursor = pos
    for word, start in reversed(tokens):
        gap = text[start + len(word) : cursor]
        if not gap or gap.strip(" \t"):
            break
        out.append((word, start))
        cursor = start
    out.reverse()
    return out


def _reference_read_prefix(text: str, pos: int, *, want_approx: bool):
    lex = number_words.number_lexicon()
    words = _reference_words_before(text, pos)
    approx = None
    new_start = pos
    end = len(words)
    if want_approx:
        i = end
        if i and words[i - 1][0].lower() in quantity_context._FILLERS:
            i -= 1
        if i and words[i - 1][0].lower() in quantity_context._ARTICLES:
            i -= 1
        for k in (4, 3, 2, 1):
            for j in (i, end):
                if j - k < 0:
                    continue
                phrase = " ".join(w for w, _ in words[j - k : j]).lower()
                articles = quantity_context._ARTICLES
                if phrase in lex.approx and (j == end or k > 1 or phrase not in articles):
                    approx = lex.approx[phrase]
                    new_start = words[j - k][1]
                    end = j - k
                    break
            if approx is not None:
                break
    owner = None
    months_and_days = quantity_context.MONTHS_AND_DAYS
    if end:
        last = words[end - 1][0]
        if last[:1].isupper() and last.endswith(("'s", "’s")) and len(last) > 2:
            names = [last[:-2]]
            for w, _ in reversed(words[max(0, end - 4) : end - 1]):
                if not w[:1].isupper() or w.lower() in months_and_days:
                    break
                names.insert(0, w)
            if names[-1].lower() not in months_and_days:
                owner = " ".join(names)
    return approx, owner, new_start


def _reference_noun_phrase(text: str, pos: int, *, lenient: bool = False):
    q = quantity_context
    lex = number_words.number_lexicon()
    np_token = q.NOUN_PHRASE_TOKEN
    window_end = min(len(text), pos + 80)
    tokens: list[tuple[str, int]] = []
    cursor = pos
    while len(tokens) < 5:
        m = np_token.match(text, cursor, window_end)
        if m is None:
            break
        word = m.group(1).rstrip(".")
        low = word.lower()
        if not word or low in q._NP_STOP or low in q.MONTHS_AND_DAYS:
            break
        tokens.append((word, m.start(1) + len(word)))
        cursor = m.end()
        if m.group(1).endswith("."):
            break
    items = []
    for word, end in tokens:
        low = word.lower()
        if low in q._NP_SKIP:
            continue
        lemma = unit_lemma(low)
        is_name = word[0].isupper() and low not in lex.families and lemma not in lex.families
        items.append((word, end, is_name))
    candidates = [(i, w, e) for i, (w, e, name) in enumerate(items) if not name]
    choice = None
    for k, (i, word, end) in enumerate(candidates):
        if k + 1 < len(candidates) and candidates[k + 1][0] == i + 1:
            nxt = candidates[k + 1]
            pair = f"{unit_lemma(word)} {unit_lemma(nxt[1])}"
            if pair in lex.families:
                choice = (nxt[0], pair, nxt[2])
                break
        lemma = unit_lemma(word)
        if lemma in lex.families and lemma not in q._PARTICIPLES:
            choice = (i, lemma, end)
            break
    if choice is None:
        for i, word, end in candidates:
            if q._is_plural_like(word) and not word.lower().endswith("ly"):
                choice = (i, unit_lemma(word), end)
                break
    if choice is None:
        for i, word, end in candidates:
            if unit_lemma(word) in q._PARTICIPLES:
                choice = (i, unit_lemma(word), end)
                break
    if choice is None and candidates and (lenient or candidates[0][0] == 0):
        word = candidates[0][1].lower()
        if lenient or word in q._SHORT_UNITS:
            choice = (candidates[0][0], unit_lemma(word), candidates[0][2])
    if choice is None:
        return None, None, pos
    head_index, head, head_end = choice
    owner_words = [w for w, _, name in items[:head_index] if name]
    return head, " ".join(owner_words) if owner_words else None, head_end


_PREFIX_WORDS = (
    "about at least more than up to some nearly no fewer the a an additional extra other "
    "estimated slightly on order of as many Russia's Kyiv’s North Korean January Monday's "
    "troops U.S. 'big' (the x-ray -- ... 9th ’s A An THE Over between from"
).split() + ["about the", "up to an", "more than a", "at least an additional", "nearly the"]
_TEXT_SEPARATORS = [" ", " ", " ", "  ", "\t", ", ", ".", "-", "\n", "'", "(", ""]
_prefixes = st.lists(
    st.tuples(st.sampled_from(_PREFIX_WORDS), st.sampled_from(_TEXT_SEPARATORS)), max_size=14
).map(lambda parts: "".join(word + sep for word, sep in parts))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_prefixes, st.sampled_from([" ", "\t", "", "-"]), st.integers(4, 70))
def test_quantities_words_before_agree_with_regex_reading(prefix, sep, limit):
    text = prefix + sep + "1,000 troops"
    pos = len(prefix + sep)
    words = quantity_context.words_before(text, pos, limit)
    assert words == _reference_words_before(text, pos, limit)
    last = quantity_context._last_word_before(text, pos, limit)
    assert last == (words[-1][0] if words else None)
    assert quantity_context.words_before(text, pos, limit, max_words=3) == words[-3:]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_prefixes, st.sampled_from([" ", "\t", "", "  "]), st.booleans())
def test_quantities_read_prefix_agrees_with_full_reading(prefix, sep, want_approx):
    text = prefix + sep + "1,000 troops"
    pos = len(prefix + sep)
    fast = quantity_context.read_prefix(text, pos, want_approx=want_approx)
    assert fast == _reference_read_prefix(text, pos, want_approx=want_approx)


@pytest.mark.parametrize(
    "prefix",
    [
        "Big North Korea's on the order of an additional ",
        "the Kremlin's no fewer than an extra ",
        "In January Russia's ",
        "Moscow says Russia's as many as the ",
        "Kyiv’s up to ",
        "about the ",
        "an estimated ",
        "some ",
        "a ",
    ],
)
def test_quantities_read_prefix_deep_phrases(prefix):
    text = prefix + "600,000 soldiers"
    for want_approx in (True, False):
        fast = quantity_context.read_prefix(text, len(prefix), want_approx=want_approx)
        assert fast == _reference_read_prefix(text, len(prefix), want_approx=want_approx)


_NOUN_WORDS = (
    "troops soldiers North Korean more additional square kilometers km killed wounded people "
    "U.S. Russian of the and January civilians 5G fighters. Kursk territory percent "
    "’s dead Dead original Troops POWs acres Kilometers sq mi lbs quickly Ukrainian"
).split()
_tails = st.lists(
    st.tuples(
        st.sampled_from(_NOUN_WORDS), st.sampled_from([" ", " ", "-", " - ", "\t", ", ", ""])
    ),
    max_size=8,
).map(lambda parts: "".join(word + sep for word, sep in parts))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from([" ", "  ", "\t", "-", ""]), _tails, st.booleans())
def test_quantities_noun_phrase_agrees_with_word_by_word_reading(sep, tail, lenient):
    text = "1,000" + sep + tail
    fast = quantity_context.noun_phrase(text, 5, lenient=lenient)
    assert fast == _reference_noun_phrase(text, 5, lenient=lenient)


_NUMBER_WORDS = (
    "one One two twenty Twenty-five hundred thousand dozens Dozens dozen few couple half Half "
    "a A third thirds quarters several Several hundreds tens of thousands millions zero "
    "two-thirds ſeveral dozenſ halfé K ten tenths and troops"
).split()
_number_texts = st.lists(
    st.tuples(st.sampled_from(_NUMBER_WORDS), st.sampled_from([" ", " ", "-", ", ", "%", ""])),
    max_size=12,
).map(lambda parts: "".join(word + sep for word, sep in parts))


def _outcome(function, *args):
    try:
        return function(*args)
    except KeyError as error:  # "dozenſ" folds to a vague phrase missing from the table
        return repr(error)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_number_texts)
def test_quantities_word_token_skips_only_readings_that_cannot_match(text):
    for am in quantity_tokens.number_patterns()["anchor"].finditer(" " + text):
        word = am.group(1)
        if word[0].isdigit():
            continue
        start = am.start(1) - 1
        with_word = _outcome(quantity_tokens._word_token, text, start, word)
        assert with_word == _outcome(quantity_tokens._word_token, text, start)


_MIXED_WORDS = (
    "1,000 1,000.5 2014 2014. 5.2014 12 3 350 10% 15th $5bn ٣ 20٢٣ one two hundred dozens few "
    "Five half May January Monday today years ago in the last early troops a"
).split()
_mixed_texts = st.lists(
    st.tuples(
        st.sampled_from(_MIXED_WORDS), st.sampled_from([" ", ",", ".", "-", "/", "", "\n", ". "])
    ),
    max_size=20,
).map(lambda parts: "".join(word + sep for word, sep in parts))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_mixed_texts)
def test_quantities_shared_scan_finds_what_the_two_scans_find(text):
    from credence.features import dates as dates_module

    spans, anchors = dates_module.date_spans_and_quantity_anchors((text + " ")[:-1])
    assert anchors is not None  # one scan finds both
    assert spans == dates_module.find_date_spans((text + " ")[:-1])
    own = [
        (m.start(1) - 1, m.end(1) - 1, m.group(1))
        for m in quantity_tokens.number_patterns()["anchor"].finditer(" " + text)
    ]
    assert anchors == own


def test_quantities_date_spans_hold_across_texts_and_orders():
    """Quantities do not depend on which text the dates extractor read before (any order)."""
    from credence.features.dates import DateExtractor

    a = "In 2022, 2,000 troops arrived; 1500 more came on May 5."
    b = "Some 2014 figures: 2014 soldiers and 3,000 people in 2015."
    alone = {t: QuantityExtractor().extract((t + " ")[:-1]) for t in (a, b)}
    dates = DateExtractor()
    ta, tb = (a + " ")[:-1], (b + " ")[:-1]
    dates.extract(ta)
    assert QuantityExtractor().extract(tb) == alone[b]  # another text than the dates read
    assert QuantityExtractor().extract(ta) == alone[a]
    dates.extract(tb)
    assert QuantityExtractor().extract(tb) == alone[b]  # the text the dates read


@pytest.mark.parametrize(
    "text", ["dozenſ of troops", "about 500 ſoldiers", "SIXTY İNFANTRY", "fıve"]
)
def test_quantities_letters_that_regex_case_folding_changes_do_not_crash(text):
    found = QuantityExtractor().extract(text)
    for q in found:
        assert text[q.start : q.end] == q.text


def _reference_digits_token(text, n_start, token):
    """``_digits_token`` as first written: one pattern for each thing after the number."""
    q = quantity_tokens
    p = q.number_patterns()
    stripped = token.rstrip(".,")
    if len(stripped) > q._MAX_DIGITS_LEN:
        return None
    if not stripped.isdigit() and p["digits"].fullmatch(stripped) is None:
        return None
    if len(stripped) > 1 and stripped[0] == "0" and stripped[1] != ".":
        return None
    n_end = n_start + len(stripped)
    before = text[n_start - 1] if n_start > 0 else " "
    before2 = text[n_start - 2] if n_start > 1 else " "
    currency = None
    if before in "$€£":
        currency = "US$" if text[max(0, n_start - 3) : n_start] == "US$" else before
    # ".77": a lone decimal point before the digits (issue 16)
    point = before == "." and stripped.isdigit() and not (before2.isalnum() or before2 in ".,")
    point = point or (before == "." and n_start == 1 and stripped.isdigit())
    if not point:
        if before in "-–" and before2.isalpha():
            return None
        if before in ":/#" or (before == "." and before2.isalnum()):
            return None
        if before in "'’" and before2 in " \t\n":
            return None
        if q._last_word(text, n_start - len(currency or "")).lower() in q._LABELS:
            return None
        if q._in_phone_number(text, n_start, n_end):
            return None
    if p["time_post"].match(text, n_end):
        return None
    if n_end < len(text) and text[n_end] == "/" and text[n_end + 1 : n_end + 2].isdigit():
        return None
    value = float("0." + stripped) if point else q.parse_digits(stripped)
    end = n_end
    scaled = False
    sm = p["scale"].match(text, end)
    if sm is not None:
        word, abbr = sm.group("word"), sm.group("abbr")
        if word is not None:
            value *= number_words.number_lexicon().scales[word.lower()]
            end, scaled = sm.end(), True
        elif abbr is not None:
            a = abbr.lower()
            if a in ("k", "bn", "mn", "tn") or currency is not None or abbr in ("M", "B"):
                value *= {"k": 1e3, "m": 1e6, "mn": 1e6, "b": 1e9, "bn": 1e9, "tn": 1e12}[a]
                end, scaled = sm.end(), True
    if end < len(text) and (text[end].isalpha() or text[end] == "_"):
        return None
    percent = False
    pm = p["percent"].match(text, end)
    if pm is not None:
        percent, end = True, pm.end()
    start = (n_start - len(currency) if currency else n_start) - point
    if start > 0 and text[start - 1] in "-−":  # a sign, unless a number comes before it
        prev = text[: start - 1].rstrip(" \t")[-1:]
        if (start == 1 or text[start - 2] in " \t\n([") and not (prev.isdigit() or prev == "%"):
            start, value = start - 1, -value
    elif re.search(r"(?i:minus)[ \t]+\Z", text[max(0, start - 12) : start]):
        m = re.search(r"(?i:minus)[ \t]+\Z", text[max(0, start - 12) : start])
        minus_start = max(0, start - 12) + m.start()
        if minus_start == 0 or not text[minus_start - 1].isalnum():
            start, value = minus_start, -value
    return q.RawNumber(start, end, value, value, value, percent, scaled, "digits", currency)


_AFTER_NUMBER = (
    "1,000 2.5 10 350 $5 US$7 £3 2014 7 12 troops people % percent per cent -percent million "
    "thousand bn k K m M b tn mn a.m. p.m. am PM GMT utc hrs h o'clock :30 /3 - – or more "
    "or so plus + ſ Kelvin ıs 5th _x No. page"
).split()
_after_number_texts = st.lists(
    st.tuples(st.sampled_from(_AFTER_NUMBER), st.sampled_from([" ", "", "  ", "\t", "-", ", "])),
    max_size=12,
).map(lambda parts: "".join(word + sep for word, sep in parts))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_after_number_texts)
def test_quantities_digits_token_reads_as_one_pattern_per_part(text):
    for am in quantity_tokens.number_patterns()["anchor"].finditer(" " + text):
        token = am.group(1)
        if not token[0].isdigit():
            continue
        start = am.start(1) - 1
        fast = quantity_tokens._digits_token(text, start, token)
        assert fast == _reference_digits_token(text, start, token), (text, start)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_after_number_texts)
def test_quantities_suffix_check_skips_only_positions_where_no_suffix_matches(text):
    suffix = quantity_tokens.number_patterns()["suffix"]
    for end in range(len(text) + 1):
        if not quantities_module._may_start_suffix(text, end):
            assert suffix.match(text, end) is None, (text, end)


def test_quantities_suffix_first_chars_hold_every_case_folded_form():
    firsts = quantities_module._suffix_first_chars()
    folded = re.compile("[" + re.escape("".join(sorted(firsts))) + "]", re.IGNORECASE)
    others = [chr(c) for c in range(0x110000) if folded.fullmatch(chr(c)) and chr(c) not in firsts]
    assert others == []
    assert quantities_module._may_start_suffix("5 " + " " * 20 + "or more", 1)  # a long gap


def test_quantities_noun_phrase_readings_kept_equal_fresh_ones():
    """A reading kept in an article's memo serves the same phrase anywhere, in any text."""
    texts = [
        "About 1,000 North Korean troops arrived.",
        "Then 5 North Korean troops, and 64% of the territory.",
        "x 12 more troops-in-training of Russia's",
        "12 more troops-in-training of Russia's army",
    ]
    cases = [
        (text, pos, lenient)
        for text in texts
        for pos in range(len(text))
        if text[pos - 1 : pos] in (" ", "")
        for lenient in (False, True)
    ]
    fresh = [quantity_context.noun_phrase(t, p, lenient=le) for t, p, le in cases]
    memo: dict = {}
    kept = [quantity_context.noun_phrase(t, p, lenient=le, memo=memo) for t, p, le in cases]
    kept_again = [quantity_context.noun_phrase(t, p, lenient=le, memo=memo) for t, p, le in cases]
    assert memo  # the memo was used
    assert kept == fresh == kept_again
    assert fresh == [_reference_noun_phrase(t, p, lenient=le) for t, p, le in cases]
