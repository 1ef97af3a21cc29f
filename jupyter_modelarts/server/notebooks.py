"""Notebook operations of the proxy: contract, then admin policy, then ModelArts, then a view.

Each method takes what the browser sent (raw JSON bytes or tornado's query
arguments) and either returns the view to send back or raises a core error,
which :mod:`.errors` turns into an answer. Nothing reaches ModelArts before
the contract accepted it (every problem listed at once, path ids included) and
the policy allowed it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from jupyter_modelarts.core import status
from jupyter_modelarts.core.client import id_problems
from jupyter_modelarts.core.contract import (
    EndpointService,
    Flavor,
    Image,
    LeaseRenewRequest,
    Notebook,
    NotebookCreateRequest,
    NotebookUpdateRequest,
    RequestModel,
    StartQuery,
    parse_request,
)
from jupyter_modelarts.core.errors import ContractError, FieldProblem, PolicyError, UpstreamError
from jupyter_modelarts.server.catalog import offered_flavors
from jupyter_modelarts.server.errors import InstanceNotReady
from jupyter_modelarts.server.params import NotebooksParams
from jupyter_modelarts.server.schemas import (
    FlavorView,
    Items,
    LeaseView,
    NotebookPageView,
    NotebookView,
    OpenView,
)
from jupyter_modelarts.server.service import ModelArtsService

M = TypeVar("M", bound=RequestModel)


def parse(model: type[M], data: object, location: str, notebook_id: str | None = None) -> M:
    """``data`` as ``model``; one ContractError listing the path id's problems and the body's together."""
    problems = id_problems("notebook_id", notebook_id) if notebook_id is not None else []
    return parse_request(model, data, location, path_problems=problems)


def check_notebook_id(notebook_id: str) -> None:
    problems = id_problems("notebook_id", notebook_id)
    if problems:
        raise ContractError(problems)


class NotebookOperations:
    def __init__(self, service: ModelArtsService, log: logging.Logger) -> None:
        self.service = service
        self.log = log

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
