"""Unit tests of single server modules: the catalogue cache, the error table, reading c.ModelArts."""

from __future__ import annotations

import asyncio
import json
import logging

import pytest
from tornado.web import HTTPError
from traitlets.config import Config, Configurable

from jupyter_modelarts.core.errors import (
    ConfigurationError,
    ContractError,
    ErrorKind,
    FieldProblem,
    PolicyError,
    UpstreamError,
    UpstreamTimeout,
    UpstreamUnreachable,
)
from jupyter_modelarts.core.settings import load_settings
from jupyter_modelarts.server.app import check_setup, guard_logs
from jupyter_modelarts.server.errors import InstanceNotReady, http_error
from jupyter_modelarts.server.service import TtlCache

log = logging.getLogger("test_server_units")


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.asyncio
async def test_cache_keeps_a_value_for_its_ttl() -> None:
    clock, loads = Clock(), []
    cache: TtlCache[int] = TtlCache(10.0, clock)

    async def load() -> int:
        loads.append(clock.now)
        return len(loads)

    assert [await cache.fetch(load), await cache.fetch(load)] == [1, 1]
    clock.now += 10.5
    assert await cache.fetch(load) == 2
    assert await cache.fetch(load, refresh=True) == 3


@pytest.mark.asyncio
async def test_concurrent_requests_share_one_fetch() -> None:
    release, calls = asyncio.Event(), []
    cache: TtlCache[str] = TtlCache(60.0)

    async def load() -> str:
        calls.append(1)
        await release.wait()
        return "catalogue"

    waiting = [asyncio.ensure_future(cache.fetch(load)) for _ in range(5)]
    await asyncio.sleep(0)
    release.set()

    assert await asyncio.gather(*waiting) == ["catalogue"] * 5 and len(calls) == 1


@pytest.mark.asyncio
async def test_a_failed_fetch_is_not_cached_and_a_cancelled_caller_does_not_cancel_it() -> None:
    cache: TtlCache[str] = TtlCache(60.0)
    attempts: list[int] = []

    async def flaky() -> str:
        attempts.append(1)
        if len(attempts) == 1:
            raise UpstreamError(500, "ModelArts.6102", "busy")
        await asyncio.sleep(0.01)
        return "ok"

    with pytest.raises(UpstreamError):
        await cache.fetch(flaky)
    impatient = asyncio.ensure_future(cache.fetch(flaky))
    patient = asyncio.ensure_future(cache.fetch(flaky))
    await asyncio.sleep(0)
    impatient.cancel()
    assert await patient == "ok" and len(attempts) == 2


@pytest.mark.asyncio
async def test_a_zero_ttl_never_keeps_anything() -> None:
    cache: TtlCache[int] = TtlCache(0.0)
    counter = iter(range(10))

    async def load() -> int:
        return next(counter)

    assert [await cache.fetch(load) for _ in range(3)] == [0, 1, 2]


@pytest.mark.parametrize(
    ("error", "status", "reason"),
    [
        (ContractError([FieldProblem("body.name", "is required")]), 400, "invalid"),
        (PolicyError([FieldProblem("body.flavor", "not allowed")]), 403, "not_allowed"),
        (ConfigurationError("No credentials.", hint="Set them."), 503, "not_configured"),
        (InstanceNotReady("stopped"), 409, "not_ready"),
        (UpstreamError(400, "ModelArts.6309", "gone", "r1"), 404, "not_found"),
        (UpstreamError(400, "ModelArts.6357", "busy", "r1"), 409, "conflict"),
        (UpstreamError(400, "ModelArts.6302", "quota", "r1"), 409, "quota"),
        (UpstreamError(400, "ModelArts.6336", "bad", "r1"), 400, "invalid"),
        (UpstreamError(401, "APIG.0301", "bad signature", "r1"), 502, "upstream_auth"),
        (UpstreamError(403, "ModelArts.0108", "no permission", "r1"), 502, "upstream_forbidden"),
        (UpstreamError(429, "APIG.0308", "slow down", "r1"), 503, "throttled"),
        (UpstreamTimeout(0, None, "no answer"), 504, "timeout"),
        (UpstreamUnreachable(0, None, "cannot connect"), 502, "unreachable"),
        (UpstreamError(500, "ModelArts.6102", "oops", "r1"), 502, "upstream"),
        (HTTPError(405), 405, "Method Not Allowed"),
        (RuntimeError("internal detail /etc/secret"), 500, "internal"),
    ],
)
def test_every_failure_has_one_answer(error: BaseException, status: int, reason: str) -> None:
    answer = http_error(error)

    assert (answer.status, answer.body.reason) == (status, reason)
    assert answer.status != 401
    if isinstance(error, UpstreamError) and error.code:
        assert (answer.body.code, answer.body.request_id) == (error.code, error.request_id)
    if isinstance(error, RuntimeError):
        assert "secret" not in answer.body.message and answer.log_level == logging.ERROR
    if isinstance(error, ContractError | PolicyError):
        assert [p.location for p in answer.body.problems] == [p.location for p in error.problems]


