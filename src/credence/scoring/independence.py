"""Independence: where a claim comes from, and which texts are copies of one another.

Two pieces of evidence are *not* independent when

- they trace to the same origin: the same canonical source at the end of their attribution
  chains ("South Korean intelligence said ..." relayed by three outlets is one origin), or,
  for unattributed text, the same outlet;
- their text is a verbatim or near-verbatim copy (wire syndication, copied paragraphs, a
  paragraph repeated inside one article): word-shingle Jaccard similarity at or above a
  threshold, found at scale with MinHash signatures and locality-sensitive hashing (LSH).

Examples
--------
>>> a = shingles("North Korea sent at least 1,000 more troops to Kursk this week.")
>>> b = shingles("North Korea sent at least 1,000 more troops to Kursk this week, officials said.")
>>> round(jaccard(a, b), 2) >= 0.6
True
>>> near_duplicate_groups(["one two three four five six", "one two three four five six",
...                        "something else entirely here now"])
[0, 0, 2]
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Hashable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = [
    "OUTLET_KIND",
    "Origin",
    "UnionFind",
    "shingles",
    "jaccard",
    "MinHasher",
    "near_duplicate_groups",
    "SignedTexts",
    "sign_texts",
    "find_chain",
    "claim_origin",
    "independent_groups",
    "same_person_origins",
]

#: ``Origin.kind`` of a claim without attribution: its article's outlet speaks for itself.
OUTLET_KIND = "outlet"
_UNATTRIBUTED = "unattributed"
_WORD_RE = re.compile(r"\w+", re.UNICODE)
# A prime above 2**32: the universal hash (a*x + b) mod p of a 32-bit shingle hash stays
# exact in uint64 arithmetic since a*x < 2**64 when a, x < 2**32.
_PRIME = np.uint64(4294967311)


class UnionFind:
    """Disjoint sets over hashable items, with path halving and union by size."""

    def __init__(self) -> None:
        self._parent: dict[Hashable, Hashable] = {}
        self._size: dict[Hashable, int] = {}

    def find(self, item: Hashable) -> Hashable:
        parent = self._parent
        if item not in parent:
            parent[item] = item
            self._size[item] = 1
            return item
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    def union(self, a: Hashable, b: Hashable) -> Hashable:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return ra
        if self._size[ra] < self._size[rb]:
            ra, rb = rb, ra
        self._parent[rb] = ra
        self._size[ra] += self._size[rb]
        return ra


def shingles(text: str, size: int = 4) -> frozenset[int]:
    """Hashed word ``size``-grams of ``text`` (lower-cased); short texts give one shingle."""
    words = [w.lower() for w in _WORD_RE.findall(text)]
    if not words:
        return frozenset()
    if len(words) < size:
        return frozenset({zlib.crc32(" ".join(words).encode("utf-8"))})
    return frozenset(
        zlib.crc32(" ".join(words[i : i + size]).encode("utf-8"))
        for i in range(len(words) - size + 1)
    )


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    """Jaccard similarity of two shingle sets (0 when both are empty)."""
    if not a or not b:
        return 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


def _compact_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    # jaccard() of two shingle sets stored as arrays of distinct values (the same value).
    if not a.size or not b.size:
        return 0.0
    inter = len(frozenset(a.tolist()).intersection(b.tolist()))
    return inter / (a.size + b.size - inter)


class MinHasher:
    """MinHash signatures with LSH banding for near-duplicate candidate search.

    With ``bands`` bands of ``rows`` rows, two sets of Jaccard similarity ``s`` share a bucket
    with probability ``1 - (1 - s**rows)**bands``: about 0.5 at ``s = (1/bands)**(1/rows)``
    (0.5 for the default 16 x 4), and near 1 above it. Candidates are then verified exactly.

    Parameters
    ----------
    bands, rows : int
        LSH banding; the signature has ``bands * rows`` hash functions.
    seed : int
        Seed of the hash functions (fixed for reproducible groups).
    """

    def __init__(self, bands: int = 16, rows: int = 4, seed: int = 0) -> None:
        if bands < 1 or rows < 1:
            raise ValueError(f"bands and rows must be >= 1. Got {bands} and {rows} instead.")
        self.bands = bands
        self.rows = rows
        rng = np.random.default_rng(seed)
        n = bands * rows
        self._a = rng.integers(1, 2**32 - 1, size=n, dtype=np.uint64)
        self._b = rng.integers(0, 2**32 - 1, size=n, dtype=np.uint64)

    def signature(self, shingle_set: frozenset[int]) -> np.ndarray:
        """The MinHash signature (``bands * rows`` uint64) of one non-empty shingle set."""
        x = np.fromiter(shingle_set, dtype=np.uint64, count=len(shingle_set))
        hashed = ((self._a[:, None] * x[None, :]) % _PRIME + self._b[:, None]) % _PRIME
        return hashed.min(axis=1)

    def band_keys(self, signature: np.ndarray) -> list[bytes]:
        """One bucket key per band."""
        return [
            bytes([band]) + signature[band * self.rows : (band + 1) * self.rows].tobytes()
            for band in range(self.bands)
        ]


def _bucket_pairs(
    signatures: np.ndarray, candidates: np.ndarray, hasher: MinHasher
) -> Iterator[tuple[int, int]]:
    """The text pairs to verify: pairs sharing one band's values (an LSH bucket).

    Members of a bucket come in text order; the groups do not depend on the order in which
    buckets are verified.
    """
    for band in range(hasher.bands):
        if candidates.size < 2:
            break
        values = signatures[candidates, band * hasher.rows : (band + 1) * hasher.rows]
        _, bucket = np.unique(values, axis=0, return_inverse=True)
        bucket = bucket.reshape(-1)
        order = np.argsort(bucket, kind="stable")
        bounds = np.flatnonzero(np.diff(bucket[order])) + 1
        for members_array in np.split(candidates[order], bounds):
            if members_array.size < 2:
                continue
            members = members_array.tolist()
            # Small buckets: verify every pair; large ones (boilerplate) against their head
            # only, which keeps the cost linear while still joining the copies of a common
            # paragraph.
            if len(members) <= 16:
                for i in range(len(members)):
                    for j in range(i + 1, len(members)):
                        yield members[i], members[j]
            else:
                for m in members[1:]:
                    yield members[0], m


@dataclass
class SignedTexts:
    """Texts' word shingles and MinHash signatures, as :func:`near_duplicate_groups` reads
    them (made by :func:`sign_texts`; the texts of several calls joined by :meth:`joined`).

    Attributes
    ----------
    compact : list of ndarray
        Each text's distinct shingles (uint32).
    signatures : ndarray of shape (n, bands * rows)
        Each text's signature (zeros for a text without shingles).
    nonempty : ndarray of bool
        Which texts have shingles.
    """

    compact: list[np.ndarray]
    signatures: np.ndarray
    nonempty: np.ndarray

    @staticmethod
    def joined(parts: Sequence[SignedTexts]) -> SignedTexts:
        """The texts of ``parts``, one after the other (as one call on all of them)."""
        if not parts:
            return sign_texts(())
        return SignedTexts(
            [c for part in parts for c in part.compact],
            np.concatenate([part.signatures for part in parts]),
            np.concatenate([part.nonempty for part in parts]),
        )


def sign_texts(
    texts: Sequence[str], *, shingle_size: int = 4, hasher: MinHasher | None = None
) -> SignedTexts:
    """The shingles and signatures of ``texts`` (each text alone: they may be made apart,
    by worker processes, and joined with :meth:`SignedTexts.joined`).
    """
    hasher = hasher or MinHasher()
    n_hashes = hasher.bands * hasher.rows
    # Compact state (this runs over every paragraph of the set): each text's shingles as a
    # uint32 array and its signature as a row of one matrix, instead of a set of Python ints
    # and 16 bucket-key byte strings per text.
    compact: list[np.ndarray] = []
    signatures = np.zeros((len(texts), n_hashes), dtype=np.uint64)
    nonempty = np.zeros(len(texts), dtype=bool)
    for i, text in enumerate(texts):
        s = shingles(text, shingle_size)
        compact.append(np.fromiter(s, dtype=np.uint32, count=len(s)))
        if s:
            signatures[i] = hasher.signature(s)
            nonempty[i] = True
    return SignedTexts(compact, signatures, nonempty)


def near_duplicate_groups(
    texts: Sequence[str],
    *,
    threshold: float = 0.5,
    shingle_size: int = 4,
    hasher: MinHasher | None = None,
    signed: SignedTexts | None = None,
) -> list[int]:
    """Group texts whose shingle Jaccard similarity is at least ``threshold``.

    Parameters
    ----------
    texts : sequence of str
        Paragraphs or claims.
    threshold : float
        Minimum Jaccard similarity of word ``shingle_size``-grams for two texts to be copies.
    shingle_size : int
        Words per shingle.
    hasher : MinHasher, optional
        LSH settings; the default suits thresholds around 0.5.
    signed : SignedTexts, optional
        The texts' shingles and signatures (:func:`sign_texts`, with the same
        ``shingle_size`` and ``hasher``), made already: ``texts`` is then not read.

    Returns
    -------
    list of int
        For each text, the index of the first text of its group (itself when unique).
        Cost is linear in the total text length plus the verified candidate pairs.
    """
    hasher = hasher or MinHasher()
    if signed is None:
        signed = sign_texts(texts, shingle_size=shingle_size, hasher=hasher)
    compact = signed.compact
    uf = UnionFind()
    verified: set[tuple[int, int]] = set()
    for a, b in _bucket_pairs(signed.signatures, np.flatnonzero(signed.nonempty), hasher):
        if (a, b) in verified:
            continue
        verified.add((a, b))
        if _compact_jaccard(compact[a], compact[b]) >= threshold:
            uf.union(a, b)
    heads: dict[Hashable, int] = {}
    out = []
    for i in range(len(compact)):
        root = uf.find(i)
        heads.setdefault(root, i)
        out.append(heads[root])
    return out


def find_chain(chains: Sequence[Any], start: int, end: int) -> Any:
    """The attribution chain a claim ``[start, end)`` is traced to
    (:func:`credence.features.chains.traced_chain`).

    Any objects with ``start``, ``end`` and ``covers(start, end)`` will do (unit tests build
    chains by hand).
    """
    # Imported here: the chains module imports the attribution extractor and its lexicons,
    # which scoring modules that never look up a chain need not load.
    from credence.features.chains import traced_chain

    return traced_chain(chains, start, end)


@dataclass(frozen=True, slots=True)
class Origin:
    """Who a claim comes from.

    Attributes
    ----------
    name : str
        Canonical name of the chain's origin, or the outlet for unattributed text.
    kind : str
        ``outlet``, ``official``, ``person``, ``role`` or ``anonymous``.
    chain : tuple of str
        Canonical names of the chain from the reporting side to the origin.
    """

    name: str
    kind: str
    chain: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind, "chain": list(self.chain)}


def _outlet_name(article: Any) -> str:
    return article.outlet or article.id


def claim_origin(analysis: Any, start: int, end: int) -> Origin:
    """The origin of the text ``[start, end)`` of an analysed article.

    The origin is the canonical name at the origin end of the attribution chain covering the
    span. Anonymous origins ("officials who declined to be named") are kept apart per outlet:
    two outlets' unnamed sources are not known to be the same people. A span with no chain (or
    an unattributed one) has its article's outlet as origin.
    """
    outlet = _outlet_name(analysis.article)
    chain = find_chain(analysis.chains, start, end)
    if chain is None:
        return Origin(outlet, OUTLET_KIND)
    names = tuple(
        link.canonical for link in chain.links if link.canonical and link.canonical != _UNATTRIBUTED
    )
    origin = chain.origin
    if origin is not None and origin.canonical and origin.canonical != _UNATTRIBUTED:
        name, kind = origin.canonical, origin.kind
    elif chain.links and names:
        last = [link for link in chain.links if link.canonical and link.canonical != _UNATTRIBUTED]
        name, kind = last[-1].canonical, last[-1].kind
    else:
        return Origin(outlet, OUTLET_KIND, names)
    if kind == "role":
        # "South Korean military sources" in an article that names one South Korean official
        # body (the NIS) relay that body's briefing: counting them apart would inflate
        # independence, the worse error for a corroboration tool.
        named = _resolve_role(analysis, origin if origin is not None else chain.links[-1])
        if named is not None:
            return Origin(named.canonical, named.kind, names)
    if kind == "anonymous":
        named = _resolve_vague(analysis, origin if origin is not None else chain.links[-1])
        if named is not None:
            return Origin(named.canonical, named.kind, names)
        name = f"{name} ({outlet})"
    return Origin(name, kind, names)


# Demonyms and country names to one country key, for matching unnamed role sources with the
# named official bodies of the same country. Longest forms first.
_COUNTRY_FORMS = (
    ("south korean", "south korea"),
    ("south korea", "south korea"),
    ("north korean", "north korea"),
    ("north korea", "north korea"),
    ("dprk", "north korea"),
    ("pyongyang", "north korea"),
    ("seoul", "south korea"),
    ("russian", "russia"),
    ("russia", "russia"),
    ("moscow", "russia"),
    ("kremlin", "russia"),
    ("ukrainian", "ukraine"),
    ("ukraine", "ukraine"),
    ("kyiv", "ukraine"),
    ("kiev", "ukraine"),
    ("american", "united states"),
    ("u.s.", "united states"),
    ("united states", "united states"),
    ("washington", "united states"),
    ("pentagon", "united states"),
    ("chinese", "china"),
    ("china", "china"),
    ("beijing", "china"),
    ("british", "united kingdom"),
    ("israeli", "israel"),
    ("israel", "israel"),
    ("iranian", "iran"),
    ("iran", "iran"),
    ("japanese", "japan"),
    ("japan", "japan"),
    ("french", "france"),
    ("german", "germany"),
    ("turkish", "turkey"),
    ("indian", "india"),
)
_COUNTRY_RE = re.compile(
    r"\b(" + "|".join(re.escape(form) for form, _ in _COUNTRY_FORMS) + r")(?:'s|’s)?(?!\w)"
)
_COUNTRY_OF = dict(_COUNTRY_FORMS)


def _countries(text: str) -> set[str]:
    return {_COUNTRY_OF[m.group(1)] for m in _COUNTRY_RE.finditer(text.lower())}


def _resolve_role(analysis: Any, mention: Any) -> Any:
    # An unnamed role source ("South Korean military sources") whose country is that of
    # exactly one named official body cited in the same article is taken as that body.
    countries = _countries(str(getattr(mention, "text", "")))
    if len(countries) != 1:
        return None
    found: dict[str, Any] = {}
    for attribution in analysis.attributions:
        source = getattr(attribution, "source", None)
        if source is None or source.kind != "official" or not source.canonical:
            continue
        if countries & _countries(f"{source.text} {source.canonical}"):
            found.setdefault(source.canonical, source)
    return next(iter(found.values())) if len(found) == 1 else None


_PLACE_AFTER_RE = re.compile(r"\s(?:in|at|from|near|on)\s")


def _resolve_vague(analysis: Any, mention: Any) -> Any:
    # "Recent intelligence suggests ..." in an article that elsewhere names "South Korean
    # intelligence": a vague mention whose head noun belongs to exactly one named source of
    # the same article is that source (a within-article coreference).
    words = _WORD_RE.findall(str(getattr(mention, "text", "")).lower())
    if not words:
        return None
    head = words[-1]
    found: dict[str, Any] = {}
    for attribution in analysis.attributions:
        source = getattr(attribution, "source", None)
        if source is None or source.kind == "anonymous" or not source.canonical:
            continue
        if source.canonical == _UNATTRIBUTED:
            continue
        # The name, not a place after it: "Ukrainian special forces in the region" does not
        # name "the Kursk region".
        named = _PLACE_AFTER_RE.split(source.text.lower(), maxsplit=1)[0]
        if head in _WORD_RE.findall(f"{named} {source.canonical.lower()}"):
            found.setdefault(source.canonical, source)
    return next(iter(found.values())) if len(found) == 1 else None


def _without_initials(name: str) -> str:
    """``James B. Comey`` → ``James Comey``: middle initials do not tell two people apart."""
    words = name.split()
    kept = [
        w for k, w in enumerate(words) if not (0 < k < len(words) - 1 and len(w.rstrip(".")) == 1)
    ]
    return " ".join(kept)


def same_person_origins(origins: Sequence[Origin]) -> list[Origin]:
    """``origins`` with each person named by surname alone ("Cosgrove") renamed to the full name
    ("Cole Cosgrove") another article gives, so that one person is one origin across articles.

    Within an article the attribution resolver already maps a surname to the person named in
    full before; across articles nothing did. A partial name is merged only when the set
    names exactly one person in full whose name ends with it: with "Jane Smith" and "John
    Smith" both present, "Smith" stays apart (merging two people would invent agreement, the
    worse error for a corroboration tool). Names differing only by middle initials are one
    person. Chain links are renamed the same way.

    Examples
    --------
    >>> out = same_person_origins([Origin("James Comey", "person"), Origin("Comey", "person")])
    >>> [o.name for o in out]
    ['James Comey', 'James Comey']
    >>> smiths = [Origin(n, "person") for n in ("Jane Smith", "John Smith", "Smith")]
    >>> [o.name for o in same_person_origins(smiths)]
    ['Jane Smith', 'John Smith', 'Smith']
    """
    # Imported here, as find_chain imports the chains: the names module loads the lexicons.
    from credence.features.attribution.names import same_person

    # Coordinated names ("Elijah Cummings and John Conyers") are two people: never a target.
    people = sorted(
        {o.name for o in origins if o.kind == "person" and o.name and " and " not in o.name}
    )
    # Full names (two words or more) grouped by their form without middle initials; the most
    # frequent spelling (then the longest) names the group.
    counts: dict[str, int] = {}
    for o in origins:
        if o.kind == "person":
            counts[o.name] = counts.get(o.name, 0) + 1
    groups: dict[str, list[str]] = {}
    for name in people:
        if len(name.split()) >= 2:
            groups.setdefault(_without_initials(name), []).append(name)
    head = {
        key: max(names, key=lambda n: (counts.get(n, 0), len(n), n))
        for key, names in groups.items()
    }
    rename: dict[str, str] = {}
    for name in people:
        key = _without_initials(name)
        # A surname alone is the one person of the set whose full name ends with it.
        matches = {k for k in groups if " " not in key and same_person(k, key)}
        if len(matches) == 1:
            rename[name] = head[matches.pop()]
        elif key in groups and head[key] != name:
            rename[name] = head[key]
    if not rename:
        return list(origins)
    out = []
    for o in origins:
        name = rename.get(o.name, o.name) if o.kind == "person" else o.name
        chain = tuple(rename.get(link, link) for link in o.chain)
        out.append(o if (name, chain) == (o.name, o.chain) else Origin(name, o.kind, chain))
    return out


def independent_groups(keys: Sequence[tuple[str, Sequence[Hashable]]]) -> list[int]:
    """Label items by independent origin.

    Parameters
    ----------
    keys : sequence of (origin name, copy keys)
        Two items depend on each other when they share the origin name or a copy key (the
        near-duplicate group of their paragraph or text); dependence is transitive.

    Returns
    -------
    list of int
        Component label of each item (the index of the component's first item).

    Examples
    --------
    >>> independent_groups([("NIS", ()), ("NIS", (7,)), ("Yonhap", (7,)), ("Kyiv", ())])
    [0, 0, 0, 3]
    """
    uf = UnionFind()
    for i, (name, copies) in enumerate(keys):
        uf.union(("item", i), ("origin", name))
        for copy in copies:
            uf.union(("item", i), ("copy", copy))
    heads: dict[Hashable, int] = {}
    out = []
    for i in range(len(keys)):
        root = uf.find(("item", i))
        heads.setdefault(root, i)
        out.append(heads[root])
    return out
