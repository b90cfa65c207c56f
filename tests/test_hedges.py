from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.base import clone

from credence.errors import DataError
from credence.features import get_extractor, hedge_tokens
from credence.features import hedges as hedges_module
from credence.features.hedges import CATEGORIES, Hedge, HedgeExtractor


@pytest.fixture(scope="module")
def extractor() -> HedgeExtractor:
    return HedgeExtractor()


def cues(extractor: HedgeExtractor, text: str) -> list[tuple[str, str, bool]]:
    return [(h.text, h.category, h.negated) for h in extractor.extract(text)]


CASES = [
    # plain cues of every category
    ("Troops were reportedly sent.", [("reportedly", "hearsay", False)]),
    ("It may rain tomorrow.", [("may", "epistemic", False)]),
    ("The plan might fail.", [("might", "epistemic", False)]),
    ("The vote is likely to pass.", [("likely", "probability", False)]),
    ("He is believed to be abroad.", [("is believed to", "belief", False)]),
    ("The data suggests a rise.", [("suggests", "belief", False)]),
    ("An estimated 500 people attended.", [("An estimated", "estimation", False)]),
    ("Roughly 20 boats sank.", [("Roughly", "estimation", False)]),
    (
        "The claims cannot be independently verified.",
        [("claims", "hearsay", False), ("cannot be independently verified", "unverifiable", False)],
    ),
    ("It remains unclear who fired first.", [("remains unclear", "unverifiable", False)]),
    ("The exact number is unknown.", [("The exact number is unknown", "unverifiable", False)]),
    ("Talks resume if both sides agree.", [("if", "condition", False)]),
    ("The crash is under investigation.", [("under investigation", "investigation", False)]),
    ("Officials confirmed the deaths.", [("confirmed", "booster", False)]),
    ("The figure was officially released.", [("officially", "booster", False)]),
    # estimation only before a quantity
    ("Some 10,000 troops were deployed.", [("Some", "estimation", False)]),
    ("about 1,000 died", [("about", "estimation", False)]),
    ("They talked about the war.", []),
    ("at least 1,000 more troops", [("at least", "estimation", False)]),
    ("At least he tried.", []),
    ("It is up to the voters.", []),
    ("up to 3,000 soldiers", [("up to", "estimation", False)]),
    ("more than a dozen shops", [("more than", "estimation", False)]),
    ("He cares more than anyone.", []),
    ("about half of the staff", [("about", "estimation", False)]),
    # "some" as a plain determiner is vague (weasel) wording
    (
        "Some reports said the number is higher.",
        [("Some", "vague", False), ("reports said", "hearsay", False)],
    ),
    # "May" the month or a name is not a modal
    ("On May 20, 1983, he fought.", []),
    ("The law passed in May.", []),
    ("Theresa May spoke.", []),
    ("May 2024 was warm.", []),
    ("May I ask a question?", [("May", "epistemic", False)]),
    # noun senses of modals
    ("The will of the people prevailed.", []),
    ("They feared the military might of the empire.", [("feared", "belief", False)]),
    # "could not" is past inability unless it is the unverifiable phrase
    ("Police could not reach him.", []),
    ("Police couldn't reach him.", []),
    ("It could not be verified.", [("could not be verified", "unverifiable", False)]),
    ("It could rain.", [("could", "epistemic", False)]),
    # negation and its scope
    ("The deaths were not confirmed.", [("confirmed", "booster", True)]),
    ("There was no confirmation of the attack.", [("confirmation", "booster", True)]),
    ("The video has not been verified.", [("verified", "booster", True)]),
    ("The toll has yet to be confirmed.", [("confirmed", "booster", True)]),
    ("The army declined to confirm the report.", [("confirm", "booster", True)]),
    ("It is not likely to pass.", [("likely", "probability", True)]),
    ("Not all, but officials confirmed it.", [("confirmed", "booster", False)]),
    (
        "No one doubts it; they confirmed the deal.",
        [("doubts", "belief", True), ("confirmed", "booster", False)],
    ),
    ("There is no doubt about it.", [("no doubt", "booster", False)]),
    # "appear": evidential, not the physical sense (on stage, at a convention, on TV)
    ("The deal appears to have collapsed.", [("appears", "belief", False)]),
    ("It appeared that talks had stalled.", [("appeared", "belief", False)]),
    (
        "It appears as if talks stalled.",
        [("appears", "belief", False), ("as if", "condition", False)],
    ),
    ("He will appear at the convention.", []),
    ("She appeared on television on Monday.", []),
    ("The report of Tyson appearing at the rally drew fire.", []),
    ("She appeared as a guest.", []),
    ("A rash appeared.", []),
    # doxastic, hearsay and counterfactual cues news uses
    ("I think she will release them.", [("I think", "belief", False)]),
    ("He doesn't think Bloomberg will run.", [("doesn't think", "belief", False)]),
    ("She thinks he can win.", [("thinks", "belief", False)]),
    ("We must think about it, as the think tank said.", []),
    ("The candidate she regards as the best hope.", [("regards as", "belief", False)]),
    ("He is widely seen as a centrist.", [("widely seen as", "belief", False)]),
    ("He spoke, accusing rivals of fraud.", [("accusing", "hearsay", False)]),
    ("A measure that would have required approval.", [("would have", "epistemic", False)]),
    ("Nor is it clear that he agrees.", [("Nor is it clear", "unverifiable", False)]),
    # hypothetical "would", but not the future-in-the-past of reported speech
    ("A wall would stop the flow.", [("would", "epistemic", False)]),
    ("I wouldn't want to run.", [("would", "epistemic", False)]),
    ("Aides said the campaign would not accept it.", []),
    ("He told reporters that he would resign.", []),
    # doxastic "see/view/regard ... as": "as" within five tokens, as a complement
    ("She sees him as a real threat.", [("sees", "belief", False)]),
    ("Aides saw the early vote as a test.", [("saw", "belief", False)]),
    ("What many critics view as naive.", [("view", "belief", False)]),
    ("They see as many voters as they can.", []),
    ("He saw the crowd as he arrived.", []),
    ("She saw the crowd, as did he.", []),
    ("We saw the results.", []),
    # hope: doxastic before a clause, volition before "to"/"for", a noun after a determiner
    ("They are hoping the bill will pass.", [("hoping", "belief", False)]),
    ("He hopes to win Iowa.", []),
    ("She hoped for a recount.", []),
    # "supposed": hearsay-like adjective, but "supposed to" is obligation
    ("She cited a supposed leak.", [("supposed", "belief", False)]),
    ("It was supposed to rain.", []),
    # speculation idioms and ignorance
    ("It's a good bet that Ohio will decide.", [("a good bet", "probability", False)]),
    ("No one knows what will happen.", [("No one knows", "unverifiable", False)]),
    ("It remains to be seen.", [("remains to be seen", "unverifiable", False)]),
    ("Let's see what happens.", [("see what", "investigation", False)]),
    # hearsay senses of charge/allege; legal "charged with" is none
    ("She rejected his charge that she was weak.", [("charge that", "hearsay", False)]),
    ("He was charged with fraud.", []),
    ("A lawsuit alleging fraud was filed.", [("alleging", "hearsay", False)]),
    # "not known as/for" names or reputes; "not known" alone is ignorance
    ("He is not known as a debate expert.", []),
    ("The cause is not known.", [("not known", "unverifiable", False)]),
    # curly "n't": "couldn’t" is past inability, "don’t think" a negated belief
    ("They couldn’t reach him.", []),
    ("I don’t think so.", [("don’t think", "belief", False)]),
    # bare "think" is doxastic, but not "think about", "think tank" nor "to think"
    ("So I just think you always run.", [("think", "belief", False)]),
    ("Republicans think he will lose.", [("think", "belief", False)]),
    ("We need to think hard about it.", []),
    # a free relative names a belief, it hedges nothing; "believe in" is support
    ("He said what he truly believed.", []),
    ("Not what the establishment thinks.", []),
    ("Someone I believe in.", []),
    ("I believe he lied.", [("believe", "belief", False)]),
    # doxastic nouns count with a clausal or "of" complement, not as an emotion or a target
    ("They viewed him with suspicion and worse.", []),
    ("The suspicion that he lied grew.", [("suspicion", "belief", False)]),
    ("She needs to exceed expectations.", []),
    ("Expectations that rates rise grew.", [("Expectations", "belief", False)]),
    ("He played on voters' fears rather than offering plans.", []),
    ("Fears that the deal fails grew.", [("Fears", "belief", False)]),
    # speculation, doxastic, hearsay and investigation cues of news
    ("It arguably made the world less safe.", [("arguably", "probability", False)]),
    ("She did not come across as aggressive.", [("come across as", "belief", True)]),
    ("Carson had implied he applied.", [("implied", "belief", False)]),
    ("Analysts predicted a close race.", [("predicted", "belief", False)]),
    ("The company felt that the articles erred.", [("felt that", "belief", False)]),
    ("I disagree with the assertion that it failed.", [("assertion", "hearsay", False)]),
    (
        "Others wonder how it could end.",
        [("wonder", "investigation", False), ("could", "epistemic", False)],
    ),
    ("I wonder.", []),
    ("A study to determine how well it works.", [("to determine", "investigation", False)]),
    ("Let’s say they are at 54.", [("Let’s say", "condition", False)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_hedges_extract_table(extractor, text, expected):
    assert cues(extractor, text) == expected


@pytest.mark.parametrize("text", [text for text, _ in CASES])
def test_hedges_offsets_point_into_text(extractor, text):
    for hedge in extractor.extract(text):
        assert text[hedge.start : hedge.end] == hedge.text
        assert hedge.start < hedge.end


@pytest.mark.parametrize(
    ("hedge", "explanation"),
    [
        (Hedge(0, 10, "reportedly", "hearsay"), "hedge cue 'reportedly' (hearsay)"),
        (
            Hedge(8, 17, "confirmed", "booster", True, "not"),
            "booster 'confirmed' negated by 'not' → not a booster",
        ),
        (Hedge(0, 9, "confirmed", "booster"), "booster 'confirmed' (asserted certainty)"),
    ],
)
def test_hedges_explanation(hedge, explanation):
    assert hedge.explanation == explanation


def test_hedges_negated_booster_is_uncertainty(extractor):
    (hedge,) = extractor.extract("The report was not confirmed.")
    assert not hedge.is_booster and hedge.is_uncertainty
    assert hedge.to_dict() == {
        "start": 19, "end": 28, "text": "confirmed", "category": "booster", "negated": True,
    }  # fmt: skip


SEED_CUES = [
    ("000", "reportedly", "hearsay"),
    ("000", "some", "estimation"),  # "some 10,000"
    ("000", "at least", "estimation"),  # "at least 1,000"
    ("000", "the exact number is unknown", "unverifiable"),
    ("000", "cannot be independently verified", "unverifiable"),
    ("001", "estimate", "estimation"),
    ("001", "believed", "belief"),
    ("001", "suggests", "belief"),
]


@pytest.mark.parametrize(("prefix", "cue", "category"), SEED_CUES)
def test_hedges_seed_articles(extractor, seeds_dir, prefix, cue, category):
    (path,) = sorted(seeds_dir.glob(f"{prefix}_*.txt"))
    text = path.read_text(encoding="utf-8")
    found = {(h.text.lower(), h.category) for h in extractor.extract(text)}
    assert (cue, category) in found
    for hedge in extractor.extract(text):
        assert text[hedge.start : hedge.end] == hedge.text


def test_hedges_seed_some_10000_is_estimation(extractor, seeds_dir):
    (path,) = sorted(seeds_dir.glob("000_*.txt"))
    text = path.read_text(encoding="utf-8")
    position = text.index("some 10,000")
    (hedge,) = [h for h in extractor.extract(text) if h.start == position]
    assert hedge.category == "estimation"


@pytest.mark.parametrize(
    "text",
    [
        "may not " * 130_000,
        "a" * 1_000_000,
        "could " * 170_000,
        ("n't" * 300_000),
        "about " * 170_000,
        ",".join(["1"] * 500_000),
        "some 10,000 reportedly not confirmed. " * 27_000,
    ],
    ids=["may-not", "one-word", "could", "nt", "about", "digits", "mixed"],
)
def test_hedges_adversarial_megabyte_keeps_offsets(extractor, text):
    # How fast these run (and that the time grows linearly) is measured by
    # benchmarks/bench_adversarial.py: timing belongs in benchmarks, not in unit tests.
    spans = extractor.extract(text)
    for hedge in spans[:50] + spans[-50:]:
        assert text[hedge.start : hedge.end] == hedge.text


def test_hedges_span_features(extractor):
    extractor = clone(extractor).fit(["x"])
    text = "Some 10,000 troops may have left, but this was not confirmed. Officials confirmed it."
    (row,) = extractor.transform([text])
    features = dict(zip(HedgeExtractor.feature_names, row, strict=True))
    assert features["n_estimation"] == 1
    assert features["n_epistemic"] == 1
    assert features["n_booster"] == 1  # only the asserted one
    assert features["n_negated_booster"] == 1
    assert features["any_hedge"] == 1
    assert features["hedge_density"] == pytest.approx(3 / 15)
    assert len(HedgeExtractor.feature_names) == len(CATEGORIES) + 3
    assert extractor.transform(["Nothing here."]).tolist() == [[0.0] * len(row)]


def test_hedges_registered():
    assert get_extractor("hedges") is HedgeExtractor


def test_hedges_user_lexicon_merged(tmp_path):
    lexicon = tmp_path / "extra.tsv"
    lexicon.write_text("cue\tcategory\tnote\nper sources|sources claim\thearsay\tmine\n")
    extractor = HedgeExtractor(lexicon=str(lexicon))
    assert cues(extractor, "Per sources, it may fall.") == [
        ("Per sources", "hearsay", False),
        ("may", "epistemic", False),
    ]
    assert clone(extractor).get_params() == {"lexicon": str(lexicon)}


@pytest.mark.parametrize(
    ("content", "message"),
    [("oops\n", "line 1"), ("maybe\tbogus\tx\n", "unknown category 'bogus'")],
)
def test_hedges_bad_user_lexicon(tmp_path, content, message):
    lexicon = tmp_path / "bad.tsv"
    lexicon.write_text(content)
    with pytest.raises(DataError, match=message):
        HedgeExtractor(lexicon=str(lexicon)).extract("text")


def test_hedges_user_lexicon_in_utf16_with_a_byte_order_mark_is_read(tmp_path):
    # Spreadsheets save "Unicode text" as UTF-16 with a byte-order mark.
    lexicon = tmp_path / "extra.tsv"
    lexicon.write_bytes("cue\tcategory\tnote\nper sources\thearsay\tmine\n".encode("utf-16"))
    assert cues(HedgeExtractor(lexicon=str(lexicon)), "Per sources, it fell.") == [
        ("Per sources", "hearsay", False)
    ]


def test_hedges_missing_user_lexicon(tmp_path):
    with pytest.raises(DataError, match="not found"):
        HedgeExtractor(lexicon=str(tmp_path / "none.tsv")).extract("text")


def test_hedges_transform_shape(extractor):
    matrix = clone(extractor).fit(["a"]).transform(["It may rain.", "It rained."])
    assert matrix.shape == (2, len(HedgeExtractor.feature_names))
    assert np.all(matrix[1] == 0)


# ----------------------------------------------------------------------------------------------
# The fast search (cue finder and token windows) agrees with visiting every token
# ----------------------------------------------------------------------------------------------

_ORIGINAL_TOKEN_RE = re.compile(r"\s*(?:\w+?(?=n['’]t\b)|n['’]t\b|\d+(?:[.,]\d+)*|\w+|[^\w\s])")

_TOKEN_PIECES = st.sampled_from(
    ["a", "n", "N", "t", "'", "’", "n't", "N'T", "1", "2", ",", ".", "_", " ", "\n", "é", "²"]
    + ["\u0660", "x", "can", "didn", "-", "\u00a0"]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_TOKEN_PIECES, max_size=30).map("".join))
def test_hedges_tokens_match_the_plain_token_regex(text):
    assert hedge_tokens._SPACED_TOKEN_RE.findall(text) == _ORIGINAL_TOKEN_RE.findall(text)


_HEDGE_PIECES = st.sampled_from(
    ["may", "May", "MAY", "might", "could", "couldn't", "could not", "be", "verified", "not"]
    + ["some", "Some", "about", "up", "to", "at least", "more than", "10,000", "1", "a", "the"]
    + ["reportedly", "reports", "said", "according", "in", "fact", "so-called", "so", "-"]
    + ["approx.", "approx", "will", "of", "people", "his", "no", "doubt", "without", "yet"]
    + ["declined", "is", "believed", "exact", "number", "unknown", "thought", "on", "20"]
    + [" ", " ", " ", "  ", "\n", "\t", "\u00a0", "\u2009", ".", ",", "(", "\u201c", "\u201d"]
    + ["\u212a", "li\u212aely", "\u03a3", "\u0130s", "é", "_", "x", "2may", "mayor", "n't"]
    + ["internationally", "z" * 30, "-" * 20]  # few tokens in a window's first guess
    + ["don\u2019t", "think", "let\u2019s", "say", "let", "\u2019", "s", "\u2019t"]
)


@settings(max_examples=800, deadline=None)
@given(st.lists(_HEDGE_PIECES, max_size=40).map("".join))
def test_hedges_fast_search_matches_every_token_search(extractor, text):
    lexicon = hedges_module.load_lexicon()
    assert extractor.extract(text) == hedges_module._find_hedges_by_tokens(text, lexicon)


@pytest.mark.parametrize(
    "text",
    [
        # the negator lies beyond the first guess of a window (long words between)
        "It was not " + "z" * 30 + " " + "y" * 30 + " confirmed.",
        "They declined to " + "z" * 45 + " confirm it.",
        "Some " + "1" * 50 + " troops, about " + "-" * 60 + " 5 of them.",
        # a cue (and its context) that runs past the window's first guess
        "It could not be " + " " * 70 + "independently\n\tverified at all.",
        "x" * 5000 + " may " + "y" * 5000,
        "may",
        "",
    ],
)
def test_hedges_fast_search_matches_every_token_search_at_window_edges(extractor, text):
    lexicon = hedges_module.load_lexicon()
    assert extractor.extract(text) == hedges_module._find_hedges_by_tokens(text, lexicon)


def test_hedges_fast_search_matches_every_token_search_on_seeds(extractor, seeds_dir):
    lexicon = hedges_module.load_lexicon()
    for path in sorted(seeds_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert extractor.extract(text) == hedges_module._find_hedges_by_tokens(text, lexicon)


def test_hedges_user_lexicon_starting_with_punctuation(tmp_path):
    # Such a cue could start right after a letter: every token is visited instead.
    lexicon = tmp_path / "extra.tsv"
    lexicon.write_text("(unconfirmed)\tunverifiable\tmine\n")
    extractor = HedgeExtractor(lexicon=str(lexicon))
    assert hedges_module.load_lexicon(str(lexicon)).cue_finder is None
    assert cues(extractor, "Troops(unconfirmed) may move.") == [
        ("(unconfirmed)", "unverifiable", False),
        ("may", "epistemic", False),
    ]


@pytest.mark.parametrize(
    "text",
    [
        # lone cues (no token read after them), with and without a negator before
        "Troops were reportedly sent, officials said nothing yet.",
        "It has not been independently confirmed that troops were reportedly sent.",
        "They declined to say whether it was reportedly true.",
        "Didn't they say it was reportedly true?",
        # a negation hint that is no negator ("to" without "yet"), and one too far back
        "He went to the market and reportedly bought bread.",
        "Not one of these many long words reportedly matters.",
        # forward-only cues (quantity gates, longer cues, "could not") and rules reading back
        "The plan could not be verified, about 1,000 people said it may well fail.",
        "Military might of his will; the may 20 vote; In May they may go.",
        # a rule reading the tokens after the cue ("appear at" / "appears to")
        "He may appear at the rally, but it appears to be off; appeared.",
        "She said on Monday that it would fail, and it would, he said it would.",
        # no separator before the cue, or a word running into a digit or quote
        "x2may reportedly3 (reportedly) reportedly' reportedly’s didn't-may",
        # rules reading the tokens before a cue of the lexicon ("[not-after: ...]", "what")
        "It is the best hope, and what he believes; we believe it, saying what they think.",
    ],
)
def test_hedges_fast_path_matches_every_token_search(extractor, text):
    lexicon = hedges_module.load_lexicon()
    assert extractor.extract(text) == hedges_module._find_hedges_by_tokens(text, lexicon)
    for k in range(len(text)):  # every cut, so that cues meet the start and the lookback
        assert extractor.extract(text[k:]) == hedges_module._find_hedges_by_tokens(
            text[k:], lexicon
        )


def test_hedges_builtin_lexicon_keeps_the_fast_search():
    # The curly-apostrophe cues ("don’t think", "let’s say") once switched the cue finder off
    # for every text, so every article took the every-token search.
    assert hedges_module.load_lexicon().cue_finder is not None


@pytest.mark.parametrize(
    "text",
    [
        "I don’t think the figures are right, let’s say.",
        "They didn’t think so; let ’s say 3,000 came.",
        "Don’t Think twice. LET’S SAY it happened.",
    ],
)
def test_hedges_fast_search_curly_apostrophe_cues(extractor, text):
    lexicon = hedges_module.load_lexicon()
    found = extractor.extract(text)
    assert found == hedges_module._find_hedges_by_tokens(text, lexicon)
    assert found  # each text holds a cue
