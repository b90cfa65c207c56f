"""Evaluate the attribution extractor on PolNeAR (brat standoff) source, cue and content spans.

Usage::

    .venv/bin/python benchmarks/eval_attribution.py [--split dev|train] [--data PATH]
        [--model DIR | --rules] [--errors]
    .venv/bin/python benchmarks/eval_attribution.py --heldout [--c1 C1 --c2 C2] [--drop PREFIXES]
        [--clusters FILE]

Prints span precision/recall/F1 for sources, cues and contents (exact offsets, and overlap
with a one-to-one greedy matching) for the extractor as shipped (the trained tagger) and,
beside it, for the hand-written rules alone (the baseline) on the same articles. Articles
annotated by several annotators are scored against the first annotation file (sorted by
name), so every article counts once. ``--errors`` prints, for the gold relations whose cue no
predicted cue overlaps, how many fall into each kind (a cue word outside the lexicon,
multiword, "according to", in a paragraph without quotation marks, source after the cue,
pronoun source, no source): the error analysis that chooses what to work on.
``--heldout`` fits a tagger (the build's parameters, or ``--c1``/``--c2``) on three quarters of
the training articles and scores the held-out quarter (grouped by article, the quarter the
build tunes on): how to compare tagger changes without reading dev (several minutes).
The trained model never saw the dev articles: it is fitted on the training articles and its
decoding threshold is tuned on a held-out quarter of them
(credence.models.attribution_training), so dev chooses nothing.
"""

from __future__ import annotations

import argparse
import collections
import re
import sys
from pathlib import Path

from credence.features.attribution import AttributionExtractor
from credence.features.attribution.lexicon import load_lexicon
from credence.models.attribution_data import SpanScore, articles
from credence.models.attribution_training import CANDIDATE_LEFT_OUT, LEFT_OUT_FEATURES

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "attribution" / "polnear"
TARGETS = {"source": 0.80, "cue": 0.75, "content": 0.70}


def evaluate(
    split_dir: Path, extractor: AttributionExtractor | None = None
) -> dict[str, SpanScore]:
    """Scores for ``source``, ``cue`` and ``content`` over one split."""
    extractor = extractor or AttributionExtractor()
    scores = {"source": SpanScore(), "cue": SpanScore(), "content": SpanScore()}
    for _, text, gold in articles(split_dir):
        found = extractor.extract(text)
        # A continuation reuses its relation's source and cue: each span counts once.
        scores["source"].add([((a.source.start, a.source.end),) for a in found], gold.sources)
        scores["cue"].add([((a.cue.start, a.cue.end),) for a in found], gold.cues)
        scores["content"].add([((a.content.start, a.content.end),) for a in found], gold.contents)
    return scores


_PRONOUNS = frozenset("he she they it we i you".split())
_QUOTES = re.compile('["“”]')


def _gold_relations(ann: Path) -> list[dict[str, list[tuple[int, int]]]]:
    """The ``E`` lines of one .ann file: ``{"Cue": segments, "Source": …, "Content": …}``."""
    spans: dict[str, list[tuple[int, int]]] = {}
    relations = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) > 1:
            offsets = parts[1].partition(" ")[2]
            spans[parts[0]] = [tuple(map(int, p.split())) for p in offsets.split(";")]
        elif line.startswith("E") and len(parts) > 1:
            roles = dict(arg.split(":", 1) for arg in parts[1].split()[1:])
            relations.append({role: spans[t] for role, t in roles.items() if t in spans})
    return relations


def _hit(segments: list[tuple[int, int]], found: list[tuple[int, int]]) -> bool:
    return any(min(e, b) > max(s, a) for s, e in segments for a, b in found)


def missed_cue_kinds(split_dir: Path, extractor: AttributionExtractor) -> collections.Counter:
    """Gold relations whose cue no predicted cue overlaps, counted by kind (one relation may
    fall into several kinds); ``relations`` and ``missed`` count all of them.
    """
    cue_words = load_lexicon().cues
    kinds: collections.Counter = collections.Counter()
    anns = sorted((split_dir / "attributions").glob("*.ann"))
    for name, text, _ in articles(split_dir):
        ann = next(a for a in anns if a.stem.rsplit("_", 1)[0] == name)
        found = extractor.extract(text)
        cues = [(a.cue.start, a.cue.end) for a in found]
        sources = [(a.source.start, a.source.end) for a in found]
        for rel in _gold_relations(ann):
            if "Cue" not in rel:
                continue
            kinds["relations"] += 1
            cue, source = rel["Cue"], rel.get("Source")
            if source and not _hit(source, sources):
                kinds["source missed"] += 1
            if _hit(cue, cues):
                continue
            kinds["missed"] += 1
            words = re.findall(r"\w+", " ".join(text[a:b] for a, b in cue).lower())
            start = text.rfind("\n", 0, cue[0][0]) + 1
            end = text.find("\n", cue[-1][1])
            paragraph = text[start : len(text) if end < 0 else end]
            kinds[
                "according to"
                if "according" in words
                else "cue word in the lexicon"
                if any(w in cue_words for w in words)
                else "cue word not in the lexicon"
            ] += 1
            kinds["multiword cue"] += len(words) > 1
            kinds["paragraph without quotation marks"] += not _QUOTES.search(paragraph)
            if not source:
                kinds["no source"] += 1
                continue
            kinds["source after the cue"] += source[0][0] > cue[0][0]
            kinds["pronoun source"] += " ".join(text[a:b] for a, b in source).lower() in _PRONOUNS
            kinds["its source found anyway"] += _hit(source, sources)
    return kinds


