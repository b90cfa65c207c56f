"""How far the chunked stage's scores are from the in-memory path's, claim by claim.

Stores N FNC-1 bodies and N PolNeAR dev texts (``../shared/data``; the seeds and
``examples/`` with ``--examples``) into a claim store once (analysis only, kept in
``--folder``), scores them in memory once (``Scorer.score``, kept as JSON in the folder),
then runs the chunked stage (:func:`credence.scoring.blockwise.score_blockwise`) on a copy
of the store at each ``--chunk`` size and prints, per size, how many claims both give, how
many have the same corroboration at the 4 decimals of ``--format json``, the mean and
largest distance, and how many move by more than 0.1. With ``--lines``, also how many
of the chunked stage's explained lines (``BlockwiseRun.lines(uncertainty, pairs)``, the
``store`` fields left out) equal the in-memory claim's JSON (``--format json``'s).

    python benchmarks/compare_blockwise.py --folder /tmp/cmp --articles 150 --chunk 1000000 300
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import sqlite3
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def real_articles(data: Path, n: int) -> list:
    """The first ``n`` FNC-1 train bodies (by id) and ``n`` PolNeAR dev texts (by name)."""
    from credence.document import Article

    csv.field_size_limit(1 << 30)
    with open(data / "fnc1" / "train_bodies.csv", newline="", encoding="utf-8") as f:
        rows = sorted(csv.DictReader(f), key=lambda r: int(r["Body ID"]))[:n]
    articles = [Article(id=f"fnc-{r['Body ID']}", text=r["articleBody"]) for r in rows]
    folder = data / "attribution" / "polnear" / "dev" / "text"
    for path in sorted(folder.glob("*.txt"))[:n]:
        articles.append(Article(id=path.stem, text=path.read_text(encoding="utf-8")))
    return articles


def example_articles() -> list:
    """The seeds and ``examples/``, read as the CLI reads them."""
    from credence.ingest import read_articles

    paths = [str(ROOT.parent / "shared" / "seeds"), str(ROOT / "examples")]
    return list(read_articles([p for p in paths if Path(p).exists()]).articles)


def distances(got: dict[str, float], want: dict[str, float]) -> dict[str, float]:
    """Claims in both, equal at 4 decimals, mean and largest distance, moved by > 0.1."""
    common = sorted(got.keys() & want.keys())
    gaps = [abs(got[k] - want[k]) for k in common]
    return {
        "claims_chunked": len(got),
        "claims_in_memory": len(want),
        "common": len(common),
        "equal_4dp": sum(round(got[k], 4) == round(want[k], 4) for k in common),
        "mean": float(f"{sum(gaps) / max(len(gaps), 1):.3g}"),
        "max": float(f"{max(gaps, default=0.0):.3g}"),
        "over_0.1": sum(g > 0.1 for g in gaps),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, required=True)
    parser.add_argument("--articles", type=int, default=150)
    parser.add_argument("--examples", action="store_true")
    parser.add_argument("--chunk", type=int, nargs="+", default=[10**6])
    parser.add_argument("--lines", action="store_true", help="Compare the explained lines.")
    args = parser.parse_args()

    from credence.scoring.blockwise import score_blockwise
    from credence.scoring.evidence import pair_reader
    from credence.scoring.scorer import Scorer
    from credence.scoring.store import ClaimStore
    from credence.scoring.store_cache import CachedPairModel, CachedUncertaintyModel

    args.folder.mkdir(parents=True, exist_ok=True)
    name = "examples" if args.examples else f"real{args.articles}"
    store_path, memory_path = args.folder / f"{name}.db", args.folder / f"{name}.json"
    scorer = Scorer.load()
    articles = (
        example_articles()
        if args.examples
        else real_articles(ROOT.parent / "shared" / "data", args.articles)
    )
    if not store_path.exists():
        with ClaimStore(store_path) as store:
            store.add(scorer.analyze(articles), store.begin_run(len(articles)))
    claims_path = args.folder / f"{name}.claims.json"
    if not memory_path.exists() or (args.lines and not claims_path.exists()):
        claims = scorer.score(articles).claims
        memory_path.write_text(json.dumps({c.id: c.corroboration for c in claims}))
        claims_path.write_text(json.dumps({c.id: c.to_dict() for c in claims}))
    want = json.loads(memory_path.read_text())
    for chunk in args.chunk:
        copy = args.folder / f"{name}-copy.db"
        source, target = sqlite3.connect(store_path), sqlite3.connect(copy)
        with target:
            source.backup(target)
        source.close()
        target.close()
        started = time.perf_counter()
        with ClaimStore(copy) as store:
            model = CachedPairModel(
                pair_reader(scorer.stance_model, scorer.agreement_model), store.conn
            )
            run = score_blockwise(store.conn, model, chunk_claims=chunk)
            ids = dict(store.conn.execute("SELECT seq, id FROM claims").fetchall())
            got = {ids[seq]: values[0] for seq, values in run.scores().items()}
            if args.lines:
                wanted = json.loads(claims_path.read_text())
                uncertainty = CachedUncertaintyModel(scorer.uncertainty_model, store.conn)
                lines = [json.loads(line) for line in run.lines(uncertainty, model)]
                for line in lines:
                    del line["store"]
                same = sum(line == wanted.get(line["id"]) for line in lines)
        figures = distances(got, want)
        if args.lines:
            figures["lines_equal"] = f"{same} of {len(lines)} (in memory {len(wanted)})"
        figures.update(chunk=chunk, chunks=run.counts["chunks"])
        figures["seconds"] = round(time.perf_counter() - started, 1)
        print(json.dumps(figures), flush=True)
        shutil.rmtree(copy, ignore_errors=True) if copy.is_dir() else copy.unlink()


if __name__ == "__main__":
    main()
