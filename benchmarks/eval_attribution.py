"""Evaluate the attribution extractor on PolNeAR (brat standoff) source, cue and content spans.

Usage::

    /work/venv/bin/python benchmarks/eval_attribution.py [--split dev|train] [--data PATH]

Prints span precision/recall/F1 for sources and cues (exact offsets, and overlap with a
one-to-one greedy matching) and content overlap F1. Articles annotated by several annotators
are scored against the first annotation file (sorted by name), so every article counts once.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from credence.features.attribution import AttributionExtractor

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "attribution" / "polnear"

Segment = tuple[int, int]


@dataclass(frozen=True)
class Gold:
    sources: list[tuple[Segment, ...]]
    cues: list[tuple[Segment, ...]]
    contents: list[tuple[Segment, ...]]


def parse_ann(path: Path) -> Gold:
    """Source, Cue and Content spans of one .ann file; discontinuous spans keep every piece."""
    spans: dict[str, list[tuple[Segment, ...]]] = {"Source": [], "Cue": [], "Content": []}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("T"):
            continue
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        label, _, offsets = parts[1].partition(" ")
        if label not in spans:
            continue
        segments = []
        for piece in offsets.split(";"):
            start, end = piece.split()
            segments.append((int(start), int(end)))
        spans[label].append(tuple(segments))
    return Gold(spans["Source"], spans["Cue"], spans["Content"])


def articles(split_dir: Path) -> Iterable[tuple[str, str, Gold]]:
    """``(name, text, gold)`` for each article of a PolNeAR split."""
    anns = sorted((split_dir / "attributions").glob("*.ann"))
    seen: set[str] = set()
    for text_path in sorted((split_dir / "text").glob("*.txt")):
        stem = text_path.stem
        if stem in seen:
            continue
        matching = [a for a in anns if a.stem.rsplit("_", 1)[0] == stem]
        if not matching:
            continue
        seen.add(stem)
        yield stem, text_path.read_text(encoding="utf-8"), parse_ann(matching[0])


def _overlaps(a: tuple[Segment, ...], b: tuple[Segment, ...]) -> bool:
    return any(min(x[1], y[1]) > max(x[0], y[0]) for x in a for y in b)


@dataclass
class Score:
    tp_exact: int = 0
    tp_overlap: int = 0
    n_pred: int = 0
    n_gold: int = 0

    def add(self, pred: list[tuple[Segment, ...]], gold: list[tuple[Segment, ...]]) -> None:
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
        return self._prf(self.tp_exact, self.n_pred, self.n_gold)

    def overlap(self) -> tuple[float, float, float]:
        return self._prf(self.tp_overlap, self.n_pred, self.n_gold)


def evaluate(split_dir: Path, extractor: AttributionExtractor | None = None) -> dict[str, Score]:
    """Scores for ``source``, ``cue`` and ``content`` over one split."""
    extractor = extractor or AttributionExtractor()
    scores = {"source": Score(), "cue": Score(), "content": Score()}
    n_articles = 0
    for _, text, gold in articles(split_dir):
        n_articles += 1
        found = extractor.extract(text)
        # A gerund continuation reuses its clause's source span: count each span once.
        scores["source"].add([((a.source.start, a.source.end),) for a in found], gold.sources)
        scores["cue"].add([((a.cue.start, a.cue.end),) for a in found], gold.cues)
        scores["content"].add([((a.content.start, a.content.end),) for a in found], gold.contents)
    scores["_articles"] = n_articles  # type: ignore[assignment]
    return scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", choices=["dev", "train"])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args(argv)
    split_dir = args.data / args.split
    if not split_dir.is_dir():
        print(f"Error: PolNeAR split not found at {split_dir}", file=sys.stderr)
        return 1
    scores = evaluate(split_dir)
    print(f"PolNeAR {args.split}: {scores.pop('_articles')} articles")
    print(f"{'span':8} {'match':8} {'P':>6} {'R':>6} {'F1':>6}  (pred / gold)")
    for name, score in scores.items():
        rows = [("overlap", score.overlap())]
        if name != "content":
            rows.insert(0, ("exact", score.exact()))
        for match, (p, r, f) in rows:
            print(
                f"{name:8} {match:8} {p:6.3f} {r:6.3f} {f:6.3f}  ({score.n_pred} / {score.n_gold})"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
