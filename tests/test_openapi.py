"""GET openapi.json: valid OpenAPI 3.1, and true to the server that serves it.

Two directions: every route and verb the running server routes to our handlers
is documented, and every documented operation is routed and implemented. Live
answers are validated against the document's schemas.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from pydantic import BaseModel, TypeAdapter, ValidationError
from tornado.web import RequestHandler

from jupyter_modelarts.core.contract import NotebookCreateRequest, NotebookUpdateRequest
from jupyter_modelarts.core.contract.listing import NotebookListQuery
from jupyter_modelarts.core.legacy.models import LegacyCreateRequest
from jupyter_modelarts.server.handlers import ModelArtsHandler
from jupyter_modelarts.server.openapi import OPERATIONS

VERBS = ("get", "post", "put", "patch", "delete")
UUID = "e1a07296-22a8-4f05-8bc8-e936c8e54090"


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
        [instance_id] = document["paths"]["/legacy/instances/{instance_id}"]["get"]["parameters"]
        assert instance_id["schema"] == {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"}
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
        # The renew body is optional, as documented: no body renews a TIMING lease.
        renewed = await api.ok("PATCH", f"notebooks/{created['id']}/lease")
        check(renewed, "/notebooks/{notebook_id}/lease", "patch", "200")
        assert renewed["type"] == "TIMING"

    async def test_request_bodies_and_queries_are_the_contract_models(self, api: Any) -> None:
        document = await api.get("openapi.json")

        create = document["paths"]["/notebooks"]["post"]["requestBody"]["content"]["application/json"]
        assert create["schema"] == {"$ref": "#/components/schemas/NotebookCreateRequest"}
        listing = document["paths"]["/notebooks"]["get"]["parameters"]
        assert {p["name"] for p in listing} == {"status", "name", "offset", "limit", "all"}
        view = document["components"]["schemas"]["NotebookView"]
        assert "token" not in view["properties"] and "lease_remaining_ms" in view["properties"]
        assert set(document["components"]["schemas"]["OpenView"]["required"]) == {"url", "token"}

    async def test_the_document_states_the_rules_the_server_enforces(self, api: Any) -> None:
        document = await api.get("openapi.json")
        schemas = document["components"]["schemas"]

        def parameter(path: str, verb: str, name: str) -> dict[str, Any]:
            found: dict[str, Any] = next(
                p for p in document["paths"][path][verb]["parameters"] if p["name"] == name
            )
            return found

        uuid = parameter("/notebooks/{notebook_id}/lease", "patch", "notebook_id")["schema"]
        assert uuid["type"] == "string" and uuid["format"] == "uuid"
        assert re.fullmatch(uuid["pattern"].strip("^$"), "5DD27E6F-22a8-4f05-8bc8-e936c8e54090")
        assert schemas["NotebookCreateRequest"]["properties"]["image_id"]["format"] == "uuid"

        name = schemas["NotebookCreateRequest"]["properties"]["name"]
        assert (name["minLength"], name["maxLength"]) == (1, 128)
        assert name["pattern"] == "^[A-Za-z0-9_\\-\\u4e00-\\u9fa5]+$"
        description = schemas["NotebookCreateRequest"]["properties"]["description"]["anyOf"][0]
        assert description == {"type": "string", "maxLength": 512, "pattern": "^[^<>]*$"}

        # Query parameters: the rule without pydantic's "or null" (a query string is never null).
        limit = parameter("/notebooks", "get", "limit")["schema"]
        assert (limit["type"], limit["minimum"], limit["maximum"]) == ("integer", 1, 50)
        assert parameter("/notebooks", "get", "offset")["schema"]["minimum"] == 0

        lease = schemas["LeaseRenewRequest"]["properties"]["duration"]["anyOf"][0]
        assert lease["type"] == "integer"
        off = {"type": "integer", "const": -1}
        assert lease["anyOf"] == [off, {"type": "integer", "minimum": 900_000, "maximum": 259_200_000}]
        assert "TIMING lease needs at least 3600000" in lease["description"]
        timing = schemas["NotebookCreateRequest"]["properties"]["duration"]["anyOf"][0]
        assert timing["anyOf"] == [off, {"type": "integer", "minimum": 3_600_000, "maximum": 259_200_000}]

        capacity = schemas["VolumeMount"]["properties"]["capacity"]
        assert (capacity["anyOf"][0]["minimum"], capacity["anyOf"][0]["maximum"]) == (1, 4096)
        assert "EVS disks 5–4096" in capacity["description"]  # the part that depends on the category
        storage = schemas["NotebookUpdateRequest"]["properties"]["storage_new_size"]["anyOf"][0]
        assert (storage["minimum"], storage["maximum"]) == (5, 4096)
        assert schemas["NotebookUpdateRequest"]["minProperties"] == 1

        ips = schemas["EndpointRequest"]["properties"]["allowed_access_ips"]["anyOf"][0]
        assert ips["maxItems"] == 5 and ips["uniqueItems"] is True and ips["items"]["format"] == "ipv4"
        assert "not private" in ips["items"]["description"]  # what a schema cannot say is written out

        renew = document["paths"]["/notebooks/{notebook_id}/lease"]["patch"]["requestBody"]
        assert renew["required"] is False
        assert document["paths"]["/notebooks/{notebook_id}/start"]["post"]["requestBody"]["required"] is False

    async def test_every_pattern_is_anchored_ecma_262(self, api: Any) -> None:
        # JSON Schema patterns are ECMA-262 and match anywhere: ours are anchored with ^...$ and use
        # nothing Python-only (\Z, \A, named groups, inline flags, look-behind).
        patterns: list[str] = []

        def walk(node: Any) -> None:
            if isinstance(node, dict):
                patterns.extend(v for k, v in node.items() if k == "pattern" and isinstance(v, str))
                for value in node.values():
                    walk(value)
            elif isinstance(node, list):
                for value in node:
                    walk(value)

        walk(await api.get("openapi.json"))
        assert len(patterns) > 20
        for pattern in patterns:
            assert pattern.startswith("^") and pattern.endswith("$"), pattern
            assert not re.search(r"\\[AZ]|\(\?P|\(\?[aiLmsux]|\(\?<[!=]", pattern), pattern


class TestPatternsMatchTheValidators:
    """The documented pattern and the validator next to it accept the same strings."""

    @pytest.mark.parametrize(
        ("model", "field", "values"),
        [
            (NotebookCreateRequest, "name", ["nb-1", "中文_x", "", "a b", "x" * 128, "x" * 129, "nb\n"]),
            (NotebookCreateRequest, "workspace_id", ["0", "0" * 32, "00", "A" * 32, "0\n"]),
            (NotebookCreateRequest, "image_id", [UUID.upper(), UUID, UUID[:-1], f"{{{UUID}}}"]),
            (NotebookUpdateRequest, "dew_secret_name", ["s-1", "x" * 64, "x" * 65, "a.b", ""]),
            (NotebookListQuery, "tags", ["k1|v1,k2|v2", "k|", "k,", ",k", "k||v", "k,|v", "k\n|v"]),
            (LegacyCreateRequest, "name", ["legacy_1", "x" * 64, "x" * 65, "é", ""]),
        ],
    )
    def test_same_verdicts(self, model: type[BaseModel], field: str, values: list[str]) -> None:
        prop = model.model_json_schema()["properties"][field]
        rules = prop["anyOf"][0] if "anyOf" in prop else prop
        # ECMA-262 "$" (no m flag) ends the input, as Python's \Z does.
        pattern = re.compile(rules["pattern"].removesuffix("$") + r"\Z")
        info = model.model_fields[field]
        # The field's own validators: required fields keep them in the metadata, optional ones in the type.
        adapter = TypeAdapter(
            Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
        )
        for value in values:
            documented = bool(pattern.match(value)) and len(value) <= rules.get("maxLength", len(value))
            documented = documented and len(value) >= rules.get("minLength", 0)
            try:
                adapter.validate_python(value)
                accepted = True
            except ValidationError:
                accepted = False
            assert documented == accepted, (model.__name__, field, value)
