"""Relations built from tagged spans (credence.features.attribution.relations).

The tagger is replaced by a stand-in that labels the spans each case names, so these tests
pin how spans become relations, whatever a trained model happens to label. Each case is one
paragraph written for credence; the spans are the mistakes a trained tagger was seen to make.
"""

from __future__ import annotations

from credence.features.attribution.learned import learned_attributions
from credence.features.attribution.lexicon import load_lexicon
from credence.features.attribution.tokens import _TokenTable
from credence.features.context import Context
from credence.models.attribution_model import gold_labels


class _FixedTagger:
    """Labels the tokens of a one-paragraph text with the spans given as substrings."""

    def __init__(self, text: str, spans: list[tuple[str, str]]):
        found: dict[str, list[tuple[tuple[int, int], ...]]] = {}
        at = 0
        for label, piece in spans:
            start = text.index(piece, at)
            at = start + len(piece)
            found.setdefault(label, []).append(((start, at),))
        self.labels = gold_labels(_TokenTable(text).starts, found)

    def tag(self, features: list[list[str]]) -> list[str]:
        assert len(features) == len(self.labels)
        return self.labels


def _relations(text: str, spans: list[tuple[str, str]]) -> list[tuple[str, str, str, str]]:
    tagger = _FixedTagger(text, spans)
    found = learned_attributions(text, Context.of(text), load_lexicon(), tagger)
    return [(a.source.text, a.source.canonical, a.cue.text, a.content.text) for a in found]


def test_attribution_relations_source_is_on_the_cue_side_of_the_quote():
    # The tagger ran the source across the closing mark and labelled only the opening mark
    # as content.
    text = '"The budget," Kim Sato said, "is simply too small."'
    got = _relations(
        text,
        [
            ("CON", '"'),
            ("SRC", 'The budget," Kim Sato'),
            ("CUE", "said"),
            ("CON", '"is simply too small."'),
        ],
    )
    assert {(src, content) for src, _, _, content in got} == {
        ("Kim Sato", '"The budget,"'),
        ("Kim Sato", '"is simply too small."'),
    }


def test_attribution_relations_speaker_inside_a_quotation_keeps_a_cue_inside_it():
    text = '"My neighbour Ada Reyes said the well was dry," the farmer told reporters.'
    got = _relations(
        text,
        [
            ("SRC", "Ada Reyes"),
            ("CUE", "said"),
            ("CON", "the well was dry"),
            ("SRC", "the farmer"),
            ("CUE", "told"),
        ],
    )
    assert ("Ada Reyes", "Ada Reyes", "said", "the well was dry") in got


def test_attribution_relations_aside_between_commas_is_no_relation():
    text = (
        "A senior port official, speaking on condition of anonymity, said the ferry "
        "service would resume on Monday."
    )
    got = _relations(
        text,
        [
            ("SRC", "A senior port official"),
            ("CUE", "speaking on condition of"),
            ("CON", "anonymity"),
            ("CUE", "said"),
            ("CON", "the ferry service would resume on Monday"),
        ],
    )
    assert [(src, cue, content) for src, _, cue, content in got] == [
        ("A senior port official", "said", "the ferry service would resume on Monday")
    ]


def test_attribution_relations_source_drops_a_leading_preposition():
    # "after" opened the tagged source; the pronoun must then find the woman, not the man.
    text = (
        "Senator Ruth Ellison spoke after Governor Mark Dunne had made his case. "
        '"The bill is dead," she said.'
    )
    got = _relations(
        text,
        [
            ("SRC", "after Governor Mark Dunne"),
            ("CUE", "had made"),
            ("CON", "his case"),
            ("CON", '"The bill is dead,"'),
            ("SRC", "she"),
            ("CUE", "said"),
        ],
    )
    sources = {src: canonical for src, canonical, _, _ in got}
    assert "Governor Mark Dunne" in sources
    assert not any(src.startswith("after") for src in sources)
    assert sources["she"] == "Ruth Ellison"


