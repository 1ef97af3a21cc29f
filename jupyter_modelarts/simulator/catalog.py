"""The flavors and images the simulator offers, as the documents describe them, and the rules relating them.

Flavor ids, names and the shape of each entry follow docs/modelarts-api.md §4.9 and
the flavor list of the Create Notebook page; memory is in KiB as ModelArts reports
it.  Images are the built-in ones of docs/modelarts-api.md §4.10's table, ids
included, so examples copied from the documentation work against the simulator.
:class:`Catalog` answers the questions the API asks: does a flavor exist, is it sold
out (togglable through the control API), which flavors may an instance switch to,
does an image run on a flavor.
"""

from __future__ import annotations

import copy
from typing import Any

_GIB_KIB = 1024 * 1024
_ALL_STORAGES = ["EVS", "OBSFS", "EFS", "OBS"]
# evs_max_size is a string in the SDK model (NotebookFlavor.evs_max_size: str).
_EVS = {"evs_max_size": "4096", "evs_sku_code": "modelarts.evs.ssd", "grow_support_type": "COMMON"}


def _flavor(
    flavor_id: str,
    name: str,
    *,
    category: str,
    vcpus: int,
    memory_gib: int,
    arch: str = "x86_64",
    description: str,
    feature: str = "NOTEBOOK",
    free: bool = False,
    sold_out: bool = False,
    storages: list[str] | None = None,
    billing_code: str | None = None,
    unit_num: int = 1,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    return {
        "id": flavor_id,
        "name": name,
        "arch": arch,
        "category": category,
        "description": description,
        "feature": feature,
        "free": free,
        "sold_out": sold_out,
        "vcpus": vcpus,
        "memory": memory_gib * _GIB_KIB,
        "storages": list(storages or _ALL_STORAGES),
        "billing": {"code": billing_code or flavor_id, "unit_num": unit_num},
        **_EVS,
        **(extra or {}),
    }


def _gpu(count: int, memory: str, kind: str) -> dict[str, Any]:
    return {"gpu": {"gpu": count, "gpu_memory": memory, "type": kind}}


def _ascend(count: int) -> dict[str, Any]:
    return {
        "ascend": {"npu": count, "npu_memory": "32GB", "type": "Ascend 910", "chip": count},
        "flavor_type": "ASCEND_SNT9",
    }


FLAVORS: tuple[dict[str, Any], ...] = (
    _flavor(
        "modelarts.vm.cpu.free", "CPU: 1 vCPUs 4 GB (free)", category="CPU", vcpus=1, memory_gib=4,
        description="Free CodeLab CPU flavor, one instance per user", feature="DEFAULT", free=True,
        storages=["EVS"],
    ),
    _flavor(
        "modelarts.vm.cpu.2u", "CPU: 2 vCPUs 8 GB", category="CPU", vcpus=2, memory_gib=8,
        description="General-purpose Intel CPU flavor",
    ),
    _flavor(
        "modelarts.vm.cpu.8u", "CPU: 8 vCPUs 32 GB", category="CPU", vcpus=8, memory_gib=32,
        description="General computing-plus Intel CPU flavor",
    ),
    _flavor(
        "modelarts.vm.gpu.t4", "GPU: 1*NVIDIA-T4(16GB) | CPU: 8 vCPUs 32 GB", category="GPU", vcpus=8,
        memory_gib=32, description="One NVIDIA T4 GPU for inference and light training",
        extra=_gpu(1, "16GB", "T4"),
    ),
    _flavor(
        "modelarts.bm.gpu.v100NV32", "GPU: 1*NVIDIA-V100(32GB) | CPU: 8 vCPUs 64 GB", category="GPU",
        vcpus=8, memory_gib=64, description="One NVIDIA V100 GPU with 32 GB of memory",
        extra=_gpu(1, "32GB", "V100"),
    ),
    _flavor(
        "modelarts.vm.gpu.a100", "GPU: 1*NVIDIA-A100(80GB) | CPU: 12 vCPUs 96 GB", category="GPU",
        vcpus=12, memory_gib=96, description="One NVIDIA A100 GPU with 80 GB of memory", sold_out=True,
        extra=_gpu(1, "80GB", "A100"),
    ),
    _flavor(
        "modelarts.bm.snt9.xlarge.1", "Ascend: 1*Ascend 910(32GB) | ARM: 24 vCPUs 96 GB", category="ASCEND",
        arch="aarch64", vcpus=24, memory_gib=96, description="One Arm-powered Ascend 910 processor",
        storages=["EFS"], billing_code="modelarts.kat1.xlarge", unit_num=1, extra=_ascend(1),
    ),
    _flavor(
        "modelarts.bm.snt9.xlarge.2", "Ascend: 2*Ascend 910(32GB) | ARM: 48 vCPUs 192 GB", category="ASCEND",
        arch="aarch64", vcpus=48, memory_gib=192, description="Two Arm-powered Ascend 910 processors",
        storages=["EFS"], billing_code="modelarts.kat1.xlarge", unit_num=2, extra=_ascend(2),
    ),
    _flavor(
        "modelarts.bm.snt9.xlarge.8", "Ascend: 8*Ascend 910(32GB) | ARM: 192 vCPUs 768 GB",
        category="ASCEND", arch="aarch64", vcpus=192, memory_gib=768,
        description="Eight Arm-powered Ascend 910 processors", sold_out=True, storages=["EFS"],
        billing_code="modelarts.kat1.xlarge", unit_num=8, extra=_ascend(8),
    ),
)  # fmt: skip

# Fixed, documented-looking times: built-in images do not change between runs.
_IMAGE_CREATED = 1_651_708_800_000  # 2022-05-05
_IMAGE_UPDATED = 1_655_251_200_000  # 2022-06-15


def _image(
    image_id: str,
    name: str,
    tag: str,
    *,
    arch: str,
    categories: list[str],
    dev_services: list[str],
    description: str,
    service_type: str = "DEV",
    size: int,
) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": image_id,
        "name": name,
        "tag": tag,
        "namespace": "atelier",
        "swr_path": f"swr.{{region}}.myhuaweicloud.com/atelier/{name}:{tag}",
        "description": description,
        "arch": arch,
        "dev_services": dev_services,
        "resource_categories": categories,
        "support_res_categories": categories,
        "service_type": service_type,
        "type": "BUILD_IN",
        "origin": "CUSTOMIZE",
        "visibility": "PUBLIC",
        "status": "ACTIVE",
        "status_message": "",
        "size": size,
        "create_at": _IMAGE_CREATED,
        "update_at": _IMAGE_UPDATED,
        "workspace_id": "0",
        "tags": [],
    }
    if "ASCEND" in categories:
        entry["flavor_type"] = "ASCEND_SNT9"
    return entry


