"""What reading claim pairs with the agreement model costs ``score`` (issue 14 item 7: <= 30 %).

Scores the same articles with ``Scorer.load()`` (the bundled agreement model reads the claim
pairs) and with the same scorer reading them with the stance model instead, alternating, in
one process (models loaded and warmed once), and prints the median of ``--rounds`` rounds of
each and their ratio. Articles: the first ``--bodies`` FNC-1 bodies, scored as one set.

    python benchmarks/bench_agreement_score.py [--bodies 150] [--rounds 3]
"""

from __future__ import annotations

import argparse
import csv
import statistics
import time
from pathlib import Path

from credence import Article, Scorer

ROOT = Path(__file__).resolve().parents[1]


def _bodies(data: Path, n: int) -> list[Article]:
    csv.field_size_limit(1 << 30)
    with open(data / "fnc1" / "train_bodies.csv", newline="", encoding="utf-8") as f:
        rows = sorted(csv.DictReader(f), key=lambda r: int(r["Body ID"]))[:n]
    return [
        Article(id=f"fnc-{r['Body ID']}", text=r["articleBody"], outlet=f"outlet-{r['Body ID']}")
        for r in rows
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--bodies", type=int, default=150)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    articles = _bodies(args.data, args.bodies)
    agreement = Scorer.load()
    if agreement.agreement_model is None:
        raise SystemExit("Error: no bundled agreement model (build it with build_default)")
    stance = Scorer(
        agreement.stance_model,
        agreement.uncertainty_model,
        agreement.claim_model,
        extractors=agreement.extractors,
    )
    times: dict[str, list[float]] = {"stance": [], "agreement": []}
    for scorer in (stance, agreement):  # warm-up: lazy models load, caches fill
        scorer.score(articles[:5])
    for _ in range(args.rounds):
        for name, scorer in (("stance", stance), ("agreement", agreement)):
            start = time.perf_counter()
            scorer.score(articles)
            times[name].append(time.perf_counter() - start)
    medians = {name: statistics.median(values) for name, values in times.items()}
    print(f"score of {len(articles)} FNC-1 bodies as one set, median of {args.rounds} rounds:")
    for name, value in medians.items():
        print(f"  claim pairs read by the {name:<9} model: {value:6.2f} s")
    print(f"  ratio agreement / stance: {medians['agreement'] / medians['stance']:.2f}")


if __name__ == "__main__":
    main()
