"""The bundled ModelArts simulator: the notebook API over real HTTP, one JupyterLab per RUNNING instance.

See docs/simulator.md for options, the ``/_sim/`` control API, the error codes
covered and the known simplifications.
"""

from __future__ import annotations

from jupyter_modelarts.simulator.server import Simulator, SimulatorThread

__all__ = ["Simulator", "SimulatorThread"]
