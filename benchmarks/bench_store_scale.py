"""A claim store at scale, stage by stage: analyse N articles into a store, then score it.

The 50,000-article target of issue 17 takes hours on the shared machine, so its two halves
run as separate processes, each logging a line every 10 s (stage, count, RSS now and peak)
to ``<folder>/<stage>.progress`` so a run too long to end still gives its growth curve:

* ``build``: generate N articles (``bench_stream.make_articles``: FNC-1 bodies and PolNeAR
  articles repeated with light edits), then analyse and store them a batch at a time, as a
  store run's first stage does (``ClaimStore.add``), without the cross-article stage;
  prints articles/s and peak RSS at every 1,000 articles;
* ``front``: on a copy of the first N articles of a built store, the model-free front of
  the cross-article stage as a run makes it (claim rows, copies folded, TF-IDF vectors, the
  candidate pairs of the blocking), RSS now and peak after each step: the growth curve of
  what every later step holds, without the hours the pair model takes on a new store. With
  ``PYTHONPATH`` on another ``src``, the same steps of that code (side by side);
* ``score``: a store run over the built store (no new article), per-stage seconds and peak
  RSS: ``bench_stream``'s child on the folder's store.

    python benchmarks/bench_store_scale.py build --articles 50000 --folder DIR --workers 2
    python benchmarks/bench_store_scale.py front --folder DIR --sizes 1000 5000 20000 50000
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

BUILD = r"""
import datetime as dt, json, sys, threading, time
from credence.document import Article
from credence.scoring.incremental import fingerprint
from credence.scoring.parallel import using_workers
from credence.scoring.scorer import Scorer
from credence.scoring.store import ClaimStore

def status(key):
    with open("/proc/self/status") as f:
        return next(int(l.split()[1]) for l in f if l.startswith(key + ":")) / 1024

path, store_path, log_path, workers, batch = sys.argv[1:6]
workers, batch = int(workers), int(batch)
state = {"stage": "load_models", "count": 0, "t0": time.perf_counter()}

def sample():
    with open(log_path, "a") as log:
        while True:
            log.write(json.dumps({"seconds": round(time.perf_counter() - state["t0"], 1),
                                  "stage": state["stage"], "analysed": state["count"],
                                  "rss_mb": round(status("VmRSS"), 1),
                                  "peak_rss_mb": round(status("VmHWM"), 1)}) + "\n")
            log.flush()
            time.sleep(10)

threading.Thread(target=sample, daemon=True).start()

def stream(file):
    with open(file, encoding="utf-8") as lines:
        for line in lines:
            item = json.loads(line)
            day = item.get("published")
            yield Article(id=item["id"], text=item["text"], outlet=item.get("outlet"),
                          published=dt.date.fromisoformat(day) if day else None, source=file)

scorer = Scorer.load()
store = ClaimStore(store_path)
store.check_fingerprint(fingerprint(scorer))
run = store.begin_run(0)
state["stage"] = "analyse"
started = time.perf_counter()
pending, mark = [], 1000
with using_workers(workers):
    def flush():
        unseen = store.unseen(pending)
        if unseen:
            store.add(scorer.analyze(unseen), run)
        state["count"] += len(pending)
        pending.clear()
    for article in stream(path):
        pending.append(article)
        if len(pending) >= batch:
            flush()
            if state["count"] >= mark:
                mark += 1000
                print(json.dumps({"analysed": state["count"],
                                  "seconds": round(time.perf_counter() - started, 1),
                                  "rss_mb": round(status("VmRSS"), 1),
                                  "peak_rss_mb": round(status("VmHWM"), 1)}), flush=True)
    if pending:
        flush()
seconds = time.perf_counter() - started
store.finish_run(run, {"articles_given": state["count"], "articles_new": state["count"],
                       "claims_scored": 0, "claims_changed": 0, "readings_new": 0})
store.close()
print(json.dumps({"done": state["count"], "seconds": round(seconds, 1),
                  "articles_per_s": round(state["count"] / seconds, 2),
                  "peak_rss_mb": round(status("VmHWM"), 1)}), flush=True)
