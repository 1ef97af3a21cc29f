"""What can go wrong in a verb, and the one line a person reads about it.

Magics and CLI show every failure as one line (never a traceback, never a kernel exit): :func:`one_line`
turns any exception into that line.  Core errors already carry complete, secret-free messages
(core/errors.py); this module adds the failures that belong to the command layer, and shows the
contract's locations (``body.volume.capacity``) as the option a person typed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager

from jupyter_modelarts.core.auth.secrets import redact_text
from jupyter_modelarts.core.errors import ContractError, FieldProblem, ModelArtsError, PolicyError

Relabel = Callable[[str], str]


class UsageError(ModelArtsError):
    """The words typed do not form a valid command; ``usage`` is that verb's usage text."""

    def __init__(self, message: str, *, usage: str = "") -> None:
        self.message = message
        self.usage = usage
        super().__init__(message)


class HelpRequested(ModelArtsError):
    """``-h``/``--help`` was given: ``text`` is the help to show (not a failure)."""

    def __init__(self, text: str) -> None:
        self.text = text
        super().__init__("help requested")


class Declined(ModelArtsError):
    """The person answered no (or could not be asked): nothing was done."""


class StateProblem(ModelArtsError):
    """The instance is not in a state that allows the operation (found before anything was sent)."""


def one_line(error: BaseException, secrets: tuple[str, ...] = ()) -> str:
    """A single line explaining ``error``: field and rule, or upstream code, message and request id.

    Core errors never hold secrets; anything else (a bug) is shown by type and message with every known
    secret value blanked, because its text was not written with secrets in mind.
    """
    if isinstance(error, ModelArtsError):
        text = str(error)
    else:
        text = f"unexpected {type(error).__name__}: {error}" if str(error) else type(error).__name__
        text = redact_text(text, secrets)
    return " ".join(text.split())  # one line, whatever the message held


def option_labels(mapping: Mapping[str, str]) -> Relabel:
    """A relabel function: contract locations (``body.volume.capacity``) -> the option a person typed.

    The longest matching prefix wins; the rest of the path is kept in parentheses, e.g.
    ``--storage (volume.capacity)``, so the rule still reads precisely.
    """
    prefixes = sorted(mapping, key=len, reverse=True)

    def relabel(location: str) -> str:
        for prefix in prefixes:
            if location == prefix or location.startswith(prefix + "."):
                rest = location[len(prefix) + 1 :]
                inner = location.split(".", 1)[1] if "." in location else location
                return f"{mapping[prefix]} ({inner})" if rest else mapping[prefix]
        return location

    return relabel


def relabelled(error: ContractError | PolicyError, relabel: Relabel) -> ContractError | PolicyError:
    problems = [FieldProblem(relabel(p.location), p.rule, p.value) for p in error.problems]
    return type(error)(problems)


@contextmanager
def relabelling(relabel: Relabel | None) -> Iterator[None]:
    """Contract and policy errors raised inside, relabelled (as they are with ``None``)."""
    try:
        yield
    except (ContractError, PolicyError) as error:
        raise (relabelled(error, relabel) if relabel else error) from None
