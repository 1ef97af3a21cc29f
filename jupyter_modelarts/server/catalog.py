"""The flavor and image catalogue, cached briefly and shared by every request of the server.

Launch forms ask for flavors and images on every open, and the create check
needs both again, while the catalogue changes rarely: one upstream fetch per
``c.ModelArts.catalog_cache_ttl`` seconds serves them all. Concurrent requests
for a stale list wait for a single fetch instead of each starting one, and a
failed fetch is never cached (the next request tries again).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

from jupyter_modelarts.core.client import ModelArtsClient
from jupyter_modelarts.core.contract import Flavor, Image, ImageListQuery, ImageType
from jupyter_modelarts.core.errors import ContractError, ErrorKind, FieldProblem, UpstreamError, preview
from jupyter_modelarts.core.policy.rules import Policy

T = TypeVar("T")


class TtlCache(Generic[T]):
    """One value, loaded on demand and kept for ``ttl`` seconds (0: never kept)."""

    def __init__(self, ttl: float, clock: Callable[[], float] = time.monotonic) -> None:
        self._ttl = ttl
        self._clock = clock
        self._value: T | None = None
        self._expires = 0.0
        self._pending: asyncio.Future[T] | None = None

    def clear(self) -> None:
        self._value, self._expires = None, 0.0

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

        Images shared with the project, or created after the list was cached, are
        then still found; an id ModelArts does not know stays missing and the
        policy reports it.
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

    def clear(self) -> None:
        self._flavors.clear()
        self._images.clear()


def find_flavor(flavors: Sequence[Flavor], flavor_id: str, location: str) -> Flavor:
    """The flavor with this id, or a ContractError naming ``location`` (e.g. ``query.flavor``)."""
    found = next((f for f in flavors if f.id == flavor_id), None)
    if found is None:
        near = next((f.id for f in flavors if f.id and f.id.casefold() == flavor_id.casefold()), None)
        rule = "is not a flavor offered to you" + (f"; did you mean {near}?" if near else "")
        raise ContractError([FieldProblem(location, rule, preview(flavor_id))])
    return found


def search_images(images: Sequence[Image], text: str | None) -> list[Image]:
    """Images whose name or tag contains ``text`` (any letter case); all of them without text."""
    if not text:
        return list(images)
    wanted = text.casefold()
    return [i for i in images if wanted in (i.name or "").casefold() or wanted in (i.tag or "").casefold()]


def offered_flavors(policy: Policy, flavors: Sequence[Flavor], category: str | None = None) -> list[Flavor]:
    """What a user may choose from: allowed by the policy, optionally one category."""
    allowed = policy.filter_flavors(flavors)
    if category is None:
        return allowed
    return [f for f in allowed if str(getattr(f.category, "value", f.category)) == category]
