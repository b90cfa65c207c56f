"""Build of the optional compiled core (the package itself is described in pyproject.toml).

``credence.models._crf1d`` decodes the attribution tagger's label scores in C,
``credence.features.attribution._window`` sums its window features into those scores and
``credence.features.attribution._tokens`` finds an article's tokens. All three are optional: without Cython or a C compiler the build goes on without them and credence
takes the numpy and CRFsuite path instead (same labels, slower), so ``pip install -e .``
works everywhere.
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


def extensions() -> list[Extension]:
    try:
        from Cython.Build import cythonize
    except ImportError:
        print("credence: Cython not found; the compiled core is skipped.", file=sys.stderr)
        return []
    core = Extension(
        "credence.models._crf1d",
        ["src/credence/models/_crf1d.pyx"],
        extra_compile_args=COMPILE_ARGS,
    )
    window = Extension(
        "credence.features.attribution._window",
        ["src/credence/features/attribution/_window.pyx"],
        extra_compile_args=COMPILE_ARGS,
    )
    tokens = Extension(
        "credence.features.attribution._tokens",
        ["src/credence/features/attribution/_tokens.pyx"],
        extra_compile_args=COMPILE_ARGS,
    )
    return cythonize([core, window, tokens], language_level=3, quiet=True)


setup(ext_modules=extensions(), cmdclass={"build_ext": OptionalBuildExt})
