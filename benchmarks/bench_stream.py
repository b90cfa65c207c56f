"""Streaming into a claim store: per-stage throughput and peak RSS, day one and day two.

Builds N articles from FNC-1 bodies and PolNeAR articles (../shared/data), repeated with
light edits (a word swapped, a sentence dropped, a dated update line) so that repeats are
new articles whose claims match the originals'; the originals are dated in one week,
each round of repeats a week later. They are written to a
JSONL file; then, each in a fresh process (so peak RSS is the run's own):

* ``day1``: ``credence score FILE --store DB --format jsonl -o OUT`` through the library
  (the CLI's code path), timing each stage: read, analyse (articles/s), load the stored
  analyses, score (claims/s), save, write;
* ``day2``: the same store plus 10 % new articles (the next day's news): only they are
  analysed, only new pairs are read;
* ``batch`` (``--batch``): ``credence score FILE --format jsonl`` without a store, side by
  side, for the ratio of time and memory.

Prints one line per run and a JSON summary; peak RSS is ``VmHWM`` after each stage
(monotone: the stage where it jumps is the one that needs the memory). Each run also writes
``<output>.progress`` beside its output (with ``--keep``), a line every 10 s: stage, articles
analysed, RSS now and peak, so a run too long to finish still gives its growth curve. The
store runs read their input a line at a time (``--list-input``: whole first, as code before
session 8 needs).

    python benchmarks/bench_stream.py                      # 1,000 articles
    python benchmarks/bench_stream.py --articles 5000 --batch
    python benchmarks/bench_stream.py --articles 50000     # the target: within 2 GB
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"

CHILD = r"""
import datetime as dt, json, resource, sys, threading, time
from pathlib import Path
from credence.cli_store import write_lines
from credence.document import Article
from credence.ingest import read_articles
from credence.scoring.parallel import using_workers
from credence.scoring.scorer import Scorer

def rss():
    # VmHWM, this program's own peak: ru_maxrss would start from the RSS of the parent at
    # fork (the bench holding every generated article: 300 MB at 50,000).
    with open("/proc/self/status") as f:
        return next(int(l.split()[1]) for l in f if l.startswith("VmHWM:")) / 1024

def rss_now():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20

path, store_path, out_path, workers = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
listed = sys.argv[5] == "list"  # older code's store run takes a list, not a generator
progress_path = Path(out_path + ".progress")
state = {"stage": "load_models", "analysed": 0, "t0": time.perf_counter()}

def sample():
    # A line every 10 s (stage, articles analysed, RSS now and peak): a run too long to end
    # still gives the growth curve.
    with open(progress_path, "w") as log:
        while True:
            log.write(json.dumps({"seconds": round(time.perf_counter() - state["t0"], 1),
                                  "stage": state["stage"], "analysed": state["analysed"],
                                  "rss_mb": round(rss_now(), 1), "peak_rss_mb": round(rss(), 1)})
                      + "\n")
            log.flush()
            time.sleep(10)

threading.Thread(target=sample, daemon=True).start()

def analysed():
    state["analysed"] += 1

def stream(file):
    # One line at a time (the store path reads its input in batches): no list of every article.
    with open(file, encoding="utf-8") as lines:
        for line in lines:
            item = json.loads(line)
            day = item.get("published")
            yield Article(id=item["id"], text=item["text"], outlet=item.get("outlet"),
                          published=dt.date.fromisoformat(day) if day else None,
                          source=file)

stages = {}
t = time.perf_counter()
scorer = Scorer.load()
stages["load_models"] = {"seconds": time.perf_counter() - t, "peak_rss_mb": rss()}
t = time.perf_counter()
state["stage"] = "read"
if store_path == "-" or listed:
    articles = read_articles([path], max_bytes=1 << 40).articles
    stages["read"] = {"seconds": time.perf_counter() - t, "peak_rss_mb": rss(),
                      "articles": len(articles)}
else:
    articles = stream(path)
    stages["read"] = {"seconds": 0.0, "peak_rss_mb": rss(), "streamed": True}
