"""Golden outputs: record what credence prints today, then check a change against it.

A refactoring must not change what users see. This script scores the seeds, ``examples/``
and 300 real articles from ../shared/data (150 FNC-1 bodies, 150 PolNeAR articles with their
publisher and date) with ``credence score --format json`` and ``credence extract``, and
either writes the outputs to a folder (``make``) or compares them byte for byte with the
ones written earlier (``compare``), printing which outputs differ and the first differing
JSON paths of each.

The real articles are read from ../shared/data at run time; the golden folder lives outside
the repository (the data may not be committed).

    python benchmarks/golden.py make /tmp/golden
    python benchmarks/golden.py compare /tmp/golden
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
SEEDS = ROOT.parent / "shared" / "seeds"
ARTICLES_PER_SOURCE = 150


def _fnc_bodies(n: int) -> list[dict[str, Any]]:
    csv.field_size_limit(1 << 30)
    with open(DATA / "fnc1" / "train_bodies.csv", newline="", encoding="utf-8") as f:
        rows = sorted(csv.DictReader(f), key=lambda r: int(r["Body ID"]))
    return [{"id": f"fnc-{r['Body ID']}", "text": r["articleBody"]} for r in rows[:n]]


def _polnear_articles(n: int) -> list[dict[str, Any]]:
    folder = DATA / "attribution" / "polnear" / "train" / "text"
    meta: dict[str, dict[str, str]] = {}
    with open(DATA / "attribution" / "polnear" / "metadata.tsv", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            meta[row["filename"]] = row
    out = []
    for path in sorted(folder.glob("*.txt"))[:n]:
        row = meta.get(path.stem, {})
        article = {"id": path.stem, "text": path.read_text(encoding="utf-8")}
        if row.get("publisher"):
            article["outlet"] = row["publisher"]
        if row.get("publication_date", "None") != "None":
            article["published"] = row["publication_date"]
        out.append(article)
    return out


def _inputs(workdir: Path) -> dict[str, list[str]]:
    """``{output name: credence arguments}`` for every golden output."""
    real = {
        "fnc1": _fnc_bodies(ARTICLES_PER_SOURCE),
        "polnear": _polnear_articles(ARTICLES_PER_SOURCE),
    }
    # Relative to the checkout (the command runs there): article "source" fields then read
    # the same in every checkout.
    runs: dict[str, list[str]] = {
        "seeds": [os.path.relpath(SEEDS, ROOT)],
        "examples": ["examples"],
    }
    for name, articles in real.items():
        path = workdir / f"{name}.jsonl"
        # Several checkouts may run this at once on the same fixed path: replace atomically.
        partial = path.with_suffix(f".{os.getpid()}.part")
        partial.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
        os.replace(partial, path)
        runs[name] = [str(path)]
    return runs


def _run(command: str, args: list[str], src: Path) -> bytes:
    fmt = ["--format", "json"] if command == "score" else []
    code = "import sys; from credence.cli import main; sys.argv[0] = 'credence'; main()"
    env = {**os.environ, "PYTHONPATH": str(src)}
    done = subprocess.run(
        [sys.executable, "-c", code, command, *args, *fmt],
        capture_output=True,
        check=False,
        env=env,
        cwd=ROOT,
    )
    if done.returncode != 0:
        sys.exit(f"credence {command} {' '.join(args)} failed: {done.stderr.decode()[-500:]}")
    return done.stdout


def _outputs(workdir: Path, src: Path) -> dict[str, bytes]:
    out = {}
    for name, args in _inputs(workdir).items():
        for command in ("score", "extract"):
            out[f"{name}.{command}.json"] = _run(command, args, src)
    return out


def _first_differences(old: Any, new: Any, path: str = "$", limit: int = 5) -> list[str]:
    if type(old) is not type(new):
        return [f"{path}: {old!r:.80} -> {new!r:.80}"]
    if isinstance(old, dict):
        found: list[str] = []
        for key in sorted(set(old) | set(new)):
            if key not in old or key not in new:
                found.append(f"{path}.{key}: {'added' if key in new else 'removed'}")
            else:
                found += _first_differences(old[key], new[key], f"{path}.{key}", limit)
            if len(found) >= limit:
                break
        return found[:limit]
    if isinstance(old, list):
        found = []
        if len(old) != len(new):
            found.append(f"{path}: length {len(old)} -> {len(new)}")
        for i, (a, b) in enumerate(zip(old, new, strict=False)):
            found += _first_differences(a, b, f"{path}[{i}]", limit)
            if len(found) >= limit:
                break
        return found[:limit]
    return [] if old == new else [f"{path}: {old!r:.80} -> {new!r:.80}"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["make", "compare"])
    parser.add_argument("folder", type=Path)
    parser.add_argument(
        "--src",
        type=Path,
        default=ROOT / "src",
        help="src/ of the checkout to run (e.g. a `git worktree` of the commit before a change)",
    )
    args = parser.parse_args()
    if not DATA.is_dir():
        sys.exit(f"{DATA} is missing: the golden set reads its real articles from there.")
    # A fixed folder: the input paths appear in the outputs ("source"), so they must not vary.
    workdir = Path(tempfile.gettempdir()) / "credence-golden-inputs"
    workdir.mkdir(exist_ok=True)
    outputs = _outputs(workdir, args.src)
    if args.action == "make":
        args.folder.mkdir(parents=True, exist_ok=True)
        for name, data in outputs.items():
            (args.folder / name).write_bytes(data)
        print(f"wrote {len(outputs)} golden outputs to {args.folder}")
        return
    differing = 0
    for name, data in outputs.items():
        old = (args.folder / name).read_bytes()
        if old == data:
            print(f"same      {name}")
            continue
        differing += 1
        print(f"DIFFERENT {name}")
        for line in _first_differences(json.loads(old), json.loads(data)):
            print(f"    {line}")
    print(f"{len(outputs) - differing} of {len(outputs)} outputs identical")
    sys.exit(1 if differing else 0)


if __name__ == "__main__":
    main()
