"""Catalogue facts: what ModelArts itself would refuse, found before it is asked.

Knowing the flavor and image catalogue, the server can tell a person every
catalogue problem of a request at once, and which choices would work, instead
of letting ModelArts refuse the first one. These are facts, not the
administrator's rules: Policy reports them as ContractError (400) problems.
Each check returns problems and never rewrites the request. Unknown values on
either side are not held against a request: ModelArts decides then.
"""

from __future__ import annotations

from collections.abc import Sequence

from jupyter_modelarts.core.contract.catalog import Flavor, Image
from jupyter_modelarts.core.contract.enums import (
    FILE_SERVICE_CATEGORIES,
    EndpointService,
    Feature,
    ImageStatus,
    VolumeCategory,
)
from jupyter_modelarts.core.contract.notebook import CustomSpec, NotebookCreateRequest
from jupyter_modelarts.core.contract.responses import ImageSummary, Notebook
from jupyter_modelarts.core.errors import FieldProblem, preview

# Said after "sold out": a flavor sells out per region and comes back when capacity frees up.
_ELSEWHERE = "choose another flavor or try again later"


def _text(value: object) -> str:
    """An enum member or a lenient string from ModelArts, upper-cased for comparison."""
    return str(value).upper()


def _fact(where: str, rule: str, value: object = None) -> FieldProblem:
    return FieldProblem(where, rule, None if value is None else preview(value))


def image_label(image: ImageSummary) -> str:
    """How an image is named in messages: ``name:tag`` when known, else its id."""
    if image.name:
        return f"{image.name}:{image.tag}" if image.tag else image.name
    return image.id or "(unnamed image)"


def image_categories(image: Image) -> set[str]:
    return {_text(c) for c in [*(image.support_res_categories or ()), *(image.resource_categories or ())]}


def incompatibility(image: Image, flavor: Flavor | CustomSpec) -> str | None:
    """Why ``image`` cannot run on ``flavor`` (a catalogue flavor or a custom_spec), or None.

    The architecture must match, and the flavor's category (CPU, GPU, ASCEND)
    must be among the image's categories. An image that lists no category
    (built-in SSH-only images) runs on any flavor of its architecture, as in
    ModelArts and the simulator.
    """
    name = f"flavor {flavor.id}" if isinstance(flavor, Flavor) else "the custom_spec"
    if image.arch and flavor.arch and _text(image.arch) != _text(flavor.arch):
        return f"image {image_label(image)} is built for {image.arch}, {name} is {flavor.arch}"
    categories = image_categories(image)
    if categories and flavor.category and _text(flavor.category) not in categories:
        supported = "/".join(sorted(categories))
        return f"image {image_label(image)} runs on {supported} flavors, {name} is {flavor.category}"
    return None


def find_image(images: Sequence[Image], image_id: str) -> Image | None:
    """The catalogue image with this id, in any letter case."""
    wanted = image_id.casefold()
    return next((i for i in images if i.id and i.id.casefold() == wanted), None)


def unknown_flavor(flavor_id: str, flavors: Sequence[Flavor]) -> str:
    """The rule for a flavor missing from the catalogue, suggesting the id it differs from by case."""
    rule = f"flavor {flavor_id} does not exist in this region"
    near = next((f.id for f in flavors if f.id and f.id.casefold() == flavor_id.casefold()), None)
    return f"{rule}; did you mean {near}?" if near else rule


def create_flavor_facts(
    request: NotebookCreateRequest, flavor: Flavor | None, flavors: Sequence[Flavor]
) -> list[FieldProblem]:
    """A create's flavor (``flavor``: its catalogue entry): unknown, sold out, or for another feature."""
    wanted = request.flavor or ""
    if flavor is None:
        # A dedicated pool's flavors are not in the catalogue: ModelArts decides about those.
        if request.pool_id is not None:
            return []
        return [_fact("body.flavor", unknown_flavor(wanted, flavors), wanted)]
    problems = []
    if flavor.sold_out:
        problems.append(_fact("body.flavor", f"flavor {wanted} is sold out: {_ELSEWHERE}", wanted))
    asked = request.feature or Feature.NOTEBOOK
    if flavor.feature and _text(flavor.feature) != _text(asked):
        rule = f"flavor {wanted} is for feature {flavor.feature}; give feature {flavor.feature}"
        problems.append(_fact("body.feature", rule, str(asked)))
    return problems


