r"""PolNeAR attribution data (brat standoff) and the span scores the attribution model reports.

``<split>/text/<name>.txt`` holds an article and ``<split>/attributions/<name>_<annotator>.ann``
its annotation: ``T<n>\t<Type> <start> <end>[;<start> <end>]\t<text>`` lines with Type in
Source, Cue, Content. Articles annotated by several annotators are read from the first
annotation file (sorted by name), so every article counts once.

The scores are those of ``benchmarks/eval_attribution.py``: exact-offset and overlap
precision, recall and F1 with a one-to-one greedy matching.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Segment", "Gold", "parse_ann", "articles", "unlabelled_news", "SpanScore"]

Segment = tuple[int, int]
_LABELS = {"Source": "SRC", "Cue": "CUE", "Content": "CON"}


@dataclass(frozen=True)
class Gold:
    """The annotated spans of one article by tagger label (``SRC``, ``CUE``, ``CON``)."""

    spans: dict[str, list[tuple[Segment, ...]]] = field(default_factory=dict)

    @property
    def sources(self) -> list[tuple[Segment, ...]]:
        return self.spans.get("SRC", [])

    @property
    def cues(self) -> list[tuple[Segment, ...]]:
        return self.spans.get("CUE", [])

    @property
    def contents(self) -> list[tuple[Segment, ...]]:
        return self.spans.get("CON", [])


def parse_ann(path: Path) -> Gold:
    """Source, Cue and Content spans of one .ann file; discontinuous spans keep every piece."""
    spans: dict[str, list[tuple[Segment, ...]]] = {label: [] for label in _LABELS.values()}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("T"):
            continue
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        kind, _, offsets = parts[1].partition(" ")
        if kind not in _LABELS:
            continue
        segments = []
        for piece in offsets.split(";"):
            start, end = piece.split()
            segments.append((int(start), int(end)))
        spans[_LABELS[kind]].append(tuple(segments))
    return Gold(spans)


def articles(split_dir: Path) -> Iterator[tuple[str, str, Gold]]:
    """``(name, text, gold)`` for each annotated article of a PolNeAR split."""
    anns = sorted((split_dir / "attributions").glob("*.ann"))
    by_stem: dict[str, Path] = {}
    for ann in anns:
        by_stem.setdefault(ann.stem.rsplit("_", 1)[0], ann)
    for text_path in sorted((split_dir / "text").glob("*.txt")):
        ann = by_stem.get(text_path.stem)
        if ann is not None:
            yield text_path.stem, text_path.read_text(encoding="utf-8"), parse_ann(ann)


def _overlaps(a: tuple[Segment, ...], b: tuple[Segment, ...]) -> bool:
    return any(min(x[1], y[1]) > max(x[0], y[0]) for x in a for y in b)


@dataclass
class SpanScore:
    """Exact and overlap matches of predicted spans against gold spans, summed over articles."""

    tp_exact: int = 0
    tp_overlap: int = 0
    n_pred: int = 0
    n_gold: int = 0

    def add(self, pred: Iterable[tuple[Segment, ...]], gold: Iterable[tuple[Segment, ...]]) -> None:
        """Count one article's predicted and gold spans (each distinct span once)."""
        pred = sorted(set(pred))
        gold = sorted(set(gold))
        self.n_pred += len(pred)
        self.n_gold += len(gold)
        gold_set = set(gold)
        self.tp_exact += sum(p in gold_set for p in pred)
        used: set[int] = set()
        for p in pred:
            for i, g in enumerate(gold):
                if i not in used and _overlaps(p, g):
                    used.add(i)
                    self.tp_overlap += 1
                    break

    @staticmethod
    def _prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
        p = tp / n_pred if n_pred else 0.0
        r = tp / n_gold if n_gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    def exact(self) -> tuple[float, float, float]:
        """Precision, recall and F1 of exact-offset matches."""
        return self._prf(self.tp_exact, self.n_pred, self.n_gold)

    def overlap(self) -> tuple[float, float, float]:
        """Precision, recall and F1 of overlap matches (one gold span per prediction)."""
        return self._prf(self.tp_overlap, self.n_pred, self.n_gold)

    def summary(self) -> dict[str, float]:
        """Rounded figures for a manifest."""
        (ep, er, ef), (op, orr, of) = self.exact(), self.overlap()
        return {
            "exact_p": round(ep, 4),
            "exact_r": round(er, 4),
            "exact_f1": round(ef, 4),
            "overlap_p": round(op, 4),
            "overlap_r": round(orr, 4),
            "overlap_f1": round(of, 4),
            "n_pred": self.n_pred,
            "n_gold": self.n_gold,
        }


def unlabelled_news(polnear_dir: Path) -> Iterator[str]:
    """News texts read without their labels, for the tagger's word clusters: PolNeAR's
    training articles (never dev) and, when present beside them, the FNC-1 training bodies
    (``<data>/fnc1/train_bodies.csv``, ``<data>`` two folders above ``polnear_dir``).
    """
    for path in sorted((polnear_dir / "train" / "text").glob("*.txt")):
        yield path.read_text(encoding="utf-8")
    bodies = polnear_dir.parent.parent / "fnc1" / "train_bodies.csv"
    if bodies.is_file():
        csv.field_size_limit(1 << 24)
        with bodies.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                yield row["articleBody"]
