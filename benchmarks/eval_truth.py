"""Truth, measured: does corroboration separate true claims from false ones? (issue 14 item 3)

Two measurements, each printed for the agreement model (trained without the claims or
topics it is measured on) beside today's ``credence check`` (the default stance model
reading claim pairs):

1. Emergent training claims labelled true or false, claim-grouped 5-fold cross-validation.
   Each claim is checked (``Scorer.check``, as ``credence check CLAIM`` does) against its
   headlines, each an article from its outlet. Printed: AUC of corroboration, true vs false,
   and the mean corroboration of true claims minus that of false ones (targets >= 0.80 and
   >= 0.2). The agreement model of a fold is trained on the other folds' Emergent pairs and
   on FNC-1 train topics (minus any pair sharing a text with the fold).
2. FNC-1 topic dev split: each dev headline with its related bodies (agree, disagree,
   discuss) is a story; the headline is checked against the bodies (each an article of its
   own outlet). Printed: Spearman of corroboration with (agree - disagree) / related over
   the headlines with at least 2 related bodies (target >= 0.6). The agreement model is
   trained on Emergent and the FNC-1 train topics, never on dev.

    python benchmarks/eval_truth.py [--data ../shared/data] [--folds 5] [--no-fnc]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np
from scipy.stats import spearmanr
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import GroupKFold

from credence.document import Article
from credence.models.agreement import _without_shared_texts, fit_pairs
from credence.models.agreement_data import emergent_pairs, fnc_pairs, read_emergent
from credence.scoring.corroboration import check_claim
from credence.scoring.scorer import Scorer

ROOT = Path(__file__).resolve().parents[1]


def _scorer_with(pair_model: Any, base: Scorer) -> Scorer:
    """A scorer that reads claim pairs with ``pair_model`` (others as ``base``)."""
    return Scorer(pair_model, base.uncertainty_model, base.claim_model, extractors=base.extractors)


def _check(scorer: Scorer, claim: str, articles: list[Article]) -> float:
    return float(scorer.check(claim, articles).corroboration)


def _headline_articles(claim: Any) -> list[Article]:
    return [
        Article(id=f"{claim.claim_id}:{k}", text=a.headline, outlet=a.outlet or f"outlet-{k}")
        for k, a in enumerate(claim.articles)
    ]


def _summary(name: str, truth: np.ndarray, scores: np.ndarray) -> str:
    auc = roc_auc_score(truth, scores)
    diff = scores[truth == 1].mean() - scores[truth == 0].mean()
    return (
        f"  {name:<38} AUC {auc:.3f}   mean true {scores[truth == 1].mean():.3f}   "
        f"mean false {scores[truth == 0].mean():.3f}   difference {diff:+.3f}"
    )


def emergent_truth(data: Path, folds: int, fnc_train: list[Any], base: Scorer) -> None:
    claims = [c for c in read_emergent(data / "claims/emergent/train.jsonl")]
    labelled = [c for c in claims if c.truth in ("true", "false")]
    truth = np.array([c.truth == "true" for c in labelled], dtype=int)
    agreement = np.zeros(len(labelled))
    today = np.zeros(len(labelled))
    ids = [c.claim_id for c in claims]
    splitter = GroupKFold(n_splits=folds)
    started = time.perf_counter()
    for fold, (train_idx, _) in enumerate(splitter.split(np.zeros(len(claims)), groups=ids)):
        train_ids = {ids[k] for k in train_idx}
        test = [k for k, c in enumerate(labelled) if c.claim_id not in train_ids]
        held_out = emergent_pairs([c for c in claims if c.claim_id not in train_ids])
        train = emergent_pairs([c for c in claims if c.claim_id in train_ids])
        train += _without_shared_texts(fnc_train, held_out)
        scorer = _scorer_with(fit_pairs(train).as_stance(), base)
        for k in test:
            articles = _headline_articles(labelled[k])
            agreement[k] = _check(scorer, labelled[k].claim, articles)
            today[k] = _check(base, labelled[k].claim, articles)
        print(
            f"  fold {fold + 1}/{folds} done ({time.perf_counter() - started:.0f} s)",
            file=sys.stderr,
        )
    print(
        f"Emergent training claims, true vs false ({truth.sum()} true, {len(truth) - truth.sum()} "
        f"false; claim-grouped {folds}-fold CV; each claim checked against its headlines)"
    )
    print(_summary("agreement model (this branch)", truth, agreement))
    print(_summary("today's check (stance model)", truth, today))


def fnc_stories(data: Path, train: list[Any], base: Scorer, max_stories: int) -> None:
    from credence.models.fnc import FNC_FILES, load_fnc, split_by_topic

    folder = data / "fnc1"
    pairs = load_fnc(folder / FNC_FILES["bodies"], folder / FNC_FILES["stances"])
    dev = split_by_topic(pairs, folder / FNC_FILES["topic_split"])["dev"]
    stories: dict[str, list[Any]] = defaultdict(list)
    for p in dev:
        if p.label != "unrelated":
            stories[p.claim].append(p)
    headlines = sorted(h for h, ps in stories.items() if len(ps) >= 2)[:max_stories]
    target = np.array(
        [
            (
                sum(p.label == "agree" for p in stories[h])
                - sum(p.label == "disagree" for p in stories[h])
            )
            / len(stories[h])
            for h in headlines
        ]
    )
    scorer = _scorer_with(fit_pairs(train).as_stance(), base)
    bodies = {p.evidence_id: p.evidence for h in headlines for p in stories[h]}
    # Each body is analysed once, however many headlines it is related to.
    analysed = dict(
        zip(
            bodies,
            base.analyze(
                Article(id=f"body-{b}", text=text, outlet=f"outlet-{b}")
                for b, text in bodies.items()
            ),
            strict=True,
        )
    )
    ours, today = [], []
    for h in headlines:
        analyses = [analysed[p.evidence_id] for p in stories[h]]
        for model, out in ((scorer.stance_model, ours), (base.stance_model, today)):
            scored = check_claim(
                h,
                analyses,
                stance_model=model,
                uncertainty_model=base.uncertainty_model,
                extractors=base.extractors,
            )
            out.append(scored.corroboration)
    print(
        f"FNC-1 topic dev stories ({len(headlines)} headlines with >= 2 related bodies): Spearman "
        "of corroboration with (agree - disagree) / related"
    )
    for name, values in (
        ("agreement model (this branch)", ours),
        ("today's check (stance model)", today),
    ):
        rho = spearmanr(values, target).statistic
        print(f"  {name:<38} Spearman {rho:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--max-stories", type=int, default=400)
    parser.add_argument("--no-fnc", action="store_true", help="Emergent claims only.")
    args = parser.parse_args()
    if not (args.data / "claims" / "emergent" / "train.jsonl").is_file():
        raise SystemExit(f"Error: {args.data}: labelled data not found (expected ../shared/data)")
    loaded = Scorer.load()
    # Today's check: the stance model reads the claim pairs (no agreement model).
    base = _scorer_with(loaded.stance_model, loaded)
    fnc_train = fnc_pairs(args.data / "fnc1", split="train")
    emergent_truth(args.data, args.folds, fnc_train, base)
    if not args.no_fnc:
        emergent = emergent_pairs(read_emergent(args.data / "claims/emergent/train.jsonl"))
        fnc_stories(args.data, emergent + fnc_train, base, args.max_stories)


if __name__ == "__main__":
    main()
