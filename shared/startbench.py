"""``zuil bench start``: how long the commands take to start, each beside its target.

Each command runs a few times as a fresh process, the way a person or a venue
machine starts it: ``zuil --version`` and ``zuil --help`` until they exit, the
pillar until its attract screen is drawn, the wall until its first frame is
drawn (both as their ``--selftest`` reports it, counted from the process
start). The figures are medians of wall-clock seconds; the CPU seconds beside
them say how much of that was the command's own work on a busy machine.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

TARGETS = {"version": 0.3, "help": 0.3, "kiosk": 1.5, "wall": 1.0}
WHAT = {
    "version": "zuil --version, to exit",
    "help": "zuil --help, to exit",
    "kiosk": "zuil kiosk, to its attract screen",
    "wall": "zuil wall, to its first frame",
}
# "kiosk selftest: ok (attract screen after 0.52 s)"
_DRAWN = re.compile(r"after (\d+(?:\.\d+)?) s\)")


def zuil_command() -> list[str]:
    """How to start ``zuil`` from here: the frozen bundle itself, or this Python."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, "-m", "shared"]


def _children_cpu() -> float | None:
    try:
        import resource
    except ImportError:  # Windows keeps no such books
        return None
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_command(args: list[str], env: dict[str, str]) -> dict[str, Any]:
    """One run: wall-clock seconds, CPU seconds, and the drawn time the command reported."""
    cpu_before = _children_cpu()
    started = time.perf_counter()
    result = subprocess.run(
        [*zuil_command(), *args], capture_output=True, text=True, env=env, timeout=120
    )
    seconds = time.perf_counter() - started
    cpu_after = _children_cpu()
    if result.returncode != 0:
        raise RuntimeError(
            f"zuil {' '.join(args)} exited {result.returncode}: {result.stderr.strip()[-500:]}"
        )
    drawn = _DRAWN.search(result.stdout)
    return {
        "s": seconds,
        "cpu_s": None if cpu_before is None or cpu_after is None else cpu_after - cpu_before,
        "drawn_s": float(drawn.group(1)) if drawn else None,
    }


def _median(values: list[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return round(statistics.median(known), 3) if known else None


def run(quick: bool = False) -> dict[str, Any]:
    """Every start-up figure, with targets."""
    runs = 2 if quick else 5
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONIOENCODING": "utf-8"}
    figures: dict[str, Any] = {"runs": runs}
    with tempfile.TemporaryDirectory(prefix="zuil-bench-start-") as folder:
        commands = {
            "version": ["--version"],
            "help": ["--help"],
            "kiosk": ["kiosk", "--selftest", "--data", str(Path(folder))],
            "wall": ["wall", "--selftest"],
        }
        # once unmeasured: the pillar makes its database on its very first start
        time_command(commands["kiosk"], env)
        for name, args in commands.items():
            timed = [time_command(args, env) for _ in range(runs)]
            figures[f"{name}_s"] = _median([t["s"] for t in timed])
            figures[f"{name}_cpu_s"] = _median([t["cpu_s"] for t in timed])
            if name in ("kiosk", "wall"):
                figures[f"{name}_drawn_s"] = _median([t["drawn_s"] for t in timed])
    figures["targets"] = TARGETS
    figures["passed"] = all(judged(figures, name) <= limit for name, limit in TARGETS.items())
    return figures


def judged(figures: dict[str, Any], name: str) -> float:
    """The figure held against the target: the drawn time where the command tells it."""
    drawn = figures.get(f"{name}_drawn_s")
    return float(drawn if drawn is not None else figures[f"{name}_s"])


def report(f: dict[str, Any]) -> str:
    """A table a person can read."""
    lines = [
        f"{'figure (median of ' + str(f['runs']) + ')':<36}{'value':>8}{'cpu':>8}   target",
    ]
    for name, limit in TARGETS.items():
        value = judged(f, name)
        cpu = f[f"{name}_cpu_s"]
        verdict = "ok" if value <= limit else "BELOW TARGET"
        cpu_text = "-" if cpu is None else f"{cpu:.2f}"
        lines.append(f"{WHAT[name]:<36}{value:>7.2f}s{cpu_text:>7}s   <= {limit} s  {verdict}")
        if f.get(f"{name}_drawn_s") is not None:
            lines.append(f"{'  (the process, to exit)':<36}{f[f'{name}_s']:>7.2f}s")
    return "\n".join(lines)
