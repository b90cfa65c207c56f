"""Uncertainty across domains and on news: F1(uncertain), P and R beside a hedge-regex baseline.

Usage (from the repository root)::

    python benchmarks/eval_uncertainty.py                     # the shipped default model
    python benchmarks/eval_uncertainty.py --model DIR         # another saved model
    python benchmarks/eval_uncertainty.py --cross-domain      # + Szeged wiki <-> bio table
    python benchmarks/eval_uncertainty.py --blind             # + the blind news parts

Sets (sentence level; "uncertain" is the positive class):

- **Szeged cross-domain** (``--cross-domain``): the base pipeline trained on every Wikipedia
  sentence and tested on every biomedical one, and back (two fits, about a minute each).
- **news dev / blind**: our Szeged-style annotation of PolNeAR *training* articles
  (``tests/fixtures/uncertainty_news_{dev,blind,train,blind2,blind3}.tsv``, standoff offsets;
  see the header of those files for the guidelines). The default stack is fitted on dev, the
  round-1 blind part (looked at once scored) and the round-3 training set (468 sentences): on
  them the figures are in-sample ("fitted on"). The blind parts, scored only with ``--blind``,
  are round 2 (``blind2``, 206 sentences of 26 articles) and round 3 (``blind3``, 157
  sentences of 21 articles, frozen before the model changed).
- **news (written)**: ``tests/fixtures/uncertainty_news.tsv``, 75 sentences written for the
  tests (evaluation only).
- **UW dev+test**: a sentence is uncertain when its *main event* (the annotated event nearest
  the dependency root) has ``|factuality| < 2.5``. UW values are means of five crowd
  judgements on −3…+3, so 2.6 is one annotator's dissent from "certainly (not) happened";
  negated events (−3) are certain, as in Szeged.
- **MEANTIME train+dev**: uncertain when some event is PROBABLE or POSSIBLE
  (``0 < |factuality| < 3``); MEANTIME's UNDERSPECIFIED (``0``: purposes, plans, infinitives)
  is not epistemic uncertainty and stays certain. credence never trains on MEANTIME.

The baseline is one regex of the 40 most common English hedge words (:data:`HEDGE_REGEX`):
a sentence is uncertain when it matches.
"""

from __future__ import annotations

import argparse
import re
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from credence.models.persistence import default_model_dir
from credence.models.szeged import (
    load_cue_standoff,
    load_factuality_conll,
    load_szeged,
)
from credence.models.uncertainty import (
    UncertaintyModel,
    build_uncertainty_model,
    load_labelled_tsv,
)

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
FIXTURES = ROOT / "tests" / "fixtures"

#: The 40 most common English hedge words, as one case-insensitive regex (the baseline).
HEDGE_WORDS: tuple[str, ...] = (
    "may", "might", "could", "would", "should", "possibly", "possible", "probably", "likely",
    "unlikely", "perhaps", "maybe", "seem", "seems", "seemed", "appear", "appears", "appeared",
    "apparently", "suggest", "suggests", "suggested", "believe", "believed", "think", "thought",
    "assume", "presumably", "estimated", "approximately", "roughly", "about", "around",
    "reportedly", "allegedly", "alleged", "claimed", "unclear", "if", "whether",
)  # fmt: skip
assert len(HEDGE_WORDS) == 40
HEDGE_REGEX = re.compile(r"\b(?:" + "|".join(HEDGE_WORDS) + r")\b", re.IGNORECASE)

Predictor = Callable[[Sequence[str]], np.ndarray]


def regex_baseline(texts: Sequence[str]) -> np.ndarray:
    """1.0 where the hedge regex matches, else 0.0."""
    return np.asarray([1.0 if HEDGE_REGEX.search(t) else 0.0 for t in texts])


def prf(gold: Sequence[bool], proba: np.ndarray, threshold: float = 0.5) -> dict[str, float]:
    """Precision, recall and F1 of the uncertain class."""
    predicted = np.asarray(proba) >= threshold
    y = np.asarray(gold, dtype=bool)
    tp = int(np.sum(predicted & y))
    fp = int(np.sum(predicted & ~y))
    fn = int(np.sum(~predicted & y))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": p, "r": r, "f1": f1, "n": len(y), "pos": int(y.sum())}


