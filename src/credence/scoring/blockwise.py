"""A store's cross-article stage a chunk of claims at a time, memory bounded by the chunk.

The store run of :mod:`credence.scoring.incremental` builds the whole cross-article stage in
memory: every claim's row (2.3 kB), TF-IDF row, candidates, evidence and explanation, ~3 kB
a claim before any pair is read (~3 GB at 50,000 articles). :func:`score_blockwise` runs the
same parts over a store in streamed passes, each holding one chunk of claims (whole
articles, ``chunk_claims`` claims or more) at a time:

0. **Copies** (:mod:`~credence.scoring.blockwise_copies`): the claims of repeated
   paragraphs that repeat a claim of their article, folded into it as in memory
   (``blockwise_copies``): no row, no candidate, no document frequency;
1. **Candidates** (:class:`~credence.scoring.blockwise_candidates.ChunkCandidates`): each
   chunk's candidates from the stored postings and document frequencies, written to the
   ``blockwise_candidates`` table (each pair once);
2a. **Links and stories** (:mod:`~credence.scoring.blockwise_stories`): each chunk's pairs
   read by the pair model (the readings kept in the store), the linked ones and the
   chunk's claims' signatures written; then the stories by union-find over the links and
   the signature buckets by story, as tables;
2. **Evidence**: each chunk's pairs (its claims as either side) read from that table, the
   signature pairs of its claims' buckets after them (as the in-memory path reads them),
   the rows of the claims they reach read from the store
   (:class:`~credence.scoring.blockwise_rows.StoredRowReader`), the pairs read by the pair
   model through the store's ``readings`` (:class:`~credence.scoring.store_cache.CachedPairModel`:
   a reading is computed once, ever), the evidence items made and grouped by independent
   origin (:func:`~credence.scoring.formula.build_tables`) and the chunk's score tables
   written to ``blockwise_evidence`` (flat arrays, compressed); the chunk is dropped;
3. **Reliability**: the truth-discovery iteration of
   :func:`credence.scoring.sources.truth_discovery` as passes over ``blockwise_evidence``,
   each pass summing every source's corroboration;
4. **Output**: a last pass scores each chunk with the fitted reliabilities and yields one
   line per claim (:meth:`BlockwiseRun.lines`: ``--format jsonl``).

In one chunk the result is the in-memory stage's, float for float (tested on the
examples and on FNC-1 and PolNeAR articles; 300 of them in
``benchmarks/compare_blockwise.py``). Across chunks, the rows of an article read for a
few of its claims (a partner's) are joined over the paragraphs read only
(:mod:`~credence.scoring.blockwise_rows`), which moves a few scores (300 real articles in
300-claim chunks: mean 0.00026, largest 0.044). The claims with their evidence and
explanations (:meth:`BlockwiseRun.scored_claims`) are made in the output pass
(:mod:`~credence.scoring.blockwise_claims`, :mod:`~credence.scoring.blockwise_slips`).
Incremental equals batch holds exactly: every pass reads the store as it is, so three
batches added then scored equal one batch added then scored.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from credence.errors import DataError
from credence.scoring.blockwise_candidates import (
    IN_MEMORY_TOP_K,
    CandidateCounts,
    ChunkBlocking,
    ChunkCandidates,
)
from credence.scoring.blockwise_claims import chunk_claims
from credence.scoring.blockwise_copies import COPIES_SCHEMA, copies_of, copy_seqs, write_copies
from credence.scoring.blockwise_evidence import ChunkScores, EvidencePass
from credence.scoring.blockwise_pairs import PAIR_ITEMS_SCHEMA, ItemColumns
from credence.scoring.blockwise_rows import StoredRowReader
from credence.scoring.blockwise_slips import STORY_ARTICLES_CAP, StorySlips
from credence.scoring.blockwise_stories import (
    STORIES_SCHEMA,
    claim_stories,
    clear_story_tables,
    make_stories,
    story_ids,
    write_links,
    write_signatures,
)
from credence.scoring.formula import uncertainty_of
from credence.scoring.priors import ScoringPriors
from credence.scoring.results import ScoredClaim
from credence.scoring.stored_rows import forget_stale_rows

__all__ = ["BlockwiseRun", "ChunkScores", "score_blockwise", "chunk_plan"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS blockwise_candidates(
    first INTEGER NOT NULL,
    second INTEGER NOT NULL,
    similarity REAL NOT NULL,
    PRIMARY KEY(first, second)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS blockwise_candidates_second ON blockwise_candidates(second);
CREATE TABLE IF NOT EXISTS blockwise_uncapped(
    first INTEGER NOT NULL,
    second INTEGER NOT NULL,
    PRIMARY KEY(first, second)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS blockwise_capped(
    claim INTEGER PRIMARY KEY,
    dropped INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS blockwise_evidence(
    chunk INTEGER PRIMARY KEY,
    lo INTEGER NOT NULL,
    hi INTEGER NOT NULL,
    tables BLOB NOT NULL
);
"""

