"""Base classes and building blocks shared by every contract model.

Two promises shape this module:

* Requests reject unknown fields (``extra="forbid"``); responses keep them
  (``extra="allow"``), because ModelArts adds fields without notice and a
  proxy must not break when it does.
* A rejected request reports *every* problem at once.  Pydantic already
  collects field errors, but it skips model-level "after" validators as soon as
  one field fails.  So rules that compare fields are written either as field
  validators that read earlier, already validated fields (``ValidationInfo.data``;
  fields are declared with the discriminating field first), or, when the rule
  is about which keys were *given*, as "presence rules" that look at the raw
  input in a wrap validator and are merged with pydantic's own errors.
"""

from __future__ import annotations

import enum
import re
import typing
from collections.abc import Callable, Mapping, Sequence
from typing import Annotated, Any, ClassVar, Self, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    ValidationError,
    ValidatorFunctionWrapHandler,
    WrapValidator,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, InitErrorDetails, PydanticCustomError, PydanticKnownError, core_schema

# Every rule we word ourselves carries this error type, so the translation to
# FieldProblem (validation.py) knows to show the message as written.
CONTRACT_ERROR = "contract"

E = TypeVar("E", bound=enum.Enum)
T = TypeVar("T")
Loc = tuple[str | int, ...]

_KNOWN_ERROR_TYPES = frozenset(typing.get_args(core_schema.ErrorType))


def rule_error(rule: str) -> PydanticCustomError:
    """The exception a validator raises for one of our rules (``rule`` is shown verbatim)."""
    return PydanticCustomError(CONTRACT_ERROR, rule)


def problem_at(loc: Loc, rule: str, value: object) -> InitErrorDetails:
    """A line error for a rule that is checked outside pydantic's field machinery."""
    return InitErrorDetails(type=rule_error(rule), loc=loc, input=value)


def merged(title: str, error: ValidationError | None, extra: Sequence[InitErrorDetails]) -> ValidationError:
    """One ValidationError holding pydantic's errors (if any) followed by ``extra``.

    Raised from a validator, pydantic-core re-parents its locations, so the
    result nests correctly inside an enclosing model.
    """
    details: list[InitErrorDetails] = []
    for line in error.errors() if error is not None else ():
        item = InitErrorDetails(type=line["type"], loc=line["loc"], input=line["input"])
        if line["type"] in _KNOWN_ERROR_TYPES:
            if "ctx" in line:
                item["ctx"] = line["ctx"]
        else:  # a custom error: keep the already formatted message
            item["type"] = PydanticCustomError(line["type"], line["msg"])
        details.append(item)
    return ValidationError.from_exception_data(title, [*details, *extra])


def given(raw: Mapping[str, Any], key: str) -> bool:
    """Whether a request named ``key`` with a value (JSON null counts as absent)."""
    return raw.get(key) is not None


class _CaseInsensitiveEnum:
    """Marker: accept an enum value in any letter case and produce the canonical member.

    On ``E`` (requests) an unknown value is still an error; on ``E | str``
    (responses) an unknown value is kept as the string ModelArts sent.
    """

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        candidates = typing.get_args(source) or (source,)
        enum_cls = next(c for c in candidates if isinstance(c, type) and issubclass(c, enum.Enum))
        members = {str(member.value).casefold(): member for member in enum_cls}
        keeps_unknown = str in candidates  # Lenient: an unknown value stays the string ModelArts sent
        values = [repr(str(member.value)) for member in enum_cls]
        expected = ", ".join(values[:-1]) + f" or {values[-1]}" if len(values) > 1 else values[0]

        def to_member(value: Any) -> Any:
            if isinstance(value, str):
                member = members.get(value.strip().casefold())
                if member is None and not keeps_unknown:
                    # Worded here, not by the enum schema: in strict mode that one only says
                    # "should be an instance of ...", which tells a person nothing.
                    raise PydanticKnownError("enum", {"expected": expected})
                return value if member is None else member
            if not keeps_unknown and not isinstance(value, enum_cls):
                raise PydanticKnownError("enum", {"expected": expected})
            return value

        return core_schema.no_info_before_validator_function(to_member, handler(source))


# Request enums: "ssh", "Ssh" and "SSH" all become EndpointService.SSH.
CaseInsensitive = Annotated[E, _CaseInsensitiveEnum()]
# Response enums: known values become members, unknown ones stay strings.
Lenient = Annotated[E | str, _CaseInsensitiveEnum()]


def checked(predicate: Callable[[T], bool], rule: str) -> AfterValidator:
    """An after-validator that raises ``rule`` when ``predicate(value)`` is false."""

    def check(value: T) -> T:
        if not predicate(value):
            raise rule_error(rule)
        return value

    return AfterValidator(check)


