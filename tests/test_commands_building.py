"""commands/resolve.py and the CLI's config files: turning what people write into requests."""

from __future__ import annotations

from pathlib import Path

import pytest

from jupyter_modelarts.cli import load_jupyter_config
from jupyter_modelarts.commands.context import Context, TerminalUi
from jupyter_modelarts.commands.errors import option_labels
from jupyter_modelarts.commands.resolve import (
    default_storage,
    find_image,
    load_body,
    storage_volume,
    validated,
)
from jupyter_modelarts.commands.verbs.start import start_query
from jupyter_modelarts.core.contract import Flavor, Image, NotebookCreateRequest
from jupyter_modelarts.core.contract.validation import to_query
from jupyter_modelarts.core.errors import ConfigurationError, ContractError, FieldProblem
from jupyter_modelarts.core.settings import ModelArts

ASCEND = Flavor(id="modelarts.bm.snt9.xlarge.1", storages=["EFS"])
CPU = Flavor(id="modelarts.vm.cpu.2u", storages=["EVS", "OBSFS", "EFS", "OBS"])
OLD = "11111111-1111-4111-8111-111111111111"
NEW = "22222222-2222-4222-8222-222222222222"
BROKEN = "33333333-3333-4333-8333-333333333333"
IMAGES = [
    Image(id=OLD, name="torch", tag="1.0", status="ACTIVE", create_at=1),
    Image(id=NEW, name="torch", tag="2.0", status="ACTIVE", create_at=2),
    Image(id=BROKEN, name="torch", tag="3.0", status="ERROR", create_at=3),
    Image(id="44444444-4444-4444-8444-444444444444", name="tensorflow", tag="2.1", status="ACTIVE"),
]


@pytest.mark.parametrize(
    ("text", "flavor", "volume"),
    [
        (None, CPU, {"category": "EVS", "ownership": "MANAGED"}),
        (None, ASCEND, {"category": "EFS", "ownership": "MANAGED"}),
        (None, None, {"category": "EVS", "ownership": "MANAGED"}),
        ("evs:10", CPU, {"category": "EVS", "ownership": "MANAGED", "capacity": 10}),
        (" EFS : 100GB ", CPU, {"category": "EFS", "ownership": "MANAGED", "capacity": 100}),
        ("sfs", CPU, {"category": "SFS", "ownership": "MANAGED"}),
    ],
)
def test_storage_option(text: str | None, flavor: Flavor | None, volume: dict[str, object]) -> None:
    assert storage_volume(text, flavor) == volume


@pytest.mark.parametrize("text", ["nfs", "evs:ten", "evs:-5", "obs:5", ""])
def test_storage_option_problems(text: str) -> None:
    problem = storage_volume(text, CPU)
    assert isinstance(problem, FieldProblem) and problem.location == "--storage"
    assert default_storage(Flavor(id="x", storages=["OBS"])) == "OBS"


def test_images_by_id_name_and_tag() -> None:
    assert find_image("torch", IMAGES) == NEW  # the newest ACTIVE one; 3.0 is broken
    assert find_image("TORCH:1.0", IMAGES) == OLD
    assert find_image(BROKEN, IMAGES) == BROKEN
    assert (
        find_image("55555555-5555-4555-8555-555555555555", IMAGES) == "55555555-5555-4555-8555-555555555555"
    )
    no_tag = find_image("torch:9", IMAGES)
    assert (
        isinstance(no_tag, FieldProblem) and no_tag.rule == "image torch has no tag '9' (tags: 1.0, 2.0, 3.0)"
    )
    near = find_image("tensor", IMAGES)
    assert (
        isinstance(near, FieldProblem) and near.rule == "no image is named 'tensor'; did you mean tensorflow?"
    )


def test_validated_lists_option_and_contract_problems_once_each() -> None:
    labels = option_labels({"body.image_id": "--image", "body.volume": "--storage", "body.name": "NAME"})
    early = [FieldProblem("--image", "no image is named 'x'")]
    with pytest.raises(ContractError) as error:
        validated(NotebookCreateRequest, {"name": "bad name", "flavor": "f", "volume": {}}, labels, early)
    locations = [p.location for p in error.value.problems]
    assert locations == ["--image", "NAME", "--storage (volume.category)", "--storage (volume.ownership)"]
    body = {
        "name": "ok",
        "flavor": "f",
        "image_id": OLD,
        "volume": {"category": "EVS", "ownership": "MANAGED"},
    }
    assert validated(NotebookCreateRequest, body, labels, []).name == "ok"


def test_cell_bodies_in_yaml_or_json() -> None:
    assert load_body('{"name": "x", "volume": {"capacity": 5}}') == {"name": "x", "volume": {"capacity": 5}}
    assert load_body("name: x\nvolume:\n  capacity: 5\n") == {"name": "x", "volume": {"capacity": 5}}
    for text, rule in [
        ("name: [x", "is not valid YAML or JSON at line 1, column 9"),
        ("", "is empty"),
        ("42", "must be a mapping of request fields"),
        ("1: x", "field names must be text"),
    ]:
        with pytest.raises(ContractError) as error:
            load_body(text)
        assert error.value.problems[0].location == "cell body" and rule in error.value.problems[0].rule


def test_config_files_precedence_and_sources(tmp_path: Path) -> None:
    user, system = tmp_path / "user", tmp_path / "system"
    user.mkdir()
    system.mkdir()
    (system / "jupyter_server_config.py").write_text(
        "c.ModelArts.region = 'cn-north-4'\nc.ModelArts.quota = 1\n"
    )
    (system / "jupyter_modelarts_config.json").write_text('{"ModelArts": {"max_lease_hours": 8}}')
    (user / "jupyter_server_config.py").write_text("c.ModelArts.max_lease_hours = 4\nc.ServerApp.port = 1\n")
    (user / "jupyter_modelarts_config.py").write_text("c.ModelArts.max_lease_hours = 2\n")
    (user / "jupyter_modelarts_config.json").write_text('{"ModelArts": {"max_lease_hours": 3}}')
    loaded = load_jupyter_config([str(user), str(system)])  # the first directory wins
    assert loaded.config.ModelArts.max_lease_hours == 3  # .json over .py, as traitlets does
    assert loaded.config.ModelArts.region == "cn-north-4"
    assert loaded.setting_files["max_lease_hours"] == str(user / "jupyter_modelarts_config.json")
    assert loaded.setting_files["region"] == str(system / "jupyter_server_config.py")
    assert loaded.files[0] == str(system / "jupyter_server_config.py") and len(loaded.files) == 5
    assert load_jupyter_config([str(tmp_path / "missing")]).files == []


def test_a_broken_config_file_is_named_without_its_text(tmp_path: Path) -> None:
    (tmp_path / "jupyter_modelarts_config.py").write_text("c.ModelArts.secret_key = 'sk-typed-halfway\n")
    with pytest.raises(ConfigurationError) as error:
        load_jupyter_config([str(tmp_path)])
    assert "jupyter_modelarts_config.py: SyntaxError at line 1" in str(error.value)
    assert "sk-typed-halfway" not in str(error.value)


def test_a_start_under_a_lease_limit_spells_out_the_default_hour() -> None:
    # The verbs send what the policy returns, as the server does (REFERENCE §6.2 is inferred).
    limited = Context(ModelArts(max_lease_hours=4), TerminalUi())
    assert to_query(start_query(None, limited)) == [("duration", "3600000")]
    assert to_query(start_query("2h", limited)) == [("type", "TIMING"), ("duration", "7200000")]
    assert to_query(start_query(None, Context(ModelArts(), TerminalUi()))) == []