#: One progress event: (stage, chunk, chunks, claims done).
Progress = Callable[[str, int, int, int], None]


def chunk_plan(conn: sqlite3.Connection, chunk_claims: int) -> list[tuple[int, int]]:
    """Claim ``seq`` ranges ``[lo, hi)`` of whole articles, ``chunk_claims`` claims or more
    each (the last may be smaller), in store order.

    Raises
    ------
    ValueError
        When ``chunk_claims`` is below 1.
    """
    if chunk_claims < 1:
        raise ValueError(f"The 'chunk_claims' parameter must be >= 1. Got {chunk_claims} instead.")
    plan: list[tuple[int, int]] = []
    lo = None
    count = 0
    last = 0
    query = "SELECT min(seq), max(seq), count(*) FROM claims GROUP BY article ORDER BY min(seq)"
    for first, top, n in conn.execute(query):
        lo = first if lo is None else lo
        count += n
        last = top + 1
        if count >= chunk_claims:
            plan.append((lo, last))
            lo, count = None, 0
    if lo is not None:
        plan.append((lo, last))
    return plan


@dataclass
class BlockwiseRun:
    """What :func:`score_blockwise` measured and fitted; :meth:`lines` writes the claims.

    Attributes
    ----------
    sources : list of str
        Source names by index (origins and outlets).
    reliability : ndarray
        The fitted reliability of each source.
    counts : dict
        Chunks, claims, candidate pairs (found, kept, dropped), capped terms, pairs read,
        readings computed and looked up, evidence items, iterations.
    seconds : dict
        Seconds of each pass.
    """

    conn: sqlite3.Connection
    priors: ScoringPriors
    sources: list[str]
    reliability: np.ndarray
    counts: dict[str, Any] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    capped: list[tuple[str, int]] = field(default_factory=list)
    #: The output pass's reader of explained chunks, and the reliabilities by name.
    _evidence: Any = field(default=None, repr=False)
    _reliability: dict[str, float] = field(default_factory=dict, repr=False)
    _slips: Any = field(default=None, repr=False)
    #: Articles of a story read at once for its attribute slips (a larger story is read in
    #: pieces, its lines marked ``slips_capped``).
    story_cap: int = STORY_ARTICLES_CAP
    #: The stories' ids (``story-N`` as the in-memory report numbers them) by story, and
    #: the last chunk's claims' stories.
    _stories: dict[int, str] = field(default_factory=dict, repr=False)
    _chunk_stories: tuple[Any, dict[int, int]] = field(default=(None, {}), repr=False)

    def chunks(self) -> Iterator[ChunkScores]:
        """Every chunk's stored evidence, one at a time, in store order."""
        cursor = self.conn.execute("SELECT tables FROM blockwise_evidence ORDER BY chunk")
        for (blob,) in cursor:
            yield ChunkScores.from_bytes(blob)

    def _uncertainty(
        self, chunk: ChunkScores, S: np.ndarray, D: np.ndarray, uncertainty_model: Any
    ) -> tuple[np.ndarray, np.ndarray | None]:
        """Each claim's uncertainty and P(nonfactual) (None without that output), by the
        in-memory path's functions: the uncertainty model's outputs of the claim texts
        (:func:`~credence.scoring.corroboration.sentence_outputs`, stored ones looked up)
        and the noisy-OR of hedging, disclaimer, contradiction and thin evidence
        (:func:`~credence.scoring.formula.uncertainty_of`).
        """
        from credence.scoring.corroboration import sentence_outputs

        reader = StoredRowReader(self.conn, self.priors)
        read = reader.read(chunk.seqs, chunk.seqs, copy_seqs(self.conn))
        if not np.array_equal(read.seqs, chunk.seqs):
            raise DataError("blockwise", "the stored claims changed while the run read them")
        outputs = sentence_outputs(uncertainty_model, [r.claim.text for r in read.rows])
        uncertainty = np.array(
            [
                uncertainty_of(
                    float(outputs.uncertainty[k]),
                    self.priors.disclaimer_weight if row.disclaimed else 0.0,
                    float(D[k]),
                    float(S[k]),
                    self.priors,
                )[0]
                for k, row in enumerate(read.rows)
            ]
        )
        second = outputs.second()
        return uncertainty, None if second is None else np.asarray(second[0], dtype=np.float64)

    def _store_fields(self, chunk: ChunkScores, k: int, scores: tuple) -> dict[str, Any]:
        """What the chunked stage says of claim ``k`` of ``chunk`` beside its JSON: its
        origin and outlet, support and contradiction scores, evidence items and origin
        reliability (4 decimals).
        """
        _, S, D = scores
        origin = int(chunk.tables.claim_source[k])
        outlet = int(chunk.outlet_source[k])
        if not self._stories:
            self._stories = story_ids(self.conn)
        lo, hi = int(chunk.seqs.min()), int(chunk.seqs.max()) + 1
        if self._chunk_stories[0] != (lo, hi):
            self._chunk_stories = ((lo, hi), claim_stories(self.conn, lo, hi))
        return {
            "origin": self.sources[origin],
            "outlet": self.sources[outlet] if outlet >= 0 else self.sources[origin],
            "support": round(float(S[k]), 4),
            "contradiction": round(float(D[k]), 4),
            "evidence_items": int(chunk.items[k]),
            "origin_reliability": round(float(self.reliability[origin]), 4),
            "story": self._stories[self._chunk_stories[1][int(chunk.seqs[k])]],
        }

    def _explained(
        self, chunk: ChunkScores, scores: tuple, uncertainty_model: Any, pair_model: Any, shared
    ) -> Iterator[tuple[ScoredClaim, dict[str, Any]]]:
        """Each claim of ``chunk`` as ``--format json`` gives it, and the chunked stage's
        fields of it (:mod:`~credence.scoring.blockwise_claims`).
        """
        if self._evidence is None:
            self._evidence = EvidencePass(self.conn, pair_model, self.priors)
            self._evidence.copies = copy_seqs(self.conn)
            self._reliability = dict(zip(self.sources, self.reliability.tolist(), strict=True))
            self._slips = StorySlips(
                self.conn, self._evidence.reader, self._evidence.copies, story_cap=self.story_cap
            )
        lo, hi = int(chunk.seqs.min()), int(chunk.seqs.max()) + 1
        slips = self._slips.of(claim_stories(self.conn, lo, hi).values())
        made = chunk_claims(
            self._evidence,
            chunk,
            scores,
            self._reliability,
            uncertainty_model,
            copies_of(self.conn, lo, hi),
            shared,
            slips,
        )
        for k, claim in enumerate(made):
            fields = self._store_fields(chunk, k, scores)
            story = self._chunk_stories[1][int(chunk.seqs[k])]
            if story in self._slips.split:  # its slips were looked for a piece at a time
                fields["slips_capped"] = {
                    "story_articles": self._slips.split[story],
                    "read_articles": self.story_cap,
                }
            yield claim, fields

    @property
    def slips(self) -> StorySlips | None:
        """The attribute slips' reader of the explained lines (``None`` before them)."""
        return self._slips

    def slips_line(self) -> str | None:
        """The stories whose attribute slips were looked for in pieces (stderr), once the
        explained lines are made; ``None`` when none was.
        """
        split = self._slips.split if self._slips is not None else {}
        if not split:
            return None
        if not self._stories:
            self._stories = story_ids(self.conn)
        largest = sorted(split.items(), key=lambda item: (-item[1], item[0]))[:5]
        named = ", ".join(f"{self._stories[s]} ({n:,} articles)" for s, n in largest)
        more = f", and {len(split) - 5} more" if len(split) > 5 else ""
        stories = "story" if len(split) == 1 else "stories"
        return (
            f"Attribute slips: {len(split):,} {stories} of more than {self.story_cap:,} "
            f"articles read in pieces of {self.story_cap:,} (slips between pieces not looked "
            f'for; their lines have "slips_capped"): {named}{more}'
        )

    def scored_claims(
        self, uncertainty_model: Any, pair_model: Any, save_outputs: bool = True
    ) -> Iterator[tuple[ScoredClaim, dict[str, Any]]]:
        """Each claim that is not a copy, in store order, as ``credence score`` makes it
        (:mod:`~credence.scoring.blockwise_claims`), with the chunked stage's fields of it
        (origin, outlet, scores, items, story, cap); with ``save_outputs``, the uncertainty
        model's new outputs are saved once the last claim is made (else by the caller,
        with its scores).
        """
        top_k = self.counts.get("top_k", IN_MEMORY_TOP_K)
        shared: dict[Any, Any] = {}
        for chunk in self.chunks():
            scores = chunk.score(self.reliability, self.priors)
            capped = _capped_claims(self.conn, chunk.seqs)
            made = self._explained(chunk, scores, uncertainty_model, pair_model, shared)
            for k, (claim, fields) in enumerate(made):
                if (seq := int(chunk.seqs[k])) in capped:
                    fields["capped"] = {"top_k": top_k, "dropped": capped[seq]}
                yield claim, fields
            if len(shared) > 4096:  # as ScoringStage.streamed_share_limit
                shared.clear()
        if save_outputs and hasattr(uncertainty_model, "save"):
            with _transaction(self.conn):
                uncertainty_model.save(self.conn)

    def lines(self, uncertainty_model: Any = None, pair_model: Any = None) -> Iterator[str]:
        """One JSON line per stored claim that is not a copy, in store order, a chunk at a
        time.

        Each line: the claim's id, article, text, origin and outlet, its corroboration,
        support and contradiction, its number of evidence items and its origin's
        reliability (rounded as ``--format json`` rounds scores: 4 decimals) and its
        story (``story-N``, numbered as the in-memory report numbers them); with a cap
        below :data:`~credence.scoring.blockwise_candidates.IN_MEMORY_TOP_K`, the claims
        it bit also have ``capped``: the cap and how many of the claim's candidate pairs at
        the default it dropped; a claim repeated in a repeated paragraph of its article has
        ``copies``, the ids of its copies (which have no line of their own). With
        ``uncertainty_model`` (the model behind the store's lookups,
        :class:`~credence.scoring.store_cache.CachedUncertaintyModel`: what it
        computes is saved once the last line is made), also each claim's ``uncertainty``
        and ``nonfactual`` as ``--format json`` gives them for the same support and
        contradiction. With ``pair_model`` too (the store's cached one), each line is the
        claim as ``--format json`` gives it (evidence, strongest support and
        contradiction, explanation, copies), the fields above under ``store``.
        """
        if pair_model is not None and uncertainty_model is not None:
            for claim, fields in self.scored_claims(uncertainty_model, pair_model):
                yield json.dumps({**claim.to_dict(), "store": fields}, ensure_ascii=False)
            return
        top_k = self.counts.get("top_k", IN_MEMORY_TOP_K)
        for chunk in self.chunks():
            scores = chunk.score(self.reliability, self.priors)
            capped = _capped_claims(self.conn, chunk.seqs)
            yield from self._plain_lines(chunk, scores, uncertainty_model, capped, top_k)
        if hasattr(uncertainty_model, "save"):
            with _transaction(self.conn):
                uncertainty_model.save(self.conn)

    def _plain_lines(self, chunk, scores, uncertainty_model, capped, top_k) -> Iterator[str]:
        info = _claim_info(self.conn, chunk.seqs)
        copies = copies_of(
            self.conn, int(chunk.seqs.min(initial=0)), int(chunk.seqs.max(initial=-1)) + 1
        )
        corroboration, S, D = scores
        if uncertainty_model is not None:
            uncertainty, nonfactual = self._uncertainty(chunk, S, D, uncertainty_model)
        for k, seq in enumerate(chunk.seqs.tolist()):
            claim_id, article_id, text = info[seq]
            fields = self._store_fields(chunk, k, scores)
            line = {
                "id": claim_id,
                "article": article_id,
                "text": text,
                "origin": fields.pop("origin"),
                "outlet": fields.pop("outlet"),
                "corroboration": round(float(corroboration[k]), 4),
                **fields,
            }
            if uncertainty_model is not None:
                line["uncertainty"] = round(float(uncertainty[k]), 4)
                line["nonfactual"] = None if nonfactual is None else round(float(nonfactual[k]), 4)
            if seq in copies:  # as ScoredClaim.copies: its repeats, folded into it
                line["copies"] = [copy.id for copy in copies[seq]]
            if seq in capped:
                # The cap bit: pairs the default (the in-memory top-k) reads were not.
                line["capped"] = {"top_k": top_k, "dropped": capped[seq]}
            yield json.dumps(line, ensure_ascii=False)

    def scores(self) -> dict[int, tuple[float, float, float]]:
        """Every claim's (corroboration, S, D) by ``seq``, unrounded (for tests and
        comparisons; holds every claim: small stores only).
        """
        out: dict[int, tuple[float, float, float]] = {}
        for chunk in self.chunks():
            corroboration, S, D = chunk.score(self.reliability, self.priors)
            for k, seq in enumerate(chunk.seqs.tolist()):
                out[seq] = (float(corroboration[k]), float(S[k]), float(D[k]))
        return out

    def blocking_line(self) -> str:
        """What the blocking capped and dropped, in one line (printed on stderr)."""
        c = self.counts
        head = (
            f"Blocking: {c['candidate_pairs']:,} candidate pairs kept of {c['partners']:,} "
            f"claim pairs sharing a rare word ({c['dropped']:,} dropped: date window, same "
            f"sentence, top {c['top_k']} by cosine per claim); {c['capped_terms']:,} words "
            f"held by more than {c['max_postings']} claims were capped (compared through "
            "rarer words only)"
        )
        if self.capped:
            head += ": " + ", ".join(f"{t} ({n:,} claims)" for t, n in self.capped)
        if c["top_k"] < IN_MEMORY_TOP_K:
            head += (
                f". The cap of {c['top_k']} candidates a claim (below the default "
                f"{IN_MEMORY_TOP_K}, the in-memory path's) dropped {c['pairs_capped']:,} "
                f"pairs the default reads, of {c['claims_capped']:,} claims (their lines "
                'have "capped"): their scores are not the default\'s'
            )
        return head


@contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
    # BEGIN IMMEDIATE ... COMMIT, as the store's writes (its connection is in autocommit
    # mode); ROLLBACK when the block raises, Ctrl-C included.
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _claim_info(conn: sqlite3.Connection, seqs: np.ndarray) -> dict[int, tuple[str, str, str]]:
    lo, hi = int(seqs.min()), int(seqs.max()) + 1
    query = (
        "SELECT c.seq, c.id, a.id, c.text FROM claims c JOIN articles a ON a.seq = c.article "
        "WHERE c.seq >= ? AND c.seq < ?"
    )
    return {seq: (cid, aid, text) for seq, cid, aid, text in conn.execute(query, (lo, hi))}


def _capped_claims(conn: sqlite3.Connection, seqs: np.ndarray) -> dict[int, int]:
    if not len(seqs):
        return {}
    query = "SELECT claim, dropped FROM blockwise_capped WHERE claim >= ? AND claim < ?"
    return dict(conn.execute(query, (int(seqs.min()), int(seqs.max()) + 1)).fetchall())


def _note_capped(conn: sqlite3.Connection) -> tuple[int, int]:
    """Each claim's candidate pairs at the default top-k that the cap dropped, into
    ``blockwise_capped`` (the pairs compared are dropped); (pairs, claims) capped.
    """
    dropped = (
        "SELECT u.first AS a, u.second AS b FROM blockwise_uncapped u WHERE NOT EXISTS "
        "(SELECT 1 FROM blockwise_candidates c WHERE c.first = u.first AND c.second = u.second)"
    )
    (pairs,) = conn.execute(f"SELECT count(*) FROM ({dropped})").fetchone()
    conn.execute(
        "INSERT INTO blockwise_capped SELECT claim, count(*) FROM "
        f"(SELECT a AS claim FROM ({dropped}) UNION ALL SELECT b FROM ({dropped})) "
        "GROUP BY claim"
    )
    conn.execute("DELETE FROM blockwise_uncapped")
    (claims,) = conn.execute("SELECT count(*) FROM blockwise_capped").fetchone()
    return int(pairs), int(claims)


