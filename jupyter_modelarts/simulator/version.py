"""The package version the simulator announces in ``X-ModelArts-Simulator``.

Callers use that header to tell the simulator from the cloud, so it must be
present even when the package runs from a source checkout that was never
installed (no distribution metadata): then the version comes from
``package.json``, the project's single source of truth for it.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import metadata
from pathlib import Path

_PACKAGE_JSON = Path(__file__).resolve().parents[2] / "package.json"


@cache
def package_version() -> str:
    try:
        return metadata.version("jupyter_modelarts")
    except metadata.PackageNotFoundError:
        pass
    try:
        version = json.loads(_PACKAGE_JSON.read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError, TypeError):
        return "unknown"
    return str(version)
