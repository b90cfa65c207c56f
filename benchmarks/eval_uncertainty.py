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
- **UW** (mapping: :mod:`credence.models.uncertainty_factuality`): a sentence is uncertain
  when one of its *predications* (verbal events, less to-infinitives) has ``|factuality| < 2.5``
  (its five-judgement mean does not round to ±3). Event nouns and infinitival complements
  ("wants to end", "an offer to buy") are left out: their low values mean "not happened yet"
  (volition, purpose, plans), which Szeged does not annotate. ``UW dev+test`` is held out;
  ``UW train`` is where errors were analysed. The old mapping (main event only, ``|f| < 2.5``)
  is printed beside as ``(main ev., old)``.
- **UW train sample (hand)**: 120 UW training sentences labelled with credence's Szeged-style
  guidelines (``tests/fixtures/uncertainty_news_uw_sample.tsv``); a table prints each UW
  mapping's agreement with them (how the mapping was chosen).
- **UW dev+test blind (hand)**: 150 held-out UW sentences labelled the same way from the text
  alone and committed before any model scored them (``..._uw_blind.tsv``): the UW row that
  measures what the model is for (Szeged-style hedging), where the mapped rows measure UW's
  event factuality.
- **MEANTIME**: uncertain when some event is PROBABLE or POSSIBLE (``0 < |f| < 3``);
  UNDERSPECIFIED (``0``: infinitives, generics, event nouns) is not a likelihood judgement
  and stays certain. ``MEANTIME train`` is where errors were analysed, ``MEANTIME dev`` (65
  sentences) is held out. credence never trains on UW or MEANTIME.

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
from sklearn.metrics import cohen_kappa_score

from credence.models.persistence import default_model_dir
from credence.models.szeged import (
    FactualitySentence,
    load_cue_standoff,
    load_factuality_conll,
    load_szeged,
)
from credence.models.uncertainty import (
    UncertaintyModel,
    build_uncertainty_model,
    load_labelled_tsv,
)
from credence.models.uncertainty_factuality import (
    meantime_uncertain,
    uw_main_event_uncertain,
    uw_uncertain,
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


def factuality_set(
    corpus: str, splits: Sequence[str], mapping: Callable[[FactualitySentence], bool | None]
) -> tuple[list[str], list[bool]]:
    """Sentences of ``corpus`` (uw, meantime) ``splits`` with their mapped label."""
    texts: list[str] = []
    gold: list[bool] = []
    for split in splits:
        for s in load_factuality_conll(DATA / "factuality" / corpus / f"{split}.conll"):
            label = mapping(s)
            if label is not None:
                texts.append(s.text)
                gold.append(label)
    return texts, gold


def uw_sample(part: str = "sample") -> list[tuple[FactualitySentence, bool]]:
    """Hand-labelled UW sentences (standoff: file, first line, label): ``sample`` (train) or
    ``blind`` (dev+test)."""
    wanted: dict[tuple[str, int], bool] = {}
    for line in (FIXTURES / f"uncertainty_news_uw_{part}.tsv").read_text().splitlines():
        if line and not line.startswith("#"):
            name, first, label = line.split("\t")
            wanted[(name, int(first))] = label == "uncertain"
    out: list[tuple[FactualitySentence, bool]] = []
    for name in sorted({name for name, _ in wanted}):
        for s in load_factuality_conll(DATA / name):
            if (name, s.line) in wanted:
                out.append((s, wanted[(name, s.line)]))
    return out


def uw_sample_set(part: str = "sample") -> tuple[list[str], list[bool]]:
    pairs = uw_sample(part)
    return [s.text for s, _ in pairs], [label for _, label in pairs]


def mapping_agreement() -> None:
    """Each UW mapping against the hand Szeged-style labels of UW training sentences."""
    pairs = uw_sample()
    gold = [label for _, label in pairs]
    mappings: list[tuple[str, Callable[[FactualitySentence], bool | None]]] = [
        ("predications |f|<2.5 (used)", uw_uncertain),
        ("main event |f|<2.5 (old)", uw_main_event_uncertain),
        ("any event |f|<2.5", lambda s: any(abs(v) < 2.5 for v in s.event_values)),
    ]
    print(f"\nUW mappings vs Szeged-style hand labels of {len(pairs)} UW train sentences "
          f"({sum(gold)} uncertain)")  # fmt: skip
    print(f"{'mapping':<30} {'pos':>5} {'P':>5} {'R':>5} {'F1':>5} {'kappa':>6}")
    for name, mapping in mappings:
        predicted = [bool(mapping(s)) for s, _ in pairs]
        r = prf(gold, np.asarray(predicted, dtype=float))
        kappa = cohen_kappa_score(gold, predicted)
        print(
            f"{name:<30} {sum(predicted):>5} {r['p']:.3f} {r['r']:.3f} {r['f1']:.3f} {kappa:>6.3f}"
        )


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
        ("UW train sample (hand)", uw_sample_set),
        ("UW dev+test blind (hand)", lambda: uw_sample_set("blind")),
        ("UW train (analysed)", lambda: factuality_set("uw", ("train",), uw_uncertain)),
        ("UW dev+test", lambda: factuality_set("uw", ("dev", "test"), uw_uncertain)),
        ("UW dev+test (main ev., old)",
         lambda: factuality_set("uw", ("dev", "test"), uw_main_event_uncertain)),
        ("MEANTIME train (analysed)",
         lambda: factuality_set("meantime", ("train",), meantime_uncertain)),
        ("MEANTIME dev", lambda: factuality_set("meantime", ("dev",), meantime_uncertain)),
        ("MEANTIME train+dev",
         lambda: factuality_set("meantime", ("train", "dev"), meantime_uncertain)),
    ]  # fmt: skip
    predictors: list[tuple[str, Predictor]] = [("model", model.predict_proba)]
    if model.stack is not None:
        predictors.append(("model, base stage only", model.predict_proba_base))
    for label, predict in predictors:
        print(f"\n{label}: {args.model}  (regex baseline beside)")
        print(HEADER)
        for name, load in sets:
            texts, gold = load()
            print(_row(name, prf(gold, predict(texts)), prf(gold, regex_baseline(texts))))
    mapping_agreement()
    if args.cross_domain:
        cross_domain()


if __name__ == "__main__":
    main()
