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
VERBS: dict[str, Verb] = {
    verb.name: verb
    for verb in (
        flavors.VERB,
        images.VERB,
        list.VERB,
        show.VERB,
        create.VERB,
        start.VERB,
        stop.VERB,
        delete.VERB,
        update.VERB,
        lease.VERB,
        open.VERB,
        wait.VERB,
        config.VERB,
        help.VERB,
    )
}
# ``%%modelarts VERB``: the verbs that take a YAML or JSON request as the cell body.
CELL_VERBS: dict[str, Verb] = {verb.name: verb for verb in (create.CELL_VERB, update.CELL_VERB)}
