"""Property-based tests of the REST API against its own OpenAPI document (schemathesis 4).

Every documented operation, the legacy ones included, is one test: schemathesis sends the
boundary values and edge cases of its schema (coverage phase: also unsupported methods, a missing
login...) and random requests (fuzzing), valid and invalid. Every answer must be one the document
promises:

* no server error at all: the upstream is a healthy simulator with room for every instance the run
  creates, so not even the documented 502/503/504 may happen (``not_a_server_error``);
* documented status codes, content types and headers, bodies that match their schemas;
* invalid requests refused (``negative_data_rejection``), the login never ignored (``ignored_auth``),
  405 for undocumented methods (``unsupported_method``).

Two built-in checks do not apply. ``positive_data_acceptance``: a request that matches the schema
may still be refused with a 400, because the schema cannot state every rule (fields that depend on
each other, "a public IP address", a flavor or image that must exist: the descriptions say so).
``missing_required_header``: it wants 401 without the Authorization header, but this API answers 403,
on purpose (JupyterLab reads a 401 as "signed out"; docs/rest-api.md).

pytest-jupyter's server lives on the test's event loop, which a synchronous schemathesis call would
block: each case is sent from a worker thread while the loop serves it (``in_server_loop``). The run
is deterministic: fixed seed, derandomized, no example database.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis import Case, HookContext
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import missing_required_header, positive_data_acceptance

from jupyter_modelarts.server.openapi import openapi_document

pytestmark = pytest.mark.slow

# At least this many cases over all operations (when they all run in one process).
MIN_CASES = 500
EXCLUDED_CHECKS = [positive_data_acceptance, missing_required_header]
CPU_FLAVOR = "modelarts.vm.cpu.2u"
CPU_IMAGE = "e1a07296-22a8-4f05-8bc8-e936c8e54090"
PRESETS = [{"display_name": "Small CPU", "flavor": CPU_FLAVOR, "image": "notebook2.0-mul-kernel-cpu-cp36"}]

# Built when the module is collected, one test per operation; `base_url` checks that the test
# server serves this very document.
DOCUMENT = openapi_document("/modelarts", legacy=True)
schema = schemathesis.openapi.from_dict(
    DOCUMENT,
    config=schemathesis.Config.from_dict(
        {
            "seed": 20250601,
            "generation": {"deterministic": True, "database": "none", "max-examples": 25},
            "suppress-health-check": ["too_slow", "filter_too_much", "data_too_large", "large_base_example"],
        }
    ),
)
OPERATIONS = {f"{method.upper()} {path}" for path, item in DOCUMENT["paths"].items() for method in item}
SENT: Counter[str] = Counter()  # cases per operation, in this process

# Generated ids, flavors and images almost never exist upstream, so nearly every valid request would
# end in a 400 or 404 and success answers would go unchecked. For valid (positive) parts of a case,
# the hook below may swap in ids that exist (filled in by `base_url`) and, in bodies, the catalogue
# values a create needs, keeping every other generated field.
KNOWN: dict[str, list[str]] = {"notebook_id": [], "instance_id": [], "slug": ["small-cpu"]}
VOLUME = {"category": "EVS", "ownership": "MANAGED", "capacity": 5}
LEGACY_SPEC = {"storage": {"type": "evs", "location": {"volume_size": 5}}}


def _catalogued(label: str, body: dict[str, Any]) -> dict[str, Any]:
    if label == "POST /notebooks":
        rest = {key: value for key, value in body.items() if key != "custom_spec"}
        return {**rest, "flavor": CPU_FLAVOR, "image_id": CPU_IMAGE, "volume": VOLUME}
    if label == "PUT /notebooks/{notebook_id}":  # switching flavor or image needs a STOPPED instance
        return {key: value for key, value in body.items() if key not in ("flavor", "image_id", "custom_spec")}
    if label == "POST /legacy/instances":
        return {
            **body,
            "profile_id": "Python3",
            "flavor": CPU_FLAVOR,
            "spec": {**body["spec"], **LEGACY_SPEC},
        }
    return body


@schema.hook
def flatmap_case(context: HookContext, case: Case) -> st.SearchStrategy[Case]:
    def negative(location: ParameterLocation) -> bool:
        return case.meta is not None and case.meta.is_negative_at(location)

    parameters = case.path_parameters or {}
    name = next((name for name in KNOWN if name in parameters), None)
    ids = [] if name is None or negative(ParameterLocation.PATH) else KNOWN[name]
    body = case.body if isinstance(case.body, dict) and not negative(ParameterLocation.BODY) else None
    if not ids and body is None:
        return st.just(case)

    def known(choice: tuple[str | None, bool]) -> Case:
        known_id, catalogued = choice
        if known_id is not None and name is not None:
            parameters[name] = known_id
        if catalogued and body is not None:
            case.body = _catalogued(case.operation.label, body)
        return case

    return st.tuples(st.sampled_from([None, *ids]), st.booleans() if body else st.just(False)).map(known)


@pytest.fixture
def sim(make_sim: Callable[..., Any]) -> Any:
    """A simulator that never runs out of room: instances the run creates must not end in 409s."""
    return make_sim(quota=1_000_000, max_running=1_000_000)


@pytest.fixture
def modelarts_config(sim_modelarts_config: dict[str, Any]) -> dict[str, Any]:
    return {**sim_modelarts_config, "legacy_api": True, "presets": PRESETS}


@pytest.fixture
def in_server_loop(jp_asyncio_loop: asyncio.AbstractEventLoop) -> Callable[..., Any]:
    """Run a blocking call in a worker thread while the test server's loop serves it."""

    def run(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        return jp_asyncio_loop.run_until_complete(asyncio.to_thread(function, *args, **kwargs))

    return run


@pytest.fixture
def base_url(api: Any, sim: Any, jp_asyncio_loop: asyncio.AbstractEventLoop, jp_http_port: int) -> str:
    """The test server's API (serving DOCUMENT), with notebooks and legacy instances to find."""
    run = jp_asyncio_loop.run_until_complete
    served = run(api.get("openapi.json"))
    assert {**served, "servers": DOCUMENT["servers"]} == DOCUMENT
    notebooks = [run(api.ok("POST", "notebooks", sim.notebook_body(f"fuzz-{n}"))) for n in range(3)]
    KNOWN["notebook_id"] = [notebook["id"] for notebook in notebooks]
    legacy = {"name": "fuzz", "profile_id": "Python3", "flavor": CPU_FLAVOR, "spec": LEGACY_SPEC}
    KNOWN["instance_id"] = [run(api.ok("POST", "legacy/instances", legacy))["id"] for _ in range(2)]
    return f"http://127.0.0.1:{jp_http_port}{served['servers'][0]['url']}"


@pytest.fixture
def sent() -> Iterator[Counter[str]]:
    """Counts the cases; once every operation has run in this process, checks there were enough."""
    yield SENT
    if set(SENT) == OPERATIONS:
        total = sum(SENT.values())
        print(f"\nschemathesis sent {total} cases: {dict(sorted(SENT.items()))}")
        assert total >= MIN_CASES, SENT


@schema.parametrize()
# One test server and simulator serve every generated case of an operation, on purpose.
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_every_answer_is_documented(
    case: Case,
    base_url: str,
    jp_auth_header: dict[str, str],
    in_server_loop: Callable[..., Any],
    sent: Counter[str],
) -> None:
    sent[case.operation.label] += 1
    in_server_loop(case.call_and_validate, base_url, headers=jp_auth_header, excluded_checks=EXCLUDED_CHECKS)
