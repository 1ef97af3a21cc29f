"""What a user may launch: flavors, images and presets (filtered by the admin policy), and launching a preset.

Lists come from the catalogue cache (:mod:`.catalog`); ``refresh=1`` bypasses
it. A preset launch builds an ordinary create request from the preset and sends
it through the same contract and policy checks as any other create: a preset
gets no exemption.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from jupyter_modelarts.core.contract import ImageStatus, Notebook
from jupyter_modelarts.core.errors import LookupProblem
from jupyter_modelarts.core.policy.presets import Preset
from jupyter_modelarts.server.catalog import find_flavor, offered_flavors, search_images
from jupyter_modelarts.server.notebooks import parse
from jupyter_modelarts.server.params import FlavorsParams, ImagesParams, PresetLaunchBody
from jupyter_modelarts.server.schemas import FlavorView, ImageView, Items, NotebookView
from jupyter_modelarts.server.service import ModelArtsService


class ChoiceOperations:
    def __init__(self, service: ModelArtsService, log: logging.Logger) -> None:
        self.service = service
        self.log = log

    async def flavors(self, query: object) -> Items[FlavorView]:
        params = parse(FlavorsParams, query, "query")
        category = params.category.value if params.category else None
        flavors = await self.service.catalog.flavors(self.service.client(), refresh=params.refresh)
        offered = offered_flavors(self.service.policy, flavors, category)
        return Items[FlavorView](items=[FlavorView.of(flavor) for flavor in offered])

    async def images(self, query: object) -> Items[ImageView]:
        params = parse(ImagesParams, query, "query")
        client, catalog, policy = self.service.client(), self.service.catalog, self.service.policy
        flavors, images = await asyncio.gather(
            catalog.flavors(client, refresh=params.refresh), catalog.images(client, refresh=params.refresh)
        )
        if params.flavor is not None:
            flavor = find_flavor(offered_flavors(policy, flavors), params.flavor, "query.flavor")
            usable = policy.images_for(flavor, images)
        else:
            usable = policy.launchable_images(images, flavors)
        # Only ACTIVE images can be launched (the create check would refuse the others).
        active = [i for i in usable if i.status is None or str(i.status) == ImageStatus.ACTIVE.value]
        return Items[ImageView](items=[ImageView.of(image) for image in search_images(active, params.name)])

    async def presets(self, user: Any) -> Items[Preset]:
        return Items[Preset](items=await self.service.presets(user))

    async def launch(self, slug: str, body: object, user: Any) -> NotebookView:
        """Create an instance from the preset ``slug``, named ``body.name`` or the preset's next free name."""
        params = parse(PresetLaunchBody, body, "body")
        presets = await self.service.presets(user)
        preset = next((p for p in presets if p.slug == slug), None)
        if preset is None:
            known = ", ".join(p.slug for p in presets) or "none"
            raise LookupProblem(f"There is no preset {slug!r} (presets offered to you: {known}).")
        client, catalog, policy = self.service.client(), self.service.catalog, self.service.policy
        flavors, images = await asyncio.gather(catalog.flavors(client), catalog.images(client))
        name = params.name or await self._free_name(preset)
        request = preset.to_create_request(name, images)
        policy.check_create(request, flavors=flavors, images=images)
        created = await client.create_notebook(request)
        self.log.info("jupyter-modelarts: launched preset %s as notebook %s (%s)", slug, created.id, name)
        return NotebookView.of(created, client.server_now_ms())

    async def _free_name(self, preset: Preset) -> str:
        """``<name_prefix>N`` not used by any of the user's instances (ModelArts filters names fuzzily)."""
        client = self.service.client()
        prefix = preset.name_prefix.strip("-_") or preset.name_prefix
        existing: list[Notebook] = await client.list_all_notebooks({"name": prefix, "limit": 50})
        return preset.suggest_name(n.name for n in existing if n.name)
