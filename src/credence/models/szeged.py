"""Readers for the uncertainty and factuality corpora used to train and evaluate credence.

- :func:`load_szeged` reads the Szeged Uncertainty Corpus XML (``<Sentence>`` elements holding
  ``<ccue type=...>`` cues): each sentence's text with the cue offsets into it;
- :func:`document_split` splits sentences into train/dev by document, deterministically;
- :func:`load_factuality_conll` reads the UW / MEANTIME event-factuality CoNLL files;
- :func:`load_cue_standoff` reads uncertainty annotations kept as standoff offsets over
  article files (the news evaluation set in ``tests/fixtures/uncertainty_news_*.tsv``).

These readers only *read* the data at train or evaluation time; nothing is copied.
"""

from __future__ import annotations

import math
import os
import random
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from credence.errors import DataError

__all__ = [
    "SzegedCue",
    "SzegedSentence",
    "FactualitySentence",
    "load_szeged",
    "read_szeged",
    "document_split",
    "load_factuality_conll",
    "load_cue_standoff",
    "CUE_STANDOFF_TYPES",
    "detokenize",
]

#: Cue types of the standoff news annotation (Szeged's, plus hearsay, which news needs).
CUE_STANDOFF_TYPES: frozenset[str] = frozenset(
    {"speculation", "modal", "doxastic", "hearsay", "condition", "investigation"}
)


@dataclass(frozen=True, slots=True)
class SzegedCue:
    """One annotated uncertainty cue: offsets into its sentence's text and its type.

    ``type`` is normalised: ``"speculation_modal_probable_"`` becomes ``"modal_probable"``.
    """

    start: int
    end: int
    text: str
    type: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "type": self.type}


@dataclass(frozen=True, slots=True)
class SzegedSentence:
    """One sentence of the Szeged corpus.

    Parameters
    ----------
    text : str
        The sentence text (mixed content flattened; cue offsets point into it).
    cues : tuple of SzegedCue
        Annotated cues; the sentence is uncertain when there is at least one.
    doc_id : str
        Document identifier (Wikipedia article, PMID, PMCID), unique within ``corpus``.
    corpus : str
        File stem: ``wiki``, ``bio_bmc``, ``bio_fly``, ``bio_hbc``.
    sentence_id : str
        The ``id`` attribute of the sentence (unique within its document).
    """

    text: str
    cues: tuple[SzegedCue, ...]
    doc_id: str
    corpus: str
    sentence_id: str = ""

    @property
    def uncertain(self) -> bool:
        return bool(self.cues)

    @property
    def label(self) -> str:
        """``"uncertain"`` or ``"certain"``."""
        return "uncertain" if self.cues else "certain"

    @property
    def domain(self) -> str:
        """``"wiki"`` or ``"bio"`` (the sub-corpus family)."""
        return "wiki" if self.corpus.startswith("wiki") else "bio"

    @property
    def group(self) -> str:
        """A document key unique across corpora (``corpus:doc_id``), for grouped splits."""
        return f"{self.corpus}:{self.doc_id}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "cues": [c.to_dict() for c in self.cues],
            "doc_id": self.doc_id,
            "corpus": self.corpus,
            "sentence_id": self.sentence_id,
        }


@dataclass(frozen=True, slots=True)
class FactualitySentence:
    """One sentence of an event-factuality corpus (UW, MEANTIME).

    ``factuality[i]`` is the graded factuality (−3 certainly not … +3 certainly happened) of
    token ``i`` when it is an annotated event, else ``None``.
    """

    tokens: tuple[str, ...]
    factuality: tuple[float | None, ...]
    pos: tuple[str, ...]
    lemmas: tuple[str, ...]
    line: int
    #: Head index of each token (a root is its own head); empty when the file has none.
    heads: tuple[int, ...] = ()

    @property
    def text(self) -> str:
        """The tokens joined into plain text (see :func:`detokenize`)."""
        return detokenize(self.tokens)

    @property
    def event_values(self) -> list[float]:
        return [v for v in self.factuality if v is not None]

    @property
    def min_factuality(self) -> float | None:
        """The least factual event of the sentence, or ``None`` without events."""
        values = self.event_values
        return min(values) if values else None

    @property
    def main_event_factuality(self) -> float | None:
        """Factuality of the main event: the annotated event nearest the dependency root.

        Ties (several events at the same depth) go to the least factual one. Without heads
        every event counts as main, so this is :attr:`min_factuality`. ``None`` without events.
        """
        events = [i for i, v in enumerate(self.factuality) if v is not None]
        if not events:
            return None
        if len(self.heads) != len(self.tokens):
            return self.min_factuality

        def depth(index: int) -> int:
            steps = 0
            while 0 <= self.heads[index] < len(self.heads) and self.heads[index] != index:
                index = self.heads[index]
                steps += 1
                if steps > len(self.heads):  # a cycle: treat as deep
                    break
            return steps

        depths = {i: depth(i) for i in events}
        top = min(depths.values())
        return min(self.factuality[i] for i in events if depths[i] == top)  # type: ignore[type-var]

    @property
    def mean_factuality(self) -> float | None:
        values = self.event_values
        return sum(values) / len(values) if values else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "tokens": list(self.tokens),
            "factuality": list(self.factuality),
            "pos": list(self.pos),
            "lemmas": list(self.lemmas),
            "line": self.line,
        }


