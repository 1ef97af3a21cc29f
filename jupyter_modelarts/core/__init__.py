"""The framework-free core of jupyter-modelarts: contract, signing, errors and the ModelArts client.

Nothing under this package imports tornado, so the magics, the CLI and the
simulator can use it without a Jupyter server (see docs/architecture.md).
"""
