"""``config``: what is configured and which source won, never a secret."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from jupyter_modelarts.commands.context import Context
from jupyter_modelarts.commands.render.base import Card, Rendered
from jupyter_modelarts.commands.verbs.base import Verb, VerbArgs
from jupyter_modelarts.core.durations import format_duration


class ConfigArgs(VerbArgs):
    pass


class ConfigReport(Rendered, BaseModel):
    """Where ModelArts is reached and with which credentials: labels of sources only, never values."""

    model_config = ConfigDict(frozen=True)

    endpoint: str | None = None
    endpoint_source: str | None = None
    region: str | None = None
    region_source: str | None = None
    project_id: str | None = None
    project_source: str | None = None
    credential_kind: str | None = None
    credential_source: str | None = None
    credential_source_setting: str = "auto"
    configuration: str = ""
    config_files: list[str] = Field(default_factory=list)
    policy: dict[str, Any] = Field(default_factory=dict)
    problems: list[str] = Field(default_factory=list)
    as_json: bool = Field(default=False, exclude=True, repr=False)

    def view(self) -> Card:
        card = Card("ModelArts configuration")
        card.add("endpoint", _from(self.endpoint, self.endpoint_source))
        card.add("region", _from(self.region, self.region_source))
        card.add("project", _from(self.project_id, self.project_source))
        card.add("credentials", _from(self.credential_kind, self.credential_source))
        if self.credential_source_setting != "auto":
            card.add(
                "credential source", f"only {self.credential_source_setting} (c.ModelArts.credential_source)"
            )
        card.add("configuration", self.configuration)
        for path in self.config_files:
            card.add("config file", path)
        for name, value in self.policy.items():
            card.add(name, value)
        for problem in self.problems:
            card.add("PROBLEM", problem)
        return card

    def json_data(self) -> Any:
        return self.model_dump(mode="json")


def _from(value: str | None, source: str | None) -> str | None:
    if value is None:
        return None
    return f"{value}  (from {source})" if source else value


def _names(values: list[str] | None, everything: str) -> str:
    return everything if values is None else (", ".join(values) or "none")


def policy_summary(ctx: Context) -> dict[str, str]:
    s = ctx.settings
    hours = s.max_lease_hours
    longest = "72 h (ModelArts' limit)" if hours is None else format_duration(round(hours * 3_600_000))
    return {
        "flavors allowed": _names(s.allowed_flavors, "all"),
        "flavors blocked": _names(s.blocked_flavors, "none"),
        "images allowed": _names(s.allowed_images, "all"),
        "images blocked": _names(s.blocked_images, "none"),
        "longest lease": longest,
    }


def _with_file(source: str | None, ctx: Context) -> str | None:
    """``c.ModelArts.endpoint`` -> ``c.ModelArts.endpoint in /path/jupyter_modelarts_config.py``."""
    if source and source.startswith("c.ModelArts."):
        trait = source.removeprefix("c.ModelArts.").split()[0]
        path = ctx.setting_files.get(trait)
        return f"{source} in {path}" if path else source
    return source


async def _run(args: ConfigArgs, ctx: Context) -> ConfigReport:
    info = ctx.settings.describe(ctx.env)
    for key in ("endpoint_source", "region_source", "project_source"):
        info[key] = _with_file(info.get(key), ctx)
    source = str(info.get("credential_source") or "")
    path = ctx.setting_files.get("access_key") or ctx.setting_files.get("iam_token")
    if source.startswith("c.ModelArts") and path:
        info["credential_source"] = f"{source} in {path}"
    # Configuration problems first: a credential looked for in the wrong place may follow from them.
    info["problems"] = [*ctx.configuration_problems(), *info.get("problems", [])]
    fields = {key: info[key] for key in ConfigReport.model_fields if key in info}
    return ConfigReport(
        **fields,
        configuration=ctx.config_origin,
        config_files=ctx.config_files,
        policy=policy_summary(ctx),
        as_json=args.as_json,
    )


SUMMARY = "show the configuration in use and where each value came from (never a secret)"
VERB = Verb("config", SUMMARY, "config", ConfigArgs, lambda parser: None, _run, any_configuration=True)
