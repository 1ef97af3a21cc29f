"""The verbs shared by the ``%modelarts`` magics and the ``jupyter modelarts`` command line.

``parser`` turns words into one pydantic model per verb (``args``),
``dispatch.execute`` runs it with a ``context.Context`` (settings, client,
policy and the person's ``ui``) and returns a result from ``render`` that is
the value itself (Notebook models, lists of them) with text, HTML and JSON
renderings.  ``magics`` (jupyter_modelarts/magics.py) and ``terminal`` are
the two thin front ends; docs/magics-cli.md is the user's guide.
"""

from jupyter_modelarts.commands.context import Context
from jupyter_modelarts.commands.dispatch import execute
from jupyter_modelarts.commands.parser import VERBS, parse_cell, parse_words, split_line

__all__ = ["VERBS", "Context", "execute", "parse_cell", "parse_words", "split_line"]
