"""The glue between the REST handlers and the core: one instance per Jupyter server, no tornado.

It owns what the server shares between requests: the configuration read at
start (:mod:`.startup`), the admin policy, the presets, the catalogue cache and
the one :class:`ModelArtsClient`, created on first use (on the server's event
loop, which it is then bound to) and closed when the extension stops.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from jupyter_modelarts._version import __version__
from jupyter_modelarts.core.client import ModelArtsClient
from jupyter_modelarts.core.connect import retry_policy
from jupyter_modelarts.core.errors import ConfigurationError, ErrorKind, ModelArtsError, UpstreamError
from jupyter_modelarts.core.policy.presets import Preset, resolve_presets
from jupyter_modelarts.core.policy.rules import Policy
from jupyter_modelarts.server.catalog import Catalog
from jupyter_modelarts.server.errors import http_error
from jupyter_modelarts.server.schemas import PollHints, QuotaView, StatusView
from jupyter_modelarts.server.startup import Setup

_REFUSED = (ErrorKind.AUTH, ErrorKind.FORBIDDEN)
# GET status must answer even when ModelArts does not: its quota probe gets this long.
STATUS_PROBE_SECONDS = 5.0
CONFIG_HINT = (
    "Set the c.ModelArts options in jupyter_server_config.py, or the MODELARTS_REGION / MODELARTS_ENDPOINT "
    "and HUAWEICLOUD_SDK_AK / HUAWEICLOUD_SDK_SK / HUAWEICLOUD_SDK_PROJECT_ID variables, then restart "
    "the server (`python -m jupyter_modelarts.server --help-all` documents every option)."
)


class ModelArtsService:
    def __init__(self, setup: Setup, log: logging.Logger) -> None:
        self.setup = setup
        self.settings = setup.settings
        self.log = log
        self.catalog = Catalog(setup.settings.catalog_cache_ttl)
        self._client: ModelArtsClient | None = None

    # -- configuration ----------------------------------------------------------

    def _refuse_if_blocked(self) -> None:
        if self.setup.blocking:
            raise ConfigurationError(" ".join(self.setup.blocking), hint="Fix it and restart the server.")

    def client(self) -> ModelArtsClient:
        """The server's client; ConfigurationError while endpoint or credentials are missing.

        A failed resolution is not remembered: fixing the environment or the
        profile file takes effect on the next request.
        """
        if self._client is None:
            self._refuse_if_blocked()
            settings = self.settings
            where = settings.resolved_endpoint()
            credentials = settings.resolved_credentials()
            self._client = ModelArtsClient(
                where.url,
                credentials,
                timeout=settings.request_timeout,
                connect_timeout=settings.connect_timeout,
                retry=retry_policy(settings),
            )
            self.log.info("jupyter-modelarts: connected %r", self._client)
        return self._client

    @property
    def policy(self) -> Policy:
        self._refuse_if_blocked()
        assert self.setup.policy is not None  # set whenever nothing blocks
        return self.setup.policy

    async def presets(self, user: Any) -> list[Preset]:
        """The presets for ``user``: the list normalised at start, or the callable's answer."""
        if self.setup.presets_problem:
            raise ConfigurationError(self.setup.presets_problem)
        if self.setup.presets is not None:
            return self.setup.presets
        return await resolve_presets(self.settings.presets, user, log=self.log, policy=self.policy)

    def server_now_ms(self) -> int:
        return self.client().server_now_ms()

    async def aclose(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            await client.aclose()

    # -- status -------------------------------------------------------------------

    async def status(self) -> StatusView:
        """Configured or not and why; where ModelArts is; the quota when it answers. Never raises."""
        info = self.settings.describe()
        problems = [*self.setup.blocking, *info["problems"]]
        configured = not problems
        if self.setup.presets_problem:
            problems.append(self.setup.presets_problem)
        quota: QuotaView | None = None
        client: ModelArtsClient | None = None
        if configured:
            try:
                client = self.client()
                answer = await asyncio.wait_for(client.notebook_quota(), STATUS_PROBE_SECONDS)
                quota = QuotaView(used=answer.used, quota=answer.quota)
            except (ModelArtsError, TimeoutError) as error:
                problems.append(self._probe_problem(error))
                # Refused credentials are a configuration problem; a slow ModelArts is not.
                refused = isinstance(error, UpstreamError) and error.kind in _REFUSED
                configured = not (refused or isinstance(error, ConfigurationError))
        policy = self.setup.policy
        return StatusView(
            version=__version__,
            configured=configured,
            problems=problems,
            hint=CONFIG_HINT if problems and not configured else None,
            region=info.get("region"),
            project_id=info.get("project_id"),
            endpoint=info.get("endpoint"),
            endpoint_source=info.get("endpoint_source"),
            endpoint_kind=client.endpoint_kind if client else "unknown",
            credential_source=info.get("credential_source"),
            quota=quota,
            poll=PollHints(
                fast_seconds=self.settings.poll_interval_fast, slow_seconds=self.settings.poll_interval_slow
            ),
            legacy_api=self.settings.legacy_api,
            max_lease_ms=policy.max_lease_ms if policy else None,
            server_time_ms=client.server_now_ms() if client else int(time.time() * 1000),
        )

    @staticmethod
    def _probe_problem(error: BaseException) -> str:
        if isinstance(error, TimeoutError):
            return f"ModelArts did not answer the quota request within {STATUS_PROBE_SECONDS:g} s."
        return http_error(error).body.message
