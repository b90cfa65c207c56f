"""Benchmark: corroboration over N = 100, 1,000 and 10,000 articles.

Articles: the 1,683 FNC-1 bodies (``fnc1/train_bodies.csv``) and the 924 PolNeAR articles
(``attribution/polnear/{train,dev}/text``, publisher and date from ``metadata.tsv``), read from
``../shared/data`` at run time. Past those 2,607 real articles, *variants* fill the set so that
blocking still has real work (documented, deterministic, seed 0):

- ``shuffled``: the same article with its sentences in a random order (a rewrite of the same
  facts: still similar, not a verbatim copy);
- ``redated``: published 1-900 days later (exercises the date window);
- ``renamed``: attributed to another outlet (``outlet-<k>``), as if syndicated.

Each variant applies all three. Per N it prints the time of the analysis (segmentation,
extractors, claim detection) and of ``corroborate``, the peak memory (the
process's peak RSS, in all and before ``corroborate``), the candidate and linked pair
counts and the reliability iterations, then the log-log slope of time against N (goal <= 1.2).

Run from the repository root::

    python benchmarks/bench_corroboration.py                     # full pipeline
    python benchmarks/bench_corroboration.py --sizes 100 1000    # fewer sizes
    python benchmarks/bench_corroboration.py --corroboration-only   # pre-analysed articles

With ``--corroboration-only`` the analysis is not counted in the timed figure (and its
exponent) and only ``corroborate`` is measured. The default stance and uncertainty models are used
(``--models DIR`` for another model directory). ``--tracemalloc K`` also prints, per N, the K
source lines holding the most memory when ``corroborate`` returns (Python allocations traced
from the start of ``corroborate``; tracing slows the run about threefold, so its times are
not comparable).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")


def _fnc_articles(data: Path):
    from credence.document import Article

    csv.field_size_limit(sys.maxsize)
    with open(data / "fnc1" / "train_bodies.csv", newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            yield Article(
                id=f"fnc-{row['Body ID']}",
                text=row["articleBody"],
                outlet="fnc1-" + str(int(row["Body ID"]) % 50),
                published=dt.date(2015, 1, 1) + dt.timedelta(days=int(row["Body ID"]) % 365),
            )


def _polnear_articles(data: Path):
    from credence.document import Article

    base = data / "attribution" / "polnear"
    meta = {}
    with open(base / "metadata.tsv", newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            meta[row["filename"]] = row
    for split in ("train", "dev"):
        for path in sorted((base / split / "text").glob("*.txt")):
            row = meta.get(path.stem, {})
            published = None
            try:
                published = dt.date.fromisoformat(row.get("publication_date", "")[:10])
            except ValueError:
                published = None
            yield Article(
                id=f"polnear-{path.stem}",
                text=path.read_text(encoding="utf-8"),
                outlet=row.get("publisher") or None,
                published=published,
            )


def load_articles(n: int, data: Path = DATA, seed: int = 0):
    """The first ``n`` articles: real ones, then shuffled/re-dated/renamed variants."""
    from credence.document import Article

    real = list(_fnc_articles(data)) + list(_polnear_articles(data))
    rng = random.Random(seed)
    rng.shuffle(real)
    out = real[:n]
    k = 0
    while len(out) < n:
        source = real[k % len(real)]
        sentences = _SENTENCE.split(source.text)
        rng.shuffle(sentences)
        published = (source.published or dt.date(2016, 1, 1)) + dt.timedelta(
            days=rng.randint(1, 900)
        )
        out.append(
            Article(
                id=f"{source.id}-v{k}",
                text=" ".join(sentences),
                outlet=f"outlet-{rng.randint(0, 499)}",
                published=published,
            )
        )
        k += 1
    return out


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _analyses(scorer, n: int, data: Path, cache: Path | None) -> list:
    """The analyses of the N articles, read from ``cache`` (a pickle this script wrote
    earlier; not shipped) when given: a child process analyses and writes it first when it
    is missing, so that pickling (its memo of every object) is not in the measured peak.
    """
    import pickle

    if cache is None:
        return scorer.analyze(load_articles(n, data))
    if not cache.exists():
        cmd = [sys.executable, __file__, "--make-cache", str(cache), "--one", str(n)]
        subprocess.run([*cmd, "--data", str(data)], check=True)
    with open(cache, "rb") as handle:
        return pickle.load(handle)  # noqa: S301 - the benchmark's own cache


def _make_cache(n: int, data: Path, models: str | None, cache: Path) -> None:
    import pickle

    from credence.scoring.scorer import Scorer

    analyses = Scorer.load(models).analyze(load_articles(n, data))
    partial = cache.with_suffix(".part")
    with open(partial, "wb") as handle:
        pickle.dump(analyses, handle, protocol=pickle.HIGHEST_PROTOCOL)
    partial.replace(cache)


def _json_mb(report, how: str) -> float:
    """MB of the report's ``--format json`` text, made whole (``Report.to_json``, as
    ``credence score`` did) or written a claim at a time to a scratch file (as it does now).
    """
    import tempfile

    from credence.scoring.report_json import json_chunks

    if how == "whole":
        return len((report.to_json() + "\n").encode("utf-8")) / 2**20
    with tempfile.TemporaryFile("w", encoding="utf-8") as handle:
        for chunk in json_chunks(report):
            handle.write(chunk)
        return handle.tell() / 2**20


def measure(
    n: int,
    corroboration_only: bool,
    models: str | None,
    data: Path,
    trace_top: int = 0,
    *,
    keep_spans: bool = False,
    cache: Path | None = None,
    write_json: str = "",
) -> dict:
    """Time and peak memory of one N (run in a fresh process by :func:`run`).

    Scores with ``credence score``'s models, the analyses handed over and their spans
    dropped once the claim rows are built unless ``keep_spans``: ``corroborate`` (every
    scored claim kept, as the API's :meth:`credence.Scorer.score`), then, with
    ``write_json="whole"``, the report's ``--format json`` text made whole (as the CLI did);
    with ``write_json="streamed"``, what ``credence score -f json`` does now: the
    cross-article stage, then each claim made as the text is written
    (:class:`~credence.scoring.streamed_report.StreamedReport`).
    """
    import tracemalloc

    from credence.scoring.corroboration import corroborate, prepare_scoring
    from credence.scoring.evidence import pair_reader
    from credence.scoring.report import Report
    from credence.scoring.scorer import Scorer
    from credence.scoring.streamed_report import StreamedReport

    scorer = Scorer.load(models)
    t0 = time.perf_counter()
    analyses = _analyses(scorer, n, data, cache)
    t1 = time.perf_counter()
    rss_before = _peak_rss_mb()
    if trace_top:
        tracemalloc.start()
    models_used = {
        "stance_model": pair_reader(scorer.stance_model, scorer.agreement_model),
        "uncertainty_model": scorer.uncertainty_model,
    }
    json_mb = 0.0
    if write_json == "streamed":
        # What credence score -f json does now: the claims made as the text is written.
        stage = prepare_scoring(
            analyses, shed_spans=not keep_spans, hand_over=not keep_spans, **models_used
        )
        t2 = time.perf_counter()
        rss_corroborate = _peak_rss_mb()
        head = Report(analyses=tuple(analyses), claims=(), stories=stage.stories)
        json_mb = _json_mb(StreamedReport(head, stage), write_json)
        figures = {
            "claims": len(stage.rows),
            "candidate_pairs": stage.counts[0],
            "linked_pairs": stage.counts[1],
            "iterations": stage.fit.iterations,
            "converged": stage.fit.converged,
            "stories": len(stage.stories),
        }
    else:
        result = corroborate(
            analyses, shed_spans=not keep_spans, hand_over=not keep_spans, **models_used
        )
        t2 = time.perf_counter()
        rss_corroborate = _peak_rss_mb()
        if write_json:
            report = Report(
                analyses=tuple(analyses),
                claims=tuple(result.claims),
                sources=tuple(result.sources),
                stories=tuple(result.stories),
                models=scorer.model_info,
                blocking=result.blocking.to_dict() if result.blocking is not None else None,
            )
            json_mb = _json_mb(report, write_json)
        figures = {
            "claims": len(result.claims),
            "candidate_pairs": result.candidate_pairs,
            "linked_pairs": result.linked_pairs,
            "iterations": result.iterations,
            "converged": result.converged,
            "stories": len(result.stories),
        }
    t3 = time.perf_counter()
    top = []
    if trace_top:
        traced_peak = tracemalloc.get_traced_memory()[1]
        snapshot = tracemalloc.take_snapshot()
        tracemalloc.stop()
        top = [
            [f"{stat.traceback[0].filename}:{stat.traceback[0].lineno}", stat.size / 2**20]
            for stat in snapshot.statistics("lineno")[:trace_top]
        ]
        top.insert(0, ["(traced peak during corroborate)", traced_peak / 2**20])
    analyze_s = t1 - t0
    return {
        "n": n,
        "analyze_s": analyze_s,
        "corroborate_s": t2 - t1,
        "json_s": t3 - t2,
        "json_mb": json_mb,
        "total_s": (t2 - t1) if corroboration_only else (t2 - t0),
        "peak_rss_mb": _peak_rss_mb(),
        "peak_rss_before_corroborate_mb": rss_before,
        "peak_rss_corroborate_mb": rss_corroborate,
        "keep_spans": keep_spans,
        "json": write_json,
        "cached_analyses": cache is not None and analyze_s < 0.2 * (t2 - t1),
        **figures,
        "traced_mb": top,
    }


def _child_command(n: int, args: argparse.Namespace) -> list[str]:
    cmd = [sys.executable, __file__, "--one", str(n), "--data", str(args.data)]
    if args.corroboration_only:
        cmd.append("--corroboration-only")
    if args.models:
        cmd += ["--models", args.models]
    if args.tracemalloc:
        cmd += ["--tracemalloc", str(args.tracemalloc)]
    if args.keep_spans:
        cmd.append("--keep-spans")
    if args.json:
        cmd += ["--json", args.json]
    if args.cache:
        cmd += ["--cache", str(args.cache)]
    return cmd


def run(args: argparse.Namespace) -> list[dict]:
    """Measure every N in its own subprocess; print one line per N and the growth exponent."""
    rows = []
    for n in args.sizes:
        done = subprocess.run(_child_command(n, args), check=True, capture_output=True, text=True)
        row = json.loads(done.stdout.strip().splitlines()[-1])
        rows.append(row)
        print(
            f"N={n:>6}  claims={row['claims']:>7}  analyze={row['analyze_s']:8.1f}s"
            f"{' (cached)' if row['cached_analyses'] else ''}  "
            f"corroborate={row['corroborate_s']:8.1f}s  timed={row['total_s']:8.1f}s  "
            f"peak RSS={row['peak_rss_mb']:7.0f} MB "
            f"(before corroborate {row['peak_rss_before_corroborate_mb']:.0f}, "
            f"after {row['peak_rss_corroborate_mb']:.0f})  "
            f"spans {'kept' if row['keep_spans'] else 'dropped'}  "
            f"json={row['json_mb']:.1f} MB in {row['json_s']:.1f}s  "
            f"pairs={row['candidate_pairs']}  "
            f"linked={row['linked_pairs']}  iterations={row['iterations']}",
            flush=True,
        )
        for where, mb in row.get("traced_mb", []):
            print(f"    {mb:8.1f} MB  {where}", flush=True)
    if len(rows) >= 2:
        ns = np.log([r["n"] for r in rows])
        for key in ("total_s", "corroborate_s", "analyze_s", "peak_rss_mb"):
            values = np.array([r[key] for r in rows])
            if np.all(values > 0):
                slope = np.polyfit(ns, np.log(values), 1)[0]
                print(f"growth exponent ({key} vs N, log-log slope): {slope:.2f}  (goal <= 1.2)")
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument(
        "--corroboration-only",
        action="store_true",
        help="analyse first (untimed) and time only corroborate()",
    )
    parser.add_argument("--models", default=None, help="model directory (default: bundled)")
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument(
        "--tracemalloc",
        type=int,
        default=0,
        metavar="K",
        help="print the K source lines holding the most memory after corroborate",
    )
    parser.add_argument(
        "--keep-spans",
        action="store_true",
        help="keep the analyses' spans through corroborate (as before credence score shed them)",
    )
    parser.add_argument(
        "--json",
        choices=["whole", "streamed"],
        default="",
        help="also make the report's --format json text: whole (Report.to_json) or "
        "streamed a claim at a time (what credence score writes)",
    )
    parser.add_argument(
        "--cache",
        type=Path,
        default=None,
        metavar="DIR",
        help="keep the analyses of each N in DIR/analyses_N.pickle (your own files, not "
        "shipped): a later run reads them instead of analysing again",
    )
    parser.add_argument("--one", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--make-cache", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.make_cache is not None:
        _make_cache(args.one, args.data, args.models, args.make_cache)
        return 0
    if not (args.data / "fnc1" / "train_bodies.csv").is_file():
        print(f"data not found at {args.data}", file=sys.stderr)
        return 2
    if args.one is not None:
        cache = None
        if args.cache is not None:
            args.cache.mkdir(parents=True, exist_ok=True)
            cache = args.cache / f"analyses_{args.one}.pickle"
        row = measure(
            args.one,
            args.corroboration_only,
            args.models,
            args.data,
            args.tracemalloc,
            keep_spans=args.keep_spans,
            cache=cache,
            write_json=args.json,
        )
        print(json.dumps(row))
        return 0
    run(args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
