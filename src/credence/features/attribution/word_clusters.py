"""Word clusters learned from unlabelled news: what kind of word a token is, by its company.

Most cues the tagger misses are words it has seen as cues, used in other senses elsewhere
("wants", "backing", "warning"): the word alone cannot tell them apart, and the training
articles are too few for every word's neighbours. Words that keep the same company in a
large body of news (the words one and two places to their left and right) fall in the same
cluster, so that a rare verb of stance shares what the tagger learns of its frequent
neighbours in that cluster, and a word's neighbours are read as kinds rather than strings.

:func:`learn_word_clusters` builds them at model-build time (counts of positional contexts,
positive PMI, a truncated SVD, k-means at two granularities); the clusters are a word list
(word, coarse cluster, fine cluster) stored in the model directory
(:func:`save_word_clusters`), never sentences. :class:`ClusterFeatures` gives each word's
features (prefix ``wc:``), which the tagger builds once per word type.
"""

from __future__ import annotations

import collections
import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from credence.errors import ModelError
from credence.features.attribution.tokens import _TokenTable

__all__ = [
    "CLUSTER_PREFIX",
    "CLUSTERS_FILE",
    "ClusterFeatures",
    "learn_word_clusters",
    "save_word_clusters",
    "load_word_clusters",
]

#: The prefix of every feature of this module.
CLUSTER_PREFIX = "wc:"
#: The file of a model directory that holds the clusters.
CLUSTERS_FILE = "word_clusters.tsv"
#: Neighbour offsets whose company describes a word.
_NEIGHBOURS = (-2, -1, 1, 2)


def _lows(text: str) -> list[str]:
    """The lower-case tokens of ``text``, as the tagger's token table reads them."""
    return _TokenTable(text).lows


def learn_word_clusters(
    texts: Iterable[str],
    *,
    min_count: int = 5,
    n_contexts: int = 2000,
    n_components: int = 80,
    sizes: tuple[int, int] = (64, 320),
    seed: int = 0,
) -> dict[str, tuple[int, int]]:
    """Coarse and fine cluster of every word seen at least ``min_count`` times in ``texts``.

    Each word is described by how often each of the ``n_contexts`` most frequent words sits
    one and two places to its left and right (four positions: the syntax of its place, not
    only its topic), weighted by positive pointwise mutual information, reduced to
    ``n_components`` dimensions by a truncated SVD, normalised, and clustered by k-means
    into ``sizes[0]`` and ``sizes[1]`` clusters (``seed`` fixes the result).

    Raises
    ------
    ModelError
        When the texts hold fewer distinct words than the finer clustering needs.
    """
    import numpy as np
    from scipy import sparse
    from sklearn.cluster import MiniBatchKMeans
    from sklearn.decomposition import TruncatedSVD
    from sklearn.preprocessing import normalize

    docs = [_lows(text) for text in texts]
    counts = collections.Counter(w for doc in docs for w in doc)
    vocab = sorted(w for w, c in counts.items() if c >= min_count)
    if len(vocab) < 2 * max(sizes):
        raise ModelError(
            f"word clusters: {len(vocab)} words seen {min_count} times or more, "
            f"too few for {max(sizes)} clusters."
        )
    row_of = {w: k for k, w in enumerate(vocab)}
    contexts = [w for w, _ in counts.most_common(n_contexts)]
    column_of = {w: k for k, w in enumerate(contexts)}
    rows: list[int] = []
    cols: list[int] = []
    for doc in docs:
        ids = [column_of.get(w, -1) for w in doc]
        for k, w in enumerate(doc):
            r = row_of.get(w)
            if r is None:
                continue
            for slot, offset in enumerate(_NEIGHBOURS):
                j = k + offset
                if 0 <= j < len(doc) and ids[j] >= 0:
                    rows.append(r)
                    cols.append(slot * len(contexts) + ids[j])
    shape = (len(vocab), len(_NEIGHBOURS) * len(contexts))
    cooc = sparse.coo_matrix((np.ones(len(rows)), (rows, cols)), shape=shape).tocsr()
    cooc.sum_duplicates()
    total = cooc.sum()
    row_sums = np.asarray(cooc.sum(axis=1)).ravel()
    col_sums = np.asarray(cooc.sum(axis=0)).ravel()
    coo = cooc.tocoo()
    pmi = np.log(coo.data * total / (row_sums[coo.row] * col_sums[coo.col]))
    keep = pmi > 0
    ppmi = sparse.csr_matrix((pmi[keep], (coo.row[keep], coo.col[keep])), shape=shape)
    vectors = TruncatedSVD(n_components=n_components, random_state=seed).fit_transform(ppmi)
    vectors = normalize(vectors)
    labels = [
        MiniBatchKMeans(n_clusters=size, random_state=seed, n_init=3, batch_size=4096)
        .fit(vectors)
        .labels_
        for size in sizes
    ]
    return {w: (int(labels[0][k]), int(labels[1][k])) for k, w in enumerate(vocab)}


def save_word_clusters(clusters: Mapping[str, tuple[int, int]], path: Path) -> None:
    """Write ``clusters`` to ``path``: one ``word<TAB>coarse<TAB>fine`` line a word, sorted."""
    lines = [f"{w}\t{a}\t{b}\n" for w, (a, b) in sorted(clusters.items())]
    path.write_text("".join(lines), encoding="utf-8")


def load_word_clusters(path: str | os.PathLike[str]) -> dict[str, tuple[int, int]]:
    """Read a file written by :func:`save_word_clusters`.

    Raises
    ------
    ModelError
        When a line is not ``word<TAB>int<TAB>int`` (names the file and the line).
    """
    clusters: dict[str, tuple[int, int]] = {}
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        parts = line.split("\t")
        try:
            word, coarse, fine = parts
            clusters[word] = (int(coarse), int(fine))
        except ValueError:
            raise ModelError(
                f"{path}:{number}: expected 'word<TAB>coarse<TAB>fine', got {line!r}."
            ) from None
    return clusters


class ClusterFeatures:
    """The ``wc:`` features a word gives its own token and its neighbours' tokens.

    A token reads its own coarse and fine cluster (``wc:c=``, ``wc:f=``), the coarse cluster
    of the tokens up to two places away and the fine one of its direct neighbours
    (``wc:-1c=``, ``wc:+1f=``…). Each is a function of one word and its offset, so it joins
    the tagger's per-word features (:meth:`.tagging.TokenFeaturizer._parts_of`), built once
    per word type; a word outside the clusters gives nothing.

    Parameters
    ----------
    clusters : mapping of str to (int, int)
        Coarse and fine cluster by lower-case word (:func:`learn_word_clusters`).
    """

    def __init__(self, clusters: Mapping[str, tuple[int, int]]) -> None:
        self.clusters = clusters

    def of_word(self, low: str) -> tuple[tuple[str, ...], dict[int, tuple[str, ...]]]:
        """``(own features, {neighbour offset: features})`` of the lower-case word ``low``:
        at offset ``-1`` what the token right after it reads of it ("the word before me").
        """
        found = self.clusters.get(low)
        if found is None:
            return (), _NOTHING
        c, f = found
        return (f"wc:c={c}", f"wc:f={f}"), {
            -2: (f"wc:-2c={c}",),
            -1: (f"wc:-1c={c}", f"wc:-1f={f}"),
            1: (f"wc:+1c={c}", f"wc:+1f={f}"),
            2: (f"wc:+2c={c}",),
        }


_NOTHING: dict[int, tuple[str, ...]] = {-2: (), -1: (), 1: (), 2: ()}
