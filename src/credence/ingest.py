"""Reading articles from files, directories and standard input.

Supported inputs:

- ``.txt`` / ``.md``: plain text with an optional leading metadata block — a first line
  ``date YYYY-MM-DD`` (the body may follow on the same line), ``key: value`` front matter
  between ``---`` lines, or leading ``key: value`` lines followed by a blank line. Keys:
  title, outlet, url, date, published, author, id. ``Article.text`` is the body after the
  metadata, and every offset credence reports points into it.
- ``.json``: one article object, or a list of them.
- ``.jsonl``: one article object a line; blank lines are ignored.
- ``.html`` / ``.htm``: main text and metadata extracted by trafilatura (the ``html`` extra).
- a directory: every file of a known extension below it, recursively, in sorted order,
  hidden files and folders skipped.
- ``-``: standard input, read as JSON when it starts with ``{`` or ``[``, else as text.

Text is UTF-8; a byte-order mark selects UTF-8, UTF-16 or UTF-32 instead.

A directory scan skips the files being written (``exclude``: the ``--output`` file, or the
file standard output is redirected to) and credence's own earlier outputs (score and extract
JSON / JSON Lines, score tables), each with a note in ``IngestResult.notes``.

Article objects accept the fields id, text, title, outlet, url, published and author, with
``date`` as an alias of ``published`` and ``body``/``content`` as aliases of ``text``.

Every problem is an :class:`~credence.errors.InputError` naming the file (and the line,
where there is one) with a one-line message.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import os
import re
import stat
import sys
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TextIO

from credence.document import Article
from credence.encoding import decode_text
from credence.errors import InputError
from credence.wording import json_kind

__all__ = [
    "ARTICLE_EXTENSIONS",
    "DEFAULT_MAX_BYTES",
    "IngestResult",
    "read_articles",
    "read_article_file",
    "parse_text_article",
]

#: File extensions read as articles (directories are searched for these).
ARTICLE_EXTENSIONS = (".txt", ".md", ".json", ".jsonl", ".html", ".htm")
#: Default size limit of one input file, in bytes (``--max-mb`` on the command line).
DEFAULT_MAX_BYTES = 10_000_000

_TEXT_FIELDS = ("text", "body", "content")
_DATE_FIELDS = ("published", "date")
_STRING_FIELDS = ("title", "outlet", "url", "author")
_METADATA_KEYS = frozenset({"title", "outlet", "url", "date", "published", "author", "id"})
_EXTENSION_LIST = ", ".join(ARTICLE_EXTENSIONS[:-1]) + " or " + ARTICLE_EXTENSIONS[-1]
_HTML_EXTRA_HINT = "install the html extra: pip install 'credence[html]'"
# Keys that mark a JSON object as one of credence's own outputs, not an article.
_OWN_OUTPUT_SIGNATURES = (
    (frozenset({"credence_version", "claims", "articles"}), "credence score output (JSON report)"),
    (frozenset({"article_id", "corroboration", "uncertainty"}), "credence score output (claims)"),
    (
        frozenset({"hedges", "attributions", "chains", "quantities", "dates"}),
        "credence extract output",
    ),
    (frozenset({"name", "kind", "reliability", "corroborated_share"}), "credence sources output"),
)
# The tables credence prints (``-o report.txt``, ``> metrics.txt``), by a line near their top.
_OWN_TABLES = (
    # score: the claims table's header row (without the article column on a narrow terminal)
    (re.compile(r"^┃ (?:article +┃ )?claim +┃ corr\. +┃", re.MULTILINE), "a credence score table"),
    (re.compile(r"^┃ source +┃ (?:kind|claims) ", re.MULTILINE), "a credence sources table"),
    (re.compile(r"^claim {2,}.*\ncorroboration {2,}\S", re.MULTILINE), "a credence check table"),
    (
        re.compile(r"^(?:stance|uncertainty) model: (?:train|evaluate)\b", re.MULTILINE),
        "a credence train/evaluate table",
    ),
)

# "date 2025-02-27" as the first line of the seed articles; the body may follow on that line.
_DATE_LINE = re.compile(r"[ \t]*date:?[ \t]+(\d{4}-\d{1,2}-\d{1,2})(?=\s|$)[ \t]*(?:\r?\n)?")
_KEY_VALUE = re.compile(r"[ \t]*([A-Za-z_][A-Za-z0-9_-]*)[ \t]*:[ \t]*(.*?)[ \t]*")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]|$)")
_DATE_FORMATS = (
    "%Y/%m/%d",
    "%d %B %Y",
    "%d %b %Y",
    "%B %d, %Y",
    "%b %d, %Y",
    "%b. %d, %Y",
    "%B %d %Y",
)


class _OwnOutputError(InputError):
    """The file is one of credence's own outputs (a directory scan skips it with a note)."""


