"""Where the attribution tagger's time goes: CPU seconds per MB of each phase.

Usage::

    python benchmarks/profile_attribution.py [N]     # the first N FNC-1 bodies (default 600)

Every phase of ``learned_attributions`` (tokens, rules, label scores, CRF decoding, relations,
…) is wrapped in a CPU-time counter (no cProfile, whose overhead distorts Python-heavy code);
the bodies run twice and the second, warm run is printed (the per-word caches of the loaded
model are then filled, as in a long ``credence extract``). Segmentation is timed apart.
"""

from __future__ import annotations

import collections
import sys
import time
from pathlib import Path

import numpy  # noqa: F401  (credence extract and score take the tagger's array path)

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_extractors import DEFAULT_BODIES, fresh_copies, load_bodies  # noqa: E402

import credence.features.attribution.extractor as extractor_module  # noqa: E402
import credence.features.attribution.learned as learned  # noqa: E402
import credence.features.attribution.rules as rules  # noqa: E402
import credence.models.attribution_model as attribution_model  # noqa: E402
from credence.features.attribution import AttributionExtractor  # noqa: E402
from credence.features.attribution.emissions import EmissionScorer  # noqa: E402
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
              "label_spans", "_with_nested_rules", "continuation_quotes", "_Sentence"):  # fmt: skip
    timed(learned, phase)
# Inside rule_attributions: the names found once per article (shared with the tagger's
# resolver) and the rules of the sentences holding a trigger word.
for phase in ("person_mentions", "_mentions_in", "sentence_attributions"):
    timed(rules, phase, f"  rules: {phase}")
timed(extractor_module, "split_coordinated")
timed(EmissionScorer, "article", "label scores (EmissionScorer.article)")
timed(attribution_model.CrfTagger, "tag", "CRF decoding (CrfTagger.tag)")


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 600
    bodies = load_bodies(DEFAULT_BODIES)[:n]
    extractor = AttributionExtractor()
    mb = sum(len(b.encode("utf-8")) for b in bodies) / 1e6
    for _ in range(2):
        spent.clear()
        total = 0.0
        for text in fresh_copies(bodies):
            start = time.process_time()
            paragraphs, sentences = segment(text)
            context = Context(text, tuple(paragraphs), tuple(sentences))
            spent["segmentation"] += time.process_time() - start
            extractor.extract(text, context=context)
            total += time.process_time() - start
    print(f"{n} FNC-1 bodies, {mb:.2f} MB: {total:.2f} s CPU, {mb / total:.2f} MB/s per core")
    for name, seconds in spent.most_common():
        print(f"  {name:40s} {seconds / mb:6.3f} s/MB  {100 * seconds / total:5.1f} %")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
