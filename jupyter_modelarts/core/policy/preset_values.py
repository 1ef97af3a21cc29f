"""The values of a launch preset: how each key of ``c.ModelArts.presets`` is read and checked.

One reader per key turns what the administrator wrote (``"evs:50"``,
``"idle:30m"``...) into a checked value or the rule it breaks;
:func:`read_preset_item` collects every problem of one preset. Unknown keys are
problems too: a misspelt ``flavour`` must not launch something the
administrator did not mean. docs/policy.md documents the keys.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from jupyter_modelarts.core.contract import limits
from jupyter_modelarts.core.contract.enums import Feature, LeaseType
from jupyter_modelarts.core.contract.fields import DESCRIPTION_RULE
from jupyter_modelarts.core.contract.lease import lease_problem
from jupyter_modelarts.core.contract.notebook import CAPACITY_RULE, EVS_CAPACITY_RULE
from jupyter_modelarts.core.durations import DurationError, format_duration, parse_lease
from jupyter_modelarts.core.errors import preview

SLUG_MAX = 63
_SLUG = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?")
SLUG_RULE = f"must be 1–{SLUG_MAX} of a-z, 0-9 and '-', starting and ending with a letter or digit"
_IMAGE_REF = re.compile(r"[a-z0-9][a-z0-9._-]{0,127}(?::[A-Za-z0-9._-]{1,64})?")
IMAGE_RULE = "must be an image id (UUID), an image name, or name:tag"
_NAME_PREFIX_MAX = limits.NAME_MAX - 8  # room for the "-NN" suffix Preset.suggest_name() adds
STORAGE_FORMS = "'evs', 'evs:50', 'efs:100' or {'category': 'EVS', 'capacity': 50}"


class PresetStorage(BaseModel):
    """The instance's main volume; ``capacity=None`` leaves the size to ModelArts (EVS 5 GB, EFS 50 GB)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    category: Literal["EVS", "EFS", "SFS"] = "EVS"
    capacity: int | None = None


