"""%modelarts failures in a real InteractiveShell: one clear line, never a traceback or a kernel exit.

Bad usage prints the verb's usage; invalid values list every problem by option
before anything is sent; names that match several or no instances list the
candidates; upstream errors (fault injection) show code, message and request id.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output
from traitlets.config import Config

CPU_IMAGE_NAME = "notebook2.0-mul-kernel-cpu-cp36"
CREATE = f"create {{}} --flavor modelarts.vm.cpu.2u --image {CPU_IMAGE_NAME} --wait"


def load_extension(ip: InteractiveShell) -> None:
    """``%load_ext jupyter_modelarts``."""
    assert ip.extension_manager is not None
    ip.extension_manager.load_extension("jupyter_modelarts")


@dataclass
class Ran:
    result: Any
    stdout: str
    stderr: str


@dataclass
class Magic:
    ip: InteractiveShell
    sim: Any

    def __call__(self, line: str, cell: str | None = None) -> Ran:
        with capture_output() as cap:
            if cell is None:
                result = self.ip.run_line_magic("modelarts", line)
            else:
                run_cell_magic: Callable[..., Any] = self.ip.run_cell_magic  # untyped upstream
                result = run_cell_magic("modelarts", line, cell)
        for secret in (self.sim.ACCESS_KEY, self.sim.SECRET_KEY):
            assert secret not in cap.stdout + cap.stderr
        return Ran(result, cap.stdout, cap.stderr)

    def fails(self, line: str, cell: str | None = None) -> str:
        """Run a line that must fail: nothing returned, one line on stderr (no traceback); that line."""
        ran = self(line, cell)
        assert ran.result is None and ran.stdout == ""
        lines = ran.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("ModelArts: "), ran.stderr
        assert "Traceback" not in ran.stderr
        return lines[0]

    def created(self, name: str) -> str:
        ran = self(CREATE.format(name))
        assert ran.stderr == "", ran.stderr
        return str(ran.result.id)


def make_magic(sim: Any, **settings: Any) -> Magic:
    config = Config()
    config.ModelArts.endpoint = sim.endpoint
    config.ModelArts.access_key = sim.ACCESS_KEY
    config.ModelArts.secret_key = sim.SECRET_KEY
    config.ModelArts.project_id = sim.PROJECT_ID
    config.ModelArts.poll_interval_fast = 0.02
    config.ModelArts.max_retries = 0
    for name, value in settings.items():
        setattr(config.ModelArts, name, value)
    ip = InteractiveShell.instance(config=config)
    load_extension(ip)
    return Magic(ip, sim)


@pytest.fixture
def magic(sim: Any, caplog: pytest.LogCaptureFixture) -> Iterator[Magic]:
    caplog.set_level(logging.DEBUG)
    try:
        yield make_magic(sim)
    finally:
        InteractiveShell.clear_instance()
    assert sim.SECRET_KEY not in caplog.text and sim.ACCESS_KEY not in caplog.text


@pytest.fixture
def strict_magic(sim: Any) -> Iterator[Magic]:
    """An administrator who blocks GPU flavors and allows leases of at most 2 hours."""
    try:
        yield make_magic(sim, blocked_flavors=["*.gpu.*"], max_lease_hours=2.0)
    finally:
        InteractiveShell.clear_instance()


@pytest.mark.parametrize(
    ("line", "usage", "error"),
    [
        ("bogus", "usage: %modelarts VERB", "unknown verb 'bogus'"),
        ("create only-a-name", "usage: %modelarts create", "required: --flavor, --image"),
        ("list --colour red", "usage: %modelarts list", "unrecognized arguments: --colour red"),
        ("flavors --category TPU", "usage: %modelarts flavors", "invalid choice: 'TPU'"),
        ("show 'unclosed", "usage: %modelarts VERB", "No closing quotation"),
        ("update nb", "usage: %modelarts update", "nothing to change"),
        ("help nothing", "usage: %modelarts VERB", "no verb 'nothing'"),
    ],
)
def test_bad_usage_prints_the_verbs_usage_and_never_exits(
    magic: Magic, line: str, usage: str, error: str
) -> None:
    if line.startswith("update"):
        magic.created("nb")
    ran = magic(line)  # a SystemExit here would fail the test
    assert ran.result is None and ran.stderr.startswith(usage)
    assert ran.stderr.splitlines()[-1].startswith("UsageError: ") and error in ran.stderr


def test_cell_magic_takes_only_create_or_update(magic: Magic) -> None:
    ran = magic("list", "name: x")
    assert ran.result is None and "%%modelarts create" in ran.stderr and "not 'list'" in ran.stderr


def test_invalid_options_are_all_listed_by_option_and_nothing_is_sent(magic: Magic) -> None:
    posts = magic.sim.count_requests(path="/notebooks$", method="POST")
    line = magic.fails(
        "create 'bad name' --flavor modelarts.vm.cpu.2u --image no-such-image --storage evs:2 "
        "--lease 10m --allow-ip 1.2.3.4 --timeout soon"
    )
    for option in (
        "NAME:",
        "--image:",
        "--storage (volume.capacity):",
        "--lease:",
        "--allow-ip:",
        "--timeout:",
    ):
        assert option in line
    assert "EVS capacity must be 5–4096 GB (got 2)" in line and "(1 h–72 h)" in line
    assert magic.sim.fired(posts) == 0


def test_catalogue_problems_are_found_before_sending(magic: Magic) -> None:
    posts = magic.sim.count_requests(path="/notebooks$", method="POST")
    sold_out = magic.fails(f"create x --flavor modelarts.vm.gpu.a100 --image {CPU_IMAGE_NAME}")
    assert "--flavor: flavor modelarts.vm.gpu.a100 is sold out" in sold_out
    assert "--image: image notebook2.0-mul-kernel-cpu-cp36:5.0.1-release-v2-20220505 runs on CPU" in sold_out
    storage = magic.fails(
        "create x --flavor modelarts.bm.snt9.xlarge.1 --image tensorflow1.15-mindspore1.7.0-"
        "cann5.1.0-euler2.8-aarch64 --storage evs"
    )
    assert (
        "--storage (volume.category): flavor modelarts.bm.snt9.xlarge.1 supports only EFS storage" in storage
    )
    typo = magic.fails(f"create x --flavor modelarts.vm.CPU.2u --image {CPU_IMAGE_NAME}:nope")
    assert "did you mean modelarts.vm.cpu.2u?" in typo and "has no tag 'nope'" in typo
    assert magic.sim.fired(posts) == 0


def test_cell_body_problems_name_the_request_fields(magic: Magic) -> None:
    line = magic.fails(
        "create", "name: ok\nflavor: modelarts.vm.cpu.2u\nimage_id: nope\nvolume: {category: EVS}\n"
    )
    assert "body.image_id" in line and "body.volume.ownership: is required" in line
    assert "not valid YAML or JSON at line 1" in magic.fails("create", "name: [unclosed")
    assert "must be a mapping" in magic.fails("create", "- a\n- list\n")
    assert "is empty" in magic.fails("update nb", "\n")


def test_the_admin_policy_applies(strict_magic: Magic) -> None:
    magic = strict_magic
    gpu = magic.fails("create x --flavor modelarts.vm.gpu.t4 --image pytorch1.8-cuda10.2-cudnn7-ubuntu18.04")
    assert gpu.startswith("ModelArts: Not allowed by the administrator's policy: --flavor")
    long_lease = magic.fails(f"create x --flavor modelarts.vm.cpu.2u --image {CPU_IMAGE_NAME} --lease 3h")
    assert "--lease (lease.duration): at most 2 h is allowed by the administrator" in long_lease
    assert "modelarts.vm.gpu.t4" not in {f.id for f in magic("flavors").result}
    assert "--flavor: flavor modelarts.vm.gpu.t4 is not allowed" in magic.fails(
        "images --flavor modelarts.vm.gpu.t4"
    )
    magic.created("fine")
    assert "auto-stop cannot be turned off" in magic.fails("lease fine --extend off")
    magic("stop fine --wait")
    assert "--lease (duration): at most 2 h" in magic.fails("start fine --lease 5h")


def test_ambiguous_and_unknown_names_list_the_candidates(magic: Magic) -> None:
    first = magic.created("twin")
    second = magic.sim.control.api("POST", "/notebooks", json=magic.sim.notebook_body("twin")).json()["id"]
    ambiguous = magic.fails("show twin")
    assert "The name 'twin' matches 2 instances" in ambiguous and first in ambiguous and second in ambiguous
    assert "name one by its id" in ambiguous
    assert magic(f"show {first}").result.id == first
    assert magic(f"show {first[:8]}").result.id == first or first[:8] == second[:8]
    unknown = magic.fails("show twinn")
    assert "No notebook instance is named 'twinn'; did you mean twin" in unknown
    missing = magic.fails("show 00000000-0000-4000-8000-000000000000")
    assert "No notebook instance has the id 00000000-0000-4000-8000-000000000000" in missing


def test_upstream_errors_show_code_message_and_request_id(magic: Magic) -> None:
    magic.sim.control.add_fault(action="error", path="/notebooks$", method="GET", status=500, count=1)
    line = magic.fails("list")
    assert "ModelArts error ModelArts.6102" in line and "request id " in line
    magic.sim.control.add_fault(action="throttle", path="/notebooks/flavors", count=1, retry_after=0)
    assert "APIG.0308" in magic.fails("flavors")
    assert magic("list").result == []  # the faults are used up: normal service again


def test_a_failed_start_and_a_wait_timeout_are_one_line(magic: Magic) -> None:
    magic.created("fragile")
    magic("stop fragile --wait")
    magic.sim.control.fail_next("start", "no capacity left in the zone")
    failed = magic.fails("start fragile --wait")
    assert "is START_FAILED" in failed and "no capacity left in the zone" in failed
    magic.sim.control.clear_faults()
    magic("start fragile --wait")
    timeout = magic.fails("wait fragile --status STOPPED --timeout 300ms")
    assert "is still RUNNING after 0.3 s (waiting for STOPPED)" in timeout


def test_a_start_on_a_sold_out_flavor_is_not_sent(magic: Magic) -> None:
    magic.created("unlucky")
    magic("stop unlucky --wait")
    starts = magic.sim.count_requests(path="/start$", method="POST")
    magic.sim.control.set_sold_out("modelarts.vm.cpu.2u", True)
    line = magic.fails("start unlucky")
    assert "NB: its flavor modelarts.vm.cpu.2u is sold out now" in line and "update unlucky --flavor" in line
    magic.sim.control.set_sold_out("modelarts.vm.cpu.2u", False)
    assert magic.sim.fired(starts) == 0 and magic("start unlucky --wait").result.status == "RUNNING"


def test_state_problems_are_found_before_sending(magic: Magic) -> None:
    magic.created("busy")
    starts = magic.sim.count_requests(path="/start$", method="POST")
    assert "lease busy --extend 2h" in magic.fails("start busy --lease 2h")
    assert "already RUNNING" in (magic("start busy").result.note or "")
    magic("stop busy --wait")
    assert "only a RUNNING instance can be opened" in magic.fails("open busy")
    assert "a lease can only be extended while RUNNING" in magic.fails("lease busy --extend 2h")
    assert "STOPPED" in magic("lease busy").result._repr_mimebundle_()["text/plain"]
    assert magic.sim.fired(starts) == 0
    magic("start busy --wait")
    switch = magic.fails("update busy --flavor modelarts.vm.cpu.8u")
    assert "its flavor can change only while STOPPED" in switch and "stop busy --wait" in switch


def test_missing_configuration_is_one_line(sim: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    for name in (
        "HUAWEICLOUD_SDK_AK",
        "HUAWEICLOUD_SDK_SK",
        "MODELARTS_IAM_TOKEN",
        "HUAWEICLOUD_SDK_CREDENTIALS_FILE",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    config = Config()
    config.ModelArts.endpoint = sim.endpoint
    ip = InteractiveShell.instance(config=config)
    try:
        load_extension(ip)
        magic = Magic(ip, sim)
        assert "No ModelArts credentials found" in magic.fails("list")
        report = magic("config").result
        assert report.problems and "No ModelArts credentials found" in report.problems[0]
    finally:
        InteractiveShell.clear_instance()


def test_an_invalid_setting_is_reported_by_each_command(sim: Any) -> None:
    config = Config()
    config.ModelArts.endpoint = "ftp://nowhere"
    ip = InteractiveShell.instance(config=config)
    try:
        load_extension(ip)  # loading itself does not fail
        line = Magic(ip, sim).fails("list")
        assert line.startswith("ModelArts: Invalid configuration: ") and "c.ModelArts.endpoint" in line
    finally:
        InteractiveShell.clear_instance()


def test_an_invalid_secret_setting_is_named_but_never_shown(sim: Any) -> None:
    config = Config()
    config.ModelArts.secret_key = 987654321987  # not a string: traitlets' message would print it
    ip = InteractiveShell.instance(config=config)
    try:
        load_extension(ip)
        line = Magic(ip, sim).fails("list")
        assert line.startswith("ModelArts: Invalid configuration: ") and "c.ModelArts.secret_key" in line
        assert "987654321987" not in line
    finally:
        InteractiveShell.clear_instance()
