"""The scikit-learn estimator API of credence.estimator, and what it spares at import time."""

import pickle
import subprocess
import sys

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import MaxAbsScaler
from sklearn.utils import get_tags

from credence.estimator import Estimator, Transformer
from credence.features.hedges import HedgeExtractor


class Scale(Transformer, Estimator):
    def __init__(self, factor=2.0, inner=None):
        self.factor = factor
        self.inner = inner

    def fit(self, X, y=None):
        self.fitted_ = True
        return self

    def transform(self, X):
        return np.asarray(X, dtype=float) * self.factor


def test_estimator_get_params_reads_the_init_arguments():
    assert Scale(factor=3.0).get_params() == {"factor": 3.0, "inner": None}


def test_estimator_get_params_deep_reaches_nested_estimators():
    params = Scale(inner=Scale(factor=5.0)).get_params(deep=True)
    assert params["inner__factor"] == 5.0
    assert "inner__factor" not in Scale(inner=Scale()).get_params(deep=False)


def test_estimator_set_params_sets_plain_and_nested_arguments():
    est = Scale(inner=Scale())
    assert est.set_params(factor=4.0, inner__factor=7.0) is est
    assert (est.factor, est.inner.factor) == (4.0, 7.0)


def test_estimator_set_params_rejects_unknown_names():
    with pytest.raises(ValueError, match="Invalid parameter 'scale' for estimator Scale"):
        Scale().set_params(scale=1.0)


def test_estimator_repr_lists_changed_arguments_only():
    assert repr(Scale()) == "Scale()"
    assert repr(Scale(factor=3.0)) == "Scale(factor=3.0)"
    assert repr(HedgeExtractor(lexicon="x.tsv")) == "HedgeExtractor(lexicon='x.tsv')"


def test_estimator_clone_copies_parameters_not_fitted_state():
    est = Scale(factor=3.0).fit([[1.0]])
    copy = clone(est)
    assert copy is not est and copy.get_params() == est.get_params()
    assert not hasattr(copy, "fitted_")


def test_estimator_tags_say_transformer():
    tags = get_tags(Scale())
    assert tags.transformer_tags is not None
    assert tags.target_tags.required is False


def test_estimator_works_inside_pipeline_and_feature_union():
    pipe = Pipeline([("scale", Scale(factor=10.0)), ("abs", MaxAbsScaler())])
    union = FeatureUnion([("a", pipe), ("b", Scale())])
    out = union.fit_transform([[1.0], [2.0]])
    np.testing.assert_allclose(out, [[0.5, 2.0], [1.0, 4.0]])


def test_estimator_loads_objects_pickled_with_the_sklearn_version_stamp():
    # BaseEstimator.__getstate__ adds "_sklearn_version"; the bundled models carry it.
    state = {"factor": 3.0, "inner": None, "_sklearn_version": "1.9.1"}
    est = Scale.__new__(Scale)
    est.__setstate__(state)
    assert vars(est) == {"factor": 3.0, "inner": None}
    assert pickle.loads(pickle.dumps(est)).get_params() == est.get_params()


def test_estimator_extraction_imports_neither_sklearn_nor_numpy():
    code = (
        "import sys\n"
        "from credence import Article\n"
        "from credence.scoring.engine import analyze\n"
        "from credence.scoring.report import extraction_dict\n"
        "a = Article(id='a', text='Officials reportedly said 40 people died on Monday.')\n"
        "extraction_dict(analyze(a))\n"
        "heavy = sorted(m for m in ('sklearn', 'scipy', 'numpy') if m in sys.modules)\n"
        "print(','.join(heavy))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""