def test_attribution_relations_rules_stay_out_of_a_tied_content():
    # The content is tied to "local media reported": "the audit found" inside it is no relation.
    text = "The mayor resigned after the audit found gaps in the budget, local media reported."
    got = _relations(
        text,
        [
            ("CON", "The mayor resigned after the audit found gaps in the budget"),
            ("SRC", "local media"),
            ("CUE", "reported"),
        ],
    )
    assert [(src, cue) for src, _, cue, _ in got] == [("local media", "reported")]


def test_attribution_relations_rules_read_a_speaker_opening_an_untied_content():
    # The tagger labelled "hospital officials estimate …" as content and tied no cue to it.
    text = (
        "The mayor said the bridge would reopen on Friday. While the exact toll is unclear, "
        "hospital officials estimate at least 40 people were hurt."
    )
    got = _relations(
        text,
        [
            ("SRC", "The mayor"),
            ("CUE", "said"),
            ("CON", "the bridge would reopen on Friday"),
            ("CON", "hospital officials estimate at least 40 people were hurt"),
        ],
    )
    assert any(src.endswith("officials") and cue == "estimate" for src, _, cue, _ in got), got


def test_attribution_relations_quoted_untied_content_stays_the_quote():
    # Inside a quotation, "I think P" is what the quoted speaker says, not a new relation.
    text = (
        'The mayor said the bridge would reopen on Friday. "I think the river will be calm by '
        'then, and the crews are ready," she added.'
    )
    got = _relations(
        text,
        [
            ("SRC", "The mayor"),
            ("CUE", "said"),
            ("CON", "the bridge would reopen on Friday"),
            ("CON", "I think the river will be calm by then, and the crews are ready"),
        ],
    )
    assert all(cue != "think" for _, _, cue, _ in got), got


def test_attribution_relations_apposition_closed_by_its_comma_gives_the_head():
    # The tagger took the apposition's closing comma into the second source.
    text = 'Lena, the engineer on the night shift, told Omar "the pump has failed."'
    got = _relations(
        text,
        [
            ("SRC", "Lena"),
            ("SRC", "the engineer on the night shift,"),
            ("CUE", "told"),
            ("CON", '"the pump has failed."'),
        ],
    )
    assert [src for src, _, _, _ in got] == ["Lena"], got


def test_attribution_relations_rules_add_nothing_reaching_past_an_untied_content():
    # "was called off" is no reporting verb; its relation would run past the tagged content.
    text = "The match was called off, as police said the stadium was unsafe."
    got = _relations(
        text,
        [
            ("CON", "The match was called off"),
            ("SRC", "police"),
            ("CUE", "said"),
            ("CON", "the stadium was unsafe"),
        ],
    )
    assert [(src, content) for src, _, _, content in got] == [
        ("police", "the stadium was unsafe")
    ], got


def test_attribution_relations_relative_pronoun_is_the_source_as_written():
    # PolNeAR marks "who" as the source of the second relation; its canonical name is the
    # person it stands for, so that both relations count as one speaker.
    text = '"Sales are up," said Nora Quill, who noted that prices had also risen in May.'
    got = _relations(
        text,
        [
            ("CON", '"Sales are up,"'),
            ("CUE", "said"),
            ("SRC", "Nora Quill, who"),
            ("CUE", "noted"),
            ("CON", "that prices had also risen in May"),
        ],
    )
    assert ("who", "Nora Quill", "noted", "prices had also risen in May") in got
    assert ("Nora Quill", "Nora Quill", "said", '"Sales are up,"') in got


def test_attribution_relations_relative_pronoun_without_a_comma_is_not_split():
    # "the man who spoke" is one noun phrase: no comma sets the pronoun off.
    text = "The farmer who lives by the river said the well was dry."
    got = _relations(
        text,
        [
            ("SRC", "The farmer who"),
            ("CUE", "said"),
            ("CON", "the well was dry"),
        ],
    )
    assert [src for src, _, _, _ in got] != ["who"]


