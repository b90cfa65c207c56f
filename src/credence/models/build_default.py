"""Build the default models that ship inside the package, from ../shared/data.

Run from the repository root::

    python -m credence.models.build_default --data ../shared/data

It trains, with fixed seeds, the models ``Scorer.load()`` uses and writes them to
``src/credence/models/default/{stance,uncertainty,claims,agreement}/`` (each ``model.joblib``
beside ``meta.json`` with data hashes, metrics and versions), plus ``default/MANIFEST.json``
summarising them (``--only KIND`` builds one). The same data and library versions give the
same models.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from credence import __version__
from credence.models.persistence import MODEL_FILE, read_meta

__all__ = ["build_default_models"]

DEFAULT_DIR = Path(__file__).resolve().parent / "default"
# Where each builder reads from, relative to ../shared/data ("" = the data root itself).
_DATA_SUBDIR = {
    "claims": "checkworthiness/clef2019/training",
    "uncertainty": "",
    "stance": "fnc1",
    "agreement": "",
}
_KINDS = ("claims", "uncertainty", "stance", "agreement")


def build_default_models(
    data_dir: Path,
    out_dir: Path = DEFAULT_DIR,
    kinds: tuple[str, ...] = _KINDS,
) -> dict[str, Any]:
    """Train every default model of ``kinds`` from ``data_dir`` into ``out_dir``."""
    from credence.models.agreement import train_default_agreement
    from credence.models.checkworthiness import train_default_checkworthiness
    from credence.models.stance import train_default_stance
    from credence.models.uncertainty import train_default_uncertainty

    builders = {
        "claims": train_default_checkworthiness,
        "uncertainty": train_default_uncertainty,
        "stance": train_default_stance,
        "agreement": train_default_agreement,
    }
    if not (data_dir / "README.md").is_file():
        raise SystemExit(f"Error: {data_dir}: labelled data not found (expected ../shared/data)")
    out_dir.mkdir(parents=True, exist_ok=True)
    summary: dict[str, Any] = {"credence_version": __version__, "models": {}}
    manifest_path = out_dir / "MANIFEST.json"
    if manifest_path.is_file():
        summary["models"] = json.loads(manifest_path.read_text()).get("models", {})
    for kind in kinds:
        started = time.perf_counter()
        source = data_dir / _DATA_SUBDIR[kind] if _DATA_SUBDIR[kind] else data_dir
        metrics = builders[kind](source, out_dir / kind)
        meta = read_meta(out_dir / kind)
        summary["models"][kind] = {
            "seconds": round(time.perf_counter() - started, 1),
            "bytes": (out_dir / kind / MODEL_FILE).stat().st_size,
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
    parser.add_argument("--only", choices=list(_KINDS), action="append")
    args = parser.parse_args()
    build_default_models(args.data, args.out, tuple(args.only or _KINDS))


if __name__ == "__main__":
    main()
