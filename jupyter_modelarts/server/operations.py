"""What the REST API does, without tornado: contract, then admin policy, then ModelArts, then a view.

Each method takes what the browser sent (raw JSON bytes or tornado's query
arguments) and either returns the view to send back or raises a core error,
which :mod:`.errors` turns into an answer. Nothing reaches ModelArts before
the contract accepted it (every problem listed at once, path ids included) and
the policy allowed it.

Flavor and image lists come from the catalogue cache (:class:`.service.Catalog`);
``refresh=1`` bypasses it. A preset launch builds an ordinary create request
from the preset and sends it through the same contract and policy checks as
any other create: a preset gets no exemption.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

from jupyter_modelarts.core import status
from jupyter_modelarts.core.client import id_problems
from jupyter_modelarts.core.contract import (
    EndpointService,
    Flavor,
    Image,
    ImageStatus,
    LeaseRenewRequest,
    Notebook,
    NotebookCreateRequest,
    NotebookUpdateRequest,
    RequestModel,
    StartQuery,
    parse_request,
)
from jupyter_modelarts.core.errors import (
    ContractError,
    FieldProblem,
    LookupProblem,
    PolicyError,
    UpstreamError,
    preview,
)
from jupyter_modelarts.core.policy.presets import Preset
from jupyter_modelarts.core.policy.rules import Policy
from jupyter_modelarts.server.errors import InstanceNotReady
from jupyter_modelarts.server.schemas import (
    FlavorsParams,
    FlavorView,
    ImagesParams,
    ImageView,
    Items,
    LeaseView,
    NotebookPageView,
    NotebooksParams,
    NotebookView,
    OpenView,
    PresetLaunchBody,
)
from jupyter_modelarts.server.service import ModelArtsService

M = TypeVar("M", bound=RequestModel)


def find_flavor(flavors: Sequence[Flavor], flavor_id: str, location: str) -> Flavor:
    """The flavor with this id, or a ContractError naming ``location`` (e.g. ``query.flavor``)."""
    found = next((f for f in flavors if f.id == flavor_id), None)
    if found is None:
        near = next((f.id for f in flavors if f.id and f.id.casefold() == flavor_id.casefold()), None)
        rule = "is not a flavor offered to you" + (f"; did you mean {near}?" if near else "")
        raise ContractError([FieldProblem(location, rule, preview(flavor_id))])
    return found


def offered_flavors(policy: Policy, flavors: Sequence[Flavor], category: str | None = None) -> list[Flavor]:
    """What a user may choose from: allowed by the policy, optionally one category."""
    allowed = policy.filter_flavors(flavors)
    if category is None:
        return allowed
    return [f for f in allowed if str(getattr(f.category, "value", f.category)) == category]


def parse(model: type[M], data: object, location: str, notebook_id: str | None = None) -> M:
    """``data`` as ``model``; one ContractError listing the path id's problems and the body's together."""
    problems = id_problems("notebook_id", notebook_id) if notebook_id is not None else []
    return parse_request(model, data, location, path_problems=problems)


class Operations:
    """Bound to the server's one service; handlers make one per request."""

    def __init__(self, service: ModelArtsService) -> None:
        self.service = service
        self.log = service.log


