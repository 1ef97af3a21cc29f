"""Every verb of ``%modelarts`` and ``jupyter modelarts``, one module each (see verbs/base.py)."""

from jupyter_modelarts.commands.verbs import (
    config,
    create,
    delete,
    flavors,
    help,
    images,
    lease,
    list,
    open,
    show,
    start,
    stop,
    update,
    wait,
)
from jupyter_modelarts.commands.verbs.base import Verb

# In the order help lists them.
_ORDER = (flavors, images, list, show, create, start, stop, delete, update, lease, open, wait, config, help)
VERBS: dict[str, Verb] = {module.VERB.name: module.VERB for module in _ORDER}
# ``%%modelarts VERB``: the verbs that take a YAML or JSON request as the cell body.
CELL_VERBS: dict[str, Verb] = {verb.name: verb for verb in (create.CELL_VERB, update.CELL_VERB)}
