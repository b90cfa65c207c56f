"""Evaluate claim detection and the check-worthiness model.

1. Claim detection, sentence level, on tests/fixtures/claims_news.tsv (sentences written and
   annotated by the credence authors; never used for training or for choosing thresholds).
   A sentence counts as predicted "claim" when the detector keeps at least one clause of it.
   Printed for the rules alone and for rules + model.
2. The check-worthiness model on the held-out CLEF-2019 debates (split by debate file):
   precision, recall, F1 at the model threshold, and average precision.
3. The confusion of rules vs model on the fixture: how often each says "claim", by gold label.
4. ``--compare-features``: average precision of the check-worthiness ranking on CLEF-2019
   over folds grouped by debate (no debate on both sides), for today's features (word and
   character n-grams and cues), for word n-grams and cues only, and for the no-model rule
   baseline (the number of claim cues of a sentence, 0 when a rule rejects it), beside the
   featurisation time of each model. The sigmoid calibration is monotone, so the ranking
   (and its AP) is the uncalibrated pipeline's.

Usage::

    python benchmarks/eval_claims.py                       # trains on CLEF training debates
    python benchmarks/eval_claims.py --model-dir DIR       # also score with a saved model
    python benchmarks/eval_claims.py --no-model            # rules only, no CLEF needed
    python benchmarks/eval_claims.py --compare-features    # CLEF, debate-grouped folds
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import Counter
from pathlib import Path

from sklearn.metrics import precision_recall_fscore_support

from credence.document import Article, Paragraph, Sentence
from credence.models.checkworthiness import (
    CheckworthinessModel,
    evaluate,
    flatten_debates,
    read_clef_dir,
    split_debates,
)
from credence.scoring.claims import ClaimDetector, non_claim_reason

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "claims_news.tsv"
CLEF = ROOT.parent / "shared" / "data" / "checkworthiness" / "clef2019" / "training"


def read_fixture(path: Path = FIXTURE) -> list[tuple[str, int, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [(r["text"], int(r["label"] == "claim"), r["note"]) for r in reader]


def sentence_predictions(detector: ClaimDetector, texts: list[str]) -> list[int]:
    out = []
    for i, text in enumerate(texts):
        article = Article(id=f"s{i}", text=text)
        paragraph = Paragraph(0, 0, len(text), text)
        sentence = Sentence(0, 0, 0, len(text), text)
        out.append(int(bool(detector.detect(article, [paragraph], [sentence]))))
    return out


def prf(gold: list[int], pred: list[int]) -> tuple[float, float, float]:
    p, r, f, _ = precision_recall_fscore_support(gold, pred, average="binary", zero_division=0)
    return float(p), float(r), float(f)


def _rule_score(text: str) -> float:
    from credence.scoring.claims import claim_cues

    return 0.0 if non_claim_reason(text) is not None else float(len(claim_cues(text)))


def compare_features(clef: Path, folds: int = 4) -> None:
    """AP over debate-grouped folds: today's features, without character n-grams, rules."""
    import numpy as np
    from sklearn.metrics import average_precision_score
    from sklearn.model_selection import GroupKFold

    from credence.models.checkworthiness import SEED, _pipeline

    debates = read_clef_dir(clef)
    texts, labels, groups = flatten_debates(debates, sorted(debates))
    y = np.asarray(labels)
    print(
        f"CLEF-2019: {len(texts)} sentences, {int(y.sum())} check-worthy, {len(debates)} debates; "
        f"{folds} folds grouped by debate"
    )
    scores = {"word+char+cues (today)": True, "word+cues": False}
    pooled: dict[str, np.ndarray] = {name: np.zeros(len(texts)) for name in scores}
    per_fold: dict[str, list[float]] = {name: [] for name in [*scores, "rules (no model)"]}
    seconds: dict[str, float] = dict.fromkeys(scores, 0.0)
    rules = np.asarray([_rule_score(t) for t in texts])
    for train, test in GroupKFold(n_splits=folds).split(texts, y, groups):
        for name, chars in scores.items():
            pipe = _pipeline(SEED, 20000, 30000, char_ngrams=chars)
            pipe.fit([texts[i] for i in train], y[train])
            started = time.process_time()
            decision = pipe.decision_function([texts[i] for i in test])
            seconds[name] += time.process_time() - started
            pooled[name][test] = decision
            per_fold[name].append(average_precision_score(y[test], decision))
        per_fold["rules (no model)"].append(average_precision_score(y[test], rules[test]))
    print(f"{'scorer':<26}{'AP pooled':>10}{'AP per fold (mean)':>20}{'CPU ms/1000 sent.':>19}")
    for name, fold_aps in per_fold.items():
        ranking = pooled.get(name, rules)
        # CPU milliseconds to featurise and score 1,000 sentences.
        shown = f"{1e6 * seconds[name] / len(texts):.0f}" if name in seconds else "-"
        print(
            f"{name:<26}{average_precision_score(y, ranking):>10.3f}"
            f"{float(np.mean(fold_aps)):>20.3f}{shown:>19}"
        )
    print(f"base rate (random ranking AP) {y.mean():.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model-dir", type=Path, help="saved claims model to use")
    parser.add_argument("--clef", type=Path, default=CLEF, help="CLEF-2019 training folder")
    parser.add_argument("--no-model", action="store_true", help="rules only")
    parser.add_argument("--errors", action="store_true", help="list misclassified sentences")
    parser.add_argument(
        "--compare-features",
        action="store_true",
        help="AP on CLEF over debate-grouped folds: today's features, no char n-grams, rules",
    )
    args = parser.parse_args(argv)
    if args.compare_features:
        compare_features(args.clef)
        return 0

    rows = read_fixture()
    texts = [t for t, _, _ in rows]
    gold = [y for _, y, _ in rows]
    print(f"fixture: {len(rows)} sentences, {sum(gold)} claims")

    rules = sentence_predictions(ClaimDetector(model=None), texts)
    p, r, f = prf(gold, rules)
    print(f"claim detection, rules only     P={p:.3f} R={r:.3f} F1={f:.3f}")
    # Rows whose note starts with "blind:" were written after the rules were tuned and were
    # never used to change them: their figures are the honest estimate.
    for part, keep in (("tuned-on rows", False), ("blind rows", True)):
        idx = [i for i, (_, _, n) in enumerate(rows) if n.startswith("blind:") is keep]
        p, r, f = prf([gold[i] for i in idx], [rules[i] for i in idx])
        print(f"  {part:<14} n={len(idx):<4}        P={p:.3f} R={r:.3f} F1={f:.3f}")

    model = None
    if args.model_dir:
        model = CheckworthinessModel.load(args.model_dir)
    elif not args.no_model and args.clef.is_dir():
        debates = read_clef_dir(args.clef)
        train_names, held_names = split_debates(list(debates))
        tr_t, tr_y, tr_g = flatten_debates(debates, train_names)
        held_t, held_y, _ = flatten_debates(debates, held_names)
        started = time.time()
        model = CheckworthinessModel().fit(tr_t, tr_y, groups=tr_g)
        print(
            f"check-worthiness model trained on {len(train_names)} debates "
            f"({len(tr_t)} sentences) in {time.time() - started:.0f}s",
            file=sys.stderr,
        )
        m = evaluate(model, held_t, held_y)
        print(
            f"CLEF-2019 held-out debates ({len(held_names)}: {', '.join(held_names)}): "
            f"n={m['n']} positives={m['positives']}"
        )
        print(
            f"check-worthiness model           P={m['precision']:.3f} R={m['recall']:.3f} "
            f"F1={m['f1']:.3f} AP={m['average_precision']:.3f} threshold={m['threshold']:.3f}"
        )

    if model is None:
        combined = rules
    else:
        detector = ClaimDetector(model=model)
        combined = sentence_predictions(detector, texts)
        p, r, f = prf(gold, combined)
        print(f"claim detection, rules + model  P={p:.3f} R={r:.3f} F1={f:.3f}")
        proba = model.predict_proba(texts)
        alone = [int(x >= detector.threshold) for x in proba]
        p, r, f = prf(gold, alone)
        print(f"model alone at {detector.threshold:.3f}          P={p:.3f} R={r:.3f} F1={f:.3f}")
        print("\nrules vs model on the fixture (counts by gold label):")
        table = Counter((g, ru, mo) for g, ru, mo in zip(gold, rules, alone, strict=True))
        print(f"{'gold':<10}{'rules':<10}{'model':<10}count")
        for g in (1, 0):
            for ru in (1, 0):
                for mo in (1, 0):
                    name = ("claim", "not")
                    print(
                        f"{name[1 - g]:<10}{name[1 - ru]:<10}{name[1 - mo]:<10}{table[(g, ru, mo)]}"
                    )

    if args.errors:
        print("\nmisclassified:")
        for (text, g, note), pred in zip(rows, combined, strict=True):
            if g != pred:
                why = non_claim_reason(text) or "kept"
                print(
                    f"  gold={'claim' if g else 'not'} pred={'claim' if pred else 'not'} "
                    f"[{why}] {text}  ({note})"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
