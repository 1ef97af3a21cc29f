"""commands/render: tables and cards, progress in place, results that are the models, one-line errors."""

from __future__ import annotations

import io
import json
import time

from jupyter_modelarts.commands.errors import UsageError, one_line, option_labels
from jupyter_modelarts.commands.render.base import Card, ServerClock, Table
from jupyter_modelarts.commands.render.formats import (
    ProgressView,
    TerminalProgress,
    accelerator,
    age,
    lease_text,
    memory,
    progress_text,
)
from jupyter_modelarts.commands.render.notebooks import NotebookList, NotebookResult, OpenLink
from jupyter_modelarts.commands.verbs.flavors import FlavorList
from jupyter_modelarts.core.contract import Flavor, Lease, Notebook
from jupyter_modelarts.core.errors import ContractError, FieldProblem, UpstreamError

TOKEN = "0f0e0d0c-1111-2222-3333-444455556666"
HOUR = 3_600_000


def notebook(**fields: object) -> Notebook:
    base: dict[str, object] = {
        "id": "7d5b8f6e-0000-4000-8000-000000000001",
        "name": "nb",
        "status": "RUNNING",
    }
    return Notebook.model_validate(base | fields)


def steps(*statuses: str) -> list[dict[str, object]]:
    texts = ["Prepare the storage.", "Prepare the compute resource.", "Configuring the network.", "Init."]
    return [{"step": i + 1, "status": s, "description": texts[i]} for i, s in enumerate(statuses)]


def test_table_aligns_columns_without_trailing_blanks_and_escapes_html() -> None:
    table = Table(["NAME", "STATUS"])
    table.add("<b>x</b>", "RUNNING")
    table.add("a-much-longer-name", None)
    lines = table.text().splitlines()
    assert lines == ["NAME                STATUS", "<b>x</b>            RUNNING", "a-much-longer-name  -"]
    assert "&lt;b&gt;x&lt;/b&gt;" in table.html() and "<b>x</b>" not in table.html()
    assert Table(["A"], empty="Nothing here.").text() == "Nothing here."


def test_table_and_card_pad_wide_characters_by_terminal_columns() -> None:
    table = Table(["NAME", "STATUS"])
    table.add("实验笔记", "RUNNING")  # four wide characters: eight columns
    table.add("ｆｕｌｌ", "STOPPED")  # fullwidth letters are wide too
    table.add("nb-eight", None)
    assert table.text().splitlines() == [
        "NAME      STATUS",
        "实验笔记  RUNNING",
        "ｆｕｌｌ  STOPPED",
        "nb-eight  -",
    ]
    card = Card("Title")
    card.add("名称", "x")
    card.add("name", "y")
    assert card.text() == "Title\n  名称  x\n  name  y"


def test_card_lines_up_labels() -> None:
    card = Card("Title", note="Done.")
    card.add("a", 1)
    card.add("longer", "<v>")
    assert card.text() == "Title\nDone.\n  a       1\n  longer  <v>"
    assert "&lt;v&gt;" in card.html()


def test_stopping_and_deleting_progress_shows_no_provisioning_steps() -> None:
    # Deleting an instance still being created leaves its create steps behind: they say nothing
    # about the delete.
    left_over = steps("WAITING", "WAITING", "WAITING", "WAITING")
    for status in ("DELETING", "STOPPING"):
        view = ProgressView(notebook(status=status, action_progress=left_over))
        assert view.line() == f"nb: {status}"
        assert "Prepare" not in view.html() and "[" not in view.line()
    card = NotebookResult.of(notebook(status="DELETING", action_progress=left_over), ServerClock()).text()
    assert "status   DELETING\n" in card and "Prepare" not in card
    creating = notebook(status="CREATING", action_progress=left_over)
    assert "Prepare the storage." in ProgressView(creating).line()


def test_progress_text_and_bar() -> None:
    creating = notebook(
        status="CREATING", action_progress=steps("COMPLETED", "COMPLETED", "PROCESSING", "WAITING")
    )
    assert progress_text(creating) == "2/4 Configuring the network."
    assert ProgressView(creating).line() == "nb: CREATING [##..] 2/4 Configuring the network."
    failed = notebook(
        status="CREATE_FAILED", fail_reason="no GPU", action_progress=steps("COMPLETED", "FAILED")
    )
    assert (
        ProgressView(failed).line()
        == "nb: CREATE_FAILED [#.] step 2/2 failed: Prepare the compute resource. (no GPU)"
    )
    done = notebook(action_progress=steps("COMPLETED", "COMPLETED", "COMPLETED", "COMPLETED"))
    assert ProgressView(done).line() == "nb: RUNNING" and "<code>RUNNING</code>" in ProgressView(done).html()


def test_terminal_progress_redraws_one_line_on_a_terminal() -> None:
    stream = io.StringIO()
    progress = TerminalProgress(stream, live=True)
    for status in ("INIT", "CREATING", "CREATING", "RUNNING"):
        progress.update(notebook(status=status))
    progress.close()
    assert stream.getvalue() == "\rnb: INIT\x1b[K\rnb: CREATING\x1b[K\rnb: RUNNING\x1b[K\n"


