"""Reading the Huawei Cloud SDK profile file (``~/.huaweicloud/credentials``).

The file is INI, as huaweicloudsdkcore's ``ProfileCredentialProvider`` reads
it (docs/modelarts-api.md §9.5).  Two differences, both deliberate: interpolation is
off, so a ``%`` in a value is taken literally instead of crashing the
parser; and parse errors are reported by line number only, because
configparser's own messages quote the offending line, which may hold a key.
"""

from __future__ import annotations

import configparser
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from jupyter_modelarts.core.errors import ConfigurationError

ENV_CREDENTIALS_FILE = "HUAWEICLOUD_SDK_CREDENTIALS_FILE"


def locate_profile(
    configured: str | None, setting: str, env: Mapping[str, str], home: Path
) -> tuple[Path, str | None]:
    """The file to read and who named it: ``setting`` > HUAWEICLOUD_SDK_CREDENTIALS_FILE > home default.

    Nobody named the default file, so its absence is not an error.
    """
    if configured and configured.strip():
        return Path(configured.strip()).expanduser(), setting
    if env.get(ENV_CREDENTIALS_FILE, "").strip():
        return Path(env[ENV_CREDENTIALS_FILE].strip()).expanduser(), ENV_CREDENTIALS_FILE
    return home / ".huaweicloud" / "credentials", None


@dataclass(frozen=True)
class ProfileSection:
    path: Path
    name: str
    values: Mapping[str, str] = field(repr=False)  # may hold secrets


def _parse_error(path: Path, error: configparser.Error) -> ConfigurationError:
    if isinstance(error, configparser.MissingSectionHeaderError):
        detail = f"line {error.lineno} comes before any [section] header"
    elif isinstance(error, configparser.ParsingError):
        detail = "line(s) " + ", ".join(str(lineno) for lineno, _ in error.errors) + " are not 'key = value'"
    elif isinstance(error, configparser.DuplicateSectionError):
        detail = f"section [{error.section}] appears twice (line {error.lineno})"
    elif isinstance(error, configparser.DuplicateOptionError):
        detail = f"key {error.option!r} appears twice in [{error.section}] (line {error.lineno})"
    else:
        detail = "it is not a valid INI file"
    return ConfigurationError(
        f"The credentials file {path} cannot be parsed: {detail}.",
        hint="Expected INI lines such as: [basic] / ak = ... / sk = ... / project_id = ...",
    )


def read_profile_section(path: Path, section: str, *, required_by: str | None = None) -> ProfileSection | str:
    """Return ``[section]`` of the file at ``path``, or why it is not there.

    A file or section that is absent is an error only when ``required_by``
    names who asked for it (a setting, an environment variable, or
    ``credential_source=profile``).  A file that exists but cannot be read or
    parsed is always an error.
    """
    if not path.exists():
        if required_by:
            raise ConfigurationError(
                f"The credentials file {path} (required by {required_by}) does not exist.",
                hint="Create it with a [basic] section holding ak, sk and project_id, or fix the path.",
            )
        return f"{path} (not found)"
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ConfigurationError(f"The credentials file {path} is not UTF-8 text.") from None
    except OSError as error:
        raise ConfigurationError(f"Cannot read the credentials file {path}: {error.strerror}.") from None
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(text, source=str(path))
    except configparser.Error as error:
        # "from None": the original exception's message quotes file content.
        raise _parse_error(path, error) from None
    if not parser.has_section(section):
        found = ", ".join(f"[{name}]" for name in parser.sections()) or "none"
        if required_by:
            raise ConfigurationError(
                f"The credentials file {path} has no [{section}] section (sections found: {found}).",
                hint=f"Add a [{section}] section with ak, sk and project_id.",
            )
        return f"{path} (no [{section}] section)"
    return ProfileSection(path, section, dict(parser.items(section)))
