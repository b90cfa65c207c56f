"""What the lean reader costs ``credence check``: one claim checked against a story's articles.

Checks one claim against each folder of ``examples/`` (three to five articles each) with
``article_reader="stance"`` (the default) and ``"lean"``, alternating, and prints the median
seconds per check of each and their ratio. The models are loaded and warmed first.

    nice python benchmarks/bench_lean_check.py [--repeats 5]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from credence import Article, Scorer
from credence.models.lean import load_lean
from credence.models.persistence import default_model_dir
from credence.scoring.check import CheckSettings, check_claim
from credence.scoring.evidence import pair_reader

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    scorer = Scorer.load()
    lean = load_lean(default_model_dir("lean"))
    stories = []
    for folder in sorted(p for p in (ROOT / "examples").iterdir() if p.is_dir()):
        articles = [
            Article(id=f.stem, text=f.read_text(encoding="utf-8"), outlet=f.stem)
            for f in sorted(folder.glob("*.txt"))
        ]
        analyses = scorer.analyze(articles)
        # The claim: the first sentence of the first article, as a person would copy it.
        stories.append((analyses[0].sentences[0].text, analyses))
    pairs = pair_reader(scorer.stance_model, scorer.agreement_model)
    seconds: dict[str, list[float]] = {"stance": [], "lean": []}
    for repeat in range(args.repeats + 1):
        for reader in seconds:
            started = time.perf_counter()
            for claim, analyses in stories:
                check_claim(
                    claim,
                    analyses,
                    stance_model=pairs,
                    uncertainty_model=scorer.uncertainty_model,
                    extractors=scorer.extractors,
                    article_model=scorer.stance_model,
                    lean_model=lean,
                    settings=CheckSettings(article_reader=reader),
                )
            if repeat:  # the first round warms caches and lazy models
                seconds[reader].append((time.perf_counter() - started) / len(stories))
    stance, lean_s = statistics.median(seconds["stance"]), statistics.median(seconds["lean"])
    print(f"check of one claim against a story of examples/ ({len(stories)} stories)")
    print(f"  article_reader=stance  median {stance * 1000:.0f} ms per check")
    print(f"  article_reader=lean    median {lean_s * 1000:.0f} ms per check")
    print(f"  lean / stance: {lean_s / stance:.2f}x")


if __name__ == "__main__":
    main()
