"""``jupyter modelarts demo``: JupyterLab wired to the bundled ModelArts simulator, in one command."""
