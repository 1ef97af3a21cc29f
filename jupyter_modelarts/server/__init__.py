"""Jupyter Server side of jupyter-modelarts: the ExtensionApp and its thin REST handlers.

Handlers parse input, call :mod:`jupyter_modelarts.core` and serialise its answer; all
ModelArts logic lives in the core, which has no tornado imports.
"""
