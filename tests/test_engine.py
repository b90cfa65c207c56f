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
