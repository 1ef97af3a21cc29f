"""Fail if any REST handler of jupyter_modelarts can be reached without logging in.

Why: every handler of this extension can spend money (launch ModelArts instances) or
reveal cloud state, and a verb that forgot ``@tornado.web.authenticated`` would be open
to anyone who can reach the Jupyter server. Two independent checks:

1. static: every HTTP verb method defined in ``jupyter_modelarts/server/**`` carries
   ``@tornado.web.authenticated`` (read from the source, so handlers that are not
   routed yet are covered too);
2. runtime: a ServerApp with ``allow_unauthenticated_access=False`` loads the extension
   and jupyter_server reports every routed handler that lacks an authentication
   decorator (``JupyterServerAuthWarning``); loading failures are fatal as well.

Run it from the repository root with the package installed:

    python .github/scripts/check_auth.py
"""

from __future__ import annotations

import ast
import sys
import warnings
from pathlib import Path

PACKAGE = "jupyter_modelarts"
VERBS = frozenset({"get", "post", "put", "patch", "delete", "head", "options"})
SERVER_DIR = Path(__file__).resolve().parents[2] / PACKAGE / "server"
FIX = (
    "Add `@tornado.web.authenticated` as the outermost decorator of each verb listed "
    "above (then `@authorized` from jupyter_server.auth.decorator)."
)


def _is_authenticated(decorator: ast.expr) -> bool:
    """True for exactly ``@tornado.web.authenticated`` (the spelling the house rules require)."""
    return ast.unparse(decorator) == "tornado.web.authenticated"


def static_problems(server_dir: Path) -> list[str]:
    problems = []
    for path in sorted(server_dir.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for cls in (node for node in ast.walk(tree) if isinstance(node, ast.ClassDef)):
            for method in cls.body:
                if not isinstance(method, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                if method.name in VERBS and not any(map(_is_authenticated, method.decorator_list)):
                    problems.append(
                        f"{path.relative_to(server_dir.parents[1])}:{method.lineno}: "
                        f"{cls.name}.{method.name} lacks @tornado.web.authenticated"
                    )
    return problems


def _handler_classes(router: object) -> list[type]:
    """Every handler class routed below a tornado router (rules nest one router per host)."""
    found: list[type] = []
    for rule in getattr(router, "rules", []):
        target = rule.target
        if isinstance(target, type):
            found.append(target)
        else:
            found.extend(_handler_classes(target))
    return found


def runtime_problems() -> list[str]:
    from jupyter_server.serverapp import ServerApp
    from jupyter_server.utils import JupyterServerAuthWarning

    app = ServerApp(
        allow_unauthenticated_access=False,
        jpserver_extensions={PACKAGE: True},
        # A broken extension must fail here, not pass as "nothing to complain about".
        reraise_server_extension_failures=True,
    )
    with warnings.catch_warnings(record=True) as records:
        warnings.simplefilter("always")
        app.initialize(argv=[], find_extensions=False, new_httpserver=False)
    routed = [
        cls for cls in _handler_classes(app.web_app.default_router) if cls.__module__.startswith(PACKAGE)
    ]
    if not routed:
        return ["the server extension loaded but routed no jupyter_modelarts handler"]
    # One warning per extension app, one "- VERB of Class registered for /pattern" line per
    # unprotected verb; keep the lines naming our classes (not e.g. jupyter_server_terminals').
    ours = {cls.__name__ for cls in routed}
    return [
        line.strip()
        for record in records
        if issubclass(record.category, JupyterServerAuthWarning)
        for line in str(record.message).splitlines()
        if line.strip().startswith("- ") and line.split(" of ", 1)[-1].split(" ", 1)[0] in ours
    ]


def main() -> int:
    problems = static_problems(SERVER_DIR) + runtime_problems()
    if problems:
        print("\n".join(problems) + "\n\n" + FIX, file=sys.stderr)
        return 1
    print("check_auth: every jupyter_modelarts handler verb requires authentication.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
