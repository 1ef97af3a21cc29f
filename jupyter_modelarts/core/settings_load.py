"""Reading ``c.ModelArts`` into :class:`~.settings.ModelArts` without losing a problem or leaking a secret.

Shared by the server extension (server/startup.py, at start) and by the
magics and the CLI (commands/context.py), so both name invalid settings the
same way. traitlets stops at the first invalid trait and quotes its value;
here every invalid trait is named, and a secret's value never is.
"""

from __future__ import annotations

from typing import Any

from traitlets import TraitError
from traitlets.config import Configurable
from traitlets.config.loader import LazyConfigValue

from jupyter_modelarts.core.settings import ModelArts

SECTION = "ModelArts"
# Traits whose value must not appear in a message, even when it is invalid.
SECRET_TRAITS = frozenset({"access_key", "secret_key", "security_token", "iam_token"})


def _trait_problem(name: str, error: TraitError) -> str:
    if name in SECRET_TRAITS:
        return f"c.ModelArts.{name} has an invalid value (not shown: it is a secret)."
    text = str(error).strip()
    return text if text.startswith("c.ModelArts.") else f"c.ModelArts.{name}: {text}"


def load_settings(parent: Configurable) -> tuple[ModelArts, list[str]]:
    """``ModelArts(parent=parent)``, or, if a trait is invalid, defaults plus every problem.

    Traits are then set one by one so that every invalid one is named, not just the first.
    """
    try:
        return ModelArts(parent=parent), []
    except TraitError:
        pass
    settings = ModelArts()
    problems: list[str] = []
    section: dict[str, Any] = dict(parent.config.get(SECTION, {}))
    for name, value in section.items():
        if not settings.has_trait(name):
            continue  # traitlets already warns about unknown options
        if isinstance(value, LazyConfigValue):  # c.ModelArts.x.append(...) style
            value = value.get_value(getattr(settings, name))
        try:
            setattr(settings, name, value)
        except TraitError as error:
            problems.append(_trait_problem(name, error))
    return settings, problems or ["c.ModelArts has an invalid value."]
