"""The data model: Article → Paragraph → Sentence → Claim, all immutable.

Every span carries ``start``/``end`` character offsets into ``Article.text`` so that
``article.text[span.start:span.end] == span.text`` holds for every span credence reports.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field, fields
from typing import Any
from urllib.parse import urlparse

from credence.errors import InputError

__all__ = [
    "Span",
    "Article",
    "Paragraph",
    "Sentence",
    "Claim",
    "outlet_from_url",
]


def outlet_from_url(url: str | None) -> str | None:
    """Return the host of ``url`` without a leading ``www.`` (the outlet fallback)."""
    if not url:
        return None
    host = urlparse(url if "//" in url else "//" + url).hostname
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _described(value: Any) -> str:
    """``a number (123)``: the type and value of a bad argument, short enough for one line."""
    shown = repr(value)
    if len(shown) > 60:
        shown = shown[:57] + "..."
    if value is None:
        return "None"
    if isinstance(value, bool):
        kind = "a boolean"
    elif isinstance(value, int | float):
        kind = "a number"
    elif isinstance(value, str):
        kind = "a string"
    else:
        kind = f"a {type(value).__name__}"
    return f"{kind} ({shown})"


def _iso_date(value: str, where: str) -> dt.date:
    """``2025-02-27`` (a time may follow, as in ISO datetimes) as a date; else an InputError."""
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        raise InputError(
            where, f"the 'published' field {value!r} is not a date (expected YYYY-MM-DD)"
        ) from None


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of text located by offsets into its article's text."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (the schema documented in the README)."""
        return {"start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_text(cls, text: str, start: int, end: int) -> Span:
        """Build the span ``text[start:end]``."""
        return cls(start, end, text[start:end])


@dataclass(frozen=True, slots=True)
class Article:
    """One news article as ingested.

    Parameters
    ----------
    id : str
        Stable identifier (given, or derived from the file name and position).
    text : str
        The body text. All offsets in credence point into this string.
    title, outlet, url, author : str, optional
        Metadata. ``outlet`` falls back to the host of ``url``.
    published : datetime.date, optional
        Publication date; relative dates ("last year") resolve against it.
    source : str, optional
        Where the article was read from (file path, ``path:line``, ``-``).

    Examples
    --------
    >>> a = Article(id="a1", text="Troops arrived.", url="https://www.example.org/x")
    >>> a.outlet
    'example.org'
    """

    id: str
    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: dt.date | None = None
    author: str | None = None
    source: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not self.id:
            raise InputError(
                "Article", f"the 'id' field must be a non-empty string, got {_described(self.id)}"
            )
        where = f"article {self.id!r}"
        if not isinstance(self.text, str):
            raise InputError(
                where, f"the 'text' field must be a string, got {_described(self.text)}"
            )
        for name in ("title", "outlet", "url", "author", "source"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, str):
                raise InputError(
                    where, f"the '{name}' field must be a string or None, got {_described(value)}"
                )
        if isinstance(self.published, str):
            object.__setattr__(self, "published", _iso_date(self.published, where))
        elif self.published is not None and not isinstance(self.published, dt.date):
            raise InputError(
                where,
                "the 'published' field must be a datetime.date or a 'YYYY-MM-DD' string, "
                f"got {_described(self.published)}",
            )
        if self.outlet is None and self.url:
            object.__setattr__(self, "outlet", outlet_from_url(self.url))

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (the schema documented in the README)."""
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """Rebuild the object from :meth:`to_dict` output."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of an article; ``duplicate_of`` names an earlier identical paragraph."""

    index: int
    start: int
    end: int
    text: str
    duplicate_of: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (the schema documented in the README)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Paragraph:
        """Rebuild the object from :meth:`to_dict` output."""
        return cls(**data)


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence, located in its article and paragraph."""

    index: int
    paragraph: int
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (the schema documented in the README)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Sentence:
        """Rebuild the object from :meth:`to_dict` output."""
        return cls(**data)


@dataclass(frozen=True, slots=True)
class Claim:
    """A checkable claim: a sentence, or a clause of one, that asserts something.

    ``checkworthiness`` is the probability given by the trained claim detector;
    ``reasons`` says why the span was kept.
    """

    id: str
    article_id: str
    sentence: int
    start: int
    end: int
    text: str
    checkworthiness: float | None = None
    reasons: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (the schema documented in the README)."""
        return _plain(asdict(self))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Claim:
        """Rebuild the object from :meth:`to_dict` output."""
        data = dict(data)
        data["reasons"] = tuple(data.get("reasons", ()))
        return cls(**data)

    def to_json(self) -> str:
        """One line of JSON: :meth:`to_dict` serialised."""
        return json.dumps(self.to_dict(), ensure_ascii=False)
