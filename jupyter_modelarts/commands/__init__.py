"""The verbs shared by the ``%modelarts`` magics and the ``jupyter modelarts`` command line.

``parser`` turns words into a :class:`~parser.Command` (a verb of ``verbs/``
and its argument model), ``dispatch.execute`` runs it with a
``context.Context`` (settings, client, policy and the person's ``ui``) on the
background loop of ``runner``, and the result (``render``) is the value itself
(Notebook models, lists of them) with text, HTML and JSON renderings.
``magics.py`` and ``terminal`` are the two thin front ends; docs/magics-cli.md
is the user's guide.
"""
