"""Train and evaluate the attribution tagger on PolNeAR (train to fit, dev to tune and report).

The split is PolNeAR's own, by article: no article sits on both sides. Dev figures are
reported beside the hand-written rules on the same articles (the baseline).
"""

from __future__ import annotations

import hashlib
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from credence.features.attribution.learned import article_sequences, learned_attributions
from credence.features.attribution.lexicon import AttributionLexicon, load_lexicon
from credence.features.attribution.results import Attribution
from credence.features.attribution.rules import rule_attributions
from credence.features.context import Context
from credence.models.attribution_data import SpanScore, articles
from credence.models.attribution_model import CrfTagger, gold_labels

__all__ = ["training_sequences", "evaluate", "train_default_attribution"]

Extract = Callable[[str, Context], Sequence[Attribution]]


def training_sequences(
    split_dir: Path, lex: AttributionLexicon
) -> tuple[list[list[list[str]]], list[list[str]], dict[str, str]]:
    """Feature and label sequences of every paragraph worth tagging, and the data hashes."""
    features: list[list[list[str]]] = []
    labels: list[list[str]] = []
    hashes: dict[str, str] = {}
    for name, text, gold in articles(split_dir):
        hashes[name] = hashlib.sha256(text.encode("utf-8")).hexdigest()
        seqs = article_sequences(text, Context.of(text), lex)
        starts = seqs.table.starts
        for para, para_features in zip(seqs.paragraphs, seqs.features, strict=True):
            features.append(para_features)
            labels.append(gold_labels(starts[para.lo : para.hi], gold.spans))
    return features, labels, hashes


def evaluate(split_dir: Path, extract: Extract) -> dict[str, SpanScore]:
    """Source, cue and content span scores of ``extract`` over one split."""
    scores = {"source": SpanScore(), "cue": SpanScore(), "content": SpanScore()}
    for _, text, gold in articles(split_dir):
        found = extract(text, Context.of(text))
        scores["source"].add([((a.source.start, a.source.end),) for a in found], gold.sources)
        scores["cue"].add([((a.cue.start, a.cue.end),) for a in found], gold.cues)
        scores["content"].add([((a.content.start, a.content.end),) for a in found], gold.contents)
    return scores


#: Thresholds tried on dev for :attr:`CrfTagger.min_outside` (1.0: the best path alone).
MIN_OUTSIDE_GRID = (1.0, 0.85, 0.7, 0.55)


def _mean_f1(scores: dict[str, SpanScore]) -> float:
    return sum(score.overlap()[2] for score in scores.values()) / len(scores)


def train_default_attribution(
    polnear_dir: Path,
    out_dir: Path,
    *,
    c1: float = 0.5,
    c2: float = 0.01,
    max_iterations: int = 100,
) -> dict[str, Any]:
    """Fit the tagger on ``polnear_dir/train``, tune it on ``dev``, save it to ``out_dir``.

    The tuning picks the :attr:`CrfTagger.min_outside` of :data:`MIN_OUTSIDE_GRID` with the
    best mean overlap F1 of sources, cues and contents on dev; the dev figures of that
    setting and of the hand-written rules alone (the baseline) go into ``meta.json``.
    """
    lex = load_lexicon()
    started = time.perf_counter()
    features, labels, hashes = training_sequences(polnear_dir / "train", lex)
    print(
        f"attribution: {len(features)} paragraphs, {sum(map(len, features))} tokens "
        f"({time.perf_counter() - started:.0f} s)",
        file=sys.stderr,
    )
    tagger = CrfTagger(c1=c1, c2=c2, max_iterations=max_iterations).fit(features, labels)
    dev = polnear_dir / "dev"
    tried: dict[float, dict[str, SpanScore]] = {}
    for threshold in MIN_OUTSIDE_GRID:
        tagger.min_outside = threshold
        tried[threshold] = evaluate(
            dev, lambda text, ctx: learned_attributions(text, ctx, lex, tagger)
        )
        print(
            f"attribution: min_outside {threshold}: {_mean_f1(tried[threshold]):.3f}",
            file=sys.stderr,
        )
    best = max(tried, key=lambda threshold: _mean_f1(tried[threshold]))
    tagger.min_outside = best
    rules = evaluate(dev, lambda text, ctx: rule_attributions(text, ctx, lex))
    metrics = {
        "dev": {name: score.summary() for name, score in tried[best].items()},
        "dev_rules_baseline": {name: score.summary() for name, score in rules.items()},
        "dev_mean_overlap_f1_by_min_outside": {
            str(threshold): round(_mean_f1(scores), 4) for threshold, scores in tried.items()
        },
        "train_articles": len(hashes),
    }
    # One hash for the 840 articles (sha256 of their sorted "name sha256" lines) keeps the
    # manifest short; meta.json keeps the per-article hashes.
    corpus = "\n".join(f"{name} {digest}" for name, digest in sorted(hashes.items()))
    tagger.save(
        out_dir,
        training_data={"polnear/train": hashlib.sha256(corpus.encode("utf-8")).hexdigest()},
        metrics=metrics,
        params={"training_articles_sha256": hashes},
    )
    return metrics
