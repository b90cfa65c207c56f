"""Tests of article ingestion (credence.ingest)."""

from __future__ import annotations

import datetime as dt
import io
import json
import sys
from pathlib import Path

import pytest

from credence.document import Article
from credence.errors import InputError
from credence.ingest import (
    IngestResult,
    parse_text_article,
    read_article_file,
    read_articles,
)

BODY = "Troops arrived in Kursk on Monday. Officials confirmed it."


def _write(directory: Path, name: str, content: str | bytes) -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_bytes(content.encode("utf-8"))
    return path


# ----------------------------------------------------------------------------------------------
# Formats: file name, content -> expected article fields
# ----------------------------------------------------------------------------------------------

FORMAT_CASES = [
    ("plain text", "a.txt", BODY, [{"id": "a", "text": BODY, "published": None}]),
    (
        "seed date line",
        "seed.txt",
        "date 2025-02-27\n" + BODY,
        [{"id": "seed", "text": BODY, "published": dt.date(2025, 2, 27)}],
    ),
    (
        "seed date line with the body on the same line",
        "seed.txt",
        " date 2025-02-27 " + BODY,
        [{"id": "seed", "text": BODY, "published": dt.date(2025, 2, 27)}],
    ),
    (
        "fenced front matter",
        "b.md",
        "---\ntitle: Troops\nurl: https://www.example.org/x\ndate: 2025-02-17\nauthor: Jane Roe\n"
        "id: art-1\ntags: ignored\n---\n" + BODY,
        [
            {
                "id": "art-1",
                "text": BODY,
                "title": "Troops",
                "url": "https://www.example.org/x",
                "outlet": "example.org",
                "published": dt.date(2025, 2, 17),
                "author": "Jane Roe",
            }
        ],
    ),
    (
        "leading key value lines",
        "c.txt",
        'Title: "Quoted title"\nOutlet: Daily Example\npublished: 2025-02-17T08:30:00Z\n\n' + BODY,
        [
            {
                "id": "c",
                "text": BODY,
                "title": "Quoted title",
                "outlet": "Daily Example",
                "published": dt.date(2025, 2, 17),
            }
        ],
    ),
    (
        "body line with a colon is not metadata",
        "d.txt",
        "Update: troops arrived.\n\nMore later.",
        [{"id": "d", "text": "Update: troops arrived.\n\nMore later.", "title": None}],
    ),
    (
        "json object with aliases",
        "e.json",
        json.dumps({"body": BODY, "date": "February 17, 2025", "url": "http://news.example.com/a"}),
        [
            {
                "id": "e",
                "text": BODY,
                "published": dt.date(2025, 2, 17),
                "outlet": "news.example.com",
            }
        ],
    ),
    (
        "json list",
        "f.json",
        json.dumps([{"text": "One."}, {"content": "Two.", "id": 7}, {"text": "Three.", "id": "x"}]),
        [
            {"id": "f:1", "text": "One.", "source": "{dir}/f.json[1]"},
            {"id": "7", "text": "Two."},
            {"id": "x", "text": "Three."},
        ],
    ),
    (
        "jsonl with blank lines",
        "g.jsonl",
        '{"text": "One.", "published": "2025-01-02"}\n\n{"text": "Two.", "title": "T"}\n',
        [
            {
                "id": "g:1",
                "text": "One.",
                "published": dt.date(2025, 1, 2),
                "source": "{dir}/g.jsonl:1",
            },
            {"id": "g:3", "text": "Two.", "title": "T", "source": "{dir}/g.jsonl:3"},
        ],
    ),
    (
        "utf-8 byte order mark",
        "h.txt",
        b"\xef\xbb\xbf" + BODY.encode(),
        [{"id": "h", "text": BODY}],
    ),
    (
        "windows line endings are kept",
        "i.txt",
        "date 2025-02-27\r\nOne.\r\n\r\nTwo.",
        [{"id": "i", "text": "One.\r\n\r\nTwo.", "published": dt.date(2025, 2, 27)}],
    ),
    (
        "duplicate ids get a suffix",
        "j.jsonl",
        '{"id": "a", "text": "One."}\n{"id": "a", "text": "Two."}\n'
        '{"id": "a-2", "text": "Three."}\n',
        [
            {"id": "a", "text": "One."},
            {"id": "a-3", "text": "Two."},
            {"id": "a-2", "text": "Three."},
        ],
    ),
]


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [case[1:] for case in FORMAT_CASES],
    ids=[case[0] for case in FORMAT_CASES],
)
def test_ingest_formats(
    tmp_path: Path, name: str, content: str | bytes, expected: list[dict]
) -> None:
    path = _write(tmp_path, name, content)
    articles = read_articles([str(path)]).articles
    assert len(articles) == len(expected)
    for article, fields in zip(articles, expected, strict=True):
        for field, value in fields.items():
            if isinstance(value, str):
                value = value.replace("{dir}", str(tmp_path))
            assert getattr(article, field) == value, field
    assert read_article_file(path) == list(articles)


