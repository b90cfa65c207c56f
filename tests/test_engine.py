"""The engine passes the user's lexicons to every stage that reads them."""

from credence.document import Article
from credence.scoring.engine import Extractors, analyze

# A body the built-in alias table does not know, asked for comment by a relaying outlet:
# chains append it as the origin only when the user alias table reaches build_chains.
_TEXT = (
    "The Ruritanian Mining Office said on Monday that the mine was safe.\n\n"
    "The Daily Bugle reported that 40 workers were trapped underground, and the Ruritanian "
    "Mining Office did not respond to a request for comment."
)


def test_engine_user_aliases_reach_the_chains(tmp_path):
    aliases = tmp_path / "aliases.tsv"
    aliases.write_text(
        "Ruritanian Mining Office\tRuritanian Mining Office\tofficial\n"
        "Daily Bugle\tThe Daily Bugle (Ruritania)\toutlet\n",
        encoding="utf-8",
    )
    plain = analyze(Article(id="a", text=_TEXT))
    assert [c.path for c in plain.chains][-1] == "Daily Bugle"
    with_aliases = analyze(
        Article(id="a", text=_TEXT), extractors=Extractors(source_aliases=str(aliases))
    )
    # Not answering a request for comment is no attribution (issue 15): the chain ends at
    # the outlet, named as the user's table says.
    bugle = [c for c in with_aliases.chains if c.links[0].canonical.startswith("The Daily Bugle")]
    assert [c.path for c in bugle] == ["The Daily Bugle (Ruritania)"]
    assert bugle[0].origin.canonical == "The Daily Bugle (Ruritania)"


# Ten short articles of our own: enough for the engine to send chunks to two workers.
_MANY = [
    Article(
        id=f"m{k}",
        text=(
            f"Officials said on Monday that at least {100 + 7 * k} people were evacuated. "
            f"The agency reportedly sent {k + 2} teams, according to a spokesman.\n\n"
            "The mayor may announce new measures on March 3, 2024."
        ),
    )
    for k in range(10)
]


def _as_dicts(analyses):
    from credence.scoring.report import extraction_dict

    return [extraction_dict(a) for a in analyses]


def test_engine_analyses_with_two_workers_match_one_process_in_order():
    from credence.scoring.engine import analyze_all

    ticks = []
    one = analyze_all(_MANY, workers=1)
    two = analyze_all(_MANY, workers=2, progress=lambda: ticks.append(1))
    assert _as_dicts(two) == _as_dicts(one)
    assert [a.claims for a in two] == [a.claims for a in one]
    assert len(ticks) == len(_MANY)
    # The analyses point at the caller's own articles, not copies from the workers.
    assert all(a.article is article for a, article in zip(two, _MANY, strict=True))


def test_engine_chunks_keep_a_handful_of_articles_in_one_process():
    from credence.scoring.engine import _chunks

    assert _chunks(_MANY[:7], 2) == [_MANY[:7]]
    chunks = _chunks(_MANY, 2)
    assert len(chunks) == 2 and [a for c in chunks for a in c] == _MANY
    assert _chunks(_MANY, 1) == [_MANY]


def test_engine_scans_the_installed_plugins_once_a_process(monkeypatch):
    # Each scan of the installed distributions' entry points costs tens of milliseconds;
    # the engine looks extractors up by name a dozen times an Extractors().
    import credence.features.base as base

    scans = []
    real = base.entry_points

    def counting(**kwargs):
        scans.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(base, "entry_points", counting)
    monkeypatch.setattr(base, "_plugins_loaded", False)
    Extractors()
    Extractors(names=("hedges", "chains"))
    assert len(scans) == 1


def test_engine_worker_results_do_not_carry_the_article_text_back():
    # analyze_all puts the caller's articles back in: what a worker pickles back is spans.
    import pickle

    from credence.scoring.engine import _analyze_chunk_in_worker

    article = Article(
        id="a",
        text="Officials said 12 people died in Paris on Monday.\n\n"
        "The mayor reportedly resigned on Tuesday, aides said.",
    )
    shipped = _analyze_chunk_in_worker([article], Extractors(), None)
    assert shipped[0].article is None
    assert shipped[0].claims  # the analysis itself is all there
    assert article.text.encode() in pickle.dumps([analyze(article)])
    assert article.text.encode() not in pickle.dumps(shipped)
