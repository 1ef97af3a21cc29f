"""Launch presets: the administrator's ready-made flavor + image + storage + lease choices.

``c.ModelArts.presets`` is a list of dicts (or a callable returning one, called
per request so that each user can get their own list), in the spirit of
kubespawner's ``profile_list``.  :func:`normalise_presets` turns it into
:class:`Preset` models once: slugs derived and unique, exactly one default,
every value checked (core.preset_values reads each key).  Problems are
configuration errors that name the preset and the key, all of them at once.
docs/policy.md documents the keys.

A :class:`Preset` is sent to the browser for launcher tiles, so it only holds
what the administrator wrote in the catalogue section: never a secret.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable, Coroutine, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict

from jupyter_modelarts.core.contract import limits
from jupyter_modelarts.core.contract.catalog import Image
from jupyter_modelarts.core.contract.enums import Feature, ImageStatus
from jupyter_modelarts.core.contract.notebook import NotebookCreateRequest
from jupyter_modelarts.core.contract.validation import parse_request
from jupyter_modelarts.core.errors import ConfigurationError, preview

# Imports written "X as X" are re-exports (explicit for mypy --strict): callers import them from here.
from jupyter_modelarts.core.policy.preset_values import IMAGE_RULE as IMAGE_RULE
from jupyter_modelarts.core.policy.preset_values import KNOWN_KEYS as KNOWN_KEYS
from jupyter_modelarts.core.policy.preset_values import SLUG_MAX as SLUG_MAX
from jupyter_modelarts.core.policy.preset_values import SLUG_RULE as SLUG_RULE
from jupyter_modelarts.core.policy.preset_values import STORAGE_FORMS as STORAGE_FORMS
from jupyter_modelarts.core.policy.preset_values import PresetLease as PresetLease
from jupyter_modelarts.core.policy.preset_values import PresetStorage as PresetStorage
from jupyter_modelarts.core.policy.preset_values import derive_slug as derive_slug
from jupyter_modelarts.core.policy.preset_values import parse_preset_lease as parse_preset_lease
from jupyter_modelarts.core.policy.preset_values import parse_storage as parse_storage
from jupyter_modelarts.core.policy.preset_values import read_preset_item
from jupyter_modelarts.core.policy.rules import Policy

RawPresets = Sequence[Mapping[str, Any]]
PresetSource = RawPresets | Callable[[Any], RawPresets | Awaitable[RawPresets]]
_UUID = limits.UUID_PATTERN


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
        """The catalogue image this preset names.

        An id must match exactly (any letter case).  ``name:tag`` must match both;
        a bare ``name`` means its newest ACTIVE image (by ``create_at``), so a new
        tag is picked up without editing the preset.  Two equally new candidates are
        an error rather than a guess.
        """
        if _UUID.fullmatch(self.image):
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
    lease_where = f"{where} lease"
    problems += [
        f"{p.location}: {p.rule}"
        for p in policy.lease_problems(lease.duration_ms if lease else None, lease_where)
    ]
    return problems


def _unique_slugs(items: list[dict[str, Any]], wheres: list[str], problems: list[str]) -> None:
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


def _one_default(items: list[dict[str, Any]], log: Log) -> None:
    marked = [index for index, values in enumerate(items) if values.get("default")]
    if len(marked) > 1:
        log.warning(
            "c.ModelArts.presets: %d presets are marked default (%s); using the first, %r",
            len(marked), ", ".join(items[i]["slug"] for i in marked), items[marked[0]]["slug"],
        )  # fmt: skip
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
    _unique_slugs(items, wheres, problems)
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
    if callable(source):
        raw = _call(source, user, log)
        if inspect.isawaitable(raw):
            raw = await _guarded(raw, log)
    return normalise_presets(raw, log=log, policy=policy)


def resolve_presets_sync(
    source: PresetSource, user: Any, *, log: Log, policy: Policy | None = None
) -> list[Preset]:
    """:func:`resolve_presets` for the magics and the CLI, which call it from synchronous code."""
    raw: object = source
    if callable(source):
        raw = _call(source, user, log)
        if inspect.isawaitable(raw):
            raw = _run_blocking(_guarded(raw, log))
    return normalise_presets(raw, log=log, policy=policy)


def _run_blocking(coroutine: Coroutine[Any, Any, object]) -> object:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    # IPython kernels run magics inside their event loop, which must not be
    # re-entered: the coroutine gets a loop of its own in a worker thread.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def _call(source: Callable[[Any], object], user: Any, log: Log) -> object:
    try:
        return source(user)
    except Exception as error:  # the administrator's code: report it as configuration
        raise _callable_failed(error, log) from error


async def _guarded(awaitable: Awaitable[object], log: Log) -> object:
    try:
        return await awaitable
    except Exception as error:
        raise _callable_failed(error, log) from error


def _callable_failed(error: Exception, log: Log) -> ConfigurationError:
    # Users see the error (HTTP 503); the administrator's exception text may
    # describe internal systems, so it goes to the server log only.
    kind = type(error).__name__
    log.warning("The c.ModelArts.presets callable failed: %s: %s", kind, error)
    return ConfigurationError(
        f"The c.ModelArts.presets callable failed ({kind}); the server log has the details.",
        hint="Fix the function configured as c.ModelArts.presets.",
    )
