"""Results of the verbs and how they look: HTML in a notebook, aligned text on a terminal, JSON on request."""