def test_throttling_asks_the_browser_to_wait() -> None:
    assert http_error(UpstreamError(429, "APIG.0308", "slow down")).headers == {"Retry-After": "5"}


@pytest.mark.parametrize(("upstream", "passed_on"), [(0.0, "0"), (3.0, "3"), (2.2, "3"), (120.0, "120")])
def test_throttling_passes_on_the_wait_modelarts_asked_for(upstream: float, passed_on: str) -> None:
    error = UpstreamError(429, "APIG.0308", "slow down", retry_after=upstream)
    assert http_error(error).headers == {"Retry-After": passed_on}


def test_upstream_kinds_are_all_mapped() -> None:
    mapped = {http_error(UpstreamError(0, None, "x")).status}
    for kind in ErrorKind:
        error = UpstreamError(0, None, "x")
        error.kind = kind
        mapped.add(http_error(error).status)
    assert mapped <= {400, 404, 409, 502, 503, 504}


def parent(**section: object) -> Configurable:
    return Configurable(config=Config({"ModelArts": section}))


def test_valid_settings_load_without_problems() -> None:
    settings, problems = load_settings(parent(region="cn-north-4", max_lease_hours=8))

    assert problems == [] and settings.region == "cn-north-4" and settings.max_lease_hours == 8


def test_every_invalid_setting_is_named_and_secrets_are_not_shown() -> None:
    settings, problems = load_settings(
        parent(project_id="xyz", request_timeout=-1, iam_token=["MIIsecret"], region="cn-north-4")
    )

    text = " ".join(problems)
    assert "c.ModelArts.project_id" in text and "c.ModelArts.request_timeout" in text
    assert "c.ModelArts.iam_token has an invalid value (not shown" in text and "MIIsecret" not in text
    assert settings.region == "cn-north-4"  # the valid ones are kept
    assert check_setup(settings, problems, log).policy is None  # nothing is allowed while broken


def test_presets_are_normalised_once_at_start() -> None:
    settings, _ = load_settings(
        parent(presets=[{"display_name": "A", "flavor": "f", "image": "img"}], allowed_flavors=["g"])
    )

    setup = check_setup(settings, [], log)

    assert setup.presets is None and setup.presets_problem and "not allowed" in setup.presets_problem
    assert setup.policy is not None and setup.blocking == []


def test_guard_logs_scrubs_configured_and_environment_secrets_from_every_logger() -> None:
    logger = logging.getLogger("test_server_units.guarded")
    logger.propagate = False  # like every Jupyter application's logger
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)

    config = {"ModelArts": {"secret_key": "config-secret-key"}}
    guard_logs(config, {"HUAWEICLOUD_SDK_AK": "ENVAK0001"})
    logger.debug("Config changed: %r", {"ModelArts": {"secret_key": "config-secret-key"}, "ak": "ENVAK0001"})

    message = records[-1].getMessage()
    assert "config-secret-key" not in message and "ENVAK0001" not in message and "<redacted>" in message


def test_the_notebook_views_never_carry_the_token_and_count_the_lease_on_the_server_clock() -> None:
    from jupyter_modelarts.core.contract import Notebook, NotebookPage
    from jupyter_modelarts.server.schemas import NotebookPageView, NotebookView

    running = {
        "id": "4e4d1ae3-2f3c-4a3c-9a40-000000000001", "name": "nb", "status": "RUNNING", "token": "TOKEN-1",
        "lease": {"create_at": 1_000, "duration": 3_600_000, "enable": True, "type": "TIMING"},
        "image": {"id": "i", "name": "img"}, "a_field_modelarts_added_later": {"nested": [1, 2]},
    }  # fmt: skip
    stopped = {"id": "4e4d1ae3-2f3c-4a3c-9a40-000000000002", "status": "STOPPED", "token": "TOKEN-2"}
    envelope = {"current": 0, "pages": 1, "size": 2, "total": 2, "data": [running, stopped]}
    now = 1_800_000

    page = json.loads(NotebookPageView.of(NotebookPage.model_validate(envelope), now).model_dump_json())
    assert "TOKEN" not in json.dumps(page)
    first, second = page["items"]
    assert first["lease_remaining_ms"] == 1_000 + 3_600_000 - now and first["lease_deadline_ms"] == 3_601_000
    assert first["a_field_modelarts_added_later"] == {"nested": [1, 2]}  # unknown fields pass through
    assert second["lease_remaining_ms"] is None and second["server_time_ms"] == now
    assert "token" not in json.loads(NotebookView.of(Notebook.model_validate(running), now).model_dump_json())
