"""ModelArtsClient: one async method per notebook operation, typed in and out.

Every front end reaches ModelArts through this class (the server extension
directly, magics and CLI through core.sync).  It adds three things to the
transport (core.http):

* Input is checked before anything is sent: a method takes a contract model
  or a plain dict, which goes through ``parse_request`` so that a caller gets
  one ContractError listing every problem (path ids included; core.client_input).
* Answers become response models; an answer that does not fit becomes an
  UpstreamError instead of a crash deep inside a front end.
* Operations that change state are retried only when it is provably safe:
  GET and PUT are idempotent, create is never re-sent, and start, stop,
  delete and renew are re-sent only after a fresh read shows the first
  attempt has not taken effect (see ``ClientBase._checked``).

One client serves one endpoint and one set of credentials, and lives on the
event loop of its first call (httpx connections cannot move between loops).
The class is assembled from one module per concern: core.client_base (the
connection and plumbing), this module (notebooks and leases),
core.client_catalog (flavors, images, quota) and core.client_legacy (the
old DevEnviron API).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable

# Imports written "X as X" are re-exports (explicit for mypy --strict): callers import them from here.
from jupyter_modelarts.core.client_base import DEFAULT_RETRY as DEFAULT_RETRY
from jupyter_modelarts.core.client_base import SIMULATOR_HEADER as SIMULATOR_HEADER
from jupyter_modelarts.core.client_base import ClientBase, Verdict
from jupyter_modelarts.core.client_base import EndpointKind as EndpointKind
from jupyter_modelarts.core.client_catalog import CatalogOperations
from jupyter_modelarts.core.client_input import NotebookInput as NotebookInput
from jupyter_modelarts.core.client_input import check_ids as check_ids
from jupyter_modelarts.core.client_input import id_problems as id_problems
from jupyter_modelarts.core.client_input import notebook_path
from jupyter_modelarts.core.client_input import validate as validate
from jupyter_modelarts.core.contract import (
    Lease,
    LeaseRenewRequest,
    Notebook,
    NotebookCreateRequest,
    NotebookListQuery,
    NotebookPage,
    NotebookStatus,
    NotebookUpdateRequest,
    StartQuery,
    limits,
    to_query,
)
from jupyter_modelarts.core.errors import ErrorKind, UpstreamError
from jupyter_modelarts.core.legacy.client import LegacyOperations

__all__ = ["EndpointKind", "ModelArtsClient", "NotebookInput"]


class ModelArtsClient(CatalogOperations, LegacyOperations, ClientBase):
    """The ModelArts notebook API of one project (see the module docstring)."""

    async def create_notebook(self, request: NotebookCreateRequest | NotebookInput) -> Notebook:
        body = validate(NotebookCreateRequest, request)
        # Never re-sent: a lost answer may hide a created (and billed) instance.
        return await self._fetch(Notebook, "POST", "/notebooks", body=body, retry="never")

    async def list_notebooks(
        self, query: NotebookListQuery | NotebookInput | None = None, *, all_users: bool = False
    ) -> NotebookPage:
        filters = validate(NotebookListQuery, query)
        path = "/notebooks/all" if all_users else "/notebooks"
        return await self._fetch(NotebookPage, "GET", path, query=to_query(filters))

    async def iter_notebooks(
        self, query: NotebookListQuery | NotebookInput | None = None, *, all_users: bool = False
    ) -> AsyncIterator[Notebook]:
        """Every notebook matching ``query``, page after page (``limit`` is the page size)."""
        filters = validate(NotebookListQuery, query)

        async def fetch(offset: int, limit: int) -> tuple[list[Notebook], int | None]:
            page_query = filters.model_copy(update={"offset": offset, "limit": limit})
            page = await self.list_notebooks(page_query, all_users=all_users)
            return page.data, page.total

        async for notebook in self._paginate(
            fetch, filters.offset or 0, filters.limit or limits.LIST_LIMIT_MAX
        ):
            yield notebook

    async def list_all_notebooks(
        self, query: NotebookListQuery | NotebookInput | None = None, *, all_users: bool = False
    ) -> list[Notebook]:
        return [notebook async for notebook in self.iter_notebooks(query, all_users=all_users)]

    async def show_notebook(self, notebook_id: str) -> Notebook:
        check_ids(("notebook_id", notebook_id))
        return await self._fetch(Notebook, "GET", notebook_path(notebook_id))

    async def update_notebook(
        self, notebook_id: str, request: NotebookUpdateRequest | NotebookInput
    ) -> Notebook:
        body = validate(NotebookUpdateRequest, request, ("notebook_id", notebook_id))
        return await self._fetch(Notebook, "PUT", notebook_path(notebook_id), body=body)

    async def delete_notebook(self, notebook_id: str) -> Notebook:
        """Delete (the answer says DELETING); after a lost answer, DELETED means it is already gone."""
        check_ids(("notebook_id", notebook_id))

        async def probe() -> Verdict[Notebook]:
            try:
                current = await self.show_notebook(notebook_id)
            except UpstreamError as error:
                if error.kind is ErrorKind.NOT_FOUND:
                    return Notebook(id=notebook_id, status=NotebookStatus.DELETED)
                raise
            return current if current.status == NotebookStatus.DELETING else True

        return await self._checked(Notebook, "DELETE", notebook_path(notebook_id), probe)

    async def start_notebook(
        self, notebook_id: str, query: StartQuery | NotebookInput | None = None
    ) -> Notebook:
        lease = validate(StartQuery, query, ("notebook_id", notebook_id))
        probe = self._status_probe(
            notebook_id,
            resend={NotebookStatus.STOPPED, NotebookStatus.START_FAILED},
            done={NotebookStatus.STARTING, NotebookStatus.RUNNING},
        )
        return await self._checked(
            Notebook, "POST", notebook_path(notebook_id, "/start"), probe, query=to_query(lease)
        )

    async def stop_notebook(self, notebook_id: str) -> Notebook:
        check_ids(("notebook_id", notebook_id))
        probe = self._status_probe(
            notebook_id,
            resend={NotebookStatus.RUNNING},
            done={NotebookStatus.STOPPING, NotebookStatus.STOPPED},
        )
        return await self._checked(Notebook, "POST", notebook_path(notebook_id, "/stop"), probe)

    def _status_probe(
        self, notebook_id: str, *, resend: set[NotebookStatus], done: set[NotebookStatus]
    ) -> Callable[[], Awaitable[Verdict[Notebook]]]:
        async def probe() -> Verdict[Notebook]:
            current = await self.show_notebook(notebook_id)
            if current.status in resend:
                return True
            return current if current.status in done else False

        return probe

    async def show_lease(self, notebook_id: str) -> Lease:
        check_ids(("notebook_id", notebook_id))
        return await self._fetch(Lease, "GET", notebook_path(notebook_id, "/lease"))

    async def renew_lease(self, notebook_id: str, request: LeaseRenewRequest | NotebookInput) -> Lease:
        body = validate(LeaseRenewRequest, request, ("notebook_id", notebook_id))
        path = notebook_path(notebook_id, "/lease")
        try:
            # A renew moves update_at; reading it first lets a failed attempt be told from a lost answer.
            before = (await self.show_lease(notebook_id)).update_at
        except UpstreamError:
            before = None  # e.g. not running: the renew itself will say so, and is then never re-sent
        if before is None:
            return await self._fetch(Lease, "PATCH", path, body=body, retry="never")

        async def probe() -> Verdict[Lease]:
            lease = await self.show_lease(notebook_id)
            return True if lease.update_at == before else lease

        return await self._checked(Lease, "PATCH", path, probe, body=body)
