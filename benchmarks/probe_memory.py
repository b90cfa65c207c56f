"""What holds the memory of the cross-article stage: live Python memory after each stage.

Runs the stages of :func:`credence.scoring.corroboration.corroborate` one by one over N
articles (``bench_corroboration.load_articles``: FNC-1 bodies, PolNeAR articles and their
variants) and prints, after each stage, the memory Python holds (tracemalloc, current and
peak since the previous stage) and the process's peak RSS, then the sizes of what the
result keeps (analyses, rows, evidence items, scored claims, their JSON).

    python benchmarks/probe_memory.py --articles 1000
    python benchmarks/probe_memory.py --articles 1000 --cache /tmp/analyses_1000.pickle

``--cache FILE`` keeps the analyses (a pickle you made; not shipped) so that a second probe
skips the analysis stage. Tracing slows the run about threefold: times are not figures.
"""

from __future__ import annotations

import argparse
import gc
import json
import pickle
import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


class _Stages:
    def __init__(self) -> None:
        self.started = time.perf_counter()
        tracemalloc.reset_peak()

    def mark(self, name: str) -> None:
        gc.collect()
        current, peak = tracemalloc.get_traced_memory()
        print(
            f"{name:<28} live {current / 2**20:8.1f} MB  stage peak {peak / 2**20:8.1f} MB  "
            f"RSS peak {_rss_mb():8.1f} MB  {time.perf_counter() - self.started:7.1f} s",
            flush=True,
        )
        tracemalloc.reset_peak()
        self.started = time.perf_counter()


def _analyses(n: int, cache: Path | None) -> list:
    if cache is not None and cache.exists():
        with open(cache, "rb") as handle:
            return pickle.load(handle)  # noqa: S301 - the probe's own cache
    from bench_corroboration import load_articles

    from credence.scoring.scorer import Scorer

    analyses = Scorer.load().analyze(load_articles(n))
    if cache is not None:
        with open(cache, "wb") as handle:
            pickle.dump(analyses, handle, protocol=pickle.HIGHEST_PROTOCOL)
    return analyses


def probe(n: int, cache: Path | None) -> None:
    """Print the live memory after each stage of corroborate over ``n`` articles."""
    import numpy as np

    from credence.scoring import corroboration as co
    from credence.scoring.scorer import Scorer

    scorer = Scorer.load()
    stance, uncertainty = co.load_default_models(None, scorer.uncertainty_model)
    tracemalloc.start()
    stages = _Stages()
    analyses = _analyses(n, cache)
    stages.mark(f"analyses ({len(analyses)})")
    priors = co.ScoringPriors()
    rows, copies = co.fold_copies(co.build_rows(analyses, priors), priors)
    stages.mark(f"claim rows ({len(rows)})")
    texts = [r.claim.text for r in rows]
    X, vectorizer = co.claim_vectors(texts)
    vocabulary = list(vectorizer.get_feature_names_out())
    stages.mark(f"tf-idf ({X.nnz} nnz)")
    asserted = [r.asserted or r.claim.text for r in rows]
    read = co._read_pairs(rows, asserted, X, stance, priors, co._Blocking(10, 0.05, 200, 365))
    stages.mark(f"pairs read ({len(read.pairs)})")
    linked = read.linked.tolist()
    stories = co.build_stories(rows, analyses, linked, X, vocabulary)
    del X, vocabulary
    stages.mark(f"stories ({len(stories)}), X dropped")
    items = co.evidence_items(rows, read.pairs, read.proba, priors)
    del read
    stages.mark(f"evidence items ({len(items)})")
    names = co._source_index(rows)
    tables, by_claim, labels = co.build_tables(rows, items, names, priors)
    fit = co._fit_reliability(rows, items, tables, names, priors, 1e-4, 50)
    scores = co.score_arrays(tables, fit.reliability, priors, fit.reliability[tables.claim_source])
    del tables
    hedging = co.uncertainty_probabilities(uncertainty, texts)
    stages.mark(f"reliability+hedging ({len(names)} sources)")
    stage = co.ScoringStage(
        rows=rows,
        analyses=analyses,
        items=items,
        by_claim=by_claim,
        labels=labels,
        scores=(*scores, hedging),
        reliability={name: float(fit.reliability[k]) for name, k in names.items()},
        cue_reasons=co.hedge_cue_reasons(uncertainty, rows, hedging),
        slips=co.attribute_conflicts(
            rows, analyses, co.story_articles(rows, len(analyses), linked)
        ),
        copies=copies,
        stories=stories,
        fit=fit,
        counts=(0, 0),
        blocking=None,
        priors=priors,
    )
    stages.mark("cue reasons+attribute slips")
    size = 0
    for claim in stage.scored_claims():
        size += len(json.dumps(claim.to_dict(), ensure_ascii=False))
    stages.mark(f"streamed claims ({size / 2**20:.1f} MB of JSON)")
    stage.tally = None
    scored = list(stage.scored_claims())
    stages.mark(f"kept scored claims ({len(scored)})")
    lines = [json.dumps(c.to_dict(), ensure_ascii=False) for c in scored]
    stages.mark("kept JSON lines")
    del lines
    del scored
    stage.analyses = [co._spanless(a) for a in analyses]
    for row in rows:
        row.analysis = stage.analyses[row.article_index]
    del analyses
    stages.mark("analyses without spans")
    print(f"copies {len(copies)}; hedging {np.asarray(hedging).nbytes} bytes")


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments and run the probe."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--cache", type=Path, default=None)
    args = parser.parse_args(argv)
    probe(args.articles, args.cache)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
