"""The parent works while the workers run a pool (issue 13 item 6): ``map_batches(...,
meanwhile=...)``, used by ``credence score`` to unpickle the pair model while the workers
analyse the articles (a second of serial work between two pools before)."""

from __future__ import annotations

import multiprocessing
import os

import pytest

from credence.document import Article
from credence.scoring import scorer as scorer_module
from credence.scoring.parallel import map_batches


def _pid(_: int) -> int:
    return os.getpid()


def test_workers_meanwhile_runs_here_once_the_workers_are_forked():
    seen = []
    got = map_batches(
        _pid,
        range(6),
        workers=2,
        meanwhile=lambda: seen.append((os.getpid(), len(multiprocessing.active_children()))),
    )
    assert seen == [(os.getpid(), 2)]
    assert os.getpid() not in got and len(got) == 6


def test_workers_meanwhile_is_not_called_without_a_pool():
    seen = []
    assert (
        map_batches(_pid, range(3), workers=1, meanwhile=lambda: seen.append(1))
        == [os.getpid()] * 3
    )
    assert seen == []


def test_workers_meanwhile_error_is_raised_and_the_batches_dropped():
    def fail() -> None:
        raise ValueError("meanwhile failed")

    with pytest.raises(ValueError, match="meanwhile failed"):
        map_batches(_pid, range(40), workers=2, meanwhile=fail)


_TEXT = (
    "The council said on Monday that 1,200 homes had lost power after the storm, and "
    "repairs could take until Friday.\n\nA spokesman told reporters 300 crews were working."
)


_FRENCH = (
    "Le conseil municipal a annoncé lundi que mille deux cents foyers étaient privés "
    "d'électricité après la tempête, et que les réparations dureraient jusqu'à vendredi."
)


@pytest.mark.parametrize("workers", [1, 2])
def test_workers_score_loads_the_pair_model_while_the_workers_analyse(monkeypatch, workers):
    from credence.scoring.parallel import using_workers

    calls = []
    load = scorer_module.Scorer._load_pair_model

    def watched(self):
        calls.append(len(multiprocessing.active_children()))
        return load(self)

    monkeypatch.setattr(scorer_module.Scorer, "_load_pair_model", watched)
    fresh = scorer_module.Scorer.load()
    articles = [Article(id=str(k), text=_TEXT) for k in range(12)]
    articles.append(Article(id="fr", text=_FRENCH))
    with using_workers(workers):
        report = fresh.score(articles, keep_spans=False)
    assert len(report.claims) > 12
    # Read meanwhile too: the warning of the article that is not English, and only it.
    assert len(report.warnings) == 1 and "fr" in report.warnings[0]
    assert calls == ([] if workers == 1 else [2])
    assert fresh.agreement_model is None or fresh.agreement_model.loaded
