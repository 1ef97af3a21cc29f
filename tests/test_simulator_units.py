"""Unit tests of the simulator's pure parts and of its Python API's edges."""

from __future__ import annotations

import socket

import pytest

from jupyter_modelarts.simulator import Simulator, SimulatorThread
from jupyter_modelarts.simulator.catalog import Catalog
from jupyter_modelarts.simulator.errors import SimError
from jupyter_modelarts.simulator.faults import FaultInjector
from jupyter_modelarts.simulator.handlers.base import Authenticator
from jupyter_modelarts.simulator.states import IDLE, TIMING, Lease, allowed_range
from jupyter_modelarts.simulator.testing import TEST_PROJECT_ID, running_simulator
from jupyter_modelarts.simulator.world import VirtualClock


def test_virtual_clock_moves_forward_only() -> None:
    clock = VirtualClock()
    before = clock.now_ms()
    assert clock.advance(3_600_000) >= before + 3_600_000
    assert clock.offset_ms == 3_600_000
    with pytest.raises(ValueError, match="forward"):
        clock.advance(-1)
    assert clock.http_date().endswith("GMT")


def test_lease_ranges_and_disabling() -> None:
    assert allowed_range(TIMING) == (3_600_000, 259_200_000)
    assert allowed_range(IDLE) == (900_000, 259_200_000)
    lease = Lease.new(1_000, 0, IDLE)
    assert (lease.enable, lease.duration) == (False, 0)
    lease.reanchor(5_000, 3_600_000, TIMING)
    assert (lease.enable, lease.duration, lease.type, lease.update_at) == (True, 3_604_000, TIMING, 5_000)
    assert lease.to_json() == {"create_at": 1_000, "duration": 3_604_000, "enable": True, "type": TIMING,
                               "update_at": 5_000}  # fmt: skip


def test_catalog_switching_and_compatibility() -> None:
    catalog = Catalog("cn-north-4")
    assert [f["id"] for f in catalog.switchable("modelarts.bm.snt9.xlarge.1")] == [
        "modelarts.bm.snt9.xlarge.2"
    ]
    assert (
        catalog.switchable("modelarts.vm.cpu.free") == []
    )  # a free CodeLab cannot switch to a billed flavor
    assert catalog.switchable("no.such.flavor") == []
    assert catalog.incompatibility("e1a07296-22a8-4f05-8bc8-e936c8e54090", "modelarts.vm.cpu.8u") is None
    assert "x86_64" in (
        catalog.incompatibility("59a6e9f5-93c0-44dd-85b0-82f390c5d53a", "modelarts.vm.cpu.2u") or ""
    )
    assert catalog.set_sold_out("modelarts.vm.cpu.8u", True)
    assert not catalog.set_sold_out("no.such.flavor", True)
    assert catalog.switchable("modelarts.vm.cpu.2u") == []
    image = catalog.image("e1a07296-22a8-4f05-8bc8-e936c8e54090")
    assert image is not None and image["swr_path"].startswith("swr.cn-north-4.myhuaweicloud.com/atelier/")
    # Callers get copies: mutating one does not change the catalogue.
    image["name"] = "changed"
    assert catalog.image_summary(image["id"])["name"] == "notebook2.0-mul-kernel-cpu-cp36"


def test_fault_count_is_spent_per_matching_request() -> None:
    faults = FaultInjector()
    faults.add({"action": "error", "path": "^/a", "method": "get", "count": 2})
    assert faults.pick("POST", "/a") is None
    assert faults.pick("GET", "/b") is None
    first, second, third = (faults.pick("GET", "/a/x") for _ in range(3))
    assert first is not None and second is not None and third is None
    assert faults.rules() == []


def test_bad_rule_raises_modelarts_style_error() -> None:
    with pytest.raises(SimError) as problem:
        FaultInjector().add({"action": "stall"})
    assert problem.value.code == "ModelArts.6335"


def test_authenticator_repr_hides_credentials() -> None:
    authenticator = Authenticator("MYACCESSKEY", "MYSECRET", iam_tokens=["TOKEN1"], security_tokens=["ST"])
    text = repr(authenticator)
    assert "MYACCESSKEY" not in text and "MYSECRET" not in text and "TOKEN1" not in text


def test_simulator_rejects_bad_settings_with_every_problem() -> None:
    with pytest.raises(ValueError, match="invalid simulator settings") as problem:
        Simulator("", "SK", "a/b", speed=-1, max_running=-1, port=70000)
    message = str(problem.value)
    for fragment in ("access_key", "project_id", "speed", "max_running", "port"):
        assert fragment in message


def test_simulator_repr_hides_credentials() -> None:
    simulator = Simulator("VISIBLEAK", "HIDDENSECRET", TEST_PROJECT_ID)
    assert "HIDDENSECRET" not in repr(simulator) and "VISIBLEAK" not in repr(simulator)


def test_thread_start_raises_what_prevented_listening() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(OSError, match="in use"):
            SimulatorThread("AK", "SK", TEST_PROJECT_ID, port=port, lab=False).start()


def test_stop_removes_a_temporary_workdir_and_keeps_a_given_one(tmp_path: object) -> None:
    with running_simulator(lab=False) as (thread, _):
        temporary = thread.simulator.workdir
        assert temporary.is_dir()
    assert not temporary.exists()
    with running_simulator(lab=False, workdir=str(tmp_path)) as (thread, _):
        assert str(thread.simulator.workdir) == str(tmp_path)
    assert thread.simulator.workdir.exists()
