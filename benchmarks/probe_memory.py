"""What holds the memory of the cross-article stage: live Python memory after each stage.

Runs the stages of :func:`credence.scoring.corroboration.corroborate` one by one over N
articles (``bench_corroboration.load_articles``: FNC-1 bodies, PolNeAR articles and their
variants) and prints, after each stage, the memory Python holds (tracemalloc, current and
peak since the previous stage) and the process's peak RSS, then the sizes of what the
result keeps (analyses, rows, evidence items, scored claims, their JSON).

    python benchmarks/probe_memory.py --articles 1000
    python benchmarks/probe_memory.py --articles 1000 --cache /tmp/analyses_1000.pickle

``--cache FILE`` keeps the analyses (a pickle you made; not shipped) so that a second probe
skips the analysis stage. Tracing slows the run about threefold: times are not figures
(``--no-trace``: RSS now and peak, and times, per stage; ``--top K``: the K source lines
holding the most live memory after each stage).
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


def _current_rss_mb() -> float:
    # Resident pages now (/proc/self/statm, Linux); 0 where it is not there.
    try:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[1]) * resource.getpagesize() / 2**20
    except OSError:
        return 0.0


class _Stages:
    def __init__(self, top: int = 0) -> None:
        self.started = time.perf_counter()
        self.top = top
        tracemalloc.reset_peak()

    def mark(self, name: str) -> None:
        gc.collect()
        current, peak = tracemalloc.get_traced_memory()
        print(
            f"{name:<28} live {current / 2**20:8.1f} MB  stage peak {peak / 2**20:8.1f} MB  "
            f"RSS now {_current_rss_mb():8.1f} MB  peak {_rss_mb():8.1f} MB  "
            f"{time.perf_counter() - self.started:7.1f} s",
            flush=True,
        )
        if self.top:
            for stat in tracemalloc.take_snapshot().statistics("lineno")[: self.top]:
                frame = stat.traceback[0]
                where = f"{Path(frame.filename).name}:{frame.lineno}"
                print(f"    {stat.size / 2**20:8.1f} MB  {where}", flush=True)
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


def probe(n: int, cache: Path | None, top: int = 0, trace: bool = True) -> None:
    """Print the live memory after each stage of corroborate over ``n`` articles."""
    import numpy as np

    from credence.scoring import corroboration as co
    from credence.scoring.scorer import Scorer

    scorer = Scorer.load()
    stance, uncertainty = co.load_default_models(None, scorer.uncertainty_model)
    if trace:
        tracemalloc.start()
    stages = _Stages(top if trace else 0)
    analyses = _analyses(n, cache)
    stages.mark(f"analyses ({len(analyses)})")
    priors = co.ScoringPriors()
    # As credence score does: the analyses handed over, their spans dropped once the rows exist.
    built, analyses = co._rows_without_spans(analyses, priors, hand_over=True)
    rows, copies = co.fold_copies(built, priors)
    del built
    stages.mark(f"claim rows ({len(rows)})")
    texts = [r.claim.text for r in rows]
    X, vectorizer = co.claim_vectors(texts)
    vocabulary = list(vectorizer.get_feature_names_out())
    stages.mark(f"tf-idf ({X.nnz} nnz)")
    asserted = [r.asserted or r.claim.text for r in rows]
    read = co._read_pairs(rows, asserted, X, stance, priors, co._Blocking(10, 0.05, 200, 365))
    stages.mark(f"pairs read ({len(read.pairs)})")
    linked = read.linked.tolist()
    groups = co.story_articles(rows, len(analyses), linked)
    stories = co.build_stories(rows, analyses, linked, X, vocabulary, components=groups)
    del X, vocabulary, linked
    stages.mark(f"stories ({len(stories)}), X dropped")
    items = co._only_read_rows(co.evidence_items(rows, read.pairs, read.proba, priors))
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
        slips=co.attribute_conflicts(rows, analyses, groups),
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
    parser.add_argument(
        "--top", type=int, default=0, help="also print the K lines holding most live memory"
    )
    parser.add_argument(
        "--no-trace",
        action="store_true",
        help="no tracemalloc (3x faster): RSS and times per stage only",
    )
    args = parser.parse_args(argv)
    probe(args.articles, args.cache, args.top, trace=not args.no_trace)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
