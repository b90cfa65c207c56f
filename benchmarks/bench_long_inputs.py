"""Time and peak memory of ``credence score`` on long single-line inputs (issue 11, item 2).

Three layouts, each one line with no paragraph break, at 100 KB and 1 MB (and 10 MB with
``--ten-mb``):

- ``varied``: FNC-1 bodies joined with spaces (real, varied news text);
- ``repeated``: one sentence of ours repeated;
- ``giant``: the FNC-1 text with every sentence end (``.``, ``!``, ``?``) made a comma, so the
  whole input is one sentence.

Each run is a fresh ``credence score FILE -f json -o OUT`` subprocess; its wall time, its CPU
time and its own peak RSS (``os.wait4``) are printed with the size of the JSON it wrote,
per-MB figures after subtracting the start-up run (a ~1 KB input: interpreter, imports, model
loading), and the growth over the previous size of the same layout (``x size``, ``x CPU``,
``x RSS``, start-up subtracted): time and memory grow at most linearly when ``x CPU`` and
``x RSS`` stay at or below ``x size``. CPU time is the figure to compare: wall time moves
with whatever else runs on the machine. Beyond the caps of ``credence.features.segment``
(1,000 sentences, 300,000 characters an article) only reading and segmenting grow with the
input.

The generated inputs are written to a temporary directory and deleted afterwards (they hold
text of the shared data set, which must not be committed).

Run::

    .venv/bin/python benchmarks/bench_long_inputs.py            # 100 KB and 1 MB, ~3 min
    .venv/bin/python benchmarks/bench_long_inputs.py --ten-mb   # also 10 MB
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "fnc1" / "train_bodies.csv"
CREDENCE = Path(sys.executable).with_name("credence")
KB = 1_000
MB = 1_000_000

# Our own sentence (not from the data set): attributed, hedged, with a number and a day.
REPEATED_SENTENCE = (
    "Officials said at least 1,000 troops were sent to the region on Thursday, "
    "according to a report by a regional newspaper. "
)
STARTUP_TEXT = "Officials said at least 1,000 troops were sent to the region on Thursday. " * 12


def _fnc_text() -> str:
    csv.field_size_limit(sys.maxsize)
    with DATA.open(encoding="utf-8", newline="") as handle:
        bodies = [re.sub(r"\s+", " ", row["articleBody"]).strip() for row in csv.DictReader(handle)]
    return " ".join(b for b in bodies if b)


def _cut(text: str, size: int) -> str:
    """``text`` repeated as needed and cut at a space to about ``size`` bytes of UTF-8."""
    while len(text.encode("utf-8")) < size:
        text = text + " " + text
    piece = text.encode("utf-8")[:size].decode("utf-8", errors="ignore")
    return piece.rsplit(" ", 1)[0] + "\n"


def build_inputs(directory: Path, sizes: list[int]) -> dict[tuple[str, int], Path]:
    """Write the single-line inputs of every layout and size; return their paths."""
    varied = _fnc_text()
    giant = re.sub(r"[.!?]", ",", varied)
    layouts = {"varied": varied, "repeated": REPEATED_SENTENCE * 20, "giant": giant}
    paths = {}
    for name, text in layouts.items():
        for size in sizes:
            path = directory / f"{name}-{size // KB}kb.txt"
            path.write_text(_cut(text, size), encoding="utf-8")
            paths[name, size] = path
    return paths


def run_score(path: Path, output: Path, timeout: float) -> tuple[float, float, float, int]:
    """``(wall seconds, CPU seconds, peak RSS in MB, output bytes)`` of one ``credence score``.

    CPU seconds (user + system of the subprocess) barely move when other processes share
    the cores; wall seconds do.
    """
    command = [str(CREDENCE), "score", str(path), "-f", "json", "-o", str(output)]
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = start + timeout
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            process.kill()
            os.wait4(process.pid, 0)
            return float("inf"), float("inf"), float("nan"), 0
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        error = process.stderr.read().decode() if process.stderr else ""
        raise SystemExit(f"credence score {path.name} failed: {error.strip()}")
    # ru_maxrss is in kilobytes on Linux.
    cpu = usage.ru_utime + usage.ru_stime
    return seconds, cpu, usage.ru_maxrss / 1024, output.stat().st_size


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ten-mb", action="store_true", help="also run the 10 MB inputs")
    parser.add_argument("--repeat", type=int, default=1, help="runs per input (median)")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds per run")
    args = parser.parse_args(argv)
    if not DATA.is_file():
        raise SystemExit(f"skipped: {DATA} is absent (the FNC-1 bodies make the inputs)")
    sizes = [100 * KB, 1 * MB] + ([10 * MB] if args.ten_mb else [])
    workdir = Path(tempfile.mkdtemp(prefix="credence-long-"))
    try:
        paths = build_inputs(workdir, sizes)
        startup_path = workdir / "startup.txt"
        startup_path.write_text(STARTUP_TEXT, encoding="utf-8")
        output = workdir / "out.json"
        startups = [run_score(startup_path, output, args.timeout) for _ in range(args.repeat)]
        startup_cpu = statistics.median(r[1] for r in startups)
        startup_mb = statistics.median(r[2] for r in startups)
        print(
            f"start-up (~1 KB input): {statistics.median(r[0] for r in startups):.1f} s wall, "
            f"{startup_cpu:.1f} s CPU, peak RSS {startup_mb:.0f} MB"
        )
        header = (
            f"{'layout':<9} {'input':>6} {'wall s':>7} {'CPU s':>7} {'peak MB':>8} "
            f"{'json MB':>8} {'CPU s/MB':>9} {'RSS/MB':>7} {'json/in':>8} "
            f"{'x size':>7} {'x CPU':>6} {'x RSS':>6}"
        )
        print(header)
        print("-" * len(header))
        previous: dict[str, tuple[float, float, float]] = {}
        for (layout, _size), path in paths.items():
            runs = [run_score(path, output, args.timeout) for _ in range(args.repeat)]
            wall = statistics.median(r[0] for r in runs)
            cpu = statistics.median(r[1] for r in runs)
            peak = statistics.median(r[2] for r in runs)
            written = runs[-1][3]
            megabytes = path.stat().st_size / MB
            # Growth over the previous size of the layout, start-up subtracted (linear: x CPU
            # and x RSS at most x size).
            extra_cpu, extra_mb = max(cpu - startup_cpu, 0.01), max(peak - startup_mb, 1.0)
            ratios = ""
            if layout in previous:
                size0, cpu0, mb0 = previous[layout]
                ratios = (
                    f" {megabytes / size0:>7.0f} {extra_cpu / cpu0:>6.1f} {extra_mb / mb0:>6.1f}"
                )
            previous[layout] = (megabytes, extra_cpu, extra_mb)
            print(
                f"{layout:<9} {megabytes:>5.1f}M {wall:>7.1f} {cpu:>7.1f} {peak:>8.0f} "
                f"{written / MB:>8.1f} {(cpu - startup_cpu) / megabytes:>9.1f} "
                f"{(peak - startup_mb) / megabytes:>7.0f} {written / path.stat().st_size:>8.1f}"
                + ratios,
                flush=True,
            )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
