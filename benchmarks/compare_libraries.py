"""credence's dates and numbers beside the well-kept libraries, on the same tables and texts.

Accuracy on the issue-16 tables (``tests/fixtures/dates_news.tsv`` and
``tests/fixtures/numbers_news.tsv``, written for credence), and time on FNC-1 bodies
(../shared/data, read at run time), side by side in one run:

- dates: credence's DateExtractor vs dateparser's ``search_dates`` with the article's date
  as ``RELATIVE_BASE``. A row is right when the date read for it lies inside the expected
  interval (credence: its whole interval must; a library returns one day), and a negative row
  when nothing is read. Rows without a publication date ("unresolved") are left out: a
  library with a base date always guesses.
- numbers: credence's QuantityExtractor vs number-parser (``parse``), text2num
  (``alpha2digit``) and quantulum3 (``parser.parse``). A row is right when the first number
  read equals the expected value (a fraction may also be read as a share: 0.375 for 37.5 %),
  and a negative row when none is read.

A library that is not installed is skipped with the reason. Install them with
``pip install -e '.[compare]'``.

    python benchmarks/compare_libraries.py [--bodies 100]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import importlib
import re
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from credence.features.context import Context
from credence.features.dates import DateExtractor
from credence.features.quantities import QuantityExtractor

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
BODIES = ROOT.parent / "shared" / "data" / "fnc1" / "train_bodies.csv"
_NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?|-?\.\d+")


def _rows(name: str) -> list[list[str]]:
    lines = (FIXTURES / name).read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


def _optional(module: str) -> object | None:
    try:
        return importlib.import_module(module)
    except ImportError as error:
        print(f"  skipped {module}: not installed ({error}); pip install -e '.[compare]'")
        return None


# --------------------------------------------------------------------------- dates


def _credence_dates(text: str, published: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    found = DateExtractor().extract(text, context=Context(text=text, published=published))
    return [(d.text, d.low, d.high) for d in found if d.resolved]


def _dateparser_dates(text: str, published: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    from dateparser.search import search_dates

    base = dt.datetime.combine(published, dt.time(12))
    found = search_dates(text, languages=["en"], settings={"RELATIVE_BASE": base}) or []
    return [(s, d.date(), d.date()) for s, d in found]


def _date_accuracy(reader: Callable[[str, dt.date], list]) -> tuple[int, int]:
    right = total = 0
    for text, published, target, expected, _kind in _rows("dates_news.tsv"):
        if published == "-":
            continue
        total += 1
        found = reader(text, dt.date.fromisoformat(published))
        if expected == "-":
            right += not found
            continue
        low, high = (dt.date.fromisoformat(x) for x in expected.split(".."))
        # the reading of the target: the one whose text overlaps it, else any
        near = [
            f for f in found if target.lower() in f[0].lower() or f[0].lower() in target.lower()
        ]
        right += any(low <= lo and hi <= high for _, lo, hi in near or found)
    return right, total


# --------------------------------------------------------------------------- numbers


def _first_number(text: str) -> float | None:
    m = _NUMBER.search(text)
    return None if m is None else float(m.group().replace(",", ""))


def _credence_number(text: str) -> float | None:
    found = QuantityExtractor().extract(text)
    return found[0].low if found else None


def _number_parser(text: str) -> float | None:
    from number_parser import parse

    return _first_number(parse(text))


def _text2num(text: str) -> float | None:
    from text_to_num import alpha2digit

    return _first_number(alpha2digit(text, "en"))


def _quantulum(text: str) -> float | None:
    from quantulum3 import classifier, parser

    # Its bundled unit classifier is a pickle of an older scikit-learn that this one cannot
    # load; without it quantulum3 reads numbers the same and picks units by rules.
    classifier.USE_CLF = False
    found = parser.parse(text)
    return float(found[0].value) if found else None


def _number_accuracy(reader: Callable[[str], float | None]) -> tuple[int, int]:
    right = total = 0
    for text, expected, kind in _rows("numbers_news.tsv"):
        total += 1
        try:
            value = reader(text)
        except Exception:  # a library that fails on a row reads nothing
            value = None
        if expected == "-":
            right += value is None
            continue
        want = float(expected.split("..")[0])
        wants = [want, want / 100] if kind == "fraction" else [want]
        right += value is not None and any(abs(value - w) <= 1e-3 * max(1, abs(w)) for w in wants)
    return right, total


# --------------------------------------------------------------------------- speed


def _bodies(n: int) -> list[str]:
    csv.field_size_limit(1 << 30)
    with open(BODIES, newline="", encoding="utf-8") as f:
        rows = sorted(csv.DictReader(f), key=lambda r: int(r["Body ID"]))
    return [r["articleBody"] for r in rows[:n]]


def _mb_per_s(run: Callable[[str], object], texts: list[str], repeats: int) -> float:
    size = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    times = []
    for _ in range(repeats):
        start = time.process_time()
        for text in texts:
            run(text)
        times.append(time.process_time() - start)
    return size / max(statistics.median(times), 1e-9)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bodies", type=int, default=100, help="FNC-1 bodies timed")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    published = dt.date(2016, 6, 1)
    texts = _bodies(args.bodies) if BODIES.is_file() else []
    if not texts:
        print(f"  no timing: {BODIES} is missing")

    def both(text: str) -> None:
        ctx = Context(text=text, published=published)
        DateExtractor().extract(text, context=ctx)
        QuantityExtractor().extract(text, context=ctx)

    print("dates (dates_news.tsv)            right / rows   accuracy   MB/s on FNC-1 bodies")
    rows: list[tuple[str, Callable, Callable[[str], object]]] = [
        ("credence DateExtractor", _credence_dates, lambda t: _credence_dates(t, published)),
    ]
    if _optional("dateparser") is not None:
        rows.append(
            (
                "dateparser search_dates",
                _dateparser_dates,
                lambda t: _dateparser_dates(t, published),
            )
        )
    for name, reader, timed in rows:
        right, total = _date_accuracy(reader)
        speed = _mb_per_s(timed, texts, args.repeats) if texts else float("nan")
        print(f"  {name:30} {right:4d} / {total:<4d}   {right / total:6.1%}   {speed:8.3f}")

    print("numbers (numbers_news.tsv)        right / rows   accuracy   MB/s on FNC-1 bodies")
    number_rows: list[tuple[str, str, Callable[[str], float | None]]] = [
        ("credence QuantityExtractor", "", _credence_number),
        ("number-parser parse", "number_parser", _number_parser),
        ("text2num alpha2digit", "text_to_num", _text2num),
        ("quantulum3 parser.parse", "quantulum3", _quantulum),
    ]
    for name, module, reader in number_rows:
        if module and _optional(module) is None:
            continue
        right, total = _number_accuracy(reader)
        run = (lambda t: QuantityExtractor().extract(t)) if not module else reader
        speed = _mb_per_s(run, texts, args.repeats) if texts else float("nan")
        print(f"  {name:30} {right:4d} / {total:<4d}   {right / total:6.1%}   {speed:8.3f}")
    if texts:
        print(
            f"credence dates + quantities together: {_mb_per_s(both, texts, args.repeats):.3f} MB/s"
        )


if __name__ == "__main__":
    main()
