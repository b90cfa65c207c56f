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


def test_attribution_training_sequences_leave_out_the_open_features(tmp_path):
    # The shipped tagger is fitted without the features of LEFT_OUT_FEATURES, so the
    # committed build gives it; an article written for this test in PolNeAR's brat layout.
    from credence.features.attribution.lexicon import load_lexicon
    from credence.models.attribution_training import (
        CANDIDATE_LEFT_OUT,
        LEFT_OUT_FEATURES,
        training_sequences,
    )

    text = "The Quarry Workers Union said that wages fell. Ms Varga endorsed the plan."
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "story.txt").write_text(text, encoding="utf-8")
    source, cue = text.index("The Quarry"), text.index("said")
    (tmp_path / "attributions" / "story_a.ann").write_text(
        f"T1\tSource {source} {source + 24}\tThe Quarry Workers Union\n"
        f"T2\tCue {cue} {cue + 4}\tsaid\n",
        encoding="utf-8",
    )
    lex = load_lexicon()
    shipped = training_sequences(tmp_path, lex)[0]
    names = {f for para in shipped for token in para for f in token}
    assert LEFT_OUT_FEATURES == ("sf:", "cf:")
    assert not any(f.startswith(("sf:", "cf:")) for f in names)
    assert "w=said" in names
    # Session 12's candidate reads the cue features of a word alone, not those of its place.
    candidate = training_sequences(tmp_path, lex, drop=CANDIDATE_LEFT_OUT)[0]
    names = {f for para in candidate for token in para for f in token}
    assert "cf:stem=endors" in names and "cf:cls=attitude" in names
    assert not any(f.startswith(("cf:subj", "cf:that", "cf:frame=")) for f in names)
    cues_only = training_sequences(tmp_path, lex, drop=("sf:",))[0]
    names = {f for para in cues_only for token in para for f in token}
    assert "cf:subj|ed" in names and "cf:that" in names
    assert not any(f.startswith("sf:") for f in names)
    every = training_sequences(tmp_path, lex, drop=())[0]
    assert any(f.startswith("sf:") for para in every for token in para for f in token)