"""


def _build(args: argparse.Namespace) -> None:
    from bench_stream import _write_jsonl, make_articles

    folder: Path = args.folder
    folder.mkdir(parents=True, exist_ok=True)
    inputs = folder / "articles.jsonl"
    if not inputs.exists():
        _write_jsonl(inputs, make_articles(args.articles))
    started = time.perf_counter()
    subprocess.run(
        [
            "nice",
            "-n",
            str(args.nice),
            sys.executable,
            "-c",
            BUILD,
            str(inputs),
            str(folder / "claims.db"),
            str(folder / "build.progress"),
            str(args.workers),
            str(args.batch),
        ],
        check=True,
    )
    print(f"build wall {time.perf_counter() - started:.1f} s")


FRONT = r"""
import json, sys, time
import numpy as np
from credence.scoring import corroboration as c
from credence.scoring.priors import ScoringPriors
from credence.scoring.store import ClaimStore

def status(key):
    with open("/proc/self/status") as f:
        return next(int(l.split()[1]) for l in f if l.startswith(key + ":")) / 1024

log = []
def step(name, started, **counts):
    log.append({"step": name, "seconds": round(time.perf_counter() - started, 1),
                "rss_mb": round(status("VmRSS"), 1), "peak_rss_mb": round(status("VmHWM"), 1),
                **counts})
    print(json.dumps(log[-1]), flush=True)

priors = ScoringPriors()
t = time.perf_counter()
store = ClaimStore(sys.argv[1])
stored = store.stored_analyses()
if hasattr(stored, "claim_rows"):  # rows kept at add: made first where missing (migration)
    from credence.scoring.stored_rows import ensure_rows
    made = ensure_rows(store.conn)
    step("rows made (migration)", t, articles=made)
t = time.perf_counter()
rows, analyses = c._claim_rows(stored, priors, True, False)
step("claim rows", t, claims=len(rows))
t = time.perf_counter()
rows, copies = c.fold_copies(rows, priors)
step("copies folded", t, claims=len(rows))
t = time.perf_counter()
X, vectorizer = c.claim_vectors([r.claim.text for r in rows])
del vectorizer
step("TF-IDF vectors", t, nonzeros=int(X.nnz))
t = time.perf_counter()
first, second, _ = c.candidate_arrays(
    X, top_k=10, min_similarity=0.05, max_postings=200,
    block=[r.sentence_key for r in rows], dates=[r.analysis.article.published for r in rows],
    date_window_days=365)
step("candidate pairs", t, pairs=len(first))
print(json.dumps({"articles": len(analyses), "log": log}))
"""


def _front(args: argparse.Namespace) -> None:
    import sqlite3

    folder: Path = args.folder
    for size in args.sizes:
        copy = folder / f"front_{size}.db"
        if not copy.exists():
            source, target = sqlite3.connect(folder / "claims.db"), sqlite3.connect(copy)
            with target:
                source.backup(target)
            source.close()
            with target:
                target.execute("PRAGMA foreign_keys = ON")
                cut = target.execute(
                    "SELECT seq FROM articles ORDER BY seq LIMIT 1 OFFSET ?", (size,)
                ).fetchone()
                if cut is not None:
                    target.execute("DELETE FROM articles WHERE seq >= ?", cut)
            target.close()
        print(f"-- {size} articles ({copy})", flush=True)
        subprocess.run(
            ["nice", "-n", str(args.nice), sys.executable, "-c", FRONT, str(copy)], check=True
        )


def _score(args: argparse.Namespace) -> None:
    from bench_stream import _line, _run

    folder: Path = args.folder
    empty = folder / "none.jsonl"
    empty.write_text("", encoding="utf-8")
    store = folder / "claims.db"
    # No new article: every stored claim goes through the cross-article stage and is saved.
    result = _run(empty, str(store), folder / "score.out.jsonl", args.workers, args.nice)
    print(_line("score", result, store), flush=True)
    print(json.dumps(result, indent=1))


BLOCKWISE = r"""
import json, sys, threading, time
from credence.scoring.blockwise import score_blockwise
from credence.scoring.blockwise_candidates import ChunkBlocking
from credence.scoring.scorer import Scorer
from credence.scoring.store import ClaimStore
from credence.scoring.store_cache import store_models

def status(key):
    with open("/proc/self/status") as f:
        return next(int(l.split()[1]) for l in f if l.startswith(key + ":")) / 1024

store_path, log_path, out_path, chunk, top_k, explained, story_cap = sys.argv[1:8]
t0 = time.perf_counter()
state = {"stage": "load_models", "chunk": 0, "chunks": 0, "claims": 0}
log = open(log_path, "a")

def write(kind):
    log.write(json.dumps({"kind": kind, "seconds": round(time.perf_counter() - t0, 1), **state,
                          "rss_mb": round(status("VmRSS"), 1),
                          "peak_rss_mb": round(status("VmHWM"), 1)}) + "\n")
    log.flush()

