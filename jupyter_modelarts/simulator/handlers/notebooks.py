"""``/v1/{project_id}/notebooks...``: create, list, show, update, delete, start, stop, lease."""

from __future__ import annotations

from jupyter_modelarts.simulator import listing, render
from jupyter_modelarts.simulator.checks import parse_json_object
from jupyter_modelarts.simulator.handlers.base import SimHandler
from jupyter_modelarts.simulator.notebook_ops import create_notebook, update_notebook
from jupyter_modelarts.simulator.states import check_lease
from jupyter_modelarts.simulator.store import Instance
from jupyter_modelarts.simulator.validation import parse_create, parse_lease, parse_start_query, parse_update


class _NotebookHandler(SimHandler):
    def instance(self) -> Instance:
        return self.world.store.get(self.path_arg("notebook_id"))

    def send_notebook(self, instance: Instance) -> None:
        self.send_json(render.notebook(self.world, instance))

    def send_list(self) -> None:
        items = [render.notebook(self.world, instance) for instance in self.world.store.all(legacy=False)]
        ordered, offset, limit = listing.select_notebooks(items, self.query())
        self.send_json(render.page(ordered[offset : offset + limit], offset, limit, len(ordered)))


class NotebooksHandler(_NotebookHandler):
    """``/notebooks``: POST creates (asynchronously: the answer says INIT), GET lists."""

    async def post(self, *args: str, **kwargs: str) -> None:
        spec = parse_create(parse_json_object(self.request.body))
        self.send_notebook(create_notebook(self.world, spec))

    async def get(self, *args: str, **kwargs: str) -> None:
        self.send_list()


class AllNotebooksHandler(_NotebookHandler):
    """``/notebooks/all``: every user's instances; the simulator has one user, so the same list."""

    async def get(self, *args: str, **kwargs: str) -> None:
        self.send_list()


class NotebookHandler(_NotebookHandler):
    async def get(self, *args: str, **kwargs: str) -> None:
        self.send_notebook(self.instance())

    async def put(self, *args: str, **kwargs: str) -> None:
        instance = self.instance()
        update_notebook(self.world, instance, parse_update(parse_json_object(self.request.body)))
        self.send_notebook(instance)

    async def delete(self, *args: str, **kwargs: str) -> None:
        instance = self.instance()
        self.world.lifecycle.begin_delete(instance)
        self.send_notebook(instance)


class StartHandler(_NotebookHandler):
    async def post(self, *args: str, **kwargs: str) -> None:
        instance = self.instance()  # unknown id (6309) before bad query values, as ModelArts
        query = self.query()
        requested, lease_type = parse_start_query(query.get("duration"), query.get("type"))
        self.world.lifecycle.begin_start(instance, requested, lease_type)
        self.send_notebook(instance)


class StopHandler(_NotebookHandler):
    async def post(self, *args: str, **kwargs: str) -> None:
        instance = self.instance()
        self.world.lifecycle.begin_stop(instance)
        self.send_notebook(instance)


class LeaseHandler(_NotebookHandler):
    async def get(self, *args: str, **kwargs: str) -> None:
        instance = self.instance()
        check_lease(instance.status)
        self.send_json(instance.lease.to_json())

    async def patch(self, *args: str, **kwargs: str) -> None:
        instance = self.instance()
        body = parse_json_object(self.request.body, empty_ok=True)  # golangsdk sends only ?duration=
        requested, lease_type = parse_lease(body, self.query().get("duration"))
        self.world.lifecycle.renew(instance, requested, lease_type)
        self.send_json(instance.lease.to_json())
