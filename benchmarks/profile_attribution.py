"""Where the attribution tagger's time goes: CPU seconds per MB of each phase.

Usage::

    python benchmarks/profile_attribution.py [N]         # the first N FNC-1 bodies (default 600)
    python benchmarks/profile_attribution.py --cold [N]  # the first run: new words summed as met
    python benchmarks/profile_attribution.py --open-features  # the open (cue/source) features
    python benchmarks/profile_attribution.py --sizes     # 100 texts of 10 KB beside one of 1 MB

Every phase of ``learned_attributions`` (tokens, rules, label scores, CRF decoding, relations,
…) is wrapped in a CPU-time counter (no cProfile, whose overhead distorts Python-heavy code);
the bodies run twice and the second, warm run is printed (the per-word caches of the loaded
model are then filled, as in a long ``credence extract``). Segmentation is timed apart.

``--sizes`` profiles the same 1 MB of FNC-1 text cut two ways, 100 texts of 10 KB and one text
of 1 MB (as ``bench_extractors.py --attribution`` cuts them), in alternating warm rounds, and
prints each phase's CPU seconds per MB for both with their ratio, the cyclic garbage
collector's time included: where a 1 MB text costs more per MB than small ones.
"""

from __future__ import annotations

import collections
import gc
import statistics
import sys
import time
from pathlib import Path

import numpy  # noqa: F401  (credence extract and score take the tagger's array path)

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_extractors import (  # noqa: E402
    DEFAULT_BODIES,
    fresh_copies,
    load_bodies,
    synthetic_texts,
)

import credence.features.attribution.extractor as extractor_module  # noqa: E402
import credence.features.attribution.learned as learned  # noqa: E402
import credence.features.attribution.rules as rules  # noqa: E402
import credence.models.attribution_model as attribution_model  # noqa: E402
from credence.features.attribution import AttributionExtractor  # noqa: E402
from credence.features.attribution.emissions import EmissionScorer  # noqa: E402
from credence.features.attribution.resolver import _Resolver  # noqa: E402
from credence.features.context import Context  # noqa: E402
from credence.features.segment import segment  # noqa: E402

spent: collections.Counter[str] = collections.Counter()


def timed(owner: object, name: str, label: str | None = None) -> None:
    inner = getattr(owner, name)

    def wrapper(*args, **kwargs):
        start = time.process_time()
        try:
            return inner(*args, **kwargs)
        finally:
            spent[label or name] += time.process_time() - start

    setattr(owner, name, wrapper)


for phase in ("article_table", "rule_attributions", "new_resolver", "paragraph_relations",
              "_with_nested_rules", "continuation_quotes", "_Sentence", "paragraph_tokens",
              "quote_positions", "sentence_indices", "_rules_by_paragraph", "article_names",
              "_speaker_opening_content", "first_person_in_quotes", "without_overlap",
              "is_credit"):  # fmt: skip
    timed(learned, phase)
# The decoder and the spans it labels: one compiled call where the core is built (tag_spans),
# else the labels (tag) read by label_spans; checkouts before tag_spans time label_spans.
for phase in ("article_spans", "tagged_spans", "label_spans"):
    if hasattr(learned, phase):
        timed(learned, phase, f"decoding and spans ({phase})")
# Inside rule_attributions: the names found once per article (shared with the tagger's
# resolver) and the rules of the sentences holding a trigger word.
for phase in ("person_mentions", "_mentions_in", "sentence_attributions", "quote_positions",
              "credited_quotes", "continuation_quotes", "first_person_in_quotes", "_Sentence",
              "new_resolver"):  # fmt: skip
    timed(rules, phase, f"  rules: {phase}")
timed(extractor_module, "split_coordinated")
# Every source phrase resolved, by the rules and by the tagger's relations alike (a phrase
# that reads nothing but its words is resolved once per text, see resolver._Resolver.mention).
timed(_Resolver, "mention", "  resolution (_Resolver.mention, rules and relations)")
timed(EmissionScorer, "article", "label scores (EmissionScorer.article)")
timed(EmissionScorer, "_add_words", "  new words summed (EmissionScorer._add_words)")
timed(EmissionScorer, "_word_ids", "  word rows (EmissionScorer._word_ids)")
timed(EmissionScorer, "_marks", "  marks (EmissionScorer._marks)")
timed(EmissionScorer, "_bigram_rows", "  bigrams (EmissionScorer._bigram_rows)")
timed(attribution_model.CrfTagger, "tag", "  CRF decoding (CrfTagger.tag)")


