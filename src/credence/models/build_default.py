"""Build the default models that ship inside the package, from ../shared/data.

Run from the repository root::

    python -m credence.models.build_default --data ../shared/data

It trains, with fixed seeds, the default model of every registered kind that names a
builder (:mod:`credence.models.kinds`) and writes them to
``src/credence/models/default/<kind>/`` (each ``model.joblib`` beside ``meta.json`` with data
hashes, metrics and versions), plus ``default/MANIFEST.json`` summarising them.
The same data and library versions give the same models.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from credence import __version__
from credence.models.kinds import REGISTRY, get_kind
from credence.models.persistence import MODEL_FILE, read_meta

__all__ = ["build_default_models", "default_kinds"]

DEFAULT_DIR = Path(__file__).resolve().parent / "default"


def default_kinds() -> tuple[str, ...]:
    """The registered kinds that ship a default model (their entry names a builder)."""
    return tuple(name for name, kind in REGISTRY.items() if kind.build_default is not None)


def build_default_models(
    data_dir: Path,
    out_dir: Path = DEFAULT_DIR,
    kinds: tuple[str, ...] | None = None,
    lean_readings: Path | None = None,
) -> dict[str, Any]:
    """Train every default model of ``kinds`` (default: all) from ``data_dir`` into
    ``out_dir``, each with the builder and data sub-directory its registry entry names.

    ``lean_readings``: an ``.npz`` of the lean reader's cross-fitted readings, read when it
    exists and else written there (:func:`credence.models.lean_training.train_default_lean`).
    """
    if not (data_dir / "README.md").is_file():
        raise SystemExit(f"Error: {data_dir}: labelled data not found (expected ../shared/data)")
    out_dir.mkdir(parents=True, exist_ok=True)
    summary: dict[str, Any] = {"credence_version": __version__, "models": {}}
    manifest_path = out_dir / "MANIFEST.json"
    if manifest_path.is_file():
        summary["models"] = json.loads(manifest_path.read_text()).get("models", {})
    for kind in kinds or default_kinds():
        entry = get_kind(kind)
        started = time.perf_counter()
        # "" names the data root itself (the uncertainty builder reads several corpora).
        source = data_dir / entry.default_data if entry.default_data else data_dir
        # The lean reader: its cross-fitted readings take most of its build (three stance and
        # agreement fits), so they can be kept and reused.
        options = {"readings": lean_readings} if kind == "lean" and lean_readings else {}
        metrics = entry.function("build_default")(source, out_dir / kind, **options)
        meta = read_meta(out_dir / kind)
        summary["models"][kind] = {
            "seconds": round(time.perf_counter() - started, 1),
            # The attribution tagger is a CRFsuite file, named in its meta.json.
            "bytes": (out_dir / kind / meta.get("model_file", MODEL_FILE)).stat().st_size,
            "model_sha256": meta["model_sha256"],
            "training_data_sha256": meta["training_data_sha256"],
            "metrics": metrics,
        }
        print(f"{kind}: {json.dumps(summary['models'][kind]['metrics'])[:400]}")
    manifest_path.write_text(json.dumps(summary, indent=2, sort_keys=True) + "\n")
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--only", choices=default_kinds(), action="append")
    parser.add_argument(
        "--lean-readings",
        type=Path,
        default=None,
        help="The lean reader's cross-fitted readings (.npz): reused when the file exists, "
        "else written there.",
    )
    args = parser.parse_args()
    build_default_models(
        args.data, args.out, tuple(args.only) if args.only else None, args.lean_readings
    )


if __name__ == "__main__":
    main()
