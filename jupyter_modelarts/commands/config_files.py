"""The Jupyter configuration files the command line reads for ``c.ModelArts.*``.

``jupyter modelarts`` reads the same ``c.ModelArts`` section as the server
extension, from these files in every directory of the Jupyter config path
(``jupyter --paths``: ``JUPYTER_CONFIG_DIR`` or ``~/.jupyter``, then the
environment's and the system's ``etc/jupyter``):

1. ``jupyter_server_config.json`` / ``.py`` (what the server extension reads);
2. ``jupyter_modelarts_config.json`` / ``.py`` (settings only for this tool).

A directory earlier in the path wins over a later one, and within one
directory ``jupyter_modelarts_config`` wins over ``jupyter_server_config``
and ``.json`` over ``.py`` (traitlets' rule for one file name, which the server follows).  Each
trait remembers the file that set it, so ``config`` can say which one won.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field

from jupyter_core.paths import jupyter_config_path
from traitlets.config import Config
from traitlets.config.loader import JSONFileConfigLoader, PyFileConfigLoader

from jupyter_modelarts.core.errors import ConfigurationError

BASENAMES = ("jupyter_server_config", "jupyter_modelarts_config")
_LOADERS = ((".py", PyFileConfigLoader), (".json", JSONFileConfigLoader))  # later wins


@dataclass
class LoadedConfig:
    config: Config = field(default_factory=Config)
    files: list[str] = field(default_factory=list)  # read, lowest priority first
    setting_files: dict[str, str] = field(default_factory=dict)  # ModelArts trait -> file that set it


def _read(loader_cls: type[JSONFileConfigLoader | PyFileConfigLoader], name: str, directory: str) -> Config:
    path = os.path.join(directory, name)
    try:
        config: Config = loader_cls(name, path=directory).load_config()
        return config
    except Exception as error:  # the file is the user's code: any failure is a configuration problem
        # Only the kind and line: the text of a broken line may be a secret being typed in.
        line = getattr(error, "lineno", None)
        where = f" at line {line}" if line else ""
        raise ConfigurationError(
            f"Cannot read the Jupyter config file {path}: {type(error).__name__}{where}.",
            hint="Fix or move the file; 'jupyter --paths' lists where Jupyter looks.",
        ) from None


def load_jupyter_config(directories: Sequence[str] | None = None) -> LoadedConfig:
    """Merge the files above from ``directories`` (default: the Jupyter config path)."""
    loaded = LoadedConfig()
    for directory in reversed(list(jupyter_config_path() if directories is None else directories)):
        for base in BASENAMES:
            for extension, loader_cls in _LOADERS:
                name = base + extension
                if not os.path.isfile(os.path.join(directory, name)):
                    continue
                config = _read(loader_cls, name, directory)
                loaded.config.merge(config)
                path = os.path.join(directory, name)
                loaded.files.append(path)
                section = dict.get(config, "ModelArts") or {}
                loaded.setting_files.update(dict.fromkeys(section, path))
    return loaded