def _write_candidates(
    conn: sqlite3.Connection, found: tuple[np.ndarray, ...], table: str = "blockwise_candidates"
) -> None:
    if table == "blockwise_uncapped":
        first, second, _ = found
        conn.executemany(
            "INSERT OR IGNORE INTO blockwise_uncapped VALUES (?, ?)",
            zip(first.tolist(), second.tolist(), strict=True),
        )
        return
    first, second, similarity = found
    conn.executemany(
        "INSERT INTO blockwise_candidates VALUES (?, ?, ?) ON CONFLICT(first, second) "
        "DO UPDATE SET similarity = max(similarity, excluded.similarity)",
        zip(first.tolist(), second.tolist(), similarity.tolist(), strict=True),
    )


def _fit(
    chunks: Callable[[], Iterator[ChunkScores]],
    n_sources: int,
    priors: ScoringPriors,
    tol: float,
    max_iter: int,
) -> tuple[np.ndarray, int, bool]:
    """:func:`~credence.scoring.sources.truth_discovery` as passes over the chunks: each pass
    scores every chunk with the current reliabilities and sums each source's corroboration
    of its informative claims (the sums per chunk, then over the chunks: the order of the
    additions differs from the in-memory fit's by ~1e-16 relative).
    """
    alpha, beta = priors.reliability_alpha, priors.reliability_beta
    reliability = np.full(n_sources, alpha / (alpha + beta), dtype=np.float64)

    def sums(r: np.ndarray, with_counts: bool) -> tuple[np.ndarray, np.ndarray]:
        totals, counts = np.zeros(n_sources), np.zeros(n_sources)
        for chunk in chunks():
            corroboration = chunk.score(r, priors)[0]
            weight = chunk.informative.astype(np.float64)
            for sources in (chunk.tables.claim_source, chunk.outlet_source):
                ok = sources >= 0
                np.add.at(totals, sources[ok], (corroboration * weight)[ok])
                if with_counts:
                    np.add.at(counts, sources[ok], weight[ok])
        return totals, counts

    totals, counts = sums(reliability, True)
    iterations = 0
    for iterations in range(1, max_iter + 1):
        updated = (alpha + totals) / (alpha + beta + counts)
        change = float(np.max(np.abs(updated - reliability))) if n_sources else 0.0
        reliability = updated
        if change < tol:
            return reliability, iterations, True
        totals, _ = sums(reliability, False)
    return reliability, iterations, False


