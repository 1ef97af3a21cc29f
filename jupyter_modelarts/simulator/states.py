"""Notebook statuses and the state guards of REFERENCE §6.1 / §12.5 / §12.6.

Each guard raises the :class:`SimError` ModelArts answers when an operation is
attempted in the wrong status; the state machine calls them before changing
anything, so a rejected request leaves the instance untouched.
"""

from __future__ import annotations

from . import errors

INIT = "INIT"
CREATING = "CREATING"
STARTING = "STARTING"
STOPPING = "STOPPING"
DELETING = "DELETING"
RUNNING = "RUNNING"
STOPPED = "STOPPED"
SNAPSHOTTING = "SNAPSHOTTING"
CREATE_FAILED = "CREATE_FAILED"
START_FAILED = "START_FAILED"
DELETE_FAILED = "DELETE_FAILED"
ERROR = "ERROR"
DELETED = "DELETED"
FROZEN = "FROZEN"

ALL = (
    INIT, CREATING, STARTING, STOPPING, DELETING, RUNNING, STOPPED, SNAPSHOTTING,
    CREATE_FAILED, START_FAILED, DELETE_FAILED, ERROR, DELETED, FROZEN,
)  # fmt: skip

# Nothing is in flight: name, description and storage size may change (§12.6).
STABLE = frozenset({RUNNING, STOPPED, CREATE_FAILED, START_FAILED, ERROR})
# Holding (or acquiring) compute: what the max_running cap counts.
LIVE = frozenset({INIT, CREATING, STARTING, RUNNING, SNAPSHOTTING})
# Delete is refused only while another operation runs (§12.5).
UNDELETABLE = frozenset({STARTING, STOPPING, DELETING, SNAPSHOTTING})

STEP_DESCRIPTIONS = (
    "Prepare the storage.",
    "Prepare the compute resource.",
    "Configuring the network.",
    "Initialize the notebook instance.",
)
WAITING = "WAITING"
PROCESSING = "PROCESSING"
COMPLETED = "COMPLETED"
FAILED = "FAILED"


def check_start(status: str) -> None:
    if status in (STOPPED, START_FAILED):
        return
    if status == RUNNING:
        raise errors.already_running()
    if status == STARTING:
        raise errors.starting()
    raise errors.not_allowed(status)


def check_stop(status: str) -> None:
    if status == RUNNING:
        return
    if status == STOPPED:
        raise errors.already_stopped()
    if status == STOPPING:
        raise errors.stopping()
    raise errors.not_allowed(status)


def check_lease(status: str) -> None:
    if status != RUNNING:
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
    if status != STOPPED:
        for field in fields:
            if field in stopped_only:
                raise errors.not_modifiable(status, field)
