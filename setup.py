"""Build of the optional compiled core (the package itself is described in pyproject.toml).

``credence.models._crf1d`` decodes the attribution tagger's label scores in C,
``credence.features.attribution._window`` sums its window features into those scores and
``credence.features.attribution._tokens`` finds an article's tokens. All three are optional:
without Cython or a C compiler, or when Cython rejects a ``.pyx``, the build goes on without
that module and credence takes the numpy and CRFsuite path instead (same labels, slower), so
``pip install -e .`` works everywhere.
"""

from __future__ import annotations

import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

# No -ffast-math, no fused multiply-add: the decoder must round exactly as CRFsuite does.
COMPILE_ARGS = ["-O2", "-ffp-contract=off", "-fno-fast-math"]


class OptionalBuildExt(build_ext):
    """Build the extensions, or warn and go on without them when they cannot be built."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as error:  # noqa: BLE001 - any build failure leaves the fallback
            self._skip(error)

    def build_extension(self, ext: Extension) -> None:
        try:
            super().build_extension(ext)
        except Exception as error:  # noqa: BLE001
            self._skip(error)

    @staticmethod
    def _skip(error: Exception) -> None:
        print(
            f"credence: the optional compiled core was not built ({error}); "
            "the pure-Python path is used instead.",
            file=sys.stderr,
        )


#: The compiled modules and their sources; each is optional and built on its own.
SOURCES = {
    "credence.models._crf1d": "src/credence/models/_crf1d.pyx",
    "credence.features.attribution._window": "src/credence/features/attribution/_window.pyx",
    "credence.features.attribution._tokens": "src/credence/features/attribution/_tokens.pyx",
    # The claim rules' clause tokens (claimfast; fallback: credence.features.clause_tokens).
    "credence.features._clause_tokens": "src/credence/features/_clause_tokens.pyx",
    "credence._indented_json": "src/credence/_indented_json.pyx",  # fallback: indented_json
    "credence.features._hedge_tokens": "src/credence/features/_hedge_tokens.pyx",
    # The agreement model's trees (fallback: scikit-learn's predictor).
    "credence.models._boosted_trees": "src/credence/models/_boosted_trees.pyx",
}


def extensions(sources: dict[str, str] = SOURCES) -> list[Extension]:
    """The extensions Cython could translate to C; one that fails is left out with a warning.

    A Cython error in one ``.pyx`` (a syntax error, a Cython release that rejects it) raises
    at translation time, before ``build_ext`` runs, so :class:`OptionalBuildExt` cannot catch
    it: each module is translated alone here, and the others are still built.
    """
    try:
        from Cython.Build import cythonize
    except ImportError:
        print("credence: Cython not found; the compiled core is skipped.", file=sys.stderr)
        return []
    built: list[Extension] = []
    for name, source in sources.items():
        extension = Extension(name, [source], extra_compile_args=COMPILE_ARGS)
        try:
            built.extend(cythonize([extension], language_level=3, quiet=True))
        except Exception as error:  # noqa: BLE001 - Cython's CompileError and any other
            print(
                f"credence: Cython could not translate {source} ({type(error).__name__}: "
                f"{error}); {name} is skipped and its pure-Python fallback is used.",
                file=sys.stderr,
            )
    return built


if __name__ == "__main__":  # run by pip's build backend; tests import the functions above
    setup(ext_modules=extensions(), cmdclass={"build_ext": OptionalBuildExt})
