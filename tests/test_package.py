"""The installed distribution: extension registration, version and wheel contents."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from importlib.metadata import version
from pathlib import Path

import pytest

import jupyter_modelarts

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def run_jupyter(*args: str) -> str:
    """Run a `jupyter` subcommand of this environment; return stdout+stderr without colours."""
    done = subprocess.run(
        [str(BIN / "jupyter"), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return ANSI.sub("", done.stdout + done.stderr)


def test_server_extension_is_enabled_and_validates() -> None:
    output = run_jupyter("server", "extension", "list")

    assert re.search(r"^\s*jupyter_modelarts enabled\s*$", output, re.MULTILINE), output
    assert re.search(rf"^\s*jupyter_modelarts {re.escape(jupyter_modelarts.__version__)} OK", output, re.M)


def test_labextension_is_installed_enabled_and_ok() -> None:
    output = run_jupyter("labextension", "list")

    expected = f"jupyter-modelarts v{jupyter_modelarts.__version__} enabled OK (python, jupyter_modelarts)"
    assert expected in output, output


def test_python_and_npm_versions_agree() -> None:
    package_json = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))

    assert jupyter_modelarts.__version__ == package_json["version"]
    assert version("jupyter_modelarts") == package_json["version"]


def test_extension_points_name_our_app_and_labextension() -> None:
    from jupyter_modelarts.server.app import ModelArtsExtension

    (point,) = jupyter_modelarts._jupyter_server_extension_points()
    assert point == {"module": "jupyter_modelarts", "app": ModelArtsExtension}
    assert ModelArtsExtension.name == "jupyter_modelarts"
    assert jupyter_modelarts._jupyter_labextension_paths() == [
        {"src": "labextension", "dest": "jupyter-modelarts"}
    ]


def test_importing_the_package_does_not_load_the_server() -> None:
    """Kernels and the CLI import the package; jupyter_server and tornado must stay lazy."""
    probe = (
        "import sys, jupyter_modelarts; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('tornado', 'jupyter_server', 'IPython')))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)

    assert done.stdout.strip() == "[]"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built from this checkout (reusing the existing labextension build)."""
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    (built,) = out.glob("jupyter_modelarts-*.whl")
    return built


def test_wheel_ships_labextension_server_config_and_types(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    data = f"jupyter_modelarts-{jupyter_modelarts.__version__}.data/data"
    labextension = f"{data}/share/jupyter/labextensions/jupyter-modelarts"

    expected = {
        f"{labextension}/package.json",
        f"{labextension}/install.json",
        f"{labextension}/static/style.js",
        f"{labextension}/schemas/jupyter-modelarts/plugin.json",
        f"{data}/etc/jupyter/jupyter_server_config.d/jupyter_modelarts.json",
        "jupyter_modelarts/py.typed",
        "jupyter_modelarts/_version.py",
        "jupyter_modelarts/server/app.py",
    }
    assert expected <= names, sorted(expected - names)
    assert any(re.fullmatch(rf"{labextension}/static/remoteEntry\.[0-9a-f]+\.js", n) for n in names)
    assert not [n for n in names if n.startswith(("tests/", "src/", "ui-tests/", "node_modules/"))]


def test_wheel_server_config_enables_the_extension(wheel: Path) -> None:
    name = (
        f"jupyter_modelarts-{jupyter_modelarts.__version__}.data/data/"
        "etc/jupyter/jupyter_server_config.d/jupyter_modelarts.json"
    )
    config = json.loads(zipfile.ZipFile(wheel).read(name))

    assert config == {"ServerApp": {"jpserver_extensions": {"jupyter_modelarts": True}}}


def test_wheel_passes_check_wheel_contents(wheel: Path) -> None:
    done = subprocess.run(
        [str(BIN / "check-wheel-contents"), str(wheel)], capture_output=True, text=True, cwd=ROOT
    )

    assert done.returncode == 0, done.stdout + done.stderr