def test_ingest_html(tmp_path: Path) -> None:
    pytest.importorskip("trafilatura")
    page = (
        "<html><head><title>Troops sent</title>"
        '<meta name="author" content="Jane Roe">'
        '<meta property="article:published_time" content="2025-02-17T10:00:00Z">'
        '<link rel="canonical" href="https://www.example.org/news/troops"></head>'
        "<body><nav>Home | World | Sport</nav><article><h1>Troops sent</h1>"
        "<p>North Korea has sent more troops to Russia, officials said on Monday, and the "
        "number could not be verified independently.</p>"
        "<p>A second paragraph explains the background of the deployment in some more detail "
        "for the readers of this page.</p></article><footer>Copyright notice</footer>"
        "</body></html>"
    )
    path = _write(tmp_path, "page.html", page)
    (article,) = read_article_file(path)
    assert article.id == "page"
    assert article.title == "Troops sent"
    assert article.author == "Jane Roe"
    assert article.published == dt.date(2025, 2, 17)
    assert article.url == "https://www.example.org/news/troops"
    assert article.outlet == "example.org"
    assert "North Korea has sent more troops" in article.text
    assert "\n\nA second paragraph" in article.text
    assert "Copyright" not in article.text and "Home | World" not in article.text


def test_ingest_html_utf16_with_byte_order_mark(tmp_path: Path) -> None:
    pytest.importorskip("trafilatura")
    page = (
        "<html><head><title>Troops sent</title></head><body><article><h1>Troops sent</h1>"
        "<p>North Korea has sent more troops to Russia, officials said on Monday, and the "
        "number could not be verified independently by reporters on the ground.</p>"
        "<p>A second paragraph explains the background of the deployment in some more detail "
        "for the readers of this page, café owners included.</p></article></body></html>"
    )
    path = _write(tmp_path, "page.html", b"\xff\xfe" + page.encode("utf-16-le"))
    (article,) = read_article_file(path)
    assert "North Korea has sent more troops" in article.text
    assert "café owners" in article.text


def test_ingest_html_without_trafilatura(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "trafilatura", None)
    path = _write(tmp_path, "page.htm", "<html><body><p>Text.</p></body></html>")
    with pytest.raises(InputError) as caught:
        read_article_file(path)
    assert str(caught.value) == f"{path}: install the html extra: pip install 'credence[html]'"


def test_ingest_directory_is_recursive_sorted_and_skips_hidden(tmp_path: Path) -> None:
    _write(tmp_path, "b.txt", "Second.")
    _write(tmp_path, "a.md", "First.")
    _write(tmp_path, "sub/c.jsonl", '{"text": "Third."}\n')
    _write(tmp_path, "sub/notes.csv", "not,an,article")
    _write(tmp_path, ".hidden.txt", "Hidden.")
    _write(tmp_path, ".git/d.txt", "Hidden too.")
    result = read_articles([str(tmp_path)])
    assert [a.text for a in result.articles] == ["First.", "Second.", "Third."]
    assert [a.id for a in result.articles] == ["a", "b", "c:1"]
    assert result.articles[2].source == f"{tmp_path}/sub/c.jsonl:1"