class NotebookOperations(Operations):
    def _view(self, notebook: Notebook) -> NotebookView:
        """What the browser sees of ``notebook``: never its token, its lease on the server's clock."""
        return NotebookView.of(notebook, self.service.server_now_ms())

    async def list(
        self, query: object, *, may_list_all: Callable[[], Awaitable[bool]] | None = None
    ) -> NotebookPageView:
        """A page of notebooks; ``all=1`` (every user's) needs ``may_list_all()`` (the authorizer's say).

        The authorizer is asked only when ``all=1`` is: a plain list (the front end polls it) needs
        nothing beyond the ``read`` on ``modelarts`` its handler already checked.
        """
        params = parse(NotebooksParams, query, "query")
        if params.all and not (may_list_all is not None and await may_list_all()):
            rule = "listing every user's notebooks needs the 'read' permission on 'modelarts-admin'"
            raise PolicyError([FieldProblem("query.all", rule, "True")])
        page = await self.service.client().list_notebooks(params.upstream(), all_users=params.all)
        return NotebookPageView.of(page, self.service.server_now_ms())

    async def create(self, body: object) -> NotebookView:
        request = parse(NotebookCreateRequest, body, "body")
        client, catalog, policy = self.service.client(), self.service.catalog, self.service.policy
        flavors, images = await asyncio.gather(
            catalog.flavors(client), catalog.images_including(client, request.image_id)
        )
        policy.check_create(request, flavors=flavors, images=images)
        created = await client.create_notebook(request)
        self.log.info("jupyter-modelarts: created notebook %s (%s)", created.id, request.name)
        return self._view(created)

    async def show(self, notebook_id: str) -> NotebookView:
        return self._view(await self.service.client().show_notebook(notebook_id))

    async def update(self, notebook_id: str, body: object) -> NotebookView:
        request = parse(NotebookUpdateRequest, body, "body", notebook_id)
        client, catalog, policy = self.service.client(), self.service.catalog, self.service.policy
        current = await client.show_notebook(notebook_id)
        new_flavor = request.flavor is not None and request.flavor != current.flavor
        old_image = current.image.id if current.image else None
        new_image = request.image_id is not None and request.image_id != old_image
        switchable: list[Flavor] = []
        images: list[Image] = []
        flavors: list[Flavor] = []
        if new_flavor or new_image:
            # Only a change of flavor or image needs the catalogue (a rename does not).
            flavors, images = await asyncio.gather(
                catalog.flavors(client), catalog.images_including(client, request.image_id)
            )
        if new_flavor:
            switchable = (await client.switchable_flavors(notebook_id)).items
        policy.check_update(request, current, switchable=switchable, images=images, flavors=flavors)
        return self._view(await client.update_notebook(notebook_id, request))

    async def remove(self, notebook_id: str) -> NotebookView:
        deleted = await self.service.client().delete_notebook(notebook_id)
        self.log.info("jupyter-modelarts: deleted notebook %s", notebook_id)
        return self._view(deleted)

    async def start(self, notebook_id: str, body: object) -> NotebookView:
        lease = self.service.policy.check_start(parse(StartQuery, body, "body", notebook_id), "body.duration")
        return self._view(await self.service.client().start_notebook(notebook_id, lease))

    async def stop(self, notebook_id: str) -> NotebookView:
        return self._view(await self.service.client().stop_notebook(notebook_id))

    async def lease(self, notebook_id: str) -> LeaseView:
        lease = await self.service.client().show_lease(notebook_id)
        return LeaseView.of(lease, self.service.server_now_ms())

    async def renew(self, notebook_id: str, body: object) -> LeaseView:
        request = parse(LeaseRenewRequest, body, "body", notebook_id)
        self.service.policy.check_renew(request)
        lease = await self.service.client().renew_lease(notebook_id, request)
        return LeaseView.of(lease, self.service.server_now_ms())

    async def switchable_flavors(self, notebook_id: str) -> Items[FlavorView]:
        page = await self.service.client().switchable_flavors(notebook_id)
        offered = offered_flavors(self.service.policy, page.items)
        return Items[FlavorView](items=[FlavorView.of(flavor) for flavor in offered])

    async def open(self, notebook_id: str, who: str) -> OpenView:
        """URL and token of a RUNNING instance: the only answer that carries the token."""
        notebook = await self.service.client().show_notebook(notebook_id)
        if not status.allows(notebook.status, status.Action.OPEN):
            raise InstanceNotReady(
                f"Notebook {notebook.name or notebook_id} is {notebook.status}: only a RUNNING instance "
                "can be opened. Start it, or wait until it is RUNNING."
            )
        service = notebook.endpoint(EndpointService.NOTEBOOK)
        url = notebook.url or (service.uri if service else None)
        if not url or not notebook.token:
            raise UpstreamError(200, None, "ModelArts reported no URL or token for this RUNNING instance")
        # Who opened what is worth a log line; the token never is.
        self.log.info("jupyter-modelarts: %s opened notebook %s", who, notebook_id)
        return OpenView(url=url, token=notebook.token)


class ChoiceOperations(Operations):
    """What a user may launch (flavors, images, presets; admin policy applied), and launching a preset."""

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
        if params.name:  # part of the name or tag, any letter case
            text = params.name.casefold()
            active = [
                i for i in active if text in (i.name or "").casefold() or text in (i.tag or "").casefold()
            ]
        return Items[ImageView](items=[ImageView.of(image) for image in active])

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
