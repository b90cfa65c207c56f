"""Evaluate the "does not look like English" check on the English news texts of the labelled data.

Usage (from the repository root)::

    python benchmarks/eval_language.py

English texts: every PolNeAR article (train and dev) and every FNC-1 body (``../shared/data``).
A flagged English text is a false alarm; the check should flag none. Beside it, a simple
baseline: "more than 2 % of the letters are not ASCII". Foreign texts: the hand-written samples
of ``tests/test_language.py`` (one news item in eight languages) plus any FNC-1 body the check
flags, printed so that it can be read (two FNC-1 bodies are in French).

Also prints the median time of the check on a 20,000-character text (the most it reads).
"""

from __future__ import annotations

import csv
import statistics
import sys
import time
from pathlib import Path

from credence.language import ENGLISH_SHARE_THRESHOLD, english_word_share

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(ROOT / "tests"))


def _non_ascii_baseline(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(not c.isascii() for c in letters) / len(letters) > 0.02


def _english_texts() -> list[tuple[str, str]]:
    texts = [
        (str(path.relative_to(DATA)), path.read_text(encoding="utf-8"))
        for path in sorted((DATA / "attribution" / "polnear").glob("*/text/*.txt"))
    ]
    csv.field_size_limit(10**8)
    with (DATA / "fnc1" / "train_bodies.csv").open(encoding="utf-8") as fh:
        texts += [(f"fnc1 body {row['Body ID']}", row["articleBody"]) for row in csv.DictReader(fh)]
    return texts


def main() -> None:
    if not (DATA / "README.md").is_file():
        sys.exit(f"labelled data not found at {DATA}")
    from test_language import SAMPLES

    texts = _english_texts()
    judged = [(name, text, english_word_share(text)) for name, text in texts]
    judged = [(name, text, share) for name, text, share in judged if share is not None]
    shares = [share for _, _, share in judged]
    flagged = [
        (name, text, share) for name, text, share in judged if share < ENGLISH_SHARE_THRESHOLD
    ]
    baseline = [name for name, text, _ in judged if _non_ascii_baseline(text)]
    print(f"texts judged (>= 20 words): {len(judged)} of {len(texts)}")
    low, median = min(shares), statistics.median(shares)
    print(f"English function-word share: min {low:.3f}, median {median:.3f}")
    check = f"share < {ENGLISH_SHARE_THRESHOLD:.2f}"
    print(f"{'':28}{check:>16}{'non-ASCII > 2%':>16}")
    print(f"{'flagged (English corpora)':28}{len(flagged):>16}{len(baseline):>16}")
    foreign_hits = sum(english_word_share(t) < ENGLISH_SHARE_THRESHOLD for t in SAMPLES.values())
    foreign_base = sum(_non_ascii_baseline(t) for t in SAMPLES.values())
    print(f"{'flagged (8 foreign samples)':28}{foreign_hits:>16}{foreign_base:>16}")
    for name, text, share in flagged:
        print(f"  check flags {name} (share {share:.3f}): {text[:60]!r}")
    for name in baseline:
        print(f"  baseline flags {name}")

    sample = (" ".join(text for _, text, _ in judged))[:20_000]
    runs = []
    for _ in range(21):
        start = time.perf_counter()
        english_word_share(sample)
        runs.append(time.perf_counter() - start)
    print(f"check on 20,000 characters: median {statistics.median(runs) * 1e3:.2f} ms")


if __name__ == "__main__":
    main()
