"""The glue between the REST handlers and the core: one instance per Jupyter server, no tornado.

It owns what the server shares between requests: the configuration checked at
start (:class:`Setup`), the admin policy, the presets, the catalogue cache and
the one :class:`ModelArtsClient`, created on first use (on the server's event
loop, which it is then bound to) and closed when the extension stops.

Launch forms ask for flavors and images on every open, and the create check
needs both again, while the catalogue changes rarely: one upstream fetch per
``c.ModelArts.catalog_cache_ttl`` seconds serves them all. Concurrent requests
for a stale list wait for a single fetch instead of each starting one, and a
failed fetch is never cached (the next request tries again).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from jupyter_modelarts._version import __version__
from jupyter_modelarts.core.client import ModelArtsClient
from jupyter_modelarts.core.connect import retry_policy
from jupyter_modelarts.core.contract import Flavor, Image, ImageListQuery, ImageType
from jupyter_modelarts.core.errors import (
    ConfigurationError,
    ContractError,
    ErrorKind,
    ModelArtsError,
    UpstreamError,
)
from jupyter_modelarts.core.policy.presets import Preset, resolve_presets
from jupyter_modelarts.core.policy.rules import Policy
from jupyter_modelarts.core.settings import ModelArts
from jupyter_modelarts.server.errors import http_error
from jupyter_modelarts.server.schemas import PollHints, QuotaView, StatusView

_REFUSED = (ErrorKind.AUTH, ErrorKind.FORBIDDEN)
# GET status must answer even when ModelArts does not: its quota probe gets this long.
STATUS_PROBE_SECONDS = 5.0
CONFIG_HINT = (
    "Set the c.ModelArts options in jupyter_server_config.py, or the MODELARTS_REGION / MODELARTS_ENDPOINT "
    "and HUAWEICLOUD_SDK_AK / HUAWEICLOUD_SDK_SK / HUAWEICLOUD_SDK_PROJECT_ID variables, then restart "
    "the server (`python -m jupyter_modelarts.server --help-all` documents every option)."
)


@dataclass
class Setup:
    """The configuration as the extension will use it, and what is wrong with it, in three groups.

    * ``blocking``: invalid traits or an invalid admin policy: no ModelArts call at all;
    * ``presets_problem``: a broken preset list: only the preset endpoints fail;
    * connection problems (endpoint, credentials) are re-checked on every use by
      :meth:`ModelArts.describe`, so fixing the environment or the profile file
      does not need a restart.
    """

    settings: ModelArts
    policy: Policy | None
    blocking: list[str] = field(default_factory=list)
    presets: list[Preset] | None = None  # None when c.ModelArts.presets is a callable
    presets_problem: str | None = None


T = TypeVar("T")


class TtlCache(Generic[T]):
    """One value, loaded on demand and kept for ``ttl`` seconds (0: never kept)."""

    def __init__(self, ttl: float, clock: Callable[[], float] = time.monotonic) -> None:
        self._ttl = ttl
        self._clock = clock
        self._value: T | None = None
        self._expires = 0.0
        self._pending: asyncio.Future[T] | None = None

    async def fetch(self, load: Callable[[], Awaitable[T]], *, refresh: bool = False) -> T:
        if not refresh and self._value is not None and self._clock() < self._expires:
            return self._value
        if self._pending is None:
            # A refresh joins a fetch already under way: that one is fresh too.
            self._pending = asyncio.ensure_future(self._load(load))
        # shield: a caller that goes away must not cancel the fetch the others wait for.
        return await asyncio.shield(self._pending)

    async def _load(self, load: Callable[[], Awaitable[T]]) -> T:
        try:
            value = await load()
            if self._ttl > 0:
                self._value, self._expires = value, self._clock() + self._ttl
            return value
        finally:
            self._pending = None


class Catalog:
    """Flavors and images of the project, as ModelArts lists them (unfiltered; see :class:`Policy`)."""

    def __init__(self, ttl: float) -> None:
        self._flavors: TtlCache[list[Flavor]] = TtlCache(ttl)
        self._images: TtlCache[list[Image]] = TtlCache(ttl)

    async def flavors(self, client: ModelArtsClient, *, refresh: bool = False) -> list[Flavor]:
        return await self._flavors.fetch(client.all_flavors, refresh=refresh)

    async def images(self, client: ModelArtsClient, *, refresh: bool = False) -> list[Image]:
        async def load() -> list[Image]:
            # Without `type` ModelArts may list only built-in images; a user's own images count too.
            built_in, own = await asyncio.gather(
                client.all_images(ImageListQuery(type=ImageType.BUILD_IN)),
                client.all_images(ImageListQuery(type=ImageType.DEDICATED)),
            )
            unique: dict[str | None, Image] = {}
            for image in [*built_in, *own]:
                unique.setdefault(image.id, image)
            return list(unique.values())

        return await self._images.fetch(load, refresh=refresh)

    async def images_including(self, client: ModelArtsClient, image_id: str | None) -> list[Image]:
        """The image list, plus ``image_id`` looked up on its own when the list lacks it.

        Images shared with the project, or created after the list was cached, are then still
        found; an id ModelArts does not know stays missing and the policy reports it.
        """
        images = await self.images(client)
        if not image_id or any(i.id == image_id for i in images):
            return images
        try:
            return [*images, await client.show_image(image_id)]
        except ContractError:
            return images  # not an image id at all: the contract check reports it
        except UpstreamError as error:
            if error.kind is ErrorKind.NOT_FOUND:
                return images
            raise


class ModelArtsService:
    def __init__(self, setup: Setup, log: logging.Logger) -> None:
        self.setup = setup
        self.settings = setup.settings
        self.log = log
        self.catalog = Catalog(setup.settings.catalog_cache_ttl)
        self._client: ModelArtsClient | None = None

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
            self._client = ModelArtsClient(
                settings.resolved_endpoint().url,
                settings.resolved_credentials(),
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
                late = f"ModelArts did not answer the quota request within {STATUS_PROBE_SECONDS:g} s."
                problems.append(late if isinstance(error, TimeoutError) else http_error(error).body.message)
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