class PresetLease(BaseModel):
    """The auto-stop lease; ``duration_ms=-1`` turns auto-stop off."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    type: LeaseType = LeaseType.TIMING
    duration_ms: int

    @property
    def label(self) -> str:
        text = format_duration(self.duration_ms)
        return f"idle {text}" if self.type is LeaseType.IDLE else text


class _Bad(ValueError):
    """A preset value that breaks its rule (the message is the rule)."""


def _text(value: object, *, required: bool = False) -> str:
    if not isinstance(value, str) or (required and not value.strip()):
        raise _Bad("must be a non-empty string" if required else "must be a string")
    return value.strip()


def parse_storage(value: object) -> PresetStorage:
    """``"evs"``, ``"evs:50"``, ``"EFS:100GB"`` or ``{"category": ..., "capacity": ...}``."""
    if isinstance(value, str):
        category, _, size = value.strip().partition(":")
        size = re.sub(r"\s*gb?\Z", "", size.strip(), flags=re.IGNORECASE)
        if size and not size.isdigit():
            raise _Bad(f"cannot read {value!r}: use {STORAGE_FORMS}")
        value = {"category": category, "capacity": int(size) if size else None}
    if not isinstance(value, Mapping):
        raise _Bad(f"must be {STORAGE_FORMS}")
    unknown = set(value) - {"category", "capacity"}
    if unknown:
        raise _Bad(f"unknown storage key(s) {', '.join(sorted(map(str, unknown)))}: use {STORAGE_FORMS}")
    category = str(value.get("category") or "EVS").strip().upper()
    if category not in ("EVS", "EFS", "SFS"):
        # OBS needs a per-user DEW secret and DEDICATED storage a per-user file system.
        raise _Bad(f"category must be EVS or EFS (got {category!r}): presets hold only managed storage")
    capacity = value.get("capacity")
    if capacity is not None:
        if not isinstance(capacity, int) or isinstance(capacity, bool):
            raise _Bad("capacity must be a whole number of GB")
        low = limits.EVS_MIN_GB if category == "EVS" else 1
        if not low <= capacity <= limits.EVS_MAX_GB:
            raise _Bad(EVS_CAPACITY_RULE if category == "EVS" else CAPACITY_RULE)
    return PresetStorage.model_validate({"category": category, "capacity": capacity})


def parse_preset_lease(value: object) -> PresetLease:
    """``"2h"``, ``"idle:30m"``, ``"off"`` or milliseconds (a TIMING lease), with the ModelArts rule."""
    if isinstance(value, str):
        try:
            duration, lease_type = parse_lease(value)
        except DurationError as error:
            raise _Bad(str(error)) from None
        return PresetLease(type=lease_type, duration_ms=duration)
    if isinstance(value, int) and not isinstance(value, bool):
        broken = lease_problem(value, LeaseType.TIMING)
        if broken:
            raise _Bad(broken)
        return PresetLease(duration_ms=value)
    raise _Bad("must be a duration such as '2h', 'idle:30m', 'off', or milliseconds")


def _flag(value: object) -> bool:
    if not isinstance(value, bool):
        raise _Bad("must be True or False")
    return value


def _feature(value: object) -> Feature:
    try:
        return Feature(_text(value).upper())
    except ValueError:
        raise _Bad(f"must be one of {', '.join(Feature)}") from None


def _matching(ok: Callable[[str], object], rule: str, *, required: bool = True) -> Callable[[object], str]:
    """A reader of a string that must pass ``ok``, else breaks ``rule``."""

    def read(value: object) -> str:
        text = _text(value, required=required)
        if not ok(text):
            raise _Bad(rule)
        return text

    return read


# Every key a preset may have, and how its value is read.  "duration" is another
# name for "lease" (the ModelArts field name), accepted because both read naturally.
_READERS: dict[str, Callable[[object], object]] = {
    "display_name": lambda v: _text(v, required=True),
    "description": _text,
    "slug": _matching(lambda t: len(t) <= SLUG_MAX and _SLUG.fullmatch(t), SLUG_RULE),
    "default": _flag,
    "flavor": lambda v: _text(v, required=True),
    "image": _matching(lambda t: limits.UUID_PATTERN.fullmatch(t) or _IMAGE_REF.fullmatch(t), IMAGE_RULE),
    "storage": parse_storage,
    "lease": parse_preset_lease,
    "duration": parse_preset_lease,
    "feature": _feature,
    "notebook_description": _matching(
        lambda t: len(t) <= limits.DESCRIPTION_MAX and not set(t) & limits.DESCRIPTION_FORBIDDEN,
        DESCRIPTION_RULE,
        required=False,
    ),
    "name_prefix": _matching(
        lambda t: len(t) <= _NAME_PREFIX_MAX and limits.NAME_PATTERN.fullmatch(t),
        f"must be at most {_NAME_PREFIX_MAX} characters: letters, digits, '-' or '_'",
    ),
}
KNOWN_KEYS = tuple(_READERS)
_REQUIRED = ("display_name", "flavor", "image")


def derive_slug(display_name: str) -> str:
    """``"Small CPU (2 vCPU)"`` -> ``"small-cpu-2-vcpu"``; accents folded, other scripts dropped."""
    ascii_text = unicodedata.normalize("NFKD", display_name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:SLUG_MAX].strip("-")
    return slug or "preset"


def unique_slugs(items: list[dict[str, Any]], wheres: list[str], problems: list[str]) -> None:
    """Explicit slugs must be unique; derived ones get -2, -3... after every explicit one is placed."""
    taken: dict[str, int] = {}
    for index, values in enumerate(items):
        slug = values.get("slug")
        if slug is not None:
            if slug in taken:
                problems.append(f"{wheres[index]} slug: {slug!r} is already used by presets[{taken[slug]}]")
            taken.setdefault(slug, index)
    for index, values in enumerate(items):
        if values.get("slug") is not None:
            continue
        base = derive_slug(values.get("display_name") or "")
        slug, n = base, 1
        while slug in taken:
            n += 1
            suffix = f"-{n}"
            slug = base[: SLUG_MAX - len(suffix)].rstrip("-") + suffix
        taken[slug] = index
        values["slug"] = slug


def read_preset_item(item: object, where: str, problems: list[str]) -> dict[str, Any] | None:
    """The checked values of one preset (``duration`` stored as ``lease``); problems are appended."""
    if not isinstance(item, Mapping):
        problems.append(f"{where} must be a dict (got {preview(item)})")
        return None
    values: dict[str, Any] = {}
    for key, raw in item.items():
        reader = _READERS.get(key) if isinstance(key, str) else None
        if reader is None:
            problems.append(f"{where}: unknown key {key!r} (known keys: {', '.join(KNOWN_KEYS)})")
            continue
        try:
            values[key] = reader(raw)
        except _Bad as error:
            problems.append(f"{where} {key}: {error} (got {preview(raw)})")
    problems.extend(f"{where} {key}: is required" for key in _REQUIRED if key not in item)
    if "lease" in item and "duration" in item:
        problems.append(f"{where}: give 'lease' or 'duration' (the same setting), not both")
    if "duration" in values:
        values["lease"] = values.pop("duration")
    return values
