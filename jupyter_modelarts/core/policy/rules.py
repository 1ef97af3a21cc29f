"""The administrator's policy: which flavors and images users may launch, and for how long.

The server re-checks every choice a browser sends, and the magics and the CLI
run the same checks, so a policy cannot be sidestepped by calling the REST API
directly (kubespawner's "never trust the form" rule). docs/policy.md is the
administrator's guide.

:meth:`Policy.check_create` and :meth:`Policy.check_update` raise
:class:`PolicyError` (403) for what the administrator forbids (flavor or image
not allowed, lease too long, auto-stop off) and :class:`ContractError` (400)
for catalogue facts ModelArts would refuse anyway (core/policy/catalog.py).
When both occur the ContractError lists the policy problems too, so a person
sees everything in one round. Checks only report; they never drop or rewrite
what the user asked for.

Allow and block lists are shell-style globs (``fnmatch``) matched against the
whole id or name, ignoring letter case so that a block cannot be sidestepped by
writing a name differently. A list is read once, at start, and becomes one
compiled regular expression, since matching happens on every request.
"""

from __future__ import annotations

import fnmatch
import functools
import re
from collections.abc import Iterable, Sequence

from jupyter_modelarts.core.contract import limits
from jupyter_modelarts.core.contract.catalog import Flavor, Image
from jupyter_modelarts.core.contract.lease import LeaseRenewRequest, RenewQuery, StartQuery
from jupyter_modelarts.core.contract.notebook import CustomSpec, NotebookCreateRequest, NotebookUpdateRequest
from jupyter_modelarts.core.contract.responses import ImageSummary, Notebook
from jupyter_modelarts.core.durations import format_duration
from jupyter_modelarts.core.errors import (
    ConfigurationError,
    ContractError,
    FieldProblem,
    PolicyError,
    preview,
)
from jupyter_modelarts.core.policy.catalog import (
    create_facts,
    create_flavor_facts,
    find_image,
    growth_facts,
    image_facts,
    image_label,
    incompatibility,
    switch_facts,
    update_compatibility_facts,
)
from jupyter_modelarts.core.settings import ModelArts

Patterns = tuple[str, ...]


def _patterns(values: Iterable[str] | None, setting: str, problems: list[str]) -> Patterns | None:
    """The patterns of ``c.ModelArts.<setting>`` (None: no list); every problem is appended."""
    if values is None:
        return None
    if isinstance(values, str):  # a bare string would be read letter by letter
        problems.append(f"c.ModelArts.{setting} must be a list of strings, not one string")
        return None
    patterns = []
    for index, value in enumerate(values):
        if isinstance(value, str) and value.strip():
            patterns.append(value.strip().casefold())
        else:
            problems.append(
                f"c.ModelArts.{setting}[{index}] must be a non-empty string (got {preview(value)})"
            )
    return tuple(patterns)


@functools.lru_cache(maxsize=64)
def _compiled(patterns: Patterns) -> re.Pattern[str]:
    """One regular expression for a whole pattern list (fnmatch compiles per pattern and call)."""
    return re.compile("|".join(f"(?:{fnmatch.translate(p)})" for p in patterns) or r"(?!)")


def _matches(names: Iterable[str | None], patterns: Patterns) -> bool:
    """Whether any of ``names`` (None ones skipped) matches one of ``patterns``."""
    regex = _compiled(patterns)
    return any(regex.match(name.casefold()) for name in names if name)


def _permitted(names: list[str | None], allowed: Patterns | None, blocked: Patterns) -> bool:
    return not _matches(names, blocked) and (allowed is None or _matches(names, allowed))


def settings_problems(settings: ModelArts) -> list[str]:
    """Every problem :meth:`Policy.from_settings` would raise, one sentence each (for a report)."""
    try:
        Policy.from_settings(settings)
    except ConfigurationError as error:
        return error.problems
    return []


def _raise_if_any(facts: list[FieldProblem], denied: list[FieldProblem]) -> None:
    """Catalogue facts (ModelArts would refuse too) make a ContractError that lists the denials too."""
    if facts:
        raise ContractError([*facts, *denied])
    if denied:
        raise PolicyError(denied)


