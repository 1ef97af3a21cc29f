"""The simulator's virtual clock: real time plus an offset tests can advance.

Every ModelArts timestamp the simulator hands out (``create_at``, ``update_at``,
the lease) and the ``Date`` response header come from this clock, so a test can
jump an hour ahead and watch a lease expire without waiting.  Signature date
checks deliberately do NOT use it: the gateway compares ``X-Sdk-Date`` with
real time.
"""

from __future__ import annotations

import time
from email.utils import formatdate


class VirtualClock:
    def __init__(self) -> None:
        self._offset_ms = 0

    @property
    def offset_ms(self) -> int:
        return self._offset_ms

    def now_ms(self) -> int:
        """Current virtual time in UTC milliseconds, ModelArts' timestamp unit."""
        return int(time.time() * 1000) + self._offset_ms

    def advance(self, milliseconds: int) -> int:
        """Move the clock forward (never backward: leases only make sense forward); returns now."""
        if milliseconds < 0:
            raise ValueError("the virtual clock only moves forward")
        self._offset_ms += milliseconds
        return self.now_ms()

    def http_date(self) -> str:
        """RFC 7231 date of the virtual now, for the ``Date`` header."""
        return formatdate(self.now_ms() / 1000, usegmt=True)
