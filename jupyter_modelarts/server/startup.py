"""Reading ``c.ModelArts`` once at server start, without ever failing the server.

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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from traitlets import TraitError
from traitlets.config import Configurable
from traitlets.config.loader import LazyConfigValue

from ..core.credentials import ENV_AK, ENV_IAM_TOKEN, ENV_SECURITY_TOKEN, ENV_SK
from ..core.errors import ConfigurationError
from ..core.policy import Policy
from ..core.presets import Preset, normalise_presets
from ..core.secrets import RedactingFilter
from ..core.settings import ModelArts

SECTION = "ModelArts"
# Traits whose value must not appear in a message, even when it is invalid.
SECRET_TRAITS = frozenset({"access_key", "secret_key", "security_token", "iam_token"})


@dataclass
class Setup:
    """The configuration as the extension will use it, and what is wrong with it."""

    settings: ModelArts
    policy: Policy | None
    blocking: list[str] = field(default_factory=list)
    presets: list[Preset] | None = None  # None when c.ModelArts.presets is a callable
    presets_problem: str | None = None


def _trait_problem(name: str, error: TraitError) -> str:
    if name in SECRET_TRAITS:
        return f"c.ModelArts.{name} has an invalid value (not shown: it is a secret)."
    text = str(error).strip()
    return text if text.startswith("c.ModelArts.") else f"c.ModelArts.{name}: {text}"


def load_settings(parent: Configurable) -> tuple[ModelArts, list[str]]:
    """``ModelArts(parent=parent)``, or, if a trait is invalid, defaults plus every problem.

    Traits are then set one by one so that every invalid one is named, not just the first.
    """
    try:
        return ModelArts(parent=parent), []
    except TraitError:
        pass
    settings = ModelArts()
    problems: list[str] = []
    section: dict[str, Any] = dict(parent.config.get(SECTION, {}))
    for name, value in section.items():
        if not settings.has_trait(name):
            continue  # traitlets already warns about unknown options
        if isinstance(value, LazyConfigValue):  # c.ModelArts.x.append(...) style
            value = value.get_value(getattr(settings, name))
        try:
            setattr(settings, name, value)
        except TraitError as error:
            problems.append(_trait_problem(name, error))
    return settings, problems or ["c.ModelArts has an invalid value."]


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


def guard_logs(
    loggers: Iterable[logging.Logger], config: Mapping[str, Any], env: Mapping[str, str] | None = None
) -> None:
    """Scrub the configured credentials from every later record of ``loggers``.

    Defence in depth: our code never logs a secret, but jupyter_server and
    traitlets log the whole configuration at DEBUG level ("Config changed: ..."),
    ``c.ModelArts.secret_key`` included when an administrator put it in a config
    file. The first such line is written before any extension code runs; every
    one after the extension is linked goes through this filter.
    """
    env = os.environ if env is None else env
    section = config.get(SECTION, {})
    values = [section.get(name) for name in sorted(SECRET_TRAITS)]
    values += [env.get(name) for name in (ENV_AK, ENV_SK, ENV_SECURITY_TOKEN, ENV_IAM_TOKEN)]
    secrets = [value for value in values if isinstance(value, str) and value.strip()]
    if not secrets:
        return
    for logger in loggers:
        logger.addFilter(RedactingFilter(secrets))
