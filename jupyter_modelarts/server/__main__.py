"""``python -m jupyter_modelarts.server``: a Jupyter server with this extension as its main app.

Mostly for ``python -m jupyter_modelarts.server --help-all``, which documents every
``c.ModelArts`` option (``jupyter server --help-all`` lists only the server's own classes).
"""

from jupyter_modelarts.server.app import ModelArtsExtension

if __name__ == "__main__":
    ModelArtsExtension.launch_instance()  # type: ignore[no-untyped-call]
