"""Sentence splitters side by side: credence's own and pySBD (issue 16).

    python benchmarks/compare_sentence_splitters.py            # table + FNC-1 bodies
    python benchmarks/compare_sentence_splitters.py --repeats 5

Prints, for each splitter, the share of rows of the golden-rule-style table
``tests/fixtures/sentence_rules.tsv`` whose sentences it finds exactly (overall and per
kind where they differ), then its speed on the FNC-1 bodies (median MB/s of ``--repeats``
rounds, the splitters alternating in each round) and the ratio of the two. pySBD is the
optional extra ``compare`` (``pip install -e '.[compare]'``); without it only credence is
measured and the reason is printed. The bodies are read from
``../shared/data/fnc1/train_bodies.csv`` beside the repository (or ``--bodies``), never
copied; without them only the table is scored.

credence splits paragraphs first (blank lines, one paragraph a line); pySBD is given each
paragraph of credence's paragraph split, so that both judge the same sentence boundaries.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from credence.features.segment import segment, split_paragraphs  # noqa: E402

TABLE = ROOT / "tests" / "fixtures" / "sentence_rules.tsv"
DEFAULT_BODIES = ROOT.parent / "shared" / "data" / "fnc1" / "train_bodies.csv"

Splitter = Callable[[str], list[str]]


def read_table(path: Path) -> list[tuple[str, str, list[str]]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, text, *sentences = (cell.replace("\\n", "\n") for cell in line.split("\t"))
        rows.append((kind, text, sentences))
    return rows


def credence_sentences(text: str) -> list[str]:
    return [sentence.text for sentence in segment(text)[1]]


def pysbd_splitter() -> Splitter | None:
    try:
        import pysbd
    except ImportError:
        return None
    segmenter = pysbd.Segmenter(language="en", clean=False)

    def split(text: str) -> list[str]:
        out = []
        for paragraph in split_paragraphs(text):
            out.extend(s.strip() for s in segmenter.segment(paragraph.text) if s.strip())
        return out

    return split


def score_table(split: Splitter, rows: list[tuple[str, str, list[str]]]) -> dict[str, list[bool]]:
    by_kind: dict[str, list[bool]] = defaultdict(list)
    for kind, text, expected in rows:
        by_kind[kind].append(split(text) == expected)
    return by_kind


def load_bodies(path: Path) -> list[str]:
    csv.field_size_limit(10_000_000)
    with path.open(encoding="utf-8", newline="") as handle:
        return [row["articleBody"] for row in csv.DictReader(handle)]


def time_split(split: Splitter, bodies: list[str]) -> float:
    start = time.perf_counter()
    for body in bodies:
        split(body)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bodies", type=Path, default=DEFAULT_BODIES)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    splitters: dict[str, Splitter] = {"credence": credence_sentences}
    sbd = pysbd_splitter()
    if sbd is None:
        print("pySBD: not installed (pip install -e '.[compare]'): credence only")
    else:
        splitters["pysbd"] = sbd

    rows = read_table(TABLE)
    scores = {name: score_table(split, rows) for name, split in splitters.items()}
    print(f"Table {TABLE.relative_to(ROOT)}: {len(rows)} rows")
    for name, by_kind in scores.items():
        right = sum(sum(v) for v in by_kind.values())
        print(f"  {name:9s} {right:4d}/{len(rows)} rows right ({100 * right / len(rows):.1f} %)")
    if len(scores) > 1:
        print("  kinds where they differ (rows right):")
        for kind in sorted(scores["credence"]):
            counts = {name: sum(by_kind[kind]) for name, by_kind in scores.items()}
            if len(set(counts.values())) > 1:
                cells = "  ".join(f"{name} {count}" for name, count in counts.items())
                print(f"    {kind:28s} of {len(scores['credence'][kind])}: {cells}")

    if not args.bodies.is_file():
        print(f"FNC-1 bodies not found at {args.bodies}: speed not measured")
        return
    bodies = load_bodies(args.bodies)
    megabytes = sum(len(body.encode("utf-8")) for body in bodies) / 1e6
    timings: dict[str, list[float]] = defaultdict(list)
    for _ in range(args.repeats):
        for name, split in splitters.items():
            timings[name].append(time_split(split, bodies))
    print(f"FNC-1 bodies: {len(bodies)} bodies, {megabytes:.2f} MB, median of {args.repeats}")
    base = statistics.median(timings["credence"])
    for name, seconds in timings.items():
        median = statistics.median(seconds)
        print(
            f"  {name:9s} {median:7.2f} s  {megabytes / median:8.2f} MB/s  "
            f"x{median / base:.1f} credence's time"
        )


if __name__ == "__main__":
    main()
