"""Wire compatibility: Huawei's official Python SDK (v1 client) drives the simulator like the cloud.

The SDK is a test-only reference.  Importing its client writes
``~/.huaweicloud/application_id``, so HOME points at a temporary directory
before the first import.  Giving the project id to BasicCredentials and an
explicit endpoint (no region) keeps the SDK from asking IAM for the project.
"""

from __future__ import annotations

import importlib
import os
import time
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest

from jupyter_modelarts.simulator.server import SimulatorThread
from jupyter_modelarts.simulator.testing import (
    CPU_IMAGE_ID,
    TEST_ACCESS_KEY,
    TEST_PROJECT_ID,
    TEST_SECRET_KEY,
    SimClient,
    running_simulator,
)


@pytest.fixture(scope="module")
def sdk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ModuleType, ModuleType, ModuleType]]:
    home = tmp_path_factory.mktemp("home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HOME", str(home))
        for variable in [name for name in os.environ if name.startswith("HUAWEICLOUD_SDK_")]:
            patch.delenv(variable)  # the developer's own credentials must not leak into the test
        credentials = importlib.import_module("huaweicloudsdkcore.auth.credentials")
        exceptions = importlib.import_module("huaweicloudsdkcore.exceptions.exceptions")
        modelarts = importlib.import_module("huaweicloudsdkmodelarts.v1")
        yield credentials, exceptions, modelarts


@pytest.fixture(scope="module")
def sim() -> Iterator[tuple[SimulatorThread, SimClient]]:
    with running_simulator(lab=False, speed=1000) as pair:
        yield pair


def make_client(sdk: tuple[ModuleType, ModuleType, ModuleType], endpoint: str, secret_key: str) -> Any:
    credentials, _, modelarts = sdk
    basic = credentials.BasicCredentials(TEST_ACCESS_KEY, secret_key, TEST_PROJECT_ID)
    return modelarts.ModelArtsClient.new_builder().with_credentials(basic).with_endpoints([endpoint]).build()


def wait_status(client: Any, modelarts: ModuleType, notebook_id: str, wanted: str) -> Any:
    give_up = time.monotonic() + 60  # only stops a broken run from hanging
    while time.monotonic() < give_up:
        shown = client.show_notebook(modelarts.ShowNotebookRequest(id=notebook_id))
        if shown.status == wanted:
            return shown
        time.sleep(0.02)
    raise AssertionError(f"notebook {notebook_id} never reached {wanted}")


def test_sdk_full_notebook_lifecycle(
    sdk: tuple[ModuleType, ModuleType, ModuleType], sim: tuple[SimulatorThread, SimClient]
) -> None:
    thread, _ = sim
    _, _, ma = sdk
    client = make_client(sdk, thread.endpoint, TEST_SECRET_KEY)

    flavors = client.list_flavors(ma.ListFlavorsRequest(category="CPU"))
    assert "modelarts.vm.cpu.2u" in [flavor.id for flavor in flavors.data]
    images = client.list_image(ma.ListImageRequest(type="BUILD_IN", limit=50))
    assert CPU_IMAGE_ID in [image.id for image in images.data]

    body = ma.NotebookCreateRequest(
        name="sdk-notebook",
        description="created by the official SDK",
        flavor="modelarts.vm.cpu.2u",
        image_id=CPU_IMAGE_ID,
        volume=ma.VolumeMountRequest(category="EVS", ownership="MANAGED", capacity=5),
        lease=ma.LeaseReq(duration=3_600_000, type="TIMING"),
        endpoints=[ma.EndpointsReq(service="SSH", key_pair_names=["KeyPair-sdk"])],
    )
    created = client.create_notebook(ma.CreateNotebookRequest(body=body))
    assert created.status == "INIT"
    assert created.lease.duration == 3_600_000
    notebook_id = created.id

    listed = client.list_notebooks(ma.ListNotebooksRequest(name="sdk", limit=10))
    assert [item.id for item in listed.data] == [notebook_id]
    assert listed.total == 1

    running = wait_status(client, ma, notebook_id, "RUNNING")
    assert running.url.endswith(f"/{notebook_id}/lab")
    assert {endpoint.service for endpoint in running.endpoints} == {"NOTEBOOK", "SSH"}

    lease = client.show_lease(ma.ShowLeaseRequest(id=notebook_id))
    assert lease.enable is True and lease.type == "TIMING"
    renewed = client.renew_lease(
        ma.RenewLeaseRequest(id=notebook_id, body=ma.LeaseReq(duration=7_200_000, type="TIMING"))
    )
    assert renewed.duration == renewed.update_at - renewed.create_at + 7_200_000

    updated = client.update_notebook(
        ma.UpdateNotebookRequest(id=notebook_id, body=ma.NotebookUpdateRequest(description="renamed by SDK"))
    )
    assert updated.description == "renamed by SDK"

    stopping = client.stop_notebook(ma.StopNotebookRequest(id=notebook_id))
    assert stopping.status == "STOPPING"
    wait_status(client, ma, notebook_id, "STOPPED")
    started = client.start_notebook(
        ma.StartNotebookRequest(id=notebook_id, duration=3_600_000, type="TIMING")
    )
    assert started.status == "STARTING"
    assert started.token != running.token
    wait_status(client, ma, notebook_id, "RUNNING")

    deleted = client.delete_notebook(ma.DeleteNotebookRequest(id=notebook_id))
    assert deleted.status == "DELETING"


def test_sdk_sees_modelarts_errors(
    sdk: tuple[ModuleType, ModuleType, ModuleType], sim: tuple[SimulatorThread, SimClient]
) -> None:
    thread, _ = sim
    _, exceptions, ma = sdk
    client = make_client(sdk, thread.endpoint, TEST_SECRET_KEY)
    with pytest.raises(exceptions.ClientRequestException) as unknown:
        client.show_notebook(ma.ShowNotebookRequest(id="00000000-0000-0000-0000-000000000000"))
    assert (unknown.value.status_code, unknown.value.error_code) == (400, "ModelArts.6309")
    assert len(unknown.value.request_id) == 32


def test_sdk_with_a_wrong_secret_key_is_rejected(
    sdk: tuple[ModuleType, ModuleType, ModuleType], sim: tuple[SimulatorThread, SimClient]
) -> None:
    thread, _ = sim
    _, exceptions, ma = sdk
    client = make_client(sdk, thread.endpoint, "definitely-not-the-secret-key")
    with pytest.raises(exceptions.ClientRequestException) as rejected:
        client.list_notebooks(ma.ListNotebooksRequest())
    assert rejected.value.status_code == 401
    assert rejected.value.error_code == "APIG.0301"
    assert "verify aksk signature fail" in rejected.value.error_msg