def test_ingest_ids_unique_across_files(tmp_path: Path) -> None:
    first = _write(tmp_path, "one/story.txt", "One.")
    second = _write(tmp_path, "two/story.txt", "Two.")
    result = read_articles([str(first), str(second)])
    assert [a.id for a in result.articles] == ["story", "story-2"]


STDIN_CASES = [
    ("text", BODY, [("stdin", BODY)]),
    ("text with date line", "date 2025-02-27\n" + BODY, [("stdin", BODY)]),
    ("json object", json.dumps({"text": BODY, "id": "s1"}), [("s1", BODY)]),
    (
        "json list",
        ' [{"text": "One."}, {"text": "Two."}]',
        [("stdin:1", "One."), ("stdin:2", "Two.")],
    ),
]


@pytest.mark.parametrize(
    ("content", "expected"),
    [case[1:] for case in STDIN_CASES],
    ids=[case[0] for case in STDIN_CASES],
)
def test_ingest_stdin(content: str, expected: list[tuple[str, str]]) -> None:
    result = read_articles(["-"], stdin=io.StringIO(content))
    assert [(a.id, a.text) for a in result.articles] == expected
    assert all(a.source and a.source.startswith("-") for a in result.articles)


def test_ingest_parse_text_article() -> None:
    article = parse_text_article("title: T\n\nBody.", id="x", source="mem")
    assert article == Article(id="x", text="Body.", title="T", source="mem")
    offsets_ok = article.text[0:5] == "Body."
    assert offsets_ok


def test_ingest_result_to_dict(tmp_path: Path) -> None:
    good = _write(tmp_path, "good.txt", "date 2025-02-27\nOne.")
    bad = _write(tmp_path, "bad.txt", "")
    result = read_articles([str(good), str(bad)], skip_errors=True)
    assert isinstance(result, IngestResult)
    assert result.to_dict() == {
        "articles": [
            {
                "id": "good",
                "text": "One.",
                "title": None,
                "outlet": None,
                "url": None,
                "published": "2025-02-27",
                "author": None,
                "source": str(good),
            }
        ],
        "errors": [{"path": str(bad), "line": None, "message": f"{bad}: empty file"}],
        "notes": [],
    }


# ----------------------------------------------------------------------------------------------
# Errors: file name, content -> exact message (``{path}`` is the file)
# ----------------------------------------------------------------------------------------------

