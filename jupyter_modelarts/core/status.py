"""What each notebook status means: the one table the server, the verbs and the panel read.

ModelArts moves an instance through its statuses by itself once an operation
is under way, refuses most operations in the wrong status (ModelArts.6357 and
friends), and reports failures as statuses of their own
(docs/modelarts-api.md §6.1, §12.5, §12.6). Everything that needs those facts
reads them here; the front end gets them through the OpenAPI document
(``x-status-rules``, generated into ``src/contract/generated.ts``). The
simulator keeps its own guards on purpose, since it stands in for ModelArts;
tests/test_status_rules.py checks that both give the same verdicts.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

from jupyter_modelarts.core.contract.enums import NotebookStatus

S = NotebookStatus


class Action(enum.StrEnum):
    """Operations whose acceptance depends on the status."""

    OPEN = "open"  # the instance's JupyterLab answers
    START = "start"
    STOP = "stop"
    LEASE = "lease"  # show or renew the auto-stop lease
    UPDATE = "update"  # name, description, storage size: nothing may be in flight (§12.6)
    SWITCH = "switch"  # flavor or image: STOPPED only (§4.4)
    DELETE = "delete"  # refused only while another operation runs (§12.5)


# In transit: the status ModelArts moves the instance to by itself, without being asked.
HEADING: Mapping[NotebookStatus, NotebookStatus] = {
    S.INIT: S.RUNNING,
    S.CREATING: S.RUNNING,
    S.STARTING: S.RUNNING,
    S.SNAPSHOTTING: S.RUNNING,
    S.STOPPING: S.STOPPED,
    S.DELETING: S.DELETED,
}
TRANSITIONAL = frozenset(HEADING)
# Where an operation ended badly: waiting longer will not help.
FAILED = frozenset({S.CREATE_FAILED, S.START_FAILED, S.DELETE_FAILED, S.ERROR, S.FROZEN})

_A = Action
ACTIONS: Mapping[NotebookStatus, frozenset[Action]] = {
    S.INIT: frozenset({_A.DELETE}),
    S.CREATING: frozenset({_A.DELETE}),
    S.STARTING: frozenset(),
    S.RUNNING: frozenset({_A.OPEN, _A.STOP, _A.LEASE, _A.UPDATE, _A.DELETE}),
    S.STOPPING: frozenset(),
    S.STOPPED: frozenset({_A.START, _A.UPDATE, _A.SWITCH, _A.DELETE}),
    S.DELETING: frozenset(),
    S.SNAPSHOTTING: frozenset(),
    S.CREATE_FAILED: frozenset({_A.UPDATE, _A.DELETE}),
    S.START_FAILED: frozenset({_A.START, _A.UPDATE, _A.DELETE}),
    S.DELETE_FAILED: frozenset({_A.DELETE}),
    S.ERROR: frozenset({_A.UPDATE, _A.DELETE}),
    S.FROZEN: frozenset({_A.DELETE}),
    S.DELETED: frozenset(),
}


def _known(status: object) -> NotebookStatus | None:
    try:
        return NotebookStatus(str(status))
    except ValueError:
        return None


def allows(status: object, action: Action) -> bool:
    """Whether ModelArts accepts ``action`` in ``status`` (an unknown status allows nothing)."""
    known = _known(status)
    return known is not None and action in ACTIONS[known]


def heading(status: object) -> NotebookStatus | None:
    """Where an instance in transit ends up by itself; None when it is not in transit."""
    known = _known(status)
    return None if known is None else HEADING.get(known)


def is_transitional(status: object) -> bool:
    return heading(status) is not None


def is_failed(status: object) -> bool:
    known = _known(status)
    return known is not None and known in FAILED


def rules_document() -> dict[str, object]:
    """The table as JSON for the OpenAPI document's ``x-status-rules`` (and so for the front end)."""
    return {
        "transitional": sorted(TRANSITIONAL),
        "failed": sorted(FAILED),
        "heading": {status.value: target.value for status, target in HEADING.items()},
        "actions": {status.value: sorted(a.value for a in actions) for status, actions in ACTIONS.items()},
    }
