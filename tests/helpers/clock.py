"""A clock a test moves by hand, for the pillar's release of what it holds back.

A pillar holds notes and photos until the next minute boundary and feedback
credits a few minutes longer (:class:`kiosk.outbox.Release`); a test moves the
pillar's clock past the holds instead of waiting for them.
"""

from __future__ import annotations

import time
from pathlib import Path

from kiosk.outbox import Outbox, Release

# past every hold: the next minute boundary, its jitter, and a credit's 1 to 3 minutes more
HELD_S = 5 * 60.0


class Clock:
    """Seconds since the epoch, as :func:`time.time` gives them, moved only by :meth:`advance`.

    Args:
        start: where it starts (now, by default).
    """

    def __init__(self, start: float | None = None) -> None:
        self.now = time.time() if start is None else start

    def __call__(self) -> float:
        """The time now, on this clock."""
        return self.now

    def advance(self, seconds: float) -> None:
        """Move the clock on."""
        self.now += seconds


def moving_outbox(path: Path) -> Outbox:
    """A pillar's outbox on a clock the test moves (see :func:`let_time_pass`)."""
    return Outbox(path, Release(clock=Clock()))


def let_time_pass(outbox: Outbox, seconds: float = HELD_S) -> None:
    """Move a :func:`moving_outbox`'s clock on: by default past every hold."""
    clock = outbox.release.clock
    assert isinstance(clock, Clock), "not an outbox on a moving clock"
    clock.advance(seconds)
