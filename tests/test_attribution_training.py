"""The attribution tagger's training split: decoding is tuned on held-out training articles."""

from __future__ import annotations

from credence.models.attribution_training import tuning_articles


def test_attribution_training_tuning_articles_are_a_stable_quarter():
    names = [f"outlet_2016-09-{day:02d}_story-{k}" for day in range(1, 29) for k in range(10)]
    held_out = tuning_articles(names)
    assert held_out == tuning_articles(list(reversed(names)))  # by name, not by position
    assert 0.15 * len(names) < len(held_out) < 0.35 * len(names)
    # Grouped by article: every paragraph of one article falls on the same side.
    paragraphs = [name for name in names for _ in range(3)]
    assert tuning_articles(paragraphs) == held_out
