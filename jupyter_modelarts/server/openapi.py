"""``GET openapi.json``: an OpenAPI 3.1 document of this API, generated from the pydantic models.

The operation table below is written by hand (summaries, status codes), the
schemas are not: bodies, queries and answers are the same models the handlers
validate and serialise with, so the document cannot drift from the code's
types. ``tests/test_openapi.py`` checks the other direction: every route and
verb the server actually serves is in the document, and nothing else is.
"""

from __future__ import annotations

import functools
import json
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import JsonSchemaMode, models_json_schema

from jupyter_modelarts._version import __version__
from jupyter_modelarts.core.contract import (
    LeaseRenewRequest,
    NotebookCreateRequest,
    NotebookUpdateRequest,
    StartQuery,
    limits,
)
from jupyter_modelarts.core.contract.base import ecma
from jupyter_modelarts.core.contract.fields import UUID_SCHEMA
from jupyter_modelarts.core.policy.presets import Preset
from jupyter_modelarts.core.status import rules_document
from jupyter_modelarts.server import legacy
from jupyter_modelarts.server.schemas import (
    ErrorView,
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
    Operation,
    PresetLaunchBody,
    StatusView,
)

# Status codes every operation may answer (the others add schemas.UPSTREAM_ERRORS).
_LOGIN = (403,)
_ERRORS = {
    400: "Invalid input: every offending field is listed in `problems`",
    403: "No Jupyter login, or not allowed by the administrator's policy (`problems` says which)",
    404: "No such notebook, instance, image or preset",
    409: "The instance is in the wrong state for this, or the quota is used up",
    502: "ModelArts refused the server's credentials, could not be reached, or failed",
    503: "ModelArts is not configured on this server, or is throttling",
    504: "ModelArts did not answer in time",
}
# Path parameters: description and schema. The handlers check ids with the same patterns (400 naming
# path.notebook_id or path.instance_id); an unknown slug is a 404.
_PATH_IDS: dict[str, tuple[str, dict[str, Any]]] = {
    "notebook_id": ("the notebook's id (a UUID, in any letter case)", {"type": "string", **UUID_SCHEMA}),
    "slug": ("the preset's slug, as GET presets lists it", {"type": "string"}),
    **legacy.PATH_IDS,
}


_NB = "/notebooks/{notebook_id}"
OPERATIONS: tuple[Operation, ...] = (
    Operation("get", "/status", "Version, configuration problems, endpoint, quota, poll hints", StatusView,
              errors=_LOGIN),
    Operation("get", "/openapi.json", "This document", None, errors=_LOGIN),
    Operation("get", "/presets", "The administrator's launch presets for this user", Items[Preset],
              errors=(403, 503)),
    Operation("post", "/presets/{slug}/launch", "Create a notebook from a preset", NotebookView, 201,
              PresetLaunchBody, body_required=False),
    Operation("get", "/flavors", "Flavors this user may launch (admin policy applied)", Items[FlavorView],
              query=FlavorsParams),
    Operation("get", "/images", "Images this user may launch, optionally those that run on a flavor",
              Items[ImageView], query=ImagesParams),
    Operation("get", "/notebooks", "A page of notebooks", NotebookPageView, query=NotebooksParams),
    Operation("post", "/notebooks", "Create a notebook (contract, then policy, then ModelArts)", NotebookView,
              201, NotebookCreateRequest),
    Operation("get", _NB, "One notebook (never its token)", NotebookView),
    Operation("put", _NB, "Change name, description, flavor, image, storage size...", NotebookView,
              body=NotebookUpdateRequest),
    Operation("delete", _NB, "Delete a notebook", NotebookView),
    Operation("post", f"{_NB}/start", "Start a notebook, optionally with a lease", NotebookView,
              body=StartQuery, body_required=False),
    Operation("post", f"{_NB}/stop", "Stop a notebook", NotebookView),
    Operation("get", f"{_NB}/lease", "The auto-stop lease, on the server's clock", LeaseView),
    Operation("patch", f"{_NB}/lease", "Renew the lease (body optional; type defaults to TIMING)",
              LeaseView, body=LeaseRenewRequest, body_required=False),
    Operation("get", f"{_NB}/flavors", "Flavors a stopped notebook may switch to (policy applied)",
              Items[FlavorView]),
    Operation("post", f"{_NB}/open", "URL and instance token of a RUNNING notebook (the only answer "
              "carrying the token)", OpenView),
    *legacy.OPERATIONS,
)  # fmt: skip


Refs = dict[Any, Any]


def _schemas(operations: tuple[Operation, ...]) -> tuple[Refs, dict[str, Any]]:
    wanted: set[tuple[type[BaseModel], JsonSchemaMode]] = {(ErrorView, "serialization")}
    for op in operations:
        if op.answer is not None:
            wanted.add((op.answer, "serialization"))
        wanted.update((model, "validation") for model in (op.body, op.query) if model is not None)
    ordered = sorted(wanted, key=lambda item: (item[0].__name__, item[1]))
    refs, top = models_json_schema(ordered, ref_template="#/components/schemas/{model}")
    return dict(refs), top.get("$defs", {})