def _capped_terms(
    conn: sqlite3.Connection, terms: set[int], shown: int = 10
) -> list[tuple[str, int]]:
    ids = sorted(terms)
    rows: list[tuple[str, int]] = []
    for lo in range(0, len(ids), 900):
        batch = ids[lo : lo + 900]
        rows.extend(
            conn.execute(
                f"SELECT term, df FROM terms WHERE id IN ({','.join('?' * len(batch))})", batch
            )
        )
    rows.sort(key=lambda r: (-r[1], r[0]))
    return rows[:shown]


def _copies_pass(
    evidence: EvidencePass, plan: list[tuple[int, int]], report: Progress
) -> np.ndarray:
    """Pass 0: every chunk's copies written to ``blockwise_copies``; returns their ``seq``."""
    conn = evidence.conn
    with _transaction(conn):
        conn.execute("DELETE FROM blockwise_copies")
    for k, (lo, hi) in enumerate(plan):
        found = evidence.fold(lo, hi)
        with _transaction(conn):
            write_copies(conn, found)
        report("copies", k + 1, len(plan), hi - plan[0][0])
    evidence.copies = copy_seqs(conn)
    return evidence.copies


def _candidate_pass(
    conn: sqlite3.Connection,
    blocking: ChunkBlocking,
    plan: list[tuple[int, int]],
    report: Progress,
    copies: np.ndarray,
) -> CandidateCounts:
    """Pass 1: every chunk's candidates written to ``blockwise_candidates``."""
    finder = ChunkCandidates(conn, blocking, copies)
    capping = blocking.top_k < IN_MEMORY_TOP_K
    with _transaction(conn):
        for table in ("blockwise_uncapped", "blockwise_capped"):
            conn.execute(f"DELETE FROM {table}")
        conn.execute("DELETE FROM blockwise_candidates")
        conn.execute("DELETE FROM blockwise_evidence")
        conn.execute("DELETE FROM blockwise_pair_items")
    for k, (lo, hi) in enumerate(plan):
        found = finder.find(lo, hi)
        with _transaction(conn):
            _write_candidates(conn, found)
            if capping:  # what the default would read, to say where the cap bites
                _write_candidates(conn, finder.uncapped(lo, hi), "blockwise_uncapped")
        report("candidates", k + 1, len(plan), finder.counts.claims)
    if capping:
        with _transaction(conn):
            finder.counts.capped = _note_capped(conn)
    # The TF-IDF arrays (8 B a posting: ~200 MB resident at 50,000 articles) are not read
    # by the later passes: only the counts stay (returned, the finder dropped).
    return finder.counts


