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
  is printed beside as ``(main ev., old)``. ``UW train`` is also what the event-factuality
  output (below) is fitted on.
- **UW train sample (hand)**: 120 UW training sentences labelled with credence's Szeged-style
  guidelines (``tests/fixtures/uncertainty_news_uw_sample.tsv``); a table prints each UW
  mapping's agreement with them (how the mapping was chosen).
- **UW blind r1 / r2 (hand)**: 150 + 150 held-out UW dev/test sentences labelled the same way
  from the text alone and committed before any model scored them (``..._uw_blind.tsv``,
  ``..._uw_blind2.tsv``; r1+r2 joined): the UW rows that measure what the model is for
  (Szeged-style hedging), where the mapped rows measure UW's event factuality.
- **MEANTIME**: uncertain when some event is PROBABLE or POSSIBLE (``0 < |f| < 3``);
  UNDERSPECIFIED (``0``: infinitives, generics, event nouns) is not a likelihood judgement
  and stays certain. ``MEANTIME train`` is where errors were analysed, ``MEANTIME dev`` (65
  sentences) is held out. credence never trains on MEANTIME; its hedging output never
  trains on UW.

Outputs scored, each on every set: the model's P(uncertain) (Szeged-style hedging), its base
stage alone, and its second output, event factuality (P(some event is not presented as
certain), :mod:`credence.models.uncertainty_events`, fitted on UW train), which is the output
made for the mapped UW sets.

The baseline is one regex of the 40 most common English hedge words (:data:`HEDGE_REGEX`):
a sentence is uncertain when it matches.