@dataclass(frozen=True)
class IngestResult:
    """The articles read, and the inputs skipped with ``skip_errors=True``.

    Parameters
    ----------
    articles : tuple of Article
        Articles in input order, with unique ids.
    errors : tuple of InputError
        Files or items that could not be read (empty unless errors were skipped).
    notes : tuple of str
        Files a directory scan skipped on purpose, each with the reason (the output being
        written, credence's own earlier outputs).

    Examples
    --------
    >>> import io
    >>> result = read_articles(["-"], stdin=io.StringIO("Troops arrived."))
    >>> [a.id for a in result.articles], result.errors, result.notes
    (['stdin'], (), ())
    """

    articles: tuple[Article, ...] = ()
    errors: tuple[InputError, ...] = ()
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": [article.to_dict() for article in self.articles],
            "errors": [
                {"path": error.path, "line": error.line, "message": str(error)}
                for error in self.errors
            ],
            "notes": list(self.notes),
        }


# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------


def _format_size(size: float, *, exact: bool) -> str:
    """``12.3 MB`` for measured sizes, ``10 MB`` for limits."""
    for unit, scale in (("MB", 1_000_000), ("KB", 1_000)):
        if size >= scale:
            value = size / scale
            return f"{value:g} {unit}" if exact else f"{value:.1f} {unit}"
    return f"{int(size)} bytes"


def _parse_date(value: str) -> dt.date:
    """Parse ISO dates and datetimes, common written forms and RFC 2822 dates."""
    text = value.strip()
    iso = _ISO_DATE.match(text)
    if iso:
        return dt.date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
    for date_format in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, date_format).date()
        except ValueError:
            pass
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        raise ValueError(value) from None


def _date_field(value: str, field_name: str, path: str, line: int | None, where: str) -> dt.date:
    try:
        return _parse_date(value)
    except ValueError:
        raise InputError(
            path,
            f"{where}cannot parse the '{field_name}' field {value!r} as a date "
            "(expected YYYY-MM-DD)",
            line,
        ) from None


def _check_size(size: int, max_bytes: int, path: str) -> None:
    if size > max_bytes:
        raise InputError(
            path,
            f"{_format_size(size, exact=False)} exceeds the "
            f"{_format_size(max_bytes, exact=True)} limit (--max-mb)",
        )


# --------------------------------------------------------------------------------------------
# Plain text
# --------------------------------------------------------------------------------------------


def _line_spans(text: str, limit: int) -> Iterator[tuple[int, int, int]]:
    """``(line number, start, end)`` of the first ``limit`` lines (end excludes the break)."""
    position = 0
    for number in range(1, limit + 1):
        if position > len(text):
            return
        newline = text.find("\n", position)
        end = len(text) if newline < 0 else newline
        yield number, position, end
        if newline < 0:
            return
        position = newline + 1