def _print(label: str, scores: dict[str, SpanScore]) -> None:
    print(f"{label}")
    print(f"  {'span':8} {'match':8} {'P':>6} {'R':>6} {'F1':>6}  (pred / gold)")
    for name, score in scores.items():
        for match, (p, r, f) in (("exact", score.exact()), ("overlap", score.overlap())):
            target = f"  target {TARGETS[name]:.2f}" if match == "overlap" else ""
            print(
                f"  {name:8} {match:8} {p:6.3f} {r:6.3f} {f:6.3f}"
                f"  ({score.n_pred} / {score.n_gold}){target}"
            )


def heldout_scores(
    polnear_dir: Path,
    c1: float,
    c2: float,
    drop: tuple[str, ...] = LEFT_OUT_FEATURES,
    clusters_path: Path | None = None,
) -> dict[str, SpanScore]:
    """Scores on the held-out quarter of train of a tagger fitted on the other three, without
    the features whose names start with one of ``drop`` (e.g. ``("cf:",)``: no cue features),
    with the word clusters of ``clusters_path`` (learned from unlabelled news and written
    there when the file does not exist yet; ``None``: none; the build learns them).
    """
    from credence.features.attribution.learned import learned_attributions
    from credence.features.attribution.word_clusters import (
        learn_word_clusters,
        load_word_clusters,
        save_word_clusters,
    )
    from credence.models.attribution_data import unlabelled_news
    from credence.models.attribution_model import CrfTagger
    from credence.models.attribution_training import evaluate as evaluate_split
    from credence.models.attribution_training import (
        training_sequences,
        tuning_articles,
    )

    clusters = None
    if clusters_path is not None and clusters_path.is_file():
        clusters = load_word_clusters(clusters_path)
    elif clusters_path is not None:
        clusters = learn_word_clusters(unlabelled_news(polnear_dir))
        save_word_clusters(clusters, clusters_path)
    lex = load_lexicon()
    train_dir = polnear_dir / "train"
    features, labels, _, names = training_sequences(train_dir, lex, drop, clusters)
    held_out = tuning_articles(names)
    kept = [k for k, name in enumerate(names) if name not in held_out]
    tagger = CrfTagger(c1=c1, c2=c2, max_iterations=100, min_outside=0.7)
    tagger.fit([features[k] for k in kept], [labels[k] for k in kept])
    tagger.word_clusters_ = clusters
    return evaluate_split(
        train_dir, lambda text, ctx: learned_attributions(text, ctx, lex, tagger), held_out
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", choices=["dev", "train"])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--model", default="default", help="attribution model directory")
    parser.add_argument("--rules", action="store_true", help="the hand-written rules only")
    parser.add_argument("--errors", action="store_true", help="missed cues by kind")
    parser.add_argument(
        "--heldout", action="store_true", help="fit on 3/4 of train, score the other quarter"
    )
    parser.add_argument("--c1", type=float, default=1.0, help="L1 weight for --heldout")
    parser.add_argument("--c2", type=float, default=0.01, help="L2 weight for --heldout")
    parser.add_argument(
        "--drop",
        default=",".join(LEFT_OUT_FEATURES),
        help="for --heldout: comma-separated feature prefixes left out (default: the build's, "
        "'sf:,cf:', the source and the cue features); 'sf:' keeps every cue feature, '' every "
        "feature; session 12's candidate: "
        f"'{','.join(CANDIDATE_LEFT_OUT)}' (the cue features of a word alone)",
    )
    parser.add_argument(
        "--clusters",
        type=Path,
        help="for --heldout: word clusters file (learned from unlabelled news and written "
        "there if absent); without it, no wc: features",
    )
    args = parser.parse_args(argv)
    if args.heldout:
        if not (args.data / "train").is_dir():
            print(f"Error: PolNeAR train split not found at {args.data / 'train'}", file=sys.stderr)
            return 1
        drop = tuple(p for p in args.drop.split(",") if p)
        _print(
            f"held-out quarter of train (c1 {args.c1}, c2 {args.c2}, min_outside 0.7"
            f"{', without ' + ' '.join(drop) if drop else ''})",
            heldout_scores(args.data, args.c1, args.c2, drop, args.clusters),
        )
        return 0
    split_dir = args.data / args.split
    if not split_dir.is_dir():
        print(f"Error: PolNeAR split not found at {split_dir}", file=sys.stderr)
        return 1
    if args.errors:
        kinds = missed_cue_kinds(split_dir, AttributionExtractor(model=args.model))
        print(f"PolNeAR {args.split}, model {args.model}: gold relations whose cue was missed")
        for kind, count in kinds.most_common():
            print(f"  {kind:36} {count}")
        return 0
    n_articles = sum(1 for _ in articles(split_dir))
    print(f"PolNeAR {args.split}: {n_articles} articles")
    if not args.rules:
        _print(
            f"trained tagger ({args.model})",
            evaluate(split_dir, AttributionExtractor(model=args.model)),
        )
    _print("hand-written rules (baseline)", evaluate(split_dir, AttributionExtractor(model=None)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