def test_attribution_relations_source_after_according_to_ends_at_its_comma():
    # The tagger ran the source past the comma into the content's subject.
    text = "According to early counts by the county clerk, turnout was the highest since 1990."
    got = _relations(
        text,
        [
            ("CUE", "According to"),
            ("SRC", "early counts by the county clerk, turnout"),
            ("CON", "was the highest since 1990"),
        ],
    )
    assert [src for src, _, _, _ in got] == ["early counts by the county clerk"]


def test_attribution_relations_relative_pronoun_alone_stands_for_the_name_before_it():
    # The tagger labelled only "who": its antecedent is the name before the comma.
    text = "In a speech, Chancellor Ilse Varga, who has led the party since 2019, warned of cuts."
    got = _relations(
        text,
        [
            ("SRC", "who"),
            ("CUE", "has led"),
            ("CON", "the party since 2019"),
        ],
    )
    assert [(src, canonical) for src, canonical, _, _ in got] == [("who", "Ilse Varga")]


def test_attribution_relations_cue_without_a_tagged_source_takes_no_clause_subject():
    # The tagger labelled the cue and its content and missed the subject (the paragraph has
    # another relation, so the rules' reading of an untied paragraph is not asked for). The
    # subject is not read as the source: on PolNeAR that rule added 0.001 source F1 and its
    # extra relations cost the stance model 0.002 macro-F1 (session 11), so the cue is dropped.
    text = (
        "Harbour officials have also warned that the old pier may not survive the winter storms"
        " this year. Ada Reyes said so on Friday."
    )
    got = _relations(
        text,
        [
            ("CUE", "warned"),
            ("CON", "that the old pier may not survive the winter storms this year"),
            ("SRC", "Ada Reyes"),
            ("CUE", "said"),
            ("CON", "so"),
        ],
    )
    assert [(src, content) for src, _, _, content in got] == [("Ada Reyes", "so")]


def test_attribution_relations_adverbial_cue_never_takes_the_clause_subject():
    # "reportedly" stands for someone unnamed: the subject is what was reported about.
    text = (
        "Belarus has reportedly moved two more brigades to the border, tying itself to the drill."
    )
    for cue in ("reportedly", "has reportedly"):
        got = _relations(text, [("CUE", cue), ("CON", "moved two more brigades to the border")])
        assert not any(
            src == "Belarus" or content.startswith("Belarus") for src, _, _, content in got
        )


def test_attribution_relations_passive_cue_never_takes_its_subject():
    # The harbour master is who was expected to resign, not who expected it (the paragraph has
    # another relation, so the rules' reading of an untied paragraph is not asked for).
    text = (
        "The harbour master is expected to resign before the start of the busy summer season."
        " Ada Reyes said so on Friday."
    )
    got = _relations(
        text,
        [
            ("CUE", "is expected"),
            ("CON", "to resign before the start of the busy summer season"),
            ("SRC", "Ada Reyes"),
            ("CUE", "said"),
            ("CON", "so"),
        ],
    )
    assert [src for src, _, _, _ in got] == ["Ada Reyes"]


def test_attribution_relations_passive_cue_takes_the_agent_after_by():
    text = "The closure of the ferry route was first reported by the Harbour Gazette on Monday."
    got = _relations(
        text, [("CON", "The closure of the ferry route"), ("CUE", "was first reported by")]
    )
    assert [(src, content) for src, _, _, content in got] == [
        ("the Harbour Gazette", "The closure of the ferry route")
    ]
    # A subject the tagger labelled as source is what was criticised, not who criticised it.
    text = "The new toll was criticised by local farmers for its cost."
    got = _relations(
        text,
        [
            ("SRC", "The new toll"),
            ("CUE", "was criticised by"),
            ("SRC", "local farmers"),
            ("CON", "for its cost"),
        ],
    )
    assert [src for src, _, _, _ in got] == ["local farmers"]