_NB_SSH = ["NOTEBOOK", "SSH"]

IMAGES: tuple[dict[str, Any], ...] = (
    _image(
        "e1a07296-22a8-4f05-8bc8-e936c8e54090", "notebook2.0-mul-kernel-cpu-cp36",
        "5.0.1-release-v2-20220505",
        arch="x86_64", categories=["CPU"], dev_services=_NB_SSH, size=3_526_123_520,
        description="Multi-kernel CPU image (Python 3.6)",
    ),
    _image(
        "278e88d1-5b71-4766-8502-b3ba72e824d9", "pytorch1.8-cuda10.2-cudnn7-ubuntu18.04", "20220525",
        arch="x86_64", categories=["CPU", "GPU"], dev_services=_NB_SSH, size=9_103_741_952,
        description="PyTorch 1.8 with CUDA 10.2 on Ubuntu 18.04",
    ),
    _image(
        "e1a07296-22a8-4f05-8bc8-e936c8e54100", "tensorflow2.1-cuda10.1-cudnn7-ubuntu18.04", "20220525",
        arch="x86_64", categories=["CPU", "GPU"], dev_services=_NB_SSH, size=8_532_117_504,
        description="TensorFlow 2.1 with CUDA 10.1 on Ubuntu 18.04",
    ),
    _image(
        "e1a07296-22a8-4f05-8bc8-e936c8e54202", "mindspore1.7.0-cuda10.1-py3.7-ubuntu18.04", "20220525",
        arch="x86_64", categories=["GPU"], dev_services=_NB_SSH, size=7_911_702_528,
        description="MindSpore 1.7.0 GPU with CUDA 10.1",
    ),
    _image(
        "c0b31f09-1490-4555-9b8b-ab0b2de35b20", "mindspore1.7.0-py3.7-ubuntu18.04", "20220525",
        arch="x86_64", categories=["CPU"], dev_services=_NB_SSH, size=4_026_531_840,
        description="MindSpore 1.7.0 CPU",
    ),
    _image(
        "59a6e9f5-93c0-44dd-85b0-82f390c5d53a", "tensorflow1.15-mindspore1.7.0-cann5.1.0-euler2.8-aarch64",
        "20220525", arch="aarch64", categories=["ASCEND"], dev_services=_NB_SSH, size=12_348_030_976,
        description="TensorFlow 1.15 and MindSpore 1.7.0 for Ascend (CANN 5.1.0, EulerOS 2.8)",
    ),
    _image(
        "e1a07296-22a8-4f05-8bc8-e936c8e54088", "mindstudio5.0.rc1-cann5.1.0-euler2.8.3-aarch64", "20220525",
        arch="aarch64", categories=[], dev_services=["SSH"], size=10_737_418_240,
        description="MindStudio 5.0.RC1 for remote development over SSH",
    ),
    _image(
        "e1a07296-22a8-4f05-8bc8-e936c8e54103", "modelbox1.3.0-libtorch1.9.1-cuda10.2-cudnn8-euler2.9.6",
        "20220525", arch="x86_64", categories=["GPU"], dev_services=["AI_FLOW", "SSH"], size=6_442_450_944,
        description="ModelBox 1.3.0 with LibTorch 1.9.1", service_type="COMMON",
    ),
    _image(
        "0b2d0728-4c01-11ec-994f-001a7dda7112", "spark2.4.5-ubuntu18.04", "20220525",
        arch="x86_64", categories=["CPU"], dev_services=["NOTEBOOK"], size=2_684_354_560,
        description="Spark 2.4.5 on Ubuntu 18.04",
    ),
)  # fmt: skip


class Catalog:
    def __init__(self, region: str) -> None:
        self._flavors = {flavor["id"]: copy.deepcopy(flavor) for flavor in FLAVORS}
        self._images: dict[str, dict[str, Any]] = {}
        for image in IMAGES:
            entry = copy.deepcopy(image)
            entry["swr_path"] = entry["swr_path"].replace("{region}", region)
            self._images[entry["id"]] = entry

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

    def images(self) -> list[dict[str, Any]]:
        return [copy.deepcopy(image) for image in self._images.values()]

    def image(self, image_id: str) -> dict[str, Any] | None:
        found = self._images.get(image_id)
        return copy.deepcopy(found) if found is not None else None

    def image_summary(self, image_id: str) -> dict[str, Any]:
        """The image subset a NotebookResp embeds (docs/modelarts-api.md §5.1)."""
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
        # No declared categories (docs/modelarts-api.md §4.10 "–"): runs on any flavor of its arch.
        if categories and flavor["category"] not in categories:
            return (
                f"image {image['name']} supports {'/'.join(categories)} flavors, "
                f"flavor {flavor_id} is {flavor['category']}"
            )
        return None
