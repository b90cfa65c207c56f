"""A trained check-worthiness classifier: P(a sentence is worth fact-checking).

The model is trained on the CLEF-2019 CheckThat! task 1 debates (``line, speaker, text,
label`` rows; ``label`` 1 marks a *check-worthy* sentence, 440 of 16,421). Check-worthy is
narrower than "checkable claim": a debate sentence with a verifiable fact is often labelled 0
because the annotators did not find it worth checking. :mod:`credence.scoring.claims` therefore
combines this probability with documented rules; here we only learn P(check-worthy).

Features: word 1-2 gram TF-IDF (character 2-5 grams optional, off by default: they cost more
than they add, see :class:`CheckworthinessModel`), plus a handful of linguistic cues
(:class:`LinguisticCues`: number, capitalised name-like tokens, past-tense verb, first or
second person, question mark, modal, length). The classifier is a class-balanced
``LogisticRegression`` calibrated with a sigmoid fitted on out-of-fold predictions grouped by
debate, so the probabilities are honest at the debate base rate (about 2.7 %).

.. warning::
   A saved model is a pickle (see :mod:`credence.models.persistence`).
"""

from __future__ import annotations

import collections
import csv
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from credence.errors import DataError
from credence.estimator import Estimator, Transformer
from credence.features.case_blind import CaseBlind, lowered_text
from credence.features.clause_tokens import word_runs
from credence.models.persistence import ModelDirectory

if TYPE_CHECKING:
    import numpy as np
    from sklearn.pipeline import Pipeline

# numpy and scikit-learn are imported where a model is trained or used, not here:
# claim detection imports this module for its word lists, and must stay cheap to import.

__all__ = [
    "KIND",
    "LABELS",
    "SEED",
    "LinguisticCues",
    "CheckworthinessModel",
    "CharNgramCounter",
    "read_clef_file",
    "read_clef_dir",
    "split_debates",
    "flatten_debates",
    "evaluate",
    "cue_vector",
    "cue_matrix",
    "train_default_checkworthiness",
]

KIND = "claims"
#: The labels ``credence train claims`` reports, negative first (CLEF's 0 and 1).
LABELS: tuple[str, str] = ("not-check-worthy", "check-worthy")
SEED = 20190401
#: Debates held out for the reported figures (chosen once, by name, not by their scores).
_HELD_OUT_FRACTION = 0.25

_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’\-]*|\d[\d,.]*")
_NUMBER = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
    r"forty|fifty|hundred|hundreds|thousand|thousands|million|millions|billion|billions|"
    r"trillion|dozen|dozens|percent|half|double|triple)\b",
    re.IGNORECASE,
)
# Case matters for "I" and "us" ("US" is a country); the others may open a sentence.
_FIRST_PERSON = re.compile(
    r"\b(?:I|I'm|I've|[Mm]e|[Mm]y|[Mm]ine|[Ww]e|us|[Oo]urs?|[Ww]e're|[Ww]e've)\b"
)
_SECOND_PERSON = re.compile(r"\b(?:you|your|yours|you're|you've)\b", re.IGNORECASE)
_MODAL = re.compile(
    r"\b(?:may|might|could|would|should|must|can|shall|ought)\b|\bwill\b", re.IGNORECASE
)
#: Irregular past forms (regular ones are caught by the ``-ed`` suffix).
IRREGULAR_PAST = frozenset(
    "said told went came took made gave got found saw knew thought became left felt brought "
    "began kept held wrote stood heard met ran paid sat spoke lost fell sent built rose won "
    "shot struck fought hit cut put set led spent sold bought caught drove flew froze grew "
    "hid laid lay meant quit rode rang sank shut slid spread stole swore swept swung taught "
    "tore threw understood woke wore withdrew oversaw overtook broke chose drew ate fled "
    "forgot forgave sought sprang stung stuck swam undertook upheld burst cast cost hurt "
    "split shook bore bent bled dealt dug fed forbade hung knelt lent lit overcame rebuilt "
    "sped spun strove wept wound".split()
)
#: Words ending in ``-ed`` that are not past-tense verbs.
NOT_PAST_ED = frozenset(
    "red bed need hundred speed seed feed breed shed sacred naked wicked embed united "
    "ted fred ned reed weed greed creed indeed shred sled steed tweed wed".split()
)