ERROR_CASES = [
    ("empty file", "a.txt", "", "{path}: empty file"),
    ("whitespace only", "a.txt", " \n\n\t", "{path}: empty file"),
    (
        "binary",
        "a.txt",
        b"ab\ncd\x00ef",
        "{path}, line 2: binary file: NUL byte at byte offset 5 (expected UTF-8 text)",
    ),
    (
        "not utf-8",
        "a.txt",
        b"caf\xe9 au lait",
        "{path}, line 1: not valid UTF-8: byte 0xe9 at byte offset 3 (save the file as UTF-8)",
    ),
    (
        "not utf-8 after a bom",
        "a.md",
        b"\xef\xbb\xbfOne.\n\xff",
        "{path}, line 2: not valid UTF-8: byte 0xff at byte offset 8 (save the file as UTF-8)",
    ),
    (
        "invalid json",
        "a.json",
        '{"text": "One."\n "id": 2}',
        "{path}, line 2: invalid JSON: Expecting ',' delimiter at column 2",
    ),
    (
        "json scalar",
        "a.json",
        '"just a string"',
        "{path}: expected a JSON object or a list of objects, got a string",
    ),
    ("empty json list", "a.json", "[]", "{path}: the JSON list holds no articles"),
    (
        "json item without text",
        "a.json",
        '[{"text": "One."}, {"title": "No body"}]',
        "{path}: item 2: article has no text "
        "(expected a non-empty 'text', 'body' or 'content' field)",
    ),
    (
        "json item not an object",
        "a.json",
        '[{"text": "One."}, 5]',
        "{path}: item 2: expected a JSON object, got a number",
    ),
    (
        "json field of the wrong type",
        "a.json",
        '{"text": "One.", "title": ["a"]}',
        "{path}: the 'title' field must be a string, got a list",
    ),
    (
        "json text of the wrong type",
        "a.json",
        '{"text": {"p": "One."}}',
        "{path}: the 'text' field must be a string, got an object",
    ),
    (
        "json bad id",
        "a.json",
        '{"text": "One.", "id": true}',
        "{path}: the 'id' field must be a string or a number, got a boolean",
    ),
    (
        "invalid jsonl line",
        "a.jsonl",
        '{"text": "One."}\n\n{"text": "Two."\n',
        "{path}, line 3: invalid JSON Lines: Expecting ',' delimiter at column 16",
    ),
    (
        "jsonl line without text",
        "a.jsonl",
        '{"text": "One."}\n{"text": "   "}\n',
        "{path}, line 2: article has no text "
        "(expected a non-empty 'text', 'body' or 'content' field)",
    ),
    (
        "jsonl line not an object",
        "a.jsonl",
        '["One."]\n',
        "{path}, line 1: expected a JSON object, got a list",
    ),
    (
        "unparsable json date",
        "a.jsonl",
        '{"text": "One.", "date": "last Tuesday"}\n',
        "{path}, line 1: cannot parse the 'date' field 'last Tuesday' as a date "
        "(expected YYYY-MM-DD)",
    ),
    (
        "unparsable published in a json list",
        "a.json",
        '[{"text": "One.", "published": "2025-13-40"}]',
        "{path}: item 1: cannot parse the 'published' field '2025-13-40' as a date "
        "(expected YYYY-MM-DD)",
    ),
    (
        "unparsable front matter date",
        "a.md",
        "---\ntitle: T\ndate: soon\n---\nBody.",
        "{path}, line 3: cannot parse the 'date' field 'soon' as a date (expected YYYY-MM-DD)",
    ),
    (
        "invalid seed date",
        "a.txt",
        "date 2025-02-30\nBody.",
        "{path}, line 1: cannot parse the 'date' field '2025-02-30' as a date "
        "(expected YYYY-MM-DD)",
    ),
    (
        "only metadata",
        "a.txt",
        "title: T\nauthor: A\n\n  \n",
        "{path}: article has no text after the metadata",
    ),
    (
        "unknown extension",
        "a.csv",
        "x,y",
        "{path}: cannot read extension '.csv' (expected .txt, .md, .json, .jsonl, .html or .htm)",
    ),
    (
        "no extension",
        "README",
        "x",
        "{path}: cannot read a file without an extension "
        "(expected .txt, .md, .json, .jsonl, .html or .htm)",
    ),
]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [case[1:] for case in ERROR_CASES],
    ids=[case[0] for case in ERROR_CASES],
)
def test_ingest_errors(tmp_path: Path, name: str, content: str | bytes, message: str) -> None:
    path = _write(tmp_path, name, content)
    with pytest.raises(InputError) as caught:
        read_articles([str(path)])
    assert str(caught.value) == message.format(path=path)
    assert caught.value.path == str(path)
    assert "\n" not in str(caught.value)


def test_ingest_error_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    with pytest.raises(InputError) as caught:
        read_articles([str(missing)])
    assert str(caught.value) == f"{missing}: no such file or directory"
    with pytest.raises(InputError, match="no such file or directory"):
        read_article_file(missing)
    with pytest.raises(InputError, match="no such file or directory"):
        read_article_file(tmp_path / "nope.csv")


def test_ingest_read_article_file_refuses_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        read_article_file(tmp_path)
    assert str(caught.value) == f"{tmp_path}: is a directory (read_articles reads directories)"


def test_ingest_error_empty_directory(tmp_path: Path) -> None:
    _write(tmp_path, "notes.csv", "a,b")
    _write(tmp_path, ".hidden.txt", "Hidden.")
    with pytest.raises(InputError) as caught:
        read_articles([str(tmp_path)])
    assert str(caught.value) == (
        f"{tmp_path}: no article files in this directory "
        "(looked for .txt, .md, .json, .jsonl, .html or .htm)"
    )


