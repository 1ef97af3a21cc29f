"""commands.runner: a verb (a coroutine) on the background loop, the person served in the caller's thread.

The fake person records the thread and the order of everything asked of it.
Nothing here sleeps in the hope that something happened meanwhile: the
verbs and the test meet at ``threading.Event``s (waited with a generous
limit that only stops a broken run from hanging), and Ctrl-C is a real
KeyboardInterrupt, raised in the caller's thread either by the code the
caller runs or by a SIGINT delivered to it while it waits.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from jupyter_modelarts.commands import runner
from jupyter_modelarts.commands.context import Ui
from jupyter_modelarts.commands.errors import Declined
from jupyter_modelarts.commands.render.formats import Progress
from jupyter_modelarts.commands.runner import BACKGROUND, run
from jupyter_modelarts.core.connect import connect
from jupyter_modelarts.core.contract import Notebook

LIMIT = 30.0  # seconds; only stops a broken run from hanging
LOOP_THREAD = "modelarts-verbs"


def nb(status: str) -> Notebook:
    return Notebook.model_validate({"id": "4e4d1ae3-2f3c-4a3c-9a40-000000000001", "status": status})


class FakeProgress:
    def __init__(self, person: Person) -> None:
        self.person = person

    def update(self, notebook: Notebook) -> None:
        self.person.note(f"update {notebook.status}")
        if self.person.on_update is not None:
            self.person.on_update(notebook)

    def close(self) -> None:
        self.person.note("close")


class Person:
    """A PersonUi that answers from a list and notes (thread, what) for everything asked of it."""

    def __init__(
        self,
        *answers: bool | BaseException,
        on_update: Callable[[Notebook], None] | None = None,
    ) -> None:
        self.answers = list(answers)
        self.on_update = on_update
        self.events: list[tuple[threading.Thread, str]] = []

    def note(self, what: str) -> None:
        self.events.append((threading.current_thread(), what))

    def progress(self) -> Progress:
        self.note("progress")
        return FakeProgress(self)

    def confirm(self, question: str) -> bool:
        self.note(f"confirm {question}")
        answer = self.answers.pop(0)
        if isinstance(answer, BaseException):
            raise answer
        return answer

    def what(self) -> list[str]:
        return [what for _, what in self.events]

    def threads(self) -> set[threading.Thread]:
        return {thread for thread, _ in self.events}


@pytest.fixture
def background(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """The process-wide loop, fresh for this test and closed after it."""
    monkeypatch.setattr(runner, "_CLOSE_TIMEOUT", 2.0)  # a loop that died is given up on quickly
    BACKGROUND.close()
    yield BACKGROUND
    BACKGROUND.close()


@pytest.fixture
def sigint_raises() -> Iterator[None]:
    """SIGINT raises KeyboardInterrupt in the main thread, as in a terminal (whatever a plugin set)."""
    assert threading.current_thread() is threading.main_thread()  # only the main thread gets signals
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


def in_thread(job: Callable[[], Any]) -> tuple[threading.Thread, list[Any]]:
    """Run ``job`` in a new thread; its result or exception lands in the list."""
    outcome: list[Any] = []

    def target() -> None:
        try:
            outcome.append(job())
        except BaseException as error:
            outcome.append(error)

    thread = threading.Thread(target=target, name="caller", daemon=True)
    thread.start()
    return thread, outcome


# -- results and errors -------------------------------------------------------------------------


def test_the_result_of_the_verb_comes_back(background: Any) -> None:
    where: list[str] = []

    async def verb(ui: Ui) -> int:
        where.append(threading.current_thread().name)
        await asyncio.sleep(0)
        assert asyncio.get_running_loop() is BACKGROUND.get()
        return 42

    assert run(verb, Person()) == 42
    assert where == [LOOP_THREAD]  # not the caller's thread


def test_an_exception_in_the_verb_comes_back_as_it_is(background: Any) -> None:
    failure = Declined("nothing to do")

    async def verb(ui: Ui) -> None:
        await asyncio.sleep(0)
        raise failure

    with pytest.raises(Declined) as raised:
        run(verb, Person())
    assert raised.value is failure
    # The loop is still there for the next verb.
    assert run(lambda ui: asyncio.sleep(0, result="again"), Person()) == "again"


def test_one_loop_serves_every_verb(background: Any) -> None:
    async def loop_of(ui: Ui) -> asyncio.AbstractEventLoop:
        return asyncio.get_running_loop()

    first, second = run(loop_of, Person()), run(loop_of, Person())
    assert first is second is BACKGROUND.get()


@pytest.mark.asyncio
async def test_a_verb_runs_from_inside_a_running_event_loop(background: Any) -> None:
    # What a magic does in a Jupyter kernel: the kernel's loop is running in this very thread.
    here = asyncio.get_running_loop()

    async def verb(ui: Ui) -> asyncio.AbstractEventLoop:
        return asyncio.get_running_loop()

    person = Person(True)

    async def asking(ui: Ui) -> bool:
        return await ui.confirm("Go?")

    assert run(verb, person) is not here
    assert run(asking, person) is True
    assert person.threads() == {threading.current_thread()}


# -- the person, in the caller's thread ------------------------------------------------------------


async def dialogue(ui: Ui) -> tuple[bool, bool, set[str]]:
    threads = {threading.current_thread().name}
    progress = ui.progress()
    progress.update(nb("INIT"))
    first = await ui.confirm("Stop nb?")
    progress.update(nb("STOPPING"))
    progress.update(nb("STOPPED"))
    second = await ui.confirm("Delete nb?")
    threads.add(threading.current_thread().name)
    progress.close()
    return first, second, threads


EXPECTED_DIALOGUE = [
    "progress", "update INIT", "confirm Stop nb?", "update STOPPING", "update STOPPED", "confirm Delete nb?",
    "close",
]  # fmt: skip


def test_progress_and_questions_run_in_the_callers_thread_in_order(background: Any) -> None:
    person = Person(True, False)
    first, second, verb_threads = run(dialogue, person)
    assert (first, second) == (True, False)  # each answer reached the verb
    assert person.what() == EXPECTED_DIALOGUE
    assert person.threads() == {threading.current_thread()}
    assert verb_threads == {LOOP_THREAD}


def test_the_callers_thread_is_whichever_thread_called(background: Any) -> None:
    person = Person(False, True)
    thread, outcome = in_thread(lambda: run(dialogue, person))
    thread.join(LIMIT)
    assert not thread.is_alive()
    assert outcome[0][:2] == (False, True)
    assert person.what() == EXPECTED_DIALOGUE
    assert person.threads() == {thread} and thread is not threading.current_thread()


def test_an_error_from_the_person_reaches_the_verb(background: Any) -> None:
    async def careful(ui: Ui) -> str:
        try:
            await ui.confirm("Delete nb?")
        except Declined as declined:
            return f"not deleted: {declined}"
        return "deleted"

    assert run(careful, Person(Declined("stdin is not a terminal"))) == "not deleted: stdin is not a terminal"
    with pytest.raises(Declined, match="add --yes"):
        run(dialogue, Person(Declined("add --yes")))


def test_an_error_in_the_progress_display_stops_the_verb(background: Any) -> None:
    stopped = threading.Event()

    def broken(notebook: Notebook) -> None:
        raise RuntimeError("display failed")

    async def verb(ui: Ui) -> None:
        try:
            ui.progress().update(nb("INIT"))
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            stopped.set()
            raise

    with pytest.raises(RuntimeError, match="display failed"):
        run(verb, Person(on_update=broken))
    assert stopped.wait(LIMIT)


# -- Ctrl-C ------------------------------------------------------------------------------------------


def cancellable(started: Callable[[], None] | None = None) -> tuple[Callable[[Ui], Any], threading.Event]:
    """A verb that shows progress and then waits forever; the Event tells it was cancelled."""
    cancelled = threading.Event()

    async def verb(ui: Ui) -> None:
        try:
            ui.progress().update(nb("STARTING"))
            if started is not None:
                await asyncio.get_running_loop().run_in_executor(None, started)
            await asyncio.Event().wait()
        except asyncio.CancelledError:  # wherever the cancellation finds the verb
            cancelled.set()
            raise

    return verb, cancelled


def test_ctrl_c_while_the_caller_serves_the_verb_cancels_it(background: Any) -> None:
    def interrupted(notebook: Notebook) -> None:
        raise KeyboardInterrupt  # Ctrl-C while the caller's thread draws the progress

    verb, cancelled = cancellable()
    person = Person(on_update=interrupted)
    with pytest.raises(KeyboardInterrupt):
        run(verb, person)
    assert cancelled.wait(LIMIT)
    assert person.what() == ["progress", "update STARTING"]
    assert run(lambda ui: asyncio.sleep(0, result="next"), Person()) == "next"  # the loop lives on


def test_ctrl_c_while_the_caller_waits_cancels_the_verb(background: Any, sigint_raises: None) -> None:
    caller = threading.main_thread()
    serving = threading.Event()
    assert threading.current_thread() is caller

    def send_sigint() -> None:
        # The caller has drawn the progress, so it is inside run(): waiting for the next job, or about to.
        assert serving.wait(LIMIT)
        signal.pthread_kill(caller.ident or 0, signal.SIGINT)

    verb, cancelled = cancellable(started=send_sigint)
    person = Person(on_update=lambda notebook: serving.set())
    with pytest.raises(KeyboardInterrupt):
        run(verb, person)
    assert cancelled.wait(LIMIT)
    assert person.threads() == {caller}


# The bug's traces: the loop thread's KeyboardInterrupt, and the dead loop's close at teardown.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
@pytest.mark.filterwarnings("ignore:coroutine 'aclose_clients' was never awaited:RuntimeWarning")
def test_ctrl_c_while_the_person_is_asked_cancels_the_verb(background: Any) -> None:
    cancelled = threading.Event()

    async def verb(ui: Ui) -> None:
        try:
            await ui.confirm("Delete nb?")  # Ctrl-C at the [y/N] prompt
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            cancelled.set()
            raise

    # In a thread of its own, so that the hang this test exposes stays bounded.
    thread, outcome = in_thread(lambda: run(verb, Person(KeyboardInterrupt())))
    thread.join(5.0)
    assert not thread.is_alive(), "run() did not return after Ctrl-C at the question"
    assert isinstance(outcome[0], KeyboardInterrupt)
    assert cancelled.wait(LIMIT)
    assert run(lambda ui: asyncio.sleep(0, result="next"), Person()) == "next"


# -- the loop's lifetime -------------------------------------------------------------------------------


def test_closing_the_background_loop_is_idempotent(background: Any) -> None:
    BACKGROUND.close()  # never started: nothing to do
    loop = BACKGROUND.get()
    thread = next(t for t in threading.enumerate() if t.name == LOOP_THREAD)
    assert run(lambda ui: asyncio.sleep(0, result=1), Person()) == 1
    BACKGROUND.close()
    BACKGROUND.close()
    assert loop.is_closed() and not thread.is_alive()
    # A later caller gets a new loop.
    assert run(lambda ui: asyncio.sleep(0, result=2), Person()) == 2
    assert BACKGROUND.get() is not loop and BACKGROUND.get().is_running()


def test_closing_the_background_loop_closes_its_clients(sim: Any, background: Any) -> None:
    client = connect(sim.endpoint, sim.credentials, retry=sim.FAST_RETRY)

    async def quota(ui: Ui) -> int | None:
        return (await client.notebook_quota()).used

    assert run(quota, Person()) == 0
    assert client.event_loop is BACKGROUND.get()
    BACKGROUND.close()  # what runs at interpreter exit
    assert client.closed
    fresh = connect(sim.endpoint, sim.credentials, retry=sim.FAST_RETRY)
    assert fresh is not client

    async def fresh_quota(ui: Ui) -> int | None:
        return (await fresh.notebook_quota()).used

    assert run(fresh_quota, Person()) == 0


def test_a_process_using_the_runner_exits_cleanly(sim: Any) -> None:
    script = textwrap.dedent(
        """
        import os
        from pydantic import SecretStr
        from jupyter_modelarts.commands.runner import run
        from jupyter_modelarts.commands.context import TerminalUi
        from jupyter_modelarts.core.auth.credentials import ResolvedCredentials
        from jupyter_modelarts.core.auth.secrets import AkSkCredentials
        from jupyter_modelarts.core.connect import connect
        creds = AkSkCredentials(SecretStr(os.environ["T_AK"]), SecretStr(os.environ["T_SK"]),
                                project_id=os.environ["T_PROJECT"])
        client = connect(os.environ["T_ENDPOINT"], ResolvedCredentials(creds, "t"))

        async def verb(ui):
            return (await client.notebook_quota()).quota

        print(run(verb, TerminalUi()))
        """
    )
    env = {
        **os.environ, "T_AK": sim.ACCESS_KEY, "T_SK": sim.SECRET_KEY, "T_PROJECT": sim.PROJECT_ID,
        "T_ENDPOINT": sim.endpoint, "PYTHONWARNINGS": "always", "PYTHONDEVMODE": "1",
    }  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "10"
    # Without the exit hook, dev mode reports "ResourceWarning: unclosed transport" here.
    assert "unclosed" not in done.stderr.lower() and "Task was destroyed" not in done.stderr, done.stderr
    assert "ResourceWarning" not in done.stderr, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