def _metadata_block(text: str) -> tuple[dict[str, tuple[str, int]], int]:
    """Find a leading metadata block: ``({key: (value, line)}, offset where the body starts)``."""
    lines = [(n, text[s:e].rstrip("\r"), e) for n, s, e in _line_spans(text, 200)]
    if lines and lines[0][1].strip() == "---":
        metadata: dict[str, tuple[str, int]] = {}
        for number, line, end in lines[1:]:
            if line.strip() in ("---", "..."):
                return metadata, min(end + 1, len(text))
            pair = _KEY_VALUE.fullmatch(line)
            if pair and pair.group(1).lower() in _METADATA_KEYS:
                metadata[pair.group(1).lower()] = (pair.group(2), number)
        # No closing fence: the dashes are a rule in the body, not front matter.
        return {}, 0

    metadata = {}
    for number, line, end in lines:
        if not line.strip():
            if metadata:
                return metadata, min(end + 1, len(text))
            break
        pair = _KEY_VALUE.fullmatch(line)
        if not pair or pair.group(1).lower() not in _METADATA_KEYS:
            break
        metadata[pair.group(1).lower()] = (pair.group(2), number)

    date_line = _DATE_LINE.match(text)
    if date_line:
        return {"date": (date_line.group(1), 1)}, date_line.end()
    return {}, 0


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def parse_text_article(text: str, *, id: str, source: str | None = None) -> Article:  # noqa: A002
    r"""Build an article from plain text with an optional leading metadata block.

    Parameters
    ----------
    text : str
        The file content. A first line ``date YYYY-MM-DD``, ``---``-fenced ``key: value``
        front matter, or leading ``key: value`` lines followed by a blank line are read as
        metadata (keys: title, outlet, url, date, published, author, id).
    id : str
        The article id unless the metadata gives one.
    source : str, optional
        Where the text came from; errors name it (default: the id).

    Returns
    -------
    Article
        ``text`` is the body after the metadata block.

    Raises
    ------
    InputError
        When there is no body text or a date cannot be parsed.

    Examples
    --------
    >>> a = parse_text_article("date 2025-02-27\nTroops arrived.", id="a1")
    >>> a.published, a.text
    (datetime.date(2025, 2, 27), 'Troops arrived.')
    """
    shown = source if source is not None else id
    metadata, body_start = _metadata_block(text)
    values = {key: _unquote(value) or None for key, (value, _) in metadata.items()}
    published = None
    for key in _DATE_FIELDS:
        if values.get(key):
            published = _date_field(values[key], key, shown, metadata[key][1], "")
            break
    body = text[body_start:]
    if not body.strip():
        raise InputError(shown, "article has no text" + (" after the metadata" if metadata else ""))
    return Article(
        id=values.get("id") or id,
        text=body,
        title=values.get("title"),
        outlet=values.get("outlet"),
        url=values.get("url"),
        published=published,
        author=values.get("author"),
        source=shown,
    )


# --------------------------------------------------------------------------------------------
# JSON and JSON Lines
# --------------------------------------------------------------------------------------------


def _article_from_mapping(
    record: Any,
    *,
    default_id: str,
    source: str,
    path: str,
    line: int | None = None,
    item: int | None = None,
) -> Article:
    """Validate one JSON article object; errors name the line (JSONL) or item (JSON list)."""
    where = f"item {item}: " if item is not None else ""
    if not isinstance(record, Mapping):
        raise InputError(path, f"{where}expected a JSON object, got {json_kind(record)}", line)

    def string_field(name: str) -> str | None:
        value = record.get(name)
        if value is None or isinstance(value, str):
            return value or None
        raise InputError(
            path, f"{where}the '{name}' field must be a string, got {json_kind(value)}", line
        )

    text = None
    for name in _TEXT_FIELDS:
        if record.get(name) is not None:
            text = string_field(name)
            break
    if not text or not text.strip():
        raise InputError(
            path,
            f"{where}article has no text (expected a non-empty 'text', 'body' or 'content' field)",
            line,
        )

    article_id = record.get("id")
    if isinstance(article_id, bool) or not isinstance(article_id, str | int | type(None)):
        raise InputError(
            path,
            f"{where}the 'id' field must be a string or a number, got {json_kind(article_id)}",
            line,
        )
    published = None
    for name in _DATE_FIELDS:
        value = string_field(name)
        if value:
            published = _date_field(value, name, path, line, where)
            break
    return Article(
        id=str(article_id) if article_id not in (None, "") else default_id,
        text=text,
        published=published,
        source=source,
        **{name: string_field(name) for name in _STRING_FIELDS},
    )


def _collect(errors: list[InputError] | None, error: InputError) -> None:
    if errors is None:
        raise error
    errors.append(error)