def _links_pass(evidence: EvidencePass, plan: list[tuple[int, int]], report: Progress) -> int:
    """Pass 2a: every chunk's linked pairs and signatures written, a transaction a chunk,
    then the stories made by union-find over the links (one transaction). Returns the
    number of stories.
    """
    conn, pair_model = evidence.conn, evidence.pair_model
    with _transaction(conn):
        clear_story_tables(conn)
    for k, (lo, hi) in enumerate(plan):
        linked, signatures = evidence.links(lo, hi)
        with _transaction(conn):
            write_links(conn, linked)
            write_signatures(conn, signatures)
            if hasattr(pair_model, "save"):
                pair_model.save(conn)
        report("links", k + 1, len(plan), hi - plan[0][0])
    with _transaction(conn):
        return make_stories(conn)


def _evidence_pass(evidence: EvidencePass, plan: list[tuple[int, int]], report: Progress) -> int:
    """Pass 2: every chunk's evidence tables written to ``blockwise_evidence`` (and the
    readings computed, to ``readings``), a transaction a chunk. Returns the number of
    claims scored.
    """
    conn, pair_model = evidence.conn, evidence.pair_model
    evidence.counts["stories"] = _links_pass(evidence, plan, report)
    done = 0
    for k, (lo, hi) in enumerate(plan):
        chunk, later = evidence.chunk(lo, hi)
        with _transaction(conn):
            conn.execute(
                "INSERT INTO blockwise_evidence VALUES (?, ?, ?, ?)", (k, lo, hi, chunk.to_bytes())
            )
            ItemColumns.forget(conn, lo, hi)
            later.save(conn)
            if hasattr(pair_model, "save"):
                pair_model.save(conn)
        done += len(chunk.seqs)
        report("evidence", k + 1, len(plan), done)
        del chunk
    return done