**Clear margin.** Beside every ΔF1 = F1(model) − F1(regex) the script prints its 95 % interval
from a paired bootstrap (:func:`credence.models.uncertainty_evaluation.paired_bootstrap_f1`,
2,000 resamples; whole documents are resampled: PolNeAR articles, Szeged documents, blocks of
40 consecutive UW/MEANTIME sentences; the written set, which has no documents, by sentence). A
margin is *clear* when the interval excludes 0 and ΔF1 ≥ 0.05.
"""

from __future__ import annotations

import argparse
import re
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

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
from credence.models.uncertainty_evaluation import CLEAR_MARGIN, paired_bootstrap_f1
from credence.models.uncertainty_events import EVENT_BLOCK
from credence.models.uncertainty_factuality import (
    UW_CERTAIN_FROM,
    is_predication,
    meantime_uncertain,
    uw_main_event_uncertain,
    uw_uncertain,
)
from credence.models.uncertainty_stack import ATTRIBUTION_CUE

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
#: Bootstrap resamples of every ΔF1 interval.
RESAMPLES = 2000


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


LabelledSet = tuple[list[str], list[bool], list[str] | None]


def factuality_set(
    corpus: str, splits: Sequence[str], mapping: Callable[[FactualitySentence], bool | None]
) -> LabelledSet:
    """Sentences of ``corpus`` (uw, meantime) ``splits`` with their mapped label and group
    (a block of 40 consecutive sentences: the files carry no document ids)."""
    texts: list[str] = []
    gold: list[bool] = []
    groups: list[str] = []
    for split in splits:
        path = DATA / "factuality" / corpus / f"{split}.conll"
        for index, s in enumerate(load_factuality_conll(path)):
            label = mapping(s)
            if label is not None:
                texts.append(s.text)
                gold.append(label)
                groups.append(f"{corpus}/{split}:{index // EVENT_BLOCK}")
    return texts, gold, groups


def uw_sample(part: str = "sample") -> list[tuple[FactualitySentence, bool, str]]:
    """Hand-labelled UW sentences (standoff: file, first line, label): ``sample`` (train) or
    ``blind`` (dev+test), with the block of 40 consecutive sentences each comes from."""
    wanted: dict[tuple[str, int], bool] = {}
    for line in (FIXTURES / f"uncertainty_news_uw_{part}.tsv").read_text().splitlines():
        if line and not line.startswith("#"):
            name, first, label = line.split("\t")
            wanted[(name, int(first))] = label == "uncertain"
    out: list[tuple[FactualitySentence, bool, str]] = []
    for name in sorted({name for name, _ in wanted}):
        for index, s in enumerate(load_factuality_conll(DATA / name)):
            if (name, s.line) in wanted:
                out.append((s, wanted[(name, s.line)], f"{name}:{index // EVENT_BLOCK}"))
    return out


def uw_sample_set(part: str = "sample") -> LabelledSet:
    rows = uw_sample(part)
    return [s.text for s, _, _ in rows], [label for _, label, _ in rows], [g for *_, g in rows]


def _joined(*sets: LabelledSet) -> LabelledSet:
    texts = [t for texts, _, _ in sets for t in texts]
    gold = [label for _, labels, _ in sets for label in labels]
    groups = [g for _, _, groups in sets for g in (groups or [])]
    return texts, gold, groups if len(groups) == len(texts) else None


def uw_uncertain_without_prep_gerunds(sentence: FactualitySentence) -> bool | None:
    """A variant of the UW mapping, printed beside it and not used: gerunds governed by a
    preposition ("an intention *of tapping*", "set its sights *on buying*", "called *for
    replacing*") left out too. The mapping leaves to-infinitives out because their low values
    mean volition, purpose or plan, not hedging; these gerunds are the same construct (on UW
    train 53 of 955 mapped-uncertain sentences are uncertain only through one)."""
    values = [
        value
        for index, value in enumerate(sentence.factuality)
        if value is not None
        and is_predication(sentence.pos, sentence.tokens, index)
        and not (sentence.pos[index] == "VBG" and index and sentence.pos[index - 1] in ("IN", "TO"))
    ]
    return any(abs(v) < UW_CERTAIN_FROM for v in values) if values else None


def mapping_agreement() -> None:
    """Each UW mapping against the hand Szeged-style labels of UW training sentences."""
    pairs = uw_sample()
    gold = [label for _, label, _ in pairs]
    mappings: list[tuple[str, Callable[[FactualitySentence], bool | None]]] = [
        ("predications |f|<2.5 (used)", uw_uncertain),
        ("main event |f|<2.5 (old)", uw_main_event_uncertain),
        ("any event |f|<2.5", lambda s: any(abs(v) < 2.5 for v in s.event_values)),
        ("predications, no prep. gerunds", uw_uncertain_without_prep_gerunds),
    ]
    print(f"\nUW mappings vs Szeged-style hand labels of {len(pairs)} UW train sentences "
          f"({sum(gold)} uncertain)")  # fmt: skip
    print(f"{'mapping':<30} {'pos':>5} {'P':>5} {'R':>5} {'F1':>5} {'kappa':>6}")
    for name, mapping in mappings:
        predicted = [bool(mapping(s)) for s, _, _ in pairs]
        r = prf(gold, np.asarray(predicted, dtype=float))
        kappa = cohen_kappa_score(gold, predicted)
        print(
            f"{name:<30} {sum(predicted):>5} {r['p']:.3f} {r['r']:.3f} {r['f1']:.3f} {kappa:>6.3f}"
        )


def news_set(part: str) -> LabelledSet:
    sentences = load_cue_standoff(FIXTURES / f"uncertainty_news_{part}.tsv", DATA / "attribution")
    return (
        [s.text for s in sentences],
        [s.uncertain for s in sentences],
        [s.doc_id for s in sentences],
    )


def written_set() -> LabelledSet:
    texts, labels = load_labelled_tsv(FIXTURES / "uncertainty_news.tsv")
    return texts, [label == "uncertain" for label in labels], None


def _row(
    name: str, gold: Sequence[bool], proba: np.ndarray, rx: np.ndarray, groups: list[str] | None
) -> str:
    result, baseline = prf(gold, proba), prf(gold, rx)
    line = (
        f"{name:<28} {result['n']:>5} {result['pos']:>5}  "
        f"{result['p']:.3f} {result['r']:.3f} {result['f1']:.3f}   "
        f"{baseline['p']:.3f} {baseline['r']:.3f} {baseline['f1']:.3f}   "
    )
    if not result["pos"]:
        return line + f"{result['f1'] - baseline['f1']:+.3f}   (no uncertain sentence)"
    diff = paired_bootstrap_f1(gold, proba >= 0.5, rx >= 0.5, groups, resamples=RESAMPLES)
    unit = "docs" if groups is not None else "sents"
    return line + (
        f"{diff.difference:+.3f} [{diff.low:+.3f}, {diff.high:+.3f}] "
        f"{'clear' if diff.clear else 'NOT clear':<9} {diff.groups:>5} {unit}"
    )


HEADER = (
    f"{'set':<28} {'n':>5} {'unc':>5}  {'P':>5} {'R':>5} {'F1':>5}   "
    f"{'P_rx':>5} {'R_rx':>5} {'F1_rx':>5}   {'ΔF1 [95% CI]':<24} {'margin':<9} resampled"
)
CLEAR_NOTE = (
    f"ΔF1 = F1(model) − F1(regex); 95% CI: paired bootstrap ({RESAMPLES} resamples of whole "
    f"documents, or of sentences where a set has none);\n'clear' = the interval excludes 0 "
    f"and ΔF1 ≥ {CLEAR_MARGIN:.2f}."
)


def cross_domain() -> None:
    sentences = load_szeged(DATA / "uncertainty" / "szeged")
    print("\nSzeged cross-domain (base pipeline; regex baseline on the same test sentences)")
    print(HEADER.replace(f"{'set':<28}", f"{'train -> test':<28}"))
    for source, target in (("wiki", "bio"), ("bio", "wiki")):
        train = [s for s in sentences if s.domain == source]
        test = [s for s in sentences if s.domain == target]
        started = time.perf_counter()
        pipeline = build_uncertainty_model().fit([s.text for s in train], [s.label for s in train])
        model = UncertaintyModel(pipeline)
        texts = [s.text for s in test]
        gold = [s.uncertain for s in test]
        proba = model.predict_proba(texts)
        groups = [s.group for s in test]
        print(_row(f"{source} -> {target}", gold, proba, regex_baseline(texts), groups)
              + f"   ({time.perf_counter() - started:.0f} s)")  # fmt: skip


#: Which product output each set is measured with, by the kind of label the set holds:
#: Szeged-style hedging labels (ours, hand) and MEANTIME's epistemic PROBABLE/POSSIBLE
#: attribute measure ``uncertainty`` (P(uncertain)); UW's graded event factuality (did the
#: author present the event as having happened?) measures ``nonfactual``.
PRODUCT_OUTPUT: dict[str, str] = {
    "news dev (fitted on)": "uncertainty",
    "news blind r1 (fitted on)": "uncertainty",
    "news train r3 (fitted on)": "uncertainty",
    "news blind r2 (PolNeAR)": "uncertainty",
    "news blind r3 (PolNeAR)": "uncertainty",
    "news (written, tests)": "uncertainty",
    "UW blind r1+r2 (hand)": "uncertainty",
    "UW train (head fitted on)": "nonfactual",
    "UW dev+test": "nonfactual",
    "UW dev+test (no prep. ger.)": "nonfactual",
    "MEANTIME train+dev": "uncertainty",
}
#: Rows whose model part was fitted on the set: printed, but no verdict.
IN_SAMPLE = ("fitted on",)


def product_model(directory: Path) -> Any:
    """The uncertainty model as ``credence score`` loads it (numpy-only when it can)."""
    from credence.models.light import load_light

    return load_light("uncertainty", directory) or UncertaintyModel.load(directory)


def product_table(model: Any, loaded: list[tuple[str, LabelledSet]]) -> None:
    """ONE table: each news set, the product output it is measured with, ΔF1 and verdict."""
    print(
        "\nPRODUCT OUTPUTS (what `credence score` reports for each claim), each on the label "
        "kind it predicts; regex baseline beside"
    )
    print(HEADER.replace(f"{'set':<28}", f"{'set':<28} {'output':<11}"))
    for name, (texts, gold, groups) in loaded:
        output = PRODUCT_OUTPUT.get(name)
        if output is None:
            continue
        read = model.predict_outputs(texts)
        proba = read.uncertainty if output == "uncertainty" else read.nonfactual
        if proba is None:
            print(f"{name:<28} {output:<11} (the model has no {output} output)")
            continue
        line = _row(name, gold, np.asarray(proba), regex_baseline(texts), groups)
        if any(mark in name for mark in IN_SAMPLE):
            line = line.replace("NOT clear", "(in-sample)").replace("clear    ", "(in-sample)")
        print(line[:28] + f" {output:<11}" + line[28:])


#: Kinds of wording that lower UW event factuality, for the error analysis (``--gap``); a
#: sentence may show several. Read on the sentence text, lower-cased.
GAP_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("reported speech", ATTRIBUTION_CUE),
    ("modal will/shall", re.compile(r"\b(?:will|shall|'ll|won't)\b")),
    ("modal would", re.compile(r"\b(?:would|'d)\b")),
    ("modal can/could", re.compile(r"\b(?:can|could|cannot|can't|couldn't)\b")),
    ("modal should/must", re.compile(r"\b(?:should|must|ought)\b")),
    ("modal may/might", re.compile(r"\b(?:may|might)\b")),
    ("negation", re.compile(r"\b(?:not|no|never|n't|none|nobody|nothing|neither|nor)\b|n't\b")),
    ("question", re.compile(r"\?\s*[\"'”’)]*\s*$")),
    ("conditional", re.compile(r"\b(?:if|unless|whether)\b")),
    ("plans/future (to-inf.)",
     re.compile(r"\b(?:going|plans?|planned|expected|intends?|aims?|wants?|hopes?|seeks?) to\b")),
)  # fmt: skip


def gap_analysis(model: Any) -> None:
    """UW *train* sentences the mapping calls uncertain that P(uncertain) misses, by kind,
    and how many of them the ``nonfactual`` output catches (training data only)."""
    texts, gold, _ = factuality_set("uw", ("train",), uw_uncertain)
    read = model.predict_outputs(texts)
    hedged = np.asarray(read.uncertainty) >= 0.5
    nonfactual = np.asarray(read.nonfactual) >= 0.5 if read.nonfactual is not None else hedged
    y = np.asarray(gold, dtype=bool)
    missed = y & ~hedged
    print(
        f"\nGap on UW train ({len(y)} sentences, {int(y.sum())} uncertain by the mapping): "
        f"P(uncertain) misses {int(missed.sum())}, of which nonfactual catches "
        f"{int((missed & nonfactual).sum())}; false alarms: P(uncertain) "
        f"{int((~y & hedged).sum())}, nonfactual {int((~y & nonfactual).sum())}"
    )
    print(f"{'kind':<24} {'missed':>7} {'nonfactual catches':>19} {'in certain sents':>17}")
    lowered = [t.lower() for t in texts]
    any_kind = np.zeros(len(y), dtype=bool)
    for kind, pattern in GAP_KINDS:
        has = np.asarray([bool(pattern.search(t)) for t in lowered])
        any_kind |= has
        print(
            f"{kind:<24} {int((missed & has).sum()):>7} "
            f"{int((missed & has & nonfactual).sum()):>19} {int((~y & has).sum()):>17}"
        )
    rest = missed & ~any_kind
    print(
        f"{'none of these':<24} {int(rest.sum()):>7} {int((rest & nonfactual).sum()):>19} "
        f"{int((~y & ~any_kind).sum()):>17}"
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=default_model_dir("uncertainty"))
    parser.add_argument("--cross-domain", action="store_true")
    parser.add_argument("--blind", action="store_true", help="also score the blind news part")
    parser.add_argument(
        "--gap", action="store_true", help="error analysis of the mapped UW train sentences"
    )
    parser.add_argument(
        "--all-outputs",
        action="store_true",
        help="also every model output (P(uncertain), base stage, event factuality) on every set",
    )
    args = parser.parse_args(argv)
    model = UncertaintyModel.load(args.model)
    sets: list[tuple[str, Callable[[], LabelledSet]]] = [
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
        ("UW blind r1 (hand)", lambda: uw_sample_set("blind")),
        ("UW blind r2 (hand)", lambda: uw_sample_set("blind2")),
        ("UW blind r1+r2 (hand)", lambda: _joined(uw_sample_set("blind"), uw_sample_set("blind2"))),
        ("UW train (head fitted on)", lambda: factuality_set("uw", ("train",), uw_uncertain)),
        ("UW dev+test", lambda: factuality_set("uw", ("dev", "test"), uw_uncertain)),
        ("UW dev+test (no prep. ger.)",
         lambda: factuality_set("uw", ("dev", "test"), uw_uncertain_without_prep_gerunds)),
        ("UW dev+test (main ev., old)",
         lambda: factuality_set("uw", ("dev", "test"), uw_main_event_uncertain)),
        ("MEANTIME train (analysed)",
         lambda: factuality_set("meantime", ("train",), meantime_uncertain)),
        ("MEANTIME dev", lambda: factuality_set("meantime", ("dev",), meantime_uncertain)),
        ("MEANTIME train+dev",
         lambda: factuality_set("meantime", ("train", "dev"), meantime_uncertain)),
    ]  # fmt: skip
    loaded = [(name, load()) for name, load in sets]
    print(CLEAR_NOTE)
    product_table(product_model(args.model), loaded)
    if args.all_outputs:
        predictors: list[tuple[str, Predictor]] = [("model (P(uncertain))", model.predict_proba)]
        if model.stack is not None:
            predictors.append(("model, base stage only", model.predict_proba_base))
        if model.factuality is not None:
            predictors.append(
                ("model, event-factuality output (fitted on UW train)",
                 model.predict_proba_factuality)
            )  # fmt: skip
        for label, predict in predictors:
            print(f"\n{label}: {args.model}  (regex baseline beside)")
            print(HEADER)
            for name, (texts, gold, groups) in loaded:
                print(_row(name, gold, predict(texts), regex_baseline(texts), groups))
    mapping_agreement()
    if args.gap:
        gap_analysis(product_model(args.model))
    if args.cross_domain:
        cross_domain()


if __name__ == "__main__":
    main()
