"""The attribution tagger: a linear-chain CRF over paragraph tokens, trained on PolNeAR.

The model labels each token ``B-``/``I-`` ``SRC``, ``CUE``, ``CON`` or ``O`` from the features
of :mod:`credence.features.attribution.tagging` (words, lexicons, and the hand-written rules'
reading as evidence). It is trained on the PolNeAR training articles, tuned on the dev
articles, and shipped in ``models/default/attribution/`` as ``model.crfsuite`` (CRFsuite's
own binary format, not a pickle) beside ``meta.json`` (sha256 of the model and of the
training data, metrics, versions). Loading checks the hash and the kind, and imports no
scikit-learn, so extracting attributions stays light.

Once numpy is loaded (``credence extract`` and ``score`` load it), tagging reads the model's
weights from the file (:func:`model_weights`) and sums each token's feature weights into
label scores (:class:`.emissions.EmissionScorer`, the sums of a word's own features cached
per word). The optional compiled core (``_crf1d``, built by ``setup.py`` where a C compiler
is found) decodes those scores with CRFsuite's own arithmetic; without it CRFsuite decodes
them through a six-feature model built at load time whose transitions are the trained ones
(:func:`_scores_model`). Either way the labels are those CRFsuite gives for the feature
strings (tested); when the file cannot be read that way, the feature strings are passed as
before.

Build it with ``python -m credence.models.build_default --data ../shared/data --only attribution``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import struct
import sys
import tempfile
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from credence import __version__
from credence.errors import ModelError

try:  # the optional compiled decoder (setup.py builds it where a C compiler is found)
    from credence.models import _crf1d
except ImportError:  # not built: the label scores are decoded through CRFsuite (same labels)
    _crf1d = None

if TYPE_CHECKING:
    from credence.features.attribution.lexicon import AttributionLexicon
    from credence.features.attribution.tagging import TokenFeaturizer

__all__ = [
    "KIND",
    "MODEL_FILE",
    "CrfTagger",
    "default_tagger",
    "load_tagger",
    "default_attribution_dir",
    "model_attributes",
    "model_weights",
]

KIND = "attribution"
MODEL_FILE = "model.crfsuite"
#: The word clusters of a model fitted with them (credence.features.attribution.word_clusters).
CLUSTERS_FILE = "word_clusters.tsv"
META_FILE = "meta.json"
#: The token labels: outside, then begin/inside of source, cue and content.
LABELS = ("O", "B-SRC", "I-SRC", "B-CUE", "I-CUE", "B-CON", "I-CON")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _dictionary(model_bytes: bytes, at: int) -> list[str]:
    """The keys of the CQDB chunk at ``at``, by id (its backward array lists every key)."""
    chunk, _, _, _, count, backward = struct.unpack_from("<4sIIIII", model_bytes, at)
    if chunk != b"CQDB":
        raise struct.error("not a CQDB chunk")
    keys = []
    for offset in struct.unpack_from(f"<{count}I", model_bytes, at + backward):
        (size,) = struct.unpack_from("<I", model_bytes, at + offset + 4)  # after the id
        keys.append(model_bytes[at + offset + 8 : at + offset + 7 + size].decode("utf-8"))
    return keys


def _header(model_bytes: bytes) -> tuple[int, int, int]:
    """Offsets of the features, the label dictionary and the attribute dictionary."""
    magic, _, kind = struct.unpack_from("<4sI4s", model_bytes, 0)
    if magic != b"lCRF" or kind != b"FOMC":
        raise struct.error("not a CRFsuite CRF1d model")
    # Header: magic, size, type, version, #features, #labels, #attributes, then the offsets.
    features, labels, attributes = struct.unpack_from("<III", model_bytes, 28)
    return features, labels, attributes


def _features(model_bytes: bytes, at: int) -> list[tuple[int, int, int, float]]:
    """``(type, source, destination, weight)`` of every feature (type 0: state, 1: transition)."""
    chunk, _, count = struct.unpack_from("<4sII", model_bytes, at)
    if chunk != b"FEAT":
        raise struct.error("not a FEAT chunk")
    return list(struct.iter_unpack("<IIId", model_bytes[at + 12 : at + 12 + 20 * count]))


def model_attributes(model_bytes: bytes) -> frozenset[str] | None:
    """The feature names a CRFsuite model has weights for, or ``None`` if unreadable.

    CRFsuite keeps them in the attribute dictionary of its model file (a CQDB chunk whose
    backward array lists every key by id); reading it takes a few milliseconds, where
    ``Tagger.info()`` dumps the whole model (about 2 s for the bundled one). A file this
    reader does not understand gives ``None``: every feature is then passed to the model,
    which ignores the ones it does not know (same labels, slower).
    """
    try:
        return frozenset(_dictionary(model_bytes, _header(model_bytes)[2]))
    except (struct.error, UnicodeDecodeError):
        return None


def _dictionary_array(model_bytes: bytes, at: int) -> list[str]:
    """:func:`_dictionary`, its offsets and sizes read with numpy (the attribute dictionary
    of the bundled model holds about 84,000 keys: a struct call per key cost 40 ms).
    """
    import numpy as np

    chunk, _, _, _, count, backward = struct.unpack_from("<4sIIIII", model_bytes, at)
    if chunk != b"CQDB":
        raise struct.error("not a CQDB chunk")
    if at + backward + 4 * count > len(model_bytes):
        raise struct.error("CQDB backward array out of the file")
    offsets = np.frombuffer(model_bytes, "<u4", count, at + backward).astype(np.int64) + at
    raw = np.frombuffer(model_bytes, np.uint8)
    if count and int(offsets.max()) + 8 > len(raw):
        raise struct.error("CQDB key out of the file")
    # Each entry: id (4 bytes), size (4 bytes, little-endian, counting the final NUL), key.
    size_at = offsets + 4
    sizes = raw[size_at].astype(np.int64)
    for shift, k in ((8, 1), (16, 2), (24, 3)):
        sizes |= raw[size_at + k].astype(np.int64) << shift
    starts = (offsets + 8).tolist()
    ends = (offsets + 7 + sizes).tolist()
    return [model_bytes[a:b].decode("utf-8") for a, b in zip(starts, ends, strict=True)]


def _feature_records(model_bytes: bytes, at: int) -> Any:
    """:func:`_features` as a numpy record array (fields kind, source, target, weight)."""
    import numpy as np

    chunk, _, count = struct.unpack_from("<4sII", model_bytes, at)
    if chunk != b"FEAT":
        raise struct.error("not a FEAT chunk")
    if at + 12 + 20 * count > len(model_bytes):
        raise struct.error("FEAT chunk out of the file")
    layout = np.dtype([("kind", "<u4"), ("source", "<u4"), ("target", "<u4"), ("weight", "<f8")])
    return np.frombuffer(model_bytes, layout, count, at + 12)


def model_weights(model_bytes: bytes) -> tuple[list[str], list[str], Any] | None:
    """Labels, attributes and features of a CRFsuite model file, or ``None`` if unreadable.

    The features are a numpy record array with the fields ``kind`` (0: state, 1: transition),
    ``source``, ``target`` and ``weight``, one row per feature in file order (read in place:
    about 138,000 rows for the bundled model, where a tuple per feature cost 0.1 s).
    """
    try:
        features_at, labels_at, attributes_at = _header(model_bytes)
        return (
            _dictionary_array(model_bytes, labels_at),
            _dictionary_array(model_bytes, attributes_at),
            _feature_records(model_bytes, features_at),
        )
    except (struct.error, UnicodeDecodeError):
        return None


def _scores_model(labels: Sequence[str], transitions: dict[tuple[str, str], float]) -> bytes:
    """A CRFsuite model that reads label scores as they are: attribute ``e<y>`` has weight 1
    for label ``y`` and no other, and the transitions are ``transitions``.

    CRFsuite has no way to take scores directly, so a model of that shape is trained on one
    sequence holding every label pair (so that every feature exists), then its weights are
    overwritten in the file.
    """
    import pycrfsuite

    order = [y for a in range(len(labels)) for b in range(len(labels)) for y in (a, b)]
    trainer = pycrfsuite.Trainer(verbose=False)
    trainer.append([{f"e{y}": 1.0} for y in order], [labels[y] for y in order])
    trainer.set_params({"c1": 0.0, "c2": 1.0, "max_iterations": 1})
    trainer.set_params({"feature.possible_transitions": True})
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / MODEL_FILE
        trainer.train(str(path))
        model = bytearray(path.read_bytes())
    features_at, labels_at, attributes_at = _header(model)
    names = _dictionary(model, labels_at)
    attributes = _dictionary(model, attributes_at)
    found = _features(model, features_at)
    n_states = sum(kind == 0 for kind, *_ in found)
    if n_states != len(labels) or len(found) - n_states != len(labels) ** 2:
        raise ModelError("could not build the label-scores model (features missing)")
    for k, (kind, source, target, _) in enumerate(found):
        if kind == 0:
            if attributes[source] != f"e{labels.index(names[target])}":
                raise ModelError("could not build the label-scores model (feature mismatch)")
            weight = 1.0
        else:
            weight = transitions.get((names[source], names[target]), 0.0)
        struct.pack_into("<d", model, features_at + 12 + 20 * k + 12, weight)
    return bytes(model)


def _span_layout(names: Sequence[str], kinds: Sequence[str]) -> tuple[Any, Any] | None:
    """Per label of ``names``: the index in ``kinds`` of its span kind (-1 for ``O``) and
    whether it is a ``B-`` label; ``None`` when a label is neither ``O`` nor ``B-``/``I-`` of
    one of ``kinds``.
    """
    import numpy as np

    kind_of = np.full(len(names), -1, dtype=np.intp)
    opens = np.zeros(len(names), dtype=np.uint8)
    for y, name in enumerate(names):
        if name == "O":
            continue
        prefix, kind = name[:2], name[2:]
        if prefix not in ("B-", "I-") or kind not in kinds:
            return None
        kind_of[y] = list(kinds).index(kind)
        opens[y] = prefix == "B-"
    return kind_of, opens


def default_attribution_dir() -> Path:
    """Directory of the bundled attribution model (inside the installed package)."""
    return Path(str(resources.files("credence.models").joinpath("default", KIND)))


class CrfTagger:
    """A trained CRF that labels the tokens of one paragraph.

    Parameters
    ----------
    c1, c2 : float
        L1 and L2 regularisation of CRFsuite's L-BFGS training.
    max_iterations : int
        L-BFGS iterations.
    min_outside : float
        A token the best path leaves outside every span gets its most likely span label
        instead when its marginal probability of being outside is below this (1.0: the best
        path as it is). Tuned on PolNeAR dev: the path alone is precise but misses spans.

    Examples
    --------
    >>> tagger = CrfTagger(max_iterations=20).fit(
    ...     [[["w=he"], ["w=said"], ["w=it"]]], [["B-SRC", "B-CUE", "B-CON"]]
    ... )
    >>> tagger.tag([["w=he"], ["w=said"], ["w=it"]])
    ['B-SRC', 'B-CUE', 'B-CON']
    """

    def __init__(
        self,
        c1: float = 0.05,
        c2: float = 0.01,
        max_iterations: int = 150,
        min_outside: float = 1.0,
    ) -> None:
        self.c1 = c1
        self.c2 = c2
        self.max_iterations = max_iterations
        self.min_outside = min_outside

    def fit(self, sequences: Iterable[list[list[str]]], labels: Iterable[list[str]]) -> CrfTagger:
        """Train on feature sequences and their label sequences; returns ``self``."""
        import pycrfsuite

        trainer = pycrfsuite.Trainer(verbose=False)
        for features, tags in zip(sequences, labels, strict=True):
            trainer.append(features, tags)
        trainer.set_params(
            {
                "c1": self.c1,
                "c2": self.c2,
                "max_iterations": self.max_iterations,
                "feature.possible_transitions": True,
            }
        )
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / MODEL_FILE
            trainer.train(str(path))
            self.model_bytes_ = path.read_bytes()
        self._open()
        return self

    def _open(self) -> None:
        import pycrfsuite

        self._tagger = pycrfsuite.Tagger()
        self._tagger.open_inmemory(self.model_bytes_)
        # The span labels this model knows (a tiny training set may lack some).
        self._span_labels = tuple(y for y in self._tagger.labels() if y != "O")
        self._featurizers: dict[tuple[int, bool], TokenFeaturizer] = {}
        # (transitions, index of O, label names, span labels in tie order) for the compiled
        # decoder, set with the label-scores model (:meth:`_label_scores`).
        self._decoder: tuple | None = None
        self._texts = 0  # featurizer() calls: one per text extracted
        # Per tuple of span kinds and min_outside: the compiled span decoder (False: the
        # labels do not fit).
        self._span_decoders: dict[tuple[tuple[str, ...], float], Any] = {}

    def featurizer(self, lex: AttributionLexicon) -> TokenFeaturizer:
        """The token featurizer for this model and lexicon (built once, its cache kept).

        An :class:`.emissions.EmissionScorer` when the model file can be read (the features'
        weights summed into label scores, the fast path), else a
        :class:`.tagging.TokenFeaturizer` writing only the features this model has weights
        for; both give the labels every feature would.
        """
        from credence.features.attribution.emissions import EmissionScorer
        from credence.features.attribution.tagging import TokenFeaturizer

        # The array path needs numpy, whose import (~0.1 s) a one-text extraction must not
        # pay (tests/test_estimator.py): it is taken once numpy is loaded, or from the second
        # text on (`credence extract` of many articles no longer loads numpy by itself, and
        # the string path is 3x slower). Both paths give the same labels.
        arrays = "numpy" in sys.modules or self._texts > 0
        self._texts += 1
        key = (id(lex), arrays)
        found = self._featurizers.get(key)
        if found is None or found.lex is not lex:
            # Word clusters (features.attribution.word_clusters) ship with a model fitted on them.
            clusters = getattr(self, "word_clusters_", None)
            # The array path adds their ``wc:`` rows to each word's sums (ClusterRows).
            scores = self._label_scores() if arrays else None
            if scores is None:
                found = TokenFeaturizer(lex, model_attributes(self.model_bytes_), clusters)
            else:
                index, weights, outside = scores
                found = EmissionScorer(lex, index, weights, outside, clusters)
            self._featurizers[key] = found
        return found

    def _label_scores(self) -> tuple[dict[str, int], Any, int] | None:
        """``(feature row, weights, column of O)`` for :class:`.emissions.EmissionScorer`, after
        building the CRFsuite model that decodes label scores; ``None`` if the model file
        cannot be read that way.
        """
        import numpy as np

        read = model_weights(self.model_bytes_)
        if read is None or "O" not in read[0]:
            return None
        labels, attributes, features = read
        weights = np.zeros((len(attributes) + 1, len(labels)))
        state = features[features["kind"] == 0]
        weights[state["source"], state["target"]] = state["weight"]
        transitions = {}
        trans = np.zeros((len(labels), len(labels)))
        moves = features[features["kind"] != 0]
        for source, target, weight in zip(
            moves["source"].tolist(),
            moves["target"].tolist(),
            moves["weight"].tolist(),
            strict=True,
        ):
            transitions[labels[source], labels[target]] = weight
            trans[source, target] = weight
        try:
            scores_model = _scores_model(labels, transitions)
        except (ModelError, struct.error):
            return None
        # The compiled decoder breaks ties in label order, as CRFsuite does in the scores
        # model's: it is used only when the two orders agree (they do for CRFsuite's builds).
        same_order = _dictionary(scores_model, _header(scores_model)[1]) == labels
        self._span_decoders.clear()  # built from the decoder below
        self._decoder = (
            (
                trans,
                labels.index("O"),
                tuple(labels),
                np.array([labels.index(y) for y in self._span_labels], dtype=np.intp),
            )
            if same_order and self._span_labels
            else None
        )
        import pycrfsuite

        # CRFsuite reads the model from this buffer for as long as the tagger lives.
        self._scores_model_bytes = scores_model
        self._scores_tagger = pycrfsuite.Tagger()
        self._scores_tagger.open_inmemory(self._scores_model_bytes)
        return {name: row for row, name in enumerate(attributes)}, weights, labels.index("O")

    def tag(self, features: list[list[str]]) -> list[str]:
        """The label of every token of one sequence (feature strings, or the label scores
        of :meth:`featurizer`'s :class:`.emissions.EmissionScorer`).
        """
        if not features:
            return []
        # Label scores are arrays (the emissions' state); feature strings are lists. The
        # features layer is not imported here: the models do not import the features.
        if hasattr(features, "state"):
            if _crf1d is not None and self._decoder is not None:
                trans, outside, names, span_order = self._decoder
                return _crf1d.tag_scores(
                    features.state, trans, float(self.min_outside), outside, names, span_order
                )
            tagger, features = self._scores_tagger, features.items()
        else:
            tagger = self._tagger
        labels = list(tagger.tag(features))
        if self.min_outside < 1.0:
            marginal = tagger.marginal
            for t, label in enumerate(labels):
                if label == "O" and marginal("O", t) < self.min_outside:
                    labels[t] = max(self._span_labels, key=lambda y: marginal(y, t))
        return labels

    def tag_spans(
        self, features: list[list[str]], kinds: Sequence[str]
    ) -> dict[str, list[tuple[int, int]]] | None:
        """The token ranges of each span kind in ``kinds`` (``"CUE"`` for ``B-CUE``/``I-CUE``)
        that :meth:`tag`'s labels hold, read without a label string per token; ``None`` when
        the compiled decoder does not apply (then read the spans from :meth:`tag`).

        A ``B-`` label opens a span; an ``I-`` label extends the span of its kind ending just
        before it, or opens one (``credence.features.attribution.tagging.label_spans``).
        """
        if _crf1d is None or self._decoder is None or not hasattr(features, "state"):
            return None
        # The decoder holds min_outside: a changed threshold (the build tunes it on one fitted
        # tagger) needs its own.
        key = (tuple(kinds), self.min_outside)
        decoder = self._span_decoders.get(key)
        if decoder is None:
            decoder = self._span_decoders[key] = self._span_decoder(key[0])
        return None if decoder is False else decoder.spans(features.state)

    def tag_spans_of_sequences(
        self, sequences: Sequence[Any], kinds: Sequence[str]
    ) -> list[dict[str, list[tuple[int, int]]]] | None:
        """:meth:`tag_spans` of every sequence of ``sequences`` in one compiled call, or
        ``None`` when that does not apply (then call :meth:`tag_spans` on each).

        It applies to the label scores of a whole article, stacked in one array: a sequence
        with ``state`` (all the rows) and ``bounds`` (sequence ``k`` is rows ``bounds[k]`` to
        ``bounds[k + 1]``), as :meth:`.emissions.EmissionScorer.article` returns them.
        """
        state = getattr(sequences, "state", None)
        bounds = getattr(sequences, "bounds", None)
        if _crf1d is None or self._decoder is None or state is None or bounds is None:
            return None
        # Keyed by min_outside too, as in tag_spans: the build sets it on one fitted tagger.
        key = (tuple(kinds), self.min_outside)
        decoder = self._span_decoders.get(key)
        if decoder is None:
            decoder = self._span_decoders[key] = self._span_decoder(key[0])
        if decoder is False or not hasattr(decoder, "spans_of_sequences"):
            return None
        return decoder.spans_of_sequences(state, bounds)

    def _span_decoder(self, kinds: tuple[str, ...]) -> Any:
        """The compiled span decoder of this model for ``kinds``, or ``False`` when a label
        is not a ``B-``/``I-`` label of one of them.
        """
        trans, outside, names, span_order = self._decoder
        layout = _span_layout(names, kinds)
        if layout is None:
            return False
        kind_of, opens = layout
        return _crf1d.SpanDecoder(
            trans, float(self.min_outside), outside, span_order, kind_of, opens, kinds
        )

    @classmethod
    def load(cls, directory: str | os.PathLike[str]) -> CrfTagger:
        """Read a tagger written by :meth:`save` (see :func:`load_tagger`)."""
        return load_tagger(directory)

    def save(
        self,
        directory: str | os.PathLike[str],
        *,
        training_data: dict[str, str] | None = None,
        metrics: dict[str, Any] | None = None,
        params: dict[str, Any] | None = None,
    ) -> Path:
        """Write ``model.crfsuite`` and ``meta.json`` to ``directory`` (replaced atomically)."""
        import pycrfsuite

        target = Path(directory)
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
        staging.chmod(0o755)  # package data: readable by every user, as the other models
        (staging / MODEL_FILE).write_bytes(self.model_bytes_)
        clusters = getattr(self, "word_clusters_", None)
        if clusters:
            from credence.features.attribution.word_clusters import save_word_clusters

            save_word_clusters(clusters, staging / CLUSTERS_FILE)
        meta = {
            "kind": KIND,
            "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "credence_version": __version__,
            "python_crfsuite_version": getattr(pycrfsuite, "__version__", "unknown"),
            "model_file": MODEL_FILE,
            "model_sha256": _sha256(staging / MODEL_FILE),
            "word_clusters_sha256": _sha256(staging / CLUSTERS_FILE) if clusters else None,
            "params": {
                "c1": self.c1,
                "c2": self.c2,
                "max_iterations": self.max_iterations,
                "min_outside": self.min_outside,
            }
            | dict(params or {}),
            "training_data_sha256": dict(sorted((training_data or {}).items())),
            "metrics": metrics or {},
        }
        (staging / META_FILE).write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n")
        if target.exists():
            old = target.with_name(f".{target.name}.old")
            os.replace(target, old)
            os.replace(staging, target)
            for child in old.iterdir():
                child.unlink()
            old.rmdir()
        else:
            os.replace(staging, target)
        return target


def load_tagger(directory: str | os.PathLike[str]) -> CrfTagger:
    """Load a tagger saved by :meth:`CrfTagger.save`, after checking its kind and hash.

    Raises
    ------
    ModelError
        When a file is missing, ``meta.json`` is not JSON, the model is of another kind, or
        ``model.crfsuite`` does not match the sha256 in ``meta.json``.
    """
    folder = Path(directory)
    meta_path, model_path = folder / META_FILE, folder / MODEL_FILE
    for path in (meta_path, model_path):
        if not path.is_file():
            raise ModelError(f"{path}: attribution model file is missing.")
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ModelError(f"{meta_path}: not a JSON manifest ({error}).") from None
    if meta.get("kind") != KIND:
        raise ModelError(f"{folder}: a {meta.get('kind')!r} model, not an {KIND!r} model.")
    data = model_path.read_bytes()
    if hashlib.sha256(data).hexdigest() != meta.get("model_sha256"):
        raise ModelError(
            f"{model_path}: sha256 does not match meta.json (file tampered with or truncated)."
        )
    params = meta.get("params", {})
    tagger = CrfTagger(
        params.get("c1", 0.05),
        params.get("c2", 0.01),
        params.get("max_iterations", 150),
        params.get("min_outside", 1.0),
    )
    tagger.model_bytes_ = data
    clusters_sha256 = meta.get("word_clusters_sha256")
    if clusters_sha256:
        clusters_path = folder / CLUSTERS_FILE
        if not clusters_path.is_file() or _sha256(clusters_path) != clusters_sha256:
            raise ModelError(f"{clusters_path}: missing or not the file meta.json names.")
        from credence.features.attribution.word_clusters import load_word_clusters

        tagger.word_clusters_ = load_word_clusters(clusters_path)
    tagger._open()
    return tagger


def default_tagger() -> CrfTagger | None:
    """The bundled tagger, or ``None`` when no model ships (the rules are used then)."""
    folder = default_attribution_dir()
    if not (folder / MODEL_FILE).is_file():
        return None
    return load_tagger(folder)


def gold_labels(
    starts: Sequence[int], spans: dict[str, list[tuple[tuple[int, int], ...]]]
) -> list[str]:
    """BIO labels of tokens starting at ``starts`` from gold spans ``{label: [segments]}``.

    Overlaps keep the first of cue, source, content: a cue inside a quoted content stays a
    cue, a source inside one stays a source.
    """
    import bisect

    labels = ["O"] * len(starts)
    for label in ("CON", "SRC", "CUE"):
        for segments in spans.get(label, ()):
            for start, end in segments:
                lo = bisect.bisect_left(starts, start)
                hi = bisect.bisect_left(starts, end)
                for k in range(lo, hi):
                    labels[k] = ("B-" if k == lo else "I-") + label
    return labels
