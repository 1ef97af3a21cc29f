"""``/_lab/{instance_id}/lab``: the stand-in notebook page of ``lab=False`` mode.

It guards itself like a Jupyter server does: the instance token as ``?token=``
or ``Authorization: token <t>``, 403 otherwise, 404 when the instance is not
running.  Enough for tests of "open the instance" without starting processes.
"""

from __future__ import annotations

import html

from jupyter_modelarts.simulator.handlers.base import SimHandler

_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>{name} - simulated JupyterLab</title></head>
<body><h1>Simulated JupyterLab</h1>
<p>Notebook instance <code>{instance_id}</code> ({name}) is running in the jupyter-modelarts simulator
without a JupyterLab process (<code>lab=False</code>).</p></body></html>
"""


class LabPageHandler(SimHandler):
    authenticated = False  # the notebook URL is not behind the API gateway
    injectable = False

    def _token(self) -> str:
        header = self.request.headers.get("Authorization", "")
        scheme, _, value = header.partition(" ")
        if scheme.lower() == "token" and value:
            return value.strip()
        return self.get_query_argument("token", "")

    async def get(self, *args: str, **kwargs: str) -> None:
        instance_id = self.path_arg("instance_id")
        page_lab = self.world.page_lab
        instance = self.world.store.find(instance_id)
        self.set_header("Content-Type", "text/html; charset=UTF-8")
        if page_lab is None or instance is None or not page_lab.is_running(instance_id):
            self.set_status(404)
            self.finish("<!doctype html><title>404</title><p>No running notebook instance here.</p>")
            return
        if not page_lab.accepts(instance_id, self._token()):
            self.set_status(403)
            self.finish("<!doctype html><title>403</title><p>Invalid or missing token.</p>")
            return
        self.finish(_PAGE.format(instance_id=html.escape(instance_id), name=html.escape(instance.name)))
