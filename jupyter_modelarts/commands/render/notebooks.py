"""Results about instances: a list, one instance, its lease, and the open link.

Each result *is* the model (``nbs = %modelarts list`` is a list of Notebook models,
``nb = %modelarts show x`` a Notebook), with renderings attached. Instance tokens are removed before a
result is built; only :class:`OpenLink`, which a person asked for, carries one.
"""

from __future__ import annotations

import html
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from jupyter_modelarts.commands.render.base import CSS_CLASS, Card, Rendered, ServerClock, Table, mimebundle
from jupyter_modelarts.commands.render.formats import age, lease_text, progress_text, storage, timestamp
from jupyter_modelarts.core.contract import EndpointService, Lease, Notebook
from jupyter_modelarts.core.policy.catalog import image_label


def tokenless(notebook: Notebook) -> dict[str, Any]:
    return notebook.model_dump(mode="json", exclude={"token"}, exclude_none=True)


class NotebookResult(Rendered, Notebook):
    """One instance (show, create, start, stop, delete, update, wait)."""

    _clock: ServerClock = PrivateAttr(default_factory=ServerClock)
    _note: str | None = PrivateAttr(default=None)
    _as_json: bool = PrivateAttr(default=False)

    @classmethod
    def of(
        cls, notebook: Notebook, clock: ServerClock, *, note: str | None = None, as_json: bool = False
    ) -> NotebookResult:
        result = cls.model_validate(tokenless(notebook))
        result._clock, result._note, result._as_json = clock, note, as_json
        return result

    @property
    def as_json(self) -> bool:
        return self._as_json

    @property
    def note(self) -> str | None:
        return self._note

    def view(self) -> Card:
        card = Card(f"{self.name or '(unnamed)'}  {self.id or ''}".strip(), note=self._note)
        progress = progress_text(self)
        card.add("status", f"{self.status} {progress}".strip() if progress else self.status)
        if self.fail_reason:
            card.add("failure", self.fail_reason)
        card.add("flavor", self.flavor)
        card.add("image", image_label(self.image) if self.image else None)
        card.add("storage", storage(self.volume))
        now = self._clock.now_ms()
        left = lease_text(self.lease, self.status, now)
        if left is not None:
            deadline = self.lease.deadline_ms if self.lease else None
            card.add(
                "auto-stop", f"{left} (at {timestamp(deadline)})" if deadline and left != "off" else left
            )
        if self.create_at is not None:
            card.add("created", f"{timestamp(self.create_at)} ({age(self.create_at, now)})")
        if self.description:
            card.add("description", self.description)
        if self.url:
            card.add("url", f"{self.url}  (token: use 'open')")
        ssh = self.endpoint(EndpointService.SSH)
        if ssh is not None:
            card.add("ssh", ssh.uri or "(address once RUNNING)")
            card.add("ssh keys", ", ".join(ssh.keys))
            card.add("allowed IPs", ", ".join(ssh.allowed_access_ips or []) or "any")
        return card

    def json_data(self) -> Any:
        return tokenless(self)


class NotebookList(Rendered, list[Notebook]):
    """Instances (list): a list of Notebook models without their tokens."""

    def __init__(
        self, notebooks: list[Notebook], clock: ServerClock, *, owners: bool = False, as_json: bool = False
    ) -> None:
        super().__init__(Notebook.model_validate(tokenless(n)) for n in notebooks)
        self.clock, self.owners, self.as_json = clock, owners, as_json

    def view(self) -> Table:
        columns = ["NAME", "STATUS", "FLAVOR", "IMAGE", "AUTO-STOP", "CREATED", "ID"]
        table = Table(columns + (["OWNER"] if self.owners else []), empty="No notebook instances.")
        now = self.clock.now_ms()
        for nb in self:
            image = nb.image.name if nb.image else None
            row = [nb.name, nb.status, nb.flavor, image, lease_text(nb.lease, nb.status, now)]
            row += [age(nb.create_at, now), nb.id]
            table.add(*row, *([nb.user.name if nb.user else nb.user_id] if self.owners else []))
        return table

    def json_data(self) -> Any:
        return [tokenless(nb) for nb in self]


class LeaseResult(Rendered, Lease):
    """The auto-stop lease of one instance (lease)."""

    _clock: ServerClock = PrivateAttr(default_factory=ServerClock)
    _owner: Notebook = PrivateAttr(default_factory=Notebook)
    _note: str | None = PrivateAttr(default=None)
    _as_json: bool = PrivateAttr(default=False)

    @classmethod
    def of(
        cls,
        lease: Lease,
        owner: Notebook,
        clock: ServerClock,
        *,
        note: str | None = None,
        as_json: bool = False,
    ) -> LeaseResult:
        result = cls.model_validate(lease.model_dump(mode="json", exclude_none=True))
        result._clock, result._owner, result._note, result._as_json = clock, owner, note, as_json
        return result

    @property
    def as_json(self) -> bool:
        return self._as_json

    def view(self) -> Card:
        owner = self._owner
        card = Card(f"Auto-stop of {owner.name or owner.id}", note=self._note)
        card.add("status", owner.status)
        left = lease_text(self, owner.status, self._clock.now_ms())
        card.add("time left", left or "not counting (the instance is not RUNNING)")
        if left not in (None, "off"):
            card.add("stops at", timestamp(self.deadline_ms))
        card.add("type", self.type)
        card.add("last renewed", timestamp(self.update_at))
        return card

    def json_data(self) -> Any:
        data = self.model_dump(mode="json", exclude_none=True)
        data["deadline_ms"] = self.deadline_ms
        data["remaining_ms"] = self.remaining_ms(self._clock.now_ms())
        return data


class OpenLink(BaseModel):
    """How to open a RUNNING instance: the one result that carries its token (open, create --open)."""

    model_config = ConfigDict(frozen=True)

    id: str
    name: str | None = None
    url: str
    token: str | None = Field(default=None, repr=False)
    link: str = Field(repr=False)  # url with the token: opens JupyterLab straight away
    as_json: bool = Field(default=False, exclude=True, repr=False)

    def text(self) -> str:
        return f"Open {self.name or self.id} in JupyterLab (the link holds its access token):\n{self.link}"

    def html(self) -> str:
        href = html.escape(self.link, quote=True)
        label = html.escape(self.name or self.id)
        return (
            f'<div class="{CSS_CLASS}"><a href="{href}" target="_blank" rel="noopener noreferrer">'
            f"Open {label} in JupyterLab</a> "
            "<small>(the link holds its access token: do not share it)</small></div>"
        )

    def json_data(self) -> Any:
        return self.model_dump(mode="json")

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        return mimebundle(self)
