"""The verbs shared by the ``%modelarts`` magics and the ``jupyter modelarts`` command line.

``parser`` turns words into a :class:`~parser.Command` (a verb of ``verbs/`` and its argument model) and
``parser.execute`` runs it with a ``context.Context`` (settings, client, policy and the person's UI) on
the background loop of ``runner``. The result is the value itself (Notebook models, lists of them) with
the text, HTML and JSON renderings of ``render/``. ``magics.py`` and ``cli.py`` are the two thin front
ends; docs/magics-cli.md is the user's guide.
"""