def test_terminal_progress_prints_each_change_once_elsewhere() -> None:
    stream = io.StringIO()  # not a terminal
    progress = TerminalProgress(stream)
    for status in ("STOPPING", "STOPPING", "STOPPED"):
        progress.update(notebook(status=status))
    progress.close()
    assert stream.getvalue() == "nb: STOPPING\nnb: STOPPED\n"


def test_leases_are_read_on_the_server_clock() -> None:
    lease = Lease(create_at=0, duration=2 * HOUR, enable=True, type="TIMING")
    assert lease_text(lease, "RUNNING", now_ms=HOUR - 5 * 60_000) == "1 h 05 min"
    assert lease_text(lease, "STOPPED", now_ms=0) is None
    assert lease_text(Lease(enable=False), "RUNNING", now_ms=0) == "off"
    idle = Lease(create_at=0, duration=HOUR, enable=True, type="IDLE")
    assert lease_text(idle, "RUNNING", now_ms=HOUR - 60_000) == "1 min (idle)"
    clock = ServerClock(int(time.time() * 1000) + 10 * HOUR)
    assert 10 * HOUR - 5_000 < clock.now_ms() - time.time() * 1000 < 10 * HOUR + 5_000


def test_flavor_texts() -> None:
    gpu = Flavor.model_validate(
        {"id": "g", "memory": 33554432, "gpu": {"gpu": 1, "type": "T4", "gpu_memory": "16GB"}}
    )
    assert memory(gpu) == "32 GB" and accelerator(gpu) == "1x T4 16GB"
    npu = Flavor.model_validate({"id": "a", "memory": "64GiB", "ascend": {"npu": 2, "type": "Ascend 910"}})
    assert memory(npu) == "64GiB" and accelerator(npu) == "2x Ascend 910"
    table = FlavorList([gpu, Flavor(id="free", free=True, sold_out=True)]).text()
    assert "free, sold out" in table
    assert age(0, 3 * 86_400_000) == "3 d ago" and age(0, 59_000) == "just now"


def test_results_are_the_models_without_instance_tokens() -> None:
    source = notebook(token=TOKEN, url="https://lab.example/nb/lab", lease={"create_at": 0, "duration": HOUR})
    clock = ServerClock()
    result = NotebookResult.of(source, clock, note="Started.")
    assert isinstance(result, Notebook) and result.token is None and result.name == "nb"
    bundle = result._repr_mimebundle_()
    assert TOKEN not in json.dumps(bundle) and "Started." in bundle["text/plain"]
    assert "(token: use 'open')" in bundle["text/plain"]
    listed = NotebookList([source, notebook(name="other", token=TOKEN)], clock, as_json=True)
    assert all(nb.token is None for nb in listed)
    as_json = listed._repr_mimebundle_()
    assert TOKEN not in as_json["text/plain"] and [
        Notebook.model_validate(n).name for n in as_json["application/json"]
    ] == [
        "nb",
        "other",
    ]


def test_the_open_link_carries_the_token_but_its_repr_does_not() -> None:
    link = OpenLink(id="i", name="nb", url="https://x/lab", token=TOKEN, link=f"https://x/lab?token={TOKEN}")
    assert TOKEN not in repr(link)
    html = link._repr_mimebundle_()["text/html"]
    assert f'href="https://x/lab?token={TOKEN}"' in html and 'rel="noopener noreferrer"' in html


def test_one_line_for_every_error() -> None:
    contract = ContractError([FieldProblem("--lease", "bad\nvalue", "'x'")])
    assert one_line(contract) == "Invalid request: --lease: bad value (got 'x')"
    upstream = UpstreamError(400, "ModelArts.6309", "The instance does not exist.", "abc123")
    assert (
        one_line(upstream)
        == "ModelArts error ModelArts.6309: The instance does not exist (request id abc123)."
    )
    leaked = RuntimeError("connect failed with sk=supersecretvalue123")
    redacted = one_line(leaked, ("supersecretvalue123",))
    assert redacted == "unexpected RuntimeError: connect failed with sk=<redacted>"
    assert one_line(UsageError("give a verb")) == "give a verb"


def test_option_labels_keep_the_inner_path() -> None:
    relabel = option_labels({"body.volume": "--storage", "body.name": "NAME"})
    assert relabel("body.volume") == "--storage"
    assert relabel("body.volume.capacity") == "--storage (volume.capacity)"
    assert relabel("body.name") == "NAME" and relabel("body.other") == "body.other"


def test_terminal_ipython_prints_list_results_as_tables_not_list_reprs() -> None:
    # A terminal's IPython shows text/plain only; its list printer must not win over ours.
    from IPython.core.formatters import DisplayFormatter

    formatter = DisplayFormatter()
    flavors = FlavorList([Flavor(id="modelarts.vm.cpu.2u", free=True)])
    notebooks = NotebookList([notebook(token=TOKEN)], ServerClock())
    for result in (flavors, notebooks, FlavorList([], as_json=True)):
        plain = formatter.format(result)[0]["text/plain"]
        assert plain == result._repr_mimebundle_()["text/plain"]
    assert formatter.format(flavors)[0]["text/plain"].startswith("ID ")
    assert TOKEN not in formatter.format(notebooks)[0]["text/plain"]
