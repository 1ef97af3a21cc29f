"""Fault injection for the control API: make chosen requests slow, fail, throttle or break.

A rule matches by HTTP method (optional) and a regular expression searched in
the request path, fires for ``count`` matching requests (or forever) and, with
``probability`` < 1, only on some of them (seeded, so tests stay
deterministic).  Nothing is injected unless a test adds a rule.
"""

from __future__ import annotations

import itertools
import random
import re
from dataclasses import dataclass, field
from typing import Any

from jupyter_modelarts.simulator import errors
from jupyter_modelarts.simulator.errors import Checker

ACTIONS = ("latency", "error", "throttle", "stall", "malformed")
DEFAULT_LATENCY_MS = 1_000
# Longer than any sensible client timeout (the SDK's read timeout is 120 s).
DEFAULT_STALL_MS = 300_000
DEFAULT_RETRY_AFTER_S = 2


@dataclass
class FaultRule:
    id: str
    action: str
    path: re.Pattern[str]
    method: str | None = None
    count: int | None = None  # remaining firings; None = unlimited
    probability: float = 1.0
    latency_ms: int = DEFAULT_LATENCY_MS
    stall_ms: int = DEFAULT_STALL_MS
    status: int = 500
    retry_after: int = DEFAULT_RETRY_AFTER_S
    error_code: str | None = None
    # malformed only: carry the request out, then send the real answer without its last bytes (a
    # connection cut behind a proxy), instead of a canned body without doing anything.
    truncate: bool = False
    fired: int = 0
    rng: random.Random = field(default_factory=random.Random, repr=False)

    def matches(self, method: str, path: str) -> bool:
        return (self.method is None or self.method == method.upper()) and self.path.search(path) is not None

    def to_json(self) -> dict[str, Any]:
        shown = {name: getattr(self, name) for name in self.__dataclass_fields__ if name != "rng"}
        return {**shown, "path": self.path.pattern}


class FaultInjector:
    def __init__(self) -> None:
        self._rules: list[FaultRule] = []
        self._ids = itertools.count(1)

    def rules(self) -> list[dict[str, Any]]:
        return [rule.to_json() for rule in self._rules]

    def clear(self) -> None:
        self._rules.clear()

    def remove(self, rule_id: str) -> bool:
        before = len(self._rules)
        self._rules = [rule for rule in self._rules if rule.id != rule_id]
        return len(self._rules) != before

    def add(self, spec: dict[str, Any]) -> FaultRule:
        rule = parse_rule(spec, f"fault-{next(self._ids)}")
        self._rules.append(rule)
        return rule

    def pick(self, method: str, path: str) -> FaultRule | None:
        """The first rule that fires for this request (spending one of its firings)."""
        for rule in self._rules:
            if not rule.matches(method, path):
                continue
            if rule.probability < 1.0 and rule.rng.random() >= rule.probability:
                continue
            rule.fired += 1
            if rule.count is not None:
                rule.count -= 1
                if rule.count <= 0:
                    self._rules.remove(rule)
            return rule
        return None


def parse_rule(spec: dict[str, Any], rule_id: str) -> FaultRule:
    checker = Checker()
    action = checker.choice(spec, "action", ACTIONS, required=True)
    pattern = checker.string(spec, "path", required=True)
    compiled: re.Pattern[str] | None = None
    if pattern is not None:
        try:
            compiled = re.compile(pattern)
        except re.error as problem:
            checker.fail(errors.bad_value("path", f"not a regular expression ({problem})"))
    method = checker.string(spec, "method")
    count = checker.integer(spec, "count")
    if count is not None and count < 1:
        checker.fail(errors.bad_value("count", "must be at least 1"))
    probability = spec.get("probability", 1.0)
    if isinstance(probability, bool) or not isinstance(probability, int | float) or not 0 < probability <= 1:
        checker.fail(errors.bad_value("probability", "must be a number in (0, 1]"))
        probability = 1.0
    status = checker.integer(spec, "status")
    if status is not None and not 500 <= status <= 599:
        checker.fail(errors.bad_value("status", "must be a 5xx status"))
    numbers = {key: checker.integer(spec, key) for key in ("latency_ms", "stall_ms", "retry_after", "seed")}
    seed = numbers.pop("seed")
    for key, value in numbers.items():
        if value is not None and value < 0:
            checker.fail(errors.bad_value(key, "must not be negative"))
    error_code = checker.string(spec, "error_code")
    truncate = spec.get("truncate", False)
    if not isinstance(truncate, bool):
        checker.fail(errors.bad_value("truncate", "must be true or false"))
        truncate = False
    checker.raise_if_any()
    assert action is not None and compiled is not None  # both were required above
    given: dict[str, Any] = {
        key: value for key, value in numbers.items() if value is not None
    }  # else defaults
    return FaultRule(
        id=rule_id,
        action=action.lower(),
        path=compiled,
        method=method.upper() if method else None,
        count=count,
        probability=float(probability),
        status=status or 500,
        error_code=error_code,
        truncate=truncate,
        rng=random.Random(seed),
        **given,
    )
