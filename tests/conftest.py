"""Shared fixtures: paths to ../shared (data and seeds), skipping with a reason when absent."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DATA = SHARED / "data"
SEEDS = SHARED / "seeds"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data``; tests using it skip when the labelled data is not beside the clone."""
    if not (DATA / "README.md").is_file():
        pytest.skip(f"labelled data not found at {DATA} (needs ../shared beside the clone)")
    return DATA


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """``../shared/seeds``; tests using it skip when the seed articles are absent."""
    if not SEEDS.is_dir() or not any(SEEDS.glob("*.txt")):
        pytest.skip(f"seed articles not found at {SEEDS} (needs ../shared beside the clone)")
    return SEEDS


@pytest.fixture(scope="module")
def scorer():
    """The bundled models' :class:`credence.Scorer`, loaded once a test module; skips if absent.

    Test modules that need a scorer built differently define their own ``scorer`` fixture,
    which takes precedence over this one.
    """
    from credence import Scorer
    from credence.errors import ModelError

    try:
        return Scorer.load()
    except ModelError as exc:
        pytest.skip(f"default models not available: {exc}")


def tsv_rows(path: Path) -> list[tuple[str, ...]]:
    """Rows of one of our TSV fixtures: tab-split, skipping blank and ``#`` comment lines."""
    return [
        tuple(line.split("\t"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]


# Three short reports of one story in different words, written for these tests: the
# check and lean-reader tests read them as a small agreeing story.
TRAM_STORY_BODIES = [
    "The regional council approved the new tram line to Westport on Tuesday. The vote was "
    "close. Construction is expected to start next spring.",
    "Westport will get a new tram line after the regional council approved it. Opponents "
    "had argued about the cost. Work begins next year.",
    "Councillors approved the tram line to Westport in a narrow vote. The line will run along "
    "the harbour. Residents were divided.",
]


def corroboration_of(scorer, analyses, default_rule: str = "attested"):
    """``corroboration(claim, rule, **settings)``: ``check_claim``'s corroboration over
    ``analyses`` with the scorer's models, the details rule ``rule`` and any other
    ``CheckSettings`` fields."""
    from credence.scoring.check import CheckSettings, check_claim
    from credence.scoring.evidence import pair_reader

    reader = pair_reader(scorer.stance_model, scorer.agreement_model)

    def corroboration(claim: str, rule: str = default_rule, **settings) -> float:
        return check_claim(
            claim,
            analyses,
            stance_model=reader,
            uncertainty_model=scorer.uncertainty_model,
            extractors=scorer.extractors,
            article_model=scorer.stance_model,
            settings=CheckSettings(details_rule=rule, **settings),
        ).corroboration

    return corroboration


def tagger_fitted_on_rules(texts, featurizer=None):
    """A small CRF tagger fitted on the real features of ``texts`` (each read twice),
    labelled from the rules' own attributions: every kind of feature carries weight."""
    from credence.features.attribution.learned import article_sequences
    from credence.features.attribution.lexicon import load_lexicon
    from credence.features.context import Context
    from credence.models.attribution_model import CrfTagger, gold_labels

    lex = load_lexicon()
    features, labels = [], []
    for text in list(texts) * 2:
        seqs = article_sequences(text, Context.of(text), lex, featurizer)
        spans = {
            "SRC": [((a.source.start, a.source.end),) for a in seqs.rules],
            "CUE": [((a.cue.start, a.cue.end),) for a in seqs.rules],
            "CON": [((a.content.start, a.content.end),) for a in seqs.rules],
        }
        for para, para_features in zip(seqs.paragraphs, seqs.features, strict=True):
            features.append(para_features)
            labels.append(gold_labels(seqs.table.starts[para.lo : para.hi], spans))
    return CrfTagger(c1=0.0, c2=0.1, max_iterations=40, min_outside=0.9).fit(features, labels)


@pytest.fixture(scope="module")
def example_articles():
    """The bundled ``examples/`` articles, read as the CLI reads them."""
    from credence.ingest import read_articles

    root = Path(__file__).resolve().parents[1]
    return list(read_articles([str(root / "examples")]).articles)