def _normalise_cue_type(raw: str) -> str:
    kind = raw.strip().rstrip("_").strip()
    if kind.startswith("speculation_"):
        kind = kind[len("speculation_") :]
    return kind.strip().rstrip("_").strip() or "unknown"


def _flatten(element: ET.Element, parts: list[str], cues: list[SzegedCue], offset: int) -> int:
    """Append the text of ``element`` (without its tail) to ``parts``; record ccue offsets.

    Returns the new offset. Children are walked recursively so nested markup keeps correct
    offsets; each child's tail follows the child.
    """
    if element.text:
        parts.append(element.text)
        offset += len(element.text)
    for child in element:
        start = offset
        offset = _flatten(child, parts, cues, offset)
        if child.tag.lower() == "ccue":
            cue_text = "".join(parts)[start:offset] if offset > start else ""
            cues.append(
                SzegedCue(start, offset, cue_text, _normalise_cue_type(child.get("type", "")))
            )
        if child.tail:
            parts.append(child.tail)
            offset += len(child.tail)
    return offset


def _szeged_files(path: Path) -> list[Path]:
    if path.is_dir():
        files = sorted(path.glob("*.xml"))
        if not files:
            raise DataError(str(path), "no Szeged *.xml files in this directory")
        return files
    if not path.is_file():
        raise DataError(str(path), "no such file or directory")
    return [path]


def _read_szeged_file(path: Path) -> list[SzegedSentence]:
    corpus = path.stem
    sentences: list[SzegedSentence] = []
    doc_id = ""
    doc_index = 0
    try:
        for event, elem in ET.iterparse(path, events=("start", "end")):
            tag = elem.tag
            if event == "start":
                if tag == "Document":
                    doc_index += 1
                    doc_id = f"doc{doc_index}"  # replaced by <DocID> when present
                continue
            if tag == "DocID" and elem.text and elem.text.strip():
                doc_id = elem.text.strip()
            elif tag.lower() == "sentence":
                parts: list[str] = []
                cues: list[SzegedCue] = []
                _flatten(elem, parts, cues, 0)
                text = "".join(parts)
                sentences.append(
                    SzegedSentence(text, tuple(cues), doc_id, corpus, elem.get("id", ""))
                )
                elem.clear()  # sentences are self-contained: free them as we go
    except ET.ParseError as exc:
        # expat reports bytes that are not in the declared encoding as "not well-formed".
        line = exc.position[0] if exc.position else None
        raise DataError(str(path), f"malformed Szeged XML ({exc.msg})", line=line) from None
    except UnicodeDecodeError as exc:
        raise DataError(str(path), f"not text in its declared encoding ({exc.reason})") from None
    except OSError as exc:
        raise DataError(str(path), f"cannot be read ({exc.strerror or exc})") from None
    return sentences


def read_szeged(
    path_or_dir: str | os.PathLike[str], *, skip_errors: bool = False
) -> tuple[list[SzegedSentence], dict[Path, int], list[DataError]]:
    """Read Szeged XML like :func:`load_szeged`, optionally leaving bad files out.

    Returns
    -------
    (sentences, files, skipped)
        The sentences; ``{file read: number of its sentences}``; and the errors of the files
        left out under ``skip_errors`` (an XML file cannot be skipped row by row).

    Raises
    ------
    DataError
        When the path is missing or a directory without ``*.xml``; or, unless
        ``skip_errors``, on the first file that cannot be read or parsed.
    """
    sentences: list[SzegedSentence] = []
    files: dict[Path, int] = {}
    skipped: list[DataError] = []
    for file in _szeged_files(Path(path_or_dir)):
        try:
            found = _read_szeged_file(file)
        except DataError as exc:
            if not skip_errors:
                raise
            skipped.append(exc)
            continue
        files[file] = len(found)
        sentences.extend(found)
    return sentences, files, skipped


