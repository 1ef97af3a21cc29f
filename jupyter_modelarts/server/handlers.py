"""The base of every REST handler: JSON in and out, the ``modelarts`` auth resource, one error path.

Handlers stay thin: read the path, query and body, call one method of
:mod:`.operations` and send the view it returns. They never catch: whatever an
operation raises reaches :meth:`ModelArtsHandler.write_error`, which answers as
:mod:`.errors` says. Every HTTP verb carries ``@tornado.web.authenticated``
(checked in CI by ``.github/scripts/check_auth.py``) and ``@authorized``
against the ``modelarts`` resource, so deployments with an authorizer can
decide who may use ModelArts.
"""

from __future__ import annotations

import json
import logging
from http.client import responses
from types import TracebackType
from typing import Any, ClassVar, cast

from jupyter_server.base.handlers import APIHandler
from jupyter_server.extension.handler import ExtensionHandlerMixin
from jupyter_server.utils import ensure_async
from pydantic import BaseModel
from tornado import web

from jupyter_modelarts.core.errors import ContractError, FieldProblem, ModelArtsError
from jupyter_modelarts.server.errors import http_error
from jupyter_modelarts.server.operations import ChoiceOperations, NotebookOperations
from jupyter_modelarts.server.schemas import ErrorView, OpenView
from jupyter_modelarts.server.service import ModelArtsService

# Resource name used by @authorized; jupyter_server maps GET to "read", POST to "write"...
AUTH_RESOURCE = "modelarts"
# Listing every user's notebooks (GET notebooks?all=1) also needs "read" on this resource,
# so a deployment's authorizer can keep the admin view to admins.
ADMIN_RESOURCE = "modelarts-admin"
# The key of the tornado settings where the extension app puts its ModelArtsService.
SERVICE = "modelarts_service"
# Route patterns are relative: ExtensionApp prepends the server's base_url.
NAMESPACE = "/modelarts"


class ModelArtsHandler(ExtensionHandlerMixin, APIHandler):
    auth_resource = AUTH_RESOURCE
    # What each method reads from the request. Anything else a caller sends is refused (400), not
    # ignored: someone who sends ?duration= to stop, or {"force": true} to delete, must learn that
    # it had no effect. Handlers whose methods read more say so.
    query_methods: ClassVar[frozenset[str]] = frozenset()
    body_methods: ClassVar[frozenset[str]] = frozenset({"POST", "PUT", "PATCH"})

    async def prepare(self) -> None:  # type: ignore[override]  # as APIHandler.prepare itself
        await super().prepare()
        if self.current_user is None:
            return  # @tornado.web.authenticated answers 403 first: strangers learn nothing about inputs
        method = (self.request.method or "").lower()
        if not self._implements(method):
            # Not an operation of this path: 405 naming the methods that are, whatever was sent.
            raise web.HTTPError(405, f"{method.upper()} is not an operation of this path")
        problems = self._unread_input()
        if problems:
            raise ContractError(problems)

    def _implements(self, method: str) -> bool:
        return getattr(type(self), method, None) is not getattr(web.RequestHandler, method, None)

    def _unread_input(self) -> list[FieldProblem]:
        method = self.request.method or ""
        problems = []
        if method not in self.query_methods:
            rule = "is not a parameter of this operation (GET openapi.json lists what each one takes)"
            problems += [FieldProblem(f"query.{name}", rule) for name in sorted(self.query)]
        if method not in self.body_methods and self.request.body.strip():
            problems.append(FieldProblem("body", f"must be empty: {method} on this path takes no body"))
        return problems

    @property
    def service(self) -> ModelArtsService:
        return cast(ModelArtsService, self.settings[SERVICE])

    @property
    def notebooks(self) -> NotebookOperations:
        return NotebookOperations(self.service)

    @property
    def choices(self) -> ChoiceOperations:
        return ChoiceOperations(self.service)

    @property
    def query(self) -> dict[str, list[bytes]]:
        """The query arguments as tornado parsed them (the contract flattens and checks them).

        JupyterLab's request helper appends a bare ``?<milliseconds>`` to defeat
        caches; that key carries no meaning, so it is dropped here rather than
        refused as an unknown parameter.
        """
        arguments: dict[str, list[bytes]] = self.request.query_arguments
        return {
            key: values
            for key, values in arguments.items()
            if not (key.isdigit() and all(not value for value in values))
        }

    @property
    def body(self) -> bytes:
        return self.request.body

    @property
    def who(self) -> str:
        """The Jupyter user's name, for log lines."""
        return str(getattr(self.current_user, "username", "unknown"))

    async def may_list_all(self) -> bool:
        verdict = self.authorizer.is_authorized(self, self.current_user, "read", ADMIN_RESOURCE)
        return bool(await ensure_async(verdict))

    def compute_etag(self) -> None:
        # Answers describe live instances: no client may revalidate them, so hashing every body is waste.
        return None

    async def reply(self, view: BaseModel | dict[str, Any] | str, status: int = 200) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        if isinstance(view, OpenView):
            self.set_header("Cache-Control", "no-store")  # it carries the instance token
        if isinstance(view, BaseModel):
            await self.finish(view.model_dump_json())
        else:
            await self.finish(view if isinstance(view, str) else json.dumps(view))  # a str is JSON already

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        exc_info = kwargs.get("exc_info")
        error = exc_info[1] if exc_info else None
        if error is None:
            phrase = responses.get(status_code, f"HTTP {status_code}")
            body = ErrorView(message=phrase, reason=phrase)
        else:
            answer = http_error(error)
            body = answer.body
            self.set_status(answer.status)
            for name, value in answer.headers.items():
                self.set_header(name, value)
            if answer.status == 405:
                methods = ("get", "post", "put", "patch", "delete")
                self.set_header("Allow", ", ".join(m.upper() for m in methods if self._implements(m)))
        self.set_header("Content-Type", "application/json")
        self.finish(body.model_dump_json())

    def log_exception(
        self,
        typ: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        # Expected failures get one line, no traceback: their messages are complete and hold no secret.
        if isinstance(value, ModelArtsError):
            answer = http_error(value)
            self.log.log(
                answer.log_level,
                "jupyter-modelarts: %s %s -> %d %s: %s",
                self.request.method,
                self.request.path,
                answer.status,
                answer.body.reason,
                answer.body.message,
            )
            return
        if value is not None and http_error(value).log_level == logging.ERROR:
            super().log_exception(typ, value, tb)


Route = tuple[str, type[ModelArtsHandler]]