def _query_schema(prop: dict[str, Any]) -> dict[str, Any]:
    """A query model's property as a parameter schema: a query string is never JSON null.

    Pydantic writes an optional field as ``anyOf: [<schema>, {type: null}]`` with ``default: null``;
    a parameter is optional by not being sent, so only ``<schema>`` (with the field's notes) is kept.
    """
    variants = prop.get("anyOf", [])
    kept = [variant for variant in variants if variant != {"type": "null"}]
    if len(kept) != 1 or len(kept) == len(variants):
        return prop
    notes = {key: value for key, value in prop.items() if key != "anyOf"}
    if notes.get("default", 0) is None:
        del notes["default"]
    return {**kept[0], **notes}


def _parameters(op: Operation, components: dict[str, Any], ref: dict[str, Any]) -> list[dict[str, Any]]:
    params: list[dict[str, Any]] = [
        {"name": name, "in": "path", "required": True, "description": text, "schema": schema}
        for name, (text, schema) in _PATH_IDS.items()
        if f"{{{name}}}" in op.path
    ]
    if op.query is not None:
        schema = components[ref["$ref"].rsplit("/", 1)[-1]]
        required = set(schema.get("required", []))
        for name, field in schema.get("properties", {}).items():
            prop = _query_schema(field)
            entry = {"name": name, "in": "query", "required": name in required, "schema": prop}
            if "description" in prop:
                entry["description"] = prop["description"]
            params.append(entry)
    return params


def _operation_id(op: Operation) -> str:
    """``get_notebooks_notebook_id_lease`` for ``GET /notebooks/{notebook_id}/lease``."""
    words = op.path.strip("/").replace("{", "").replace("}", "").replace(".", "_").split("/")
    return "_".join([op.method, *words])


def _operation(op: Operation, refs: Refs, components: dict[str, Any]) -> Any:
    answer_schema = {"type": "object"} if op.answer is None else refs[(op.answer, "serialization")]
    error = {"content": {"application/json": {"schema": refs[(ErrorView, "serialization")]}}}
    success = {"description": op.summary, "content": {"application/json": {"schema": answer_schema}}}
    responses: dict[str, Any] = {str(op.status): success}
    responses.update({str(code): {"description": _ERRORS[code], **error} for code in op.errors})
    entry: dict[str, Any] = {
        "summary": op.summary,
        "operationId": _operation_id(op),
        "responses": responses,
    }
    query_ref = refs.get((op.query, "validation")) if op.query else None
    params = _parameters(op, components, query_ref or {})
    if params:
        entry["parameters"] = params
    if op.body is not None:
        entry["requestBody"] = {
            "required": op.body_required,
            "content": {"application/json": {"schema": refs[(op.body, "validation")]}},
        }
    if op.legacy:
        entry["tags"] = ["legacy"]
    return entry


@functools.lru_cache(maxsize=8)
def openapi_json(base: str, *, legacy: bool) -> str:
    """:func:`openapi_document` as JSON text, built once per server (schema generation is not free)."""
    return json.dumps(openapi_document(base, legacy=legacy))


def openapi_document(base: str, *, legacy: bool) -> dict[str, Any]:
    """The document for a server whose API lives at ``base`` (e.g. ``/user/alice/modelarts``)."""
    operations = tuple(op for op in OPERATIONS if legacy or not op.legacy)
    refs, components = _schemas(operations)
    paths: dict[str, dict[str, Any]] = {}
    for op in operations:
        paths.setdefault(op.path, {})[op.method] = _operation(op, refs, components)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "jupyter-modelarts",
            "version": __version__,
            "description": "ModelArts notebook instances through the Jupyter server: validated, "
            "checked against the administrator's policy, signed with the server's credentials.",
        },
        "servers": [{"url": base.rstrip("/")}],
        # The rules the front end checks before sending, generated into src/contract/generated.ts.
        "x-limits": limits_document(),
        "x-status-rules": rules_document(),
        "security": [{"JupyterToken": []}],
        "paths": paths,
        "components": {
            "schemas": components,
            "securitySchemes": {
                "JupyterToken": {
                    "type": "apiKey",
                    "in": "header",
                    "name": "Authorization",
                    "description": "`token <Jupyter server token>`; browsers use the login cookie and _xsrf",
                }
            },
        },
    }


def limits_document() -> dict[str, Any]:
    """The contract's numbers and patterns a form checks as the user types (core/contract/limits.py)."""
    return {
        "name_max": limits.NAME_MAX,
        "name_advised_max": limits.NAME_ADVISED_MAX,
        "name_pattern": ecma(limits.NAME_PATTERN),
        "description_max": limits.DESCRIPTION_MAX,
        "description_forbidden": "".join(sorted(limits.DESCRIPTION_FORBIDDEN)),
        "evs_min_gb": limits.EVS_MIN_GB,
        "evs_max_gb": limits.EVS_MAX_GB,
        "volume_max_gb": limits.VOLUME_MAX_GB,
        "allowed_access_ips_max": limits.ALLOWED_ACCESS_IPS_MAX,
        "lease_timing_min_ms": limits.LEASE_TIMING_MIN_MS,
        "lease_idle_min_ms": limits.LEASE_IDLE_MIN_MS,
        "lease_max_ms": limits.LEASE_MAX_MS,
        "lease_default_ms": limits.LEASE_DEFAULT_MS,
        "list_limit_max": limits.LIST_LIMIT_MAX,
    }


if __name__ == "__main__":
    # What /modelarts/openapi.json serves, legacy operations included, for `jlpm generate:contract`.
    print(json.dumps(openapi_document("/modelarts", legacy=True), indent=2, sort_keys=True))