def load_szeged(path_or_dir: str | os.PathLike[str]) -> list[SzegedSentence]:
    """Read one Szeged XML file, or every ``*.xml`` of a directory (sorted by name).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> xml = ('<Annotation><DocumentSet><Document><DocID>d1</DocID><DocumentPart>'
    ...        '<Sentence id="S1">It <ccue type="speculation_modal_probable_">may</ccue> rain.'
    ...        '</Sentence></DocumentPart></Document></DocumentSet></Annotation>')
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "toy.xml"
    >>> _ = p.write_text(xml)
    >>> s = load_szeged(p)[0]
    >>> s.text, s.cues[0].text, s.cues[0].type, s.label
    ('It may rain.', 'may', 'modal_probable', 'uncertain')
    """
    sentences: list[SzegedSentence] = []
    for file in _szeged_files(Path(path_or_dir)):
        sentences.extend(_read_szeged_file(file))
    return sentences


def document_split(
    sentences: Sequence[SzegedSentence], dev_fraction: float = 0.2, seed: int = 0
) -> tuple[list[SzegedSentence], list[SzegedSentence]]:
    """Split sentences into (train, dev) by document, per corpus, deterministically.

    Within each corpus the documents are shuffled with ``seed`` (after sorting, so the input
    order does not matter) and moved to dev until dev holds at least ``dev_fraction`` of that
    corpus's sentences; no document is in both parts. Corpora with a single document go to
    train.
    """
    if not 0.0 < dev_fraction < 1.0:
        raise ValueError(f"dev_fraction must be in (0, 1). Got {dev_fraction!r} instead.")
    by_corpus: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for s in sentences:
        by_corpus[s.corpus][s.doc_id] += 1
    dev_docs: set[tuple[str, str]] = set()
    for corpus in sorted(by_corpus):
        docs = by_corpus[corpus]
        if len(docs) < 2:
            continue
        order = sorted(docs)
        random.Random(f"{seed}:{corpus}").shuffle(order)
        target = math.ceil(dev_fraction * sum(docs.values()))
        taken = 0
        for doc in order[:-1]:  # keep at least one document for training
            if taken >= target:
                break
            dev_docs.add((corpus, doc))
            taken += docs[doc]
    train = [s for s in sentences if (s.corpus, s.doc_id) not in dev_docs]
    dev = [s for s in sentences if (s.corpus, s.doc_id) in dev_docs]
    return train, dev


_NO_SPACE_BEFORE = frozenset({".", ",", ";", ":", "!", "?", ")", "]", "}", "%", "''", "'s",
                              "n't", "'re", "'ve", "'ll", "'d", "'m", "-RRB-"})  # fmt: skip
_NO_SPACE_AFTER = frozenset({"(", "[", "{", "$", "``", "-LRB-"})
_BRACKETS = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "``": '"', "''": '"'}


def detokenize(tokens: Iterable[str]) -> str:
    """Join Penn-style tokens into readable text ("said ," -> "said,", "-LRB-" -> "(")."""
    out: list[str] = []
    glue = True
    for tok in tokens:
        shown = _BRACKETS.get(tok, tok)
        if out and not glue and tok not in _NO_SPACE_BEFORE and tok.lower() not in _NO_SPACE_BEFORE:
            out.append(" ")
        out.append(shown)
        glue = tok in _NO_SPACE_AFTER
    return "".join(out)


def _parse_factuality(value: str, path: str, line: int) -> float | None:
    if value == "_":
        return None
    try:
        number = float(value)
    except ValueError:
        raise DataError(path, f"factuality must be a number or '_'. Got {value!r}", line) from None
    if not -3.0 <= number <= 3.0:
        raise DataError(path, f"factuality must lie in [-3, 3]. Got {number}", line)
    return number


