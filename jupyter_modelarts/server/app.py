"""The Jupyter Server extension application: configuration checked at start, the service, routes.

Shaped like jupyter-scheduler's ``extension.py``: ``initialize_settings`` only
assembles the service and stores it in the tornado settings, where handlers
find it; ``stop_extension`` closes what it opened. Nothing here can fail the
server: a broken setting must not take JupyterLab down with it, and must not be
silently dropped either (an invalid ``allowed_flavors`` ignored would allow
every flavor). So every problem is collected as a plain sentence (never
containing a secret), logged, reported by ``GET modelarts/status``, and
ModelArts calls are refused with a 503 saying it until the configuration is fixed.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from typing import Any

from jupyter_server.extension.application import ExtensionApp
from jupyter_server.serverapp import ServerApp

from jupyter_modelarts.core.auth.credentials import ENV_AK, ENV_IAM_TOKEN, ENV_SECURITY_TOKEN, ENV_SK
from jupyter_modelarts.core.auth.secrets import redact_all_logs
from jupyter_modelarts.core.errors import ConfigurationError
from jupyter_modelarts.core.policy.presets import normalise_presets
from jupyter_modelarts.core.policy.rules import Policy
from jupyter_modelarts.core.settings import SECRET_TRAITS, SECTION, ModelArts, load_settings
from jupyter_modelarts.server.handlers import SERVICE
from jupyter_modelarts.server.routes import routes
from jupyter_modelarts.server.service import ModelArtsService, Setup


class ModelArtsExtension(ExtensionApp):
    """Serves the ``<base_url>/modelarts/...`` REST API to the JupyterLab front end.

    Deliberately not named ``ModelArts``: that traitlets config section
    (``c.ModelArts.*``) belongs to the core ``ModelArts`` Configurable, which the
    server, the magics and the CLI all share. Listing it in ``classes`` puts it
    in ``--help-all``.
    """

    name = "jupyter_modelarts"
    description = "Huawei Cloud ModelArts notebook instances, through a validating, signing REST proxy."
    classes: list[Any] = [*ExtensionApp.classes, ModelArts]

    service: ModelArtsService

    def _link_jupyter_server_extension(self, serverapp: ServerApp) -> None:
        # Linking logs the whole configuration at DEBUG level: scrub credentials from it first.
        guard_logs(serverapp.config)
        super()._link_jupyter_server_extension(serverapp)

    def initialize_settings(self) -> None:
        settings, problems = load_settings(self)
        setup = check_setup(settings, problems, self.log)
        log_setup(setup, self.log)
        self.service = ModelArtsService(setup, self.log)
        self.settings[SERVICE] = self.service

    def initialize_handlers(self) -> None:
        # Extend the `handlers` trait rather than shadowing it, so handlers added by configuration stay.
        self.handlers.extend(routes(legacy_api=self.service.settings.legacy_api))

    async def stop_extension(self) -> None:
        await self.service.aclose()


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
        info.get("endpoint"),
        info.get("endpoint_source"),
        info.get("region") or "-",
        info.get("project_id"),
        info.get("credential_kind"),
        info.get("credential_source"),
    )


def guard_logs(config: Mapping[str, Any], env: Mapping[str, str] | None = None) -> None:
    """Scrub the configured credentials from every later log record of this process.

    Defence in depth: our code never logs a secret, but jupyter_server, traitlets and every other
    extension application log the whole configuration at DEBUG level ("Config changed: ..."),
    ``c.ModelArts.secret_key`` included when an administrator put it in a config file.
    """
    env = os.environ if env is None else env
    section = config.get(SECTION, {})
    values = [section.get(name) for name in sorted(SECRET_TRAITS)]
    values += [env.get(name) for name in (ENV_AK, ENV_SK, ENV_SECURITY_TOKEN, ENV_IAM_TOKEN)]
    redact_all_logs(value for value in values if isinstance(value, str))
