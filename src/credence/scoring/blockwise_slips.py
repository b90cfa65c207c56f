"""The attribute slips of the chunked stage's claims, a story at a time.

The in-memory stage finds attribute slips ("the Dutch minister" here, "the Belgian
minister" there) over the articles of each story
(:func:`~credence.scoring.attributes.attribute_conflicts`) and reports them with the claims
that hold the two mentions. :class:`StorySlips` gives the output pass of the chunked stage
the same: for each story a chunk's claims belong to (``blockwise_stories``), the story's
articles are read from the store (their analyses without spans, and their claim rows, the
copies folded), :func:`attribute_conflicts` runs over them as one story, and the slips are
kept by claim ``seq`` for the last ``cache`` stories (a story's claims are in neighbouring
chunks).

A story of more than ``story_cap`` articles (:data:`STORY_ARTICLES_CAP`; on news one story
can have 10,000 articles, and reading it whole held every analysis at once, ~0.65 GB at
50,000) is read in pieces of ``story_cap`` articles in store order, each piece looked at as
one story: slips between two pieces are not found. Such stories and their sizes are kept
in :attr:`StorySlips.split` so their claims' lines say so. Memory is ``story_cap``
articles' analyses and rows at most.
"""

from __future__ import annotations

import sqlite3
from collections import OrderedDict
from collections.abc import Iterable

import numpy as np

from credence.scoring.attributes import attribute_conflicts
from credence.scoring.blockwise_rows import StoredRowReader
from credence.scoring.conflicts import Conflict
from credence.scoring.store import stored_analysis

__all__ = ["STORY_ARTICLES_CAP", "StorySlips"]

#: Articles of a story read at once for its attribute slips. A story above it is read in
#: pieces of this many articles (store order). Read whole, a story's analyses cost ~13 kB
#: an article (measured: 998 articles, 13 MB; docs/store.md, session 13): ~26 MB at this
#: cap against ~0.65 GB for a 50,000-article story; the stories of the seeds, examples
#: and a day of news are far below it.
STORY_ARTICLES_CAP = 2000


class StorySlips:
    """The attribute slips of stored claims, by claim ``seq``, computed a story at a time.

    Parameters
    ----------
    conn : sqlite3.Connection
        The store, its ``blockwise_stories`` and ``blockwise_copies`` made.
    reader : StoredRowReader
        Reads the stories' claim rows.
    copies : ndarray
        The copies' ``seq`` (sorted): no row of their own.
    cache : int
        Stories whose slips are kept.
    story_cap : int
        Articles read at once: a larger story is read in pieces of this many.

    Attributes
    ----------
    split : dict
        The stories read in pieces so far: story id -> its number of articles.
    most_read : int
        The most analyses held at once so far.
    """

    def __init__(
        self,
        conn: sqlite3.Connection,
        reader: StoredRowReader,
        copies: np.ndarray,
        cache: int = 64,
        story_cap: int = STORY_ARTICLES_CAP,
    ) -> None:
        if story_cap < 1:
            raise ValueError(f"story_cap must be at least 1, not {story_cap}")
        self.conn = conn
        self.reader = reader
        self.copies = copies
        self.capacity = cache
        self.story_cap = story_cap
        self.split: dict[int, int] = {}
        self.most_read = 0
        self._stories: OrderedDict[int, dict[int, list[Conflict]]] = OrderedDict()

    def _story(self, story: int) -> dict[int, list[Conflict]]:
        if story in self._stories:
            self._stories.move_to_end(story)
            return self._stories[story]
        articles = [
            a
            for (a,) in self.conn.execute(
                "SELECT article FROM blockwise_stories WHERE story = ? ORDER BY article", (story,)
            )
        ]
        if len(articles) > self.story_cap:
            self.split[story] = len(articles)
        found: dict[int, list[Conflict]] = {}
        for start in range(0, len(articles), self.story_cap):
            found.update(self._piece(articles[start : start + self.story_cap]))
        self._stories[story] = found
        while len(self._stories) > self.capacity:
            self._stories.popitem(last=False)
        return found

    def _piece(self, articles: list[int]) -> dict[int, list[Conflict]]:
        """The slips of ``articles`` (``seq``, store order) looked at as one story."""
        claims_of = {
            a: [s for (s,) in self.conn.execute("SELECT seq FROM claims WHERE article = ?", (a,))]
            for a in articles
        }
        claims = np.array([s for a in articles for s in claims_of[a]], dtype=np.int64)
        if not len(claims):
            return {}
        # The rows number the articles that have claims in store order; the others come
        # after them (no row points at them), and the story lists every article in store
        # order, as the in-memory story does.
        read = self.reader.read(claims, claims, self.copies)
        order = [a for a in articles if claims_of[a]] + [a for a in articles if not claims_of[a]]
        analyses = [stored_analysis(self.conn, a) for a in order]
        self.most_read = max(self.most_read, len(analyses))
        position = {a: k for k, a in enumerate(order)}
        story_articles = [position[a] for a in articles]
        slips = attribute_conflicts(read.rows, analyses, [story_articles])
        return {int(read.seqs[i]): conflicts for i, conflicts in slips.items()}

    def of(self, stories: Iterable[int]) -> dict[int, list[Conflict]]:
        """The slips of the claims of ``stories`` (story ids), by claim ``seq``."""
        out: dict[int, list[Conflict]] = {}
        for story in sorted(set(stories)):
            out.update(self._story(story))
        return out