def load_factuality_conll(path: str | os.PathLike[str]) -> list[FactualitySentence]:
    """Read a UW / MEANTIME factuality file: tab-separated token rows, blank line between
    sentences (index, token, factuality or ``_``, POS, head, deprel, lemma).

    Raises
    ------
    DataError
        When the file is missing or a row is malformed (the line is named).
    """
    where = os.fspath(path)
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise DataError(where, f"cannot read factuality file ({exc.strerror})") from None
    sentences: list[FactualitySentence] = []
    rows: list[tuple[str, float | None, str, str, int | None]] = []
    first_line = 0

    def flush() -> None:
        if rows:
            sentences.append(
                FactualitySentence(
                    tokens=tuple(r[0] for r in rows),
                    factuality=tuple(r[1] for r in rows),
                    pos=tuple(r[2] for r in rows),
                    lemmas=tuple(r[3] for r in rows),
                    line=first_line,
                    heads=_heads(rows),
                )
            )
            rows.clear()

    for number, line in enumerate(lines, start=1):
        if not line.strip():
            flush()
            continue
        fields = line.split("\t")
        if len(fields) < 3:
            raise DataError(
                where, f"expected at least 3 tab-separated fields, got {len(fields)}", number
            )
        if not rows:
            first_line = number
        pos = fields[3] if len(fields) > 3 else ""
        lemma = fields[6] if len(fields) > 6 else fields[1].lower()
        head = int(fields[4]) if len(fields) > 4 and fields[4].lstrip("-").isdigit() else None
        rows.append((fields[1], _parse_factuality(fields[2], where, number), pos, lemma, head))
    flush()
    return sentences


def _heads(rows: Sequence[tuple[Any, ...]]) -> tuple[int, ...]:
    heads = [r[4] for r in rows]
    return () if any(h is None for h in heads) else tuple(heads)


def load_cue_standoff(
    path: str | os.PathLike[str], root: str | os.PathLike[str]
) -> list[SzegedSentence]:
    """Read standoff uncertainty annotations over article files under ``root``.

    Each non-comment row is ``file<TAB>start<TAB>end<TAB>label<TAB>cues``: the article file
    (relative to ``root``), the sentence's character offsets into it, ``certain`` or
    ``uncertain``, and the cues as comma-separated ``type:start-end`` (offsets relative to the
    sentence, ``-`` for none; types in :data:`CUE_STANDOFF_TYPES`). The annotation stores no
    article text: the sentences are read from ``root`` at evaluation time.

    Returns
    -------
    list of SzegedSentence
        With ``corpus="news"`` and ``doc_id`` the file name, so grouped splits work as for
        Szeged.

    Raises
    ------
    DataError
        When the annotation file or an article is missing, or a row is malformed or
        inconsistent (a label that disagrees with its cues, offsets outside the text).
    """
    where = os.fspath(path)
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise DataError(where, f"cannot read standoff annotations ({exc.strerror})") from None
    articles: dict[str, str] = {}
    sentences: list[SzegedSentence] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 5:
            raise DataError(where, f"expected 5 tab-separated fields, got {len(fields)}", number)
        name, start_field, end_field, label, cue_field = fields
        if name not in articles:
            try:
                articles[name] = (Path(root) / name).read_text(encoding="utf-8")
            except OSError as exc:
                raise DataError(
                    where, f"cannot read article {name!r} ({exc.strerror})", number
                ) from None
        article = articles[name]
        try:
            start, end = int(start_field), int(end_field)
        except ValueError:
            raise DataError(
                where, f"offsets must be integers. Got {start_field!r}", number
            ) from None
        if not 0 <= start < end <= len(article):
            raise DataError(where, f"offsets {start}-{end} lie outside {name!r}", number)
        text = article[start:end]
        cues = _standoff_cues(cue_field, text, where, number)
        if label != ("uncertain" if cues else "certain"):
            raise DataError(where, f"label {label!r} disagrees with cues {cue_field!r}", number)
        sentences.append(SzegedSentence(text, cues, name, "news", f"{start}-{end}"))
    return sentences


def _standoff_cues(field: str, text: str, where: str, number: int) -> tuple[SzegedCue, ...]:
    if field == "-":
        return ()
    cues: list[SzegedCue] = []
    for item in field.split(","):
        kind, _, span = item.partition(":")
        first, _, last = span.partition("-")
        if kind not in CUE_STANDOFF_TYPES or not first.isdigit() or not last.isdigit():
            raise DataError(where, f"a cue must be type:start-end. Got {item!r}", number)
        start, end = int(first), int(last)
        if not 0 <= start < end <= len(text):
            raise DataError(where, f"cue {item!r} lies outside its sentence", number)
        cues.append(SzegedCue(start, end, text[start:end], kind))
    return tuple(cues)
