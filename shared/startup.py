"""How long this process has been running, for the apps' self-tests and ``zuil bench start``."""

from __future__ import annotations

import os
from pathlib import Path


def seconds_since_start() -> float | None:
    """Seconds since this process started, None where the system does not say.

    Read from the kernel's books (Linux ``/proc``), so it includes the interpreter's own
    start-up, which no timer started from Python can see. The resolution is 10 ms.
    """
    try:
        stat = Path("/proc/self/stat").read_text(encoding="ascii")
        uptime = float(Path("/proc/uptime").read_text(encoding="ascii").split()[0])
        ticks = os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, AttributeError):
        return None
    # the command name in parentheses may hold spaces; field 22 (start time) follows it
    fields = stat.rsplit(")", 1)[1].split()
    return max(uptime - int(fields[19]) / ticks, 0.0)


def since_start_text() -> str:
    """`` after 0.52 s`` (for a self-test's line), or nothing where it cannot be told."""
    seconds = seconds_since_start()
    return "" if seconds is None else f" after {seconds:.2f} s"
