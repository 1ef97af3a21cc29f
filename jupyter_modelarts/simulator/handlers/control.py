"""Not ModelArts: the control API under ``/_sim/`` and the stand-in notebook page ``/_lab/``.

The control API is a remote control for tests and demos (docs/simulator.md), signed
like every other call (so a stray browser cannot drive it), never hit by injected
faults (so a test can always remove them).
"""

from __future__ import annotations

import html
from collections import Counter
from typing import Any

from jupyter_modelarts.simulator import errors
from jupyter_modelarts.simulator.errors import Checker, parse_json_object
from jupyter_modelarts.simulator.handlers.base import SimHandler
from jupyter_modelarts.simulator.world import PageLab, package_version

OPERATIONS = ("create", "start")


class _ControlHandler(SimHandler):
    check_project = False
    injectable = False


class InfoHandler(_ControlHandler):
    async def get(self, *args: str, **kwargs: str) -> None:
        world = self.world
        statuses = Counter(instance.status for instance in world.store.all())
        info = {
            "simulator": "jupyter-modelarts",
            "version": package_version(),
            "endpoint": world.endpoint,
            "project_id": world.project_id,
            "region": world.region,
            "speed": world.speed,
            "quota": world.quota,
            "max_running": world.max_running,
            "lab": "page" if isinstance(world.lab, PageLab) else type(world.lab).__name__,
            "clock": {"now_ms": world.clock.now_ms(), "offset_ms": world.clock.offset_ms},
            "instances": {
                "total": world.store.count(),
                "live": world.store.live_count(),
                "by_status": dict(statuses),
            },
            "faults": len(world.faults.rules()),
            "fail_next": sorted(world.lifecycle.fail_next),
        }
        self.send_json(info)


class ClockHandler(_ControlHandler):
    def _state(self, **extra: Any) -> dict[str, Any]:
        clock = self.world.clock
        return {"now_ms": clock.now_ms(), "offset_ms": clock.offset_ms, **extra}

    async def get(self, *args: str, **kwargs: str) -> None:
        self.send_json(self._state())

    async def post(self, *args: str, **kwargs: str) -> None:
        data = parse_json_object(self.request.body)
        checker = Checker()
        advance = checker.integer(data, "advance_ms", required=True)
        if advance is not None and advance < 0:
            checker.fail(errors.bad_value("advance_ms", "the virtual clock only moves forward"))
        checker.raise_if_any()
        assert advance is not None
        self.world.clock.advance(advance)
        # Expired leases stop now, not at the next tick: the caller sees STOPPING right away.
        stopped = self.world.lifecycle.expire_leases()
        self.send_json(self._state(auto_stopped=stopped))


class SpeedHandler(_ControlHandler):
    """``PUT /_sim/speed`` ``{"speed": F}``: the time-lapse factor of transitions from now on."""

    async def get(self, *args: str, **kwargs: str) -> None:
        self.send_json({"speed": self.world.speed})

    async def put(self, *args: str, **kwargs: str) -> None:
        data = parse_json_object(self.request.body)
        speed = data.get("speed")
        if isinstance(speed, bool) or not isinstance(speed, int | float) or not speed > 0:
            raise errors.bad_value("speed", "must be a positive number")
        self.world.lifecycle.speed = float(speed)
        self.send_json({"speed": self.world.speed})


class FaultsHandler(_ControlHandler):
    async def get(self, *args: str, **kwargs: str) -> None:
        self.send_json({"faults": self.world.faults.rules()})

    async def post(self, *args: str, **kwargs: str) -> None:
        """One rule as an object, or several as ``{"faults": [...]}``."""
        data = parse_json_object(self.request.body)
        specs = data["faults"] if isinstance(data.get("faults"), list) else [data]
        for index, spec in enumerate(specs):
            if not isinstance(spec, dict):
                raise errors.wrong_type(f"faults[{index}]", "object")
        rules = [self.world.faults.add(spec) for spec in specs]
        self.send_json({"faults": [rule.to_json() for rule in rules]}, status=201)

    async def delete(self, *args: str, **kwargs: str) -> None:
        self.world.faults.clear()
        self.send_json({"faults": []})


