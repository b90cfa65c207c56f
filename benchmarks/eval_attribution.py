"""Evaluate the attribution extractor on PolNeAR (brat standoff) source, cue and content spans.

Usage::

    .venv/bin/python benchmarks/eval_attribution.py [--split dev|train] [--data PATH]
        [--model DIR | --rules]

Prints span precision/recall/F1 for sources, cues and contents (exact offsets, and overlap
with a one-to-one greedy matching) for the extractor as shipped (the trained tagger) and,
beside it, for the hand-written rules alone (the baseline) on the same articles. Articles
annotated by several annotators are scored against the first annotation file (sorted by
name), so every article counts once. The trained model never saw the dev articles: it is
fitted on the training articles and its decoding threshold is tuned on a held-out quarter of
them (credence.models.attribution_training), so dev chooses nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from credence.features.attribution import AttributionExtractor
from credence.models.attribution_data import SpanScore, articles

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "attribution" / "polnear"
TARGETS = {"source": 0.80, "cue": 0.75, "content": 0.70}


def evaluate(
    split_dir: Path, extractor: AttributionExtractor | None = None
) -> dict[str, SpanScore]:
    """Scores for ``source``, ``cue`` and ``content`` over one split."""
    extractor = extractor or AttributionExtractor()
    scores = {"source": SpanScore(), "cue": SpanScore(), "content": SpanScore()}
    for _, text, gold in articles(split_dir):
        found = extractor.extract(text)
        # A continuation reuses its relation's source and cue: each span counts once.
        scores["source"].add([((a.source.start, a.source.end),) for a in found], gold.sources)
        scores["cue"].add([((a.cue.start, a.cue.end),) for a in found], gold.cues)
        scores["content"].add([((a.content.start, a.content.end),) for a in found], gold.contents)
    return scores


def _print(label: str, scores: dict[str, SpanScore]) -> None:
    print(f"{label}")
    print(f"  {'span':8} {'match':8} {'P':>6} {'R':>6} {'F1':>6}  (pred / gold)")
    for name, score in scores.items():
        for match, (p, r, f) in (("exact", score.exact()), ("overlap", score.overlap())):
            target = f"  target {TARGETS[name]:.2f}" if match == "overlap" else ""
            print(
                f"  {name:8} {match:8} {p:6.3f} {r:6.3f} {f:6.3f}"
                f"  ({score.n_pred} / {score.n_gold}){target}"
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", choices=["dev", "train"])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--model", default="default", help="attribution model directory")
    parser.add_argument("--rules", action="store_true", help="the hand-written rules only")
    args = parser.parse_args(argv)
    split_dir = args.data / args.split
    if not split_dir.is_dir():
        print(f"Error: PolNeAR split not found at {split_dir}", file=sys.stderr)
        return 1
    n_articles = sum(1 for _ in articles(split_dir))
    print(f"PolNeAR {args.split}: {n_articles} articles")
    if not args.rules:
        _print(
            f"trained tagger ({args.model})",
            evaluate(split_dir, AttributionExtractor(model=args.model)),
        )
    _print("hand-written rules (baseline)", evaluate(split_dir, AttributionExtractor(model=None)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