def _is_past(token: str) -> bool:
    low = token.lower()
    if low in IRREGULAR_PAST:
        return True
    return len(low) >= 5 and low.endswith("ed") and low not in NOT_PAST_ED


# The case-insensitive searches of every sentence, answered from its lower-cased word runs
# (credence.features.case_blind: the same answers, a third of the time; the regex engine
# folds every character it compares under IGNORECASE).
_NUMBER_IN = CaseBlind(_NUMBER)
_SECOND_PERSON_IN = CaseBlind(_SECOND_PERSON)
_MODAL_IN = CaseBlind(_MODAL)


def _cue_flags(text: str) -> tuple[list[float], int]:
    """Every cue of one sentence but the length, and its number of tokens."""
    tokens = _TOKEN.findall(text)
    lower = lowered_text(text)
    runs = None if lower is None else word_runs(lower)
    # A capitalised token after the first word is a cheap stand-in for a named entity.
    names = [t for t in tokens[1:] if t[0].isupper() and t not in ("I", "I'm", "I've")]
    stripped = text.rstrip(" \"'”’)")
    flags = [
        1.0 if _NUMBER_IN.found(text, lower, runs) else 0.0,
        1.0 if names else 0.0,
        min(len(names), 5) / 5.0,
        1.0 if any(_is_past(t) for t in tokens) else 0.0,
        1.0 if _FIRST_PERSON.search(text) else 0.0,
        1.0 if _SECOND_PERSON_IN.found(text, lower, runs) else 0.0,
        1.0 if stripped.endswith("?") else 0.0,
        1.0 if _MODAL_IN.found(text, lower, runs) else 0.0,
    ]
    return flags, len(tokens)


def _log_lengths(n_tokens: Sequence[int]) -> np.ndarray:
    # numpy's log1p, as the model was trained with (it may round unlike math.log1p), in one
    # call for all the sentences: a numpy call per sentence is slow.
    import numpy as np

    return np.log1p(np.asarray(n_tokens, dtype=np.float64)) / 4.0


def cue_matrix(texts: Iterable[str]) -> np.ndarray:
    """The linguistic cues of each text, one row each (:attr:`LinguisticCues.cue_names`)."""
    import numpy as np

    flags, lengths = [], []
    for text in texts:
        row, n_tokens = _cue_flags(text)
        flags.append(row)
        lengths.append(n_tokens)
    out = np.empty((len(flags), len(LinguisticCues.cue_names)), dtype=np.float64)
    if flags:
        out[:, :-1] = flags
        out[:, -1] = _log_lengths(lengths)
    return out


def cue_vector(text: str) -> list[float]:
    """Return the linguistic cues of one sentence, in :attr:`LinguisticCues.cue_names` order."""
    flags, n_tokens = _cue_flags(text)
    return [*flags, float(_log_lengths([n_tokens])[0])]


class LinguisticCues(Transformer, Estimator):
    """Transformer: a few hand-made sentence cues as dense features.

    Examples
    --------
    >>> LinguisticCues().fit(["x"]).transform(["We paid 3 million dollars?"])[0, [0, 4, 6]]
    array([1., 1., 1.])
    """

    cue_names: tuple[str, ...] = (
        "has_number",
        "has_name",
        "name_count",
        "has_past_verb",
        "first_person",
        "second_person",
        "question_mark",
        "modal",
        "log_length",
    )

    def fit(self, X: Iterable[str], y: Any = None) -> LinguisticCues:
        self.n_features_out_ = len(self.cue_names)
        return self

    def transform(self, X: Iterable[str]) -> np.ndarray:
        from sklearn.utils.validation import check_is_fitted

        check_is_fitted(self, "n_features_out_")
        return cue_matrix(X)

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        import numpy as np

        return np.asarray([f"cue__{n}" for n in self.cue_names], dtype=object)


