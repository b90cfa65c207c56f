"""What `credence --version` and `credence extract` import: nothing heavy."""

import subprocess
import sys

HEAVY = ("sklearn", "scipy", "numpy", "joblib")

_RUN = """
import sys
from credence.cli import main
sys.argv = ["credence", *{arguments!r}]
try:
    main()
except SystemExit:
    pass
print("HEAVY:" + ",".join(sorted(m for m in {heavy!r} if m in sys.modules)))
"""


def _heavy_modules(*arguments: str, heavy: tuple[str, ...] = HEAVY) -> str:
    code = _RUN.format(arguments=list(arguments), heavy=heavy)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return done.stdout.strip().splitlines()[-1]


def test_startup_version_imports_nothing_heavy():
    assert _heavy_modules("--version") == "HEAVY:"


def test_startup_extract_imports_nothing_heavy(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Officials reportedly said at least 40 people died on Monday.\n")
    assert _heavy_modules("extract", str(article)) == "HEAVY:"


def test_startup_extract_of_one_article_starts_no_worker_pool(tmp_path):
    # A pool is only worth its start-up for many articles (`score` imports joblib, and with
    # it these modules, for its model files anyway).
    article = tmp_path / "a.txt"
    article.write_text("Officials reportedly said at least 40 people died on Monday.\n")
    pool = ("concurrent.futures.process", "multiprocessing.connection", "multiprocessing.pool")
    assert _heavy_modules("extract", str(article), "--workers", "2", heavy=pool) == "HEAVY:"


#: What scoring one sentence must not import: the claim-pair models (stance and agreement, and
#: scikit-learn's gradient boosting they unpickle) are read only when two claims are compared.
PAIR_MODELS = (
    "credence.models.agreement",
    "credence.models.stance",
    "sklearn.ensemble",
)


def test_startup_score_of_one_sentence_loads_no_pair_model(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Troops crossed the border on Monday, officials said.\n")
    assert _heavy_modules("score", str(article), heavy=PAIR_MODELS) == "HEAVY:"


#: What scoring one sentence must not import: scikit-learn (and joblib, scipy.stats it brings)
#: cost more than a second; the claims and uncertainty models are read from their numpy
#: arrays (credence.models.light) and claims are matched by credence's own TF-IDF.
SCIKIT_LEARN = ("sklearn", "joblib", "scipy.stats", "scipy.optimize")


def test_startup_score_of_one_sentence_imports_no_scikit_learn(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Troops reportedly crossed the border on Monday, officials said.\n")
    assert _heavy_modules("score", str(article), heavy=SCIKIT_LEARN) == "HEAVY:"


#: What scoring one sentence must not import either: scipy.sparse (about 0.13 s) is only
#: needed to compare two claims or more; a one-claim set keeps its TF-IDF row dense.
SPARSE = ("scipy.sparse", "scipy")


def test_startup_score_of_one_sentence_imports_no_scipy_sparse(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Troops reportedly crossed the border on Monday, officials said.\n")
    assert _heavy_modules("score", str(article), heavy=SPARSE) == "HEAVY:"


_COMPILED_DATE_PATTERNS = """
import sys
from credence.cli import main
from credence.features.date_scan import date_scanner
sys.argv = ["credence", "extract", {path!r}]
try:
    main()
except SystemExit:
    pass
patterns = date_scanner().patterns.by_start.values()
print("COMPILED:", len({{id(p) for p in patterns if p is not None}}))
"""


def test_startup_one_sentence_compiles_only_the_date_patterns_it_tries(tmp_path):
    # Each variant of the date pattern takes a few milliseconds to compile; there are about
    # 36, and compiling them all up front cost 0.1 s of a one-sentence score.
    article = tmp_path / "a.txt"
    article.write_text("Officials reportedly said at least 40 people died on Monday.\n")
    code = _COMPILED_DATE_PATTERNS.format(path=str(article))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    compiled = int(done.stdout.strip().splitlines()[-1].removeprefix("COMPILED: "))
    assert 1 <= compiled <= 8
