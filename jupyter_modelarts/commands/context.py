"""What a verb runs with: the settings, a client, the admin policy, and the person it talks to.

Magics build a :class:`Context` from ``ModelArts(parent=shell)`` and a :class:`NotebookUi`; the CLI from
the Jupyter config files and a :class:`TerminalUi`. The client is looked up per command (core/connect.py
memoises it per configuration), so ``%config ModelArts.endpoint = ...`` takes effect on the next
command.

Both UIs show ``--wait`` progress in place and ask yes/no questions defaulting to no. The terminal
refuses to ask when standard input is not a terminal (a script must say ``--yes``); the notebook asks
with ``input()``, which a kernel forwards to the front end, and refuses when the front end cannot
answer.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Protocol, TextIO

from traitlets.config import Configurable

from jupyter_modelarts.commands.errors import Declined
from jupyter_modelarts.commands.render.base import ServerClock
from jupyter_modelarts.commands.render.formats import DisplayProgress, Progress, TerminalProgress
from jupyter_modelarts.core.client import ModelArtsClient
from jupyter_modelarts.core.connect import client_from_settings
from jupyter_modelarts.core.contract import Notebook
from jupyter_modelarts.core.durations import DurationError, parse_duration_ms
from jupyter_modelarts.core.errors import ContractError, FieldProblem, ModelArtsError, preview
from jupyter_modelarts.core.policy.rules import Policy, settings_problems
from jupyter_modelarts.core.settings import ModelArts
from jupyter_modelarts.core.settings import load_settings as read_settings
from jupyter_modelarts.core.status import StatusWaitFailed, StatusWaitTimeout, wait_for_status

DEFAULT_WAIT = "10m"
_MAX_POLL_INTERVAL = 15.0  # seconds: a long wait still notices the end within this
YES = frozenset({"y", "yes"})


class WaitProblem(ModelArtsError):
    """A wait ended without the wanted status (timeout or failure), said with the instance's name."""


class PersonUi(Protocol):
    """The person at the other end, in their own thread: a notebook user or a terminal user."""

    def progress(self) -> Progress: ...

    def confirm(self, question: str) -> bool:
        """Ask a yes/no question (default no); raise Declined when nobody can be asked."""
        ...


class Ui(Protocol):
    """The person as a verb (a coroutine) sees them: commands/runner.py relays to a PersonUi."""

    def progress(self) -> Progress: ...

    async def confirm(self, question: str) -> bool: ...


class TerminalUi:
    """Progress and questions on stderr, so that stdout holds only the result (and ``--json`` stays clean)."""

    def __init__(self, stdin: TextIO | None = None, stderr: TextIO | None = None) -> None:
        self.stdin = stdin or sys.stdin
        self.stderr = stderr or sys.stderr

    def progress(self) -> Progress:
        return TerminalProgress(self.stderr)

    def confirm(self, question: str) -> bool:
        if not self.stdin.isatty():
            raise Declined(f"{question} Not asked: standard input is not a terminal; add --yes to confirm.")
        self.stderr.write(f"{question} [y/N] ")
        self.stderr.flush()
        answer = self.stdin.readline()
        if not answer:  # end of input
            self.stderr.write("\n")
        return answer.strip().lower() in YES


class NotebookUi:
    """Progress as an updating output; questions through ``input()`` (the kernel's input box)."""

    def progress(self) -> Progress:
        return DisplayProgress()

    def confirm(self, question: str) -> bool:
        from IPython.core.error import StdinNotImplementedError

        try:
            answer = input(f"{question} [y/N] ")
        except StdinNotImplementedError:
            raise Declined(
                f"{question} Not asked: this front end cannot answer questions; add --yes."
            ) from None
        except EOFError:
            return False
        return answer.strip().lower() in YES