def test_attribution_relations_present_participle_cue_takes_the_source_before_it():
    # The source after "saying" is closer, but it is the subject of the next clause.
    text = (
        "The ferry operator cancelled all of its crossings on the northern route, saying storms"
        " were due, while harbour officials urged calm."
    )
    got = _relations(
        text,
        [
            ("SRC", "The ferry operator"),
            ("CUE", "saying"),
            ("CON", "storms were due"),
            ("SRC", "harbour officials"),
            ("CUE", "urged"),
            ("CON", "calm"),
        ],
    )
    assert ("The ferry operator", "saying", "storms were due") in [
        (src, cue, content) for src, _, cue, content in got
    ]
    assert ("harbour officials", "urged", "calm") in [
        (src, cue, content) for src, _, cue, content in got
    ]


def test_attribution_relations_cue_after_a_relative_clause_takes_the_phrase_it_describes():
    text = "Mayor Lena Ortiz, who took office in May, said the budget was balanced."
    for spans in (
        [("SRC", "who"), ("CUE", "said"), ("CON", "the budget was balanced")],
        [
            ("SRC", "Mayor Lena Ortiz"),
            ("SRC", "who"),
            ("CUE", "said"),
            ("CON", "the budget was balanced"),
        ],
    ):
        got = _relations(text, spans)
        assert [(src, canonical) for src, canonical, _, _ in got] == [
            ("Mayor Lena Ortiz", "Lena Ortiz")
        ] or [src for src, _, _, _ in got] == ["Lena Ortiz"]


def test_attribution_relations_content_cut_on_a_preposition_runs_to_its_phrase_end():
    text = "The minister said the new tram line would open in the spring of 2027."
    got = _relations(
        text,
        [("SRC", "The minister"), ("CUE", "said"), ("CON", "the new tram line would open in")],
    )
    assert [content for _, _, _, content in got] == [
        "the new tram line would open in the spring of 2027"
    ]


def test_attribution_relations_source_without_a_name_word_is_not_a_source():
    # The tagger labelled a comma, or a sentence adverb with the name, as the source.
    text = "The plant will close in June, a company spokesman said on Friday."
    got = _relations(text, [("CON", "The plant will close in June"), ("SRC", ","), ("CUE", "said")])
    assert [src for src, _, _, _ in got] == ["a company spokesman"]
    text = "Similarly, Tom Reed said the dam was safe."
    got = _relations(
        text, [("SRC", "Similarly, Tom Reed"), ("CUE", "said"), ("CON", "the dam was safe")]
    )
    assert [src for src, _, _, _ in got] == ["Tom Reed"]


def test_attribution_relations_reportedly_in_a_news_sentence_names_no_source():
    # The shipped tagger on the shape that made "North Korea" the source of "reportedly"
    # (with content "North Korea has") in an earlier version of the subject rule.
    from credence.features.attribution import AttributionExtractor

    text = (
        "Belarus has reportedly moved more soldiers to the border, further tying itself to the"
        " drill as part of a pact with Minsk. Lithuania's border guard has said that the"
        " soldiers arrived at night."
    )
    found = AttributionExtractor().extract(text)
    assert not any(a.source.text == "Belarus" for a in found)
    assert not any(a.content.text.startswith("Belarus has") for a in found)
    assert any(a.source.text == "Lithuania's border guard" for a in found)


def test_attribution_relations_impersonal_subject_is_no_source():
    # "it appears" names no one: a cue with no tagged source takes no "it" or "there".
    text = (
        "If so, it appears a strategy to keep the ferry running through the long winter months."
        " Ada Reyes said so on Friday."
    )
    got = _relations(
        text,
        [
            ("CUE", "appears"),
            ("CON", "a strategy to keep the ferry running through the long winter months"),
            ("SRC", "Ada Reyes"),
            ("CUE", "said"),
            ("CON", "so"),
        ],
    )
    assert [src for src, _, _, _ in got] == ["Ada Reyes"]


