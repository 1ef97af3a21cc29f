"""The administrator's policy: which flavors and images users may launch, and for how long.

The server re-checks every choice a browser sends, and the magics and the CLI
run the same checks, so a policy cannot be sidestepped by calling the REST API
directly (kubespawner's "never trust the form" rule).  Built from plain values
so it can be tested without a Configurable; :meth:`Policy.from_settings` reads
``c.ModelArts``.  docs/policy.md is the administrator's guide.

Two kinds of problems come out of :meth:`Policy.check_create` and
:meth:`Policy.check_update`:

* :class:`PolicyError` (403): valid for ModelArts, forbidden by the administrator
  (flavor or image not allowed, lease longer than allowed, auto-stop off).
* :class:`ContractError` (400): catalogue facts the server knows before ModelArts
  does and that ModelArts would reject anyway (unknown or sold-out flavor, unknown
  or inactive image, image not built for the flavor, storage the flavor lacks).
  When both kinds occur the ContractError is raised and lists the policy problems
  too, so a person sees everything in one round.

Checks only report; they never drop or rewrite what the user asked for.
"""

from __future__ import annotations

import fnmatch
import functools
import re
from collections.abc import Iterable, Sequence
from typing import Protocol

from .durations import format_duration
from .errors import ConfigurationError, ContractError, FieldProblem, PolicyError, preview
from .models import limits
from .models.catalog import Flavor, Image
from .models.enums import FILE_SERVICE_CATEGORIES, EndpointService, Feature, ImageStatus, VolumeCategory
from .models.lease import LeaseRenewRequest, RenewQuery, StartQuery
from .models.notebook import CustomSpec, NotebookCreateRequest, NotebookUpdateRequest
from .models.notebook_response import ImageSummary, Notebook

Patterns = tuple[str, ...]


class PolicySettings(Protocol):
    """What :meth:`Policy.from_settings` reads (``core.settings.ModelArts`` has it)."""

    @property
    def allowed_flavors(self) -> list[str] | None: ...
    @property
    def blocked_flavors(self) -> list[str] | None: ...
    @property
    def allowed_images(self) -> list[str] | None: ...
    @property
    def blocked_images(self) -> list[str] | None: ...
    @property
    def max_lease_hours(self) -> float | None: ...


def _patterns(values: Iterable[str] | None, setting: str) -> Patterns | None:
    if values is None:
        return None
    if isinstance(values, str):  # a bare string would be read letter by letter
        raise ConfigurationError(f"c.ModelArts.{setting} must be a list of strings, not one string.")
    patterns, bad = [], []
    for index, value in enumerate(values):
        if isinstance(value, str) and value.strip():
            # Case-folded so that a block cannot be sidestepped by changing letter case.
            patterns.append(value.strip().casefold())
        else:
            bad.append(f"c.ModelArts.{setting}[{index}] must be a non-empty string (got {preview(value)})")
    if bad:
        raise ConfigurationError("; ".join(bad) + ".")
    return tuple(patterns)


@functools.lru_cache(maxsize=64)
def _compiled(patterns: Patterns) -> re.Pattern[str]:
    """One regular expression for a whole pattern list (fnmatch compiles per pattern and call)."""
    return re.compile("|".join(f"(?:{fnmatch.translate(p)})" for p in patterns) or r"(?!)")


def _matches(candidates: Iterable[str | None], patterns: Patterns) -> bool:
    regex = _compiled(patterns)
    return any(regex.match(c.casefold()) for c in candidates if c)


def _text(value: object) -> str:
    """An enum member or a lenient string from ModelArts, upper-cased for comparison."""
    return str(value).upper()


def image_label(image: ImageSummary) -> str:
    """How an image is named in messages: ``name:tag`` when known, else its id."""
    if image.name:
        return f"{image.name}:{image.tag}" if image.tag else image.name
    return image.id or "(unnamed image)"


def image_categories(image: Image) -> set[str]:
    return {_text(c) for c in [*(image.support_res_categories or ()), *(image.resource_categories or ())]}