class FaultHandler(_ControlHandler):
    async def delete(self, *args: str, **kwargs: str) -> None:
        rule_id = self.path_arg("rule_id")
        if not self.world.faults.remove(rule_id):
            raise errors.resource_not_found("Fault", rule_id)
        self.send_json({"faults": self.world.faults.rules()})


class FlavorControlHandler(_ControlHandler):
    """``PUT /_sim/flavors/{id}`` ``{"sold_out": true}``: take a flavor off sale or back on."""

    async def put(self, *args: str, **kwargs: str) -> None:
        flavor_id = self.path_arg("flavor_id")
        data = parse_json_object(self.request.body)
        checker = Checker()
        sold_out = checker.boolean(data, "sold_out", required=True)
        checker.raise_if_any()
        assert sold_out is not None
        if not self.world.catalog.set_sold_out(flavor_id, sold_out):
            raise errors.flavor_not_supported(flavor_id)
        self.send_json(self.world.catalog.flavor(flavor_id))

    post = put


class FailNextHandler(_ControlHandler):
    """``POST /_sim/fail-next`` ``{"operation": "create"|"start", "reason": "..."}``."""

    async def post(self, *args: str, **kwargs: str) -> None:
        data = parse_json_object(self.request.body)
        checker = Checker()
        operation = checker.enum(checker.string(data, "operation", required=True), OPERATIONS, "operation")
        reason = checker.string(data, "reason") or "Insufficient resources for the requested flavor."
        checker.raise_if_any()
        assert operation is not None
        self.world.lifecycle.fail_next[operation.lower()] = reason
        self.send_json({"fail_next": sorted(self.world.lifecycle.fail_next)})

    async def delete(self, *args: str, **kwargs: str) -> None:
        self.world.lifecycle.fail_next.clear()
        self.send_json({"fail_next": []})


class HistoryHandler(_ControlHandler):
    """Every status and progress change of an instance, kept after it is deleted."""

    async def get(self, *args: str, **kwargs: str) -> None:
        instance_id = self.path_arg("instance_id")
        history = self.world.store.history(instance_id)
        if history is None:
            raise errors.instance_not_found()
        self.send_json({"id": instance_id, "history": history})


_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>{name} - simulated JupyterLab</title></head>
<body><h1>Simulated JupyterLab</h1>
<p>Notebook instance <code>{instance_id}</code> ({name}) is running in the jupyter-modelarts simulator
without a JupyterLab process (<code>lab=False</code>).</p></body></html>
"""


class LabPageHandler(SimHandler):
    """``/_lab/{instance_id}/lab``: the notebook page of ``lab=False`` mode, to test "open the instance".

    It guards itself like a Jupyter server does: the instance token as ``?token=`` or
    ``Authorization: token <t>``, 403 otherwise, 404 when the instance is not running.
    """

    authenticated = False  # the notebook URL is not behind the API gateway
    injectable = False

    def _token(self) -> str:
        header = self.request.headers.get("Authorization", "")
        scheme, _, value = header.partition(" ")
        if scheme.lower() == "token" and value:
            return value.strip()
        return self.get_query_argument("token", "")

    async def get(self, *args: str, **kwargs: str) -> None:
        instance_id = self.path_arg("instance_id")
        page_lab = self.world.page_lab
        instance = self.world.store.find(instance_id)
        self.set_header("Content-Type", "text/html; charset=UTF-8")
        if page_lab is None or instance is None or not page_lab.is_running(instance_id):
            self.set_status(404)
            self.finish("<!doctype html><title>404</title><p>No running notebook instance here.</p>")
            return
        if not page_lab.accepts(instance_id, self._token()):
            self.set_status(403)
            self.finish("<!doctype html><title>403</title><p>Invalid or missing token.</p>")
            return
        self.finish(_PAGE.format(instance_id=html.escape(instance_id), name=html.escape(instance.name)))