def _own_output_kind(data: Any) -> str | None:
    """Which credence output ``data`` (a parsed JSON value) is, or ``None`` for articles."""
    record = data[0] if isinstance(data, list) and data else data
    if not isinstance(record, Mapping):
        return None
    for keys, kind in _OWN_OUTPUT_SIGNATURES:
        if keys <= record.keys():
            return kind
    return None


def _own_table_kind(text: str) -> str | None:
    """Which credence table ``text`` is (its first 20 000 characters), or ``None``."""
    head = text[:20_000]
    if "┃" not in head and "model: " not in head and "corroboration " not in head:
        return None  # the plain substring tests first: most articles stop here
    for pattern, kind in _OWN_TABLES:
        if pattern.search(head):
            return kind
    return None


def _refuse_own_output(kind: str | None, path: str) -> None:
    if kind is not None:
        raise _OwnOutputError(
            path, f"looks like {kind}, not articles; give the article files it was made from"
        )


def _parse_json(
    text: str, *, path: str, stem: str, errors: list[InputError] | None
) -> list[Article]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            path, f"invalid JSON: {exc.msg} at column {exc.colno}", exc.lineno
        ) from None
    _refuse_own_output(_own_output_kind(data), path)
    if isinstance(data, Mapping) and isinstance(data.get("articles"), list):
        data = data["articles"]
    if isinstance(data, Mapping):
        return [_article_from_mapping(data, default_id=stem, source=path, path=path)]
    if not isinstance(data, list):
        raise InputError(
            path, f"expected a JSON object or a list of objects, got {json_kind(data)}"
        )
    if not data:
        raise InputError(path, "the JSON list holds no articles")
    articles = []
    for number, record in enumerate(data, 1):
        try:
            articles.append(
                _article_from_mapping(
                    record,
                    default_id=f"{stem}:{number}",
                    source=f"{path}[{number}]",
                    path=path,
                    item=number,
                )
            )
        except InputError as exc:
            _collect(errors, exc)
    return articles


def _parse_jsonl(
    text: str, *, path: str, stem: str, errors: list[InputError] | None
) -> list[Article]:
    articles = []
    first = True
    # Split on "\n" only: JSON strings may hold raw U+2028, which splitlines() would cut.
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(
                    path, f"invalid JSON Lines: {exc.msg} at column {exc.colno}", number
                ) from None
            if first:
                # The first record tells an earlier `credence score/extract -f jsonl` apart.
                _refuse_own_output(_own_output_kind(record), path)
                first = False
            articles.append(
                _article_from_mapping(
                    record,
                    default_id=f"{stem}:{number}",
                    source=f"{path}:{number}",
                    path=path,
                    line=number,
                )
            )
        except InputError as exc:
            _collect(errors, exc)
    return articles


# --------------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------------


def _parse_html(data: bytes | str, *, path: str, stem: str) -> Article:
    try:
        import trafilatura
    except ImportError:
        raise InputError(path, _HTML_EXTRA_HINT) from None
    document = trafilatura.bare_extraction(data, with_metadata=True)
    extracted = getattr(document, "text", None) or ""
    # trafilatura puts one paragraph a line; blank lines make the paragraphs explicit.
    text = "\n\n".join(line.strip() for line in extracted.splitlines() if line.strip())
    if not text:
        raise InputError(path, "no main text found in the HTML page")
    date = getattr(document, "date", None)
    return Article(
        id=stem,
        text=text,
        title=getattr(document, "title", None) or None,
        url=getattr(document, "url", None) or None,
        author=getattr(document, "author", None) or None,
        published=_date_field(date, "date", path, None, "") if date else None,
        source=path,
    )


# --------------------------------------------------------------------------------------------
# Files, directories, stdin
# --------------------------------------------------------------------------------------------


def _parse_content(
    data: bytes,
    *,
    path: str,
    stem: str,
    extension: str,
    errors: list[InputError] | None,
) -> list[Article]:
    if not data.strip():
        raise InputError(path, "empty file")
    if extension in (".html", ".htm"):
        if b"\x00" in data:
            # UTF-16/32 (with a byte-order mark) is decoded here; anything else with NUL
            # bytes is binary and _decode says so.
            return [_parse_html(decode_text(data, path), path=path, stem=stem)]
        return [_parse_html(data, path=path, stem=stem)]
    text = decode_text(data, path)
    if not text.strip():
        raise InputError(path, "empty file")
    # The character test first: a regex scan of every article costs more than reading it.
    _refuse_own_output(_own_table_kind(text), path)
    if extension == ".json":
        return _parse_json(text, path=path, stem=stem, errors=errors)
    if extension == ".jsonl":
        return _parse_jsonl(text, path=path, stem=stem, errors=errors)
    return [parse_text_article(text, id=stem, source=path)]


