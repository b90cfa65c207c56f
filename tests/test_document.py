import datetime as dt
import json

import pytest

from credence.document import Article, Claim, Paragraph, Sentence, Span, outlet_from_url
from credence.errors import InputError


@pytest.mark.parametrize(
    ("url", "outlet"),
    [
        ("https://www.washingtonpost.com/world/2025/x", "washingtonpost.com"),
        ("http://apnews.com/article/1", "apnews.com"),
        ("example.org/path", "example.org"),
        ("", None),
        (None, None),
    ],
)
def test_document_outlet_from_url(url, outlet):
    assert outlet_from_url(url) == outlet


def test_document_article_outlet_falls_back_to_url_host():
    a = Article(id="a", text="x", url="https://www.zerohedge.com/geopolitical/x")
    assert a.outlet == "zerohedge.com"
    b = Article(id="b", text="x", url="https://www.zerohedge.com/x", outlet="ZeroHedge")
    assert b.outlet == "ZeroHedge"


def test_document_article_round_trips_through_json():
    a = Article(id="a1", text="Body.", title="T", published=dt.date(2025, 2, 27), author="Z")
    restored = Article.from_dict(json.loads(json.dumps(a.to_dict())))
    assert restored == a
    assert a.to_dict()["published"] == "2025-02-27"


def test_document_article_is_immutable():
    a = Article(id="a", text="x")
    with pytest.raises(AttributeError):
        a.text = "y"  # type: ignore[misc]


@pytest.mark.parametrize("cls", [Paragraph, Sentence])
def test_document_spans_round_trip(cls):
    text = "One. Two."
    obj = cls(0, 0, 5, 9, text[5:9]) if cls is Sentence else cls(0, 5, 9, text[5:9])
    assert cls.from_dict(json.loads(json.dumps(obj.to_dict()))) == obj
    assert text[obj.start : obj.end] == obj.text


def test_document_claim_round_trip_keeps_reasons_tuple():
    c = Claim("a:c0", "a", 0, 0, 4, "Text", 0.7, ("quantity", "event verb"))
    assert Claim.from_dict(json.loads(c.to_json())) == c


def test_document_span_from_text_slices():
    s = Span.from_text("abc def", 4, 7)
    assert s.text == "def" and s.to_dict() == {"start": 4, "end": 7, "text": "def"}


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"id": "a", "text": 123}, "article 'a': the 'text' field must be a string, got a number"),
        ({"id": 7, "text": "x"}, "the 'id' field must be a non-empty string, got a number (7)"),
        ({"id": "", "text": "x"}, "the 'id' field must be a non-empty string"),
        (
            {"id": "a", "text": "x", "published": "27/02/2025"},
            "the 'published' field '27/02/2025' is not a date (expected YYYY-MM-DD)",
        ),
        ({"id": "a", "text": "x", "published": 2025}, "'published' field must be a datetime.date"),
        ({"id": "a", "text": "x", "url": ["u"]}, "the 'url' field must be a string or None"),
    ],
)
def test_document_article_bad_field_is_an_input_error_naming_the_value(fields, message):
    with pytest.raises(InputError) as caught:
        Article(**fields)
    assert message in str(caught.value)


def test_document_article_accepts_an_iso_datetime_string():
    assert Article(id="a", text="x", published="2025-02-27T10:00:00Z").published == dt.date(
        2025, 2, 27
    )