def test_attribution_relations_relative_clause_closing_inside_a_quotation_still_closes():
    # The clause's comma sits inside the closing quotation mark ("… a 'tax on farmers,' said").
    text = 'Ada Reyes, who calls the toll a "tax on farmers," said it would be repealed.'
    got = _relations(text, [("SRC", "who"), ("CUE", "said"), ("CON", "it would be repealed")])
    assert [src for src, _, _, _ in got] == ["Ada Reyes"]


def test_attribution_relations_clause_subject_tagged_as_content_is_no_source():
    # The tagger labelled the subject as the content of "appears": one span cannot be both.
    text = (
        "The new ferry appears ready for the winter crossings after a long refit in the north."
        " Ada Reyes said so on Friday."
    )
    got = _relations(
        text,
        [
            ("CON", "The new ferry"),
            ("CUE", "appears"),
            ("SRC", "Ada Reyes"),
            ("CUE", "said"),
            ("CON", "so"),
        ],
    )
    assert [src for src, _, _, _ in got] == ["Ada Reyes"]


def test_attribution_relations_possessor_before_a_cue_is_no_clause_subject():
    text = (
        "Doctors were puzzled by Kim's alleged ailment during the long visit to the northern"
        " provinces. Ada Reyes said so on Friday."
    )
    got = _relations(
        text,
        [
            ("CUE", "alleged"),
            ("CON", "ailment"),
            ("SRC", "Ada Reyes"),
            ("CUE", "said"),
            ("CON", "so"),
        ],
    )
    assert [src for src, _, _, _ in got] == ["Ada Reyes"]


def test_attribution_relations_subject_of_seem_or_appear_is_no_source():
    text = (
        "The old lighthouse appears to date from the years before the first harbour was built."
        " Ada Reyes said so on Friday."
    )
    got = _relations(
        text,
        [
            ("CUE", "appears"),
            ("CON", "to date from the years before the first harbour was built"),
            ("SRC", "Ada Reyes"),
            ("CUE", "said"),
            ("CON", "so"),
        ],
    )
    assert [src for src, _, _, _ in got] == ["Ada Reyes"]


def test_attribution_relations_participle_inside_an_active_cue_is_no_passive():
    text = "Tom Reed said in a statement released by the council that the bridge would reopen."
    got = _relations(
        text,
        [
            ("SRC", "Tom Reed"),
            ("CUE", "said in a statement released by"),
            ("SRC", "the council"),
            ("CON", "that the bridge would reopen"),
        ],
    )
    assert [src for src, _, _, _ in got] == ["Tom Reed"]


def test_attribution_relations_capitalised_function_word_inside_a_sentence_is_a_name():
    # "So" opens no sentence here: it is a surname.
    text = '"Those are rumours," So said about the minister\'s health.'
    got = _relations(text, [("CON", '"Those are rumours,"'), ("SRC", "So"), ("CUE", "said about")])
    assert [src for src, _, _, _ in got] == ["So"]


def test_attribution_relations_passive_agent_ends_before_as():
    text = "The bishop was quoted by Italian news media as saying the talks had failed."
    got = _relations(
        text,
        [
            ("SRC", "The bishop"),
            ("CUE", "was quoted by"),
            ("SRC", "Italian news media as"),
            ("CON", "saying the talks had failed"),
        ],
    )
    assert [src for src, _, _, _ in got] == ["Italian news media"]


def test_attribution_relations_clause_subject_opens_its_clause():
    # "Colorado" ends "the ferry's delay in Colorado": the object of "in", not the subject.
    text = (
        "The ferry's long delay in Colorado underscored how fragile the whole timetable had"
        " become. Ada Reyes said so on Friday."
    )
    got = _relations(
        text,
        [
            ("CUE", "underscored"),
            ("CON", "how fragile the whole timetable had become"),
            ("SRC", "Ada Reyes"),
            ("CUE", "said"),
            ("CON", "so"),
        ],
    )
    assert [src for src, _, _, _ in got] == ["Ada Reyes"]