state["stage"] = "analyse"
counts = {}
with using_workers(workers):
    if store_path == "-":
        t = time.perf_counter()
        report = scorer.score(articles)
        stages["batch_score"] = {"seconds": time.perf_counter() - t, "peak_rss_mb": rss(),
                                 "claims": len(report.claims)}
        lines = (json.dumps(c.to_dict(), ensure_ascii=False) + "\n" for c in report.claims)
    else:
        from credence.scoring.store import ClaimStore
        try:  # the streaming run (this version) or, on older code, score_into_store
            from credence.scoring.incremental import StreamedRun
        except ImportError:
            StreamedRun = None
        store = ClaimStore(store_path)
        if StreamedRun is not None:
            peaks = {}
            nxt = {"analyse": "load", "load": "score", "score": "lines"}
            def on_stage(name):
                peaks[name] = rss()
                state["stage"] = nxt.get(name, name)
            run = StreamedRun.start(scorer, articles, store, progress=analysed,
                                    on_stage=on_stage)
            lines = run.lines()
        else:
            from credence.scoring.incremental import score_into_store
            run = score_into_store(scorer, list(articles), store)
            peaks = {"save": rss()}
            lines = (json.dumps(c.to_dict(), ensure_ascii=False) + "\n"
                     for c in run.report.claims)
t = time.perf_counter()
write_lines(lines, Path(out_path))
written = time.perf_counter() - t
if store_path != "-":
    store.close()
    for name, seconds in run.seconds.items():
        stages[name] = {"seconds": seconds}
        if name in peaks:
            stages[name]["peak_rss_mb"] = peaks[name]
    counts = run.counts
if store_path != "-" and StreamedRun is not None:
    # Streamed: the claims are scored, saved and written in one pass (its seconds are in
    # the run's "score", the commit in "save"): no separate write stage.
    stages["save"]["peak_rss_mb"] = rss()
else:
    stages["write"] = {"seconds": written, "peak_rss_mb": rss()}
