"""The state guards of REFERENCE §6.1 / §12.5 / §12.6 and the status groups they use.

The statuses are core's :class:`NotebookStatus` (shared vocabulary); the rules
about them are the simulator's own, as ModelArts applies them.

Each guard raises the :class:`SimError` ModelArts answers when an operation is
attempted in the wrong status; the state machine calls them before changing
anything, so a rejected request leaves the instance untouched.
"""

from __future__ import annotations

from jupyter_modelarts.core.contract.enums import NotebookStatus
from jupyter_modelarts.simulator import errors

S = NotebookStatus

# Nothing is in flight: name, description and storage size may change (§12.6).
STABLE = frozenset({S.RUNNING, S.STOPPED, S.CREATE_FAILED, S.START_FAILED, S.ERROR})
# Holding (or acquiring) compute: what the max_running cap counts.
LIVE = frozenset({S.INIT, S.CREATING, S.STARTING, S.RUNNING, S.SNAPSHOTTING})
# Delete is refused only while another operation runs (§12.5).
UNDELETABLE = frozenset({S.STARTING, S.STOPPING, S.DELETING, S.SNAPSHOTTING})

STEP_DESCRIPTIONS = (
    "Prepare the storage.",
    "Prepare the compute resource.",
    "Configuring the network.",
    "Initialize the notebook instance.",
)


def check_start(status: str) -> None:
    if status in (S.STOPPED, S.START_FAILED):
        return
    if status == S.RUNNING:
        raise errors.already_running()
    if status == S.STARTING:
        raise errors.starting()
    raise errors.not_allowed(status)


def check_stop(status: str) -> None:
    if status == S.RUNNING:
        return
    if status == S.STOPPED:
        raise errors.already_stopped()
    if status == S.STOPPING:
        raise errors.stopping()
    raise errors.not_allowed(status)


def check_lease(status: str) -> None:
    if status != S.RUNNING:
        raise errors.not_running()


def check_delete(status: str) -> None:
    if status in UNDELETABLE:
        raise errors.not_allowed(status)


def check_update(status: str, fields: list[str], stopped_only: list[str]) -> None:
    """``fields`` are being changed; those in ``stopped_only`` need a STOPPED instance."""
    if not fields:
        return
    if status not in STABLE:
        raise errors.not_allowed(status)
    if status != S.STOPPED:
        for field in fields:
            if field in stopped_only:
                raise errors.not_modifiable(status, field)