def switch_facts(flavor_id: str, flavor: Flavor | None, switchable: Sequence[Flavor]) -> list[FieldProblem]:
    """An update's new flavor against ``GET /notebooks/{id}/flavors`` (``flavor`` is its entry there)."""
    if flavor is None:
        choices = ", ".join(f.id for f in switchable if f.id and not f.sold_out) or "none"
        rule = f"this instance cannot switch to flavor {flavor_id} (it can switch to: {choices})"
        return [_fact("body.flavor", rule, flavor_id)]
    if flavor.sold_out:
        return [_fact("body.flavor", f"flavor {flavor_id} is sold out: {_ELSEWHERE}", flavor_id)]
    return []


def image_facts(image_id: str, image: Image | None) -> list[FieldProblem]:
    """The image a request names (``image`` is its catalogue entry): it must exist and be ACTIVE."""
    if image is None:
        return [_fact("body.image_id", f"image {image_id} does not exist in this region", image_id)]
    if image.status and _text(image.status) != ImageStatus.ACTIVE.value:
        rule = f"image {image_label(image)} is {image.status}: only ACTIVE images can be used"
        return [_fact("body.image_id", rule, image_id)]
    return []


def create_facts(
    request: NotebookCreateRequest, flavor: Flavor | None, image: Image | None
) -> list[FieldProblem]:
    """A create's image against its flavor (or custom_spec), access and storage, once both are looked up."""
    problems = []
    target = flavor or (None if request.flavor else request.custom_spec)
    broken = incompatibility(image, target) if image and target else None
    if broken:
        problems.append(_fact("body.image_id", broken, request.image_id))
    if image is not None:
        problems += access_facts(request, image)
    if flavor is not None:
        problems += storage_facts(request, flavor)
    return problems


def update_compatibility_facts(
    current: Notebook,
    flavor: Flavor | None,
    image: Image | None,
    *,
    images: Sequence[Image],
    flavors: Sequence[Flavor],
) -> list[FieldProblem]:
    """After an update the instance must still run: a new image on the flavor it will have, or its
    current image on a new flavor (``flavor`` and ``image`` are the changed ones, None when unchanged).
    """
    if flavor is None and image is None:
        return []
    target = flavor or next((f for f in flavors if f.id and f.id == current.flavor), None)
    old_image_id = current.image.id if current.image else None
    running = image or (find_image(images, old_image_id) if old_image_id else None)
    broken = incompatibility(running, target) if running and target else None
    if broken:
        return [_fact("body.image_id" if image is not None else "body.flavor", broken)]
    return []


def access_facts(request: NotebookCreateRequest, image: Image) -> list[FieldProblem]:
    """ModelArts.6768: an SSH-only image needs an SSH endpoint; SSH needs an image that has it."""
    if image.dev_services is None:
        return []
    problems = []
    services = {_text(s) for s in image.dev_services}
    wants_ssh = any(e.service == EndpointService.SSH for e in request.endpoints or ())
    if EndpointService.NOTEBOOK.value not in services and not wants_ssh:
        rule = f"image {image_label(image)} offers only SSH access: add an SSH endpoint with key_pair_names"
        problems.append(_fact("body.endpoints", rule))
    if wants_ssh and EndpointService.SSH.value not in services:
        problems.append(_fact("body.endpoints", f"image {image_label(image)} does not support SSH access"))
    return problems


def storage_facts(request: NotebookCreateRequest, flavor: Flavor) -> list[FieldProblem]:
    """The volume category must be one the flavor offers (a flavor that lists none offers any)."""
    if not flavor.storages:
        return []
    category = request.volume.category
    # SFS is the older pages' name of the same SFS Turbo service as EFS.
    wanted = VolumeCategory.EFS if category in FILE_SERVICE_CATEGORIES else category
    if wanted.value not in {_text(s) for s in flavor.storages}:
        rule = f"flavor {flavor.id} supports only {', '.join(flavor.storages)} storage"
        return [_fact("body.volume.category", rule, str(category))]
    return []


def growth_facts(size: int | None, current: Notebook) -> list[FieldProblem]:
    """``storage_new_size``: only EVS storage grows, and only to more than it has."""
    volume = current.volume
    if size is None or volume is None:
        return []
    if volume.category and _text(volume.category) != VolumeCategory.EVS.value:
        return [_fact("body.storage_new_size", f"only EVS storage can grow, not {volume.category}", size)]
    if volume.capacity is not None and size <= volume.capacity:
        rule = f"storage can only grow: give more than the current {volume.capacity} GB"
        return [_fact("body.storage_new_size", rule, size)]
    return []
