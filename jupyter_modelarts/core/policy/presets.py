"""Launch presets: the administrator's ready-made flavor + image + storage + lease choices.

``c.ModelArts.presets`` is a list of dicts, or a callable returning one (called
per request, so each user can get their own list), like kubespawner's
``profile_list``. :func:`normalise_presets` turns it into :class:`Preset`
models: slugs unique, exactly one default, every value checked, and every
problem named in one ConfigurationError. A :class:`Preset` is sent to the
browser for launcher tiles, so it holds only what the administrator wrote:
never a secret.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict

from jupyter_modelarts.core.contract import limits
from jupyter_modelarts.core.contract.catalog import Image
from jupyter_modelarts.core.contract.enums import Feature, ImageStatus
from jupyter_modelarts.core.contract.notebook import NotebookCreateRequest
from jupyter_modelarts.core.contract.validation import parse_request
from jupyter_modelarts.core.errors import ConfigurationError, preview
from jupyter_modelarts.core.policy.preset_values import (
    PresetLease,
    PresetStorage,
    read_preset_item,
    unique_slugs,
)
from jupyter_modelarts.core.policy.rules import Policy

RawPresets = Sequence[Mapping[str, Any]]
PresetSource = RawPresets | Callable[[Any], RawPresets | Awaitable[RawPresets]]


class Log(Protocol):
    def warning(self, msg: str, /, *args: Any) -> None: ...


class Preset(BaseModel):
    """One normalised launch preset, as the launcher shows it and the server launches it."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    slug: str
    display_name: str
    description: str = ""
    default: bool = False
    flavor: str
    image: str  # an image id, or name / name:tag resolved against the catalogue at launch
    storage: PresetStorage = PresetStorage()
    lease: PresetLease | None = None  # None: ModelArts' default lease (1 h TIMING)
    feature: Feature | None = None
    notebook_description: str | None = None
    name_prefix: str

    def suggest_name(self, taken: Iterable[str] = ()) -> str:
        """The first free ``<name_prefix>N`` (N from 1), so repeated launches do not collide."""
        used = set(taken)
        return next(
            f"{self.name_prefix}{n}" for n in range(1, len(used) + 2) if f"{self.name_prefix}{n}" not in used
        )

    def resolve_image(self, images: Sequence[Image]) -> Image:
        """The catalogue image this preset names: by id (any letter case), ``name:tag``, or ``name``.

        A bare ``name`` means its newest ACTIVE image (by ``create_at``), so a new
        tag is picked up without editing the preset; two equally new ones are an
        error rather than a guess.
        """
        if limits.UUID_PATTERN.fullmatch(self.image):
            found = [i for i in images if i.id and i.id.casefold() == self.image.casefold()]
        else:
            name, _, tag = self.image.partition(":")
            found = [i for i in images if i.name == name and (not tag or i.tag == tag)]
        active = [i for i in found if i.status is None or str(i.status).upper() == ImageStatus.ACTIVE.value]
        candidates = active or found  # an inactive image is then reported by Policy.check_create
        if not candidates:
            raise self._broken(f"image {self.image!r} is not in the ModelArts image list")
        newest = max(i.create_at or 0 for i in candidates)
        top = [i for i in candidates if (i.create_at or 0) == newest]
        if len(top) > 1:
            tags = ", ".join(sorted(f"{i.name}:{i.tag}" for i in top))
            raise self._broken(f"image {self.image!r} matches several images ({tags}): name one as name:tag")
        return top[0]

    def to_create_request(self, name: str, images: Sequence[Image]) -> NotebookCreateRequest:
        """The create request this preset stands for, validated like any other (ContractError).

        Pass it to :meth:`Policy.check_create` next: a preset gets no exemption.
        """
        image = self.resolve_image(images)
        volume: dict[str, Any] = {"category": self.storage.category, "ownership": "MANAGED"}
        if self.storage.capacity is not None:
            volume["capacity"] = self.storage.capacity
        body: dict[str, Any] = {"name": name, "flavor": self.flavor, "image_id": image.id, "volume": volume}
        if self.lease is not None:
            body["lease"] = {"type": self.lease.type.value, "duration": self.lease.duration_ms}
        if self.feature is not None:
            body["feature"] = self.feature.value
        if self.notebook_description is not None:
            body["description"] = self.notebook_description
        return parse_request(NotebookCreateRequest, body)

    def _broken(self, problem: str) -> ConfigurationError:
        return ConfigurationError(f"Preset {self.slug!r}: {problem}.", hint="Fix c.ModelArts.presets.")


