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
  or inactive image, image not built for the flavor, storage the flavor lacks),
  found by core.catalog_rules.  When both kinds occur the ContractError is raised
  and lists the policy problems too, so a person sees everything in one round.

Checks only report; they never drop or rewrite what the user asked for.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

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
    switch_facts,
    update_compatibility_facts,
)

# Re-exported (explicitly, for mypy --strict): front ends import these from core.policy.
from jupyter_modelarts.core.policy.catalog import image_categories as image_categories
from jupyter_modelarts.core.policy.catalog import image_label as image_label
from jupyter_modelarts.core.policy.catalog import incompatibility as incompatibility
from jupyter_modelarts.core.policy.patterns import Patterns, matches, read_patterns


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


def settings_problems(settings: PolicySettings) -> list[str]:
    """Every problem :meth:`Policy.from_settings` would raise, one sentence each (for a report)."""
    try:
        Policy.from_settings(settings)
    except ConfigurationError as error:
        return error.problems
    return []


class _Report:
    """Problems of one check, by kind; raises the right error once everything is collected."""

    def __init__(self) -> None:
        self.contract: list[FieldProblem] = []  # catalogue facts: ModelArts would refuse too
        self.policy: list[FieldProblem] = []  # the administrator's rules

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
        problems: list[str] = []  # every one, so an administrator fixes the configuration in one go

        def read(values: Iterable[str] | None, setting: str) -> Patterns | None:
            patterns, bad = read_patterns(values, setting)
            problems.extend(bad)
            return patterns

        self.allowed_flavors = read(allowed_flavors, "allowed_flavors")
        self.blocked_flavors = read(blocked_flavors, "blocked_flavors") or ()
        self.allowed_images = read(allowed_images, "allowed_images")
        self.blocked_images = read(blocked_images, "blocked_images") or ()
        if max_lease_ms is not None and not 0 < max_lease_ms <= limits.LEASE_MAX_MS:
            problems.append(
                f"The longest lease must be more than 0 and at most {limits.LEASE_MAX_MS} ms "
                f"(72 h), got {max_lease_ms}"
            )
        if problems:
            raise ConfigurationError("; ".join(problems) + ".", problems=[f"{p}." for p in problems])
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
        if matches([flavor_id], self.blocked_flavors):
            return False
        return self.allowed_flavors is None or matches([flavor_id], self.allowed_flavors)

    def image_allowed(self, image: ImageSummary) -> bool:
        names = [image.id, image.name, f"{image.name}:{image.tag}" if image.name and image.tag else None]
        if matches(names, self.blocked_images):
            return False
        return self.allowed_images is None or matches(names, self.allowed_images)

    def image_reference_blocked(self, reference: str) -> bool:
        """Whether an image named by id, ``name`` or ``name:tag`` is certainly blocked (presets)."""
        return matches([reference, reference.partition(":")[0]], self.blocked_images)

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

    def check_start(self, query: StartQuery, location: str = "query.duration") -> StartQuery:
        """Raise PolicyError if the start's lease breaks the limit; else the query to send.

        With a limit to keep, a start that names no duration is sent with the default
        hour spelt out: REFERENCE §6.2 infers that ModelArts applies it, but nobody has
        verified it, and an instance whose auto-stop was off must not come back without one.
        """
        self.check_lease(query.duration, location)
        if query.duration is None and self.max_lease_ms is not None:
            return query.model_copy(update={"duration": limits.LEASE_DEFAULT_MS})
        return query

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
        report.contract += create_facts(request, flavor, image)
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
        report.contract += update_compatibility_facts(current, flavor, image, images=images, flavors=flavors)
        report.contract += growth_facts(request.storage_new_size, current)
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
        report.contract += create_flavor_facts(request, flavor, flavors)
        return flavor

    def _switch(self, flavor_id: str, switchable: Sequence[Flavor], report: _Report) -> Flavor | None:
        self._flavor_policy(flavor_id, report)
        flavor = next((f for f in switchable if f.id == flavor_id), None)
        report.contract += switch_facts(flavor_id, flavor, switchable)
        return flavor

    def _image(self, image_id: str, images: Sequence[Image], report: _Report) -> Image | None:
        image = find_image(images, image_id)
        report.contract += image_facts(image_id, image)
        if image is not None and not self.image_allowed(image):
            report.deny(
                "body.image_id", f"image {image_label(image)} is not allowed by the administrator", image_id
            )
        return image


def _create_lease(request: NotebookCreateRequest) -> tuple[int | None, str]:
    """The lease duration a create asks for, and where; None means ModelArts' default."""
    if request.duration is not None:  # the top-level field wins in ModelArts (REFERENCE §4.1)
        return request.duration, "body.duration"
    if request.lease is not None and request.lease.duration is not None:
        return request.lease.duration, "body.lease.duration"
    return None, "body.lease"