@dataclass
class Context:
    settings: ModelArts
    ui: Ui
    prefix: str = "%modelarts"  # how hints in messages spell a command
    env: Mapping[str, str] | None = None  # None: os.environ
    # Which configuration file set each c.ModelArts trait (CLI only; the magics read the IPython config).
    config_files: list[str] = field(default_factory=list)
    config_origin: str = "the IPython configuration of this kernel (ipython_config.py, %config ModelArts.*)"
    setting_files: dict[str, str] = field(default_factory=dict)
    # Invalid c.ModelArts traits found when the settings were read (they then hold the defaults).
    setting_problems: list[str] = field(default_factory=list)

    def client(self) -> ModelArtsClient:
        return client_from_settings(self.settings, env=self.env)

    def policy(self) -> Policy:
        return Policy.from_settings(self.settings)

    def configuration_problems(self) -> list[str]:
        """Invalid traits, then the policy's problems (read now: ``%config`` may have changed a rule)."""
        return [*self.setting_problems, *settings_problems(self.settings)]

    def secrets(self) -> tuple[str, ...]:
        """Every configured secret value, to blank out of unexpected error texts."""
        with contextlib.suppress(ModelArtsError):
            creds = self.settings.resolved_credentials(self.env)
            return tuple(value.get_secret_value() for value in creds.secrets())
        return ()

    @staticmethod
    def clock(client: ModelArtsClient) -> ServerClock:
        return ServerClock(client.server_now_ms())

    def hint(self, words: str) -> str:
        return f"'{self.prefix} {words}'"

    async def wait(
        self, client: ModelArtsClient, first: Notebook, targets: Collection[str], seconds: float
    ) -> Notebook:
        """Wait for ``targets``, showing ``first`` and then every change; the notebook at the end.

        ``seconds`` comes from :func:`timeout_seconds`, called before anything is sent.
        """
        interval = self.settings.poll_interval_fast
        most = max(interval, min(_MAX_POLL_INTERVAL, self.settings.poll_interval_slow))
        progress = self.ui.progress()
        name = first.name or first.id or "The instance"

        def named(notebook: Notebook) -> Notebook:
            # The end of a delete is a bare {id, status}: it is still the instance the person named.
            return notebook if notebook.name else first.model_copy(update={"status": notebook.status})

        def show(notebook: Notebook) -> None:
            progress.update(named(notebook))

        show(first)
        try:
            final = named(
                await wait_for_status(
                    client, first.id or "", targets, seconds, show, interval=interval, max_interval=most
                )
            )
            progress.update(final)
            return final
        except StatusWaitTimeout as late:  # core names the id; a person named the instance
            status = late.last_status or "of unknown status"
            raise WaitProblem(
                f"{name} is still {status} after {seconds:g} s (waiting for {' or '.join(late.targets)})."
            ) from None
        except StatusWaitFailed as failed:
            reason = f": {failed.notebook.fail_reason}" if failed.notebook.fail_reason else "."
            raise WaitProblem(
                f"{name} is {failed.notebook.status} (waiting for {' or '.join(failed.targets)}){reason}"
            ) from None
        finally:
            progress.close()


def invalid_configuration(problems: list[str]) -> ModelArtsError:
    return ModelArtsError("Invalid configuration: " + " ".join(problems))


def load_settings(parent: Configurable | None) -> ModelArts:
    """``ModelArts(parent=parent)``, or a ModelArtsError naming every configuration problem.

    Raised only for invalid traits (then with the policy problems too); policy problems alone are
    reported by every command (:meth:`Context.configuration_problems`), so that
    ``%config ModelArts.allowed_flavors = [...]`` can still mend them.
    """
    settings, problems = read_settings(parent or Configurable())
    if problems:
        raise invalid_configuration([*problems, *settings_problems(settings)])
    return settings


def timeout_seconds(text: str | None, option: str = "--timeout") -> float:
    try:
        seconds = parse_duration_ms(text or DEFAULT_WAIT) / 1000
    except DurationError as error:
        raise ContractError([FieldProblem(option, str(error))]) from None
    if seconds <= 0:
        raise ContractError([FieldProblem(option, "must be more than 0, e.g. 90s or 10m", preview(text))])
    return seconds
