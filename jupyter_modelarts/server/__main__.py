"""``python -m jupyter_modelarts.server``: a Jupyter server with this extension as its main app.

Mostly for ``--help-all``: unlike ``jupyter server --help-all``, it documents every ``c.ModelArts`` option.
"""

from jupyter_modelarts.server.app import ModelArtsExtension

if __name__ == "__main__":
    ModelArtsExtension.launch_instance()  # type: ignore[no-untyped-call]
