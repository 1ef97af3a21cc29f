"""Short human texts for the values of ModelArts models (sizes, times, leases, progress).

Times are shown against the *server's* clock (``now_ms`` comes from the
client's Date-header offset), so a skewed laptop clock never misstates how
long an instance has left.
"""

from __future__ import annotations

from datetime import UTC, datetime

from jupyter_modelarts.core.contract import Flavor, Lease, Notebook, NotebookStatus
from jupyter_modelarts.core.contract.responses import ImageSummary, VolumeRes
from jupyter_modelarts.core.durations import format_remaining
from jupyter_modelarts.core.policy.rules import image_label

__all__ = [
    "accelerator", "age", "image_text", "lease_text", "memory", "progress_text", "storage", "timestamp",
]  # fmt: skip


def memory(flavor: Flavor) -> str | None:
    gib = flavor.memory_gib
    if gib is None:
        return str(flavor.memory) if flavor.memory is not None else None
    return f"{gib:g} GB"


def accelerator(flavor: Flavor) -> str | None:
    if flavor.gpu and flavor.gpu.gpu:
        return f"{flavor.gpu.gpu}x {flavor.gpu.type or 'GPU'} {flavor.gpu.gpu_memory or ''}".strip()
    if flavor.ascend and flavor.ascend.npu:
        return f"{flavor.ascend.npu}x {flavor.ascend.type or 'NPU'} {flavor.ascend.npu_memory or ''}".strip()
    return None


def timestamp(ms: int | None) -> str | None:
    if ms is None:
        return None
    return datetime.fromtimestamp(ms / 1000, tz=UTC).strftime("%Y-%m-%d %H:%M UTC")


def age(ms: int | None, now_ms: int) -> str | None:
    if ms is None:
        return None
    seconds = max(0, now_ms - ms) // 1000
    for unit, size in (("d", 86_400), ("h", 3_600), ("min", 60)):
        if seconds >= size:
            return f"{seconds // size} {unit} ago"
    return "just now"


def image_text(image: ImageSummary | None) -> str | None:
    return image_label(image) if image is not None else None


def storage(volume: VolumeRes | None) -> str | None:
    if volume is None:
        return None
    parts = [str(volume.category or "?")]
    if volume.capacity is not None:
        parts.append(f"{volume.capacity} GB")
    if volume.status and volume.status.upper() not in ("MOUNTED", "AVAILABLE", "IN-USE"):
        parts.append(f"({volume.status})")
    return " ".join(parts)


def lease_text(lease: Lease | None, status: object, now_ms: int) -> str | None:
    """Time left before auto-stop while RUNNING, ``off`` when disabled, None when it does not apply."""
    if lease is None:
        return None
    if lease.enable is False:
        return "off"
    if status != NotebookStatus.RUNNING:
        return None
    left = lease.remaining_ms(now_ms)
    if left is None:
        return "off"
    idle = " (idle)" if str(lease.type or "").upper() == "IDLE" else ""
    return format_remaining(left) + idle


# Statuses whose action_progress steps (if any) are left over from provisioning.
STEPLESS = frozenset({NotebookStatus.STOPPING, NotebookStatus.DELETING, NotebookStatus.DELETED})


def progress_text(notebook: Notebook) -> str:
    """``2/4 Prepare the compute resource.`` while steps run; the failed step if one failed.

    Empty once every step is done: the steps of a finished creation say nothing about a later stop.
    Empty while stopping or deleting too: the steps describe provisioning, and an instance
    deleted while being created keeps its unfinished create steps.
    """
    if notebook.status in STEPLESS:
        return ""
    steps = sorted(notebook.action_progress or (), key=lambda s: s.step or 0)
    done = sum(1 for s in steps if str(s.status) == "COMPLETED")
    if done == len(steps):
        return ""
    failed = next((s for s in steps if str(s.status) == "FAILED"), None)
    if failed is not None:
        return f"step {failed.step}/{len(steps)} failed: {failed.text}".strip()
    current = next((s for s in steps if str(s.status) == "PROCESSING"), None)
    current = current or next((s for s in steps if str(s.status) == "WAITING"), None)
    if current is None:
        return f"{done}/{len(steps)} steps done"  # a status ModelArts did not document
    return f"{done}/{len(steps)} {current.text}".strip()