def _policy_conflicts(values: Mapping[str, Any], where: str, policy: Policy) -> list[str]:
    """What the administrator's own policy would refuse at launch, found at start-up instead."""
    problems = []
    if not policy.flavor_allowed(values["flavor"]):
        problems.append(
            f"{where} flavor: {values['flavor']} is not allowed by allowed_flavors/blocked_flavors"
        )
    if policy.image_reference_blocked(values["image"]):
        problems.append(f"{where} image: {values['image']} is blocked by blocked_images")
    lease: PresetLease | None = values.get("lease")
    denied = policy.lease_problems(lease.duration_ms if lease else None, f"{where} lease")
    return problems + [f"{p.location}: {p.rule}" for p in denied]


def _one_default(items: list[dict[str, Any]], log: Log) -> None:
    marked = [index for index, values in enumerate(items) if values.get("default")]
    if len(marked) > 1:
        slugs = [items[i]["slug"] for i in marked]
        message = "c.ModelArts.presets: %d presets are marked default (%s); using the first, %r"
        log.warning(message, len(marked), ", ".join(slugs), slugs[0])
    chosen = marked[0] if marked else 0
    for index, values in enumerate(items):
        values["default"] = index == chosen


def normalise_presets(raw: object, *, log: Log, policy: Policy | None = None) -> list[Preset]:
    """Check and complete a preset list; raise one ConfigurationError naming every problem.

    With ``policy``, a preset that the policy would refuse at launch (flavor not
    allowed, image blocked, lease too long) is a configuration error too.
    """
    if raw is None:
        return []
    if isinstance(raw, str | bytes) or not isinstance(raw, Sequence):
        raise ConfigurationError(f"c.ModelArts.presets must be a list of dicts (got {preview(raw)}).")
    problems: list[str] = []
    items: list[dict[str, Any]] = []
    wheres: list[str] = []
    for index, item in enumerate(raw):
        where = f"presets[{index}]"
        if isinstance(item, Mapping) and isinstance(item.get("display_name"), str) and item["display_name"]:
            where += f" ({item['display_name']!r})"
        values = read_preset_item(item, where, problems)
        if values is not None:
            if policy is not None and "flavor" in values and "image" in values:
                problems += _policy_conflicts(values, where, policy)
            items.append(values)
            wheres.append(where)
    unique_slugs(items, wheres, problems)
    if problems:
        raise ConfigurationError("c.ModelArts.presets: " + "; ".join(problems) + ".")
    _one_default(items, log)
    for values in items:
        values.setdefault("name_prefix", f"{values['slug']}-")
    return [Preset(**values) for values in items]


async def resolve_presets(
    source: PresetSource, user: Any, *, log: Log, policy: Policy | None = None
) -> list[Preset]:
    """The presets for one request: a callable source is called with ``user`` (and awaited if async)."""
    raw: object = source
    try:
        if callable(source):
            raw = source(user)
            if inspect.isawaitable(raw):
                raw = await raw
    except Exception as error:  # the administrator's code: report it as configuration
        # Users see the error (HTTP 503); the administrator's exception text may
        # describe internal systems, so it goes to the server log only.
        kind = type(error).__name__
        log.warning("The c.ModelArts.presets callable failed: %s: %s", kind, error)
        raise ConfigurationError(
            f"The c.ModelArts.presets callable failed ({kind}); the server log has the details.",
            hint="Fix the function configured as c.ModelArts.presets.",
        ) from error
    return normalise_presets(raw, log=log, policy=policy)