def sample():
    while True:
        time.sleep(30)
        write("sample")

threading.Thread(target=sample, daemon=True).start()
scorer = Scorer.load()
write("models")
store = ClaimStore(store_path)
model, uncertainty = store_models(scorer, store.conn)

def progress(stage, chunk, chunks, claims):
    state.update(stage=stage, chunk=chunk, chunks=chunks, claims=claims,
                 readings_computed=model.computed, readings_looked_up=model.looked_up)
    write("chunk")

run = score_blockwise(store.conn, model, blocking=ChunkBlocking(top_k=int(top_k)),
                      chunk_claims=int(chunk), progress=progress,
                      story_cap=None if story_cap == "0" else int(story_cap))
state["stage"] = "output"
stage_peak = status("VmHWM")
if explained == "1":  # every pair touching a chunk read again (looked up), the stories' slips
    pairs = model
else:
    uncertainty = pairs = None
with open("/proc/self/clear_refs", "w") as f:  # the output pass's own peak from here ("5")
    f.write("5")
started = time.perf_counter()
lines = 0
with open(out_path, "w", encoding="utf-8") as out:
    for line in run.lines(uncertainty, pairs):
        out.write(line + "\n")
        lines += 1
run.seconds["output"] = time.perf_counter() - started
write("done")
print(run.blocking_line(), file=sys.stderr)
print(json.dumps({"counts": run.counts, "seconds": {k: round(v, 1) for k, v in run.seconds.items()},
                  "lines": lines, "stage_peak_rss_mb": round(stage_peak, 1),
                  "output_peak_rss_mb": round(status("VmHWM"), 1),
                  "slips": {"story_cap": getattr(run, "story_cap", None),  # None: code before
                            "split": run.slips_line() if hasattr(run, "slips_line") else None,
                            "most_read": getattr(getattr(run, "slips", None), "most_read", None)},
                  "models_rss_mb": None}), flush=True)
"""


def _blockwise(args: argparse.Namespace) -> None:
    log = args.log or args.store.with_suffix(".blockwise.progress")
    out = args.out or args.store.with_suffix(".blockwise.jsonl")
    command = [sys.executable, "-c", BLOCKWISE, str(args.store), str(log), str(out)]
    command += [str(args.chunk), str(args.top_k), str(int(args.explained)), str(args.story_cap)]
    started = time.perf_counter()
    subprocess.run(["nice", "-n", str(args.nice), *command], check=True)
    print(f"blockwise wall {time.perf_counter() - started:.1f} s (log {log})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="Analyse N articles into a store (no scoring).")
    build.add_argument("--articles", type=int, default=1000)
    build.add_argument("--folder", type=Path, required=True)
    build.add_argument("--workers", type=int, default=1)
    build.add_argument("--batch", type=int, default=200, help="Articles a transaction.")
    build.add_argument("--nice", type=int, default=5)
    front = sub.add_parser("front", help="The model-free front of the stage, per size.")
    front.add_argument("--folder", type=Path, required=True)
    front.add_argument("--sizes", type=int, nargs="+", default=[1000])
    front.add_argument("--nice", type=int, default=10)
    score = sub.add_parser("score", help="A store run over the built store (no new article).")
    score.add_argument("--folder", type=Path, required=True)
    score.add_argument("--workers", type=int, default=1)
    score.add_argument("--nice", type=int, default=10)
    chunked = sub.add_parser(
        "blockwise", help="The chunked cross-article stage over a store (score_blockwise)."
    )
    chunked.add_argument("--store", type=Path, required=True)
    chunked.add_argument("--chunk", type=int, default=2000, help="Claims a chunk.")
    chunked.add_argument("--top-k", type=int, default=10, help="Candidates kept per claim.")
    chunked.add_argument("--log", type=Path, default=None)
    chunked.add_argument("--out", type=Path, default=None)
    chunked.add_argument("--nice", type=int, default=5)
    chunked.add_argument(
        "--explained", action="store_true", help="Explained lines (as store score writes)."
    )
    chunked.add_argument(
        "--story-cap", type=int, default=0, help="Articles of a story read at once (0: default)."
    )
    args = parser.parse_args()
    commands = {"build": _build, "front": _front, "score": _score, "blockwise": _blockwise}
    commands[args.command](args)


if __name__ == "__main__":
    main()