def incompatibility(image: Image, flavor: Flavor | CustomSpec) -> str | None:
    """Why ``image`` cannot run on ``flavor`` (a catalogue flavor or a custom_spec), or None.

    The architecture must match (case-insensitively).  The flavor's category
    (CPU, GPU, ASCEND) must be among the image's ``support_res_categories`` or
    ``resource_categories``: a CPU-only image is refused on a GPU flavor, a
    CPU+GPU image runs on both.  An image that lists no category (built-in
    SSH-only images do this) runs on any flavor of its architecture, as in
    ModelArts and the simulator.  Unknown values on either side are not held
    against the request: ModelArts decides then.
    """
    name = f"flavor {flavor.id}" if isinstance(flavor, Flavor) else "the custom_spec"
    if image.arch and flavor.arch and _text(image.arch) != _text(flavor.arch):
        return f"image {image_label(image)} is built for {image.arch}, {name} is {flavor.arch}"
    categories = image_categories(image)
    if categories and flavor.category and _text(flavor.category) not in categories:
        supported = "/".join(sorted(categories))
        return f"image {image_label(image)} runs on {supported} flavors, {name} is {flavor.category}"
    return None


def _find_image(images: Sequence[Image], image_id: str) -> Image | None:
    wanted = image_id.casefold()
    return next((i for i in images if i.id and i.id.casefold() == wanted), None)


class _Report:
    """Problems of one check, by kind; raises the right error once everything is collected."""

    def __init__(self) -> None:
        self.contract: list[FieldProblem] = []  # catalogue facts: ModelArts would refuse too
        self.policy: list[FieldProblem] = []  # the administrator's rules

    def fact(self, where: str, rule: str, value: object = None) -> None:
        self.contract.append(FieldProblem(where, rule, None if value is None else preview(value)))

    def deny(self, where: str, rule: str, value: object = None) -> None:
        self.policy.append(FieldProblem(where, rule, None if value is None else preview(value)))

    def raise_if_any(self) -> None:
        if self.contract:
            raise ContractError([*self.contract, *self.policy])
        if self.policy:
            raise PolicyError(self.policy)


