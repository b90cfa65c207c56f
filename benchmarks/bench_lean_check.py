"""What the lean reader costs ``credence check``: one claim checked against a story's articles.

Checks one claim against each folder of ``examples/`` (three to five articles each) under
each ``--settings`` (:class:`CheckSettings` specs as in ``eval_truth.py``; by default
``article_reader=stance`` and ``article_reader=lean``), alternating, and prints the median
seconds per check of each and its ratio to the first. The models are loaded and warmed first.

    nice python benchmarks/bench_lean_check.py [--repeats 5] [--settings SPEC [SPEC ...]]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from credence import Article, Scorer
from credence.models.lean import load_lean
from credence.models.persistence import default_model_dir
from credence.scoring.check import check_claim
from credence.scoring.check_settings import settings_from_spec
from credence.scoring.evidence import pair_reader

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument(
        "--settings", nargs="+", default=["article_reader=stance", "article_reader=lean"]
    )
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
    seconds: dict[str, list[float]] = {spec: [] for spec in args.settings}
    for repeat in range(args.repeats + 1):
        for spec in seconds:
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
                    settings=settings_from_spec(spec),
                )
            if repeat:  # the first round warms caches and lazy models
                seconds[spec].append((time.perf_counter() - started) / len(stories))
    medians = {spec: statistics.median(values) for spec, values in seconds.items()}
    first = medians[args.settings[0]]
    print(f"check of one claim against a story of examples/ ({len(stories)} stories)")
    for spec, median in medians.items():
        print(f"  {spec:<60} median {median * 1000:.0f} ms per check ({median / first:.2f}x)")


if __name__ == "__main__":
    main()
