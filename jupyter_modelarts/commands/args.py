"""The parsed arguments of each verb, one pydantic model per verb tagged with ``type``.

Parsing (commands/parser.py) only splits and names the words; the values are
checked by the verbs against the ModelArts contract, so a bad ``--lease`` and
a bad ``--storage`` are reported together.  Magics and CLI build the same
models, which is what keeps their verbs and options identical.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field


class VerbArgs(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    as_json: bool = False  # --json: machine-readable output


class WaitOptions(BaseModel):
    """``--wait`` / ``--timeout`` on the verbs that start a transition."""

    wait: bool = False
    timeout: str | None = None  # a duration ("10m"); None: the default


class FlavorsArgs(VerbArgs):
    type: Literal["flavors"] = "flavors"
    category: str | None = None


class ImagesArgs(VerbArgs):
    type: Literal["images"] = "images"
    flavor: str | None = None
    name: str | None = None


class ListArgs(VerbArgs):
    type: Literal["list"] = "list"
    status: str | None = None
    name: str | None = None
    all_users: bool = False


class ShowArgs(VerbArgs):
    type: Literal["show"] = "show"
    notebook: str


class CreateArgs(VerbArgs, WaitOptions):
    type: Literal["create"] = "create"
    name: str
    flavor: str
    image: str
    storage: str | None = None
    lease: str | None = None
    ssh_keys: list[str] = Field(default_factory=list)
    allow_ips: list[str] = Field(default_factory=list)
    description: str | None = None
    open: bool = False


class CreateBodyArgs(VerbArgs, WaitOptions):
    """``%%modelarts create [NAME]`` with a YAML/JSON create request as the cell body."""

    type: Literal["create-body"] = "create-body"
    body: str
    name: str | None = None  # sets (or overrides) the body's name
    open: bool = False


class StartArgs(VerbArgs, WaitOptions):
    type: Literal["start"] = "start"
    notebook: str
    lease: str | None = None


class StopArgs(VerbArgs, WaitOptions):
    type: Literal["stop"] = "stop"
    notebook: str


class DeleteArgs(VerbArgs, WaitOptions):
    type: Literal["delete"] = "delete"
    notebook: str
    yes: bool = False


class UpdateArgs(VerbArgs):
    type: Literal["update"] = "update"
    notebook: str
    name: str | None = None
    description: str | None = None
    flavor: str | None = None
    image: str | None = None
    storage_size: int | None = None


class UpdateBodyArgs(VerbArgs):
    """``%%modelarts update NB`` with a YAML/JSON update request as the cell body."""

    type: Literal["update-body"] = "update-body"
    notebook: str
    body: str


class LeaseArgs(VerbArgs):
    type: Literal["lease"] = "lease"
    notebook: str
    extend: str | None = None


class OpenArgs(VerbArgs):
    type: Literal["open"] = "open"
    notebook: str


class WaitArgs(VerbArgs):
    type: Literal["wait"] = "wait"
    notebook: str
    status: str = "RUNNING"
    timeout: str | None = None


class ConfigArgs(VerbArgs):
    type: Literal["config"] = "config"


class HelpArgs(VerbArgs):
    type: Literal["help"] = "help"
    topic: str | None = None


Command = Annotated[
    FlavorsArgs | ImagesArgs | ListArgs | ShowArgs | CreateArgs | CreateBodyArgs | StartArgs | StopArgs
    | DeleteArgs | UpdateArgs | UpdateBodyArgs | LeaseArgs | OpenArgs | WaitArgs | ConfigArgs | HelpArgs,
    Field(discriminator="type"),
]  # fmt: skip