def uw_set() -> tuple[list[str], list[bool]]:
    texts: list[str] = []
    gold: list[bool] = []
    for split in ("dev", "test"):
        for s in load_factuality_conll(DATA / "factuality" / "uw" / f"{split}.conll"):
            value = s.main_event_factuality
            if value is not None:
                texts.append(s.text)
                gold.append(abs(value) < 2.5)
    return texts, gold


def meantime_set() -> tuple[list[str], list[bool]]:
    texts: list[str] = []
    gold: list[bool] = []
    for split in ("train", "dev"):
        for s in load_factuality_conll(DATA / "factuality" / "meantime" / f"{split}.conll"):
            if s.event_values:
                texts.append(s.text)
                gold.append(any(0 < abs(v) < 3 for v in s.event_values))
    return texts, gold


def news_set(part: str) -> tuple[list[str], list[bool]]:
    sentences = load_cue_standoff(FIXTURES / f"uncertainty_news_{part}.tsv", DATA / "attribution")
    return [s.text for s in sentences], [s.uncertain for s in sentences]


def written_set() -> tuple[list[str], list[bool]]:
    texts, labels = load_labelled_tsv(FIXTURES / "uncertainty_news.tsv")
    return texts, [label == "uncertain" for label in labels]


def _row(name: str, result: dict[str, float], baseline: dict[str, float]) -> str:
    return (
        f"{name:<26} {result['n']:>5} {result['pos']:>5}  "
        f"{result['p']:.3f} {result['r']:.3f} {result['f1']:.3f}   "
        f"{baseline['p']:.3f} {baseline['r']:.3f} {baseline['f1']:.3f}   "
        f"{result['f1'] - baseline['f1']:+.3f}"
    )


HEADER = (
    f"{'set':<26} {'n':>5} {'unc':>5}  {'P':>5} {'R':>5} {'F1':>5}   "
    f"{'P_rx':>5} {'R_rx':>5} {'F1_rx':>5}   {'ΔF1':>6}"
)


def cross_domain() -> None:
    sentences = load_szeged(DATA / "uncertainty" / "szeged")
    print("\nSzeged cross-domain (base pipeline; regex baseline on the same test sentences)")
    print(f"{'train -> test':<26} {'n':>5} {'unc':>5}  {'P':>5} {'R':>5} {'F1':>5}   "
          f"{'P_rx':>5} {'R_rx':>5} {'F1_rx':>5}   {'ΔF1':>6}")  # fmt: skip
    for source, target in (("wiki", "bio"), ("bio", "wiki")):
        train = [s for s in sentences if s.domain == source]
        test = [s for s in sentences if s.domain == target]
        started = time.perf_counter()
        pipeline = build_uncertainty_model().fit([s.text for s in train], [s.label for s in train])
        model = UncertaintyModel(pipeline)
        texts = [s.text for s in test]
        gold = [s.uncertain for s in test]
        result = prf(gold, model.predict_proba(texts))
        print(_row(f"{source} -> {target}", result, prf(gold, regex_baseline(texts)))
              + f"   ({time.perf_counter() - started:.0f} s)")  # fmt: skip


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=default_model_dir("uncertainty"))
    parser.add_argument("--cross-domain", action="store_true")
    parser.add_argument("--blind", action="store_true", help="also score the blind news part")
    args = parser.parse_args(argv)
    model = UncertaintyModel.load(args.model)
    sets: list[tuple[str, Callable[[], tuple[list[str], list[bool]]]]] = [
        ("news dev (fitted on)", lambda: news_set("dev")),
        ("news blind r1 (fitted on)", lambda: news_set("blind")),
        ("news train r3 (fitted on)", lambda: news_set("train")),
    ]
    if args.blind:
        sets.append(("news blind r2 (PolNeAR)", lambda: news_set("blind2")))
        sets.append(("news blind r3 (PolNeAR)", lambda: news_set("blind3")))
    sets += [
        ("news (written, tests)", written_set),
        ("UW dev+test (main ev.)", uw_set),
        ("MEANTIME train+dev", meantime_set),
    ]
    predictors: list[tuple[str, Predictor]] = [("model", model.predict_proba)]
    if model.stack is not None:
        predictors.append(("model, base stage only", model.predict_proba_base))
    for label, predict in predictors:
        print(f"\n{label}: {args.model}  (regex baseline beside)")
        print(HEADER)
        for name, load in sets:
            texts, gold = load()
            print(_row(name, prf(gold, predict(texts)), prf(gold, regex_baseline(texts))))
    if args.cross_domain:
        cross_domain()


if __name__ == "__main__":
    main()