def _run_counts(
    conn: sqlite3.Connection,
    blocking: ChunkBlocking,
    pair_model: Any,
    found: CandidateCounts,
    evidence: EvidencePass,
    chunks: int,
) -> dict[str, Any]:
    (unique,) = conn.execute("SELECT count(*) FROM blockwise_candidates").fetchone()
    return {
        "chunks": chunks,
        "claims": 0,
        "top_k": blocking.top_k,
        "max_postings": blocking.max_postings,
        "partners": found.partners,
        "candidate_pairs": int(unique),
        "dropped": found.dropped(),
        "capped_terms": len(found.capped_terms or ()),
        "pairs_capped": found.capped[0],
        "claims_capped": found.capped[1],
        **evidence.counts,
        "readings_computed": int(getattr(pair_model, "computed", 0)),
        "readings_looked_up": int(getattr(pair_model, "looked_up", 0)),
        "rows_unpickled": evidence.reader.unpickled,
        "rows_made": evidence.reader.made,
        "sources": len(evidence.names),
        "iterations": 0,
        "converged": False,
    }


def score_blockwise(
    conn: sqlite3.Connection,
    pair_model: Any,
    *,
    priors: ScoringPriors | None = None,
    blocking: ChunkBlocking | None = None,
    chunk_claims: int = 2000,
    tol: float = 1e-4,
    max_iter: int = 50,
    progress: Progress | None = None,
    story_cap: int | None = None,
) -> BlockwiseRun:
    """The cross-article stage over every stored claim, a chunk of claims at a time.

    Parameters
    ----------
    conn : sqlite3.Connection
        The open claim store (:attr:`credence.scoring.store.ClaimStore.conn`), its rows
        made (:func:`~credence.scoring.stored_rows.ensure_rows`). The pass tables
        ``blockwise_candidates`` and ``blockwise_evidence`` are made again; each chunk is
        committed on its own.
    pair_model : object
        Reads the claim pairs, its readings kept in the store
        (:class:`~credence.scoring.store_cache.CachedPairModel`); saved each chunk.
    priors : ScoringPriors, optional
    blocking : ChunkBlocking, optional
        Candidate blocking; ``top_k`` is the cap per claim.
    chunk_claims : int
        Claims per chunk (whole articles): what the passes hold at once.
    tol, max_iter
        Convergence of the reliability passes.
    progress : callable, optional
        ``progress(stage, chunk, chunks, claims)`` after each chunk of each pass.
    story_cap : int, optional
        Articles of a story read at once for its attribute slips (default
        :data:`~credence.scoring.blockwise_slips.STORY_ARTICLES_CAP`).

    Returns
    -------
    BlockwiseRun
    """
    priors = priors or ScoringPriors()
    blocking = blocking or ChunkBlocking()
    conn.executescript(_SCHEMA + PAIR_ITEMS_SCHEMA + STORIES_SCHEMA + COPIES_SCHEMA)
    forget_stale_rows(conn)  # rows of other code are made again as the chunks read them
    plan = chunk_plan(conn, chunk_claims)
    report = progress or (lambda *_: None)
    seconds: dict[str, float] = {}

    started = time.perf_counter()
    evidence = EvidencePass(conn, pair_model, priors)
    copies = _copies_pass(evidence, plan, report)
    seconds["copies"] = time.perf_counter() - started

    started = time.perf_counter()
    found_counts = _candidate_pass(conn, blocking, plan, report, copies)
    seconds["candidates"] = time.perf_counter() - started

    started = time.perf_counter()
    done = _evidence_pass(evidence, plan, report)
    seconds["evidence"] = time.perf_counter() - started

    started = time.perf_counter()
    names = evidence.names
    run = BlockwiseRun(conn, priors, list(names), np.zeros(len(names)))
    if story_cap is not None:
        run.story_cap = story_cap
    reliability, iterations, converged = _fit(run.chunks, len(names), priors, tol, max_iter)
    run.reliability = reliability
    seconds["reliability"] = time.perf_counter() - started
    report("reliability", iterations, iterations, done)

    run.counts = _run_counts(conn, blocking, pair_model, found_counts, evidence, len(plan))
    run.counts.update(claims=done, iterations=iterations, converged=converged)
    run.capped = _capped_terms(conn, found_counts.capped_terms or set())
    run.seconds = seconds
    return run
