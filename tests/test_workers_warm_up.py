"""What the extractors and models build on first use is built once, in the parent, before
the workers are forked (issue 13 item 6): each worker of each pool built it again (compiled
date and number patterns, the hedge lexicon, the tagger's tables)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from credence.document import Article
from credence.scoring import article_batches
from credence.scoring.article_batches import analysed_rows, warm_up

# Our own article, not the warm-up text: the patterns it needs are those of any news text.
_ARTICLE = (
    "Police said on Tuesday, 14 June 2016, that nearly 250 homes were damaged by the storm, "
    "which reportedly cost the town $3.5 million.\n\n"
    '"It was the worst night of my life," a resident told local radio.'
)

_COUNT_COMPILES = textwrap.dedent(
    """
    import re._compiler as compiler
    import sys
    from credence import Article, Scorer
    from credence.scoring.article_batches import warm_up
    from credence.scoring.engine import analyze_all

    scorer = Scorer.load()
    if sys.argv[2] == "warm":
        warm_up(scorer.extractors, scorer.claim_model)
    compiled = []
    original = compiler.compile
    compiler.compile = lambda *a, **k: compiled.append(a[0]) or original(*a, **k)
    article = Article(id="t", text=sys.argv[1])
    analyze_all([article], extractors=scorer.extractors, claim_model=scorer.claim_model,
                workers=1)
    scorer.uncertainty_model.predict_outputs([article.text])
    print(len(compiled))
    """
)


def _compiles(warm: bool) -> int:
    done = subprocess.run(
        [sys.executable, "-c", _COUNT_COMPILES, _ARTICLE, "warm" if warm else "cold"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout.split()[-1])


def test_workers_warm_up_builds_what_an_article_needs_before_the_fork():
    assert _compiles(warm=False) > 0  # what each worker used to compile for itself
    assert _compiles(warm=True) == 0


def test_workers_warm_up_is_done_once_and_only_when_workers_start(scorer, monkeypatch):
    calls = []
    monkeypatch.setattr(article_batches, "warm_up", lambda *a, **k: calls.append(a))
    articles = [Article(id=str(k), text=_ARTICLE) for k in range(12)]
    kwargs = {"extractors": scorer.extractors, "claim_model": scorer.claim_model}
    one = analysed_rows(articles, workers=1, **kwargs)
    assert calls == []
    two = analysed_rows(articles, workers=2, **kwargs)
    assert len(calls) == 1
    assert [r.claim for r in one.rows] == [r.claim for r in two.rows]


def test_workers_warm_up_changes_no_analysis(scorer):
    from credence.scoring.engine import analyze_all

    article = Article(id="t", text=_ARTICLE)
    kwargs = {"extractors": scorer.extractors, "claim_model": scorer.claim_model, "workers": 1}
    before = analyze_all([article], **kwargs)
    warm_up(scorer.extractors, scorer.claim_model)
    assert analyze_all([article], **kwargs) == before
