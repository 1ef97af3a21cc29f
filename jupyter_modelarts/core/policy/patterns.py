"""The administrator's allow and block lists: reading them, and matching ids and names against them.

Patterns are shell-style globs (``fnmatch``) matched against the whole id or
name, ignoring letter case so that a block cannot be sidestepped by writing a
name differently. A list is read once, at start; matching happens on every
request, so each list becomes one compiled regular expression.
"""

from __future__ import annotations

import fnmatch
import functools
import re
from collections.abc import Iterable

from jupyter_modelarts.core.errors import preview

Patterns = tuple[str, ...]


def read_patterns(values: Iterable[str] | None, setting: str) -> tuple[Patterns | None, list[str]]:
    """The patterns of ``c.ModelArts.<setting>`` (None: no list) and every problem with them."""
    if values is None:
        return None, []
    if isinstance(values, str):  # a bare string would be read letter by letter
        return None, [f"c.ModelArts.{setting} must be a list of strings, not one string"]
    patterns, problems = [], []
    for index, value in enumerate(values):
        if isinstance(value, str) and value.strip():
            patterns.append(value.strip().casefold())
        else:
            problems.append(
                f"c.ModelArts.{setting}[{index}] must be a non-empty string (got {preview(value)})"
            )
    return tuple(patterns), problems


@functools.lru_cache(maxsize=64)
def _compiled(patterns: Patterns) -> re.Pattern[str]:
    """One regular expression for a whole pattern list (fnmatch compiles per pattern and call)."""
    return re.compile("|".join(f"(?:{fnmatch.translate(p)})" for p in patterns) or r"(?!)")


def matches(candidates: Iterable[str | None], patterns: Patterns) -> bool:
    """Whether any of ``candidates`` (None ones skipped) matches one of ``patterns``."""
    regex = _compiled(patterns)
    return any(regex.match(c.casefold()) for c in candidates if c)
