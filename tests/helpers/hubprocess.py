"""A real ``zuil hub`` process on 127.0.0.1, with its log kept for the test to read."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from shared.datadir import DataDir

REPO = Path(__file__).resolve().parents[2]
# the hub's access log: "<time> INFO zuil.hub.access: GET /api/wall 200 1.2ms"
_ACCESS = re.compile(r" zuil\.hub\.access: (\S+) (\S+) (\d{3}) ")
# a log record starts with its time; the lines after it (a traceback) belong to it
_RECORD = re.compile(r"^(?=\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)", re.MULTILINE)
# the last line of a traceback: "package.module.SomeError: message"
_RAISED = re.compile(r"^[\w.]*(Error|Exception|Interrupt|Exit)\b")


def zuil(*args: str) -> list[str]:
    """The ``zuil`` command line, run from this checkout."""
    return [sys.executable, "-m", "shared", *args]


def env() -> dict[str, str]:
    """The environment for a ``zuil`` subprocess: this checkout's code, unbuffered output."""
    return {**os.environ, "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1"}


def run_zuil(*args: str) -> str:
    """Run a ``zuil`` command to its end; its stdout."""
    done = subprocess.run(
        zuil(*args), capture_output=True, text=True, check=False, env=env(), timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@dataclass
class HubProcess:
    """A running hub: its address and the file its log goes to."""

    url: str
    log_path: Path

    def log(self) -> str:
        """The hub's log so far."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def access(self) -> list[tuple[str, str, int]]:
        """Every request the hub answered: (method, path, status)."""
        return [(m, p, int(s)) for m, p, s in _ACCESS.findall(self.log())]

    def trouble(self) -> list[str]:
        """What the log says went wrong: see :func:`trouble_in`."""
        return trouble_in(self.log())


def trouble_in(log: str) -> list[str]:
    """What a ``zuil -v`` log says went wrong: errors (with their exception), tracebacks, 5xx.

    Each entry is one log record: its first line and, for a traceback, the
    exception it ended in.
    """
    found = []
    for record in _RECORD.split(log):
        lines = record.strip("\n").splitlines()
        if not lines:
            continue
        access = _ACCESS.search(lines[0])
        if (
            " ERROR " in lines[0]
            or " CRITICAL " in lines[0]
            or any(line.startswith("Traceback") for line in lines)
            or (access is not None and int(access.group(3)) >= 500)
        ):
            raised = [n for n, line in enumerate(lines) if _RAISED.match(line)]
            cause = lines[raised[-1] : raised[-1] + 6] if raised else []
            found.append("\n".join([lines[0], *cause]))
    return found


@asynccontextmanager
async def hub_process(
    data: DataDir, log_path: Path, extra: Sequence[str] = ()
) -> AsyncIterator[HubProcess]:
    """Serve ``data`` with ``zuil -v hub --port 0`` (every request in its log) until the end.

    The log goes to a file rather than a pipe: a pipe nobody reads fills up and
    stops the hub mid-day.
    """
    with log_path.open("wb") as err:
        process = await asyncio.create_subprocess_exec(
            *zuil("-v", "hub", "--port", "0", "--data", str(data.root), *extra),
            stdout=asyncio.subprocess.PIPE,
            stderr=err,
            env=env(),
        )
    try:
        assert process.stdout is not None
        line = (await asyncio.wait_for(process.stdout.readline(), 60)).decode()
        assert " on http" in line, f"the hub did not start: {line!r}\n{log_path.read_text()}"
        yield HubProcess(url=line.rsplit(" ", 1)[-1].strip(), log_path=log_path)
    finally:
        if process.returncode is None:
            process.terminate()
            try:
                await asyncio.wait_for(process.wait(), 30)
            except TimeoutError:
                process.kill()
                await process.wait()
