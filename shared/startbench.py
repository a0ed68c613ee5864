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
from typing import Literal, TypedDict

Command = Literal["version", "help", "kiosk", "wall"]


class Timed(TypedDict):
    """One run of a command: wall-clock and CPU seconds, and when it said it had drawn."""

    s: float
    cpu_s: float | None
    drawn_s: float | None


class Figures(TypedDict):
    """What :func:`run` measured: medians of seconds (``zuil bench start --json``)."""

    runs: int
    version_s: float | None
    version_cpu_s: float | None
    help_s: float | None
    help_cpu_s: float | None
    kiosk_s: float | None
    kiosk_cpu_s: float | None
    kiosk_drawn_s: float | None
    wall_s: float | None
    wall_cpu_s: float | None
    wall_drawn_s: float | None
    targets: dict[Command, float]
    passed: bool


TARGETS: dict[Command, float] = {"version": 0.3, "help": 0.3, "kiosk": 1.5, "wall": 1.0}
WHAT: dict[Command, str] = {
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


def time_command(args: list[str], env: dict[str, str]) -> Timed:
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


def run(quick: bool = False) -> Figures:
    """Every start-up figure, with targets."""
    runs = 2 if quick else 5
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONIOENCODING": "utf-8"}
    with tempfile.TemporaryDirectory(prefix="zuil-bench-start-") as folder:
        commands: dict[Command, list[str]] = {
            "version": ["--version"],
            "help": ["--help"],
            "kiosk": ["kiosk", "--selftest", "--data", str(Path(folder))],
            "wall": ["wall", "--selftest"],
        }
        # once unmeasured: the pillar makes its database on its very first start
        time_command(commands["kiosk"], env)
        timed = {
            name: [time_command(args, env) for _ in range(runs)] for name, args in commands.items()
        }

    def median(name: Command, figure: Literal["s", "cpu_s", "drawn_s"]) -> float | None:
        return _median([t[figure] for t in timed[name]])

    figures: Figures = {
        "runs": runs,
        "version_s": median("version", "s"),
        "version_cpu_s": median("version", "cpu_s"),
        "help_s": median("help", "s"),
        "help_cpu_s": median("help", "cpu_s"),
        "kiosk_s": median("kiosk", "s"),
        "kiosk_cpu_s": median("kiosk", "cpu_s"),
        "kiosk_drawn_s": median("kiosk", "drawn_s"),
        "wall_s": median("wall", "s"),
        "wall_cpu_s": median("wall", "cpu_s"),
        "wall_drawn_s": median("wall", "drawn_s"),
        "targets": TARGETS,
        "passed": False,
    }
    figures["passed"] = all(judged(figures, name) <= limit for name, limit in TARGETS.items())
    return figures


def _seconds(f: Figures, name: Command) -> tuple[float | None, float | None, float | None]:
    """A command's median seconds to exit, CPU seconds and seconds to its first drawing."""
    match name:
        case "version":
            return f["version_s"], f["version_cpu_s"], None
        case "help":
            return f["help_s"], f["help_cpu_s"], None
        case "kiosk":
            return f["kiosk_s"], f["kiosk_cpu_s"], f["kiosk_drawn_s"]
        case "wall":
            return f["wall_s"], f["wall_cpu_s"], f["wall_drawn_s"]


def judged(figures: Figures, name: Command) -> float:
    """The figure held against the target: the drawn time where the command tells it."""
    seconds, _, drawn = _seconds(figures, name)
    held = drawn if drawn is not None else seconds
    if held is None:
        raise ValueError(f"no time for {name}")
    return held


def report(f: Figures) -> str:
    """A table a person can read."""
    lines = [
        f"{'figure (median of ' + str(f['runs']) + ')':<36}{'value':>8}{'cpu':>8}   target",
    ]
    for name, limit in TARGETS.items():
        value = judged(f, name)
        seconds, cpu, drawn = _seconds(f, name)
        verdict = "ok" if value <= limit else "BELOW TARGET"
        cpu_text = "-" if cpu is None else f"{cpu:.2f}"
        lines.append(f"{WHAT[name]:<36}{value:>7.2f}s{cpu_text:>7}s   <= {limit} s  {verdict}")
        if drawn is not None and seconds is not None:
            lines.append(f"{'  (the process, to exit)':<36}{seconds:>7.2f}s")
    return "\n".join(lines)