class Policy:
    """Allow and block lists (shell-style globs) and the longest lease.

    ``allowed_*=None`` allows everything; an empty list allows nothing.
    ``blocked_*`` always wins over ``allowed_*``.  Flavor patterns match flavor
    ids; image patterns match the image id, its ``name`` or ``name:tag``.
    ``max_lease_ms=None`` applies only the ModelArts limits; otherwise longer
    leases, and leases that never stop, are refused.
    """

    def __init__(
        self,
        allowed_flavors: Iterable[str] | None = None,
        blocked_flavors: Iterable[str] | None = (),
        allowed_images: Iterable[str] | None = None,
        blocked_images: Iterable[str] | None = (),
        max_lease_ms: int | None = None,
    ) -> None:
        problems: list[str] = []  # every one, so an administrator fixes the configuration in one go
        self.allowed_flavors = _patterns(allowed_flavors, "allowed_flavors", problems)
        self.blocked_flavors = _patterns(blocked_flavors, "blocked_flavors", problems) or ()
        self.allowed_images = _patterns(allowed_images, "allowed_images", problems)
        self.blocked_images = _patterns(blocked_images, "blocked_images", problems) or ()
        if max_lease_ms is not None and not 0 < max_lease_ms <= limits.LEASE_MAX_MS:
            problems.append(
                f"The longest lease must be more than 0 and at most {limits.LEASE_MAX_MS} ms "
                f"(72 h), got {max_lease_ms}"
            )
        if problems:
            raise ConfigurationError("; ".join(problems) + ".", problems=[f"{p}." for p in problems])
        self.max_lease_ms = max_lease_ms

    @classmethod
    def from_settings(cls, settings: ModelArts) -> Policy:
        hours = settings.max_lease_hours
        return cls(
            allowed_flavors=settings.allowed_flavors,
            blocked_flavors=settings.blocked_flavors,
            allowed_images=settings.allowed_images,
            blocked_images=settings.blocked_images,
            max_lease_ms=None if hours is None else round(hours * 3_600_000),
        )

    def __repr__(self) -> str:
        return (
            f"Policy(allowed_flavors={self.allowed_flavors}, blocked_flavors={self.blocked_flavors}, "
            f"allowed_images={self.allowed_images}, blocked_images={self.blocked_images}, "
            f"max_lease_ms={self.max_lease_ms})"
        )

    def flavor_allowed(self, flavor_id: str) -> bool:
        return _permitted([flavor_id], self.allowed_flavors, self.blocked_flavors)

    def image_allowed(self, image: ImageSummary) -> bool:
        names = [image.id, image.name, f"{image.name}:{image.tag}" if image.name and image.tag else None]
        return _permitted(names, self.allowed_images, self.blocked_images)

    def image_reference_blocked(self, reference: str) -> bool:
        """Whether an image named by id, ``name`` or ``name:tag`` is certainly blocked (presets)."""
        return _matches([reference, reference.partition(":")[0]], self.blocked_images)

    def filter_flavors(self, flavors: Iterable[Flavor]) -> list[Flavor]:
        """The allowed flavors, in the given order (sold-out ones are kept: the UI shows them disabled)."""
        return [f for f in flavors if f.id and self.flavor_allowed(f.id)]

    def filter_images(self, images: Iterable[Image]) -> list[Image]:
        return [i for i in images if self.image_allowed(i)]

    @staticmethod
    def compatible(image: Image, flavor: Flavor) -> bool:
        return incompatibility(image, flavor) is None

    def images_for(self, flavor: Flavor, images: Iterable[Image]) -> list[Image]:
        """Allowed images that run on ``flavor``."""
        return [i for i in self.filter_images(images) if self.compatible(i, flavor)]

    def launchable_images(self, images: Iterable[Image], flavors: Iterable[Flavor]) -> list[Image]:
        """Allowed images that run on at least one allowed flavor of ``flavors`` (the catalogue).

        Under a CPU-only policy a GPU-only image can never be launched: offering it would
        only invite a refusal at launch.
        """
        offered = self.filter_flavors(flavors)
        return [i for i in self.filter_images(images) if any(self.compatible(i, f) for f in offered)]

    def lease_problems(self, duration_ms: int | None, location: str) -> list[FieldProblem]:
        """``duration_ms=None`` stands for ModelArts' default lease of 1 h."""
        if self.max_lease_ms is None:
            return []
        most = format_duration(self.max_lease_ms)
        if duration_ms is None:
            if self.max_lease_ms >= limits.LEASE_DEFAULT_MS:
                return []
            default = format_duration(limits.LEASE_DEFAULT_MS)
            rule = (
                f"without a duration ModelArts applies {default}, but at most {most} is allowed "
                f"by the administrator: ask for a duration of at most {most}"
            )
            return [FieldProblem(location, rule)]
        if duration_ms == limits.LEASE_DISABLED:
            rule = f"auto-stop cannot be turned off: at most {most} is allowed by the administrator"
            return [FieldProblem(location, rule, preview(duration_ms))]
        if duration_ms > self.max_lease_ms:
            # Whole seconds read better; anything finer is shown exactly so it never reads "8 h > 8 h".
            asked = format_duration(duration_ms) if duration_ms % 1000 == 0 else f"{duration_ms} ms"
            rule = f"at most {most} is allowed by the administrator (asked for {asked})"
            return [FieldProblem(location, rule, preview(duration_ms))]
        return []

    def check_lease(self, duration_ms: int | None, location: str) -> None:
        _raise_if_any([], self.lease_problems(duration_ms, location))

    def check_start(self, query: StartQuery, location: str = "query.duration") -> StartQuery:
        """Raise PolicyError if the start's lease breaks the limit; else the query to send.

        With a limit to keep, a start that names no duration is sent with the default
        hour spelt out: docs/modelarts-api.md §6.2 infers that ModelArts applies it, but nobody has
        verified it, and an instance whose auto-stop was off must not come back without one.
        """
        self.check_lease(query.duration, location)
        if query.duration is None and self.max_lease_ms is not None:
            return query.model_copy(update={"duration": limits.LEASE_DEFAULT_MS})
        return query

    def check_renew(self, request: LeaseRenewRequest | RenewQuery) -> None:
        self.check_lease(request.duration, f"{request.source}.duration")

    def check_create(
        self, request: NotebookCreateRequest, *, flavors: Sequence[Flavor], images: Sequence[Image]
    ) -> None:
        """Raise PolicyError or ContractError listing every problem of a (contract-valid) create.

        ``flavors`` and ``images`` are the catalogue (``GET /notebooks/flavors``
        and ``GET /images``).  A flavor missing from it is reported unless the
        request names a dedicated pool, whose flavors are not in that list.
        """
        flavor = next((f for f in flavors if f.id == request.flavor), None) if request.flavor else None
        image = find_image(images, request.image_id)
        facts = create_flavor_facts(request, flavor, flavors) if request.flavor else []
        facts += image_facts(request.image_id, image) + create_facts(request, flavor, image)
        denied = self._denied(request.custom_spec, request.flavor, request.image_id, image)
        _raise_if_any(facts, denied + self.lease_problems(*_create_lease(request)))

    def check_update(
        self,
        request: NotebookUpdateRequest,
        current: Notebook,
        *,
        switchable: Sequence[Flavor],
        images: Sequence[Image],
        flavors: Sequence[Flavor] = (),
    ) -> None:
        """Check an update of ``current``; a field equal to the current value is not a change.

        ``switchable`` is ``GET /notebooks/{id}/flavors``; ``flavors`` (the whole
        catalogue) lets an image change be checked against the current flavor.
        """
        old_image_id = current.image.id if current.image else None
        new_flavor = request.flavor if request.flavor != current.flavor else None
        new_image = request.image_id if request.image_id != old_image_id else None
        flavor = next((f for f in switchable if f.id == new_flavor), None) if new_flavor else None
        image = find_image(images, new_image) if new_image else None
        facts = switch_facts(new_flavor, flavor, switchable) if new_flavor else []
        facts += image_facts(new_image, image) if new_image else []
        facts += update_compatibility_facts(current, flavor, image, images=images, flavors=flavors)
        facts += growth_facts(request.storage_new_size, current)
        _raise_if_any(facts, self._denied(request.custom_spec, new_flavor, new_image, image))

    def _denied(
        self, spec: CustomSpec | None, flavor_id: str | None, image_id: str | None, image: Image | None
    ) -> list[FieldProblem]:
        """What the administrator forbids of a request's custom_spec, flavor and (found) image."""
        denied = []
        # A custom spec describes resources outside the flavor list, so it would
        # bypass an allow list; a block list alone cannot be bypassed this way.
        if spec is not None and self.allowed_flavors is not None:
            rule = "custom_spec is not allowed: the administrator limits instances to listed flavors"
            denied.append(FieldProblem("body.custom_spec", rule))
        if flavor_id and not self.flavor_allowed(flavor_id):
            rule = f"flavor {flavor_id} is not allowed by the administrator"
            denied.append(FieldProblem("body.flavor", rule, preview(flavor_id)))
        if image is not None and not self.image_allowed(image):
            rule = f"image {image_label(image)} is not allowed by the administrator"
            denied.append(FieldProblem("body.image_id", rule, preview(image_id)))
        return denied


def _create_lease(request: NotebookCreateRequest) -> tuple[int | None, str]:
    """The lease duration a create asks for, and where; None means ModelArts' default."""
    if request.duration is not None:  # the top-level field wins in ModelArts (docs/modelarts-api.md §4.1)
        return request.duration, "body.duration"
    if request.lease is not None and request.lease.duration is not None:
        return request.lease.duration, "body.lease.duration"
    return None, "body.lease"
