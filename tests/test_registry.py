"""Snapshot of the extractor registry, and the scikit-learn contract every extractor keeps."""

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.pipeline import FeatureUnion

from credence.features import create_extractor, get_extractor, register, registered
from credence.features.base import SpanExtractor

# Adding or removing an extractor must be a deliberate change of this table.
EXPECTED = {
    "attribution": ("credence.features.attribution.extractor", "AttributionExtractor"),
    "chains": ("credence.features.chains", "ChainLinker"),
    "dates": ("credence.features.dates", "DateExtractor"),
    "hedges": ("credence.features.hedges", "HedgeExtractor"),
    "quantities": ("credence.features.quantities", "QuantityExtractor"),
}

TEXTS = [
    "North Korea has reportedly sent at least 1,000 more troops, officials said on Thursday.",
    "The ministry confirmed that 64% of the territory was retaken in early August.",
    "",
]


def test_registry_snapshot():
    got = {name: (cls.__module__, cls.__name__) for name, cls in registered().items()}
    assert got == EXPECTED


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_registry_extractor_follows_the_sklearn_contract(name):
    extractor = create_extractor(name)
    assert clone(extractor).get_params() == extractor.get_params()
    assert extractor.fit(TEXTS) is extractor
    matrix = extractor.transform(TEXTS)
    assert matrix.shape == (len(TEXTS), len(extractor.feature_names))
    assert np.isfinite(matrix).all()
    names = extractor.get_feature_names_out()
    assert len(names) == matrix.shape[1] and all(n.startswith(f"{name}__") for n in names)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_registry_spans_have_offsets_and_explanations(name):
    for text in TEXTS:
        for span in create_extractor(name).extract(text):
            assert text[span.start : span.end] == span.text
            assert span.explanation
            assert isinstance(span.to_dict(), dict)


def test_registry_extractors_combine_in_a_feature_union():
    union = FeatureUnion([(n, create_extractor(n)) for n in sorted(EXPECTED)])
    out = union.fit_transform(TEXTS)
    assert out.shape[0] == len(TEXTS)
    assert out[0].sum() > 0  # the first text has hedges, numbers, dates and a source


def test_registry_unknown_name_is_a_clear_error():
    with pytest.raises(ValueError, match="The extractor name must be one of"):
        get_extractor("nope")


def test_registry_refuses_a_second_class_under_a_taken_name():
    with pytest.raises(ValueError, match="already registered"):

        @register("hedges")
        class Impostor(SpanExtractor):
            pass


def test_registry_required_extractors_are_built_once_per_extractor(monkeypatch):
    # A required extractor may load a model (attribution's tagger): reading many texts with
    # one extractor must not build (and load) it again for every text.
    import credence.features.base as base

    built = []
    real = base.create_extractor

    def counting(name, **params):
        built.append(name)
        return real(name, **params)

    monkeypatch.setattr(base, "create_extractor", counting)
    chains = create_extractor("chains")
    for text in TEXTS:
        chains.extract(text)
    assert built == ["attribution"]