class Policy:
    """Allow and block lists (shell-style globs) and the longest lease.

    ``allowed_*=None`` allows everything; an empty list allows nothing.
    ``blocked_*`` always wins over ``allowed_*``.  Flavor patterns match flavor
    ids; image patterns match the image id, its ``name`` or ``name:tag``.
    Matching ignores letter case.  ``max_lease_ms=None`` applies only the
    ModelArts limits; otherwise longer leases, and leases that never stop, are refused.
    """

    def __init__(
        self,
        allowed_flavors: Iterable[str] | None = None,
        blocked_flavors: Iterable[str] | None = (),
        allowed_images: Iterable[str] | None = None,
        blocked_images: Iterable[str] | None = (),
        max_lease_ms: int | None = None,
    ) -> None:
        self.allowed_flavors = _patterns(allowed_flavors, "allowed_flavors")
        self.blocked_flavors = _patterns(blocked_flavors, "blocked_flavors") or ()
        self.allowed_images = _patterns(allowed_images, "allowed_images")
        self.blocked_images = _patterns(blocked_images, "blocked_images") or ()
        if max_lease_ms is not None and not 0 < max_lease_ms <= limits.LEASE_MAX_MS:
            raise ConfigurationError(
                f"The longest lease must be more than 0 and at most {limits.LEASE_MAX_MS} ms "
                f"(72 h), got {max_lease_ms}."
            )
        self.max_lease_ms = max_lease_ms

    @classmethod
    def from_settings(cls, settings: PolicySettings) -> Policy:
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

    # ---- allow / block ------------------------------------------------------

    def flavor_allowed(self, flavor_id: str) -> bool:
        if _matches([flavor_id], self.blocked_flavors):
            return False
        return self.allowed_flavors is None or _matches([flavor_id], self.allowed_flavors)

    def image_allowed(self, image: ImageSummary) -> bool:
        names = [image.id, image.name, f"{image.name}:{image.tag}" if image.name and image.tag else None]
        if _matches(names, self.blocked_images):
            return False
        return self.allowed_images is None or _matches(names, self.allowed_images)

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

    # ---- leases ---------------------------------------------------------------

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
        problems = self.lease_problems(duration_ms, location)
        if problems:
            raise PolicyError(problems)

    def check_start(self, query: StartQuery) -> None:
        self.check_lease(query.duration, "query.duration")

    def check_renew(self, request: LeaseRenewRequest | RenewQuery) -> None:
        self.check_lease(request.duration, f"{request.source}.duration")

    # ---- whole requests -------------------------------------------------------

    def check_create(
        self, request: NotebookCreateRequest, *, flavors: Sequence[Flavor], images: Sequence[Image]
    ) -> None:
        """Raise PolicyError or ContractError listing every problem of a (contract-valid) create.

        ``flavors`` and ``images`` are the catalogue (``GET /notebooks/flavors``
        and ``GET /images``).  A flavor missing from it is reported unless the
        request names a dedicated pool, whose flavors are not in that list.
        """
        report = _Report()
        self._custom_spec(request.custom_spec, report)
        flavor = self._flavor(request, flavors, report) if request.flavor else None
        image = self._image(request.image_id, images, report)
        target = flavor or (None if request.flavor else request.custom_spec)
        broken = incompatibility(image, target) if image and target else None
        if broken:
            report.fact("body.image_id", broken, request.image_id)
        if image is not None:
            _check_access(request, image, report)
        if flavor is not None:
            _check_storage(request, flavor, report)
        report.policy += self.lease_problems(*_create_lease(request))
        report.raise_if_any()

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
        report = _Report()
        self._custom_spec(request.custom_spec, report)
        old_image_id = current.image.id if current.image else None
        flavor = image = None
        if request.flavor and request.flavor != current.flavor:
            flavor = self._switch(request.flavor, switchable, report)
        if request.image_id and request.image_id != old_image_id:
            image = self._image(request.image_id, images, report)
        if flavor is not None or image is not None:
            target = flavor or next((f for f in flavors if f.id and f.id == current.flavor), None)
            running = image or (_find_image(images, old_image_id) if old_image_id else None)
            broken = incompatibility(running, target) if running and target else None
            if broken:
                report.fact("body.image_id" if image is not None else "body.flavor", broken)
        _check_growth(request.storage_new_size, current, report)
        report.raise_if_any()

    # ---- parts of the checks ---------------------------------------------------

    def _custom_spec(self, spec: CustomSpec | None, report: _Report) -> None:
        # A custom spec describes resources outside the flavor list, so it would
        # bypass an allow list; a block list alone cannot be bypassed this way.
        if spec is not None and self.allowed_flavors is not None:
            rule = "custom_spec is not allowed: the administrator limits instances to listed flavors"
            report.deny("body.custom_spec", rule)

    def _flavor_policy(self, flavor_id: str, report: _Report) -> None:
        if not self.flavor_allowed(flavor_id):
            report.deny("body.flavor", f"flavor {flavor_id} is not allowed by the administrator", flavor_id)

    def _flavor(
        self, request: NotebookCreateRequest, flavors: Sequence[Flavor], report: _Report
    ) -> Flavor | None:
        wanted = request.flavor or ""
        self._flavor_policy(wanted, report)
        flavor = next((f for f in flavors if f.id == wanted), None)
        if flavor is None:
            if request.pool_id is None:
                report.fact("body.flavor", _unknown_flavor(wanted, flavors), wanted)
            return None
        if flavor.sold_out:
            report.fact("body.flavor", f"flavor {wanted} is sold out: {_ELSEWHERE}", wanted)
        asked = request.feature or Feature.NOTEBOOK
        if flavor.feature and _text(flavor.feature) != _text(asked):
            rule = f"flavor {wanted} is for feature {flavor.feature}; give feature {flavor.feature}"
            report.fact("body.feature", rule, str(asked))
        return flavor

    def _switch(self, flavor_id: str, switchable: Sequence[Flavor], report: _Report) -> Flavor | None:
        self._flavor_policy(flavor_id, report)
        flavor = next((f for f in switchable if f.id == flavor_id), None)
        if flavor is None:
            choices = ", ".join(f.id for f in switchable if f.id and not f.sold_out) or "none"
            rule = f"this instance cannot switch to flavor {flavor_id} (it can switch to: {choices})"
            report.fact("body.flavor", rule, flavor_id)
        elif flavor.sold_out:
            report.fact("body.flavor", f"flavor {flavor_id} is sold out: {_ELSEWHERE}", flavor_id)
        return flavor

    def _image(self, image_id: str, images: Sequence[Image], report: _Report) -> Image | None:
        image = _find_image(images, image_id)
        if image is None:
            report.fact("body.image_id", f"image {image_id} does not exist in this region", image_id)
            return None
        if not self.image_allowed(image):
            report.deny(
                "body.image_id", f"image {image_label(image)} is not allowed by the administrator", image_id
            )
        if image.status and _text(image.status) != ImageStatus.ACTIVE.value:
            rule = f"image {image_label(image)} is {image.status}: only ACTIVE images can be used"
            report.fact("body.image_id", rule, image_id)
        return image