def _collector_timer() -> None:
    """Count the time of every run of the cyclic garbage collector as a phase of its own."""
    began = [0.0]

    def on_collection(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            began[0] = time.process_time()
        else:
            spent[f"garbage collector (generation {info['generation']})"] += (
                time.process_time() - began[0]
            )

    gc.callbacks.append(on_collection)


def run_texts(extractor: AttributionExtractor, texts: list[str]) -> float:
    """Segment and extract every text (fresh copies); the CPU seconds of the whole."""
    total = 0.0
    for text in fresh_copies(texts):
        start = time.process_time()
        paragraphs, sentences = segment(text)
        context = Context(text, tuple(paragraphs), tuple(sentences))
        spent["segmentation"] += time.process_time() - start
        extractor.extract(text, context=context)
        total += time.process_time() - start
    return total


def profile_sizes(bodies: list[str], rounds: int = 3) -> None:
    """Phases per MB of 100 texts of 10 KB beside one text of 1 MB (medians of ``rounds``)."""
    inputs = {size: synthetic_texts(bodies, size) for size in (10_000, 1_000_000)}
    mb = {size: sum(len(t.encode("utf-8")) for t in texts) / 1e6 for size, texts in inputs.items()}
    extractor = AttributionExtractor()
    run_texts(extractor, inputs[10_000][:20])  # model, lexicons and word caches loaded
    _collector_timer()
    phases: dict[int, dict[str, list[float]]] = {size: {} for size in inputs}
    for _ in range(rounds):
        for size, texts in inputs.items():
            spent.clear()
            spent["total"] = run_texts(extractor, texts)
            for name, seconds in spent.items():
                phases[size].setdefault(name, []).append(seconds / mb[size])
    small, large = (
        {name: statistics.median(v) for name, v in phases[size].items()} for size in inputs
    )
    print(f"CPU s/MB, medians of {rounds} alternating rounds (the same 1 MB of FNC-1 text)")
    print(f"  {'phase':40s} {'10 KB':>7s} {'1 MB':>7s} {'1MB/10KB':>9s}")
    for name in sorted(set(small) | set(large), key=lambda n: -large.get(n, 0.0)):
        a, b = small.get(name, 0.0), large.get(name, 0.0)
        ratio = f"{b / a:9.2f}" if a else f"{'-':>9s}"
        print(f"  {name:40s} {a:7.3f} {b:7.3f} {ratio}")


def profile_open_features(bodies: list[str], rounds: int = 3) -> None:
    """CPU seconds per MB of the open features (.open_features) of every paragraph, source
    and cue families apart and together, as a model reading all of them would build them
    (the tagger's time beside it: the shipped model reads none of them today).
    """
    from credence.features.attribution.open_features import OpenFeatures
    from credence.features.attribution.rules import article_table
    from credence.features.attribution.tagging import paragraph_tokens

    extractor = AttributionExtractor()
    lex = extractor.lexicon
    tables = []
    for text in bodies:
        paragraphs, sentences = segment(text)
        context = Context(text, tuple(paragraphs), tuple(sentences))
        table = article_table(context)
        tables.append((table, paragraph_tokens(table, [(p.start, p.end) for p in paragraphs])))
    mb = sum(len(b.encode("utf-8")) for b in bodies) / 1e6
    families = {"source (sf:)": (True, False), "cue (cf:)": (False, True), "both": (True, True)}
    for name, (source, cue) in families.items():
        runs = []
        for _ in range(rounds):
            features = OpenFeatures(lex)  # a fresh per-word cache: the first run over the text
            features.source, features.cue = source, cue
            start = time.process_time()
            for table, paragraphs in tables:
                for para in paragraphs:
                    features(table, para.lo, para.hi)
            runs.append((time.process_time() - start) / mb)
        print(f"  open features, {name:14s} {statistics.median(runs):6.3f} s/MB (cold cache)")


def main() -> int:
    if "--open-features" in sys.argv[1:]:
        profile_open_features(load_bodies(DEFAULT_BODIES))
        return 0
    if "--sizes" in sys.argv[1:]:
        profile_sizes(load_bodies(DEFAULT_BODIES))
        return 0
    numbers = [arg for arg in sys.argv[1:] if arg.isdigit()]
    n = int(numbers[0]) if numbers else 600
    bodies = load_bodies(DEFAULT_BODIES)[:n]
    extractor = AttributionExtractor()
    mb = sum(len(b.encode("utf-8")) for b in bodies) / 1e6
    for run in ("cold", "warm"):
        spent.clear()
        total = run_texts(extractor, bodies)
        if run == "cold" and "--cold" in sys.argv[1:]:
            break
    speed = f"{total:.2f} s CPU, {mb / total:.2f} MB/s per core"
    print(f"{n} FNC-1 bodies ({run} run), {mb:.2f} MB: {speed}")
    for name, seconds in spent.most_common():
        print(f"  {name:40s} {seconds / mb:6.3f} s/MB  {100 * seconds / total:5.1f} %")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
