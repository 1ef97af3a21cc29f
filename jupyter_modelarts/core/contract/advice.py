"""Soft warnings: valid requests that some ModelArts sources would still refuse.

REFERENCE §8 settles disagreements between the documents by accepting the most
permissive documented rule and *warning* about the stricter ones.  These
warnings never block a request; front ends show them next to the result.
"""

from __future__ import annotations

from pydantic import BaseModel

from jupyter_modelarts.core.contract import limits
from jupyter_modelarts.core.contract.listing import NotebookListQuery
from jupyter_modelarts.core.errors import FieldProblem, preview

NAME_ADVICE = (
    f"is longer than {limits.NAME_ADVISED_MAX} characters: the console and the older API pages "
    f"allow at most {limits.NAME_ADVISED_MAX}, so some regions may cut or refuse it"
)
DESCRIPTION_ADVICE = (
    "contains & \" ' or /, which the older ModelArts pages forbid; some regions may refuse it"
)
LIMIT_ADVICE = "the SDK documents only 10, 20 or 50 here; other values may be refused by some regions"
_SDK_LIMITS = frozenset({10, 20, 50})


def advise(request: BaseModel, location: str | None = None) -> list[FieldProblem]:
    """Warnings for a request that passed validation (an empty list when there is nothing to say)."""
    where = location or str(getattr(request, "source", "body"))
    warnings: list[FieldProblem] = []
    name = getattr(request, "name", None)
    if (
        isinstance(name, str)
        and len(name) > limits.NAME_ADVISED_MAX
        and not isinstance(request, NotebookListQuery)
    ):
        warnings.append(FieldProblem(f"{where}.name", NAME_ADVICE, preview(name)))
    description = getattr(request, "description", None)
    if isinstance(description, str) and set(description) & limits.DESCRIPTION_DISCOURAGED:
        warnings.append(FieldProblem(f"{where}.description", DESCRIPTION_ADVICE, preview(description)))
    if (
        isinstance(request, NotebookListQuery)
        and request.limit is not None
        and request.limit not in _SDK_LIMITS
    ):
        warnings.append(FieldProblem(f"{where}.limit", LIMIT_ADVICE, preview(request.limit)))
    return warnings
