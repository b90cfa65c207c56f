"""A claim repeated in a repeated paragraph is one claim: one score, counted once everywhere."""

import csv
import io
import json

import pytest
from rich.console import Console

from credence import Article, Scorer
from credence.ingest import read_articles
from credence.render import render_report

REPEATED = "Port officials said 40 fishing boats were damaged by the storm on Monday night."
HARBOUR = "\n\n".join(
    [
        REPEATED,
        "The harbour master told reporters that repairs to the quay would take three weeks.",
        "Insurers in the region expect claims from more than 200 boat owners this month.",
        REPEATED,
    ]
)
COAST = (
    "Port officials said 55 fishing boats were damaged by the storm on Monday night, "
    "according to the regional coast guard."
)
ARTICLES = [
    Article(id="harbour", outlet="Harbour Times", published="2025-02-04", text=HARBOUR),
    Article(id="coast", outlet="Coast Post", published="2025-02-04", text=COAST),
]


@pytest.fixture(scope="module")
def report():
    return Scorer.load().score(ARTICLES)


def _table(report, width=200) -> str:
    console = Console(width=width, record=True, file=io.StringIO())
    console.print(render_report(report))
    return console.export_text()


def test_copies_a_repeated_claim_is_scored_once_and_lists_its_copy(report):
    analysis = next(a for a in report.analyses if a.article.id == "harbour")
    assert [p.duplicate_of for p in analysis.paragraphs] == [None, None, None, 0]
    repeated = [c for c in report.claims if c.text == REPEATED]
    assert len(repeated) == 1, [c.id for c in repeated]
    claim = repeated[0]
    assert claim.start == 0
    assert len(claim.copies) == 1
    copy = claim.copies[0]
    assert HARBOUR[copy.start : copy.end] == REPEATED
    assert copy.start == HARBOUR.rindex(REPEATED)
    assert copy.id != claim.id
    assert copy.id not in {c.id for c in report.claims}
    d = claim.to_dict()
    assert d["copies"] == [{"id": copy.id, "start": copy.start, "end": copy.end}]


def test_copies_count_once_in_json_jsonl_csv_table_sources_and_stories(report):
    distinct = len(report.claims)
    copy_ids = {x.id for c in report.claims for x in c.copies}
    assert copy_ids, "the fixture repeats a claim"
    data = json.loads(report.to_json())
    assert len(data["claims"]) == distinct
    assert len(report.to_jsonl().splitlines()) == distinct
    rows = list(csv.DictReader(io.StringIO(report.to_csv())))
    assert len(rows) == distinct
    assert {r["copies"] for r in rows} >= {" | ".join(sorted(copy_ids))}
    harbour_claims = sum(1 for c in report.claims if c.article_id == "harbour")
    summary = next(a for a in data["articles"] if a["id"] == "harbour")
    assert summary["claims"] == harbour_claims
    outlet = next(s for s in report.sources if s.name == "Harbour Times")
    assert outlet.claims == harbour_claims
    for story in report.stories:
        assert not copy_ids & set(story.claim_ids)
    table = _table(report)
    assert table.count(REPEATED) == 1
    assert "repeated as" in table


def test_copies_seed_article_lists_each_repeated_claim_once(seeds_dir):
    articles = read_articles([str(seeds_dir)]).articles
    report = Scorer.load().score(articles)
    second = sorted(a.id for a in articles)[1]
    analysis = next(a for a in report.analyses if a.article.id == second)
    claims = [c for c in report.claims if c.article_id == second]
    copies = [x for c in claims for x in c.copies]
    assert copies, "the second seed repeats paragraphs"
    # Every claim of the article is either scored or a copy of a scored one, never both.
    assert len(claims) + len(copies) == len(analysis.claims)
    assert {c.id for c in claims}.isdisjoint(x.id for x in copies)
    outlet = next(s for s in report.sources if s.name == (articles[1].outlet or second))
    assert outlet.claims == len(claims)
    eleven = [c for c in claims if "11,000" in c.text]
    assert len(eleven) == 1, "the 11,000 claim and its repeat are one claim"
    assert ("11,000", "12,000") in {tuple(x.values) for x in eleven[0].conflicts}
    assert eleven[0].copies


def _analysis(article_id, paragraphs):
    """An ArticleAnalysis of one-sentence-a-claim paragraphs: ``[(sentences, duplicate_of)]``."""
    from credence.document import Claim, Paragraph, Sentence
    from credence.scoring.analysis import ArticleAnalysis

    text, paras, sentences, claims = "", [], [], []
    for index, (sents, duplicate_of) in enumerate(paragraphs):
        text += "\n\n" if text else ""
        p_start = len(text)
        for sentence in sents:
            text += " " if len(text) > p_start else ""
            start = len(text)
            text += sentence
            sentences.append(Sentence(len(sentences), index, start, len(text), sentence))
            claims.append(
                Claim(f"{article_id}:c{len(claims)}", article_id, len(sentences) - 1, start,
                      len(text), sentence)
            )  # fmt: skip
        paras.append(Paragraph(index, p_start, len(text), text[p_start:], duplicate_of))
    article = Article(id=article_id, text=text, outlet="Harbour Times", published="2025-02-04")
    return ArticleAnalysis(article, tuple(paras), tuple(sentences), claims=tuple(claims))


def test_copies_near_verbatim_repeats_fold_and_added_sentences_stay_claims():
    from credence.scoring.corroboration import corroborate

    first = "Port officials said 40 fishing boats were damaged by the storm on Monday night."
    second = "The harbour master said repairs to the quay would take at least three weeks."
    near = first.replace("Monday night", "Monday evening")
    added = "Insurers expect claims from more than 200 boat owners before the end of March."
    analysis = _analysis("h", [([first, second], None), ([near, second, added], 0)])
    result = corroborate([analysis])
    by_id = {c.id: c for c in result.claims}
    assert set(by_id) == {"h:c0", "h:c1", "h:c4"}
    assert [x.id for x in by_id["h:c0"].copies] == ["h:c2"]
    assert [x.id for x in by_id["h:c1"].copies] == ["h:c3"]
    assert by_id["h:c4"].copies == ()
    assert result.sources[0].claims == 3