class Documented:
    """JSON-schema keywords (``pattern``, ``maxLength``, ``minimum``...) stating a rule in ``openapi.json``.

    Our rules are checked by our own validators (:func:`checked`, ``matching``...), whose
    wording people read; pydantic knows nothing of them, so the generated schema would be
    looser than the API. Placed next to such a validator, this states the same rule in the
    schema: ``Annotated[str, checked(...), documented(maxLength=128, pattern="^...$")]``.
    Validation is not touched.
    """

    def __init__(self, **keywords: Any) -> None:
        self.keywords = keywords

    def __repr__(self) -> str:
        return f"documented({self.keywords!r})"

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        handler.resolve_ref_schema(json_schema).update(self.keywords)
        return json_schema


documented = Documented


class Bounded(Documented):
    """A number rule checked in our wording, like :func:`checked`, and stated in the schema."""

    def __init__(self, rule: str, minimum: float, maximum: float | None = None, **keywords: Any) -> None:
        bounds = {"minimum": minimum} if maximum is None else {"minimum": minimum, "maximum": maximum}
        super().__init__(**bounds, **keywords)
        self.rule, self.minimum, self.maximum = rule, minimum, maximum

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        def check(value: float) -> float:
            if value < self.minimum or (self.maximum is not None and value > self.maximum):
                raise rule_error(self.rule)
            return value

        return core_schema.no_info_after_validator_function(check, handler(source))


bounded = Bounded


def ecma(pattern: re.Pattern[str] | str) -> str:
    """A pattern that Python applies with ``fullmatch`` (or anchors with ``^...\\Z``) as an ECMA-262 one.

    JSON Schema patterns are ECMA-262 and unanchored: the result is anchored with ``^...$``
    (``$`` ends the input in ECMA-262 without the ``m`` flag, like Python's ``\\Z``).
    Only the syntax both dialects share is used in our patterns (classes, ``\\uXXXX``, groups).
    """
    text = pattern.pattern if isinstance(pattern, re.Pattern) else pattern
    body = text.removeprefix("^").removesuffix("\\Z")
    depth, escaped, in_class, alternation = 0, False, False, False
    for char in body:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char in "()":
            depth += 1 if char == "(" else -1
        elif char == "|" and depth == 0:
            alternation = True
    return f"^(?:{body})$" if alternation else f"^{body}$"


def no_repeats(what: str) -> AfterValidator:
    """A list validator: every value at most once. A repeated SSH key or IP address is a slip
    that would reach ModelArts twice; it is named rather than silently dropped."""

    def check(values: list[T]) -> list[T]:
        repeated = dict.fromkeys(str(value) for index, value in enumerate(values) if value in values[:index])
        if repeated:
            raise rule_error(f"must not list the same {what} twice (repeated: {', '.join(repeated)})")
        return values

    return AfterValidator(check)


def at_most(max_items: int, rule: str) -> WrapValidator:
    """Limit a list's length *and* still report problems inside its items (``Field(max_length=...)``
    stops at the length error and hides the item errors)."""

    def check(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        extra = [problem_at((), rule, value)] if isinstance(value, list) and len(value) > max_items else []
        try:
            result = handler(value)
        except ValidationError as error:
            raise merged("list", error, extra) from None
        if extra:
            raise merged("list", None, extra)
        return result

    return WrapValidator(check)


class RequestModel(BaseModel):
    """A request body: unknown fields rejected, every problem reported."""

    model_config = ConfigDict(extra="forbid", populate_by_name=False, use_enum_values=False)
    source: ClassVar[str] = "body"  # where the data comes from, the first part of a problem location
    # Documented alternative spellings, {field: canonical field}: either may be given, not both.
    spellings: ClassVar[Mapping[str, str]] = {}
    _alternatives: ClassVar[str] = "one field"

    @classmethod
    def presence_rules(cls, raw: Mapping[str, Any]) -> list[InitErrorDetails]:
        """Rules about which keys were given together; checked even when fields are invalid."""
        problems = []
        for other, canonical in cls.spellings.items():
            first, second = (cls.model_fields[name].alias or name for name in (canonical, other))
            if given(raw, first) and given(raw, second):
                rule = f"give either '{first}' or '{second}' ({cls._alternatives}), not both"
                problems.append(problem_at((second,), rule, raw[second]))
        return problems

    @model_validator(mode="wrap")
    @classmethod
    def _report_every_problem(cls, data: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        extra = cls.presence_rules(data) if isinstance(data, Mapping) else []
        if not extra:
            return handler(data)
        try:
            handler(data)
        except ValidationError as error:
            raise merged(cls.__name__, error, extra) from None
        raise merged(cls.__name__, None, extra)

    @model_validator(mode="after")
    def _canonical_spellings(self) -> Self:
        # Assignment marks the canonical field as set, so to_upstream_json sends it; None is never sent.
        for other, canonical in self.spellings.items():
            value = getattr(self, other)
            if value is not None:
                setattr(self, canonical, value)
                setattr(self, other, None)
        return self


class QueryModel(RequestModel):
    """Query parameters: the same rules, located under ``query``."""

    source: ClassVar[str] = "query"
    _alternatives: ClassVar[str] = "the same filter"


class ResponseModel(BaseModel):
    """A ModelArts answer: every field optional, unknown fields kept."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)