class CharNgramCounter(Transformer, Estimator):
    """A ``char_wb`` TF-IDF vectorizer that counts the n-grams of each distinct word once.

    ``char_wb`` n-grams never cross a space, so the n-gram counts of a text are the sums of
    those of its words. :meth:`transform` finds each distinct word's counts once (and keeps
    them for later calls) and sums them per text with one sparse product, where
    ``TfidfVectorizer.transform`` slices and looks up every n-gram of every text in Python.
    The matrix is the same, entry for entry (tests compare them); :meth:`fit` and
    :meth:`fit_transform` are the vectorizer's own.

    Parameters
    ----------
    vectorizer : TfidfVectorizer
        A vectorizer with ``analyzer="char_wb"``.
    """

    #: Distinct words whose counts are kept between calls (a few MB at most).
    max_cached_words: ClassVar[int] = 200_000

    def __init__(self, vectorizer: Any = None) -> None:
        self.vectorizer = vectorizer

    def fit(self, X: Iterable[str], y: Any = None) -> CharNgramCounter:
        self.vectorizer.fit(X, y)
        return self

    def fit_transform(self, X: Iterable[str], y: Any = None, **fit_params: Any) -> Any:
        return self.vectorizer.fit_transform(X, y)

    def transform(self, X: Iterable[str]) -> Any:
        import numpy as np
        import scipy.sparse as sp
        from sklearn.utils.validation import check_is_fitted

        vec = self.vectorizer
        check_is_fitted(vec, "vocabulary_")
        if vec.analyzer != "char_wb":
            return vec.transform(X)
        preprocess = vec.build_preprocessor()
        word_ids: dict[str, int] = {}
        occurrences: list[int] = []
        text_indptr = [0]
        for doc in X:
            # What TfidfVectorizer's char_wb analyzer does before it splits the text.
            text = vec._white_spaces.sub(" ", preprocess(vec.decode(doc)))
            occurrences.extend(word_ids.setdefault(w, len(word_ids)) for w in text.split())
            text_indptr.append(len(occurrences))
        cache = self.__dict__.setdefault("_word_counts", {})
        indices: list[int] = []
        counts: list[int] = []
        word_indptr = [0]
        for word in word_ids:  # in id order
            entry = cache.get(word)
            if entry is None:
                entry = self._count_word(word)
                if len(cache) < self.max_cached_words:
                    cache[word] = entry
            indices.extend(entry[0])
            counts.extend(entry[1])
            word_indptr.append(len(indices))
        n_texts, n_words = len(text_indptr) - 1, len(word_ids)
        texts_by_words = sp.csr_array(
            (np.ones(len(occurrences)), np.asarray(occurrences, dtype=np.int64), text_indptr),
            shape=(n_texts, n_words),
        )
        words_by_ngrams = sp.csr_array(
            (
                np.asarray(counts, dtype=np.float64),
                np.asarray(indices, dtype=np.int64),
                word_indptr,
            ),
            shape=(n_words, len(vec.vocabulary_)),
        )
        ngram_counts = (texts_by_words @ words_by_ngrams).astype(vec.dtype)
        ngram_counts.sort_indices()
        if vec.binary:
            ngram_counts.data.fill(1)
        return vec._tfidf.transform(ngram_counts, copy=False)

    def _count_word(self, word: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
        vocabulary = self.vectorizer.vocabulary_
        grams = collections.Counter(self.vectorizer._char_wb_ngrams(word))
        found = [(vocabulary[g], n) for g, n in grams.items() if g in vocabulary]
        return tuple(i for i, _ in found), tuple(n for _, n in found)

    def get_feature_names_out(self, input_features: Any = None) -> Any:
        return self.vectorizer.get_feature_names_out(input_features)

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state.pop("_word_counts", None)
        return state


def _pipeline(seed: int, max_word: int, max_char: int, char_ngrams: bool = True) -> Pipeline:
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline

    from credence.models.text_features import ngram_vectorizers

    word, (_, char) = ngram_vectorizers(max_word, max_char)
    chars = [("char", CharNgramCounter(char))] if char_ngrams else []
    features = FeatureUnion([word, *chars, ("cues", LinguisticCues())])
    classifier = LogisticRegression(
        C=1.0, class_weight="balanced", max_iter=2000, random_state=seed
    )
    return Pipeline([("features", features), ("classifier", classifier)])


def _drop_pruned_vocabulary(estimator: Any) -> None:
    # TfidfVectorizer keeps every pruned term in ``stop_words_`` only for introspection;
    # scikit-learn documents it as safe to delete, and it would dominate the pickle size.
    for pipe in _pipelines_in(estimator):
        for _, step in pipe.named_steps["features"].transformer_list:
            vectorizer = getattr(step, "vectorizer", step)
            if hasattr(vectorizer, "stop_words_"):
                delattr(vectorizer, "stop_words_")


def _count_char_ngrams_by_word(estimator: Any) -> None:
    # Models saved before CharNgramCounter existed hold the bare char_wb vectorizer.
    for pipe in _pipelines_in(estimator):
        steps = pipe.named_steps["features"].transformer_list
        for i, (name, step) in enumerate(steps):
            if type(step).__name__ == "TfidfVectorizer" and step.analyzer == "char_wb":
                steps[i] = (name, CharNgramCounter(step))


def _pipelines_in(estimator: Any) -> list[Pipeline]:
    from sklearn.pipeline import Pipeline

    if isinstance(estimator, Pipeline):
        return [estimator]
    return [cc.estimator for cc in getattr(estimator, "calibrated_classifiers_", [])]


class CheckworthinessModel(ModelDirectory, Estimator):
    """P(check-worthy) for sentences: TF-IDF + cues, balanced logistic regression, calibrated.

    Parameters
    ----------
    seed : int
        Seed of the logistic regression (the only random part).
    max_word_features, max_char_features : int
        Vocabulary caps; they keep the saved model small (well under 3 MB).
    calibration_folds : int
        Folds (grouped by debate when ``groups`` are given to :meth:`fit`) for the sigmoid.
    char_ngrams : bool
        Include the character 2-5 gram TF-IDF (models saved before this option did). Off by
        default: on CLEF-2019, over folds grouped by debate, they add nothing to the ranking
        (average precision 0.135 with them, 0.137 without; the rule baseline 0.060) and
        counting them was most of the model's cost per sentence
        (``benchmarks/eval_claims.py --compare-features``).

    Examples
    --------
    >>> texts = ["Unemployment fell to 4 percent in 2015.", "Thank you very much."] * 10
    >>> model = CheckworthinessModel(calibration_folds=2).fit(texts, [1, 0] * 10)
    >>> model.predict_proba(["Taxes rose by 12 percent in 2014."]).shape
    (1,)
    """

    model_kind = KIND
    fitted_attribute = "estimator_"

    def __init__(
        self,
        seed: int = SEED,
        max_word_features: int = 20000,
        max_char_features: int = 30000,
        calibration_folds: int = 3,
        char_ngrams: bool = False,
    ) -> None:
        self.seed = seed
        self.max_word_features = max_word_features
        self.max_char_features = max_char_features
        self.calibration_folds = calibration_folds
        self.char_ngrams = char_ngrams

    def fit(
        self,
        texts: Sequence[str],
        labels: Sequence[int],
        groups: Sequence[str] | None = None,
    ) -> CheckworthinessModel:
        """Fit on ``texts`` with 0/1 ``labels``; ``groups`` (debate names) keep folds apart.

        Also picks ``threshold_``, the probability that maximises F1 on out-of-fold
        predictions (never on data the threshold is later judged on).
        """
        import numpy as np
        from sklearn.calibration import CalibratedClassifierCV
        from sklearn.model_selection import cross_val_predict

        texts = [str(t) for t in texts]
        y = np.asarray(labels, dtype=int)
        if len(texts) != len(y):
            raise ValueError(
                f"The 'labels' parameter of CheckworthinessModel.fit must have {len(texts)} "
                f"entries. Got {len(y)} instead."
            )
        if set(np.unique(y)) != {0, 1}:
            raise ValueError("The 'labels' of CheckworthinessModel.fit must contain both 0 and 1.")
        folds = self._folds(texts, y, groups)
        base = self._base_pipeline()
        calibrated = CalibratedClassifierCV(base, method="sigmoid", cv=folds, ensemble=False)
        calibrated.fit(texts, y)
        _drop_pruned_vocabulary(calibrated)
        self.estimator_ = calibrated
        oof = cross_val_predict(
            CalibratedClassifierCV(
                self._base_pipeline(),
                method="sigmoid",
                cv=2,
                ensemble=False,
            ),
            texts,
            y,
            cv=folds,
            method="predict_proba",
        )[:, 1]
        self.threshold_ = _best_f1_threshold(y, oof)
        self.n_train_ = len(texts)
        self.positive_rate_ = float(y.mean())
        return self

    def _base_pipeline(self) -> Pipeline:
        return _pipeline(
            self.seed, self.max_word_features, self.max_char_features, self.char_ngrams
        )

    def _folds(
        self, texts: Sequence[str], y: np.ndarray, groups: Sequence[str] | None
    ) -> list[tuple[np.ndarray, np.ndarray]]:
        from sklearn.model_selection import GroupKFold, StratifiedKFold

        n_groups = len(set(groups)) if groups is not None else 0
        if groups is not None and n_groups >= 2:
            splitter = GroupKFold(n_splits=min(self.calibration_folds, n_groups))
            return list(splitter.split(texts, y, groups))

        splitter = StratifiedKFold(self.calibration_folds, shuffle=True, random_state=self.seed)
        return list(splitter.split(texts, y))

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Return P(check-worthy) for each text as a 1-D array."""
        import numpy as np
        from sklearn.utils.validation import check_is_fitted

        check_is_fitted(self, "estimator_")
        texts = [str(t) for t in texts]
        if not texts:
            return np.zeros(0, dtype=np.float64)
        return self.estimator_.predict_proba(texts)[:, 1]

    def predict(self, texts: Sequence[str], threshold: float | None = None) -> np.ndarray:
        """Return 0/1 labels at ``threshold`` (default: the out-of-fold F1-best one)."""
        cut = self.threshold_ if threshold is None else threshold
        return (self.predict_proba(texts) >= cut).astype(int)

    def meta_extra(self) -> dict[str, Any]:
        """Seed, threshold, training counts and feature families, for ``meta.json``."""
        return {
            "seed": self.seed,
            "threshold": self.threshold_,
            "n_train": self.n_train_,
            "positive_rate": self.positive_rate_,
            "features": ["word 1-2 gram tfidf"]
            + (["char_wb 2-5 gram tfidf"] if self.char_ngrams else [])
            + list(LinguisticCues.cue_names),
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        # Models saved before the option existed all counted character n-grams.
        state = {"char_ngrams": True, **state}
        super().__setstate__(state)
        if "estimator_" in state:
            _count_char_ngrams_by_word(self.estimator_)


def _best_f1_threshold(y: np.ndarray, proba: np.ndarray) -> float:
    import numpy as np

    best, best_f1 = 0.5, -1.0
    for cut in np.unique(np.round(proba, 4)):
        pred = proba >= cut
        tp = float(np.sum(pred & (y == 1)))
        if tp == 0:
            continue
        f1 = 2 * tp / (pred.sum() + (y == 1).sum())
        if f1 > best_f1:
            best, best_f1 = float(cut), f1
    return best


def read_clef_file(path: str | os.PathLike[str]) -> tuple[list[str], list[int]]:
    """Read one CLEF-2019 task-1 file: rows ``line, speaker, text, label``.

    Raises
    ------
    DataError
        On a row without four fields or with a label other than 0/1.
    """
    texts: list[str] = []
    labels: list[int] = []
    with open(path, encoding="utf-8", newline="") as fh:
        for number, row in enumerate(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE), 1):
            if not row or not any(row):
                continue
            if len(row) < 4:
                raise DataError(
                    str(path), f"expected 4 tab-separated fields, got {len(row)}", number
                )
            label = row[-1].strip()
            if label not in ("0", "1"):
                raise DataError(str(path), f"label must be 0 or 1, got {label!r}", number)
            texts.append("\t".join(row[2:-1]).strip())
            labels.append(int(label))
    return texts, labels


def read_clef_dir(data_dir: str | os.PathLike[str]) -> dict[str, tuple[list[str], list[int]]]:
    """Read every ``*.tsv`` under ``data_dir`` into ``{debate file name: (texts, labels)}``."""
    files = sorted(Path(data_dir).glob("*.tsv"))
    if not files:
        raise DataError(str(data_dir), "no CLEF *.tsv files found")
    return {f.name: read_clef_file(f) for f in files}


def split_debates(names: Sequence[str], seed: int = SEED) -> tuple[list[str], list[str]]:
    """Split debate names into (train, held-out) with a fixed seed; about a quarter held out."""
    import numpy as np

    rng = np.random.default_rng(seed)
    order = sorted(names)
    rng.shuffle(order)
    n_held = max(1, round(len(order) * _HELD_OUT_FRACTION))
    return sorted(order[n_held:]), sorted(order[:n_held])


def flatten_debates(
    debates: dict[str, tuple[list[str], list[int]]], names: Iterable[str]
) -> tuple[list[str], list[int], list[str]]:
    """Concatenate the named debates into (texts, labels, debate name of each text)."""
    texts: list[str] = []
    labels: list[int] = []
    groups: list[str] = []
    for name in names:
        t, y = debates[name]
        texts.extend(t)
        labels.extend(y)
        groups.extend([name] * len(t))
    return texts, labels, groups


def evaluate(model: CheckworthinessModel, texts: Sequence[str], labels: Sequence[int]) -> dict:
    """Precision, recall, F1 at the model's threshold, and average precision."""
    import numpy as np
    from sklearn.metrics import average_precision_score, precision_recall_fscore_support

    y = np.asarray(labels, dtype=int)
    proba = model.predict_proba(texts)
    pred = (proba >= model.threshold_).astype(int)
    p, r, f, _ = precision_recall_fscore_support(y, pred, average="binary", zero_division=0)
    return {
        "precision": round(float(p), 4),
        "recall": round(float(r), 4),
        "f1": round(float(f), 4),
        "average_precision": round(float(average_precision_score(y, proba)), 4),
        "threshold": round(float(model.threshold_), 4),
        "n": int(len(y)),
        "positives": int(y.sum()),
    }


def train_default_checkworthiness(
    data_dir: str | os.PathLike[str], out_dir: str | os.PathLike[str]
) -> dict[str, Any]:
    """Train, evaluate on held-out debates, refit on all debates and save.

    The held-out debates (a fixed quarter, :func:`split_debates`) give the reported figures;
    the saved model is then refitted on every debate with the same settings.

    Parameters
    ----------
    data_dir : path
        ``clef2019/training`` (the ``*.tsv`` debate files).
    out_dir : path
        Model directory to write (kind ``"claims"``).

    Returns
    -------
    dict
        ``{"held_out": {...metrics...}, "held_out_debates": [...], "train_debates": [...],
        "model_dir": str, "size_bytes": int}``.
    """
    from credence.models.persistence import sha256_files, write_training_texts

    debates = read_clef_dir(data_dir)
    train_names, held_names = split_debates(list(debates))
    tr_texts, tr_labels, tr_groups = flatten_debates(debates, train_names)
    held_texts, held_labels, _ = flatten_debates(debates, held_names)
    held_model = CheckworthinessModel().fit(tr_texts, tr_labels, groups=tr_groups)
    held = evaluate(held_model, held_texts, held_labels)

    all_texts, all_labels, all_groups = flatten_debates(debates, sorted(debates))
    final = CheckworthinessModel().fit(all_texts, all_labels, groups=all_groups)
    files = sorted(Path(data_dir).glob("*.tsv"))
    metrics = {"held_out": held, "held_out_debates": held_names}
    target = final.save(out_dir, training_data=sha256_files(files), metrics=metrics)
    write_training_texts(target, {"claims": all_texts})  # fingerprints only, for `evaluate`
    size = sum(p.stat().st_size for p in Path(target).iterdir())
    return {
        "held_out": held,
        "held_out_debates": held_names,
        "train_debates": train_names,
        "size_bytes": int(size),
        "threshold": final.threshold_,
    }
