"""False variants score below the truth (issue 14 item 5).

Each row of ``tests/fixtures/variants.tsv`` (and of ``variants_new.tsv``, ``variants_s5.tsv``,
``variants_s6.tsv``, ``variants_s7.tsv``, ``variants_s8.tsv``, ``variants_s9.tsv``,
``variants_s10.tsv``, ``variants_s11.tsv``, ``variants_s12.tsv``: rows added later, each
before that session's tuning, reported apart) is a true claim and one edit of it that
changes a number, a place, an actor, a date or the polarity. Both are checked
(``credence check``, the bundled models) against the same evidence:

- ``fnc1`` rows: an FNC-1 topic-dev headline whose related bodies mostly agree with it,
  checked against those bodies (each an article of its own outlet). The bundled agreement
  model never saw these topics.
- ``emergent`` rows: an Emergent claim, checked against its outlets' headlines. The bundled
  agreement model was trained on every Emergent claim: these rows are optimistic.
- ``examples`` rows: a claim written by us over one folder of ``examples/``.
- ``written`` rows: a claim written by us over one folder of ``tests/fixtures/variants_stories/``
  (stories written for the session-8 to -12 sets, which no rule or model was tuned on).

Printed: the share of rows where the true claim's corroboration is strictly above the
variant's (target >= 0.9), by edit kind and by source, beside a baseline that ranks a claim
by its largest TF-IDF cosine with any sentence of the evidence (what "the closest sentence
matches" gives).

Data rows are stored as references (data file + row or claim id) plus the edit, and rebuilt
here from ``../shared/data``: no sentence of the data is committed.

    python benchmarks/eval_variants.py [--data ../shared/data] [--rows FILE.tsv ...] [--show]
                                       [--details-rule uncontested|attested|story|off]
                                       [--settings SPEC [SPEC ...]]
                                       [--sources fnc1|emergent|examples|written ...]

``--settings`` checks every row with several :class:`CheckSettings` side by side (each
evidence set analysed once), one column each: a SPEC is ``default`` or
``name=value[,name=value...]`` (:func:`credence.scoring.check_settings.settings_from_spec`).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

from credence.document import Article
from credence.ingest import read_articles
from credence.scoring.check_settings import DETAILS_RULES, CheckSettings, settings_from_spec
from credence.scoring.corroboration import check_claim
from credence.scoring.evidence import pair_reader
from credence.scoring.scorer import Scorer

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
STORIES = FIXTURES / "variants_stories"
KINDS = ("number", "place", "actor", "date", "polarity")
SOURCES = ("fnc1", "emergent", "examples", "written")


@dataclass(frozen=True)
class VariantRow:
    """One true claim, its variant and the evidence they are checked against."""

    kind: str
    source: str
    ref: str
    #: The fixture file the row comes from (``variants``, ``variants_new``, ``variants_s5``,
    #: ``variants_s6``, ``variants_s7``, ``variants_s8``, ``variants_s9``, ``variants_s10``,
    #: ``variants_s11`` or ``variants_s12``).
    subset: str
    claim: str
    variant: str
    evidence: tuple[Article, ...]


def read_rows(path: Path) -> list[dict[str, str]]:
    """The rows of a variants TSV (comment lines start with ``#``)."""
    with path.open(encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def _edit(claim: str, old: str, new: str, where: str) -> str:
    if claim.count(old) != 1:
        raise SystemExit(f"Error: {where}: {old!r} is not found exactly once in its claim")
    return claim.replace(old, new)


def _fnc_stories(data: Path) -> tuple[list[list[str]], dict[str, list[Article]]]:
    from credence.models.fnc import FNC_FILES, load_fnc, split_by_topic

    folder = data / "fnc1"
    with (folder / FNC_FILES["stances"]).open(encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    pairs = load_fnc(folder / FNC_FILES["bodies"], folder / FNC_FILES["stances"])
    stories: dict[str, list[Article]] = defaultdict(list)
    for p in split_by_topic(pairs, folder / FNC_FILES["topic_split"])["dev"]:
        if p.label != "unrelated":
            body = p.evidence_id
            stories[p.claim].append(Article(id=f"body-{body}", text=p.evidence, outlet=f"o{body}"))
    return table, stories


def _emergent(data: Path) -> dict[str, Any]:
    path = data / "claims" / "emergent" / "train.jsonl"
    with path.open(encoding="utf-8") as handle:
        claims = [json.loads(line) for line in handle if line.strip()]
    return {c["claim_id"]: c for c in claims}


def build_rows(
    raw: Sequence[dict[str, str]],
    data: Path,
    subset: str = "variants",
    sources: Sequence[str] = SOURCES,
) -> list[VariantRow]:
    """Rebuild each row's claim, variant and evidence (data rows from ``data``).

    Only rows of ``sources`` are built; without ``"fnc1"`` the FNC-1 topic-dev texts are
    not read at all (tuning runs keep off the dev split).
    """
    raw = [r for r in raw if r["source"] in sources]
    table, stories = _fnc_stories(data) if "fnc1" in sources else ([], {})
    emergent = _emergent(data)
    examples: dict[Path, tuple[Article, ...]] = {}
    out = []
    for n, r in enumerate(raw, start=1):
        where = f"{subset} row {n}"
        if r["source"] == "fnc1":
            claim = table[int(r["ref"])][0]
            evidence = tuple(stories[claim])
        elif r["source"] == "emergent":
            found = emergent[r["ref"]]
            claim = found["claim"]
            evidence = tuple(
                Article(id=f"{r['ref']}:{k}", text=a["headline"], outlet=a["outlet"] or f"o{k}")
                for k, a in enumerate(found["articles"])
            )
        else:
            claim = r["claim"]
            folder = (ROOT / "examples" if r["source"] == "examples" else STORIES) / r["ref"]
            if folder not in examples:
                examples[folder] = tuple(read_articles([str(folder)]).articles)
            evidence = examples[folder]
        if not evidence:
            raise SystemExit(f"Error: {where}: no evidence for {r['source']} {r['ref']}")
        variant = _edit(claim, r["old"], r["new"], where)
        out.append(VariantRow(r["kind"], r["source"], r["ref"], subset, claim, variant, evidence))
    return out


def cosine_max(claims: Sequence[str], analyses: Sequence[Any]) -> list[float]:
    """Baseline: each claim's largest TF-IDF cosine with a sentence of the evidence."""
    sentences = [s.text for a in analyses for s in a.sentences] or [""]
    vectorizer = TfidfVectorizer(sublinear_tf=True).fit([*sentences, *claims])
    sims = cosine_similarity(vectorizer.transform(claims), vectorizer.transform(sentences))
    return sims.max(axis=1).tolist()


def score_rows(
    rows: Sequence[VariantRow],
    scorer: Scorer,
    settings: CheckSettings | None = None,
    *,
    more: Sequence[CheckSettings] = (),
) -> tuple[np.ndarray, np.ndarray]:
    """(true, variant) corroboration of ``check`` and of the baseline, one row each.

    With ``more`` settings, the first array holds one (true, variant) column pair per
    setting, ``settings`` first: shape (rows, 1 + len(more), 2).
    """
    reader = pair_reader(scorer.stance_model, scorer.agreement_model)
    analysed: dict[tuple[str, ...], list[Any]] = {}
    every = [settings, *more]
    ours = np.zeros((len(rows), len(every), 2))
    baseline = np.zeros((len(rows), 2))
    started = time.perf_counter()
    for k, row in enumerate(rows):
        key = tuple(a.id for a in row.evidence)
        if key not in analysed:
            analysed[key] = list(scorer.analyze(list(row.evidence)))
        analyses = analysed[key]
        for m, chosen in enumerate(every):
            for j, text in enumerate((row.claim, row.variant)):
                ours[k, m, j] = check_claim(
                    text,
                    analyses,
                    stance_model=reader,
                    uncertainty_model=scorer.uncertainty_model,
                    extractors=scorer.extractors,
                    settings=chosen,
                ).corroboration
        baseline[k] = cosine_max([row.claim, row.variant], analyses)
        if (k + 1) % 25 == 0:
            done = time.perf_counter() - started
            print(f"  {k + 1}/{len(rows)} rows ({done:.0f} s)", file=sys.stderr)
    return (ours[:, 0] if not more else ours), baseline


def _share(scores: np.ndarray, mask: np.ndarray) -> str:
    if not mask.any():
        return "     -"
    return f"{np.mean(scores[mask, 0] > scores[mask, 1]):6.3f}"


def report(
    rows: Sequence[VariantRow],
    ours: np.ndarray,
    baseline: np.ndarray,
    names: Sequence[str] = ("check",),
) -> None:
    """Print the share of rows where the true claim outranks its variant.

    Each fixture file is reported on its own (rows added later are not mixed into the
    figure of the older set), then all rows together. ``ours`` is (rows, 2), or (rows,
    settings, 2) with one column per name of ``names``.
    """
    columns = ours[:, None, :] if ours.ndim == 2 else ours
    kinds = np.array([r.kind for r in rows])
    sources = np.array([r.source for r in rows])
    subsets = np.array([r.subset for r in rows])
    print(f"False variants: share where the true claim outranks the variant ({len(rows)} rows)")
    for m, name in enumerate(names):
        print(f"  column {m + 1}: credence check ({name})")
    heads = "".join(f"  {m + 1:>6}" for m in range(len(names)))
    print(f"  {'rows':<32}{'n':>5}{heads}  {'cosine max':>10}")
    for subset in [*dict.fromkeys(subsets.tolist()), "all"]:
        scope = subsets == subset if subset != "all" else np.ones(len(rows), dtype=bool)
        groups = [(f"{subset}", scope)]
        groups += [(f"{subset} kind {k}", scope & (kinds == k)) for k in KINDS]
        groups += [(f"{subset} source {s}", scope & (sources == s)) for s in SOURCES]
        for name, mask in groups:
            shares = "".join(f"  {_share(columns[:, m], mask)}" for m in range(len(names)))
            print(f"  {name:<32}{int(mask.sum()):>5}{shares}  {_share(baseline, mask):>10}")
    ties = "  ".join(
        f"{np.mean(columns[:, m, 0] == columns[:, m, 1]):.3f}" for m in range(len(names))
    )
    print(f"  ties (true == variant) under check: {ties}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument(
        "--rows",
        type=Path,
        nargs="+",
        default=[
            FIXTURES / "variants.tsv",
            FIXTURES / "variants_new.tsv",
            FIXTURES / "variants_s5.tsv",
            FIXTURES / "variants_s6.tsv",
            FIXTURES / "variants_s7.tsv",
            FIXTURES / "variants_s8.tsv",
            FIXTURES / "variants_s9.tsv",
            FIXTURES / "variants_s10.tsv",
            FIXTURES / "variants_s11.tsv",
            FIXTURES / "variants_s12.tsv",
        ],
        help="Variant fixture files, each reported on its own.",
    )
    parser.add_argument("--show", action="store_true", help="Print each row that fails.")
    parser.add_argument(
        "--sources",
        nargs="+",
        choices=SOURCES,
        default=list(SOURCES),
        help="Check only rows of these sources (without fnc1 no FNC-1 dev text is read).",
    )
    parser.add_argument(
        "--details-rule",
        choices=DETAILS_RULES,
        default=None,
        help="CheckSettings.details_rule of check (default: CheckSettings' own).",
    )
    parser.add_argument(
        "--settings",
        nargs="+",
        default=None,
        help="CheckSettings of check, side by side: 'default' or 'name=value,...' each.",
    )
    args = parser.parse_args()
    if not (args.data / "fnc1").is_dir():
        raise SystemExit(f"Error: {args.data}: labelled data not found (expected ../shared/data)")
    if args.settings and args.details_rule:
        raise SystemExit("Error: give --details-rule or --settings, not both")
    try:
        chosen = [settings_from_spec(spec) for spec in args.settings or []]
    except ValueError as error:
        raise SystemExit(f"Error: {error}") from None
    rows = [
        row
        for path in args.rows
        for row in build_rows(read_rows(path), args.data, path.stem, args.sources)
    ]
    settings = CheckSettings(details_rule=args.details_rule) if args.details_rule else None
    if chosen:
        ours, baseline = score_rows(rows, Scorer.load(), chosen[0], more=chosen[1:])
        ours = ours if ours.ndim == 3 else ours[:, None, :]
    else:
        ours, baseline = score_rows(rows, Scorer.load(), settings)
        ours = ours[:, None, :]
    names = args.settings or [
        f"details_rule={args.details_rule}" if args.details_rule else "default"
    ]
    report(rows, ours, baseline, names)
    if args.show:
        for m, name in enumerate(names):
            for row, (t, v) in zip(rows, ours[:, m], strict=True):
                if t <= v:
                    print(
                        f"  FAIL [{name}] {row.subset:<12} {row.kind:<8} {row.source:<8} "
                        f"{row.ref:<12} {t:.3f} <= {v:.3f}  {row.variant[:70]}"
                    )


if __name__ == "__main__":
    main()