print(json.dumps({"stages": stages, "counts": counts, "peak_rss_mb": rss()}))
"""


def _sources() -> list[dict[str, Any]]:
    csv.field_size_limit(1 << 30)
    with open(DATA / "fnc1" / "train_bodies.csv", newline="", encoding="utf-8") as f:
        out = [{"id": f"fnc-{r['Body ID']}", "text": r["articleBody"]} for r in csv.DictReader(f)]
    meta: dict[str, dict[str, str]] = {}
    with open(DATA / "attribution" / "polnear" / "metadata.tsv", encoding="utf-8") as f:
        meta = {row["filename"]: row for row in csv.DictReader(f, delimiter="\t")}
    for part in ("train", "dev"):
        for path in sorted((DATA / "attribution" / "polnear" / part / "text").glob("*.txt")):
            article = {"id": path.stem, "text": path.read_text(encoding="utf-8")}
            if meta.get(path.stem, {}).get("publisher"):
                article["outlet"] = meta[path.stem]["publisher"]
            out.append(article)
    return [a for a in out if a["text"].strip()]


_SWAPS = [("said", "stated"), ("officials", "authorities"), ("people", "residents"), ("", "")]


def _edited(article: dict[str, Any], k: int, rng: random.Random) -> dict[str, Any]:
    """Repeat ``k`` of an article: a word swapped, maybe a sentence dropped, an update line."""
    text = article["text"]
    old, new = _SWAPS[k % len(_SWAPS)]
    if old:
        text = text.replace(f" {old} ", f" {new} ", 1)
    sentences = text.split(". ")
    if len(sentences) > 4 and rng.random() < 0.5:
        del sentences[rng.randrange(1, len(sentences) - 1)]
    text = ". ".join(sentences) + f"\n\nUpdated with {k} new reports."
    day = 1 + (k * 7 + rng.randrange(7)) % 60
    return {
        **article,
        "id": f"{article['id']}~{k}",
        "text": text,
        # Day 1 is 2024-01-01 (30-day months made "2024-02-30" from the 5th round of
        # repeats on, and the 50,000-article run stopped at article 20,650).
        "published": (dt.date(2024, 1, 1) + dt.timedelta(days=day - 1)).isoformat(),
        "outlet": article.get("outlet") or f"outlet-{rng.randrange(40)}",
    }


def make_articles(n: int, seed: int = 0) -> list[dict[str, Any]]:
    """``n`` articles: the sources in a shuffled order, then their edited repeats."""
    rng = random.Random(seed)
    sources = _sources()
    rng.shuffle(sources)
    return [_edited(sources[i % len(sources)], i // len(sources), rng) for i in range(n)]


def _write_jsonl(path: Path, articles: list[dict[str, Any]]) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for article in articles:
            f.write(json.dumps(article, ensure_ascii=False) + "\n")


def _run(
    inputs: Path, store: str, out: Path, workers: int, niceness: int, listed: bool = False
) -> dict[str, Any]:
    started = time.perf_counter()
    done = subprocess.run(
        [
            "nice",
            "-n",
            str(niceness),
            sys.executable,
            "-c",
            CHILD,
            str(inputs),
            store,
            str(out),
            str(workers),
            "list" if listed else "stream",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"run failed:\n{done.stderr[-3000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["wall_seconds"] = time.perf_counter() - started
    return result


def _line(name: str, result: dict[str, Any], store: Path | None) -> str:
    stages = result["stages"]
    parts = [
        f"{name:<6} wall {result['wall_seconds']:7.1f} s  peak {result['peak_rss_mb']:7.0f} MB"
    ]
    counts = result.get("counts", {})
    if "analyse" in stages and counts.get("articles_new"):
        parts.append(
            f"analyse {counts['articles_new'] / max(stages['analyse']['seconds'], 1e-9):6.1f} art/s"
        )
    if "score" in stages and counts.get("claims_scored"):
        parts.append(
            f"score {counts['claims_scored'] / max(stages['score']['seconds'], 1e-9):7.0f} claims/s"
        )
    parts += [f"{k} {v['seconds']:.1f}s" for k, v in stages.items()]
    if store is not None and store.exists():
        parts.append(f"store {store.stat().st_size / 1e6:.1f} MB")
    return "  ".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--batch", action="store_true", help="Also score without a store.")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument(
        "--nice", type=int, default=10, help="Niceness of the runs (the machine is shared)."
    )
    parser.add_argument("--keep", type=Path, help="Keep the files in this folder.")
    parser.add_argument(
        "--list-input",
        action="store_true",
        help="Read the input whole before the store run (what code before session 8 takes).",
    )
    parser.add_argument("--no-day2", action="store_true", help="Run day one only.")
    args = parser.parse_args()
    if not (DATA / "README.md").is_file():
        raise SystemExit(f"labelled data not found at {DATA}")
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench_stream_"))
    folder.mkdir(parents=True, exist_ok=True)
    day2_new = max(1, args.articles // 10)
    articles = make_articles(args.articles + day2_new)
    day1, day2 = folder / "day1.jsonl", folder / "day2.jsonl"
    _write_jsonl(day1, articles[: args.articles])
    _write_jsonl(day2, articles[args.articles :])
    store = folder / "claims.db"
    store.unlink(missing_ok=True)
    summary: dict[str, Any] = {"articles": args.articles, "day2_articles": day2_new}
    summary["day1"] = _run(
        day1, str(store), folder / "day1.out.jsonl", args.workers, args.nice, args.list_input
    )
    print(_line("day1", summary["day1"], store), flush=True)
    if not args.no_day2:
        summary["day2"] = _run(
            day2, str(store), folder / "day2.out.jsonl", args.workers, args.nice, args.list_input
        )
        print(_line("day2", summary["day2"], store), flush=True)
    stored = args.articles + (0 if args.no_day2 else day2_new)
    summary["store_bytes"] = store.stat().st_size
    summary["store_mb_per_1k_articles"] = store.stat().st_size / 1e6 / (stored / 1000)
    if args.batch:
        summary["batch"] = _run(day1, "-", folder / "batch.out.jsonl", args.workers, args.nice)
        print(_line("batch", summary["batch"], None), flush=True)
        b, d = summary["batch"], summary["day1"]
        print(
            f"day1/batch: time {d['wall_seconds'] / b['wall_seconds']:.2f}x, "
            f"peak RSS {d['peak_rss_mb'] / b['peak_rss_mb']:.2f}x"
        )
    if "day2" in summary:
        d1, d2 = summary["day1"], summary["day2"]
        print(
            f"day2/day1 time: {d2['wall_seconds'] / d1['wall_seconds']:.2f}x for "
            f"{day2_new} new articles on {args.articles}; store "
            f"{summary['store_mb_per_1k_articles']:.1f} MB per 1k articles"
        )
    print(json.dumps(summary, indent=1))
    if args.keep is None:
        for path in folder.iterdir():
            path.unlink()
        folder.rmdir()


if __name__ == "__main__":
    main()
