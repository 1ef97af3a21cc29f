"""Flavors and images the simulator offers, and the rules that relate them.

The data lives in :mod:`catalog_data`; this module answers the questions the
API asks: does a flavor exist, is it sold out (togglable through the control
API), which flavors may an instance switch to, does an image run on a flavor.
"""

from __future__ import annotations

import copy
from typing import Any

from jupyter_modelarts.simulator import catalog_data


class Catalog:
    def __init__(self, region: str) -> None:
        self._flavors = {flavor["id"]: copy.deepcopy(flavor) for flavor in catalog_data.FLAVORS}
        self._images: dict[str, dict[str, Any]] = {}
        for image in catalog_data.IMAGES:
            entry = copy.deepcopy(image)
            entry["swr_path"] = entry["swr_path"].replace("{region}", region)
            self._images[entry["id"]] = entry

    # -- flavors ------------------------------------------------------------

    def flavors(self) -> list[dict[str, Any]]:
        return [copy.deepcopy(flavor) for flavor in self._flavors.values()]

    def flavor(self, flavor_id: str) -> dict[str, Any] | None:
        found = self._flavors.get(flavor_id)
        return copy.deepcopy(found) if found is not None else None

    def set_sold_out(self, flavor_id: str, sold_out: bool) -> bool:
        """Mark a flavor sold out or back on sale; False when the flavor does not exist."""
        if flavor_id not in self._flavors:
            return False
        self._flavors[flavor_id]["sold_out"] = sold_out
        return True

    def is_sold_out(self, flavor_id: str) -> bool:
        return bool(self._flavors[flavor_id]["sold_out"])

    def switchable(self, current_id: str) -> list[dict[str, Any]]:
        """Flavors an instance on ``current_id`` may move to while STOPPED.

        Same category and architecture (the container image must keep running),
        same feature (a free CodeLab cannot become a billed instance), on sale,
        and not the current flavor itself.
        """
        current = self._flavors.get(current_id)
        if current is None:
            return []
        return [
            copy.deepcopy(flavor)
            for flavor in self._flavors.values()
            if flavor["id"] != current_id
            and flavor["category"] == current["category"]
            and flavor["arch"] == current["arch"]
            and flavor["feature"] == current["feature"]
            and not flavor["sold_out"]
        ]

    # -- images -------------------------------------------------------------

    def images(self) -> list[dict[str, Any]]:
        return [copy.deepcopy(image) for image in self._images.values()]

    def image(self, image_id: str) -> dict[str, Any] | None:
        found = self._images.get(image_id)
        return copy.deepcopy(found) if found is not None else None

    def image_summary(self, image_id: str) -> dict[str, Any]:
        """The image subset a NotebookResp embeds (REFERENCE §5.1)."""
        image = self._images[image_id]
        keys = ("id", "name", "swr_path", "tag", "type", "description", "arch")
        return {key: image[key] for key in keys}

    def incompatibility(self, image_id: str, flavor_id: str) -> str | None:
        """Why ``image_id`` cannot run on ``flavor_id``, or None when it can."""
        image = self._images[image_id]
        flavor = self._flavors[flavor_id]
        if image["arch"] != flavor["arch"]:
            return (
                f"image {image['name']} is built for {image['arch']}, flavor {flavor_id} is {flavor['arch']}"
            )
        categories = image["support_res_categories"]
        # An image without declared categories (REFERENCE §4.10 "–") runs on any flavor of its arch.
        if categories and flavor["category"] not in categories:
            return (
                f"image {image['name']} supports {'/'.join(categories)} flavors, "
                f"flavor {flavor_id} is {flavor['category']}"
            )
        return None
