"""GET openapi.json: valid OpenAPI 3.1, and true to the server that serves it.

Two directions: every route and verb the running server routes to our handlers
is documented, and every documented operation is routed and implemented. Live
answers are validated against the document's schemas.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from tornado.web import RequestHandler

from jupyter_modelarts.server.handlers.base import ModelArtsHandler
from jupyter_modelarts.server.openapi import OPERATIONS

VERBS = ("get", "post", "put", "patch", "delete")


def routed_operations(serverapp: Any, base_url: str) -> set[tuple[str, str]]:
    """(verb, /path/{param}) for every route of the running server that reaches a documented handler."""
    found: set[tuple[str, str]] = set()

    def walk(router: Any) -> None:
        for rule in getattr(router, "rules", []):
            target = rule.target
            if not isinstance(target, type):
                walk(target)
                continue
            if not issubclass(target, ModelArtsHandler):
                continue
            if target.__name__ == "NotFoundHandler":  # the JSON 404 for everything else
                continue
            pattern = rule.matcher.regex.pattern.rstrip("$")
            path = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", pattern)
            prefix = f"{base_url}modelarts"
            assert path.startswith(prefix), path
            for verb in VERBS:
                if getattr(target, verb) is not getattr(RequestHandler, verb):
                    found.add((verb, path[len(prefix) :]))

    walk(serverapp.web_app.default_router)
    return found


def documented_operations(document: dict[str, Any]) -> set[tuple[str, str]]:
    return {(verb, path) for path, item in document["paths"].items() for verb in item}


async def check_document_matches_routes(api: Any, jp_serverapp: Any, jp_base_url: str) -> dict[str, Any]:
    document: dict[str, Any] = await api.get("openapi.json")
    validate(document)  # raises on anything that is not valid OpenAPI 3.1
    routed = routed_operations(jp_serverapp, jp_base_url)
    assert routed == documented_operations(document)
    assert document["servers"] == [{"url": f"{jp_base_url}modelarts"}]
    return document


class TestLegacyOn:
    @pytest.fixture
    def modelarts_config(self, sim_modelarts_config: dict[str, Any]) -> dict[str, Any]:
        return {**sim_modelarts_config, "legacy_api": True}

    async def test_every_operation_refuses_inputs_it_does_not_document(self, api: Any, sim: Any) -> None:
        # Refused, never ignored: ?duration= on stop or {"force": true} on delete would otherwise
        # look as if they had been applied. Nothing of it reaches ModelArts.
        counter = sim.count_requests()
        values = {"notebook_id": "00000000-0000-4000-8000-000000000000", "instance_id": "DE-x", "slug": "x"}
        for operation in OPERATIONS:
            path = operation.path.strip("/").format(**values)
            error = await api.fails(400, operation.method.upper(), path, params={"bogus": "1"})
            assert "query.bogus" in [p["location"] for p in error["problems"]], (operation, error)
            if operation.body is None and operation.method == "post":  # the test client sends no GET bodies
                error = await api.fails(400, operation.method.upper(), path, raw=b'{"force": true}')
                assert [p["location"] for p in error["problems"]] == ["body"], (operation, error)
        assert sim.fired(counter) == 0

    async def test_every_route_is_documented_and_nothing_else(
        self, api: Any, jp_serverapp: Any, jp_base_url: str
    ) -> None:
        document = await check_document_matches_routes(api, jp_serverapp, jp_base_url)

        assert ("post", "/legacy/instances/{instance_id}/open") in documented_operations(document)
        assert len(documented_operations(document)) == 24  # 17 operations + 7 legacy ones


class TestLegacyOff:
    @pytest.fixture
    def modelarts_config(self, sim_modelarts_config: dict[str, Any]) -> dict[str, Any]:
        return sim_modelarts_config

    async def test_the_legacy_api_is_neither_routed_nor_documented(
        self, api: Any, jp_serverapp: Any, jp_base_url: str
    ) -> None:
        document = await check_document_matches_routes(api, jp_serverapp, jp_base_url)

        assert not any(path.startswith("/legacy") for path in document["paths"])

    async def test_live_answers_match_the_documented_schemas(self, api: Any, sim: Any) -> None:
        document = await api.get("openapi.json")

        def check(answer: Any, path: str, verb: str, status: str) -> None:
            media = document["paths"][path][verb]["responses"][status]["content"]["application/json"]
            schema = {**media["schema"], "components": document["components"]}
            errors = [e.message for e in Draft202012Validator(schema).iter_errors(answer)]
            assert errors == [], (path, verb, errors)

        created = await api.ok("POST", "notebooks", sim.notebook_body("nb-openapi"))
        check(created, "/notebooks", "post", "201")
        running = await api.wait_for(created["id"], "RUNNING")
        check(running, "/notebooks/{notebook_id}", "get", "200")
        check(await api.get("notebooks"), "/notebooks", "get", "200")
        check(await api.get("status"), "/status", "get", "200")
        check(await api.get("flavors"), "/flavors", "get", "200")
        check(await api.get("images"), "/images", "get", "200")
        check(await api.get("presets"), "/presets", "get", "200")
        check(
            await api.get(f"notebooks/{created['id']}/lease"), "/notebooks/{notebook_id}/lease", "get", "200"
        )
        check(
            await api.ok("POST", f"notebooks/{created['id']}/open"),
            "/notebooks/{notebook_id}/open",
            "post",
            "200",
        )
        check(await api.fails(400, "POST", "notebooks", {}), "/notebooks", "post", "400")

    async def test_request_bodies_and_queries_are_the_contract_models(self, api: Any) -> None:
        document = await api.get("openapi.json")

        create = document["paths"]["/notebooks"]["post"]["requestBody"]["content"]["application/json"]
        assert create["schema"] == {"$ref": "#/components/schemas/NotebookCreateRequest"}
        listing = document["paths"]["/notebooks"]["get"]["parameters"]
        assert {p["name"] for p in listing} == {"status", "name", "offset", "limit", "all"}
        view = document["components"]["schemas"]["NotebookView"]
        assert "token" not in view["properties"] and "lease_remaining_ms" in view["properties"]
        assert set(document["components"]["schemas"]["OpenView"]["required"]) == {"url", "token"}
