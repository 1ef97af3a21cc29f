"""%modelarts / %%modelarts in a real InteractiveShell against the simulator over HTTP: every verb works.

Each test's transcript (stdout, stderr, display data, returned values' renderings and
log records) is checked at teardown for the AK, SK and security token, and for every
instance token except in the output of ``open`` / ``create --open``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output
from traitlets.config import Config

from jupyter_modelarts.commands.render.notebooks import LeaseResult, NotebookList, NotebookResult, OpenLink
from jupyter_modelarts.core.contract import Flavor, Image, Lease, Notebook

SECURITY_TOKEN = "simsecuritytoken-magics-0000000000000000001"
CPU_IMAGE_NAME = "notebook2.0-mul-kernel-cpu-cp36"
PYTORCH = "pytorch1.8-cuda10.2-cudnn7-ubuntu18.04"


def run_cell(ip: InteractiveShell, code: str) -> None:
    runner: Callable[..., Any] = ip.run_cell  # untyped upstream
    runner(code)


def load_extension(ip: InteractiveShell) -> None:
    """``%load_ext jupyter_modelarts``."""
    assert ip.extension_manager is not None
    ip.extension_manager.load_extension("jupyter_modelarts")


@dataclass
class Ran:
    result: Any
    stdout: str
    stderr: str
    outputs: list[dict[str, Any]]


@dataclass
class Magic:
    """Runs magics, keeps a transcript of everything shown, and collects every instance token issued."""

    ip: InteractiveShell
    sim: Any
    transcript: list[tuple[str, str]] = field(default_factory=list)  # (line, everything shown)
    tokens: set[str] = field(default_factory=set)

    def __call__(self, line: str, cell: str | None = None) -> Ran:
        with capture_output() as cap:
            if cell is None:
                result = self.ip.run_line_magic("modelarts", line)
            else:
                run_cell_magic: Callable[..., Any] = self.ip.run_cell_magic  # untyped upstream
                result = run_cell_magic("modelarts", line, cell)
        outputs = [{"data": o.data, "transient": o.transient, "update": o.update} for o in cap.outputs]
        shown = [cap.stdout, cap.stderr, json.dumps([o["data"] for o in outputs], default=str)]
        if result is not None:
            shown.append(json.dumps(result._repr_mimebundle_(), default=str))
        self.transcript.append((line, "\n".join(shown)))
        self._collect_tokens()
        return Ran(result, cap.stdout, cap.stderr, outputs)

    def _collect_tokens(self) -> None:
        answer = self.sim.control.api("GET", "/notebooks", query={"limit": 50}).json()
        self.tokens |= {nb["token"] for nb in answer.get("data", []) if nb.get("token")}

    def raw(self, notebook_id: str) -> dict[str, Any]:
        result: dict[str, Any] = self.sim.control.api("GET", f"/notebooks/{notebook_id}").json()
        return result


def shell_config(sim: Any) -> Config:
    config = Config()
    config.ModelArts.endpoint = sim.endpoint
    config.ModelArts.access_key = sim.ACCESS_KEY
    config.ModelArts.secret_key = sim.SECRET_KEY
    config.ModelArts.security_token = SECURITY_TOKEN
    config.ModelArts.project_id = sim.PROJECT_ID
    config.ModelArts.poll_interval_fast = 0.02
    config.ModelArts.retry_backoff = 0.01
    return config


@pytest.fixture
def magic(make_sim: Any, caplog: pytest.LogCaptureFixture) -> Iterator[Magic]:
    caplog.set_level(logging.DEBUG)
    sim = make_sim(security_tokens=[SECURITY_TOKEN])
    ip = InteractiveShell.instance(config=shell_config(sim))
    load_extension(ip)
    session = Magic(ip, sim)
    try:
        yield session
    finally:
        InteractiveShell.clear_instance()
    secrets = [sim.ACCESS_KEY, sim.SECRET_KEY, SECURITY_TOKEN]
    for line, shown in [*session.transcript, ("(log records)", caplog.text)]:
        for secret in secrets:
            assert secret not in shown, f"a credential appeared in the output of {line!r}"
        if not (line.startswith("open") or "--open" in line):
            for token in session.tokens:
                assert token not in shown, f"an instance token appeared in the output of {line!r}"


def create(magic: Magic, name: str, *options: str) -> NotebookResult:
    ran = magic(
        f"create {name} --flavor modelarts.vm.cpu.2u --image {CPU_IMAGE_NAME} --wait " + " ".join(options)
    )
    assert ran.stderr == "" and isinstance(ran.result, NotebookResult), ran.stderr
    return ran.result


def test_bare_magic_prints_short_help_and_help_explains_every_verb(magic: Magic) -> None:
    bare = magic("")
    assert bare.result is None and bare.stdout.startswith("usage: %modelarts VERB")
    overview = magic("help")
    for verb in ("flavors", "images", "list", "show", "create", "start", "stop", "delete", "update", "lease"):
        assert f"  {verb} " in overview.stdout
    for verb in ("open", "wait", "config"):
        assert f"{verb} " in overview.stdout
    detail = magic("help create")
    assert "--storage" in detail.stdout and "--ssh-key" in detail.stdout and detail.stderr == ""
    assert magic("create --help").stdout == detail.stdout


def test_flavors_by_category_are_flavor_models_and_render_as_a_table(magic: Magic) -> None:
    ran = magic("flavors --category gpu")
    flavors = ran.result
    assert flavors and all(isinstance(f, Flavor) and f.category == "GPU" for f in flavors)
    bundle = flavors._repr_mimebundle_()
    assert bundle["text/plain"].splitlines()[0].split()[:3] == ["ID", "CATEGORY", "ARCH"]
    assert "<table" in bundle["text/html"] and "modelarts.vm.gpu.t4" in bundle["text/html"]
    assert "sold out" in bundle["text/plain"]  # the A100 is sold out in the simulator


def test_images_for_a_flavor_and_by_name(magic: Magic) -> None:
    ascend = magic("images --flavor modelarts.bm.snt9.xlarge.1").result
    assert ascend and all(isinstance(i, Image) and str(i.arch) == "AARCH64" for i in ascend)
    by_name = magic("images --name PyTorch").result
    assert [i.name for i in by_name] == [PYTORCH]
    both = magic("images --flavor modelarts.vm.gpu.t4 --name mindspore").result
    assert [i.name for i in both] == ["mindspore1.7.0-cuda10.1-py3.7-ubuntu18.04"]


def test_create_with_every_option_then_list_and_show(magic: Magic) -> None:
    created = create(
        magic, "demo-1", "--storage evs:10", "--lease idle:30m", "--description 'two  spaces, kept'",
        "--ssh-key key-a", "--ssh-key key-b", "--allow-ip 203.0.113.7",
    )  # fmt: skip
    assert created.status == "RUNNING" and created.token is None
    raw = magic.raw(created.id or "")
    assert raw["volume"]["capacity"] == 10 and raw["description"] == "two  spaces, kept"
    assert raw["lease"]["type"] == "IDLE"
    ssh = next(e for e in raw["endpoints"] if e.get("service") == "SSH")
    assert ssh["key_pair_names"] == ["key-a", "key-b"] and ssh["allowed_access_ips"] == ["203.0.113.7"]

    run_cell(magic.ip, "nbs = %modelarts list")
    nbs = magic.ip.user_ns["nbs"]
    assert isinstance(nbs, NotebookList) and [nb.name for nb in nbs] == ["demo-1"]
    assert all(isinstance(nb, Notebook) and nb.token is None for nb in nbs)
    table = nbs._repr_mimebundle_()["text/plain"]
    assert "demo-1" in table and "RUNNING" in table and "(idle)" in table

    shown = magic("show demo-1").result
    card = shown._repr_mimebundle_()
    assert "EVS 10 GB" in card["text/plain"] and "key-a, key-b" in card["text/plain"]
    assert "203.0.113.7" in card["text/html"] and "two  spaces, kept" in card["text/html"]


def test_list_filters_and_all_users(magic: Magic) -> None:
    create(magic, "alpha")
    create(magic, "beta")
    magic("stop beta --wait")
    assert [nb.name for nb in magic("list --status running").result] == ["alpha"]
    assert [nb.name for nb in magic("list --name bet").result] == ["beta"]
    everyone = magic("list --all").result
    assert {nb.name for nb in everyone} == {"alpha", "beta"}
    assert "OWNER" in everyone._repr_mimebundle_()["text/plain"]


def test_arguments_follow_shell_quoting_and_python_variables_expand(magic: Magic) -> None:
    create(magic, "'quoted-name'", '--description "it\'s a test"')
    assert magic("show   'quoted-name'  ").result.description == "it's a test"
    magic.ip.user_ns["which"] = "quoted-name"
    run_cell(magic.ip, "found = %modelarts show {which}")
    assert magic.ip.user_ns["found"].name == "quoted-name"


def test_create_open_and_open_give_a_clickable_link_with_the_token(magic: Magic) -> None:
    ran = magic(f"create opened --flavor modelarts.vm.cpu.2u --image {CPU_IMAGE_NAME} --open")
    link = ran.result
    assert isinstance(link, OpenLink)
    token = magic.raw(link.id)["token"]
    assert link.token == token and link.link == f"{link.url}?token={token}"
    html = link._repr_mimebundle_()["text/html"]
    assert 'target="_blank"' in html and 'rel="noopener noreferrer"' in html and token in html
    assert "token" not in repr(link)
    again = magic("open opened").result
    assert isinstance(again, OpenLink) and again.token == token


def test_stop_start_with_lease_and_lease_extend(magic: Magic) -> None:
    created = create(magic, "cycle")
    stopped = magic("stop cycle --wait").result
    assert stopped.status == "STOPPED" and "is STOPPED" in (stopped.note or "")
    again = magic("stop cycle").result
    assert "already STOPPED" in (again.note or "")
    started = magic("start cycle --lease 2h --wait").result
    assert started.status == "RUNNING"
    lease = magic("lease cycle").result
    assert isinstance(lease, LeaseResult) and lease.type == "TIMING"
    assert "time left" in lease._repr_mimebundle_()["text/plain"]
    extended = magic("lease cycle --extend 3h").result
    assert "stops 3 h from now" in extended._repr_mimebundle_()["text/plain"]
    raw = magic.raw(created.id or "")["lease"]
    assert raw["duration"] - (raw["update_at"] - raw["create_at"]) == 3 * 3_600_000


def test_update_options_and_cell_body(magic: Magic) -> None:
    created = create(magic, "changer")
    magic("stop changer --wait")
    ran = magic(
        f"update changer --name changed --description 'new words' --flavor modelarts.vm.cpu.8u "
        f"--image {PYTORCH}:20220525 --storage-size 20"
    )
    assert ran.stderr == "" and "was updated" in (ran.result.note or "")
    raw = magic.raw(created.id or "")
    assert (raw["name"], raw["description"], raw["flavor"]) == ("changed", "new words", "modelarts.vm.cpu.8u")
    assert raw["image"]["name"] == PYTORCH and raw["volume"]["capacity"] == 20
    body = magic("update changed", "description: from a cell\nstorage_new_size: 30\n")
    assert body.stderr == "" and magic.raw(created.id or "")["volume"]["capacity"] == 30
    assert body.result.description == "from a cell"


def test_create_from_a_json_or_yaml_cell(magic: Magic) -> None:
    request = {
        "name": "from-json", "flavor": "modelarts.vm.cpu.2u", "image_id": magic.sim.CPU_IMAGE,
        "volume": {"category": "EVS", "ownership": "MANAGED", "capacity": 6},
    }  # fmt: skip
    ran = magic("create --wait", json.dumps(request))
    assert ran.stderr == "" and ran.result.status == "RUNNING" and ran.result.volume.capacity == 6
    yaml_body = (
        "flavor: modelarts.vm.cpu.2u\nimage_id: " + magic.sim.CPU_IMAGE + "\nvolume:\n  category: EVS\n"
    )
    yaml_body += "  ownership: MANAGED\nlease: {type: TIMING, duration: 7200000}\n"
    named = magic("create from-yaml", yaml_body)
    assert named.stderr == "" and named.result.name == "from-yaml"
    assert magic.raw(named.result.id or "")["lease"]["type"] == "TIMING"


def test_delete_with_yes_and_wait_deletes_the_instance(magic: Magic) -> None:
    create(magic, "doomed")
    ran = magic("delete doomed --yes --wait")
    assert ran.result.status == "DELETED" and ran.result.name == "doomed"
    assert ran.outputs[-1]["data"]["text/plain"] == "doomed: DELETED"  # the progress shows the end too
    assert magic.sim.instance_count() == 0


@pytest.mark.parametrize(("answer", "deleted"), [("y", True), ("YES", True), ("n", False), ("", False)])
def test_delete_asks_first_and_says_the_storage_goes_too(
    magic: Magic, monkeypatch: pytest.MonkeyPatch, answer: str, deleted: bool
) -> None:
    create(magic, "asked", "--storage evs:7")
    questions: list[str] = []

    def reply(question: str) -> str:
        questions.append(question)
        return answer

    monkeypatch.setattr("builtins.input", reply)
    ran = magic("delete asked")
    assert len(questions) == 1 and "managed storage (EVS 7 GB) is deleted too" in questions[0]
    if deleted:
        assert ran.result.status == "DELETING" and ran.stderr == ""
    else:
        assert ran.result is None and "Nothing was deleted" in ran.stderr
        assert magic.sim.instance_count() == 1


def test_delete_refuses_when_the_front_end_cannot_answer(
    magic: Magic, monkeypatch: pytest.MonkeyPatch
) -> None:
    from IPython.core.error import StdinNotImplementedError

    create(magic, "kept")

    def no_input(question: str) -> str:
        raise StdinNotImplementedError(
            "raw_input was called, but this frontend does not support input requests."
        )

    monkeypatch.setattr("builtins.input", no_input)
    ran = magic("delete kept")
    assert ran.result is None and "add --yes" in ran.stderr and magic.sim.instance_count() == 1


def test_wait_for_a_status(magic: Magic) -> None:
    create(magic, "waited")
    magic("stop waited")
    ran = magic("wait waited --status stopped --timeout 1m")
    assert ran.result.status == "STOPPED" and "waited is STOPPED" in (ran.result.note or "")


def test_wait_progress_updates_one_output_in_place(magic: Magic) -> None:
    ran = magic(f"create shown --flavor modelarts.vm.cpu.2u --image {CPU_IMAGE_NAME} --wait")
    assert len(ran.outputs) >= 2, "the create answer and at least the final state"
    first, *rest = ran.outputs
    display_id = first["transient"]["display_id"]
    assert not first["update"] and "INIT" in first["data"]["text/plain"]
    assert all(o["update"] and o["transient"]["display_id"] == display_id for o in rest)
    assert (
        "RUNNING" in rest[-1]["data"]["text/plain"]
        and "<code>RUNNING</code>" in rest[-1]["data"]["text/html"]
    )


def test_json_output_round_trips_into_the_models(magic: Magic) -> None:
    create(magic, "json-nb")
    listed = magic("list --json").result._repr_mimebundle_()
    assert json.loads(listed["text/plain"]) == listed["application/json"]
    notebooks = [Notebook.model_validate(item) for item in listed["application/json"]]
    assert [nb.name for nb in notebooks] == ["json-nb"] and notebooks[0].token is None
    shown = magic("show json-nb --json").result._repr_mimebundle_()
    assert Notebook.model_validate(shown["application/json"]).name == "json-nb"
    flavors = magic("flavors --json").result._repr_mimebundle_()["application/json"]
    assert {Flavor.model_validate(f).id for f in flavors} >= {"modelarts.vm.cpu.2u"}
    images = magic("images --json").result._repr_mimebundle_()["application/json"]
    assert all(Image.model_validate(i).id for i in images)
    lease = magic("lease json-nb --json").result._repr_mimebundle_()["application/json"]
    # The server clock is known from Date headers, to the second.
    assert Lease.model_validate(lease).type == "TIMING" and 0 < lease["remaining_ms"] <= 3_601_000
    opened = magic("open json-nb --json").result._repr_mimebundle_()["application/json"]
    assert OpenLink.model_validate(opened).token == magic.raw(opened["id"])["token"]


def test_config_names_the_sources_and_no_secret(magic: Magic) -> None:
    ran = magic("config")
    text = ran.result._repr_mimebundle_()["text/plain"]
    assert f"{magic.sim.endpoint}  (from c.ModelArts.endpoint)" in text
    assert "AK/SK  (from c.ModelArts config)" in text and "IPython configuration" in text
    data = magic("config --json").result._repr_mimebundle_()["application/json"]
    assert data["project_id"] == magic.sim.PROJECT_ID and data["problems"] == []


def test_percent_config_reaches_the_settings(magic: Magic) -> None:
    with capture_output() as listed:
        magic.ip.run_line_magic("config", "ModelArts")
    assert "ModelArts.endpoint=<Unicode>" in listed.stdout  # registered as soon as the extension loads
    magic.ip.run_line_magic("config", "ModelArts.blocked_flavors = ['*.gpu.*']")
    ids = {flavor.id for flavor in magic("flavors").result}
    assert "modelarts.vm.cpu.2u" in ids and not any(".gpu." in i for i in ids)


def test_unload_removes_the_magic_and_its_settings(magic: Magic) -> None:
    from jupyter_modelarts import magics
    from jupyter_modelarts.core.settings import ModelArts

    magic("list")
    magic.ip.extension_manager.unload_extension("jupyter_modelarts")  # what %unload_ext does
    assert "modelarts" not in magic.ip.magics_manager.magics["line"]
    assert "modelarts" not in magic.ip.magics_manager.magics["cell"]
    assert not any(isinstance(c, ModelArts) for c in magic.ip.configurables)
    magics.load_ipython_extension(magic.ip)
    assert magic("list").result == []


def test_config_magic_never_shows_a_credential(magic: Magic, capsys: pytest.CaptureFixture[str]) -> None:
    """D6: ``%config ModelArts`` prints every trait's current value; credentials show as stars."""
    magic.ip.run_line_magic("config", "ModelArts")
    magic.ip.run_line_magic("config", "ModelArts.secret_key")
    shown = capsys.readouterr().out
    assert "ModelArts.secret_key=<Secret>" in shown and "Current: SecretStr('**********')" in shown
    for secret in (magic.sim.ACCESS_KEY, magic.sim.SECRET_KEY, SECURITY_TOKEN):
        assert secret not in shown
    # Set through %config, a credential is used as before (and never shown either).
    magic.ip.run_line_magic("config", f'ModelArts.security_token = "{SECURITY_TOKEN}"')
    assert magic("list").stderr == ""
    magic.ip.run_line_magic("config", "ModelArts")
    assert SECURITY_TOKEN not in capsys.readouterr().out