_ELSEWHERE = "choose another flavor or try again later"


def _unknown_flavor(flavor_id: str, flavors: Sequence[Flavor]) -> str:
    rule = f"flavor {flavor_id} does not exist in this region"
    near = next((f.id for f in flavors if f.id and f.id.casefold() == flavor_id.casefold()), None)
    return f"{rule}; did you mean {near}?" if near else rule


def _check_access(request: NotebookCreateRequest, image: Image, report: _Report) -> None:
    """ModelArts.6768: an SSH-only image needs an SSH endpoint; SSH needs an image that has it."""
    if image.dev_services is None:
        return
    services = {_text(s) for s in image.dev_services}
    wants_ssh = any(e.service == EndpointService.SSH for e in request.endpoints or ())
    if EndpointService.NOTEBOOK.value not in services and not wants_ssh:
        rule = f"image {image_label(image)} offers only SSH access: add an SSH endpoint with key_pair_names"
        report.fact("body.endpoints", rule)
    if wants_ssh and EndpointService.SSH.value not in services:
        report.fact("body.endpoints", f"image {image_label(image)} does not support SSH access")


def _check_storage(request: NotebookCreateRequest, flavor: Flavor, report: _Report) -> None:
    if not flavor.storages:
        return
    category = request.volume.category
    # SFS is the older pages' name of the same SFS Turbo service as EFS.
    wanted = VolumeCategory.EFS if category in FILE_SERVICE_CATEGORIES else category
    if wanted.value not in {_text(s) for s in flavor.storages}:
        rule = f"flavor {flavor.id} supports only {', '.join(flavor.storages)} storage"
        report.fact("body.volume.category", rule, str(category))


def _check_growth(size: int | None, current: Notebook, report: _Report) -> None:
    volume = current.volume
    if size is None or volume is None:
        return
    if volume.category and _text(volume.category) != VolumeCategory.EVS.value:
        report.fact("body.storage_new_size", f"only EVS storage can grow, not {volume.category}", size)
    elif volume.capacity is not None and size <= volume.capacity:
        rule = f"storage can only grow: give more than the current {volume.capacity} GB"
        report.fact("body.storage_new_size", rule, size)


def _create_lease(request: NotebookCreateRequest) -> tuple[int | None, str]:
    """The lease duration a create asks for, and where; None means ModelArts' default."""
    if request.duration is not None:  # the top-level field wins in ModelArts (REFERENCE §4.1)
        return request.duration, "body.duration"
    if request.lease is not None and request.lease.duration is not None:
        return request.lease.duration, "body.lease.duration"
    return None, "body.lease"
