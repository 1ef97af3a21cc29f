"""The TypeScript interfaces of the front end mirror the server's pydantic models.

``src/tokens.ts`` and ``src/contract.ts`` declare what the browser receives
(``server/schemas.py`` views, ``core/presets.py``, the notebook of
``core/models``) and what it sends (``NotebookCreateRequest`` ...). Nothing
else ties the two languages together, so this test parses the TypeScript and
compares every interface with its model's JSON schema: the same field names,
optional exactly when the model has a default, nullable exactly when the model
allows None, and the same kind of value (string, number, boolean, a list of
what, which nested model, which enum values). Drift on either side fails here.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from jupyter_modelarts.core.contract import responses as nr
from jupyter_modelarts.core.contract.lease import Lease, LeaseRenewRequest, LeaseRequest
from jupyter_modelarts.core.contract.notebook import (
    EndpointRequest,
    NotebookCreateRequest,
    NotebookUpdateRequest,
    VolumeMount,
)
from jupyter_modelarts.core.policy.presets import Preset, PresetLease, PresetStorage
from jupyter_modelarts.server import schemas as s

SRC = Path(__file__).resolve().parent.parent / "src"
TS_FILES = [SRC / "tokens.ts", SRC / "contract.ts"]

# interface -> (model, schema mode): what the browser receives is serialised, what it sends validated.
VIEWS: dict[str, type[BaseModel]] = {
    "IProblemView": s.ProblemView,
    "IErrorView": s.ErrorView,
    "IQuotaView": s.QuotaView,
    "IPollHints": s.PollHints,
    "IStatusView": s.StatusView,
    "IAcceleratorView": s.AcceleratorView,
    "IFlavorView": s.FlavorView,
    "IImageView": s.ImageView,
    "INotebookView": s.NotebookView,
    "INotebookPageView": s.NotebookPageView,
    "ILeaseView": s.LeaseView,
    "IOpenView": s.OpenView,
    "IStartBody": s.StartBody,
    "IPreset": Preset,
    "IPresetStorage": PresetStorage,
    "IPresetLease": PresetLease,
    "INotebook": nr.Notebook,
    "IJobProgress": nr.JobProgress,
    "IEndpoint": nr.Endpoint,
    "IVolumeRes": nr.VolumeRes,
    "IDataVolumeRes": nr.DataVolumeRes,
    "ITagRes": nr.TagRes,
    "IImageSummary": nr.ImageSummary,
    "IPoolRes": nr.PoolRes,
    "IDomain": nr.Domain,
    "IUserRes": nr.UserRes,
    "ICustomSpecRes": nr.CustomSpecRes,
    "IRunUserRes": nr.RunUserRes,
    "IUserVpcRes": nr.UserVpcRes,
    "ILease": Lease,
}
REQUESTS: dict[str, type[BaseModel]] = {
    "INotebookCreateRequest": NotebookCreateRequest,
    "INotebookUpdateRequest": NotebookUpdateRequest,
    "IVolumeMount": VolumeMount,
    "IEndpointRequest": EndpointRequest,
    "ILeaseRequest": LeaseRequest,
    "ILeaseRenewRequest": LeaseRenewRequest,
}
MODEL_OF = {**VIEWS, **REQUESTS}
INTERFACE_OF = {model.__name__: name for name, model in MODEL_OF.items()}
# Fields the browser must never see, although the model has them.
HIDDEN = {"INotebook": {"token"}}


# ---- TypeScript side -------------------------------------------------------------------


class TsField:
    def __init__(self, name: str, optional: bool, type_text: str) -> None:
        self.name, self.optional, self.type_text = name, optional, type_text


def _strip_comments(text: str) -> str:
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return re.sub(r"//[^\n]*", "", text)


def _split_top(text: str, separator: str) -> list[str]:
    """Split on `separator` outside <>, (), {} and quotes."""
    parts, depth, quote, current = [], 0, "", ""
    for char in text:
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char in "<({[":
            depth += 1
        elif char in ">)}]":
            depth -= 1
        if char == separator and depth == 0 and not quote:
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    return [p.strip() for p in parts if p.strip()]


def parse_typescript() -> tuple[dict[str, list[TsField]], dict[str, str]]:
    interfaces: dict[str, list[TsField]] = {}
    bases: dict[str, str] = {}
    aliases: dict[str, str] = {}
    for path in TS_FILES:
        text = _strip_comments(path.read_text(encoding="utf-8"))
        for match in re.finditer(r"export type (\w+)\s*=\s*([^;]+);", text):
            aliases[match[1]] = " ".join(match[2].split())
        declarations = r"export interface (\w+)(?:<\w+>)?(?:\s+extends\s+(\w+))?\s*\{(.*?)\n\}"
        for match in re.finditer(declarations, text, re.S):
            fields = []
            for member in _split_top(match[3], ";"):
                found = re.fullmatch(r"(?:readonly\s+)?(\w+)(\??):\s*(.+)", " ".join(member.split()), re.S)
                if found and "(" not in found[1]:
                    fields.append(TsField(found[1], found[2] == "?", found[3]))
            interfaces[match[1]] = fields
            if match[2]:
                bases[match[1]] = match[2]
    for name, base in bases.items():
        interfaces[name] = interfaces[base] + interfaces[name]
    for name, target in list(aliases.items()):
        if target in interfaces:  # `type ILeaseRenewRequest = ILeaseRequest`
            interfaces[name] = interfaces[target]
    return interfaces, aliases


def ts_kinds(type_text: str, aliases: dict[str, str]) -> set[str]:
    kinds: set[str] = set()
    literals: set[str] = set()
    for member in _split_top(type_text, "|"):
        member = member.strip()
        if member == "OpaqueJSON":
            kinds.add("object")
        elif member in aliases and member not in MODEL_OF:
            sub = ts_kinds(aliases[member], aliases)
            kinds |= {k for k in sub if not k.startswith("enum:")}
            literals |= {v for k in sub if k.startswith("enum:") for v in k[5:].split(",")}
        elif re.fullmatch(r"'[^']*'", member):
            literals.add(member[1:-1])
        elif member.endswith("[]"):
            (inner,) = ts_kinds(member[:-2], aliases)
            kinds.add(f"array<{inner}>")
        elif member in ("string", "number", "boolean", "null"):
            kinds.add(member)
        elif member in MODEL_OF:
            kinds.add(f"model:{MODEL_OF[member].__name__}")
        else:
            kinds.add(f"unknown:{member}")
    if literals:
        kinds.add("enum:" + ",".join(sorted(literals)))
    return kinds


# ---- pydantic side -----------------------------------------------------------------------


def schema_kinds(node: dict[str, Any], defs: dict[str, Any], opaque: bool) -> set[str]:
    if "anyOf" in node:
        kinds: set[str] = set()
        for option in node["anyOf"]:
            kinds |= schema_kinds(option, defs, opaque)
        if "string" in kinds:  # a lenient enum: any string is kept
            kinds = {k for k in kinds if not k.startswith("enum:")}
        return kinds
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        target = defs[name]
        if "enum" in target:
            return {"enum:" + ",".join(sorted(target["enum"]))}
        return {"object"} if opaque and name not in INTERFACE_OF else {f"model:{name}"}
    if "enum" in node:
        return {"enum:" + ",".join(sorted(node["enum"]))}
    kind = node.get("type")
    if kind == "array":
        inner = schema_kinds(node["items"], defs, opaque)
        return {f"array<{k}>" for k in inner}
    if kind in ("integer", "number"):
        return {"number"}
    if kind in ("string", "boolean", "null"):
        return {str(kind)}
    if kind == "object":
        return {"object"}
    return {f"unknown:{node}"}


def _schema(model: type[BaseModel], interface: str) -> dict[str, Any]:
    if interface in REQUESTS:
        return model.model_json_schema(mode="validation")
    return model.model_json_schema(mode="serialization")


# ---- the tests ---------------------------------------------------------------------------

INTERFACES, ALIASES = parse_typescript()


def test_every_mirrored_interface_is_declared() -> None:
    missing = sorted(set(MODEL_OF) - set(INTERFACES))
    assert not missing, f"declare these interfaces in src/tokens.ts or src/contract.ts: {missing}"


@pytest.mark.parametrize("interface", sorted(MODEL_OF))
def test_interface_mirrors_its_model(interface: str) -> None:
    model = MODEL_OF[interface]
    schema = _schema(model, interface)
    properties: dict[str, Any] = schema["properties"]
    required = set(schema.get("required", []))
    defs = schema.get("$defs", {})
    hidden = HIDDEN.get(interface, set())
    expected_names = set(properties) - hidden
    fields = {f.name: f for f in INTERFACES[interface]}

    assert set(fields) == expected_names, (
        f"{interface} vs {model.__name__}: only in TypeScript {sorted(set(fields) - expected_names)}, "
        f"only in Python {sorted(expected_names - set(fields))}"
    )
    problems = []
    for name, field in fields.items():
        wanted_optional = name not in required
        if field.optional != wanted_optional:
            problems.append(f"{name}: {'optional' if wanted_optional else 'required'} in Python")
        wanted = schema_kinds(properties[name], defs, opaque=interface in REQUESTS)
        got = ts_kinds(field.type_text, ALIASES)
        if wanted != got:
            problems.append(f"{name}: Python {sorted(wanted)} but TypeScript {sorted(got)}")
    assert not problems, f"{interface} drifted from {model.__name__}: " + "; ".join(problems)


def test_the_items_envelope_matches() -> None:
    fields = {f.name for f in INTERFACES["IItems"]}
    assert fields == set(s.Items[s.FlavorView].model_json_schema()["properties"])


def test_the_parser_sees_drift() -> None:
    """The comparison itself must be able to fail: a renamed or retyped field is caught."""
    drifted = [TsField("version", False, "number"), *INTERFACES["IStatusView"][1:]]
    schema = s.StatusView.model_json_schema(mode="serialization")
    got = ts_kinds(drifted[0].type_text, ALIASES)
    assert got != schema_kinds(schema["properties"]["version"], schema.get("$defs", {}), opaque=False)
    assert ts_kinds("'GPU' | 'NPU'", ALIASES) == {"enum:GPU,NPU"}
    assert ts_kinds("IJobProgress[] | null", ALIASES) == {"array<model:JobProgress>", "null"}
    assert ts_kinds("LeaseType", ALIASES) == {"enum:IDLE,TIMING"}
