"""Checking ``c.ModelArts`` once at server start, without ever failing the server.

A broken setting must not take JupyterLab down with it, and must not be
silently dropped either: an invalid ``allowed_flavors`` ignored would allow
every flavor. So everything that can be wrong is collected here as plain
sentences (never containing a secret) and the extension then refuses to call
ModelArts, answering 503 with those sentences, until the configuration is fixed.

Three groups of problems, because they block different things:

* ``blocking``: invalid traits or an invalid admin policy: no ModelArts call at all;
* ``presets_problem``: a broken preset list: only the preset endpoints fail;
* connection problems (endpoint, credentials) are re-checked on every use by
  :meth:`ModelArts.describe`, so fixing the environment or the profile file
  does not need a restart.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from jupyter_modelarts.core.auth.credentials import ENV_AK, ENV_IAM_TOKEN, ENV_SECURITY_TOKEN, ENV_SK
from jupyter_modelarts.core.auth.secrets import redact_all_logs
from jupyter_modelarts.core.errors import ConfigurationError
from jupyter_modelarts.core.policy.presets import Preset, normalise_presets
from jupyter_modelarts.core.policy.rules import Policy
from jupyter_modelarts.core.settings import ModelArts
from jupyter_modelarts.core.settings_load import SECRET_TRAITS, SECTION


@dataclass
class Setup:
    """The configuration as the extension will use it, and what is wrong with it."""

    settings: ModelArts
    policy: Policy | None
    blocking: list[str] = field(default_factory=list)
    presets: list[Preset] | None = None  # None when c.ModelArts.presets is a callable
    presets_problem: str | None = None


def check_setup(settings: ModelArts, blocking: list[str], log: logging.Logger) -> Setup:
    """Build the policy and normalise a preset list once (kubespawner's profile_list rule)."""
    problems = list(blocking)
    policy: Policy | None = None
    try:
        policy = Policy.from_settings(settings)
    except ConfigurationError as error:
        problems.append(str(error))
    setup = Setup(settings, None if problems else policy, problems)
    if callable(settings.presets):
        return setup  # resolved per request, with the user
    try:
        setup.presets = normalise_presets(settings.presets, log=log, policy=policy)
    except ConfigurationError as error:
        setup.presets_problem = str(error)
    return setup


def log_setup(setup: Setup, log: logging.Logger) -> None:
    """One line per problem at start-up, or one line saying where ModelArts is; never a secret."""
    info = setup.settings.describe()
    problems = [*setup.blocking, *info["problems"]]
    for problem in problems:
        log.warning("jupyter-modelarts: %s", problem)
    if setup.presets_problem:
        log.warning("jupyter-modelarts: %s", setup.presets_problem)
    if problems:
        log.warning(
            "jupyter-modelarts: ModelArts calls are refused (HTTP 503) until the configuration is fixed; "
            "GET <base_url>/modelarts/status lists the problems."
        )
        return
    log.info(
        "jupyter-modelarts: ModelArts at %s (%s), region %s, project %s, %s credentials from %s",
        info.get("endpoint"), info.get("endpoint_source"), info.get("region") or "-",
        info.get("project_id"), info.get("credential_kind"), info.get("credential_source"),
    )  # fmt: skip


def guard_logs(config: Mapping[str, Any], env: Mapping[str, str] | None = None) -> None:
    """Scrub the configured credentials from every later log record of this process.

    Defence in depth: our code never logs a secret, but jupyter_server,
    traitlets and every other extension application log the whole
    configuration at DEBUG level ("Config changed: ..."),
    ``c.ModelArts.secret_key`` included when an administrator put it in a
    config file. Records made after the extension is linked are cleaned
    (core/auth/secrets.py ``redact_all_logs``).
    """
    env = os.environ if env is None else env
    section = config.get(SECTION, {})
    values = [section.get(name) for name in sorted(SECRET_TRAITS)]
    values += [env.get(name) for name in (ENV_AK, ENV_SK, ENV_SECURITY_TOKEN, ENV_IAM_TOKEN)]
    redact_all_logs(value for value in values if isinstance(value, str))