@pytest.mark.parametrize(
    ("size", "max_bytes", "message"),
    [
        (12_300_000, 10_000_000, "12.3 MB exceeds the 10 MB limit (--max-mb)"),
        (2_500, 1_000, "2.5 KB exceeds the 1 KB limit (--max-mb)"),
        (150, 100, "150 bytes exceeds the 100 bytes limit (--max-mb)"),
    ],
    ids=["megabytes", "kilobytes", "bytes"],
)
def test_ingest_error_size_limit(tmp_path: Path, size: int, max_bytes: int, message: str) -> None:
    path = _write(tmp_path, "big.txt", "a" * size)
    with pytest.raises(InputError) as caught:
        read_articles([str(path)], max_bytes=max_bytes)
    assert str(caught.value) == f"{path}: {message}"
    assert len(read_articles([str(path)], max_bytes=size).articles) == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "-: empty input"),
        ("  \n", "-: empty input"),
        ("[1, ", "-, line 1: invalid JSON: Expecting value at column 5"),
        ("x" * 20, "-: 20 bytes exceeds the 10 bytes limit (--max-mb)"),
    ],
    ids=["empty", "whitespace", "bad json", "too big"],
)
def test_ingest_stdin_errors(content: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        read_articles(["-"], stdin=io.StringIO(content), max_bytes=10)
    assert str(caught.value) == message


def test_ingest_skip_errors_collects_and_continues(tmp_path: Path) -> None:
    good = _write(tmp_path, "good.txt", "Good.")
    mixed = _write(
        tmp_path,
        "mixed.jsonl",
        '{"text": "One."}\nnot json\n{"title": "no text"}\n{"text": "Four."}\n',
    )
    binary = _write(tmp_path, "bin.txt", b"\x00\x01")
    missing = tmp_path / "missing.json"
    paths = [str(good), str(mixed), str(binary), str(missing)]
    result = read_articles(paths, skip_errors=True)
    assert [a.id for a in result.articles] == ["good", "mixed:1", "mixed:4"]
    assert [(e.path, e.line) for e in result.errors] == [
        (str(mixed), 2),
        (str(mixed), 3),
        (str(binary), 1),
        (str(missing), None),
    ]
    with pytest.raises(InputError) as caught:
        read_articles(paths)
    assert caught.value.line == 2
    assert str(caught.value).startswith(f"{mixed}, line 2: invalid JSON Lines:")


def test_ingest_skip_errors_inside_directory(tmp_path: Path) -> None:
    _write(tmp_path, "a.txt", "Good.")
    _write(tmp_path, "b.json", "{broken")
    result = read_articles([str(tmp_path)], skip_errors=True)
    assert [a.id for a in result.articles] == ["a"]
    assert [e.path for e in result.errors] == [f"{tmp_path}/b.json"]


def test_ingest_seeds(seeds_dir: Path) -> None:
    result = read_articles([str(seeds_dir)])
    assert len(result.articles) == 2
    dated = [a for a in result.articles if a.published is not None]
    assert dated and all(a.published.year == 2025 for a in dated)
    for article in result.articles:
        assert not article.text.lstrip().startswith("date ")


# ----------------------------------------------------------------------------------------------
# Byte-order marks: UTF-8, UTF-16 and UTF-32 files are read, offsets point into the text
# ----------------------------------------------------------------------------------------------

_BOM_TEXT = "date 2025-02-27\nOfficials said 300 café owners left on Monday."


@pytest.mark.parametrize(
    "encoded",
    [
        b"\xef\xbb\xbf" + _BOM_TEXT.encode("utf-8"),
        b"\xff\xfe" + _BOM_TEXT.encode("utf-16-le"),
        b"\xfe\xff" + _BOM_TEXT.encode("utf-16-be"),
        b"\xff\xfe\x00\x00" + _BOM_TEXT.encode("utf-32-le"),
        b"\x00\x00\xfe\xff" + _BOM_TEXT.encode("utf-32-be"),
    ],
    ids=["utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"],
)
def test_ingest_byte_order_mark_selects_the_encoding(tmp_path: Path, encoded: bytes) -> None:
    article = read_article_file(_write(tmp_path, "a.txt", encoded))[0]
    assert article.published == dt.date(2025, 2, 27)
    assert article.text == "Officials said 300 café owners left on Monday."


def test_ingest_utf16_json_with_byte_order_mark(tmp_path: Path) -> None:
    data = b"\xff\xfe" + '{"id": "x", "text": "Troops arrived."}'.encode("utf-16-le")
    assert read_article_file(_write(tmp_path, "a.json", data))[0].text == "Troops arrived."


def test_ingest_utf16_without_mark_gets_a_hint(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.txt", "Troops arrived on Monday.".encode("utf-16-le"))
    with pytest.raises(InputError, match="UTF-16 text without a byte-order mark"):
        read_article_file(path)


def test_ingest_bad_utf16_names_the_encoding(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.txt", b"\xff\xfe" + "Troops".encode("utf-16-le") + b"\x00\xd8")
    with pytest.raises(InputError, match="not valid UTF-16"):
        read_article_file(path)


@pytest.mark.parametrize("max_bytes", [0, -1, 1.5, True])
def test_ingest_max_bytes_must_be_a_positive_integer(max_bytes) -> None:
    with pytest.raises(InputError, match="^max_bytes: must be a positive number of bytes"):
        read_articles(["-"], stdin=io.StringIO("Troops arrived."), max_bytes=max_bytes)


# ----------------------------------------------------------------------------------------------
# Directory scans skip the output being written and credence's own earlier outputs
# ----------------------------------------------------------------------------------------------

_OWN_OUTPUTS = {
    "score.json": json.dumps(
        {"credence_version": "0.1.0", "models": {}, "articles": [{"id": "a"}], "claims": []}
    ),
    "claims.jsonl": json.dumps(
        {"id": "a:c0", "article_id": "a", "text": "x", "corroboration": 0.2, "uncertainty": 0.5}
    )
    + "\n",
    "extract.json": json.dumps(
        [{"id": "a", "hedges": [], "attributions": [], "chains": [], "quantities": [], "dates": []}]
    ),
    "sources.json": json.dumps(
        [{"name": "x", "kind": "outlet", "reliability": 0.5, "corroborated_share": 0.0}]
    ),
    "report.txt": "Story: x (1 articles)\n┏━━━┓\n┃ article ┃ claim   ┃ corr. ┃\n",
}


def test_ingest_directory_skips_credence_outputs_with_a_note(tmp_path: Path) -> None:
    _write(tmp_path, "article.txt", "Officials said 300 people left.")
    for name, content in _OWN_OUTPUTS.items():
        _write(tmp_path, name, content)
    result = read_articles([str(tmp_path)])
    assert [a.id for a in result.articles] == ["article"]
    assert result.errors == ()
    assert len(result.notes) == len(_OWN_OUTPUTS)
    for name, note in zip(sorted(_OWN_OUTPUTS), result.notes, strict=True):
        assert note.startswith(f"{tmp_path / name}: looks like ")
        assert note.endswith("(skipped)")
    assert (
        "credence score output (JSON report)"
        in result.notes[sorted(_OWN_OUTPUTS).index("score.json")]
    )


@pytest.mark.parametrize("name", sorted(_OWN_OUTPUTS))
def test_ingest_named_credence_output_is_an_error_saying_so(tmp_path: Path, name: str) -> None:
    path = _write(tmp_path, name, _OWN_OUTPUTS[name])
    with pytest.raises(InputError, match="looks like .*, not articles"):
        read_articles([str(path)])


def test_ingest_directory_skips_the_output_being_written(tmp_path: Path) -> None:
    _write(tmp_path, "article.txt", "Officials said 300 people left.")
    output = _write(tmp_path, "out.json", "")  # what a shell redirect leaves before the run
    status = output.stat()
    result = read_articles([str(tmp_path)], exclude={(status.st_dev, status.st_ino)})
    assert [a.id for a in result.articles] == ["article"]
    assert result.notes == (f"{output}: skipped, it is the output being written",)
    with pytest.raises(InputError, match="is the file this run writes its output to"):
        read_articles([str(output)], exclude={(status.st_dev, status.st_ino)})
