import numpy as np
import pytest

from credence.scoring.sources import SourceScore, truth_discovery


def test_sources_reliability_follows_corroboration():
    # Source 0's claims are corroborated, source 1's are not.
    fit = truth_discovery(
        lambda r: np.array([0.9, 0.8, 0.1, 0.2]), [np.array([0, 0, 1, 1])], np.ones(4, bool), 2
    )
    assert fit.converged and fit.iterations >= 1
    assert fit.reliability[0] > 0.5 > fit.reliability[1]


def test_sources_uninformative_claims_keep_prior():
    fit = truth_discovery(lambda r: np.array([0.9]), [np.array([0])], np.zeros(1, bool), 1)
    assert fit.reliability[0] == pytest.approx(0.5)


def test_sources_joint_iteration_converges():
    # Claim 0 (source 0) is supported by source 1 with weight r1, and vice versa.
    def score(r):
        return np.array([0.2 + 0.7 * r[1], 0.2 + 0.7 * r[0], 0.1])

    fit = truth_discovery(score, [np.array([0, 1, 1])], np.ones(3, bool), 2, tol=1e-8)
    assert fit.converged and fit.change < 1e-8
    assert np.allclose(fit.corroboration, score(fit.reliability), atol=1e-6)


def test_sources_reports_non_convergence():
    flip = iter(range(10**6))

    def score(r):
        return np.array([float(next(flip) % 2)])

    fit = truth_discovery(score, [np.array([0])], np.ones(1, bool), 1, max_iter=3)
    assert not fit.converged and fit.iterations == 3


@pytest.mark.parametrize(
    ("kwargs", "match"), [({"alpha": 0}, "Beta"), ({"max_iter": 0}, "max_iter")]
)
def test_sources_rejects_bad_parameters(kwargs, match):
    with pytest.raises(ValueError, match=match):
        truth_discovery(lambda r: np.zeros(1), [np.array([0])], np.ones(1, bool), 1, **kwargs)


def test_sources_score_to_dict_keys():
    s = SourceScore("NIS", "official", 3, 1 / 3, 0.0, 0.5, 0.0, 0, 0, 0.61)
    assert list(s.to_dict()) == [
        "name",
        "kind",
        "claims",
        "corroborated_share",
        "contradicted_share",
        "hedging_rate",
        "anonymous_rate",
        "internal_conflicts",
        "duplicated_paragraphs",
        "reliability",
    ]
    assert "NIS" in s.explanation
