"""Labelled data for ``credence train`` and ``credence evaluate``: one reader per model kind.

Each reader takes a :class:`DataRequest` (what the command line gave) and returns
:class:`LabelledData`; the model-kind registry (:mod:`credence.models.kinds`) names the reader
of each kind. The formats (``docs/training.md``):

- stance: JSONL rows ``{"claim", "evidence", "label"}`` (label agree/disagree/discuss/unrelated,
  optional ``evidence_id``, ``claim_id`` and any other field), or the FNC-1 CSV pair,
  optionally narrowed to one part of a topic split file;
- uncertainty: JSONL rows ``{"text", "label"}`` (label certain/uncertain, optional ``doc_id``),
  or Szeged XML (a file or a directory of them);
- claims (check-worthiness): CLEF-2019 CheckThat! task 1 TSV rows ``line, speaker, text,
  label`` (label 1 = check-worthy), a file or a directory of debates; the debate file is the
  row's ``doc_id``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from credence.errors import CredenceError, DataError
from credence.models.persistence import sha256_file
from credence.models.rows import SkippedRow, check_data_file

__all__ = [
    "DataRequest",
    "LabelledData",
    "load_labelled_data",
    "read_stance_data",
    "read_sentence_data",
    "read_checkworthiness_data",
]

# How many skipped rows a report lists (the count is always complete).
_SKIPPED_SHOWN = 5


@dataclass(frozen=True)
class DataRequest:
    """The labelled data a command names: a data path and the options that shape it.

    Parameters
    ----------
    data : str, optional
        A data file or directory (its format depends on the kind).
    bodies, stances : str, optional
        The FNC-1 CSV pair (stance), instead of ``data``.
    split_file, split : str, optional
        A topic split CSV (``Headline, Body ID, split``) and the part to keep (stance).
    skip_errors : bool
        Leave bad rows (bad Szeged files) out and list them instead of failing.
    """

    data: str | None = None
    bodies: str | None = None
    stances: str | None = None
    split_file: str | None = None
    split: str | None = None
    skip_errors: bool = False


@dataclass(frozen=True)
class LabelledData:
    """Labelled rows read for training or evaluation, and what was left out.

    ``claims`` holds the stance claims, or the sentences of a sentence kind (uncertainty,
    claims); ``evidences`` the stance evidence texts (``None`` for sentences). ``fields`` gives each
    row's scalar fields (the names ``--group-by`` accepts) and ``lines`` its line number.
    """

    kind: str
    source: str
    claims: list[str]
    evidences: list[str] | None
    labels: list[str]
    fields: list[dict[str, str]]
    lines: list[int | None]
    files: dict[str, str]
    skipped: list[SkippedRow] = field(default_factory=list)
    split: dict[str, Any] | None = None

    def __len__(self) -> int:
        return len(self.labels)

    def describe(self) -> dict[str, Any]:
        """The ``data`` block of a report."""
        return {
            "source": self.source,
            "files_sha256": dict(self.files),
            "rows": len(self.labels),
            "class_counts": dict(sorted(Counter(self.labels).items())),
            "skipped_rows": len(self.skipped),
            "skipped_examples": [str(s) for s in self.skipped[:_SKIPPED_SHOWN]],
            "split": self.split,
        }


def _scalar_fields(record: dict[str, Any]) -> dict[str, str]:
    return {
        str(k): str(v)
        for k, v in record.items()
        if isinstance(v, (str, int, float)) and not isinstance(v, bool) and str(v) != ""
    }


# --- reading ------------------------------------------------------------------------------


def _read_stance_jsonl(path: str, skip_errors: bool) -> LabelledData:
    from credence.models.stance_data import read_stance_rows

    rows, skipped = read_stance_rows(path, skip_errors=skip_errors)
    return LabelledData(
        kind="stance",
        source=path,
        claims=[p.claim for _, _, p in rows],
        evidences=[p.evidence for _, _, p in rows],
        labels=[p.label for _, _, p in rows],
        fields=[_scalar_fields(record) for _, record, _ in rows],
        lines=[line for line, _, _ in rows],
        files={Path(path).name: sha256_file(path)},
        skipped=skipped,
    )


def _read_fnc(bodies: str, stances: str) -> LabelledData:
    from credence.models.fnc import load_fnc

    pairs = load_fnc(check_data_file(bodies, "CSV file"), check_data_file(stances, "CSV file"))
    return LabelledData(
        kind="stance",
        source=stances,
        claims=[p.claim for p in pairs],
        evidences=[p.evidence for p in pairs],
        labels=[p.label for p in pairs],
        fields=[{"evidence_id": str(p.evidence_id), "label": p.label} for p in pairs],
        # load_fnc does not keep row numbers; the header is line 1 and a row may span lines.
        lines=[None] * len(pairs),
        files={Path(bodies).name: sha256_file(bodies), Path(stances).name: sha256_file(stances)},
    )


def _read_sentences(path: str, skip_errors: bool) -> LabelledData:
    p = Path(path)
    if not p.exists():
        raise DataError(path, "no such file or directory")
    if p.is_dir() or p.suffix.lower() == ".xml":
        from credence.models.szeged import read_szeged

        sentences, files, bad = read_szeged(p, skip_errors=skip_errors)
        return LabelledData(
            kind="uncertainty",
            source=path,
            claims=[s.text for s in sentences],
            evidences=None,
            labels=[s.label for s in sentences],
            fields=[{"doc_id": s.group, "corpus": s.corpus, "label": s.label} for s in sentences],
            lines=[None] * len(sentences),
            files={f.name: sha256_file(f) for f in files},
            skipped=[SkippedRow(e.path, e.line, e.reason) for e in bad],
        )
    from credence.models.sentence_data import read_sentence_rows

    rows, skipped = read_sentence_rows(path, skip_errors=skip_errors)
    return LabelledData(
        kind="uncertainty",
        source=path,
        claims=[s.text for _, _, s in rows],
        evidences=None,
        labels=[s.label for _, _, s in rows],
        fields=[_scalar_fields(record) for _, record, _ in rows],
        lines=[line for line, _, _ in rows],
        files={p.name: sha256_file(path)},
        skipped=skipped,
    )


def _apply_topic_split(data: LabelledData, split_file: str, split: str) -> LabelledData:
    from credence.models.stance_data import TOPIC_SPLITS, read_topic_split

    if split not in TOPIC_SPLITS:
        raise CredenceError(
            f"--split must be one of {', '.join(TOPIC_SPLITS)}. Got {split!r} instead."
        )
    assigned = read_topic_split(split_file)
    keep: list[int] = []
    unlisted = 0
    for i, (claim, row) in enumerate(zip(data.claims, data.fields, strict=True)):
        body = row.get("evidence_id", "")
        body = str(int(body)) if body.isdigit() else body
        name = assigned.get((claim, body))
        if name is None:
            unlisted += 1
        elif name == split:
            keep.append(i)
    if unlisted == len(data):
        raise DataError(
            split_file,
            f"lists none of the {len(data)} (headline, Body ID) pairs of {data.source}",
        )

    def pick(values: list[Any]) -> list[Any]:
        return [values[i] for i in keep]

    return LabelledData(
        kind=data.kind,
        source=data.source,
        claims=pick(data.claims),
        evidences=pick(data.evidences) if data.evidences is not None else None,
        labels=pick(data.labels),
        fields=pick(data.fields),
        lines=pick(data.lines),
        files={**data.files, Path(split_file).name: sha256_file(split_file)},
        skipped=data.skipped,
        split={
            "file": Path(split_file).name,
            "name": split,
            "rows_in_other_splits": len(data) - len(keep) - unlisted,
            "rows_not_listed": unlisted,
        },
    )


def _non_empty(loaded: LabelledData) -> LabelledData:
    if not len(loaded):
        skipped = f" ({len(loaded.skipped)} bad rows skipped)" if loaded.skipped else ""
        raise DataError(loaded.source, f"no rows{skipped}")
    return loaded


def _sentences_only(request: DataRequest, data_help: str) -> str:
    """The data path of a sentence kind, refusing the stance-only options."""
    if request.bodies or request.stances:
        raise CredenceError("--bodies and --stances are FNC-1 stance data, not sentences.")
    if request.data is None:
        raise CredenceError(f"Give {data_help}.")
    return request.data


def _no_split(request: DataRequest) -> None:
    if request.split_file is not None:
        raise CredenceError("--split-file applies to stance data (FNC-1 topic splits).")


def read_stance_data(request: DataRequest) -> LabelledData:
    """Stance pairs from JSONL, or from the FNC-1 CSVs narrowed to a topic split part."""
    bodies, stances = request.bodies, request.stances
    if bodies or stances:
        if not (bodies and stances):
            raise CredenceError("FNC-1 input needs both --bodies and --stances.")
        if request.data is not None:
            raise CredenceError("Give a JSONL data file or --bodies and --stances, not both.")
        loaded = _read_fnc(bodies, stances)
    else:
        if request.data is None:
            raise CredenceError("Give a JSONL data file, or --bodies and --stances for FNC-1.")
        loaded = _read_stance_jsonl(request.data, request.skip_errors)
    _non_empty(loaded)
    if request.split_file is not None and request.split is not None:
        loaded = _apply_topic_split(loaded, request.split_file, request.split)
        if not len(loaded):
            raise DataError(
                loaded.source, f"no rows in split {request.split!r} of {request.split_file}"
            )
    return loaded


def read_sentence_data(request: DataRequest) -> LabelledData:
    """Certain/uncertain sentences from JSONL or Szeged XML (a file or a directory)."""
    path = _sentences_only(request, "a JSONL file or Szeged XML (a file or a directory)")
    loaded = _non_empty(_read_sentences(path, request.skip_errors))
    _no_split(request)
    return loaded


def read_checkworthiness_data(request: DataRequest) -> LabelledData:
    """Check-worthy sentences from CLEF-2019 TSV: one debate file, or a directory of them.

    The debate file name is each row's ``doc_id`` (folds keep a debate together) and the
    label ``1`` is ``check-worthy``. The files are read whole: a bad row stops the command.
    """
    from credence.models.checkworthiness import LABELS, read_clef_dir, read_clef_file

    path = _sentences_only(request, "a CLEF-2019 TSV file or a directory of them")
    source = Path(path)
    if source.is_dir():
        debates = read_clef_dir(source)
        files = sorted(source.glob("*.tsv"))
    else:
        debates = {source.name: read_clef_file(check_data_file(source, "TSV file"))}
        files = [source]
    texts: list[str] = []
    labels: list[str] = []
    fields: list[dict[str, str]] = []
    for name, (debate_texts, debate_labels) in debates.items():
        texts.extend(debate_texts)
        labels.extend(LABELS[y] for y in debate_labels)
        fields.extend({"doc_id": name, "label": LABELS[y]} for y in debate_labels)
    loaded = LabelledData(
        kind="claims",
        source=path,
        claims=texts,
        evidences=None,
        labels=labels,
        fields=fields,
        lines=[None] * len(texts),
        files={f.name: sha256_file(f) for f in files},
    )
    _non_empty(loaded)
    _no_split(request)
    return loaded


def load_labelled_data(
    kind: str,
    data: str | None,
    *,
    bodies: str | None = None,
    stances: str | None = None,
    split_file: str | None = None,
    split: str | None = None,
    skip_errors: bool = False,
) -> LabelledData:
    """Read labelled rows of the model kind ``kind`` with the reader its registry entry names.

    Parameters
    ----------
    kind : str
        A registered model kind (:mod:`credence.models.kinds`).
    data : str or None
        A data file or directory; its format depends on the kind (``docs/training.md``).
    bodies, stances : str, optional
        The FNC-1 CSV pair (stance), instead of ``data``.
    split_file, split : str, optional
        A topic split CSV (``Headline, Body ID, split``) and the part to keep (``train``,
        ``dev`` or ``drop``); pairs are matched on headline and body id.
    skip_errors : bool
        Leave bad rows (bad Szeged files) out and list them instead of failing.

    Raises
    ------
    DataError
        Naming the file (and line) of any unreadable input, or ``FILE: no rows`` when
        nothing usable is left.
    CredenceError
        On an unknown kind or inconsistent options.
    """
    from credence.models.kinds import get_kind

    reader = get_kind(kind).function("read_data")
    if (split_file is None) != (split is None):
        raise CredenceError("--split-file and --split go together: give both or neither.")
    request = DataRequest(data, bodies, stances, split_file, split, skip_errors)
    return reader(request)