def _read_file(
    path: Path, shown: str, max_bytes: int, errors: list[InputError] | None
) -> list[Article]:
    try:
        status = path.stat()
        if path.is_dir():
            raise InputError(shown, "is a directory (read_articles reads directories)")
        extension = path.suffix.lower()
        if extension not in ARTICLE_EXTENSIONS:
            kind = f"extension {extension!r}" if extension else "a file without an extension"
            raise InputError(shown, f"cannot read {kind} (expected {_EXTENSION_LIST})")
        _check_size(status.st_size, max_bytes, shown)
        data = path.read_bytes()
    except FileNotFoundError:
        if path.is_symlink():
            raise InputError(
                shown, f"broken symbolic link (to {os.readlink(path)}, which does not exist)"
            ) from None
        raise InputError(shown, "no such file or directory") from None
    except PermissionError:
        raise InputError(shown, "permission denied") from None
    except OSError as exc:
        raise InputError(shown, f"cannot read the file ({exc.strerror or exc})") from None
    return _parse_content(data, path=shown, stem=path.stem, extension=extension, errors=errors)


def read_article_file(
    path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> list[Article]:
    """Read the articles of one file (any supported format).

    Parameters
    ----------
    path : str or path-like
        A ``.txt``, ``.md``, ``.json``, ``.jsonl``, ``.html`` or ``.htm`` file.
    max_bytes : int, default 10_000_000
        Files larger than this are refused.

    Returns
    -------
    list of Article
        One article, or one per item/line of a JSON list or JSON Lines file, ids unique.

    Raises
    ------
    InputError
        On the first problem found, naming the file and, where relevant, the line or item.
    """
    return _unique_ids(_read_file(Path(path), os.fspath(path), max_bytes, None))


def _directory_files(directory: Path) -> list[Path]:
    """Files of known extensions below ``directory``, sorted, hidden entries skipped."""
    found = []
    for root, folders, files in os.walk(directory):
        folders[:] = sorted(folder for folder in folders if not folder.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and Path(name).suffix.lower() in ARTICLE_EXTENSIONS:
                found.append(Path(root) / name)
    return found


def _special_file_kind(path: Path) -> str | None:
    """``"FIFO"``, ``"device"`` or ``"socket"`` for such a file (links followed), else None."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return None  # _read_file says what is wrong with it
    if stat.S_ISFIFO(mode):
        return "FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISSOCK(mode):
        return "socket"
    return None


def _identity(path: Path) -> tuple[int, int] | None:
    """``(st_dev, st_ino)`` of ``path`` (links followed), or ``None`` when it cannot be read."""
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_dev, status.st_ino


def _read_stdin(
    stream: TextIO | None, max_bytes: int, errors: list[InputError] | None
) -> list[Article]:
    if stream is None:
        if sys.stdin is None:
            raise InputError("-", "no standard input to read")
        buffer = getattr(sys.stdin, "buffer", None)
        data = buffer.read() if buffer is not None else sys.stdin.read().encode("utf-8")
    else:
        data = stream.read().encode("utf-8", "surrogatepass")
    _check_size(len(data), max_bytes, "-")
    if not data.strip():
        raise InputError("-", "empty input")
    text = decode_text(data, "-")
    extension = ".json" if text.lstrip()[:1] in ("{", "[") else ".txt"
    return _parse_content(data, path="-", stem="stdin", extension=extension, errors=errors)


def _unique_ids(articles: list[Article]) -> list[Article]:
    """Give repeated ids a ``-2``, ``-3``... suffix so that every id is unique."""
    taken = {article.id for article in articles}
    seen: set[str] = set()
    unique = []
    for article in articles:
        if article.id in seen:
            number = 2
            while f"{article.id}-{number}" in taken:
                number += 1
            article = replace(article, id=f"{article.id}-{number}")
            taken.add(article.id)
        seen.add(article.id)
        unique.append(article)
    return unique


def _read_path(
    shown: str,
    max_bytes: int,
    errors: list[InputError] | None,
    exclude: Collection[tuple[int, int]],
    notes: list[str],
) -> list[Article]:
    """The articles of one file or directory named on the command line."""
    if not shown.strip():
        # Path("") is the current directory: reading it would be a surprise.
        raise InputError(repr(shown), "empty path; give a file, a directory or -")
    path = Path(shown)
    if path.is_dir():
        return _read_directory(path, shown, max_bytes, errors, exclude, notes)
    if not path.exists() and not path.is_symlink():
        raise InputError(shown, "no such file or directory")
    if exclude and _identity(path) in exclude:
        raise InputError(
            shown,
            "is the file this run writes its output to (--output or a shell "
            "redirect); write the output to another file",
        )
    return _read_file(path, shown, max_bytes, errors)


def _read_directory(
    path: Path,
    shown: str,
    max_bytes: int,
    errors: list[InputError] | None,
    exclude: Collection[tuple[int, int]],
    notes: list[str],
) -> list[Article]:
    """The articles of every article file below ``path``; skipped files get a note."""
    files = _directory_files(path)
    if not files:
        raise InputError(
            shown, f"no article files in this directory (looked for {_EXTENSION_LIST})"
        )
    articles: list[Article] = []
    for file in files:
        file_shown = os.path.join(shown, file.relative_to(path))
        if exclude and _identity(file) in exclude:
            notes.append(f"{file_shown}: skipped, it is the output being written")
            continue
        special = _special_file_kind(file)
        if special is not None:
            # Reading a FIFO would wait for a writer for ever.
            notes.append(f"{file_shown}: skipped, it is a {special}, not a file")
            continue
        try:
            articles.extend(_read_file(file, file_shown, max_bytes, errors))
        except _OwnOutputError as exc:
            notes.append(f"{exc} (skipped)")
        except InputError as exc:
            _collect(errors, exc)
    return articles


def read_articles(
    paths: Sequence[str],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    skip_errors: bool = False,
    stdin: TextIO | None = None,
    exclude: Collection[tuple[int, int]] = (),
) -> IngestResult:
    """Read articles from files, directories and ``-`` (standard input).

    Parameters
    ----------
    paths : sequence of str
        Files, directories (searched recursively) or ``-``.
    max_bytes : int, default 10_000_000
        Files larger than this are refused.
    skip_errors : bool, default False
        Collect unreadable files and items in ``IngestResult.errors`` and keep going,
        instead of raising the first :class:`~credence.errors.InputError`.
    stdin : TextIO, optional
        Stream read for ``-`` (default: ``sys.stdin``).
    exclude : collection of (st_dev, st_ino), optional
        Files being written by this run (the output file, the file standard output is
        redirected to): a directory scan skips them with a note, naming one is an error.

    Returns
    -------
    IngestResult
        The articles in input order, ids made unique, the skipped errors, and notes on the
        files a directory scan skipped on purpose (outputs, credence's own earlier outputs).

    Raises
    ------
    InputError
        The first problem found, unless ``skip_errors`` is true; also when ``max_bytes`` is
        not a positive number of bytes.
    """
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes <= 0:
        raise InputError("max_bytes", f"must be a positive number of bytes, got {max_bytes!r}")
    errors: list[InputError] | None = [] if skip_errors else None
    notes: list[str] = []
    articles: list[Article] = []
    stdin_read = False
    for given in paths:
        shown = os.fspath(given)
        try:
            if shown == "-":
                if stdin_read:
                    raise InputError("-", "standard input given twice; it can be read once")
                stdin_read = True
                articles.extend(_read_stdin(stdin, max_bytes, errors))
            else:
                articles.extend(_read_path(shown, max_bytes, errors, exclude, notes))
        except InputError as exc:
            _collect(errors, exc)
    return IngestResult(
        articles=tuple(_unique_ids(articles)), errors=tuple(errors or ()), notes=tuple(notes)
    )
