"""Start-up cost: what every ``credence`` command pays before it reads a single article.

Usage::

    python benchmarks/bench_startup.py                       # bundled models, 5 rounds
    python benchmarks/bench_startup.py --compare OTHER_DIR   # side by side with other models
    python benchmarks/bench_startup.py --baseline /tmp/old/src   # side by side with other code

Each round runs fresh processes (nothing cached in memory between them) and times, in
wall-clock seconds:

- ``import``: ``from credence import Scorer`` (numpy, scipy.sparse and the package; the
  scorer reads its sentence models through numpy-only arrays, ``credence.models.light``,
  so scikit-learn is imported only when two claims are compared);
- ``Scorer.load``: loading the three models (stance, uncertainty, claims), imports excluded;
- ``--version``: ``credence --version``, end to end;
- ``score one article``: ``credence score`` of a one-sentence article, end to end.

The two end-to-end commands are also given in CPU seconds of the child (user + system),
which a shared machine inflates less than wall-clock time. Targets: ``--version`` within
0.2 s, one-sentence ``score`` within 1 s.

``--compare DIR`` also loads (and scores with) the models under ``DIR`` (a directory with
``stance/``, ``uncertainty/`` and ``claims/``, e.g. a copy of the bundled models from an older
commit), in alternation with the bundled ones, and prints the ratios of the medians: both run
on the same busy machine in the same rounds.

``--baseline SRC`` runs ``--version`` and the one-sentence ``score`` with another checkout's
``src`` directory first on the path (e.g. ``git worktree add /tmp/old main`` then
``--baseline /tmp/old/src``), in alternation with this tree, and prints the ratios.

``--bytecode`` lets the children read and write compiled bytecode (``PYTHONDONTWRITEBYTECODE``
unset, the ``.pyc`` files kept in a temporary ``PYTHONPYCACHEPREFIX``, one warm-up run of
each command first): what a user of an installed credence pays, where pip compiles the
modules at install. Without it the children inherit the environment; where it sets
``PYTHONDONTWRITEBYTECODE`` (as the development machines do) every run compiles credence's
own modules from source again (about 0.2 s of a one-sentence ``score``).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_LOAD = """
import time
from credence import Scorer
started = time.perf_counter()
Scorer.load({model_dir!r})
print(time.perf_counter() - started)
"""
_CLI = "import sys; from credence.cli import main; sys.argv[0] = 'credence'; main()"
_IMPORT = """
import time
started = time.perf_counter()
from credence import Scorer
print(time.perf_counter() - started)
"""


#: The children's environment (``--bytecode`` changes it).
_ENV: dict[str, str] = dict(os.environ)


def _child(code: str) -> float:
    done = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True, env=_ENV
    )
    return float(done.stdout.strip().splitlines()[-1])


def _cli_once(arguments: list[str], src: Path | None = None) -> tuple[float, float]:
    """Run the CLI in a fresh process; return (wall seconds, CPU seconds of the child)."""
    env = _ENV if src is None else dict(_ENV, PYTHONPATH=str(src))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", _CLI, *arguments], check=True, capture_output=True, env=env
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _score_once(article: Path, model_dir: Path | None = None) -> float:
    extra = [] if model_dir is None else ["--model", str(model_dir)]
    return _cli_once(["score", str(article), "--format", "json", *extra])[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--compare", type=Path, help="other model directory to load alongside")
    parser.add_argument("--baseline", type=Path, help="another checkout's src directory")
    parser.add_argument(
        "--bytecode", action="store_true", help="children keep compiled bytecode (warm .pyc)"
    )
    args = parser.parse_args(argv)
    if args.baseline is not None and not (args.baseline / "credence" / "cli.py").is_file():
        print(f"Error: {args.baseline}: not a credence src directory", file=sys.stderr)
        return 1
    if args.compare is not None and not (args.compare / "stance").is_dir():
        print(f"Error: {args.compare}: no stance/ model directory in it", file=sys.stderr)
        return 1
    load_other = f"Scorer.load ({args.compare})"
    score_other = f"score one article (--model {args.compare})"
    names = ["import", "Scorer.load (bundled)", "score one article"]
    if args.compare is not None:
        names[2:2] = [load_other]
        names.append(score_other)
    rows: dict[str, list[float]] = {name: [] for name in names}
    trees = {"this tree": Path(__file__).resolve().parents[1] / "src"}
    if args.baseline is not None:
        trees["baseline"] = args.baseline.resolve()
    commands = {"--version": ["--version"], "score one article": None}
    ends: dict[tuple[str, str], list[tuple[float, float]]] = {
        (command, tree): [] for command in commands for tree in trees
    }
    with tempfile.TemporaryDirectory() as tmp:
        article = Path(tmp) / "one.txt"
        article.write_text("The ministry said at least 40 people were killed on Monday.\n")
        commands["score one article"] = ["score", str(article), "--format", "json"]
        if args.bytecode:
            _ENV.pop("PYTHONDONTWRITEBYTECODE", None)
            _ENV["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
            for arguments in commands.values():  # warm-up: compile and keep every module once
                for src in trees.values():
                    _cli_once(arguments, src)
            print("children keep compiled bytecode (warmed up once)")
        for _ in range(args.rounds):
            for command, arguments in commands.items():
                for tree, src in trees.items():  # alternating, under the same machine load
                    ends[command, tree].append(_cli_once(arguments, src))
            rows["import"].append(_child(_IMPORT))
            rows["Scorer.load (bundled)"].append(_child(_LOAD.format(model_dir=None)))
            if args.compare is not None:
                load = _LOAD.format(model_dir=str(args.compare.resolve()))
                rows[load_other].append(_child(load))
            rows["score one article"].append(_score_once(article))
            if args.compare is not None:
                rows[score_other].append(_score_once(article, args.compare))
    print(f"start-up, median of {args.rounds} fresh-process rounds (wall-clock seconds)")
    for name, values in rows.items():
        runs = ", ".join(f"{v:.2f}" for v in values)
        print(f"{name:<48}{statistics.median(values):>7.2f} s   ({runs})")
    print(f"\nend to end, median of {args.rounds} rounds: wall-clock s (CPU s of the child)")
    medians: dict[tuple[str, str], float] = {}
    for (command, tree), values in ends.items():
        wall = statistics.median(v[0] for v in values)
        cpu = statistics.median(v[1] for v in values)
        medians[command, tree] = cpu
        print(f"{command + ' (' + tree + ')':<48}{wall:>7.2f} s   ({cpu:.2f} s CPU)")
    if args.baseline is not None:
        for command in commands:
            ratio = medians[command, "baseline"] / medians[command, "this tree"]
            print(f"{command}: this tree {ratio:.2f}x faster than the baseline (CPU medians)")
    if args.compare is not None:
        median = {name: statistics.median(values) for name, values in rows.items()}
        ratio = median[load_other] / median["Scorer.load (bundled)"]
        print(f"bundled models load {ratio:.1f}x faster than {args.compare}")
        ratio = median[score_other] / median["score one article"]
        print(f"one-article score {ratio:.2f}x faster with the bundled models")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
