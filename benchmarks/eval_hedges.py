"""Evaluate the hedge lexicon (and optionally the trained uncertainty model) on Szeged dev.

Usage (from the repository root)::

    python benchmarks/eval_hedges.py                      # lexicon only
    python benchmarks/eval_hedges.py --train-model /tmp/unc   # + train and score the model
    python benchmarks/eval_hedges.py --model src/credence/models/default/uncertainty
                                       # + score a saved model: base vs stacked

The dev split is :func:`credence.models.szeged.document_split` (fraction 0.2, seed 0).
Cue level: a predicted cue is a true positive when a gold ``<ccue>`` has the same offsets
(exact) or shares at least one character (overlap). Sentence level: a sentence is predicted
uncertain when it holds a cue. Two cue sets are scored: ``all`` (every uncertainty cue, i.e.
all categories except asserted boosters) and ``szeged`` (the categories Szeged annotates:
epistemic, probability, belief, hearsay, unverifiable, condition, investigation; estimation and
vague wording are not annotated there).

With a model, base (Szeged-only) and stacked (news stage) figures are printed side by side:
F1 of the uncertain class on the news fixture (``tests/fixtures/uncertainty_news.tsv``,
evaluation only) and Spearman correlations with min event factuality on UW dev and
MEANTIME dev.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from credence.features.hedges import HedgeExtractor
from credence.models.szeged import SzegedSentence, document_split, load_szeged

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
NEWS = ROOT / "tests" / "fixtures" / "uncertainty_news.tsv"
SZEGED_CATEGORIES = frozenset(
    {"epistemic", "probability", "belief", "hearsay", "unverifiable", "condition", "investigation"}
)


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"p": round(precision, 3), "r": round(recall, 3), "f1": round(f1, 3)}


def score(sentences: list[SzegedSentence], predicted: list[list[tuple[int, int]]]) -> dict:
    exact = [0, 0, 0]
    overlap_p = [0, 0]  # predicted cues overlapping a gold cue / not
    overlap_r = [0, 0]  # gold cues overlapped by a prediction / not
    sentence = [0, 0, 0]
    for s, spans in zip(sentences, predicted, strict=True):
        gold = {(c.start, c.end) for c in s.cues}
        pred = set(spans)
        exact[0] += len(gold & pred)
        exact[1] += len(pred - gold)
        exact[2] += len(gold - pred)
        for a, b in pred:
            hit = any(a < d and c < b for c, d in gold)
            overlap_p[0 if hit else 1] += 1
        for c, d in gold:
            hit = any(a < d and c < b for a, b in pred)
            overlap_r[0 if hit else 1] += 1
        sentence[0] += bool(gold) and bool(pred)
        sentence[1] += (not gold) and bool(pred)
        sentence[2] += bool(gold) and not pred
    p = overlap_p[0] / sum(overlap_p) if sum(overlap_p) else 0.0
    r = overlap_r[0] / sum(overlap_r) if sum(overlap_r) else 0.0
    overlap = {
        "p": round(p, 3),
        "r": round(r, 3),
        "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
    }
    return {"n": len(sentences), "cue_exact": prf(*exact), "cue_overlap": overlap,
            "sentence": prf(*sentence)}  # fmt: skip


def evaluate_lexicon(dev: list[SzegedSentence]) -> dict:
    extractor = HedgeExtractor()
    started = time.perf_counter()
    found = [extractor.extract(s.text) for s in dev]
    seconds = time.perf_counter() - started
    results: dict = {"seconds": round(seconds, 2)}
    for name, keep in (
        ("all", lambda h: h.is_uncertainty),
        ("szeged", lambda h: h.is_uncertainty and h.category in SZEGED_CATEGORIES),
    ):
        spans = [[(h.start, h.end) for h in hedges if keep(h)] for hedges in found]
        results[name] = {
            part: score([s for s in dev if part == "overall" or s.domain == part],
                        [sp for s, sp in zip(dev, spans, strict=True)
                         if part == "overall" or s.domain == part])
            for part in ("wiki", "bio", "overall")
        }  # fmt: skip
    return results


def base_vs_stacked(model_dir: Path, data: Path) -> dict:
    """News-fixture F1/AUC and factuality Spearman for the base and stacked probabilities."""
    from scipy.stats import spearmanr
    from sklearn.metrics import f1_score, roc_auc_score

    from credence.models.uncertainty import (
        UncertaintyModel,
        factuality_stacking_data,
        load_labelled_tsv,
    )

    model = UncertaintyModel.load(model_dir)
    texts, labels = load_labelled_tsv(NEWS)
    gold = [label == "uncertain" for label in labels]
    sets = {
        name: factuality_stacking_data(data / "factuality" / name / "dev.conll")
        for name in ("uw", "meantime")
    }
    report: dict = {"has_stack": model.stack is not None}
    for stage, predict in (("base", model.predict_proba_base), ("stacked", model.predict_proba)):
        proba = predict(texts)
        row = {
            "news_f1_uncertain": round(float(f1_score(gold, proba >= 0.5)), 3),
            "news_missed_uncertain": int(
                sum(g and p < 0.5 for g, p in zip(gold, proba, strict=True))
            ),
            "news_auc": round(float(roc_auc_score(gold, proba)), 3),
        }
        for name, (fact_texts, factuality, _) in sets.items():
            row[f"{name}_dev_spearman_min"] = round(
                float(spearmanr(predict(fact_texts), factuality)[0]), 3
            )
        report[stage] = row
    if model.stack is not None:
        report["stack_weights"] = {k: round(v, 3) for k, v in model.stack.weights().items()}
        report["stack_target"] = model.stack.target
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument(
        "--train-model",
        type=Path,
        default=None,
        help="also train the default uncertainty model into this directory",
    )
    parser.add_argument(
        "--model", type=Path, default=None, help="score this saved model: base vs stacked"
    )
    args = parser.parse_args()  # fmt: skip
    sentences = load_szeged(args.data / "uncertainty" / "szeged")
    _, dev = document_split(sentences, dev_fraction=0.2, seed=0)
    report: dict = {"dev_sentences": len(dev), "lexicon": evaluate_lexicon(dev)}
    if args.train_model is not None:
        from credence.models.uncertainty import train_default_uncertainty

        started = time.perf_counter()
        metrics = train_default_uncertainty(args.data, args.train_model, news_path=NEWS)
        size = (args.train_model / "model.joblib").stat().st_size
        report["model"] = {
            "seconds": round(time.perf_counter() - started, 1),
            "model_bytes": size,
            "train_seconds": metrics["train"]["seconds"],
            "cv_f1_uncertain": metrics["train"]["cv"]["f1_uncertain"],
            "dev_f1_uncertain": {
                part: round(metrics["dev"][part]["f1_per_class"]["uncertain"], 3)
                for part in ("wiki", "bio", "overall")
            },
            "dev_brier_ece": [metrics["dev"]["overall"]["brier"], metrics["dev"]["overall"]["ece"]],
            "news": {k: metrics["news"][k] for k in ("n", "accuracy", "f1_per_class", "confusion")},
            "news_base": {k: metrics["news_base"][k] for k in ("f1_per_class", "confusion")},
            "factuality": metrics["factuality"],
            "factuality_base": metrics["factuality_base"],
        }
        report["base_vs_stacked"] = base_vs_stacked(args.train_model, args.data)
    if args.model is not None:
        report["base_vs_stacked"] = base_vs_stacked(args.model, args.data)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
