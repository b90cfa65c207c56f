"""Truth, measured: does ``credence check`` corroboration predict truth? (issue 14 item 3)

Two measurements of ``check`` (:func:`credence.scoring.check.check_claim`: claim pairs read by
an agreement model trained without the claims or topics it is measured on; articles read
whole by a stance model: the bundled one for Emergent, one fitted here on FNC-1 topic-train
only for the FNC-1 stories, since the bundled one is refitted on every FNC-1 pair), each beside
a simple baseline (the mean over the evidence articles of that stance model's
P(agree) - P(disagree)):

1. Emergent training claims labelled true or false, claim-grouped 5-fold cross-validation.
   Each claim is checked against its headlines, each an article from its outlet. Printed:
   AUC of corroboration, true vs false, and the mean corroboration of true claims minus that
   of false ones (targets >= 0.80 and >= 0.2). The agreement model of a fold is trained on
   the other folds' Emergent pairs and on FNC-1 train topics (minus any pair sharing a text
   with the fold).
2. FNC-1 stories: each headline with its related bodies (agree, disagree, discuss) is a
   story; the headline is checked against the bodies (each an article of its own outlet).
   Printed: Spearman of corroboration with (agree - disagree) / related over the headlines
   with at least 2 related bodies (target >= 0.6 on dev). ``--fnc-split dev`` (default,
   the report): the agreement model is trained on Emergent and every FNC-1 train topic.
   A line beside the baseline reads the same mean with the stance model's related-pairs
   reader (``predict_proba_related``), the reading ``check`` aggregates with
   ``--settings article_reader=related``.
   ``--fnc-split train`` (the tuning set): stories from half of the train topics, the
   agreement model and the stance model both trained without them.

    python benchmarks/eval_truth.py [--data ../shared/data] [--folds 5] [--no-fnc]
                                    [--fnc-split dev|train] [--max-stories 400]
                                    [--settings SPEC [SPEC ...]] [--lean-readings FILE]

Settings with ``article_reader=lean`` read the FNC-1 bodies with the lean reader
(:mod:`credence.models.lean`) over the topic-train stance model: the bundled reader on dev,
and on the tuning stories one fitted on the cross-fitted readings of ``--lean-readings``
(``benchmarks/eval_lean_reader.py --readings FILE``) outside their topics. A line beside the
baseline then reads the lean reader's own mean.

``--swaps`` (with ``--fnc-split train`` only: never on dev texts) also checks one false variant
of each tuning headline: one of its words that at least half of its bodies state, replaced by a
word of the same case from another tuning headline that none of its bodies state
(:func:`swapped_variants`: an actor, place or thing swapped in that the story never mentions,
as the FNC-1 rows of ``eval_variants.py`` do by hand on dev). Printed: the share of headlines
whose truth outranks the variant, per settings, beside the stance baseline's.

``--settings`` measures ``check`` with several :class:`CheckSettings` side by side, one row
each: a SPEC is ``default`` or ``name=value[,name=value...]``, flags spelt ``true``/``false``
(``details_rule=attested,article_terms=true,scale=score`` is the rule of the previous
release).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from scipy.stats import spearmanr
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import GroupKFold

from credence.document import Article
from credence.models.agreement import _without_shared_texts, fit_pairs
from credence.models.agreement_data import emergent_pairs, fnc_pairs, read_emergent
from credence.scoring.check import CheckSettings, check_claim
from credence.scoring.check_settings import settings_from_spec
from credence.scoring.check_terms import ENGLISH_STOP_WORDS
from credence.scoring.scorer import Scorer
from credence.scoring.word_keys import word_stem

ROOT = Path(__file__).resolve().parents[1]


#: The settings ``check`` is measured with (``--settings``), each a row of the results.
RULES: list[str] = ["default"]


def _settings(spec: str) -> CheckSettings:
    """``default`` or ``name=value,...`` (:func:`settings_from_spec`); a bad spec exits."""
    try:
        return settings_from_spec(spec)
    except ValueError as error:
        raise SystemExit(f"Error: {error}") from None


def _check(
    base: Scorer,
    pair_model: Any,
    claim: str,
    analyses: Sequence[Any],
    article_model: Any = None,
    lean_reader: Any = None,
) -> list[float]:
    """Corroboration of ``claim`` by ``check`` with each settings of :data:`RULES`.

    ``lean_reader``: the :class:`~credence.models.lean.LeanArticleReader` (over
    ``article_model``) the settings with ``article_reader="lean"`` read articles with; one
    object for all of them, so that each body is read once.
    """
    article_model = article_model if article_model is not None else base.stance_model
    out = []
    for rule in RULES:
        settings = _settings(rule)
        reads_lean = settings.article_reader == "lean" and lean_reader is not None
        out.append(
            check_claim(
                claim,
                analyses,
                stance_model=pair_model,
                uncertainty_model=base.uncertainty_model,
                extractors=base.extractors,
                article_model=lean_reader if reads_lean else article_model,
                settings=settings,
            ).corroboration
        )
    return out


class _RememberedReadings:
    """A stance model whose readings of a (claim, body) pair are made once: ``check`` reads
    the same bodies under every settings of :data:`RULES` (the readings are the model's own,
    so the figures do not change; only the time of a run does)."""

    def __init__(self, model: Any) -> None:
        self.model = model
        self.classes_ = model.classes_
        self._kept: dict[tuple[str, str, str], np.ndarray] = {}

    def _read(self, method: str, claims: Sequence[str], bodies: Sequence[str]) -> np.ndarray:
        keys = [(method, c, b) for c, b in zip(claims, bodies, strict=True)]
        new = list(dict.fromkeys(k for k in keys if k not in self._kept))
        if new:
            read = getattr(self.model, method)([k[1] for k in new], [k[2] for k in new])
            self._kept.update(zip(new, np.asarray(read), strict=True))
        return np.array([self._kept[k] for k in keys]).reshape(len(keys), -1)

    def predict_proba(self, claims: Sequence[str], bodies: Sequence[str]) -> np.ndarray:
        return self._read("predict_proba", claims, bodies)

    def predict_proba_related(self, claims: Sequence[str], bodies: Sequence[str]) -> np.ndarray:
        return self._read("predict_proba_related", claims, bodies)

    def read_pairs(
        self, claims: Sequence[str], bodies: Sequence[str]
    ) -> tuple[np.ndarray, np.ndarray]:
        # The lean reader's inputs (stance and related readings): kept by LeanArticleReader.
        return self.model.read_pairs(claims, bodies)


def _reads_lean() -> bool:
    return any(_settings(rule).article_reader == "lean" for rule in RULES)


def _rule_name(rule: str) -> str:
    return f"credence check ({rule})"


def _stance_baseline(
    stance_model: Any, claim: str, texts: Sequence[str], method: str = "predict_proba"
) -> float:
    """Mean over the articles of the stance model's P(agree) - P(disagree).

    ``method="predict_proba_related"``: as read by its related-pairs reader.
    """
    proba = np.asarray(getattr(stance_model, method)([claim] * len(texts), list(texts)))
    return float(np.mean(proba[:, 0] - proba[:, 1]))


def _headline_articles(claim: Any) -> list[Article]:
    return [
        Article(id=f"{claim.claim_id}:{k}", text=a.headline, outlet=a.outlet or f"outlet-{k}")
        for k, a in enumerate(claim.articles)
    ]


def _summary(name: str, truth: np.ndarray, scores: np.ndarray) -> str:
    auc = roc_auc_score(truth, scores)
    diff = scores[truth == 1].mean() - scores[truth == 0].mean()
    return (
        f"  {name:<34} AUC {auc:.3f}   mean true {scores[truth == 1].mean():.3f}   "
        f"mean false {scores[truth == 0].mean():.3f}   difference {diff:+.3f}"
    )


def emergent_truth(data: Path, folds: int, fnc_train: list[Any], base: Scorer) -> None:
    claims = read_emergent(data / "claims/emergent/train.jsonl")
    labelled = [c for c in claims if c.truth in ("true", "false")]
    truth = np.array([c.truth == "true" for c in labelled], dtype=int)
    ours = np.zeros((len(labelled), len(RULES)))
    baseline = np.zeros(len(labelled))
    ids = [c.claim_id for c in claims]
    started = time.perf_counter()
    splitter = GroupKFold(n_splits=folds)
    for fold, (train_idx, _) in enumerate(splitter.split(np.zeros(len(claims)), groups=ids)):
        train_ids = {ids[k] for k in train_idx}
        held_out = emergent_pairs([c for c in claims if c.claim_id not in train_ids])
        train = emergent_pairs([c for c in claims if c.claim_id in train_ids])
        train += _without_shared_texts(fnc_train, held_out)
        pair_model = fit_pairs(train).as_stance()
        for k, claim in enumerate(labelled):
            if claim.claim_id in train_ids:
                continue
            articles = _headline_articles(claim)
            ours[k] = _check(base, pair_model, claim.claim, base.analyze(articles))
            baseline[k] = _stance_baseline(
                base.stance_model, claim.claim, [a.text for a in articles]
            )
        elapsed = time.perf_counter() - started
        print(f"  fold {fold + 1}/{folds} done ({elapsed:.0f} s)", file=sys.stderr)
    print(
        f"Emergent training claims, true vs false ({truth.sum()} true, {len(truth) - truth.sum()} "
        f"false; claim-grouped {folds}-fold CV; each claim checked against its headlines)"
    )
    for j, rule in enumerate(RULES):
        print(_summary(_rule_name(rule), truth, ours[:, j]))
    print(_summary("baseline: mean stance P(a) - P(d)", truth, baseline))


def _stories(data: Path, split: str) -> tuple[dict[str, list[Any]], dict[str, str]]:
    from credence.models.fnc import FNC_FILES, load_fnc, split_by_topic
    from credence.models.grouping import topic_groups

    folder = data / "fnc1"
    pairs = load_fnc(folder / FNC_FILES["bodies"], folder / FNC_FILES["stances"])
    part = split_by_topic(pairs, folder / FNC_FILES["topic_split"])[split]
    topics = topic_groups(
        [p.claim for p in part], [str(p.evidence_id) for p in part], [p.label for p in part]
    )
    stories: dict[str, list[Any]] = defaultdict(list)
    topic_of: dict[str, str] = {}
    for p, topic in zip(part, topics, strict=True):
        if p.label != "unrelated":
            stories[p.claim].append(p)
            topic_of[p.claim] = topic
    return stories, topic_of


def _topic_train_stance(data: Path, without: frozenset[str] = frozenset()) -> Any:
    """A stance model fitted on the FNC-1 topic-train pairs only (about a minute).

    ``without`` names train topics left out too (the tuning stories' topics).
    """
    from credence.models.fnc import FNC_FILES, load_fnc, split_by_topic
    from credence.models.grouping import topic_groups
    from credence.models.stance import StanceModel

    folder = data / "fnc1"
    pairs = load_fnc(folder / FNC_FILES["bodies"], folder / FNC_FILES["stances"])
    train = split_by_topic(pairs, folder / FNC_FILES["topic_split"])["train"]
    if without:
        topics = topic_groups(
            [p.claim for p in train], [str(p.evidence_id) for p in train], [p.label for p in train]
        )
        train = [p for p, topic in zip(train, topics, strict=True) if topic not in without]
    return StanceModel(random_state=0).fit(
        [p.claim for p in train],
        [p.evidence for p in train],
        [p.label for p in train],
        groups=[p.group for p in train],
    )


def _lean_model(readings: Path | None, held: set[str]) -> Any:
    """The lean reader of the FNC-1 stories: fitted on the cross-fitted readings of the
    train topics outside ``held`` (the tuning stories' topics), or the bundled one."""
    from credence.models.lean import LeanReader, load_lean
    from credence.models.lean_training import CrossFitted
    from credence.models.persistence import default_model_dir

    if readings is None:
        if held:
            raise SystemExit("Error: --fnc-split train reads the lean reader from --lean-readings")
        return load_lean(default_model_dir("lean"))
    table = CrossFitted.load(readings)
    keep = ~np.isin(table.topic, sorted(held))
    return LeanReader().fit(table.X[keep], table.y[keep])


_PLAIN_WORD_RE = re.compile(r"\b[A-Za-z][a-z]{2,}\b")
_WORD_RE = re.compile(r"[^\W\d_][\w'’-]*")


def _stems(text: str) -> set[str]:
    return {word_stem(w) for w in _WORD_RE.findall(text.lower())}


def _key_words(headline: str, bodies: Sequence[str]) -> list[str]:
    # The headline's plain content words (once in it) that at least half its bodies state.
    stated = [_stems(body) for body in bodies]
    found = []
    for word in dict.fromkeys(_PLAIN_WORD_RE.findall(headline)):
        if word.lower() in ENGLISH_STOP_WORDS or len(re.findall(rf"\b{word}\b", headline)) != 1:
            continue
        if 2 * sum(word_stem(word.lower()) in s for s in stated) >= len(bodies):
            found.append(word)
    return found


def swapped_variants(stories: dict[str, list[str]], seed: int = 0) -> dict[str, str]:
    """One false variant of each headline whose story has a key word to swap.

    A key word is a plain content word of the headline that at least half of its bodies
    state; it is replaced by a key word of another headline, of the same case, whose stem
    none of the story's bodies state: the claim then puts an actor, a place or a thing in
    the story that no article mentions. Deterministic for a seed.
    """
    keys = {h: _key_words(h, bodies) for h, bodies in stories.items()}
    pool = sorted({w for words in keys.values() for w in words})
    rng = np.random.default_rng(seed)
    out = {}
    for headline in sorted(stories):
        if not keys[headline]:
            continue
        word = keys[headline][int(rng.integers(len(keys[headline])))]
        stated = set().union(*(_stems(b) for b in stories[headline])) | _stems(headline)
        fits = [
            w
            for w in pool
            if w[0].isupper() == word[0].isupper() and word_stem(w.lower()) not in stated
        ]
        if fits:
            new = fits[int(rng.integers(len(fits)))]
            out[headline] = re.sub(rf"\b{word}\b", new, headline)
    return out


def _lean_baseline(lean_reader: Any, claim: str, texts: Sequence[str]) -> float:
    proba = lean_reader.predict_proba([claim] * len(texts), list(texts))
    return float(np.mean(proba[:, 0] - proba[:, 1]))


def fnc_stories(
    data: Path,
    split: str,
    emergent: list[Any],
    base: Scorer,
    most: int,
    lean_readings: Path | None = None,
    swaps: bool = False,
) -> None:
    stories, topic_of = _stories(data, split)
    fnc_train = fnc_pairs(data / "fnc1", split="train")
    headlines = sorted(h for h, ps in stories.items() if len(ps) >= 2)
    held: set[str] = set()
    if split == "train":
        # Tuning set: the stories of half of the train topics; the agreement model is
        # trained on the other half (and Emergent).
        topics = sorted(set(topic_of.values()))
        rng = np.random.default_rng(0)
        held = set(rng.choice(topics, size=len(topics) // 2, replace=False).tolist())
        headlines = [h for h in headlines if topic_of[h] in held]
        rng.shuffle(headlines)
        fnc_train = [p for p in fnc_train if p.group.split(":", 1)[1] not in held]
    headlines = sorted(headlines[:most])
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
    pair_model = fit_pairs(emergent + fnc_train).as_stance()
    # The bundled stance model is refitted on every FNC-1 pair, dev topics included: the
    # articles are read by one fitted on the train topics only, less the tuning half when
    # split == "train", so that neither model has seen the stories it reads.
    article_model = _RememberedReadings(_topic_train_stance(data, frozenset(held)))
    lean_model = _lean_model(lean_readings, held) if _reads_lean() else None
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
    from credence.models.lean import LeanArticleReader

    lean_reader = (
        LeanArticleReader(lean_model, article_model, pair_model) if lean_model is not None else None
    )
    variants = (
        swapped_variants({h: [p.evidence for p in stories[h]] for h in headlines}) if swaps else {}
    )
    ours, baseline, reader, lean = [], [], [], []
    swapped: list[tuple[list[float], list[float], float, float]] = []
    started = time.perf_counter()
    for done, h in enumerate(headlines, start=1):
        if done % 50 == 0:
            print(
                f"  {done}/{len(headlines)} stories ({time.perf_counter() - started:.0f} s)",
                file=sys.stderr,
            )
        analyses = [analysed[p.evidence_id] for p in stories[h]]
        ours.append(_check(base, pair_model, h, analyses, article_model, lean_reader))
        evidence = [p.evidence for p in stories[h]]
        baseline.append(_stance_baseline(article_model, h, evidence))
        reader.append(_stance_baseline(article_model, h, evidence, "predict_proba_related"))
        if lean_reader is not None:
            lean.append(_lean_baseline(lean_reader, h, evidence))
        if h in variants:
            v = variants[h]
            checked = _check(base, pair_model, v, analyses, article_model, lean_reader)
            swapped.append(
                (ours[-1], checked, baseline[-1], _stance_baseline(article_model, v, evidence))
            )
    print(
        f"FNC-1 topic-{split} stories ({len(headlines)} headlines with >= 2 related bodies): "
        "Spearman of corroboration with (agree - disagree) / related"
    )
    rows = [(_rule_name(rule), [v[j] for v in ours]) for j, rule in enumerate(RULES)]
    rows += [
        ("baseline: mean stance P(a) - P(d)", baseline),
        ("related reader alone, same mean", reader),
    ]
    if lean:
        rows.append(("lean reader alone, same mean", lean))
    spearman = {name: spearmanr(values, target).statistic for name, values in rows}
    for name, value in spearman.items():
        print(f"  {name:<34} Spearman {value:.3f}")
    margin = spearman[_rule_name(RULES[0])] - spearman["baseline: mean stance P(a) - P(d)"]
    print(f"  {RULES[0]} check minus baseline: {margin:+.3f}")
    if swapped:
        _print_swaps(swapped)


def _print_swaps(swapped: Sequence[tuple[list[float], list[float], float, float]]) -> None:
    truth = np.array([row[0] for row in swapped])
    variant = np.array([row[1] for row in swapped])
    print(f"Swapped-word variants of the tuning headlines ({len(swapped)}): truth > variant")
    for j, rule in enumerate(RULES):
        ties = np.mean(truth[:, j] == variant[:, j])
        share = np.mean(truth[:, j] > variant[:, j])
        print(f"  {_rule_name(rule):<34} {share:.3f}   ties {ties:.3f}")
    stance = np.mean([row[2] > row[3] for row in swapped])
    print(f"  {'baseline: mean stance P(a) - P(d)':<34} {stance:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--max-stories", type=int, default=400)
    parser.add_argument("--fnc-split", choices=("dev", "train"), default="dev")
    parser.add_argument("--no-fnc", action="store_true", help="Emergent claims only.")
    parser.add_argument(
        "--settings",
        nargs="+",
        default=["default"],
        help="CheckSettings of check, side by side: 'default' or 'name=value,...' each.",
    )
    parser.add_argument("--no-emergent", action="store_true", help="FNC-1 stories only.")
    parser.add_argument(
        "--swaps",
        action="store_true",
        help="Also check a swapped-word false variant of each tuning headline "
        "(--fnc-split train only).",
    )
    parser.add_argument(
        "--lean-readings",
        type=Path,
        default=None,
        help="Cross-fitted readings (benchmarks/eval_lean_reader.py --readings): the lean "
        "reader of the FNC-1 stories is fitted on them without the tuning topics "
        "(required with --fnc-split train); else the bundled reader.",
    )
    args = parser.parse_args()
    if not (args.data / "claims" / "emergent" / "train.jsonl").is_file():
        raise SystemExit(f"Error: {args.data}: labelled data not found (expected ../shared/data)")
    if args.swaps and args.fnc_split != "train":
        raise SystemExit("Error: --swaps reads the tuning stories only (--fnc-split train)")
    RULES[:] = args.settings
    for spec in RULES:
        _settings(spec)  # a bad spec fails before the models are fitted
    base = Scorer.load()
    if not args.no_emergent:
        fnc_train = fnc_pairs(args.data / "fnc1", split="train")
        emergent_truth(args.data, args.folds, fnc_train, base)
    if not args.no_fnc:
        emergent = emergent_pairs(read_emergent(args.data / "claims/emergent/train.jsonl"))
        fnc_stories(
            args.data,
            args.fnc_split,
            emergent,
            base,
            args.max_stories,
            args.lean_readings,
            args.swaps,
        )


if __name__ == "__main__":
    main()
